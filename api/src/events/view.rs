//! Who gets to see which event, and how it reads to them: the reporter's
//! stream carries status changes and notes meant for the reporter; a scope
//! feed carries everything in the subscriber's jurisdiction, checked with
//! the same [`CaseScope`] as every case query, event by event.

use async_graphql::Enum;
use entities::{CaseEventKind, UserRole, event};

use crate::{
    domain::{actor::Actor, scope::CaseScope},
    error::{ApiError, ApiResult},
    state::AppState,
};

/// Whether an event belongs in the reporter's stream of its case: status
/// changes always, anything else only with a note visible to the reporter.
pub fn for_reporter(event: &event::Model) -> bool {
    match event.kind {
        CaseEventKind::Filed
        | CaseEventKind::StatusChanged
        | CaseEventKind::Reopened
        | CaseEventKind::PhotoAdded
        | CaseEventKind::PhotoRemoved
        | CaseEventKind::Published
        | CaseEventKind::Unpublished
        | CaseEventKind::Merged
        | CaseEventKind::Unmerged => true,
        CaseEventKind::Note | CaseEventKind::Transferred => {
            event.visible_to_reporter && event.note.is_some()
        }
        // Escalations stay inside the chain of command; tips from the public
        // are for the police to weigh first.
        CaseEventKind::Escalated
        | CaseEventKind::Sighting
        | CaseEventKind::SightingAssessed
        | CaseEventKind::MatchProposed
        | CaseEventKind::MatchDecided => false,
    }
}

/// How an event reads in a scope feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum FeedEventKind {
    /// A case was filed in the scope.
    CaseFiled,
    StatusChanged,
    Reopened,
    Note,
    /// Moved between two districts that both lie in the scope.
    Transferred,
    /// Moved into the scope from outside: new to this feed.
    TransferredIn,
    /// Moved out of the scope: no longer this feed's case.
    TransferredAway,
    /// A missed deadline climbed a rung of the chain of command.
    Escalated,
    PhotoAdded,
    PhotoRemoved,
    /// Put on the public register.
    Published,
    /// Taken off the public register.
    Unpublished,
    /// Someone reported seeing the child.
    Sighting,
    SightingAssessed,
    /// The face worker proposed a found child or a sighting as a match.
    MatchProposed,
    /// Police decided a proposed match.
    MatchDecided,
}

/// The jurisdiction one scope feed follows.
#[derive(Debug, Clone)]
pub struct Feed {
    scope: CaseScope,
    /// Narrowed to one district of the scope, when the subscriber asked.
    district: Option<String>,
}

impl Feed {
    /// The feed `actor` may follow, narrowed to `district_id` if given.
    /// Only police, provincial oversight and the ministry have one.
    pub fn open(
        state: &AppState,
        actor: Option<&Actor>,
        district_id: Option<&str>,
    ) -> ApiResult<Self> {
        let actor = actor.ok_or(ApiError::Unauthenticated("sign in first"))?;
        let allowed = matches!(
            actor.role,
            UserRole::DistrictPolice
                | UserRole::RegionalPolice
                | UserRole::ProvincialOversight
                | UserRole::Ministry
        );
        let scope = CaseScope::of(Some(actor));
        if !allowed || scope == CaseScope::Nothing {
            tracing::info!(user.id = %actor.user_id, user.role = actor.role_name(), "refused scope feed: role has none");
            return Err(ApiError::Forbidden("your role has no case feed"));
        }
        let district = match district_id.map(str::trim) {
            None => None,
            Some(id) => {
                let district = state
                    .geo
                    .district(id)
                    .ok_or_else(|| ApiError::bad_input("districtId", "no such district"))?;
                if !covers(
                    &scope,
                    &district.id,
                    &district.region_id,
                    &district.province_id,
                ) {
                    tracing::info!(user.id = %actor.user_id, user.role = actor.role_name(), district.id = %district.id, "refused scope feed: district outside jurisdiction");
                    return Err(ApiError::Forbidden(
                        "this district lies outside your jurisdiction",
                    ));
                }
                Some(district.id.clone())
            }
        };
        Ok(Self { scope, district })
    }

