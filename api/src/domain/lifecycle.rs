//! The lifecycle of a case: which steps exist, which status each leads to,
//! and who may take it.
//!
//! reported → acknowledged → reporter contacted → FIR registered → under
//! investigation → recovered | found deceased | closed. An outcome can be
//! reached from any open status (a child may come home within the hour); a
//! final case can be reopened; an open case can be transferred.

use async_graphql::Enum;
use entities::{CaseStatus, UserRole, case};

use super::actor::Actor;

/// A step someone can take on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Enum)]
pub enum CaseAction {
    Acknowledge,
    RecordReporterContact,
    RegisterFir,
    StartInvestigation,
    MarkRecovered,
    MarkFoundDeceased,
    /// Police close a case as duplicate, false report or withdrawn.
    Close,
    /// The reporter withdraws their own report.
    Withdraw,
    Reopen,
    Transfer,
    AddNote,
    /// Add a note the reporter can read.
    AddReporterNote,
    /// Police put the case on the public register.
    Publish,
    /// Police take the case off the public register.
    Unpublish,
}

impl CaseAction {
    pub const ALL: [CaseAction; 14] = [
        Self::Acknowledge,
        Self::RecordReporterContact,
        Self::RegisterFir,
        Self::StartInvestigation,
        Self::MarkRecovered,
        Self::MarkFoundDeceased,
        Self::Close,
        Self::Withdraw,
        Self::Reopen,
        Self::Transfer,
        Self::AddNote,
        Self::AddReporterNote,
        Self::Publish,
        Self::Unpublish,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Acknowledge => "acknowledge",
            Self::RecordReporterContact => "record_reporter_contact",
            Self::RegisterFir => "register_fir",
            Self::StartInvestigation => "start_investigation",
            Self::MarkRecovered => "mark_recovered",
            Self::MarkFoundDeceased => "mark_found_deceased",
            Self::Close => "close",
            Self::Withdraw => "withdraw",
            Self::Reopen => "reopen",
            Self::Transfer => "transfer",
            Self::AddNote => "add_note",
            Self::AddReporterNote => "add_reporter_note",
            Self::Publish => "publish",
            Self::Unpublish => "unpublish",
        }
    }
}

/// The status a step leads to from `current`; `Ok(None)` for steps that
/// leave the status alone; `Err` with a message when the step is illegal now.
pub fn next_status(
    current: CaseStatus,
    action: CaseAction,
    has_fir: bool,
) -> Result<Option<CaseStatus>, String> {
    use CaseAction as A;
    use CaseStatus as S;
    let open = !current.is_final();
    let target = match action {
        A::Acknowledge if current == S::Reported => S::Acknowledged,
        A::RecordReporterContact if current == S::Acknowledged => S::ReporterContacted,
        A::RegisterFir if current == S::ReporterContacted => S::FirRegistered,
        A::StartInvestigation if current == S::FirRegistered => S::UnderInvestigation,
        A::MarkRecovered if open => S::Recovered,
        A::MarkFoundDeceased if open => S::FoundDeceased,
        A::Close | A::Withdraw if open => S::Closed,
        A::Reopen if !open && has_fir => S::UnderInvestigation,
        A::Reopen if !open => S::Acknowledged,
        A::Transfer if open => return Ok(None),
        A::AddNote | A::AddReporterNote => return Ok(None),
        A::Publish | A::Unpublish if open => return Ok(None),
        _ => {
            return Err(format!(
                "cannot {} a case that is {}",
                action.name().replace('_', " "),
                status_words(current)
            ));
        }
    };
    Ok(Some(target))
}

pub fn status_words(status: CaseStatus) -> &'static str {
    match status {
        CaseStatus::Reported => "reported",
        CaseStatus::Acknowledged => "acknowledged",
        CaseStatus::ReporterContacted => "reporter contacted",
        CaseStatus::FirRegistered => "FIR registered",
        CaseStatus::UnderInvestigation => "under investigation",
        CaseStatus::Recovered => "recovered",
        CaseStatus::FoundDeceased => "found deceased",
        CaseStatus::Closed => "closed",
    }
}

