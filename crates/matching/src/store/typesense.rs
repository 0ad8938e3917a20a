//! Typesense as the index: the collection behind the `job_postings` alias holds one document per
//! published posting (texts folded like Postgres', facets, dates as seconds, the posting's vector).
//! Typesense 0.24 has no hybrid ranking in one query (a vector query needs `q=*`), so words and
//! meaning are two searches in one round trip, fused here with reciprocal rank fusion, and the
//! fused set counted and paged by a third: the Postgres adapter's semantics exactly.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kernel::AppResult;
use kernel::text::fold;
use platform::search::{Typesense, TypesenseError, scoped_search_key};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::index::{IndexAnswer, IndexQuery, IndexedPosting, JobIndex, ScopedSearchKey};
use super::search::{FacetCount, Hit, SearchFilter, SearchOrder};
use crate::domain::search::{HYBRID_DEPTH, MIN_QUERY_SIMILARITY, fuse, salary_bucket};

/// The facets, by document field, as the API names them.
const FACETS: [(&str, &str); 6] = [
    ("city", "city"),
    ("remote_policy", "remote_policy"),
    ("employment_type", "employment_type"),
    ("seniority_level", "seniority_level"),
    ("industry", "industry"),
    ("salary_bucket", "salary"),
];
/// Distinct values counted per facet.
const MAX_FACET_VALUES: usize = 100;
/// What a posting's description contributes to highlights (the whole text is in `body`).
const DESCRIPTION_CHARS: usize = 4_000;

pub struct TypesenseIndex {
    client: Typesense,
    /// The alias searches and writes go through.
    alias: String,
    /// The length of the postings' vectors (the collection's `num_dim`).
    dimensions: usize,
    /// The search-only key scoped keys are derived from: fixed by the admin key, so every
    /// replica derives the same one.
    search_key: String,
}

impl TypesenseIndex {
    pub fn new(client: Typesense, alias: String, dimensions: usize, admin_key: &str) -> Self {
        let seed = format!("entrevistador search-only key for {alias}\n{admin_key}");
        let search_key = format!("{:x}", Sha256::digest(seed.as_bytes()));
        Self { client, alias, dimensions, search_key }
    }

    /// Makes sure the alias points at a collection (a new one when there is none) and that the
    /// search-only key exists. Idempotent; run at start-up and before the first write.
    pub async fn prepare(&self) -> AppResult<()> {
        if self.client.alias_target(&self.alias).await?.is_none() {
            let collection = self.new_collection().await?;
            self.client.point_alias(&self.alias, &collection).await?;
        }
        self.ensure_search_key().await
    }

    /// The search-only key companies' scoped keys derive from (a server that lost its data lost
    /// it too).
    async fn ensure_search_key(&self) -> AppResult<()> {
        let (actions, collections) = (["documents:search"], [self.alias.as_str()]);
        let description = "job board search (scoped per company)";
        Ok(self.client.ensure_key(&self.search_key, description, &actions, &collections).await?)
    }

    async fn new_collection(&self) -> AppResult<String> {
        let name = format!("{}_{}", self.alias, Utc::now().format("%Y%m%d%H%M%S%3f"));
        self.client.create_collection(&schema(&name, self.dimensions)).await?;
        Ok(name)
    }

    fn documents(&self, postings: &[IndexedPosting]) -> Vec<Value> {
        postings.iter().map(|posting| document(posting, self.dimensions)).collect()
    }

    /// Writes to the alias, preparing it first if it is missing (a new server, a lost volume).
    async fn upsert(&self, documents: &[Value]) -> AppResult<()> {
        match self.client.upsert(&self.alias, documents).await {
            Err(TypesenseError::Refused(404, _)) => {
                self.prepare().await?;
                Ok(self.client.upsert(&self.alias, documents).await?)
            }
            other => Ok(other?),
        }
    }

    async fn search(&self, searches: Vec<Value>) -> AppResult<Vec<Value>> {
        match self.client.multi_search(searches).await {
            Err(TypesenseError::Refused(404, _)) => Err(kernel::AppError::Unavailable("search index")),
            other => Ok(other?),
        }
    }
}

