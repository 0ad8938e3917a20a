//! Searching the published postings: words (accent- and case-insensitive, stemmed, typo
//! tolerant), filters, facets of the whole result and pages in relevance, date or salary order.

use kernel::db::{RequestScope, ScopedFutureExt, scoped};
use kernel::pagination::{PageQuery, cursor_for};
use kernel::tracking::ProductEvent;
use kernel::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Job, MatchingService, view};
use platform::embeddings::InputKind;
use uuid::Uuid;

use crate::domain::search::query_text;
use crate::store::{self, FacetCount, IndexQuery, SearchFilter, SearchOrder};

/// A search of the job board.
#[derive(Debug, Clone, Default)]
pub struct JobSearch {
    pub words: Option<String>,
    pub filter: SearchFilter,
    pub order: Option<SearchOrder>,
    pub page: PageQuery,
}

/// Where the matched words are, marked with `<mark>…</mark>`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Highlights {
    pub title: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FoundJob {
    pub job: Job,
    pub highlights: Highlights,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FacetValue {
    pub value: String,
    pub count: i64,
}

/// How many postings of the whole result have each value.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct Facets {
    pub city: Vec<FacetValue>,
    pub remote_policy: Vec<FacetValue>,
    pub employment_type: Vec<FacetValue>,
    pub seniority_level: Vec<FacetValue>,
    pub industry: Vec<FacetValue>,
    /// Monthly pay buckets ("0-2000", "2000-4000", "4000-7000", "7000-10000", "10000+",
    /// "undisclosed") in the posting's currency.
    pub salary: Vec<FacetValue>,
}

impl Facets {
    fn of(counts: Vec<FacetCount>) -> Self {
        let mut facets = Facets::default();
        for FacetCount { facet, value, count } in counts {
            let list = match facet {
                "city" => &mut facets.city,
                "remote_policy" => &mut facets.remote_policy,
                "employment_type" => &mut facets.employment_type,
                "seniority_level" => &mut facets.seniority_level,
                "industry" => &mut facets.industry,
                _ => &mut facets.salary,
            };
            list.push(FacetValue { value, count });
        }
        facets
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SearchResult {
    pub items: Vec<FoundJob>,
    pub facets: Facets,
    /// How many postings match, over all pages.
    pub total: i64,
    /// Pass as `cursor` for the next page; null on the last one.
    pub next_cursor: Option<String>,
}

/// How long a search's answer is kept (a write to the board makes it stale at once).
const SEARCH_CACHE_SECS: u64 = 300;

impl MatchingService {
    /// The vector of a search's words; none when the embedder cannot answer now (the search
    /// then ranks by words alone rather than failing).
    async fn query_vector(&self, words: &str) -> Option<Vec<f32>> {
        match self.inner.embedder.embedder.embed(&[words.to_owned()], InputKind::Query).await {
            Ok(vectors) => vectors.into_iter().next(),
            Err(error) => {
                tracing::warn!(%error, "search without meaning: the embedder did not answer");
                None
            }
        }
    }

    /// Published postings matching the search; anyone may search. A search asked again before
    /// the board changes (and within five minutes) is answered from Redis.
    pub async fn search(&self, search: JobSearch) -> AppResult<SearchResult> {
        let asked = (&search.words, &search.filter, search.order, &search.page);
        let key = self.board_key("search", &asked).await;
        let first_page = search.page.cursor.as_deref().is_none_or(str::is_empty);
        let (words, filter) = (search.words.clone(), search.filter.clone());
        let result = match self.cached(key.as_deref()).await {
            Some(found) => found,
            None => {
                let result = self.search_now(search).await?;
                self.keep(key.as_deref(), &result, SEARCH_CACHE_SECS).await;
                result
            }
        };
        if first_page {
            self.inner.events.push(&searched_event(words.as_deref(), &filter, result.total)).await;
        }
        Ok(result)
    }

    async fn search_now(&self, search: JobSearch) -> AppResult<SearchResult> {
        let (limit, offset) = (search.page.limit()?, search.page.after::<i64>()?.unwrap_or(0));
        if offset < 0 {
            return Err(AppError::BadRequest("cursor is not one this API issued".into()));
        }
        let mut filter = search.filter;
        filter.words = search.words.as_deref().map(query_text).filter(|w| !w.is_empty());
        // Without words nothing is more relevant than anything else: newest first.
        let order = match (search.order, &filter.words) {
            (Some(SearchOrder::Relevance) | None, None) => SearchOrder::Newest,
            (Some(order), _) => order,
            (None, Some(_)) => SearchOrder::Relevance,
        };
        let meaning = match &filter.words {
            Some(words) => self.query_vector(words).await,
            None => None,
        };
        let query = IndexQuery { filter: &filter, order, offset, limit, meaning: meaning.as_deref() };
        let answer = self.inner.index.find(query).await?;
        let ids: Vec<Uuid> = answer.hits.iter().map(|hit| hit.id).collect();
        // The postings as they are now: an index a moment behind cannot show a closed one.
        let mut rows = scoped(&self.inner.pool, &RequestScope::anonymous(), |conn| {
            let ids = &ids;
            async move { store::published(conn, ids).await.map_err(AppError::from) }.scope_boxed()
        })
        .await?;
        let items = answer
            .hits
            .into_iter()
            .filter_map(|hit| {
                let row = rows.swap_remove(rows.iter().position(|row| row.id == hit.id)?);
                let highlights = Highlights { title: hit.title_highlight, description: hit.description_highlight };
                Some(FoundJob { job: view(row), highlights })
            })
            .collect();
        let next_cursor = answer.more.then(|| cursor_for(&(offset + limit)));
        Ok(SearchResult { items, facets: Facets::of(answer.facets), total: answer.total, next_cursor })
    }
}

/// A search of the board as product analytics keeps it (first pages only: paging on is not
/// searching again).
fn searched_event(words: Option<&str>, filter: &SearchFilter, total: i64) -> ProductEvent {
    let query: Option<String> = words.map(|w| w.trim().chars().take(200).collect());
    let properties = serde_json::json!({
        "query": query, "total": total, "city": filter.city, "remote_policy": filter.remote_policy,
        "employment_type": filter.employment_type, "seniority_level": filter.seniority_level,
        "industry": filter.industry,
    });
    ProductEvent::new("matching.searched", None, None, properties)
}
