//! A person's progress across their interviews, and their readiness for one job.

use kernel::auth::AuthUser;
use kernel::db::{ScopedFutureExt, scoped};
use kernel::{AppError, AppResult};
use uuid::Uuid;

use super::{InterviewService, from_json, parse_text};
use crate::domain::bank::InterviewType;
use crate::domain::progress::{AnswerRecord, Progress, progress};
use crate::domain::readiness::{Readiness, ReadinessInput, readiness};
use crate::domain::scoring::AnswerFeedback;
use crate::domain::text::Language;
use crate::store;

/// How many of the latest answers progress reads.
const ANSWERS_READ: i64 = 500;
/// How many readiness reads.
const READINESS_ANSWERS: i64 = 200;

impl InterviewService {
    pub async fn progress(&self, auth: &AuthUser) -> AppResult<Progress> {
        let user_id = auth.user_id();
        let rows = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move { Ok::<_, AppError>(store::latest_answers(conn, user_id, ANSWERS_READ).await?) }.scope_boxed()
        })
        .await?;
        let mut answers = Vec::with_capacity(rows.len());
        for (answered_at, kind, _, competencies, feedback) in rows {
            let feedback: AnswerFeedback = from_json(&feedback)?;
            let interview_type: InterviewType = parse_text(&kind)?;
            answers.push(AnswerRecord {
                answered_at,
                interview_type,
                competencies: competencies.into_iter().flatten().collect(),
                score: feedback.score,
                missed_points: feedback.missed_points,
                sub_scores: feedback.sub_scores.into_iter().map(|s| (s.name, s.score)).collect(),
            });
        }
        Ok(progress(answers))
    }

    /// How ready the caller is for the posting `job_id` (404 when they may not read it): the fit
    /// and gaps of `cv_id` (else of their primary CV, once parsed); and their practice, for this
    /// job above all.
    pub async fn readiness(&self, auth: &AuthUser, job_id: Uuid, cv_id: Option<Uuid>) -> AppResult<Readiness> {
        let job = self.inner.matching.posting(Some(auth), job_id).await?;
        let mut input = ReadinessInput::default();
        let cv_id = match cv_id {
            Some(cv_id) => Some(cv_id),
            None => self
                .inner
                .cv
                .primary(auth)
                .await?
                .filter(|cv| cv.parsing_status == cv::domain::upload::ParsingStatus::Parsed)
                .map(|cv| cv.id),
        };
        if let Some(cv_id) = cv_id {
            let profile = self.inner.cv.profile(auth, cv_id).await?;
            let (_, screening) = self.inner.matching.screen(&profile, job_id).await?;
            input.fit = Some(screening.fit.overall_score);
            input.missing_skills = screening
                .fit
                .missing_skills
                .into_iter()
                .filter(|s| s.kind == matching::domain::postings::RequirementKind::Must)
                .map(|s| s.name)
                .collect();
        }
        let user_id = auth.user_id();
        let rows = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move { Ok::<_, AppError>(store::latest_answers(conn, user_id, READINESS_ANSWERS).await?) }
                .scope_boxed()
        })
        .await?;
        let mut areas: std::collections::BTreeMap<String, (Vec<f64>, Vec<f64>)> = Default::default();
        for (_, _, interview_job, _, feedback) in rows {
            let feedback: AnswerFeedback = from_json(&feedback)?;
            let for_this_job = interview_job == Some(job_id);
            if for_this_job {
                input.job_answers.push(feedback.score);
            } else {
                input.other_answers.push(feedback.score);
            }
            for sub in feedback.sub_scores {
                let (job, other) = areas.entry(sub.name).or_default();
                if for_this_job { job } else { other }.push(f64::from(sub.score));
            }
        }
        let mut weakest: Vec<(String, f64)> = areas
            .into_iter()
            .filter_map(|(name, (job, other))| {
                let values = if input.job_answers.is_empty() { other } else { job };
                (!values.is_empty()).then(|| (name, values.iter().sum::<f64>() / values.len() as f64))
            })
            .filter(|(_, mean)| *mean < 60.0)
            .collect();
        weakest.sort_by(|a, b| a.1.total_cmp(&b.1));
        input.weakest_areas = weakest;
        let language = if job.language == "en" { Language::En } else { Language::Es };
        Ok(readiness(&input, language))
    }
}