    /// How `event` reads in this feed, or `None` if it does not belong.
    pub fn sees(&self, event: &event::Model) -> Option<FeedEventKind> {
        let now_in = self.contains(&event.district_id, &event.region_id, &event.province_id);
        if event.kind == CaseEventKind::Transferred {
            let was_in = match (
                &event.from_district_id,
                &event.from_region_id,
                &event.from_province_id,
            ) {
                (Some(district), Some(region), Some(province)) => {
                    self.contains(district, region, province)
                }
                _ => false,
            };
            return match (was_in, now_in) {
                (true, true) => Some(FeedEventKind::Transferred),
                (false, true) => Some(FeedEventKind::TransferredIn),
                (true, false) => Some(FeedEventKind::TransferredAway),
                (false, false) => None,
            };
        }
        now_in.then_some(match event.kind {
            CaseEventKind::Filed => FeedEventKind::CaseFiled,
            // A merge and its undoing move the status of the duplicate.
            CaseEventKind::StatusChanged | CaseEventKind::Merged | CaseEventKind::Unmerged => {
                FeedEventKind::StatusChanged
            }
            CaseEventKind::Reopened => FeedEventKind::Reopened,
            CaseEventKind::Note | CaseEventKind::Transferred => FeedEventKind::Note,
            CaseEventKind::Escalated => FeedEventKind::Escalated,
            CaseEventKind::PhotoAdded => FeedEventKind::PhotoAdded,
            CaseEventKind::PhotoRemoved => FeedEventKind::PhotoRemoved,
            CaseEventKind::Published => FeedEventKind::Published,
            CaseEventKind::Unpublished => FeedEventKind::Unpublished,
            CaseEventKind::Sighting => FeedEventKind::Sighting,
            CaseEventKind::SightingAssessed => FeedEventKind::SightingAssessed,
            CaseEventKind::MatchProposed => FeedEventKind::MatchProposed,
            CaseEventKind::MatchDecided => FeedEventKind::MatchDecided,
        })
    }

    fn contains(&self, district: &str, region: &str, province: &str) -> bool {
        covers(&self.scope, district, region, province)
            && self.district.as_deref().is_none_or(|only| only == district)
    }
}

/// Whether a place lies in `scope`; the in-memory twin of
/// [`CaseScope::condition`] for the jurisdiction scopes.
fn covers(scope: &CaseScope, district: &str, region: &str, province: &str) -> bool {
    match scope {
        CaseScope::All => true,
        CaseScope::Province(id) => id == province,
        CaseScope::Region(id) => id == region,
        CaseScope::District(id) => id == district,
        CaseScope::ReportedBy(_) | CaseScope::FiledBy(_) | CaseScope::Nothing => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transfer(from: (&str, &str, &str), to: (&str, &str, &str)) -> event::Model {
        event::Model {
            id: 1,
            at: chrono::Utc::now(),
            kind: CaseEventKind::Transferred,
            case_id: uuid::Uuid::now_v7(),
            case_number: "ZA-2026-000001".to_owned(),
            from_status: None,
            to_status: None,
            note: Some("closer to where she was seen".to_owned()),
            visible_to_reporter: false,
            actor_role: Some(UserRole::DistrictPolice),
            district_id: to.0.to_owned(),
            region_id: to.1.to_owned(),
            province_id: to.2.to_owned(),
            from_district_id: Some(from.0.to_owned()),
            from_region_id: Some(from.1.to_owned()),
            from_province_id: Some(from.2.to_owned()),
        }
    }

    fn feed(scope: CaseScope) -> Feed {
        Feed {
            scope,
            district: None,
        }
    }

    #[test]
    fn a_transfer_reads_as_away_in_the_old_district_and_in_in_the_new() {
        let event = transfer(("lahore", "r-lhr", "PB"), ("kasur", "r-lhr", "PB"));

        let old = feed(CaseScope::District("lahore".into())).sees(&event);
        let new = feed(CaseScope::District("kasur".into())).sees(&event);
        let region = feed(CaseScope::Region("r-lhr".into())).sees(&event);
        let elsewhere = feed(CaseScope::District("karachi".into())).sees(&event);

        assert_eq!(old, Some(FeedEventKind::TransferredAway));
        assert_eq!(new, Some(FeedEventKind::TransferredIn));
        assert_eq!(region, Some(FeedEventKind::Transferred));
        assert_eq!(elsewhere, None);
    }

    #[test]
    fn a_feed_narrowed_to_one_district_ignores_the_rest_of_its_region() {
        let event = transfer(("lahore", "r-lhr", "PB"), ("kasur", "r-lhr", "PB"));
        let narrowed = Feed {
            scope: CaseScope::Region("r-lhr".into()),
            district: Some("lahore".into()),
        };

        assert_eq!(narrowed.sees(&event), Some(FeedEventKind::TransferredAway));
    }

    #[test]
    fn internal_notes_stay_out_of_the_reporters_stream() {
        let mut note = transfer(("a", "r", "p"), ("a", "r", "p"));
        note.kind = CaseEventKind::Note;
        assert!(!for_reporter(&note));
        note.visible_to_reporter = true;
        assert!(for_reporter(&note));
    }
}
