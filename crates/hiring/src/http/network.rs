//! The talent network: your profile (join, pause, resume, leave), the approaches you received;
//! companies' search and contacts; the platform's prospects.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use kernel::auth::AuthUser;
use kernel::client::client_ip;
use kernel::input::{Json, Query};
use kernel::{AppResult, Problem};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::Service;
use crate::domain::network::{NetworkStatus, ProfileStatus};
use crate::service::{
    ContactRequest, NetworkApplication, NetworkChange, NetworkQuery, ProfileChange, ProspectInput, TalentProfile,
    TalentProfileInput,
};

/// Which network applications to list.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NetworkStatusQuery {
    #[param(inline)]
    pub status: Option<NetworkStatus>,
}

/// Join the talent network (or update your profile) from one of your parsed CVs: companies find
/// you by your skills, seniority, city, way of working, availability and rate, never by your
/// email. Your consent is recorded with its time, IP address and source; the CV becomes
/// discoverable with it.
#[utoipa::path(tag = "network", security(("bearer" = [])), request_body = TalentProfileInput,
    responses(
        (status = 200, body = TalentProfile),
        (status = 404, description = "No such CV of yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The CV is not parsed yet, or the GitHub username is another profile's", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/api/v1/me/talent-profile")]
pub(super) async fn join_network(
    service: Service,
    auth: AuthUser,
    req: HttpRequest,
    body: Json<TalentProfileInput>,
) -> AppResult<web::Json<TalentProfile>> {
    Ok(web::Json(service.join_network(&auth, body.into_inner(), client_ip(&req)).await?))
}

/// Your network profile, with your consent.
#[utoipa::path(tag = "network", security(("bearer" = [])),
    responses((status = 200, body = TalentProfile), (status = 404, description = "You have no talent profile", body = Problem, content_type = "application/problem+json")))]
#[get("/api/v1/me/talent-profile")]
pub(super) async fn my_talent_profile(service: Service, auth: AuthUser) -> AppResult<web::Json<TalentProfile>> {
    Ok(web::Json(service.my_talent_profile(&auth).await?))
}

/// Stop being found for now (companies stop seeing you at once).
#[utoipa::path(tag = "network", security(("bearer" = [])),
    responses((status = 200, body = TalentProfile), (status = 409, description = "Not visible now", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "You have no talent profile", body = Problem, content_type = "application/problem+json")))]
#[post("/api/v1/me/talent-profile/pause")]
pub(super) async fn pause_profile(
    service: Service,
    auth: AuthUser,
    req: HttpRequest,
) -> AppResult<web::Json<TalentProfile>> {
    Ok(web::Json(service.move_my_profile(&auth, ProfileStatus::Paused, client_ip(&req)).await?))
}

/// Be found again.
#[utoipa::path(tag = "network", security(("bearer" = [])),
    responses((status = 200, body = TalentProfile), (status = 409, description = "Not paused", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "You have no talent profile", body = Problem, content_type = "application/problem+json")))]
#[post("/api/v1/me/talent-profile/resume")]
pub(super) async fn resume_profile(
    service: Service,
    auth: AuthUser,
    req: HttpRequest,
) -> AppResult<web::Json<TalentProfile>> {
    Ok(web::Json(service.move_my_profile(&auth, ProfileStatus::Active, client_ip(&req)).await?))
}

/// Leave the network (your consent is withdrawn; join again whenever you want).
#[utoipa::path(tag = "network", security(("bearer" = [])),
    responses((status = 200, body = TalentProfile), (status = 409, description = "Already out", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "You have no talent profile", body = Problem, content_type = "application/problem+json")))]
#[delete("/api/v1/me/talent-profile")]
pub(super) async fn leave_network(
    service: Service,
    auth: AuthUser,
    req: HttpRequest,
) -> AppResult<web::Json<TalentProfile>> {
    Ok(web::Json(service.move_my_profile(&auth, ProfileStatus::Removed, client_ip(&req)).await?))
}

/// The companies' approaches you received through the network.
#[utoipa::path(tag = "network", security(("bearer" = [])), params(NetworkStatusQuery),
    responses((status = 200, body = Vec<NetworkApplication>)))]
#[get("/api/v1/me/network-applications")]
pub(super) async fn my_network_applications(
    service: Service,
    auth: AuthUser,
    query: Query<NetworkStatusQuery>,
) -> AppResult<web::Json<Vec<NetworkApplication>>> {
    Ok(web::Json(service.network_applications(&auth, true, query.status).await?))
}

