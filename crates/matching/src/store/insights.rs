//! The queries behind career insights: what the published postings for a title ask for and pay.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Nullable, Text};
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};

/// Published postings for one canonical title, optionally in one city.
#[derive(Debug, Clone)]
pub struct Market<'a> {
    pub title: &'a str,
    pub city: Option<&'a str>,
}

/// The SQL that picks the market's postings (`$1` title, `$2` city or null).
const MARKET: &str = "SELECT p.* FROM matching.job_postings p \
    WHERE p.status = 'active' AND (p.expires_at IS NULL OR p.expires_at > now()) \
      AND p.analysis ->> 'normalized_title' = $1 \
      AND ($2::text IS NULL OR lower(p.location_city) = lower($2))";

#[derive(QueryableByName)]
struct Number {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// How many postings the market has.
pub async fn market_size(conn: &mut Conn, market: &Market<'_>) -> QueryResult<i64> {
    let n: Number = diesel::sql_query(format!("SELECT count(*) AS n FROM ({MARKET}) m"))
        .bind::<Text, _>(market.title)
        .bind::<Nullable<Text>, _>(market.city)
        .get_result(conn)
        .await?;
    Ok(n.n)
}

/// A skill the market asks for: how many postings ask for it, and the median monthly pay of
/// those that state one (per currency: the most common currency of the market).
#[derive(Debug, Clone, QueryableByName)]
pub struct DemandedSkill {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = BigInt)]
    pub postings: i64,
    #[diesel(sql_type = BigInt)]
    pub must: i64,
    #[diesel(sql_type = Nullable<Double>)]
    pub median_pay_with: Option<f64>,
}

/// A posting's pay as a monthly amount (hours at 160 a month, years over 12).
const MONTHLY_PAY: &str = "(coalesce((m.salary_min + m.salary_max) / 2, m.salary_min, m.salary_max)::float8 \
    * CASE m.salary_period WHEN 'hour' THEN 160 WHEN 'year' THEN 1.0 / 12 ELSE 1 END)";

/// The skills the market asks for most, in `currency` for the pay, most asked first.
pub async fn demanded_skills(
    conn: &mut Conn,
    market: &Market<'_>,
    currency: &str,
    limit: i64,
) -> QueryResult<Vec<DemandedSkill>> {
    diesel::sql_query(format!(
        "SELECT s ->> 'id' AS id, min(s ->> 'name') AS name, count(*) AS postings, \
                count(*) FILTER (WHERE s ->> 'kind' = 'must') AS must, \
                percentile_cont(0.5) WITHIN GROUP (ORDER BY {MONTHLY_PAY}) FILTER (WHERE m.salary_currency = $3) AS median_pay_with \
         FROM ({MARKET}) m, jsonb_array_elements(m.analysis -> 'skills') s \
         GROUP BY s ->> 'id' ORDER BY count(*) DESC, min(s ->> 'name') LIMIT $4"
    ))
    .bind::<Text, _>(market.title)
    .bind::<Nullable<Text>, _>(market.city)
    .bind::<Text, _>(currency)
    .bind::<BigInt, _>(limit)
    .load(conn)
    .await
}

/// The market's monthly pay in one currency: quartiles over the postings that state it.
#[derive(Debug, Clone, QueryableByName)]
pub struct Pay {
    #[diesel(sql_type = Text)]
    pub currency: String,
    #[diesel(sql_type = BigInt)]
    pub postings: i64,
    #[diesel(sql_type = Double)]
    pub p25: f64,
    #[diesel(sql_type = Double)]
    pub p50: f64,
    #[diesel(sql_type = Double)]
    pub p75: f64,
}

/// Monthly pay quartiles per currency, the most common currency first.
pub async fn pay(conn: &mut Conn, market: &Market<'_>) -> QueryResult<Vec<Pay>> {
    diesel::sql_query(format!(
        "SELECT m.salary_currency AS currency, count(*) AS postings, \
                percentile_cont(0.25) WITHIN GROUP (ORDER BY {MONTHLY_PAY}) AS p25, \
                percentile_cont(0.5) WITHIN GROUP (ORDER BY {MONTHLY_PAY}) AS p50, \
                percentile_cont(0.75) WITHIN GROUP (ORDER BY {MONTHLY_PAY}) AS p75 \
         FROM ({MARKET}) m WHERE coalesce(m.salary_min, m.salary_max) IS NOT NULL \
         GROUP BY m.salary_currency ORDER BY count(*) DESC"
    ))
    .bind::<Text, _>(market.title)
    .bind::<Nullable<Text>, _>(market.city)
    .load(conn)
    .await
}

/// How many of the market's postings ask for each seniority.
#[derive(Debug, Clone, QueryableByName)]
pub struct SeniorityCount {
    #[diesel(sql_type = Text)]
    pub seniority: String,
    #[diesel(sql_type = BigInt)]
    pub postings: i64,
}

pub async fn seniorities(conn: &mut Conn, market: &Market<'_>) -> QueryResult<Vec<SeniorityCount>> {
    diesel::sql_query(format!(
        "SELECT coalesce(m.analysis ->> 'seniority', 'unknown') AS seniority, count(*) AS postings \
         FROM ({MARKET}) m GROUP BY 1 ORDER BY 2 DESC"
    ))
    .bind::<Text, _>(market.title)
    .bind::<Nullable<Text>, _>(market.city)
    .load(conn)
    .await
}
