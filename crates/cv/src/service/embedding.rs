//! A CV's vectors: one for the whole CV (its corrected data, most telling parts first) and one
//! per section, made by the configured embedding model as passages. The `cv.embed` job makes them
//! after each parse or correction; `entrevistador reembed` makes them again for a new model.
//! A text whose hash matches its stored vector under the same model is not sent again
//! (`platform::embeddings::Passage`).

use async_trait::async_trait;
use kernel::db::{RequestScope, ScopedFutureExt, scoped};
use kernel::ids::new_id;
use kernel::{AppError, AppResult};
use platform::embeddings::{InputKind, Passage};
use platform::jobs::{Job, JobError, JobHandler};
use serde_json::Value;
use uuid::Uuid;

use super::{CvPayload, CvService, EMBED_JOB, effective_data, this_month};
use crate::domain::upload::ParsingStatus;
use crate::store::{self, NewEmbedding};

/// What `reembed` reports as it goes.
pub trait ReembedProgress: Send + Sync {
    fn start(&self, total: u64);
    fn advance(&self);
}

/// Makes the vectors of parsed CVs (idempotent: unchanged texts are skipped).
pub struct EmbedCvs(pub CvService);

#[async_trait]
impl JobHandler for EmbedCvs {
    fn kind(&self) -> &'static str {
        EMBED_JOB
    }

    fn timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(120)
    }

    /// An embedding server may compute one request at a time (the local one does): more at once
    /// would only queue there while parse jobs wait for a slot here.
    fn concurrency(&self) -> Option<usize> {
        Some(2)
    }

    async fn run(&self, job: &Job) -> Result<(), JobError> {
        let CvPayload { cv_id } = job.payload()?;
        self.0.embed(cv_id, false).await?;
        Ok(())
    }
}

/// One text to embed and where its vector goes (`section` `None`: the whole CV).
struct Target {
    section: Option<(Uuid, String)>,
    passage: Passage,
}

impl Target {
    fn new(section: Option<(Uuid, String)>, text: String) -> Self {
        Target { section, passage: Passage::new(&text) }
    }
}

impl CvService {
    /// Makes the CV's missing or outdated vectors under the configured model (all of them with
    /// `force`); returns how many were made. A CV not parsed (yet) has none to make.
    async fn embed(&self, cv_id: Uuid, force: bool) -> AppResult<usize> {
        let inner = &self.inner;
        let model = inner.embedder.model.clone();
        let found = scoped(&inner.pool, &RequestScope::system(), |conn| {
            let model = &model;
            async move {
                let Some(row) = store::find(conn, cv_id).await? else { return Ok::<_, AppError>(None) };
                let sections = store::sections_of(conn, cv_id).await?;
                let stamps = store::embedding_stamps(conn, cv_id, model).await?;
                Ok(Some((row, sections, stamps)))
            }
            .scope_boxed()
        })
        .await?;
        let Some((row, sections, stamps)) = found else { return Ok(0) };
        if ParsingStatus::parse(&row.parsing_status) != Some(ParsingStatus::Parsed) {
            return Ok(0);
        }
        let Some(data) = effective_data(&row, this_month()) else { return Ok(0) };
        let mut targets = vec![Target::new(None, profile_text(&data))];
        targets.extend(
            sections.iter().map(|s| Target::new(Some((s.id, s.kind.clone())), format!("{}\n{}", s.heading, s.content))),
        );
        let keep: Vec<Uuid> = sections.iter().map(|s| s.id).collect();
        targets.retain(|target| {
            !target.passage.text.trim().is_empty()
                && (force
                    || !stamps.iter().any(|stamp| {
                        stamp.section_id == target.section.as_ref().map(|(id, _)| *id)
                            && stamp.content_sha256 == target.passage.sha256
                    }))
        });
        let texts: Vec<String> = targets.iter().map(|t| t.passage.text.clone()).collect();
        let vectors = if texts.is_empty() {
            Vec::new()
        } else {
            inner.embedder.embedder.embed(&texts, InputKind::Passage).await?
        };
        let made = vectors.len();
        let user_id = row.user_id;
        scoped(&inner.pool, &RequestScope::system(), |conn| {
            let (model, targets, vectors, keep) = (&model, &targets, &vectors, &keep);
            async move {
                // Deleted or parsed again meanwhile: the job that parse queued does the work.
                let Some(current) = store::find(conn, cv_id).await? else { return Ok(()) };
                if current.parsed_at != row.parsed_at {
                    return Ok(());
                }
                for (target, vector) in targets.iter().zip(vectors) {
                    let embedding = NewEmbedding {
                        id: new_id(),
                        cv_id,
                        user_id,
                        section_id: target.section.as_ref().map(|(id, _)| *id),
                        section_kind: target.section.as_ref().map(|(_, kind)| kind.as_str()),
                        model,
                        vector,
                        content_sha256: &target.passage.sha256,
                    };
                    store::put_embedding(conn, &embedding).await?;
                }
                store::prune_embeddings(conn, cv_id, model, keep).await?;
                Ok::<_, AppError>(())
            }
            .scope_boxed()
        })
        .await?;
        Ok(made)
    }