/// Search the talent network (members who read candidates): only people who opted in and are
/// visible now; featured first, or ranked by fit to one of your jobs.
#[utoipa::path(tag = "network", security(("bearer" = ["company"])), params(NetworkQuery),
    responses(
        (status = 200, body = Vec<TalentProfile>),
        (status = 403, description = "Not acting in a company, or your role cannot read candidates", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`job_id` is not a job of your company", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/network/profiles")]
pub(super) async fn search_network(
    service: Service,
    auth: AuthUser,
    query: Query<NetworkQuery>,
) -> AppResult<web::Json<Vec<TalentProfile>>> {
    Ok(web::Json(service.search_network(&auth, query.into_inner()).await?))
}

/// Contact a profile (members who manage candidates): a network application, `contacted` (the
/// person gets your message) or `interested` without one.
#[utoipa::path(tag = "network", security(("bearer" = ["company"])), params(("id" = Uuid, Path)), request_body = ContactRequest,
    responses(
        (status = 201, body = NetworkApplication),
        (status = 409, description = "Your company already approached this person", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/network/profiles/{id}/contact")]
pub(super) async fn contact_profile(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<ContactRequest>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service.contact_profile(&auth, id.into_inner(), body.into_inner()).await?))
}

/// Your company's network applications, newest first.
#[utoipa::path(tag = "network", security(("bearer" = ["company"])), params(NetworkStatusQuery),
    responses((status = 200, body = Vec<NetworkApplication>)))]
#[get("/api/v1/network/applications")]
pub(super) async fn company_network_applications(
    service: Service,
    auth: AuthUser,
    query: Query<NetworkStatusQuery>,
) -> AppResult<web::Json<Vec<NetworkApplication>>> {
    Ok(web::Json(service.network_applications(&auth, false, query.status).await?))
}

/// Move your company's network application; `hired` records the placement fee, billed to your
/// company at once (`fee_status` invoiced, then paid when the charge to the method your company
/// last paid with goes through; a receipt follows among the company's invoices).
#[utoipa::path(tag = "network", security(("bearer" = ["company"])), params(("id" = Uuid, Path)), request_body = NetworkChange,
    responses(
        (status = 200, body = NetworkApplication),
        (status = 409, description = "Not a move this application can make", body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/api/v1/network/applications/{id}")]
pub(super) async fn move_network_application(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<NetworkChange>,
) -> AppResult<web::Json<NetworkApplication>> {
    Ok(web::Json(service.move_network_application(&auth, id.into_inner(), body.into_inner()).await?))
}

/// Source a prospect (platform operators): one profile per email and GitHub username, so the same
/// person from another source answers the known profile (200).
#[utoipa::path(tag = "network", security(("bearer" = [])), request_body = ProspectInput,
    responses(
        (status = 201, body = TalentProfile),
        (status = 200, description = "Already known: the profile, completed", body = TalentProfile),
        (status = 403, description = "Not a platform operator", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/admin/talent/prospects")]
pub(super) async fn add_prospect(
    service: Service,
    auth: AuthUser,
    body: Json<ProspectInput>,
) -> AppResult<HttpResponse> {
    let (profile, created) = service.add_prospect(&auth, body.into_inner()).await?;
    Ok(if created { HttpResponse::Created().json(profile) } else { HttpResponse::Ok().json(profile) })
}

/// Invite a prospect by mail (platform operators): at most three times, a week apart.
#[utoipa::path(tag = "network", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = TalentProfile),
        (status = 403, description = "Not a platform operator", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a prospect, no email, or invited three times", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Invited less than a week ago", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/admin/talent/profiles/{id}/invite")]
pub(super) async fn invite_prospect(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<TalentProfile>> {
    Ok(web::Json(service.invite_prospect(&auth, id.into_inner()).await?))
}

/// Feature, unfeature or remove a profile (platform operators).
#[utoipa::path(tag = "network", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = ProfileChange,
    responses(
        (status = 200, body = TalentProfile),
        (status = 403, description = "Not a platform operator", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a move the platform may make", body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/api/v1/admin/talent/profiles/{id}")]
pub(super) async fn change_profile(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<ProfileChange>,
) -> AppResult<web::Json<TalentProfile>> {
    Ok(web::Json(service.change_profile(&auth, id.into_inner(), body.into_inner()).await?))
}
