//! A CV tailored to a job posting, for the CV's owner: the domain's tailoring of the CV's own
//! lines (crate::domain::tailoring), with the scorer's fit, as JSON or as a document to download
//! (PDF or DOCX) laid out from the same proposal.

mod document;
mod docx;
mod pdf;

use cv::CvProfile;
use cv::analysis::Taxonomy;
use kernel::auth::AuthUser;
use kernel::db::{ScopedFutureExt, scoped};
use kernel::text::fold;
use kernel::{AppError, AppResult};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::recommendations::{analysis_of, ask_of, offer_of};
use super::{Job, MatchingService, view};
use crate::domain::scoring::{Fit, score};
use crate::domain::tailoring::{Posting, Tailoring, tailor};
use crate::store;
use document::Document;

/// A CV tailored to a posting.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TailoredCv {
    pub job_id: Uuid,
    pub job_title: String,
    pub cv_id: Uuid,
    /// How well the CV fits the posting as it stands (the same scores as the recommendations).
    pub fit: Fit,
    #[serde(flatten)]
    pub tailoring: Tailoring,
}

/// A file to download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Pdf,
    Docx,
}

impl FileFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Docx => "docx",
        }
    }
}

/// A tailored CV as a file.
#[derive(Debug, Clone)]
pub struct TailoredFile {
    /// `cv-<job-slug>.pdf`
    pub filename: String,
    pub format: FileFormat,
    pub bytes: Vec<u8>,
}

/// Up to 60 characters of a-z, 0-9 and dashes from a title ("Analista Contable Sr." →
/// "analista-contable-sr"); `job` when nothing is left.
fn slug(title: &str) -> String {
    let folded = fold(title);
    let words: Vec<&str> = folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let mut slug = String::new();
    for word in words {
        if slug.len() + word.len() + 1 > 60 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    if slug.is_empty() { "job".to_owned() } else { slug }
}

impl MatchingService {
    /// The caller's CV tailored to a posting they may read (published, or their company's): 404
    /// for another person's CV or a posting they cannot see, 409 while the CV is not parsed.
    pub async fn tailored_cv(&self, auth: &AuthUser, job_id: Uuid, cv_id: Uuid) -> AppResult<TailoredCv> {
        Ok(self.tailoring(auth, job_id, cv_id).await?.0)
    }

    /// The same, laid out as a PDF or a DOCX with the CV's name, contact and education.
    pub async fn tailored_file(
        &self,
        auth: &AuthUser,
        job_id: Uuid,
        cv_id: Uuid,
        format: FileFormat,
    ) -> AppResult<TailoredFile> {
        let (tailored, profile) = self.tailoring(auth, job_id, cv_id).await?;
        let document = Document::of(&profile, &tailored.tailoring);
        let unwritable = |error: &dyn std::fmt::Display| {
            AppError::Internal(format!("the tailored CV could not be written: {error}"))
        };
        let bytes = match format {
            FileFormat::Pdf => pdf::render(&document).map_err(|e| unwritable(&e))?,
            FileFormat::Docx => docx::render(&document).map_err(|e| unwritable(&e))?,
        };
        let filename = format!("cv-{}.{}", slug(&tailored.job_title), format.extension());
        Ok(TailoredFile { filename, format, bytes })
    }

    async fn tailoring(&self, auth: &AuthUser, job_id: Uuid, cv_id: Uuid) -> AppResult<(TailoredCv, CvProfile)> {
        let profile = self.inner.cv.profile(auth, cv_id).await?;
        let (model, dimensions) = (self.inner.embedder.model.clone(), self.inner.embedder.embedder.dimensions());
        // Row-level security shows the caller only the postings they may read.
        let found = scoped(&self.inner.pool, &auth.scope(), |conn| {
            let (model, vector) = (&model, &profile.vector);
            async move {
                store::with_similarity(conn, &[job_id], vector.as_deref(), model, dimensions)
                    .await
                    .map_err(AppError::from)
            }
            .scope_boxed()
        })
        .await?;
        let (row, similarity) = found.into_iter().next().ok_or(AppError::NotFound("job"))?;
        let job: Job = view(row);
        let analysis = analysis_of(&job);
        let fit = score(&offer_of(&profile), &ask_of(&job, &analysis), similarity);
        let posting = Posting {
            title: &job.title,
            description: &job.description,
            language: &job.language,
            requirements: &job.requirements,
            normalized_title: analysis.normalized_title.as_deref(),
        };
        let tailoring = tailor(&profile, &posting, Taxonomy::shipped());
        let tailored = TailoredCv { job_id: job.id, job_title: job.title.clone(), cv_id, fit, tailoring };
        Ok((tailored, profile))
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn a_slug_keeps_the_titles_words_folded() {
        assert_eq!(slug("Analista Contable Sr. (Lima)"), "analista-contable-sr-lima");
        assert_eq!(slug("Ingeniero/a Civil — Obras"), "ingeniero-a-civil-obras");
        assert_eq!(slug("¿?"), "job");
        assert!(slug(&"palabra ".repeat(30)).len() <= 60);
    }
}
