//! What the API answers: an application as its company sees it (identity hidden under blind
//! review), as its candidate sees it (never the company's ratings, tags, notes or who moved it),
//! the history of its moves, notes, pipelines and templates.

use chrono::{DateTime, Utc};
use kernel::text::fold;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::domain::applications::{RejectionReason, Status};
use crate::domain::blind::redact;
use crate::domain::messages::unknown_placeholders;
use crate::domain::pipeline::Stage;
use crate::store::{ApplicationRow, NoteRow, StageChangeRow, TemplateRow};

/// Who applied, as the company may see them now.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CandidateView {
    /// What to call the candidate: their name, or an alias while blind review hides it.
    pub display_name: String,
    /// True while blind review hides who the candidate is (name, email, phone, links, personal
    /// lines of the CV).
    pub identity_hidden: bool,
    pub full_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// The candidate's account (shown with their identity).
    pub user_id: Option<Uuid>,
    /// The company's own candidate, for people without an account the company added (shown with
    /// their identity).
    pub candidate_id: Option<Uuid>,
    /// Their latest job title, as their CV says.
    pub headline: Option<String>,
}

/// An answer to a posting's question.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AnswerView {
    pub question: String,
    pub answer: String,
}

/// An application as its company sees it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Application {
    pub id: Uuid,
    pub job_id: Uuid,
    pub job_title: String,
    pub applied_at: DateTime<Utc>,
    pub status: Status,
    /// The pipeline stage it is at (or was at, when closed).
    pub stage: String,
    pub source: String,
    pub candidate: CandidateView,
    /// The CV shared with the company when they applied.
    pub cv_id: Option<Uuid>,
    pub cover_letter: Option<String>,
    pub answers: Vec<AnswerView>,
    /// The screening score at submit (0..1): how the CV fits the posting.
    pub score: f32,
    /// The screening: sub-scores, matching and missing skills, the CV lines that show them.
    #[schema(value_type = Option<Object>)]
    pub screening: Option<serde_json::Value>,
    /// 1 to 5, the company's own rating.
    pub rating: Option<i16>,
    pub assigned_recruiter: Option<Uuid>,
    pub tags: Vec<String>,
    pub rejection_reason: Option<RejectionReason>,
    pub rejection_note: Option<String>,
    pub updated_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// One move of an application, as its company sees it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct HistoryEntry {
    pub from_stage: Option<String>,
    pub to_stage: String,
    pub status: Status,
    /// Who moved it (none when the candidate did, or an account since erased).
    pub actor_id: Option<Uuid>,
    pub reason: Option<String>,
    pub changed_at: DateTime<Utc>,
}

/// One move of your application.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MyHistoryEntry {
    pub stage: String,
    pub status: Status,
    pub changed_at: DateTime<Utc>,
}

/// Your application: where it is and how it got there.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MyApplication {
    pub id: Uuid,
    pub job_id: Uuid,
    pub job_title: String,
    pub applied_at: DateTime<Utc>,
    pub status: Status,
    pub stage: String,
    pub cv_id: Option<Uuid>,
    pub cover_letter: Option<String>,
    pub answers: Vec<AnswerView>,
    /// How your CV fits the posting (the same screening the company sees).
    pub score: f32,
    pub history: Vec<MyHistoryEntry>,
    pub updated_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// A recruiter's note.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Note {
    pub id: Uuid,
    pub application_id: Uuid,
    pub author_id: Option<Uuid>,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// A job's pipeline.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Pipeline {
    pub job_id: Uuid,
    pub stages: Vec<Stage>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// A message a company sends candidates.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Template {
    pub id: Uuid,
    pub name: String,
    /// The stage whose arrival sends it (`rejected` for rejections); null: sent only when a bulk
    /// rejection names it.
    pub stage: Option<String>,
    pub locale: String,
    pub subject: String,
    pub body: String,
    /// Double-brace names in the subject or body that are not placeholders (sent as written).
    pub unknown_placeholders: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub(super) fn status_of(text: &str) -> Status {
    Status::parse(text).unwrap_or(Status::Active)
}

fn answers_of(value: &serde_json::Value) -> Vec<AnswerView> {
    serde_json::from_value(value.clone()).unwrap_or_default()
}

/// The alias a hidden candidate goes by: stable per application, meaningless outside it.
fn alias(id: Uuid) -> String {
    let hex = id.simple().to_string();
    format!("Candidato {}", hex[hex.len() - 6..].to_uppercase())
}

