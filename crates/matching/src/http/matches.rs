//! What a CV gets from the board: matches (save, dismiss, rate), career insights, tailoring.

use actix_web::{HttpResponse, get, post, put, web};
use kernel::auth::AuthUser;
use kernel::input::{Json, Query};
use kernel::{AppResult, Problem};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::domain::postings::RemotePolicy;
use crate::service::insights::CareerInsights;
use crate::service::recommendations::{JobMatch, MatchFilter, MatchState, MatchStatus};
use crate::service::tailoring::{FileFormat, TailoredCv};

use super::Service;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct MatchesQuery {
    /// How many jobs (1 to 50, default 20).
    #[param(minimum = 1, maximum = 50)]
    limit: Option<u32>,
    /// Only jobs in this city.
    #[param(min_length = 1, max_length = 100)]
    city: Option<String>,
    /// Only jobs with this remote policy.
    remote: Option<RemotePolicy>,
}

/// The published jobs that fit your CV best, each with its scores (overall, semantic, skills,
/// experience), the skills you match and those you miss (must-haves first), where your CV shows
/// each requirement, an explanation in your CV's language and suggestions for your CV.
#[utoipa::path(tag = "matching", security(("bearer" = [])), params(("id" = Uuid, Path), MatchesQuery),
    responses(
        (status = 200, body = Vec<JobMatch>),
        (status = 409, description = "The CV is not parsed yet", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/cvs/{id}/matches")]
pub(super) async fn cv_matches(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    query: Query<MatchesQuery>,
) -> AppResult<web::Json<Vec<JobMatch>>> {
    let query = query.into_inner();
    let limit = query.limit.unwrap_or(20);
    if !(1..=50).contains(&limit) {
        return Err(kernel::AppError::invalid("limit", "out_of_range", "must be 1 to 50"));
    }
    let city = query.city.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty());
    let filter = MatchFilter { limit: limit as usize, city, remote: query.remote };
    Ok(web::Json(service.matches_for_cv(&auth, id.into_inner(), filter).await?))
}

/// Save a recommended job, to find it again.
#[utoipa::path(tag = "matching", security(("bearer" = [])), params(("id" = Uuid, Path)), responses((status = 200, body = MatchState)))]
#[post("/api/v1/matches/{id}/save")]
pub(super) async fn save_match(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<MatchState>> {
    Ok(web::Json(service.set_match_status(&auth, id.into_inner(), MatchStatus::Saved).await?))
}

/// Dismiss a recommended job: it is not recommended again for this CV.
#[utoipa::path(tag = "matching", security(("bearer" = [])), params(("id" = Uuid, Path)), responses((status = 200, body = MatchState)))]
#[post("/api/v1/matches/{id}/dismiss")]
pub(super) async fn dismiss_match(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<MatchState>> {
    Ok(web::Json(service.set_match_status(&auth, id.into_inner(), MatchStatus::Dismissed).await?))
}

/// How good a fit the recommendation is, in your view.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct Rating {
    /// 1 (poor fit) to 5 (great fit).
    #[schema(minimum = 1, maximum = 5)]
    rating: i16,
}

/// Rate a recommended job from 1 (poor fit) to 5 (great fit).
#[utoipa::path(tag = "matching", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = Rating,
    responses((status = 200, body = MatchState)))]
#[put("/api/v1/matches/{id}/rating")]
pub(super) async fn rate_match(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    rating: Json<Rating>,
) -> AppResult<web::Json<MatchState>> {
    Ok(web::Json(service.rate_match(&auth, id.into_inner(), rating.into_inner().rating).await?))
}

/// The job market around your CV, from the published postings: for the title of your latest job
/// (in your city when it has enough postings, else everywhere), the skills asked for that your
/// CV lacks (how often, must or not, and the pay of the postings asking for them), your skills
/// the market wants most, the seniorities hired and the monthly pay quartiles.
#[utoipa::path(tag = "matching", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = CareerInsights),
        (status = 409, description = "The CV is not parsed yet", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/cvs/{id}/insights")]
pub(super) async fn cv_insights(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<CareerInsights>> {
    Ok(web::Json(service.insights(&auth, id.into_inner()).await?))
}

/// What the tailored CV comes as.
#[derive(Debug, Clone, Copy, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
enum TailoringFormat {
    /// The tailoring itself, to show and edit.
    #[default]
    Json,
    /// The tailored CV as an A4 PDF to download.
    Pdf,
    /// The tailored CV as a Word document to download and edit.
    Docx,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct TailoringQuery {
    /// Your CV to tailor (parsed).
    cv_id: Uuid,
    /// json (default), pdf or docx.
    #[param(inline)]
    format: Option<TailoringFormat>,
}

/// Your CV tailored to this job (published, or your company's), from your CV's own lines only:
/// requirement by requirement (must first) the jobs and lines of your CV that show it, the
/// requirements it does not show, the skills you name otherwise than the posting ("NIIF" for
/// "IFRS"), and the whole CV reordered for this job: a summary built from your title, years and
/// skills, your jobs most relevant first (with why), your skills asked for first in the
/// posting's words. `format=pdf` or `docx` downloads that CV as a file.
#[utoipa::path(tag = "matching", security(("bearer" = [])), params(("id" = Uuid, Path), TailoringQuery),
    responses(
        (status = 200, description = "The tailoring (json), or the tailored CV as a file (pdf, docx)", content(
            (TailoredCv = "application/json"),
            ("application/pdf"),
            ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        )),
        (status = 409, description = "The CV is not parsed yet", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/jobs/{id}/tailoring")]
pub(super) async fn job_tailoring(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    query: Query<TailoringQuery>,
) -> AppResult<HttpResponse> {
    use actix_web::http::header::{CONTENT_DISPOSITION, ContentDisposition, DispositionParam, DispositionType};
    let query = query.into_inner();
    let format = match query.format.unwrap_or_default() {
        TailoringFormat::Json => {
            return Ok(HttpResponse::Ok().json(service.tailored_cv(&auth, id.into_inner(), query.cv_id).await?));
        }
        TailoringFormat::Pdf => FileFormat::Pdf,
        TailoringFormat::Docx => FileFormat::Docx,
    };
    let file = service.tailored_file(&auth, id.into_inner(), query.cv_id, format).await?;
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::Filename(file.filename)],
    };
    Ok(HttpResponse::Ok()
        .content_type(file.format.content_type())
        .insert_header((CONTENT_DISPOSITION, disposition))
        .body(file.bytes))
}
