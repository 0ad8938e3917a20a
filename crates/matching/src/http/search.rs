//! The search of the job board.

use actix_web::{HttpResponse, get};
use kernel::AppResult;
use kernel::input::Query;
use kernel::pagination::PageQuery;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::domain::postings::{EmploymentType, RemotePolicy, SeniorityLevel, is_code, parse_amount};
use crate::service::search::{JobSearch, SearchResult};
use crate::store::{SearchFilter, SearchOrder};

use super::Service;

/// How search results are ordered.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
enum SortBy {
    /// Best match first (newest first when no words are given).
    Relevance,
    Recent,
    Salary,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct SearchQuery {
    /// Words to look for, in Spanish or English: accents and capitals do not matter, typos are
    /// forgiven ("contavilidad" finds "Contabilidad"); `"quoted phrases"`, `or` and `-word` work.
    #[param(max_length = 200)]
    q: Option<String>,
    #[param(min_length = 1, max_length = 100)]
    city: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[param(pattern = "^[A-Z]{2}$")]
    country: Option<String>,
    remote: Option<RemotePolicy>,
    employment_type: Option<EmploymentType>,
    seniority: Option<SeniorityLevel>,
    /// Postings that may pay at least this much (a decimal such as "3000").
    #[param(pattern = r"^\d{1,10}(\.\d{1,2})?$")]
    salary_min: Option<String>,
    #[param(min_length = 1, max_length = 100)]
    industry: Option<String>,
    /// Only postings published in the last N days (1 to 365).
    #[param(minimum = 1, maximum = 365)]
    posted_within_days: Option<i32>,
    /// relevance (default with words), recent (default without) or salary.
    #[param(inline)]
    sort: Option<SortBy>,
    /// How many postings per page (1 to 100, default 20).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// The `next_cursor` of the previous page; empty means the first page.
    #[param(max_length = 512, pattern = "^[A-Za-z0-9_-]*$")]
    cursor: Option<String>,
}

/// Search the published jobs: words, filters, facets of the whole result (city, remote policy,
/// employment type, seniority, industry, salary buckets) and the total. Open to everyone.
#[utoipa::path(tag = "jobs", params(SearchQuery), responses((status = 200, body = SearchResult)))]
#[get("/api/v1/jobs/search")]
pub(super) async fn search_jobs(service: Service, query: Query<SearchQuery>) -> AppResult<HttpResponse> {
    let query = query.into_inner();
    let invalid = |field: &str, problem: &str| kernel::AppError::invalid(field, "invalid", problem);
    if query.q.as_deref().is_some_and(|q| q.chars().count() > 200) {
        return Err(invalid("q", "at most 200 characters"));
    }
    for (field, value) in [("city", &query.city), ("industry", &query.industry)] {
        if value.as_deref().is_some_and(|v| !(1..=100).contains(&v.chars().count())) {
            return Err(invalid(field, "1 to 100 characters"));
        }
    }
    if query.country.as_deref().is_some_and(|c| !is_code(c, 2)) {
        return Err(invalid("country", "must be an ISO 3166 code such as PE"));
    }
    let text = |value: Option<String>| value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let salary_at_least = match query.salary_min.as_deref() {
        Some(amount) => Some(
            parse_amount(amount)
                .ok_or_else(|| kernel::AppError::invalid("salary_min", "invalid", "must be an amount such as 3000"))?,
        ),
        None => None,
    };
    if query.posted_within_days.is_some_and(|days| !(1..=365).contains(&days)) {
        return Err(kernel::AppError::invalid("posted_within_days", "out_of_range", "must be 1 to 365"));
    }
    let filter = SearchFilter {
        words: None,
        city: text(query.city),
        country: query.country,
        remote_policy: query.remote.map(|r| r.as_str().to_owned()),
        employment_type: query.employment_type.map(|e| e.as_str().to_owned()),
        seniority_level: query.seniority.map(|s| s.as_str().to_owned()),
        industry: text(query.industry),
        salary_at_least,
        posted_within_days: query.posted_within_days,
        ids: None,
    };
    let order = query.sort.map(|sort| match sort {
        SortBy::Relevance => SearchOrder::Relevance,
        SortBy::Recent => SearchOrder::Newest,
        SortBy::Salary => SearchOrder::Salary,
    });
    let search =
        JobSearch { words: query.q, filter, order, page: PageQuery { limit: query.limit, cursor: query.cursor } };
    // Everyone sees the same published board: caches may keep an answer a minute.
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "public, max-age=60"))
        .json(service.search(search).await?))
}
