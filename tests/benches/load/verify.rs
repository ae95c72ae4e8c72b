//! After a fault: every intake that was acknowledged with success, looked
//! up in the database the server used, with its photos read back from the
//! store, its timeline, its outbox messages and its four deadlines.

use std::{collections::HashMap, path::Path};

use entities::{case, case_event, deadline, outbox, photo};
use sea_orm::{ColumnTrait, Database, EntityTrait, QueryFilter};
use uuid::Uuid;
use zainab_api::photos::{Variant, variant_key};

use crate::clients::Intake;

#[derive(Default, Debug)]
pub struct Found {
    pub acknowledged: usize,
    pub found: usize,
    pub photos_read: usize,
    /// What was missing, one line a case.
    pub lost: Vec<String>,
}

pub async fn check(database_url: &str, storage: &Path, intakes: &[Intake]) -> Found {
    let db = Database::connect(database_url).await.expect("the database");
    let mut found = Found {
        acknowledged: intakes.len(),
        ..Found::default()
    };
    for chunk in intakes.chunks(200) {
        let ids: Vec<Uuid> = chunk
            .iter()
            .map(|i| i.case_id.parse().expect("a case id"))
            .collect();
        let cases: Vec<Uuid> = case::Entity::find()
            .filter(case::Column::Id.is_in(ids.clone()))
            .all(&db)
            .await
            .expect("cases")
            .into_iter()
            .map(|c| c.id)
            .collect();
        let photos = group(
            photo::Entity::find()
                .filter(photo::Column::CaseId.is_in(ids.clone()))
                .all(&db)
                .await
                .expect("photos"),
            |p| p.case_id,
        );
        let events = group(
            case_event::Entity::find()
                .filter(case_event::Column::CaseId.is_in(ids.clone()))
                .all(&db)
                .await
                .expect("events"),
            |e| e.case_id,
        );
        let messages = group(
            outbox::Entity::find()
                .filter(outbox::Column::CaseId.is_in(ids.clone()))
                .all(&db)
                .await
                .expect("outbox"),
            |m| m.case_id.unwrap_or_default(),
        );
        let deadlines = group(
            deadline::Entity::find()
                .filter(deadline::Column::CaseId.is_in(ids.clone()))
                .all(&db)
                .await
                .expect("deadlines"),
            |d| d.case_id,
        );
        for (intake, id) in chunk.iter().zip(&ids) {
            let mut missing = Vec::new();
            if !cases.contains(id) {
                missing.push("case".to_owned());
            }
            let case_photos = photos.get(id).map_or(&[][..], Vec::as_slice);
            if case_photos.len() < intake.photos {
                missing.push(format!(
                    "{} of {} photos",
                    intake.photos - case_photos.len(),
                    intake.photos
                ));
            }
            for photo in case_photos {
                for variant in [Variant::Original, Variant::Display, Variant::Thumbnail] {
                    let path = storage.join(variant_key(photo.id, variant));
                    match std::fs::read(&path) {
                        Ok(bytes) if image::load_from_memory(&bytes).is_ok() => {
                            found.photos_read += 1
                        }
                        _ => missing.push(format!("photo {} {}", photo.id, variant.name())),
                    }
                }
            }
            if events.get(id).is_none_or(Vec::is_empty) {
                missing.push("timeline".to_owned());
            }
            if messages.get(id).is_none_or(Vec::is_empty) {
                missing.push("outbox messages".to_owned());
            }
            let count = deadlines.get(id).map_or(0, Vec::len);
            if count != 4 {
                missing.push(format!("deadlines ({count} of 4)"));
            }
            if missing.is_empty() {
                found.found += 1;
            } else {
                found
                    .lost
                    .push(format!("case {id}: missing {}", missing.join(", ")));
            }
        }
    }
    db.close().await.expect("closing");
    found
}

fn group<T>(rows: Vec<T>, key: impl Fn(&T) -> Uuid) -> HashMap<Uuid, Vec<T>> {
    let mut groups: HashMap<Uuid, Vec<T>> = HashMap::new();
    for row in rows {
        groups.entry(key(&row)).or_default().push(row);
    }
    groups
}
