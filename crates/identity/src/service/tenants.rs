//! Companies: creation, membership, invitations and member changes.

use chrono::{DateTime, Utc};
use kernel::auth::{AuthUser, Permission, Role};
use kernel::db::{DbConn, RequestScope, ScopedFutureExt, is_unique_violation, scoped};
use kernel::ids::new_id;
use kernel::pagination::{Page, PageQuery};
use kernel::{AppError, AppResult, FieldError};
use platform::mail::Mail;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{IdentityService, collect, member_view, role_of, spanish, tenant_view, validation};
use crate::domain::{self, Email, Invitation, Member, MemberChangeRefusal, MemberState, MyTenant, OpaqueToken};
use crate::store;

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct CreateTenantCommand {
    pub name: String,
    pub slug: String,
    pub industry: Option<String>,
    pub employee_count: Option<i32>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct InviteCommand {
    pub email: String,
    pub role: Role,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct UpdateMemberCommand {
    pub role: Option<Role>,
    /// `active` or `suspended`.
    pub status: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Membership {
    pub tenant_id: Uuid,
    pub role: Role,
}

impl IdentityService {
    pub async fn create_tenant(&self, auth: &AuthUser, cmd: CreateTenantCommand) -> AppResult<MyTenant> {
        let mut errors = Vec::new();
        let name = cmd.name.trim().to_owned();
        if !(2..=120).contains(&name.chars().count()) {
            errors.push(FieldError::new("name", "length", "must have 2 to 120 characters"));
        }
        let slug = collect(domain::check_slug("slug", &cmd.slug), &mut errors);
        if cmd.employee_count.is_some_and(|n| n < 1) {
            errors.push(FieldError::new("employee_count", "out_of_range", "must be at least 1"));
        }
        validation(errors)?;
        let slug = slug.expect("validated above");
        let industry = cmd.industry.map(|i| i.trim().to_owned()).filter(|i| !i.is_empty());
        let (tenant_id, user_id, now) = (new_id(), auth.user_id(), self.now());
        let scope = RequestScope::user(user_id).in_tenant(tenant_id, Role::Admin.as_str());
        let tenant = scoped(&self.inner.pool, &scope, |conn| {
            async move {
                let new_tenant = store::NewTenant {
                    id: tenant_id,
                    name: &name,
                    slug: &slug,
                    industry: industry.as_deref(),
                    employee_count: cmd.employee_count,
                    size: cmd.employee_count.map(domain::company_size),
                    created_by: user_id,
                    created_at: now,
                    updated_at: now,
                };
                store::insert_tenant(conn, &new_tenant).await.map_err(|e| {
                    if is_unique_violation(&e, "tenants_slug_key") {
                        AppError::Conflict(format!("the slug \"{slug}\" is taken"))
                    } else {
                        e.into()
                    }
                })?;
                let membership = store::NewMembership {
                    id: new_id(),
                    tenant_id,
                    user_id,
                    role: Role::Admin.as_str(),
                    invited_by: None,
                    created_at: now,
                    updated_at: now,
                };
                store::insert_membership(conn, &membership).await?;
                store::find_tenant(conn, tenant_id).await?.ok_or(AppError::NotFound("tenant"))
            }
            .scope_boxed()
        })
        .await?;
        Ok(MyTenant { tenant: tenant_view(tenant), role: Role::Admin })
    }

    pub async fn my_tenants(&self, auth: &AuthUser) -> AppResult<Vec<MyTenant>> {
        let user_id = auth.user_id();
        let rows = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move { store::tenants_of_user(conn, user_id).await.map_err(AppError::from) }.scope_boxed()
        })
        .await?;
        rows.into_iter()
            .map(|(tenant, role)| Ok(MyTenant { tenant: tenant_view(tenant), role: role_of(&role)? }))
            .collect()
    }

    pub async fn members(&self, auth: &AuthUser, tenant_id: Uuid, page: &PageQuery) -> AppResult<Page<Member>> {
        let (limit, after) = (page.limit()?, page.after::<(DateTime<Utc>, Uuid)>()?);
        let rows = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                actor_role(conn, auth, tenant_id, Permission::MembersRead).await?;
                store::members_page(conn, tenant_id, after, limit).await.map_err(AppError::from)
            }
            .scope_boxed()
        })
        .await?;
        let page = Page::from_rows(rows, limit, |m| (m.joined_at, m.user_id));
        let items = page.items.into_iter().map(member_view).collect::<AppResult<Vec<_>>>()?;
        Ok(Page { items, next_cursor: page.next_cursor })
    }

    pub async fn invite(&self, auth: &AuthUser, tenant_id: Uuid, cmd: InviteCommand) -> AppResult<Invitation> {
        let email = Email::parse("email", &cmd.email).map_err(|e| AppError::Validation(vec![e]))?;
        let (token, now, ttl) = (OpaqueToken::generate(), self.now(), self.inner.settings.invitation_ttl);
        let (id, invited_by) = (new_id(), auth.user_id());
        let (invitation_email, role) = (email.as_str().to_owned(), cmd.role);
        let (tenant, inviter) = scoped(&self.inner.pool, &auth.scope(), |conn| {
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
                store::insert_invitation(conn, &invitation).await?;
                let inviter = store::find_user(conn, invited_by).await?.ok_or(AppError::NotFound("user"))?;
                Ok::<_, AppError>((tenant, inviter))
            }
            .scope_boxed()
        })
        .await?;
        let link = self.link("invitations/accept", &token.plain);
        self.send_mail(invitation_mail(email.as_str(), &inviter, &tenant.name, cmd.role, &link)).await;
        Ok(Invitation {
            id,
            tenant_id,
            email: email.as_str().to_owned(),
            role: cmd.role,
            expires_at: now + ttl,
            created_at: now,
            token: token.plain,
            link,
        })
    }

    pub async fn accept_invitation(&self, auth: &AuthUser, token: &str) -> AppResult<Membership> {
        let (token_hash, user_id) = (domain::hash_token(token.trim()), auth.user_id());
        let acceptance = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move { store::accept_invitation(conn, &token_hash, new_id()).await.map_err(AppError::from) }
                .scope_boxed()
        })
        .await?;
        match (acceptance.outcome.as_str(), acceptance.tenant_id, acceptance.role) {
            ("accepted", Some(tenant_id), Some(role)) => Ok(Membership { tenant_id, role: role_of(&role)? }),
            ("already_accepted", ..) => Err(AppError::Gone("this invitation has already been accepted".into())),
            ("expired", ..) => Err(AppError::Gone("this invitation has expired; ask for a new one".into())),
            ("email_mismatch", ..) => {
                Err(AppError::Forbidden("this invitation was sent to another email address".into()))
            }
            ("unknown_user", ..) => Err(AppError::Unauthorized("account is not active".into())),
            _ => Err(AppError::NotFound("invitation")),
        }
    }

    /// Changes a member's role or status (`Some`), or removes them (`None`).
    pub async fn change_member(
        &self,
        auth: &AuthUser,
        tenant_id: Uuid,
        member_id: Uuid,
        change: Option<UpdateMemberCommand>,
    ) -> AppResult<Option<Member>> {
        if change.as_ref().and_then(|c| c.status.as_deref()).is_some_and(|s| !matches!(s, "active" | "suspended")) {
            return Err(AppError::invalid("status", "invalid", "must be active or suspended"));
        }
        let (now, scope) = (self.now(), auth.scope());
        scoped(&self.inner.pool, &scope, |conn| {
            async move {
                let actor = actor_role(conn, auth, tenant_id, Permission::MembersManage).await?;
                let target =
                    store::find_membership(conn, tenant_id, member_id).await?.ok_or(AppError::NotFound("member"))?;
                let before = MemberState { role: role_of(&target.role)?, active: target.status == "active" };
                let after = change.map(|c| MemberState {
                    role: c.role.unwrap_or(before.role),
                    active: c.status.map_or(before.active, |status| status == "active"),
                });
                let admins = store::count_active_admins(conn, tenant_id).await?;
                domain::check_member_change(actor, before, after, admins).map_err(|refusal| match refusal {
                    MemberChangeRefusal::OutranksActor => {
                        AppError::Forbidden("this member's role is above yours".into())
                    }
                    MemberChangeRefusal::RoleAboveActor => {
                        AppError::Forbidden("you may grant roles up to your own level only".into())
                    }
                    MemberChangeRefusal::LastAdmin => {
                        AppError::Conflict("the company must keep at least one active admin".into())
                    }
                })?;
                let Some(after) = after else {
                    store::delete_membership(conn, tenant_id, member_id).await?;
                    return Ok(None);
                };
                let (role, status) = (after.role, if after.active { "active" } else { "suspended" });
                store::update_membership(conn, tenant_id, member_id, role.as_str(), status, now).await?;
                let user = store::find_user(conn, member_id).await?.ok_or(AppError::NotFound("member"))?;
                Ok(Some(Member {
                    user_id: member_id,
                    email: user.email,
                    first_name: user.first_name,
                    last_name: user.last_name,
                    role,
                    status: status.to_owned(),
                    joined_at: target.created_at,
                }))
            }
            .scope_boxed()
        })
        .await
    }
}

/// The caller's current role in `tenant_id`, read from the database (a demotion or removal takes
/// effect at once, not when the access token expires), when it grants `permission`. Another
/// tenant, or one the caller left, answers 404 so ids do not reveal what exists.
async fn actor_role(conn: &mut DbConn, auth: &AuthUser, tenant_id: Uuid, permission: Permission) -> AppResult<Role> {
    if auth.tenant().is_none_or(|(current, _)| current != tenant_id) {
        return Err(AppError::NotFound("tenant"));
    }
    let membership = store::find_membership(conn, tenant_id, auth.user_id())
        .await?
        .filter(|m| m.status == "active")
        .ok_or(AppError::NotFound("tenant"))?;
    let role = role_of(&membership.role)?;
    if role.has(permission) {
        Ok(role)
    } else {
        Err(AppError::Forbidden(format!("your role ({}) may not do this", role.as_str())))
    }
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