/// The company's view of an application; with `hidden`, who the candidate is stays out of it.
pub(super) fn company_view(row: ApplicationRow, hidden: bool) -> Application {
    let names: Vec<String> = row.candidate_name.iter().cloned().collect();
    let redacted = |text: &str| if hidden { redact(text, &names) } else { text.to_owned() };
    let candidate = CandidateView {
        display_name: if hidden { alias(row.id) } else { row.candidate_name.clone().unwrap_or_else(|| alias(row.id)) },
        identity_hidden: hidden,
        full_name: row.candidate_name.clone().filter(|_| !hidden),
        email: row.candidate_email.clone().filter(|_| !hidden),
        phone: row.candidate_phone.clone().filter(|_| !hidden),
        user_id: row.user_id.filter(|_| !hidden),
        candidate_id: row.candidate_id.filter(|_| !hidden),
        headline: row.headline.clone(),
    };
    let screening = row.screening.as_ref().map(|screening| {
        let mut screening = screening.clone();
        if hidden && let Some(evidence) = screening["evidence"].as_array_mut() {
            for line in evidence {
                if let Some(excerpt) = line["cv_excerpt"].as_str() {
                    line["cv_excerpt"] = redacted(excerpt).into();
                }
            }
        }
        screening
    });
    let answers = answers_of(&row.answers)
        .into_iter()
        .map(|a| AnswerView { question: a.question, answer: redacted(&a.answer) })
        .collect();
    Application {
        id: row.id,
        job_id: row.job_id,
        job_title: row.job_title,
        applied_at: row.applied_at,
        status: status_of(&row.status),
        stage: row.stage,
        source: row.source,
        candidate,
        cv_id: row.cv_id,
        cover_letter: row.cover_letter.as_deref().map(redacted),
        answers,
        score: row.score,
        screening,
        rating: row.rating,
        assigned_recruiter: row.assigned_recruiter,
        tags: row.tags.into_iter().flatten().collect(),
        rejection_reason: row.rejection_reason.as_deref().and_then(RejectionReason::parse),
        rejection_note: row.rejection_note,
        updated_at: row.updated_at,
        closed_at: row.closed_at,
    }
}

/// The candidate's view: where it is and the dates of its moves, nothing the company keeps.
pub(super) fn candidate_view(row: ApplicationRow, changes: &[StageChangeRow]) -> MyApplication {
    let history = changes
        .iter()
        .filter(|change| change.application_id == row.id)
        .map(|change| MyHistoryEntry {
            stage: change.to_stage.clone(),
            status: status_of(&change.status),
            changed_at: change.changed_at,
        })
        .collect();
    MyApplication {
        id: row.id,
        job_id: row.job_id,
        job_title: row.job_title,
        applied_at: row.applied_at,
        status: status_of(&row.status),
        stage: row.stage,
        cv_id: row.cv_id,
        cover_letter: row.cover_letter,
        answers: answers_of(&row.answers),
        score: row.score,
        history,
        updated_at: row.updated_at,
        closed_at: row.closed_at,
    }
}

pub(super) fn history_view(change: StageChangeRow) -> HistoryEntry {
    HistoryEntry {
        from_stage: change.from_stage,
        to_stage: change.to_stage,
        status: status_of(&change.status),
        actor_id: change.actor_id,
        reason: change.reason,
        changed_at: change.changed_at,
    }
}

pub(super) fn note_view(row: NoteRow) -> Note {
    Note {
        id: row.id,
        application_id: row.application_id,
        author_id: row.author_id,
        body: row.body,
        created_at: row.created_at,
    }
}

pub(super) fn template_view(row: TemplateRow) -> Template {
    let mut unknown = unknown_placeholders(&row.subject);
    unknown
        .extend(unknown_placeholders(&row.body).into_iter().filter(|name| !unknown.contains(name)).collect::<Vec<_>>());
    Template {
        unknown_placeholders: unknown,
        id: row.id,
        name: row.name,
        stage: row.stage,
        locale: row.locale,
        subject: row.subject,
        body: row.body,
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}

/// Folded text for the company's search: who the candidate is, and what they do.
pub(super) fn search_texts(
    name: Option<&str>,
    email: Option<&str>,
    phone: Option<&str>,
    work: &[&str],
) -> (String, String) {
    let identity = [name, email, phone].into_iter().flatten().collect::<Vec<_>>().join(" ");
    (fold(&identity), fold(&work.join(" ")))
}
