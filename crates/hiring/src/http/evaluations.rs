//! How a company evaluates applications: each job's scorecard and evaluators' scorecards,
//! technical evaluations, and challenge templates (its own and the platform's public ones).

use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use kernel::auth::AuthUser;
use kernel::input::{Json, Query};
use kernel::pagination::Page;
use kernel::{AppResult, Problem};
use uuid::Uuid;

use super::Service;
use crate::service::{
    ApplicationScorecards, ChallengeInput, ChallengeQuery, ChallengeTemplate, ChallengeTemplateChange, EvaluationInput,
    JobScorecard, NewTechnicalEvaluation, Scorecard, ScorecardInput, TechnicalEvaluation, TechnicalEvaluationChange,
};

/// A job's scorecard: the criteria its evaluators score, in order (empty until defined).
#[utoipa::path(tag = "evaluations", security(("bearer" = ["company"])), params(("id" = Uuid, Path)),
    responses((status = 200, body = JobScorecard)))]
#[get("/api/v1/jobs/{id}/scorecard")]
pub(super) async fn get_job_scorecard(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<JobScorecard>> {
    Ok(web::Json(service.job_scorecard(&auth, id.into_inner()).await?))
}

/// Replace a job's criteria (admins and recruiters): 1 to 15, kept ones by `id`. A criterion left
/// out is deleted, or retired when evaluations scored it (their scores stay, outside the
/// aggregate).
#[utoipa::path(tag = "evaluations", security(("bearer" = ["company"])), params(("id" = Uuid, Path)),
    request_body = ScorecardInput, responses(
        (status = 200, body = JobScorecard),
        (status = 409, description = "A criterion id that is not one of this job's, an id or a name twice", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/api/v1/jobs/{id}/scorecard")]
pub(super) async fn put_job_scorecard(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<ScorecardInput>,
) -> AppResult<web::Json<JobScorecard>> {
    Ok(web::Json(service.change_job_scorecard(&auth, id.into_inner(), body.into_inner()).await?))
}

/// Every evaluator's scorecard of an application, with the aggregate: per criterion mean and
/// count, the weighted overall mean, recommendation counts (members who read candidates).
#[utoipa::path(tag = "evaluations", security(("bearer" = ["company"])), params(("id" = Uuid, Path)),
    responses((status = 200, body = ApplicationScorecards)))]
#[get("/api/v1/applications/{id}/scorecards")]
pub(super) async fn application_scorecards(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<ApplicationScorecards>> {
    Ok(web::Json(service.application_scorecards(&auth, id.into_inner()).await?))
}

/// Your scorecard of an application.
#[utoipa::path(tag = "evaluations", security(("bearer" = ["company"])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Scorecard)))]
#[get("/api/v1/applications/{id}/scorecards/me")]
pub(super) async fn my_scorecard(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<Scorecard>> {
    Ok(web::Json(service.my_scorecard(&auth, id.into_inner()).await?))
}

/// Write your scorecard of an application (members who read candidates): scores 1 to 5 for the
/// job's criteria and a recommendation. It replaces your earlier one; nobody else's changes.
#[utoipa::path(tag = "evaluations", security(("bearer" = ["company"])), params(("id" = Uuid, Path)),
    request_body = EvaluationInput,
    responses(
        (status = 200, body = Scorecard),
        (status = 409, description = "The job has no scorecard yet, or the candidate withdrew", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/api/v1/applications/{id}/scorecards/me")]
pub(super) async fn put_my_scorecard(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<EvaluationInput>,
) -> AppResult<web::Json<Scorecard>> {
    Ok(web::Json(service.evaluate(&auth, id.into_inner(), body.into_inner()).await?))
}

/// An application's technical evaluations, oldest first (members who read candidates).
#[utoipa::path(tag = "evaluations", security(("bearer" = ["company"])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<TechnicalEvaluation>)))]
#[get("/api/v1/applications/{id}/technical-evaluations")]
pub(super) async fn list_technical_evaluations(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<Vec<TechnicalEvaluation>>> {
    Ok(web::Json(service.technical_evaluations(&auth, id.into_inner()).await?))
}

/// Record a technical evaluation of an application (members who manage candidates); using a
/// challenge template counts one more use of it.
#[utoipa::path(tag = "evaluations", security(("bearer" = ["company"])), params(("id" = Uuid, Path)),
    request_body = NewTechnicalEvaluation,
    responses(
        (status = 201, body = TechnicalEvaluation),
        (status = 409, description = "The candidate withdrew, or the application has 20 technical evaluations", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/applications/{id}/technical-evaluations")]
pub(super) async fn add_technical_evaluation(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<NewTechnicalEvaluation>,
) -> AppResult<HttpResponse> {
    let created = service.add_technical_evaluation(&auth, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Created().json(created))
}

/// A technical evaluation (members who read candidates).
#[utoipa::path(tag = "evaluations", security(("bearer" = ["company"])), params(("id" = Uuid, Path)),
    responses((status = 200, body = TechnicalEvaluation)))]
#[get("/api/v1/technical-evaluations/{id}")]
pub(super) async fn get_technical_evaluation(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<TechnicalEvaluation>> {
    Ok(web::Json(service.technical_evaluation(&auth, id.into_inner()).await?))
}

/// Change a technical evaluation: members who manage candidates, or its reviewer. pending →
/// submitted (needs `repository_url`) → reviewed (needs `code_quality_score`); reviewed →
/// submitted reopens it for a new commit.
#[utoipa::path(tag = "evaluations", security(("bearer" = ["company"])), params(("id" = Uuid, Path)),
    request_body = TechnicalEvaluationChange,
    responses(
        (status = 200, body = TechnicalEvaluation),
        (status = 403, description = "Your role may change only the evaluations you review, and not their reviewer", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A move the evaluation cannot make (e.g. pending straight to reviewed)", body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/api/v1/technical-evaluations/{id}")]
pub(super) async fn patch_technical_evaluation(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<TechnicalEvaluationChange>,
) -> AppResult<web::Json<TechnicalEvaluation>> {
    Ok(web::Json(service.change_technical_evaluation(&auth, id.into_inner(), body.into_inner()).await?))
}

/// The challenge templates your company may use: its own and the platform's public ones, by
/// title, filtered by language, difficulty and locale.
#[utoipa::path(tag = "evaluations", security(("bearer" = ["company"])), params(("id" = Uuid, Path), ChallengeQuery),
    responses((status = 200, body = Page<ChallengeTemplate>)))]
#[get("/api/v1/tenants/{id}/challenge-templates")]
pub(super) async fn list_challenge_templates(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    query: Query<ChallengeQuery>,
) -> AppResult<web::Json<Page<ChallengeTemplate>>> {
    Ok(web::Json(service.challenge_templates(&auth, id.into_inner(), query.into_inner()).await?))
}

/// Add a challenge template of your company's own (members who manage candidates).
#[utoipa::path(tag = "evaluations", security(("bearer" = ["company"])), params(("id" = Uuid, Path)),
    request_body = ChallengeInput, responses((status = 201, body = ChallengeTemplate)))]
#[post("/api/v1/tenants/{id}/challenge-templates")]
pub(super) async fn create_challenge_template(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<ChallengeInput>,
) -> AppResult<HttpResponse> {
    let created = service.add_challenge_template(&auth, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Created().json(created))
}

/// A challenge template your company may use.
#[utoipa::path(tag = "evaluations", security(("bearer" = ["company"])), params(("id" = Uuid, Path), ("template_id" = Uuid, Path)),
    responses((status = 200, body = ChallengeTemplate)))]
#[get("/api/v1/tenants/{id}/challenge-templates/{template_id}")]
pub(super) async fn get_challenge_template(
    service: Service,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<web::Json<ChallengeTemplate>> {
    let (tenant_id, id) = path.into_inner();
    Ok(web::Json(service.challenge_template(&auth, tenant_id, id).await?))
}

/// Change one of your company's templates; public ones are read-only (403).
#[utoipa::path(tag = "evaluations", security(("bearer" = ["company"])), params(("id" = Uuid, Path), ("template_id" = Uuid, Path)),
    request_body = ChallengeTemplateChange,
    responses(
        (status = 200, body = ChallengeTemplate),
        (status = 403, description = "A public template: read-only", body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/api/v1/tenants/{id}/challenge-templates/{template_id}")]
pub(super) async fn patch_challenge_template(
    service: Service,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
    body: Json<ChallengeTemplateChange>,
) -> AppResult<web::Json<ChallengeTemplate>> {
    let (tenant_id, id) = path.into_inner();
    Ok(web::Json(service.change_challenge_template(&auth, tenant_id, id, body.into_inner()).await?))
}

/// Delete one of your company's templates (evaluations that used it keep their data); public
/// ones are read-only (403).
#[utoipa::path(tag = "evaluations", security(("bearer" = ["company"])), params(("id" = Uuid, Path), ("template_id" = Uuid, Path)),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "A public template: read-only", body = Problem, content_type = "application/problem+json"),
    ))]
#[delete("/api/v1/tenants/{id}/challenge-templates/{template_id}")]
pub(super) async fn delete_challenge_template(
    service: Service,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (tenant_id, id) = path.into_inner();
    service.delete_challenge_template(&auth, tenant_id, id).await?;
    Ok(HttpResponse::NoContent().finish())
}
