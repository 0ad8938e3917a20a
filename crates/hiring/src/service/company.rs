//! A company's hiring setup: blind review, each job's pipeline, and the messages written to
//! candidates. Admins and recruiters change them; every member who reads candidates sees them.

use chrono::Utc;
use kernel::auth::{AuthUser, Permission};
use kernel::db::{ScopedFutureExt, scoped};
use kernel::ids::new_id;
use kernel::{AppError, AppResult, FieldError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::views::template_view;
use super::{HiringService, Pipeline, Template, blind_rule, checked_text, company_job, stages_of};
use crate::domain::pipeline::{StageInput, revise, valid_key};
use crate::store::{self, PipelineRow, SettingsRow, TemplateRow};

/// A company's hiring rules.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct HiringSettings {
    /// Hide who candidates are (name, photo, email, phone, age, address) until `reveal_stage`.
    pub blind_review: bool,
    /// The stage from which the company sees who the candidate is.
    pub reveal_stage: String,
}

/// What a company changes in its rules; fields left out stay.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsChange {
    pub blind_review: Option<bool>,
    #[schema(pattern = "^[a-z][a-z0-9_]{0,39}$")]
    pub reveal_stage: Option<String>,
}

/// A job's stages as the company wants them: always `applied` first and `hired` last (renamed
/// when their names are given), the stages in between in this order.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PipelineInput {
    #[schema(min_length = 1, max_length = 60, pattern = r"\S")]
    pub applied_name: Option<String>,
    /// The stages between applied and hired.
    #[schema(max_items = 10)]
    pub stages: Vec<StageInput>,
    #[schema(min_length = 1, max_length = 60, pattern = r"\S")]
    pub hired_name: Option<String>,
}

/// A message template to save.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateInput {
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub name: String,
    /// The stage whose arrival sends it (`rejected` for rejections); leave out for one sent only
    /// when a bulk action names it.
    #[schema(pattern = "^[a-z][a-z0-9_]{0,39}$")]
    pub stage: Option<String>,
    /// es or en: candidates get the template in their language.
    #[schema(pattern = "^(es|en)$")]
    pub locale: String,
    /// May use {{candidate_name}}, {{job_title}}, {{company_name}}, {{stage}} (anything else in
    /// double braces is sent as written; the saved template lists it in `unknown_placeholders`).
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    pub subject: String,
    #[schema(min_length = 1, max_length = 5000, pattern = r"\S")]
    pub body: String,
}

