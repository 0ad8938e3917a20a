//! Companies: creation, details, members and member changes (invitations: `invitations`).

use chrono::{DateTime, Utc};
use kernel::audit::{self, AuditEntry};
use kernel::auth::{AuthUser, Permission, Role};
use kernel::company_plans::CompanyLimit;
use kernel::db::{DbConn, RequestScope, ScopedFutureExt, is_unique_violation, scoped};
use kernel::ids::new_id;
use kernel::pagination::{Page, PageQuery};
use kernel::tracking::{self, ProductEvent};
use kernel::{AppError, AppResult, FieldError};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{IdentityService, collect, member_view, role_of, tenant_view, validation};
use crate::domain::{
    self, Member, MemberChangeRefusal, MemberState, MyTenant, Tenant, TenantAccessRefusal, TenantUpdate,
};
use crate::store;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTenantCommand {
    /// At most 120 characters, at least 2 besides the spaces around it (which are trimmed).
    #[schema(min_length = 2, max_length = 120, pattern = r"^[ \t\n\r]*[^ \t\n\r][\s\S]*[^ \t\n\r][ \t\n\r]*$")]
    pub name: String,
    /// Lower-case letters, digits and single hyphens: `acme-peru`.
    #[schema(min_length = 3, max_length = 63, pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    pub slug: String,
    /// At most 120 characters; blank means none.
    #[schema(max_length = 120)]
    pub industry: Option<String>,
    #[schema(minimum = 1)]
    pub employee_count: Option<i32>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMemberCommand {
    pub role: Option<Role>,
    pub status: Option<MemberStatus>,
}

/// Whether a member may act in the company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    Active,
    Suspended,
}