/// Whether `actor` may take `action` on `case`. The case was loaded through
/// the actor's scope, but the jurisdiction is checked again here so that the
/// rule stands on its own.
pub fn may_take(actor: &Actor, case: &case::Model, action: CaseAction) -> bool {
    let same = |mine: &Option<String>, theirs: &str| mine.as_deref() == Some(theirs);
    let police_here = match actor.role {
        UserRole::DistrictPolice => same(&actor.district_id, &case.district_id),
        UserRole::RegionalPolice => same(&actor.region_id, &case.region_id),
        _ => false,
    };
    let oversight_here = match actor.role {
        UserRole::ProvincialOversight => same(&actor.province_id, &case.province_id),
        UserRole::Ministry => true,
        _ => false,
    };
    let reporter = actor.role == UserRole::Citizen && case.reporter_user_id == Some(actor.user_id);

    match action {
        CaseAction::Acknowledge
        | CaseAction::RecordReporterContact
        | CaseAction::RegisterFir
        | CaseAction::StartInvestigation
        | CaseAction::MarkRecovered
        | CaseAction::MarkFoundDeceased
        | CaseAction::Close
        | CaseAction::AddReporterNote
        | CaseAction::Publish
        | CaseAction::Unpublish => police_here,
        CaseAction::Withdraw => reporter,
        CaseAction::Reopen | CaseAction::Transfer | CaseAction::AddNote => {
            police_here || oversight_here
        }
    }
}

/// The steps `actor` may take on `case` now.
pub fn allowed_actions(actor: &Actor, case: &case::Model) -> Vec<CaseAction> {
    CaseAction::ALL
        .into_iter()
        .filter(|&action| {
            may_take(actor, case, action)
                && next_status(case.status, action, case.fir_number.is_some()).is_ok()
                && publication_fits(case, action)
        })
        .collect()
}

/// Publishing is offered only for a case the register may show and that is
/// not on it; taking off only for one that is (see `domain::publication`).
fn publication_fits(case: &case::Model, action: CaseAction) -> bool {
    match action {
        CaseAction::Publish => {
            case.published_at.is_none()
                && case.publish_consent
                && case.kind != entities::CaseKind::ChildAbuse
        }
        CaseAction::Unpublish => case.published_at.is_some(),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseAction as A;
    use CaseStatus as S;

    #[test]
    fn the_happy_path_moves_one_step_at_a_time() {
        assert_eq!(
            next_status(S::Reported, A::Acknowledge, false),
            Ok(Some(S::Acknowledged))
        );
        assert_eq!(
            next_status(S::Acknowledged, A::RecordReporterContact, false),
            Ok(Some(S::ReporterContacted))
        );
        assert_eq!(
            next_status(S::ReporterContacted, A::RegisterFir, false),
            Ok(Some(S::FirRegistered))
        );
        assert_eq!(
            next_status(S::FirRegistered, A::StartInvestigation, true),
            Ok(Some(S::UnderInvestigation))
        );
        assert_eq!(
            next_status(S::UnderInvestigation, A::MarkRecovered, true),
            Ok(Some(S::Recovered))
        );
    }

    #[test]
    fn steps_cannot_be_skipped_or_repeated() {
        assert!(next_status(S::Reported, A::RegisterFir, false).is_err());
        assert!(next_status(S::Acknowledged, A::Acknowledge, false).is_err());
        assert!(next_status(S::Reported, A::StartInvestigation, false).is_err());
        assert!(next_status(S::Recovered, A::Close, false).is_err());
        assert!(next_status(S::Closed, A::Transfer, false).is_err());
        assert!(next_status(S::Acknowledged, A::Reopen, false).is_err());
    }

    #[test]
    fn an_outcome_can_come_at_any_open_status() {
        for status in [
            S::Reported,
            S::Acknowledged,
            S::ReporterContacted,
            S::FirRegistered,
            S::UnderInvestigation,
        ] {
            assert_eq!(
                next_status(status, A::MarkRecovered, false),
                Ok(Some(S::Recovered))
            );
            assert_eq!(next_status(status, A::Withdraw, false), Ok(Some(S::Closed)));
        }
    }

    #[test]
    fn reopening_returns_to_investigation_only_when_an_fir_exists() {
        assert_eq!(
            next_status(S::Closed, A::Reopen, true),
            Ok(Some(S::UnderInvestigation))
        );
        assert_eq!(
            next_status(S::Recovered, A::Reopen, false),
            Ok(Some(S::Acknowledged))
        );
    }
}