/// The collection's fields: strings folded for search, facets as written, numbers for filters.
fn schema(name: &str, dimensions: usize) -> Value {
    let text = |name: &str| json!({ "name": name, "type": "string" });
    let facet =
        |name: &str, optional: bool| json!({ "name": name, "type": "string", "facet": true, "optional": optional });
    let key = |name: &str| json!({ "name": name, "type": "string", "optional": true });
    json!({
        "name": name,
        "default_sorting_field": "published_at",
        "fields": [
            text("title"), text("title_terms"), text("description"), text("body"),
            key("tenant_id"), key("city_key"), key("industry_key"),
            facet("city", true), facet("country", false), facet("remote_policy", false),
            facet("employment_type", false), facet("seniority_level", true), facet("industry", true),
            facet("salary_bucket", false),
            { "name": "salary", "type": "float", "optional": true },
            { "name": "salary_order", "type": "float" },
            { "name": "published_at", "type": "int64" },
            { "name": "expires_at", "type": "int64" },
            { "name": "embedding", "type": "float[]", "num_dim": dimensions, "optional": true },
        ],
    })
}

/// A posting as a document: only what search, filters, facets and scoped keys read.
fn document(posting: &IndexedPosting, dimensions: usize) -> Value {
    let row = &posting.row;
    let pay = row.salary_max.or(row.salary_min);
    let mut document = json!({
        "id": row.id.to_string(),
        "title": row.title,
        "title_terms": row.search_title,
        "description": row.description.chars().take(DESCRIPTION_CHARS).collect::<String>(),
        "body": row.search_body,
        "country": row.location_country,
        "remote_policy": row.remote_policy,
        "employment_type": row.employment_type,
        "salary_bucket": salary_bucket(pay),
        "salary_order": pay.map_or(-1.0, decimal_f64),
        "published_at": row.published_at.map_or(0, |at| at.timestamp()),
        "expires_at": row.expires_at.map_or(i64::MAX, |at| at.timestamp()),
    });
    let optional = [
        ("tenant_id", row.tenant_id.map(|id| id.to_string())),
        ("city", row.location_city.clone()),
        ("city_key", row.location_city.as_deref().map(fold)),
        ("seniority_level", row.seniority_level.clone()),
        ("industry", row.industry.clone()),
        ("industry_key", row.industry.as_deref().map(fold)),
    ];
    for (field, value) in optional {
        if let Some(value) = value {
            document[field] = json!(value);
        }
    }
    if let Some(amount) = pay {
        document["salary"] = json!(decimal_f64(amount));
    }
    if let Some(vector) = posting.embedding.as_ref().filter(|v| v.len() == dimensions) {
        document["embedding"] = json!(vector);
    }
    document
}

fn decimal_f64(amount: rust_decimal::Decimal) -> f64 {
    amount.to_string().parse().unwrap_or(0.0)
}

/// A value inside a filter: backquoted, without the quote itself (it cannot be escaped).
fn quoted(value: &str) -> String {
    format!("`{}`", value.replace('`', ""))
}

/// The filter of a search (words aside) in Typesense's syntax, as of `now`.
fn filter_by(filter: &SearchFilter, now: DateTime<Utc>) -> String {
    let mut conditions = vec![format!("expires_at:>{}", now.timestamp())];
    let exact = [
        ("city_key", filter.city.as_deref().map(fold)),
        ("country", filter.country.clone()),
        ("remote_policy", filter.remote_policy.clone()),
        ("employment_type", filter.employment_type.clone()),
        ("seniority_level", filter.seniority_level.clone()),
        ("industry_key", filter.industry.as_deref().map(fold)),
    ];
    for (field, value) in exact {
        if let Some(value) = value {
            conditions.push(format!("{field}:={}", quoted(&value)));
        }
    }
    if let Some(amount) = filter.salary_at_least {
        conditions.push(format!("salary:>={}", decimal_f64(amount)));
    }
    if let Some(days) = filter.posted_within_days {
        conditions.push(format!("published_at:>{}", (now - chrono::Duration::days(i64::from(days))).timestamp()));
    }
    if let Some(ids) = &filter.ids {
        let ids: Vec<String> = ids.iter().map(Uuid::to_string).collect();
        conditions.push(format!("id:[{}]", ids.join(",")));
    }
    conditions.join(" && ")
}

fn sort_by(order: SearchOrder, words: bool) -> &'static str {
    match order {
        SearchOrder::Relevance if words => "_text_match:desc,published_at:desc",
        SearchOrder::Relevance | SearchOrder::Newest => "published_at:desc",
        SearchOrder::Salary => "salary_order:desc,published_at:desc",
    }
}

