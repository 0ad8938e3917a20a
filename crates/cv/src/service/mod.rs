//! CV use cases: upload (a new version, stored encrypted, parsing queued), list, read, download,
//! primary, corrections, reparse, delete; the background work (parsing, vectors, file removal);
//! and the CV part of a person's data export and erasure.

mod discoverability;
mod embedding;
mod library;
mod parsing;
mod personal_data;
mod profile;
mod reading;
pub mod sharing;
mod uploads;

use std::sync::Arc;

use chrono::{DateTime, Datelike, Utc};
use kernel::db::{DbConn, DbPool};
use kernel::{AppError, AppResult};
use platform::embeddings::Embedder;
use platform::storage::ObjectStorage;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

pub use discoverability::Discoverability;
pub use embedding::{EmbedCvs, ReembedProgress};
pub use library::DeleteStoredObjects;
pub use parsing::ParseCvs;
pub use personal_data::CvPersonalData;
pub use profile::{CvProfile, ProfileContact, ProfileEducation, ProfileExperience, ProfileSkill};
pub use reading::{DocumentView, ReadDocument, StoredDocument, document_detail, document_profile, forget_document};
pub use sharing::HideCvsOfDeletedAccount;
pub use uploads::Upload;

use crate::domain::corrections::Corrections;
use crate::domain::dates::YearMonth;
use crate::domain::skills::Taxonomy;
use crate::domain::upload::{Language, ParsingFailure, ParsingStatus};
use crate::store::{self, CvRow, SectionRow, SkillRow};

/// The kind of the job that parses an uploaded CV.
pub const PARSE_JOB: &str = "cv.parse";
/// The kind of the job that computes a CV's vectors once it is parsed or corrected.
pub const EMBED_JOB: &str = "cv.embed";
/// The kind of the job that removes a deleted CV's stored file.
pub const DELETE_OBJECT_JOB: &str = "cv.delete_object";

#[derive(Debug, Clone)]
pub struct CvSettings {
    /// Largest file accepted, in bytes.
    pub max_upload_bytes: u64,
}

/// The embedding model the CV vectors are made with.
#[derive(Clone)]
pub struct CvEmbedder {
    pub embedder: Arc<dyn Embedder>,
    /// The id stored beside each vector; a different one means the vectors must be made again.
    pub model: String,
}

#[derive(Clone)]
pub struct CvService {
    inner: Arc<Inner>,
}

struct Inner {
    pool: DbPool,
    /// Originals are sealed by the application before they leave the process.
    storage: Arc<dyn ObjectStorage>,
    embedder: CvEmbedder,
    settings: CvSettings,
}

/// A CV as its owner sees it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Cv {
    pub id: Uuid,
    /// 1 for the first upload, then one more for each.
    pub version: i32,
    pub is_primary: bool,
    pub original_filename: String,
    pub file_size_bytes: i64,
    pub mime_type: String,
    pub language_hint: Option<Language>,
    pub parsing_status: ParsingStatus,
    /// Why parsing failed, when it did: a stable code, a colon, and the technical reason.
    pub parsing_error: Option<String>,
    /// The same, for people: the code and what to do, in Spanish and English.
    pub parsing_failure: Option<ParsingFailure>,
    /// What the parser found, once parsed, with your corrections laid over it.
    #[schema(value_type = Option<Object>)]
    pub parsed_data: Option<serde_json::Value>,
    /// Your corrections of parsed fields; they win over the parser and survive a reparse.
    pub corrections: Corrections,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub parsed_at: Option<DateTime<Utc>>,
    /// Since when companies may find this CV (your consent); null when they may not.
    pub discoverable_since: Option<DateTime<Utc>>,
}

