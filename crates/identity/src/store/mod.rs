//! Queries on the `identity` schema. Each runs on a connection inside a scoped transaction, so
//! row-level security decides what it sees; the `*_owner`/`login_*` helpers call the narrow
//! SECURITY DEFINER functions for steps that run before the caller is known.
//!
//! One file per group of use cases (as in `service/`); this one holds the lookup the narrow
//! functions share.

mod accounts;
mod consents;
mod credentials;
mod exports;
mod invitations;
mod members;
mod sessions;
mod tenants;

use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text};
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use uuid::Uuid;

pub use accounts::{
    DormantAccount, NewUser, ProfileChanges, UserRow, delete_user, dormant_accounts, find_user, insert_user,
    make_platform_admin, platform_admin, set_inactivity_notice, soft_delete_user, update_profile, users_due_for_purge,
};
pub use consents::{ConsentRow, consents_of, insert_consent};
pub use credentials::{
    TokenPurpose, active_user_id_by_email, insert_one_time_token, mark_email_verified, one_time_token_owner,
    set_password_hash, use_one_time_token,
};
pub use exports::{
    ExportChange, ExportRow, expired_exports, exports_of, find_export, insert_export, lock_user_exports, update_export,
};
pub use invitations::{
    InvitationAcceptance, InvitationRow, NewInvitation, accept_invitation, insert_invitation, insert_sent_invitation,
    lock_invitation, lock_open_invitation, pending_invitations_page, refresh_invitation, revoke_invitation,
};
pub use members::{
    MemberRow, MembershipRow, NewMembership, active_admins, count_active_admins, delete_membership, find_membership,
    insert_membership, lock_seats_taken, members_page, memberships_of_user, update_membership,
};
pub use sessions::{
    LoginCredentials, NewSession, RefreshTokenRow, SessionRow, all_sessions, find_live_session, insert_refresh_token,
    insert_session, live_sessions, lock_refresh_token, login_credentials, record_login, refresh_token_owner,
    retire_refresh_tokens, revoke_sessions, session_is_live, touch_session,
};
pub use tenants::{
    NewTenant, TenantChanges, TenantRow, find_tenant, insert_tenant, tenants_created_by_caller, tenants_of_user,
    update_tenant,
};

#[derive(QueryableByName)]
struct OwnerRow {
    #[diesel(sql_type = Nullable<diesel::sql_types::Uuid>)]
    user_id: Option<Uuid>,
}

async fn owner_of(conn: &mut Conn, sql: &'static str, binds: (&str, Option<&str>)) -> QueryResult<Option<Uuid>> {
    let query = diesel::sql_query(sql).bind::<Text, _>(binds.0);
    let row: OwnerRow = match binds.1 {
        Some(second) => query.bind::<Text, _>(second).get_result(conn).await?,
        None => query.get_result(conn).await?,
    };
    Ok(row.user_id)
}
