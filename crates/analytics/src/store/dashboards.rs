//! A company's hiring numbers, read from the views over hiring's events (row-level security
//! keeps them to the company the request acts in), and the rollups and refreshes behind them.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::Conn;

/// Which applications a report counts: a company's, maybe one posting's, submitted in a window.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub tenant_id: Uuid,
    pub job_id: Option<Uuid>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

/// The journeys a window selects, as a CTE every report starts from.
const JOURNEYS: &str = "WITH journeys AS (SELECT * FROM analytics.application_journeys \
    WHERE tenant_id = $1 AND ($2::uuid IS NULL OR job_id = $2) \
    AND submitted_at >= coalesce($3, '-infinity'::timestamptz) AND submitted_at < coalesce($4, 'infinity'::timestamptz))";

fn windowed(
    sql: String,
    window: Window,
) -> diesel::query_builder::BoxedSqlQuery<'static, diesel::pg::Pg, diesel::query_builder::SqlQuery> {
    diesel::sql_query(sql)
        .into_boxed()
        .bind::<SqlUuid, _>(window.tenant_id)
        .bind::<Nullable<SqlUuid>, _>(window.job_id)
        .bind::<Nullable<Timestamptz>, _>(window.since)
        .bind::<Nullable<Timestamptz>, _>(window.until)
}

#[derive(Debug, QueryableByName)]
pub struct Outcomes {
    #[diesel(sql_type = BigInt)]
    pub applications: i64,
    #[diesel(sql_type = BigInt)]
    pub active: i64,
    #[diesel(sql_type = BigInt)]
    pub hired: i64,
    #[diesel(sql_type = BigInt)]
    pub rejected: i64,
    #[diesel(sql_type = BigInt)]
    pub withdrawn: i64,
}

pub async fn outcomes(conn: &mut Conn, window: Window) -> QueryResult<Outcomes> {
    let sql = format!(
        "{JOURNEYS} SELECT count(*) AS applications, count(*) FILTER (WHERE current_status = 'active') AS active, \
         count(*) FILTER (WHERE hired_at IS NOT NULL) AS hired, \
         count(*) FILTER (WHERE current_status = 'rejected') AS rejected, \
         count(*) FILTER (WHERE current_status = 'withdrawn') AS withdrawn FROM journeys"
    );
    windowed(sql, window).get_result(conn).await
}

#[derive(Debug, QueryableByName)]
pub struct StageRow {
    #[diesel(sql_type = Text)]
    pub stage: String,
    #[diesel(sql_type = BigInt)]
    pub reached: i64,
    #[diesel(sql_type = BigInt)]
    pub current: i64,
}

/// How many applications reached each stage, and how many are in it now; the funnel's order
/// (most reached first).
pub async fn stages(conn: &mut Conn, window: Window) -> QueryResult<Vec<StageRow>> {
    let sql = format!(
        "{JOURNEYS} SELECT stage, count(*) AS reached, \
         count(*) FILTER (WHERE stage = current_stage AND current_status = 'active') AS current \
         FROM journeys, unnest(stages_reached) AS stage WHERE stage IS NOT NULL \
         GROUP BY stage ORDER BY reached DESC, stage"
    );
    windowed(sql, window).load(conn).await
}

#[derive(Debug, QueryableByName)]
pub struct Durations {
    #[diesel(sql_type = BigInt)]
    pub count: i64,
    #[diesel(sql_type = Nullable<Double>)]
    pub average: Option<f64>,
    #[diesel(sql_type = Nullable<Double>)]
    pub median: Option<f64>,
    #[diesel(sql_type = Nullable<Double>)]
    pub p90: Option<f64>,
}

/// Days from submission to hire, over the hires of the window's applications.
pub async fn time_to_hire(conn: &mut Conn, window: Window) -> QueryResult<Durations> {
    let sql = format!(
        "{JOURNEYS}, days AS (SELECT extract(epoch FROM hired_at - submitted_at)::double precision / 86400 AS d \
         FROM journeys WHERE hired_at IS NOT NULL) \
         SELECT count(*) AS count, avg(d) AS average, percentile_cont(0.5) WITHIN GROUP (ORDER BY d) AS median, \
         percentile_cont(0.9) WITHIN GROUP (ORDER BY d) AS p90 FROM days"
    );
    windowed(sql, window).get_result(conn).await
}

#[derive(Debug, QueryableByName)]
pub struct StageTime {
    #[diesel(sql_type = Text)]
    pub stage: String,
    #[diesel(sql_type = BigInt)]
    pub stays: i64,
    #[diesel(sql_type = Nullable<Double>)]
    pub average_hours: Option<f64>,
    #[diesel(sql_type = Nullable<Double>)]
    pub median_hours: Option<f64>,
}

