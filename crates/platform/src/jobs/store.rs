//! The queue's SQL on `platform.jobs`, run by workers in transactions scoped to the `system`
//! role (the only one row-level security lets read jobs).

use std::time::Duration;

use diesel::QueryableByName;
use diesel::sql_types::{Array, BigInt, Double, Integer, Jsonb, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::Job;

#[derive(QueryableByName)]
struct ClaimedRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Jsonb)]
    payload: serde_json::Value,
    #[diesel(sql_type = Integer)]
    attempts: i32,
    #[diesel(sql_type = Integer)]
    max_attempts: i32,
}

/// Takes the most urgent queued job of `kinds` that is due, locked for `lock` by `worker`.
pub async fn claim(
    conn: &mut AsyncPgConnection,
    kinds: &[String],
    worker: &str,
    lock: Duration,
) -> diesel::QueryResult<Option<Job>> {
    let row: Option<ClaimedRow> = diesel::sql_query(
        "UPDATE platform.jobs SET status = 'running', attempts = attempts + 1, locked_by = $2, \
                locked_until = now() + make_interval(secs => $3), updated_at = now() \
         WHERE id = (SELECT id FROM platform.jobs \
                     WHERE status = 'queued' AND run_at <= now() AND kind = ANY($1) \
                     ORDER BY priority DESC, run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) \
         RETURNING id, kind, payload, attempts, max_attempts",
    )
    .bind::<Array<Text>, _>(kinds)
    .bind::<Text, _>(worker)
    .bind::<Double, _>(lock.as_secs_f64())
    .get_result(conn)
    .await
    .map(Some)
    .or_else(|error| if error == diesel::result::Error::NotFound { Ok(None) } else { Err(error) })?;
    Ok(row.map(|row| Job {
        id: row.id,
        kind: row.kind,
        payload: row.payload,
        attempt: u32::try_from(row.attempts).unwrap_or(0),
        max_attempts: u32::try_from(row.max_attempts).unwrap_or(1),
    }))
}

/// Done, if `worker` still holds the job (its lock did not expire and pass it to another).
pub async fn complete(conn: &mut AsyncPgConnection, id: Uuid, worker: &str) -> diesel::QueryResult<usize> {
    diesel::sql_query(
        "UPDATE platform.jobs SET status = 'done', finished_at = now(), updated_at = now(), \
                locked_until = NULL, last_error = NULL \
         WHERE id = $1 AND locked_by = $2 AND status = 'running'",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<Text, _>(worker)
    .execute(conn)
    .await
}

/// Queued again after `retry_in`, or dead when `retry_in` is `None`; the error is kept.
pub async fn fail(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    worker: &str,
    error: &str,
    retry_in: Option<Duration>,
) -> diesel::QueryResult<usize> {
    diesel::sql_query(
        "UPDATE platform.jobs SET updated_at = now(), locked_until = NULL, last_error = left($3, 4000), \
                status = CASE WHEN $4 < 0 THEN 'dead' ELSE 'queued' END, \
                finished_at = CASE WHEN $4 < 0 THEN now() END, \
                run_at = CASE WHEN $4 < 0 THEN run_at ELSE now() + make_interval(secs => $4) END \
         WHERE id = $1 AND locked_by = $2 AND status = 'running'",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<Text, _>(worker)
    .bind::<Text, _>(error)
    .bind::<Double, _>(retry_in.map_or(-1.0, |d| d.as_secs_f64()))
    .execute(conn)
    .await
}

/// Running jobs whose lock expired (their worker died or hung): queued again, or dead when they
/// used their last attempt.
pub async fn release_expired(conn: &mut AsyncPgConnection) -> diesel::QueryResult<usize> {
    diesel::sql_query(
        "UPDATE platform.jobs SET updated_at = now(), locked_until = NULL, locked_by = NULL, run_at = now(), \
                last_error = 'the worker stopped or the run outlived its lock', \
                status = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END, \
                finished_at = CASE WHEN attempts >= max_attempts THEN now() END \
         WHERE status = 'running' AND locked_until < now()",
    )
    .execute(conn)
    .await
}

/// Finished jobs older than `keep` are deleted (dead ones stay for people to look at).
pub async fn delete_done(conn: &mut AsyncPgConnection, keep: Duration) -> diesel::QueryResult<usize> {
    diesel::sql_query(
        "DELETE FROM platform.jobs WHERE status = 'done' AND finished_at < now() - make_interval(secs => $1)",
    )
    .bind::<Double, _>(keep.as_secs_f64())
    .execute(conn)
    .await
}

#[derive(QueryableByName, Debug, Clone, PartialEq)]
pub struct KindStats {
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = BigInt)]
    pub queued: i64,
    #[diesel(sql_type = BigInt)]
    pub running: i64,
    #[diesel(sql_type = BigInt)]
    pub dead: i64,
    #[diesel(sql_type = Double)]
    pub oldest_queued_secs: f64,
}

/// Depth, age of the oldest due job and dead jobs per kind, for the metrics.
pub async fn stats(conn: &mut AsyncPgConnection) -> diesel::QueryResult<Vec<KindStats>> {
    diesel::sql_query(
        "SELECT kind, \
                count(*) FILTER (WHERE status = 'queued') AS queued, \
                count(*) FILTER (WHERE status = 'running') AS running, \
                count(*) FILTER (WHERE status = 'dead') AS dead, \
                coalesce(extract(epoch FROM now() - min(run_at) FILTER (WHERE status = 'queued' AND run_at <= now())), 0)::float8 \
                    AS oldest_queued_secs \
         FROM platform.jobs WHERE status <> 'done' GROUP BY kind",
    )
    .load(conn)
    .await
}
