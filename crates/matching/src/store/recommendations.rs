//! The queries behind recommendations: candidate postings (by vector, by skills) and the stored
//! matches with what the person did with them.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use uuid::Uuid;

use super::JobRow;
use super::search::{Conditions, SearchFilter};
use crate::schema::matching::{job_postings, matches};

#[derive(QueryableByName)]
struct Candidate {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    id: Uuid,
}

/// Published postings within `filter` asking for any of `skill_ids`, newest first (up to `k`).
pub async fn published_with_skills(
    conn: &mut Conn,
    filter: &SearchFilter,
    skill_ids: &[String],
    k: i64,
) -> QueryResult<Vec<Uuid>> {
    use diesel::sql_types::{Array, BigInt, Text};
    let c = Conditions::of(&SearchFilter { words: None, ..filter.clone() });
    let (skills_at, limit) = (c.args_len() + 1, c.args_len() + 2);
    let sql = format!(
        "SELECT p.id FROM matching.board p WHERE {} AND p.skill_ids && ${skills_at} \
         ORDER BY p.published_at DESC LIMIT ${limit}",
        c.sql
    );
    let query =
        c.bind(diesel::sql_query(sql).into_boxed()).bind::<Array<Text>, _>(skill_ids.to_vec()).bind::<BigInt, _>(k);
    Ok(query.load::<Candidate>(conn).await?.into_iter().map(|c| c.id).collect())
}

/// The postings `ids` with the cosine similarity of their vector to `vector` (none without one).
pub async fn with_similarity(
    conn: &mut Conn,
    ids: &[Uuid],
    vector: Option<&[f32]>,
    model: &str,
    dimensions: usize,
) -> QueryResult<Vec<(JobRow, Option<f64>)>> {
    #[derive(QueryableByName)]
    struct Similar {
        #[diesel(sql_type = diesel::sql_types::Uuid)]
        id: Uuid,
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Double>)]
        similarity: Option<f64>,
    }
    use diesel::sql_types::{Array, Nullable, Text, Uuid as SqlUuid};
    let rows: Vec<JobRow> =
        job_postings::table.filter(job_postings::id.eq_any(ids)).select(JobRow::as_select()).load(conn).await?;
    let similar: Vec<Similar> = diesel::sql_query(format!(
        "SELECT e.job_id AS id, 1 - (e.embedding::vector({dimensions}) <=> $1::vector({dimensions})) AS similarity \
         FROM matching.job_embeddings e WHERE e.job_id = ANY($2) AND e.model = $3 AND e.dimensions = {dimensions} \
           AND $1 IS NOT NULL"
    ))
    .bind::<Nullable<Text>, _>(vector.map(platform::embeddings::vector_text))
    .bind::<Array<SqlUuid>, _>(ids.to_vec())
    .bind::<Text, _>(model)
    .load(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let similarity = similar.iter().find(|s| s.id == row.id).and_then(|s| s.similarity);
            (row, similarity)
        })
        .collect())
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = matches)]
pub struct MatchRow {
    pub id: Uuid,
    pub cv_id: Uuid,
    pub user_id: Uuid,
    pub job_id: Uuid,
    pub overall_score: f32,
    pub semantic_score: f32,
    pub skill_match_score: f32,
    pub experience_score: f32,
    pub details: serde_json::Value,
    pub scorer: String,
    pub status: String,
    pub rating: Option<i16>,
    pub computed_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The CV's stored matches (with what the person did with them).
pub async fn matches_of_cv(conn: &mut Conn, cv_id: Uuid) -> QueryResult<Vec<MatchRow>> {
    matches::table.filter(matches::cv_id.eq(cv_id)).select(MatchRow::as_select()).load(conn).await
}

/// Stores freshly computed matches: scores and reasons replace the old ones; the person's status
/// and rating stay.
pub async fn save_matches(conn: &mut Conn, rows: &[MatchRow]) -> QueryResult<()> {
    use diesel::upsert::excluded;
    diesel::insert_into(matches::table)
        .values(rows)
        .on_conflict((matches::cv_id, matches::job_id))
        .do_update()
        .set((
            matches::overall_score.eq(excluded(matches::overall_score)),
            matches::semantic_score.eq(excluded(matches::semantic_score)),
            matches::skill_match_score.eq(excluded(matches::skill_match_score)),
            matches::experience_score.eq(excluded(matches::experience_score)),
            matches::details.eq(excluded(matches::details)),
            matches::scorer.eq(excluded(matches::scorer)),
            matches::computed_at.eq(excluded(matches::computed_at)),
        ))
        .execute(conn)
        .await
        .map(drop)
}

pub async fn find_match(conn: &mut Conn, id: Uuid) -> QueryResult<Option<MatchRow>> {
    matches::table.find(id).select(MatchRow::as_select()).first(conn).await.optional()
}

pub async fn set_match_status(conn: &mut Conn, id: Uuid, status: &str, now: DateTime<Utc>) -> QueryResult<usize> {
    diesel::update(matches::table.find(id))
        .set((matches::status.eq(status), matches::updated_at.eq(now)))
        .execute(conn)
        .await
}

pub async fn set_match_rating(conn: &mut Conn, id: Uuid, rating: i16, now: DateTime<Utc>) -> QueryResult<usize> {
    diesel::update(matches::table.find(id))
        .set((matches::rating.eq(Some(rating)), matches::updated_at.eq(now)))
        .execute(conn)
        .await
}

/// Forgets a CV's matches: all of them (`keep_chosen` false), or those the person has not saved
/// or dismissed (its data changed: they are computed again when asked for).
pub async fn forget_matches(conn: &mut Conn, cv_id: Uuid, keep_chosen: bool) -> QueryResult<usize> {
    let of_cv = matches::table.filter(matches::cv_id.eq(cv_id));
    if keep_chosen {
        diesel::delete(of_cv.filter(matches::status.eq("new"))).execute(conn).await
    } else {
        diesel::delete(of_cv).execute(conn).await
    }
}
