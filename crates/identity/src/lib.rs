//! Identity context: accounts with explicit consent, sessions with rotating refresh tokens,
//! companies (tenants) with members and roles, and the personal-data rights of Law 29733.

pub mod domain;
pub mod http;
pub mod schema;
pub mod service;
pub mod store;

pub use domain::ConsentPurpose;
pub use http::{IdentityApi, configure, declare_password_policy};
pub use service::{
    BuildDataExports, ExpireDataExports, ExpireInactiveAccounts, IdentityPersonalData, IdentityPorts, IdentityService,
    IdentitySessionLedger, IdentitySettings, record_consent,
};

/// The caller's role in a company as it is now, read in the caller's transaction, when that role
/// grants `permission`: how other contexts authorise company actions (a demotion or removal takes
/// effect at once, whatever the access token says). Refusals are identity's: 404 for a company
/// the caller is not in, 409 when the token acts in another company, 403 when the role lacks the
/// permission.
pub async fn authorize(
    conn: &mut kernel::db::DbConn,
    auth: &kernel::auth::AuthUser,
    tenant_id: uuid::Uuid,
    permission: kernel::auth::Permission,
) -> kernel::AppResult<kernel::auth::Role> {
    service::actor_role(conn, auth, tenant_id, permission).await
}

/// The company the caller's access token acts in; 403 for a token that acts in none.
pub fn token_company(auth: &kernel::auth::AuthUser) -> kernel::AppResult<uuid::Uuid> {
    auth.tenant()
        .map(|(tenant_id, _)| tenant_id)
        .ok_or_else(|| kernel::AppError::Forbidden("this is for companies: switch to your company first".into()))
}

/// The company the caller acts in, when their role there (as it is now) grants `permission`
/// (refusals as [`token_company`] and [`authorize`] say).
pub async fn acting_company(
    conn: &mut kernel::db::DbConn,
    auth: &kernel::auth::AuthUser,
    permission: kernel::auth::Permission,
) -> kernel::AppResult<uuid::Uuid> {
    let tenant_id = token_company(auth)?;
    authorize(conn, auth, tenant_id, permission).await?;
    Ok(tenant_id)
}

/// How to write to a person: their account's name, email and locale, read in the caller's
/// transaction (row-level security lets a person read their own account and a company's members
/// read fellow members'); `None` for an account that is gone or deleted.
pub async fn contact(conn: &mut kernel::db::DbConn, user_id: uuid::Uuid) -> kernel::AppResult<Option<Contact>> {
    let user = store::find_user(conn, user_id).await?;
    Ok(user.filter(|user| user.status != "deleted").map(|user| Contact {
        full_name: format!("{} {}", user.first_name, user.last_name).trim().to_owned(),
        email: user.email,
        locale: user.locale,
    }))
}

/// How to write to the active admins of company `tenant_id` (billing's notices about its plan),
/// read in the caller's transaction, which must act in the company.
pub async fn admin_contacts(conn: &mut kernel::db::DbConn, tenant_id: uuid::Uuid) -> kernel::AppResult<Vec<Contact>> {
    let mut contacts = Vec::new();
    for user_id in store::active_admins(conn, tenant_id).await? {
        contacts.extend(contact(conn, user_id).await?);
    }
    Ok(contacts)
}

/// The name of the company `tenant_id`, read in the caller's transaction (row-level security lets
/// its members, and work acting in it, read it).
pub async fn company_name(conn: &mut kernel::db::DbConn, tenant_id: uuid::Uuid) -> kernel::AppResult<Option<String>> {
    Ok(store::find_tenant(conn, tenant_id).await?.map(|tenant| tenant.name))
}

/// Whether `user_id` operates the platform (`entrevistador create-admin`), read in the caller's
/// transaction (the caller reads their own account).
pub async fn is_platform_admin(conn: &mut kernel::db::DbConn, user_id: uuid::Uuid) -> kernel::AppResult<bool> {
    Ok(store::platform_admin(conn, user_id).await?.unwrap_or(false))
}

/// The scope a platform operator acts in (role `platform`, which the policies of operators' reads
/// name); 403 for anyone else.
pub async fn operator_scope(
    pool: &kernel::db::DbPool,
    auth: &kernel::auth::AuthUser,
) -> kernel::AppResult<kernel::db::RequestScope> {
    use kernel::db::{RequestScope, ScopedFutureExt, scoped};
    let user_id = auth.user_id();
    let admin = scoped(pool, &RequestScope::user(user_id), |conn| {
        async move { is_platform_admin(conn, user_id).await }.scope_boxed()
    })
    .await?;
    if !admin {
        return Err(kernel::AppError::Forbidden("this is for the platform's operators".into()));
    }
    Ok(RequestScope { user_id: Some(user_id), tenant_id: None, role: Some("platform".into()) })
}

/// A person's account as other contexts may address it.
#[derive(Debug, Clone)]
pub struct Contact {
    pub full_name: String,
    pub email: String,
    /// es-PE, en-US, …: the language mails to them are written in.
    pub locale: String,
}

/// What identity tells the others, as events on the job queue (published in the same transaction
/// as the change; subscribers are idempotent).
pub mod events {
    use serde::{Deserialize, Serialize};
    use uuid::Uuid;

    /// A person deleted their account: what they shared should stop being shared now, before the
    /// purge erases their data.
    pub const ACCOUNT_DELETED: &str = "identity.account_deleted";

    #[derive(Debug, Clone, Serialize, Deserialize)]
    pub struct AccountEvent {
        pub user_id: Uuid,
    }

    /// A person took back a consent (`purpose`: `marketing`, `talent_network`): whoever acts on
    /// it stops now.
    pub const CONSENT_WITHDRAWN: &str = "identity.consent_withdrawn";

    #[derive(Debug, Clone, Serialize, Deserialize)]
    pub struct ConsentEvent {
        pub user_id: Uuid,
        pub purpose: String,
    }
}
