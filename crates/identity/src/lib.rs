//! Identity context: accounts with explicit consent, sessions with rotating refresh tokens,
//! companies (tenants) with members and roles, and the personal-data rights of Law 29733.

pub mod domain;
pub mod http;
pub mod schema;
pub mod service;
pub mod store;

pub use http::{IdentityApi, configure, declare_password_policy};
pub use service::{IdentityPersonalData, IdentityPorts, IdentityService, IdentitySessionLedger, IdentitySettings};

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
