//! A CV as other contexts read it (matching, interviews): the corrected data's essentials (contact,
//! summary, jobs with their descriptions, education), its sections and its whole-CV vector. Only
//! the CV's owner may ask (row-level security).

use diesel::QueryResult;
use kernel::auth::AuthUser;
use kernel::db::{DbConn, ScopedFutureExt, scoped};
use kernel::{AppError, AppResult};
use uuid::Uuid;

use super::{CvService, effective_data, find_own, this_month};
use crate::domain::dates::latest_job;
use crate::domain::upload::ParsingStatus;
use crate::store::{self, CvRow, SectionRow, SkillRow};

/// What a parsed CV says about its owner, for matching them to jobs.
#[derive(Debug, Clone)]
pub struct CvProfile {
    pub cv_id: Uuid,
    /// The owner's account; none for a company's own candidate (see `reading`).
    pub user_id: Option<Uuid>,
    /// es or en: the language explanations are written in.
    pub language: String,
    pub total_experience_years: f64,
    pub seniority: Option<String>,
    /// Where the person lives, as the CV says (a city).
    pub location: Option<String>,
    /// Canonical titles of the CV's jobs, latest first.
    pub titles: Vec<String>,
    pub skills: Vec<ProfileSkill>,
    pub contact: ProfileContact,
    pub summary: Option<String>,
    /// The jobs in the CV's own order.
    pub experiences: Vec<ProfileExperience>,
    pub education: Vec<ProfileEducation>,
    /// `(kind, content)` in reading order.
    pub sections: Vec<(String, String)>,
    /// The whole-CV vector under the configured model, once made.
    pub vector: Option<Vec<f32>>,
}

/// How to reach the person, as the CV (or their correction) writes it.
#[derive(Debug, Clone, Default)]
pub struct ProfileContact {
    pub full_name: Option<String>,
    pub email: Option<String>,
    /// E.164.
    pub phone: Option<String>,
    pub location: Option<String>,
    pub links: Vec<String>,
}

/// One job of the CV, corrections included.
#[derive(Debug, Clone, Default)]
pub struct ProfileExperience {
    pub title: Option<String>,
    /// Canonical (English), when the titles list knows it.
    pub normalized_title: Option<String>,
    pub company: Option<String>,
    /// `YYYY-MM`.
    pub start: String,
    /// `YYYY-MM`; none while it goes on.
    pub end: Option<String>,
    /// The CV's lines about the job, as written.
    pub description: String,
}

/// One degree or course of study of the CV, corrections included.
#[derive(Debug, Clone, Default)]
pub struct ProfileEducation {
    pub degree: Option<String>,
    pub institution: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ProfileSkill {
    pub id: String,
    pub name: String,
    /// listed, text or user.
    pub source: String,
    pub years: Option<f32>,
}

impl CvService {
    /// The caller's parsed CV as a profile; 404 for another person's, 409 while not parsed.
    pub async fn profile(&self, auth: &AuthUser, cv_id: Uuid) -> AppResult<CvProfile> {
        let (user_id, model) = (auth.user_id(), self.inner.embedder.model.clone());
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            let model = &model;
            async move {
                let row = find_own(conn, user_id, cv_id).await?;
                if ParsingStatus::parse(&row.parsing_status) != Some(ParsingStatus::Parsed) {
                    return Err(AppError::Conflict("this CV is not parsed yet: wait until it is".into()));
                }
                Ok(load(conn, row, model).await?)
            }
            .scope_boxed()
        })
        .await
    }
}

/// A CV's profile: its row with its sections, skills and whole-CV vector under `model`.
pub(super) async fn load(conn: &mut DbConn, row: CvRow, model: &str) -> QueryResult<CvProfile> {
    let sections = store::sections_of(conn, row.id).await?;
    let skills = store::skills_of(conn, row.id).await?;
    let vector = store::whole_cv_vector(conn, row.id, model).await?;
    Ok(assemble(row, sections, skills, vector))
}

/// A parsed CV's profile from its stored parts.
fn assemble(row: CvRow, sections: Vec<SectionRow>, skills: Vec<SkillRow>, vector: Option<Vec<f32>>) -> CvProfile {
    let data = effective_data(&row, this_month()).unwrap_or_default();
    let sections = sections.into_iter().map(|s| (s.kind, s.content)).collect();
    let skills = skills.into_iter().map(ProfileSkill::from).collect();
    profile_of(row.id, Some(row.user_id), &data, sections, skills, vector)
}

impl From<SkillRow> for ProfileSkill {
    fn from(s: SkillRow) -> Self {
        ProfileSkill { id: s.skill_id, name: s.name, source: s.source, years: s.years }
    }
}

/// The profile of a CV's (corrected) data and its parts.
pub(super) fn profile_of(
    cv_id: Uuid,
    user_id: Option<Uuid>,
    data: &serde_json::Value,
    sections: Vec<(String, String)>,
    skills: Vec<ProfileSkill>,
    vector: Option<Vec<f32>>,
) -> CvProfile {
    let jobs = data["experience"].as_array().map(Vec::as_slice).unwrap_or_default();
    // Latest main job first, whatever order the CV lists them in.
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    let periods = |i: &usize| (jobs[*i]["start"].as_str().unwrap_or_default(), jobs[*i]["end"].as_str());
    if let Some(latest) = latest_job(order.iter().map(periods)) {
        order.swap(0, latest);
    }
    let titles = order.iter().filter_map(|i| jobs[*i]["normalized_title"].as_str()).map(str::to_owned).collect();
    let text = |value: &serde_json::Value| value.as_str().map(str::to_owned);
    let contact = &data["contact"];
    let links = contact["links"].as_array().map(Vec::as_slice).unwrap_or_default();
    CvProfile {
        cv_id,
        user_id,
        language: data["language"].as_str().unwrap_or("es").to_owned(),
        total_experience_years: data["total_experience_years"].as_f64().unwrap_or(0.0),
        seniority: data["seniority"].as_str().map(str::to_owned),
        location: text(&contact["location"]),
        titles,
        contact: ProfileContact {
            full_name: text(&contact["full_name"]),
            email: text(&contact["email"]),
            phone: text(&contact["phone"]),
            location: text(&contact["location"]),
            links: links.iter().filter_map(|link| text(&link["url"])).collect(),
        },
        summary: text(&data["summary"]),
        experiences: jobs
            .iter()
            .map(|job| ProfileExperience {
                title: text(&job["title"]),
                normalized_title: text(&job["normalized_title"]),
                company: text(&job["company"]),
                start: text(&job["start"]).unwrap_or_default(),
                end: text(&job["end"]),
                description: text(&job["description"]).unwrap_or_default(),
            })
            .collect(),
        education: data["education"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|entry| ProfileEducation {
                degree: text(&entry["degree"]),
                institution: text(&entry["institution"]),
                start: text(&entry["start"]),
                end: text(&entry["end"]),
            })
            .collect(),
        skills,
        sections,
        vector,
    }
}
