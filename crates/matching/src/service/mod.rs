//! Matching use cases: job postings (write, publish, close, expire, read, list) and their
//! vectors; search and recommendations build on them.

mod background;
mod board_cache;
pub mod candidates;
pub mod import;
pub mod index;
pub mod insights;
pub mod posting_input;
pub mod postings;
pub mod recommendations;
pub mod screening;
pub mod search;
pub mod tailoring;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use cv::CvService;
use kernel::db::DbPool;
use platform::cache::Redis;
use platform::embeddings::Embedder;
use platform::event_buffer::EventBuffer;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

pub use background::{EmbedPostings, ExpirePostings, FoldBoardCounts, ForgetCvMatches, RefreshCvMatches};
pub use index::IndexPostings;
pub use posting_input::{JobChanges, NewPosting};

use crate::domain::analysis::{PostingAnalysis, Requirement};
use crate::domain::postings::{CloseReason, EmploymentType, JobStatus, RemotePolicy, SalaryPeriod, SeniorityLevel};
use crate::store::{JobIndex, JobRow};

/// The kind of the job that makes a posting's vector after it is written.
pub const EMBED_JOB: &str = "matching.embed_posting";
/// The kind of the scheduled job that expires postings past their date.
pub const EXPIRE_JOB: &str = "matching.expire_postings";
/// The kind of the scheduled job that folds the board's appended facet counts.
pub const FOLD_COUNTS_JOB: &str = "matching.fold_board_counts";
/// The kind of the job that brings a separate search index in step with postings just written.
pub const INDEX_JOB: &str = "matching.index_postings";

/// The embedding model posting vectors are made with (the same one as CVs', so they compare).
#[derive(Clone)]
pub struct PostingEmbedder {
    pub embedder: Arc<dyn Embedder>,
    pub model: String,
}

#[derive(Clone)]
pub struct MatchingService {
    inner: Arc<Inner>,
}

struct Inner {
    pool: DbPool,
    embedder: PostingEmbedder,
    /// The CV context's public API: the CVs matched to postings.
    cv: CvService,
    /// Hot searches, kept a few minutes (best effort: without Redis every search is computed).
    cache: Redis,
    /// What answers searches of the board: Postgres itself or Typesense.
    index: Arc<dyn JobIndex>,
    /// Searches and match lists, for product analytics.
    events: EventBuffer,
}

impl MatchingService {
    pub fn new(pool: DbPool, embedder: PostingEmbedder, cv: CvService, cache: Redis, index: Arc<dyn JobIndex>) -> Self {
        let events = EventBuffer::new(cache.clone());
        Self { inner: Arc::new(Inner { pool, embedder, cv, cache, index, events }) }
    }
}

/// A job posting.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Job {
    pub id: Uuid,
    /// The company that publishes it (none for postings imported from partners).
    pub tenant_id: Option<Uuid>,
    pub status: JobStatus,
    pub close_reason: Option<CloseReason>,
    pub title: String,
    pub description: String,
    pub requirements: Vec<Requirement>,
    pub benefits: Vec<String>,
    pub industry: Option<String>,
    pub job_function: Option<String>,
    pub seniority_level: Option<SeniorityLevel>,
    pub employment_type: EmploymentType,
    pub location_city: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub location_country: String,
    pub remote_policy: RemotePolicy,
    /// A decimal amount as a string ("4500.00").
    #[serde(with = "rust_decimal::serde::str_option")]
    #[schema(value_type = Option<String>)]
    pub salary_min: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    #[schema(value_type = Option<String>)]
    pub salary_max: Option<Decimal>,
    /// ISO 4217 (PEN by default).
    pub salary_currency: String,
    pub salary_period: SalaryPeriod,
    /// es or en.
    pub language: String,
    /// What was read in it with the CV parser's rules: canonical skills, title, seniority.
    pub analysis: Option<PostingAnalysis>,
    /// Where it came from: `direct`, or the partner's source name for imports.
    pub source: String,
    pub external_id: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn view(row: JobRow) -> Job {
    Job {
        id: row.id,
        tenant_id: row.tenant_id,
        status: JobStatus::parse(&row.status).unwrap_or(JobStatus::Draft),
        close_reason: row.close_reason.as_deref().and_then(CloseReason::parse),
        title: row.title,
        description: row.description,
        requirements: serde_json::from_value(row.requirements).unwrap_or_default(),
        benefits: serde_json::from_value(row.benefits).unwrap_or_default(),
        industry: row.industry,
        job_function: row.job_function,
        seniority_level: row.seniority_level.as_deref().and_then(SeniorityLevel::parse),
        employment_type: EmploymentType::parse(&row.employment_type).unwrap_or(EmploymentType::FullTime),
        location_city: row.location_city,
        location_country: row.location_country,
        remote_policy: RemotePolicy::parse(&row.remote_policy).unwrap_or(RemotePolicy::Onsite),
        salary_min: row.salary_min,
        salary_max: row.salary_max,
        salary_currency: row.salary_currency,
        salary_period: SalaryPeriod::parse(&row.salary_period).unwrap_or(SalaryPeriod::Month),
        language: row.language,
        analysis: serde_json::from_value(row.analysis).ok(),
        source: row.source,
        external_id: row.external_id,
        expires_at: row.expires_at,
        published_at: row.published_at,
        closed_at: row.closed_at,
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}