/// Hours spent in each stage, over the stays of the window's applications that ended.
pub async fn time_in_stage(conn: &mut Conn, window: Window) -> QueryResult<Vec<StageTime>> {
    let sql = format!(
        "{JOURNEYS}, hours AS (SELECT s.stage, extract(epoch FROM s.left_at - s.entered_at)::double precision / 3600 AS h \
         FROM analytics.stage_stays s JOIN journeys j USING (tenant_id, application_id) \
         WHERE s.left_at IS NOT NULL AND s.stage IS NOT NULL) \
         SELECT stage, count(*) AS stays, avg(h) AS average_hours, \
         percentile_cont(0.5) WITHIN GROUP (ORDER BY h) AS median_hours FROM hours GROUP BY stage ORDER BY stays DESC, stage"
    );
    windowed(sql, window).load(conn).await
}

/// Days from a posting's first publication to its first hire, over the postings first published
/// in the window (the window's `job_id` narrows it to one).
pub async fn time_to_fill(conn: &mut Conn, window: Window) -> QueryResult<(Durations, i64)> {
    #[derive(QueryableByName)]
    struct Open {
        #[diesel(sql_type = BigInt)]
        open: i64,
    }
    let fills = "WITH fills AS (SELECT * FROM analytics.job_fills WHERE tenant_id = $1 \
        AND ($2::uuid IS NULL OR job_id = $2) AND published_at >= coalesce($3, '-infinity'::timestamptz) \
        AND published_at < coalesce($4, 'infinity'::timestamptz))";
    let sql = format!(
        "{fills}, days AS (SELECT extract(epoch FROM first_hire_at - published_at)::double precision / 86400 AS d \
         FROM fills WHERE first_hire_at IS NOT NULL) \
         SELECT count(*) AS count, avg(d) AS average, percentile_cont(0.5) WITHIN GROUP (ORDER BY d) AS median, \
         percentile_cont(0.9) WITHIN GROUP (ORDER BY d) AS p90 FROM days"
    );
    let filled: Durations = windowed(sql, window).get_result(conn).await?;
    let open: Open =
        windowed(format!("{fills} SELECT count(*) AS open FROM fills WHERE first_hire_at IS NULL"), window)
            .get_result(conn)
            .await?;
    Ok((filled, open.open))
}

#[derive(Debug, QueryableByName)]
pub struct SourceRow {
    #[diesel(sql_type = Text)]
    pub source: String,
    #[diesel(sql_type = BigInt)]
    pub applications: i64,
    #[diesel(sql_type = BigInt)]
    pub hires: i64,
}

pub async fn sources(conn: &mut Conn, window: Window) -> QueryResult<Vec<SourceRow>> {
    let sql = format!(
        "{JOURNEYS} SELECT source, count(*) AS applications, count(*) FILTER (WHERE hired_at IS NOT NULL) AS hires \
         FROM journeys GROUP BY source ORDER BY applications DESC, source"
    );
    windowed(sql, window).load(conn).await
}

/// Recounts `granularity` ('hour' or 'day') buckets of events in [from, to), for everyone and per
/// company; returns the rows written.
pub async fn roll_up(conn: &mut Conn, granularity: &str, from: DateTime<Utc>, to: DateTime<Utc>) -> QueryResult<usize> {
    diesel::sql_query(
        "INSERT INTO analytics.metrics (granularity, bucket_start, scope, tenant_id, name, events, actors, computed_at) \
         SELECT $1, date_trunc($1, occurred_at, 'UTC'), CASE WHEN grouping(tenant_id) = 1 THEN 'all' ELSE 'tenant' END, \
         tenant_id, name, count(*), count(DISTINCT actor_key), now() \
         FROM analytics.events WHERE occurred_at >= $2 AND occurred_at < $3 \
         GROUP BY GROUPING SETS ((date_trunc($1, occurred_at, 'UTC'), name), \
                                 (date_trunc($1, occurred_at, 'UTC'), name, tenant_id)) \
         HAVING grouping(tenant_id) = 1 OR tenant_id IS NOT NULL \
         ON CONFLICT (granularity, bucket_start, scope, tenant_id, name) \
         DO UPDATE SET events = EXCLUDED.events, actors = EXCLUDED.actors, computed_at = EXCLUDED.computed_at",
    )
    .bind::<Text, _>(granularity)
    .bind::<Timestamptz, _>(from)
    .bind::<Timestamptz, _>(to)
    .execute(conn)
    .await
}

pub async fn refresh_views(conn: &mut Conn) -> QueryResult<()> {
    diesel::sql_query("SELECT analytics.refresh_views()").execute(conn).await.map(drop)
}
