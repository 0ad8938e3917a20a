//! Invitations into a company: sent (and refreshed, with mails limited per company and per
//! inviter), listed, revoked and accepted.

use chrono::{DateTime, Utc};
use kernel::audit::{self, AuditEntry};
use kernel::auth::{AuthUser, Permission, Role};
use kernel::db::{RequestScope, ScopedFutureExt, is_unique_violation, scoped};
use kernel::ids::new_id;
use kernel::pagination::{Page, PageQuery};
use kernel::{AppError, AppResult};
use platform::mail::Mail;
use platform::throttle::Verdict;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use super::tenants::actor_role;
use super::{IdentityService, role_of, spanish};
use crate::domain::{self, Email, Invitation, InvitationPlan, OpaqueToken, PendingInvitation};
use crate::store;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteCommand {
    #[schema(format = Email, max_length = 254)]
    pub email: String,
    pub role: Role,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Membership {
    pub tenant_id: Uuid,
    pub role: Role,
}

impl IdentityService {
    /// Invites `email` into the company. An open invitation to the same address is refreshed
    /// (new token, expiry and role) instead of adding another, and mailed again at most once per
    /// resend interval; every mail counts against the per-company and per-inviter daily limits.
    pub async fn invite(&self, auth: &AuthUser, tenant_id: Uuid, cmd: InviteCommand) -> AppResult<Invitation> {
        let email = Email::parse("email", &cmd.email).map_err(|e| AppError::Validation(vec![e]))?;
        let (token, now, ttl) = (OpaqueToken::generate(), self.now(), self.inner.settings.invitation_ttl);
        let resend_interval = self.inner.settings.invitation_resend_interval;
        let invited_by = auth.user_id();
        let (invitation_email, role) = (email.as_str().to_owned(), cmd.role);
        let (id, created_at, plan, tenant, inviter) = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let actor = actor_role(conn, auth, tenant_id, Permission::InvitationsManage).await?;
                if !actor.can_grant(role) {
                    return Err(AppError::Forbidden(format!(
                        "a {} may not grant the role {}",
                        actor.as_str(),
                        role.as_str()
                    )));
                }
                let tenant = store::find_tenant(conn, tenant_id).await?.ok_or(AppError::NotFound("tenant"))?;
                let open = store::lock_open_invitation(conn, tenant_id, &invitation_email).await?;
                let plan = domain::plan_invitation(open.as_ref().map(|o| o.sent_at), now, resend_interval);
                if plan.mails() {
                    self.count_invitation_mail(invited_by, tenant_id).await?;
                }
                let (id, created_at) = match open {
                    None => {
                        if domain::takes_seat(role) {
                            self.take_seat(conn, tenant_id, now).await?;
                        }
                        let id = new_id();
                        let invitation = store::NewInvitation {
                            id,
                            tenant_id,
                            email: &invitation_email,
                            role: role.as_str(),
                            token_hash: &token.hash,
                            invited_by,
                            expires_at: now + ttl,
                            created_at: now,
                        };
                        store::insert_sent_invitation(conn, &invitation, now).await.map_err(|e| {
                            if is_unique_violation(&e, "invitations_open_key") {
                                AppError::Conflict("this address was invited at the same moment; try again".into())
                            } else {
                                e.into()
                            }
                        })?;
                        (id, now)
                    }
                    Some(open) => {
                        // A candidate's invitation turned into staff's takes a seat now.
                        if domain::takes_seat(role) && !domain::takes_seat(role_of(&open.role)?) {
                            self.take_seat(conn, tenant_id, now).await?;
                        }
                        let sent_at = if plan.mails() { now } else { open.sent_at };
                        store::refresh_invitation(
                            conn,
                            open.id,
                            &token.hash,
                            role.as_str(),
                            invited_by,
                            now + ttl,
                            sent_at,
                        )
                        .await?;
                        (open.id, open.created_at)
                    }
                };
                let inviter = store::find_user(conn, invited_by).await?.ok_or(AppError::NotFound("user"))?;
                Ok::<_, AppError>((id, created_at, plan, tenant, inviter))
            }
            .scope_boxed()
        })
        .await?;
        let link = self.link("invitations/accept", &token.plain);
        if plan.mails() {
            self.send_mail(invitation_mail(email.as_str(), &inviter, &tenant.name, cmd.role, &link)).await;
        }
        Ok(Invitation {
            id,
            tenant_id,
            email: email.as_str().to_owned(),
            role: cmd.role,
            expires_at: now + ttl,
            created_at,
            token: token.plain,
            link,
            mailed: plan.mails(),
            refreshed: matches!(plan, InvitationPlan::Refresh { .. }),
        })
    }

    /// Counts one invitation mail against the inviter's and the company's daily limits, or
    /// refuses it (429) when either is reached; a refusal counts against neither.
    async fn count_invitation_mail(&self, user_id: Uuid, tenant_id: Uuid) -> AppResult<()> {
        let (throttle, settings) = (&self.inner.ports.throttle, &self.inner.settings);
        let limits = [
            (format!("invitations:user:{user_id}"), settings.invitations_per_user),
            (format!("invitations:tenant:{tenant_id}"), settings.invitations_per_tenant),
        ];
        for (key, rule) in &limits {
            if let Verdict::Limited { retry_after_secs } = throttle.check(key, *rule).await? {
                return Err(AppError::TooManyRequests { retry_after_secs });
            }
        }
        for (key, rule) in &limits {
            if let Verdict::Limited { retry_after_secs } = throttle.hit(key, *rule).await? {
                return Err(AppError::TooManyRequests { retry_after_secs });
            }
        }
        Ok(())
    }

    /// The company's pending invitations (not accepted, revoked nor expired), newest first.
    pub async fn pending_invitations(
        &self,
        auth: &AuthUser,
        tenant_id: Uuid,
        page: &PageQuery,
    ) -> AppResult<Page<PendingInvitation>> {
        let (limit, after) = (page.limit()?, page.after::<(DateTime<Utc>, Uuid)>()?);
        let now = self.now();
        let rows = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                actor_role(conn, auth, tenant_id, Permission::InvitationsManage).await?;
                store::pending_invitations_page(conn, tenant_id, now, after, limit).await.map_err(AppError::from)
            }
            .scope_boxed()
        })
        .await?;
        let page = Page::from_rows(rows, limit, |i| (i.created_at, i.id));
        let items = page.items.into_iter().map(pending_invitation_view).collect::<AppResult<Vec<_>>>()?;
        Ok(Page { items, next_cursor: page.next_cursor })
    }

    /// Revokes an invitation that has not been accepted: its token is refused (410) from now on.
    pub async fn revoke_invitation(&self, auth: &AuthUser, tenant_id: Uuid, invitation_id: Uuid) -> AppResult<()> {
        let now = self.now();
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                actor_role(conn, auth, tenant_id, Permission::InvitationsManage).await?;
                let invitation = store::lock_invitation(conn, tenant_id, invitation_id)
                    .await?
                    .filter(|i| i.revoked_at.is_none())
                    .ok_or(AppError::NotFound("invitation"))?;
                if invitation.accepted_at.is_some() {
                    return Err(AppError::Conflict(
                        "this invitation has already been accepted; remove the member instead".into(),
                    ));
                }
                store::revoke_invitation(conn, invitation_id, now).await?;
                Ok(())
            }
            .scope_boxed()
        })
        .await
    }

    pub async fn accept_invitation(&self, auth: &AuthUser, token: &str) -> AppResult<Membership> {
        let (token_hash, user_id) = (domain::hash_token(token.trim()), auth.user_id());
        let acceptance = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                let acceptance = store::accept_invitation(conn, &token_hash, new_id()).await?;
                if acceptance.outcome == "accepted" {
                    let details = json!({ "role": acceptance.role });
                    let entry =
                        AuditEntry::new("identity.invitation_accepted").by(user_id).in_tenant(acceptance.tenant_id);
                    audit::record(conn, &entry.details(details)).await?;
                }
                Ok::<_, AppError>(acceptance)
            }
            .scope_boxed()
        })
        .await?;
        match (acceptance.outcome.as_str(), acceptance.tenant_id, acceptance.role) {
            ("accepted", Some(tenant_id), Some(role)) => Ok(Membership { tenant_id, role: role_of(&role)? }),
            ("revoked", ..) => Err(AppError::Gone("this invitation has been revoked; ask for a new one".into())),
            ("already_accepted", ..) => Err(AppError::Gone("this invitation has already been accepted".into())),
            ("expired", ..) => Err(AppError::Gone("this invitation has expired; ask for a new one".into())),
            ("email_mismatch", ..) => {
                Err(AppError::Forbidden("this invitation was sent to another email address".into()))
            }
            ("unknown_user", ..) => Err(AppError::Unauthorized("account is not active".into())),
            _ => Err(AppError::NotFound("invitation")),
        }
    }
}

fn pending_invitation_view(row: store::InvitationRow) -> AppResult<PendingInvitation> {
    Ok(PendingInvitation {
        id: row.id,
        tenant_id: row.tenant_id,
        email: row.email,
        role: role_of(&row.role)?,
        invited_by: row.invited_by,
        expires_at: row.expires_at,
        created_at: row.created_at,
        sent_at: row.sent_at,
    })
}

fn invitation_mail(to: &str, inviter: &store::UserRow, company: &str, role: Role, link: &str) -> Mail {
    let who = format!("{} {}", inviter.first_name, inviter.last_name);
    let (subject, body) = if spanish(&inviter.locale) {
        (
            format!("{who} te invita a {company}"),
            format!(
                "Hola:\n\n{who} te invita a unirte a {company} como {}.\nAcepta la invitación aquí:\n{link}\n",
                role.as_str()
            ),
        )
    } else {
        (
            format!("{who} invites you to {company}"),
            format!(
                "Hello,\n\n{who} invites you to join {company} as {}.\nAccept the invitation here:\n{link}\n",
                role.as_str()
            ),
        )
    };
    Mail { to: to.to_owned(), subject, body }
}
