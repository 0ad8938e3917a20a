//! The search port: what answers a search of the job board. Two adapters pass one suite
//! (tests/tests/e2e/search.rs): Postgres (the default; the postings' own columns are the index,
//! so it is always in step) and Typesense (`store::typesense`; fed by the `matching.index_postings`
//! job after each write, rebuilt by `entrevistador reindex --search`). Either way the service
//! reads the postings found from Postgres, the truth, so an index a moment behind can only
//! leave out a posting, never show a closed one.

use async_trait::async_trait;
use kernel::AppResult;
use kernel::db::{DbPool, RequestScope, ScopedFutureExt, scoped};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::JobRow;
use super::search::{FacetCount, Hit, SearchFilter, SearchOrder, facets, keyword_ranked, nearest_published, search};
use crate::domain::search::{HYBRID_DEPTH, MIN_QUERY_SIMILARITY, fuse};

/// One search as an index answers it.
#[derive(Debug, Clone)]
pub struct IndexQuery<'a> {
    /// The filters, with the folded words when there are words.
    pub filter: &'a SearchFilter,
    pub order: SearchOrder,
    pub offset: i64,
    pub limit: i64,
    /// The vector of the words, when the embedder gave one: the meaning half of a hybrid search.
    pub meaning: Option<&'a [f32]>,
}

/// A page of postings found (at most `limit`), the facets of the whole result and its size.
#[derive(Debug, Clone, Default)]
pub struct IndexAnswer {
    pub hits: Vec<Hit>,
    pub more: bool,
    pub facets: Vec<FacetCount>,
    pub total: i64,
}

impl IndexAnswer {
    /// From `limit + 1` hits (the extra one tells that more follow).
    fn page(mut hits: Vec<Hit>, limit: i64, facets: Vec<FacetCount>, total: i64) -> Self {
        let more = hits.len() as i64 > limit;
        hits.truncate(limit.max(0) as usize);
        Self { hits, more, facets, total }
    }
}

/// A published posting as a separate index holds it: the row and its vector (of the configured
/// model, when made).
#[derive(Debug, Clone)]
pub struct IndexedPosting {
    pub row: JobRow,
    pub embedding: Option<Vec<f32>>,
}

/// A search key a company's own pages may use to search its published postings directly in the
/// index (scoped by the index to that company, and expiring).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScopedSearchKey {
    pub key: String,
    /// Where to search: the index's URL is the operator's to publish.
    pub collection: String,
    /// The filter the index applies to every search with this key.
    pub filter_by: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

#[async_trait]
pub trait JobIndex: Send + Sync {
    /// The postings matching a search, ranked.
    async fn find(&self, query: IndexQuery<'_>) -> AppResult<IndexAnswer>;

    /// Whether it must be told of postings' changes (Postgres sees them as they are written).
    fn is_separate(&self) -> bool;

    /// Adds or replaces published postings.
    async fn put(&self, postings: &[IndexedPosting]) -> AppResult<()>;

    /// Takes out postings no longer published (those it does not hold are ignored).
    async fn remove(&self, ids: &[Uuid]) -> AppResult<()>;

    /// Starts a full rebuild into a new, empty place and names it; none when there is nothing to
    /// rebuild (Postgres).
    async fn rebuild_start(&self) -> AppResult<Option<String>>;

    /// Adds postings to a rebuild's place (searches still see the old one).
    async fn rebuild_put(&self, target: &str, postings: &[IndexedPosting]) -> AppResult<()>;

    /// Moves searches over to the rebuilt place at once and drops the old one.
    async fn rebuild_finish(&self, target: &str) -> AppResult<()>;

    /// A key for `tenant_id`'s own published postings, valid for `ttl`; none when the index has
    /// no keys of its own (Postgres is never exposed).
    fn tenant_search_key(&self, tenant_id: Uuid, ttl: chrono::Duration) -> Option<ScopedSearchKey>;
}

/// Postgres as the index: one ranked query over the postings' folded, weighted text, trigrams
/// and vectors (`store::search`), fused with the vector ranking for words.
pub struct PostgresIndex {
    pub pool: DbPool,
    /// The model and dimensions of the query vectors (and of the postings' vectors compared).
    pub model: String,
    pub dimensions: usize,
}

#[async_trait]
impl JobIndex for PostgresIndex {
    async fn find(&self, query: IndexQuery<'_>) -> AppResult<IndexAnswer> {
        let IndexQuery { filter, order, offset, limit, meaning } = query;
        let (model, dimensions) = (self.model.as_str(), self.dimensions);
        scoped(&self.pool, &RequestScope::anonymous(), |conn| {
            async move {
                if filter.words.is_none() {
                    let hits = search(conn, filter, order, offset, limit).await?;
                    let (counts, total) = facets(conn, filter).await?;
                    return Ok(IndexAnswer::page(hits, limit, counts, total));
                }
                // Hybrid: what the words say and what they mean, fused; that set is the result.
                let keyword = keyword_ranked(conn, filter, HYBRID_DEPTH).await?;
                let semantic = match meaning {
                    Some(vector) => {
                        let floor = Some(MIN_QUERY_SIMILARITY);
                        nearest_published(conn, filter, vector, model, dimensions, floor, HYBRID_DEPTH).await?
                    }
                    None => Vec::new(),
                };
                let fused = fuse(&[keyword, semantic]);
                let (counts, total) =
                    facets(conn, &SearchFilter { ids: Some(fused.clone()), ..filter.clone() }).await?;
                let hits = if order == SearchOrder::Relevance {
                    let start = usize::try_from(offset).unwrap_or(usize::MAX).min(fused.len());
                    let page: Vec<Uuid> = fused[start..].iter().take(limit as usize + 1).copied().collect();
                    let page_filter = SearchFilter { ids: Some(page.clone()), ..filter.clone() };
                    let mut hits = search(conn, &page_filter, order, 0, page.len() as i64).await?;
                    hits.sort_by_key(|hit| page.iter().position(|id| *id == hit.id));
                    hits
                } else {
                    search(conn, &SearchFilter { ids: Some(fused), ..filter.clone() }, order, offset, limit).await?
                };
                Ok(IndexAnswer::page(hits, limit, counts, total))
            }
            .scope_boxed()
        })
        .await
    }

    fn is_separate(&self) -> bool {
        false
    }

    async fn put(&self, _postings: &[IndexedPosting]) -> AppResult<()> {
        Ok(())
    }

    async fn remove(&self, _ids: &[Uuid]) -> AppResult<()> {
        Ok(())
    }

    async fn rebuild_start(&self) -> AppResult<Option<String>> {
        Ok(None)
    }

    async fn rebuild_put(&self, _target: &str, _postings: &[IndexedPosting]) -> AppResult<()> {
        Ok(())
    }

    async fn rebuild_finish(&self, _target: &str) -> AppResult<()> {
        Ok(())
    }

    fn tenant_search_key(&self, _tenant_id: Uuid, _ttl: chrono::Duration) -> Option<ScopedSearchKey> {
        None
    }
}