/// A CV with its sections and canonical skills.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CvDetail {
    #[serde(flatten)]
    pub cv: Cv,
    /// The CV's sections in reading order.
    pub sections: Vec<Section>,
    /// Canonical skills, surest first.
    pub skills: Vec<CvSkill>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Section {
    /// profile, experience, education, skills, languages, certifications, courses, projects,
    /// achievements, volunteering, references, contact or interests.
    pub kind: String,
    /// The heading as the CV writes it.
    pub heading: String,
    pub content: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CvSkill {
    /// The taxonomy's id, or `custom:…` for a skill you added that it does not know.
    pub id: String,
    pub name: String,
    pub category: String,
    /// listed (a skills section), text (experience or summary) or user (your correction).
    pub source: String,
    /// Years of the experiences that mention it.
    pub years: Option<f32>,
    /// basic, intermediate, advanced or expert, when stated.
    pub proficiency: Option<String>,
    /// 0 to 1.
    pub confidence: f32,
}

impl From<SectionRow> for Section {
    fn from(row: SectionRow) -> Self {
        Section { kind: row.kind, heading: row.heading, content: row.content }
    }
}

impl From<SkillRow> for CvSkill {
    fn from(row: SkillRow) -> Self {
        CvSkill {
            id: row.skill_id,
            name: row.name,
            category: row.category,
            source: row.source,
            years: row.years,
            proficiency: row.proficiency,
            confidence: row.confidence,
        }
    }
}

/// The corrections a row holds (written by this service only, so they always read back).
fn corrections_of(row: &CvRow) -> Corrections {
    serde_json::from_value(row.corrections.clone()).unwrap_or_else(|error| {
        tracing::error!(cv_id = %row.id, %error, "stored CV corrections do not read back");
        Corrections::default()
    })
}

/// The parser's data with the person's corrections over it, as every reader sees it.
fn effective_data(row: &CvRow, today: YearMonth) -> Option<serde_json::Value> {
    let parsed = row.parsed_data.as_ref()?;
    Some(corrections_of(row).apply(parsed, Taxonomy::shipped(), today))
}

fn this_month() -> YearMonth {
    let now = Utc::now();
    YearMonth::new(now.year(), now.month()).expect("the clock reads a year between 1900 and 2100")
}

fn view(row: CvRow) -> Cv {
    let parsed_data = effective_data(&row, this_month());
    let corrections = corrections_of(&row);
    Cv {
        id: row.id,
        version: row.version,
        is_primary: row.is_primary,
        original_filename: row.original_filename,
        file_size_bytes: row.file_size_bytes,
        mime_type: row.mime_type,
        language_hint: row.language_hint.as_deref().and_then(Language::parse),
        parsing_status: ParsingStatus::parse(&row.parsing_status).unwrap_or(ParsingStatus::Pending),
        parsing_failure: row.parsing_error.as_deref().map(ParsingFailure::from_error),
        parsing_error: row.parsing_error,
        parsed_data,
        corrections,
        created_at: row.created_at,
        updated_at: row.updated_at,
        parsed_at: row.parsed_at,
        discoverable_since: row.discoverable_since,
    }
}

/// The skills rows of a CV's effective data (parsed, or corrected).
fn skill_rows(cv_id: Uuid, user_id: Uuid, data: &serde_json::Value) -> Vec<SkillRow> {
    let entries = data["skills"].as_array().map(Vec::as_slice).unwrap_or_default();
    let mut rows: Vec<SkillRow> = Vec::with_capacity(entries.len());
    for entry in entries {
        let text = |field: &str| entry[field].as_str().map(str::to_owned);
        let (Some(skill_id), Some(name)) = (text("id"), text("name")) else { continue };
        if rows.iter().any(|r| r.skill_id == skill_id) {
            continue;
        }
        rows.push(SkillRow {
            cv_id,
            user_id,
            skill_id,
            name,
            category: text("category").unwrap_or_else(|| "other".into()),
            source: text("source").unwrap_or_else(|| "text".into()),
            years: entry["years"].as_f64().map(|y| y as f32),
            proficiency: text("proficiency"),
            confidence: entry["confidence"].as_f64().map_or(0.5, |c| c.clamp(0.0, 1.0) as f32),
        });
    }
    rows
}

#[derive(Serialize, Deserialize)]
struct CvPayload {
    cv_id: Uuid,
}

impl CvService {
    pub fn new(pool: DbPool, storage: Arc<dyn ObjectStorage>, embedder: CvEmbedder, settings: CvSettings) -> Self {
        Self { inner: Arc::new(Inner { pool, storage, embedder, settings }) }
    }

    pub fn max_upload_bytes(&self) -> u64 {
        self.inner.settings.max_upload_bytes
    }
}

async fn find_own(conn: &mut DbConn, user_id: Uuid, id: Uuid) -> AppResult<CvRow> {
    store::find(conn, id).await?.filter(|row| row.user_id == user_id).ok_or(AppError::NotFound("cv"))
}
