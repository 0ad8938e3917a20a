//! Invitations over HTTP: inviting by email, the pending invitations, revoking one, and accepting
//! one as the invitee.

use actix_web::{HttpResponse, delete, get, post, web};
use kernel::auth::AuthUser;
use kernel::input::{Json, Query};
use kernel::pagination::{Page, PageQuery};
use kernel::{AppResult, Problem};
use uuid::Uuid;

use super::Service;
use crate::domain::{Invitation, PendingInvitation};
use crate::service::{InviteCommand, Membership};

/// Invite someone by email (admins); the reply carries the token and link to share. Inviting an
/// address with an open invitation refreshes that one (new token and expiry; earlier links stop
/// working) and mails it again at most once an hour. Invitation mails are limited per company and
/// per inviting account per day.
#[utoipa::path(tag = "identity", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = InviteCommand,
    responses(
        (status = 201, description = "A new invitation", body = Invitation),
        (status = 200, description = "The open invitation to this address, refreshed", body = Invitation),
        (status = 402, description = "Every seat of the company's plan is taken (active members and open invitations), or the company has no plan: `quota` says which", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin, or role above yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Your access token acts in another company (or none): call POST /api/v1/auth/switch-tenant first; or it carries an outdated role: refresh it; or this address was invited at the same moment", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Daily invitation limit of the company or of your account reached; see Retry-After", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/tenants/{id}/invitations")]
pub(super) async fn invite_member(
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
pub(super) async fn list_invitations(
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
pub(super) async fn revoke_invitation(
    service: Service,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
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
pub(super) async fn accept_invitation(
    service: Service,
    auth: AuthUser,
    token: web::Path<String>,
) -> AppResult<web::Json<Membership>> {
    Ok(web::Json(service.accept_invitation(&auth, &token).await?))
}
