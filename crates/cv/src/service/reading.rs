//! CVs of people without an account, for the company that holds them (the hiring context's own
//! candidates): the file is stored sealed under the company and read by the same extractor,
//! parser and embedding model as an upload, so the company gets the same profile for screening
//! and the same CV view. The hiring context keeps what was read; nothing here touches the CV
//! context's tables.

use bytes::Bytes;
use chrono::{DateTime, Utc};
use kernel::db::DbConn;
use kernel::ids::new_id;
use kernel::jobs::{NewJob, enqueue};
use kernel::{AppError, AppResult};
use platform::embeddings::{InputKind, Passage};
use platform::storage::{ByteStream, ObjectKey, ObjectMetadata};
use serde_json::Value;
use uuid::Uuid;

use super::DELETE_OBJECT_JOB;
use super::embedding::profile_text;
use super::library::DeleteObjectPayload;
use super::parsing::{read_and_parse, section_rows};
use super::profile::profile_of;
use super::{Cv, CvDetail, CvProfile, CvService, CvSkill, ProfileSkill, Section, skill_rows, this_month};
use crate::domain::corrections::Corrections;
use crate::domain::text::detect_format;
use crate::domain::upload::{ParsingStatus, clean_filename};
use crate::store::SkillRow;

/// A company's candidate's CV file, stored.
#[derive(Debug, Clone)]
pub struct StoredDocument {
    pub storage_key: String,
    pub filename: String,
    pub mime_type: String,
    pub size_bytes: i64,
}

/// What reading a stored document found.
#[derive(Debug, Clone)]
pub struct ReadDocument {
    /// The parser's data, its sections apart.
    pub data: Value,
    pub sections: Vec<Section>,
    /// The whole-CV vector under `model`.
    pub vector: Option<Vec<f32>>,
    pub model: String,
}

/// A company's candidate's document as the CV view shows it.
pub struct DocumentView<'a> {
    pub id: Uuid,
    pub filename: &'a str,
    pub mime_type: &'a str,
    pub size_bytes: i64,
    pub data: Option<Value>,
    pub sections: Vec<Section>,
    pub created_at: DateTime<Utc>,
    pub parsed_at: Option<DateTime<Utc>>,
}

impl CvService {
    /// Stores a company's candidate's CV file, checked as an upload is (not empty, not over the
    /// size limit, a PDF or a Word document by its bytes).
    pub async fn store_document(
        &self,
        tenant_id: Uuid,
        filename: Option<&str>,
        bytes: Bytes,
    ) -> AppResult<StoredDocument> {
        if bytes.is_empty() {
            return Err(AppError::invalid("file", "empty", "the file is empty"));
        }
        if bytes.len() as u64 > self.inner.settings.max_upload_bytes {
            return Err(AppError::PayloadTooLarge(self.inner.settings.max_upload_bytes));
        }
        let format = detect_format(&bytes)
            .ok_or(AppError::UnsupportedMediaType("the file must be a PDF or a Word document (.docx)".into()))?;
        let key = ObjectKey::company_cv(tenant_id, new_id());
        let size_bytes = bytes.len() as i64;
        self.inner.storage.put(&key, bytes.into(), ObjectMetadata::new(format.mime_type())).await?;
        Ok(StoredDocument {
            storage_key: key.as_str().to_owned(),
            filename: clean_filename(filename, format),
            mime_type: format.mime_type().to_owned(),
            size_bytes,
        })
    }

    /// The stored file's bytes.
    pub async fn document(&self, storage_key: &str) -> AppResult<ByteStream> {
        Ok(self.inner.storage.get(&ObjectKey::new(storage_key)?).await?.body)
    }

    /// Removes a stored file (removing one already gone succeeds).
    pub async fn delete_document(&self, storage_key: &str) -> AppResult<()> {
        self.inner.storage.delete(&ObjectKey::new(storage_key)?).await
    }

    /// Reads a stored file as a parse job reads an upload, and makes its whole-CV vector; the
    /// inner `Err` says why the file cannot be read.
    pub async fn read_document(&self, storage_key: &str) -> AppResult<Result<ReadDocument, String>> {
        let bytes = self.inner.storage.get(&ObjectKey::new(storage_key)?).await?.bytes().await?;
        let mut data = match read_and_parse(bytes, self.inner.settings.max_upload_bytes, this_month()).await? {
            Ok(data) => data,
            Err(reason) => return Ok(Err(reason)),
        };
        let listed = data.as_object_mut().and_then(|o| o.remove("sections")).unwrap_or_default();
        let sections = section_rows(Uuid::nil(), Uuid::nil(), &listed).into_iter().map(Section::from).collect();
        let passage = Passage::new(&profile_text(&data));
        let vector = if passage.text.trim().is_empty() {
            None
        } else {
            self.inner.embedder.embedder.embed(&[passage.text], InputKind::Passage).await?.into_iter().next()
        };
        Ok(Ok(ReadDocument { data, sections, vector, model: self.inner.embedder.model.clone() }))
    }

    /// The model whole-CV vectors are made with now.
    pub fn embedding_model(&self) -> &str {
        &self.inner.embedder.model
    }
}

/// Queues the removal of a stored file in the caller's transaction (by the job queue, after
/// commit: retried until it is gone).
pub async fn forget_document(conn: &mut DbConn, storage_key: &str) -> AppResult<()> {
    let payload = DeleteObjectPayload { key: storage_key.to_owned() };
    enqueue(conn, &NewJob::new(DELETE_OBJECT_JOB, payload)?).await.map(drop)
}

/// The skills the parser listed in `data`, each once (as rows that are never stored: they only
/// carry the parser's fields).
fn document_skills(data: &Value) -> Vec<SkillRow> {
    skill_rows(Uuid::nil(), Uuid::nil(), data)
}

/// The profile of a read document, for screening it against postings (`vector` only when made
/// by the model the postings' vectors are made with).
pub fn document_profile(id: Uuid, data: &Value, sections: &[Section], vector: Option<Vec<f32>>) -> CvProfile {
    let sections = sections.iter().map(|s| (s.kind.clone(), s.content.clone())).collect();
    let skills = document_skills(data).into_iter().map(ProfileSkill::from).collect();
    profile_of(id, None, data, sections, skills, vector)
}

/// A company's candidate's document in the view companies get of shared CVs (one version, no
/// corrections: the company reads it as the parser did).
pub fn document_detail(document: DocumentView<'_>) -> CvDetail {
    let skills =
        document.data.as_ref().map(document_skills).unwrap_or_default().into_iter().map(CvSkill::from).collect();
    let status = if document.parsed_at.is_some() { ParsingStatus::Parsed } else { ParsingStatus::Pending };
    CvDetail {
        cv: Cv {
            id: document.id,
            version: 1,
            is_primary: true,
            original_filename: document.filename.to_owned(),
            file_size_bytes: document.size_bytes,
            mime_type: document.mime_type.to_owned(),
            language_hint: None,
            parsing_status: status,
            parsing_error: None,
            parsing_failure: None,
            parsed_data: document.data,
            corrections: Corrections::default(),
            created_at: document.created_at,
            updated_at: document.parsed_at.unwrap_or(document.created_at),
            parsed_at: document.parsed_at,
            discoverable_since: None,
        },
        sections: document.sections,
        skills,
    }
}
