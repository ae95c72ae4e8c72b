//! The queue of photos for the face worker. A job is queued in the
//! transaction that adds its photo, then claimed under a lease: on
//! PostgreSQL with `FOR UPDATE SKIP LOCKED`, so that several workers share
//! the queue and none takes a job another holds. A worker that dies leaves
//! its lease to expire, and the next claim takes the job again; a job that
//! keeps failing stops after a few tries with its reason recorded.

use chrono::{DateTime, Duration, Utc};
use entities::{FaceSide, FaceStatus, face_job};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr,
    EntityTrait, ExprTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, LockBehavior, LockType, OnConflict},
};
use uuid::Uuid;

use crate::domain::begin_write;

/// Queues a photo; queuing one twice is a no-op.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    photo_id: Uuid,
    side: FaceSide,
    case_id: Uuid,
) -> Result<(), DbErr> {
    let row = face_job::ActiveModel {
        id: Set(Uuid::now_v7()),
        photo_id: Set(photo_id),
        side: Set(side),
        case_id: Set(case_id),
        status: Set(FaceStatus::Pending),
        attempts: Set(0),
        next_attempt_at: Set(now),
        lease_until: Set(None),
        lease_owner: Set(None),
        last_error: Set(None),
        faces: Set(None),
        created_at: Set(now),
        finished_at: Set(None),
        chosen_face: Set(None),
    };
    face_job::Entity::insert(row)
        .on_conflict(
            OnConflict::column(face_job::Column::PhotoId)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Claims the oldest due job nobody holds, for `lease`, counting the try.
///
/// The row is picked and leased in one transaction, by its id: on
/// PostgreSQL an `UPDATE ... WHERE id IN (SELECT ... LIMIT 1 FOR UPDATE
/// SKIP LOCKED)` may lease more rows than the limit, which would strand
/// the extra ones until their lease expired.
pub async fn claim(
    db: &DatabaseConnection,
    owner: &str,
    now: DateTime<Utc>,
    lease: Duration,
) -> Result<Option<face_job::Model>, DbErr> {
    let free = Condition::any()
        .add(face_job::Column::LeaseUntil.is_null())
        .add(face_job::Column::LeaseUntil.lt(now));
    let txn = begin_write(db).await?;
    let mut due = face_job::Entity::find()
        .select_only()
        .column(face_job::Column::Id)
        .filter(face_job::Column::Status.eq(FaceStatus::Pending))
        .filter(face_job::Column::NextAttemptAt.lte(now))
        .filter(free.clone())
        .order_by_asc(face_job::Column::NextAttemptAt)
        .limit(1);
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        due = due.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let Some(id) = due.into_tuple::<Uuid>().one(&txn).await? else {
        txn.rollback().await?;
        return Ok(None);
    };
    let claimed = face_job::Entity::update_many()
        .col_expr(face_job::Column::LeaseUntil, Expr::value(now + lease))
        .col_expr(face_job::Column::LeaseOwner, Expr::value(owner))
        .col_expr(
            face_job::Column::Attempts,
            Expr::col(face_job::Column::Attempts).add(1),
        )
        .filter(face_job::Column::Id.eq(id))
        .filter(face_job::Column::Status.eq(FaceStatus::Pending))
        .filter(free)
        .exec_with_returning(&txn)
        .await?;
    txn.commit().await?;
    Ok(claimed.into_iter().next())
}

/// Gives back the jobs `owner` holds unfinished, as a stopping worker does:
/// their lease ends now, so another worker takes them at once, and the try
/// cut short does not count against them. Says how many there were.
pub async fn release(db: &impl ConnectionTrait, owner: &str) -> Result<u64, DbErr> {
    let released = face_job::Entity::update_many()
        .col_expr(
            face_job::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            face_job::Column::LeaseOwner,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            face_job::Column::Attempts,
            Expr::col(face_job::Column::Attempts).sub(1),
        )
        .filter(face_job::Column::LeaseOwner.eq(owner))
        .filter(face_job::Column::Status.eq(FaceStatus::Pending))
        .filter(face_job::Column::LeaseUntil.is_not_null())
        .exec(db)
        .await?;
    Ok(released.rows_affected)
}

/// Records the outcome, if `owner` still holds the job; says whether it did.
pub async fn finish(
    db: &impl ConnectionTrait,
    id: Uuid,
    owner: &str,
    status: FaceStatus,
    faces: usize,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let done = face_job::Entity::update_many()
        .col_expr(face_job::Column::Status, Expr::value(status))
        .col_expr(
            face_job::Column::Faces,
            Expr::value(i32::try_from(faces).unwrap_or(i32::MAX)),
        )
        .col_expr(face_job::Column::FinishedAt, Expr::value(now))
        .col_expr(
            face_job::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            face_job::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(face_job::Column::Id.eq(id))
        .filter(face_job::Column::LeaseOwner.eq(owner))
        .filter(face_job::Column::Status.eq(FaceStatus::Pending))
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// Records a failed try: retried at `retry_at`, or given up for good
/// (`Failed`) once `attempts` reached the most allowed.
pub async fn fail(
    db: &impl ConnectionTrait,
    job: &face_job::Model,
    owner: &str,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let error: String = error.chars().take(200).collect();
    let mut update = face_job::Entity::update_many()
        .col_expr(face_job::Column::LastError, Expr::value(error))
        .col_expr(
            face_job::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        );
    update = match retry_at {
        Some(at) => update.col_expr(face_job::Column::NextAttemptAt, Expr::value(at)),
        None => update
            .col_expr(face_job::Column::Status, Expr::value(FaceStatus::Failed))
            .col_expr(face_job::Column::FinishedAt, Expr::value(now)),
    };
    update
        .filter(face_job::Column::Id.eq(job.id))
        .filter(face_job::Column::LeaseOwner.eq(owner))
        .filter(face_job::Column::Status.eq(FaceStatus::Pending))
        .exec(db)
        .await?;
    Ok(())
}

/// The job of a photo, if it was queued.
pub async fn of_photo(
    db: &impl ConnectionTrait,
    photo_id: Uuid,
) -> Result<Option<face_job::Model>, DbErr> {
    face_job::Entity::find()
        .filter(face_job::Column::PhotoId.eq(photo_id))
        .one(db)
        .await
}

/// Whether `owner` still holds the job; touches nothing else. Run inside a
/// write transaction, it keeps others from taking the job until commit.
pub async fn hold(db: &impl ConnectionTrait, id: Uuid, owner: &str) -> Result<bool, DbErr> {
    let held = face_job::Entity::update_many()
        .col_expr(face_job::Column::LeaseOwner, Expr::value(owner))
        .filter(face_job::Column::Id.eq(id))
        .filter(face_job::Column::LeaseOwner.eq(owner))
        .filter(face_job::Column::Status.eq(FaceStatus::Pending))
        .exec(db)
        .await?;
    Ok(held.rows_affected == 1)
}

/// Records the face the uploader picked on a photo of several and queues
/// the photo again, so that the worker keeps that face alone and compares it.
pub async fn choose(
    db: &impl ConnectionTrait,
    photo_id: Uuid,
    face_index: i32,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    face_job::Entity::update_many()
        .col_expr(face_job::Column::ChosenFace, Expr::value(face_index))
        .col_expr(face_job::Column::Status, Expr::value(FaceStatus::Pending))
        .col_expr(face_job::Column::Attempts, Expr::value(0))
        .col_expr(face_job::Column::NextAttemptAt, Expr::value(now))
        .col_expr(
            face_job::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            face_job::Column::FinishedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(face_job::Column::PhotoId.eq(photo_id))
        .exec(db)
        .await?;
    Ok(())
}
