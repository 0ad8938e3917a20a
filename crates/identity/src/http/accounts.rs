//! Your account over HTTP: sign-up, the profile, deletion, and the export of everything the
//! platform holds about you.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use kernel::auth::AuthUser;
use kernel::input::Json;
use kernel::personal_data::PersonalDataHooks;
use kernel::{AppResult, Problem};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Service, client_info};
use crate::domain::User;
use crate::service::{AuthResponse, RegisterCommand, UpdateProfileCommand};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeleteAccountRequest {
    /// The current password, to confirm it is really you.
    #[schema(min_length = 1, max_length = 128)]
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AccountDeleted {
    /// When the account and all its data are erased for good.
    pub purge_after: DateTime<Utc>,
}

/// Create an account (consent to terms and privacy required) and sign in.
#[utoipa::path(tag = "identity", request_body = RegisterCommand,
    responses(
        (status = 201, body = AuthResponse),
        (status = 409, description = "Email already registered", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field breaks a rule", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many sign-ups from your address; see Retry-After", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/auth/register")]
pub(super) async fn register(
    service: Service,
    req: HttpRequest,
    body: Json<RegisterCommand>,
) -> AppResult<HttpResponse> {
    let response = service.register(body.into_inner(), client_info(&req)).await?;
    Ok(HttpResponse::Created().json(response))
}

/// Your account.
#[utoipa::path(tag = "identity", security(("bearer" = [])),
    responses((status = 200, body = User)))]
#[get("/api/v1/me")]
pub(super) async fn get_me(service: Service, auth: AuthUser) -> AppResult<web::Json<User>> {
    Ok(web::Json(service.me(&auth).await?))
}

/// Change names, phone, locale, time zone or marketing consent.
#[utoipa::path(tag = "identity", security(("bearer" = [])), request_body = UpdateProfileCommand,
    responses((status = 200, body = User)))]
#[patch("/api/v1/me")]
pub(super) async fn update_me(
    service: Service,
    auth: AuthUser,
    body: Json<UpdateProfileCommand>,
) -> AppResult<web::Json<User>> {
    Ok(web::Json(service.update_me(&auth, body.into_inner()).await?))
}

/// Delete your account: sessions end now, everything is erased after 30 days.
#[utoipa::path(tag = "identity", security(("bearer" = [])), request_body = DeleteAccountRequest,
    responses(
        (status = 202, body = AccountDeleted),
        (status = 403, description = "Wrong password", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong passwords; see Retry-After", body = Problem, content_type = "application/problem+json"),
    ))]
#[delete("/api/v1/me")]
pub(super) async fn delete_me(
    service: Service,
    auth: AuthUser,
    body: Json<DeleteAccountRequest>,
) -> AppResult<HttpResponse> {
    let purge_after = service.delete_me(&auth, body.into_inner().password).await?;
    Ok(HttpResponse::Accepted().json(AccountDeleted { purge_after }))
}

/// Everything the platform holds about you (LPDP, Law 29733), one section per context.
#[utoipa::path(tag = "identity", security(("bearer" = [])), responses((status = 200, body = Object)))]
#[get("/api/v1/me/data-export")]
pub(super) async fn data_export(
    service: Service,
    auth: AuthUser,
    hooks: web::Data<PersonalDataHooks>,
) -> AppResult<HttpResponse> {
    let document = hooks.export(auth.user_id()).await?;
    service.record_data_export(&auth).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Content-Disposition", "attachment; filename=\"mis-datos.json\""))
        .json(serde_json::json!({ "user_id": auth.user_id(), "exported_at": Utc::now(), "data": document })))
}