impl TemplateInput {
    fn checked(&self) -> AppResult<TemplateInput> {
        let mut errors = Vec::new();
        let mut text = |field: &str, value: &str, max: usize| match checked_text(field, value, max) {
            Ok(text) if text.is_empty() => {
                errors.push(FieldError::new(field, "required", format!("1 to {max} characters")));
                String::new()
            }
            Ok(text) => text,
            Err(AppError::Validation(mut found)) => {
                errors.append(&mut found);
                String::new()
            }
            Err(_) => String::new(),
        };
        let (name, subject, body) =
            (text("name", &self.name, 100), text("subject", &self.subject, 200), text("body", &self.body, 5000));
        if !matches!(self.locale.as_str(), "es" | "en") {
            errors.push(FieldError::new("locale", "invalid", "es or en"));
        }
        if self.stage.as_deref().is_some_and(|stage| !valid_key(stage)) {
            errors.push(FieldError::new("stage", "invalid", "a stage key, or `rejected`"));
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        Ok(TemplateInput { name, stage: self.stage.clone(), locale: self.locale.clone(), subject, body })
    }
}

fn unique_template(error: AppError) -> AppError {
    match error {
        AppError::Database(db)
            if kernel::db::is_unique_violation(&db, "message_templates_tenant_id_name_locale_key") =>
        {
            AppError::Conflict("your company has a template with this name and locale".into())
        }
        AppError::Database(db) if kernel::db::is_unique_violation(&db, "message_templates_stage") => {
            AppError::Conflict("your company has a template for this stage and locale".into())
        }
        other => other,
    }
}

impl HiringService {
    pub async fn settings(&self, auth: &AuthUser, tenant_id: Uuid) -> AppResult<HiringSettings> {
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                identity::authorize(conn, auth, tenant_id, Permission::CandidatesRead).await?;
                let rule = blind_rule(conn, tenant_id).await?;
                Ok(HiringSettings { blind_review: rule.enabled, reveal_stage: rule.reveal_stage })
            }
            .scope_boxed()
        })
        .await
    }

    /// Changes the company's rules (admins).
    pub async fn change_settings(
        &self,
        auth: &AuthUser,
        tenant_id: Uuid,
        change: SettingsChange,
    ) -> AppResult<HiringSettings> {
        if change.reveal_stage.as_deref().is_some_and(|stage| !valid_key(stage)) {
            return Err(AppError::invalid("reveal_stage", "invalid", "a stage key"));
        }
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                identity::authorize(conn, auth, tenant_id, Permission::TenantManage).await?;
                let rule = blind_rule(conn, tenant_id).await?;
                let row = SettingsRow {
                    tenant_id,
                    blind_review: change.blind_review.unwrap_or(rule.enabled),
                    reveal_stage: change.reveal_stage.unwrap_or(rule.reveal_stage),
                    updated_at: Utc::now(),
                };
                store::save_settings(conn, &row).await?;
                Ok(HiringSettings { blind_review: row.blind_review, reveal_stage: row.reveal_stage })
            }
            .scope_boxed()
        })
        .await
    }

    pub async fn pipeline(&self, auth: &AuthUser, job_id: Uuid) -> AppResult<Pipeline> {
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let tenant_id = identity::acting_company(conn, auth, Permission::CandidatesRead).await?;
                company_job(conn, tenant_id, job_id).await?;
                let stages = stages_of(conn, tenant_id, job_id).await?;
                let updated_at = store::pipeline_of(conn, job_id).await?.map(|row| row.updated_at);
                Ok(Pipeline { job_id, stages, updated_at })
            }
            .scope_boxed()
        })
        .await
    }

    /// Renames, adds, removes and reorders a job's stages (admins and recruiters). A stage that
    /// active applications are at cannot be removed (409: move them first).
    pub async fn change_pipeline(&self, auth: &AuthUser, job_id: Uuid, input: PipelineInput) -> AppResult<Pipeline> {
        let now = Utc::now();
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let tenant_id = identity::acting_company(conn, auth, Permission::JobsManage).await?;
                company_job(conn, tenant_id, job_id).await?;
                let current = stages_of(conn, tenant_id, job_id).await?;
                store::lock_pipeline(conn, job_id).await?;
                let stages =
                    revise(&current, input.applied_name.as_deref(), &input.stages, input.hired_name.as_deref())?;
                let removed: Vec<String> =
                    current.iter().filter(|s| !stages.iter().any(|n| n.key == s.key)).map(|s| s.key.clone()).collect();
                if !removed.is_empty() {
                    let counts = store::counts_of_job(conn, job_id).await?;
                    let busy: Vec<&str> = counts
                        .iter()
                        .filter(|(stage, status, n)| *n > 0 && status == "active" && removed.contains(stage))
                        .map(|(stage, _, _)| stage.as_str())
                        .collect();
                    if !busy.is_empty() {
                        return Err(AppError::Conflict(format!(
                            "active applications are at {}: move them before removing the stage",
                            busy.join(", ")
                        )));
                    }
                }
                let row = PipelineRow {
                    job_id,
                    tenant_id,
                    stages: serde_json::to_value(&stages).map_err(|e| AppError::Internal(e.to_string()))?,
                    updated_at: now,
                };
                store::save_pipeline(conn, &row).await?;
                Ok(Pipeline { job_id, stages, updated_at: Some(now) })
            }
            .scope_boxed()
        })
        .await
    }

    pub async fn templates(&self, auth: &AuthUser, tenant_id: Uuid) -> AppResult<Vec<Template>> {
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                identity::authorize(conn, auth, tenant_id, Permission::CandidatesRead).await?;
                Ok(store::templates_of(conn, tenant_id).await?.into_iter().map(template_view).collect())
            }
            .scope_boxed()
        })
        .await
    }

    /// Saves a new template (admins and recruiters); `id` replaces that one.
    pub async fn save_template(
        &self,
        auth: &AuthUser,
        tenant_id: Uuid,
        id: Option<Uuid>,
        input: TemplateInput,
    ) -> AppResult<Template> {
        let input = input.checked()?;
        let now = Utc::now();
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                identity::authorize(conn, auth, tenant_id, Permission::CandidatesManage).await?;
                let created_at = match id {
                    Some(id) => store::template(conn, id).await?.ok_or(AppError::NotFound("template"))?.created_at,
                    None => now,
                };
                let row = TemplateRow {
                    id: id.unwrap_or_else(new_id),
                    tenant_id,
                    name: input.name,
                    stage: input.stage,
                    locale: input.locale,
                    subject: input.subject,
                    body: input.body,
                    created_at,
                    updated_at: now,
                };
                if id.is_some() {
                    store::update_template(conn, &row).await?;
                } else {
                    store::insert_template(conn, &row).await?;
                }
                Ok(template_view(row))
            }
            .scope_boxed()
        })
        .await
        .map_err(unique_template)
    }

    pub async fn delete_template(&self, auth: &AuthUser, tenant_id: Uuid, id: Uuid) -> AppResult<()> {
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                identity::authorize(conn, auth, tenant_id, Permission::CandidatesManage).await?;
                match store::delete_template(conn, id).await? {
                    0 => Err(AppError::NotFound("template")),
                    _ => Ok(()),
                }
            }
            .scope_boxed()
        })
        .await
    }
}