/// The search of the words: ranked by text match over the folded title, canonical title,
/// description and body, with typos; highlights on the title and description.
fn words_search(words: &str, filter: &str, per_page: i64) -> Value {
    json!({
        "q": words, "query_by": "title,title_terms,description,body",
        "query_by_weights": "4,3,1,1", "filter_by": filter, "sort_by": sort_by(SearchOrder::Relevance, true),
        "per_page": per_page, "include_fields": "id", "highlight_fields": "title,description",
        "highlight_start_tag": "<mark>", "highlight_end_tag": "</mark>", "highlight_affix_num_tokens": 12,
    })
}

fn facet_fields() -> String {
    FACETS.iter().map(|(field, _)| *field).collect::<Vec<_>>().join(",")
}

/// Ids of an answer's hits, in order.
fn hit_ids(answer: &Value) -> Vec<Uuid> {
    let hits = answer["hits"].as_array().map(Vec::as_slice).unwrap_or_default();
    hits.iter().filter_map(|hit| hit["document"]["id"].as_str()?.parse().ok()).collect()
}

/// The marked snippets of an answer's hits, by id.
fn highlights(answer: &Value) -> HashMap<Uuid, Hit> {
    let hits = answer["hits"].as_array().map(Vec::as_slice).unwrap_or_default();
    let mut found = HashMap::new();
    for hit in hits {
        let Some(id) = hit["document"]["id"].as_str().and_then(|id| id.parse().ok()) else { continue };
        let marked = |field: &str| {
            hit["highlights"].as_array()?.iter().find(|h| h["field"] == field)?["snippet"].as_str().map(str::to_owned)
        };
        found.insert(id, Hit { id, title_highlight: marked("title"), description_highlight: marked("description") });
    }
    found
}

/// The facet counts and the total of an answer.
fn counts(answer: &Value) -> (Vec<FacetCount>, i64) {
    let mut counts = Vec::new();
    for facet in answer["facet_counts"].as_array().map(Vec::as_slice).unwrap_or_default() {
        let Some((_, name)) = FACETS.iter().find(|(field, _)| facet["field_name"] == *field) else { continue };
        for count in facet["counts"].as_array().map(Vec::as_slice).unwrap_or_default() {
            if let (Some(value), Some(n)) = (count["value"].as_str(), count["count"].as_i64()) {
                counts.push(FacetCount { facet: name, value: value.to_owned(), count: n });
            }
        }
    }
    (counts, answer["found"].as_i64().unwrap_or(0))
}

/// Typesense pages by page number: a page of `limit` from `offset` (offsets this API issues are
/// multiples of the limit), else the first `offset + limit` to cut.
fn paging(offset: i64, limit: i64) -> (i64, i64, usize) {
    if offset % limit == 0 { (offset / limit + 1, limit, 0) } else { (1, offset + limit, offset as usize) }
}

#[async_trait]
impl JobIndex for TypesenseIndex {
    async fn find(&self, query: IndexQuery<'_>) -> AppResult<IndexAnswer> {
        let IndexQuery { filter, order, offset, limit, meaning } = query;
        let now = Utc::now();
        let base = filter_by(filter, now);
        let Some(words) = &filter.words else {
            let (page, per_page, skip) = paging(offset, limit);
            let search = json!({
                "q": "*", "query_by": "title", "filter_by": base, "sort_by": sort_by(order, false),
                "facet_by": facet_fields(), "max_facet_values": MAX_FACET_VALUES,
                "page": page, "per_page": per_page, "include_fields": "id",
            });
            let answer = self.search(vec![self.in_collection(search)]).await?.remove(0);
            let (facets, total) = counts(&answer);
            let hits: Vec<Hit> = hit_ids(&answer).into_iter().skip(skip).map(Hit::plain).collect();
            let more = offset + (hits.len() as i64) < total;
            return Ok(IndexAnswer { hits, more, facets, total });
        };
        let mut searches = vec![self.in_collection(words_search(words, &base, HYBRID_DEPTH))];
        if let Some(vector) = meaning {
            let vector: Vec<String> = vector.iter().map(f32::to_string).collect();
            searches.push(self.in_collection(json!({
                "q": "*", "query_by": "title", "filter_by": base, "per_page": HYBRID_DEPTH, "include_fields": "id",
                "vector_query": format!("embedding:([{}], k:{HYBRID_DEPTH})", vector.join(",")),
            })));
        }
        let answers = self.search(searches).await?;
        let keyword = hit_ids(&answers[0]);
        let mut marked = highlights(&answers[0]);
        let semantic: Vec<Uuid> = answers
            .get(1)
            .and_then(|answer| answer["hits"].as_array())
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter(|hit| hit["vector_distance"].as_f64().is_some_and(|d| 1.0 - d >= MIN_QUERY_SIMILARITY))
            .filter_map(|hit| hit["document"]["id"].as_str()?.parse().ok())
            .collect();
        let fused = fuse(&[keyword, semantic]);
        if fused.is_empty() {
            return Ok(IndexAnswer::default());
        }
        // The fused set, counted (and, in another order than relevance, sorted and paged).
        let within = filter_by(&SearchFilter { ids: Some(fused.clone()), ..filter.clone() }, now);
        let (page, per_page, skip) = if order == SearchOrder::Relevance { (1, 0, 0) } else { paging(offset, limit) };
        let counted = self.in_collection(json!({
            "q": "*", "query_by": "title", "filter_by": within, "sort_by": sort_by(order, false),
            "facet_by": facet_fields(), "max_facet_values": MAX_FACET_VALUES,
            "page": page, "per_page": per_page, "include_fields": "id",
        }));
        let answer = self.search(vec![counted]).await?.remove(0);
        let (facets, total) = counts(&answer);
        let ids: Vec<Uuid> = if order == SearchOrder::Relevance {
            fused.iter().skip(usize::try_from(offset).unwrap_or(usize::MAX)).take(limit as usize).copied().collect()
        } else {
            hit_ids(&answer).into_iter().skip(skip).collect()
        };
        let more = offset + (ids.len() as i64) < total;
        let hits = ids.into_iter().map(|id| marked.remove(&id).unwrap_or_else(|| Hit::plain(id))).collect();
        Ok(IndexAnswer { hits, more, facets, total })
    }

