//! What a separate search index is fed from: published postings with their vectors, by id (after
//! a write) or all of them in id order (a full rebuild).

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use uuid::Uuid;

use super::JobRow;
use super::index::IndexedPosting;
use super::search::published;
use crate::schema::matching::job_postings;

async fn with_vectors(
    conn: &mut Conn,
    rows: Vec<JobRow>,
    model: &str,
    dimensions: usize,
) -> QueryResult<Vec<IndexedPosting>> {
    use diesel::sql_types::{Array, Integer, Text, Uuid as SqlUuid};
    #[derive(QueryableByName)]
    struct Vector {
        #[diesel(sql_type = SqlUuid)]
        job_id: Uuid,
        #[diesel(sql_type = Text)]
        embedding: String,
    }
    let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
    let vectors: Vec<Vector> = diesel::sql_query(
        "SELECT job_id, embedding::text AS embedding FROM matching.job_embeddings \
         WHERE job_id = ANY($1) AND model = $2 AND dimensions = $3",
    )
    .bind::<Array<SqlUuid>, _>(ids)
    .bind::<Text, _>(model)
    .bind::<Integer, _>(i32::try_from(dimensions).unwrap_or(i32::MAX))
    .load(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let embedding = vectors
                .iter()
                .find(|v| v.job_id == row.id)
                .and_then(|v| platform::embeddings::parse_vector_text(&v.embedding));
            IndexedPosting { row, embedding }
        })
        .collect())
}

/// Of the postings `ids`, those published now (with their vectors) and the ids of the others.
pub async fn to_index(
    conn: &mut Conn,
    ids: &[Uuid],
    model: &str,
    dimensions: usize,
) -> QueryResult<(Vec<IndexedPosting>, Vec<Uuid>)> {
    let rows = published(conn, ids).await?;
    let gone = ids.iter().filter(|id| !rows.iter().any(|row| row.id == **id)).copied().collect();
    Ok((with_vectors(conn, rows, model, dimensions).await?, gone))
}

/// Up to `limit` published postings after `after` in id order, with their vectors.
pub async fn published_after(
    conn: &mut Conn,
    after: Option<Uuid>,
    limit: i64,
    model: &str,
    dimensions: usize,
) -> QueryResult<Vec<IndexedPosting>> {
    let mut query = job_postings::table
        .filter(job_postings::status.eq("active"))
        .filter(job_postings::expires_at.is_null().or(job_postings::expires_at.gt(diesel::dsl::now)))
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(job_postings::id.gt(after));
    }
    let rows = query.order(job_postings::id).limit(limit).select(JobRow::as_select()).load(conn).await?;
    with_vectors(conn, rows, model, dimensions).await
}

/// How many postings are published now (a rebuild's progress bar).
pub async fn published_count(conn: &mut Conn) -> QueryResult<i64> {
    job_postings::table
        .filter(job_postings::status.eq("active"))
        .filter(job_postings::expires_at.is_null().or(job_postings::expires_at.gt(diesel::dsl::now)))
        .count()
        .get_result(conn)
        .await
}
