//! Identity over HTTP: thin handlers that read the request, call the service and shape the reply.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use kernel::auth::AuthUser;
use kernel::input::{Json, Query};
use kernel::pagination::{Page, PageQuery};
use kernel::personal_data::PersonalDataHooks;
use kernel::{AppError, AppResult, Problem};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};
use uuid::Uuid;

use crate::domain::{Invitation, Member, MyTenant, PendingInvitation, Session, Tenant, TenantUpdate, User};
use crate::service::{
    AuthResponse, ChangePasswordCommand, ClientInfo, CreateTenantCommand, IdentityService, InviteCommand, LoginCommand,
    Membership, RegisterCommand, TokenPair, UpdateMemberCommand, UpdateProfileCommand,
};

type Service = web::Data<IdentityService>;

#[derive(OpenApi)]
#[openapi(
    paths(
        register, login, refresh, logout, switch_tenant, request_email_verification,
        confirm_email_verification, request_password_reset, confirm_password_reset, get_me, update_me,
        delete_me, change_password, list_sessions, revoke_session, data_export, create_tenant,
        list_tenants, get_tenant, update_tenant, list_members, invite_member, list_invitations, revoke_invitation,
        accept_invitation, update_member, remove_member, jwks
    ),
    components(schemas(Page<Member>, Page<PendingInvitation>)),
    tags((name = "identity", description = "Accounts, sessions, companies and members"))
)]
pub struct IdentityApi;

/// States in the OpenAPI document what `domain::check_password` refuses beyond lengths: the
/// well-known passwords (`not: {enum}`, which utoipa's attributes cannot say).
pub fn declare_password_policy(document: &mut serde_json::Value) {
    let refused = serde_json::json!({ "enum": crate::domain::COMMON_PASSWORDS });
    for (schema, field) in [
        ("RegisterCommand", "password"),
        ("ChangePasswordCommand", "new_password"),
        ("PasswordResetConfirmation", "new_password"),
    ] {
        if let Some(property) = document.pointer_mut(&format!("/components/schemas/{schema}/properties/{field}")) {
            property["not"] = refused.clone();
        }
    }
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(register)
        .service(login)
        .service(refresh)
        .service(logout)
        .service(switch_tenant)
        .service(request_email_verification)
        .service(confirm_email_verification)
        .service(request_password_reset)
        .service(confirm_password_reset)
        .service(get_me)
        .service(update_me)
        .service(delete_me)
        .service(change_password)
        .service(list_sessions)
        .service(revoke_session)
        .service(data_export)
        .service(create_tenant)
        .service(list_tenants)
        .service(get_tenant)
        .service(update_tenant)
        .service(list_members)
        .service(invite_member)
        .service(list_invitations)
        .service(revoke_invitation)
        .service(accept_invitation)
        .service(update_member)
        .service(remove_member)
        .service(jwks);
}

fn client_info(req: &HttpRequest) -> ClientInfo {
    ClientInfo {
        ip: kernel::client::client_ip(req).map(|ip| ip.to_string()),
        user_agent: req
            .headers()
            .get(actix_web::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    }
}

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

/// Changes to a company; absent or null fields stay as they are. The slug never changes (sending
/// it, or any other field, is a 422).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateTenantRequest {
    /// At most 120 characters, at least 2 besides the spaces around it (which are trimmed).
    #[schema(min_length = 2, max_length = 120, pattern = r"^[ \t\n\r]*[^ \t\n\r][\s\S]*[^ \t\n\r][ \t\n\r]*$")]
    pub name: Option<String>,
    /// At most 120 characters; blank clears it.
    #[schema(max_length = 120)]
    pub industry: Option<String>,
    /// The head count, at least 1; it sets `size`.
    #[schema(minimum = 1)]
    pub employee_count: Option<i32>,
}