    fn is_separate(&self) -> bool {
        true
    }

    async fn put(&self, postings: &[IndexedPosting]) -> AppResult<()> {
        self.upsert(&self.documents(postings)).await
    }

    async fn remove(&self, ids: &[Uuid]) -> AppResult<()> {
        let ids: Vec<String> = ids.iter().map(Uuid::to_string).collect();
        match self.client.delete(&self.alias, &ids).await {
            Err(TypesenseError::Refused(404, _)) => Ok(()),
            other => Ok(other?),
        }
    }

    async fn rebuild_start(&self) -> AppResult<Option<String>> {
        self.new_collection().await.map(Some)
    }

    async fn rebuild_put(&self, target: &str, postings: &[IndexedPosting]) -> AppResult<()> {
        Ok(self.client.upsert(target, &self.documents(postings)).await?)
    }

    async fn rebuild_finish(&self, target: &str) -> AppResult<()> {
        let previous = self.client.alias_target(&self.alias).await?;
        self.client.point_alias(&self.alias, target).await?;
        if let Some(previous) = previous.filter(|name| name != target) {
            self.client.drop_collection(&previous).await?;
        }
        self.ensure_search_key().await
    }

    fn tenant_search_key(&self, tenant_id: Uuid, ttl: chrono::Duration) -> Option<ScopedSearchKey> {
        let expires_at = Utc::now() + ttl;
        let filter_by = format!("tenant_id:={}", quoted(&tenant_id.to_string()));
        let params = json!({ "filter_by": filter_by, "expires_at": expires_at.timestamp() });
        Some(ScopedSearchKey {
            key: scoped_search_key(&self.search_key, &params),
            collection: self.alias.clone(),
            filter_by,
            expires_at,
        })
    }
}

impl TypesenseIndex {
    fn in_collection(&self, mut search: Value) -> Value {
        search["collection"] = json!(self.alias);
        search
    }
}

impl Hit {
    fn plain(id: Uuid) -> Self {
        Hit { id, title_highlight: None, description_highlight: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn filters_are_folded_quoted_and_always_exclude_the_expired() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let filter = SearchFilter {
            city: Some("Cañete".into()),
            remote_policy: Some("remote".into()),
            industry: Some("Banca `x`".into()),
            salary_at_least: Some(Decimal::new(45005, 1)),
            posted_within_days: Some(7),
            ..SearchFilter::default()
        };
        assert_eq!(
            filter_by(&filter, now),
            "expires_at:>1800000000 && city_key:=`canete` && remote_policy:=`remote` && industry_key:=`banca x` \
             && salary:>=4500.5 && published_at:>1799395200"
        );
        assert_eq!(filter_by(&SearchFilter::default(), now), "expires_at:>1800000000");
    }

    #[test]
    fn pages_follow_the_offsets_this_api_issues() {
        assert_eq!(paging(0, 20), (1, 20, 0));
        assert_eq!(paging(40, 20), (3, 20, 0));
        assert_eq!(paging(5, 20), (1, 25, 5), "an odd offset reads from the start and cuts");
    }
}