impl IdentityService {
    pub async fn create_tenant(&self, auth: &AuthUser, cmd: CreateTenantCommand) -> AppResult<MyTenant> {
        let mut errors = Vec::new();
        let name = collect(domain::check_company_name("name", &cmd.name), &mut errors);
        let slug = collect(domain::check_slug("slug", &cmd.slug), &mut errors);
        let industry = match cmd.industry.as_deref() {
            Some(raw) => collect(domain::check_industry("industry", raw), &mut errors).flatten(),
            None => None,
        };
        if cmd.employee_count.is_some_and(|n| n < 1) {
            errors.push(FieldError::new("employee_count", "out_of_range", "must be at least 1"));
        }
        validation(errors)?;
        let (Some(name), Some(slug)) = (name, slug) else { unreachable!("validated above") };
        let (tenant_id, user_id, now) = (new_id(), auth.user_id(), self.now());
        let scope = RequestScope::user(user_id).in_tenant(tenant_id, Role::Admin.as_str());
        let max_tenants = self.inner.settings.max_tenants_per_user;
        let company_plans = &self.inner.ports.company_plans;
        let tenant = scoped(&self.inner.pool, &scope, |conn| {
            async move {
                let created = store::tenants_created_by_caller(conn).await?;
                if !domain::may_create_tenant(created, max_tenants) {
                    return Err(AppError::Conflict(format!(
                        "an account may create at most {max_tenants} companies and you have created {created}; \
                         ask an admin of an existing company to invite you instead"
                    )));
                }
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
                company_plans.start_trial(conn, tenant_id, now).await?;
                let tenant = store::find_tenant(conn, tenant_id).await?.ok_or(AppError::NotFound("tenant"))?;
                let event = ProductEvent::new("identity.company_created", Some(user_id), Some(tenant_id), json!({}));
                tracking::track(conn, &event).await?;
                let entry = AuditEntry::new("identity.company_created").by(user_id).in_tenant(Some(tenant_id)).at(now);
                audit::record(conn, &entry).await?;
                Ok(tenant)
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

    /// A company the caller belongs to and acts in.
    pub async fn tenant(&self, auth: &AuthUser, tenant_id: Uuid) -> AppResult<Tenant> {
        let row = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                tenant_access(conn, auth, tenant_id, None).await?;
                store::find_tenant(conn, tenant_id).await?.ok_or(AppError::NotFound("tenant"))
            }
            .scope_boxed()
        })
        .await?;
        Ok(tenant_view(row))
    }

    /// Changes a company's name, industry or head count (admins); the slug never changes.
    pub async fn update_tenant(&self, auth: &AuthUser, tenant_id: Uuid, update: TenantUpdate) -> AppResult<Tenant> {
        let change = update.validate().map_err(AppError::Validation)?;
        let now = self.now();
        let row = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                actor_role(conn, auth, tenant_id, Permission::TenantManage).await?;
                if !change.is_empty() {
                    let changes = store::TenantChanges {
                        name: change.name,
                        industry: change.industry,
                        employee_count: change.employee_count,
                        size: change.size.map(str::to_owned),
                        updated_at: Some(now),
                    };
                    if store::update_tenant(conn, tenant_id, &changes).await? == 0 {
                        return Err(AppError::NotFound("tenant"));
                    }
                }
                store::find_tenant(conn, tenant_id).await?.ok_or(AppError::NotFound("tenant"))
            }
            .scope_boxed()
        })
        .await?;
        Ok(tenant_view(row))
    }

    /// Changes a member's role or status (`Some`), or removes them (`None`).
    pub async fn change_member(
        &self,
        auth: &AuthUser,
        tenant_id: Uuid,
        member_id: Uuid,
        change: Option<UpdateMemberCommand>,
    ) -> AppResult<Option<Member>> {
        let (now, scope) = (self.now(), auth.scope());
        scoped(&self.inner.pool, &scope, |conn| {
            async move {
                let actor = actor_role(conn, auth, tenant_id, Permission::MembersManage).await?;
                let target =
                    store::find_membership(conn, tenant_id, member_id).await?.ok_or(AppError::NotFound("member"))?;
                let before = MemberState { role: role_of(&target.role)?, active: target.status == "active" };
                let after = change.map(|c| MemberState {
                    role: c.role.unwrap_or(before.role),
                    active: c.status.map_or(before.active, |status| status == MemberStatus::Active),
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
                let entry = AuditEntry::new("identity.member_changed")
                    .by(auth.user_id())
                    .concerning(member_id)
                    .in_tenant(Some(tenant_id))
                    .at(now);
                let Some(after) = after else {
                    store::delete_membership(conn, tenant_id, member_id).await?;
                    audit::record(conn, &entry.details(json!({ "removed": true, "role_before": before.role }))).await?;
                    return Ok(None);
                };
                if after.holds_seat() && !before.holds_seat() {
                    self.take_seat(conn, tenant_id, now).await?;
                }
                let (role, status) = (after.role, if after.active { "active" } else { "suspended" });
                store::update_membership(conn, tenant_id, member_id, role.as_str(), status, now).await?;
                let details = json!({ "role_before": before.role, "role": role, "status": status });
                audit::record(conn, &entry.details(details)).await?;
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

impl IdentityService {
    /// Refuses one more member or open invitation beyond what the company's plan allows (402
    /// `quota-exceeded`, from billing), holding the company's seat lock to the transaction's end.
    pub(super) async fn take_seat(&self, conn: &mut DbConn, tenant_id: Uuid, now: DateTime<Utc>) -> AppResult<()> {
        let taken = u32::try_from(store::lock_seats_taken(conn, tenant_id, now).await?).unwrap_or(u32::MAX);
        self.inner.ports.company_plans.allow_one_more(conn, tenant_id, CompanyLimit::Seats, taken).await
    }
}

/// The caller's current role in `tenant_id`, read from the database (a demotion or removal takes
/// effect at once, not when the access token expires), when it grants `permission`.
pub(crate) async fn actor_role(
    conn: &mut DbConn,
    auth: &AuthUser,
    tenant_id: Uuid,
    permission: Permission,
) -> AppResult<Role> {
    tenant_access(conn, auth, tenant_id, Some(permission)).await
}

/// Whether the caller may act on `tenant_id` (see [`domain::decide_tenant_access`]), and their
/// current role there. A tenant the caller is not an active member of answers 404, exactly like
/// one that does not exist, so ids reveal nothing; a member whose token acts elsewhere is told to
/// switch. Their own membership is visible to them under any tenant scope
/// (`memberships_own_read`), so the check works from a token acting in another tenant.
async fn tenant_access(
    conn: &mut DbConn,
    auth: &AuthUser,
    tenant_id: Uuid,
    needs: Option<Permission>,
) -> AppResult<Role> {
    let membership = match store::find_membership(conn, tenant_id, auth.user_id()).await? {
        Some(m) => Some(MemberState { role: role_of(&m.role)?, active: m.status == "active" }),
        None => None,
    };
    domain::decide_tenant_access(auth.tenant(), tenant_id, membership, needs).map_err(|refusal| match refusal {
        TenantAccessRefusal::NotFound => AppError::NotFound("tenant"),
        TenantAccessRefusal::SwitchTenantFirst => AppError::Conflict(format!(
            "your access token does not act in this company: call POST /api/v1/auth/switch-tenant with \
             {{\"tenant_id\": \"{tenant_id}\"}} first, then retry with the new access token"
        )),
        TenantAccessRefusal::Forbidden(role) => {
            AppError::Forbidden(format!("your role ({}) may not do this", role.as_str()))
        }
        TenantAccessRefusal::StaleToken(role) => AppError::Conflict(format!(
            "your role in this company is now {}, but your access token carries an earlier one: refresh it \
             (POST /api/v1/auth/refresh) or call POST /api/v1/auth/switch-tenant again, then retry",
            role.as_str()
        )),
    })
}