impl From<UpdateTenantRequest> for TenantUpdate {
    fn from(request: UpdateTenantRequest) -> Self {
        TenantUpdate { name: request.name, industry: request.industry, employee_count: request.employee_count }
    }
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
async fn register(service: Service, req: HttpRequest, body: Json<RegisterCommand>) -> AppResult<HttpResponse> {
    let response = service.register(body.into_inner(), client_info(&req)).await?;
    Ok(HttpResponse::Created().json(response))
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
async fn login(service: Service, req: HttpRequest, body: Json<LoginCommand>) -> AppResult<web::Json<AuthResponse>> {
    Ok(web::Json(service.login(body.into_inner(), client_info(&req)).await?))
}

/// Exchange a refresh token for a new pair; the old refresh token dies.
#[utoipa::path(tag = "identity", request_body = RefreshRequest,
    responses(
        (status = 200, body = TokenPair),
        (status = 401, description = "Invalid, expired or reused refresh token (reuse revokes the session)", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/auth/refresh")]
async fn refresh(service: Service, body: Json<RefreshRequest>) -> AppResult<web::Json<TokenPair>> {
    Ok(web::Json(service.refresh(&body.refresh_token).await?))
}

/// Revoke the current session.
#[utoipa::path(tag = "identity", security(("bearer" = [])),
    responses((status = 204)))]
#[post("/api/v1/auth/logout")]
async fn logout(service: Service, auth: AuthUser) -> AppResult<HttpResponse> {
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
async fn switch_tenant(
    service: Service,
    auth: AuthUser,
    body: Json<SwitchTenantRequest>,
) -> AppResult<web::Json<TokenPair>> {
    Ok(web::Json(service.switch_tenant(&auth, body.tenant_id).await?))
}

/// Mail a new email-verification link.
#[utoipa::path(tag = "identity", security(("bearer" = [])),
    responses(
        (status = 202, description = "Link sent"),
        (status = 409, description = "Already verified", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Three links an hour at most; see Retry-After", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/auth/email-verification")]
async fn request_email_verification(service: Service, auth: AuthUser) -> AppResult<HttpResponse> {
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
async fn confirm_email_verification(service: Service, body: Json<TokenRequest>) -> AppResult<HttpResponse> {
    service.confirm_email_verification(&body.token).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Mail a password-reset link. Answers 202 whether or not the email has an account.
#[utoipa::path(tag = "identity", request_body = PasswordResetRequest, responses((status = 202)))]
#[post("/api/v1/auth/password-reset")]
async fn request_password_reset(service: Service, body: Json<PasswordResetRequest>) -> AppResult<HttpResponse> {
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
async fn confirm_password_reset(service: Service, body: Json<PasswordResetConfirmation>) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    service.confirm_password_reset(&body.token, body.new_password).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Your account.
#[utoipa::path(tag = "identity", security(("bearer" = [])),
    responses((status = 200, body = User)))]
#[get("/api/v1/me")]
async fn get_me(service: Service, auth: AuthUser) -> AppResult<web::Json<User>> {
    Ok(web::Json(service.me(&auth).await?))
}

/// Change names, phone, locale, time zone or marketing consent.
#[utoipa::path(tag = "identity", security(("bearer" = [])), request_body = UpdateProfileCommand,
    responses((status = 200, body = User)))]
#[patch("/api/v1/me")]
async fn update_me(service: Service, auth: AuthUser, body: Json<UpdateProfileCommand>) -> AppResult<web::Json<User>> {
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
async fn delete_me(service: Service, auth: AuthUser, body: Json<DeleteAccountRequest>) -> AppResult<HttpResponse> {
    let purge_after = service.delete_me(&auth, body.into_inner().password).await?;
    Ok(HttpResponse::Accepted().json(AccountDeleted { purge_after }))
}

/// Change your password; your other sessions are revoked.
#[utoipa::path(tag = "identity", security(("bearer" = [])), request_body = ChangePasswordCommand,
    responses(
        (status = 204),
        (status = 403, description = "Wrong current password", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong passwords; see Retry-After", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/me/password")]
async fn change_password(
    service: Service,
    auth: AuthUser,
    body: Json<ChangePasswordCommand>,
) -> AppResult<HttpResponse> {
    service.change_password(&auth, body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Your live sessions, most recently used first.
#[utoipa::path(tag = "identity", security(("bearer" = [])), responses((status = 200, body = Vec<Session>)))]
#[get("/api/v1/me/sessions")]
async fn list_sessions(service: Service, auth: AuthUser) -> AppResult<web::Json<Vec<Session>>> {
    Ok(web::Json(service.sessions(&auth).await?))
}

/// Revoke one of your sessions.
#[utoipa::path(tag = "identity", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204)))]
#[delete("/api/v1/me/sessions/{id}")]
async fn revoke_session(service: Service, auth: AuthUser, id: web::Path<Uuid>) -> AppResult<HttpResponse> {
    service.revoke_session(&auth, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Everything the platform holds about you (LPDP, Law 29733), one section per context.
#[utoipa::path(tag = "identity", security(("bearer" = [])), responses((status = 200, body = Object)))]
#[get("/api/v1/me/data-export")]
async fn data_export(auth: AuthUser, hooks: web::Data<PersonalDataHooks>) -> AppResult<HttpResponse> {
    let document = hooks.export(auth.user_id()).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Content-Disposition", "attachment; filename=\"mis-datos.json\""))
        .json(serde_json::json!({ "user_id": auth.user_id(), "exported_at": Utc::now(), "data": document })))
}

/// Create a company; you become its admin. An account may create a few companies only (5).
#[utoipa::path(tag = "identity", security(("bearer" = [])), request_body = CreateTenantCommand,
    responses(
        (status = 201, body = MyTenant),
        (status = 409, description = "Slug taken, or you have created as many companies as an account may", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/tenants")]
async fn create_tenant(service: Service, auth: AuthUser, body: Json<CreateTenantCommand>) -> AppResult<HttpResponse> {
    let tenant = service.create_tenant(&auth, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(tenant))
}

/// The companies you belong to, with your role in each.
#[utoipa::path(tag = "identity", security(("bearer" = [])), responses((status = 200, body = Vec<MyTenant>)))]
#[get("/api/v1/tenants")]
async fn list_tenants(service: Service, auth: AuthUser) -> AppResult<web::Json<Vec<MyTenant>>> {
    Ok(web::Json(service.my_tenants(&auth).await?))
}

/// A company you are an active member of and act in.
#[utoipa::path(tag = "identity", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = Tenant),
    ))]
#[get("/api/v1/tenants/{id}")]
async fn get_tenant(service: Service, auth: AuthUser, id: web::Path<Uuid>) -> AppResult<web::Json<Tenant>> {
    Ok(web::Json(service.tenant(&auth, id.into_inner()).await?))
}

/// Change the company's name, industry or head count (admins). The slug never changes.
#[utoipa::path(tag = "identity", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = UpdateTenantRequest,
    responses(
        (status = 200, body = Tenant),
        (status = 403, description = "Your role may not change the company", body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/api/v1/tenants/{id}")]
async fn update_tenant(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<UpdateTenantRequest>,
) -> AppResult<web::Json<Tenant>> {
    Ok(web::Json(service.update_tenant(&auth, id.into_inner(), body.into_inner().into()).await?))
}

/// The members of the tenant you act in.
#[utoipa::path(tag = "identity", security(("bearer" = [])), params(("id" = Uuid, Path), PageQuery),
    responses(
        (status = 200, body = Page<Member>),
        (status = 403, description = "Your role may not list members", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a company you are an active member of", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/tenants/{id}/members")]
async fn list_members(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    page: Query<PageQuery>,
) -> AppResult<web::Json<Page<Member>>> {
    Ok(web::Json(service.members(&auth, id.into_inner(), &page).await?))
}

/// Invite someone by email (admins); the reply carries the token and link to share. Inviting an
/// address with an open invitation refreshes that one (new token and expiry; earlier links stop
/// working) and mails it again at most once an hour. Invitation mails are limited per company and
/// per inviting account per day.
#[utoipa::path(tag = "identity", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = InviteCommand,
    responses(
        (status = 201, description = "A new invitation", body = Invitation),
        (status = 200, description = "The open invitation to this address, refreshed", body = Invitation),
        (status = 403, description = "Not an admin, or role above yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Your access token acts in another company (or none): call POST /api/v1/auth/switch-tenant first; or it carries an outdated role: refresh it; or this address was invited at the same moment", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Daily invitation limit of the company or of your account reached; see Retry-After", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/tenants/{id}/invitations")]
async fn invite_member(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<InviteCommand>,
) -> AppResult<HttpResponse> {
    let invitation = service.invite(&auth, id.into_inner(), body.into_inner()).await?;
    if invitation.refreshed {
        Ok(HttpResponse::Ok().json(invitation))
    } else {
        Ok(HttpResponse::Created().json(invitation))
    }
}

/// The company's pending invitations (not accepted, revoked nor expired), newest first (admins).
#[utoipa::path(tag = "identity", security(("bearer" = [])), params(("id" = Uuid, Path), PageQuery),
    responses(
        (status = 200, body = Page<PendingInvitation>),
        (status = 403, description = "Your role may not manage invitations", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/tenants/{id}/invitations")]
async fn list_invitations(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    page: Query<PageQuery>,
) -> AppResult<web::Json<Page<PendingInvitation>>> {
    Ok(web::Json(service.pending_invitations(&auth, id.into_inner(), &page).await?))
}

/// Revoke an invitation (admins): accepting it answers 410 from now on.
#[utoipa::path(tag = "identity", security(("bearer" = [])), params(("id" = Uuid, Path), ("invitation_id" = Uuid, Path)),
    responses(
        (status = 204, description = "Revoked"),
        (status = 403, description = "Your role may not manage invitations", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already accepted (remove the member instead); or your access token acts in another company (call POST /api/v1/auth/switch-tenant first) or carries an outdated role", body = Problem, content_type = "application/problem+json"),
    ))]
#[delete("/api/v1/tenants/{id}/invitations/{invitation_id}")]
async fn revoke_invitation(service: Service, auth: AuthUser, path: web::Path<(Uuid, Uuid)>) -> AppResult<HttpResponse> {
    let (tenant_id, invitation_id) = path.into_inner();
    service.revoke_invitation(&auth, tenant_id, invitation_id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Join the inviting company (the invitation must be addressed to your email).
#[utoipa::path(tag = "identity", security(("bearer" = [])), params(("token" = String, Path)),
    responses(
        (status = 200, body = Membership),
        (status = 403, description = "Addressed to another email", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Accepted already, revoked or expired", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/invitations/{token}/accept")]
async fn accept_invitation(
    service: Service,
    auth: AuthUser,
    token: web::Path<String>,
) -> AppResult<web::Json<Membership>> {
    Ok(web::Json(service.accept_invitation(&auth, &token).await?))
}

/// Change a member's role (up to your own level) or status.
#[utoipa::path(tag = "identity", security(("bearer" = [])), params(("id" = Uuid, Path), ("user_id" = Uuid, Path)),
    request_body = UpdateMemberCommand,
    responses(
        (status = 200, body = Member),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Would leave no admin; or your access token acts in another company (call POST /api/v1/auth/switch-tenant first) or carries an outdated role", body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/api/v1/tenants/{id}/members/{user_id}")]
async fn update_member(
    service: Service,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
    body: Json<UpdateMemberCommand>,
) -> AppResult<web::Json<Member>> {
    let (tenant_id, user_id) = path.into_inner();
    let member = service.change_member(&auth, tenant_id, user_id, Some(body.into_inner())).await?;
    member.map(web::Json).ok_or_else(|| AppError::Internal("member update returned nothing".into()))
}

/// Remove a member from the company.
#[utoipa::path(tag = "identity", security(("bearer" = [])), params(("id" = Uuid, Path), ("user_id" = Uuid, Path)),
    responses(
        (status = 204),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Would leave no admin; or your access token acts in another company (call POST /api/v1/auth/switch-tenant first) or carries an outdated role", body = Problem, content_type = "application/problem+json"),
    ))]
#[delete("/api/v1/tenants/{id}/members/{user_id}")]
async fn remove_member(service: Service, auth: AuthUser, path: web::Path<(Uuid, Uuid)>) -> AppResult<HttpResponse> {
    let (tenant_id, user_id) = path.into_inner();
    service.change_member(&auth, tenant_id, user_id, None).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The public keys that verify access tokens.
#[utoipa::path(tag = "identity", responses((status = 200, description = "A JWK set", body = Object)))]
#[get("/.well-known/jwks.json")]
async fn jwks(service: Service) -> HttpResponse {
    HttpResponse::Ok().insert_header(("Cache-Control", "public, max-age=300")).json(service.keys().jwks())
}
