//! Sessions over HTTP: sign-in, refresh-token rotation, logout, switching tenant, the session list,
//! and the public keys that verify access tokens.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use kernel::auth::AuthUser;
use kernel::input::Json;
use kernel::{AppResult, Problem};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{Service, client_info};
use crate::domain::Session;
use crate::service::{AuthResponse, LoginCommand, TokenPair};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SwitchTenantRequest {
    /// The tenant to act in; null to act outside any tenant.
    pub tenant_id: Option<Uuid>,
}

/// Sign in with email and password.
#[utoipa::path(tag = "identity", request_body = LoginCommand,
    responses(
        (status = 200, body = AuthResponse),
        (status = 401, description = "Wrong email or password", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Account suspended", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts; see Retry-After", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/auth/login")]
pub(super) async fn login(
    service: Service,
    req: HttpRequest,
    body: Json<LoginCommand>,
) -> AppResult<web::Json<AuthResponse>> {
    Ok(web::Json(service.login(body.into_inner(), client_info(&req)).await?))
}

/// Exchange a refresh token for a new pair; the old refresh token dies.
#[utoipa::path(tag = "identity", request_body = RefreshRequest,
    responses(
        (status = 200, body = TokenPair),
        (status = 401, description = "Invalid, expired or reused refresh token (reuse revokes the session)", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/auth/refresh")]
pub(super) async fn refresh(service: Service, body: Json<RefreshRequest>) -> AppResult<web::Json<TokenPair>> {
    Ok(web::Json(service.refresh(&body.refresh_token).await?))
}

/// Revoke the current session.
#[utoipa::path(tag = "identity", security(("bearer" = [])),
    responses((status = 204)))]
#[post("/api/v1/auth/logout")]
pub(super) async fn logout(service: Service, auth: AuthUser) -> AppResult<HttpResponse> {
    service.logout(&auth).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// New tokens acting in another of your tenants (or in none).
#[utoipa::path(tag = "identity", security(("bearer" = [])), request_body = SwitchTenantRequest,
    responses(
        (status = 200, body = TokenPair),
        (status = 404, description = "Not a member of that tenant", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/auth/switch-tenant")]
pub(super) async fn switch_tenant(
    service: Service,
    auth: AuthUser,
    body: Json<SwitchTenantRequest>,
) -> AppResult<web::Json<TokenPair>> {
    Ok(web::Json(service.switch_tenant(&auth, body.tenant_id).await?))
}

/// Your live sessions, most recently used first.
#[utoipa::path(tag = "identity", security(("bearer" = [])), responses((status = 200, body = Vec<Session>)))]
#[get("/api/v1/me/sessions")]
pub(super) async fn list_sessions(service: Service, auth: AuthUser) -> AppResult<web::Json<Vec<Session>>> {
    Ok(web::Json(service.sessions(&auth).await?))
}

/// Revoke one of your sessions.
#[utoipa::path(tag = "identity", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204)))]
#[delete("/api/v1/me/sessions/{id}")]
pub(super) async fn revoke_session(service: Service, auth: AuthUser, id: web::Path<Uuid>) -> AppResult<HttpResponse> {
    service.revoke_session(&auth, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The public keys that verify access tokens.
#[utoipa::path(tag = "identity", responses((status = 200, description = "A JWK set", body = Object)))]
#[get("/.well-known/jwks.json")]
pub(super) async fn jwks(service: Service) -> HttpResponse {
    HttpResponse::Ok().insert_header(("Cache-Control", "public, max-age=300")).json(service.keys().jwks())
}