    /// Makes the vectors every parsed CV lacks under the configured model (every vector with
    /// `force`), CV by CV, reporting progress; with `prune`, then drops the vectors of other
    /// models. Returns the number of vectors made.
    pub async fn reembed(&self, force: bool, prune: bool, progress: &dyn ReembedProgress) -> AppResult<u64> {
        let model = self.inner.embedder.model.clone();
        let ids = scoped(&self.inner.pool, &RequestScope::system(), |conn| {
            let model = &model;
            async move { store::parsed_cvs_to_embed(conn, model, force).await.map_err(AppError::from) }.scope_boxed()
        })
        .await?;
        progress.start(ids.len() as u64);
        let mut made = 0;
        for id in ids {
            made += self.embed(id, force).await? as u64;
            progress.advance();
        }
        if prune {
            scoped(&self.inner.pool, &RequestScope::system(), |conn| {
                let model = &model;
                async move { store::delete_other_models(conn, model).await.map_err(AppError::from) }.scope_boxed()
            })
            .await?;
        }
        Ok(made)
    }
}

/// The whole CV as one passage, the parts that say most about a person first: titles, skills,
/// summary, studies, languages, certifications, then what they did.
pub(super) fn profile_text(data: &Value) -> String {
    // An item is a string or an object with the field (the parser's education writes `text`
    // where it could not tell degree from institution).
    let strings = |list: &str, field: &str| -> Vec<String> {
        let item_text =
            |item: &Value| item.as_str().or(item[field].as_str()).or(item["text"].as_str()).map(str::to_owned);
        data[list].as_array().map(|items| items.iter().filter_map(item_text).collect()).unwrap_or_default()
    };
    let jobs: Vec<String> = data["experience"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|e| {
                    let title = e["title"].as_str()?;
                    Some(match e["company"].as_str() {
                        Some(company) => format!("{title} — {company}"),
                        None => title.to_owned(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let mut parts = vec![
        jobs.join("; "),
        strings("skills", "name").join(", "),
        data["summary"].as_str().unwrap_or_default().to_owned(),
        strings("education", "degree").join("; "),
        strings("languages", "name").join(", "),
        strings("certifications", "name").join("; "),
    ];
    parts.extend(strings("experience", "description"));
    parts.retain(|p| !p.trim().is_empty());
    parts.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_cv_passage_puts_titles_and_skills_first() {
        let data = serde_json::json!({
            "summary": "Contadora con diez años en cierres.",
            "experience": [
                {"title": "Analista Contable", "company": "Yape", "description": "Cierres mensuales."},
                {"title": "Asistente", "company": null, "description": ""},
            ],
            "skills": [{"name": "NIIF"}, {"name": "SAP FI"}],
            "education": [{"degree": "Contador Público"}],
            "languages": [{"name": "English", "level": "B2"}],
            "certifications": ["Certificación NIIF para PYMES"],
        });
        let text = profile_text(&data);
        assert_eq!(
            text,
            "Analista Contable — Yape; Asistente\nNIIF, SAP FI\nContadora con diez años en cierres.\n\
             Contador Público\nEnglish\nCertificación NIIF para PYMES\nCierres mensuales."
        );
    }
}
