//! Credentials over HTTP: email verification and password reset by mailed link, and changing the
//! password while signed in.

use actix_web::{HttpResponse, post};
use kernel::AppResult;
use kernel::Problem;
use kernel::auth::AuthUser;
use kernel::input::Json;
use serde::Deserialize;
use utoipa::ToSchema;

use super::Service;
use crate::service::ChangePasswordCommand;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub token: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    #[schema(format = Email, max_length = 254)]
    pub email: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetConfirmation {
    pub token: String,
    /// 10 to 128 characters; not the email address, not one of the most common passwords.
    #[schema(min_length = 10, max_length = 128)]
    pub new_password: String,
}

/// Mail a new email-verification link.
#[utoipa::path(tag = "identity", security(("bearer" = [])),
    responses(
        (status = 202, description = "Link sent"),
        (status = 409, description = "Already verified", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Three links an hour at most; see Retry-After", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/auth/email-verification")]
pub(super) async fn request_email_verification(service: Service, auth: AuthUser) -> AppResult<HttpResponse> {
    service.request_email_verification(&auth).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Confirm an email address with the mailed token.
#[utoipa::path(tag = "identity", request_body = TokenRequest,
    responses(
        (status = 204),
        (status = 404, description = "Unknown token", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Token used or expired", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/auth/email-verification/confirm")]
pub(super) async fn confirm_email_verification(service: Service, body: Json<TokenRequest>) -> AppResult<HttpResponse> {
    service.confirm_email_verification(&body.token).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Mail a password-reset link. Answers 202 whether or not the email has an account.
#[utoipa::path(tag = "identity", request_body = PasswordResetRequest, responses((status = 202)))]
#[post("/api/v1/auth/password-reset")]
pub(super) async fn request_password_reset(
    service: Service,
    body: Json<PasswordResetRequest>,
) -> AppResult<HttpResponse> {
    service.request_password_reset(&body.email).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Choose a new password with the mailed token; every session is revoked.
#[utoipa::path(tag = "identity", request_body = PasswordResetConfirmation,
    responses(
        (status = 204),
        (status = 404, description = "Unknown token", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Token used or expired", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Password breaks the policy", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/auth/password-reset/confirm")]
pub(super) async fn confirm_password_reset(
    service: Service,
    body: Json<PasswordResetConfirmation>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    service.confirm_password_reset(&body.token, body.new_password).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Change your password; your other sessions are revoked.
#[utoipa::path(tag = "identity", security(("bearer" = [])), request_body = ChangePasswordCommand,
    responses(
        (status = 204),
        (status = 403, description = "Wrong current password", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong passwords; see Retry-After", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/me/password")]
pub(super) async fn change_password(
    service: Service,
    auth: AuthUser,
    body: Json<ChangePasswordCommand>,
) -> AppResult<HttpResponse> {
    service.change_password(&auth, body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
