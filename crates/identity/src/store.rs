//! Queries on the `identity` schema. Each runs on a connection inside a scoped transaction, so
//! row-level security decides what it sees; the `*_owner`/`login_*` helpers call the narrow
//! SECURITY DEFINER functions for steps that run before the caller is known.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text};
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use uuid::Uuid;

use crate::schema::identity::{invitations, memberships, one_time_tokens, refresh_tokens, sessions, tenants, users};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: Uuid,
    pub email: String,
    pub password_hash: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    pub locale: String,
    pub timezone: String,
    pub status: String,
    pub email_verified_at: Option<DateTime<Utc>>,
    pub terms_accepted_at: DateTime<Utc>,
    pub privacy_accepted_at: DateTime<Utc>,
    pub marketing_consent_at: Option<DateTime<Utc>>,
    pub last_login_at: Option<DateTime<Utc>>,
    pub deleted_at: Option<DateTime<Utc>>,
    pub purge_after: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub id: Uuid,
    pub email: &'a str,
    pub password_hash: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub locale: &'a str,
    pub timezone: &'a str,
    pub terms_accepted_at: DateTime<Utc>,
    pub privacy_accepted_at: DateTime<Utc>,
    pub marketing_consent_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A profile edit: `None` leaves a column as it is; `Some(None)` clears a nullable one.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = users)]
pub struct ProfileChanges {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<Option<String>>,
    pub locale: Option<String>,
    pub timezone: Option<String>,
    pub marketing_consent_at: Option<Option<DateTime<Utc>>>,
    pub updated_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tenants)]
pub struct TenantRow {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub industry: Option<String>,
    pub employee_count: Option<i32>,
    pub size: Option<String>,
    pub settings: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = tenants)]
pub struct NewTenant<'a> {
    pub id: Uuid,
    pub name: &'a str,
    pub slug: &'a str,
    pub industry: Option<&'a str>,
    pub employee_count: Option<i32>,
    pub size: Option<&'a str>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = memberships)]
pub struct MembershipRow {
    pub tenant_id: Uuid,
    pub user_id: Uuid,
    pub role: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = memberships)]
pub struct NewMembership<'a> {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub user_id: Uuid,
    pub role: &'a str,
    pub invited_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable)]
pub struct MemberRow {
    pub user_id: Uuid,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub role: String,
    pub status: String,
    pub joined_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = invitations)]
pub struct NewInvitation<'a> {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub email: &'a str,
    pub role: &'a str,
    pub token_hash: &'a str,
    pub invited_by: Uuid,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id: Uuid,
    pub user_id: Uuid,
    pub tenant_id: Option<Uuid>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = sessions)]
pub struct NewSession<'a> {
    pub id: Uuid,
    pub user_id: Uuid,
    pub tenant_id: Option<Uuid>,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshTokenRow {
    pub session_id: Uuid,
    pub rotated_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    EmailVerification,
    PasswordReset,
}

impl TokenPurpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::EmailVerification => "email_verification",
            Self::PasswordReset => "password_reset",
        }
    }
}

#[derive(Debug, Clone, QueryableByName)]
pub struct LoginCredentials {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub user_id: Uuid,
    #[diesel(sql_type = Text)]
    pub password_hash: String,
    #[diesel(sql_type = Text)]
    pub status: String,
}

#[derive(QueryableByName)]
struct OwnerRow {
    #[diesel(sql_type = Nullable<diesel::sql_types::Uuid>)]
    user_id: Option<Uuid>,
}

#[derive(Debug, Clone, QueryableByName)]
pub struct InvitationAcceptance {
    #[diesel(sql_type = Text)]
    pub outcome: String,
    #[diesel(sql_type = Nullable<diesel::sql_types::Uuid>)]
    pub tenant_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    pub role: Option<String>,
}

// ---- narrow paths (SECURITY DEFINER functions) ----------------------------------------------

pub async fn login_credentials(conn: &mut Conn, email: &str) -> QueryResult<Option<LoginCredentials>> {
    diesel::sql_query("SELECT user_id, password_hash, status FROM identity.login_credentials($1)")
        .bind::<Text, _>(email)
        .get_result(conn)
        .await
        .optional()
}

async fn owner_of(conn: &mut Conn, sql: &'static str, binds: (&str, Option<&str>)) -> QueryResult<Option<Uuid>> {
    let query = diesel::sql_query(sql).bind::<Text, _>(binds.0);
    let row: OwnerRow = match binds.1 {
        Some(second) => query.bind::<Text, _>(second).get_result(conn).await?,
        None => query.get_result(conn).await?,
    };
    Ok(row.user_id)
}

pub async fn active_user_id_by_email(conn: &mut Conn, email: &str) -> QueryResult<Option<Uuid>> {
    owner_of(conn, "SELECT identity.active_user_id_by_email($1) AS user_id", (email, None)).await
}

pub async fn refresh_token_owner(conn: &mut Conn, token_hash: &str) -> QueryResult<Option<Uuid>> {
    owner_of(conn, "SELECT identity.refresh_token_owner($1) AS user_id", (token_hash, None)).await
}

pub async fn one_time_token_owner(
    conn: &mut Conn,
    token_hash: &str,
    purpose: TokenPurpose,
) -> QueryResult<Option<Uuid>> {
    owner_of(conn, "SELECT identity.one_time_token_owner($1, $2) AS user_id", (token_hash, Some(purpose.as_str())))
        .await
}

pub async fn accept_invitation(
    conn: &mut Conn,
    token_hash: &str,
    membership_id: Uuid,
) -> QueryResult<InvitationAcceptance> {
    diesel::sql_query("SELECT outcome, tenant_id, role FROM identity.accept_invitation($1, $2)")
        .bind::<Text, _>(token_hash)
        .bind::<diesel::sql_types::Uuid, _>(membership_id)
        .get_result(conn)
        .await
}

// ---- users ----------------------------------------------------------------------------------

pub async fn insert_user(conn: &mut Conn, user: &NewUser<'_>) -> QueryResult<()> {
    diesel::insert_into(users::table).values(user).execute(conn).await.map(drop)
}

pub async fn find_user(conn: &mut Conn, id: Uuid) -> QueryResult<Option<UserRow>> {
    users::table.find(id).select(UserRow::as_select()).first(conn).await.optional()
}

pub async fn update_profile(conn: &mut Conn, id: Uuid, changes: &ProfileChanges) -> QueryResult<()> {
    diesel::update(users::table.find(id)).set(changes).execute(conn).await.map(drop)
}

pub async fn set_password_hash(conn: &mut Conn, id: Uuid, hash: &str, now: DateTime<Utc>) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((users::password_hash.eq(hash), users::updated_at.eq(now)))
        .execute(conn)
        .await
        .map(drop)
}

/// Owner-only: the application role has no grant on this column.
pub async fn make_platform_admin(conn: &mut Conn, id: Uuid) -> QueryResult<()> {
    diesel::update(users::table.find(id)).set(users::is_platform_admin.eq(true)).execute(conn).await.map(drop)
}

pub async fn mark_email_verified(conn: &mut Conn, id: Uuid, now: DateTime<Utc>) -> QueryResult<()> {
    diesel::update(users::table.find(id).filter(users::email_verified_at.is_null()))
        .set((users::email_verified_at.eq(now), users::updated_at.eq(now)))
        .execute(conn)
        .await
        .map(drop)
}

pub async fn record_login(conn: &mut Conn, id: Uuid, now: DateTime<Utc>) -> QueryResult<()> {
    diesel::update(users::table.find(id)).set(users::last_login_at.eq(now)).execute(conn).await.map(drop)
}

pub async fn soft_delete_user(
    conn: &mut Conn,
    id: Uuid,
    now: DateTime<Utc>,
    purge_after: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::status.eq("deleted"),
            users::deleted_at.eq(now),
            users::purge_after.eq(purge_after),
            users::updated_at.eq(now),
        ))
        .execute(conn)
        .await
        .map(drop)
}

/// Accounts whose purge time has come (run by the owner role: it sees every account).
pub async fn users_due_for_purge(conn: &mut Conn, now: DateTime<Utc>, limit: i64) -> QueryResult<Vec<Uuid>> {
    users::table
        .filter(users::purge_after.le(now))
        .select(users::id)
        .order(users::purge_after)
        .limit(limit)
        .load(conn)
        .await
}

pub async fn delete_user(conn: &mut Conn, id: Uuid) -> QueryResult<()> {
    diesel::delete(users::table.find(id)).execute(conn).await.map(drop)
}

// ---- tenants and memberships ----------------------------------------------------------------

pub async fn insert_tenant(conn: &mut Conn, tenant: &NewTenant<'_>) -> QueryResult<()> {
    diesel::insert_into(tenants::table).values(tenant).execute(conn).await.map(drop)
}

pub async fn find_tenant(conn: &mut Conn, id: Uuid) -> QueryResult<Option<TenantRow>> {
    tenants::table.find(id).select(TenantRow::as_select()).first(conn).await.optional()
}

/// The tenants a user is an active member of, with their role, oldest membership first.
pub async fn tenants_of_user(conn: &mut Conn, user_id: Uuid) -> QueryResult<Vec<(TenantRow, String)>> {
    tenants::table
        .inner_join(memberships::table)
        .filter(memberships::user_id.eq(user_id))
        .filter(memberships::status.eq("active"))
        .order(memberships::created_at)
        .select((TenantRow::as_select(), memberships::role))
        .load(conn)
        .await
}

pub async fn insert_membership(conn: &mut Conn, membership: &NewMembership<'_>) -> QueryResult<()> {
    diesel::insert_into(memberships::table).values(membership).execute(conn).await.map(drop)
}

pub async fn find_membership(conn: &mut Conn, tenant_id: Uuid, user_id: Uuid) -> QueryResult<Option<MembershipRow>> {
    memberships::table
        .filter(memberships::tenant_id.eq(tenant_id))
        .filter(memberships::user_id.eq(user_id))
        .select(MembershipRow::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn memberships_of_user(conn: &mut Conn, user_id: Uuid) -> QueryResult<Vec<MembershipRow>> {
    memberships::table
        .filter(memberships::user_id.eq(user_id))
        .order(memberships::created_at)
        .select(MembershipRow::as_select())
        .load(conn)
        .await
}

/// One page of a tenant's members, ordered by join time, after the `(joined_at, user_id)` key.
pub async fn members_page(
    conn: &mut Conn,
    tenant_id: Uuid,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> QueryResult<Vec<MemberRow>> {
    let mut query = memberships::table
        .inner_join(users::table.on(users::id.eq(memberships::user_id)))
        .filter(memberships::tenant_id.eq(tenant_id))
        .select((
            users::id,
            users::email,
            users::first_name,
            users::last_name,
            memberships::role,
            memberships::status,
            memberships::created_at,
        ))
        .order((memberships::created_at, memberships::user_id))
        .limit(limit + 1)
        .into_boxed();
    if let Some((joined_at, user_id)) = after {
        query = query.filter(
            memberships::created_at
                .gt(joined_at)
                .or(memberships::created_at.eq(joined_at).and(memberships::user_id.gt(user_id))),
        );
    }
    query.load(conn).await
}

pub async fn count_active_admins(conn: &mut Conn, tenant_id: Uuid) -> QueryResult<i64> {
    memberships::table
        .filter(memberships::tenant_id.eq(tenant_id))
        .filter(memberships::role.eq("admin"))
        .filter(memberships::status.eq("active"))
        .count()
        .get_result(conn)
        .await
}

pub async fn update_membership(
    conn: &mut Conn,
    tenant_id: Uuid,
    user_id: Uuid,
    role: &str,
    status: &str,
    now: DateTime<Utc>,
) -> QueryResult<usize> {
    diesel::update(
        memberships::table.filter(memberships::tenant_id.eq(tenant_id)).filter(memberships::user_id.eq(user_id)),
    )
    .set((memberships::role.eq(role), memberships::status.eq(status), memberships::updated_at.eq(now)))
    .execute(conn)
    .await
}

pub async fn delete_membership(conn: &mut Conn, tenant_id: Uuid, user_id: Uuid) -> QueryResult<usize> {
    diesel::delete(
        memberships::table.filter(memberships::tenant_id.eq(tenant_id)).filter(memberships::user_id.eq(user_id)),
    )
    .execute(conn)
    .await
}

pub async fn insert_invitation(conn: &mut Conn, invitation: &NewInvitation<'_>) -> QueryResult<()> {
    diesel::insert_into(invitations::table).values(invitation).execute(conn).await.map(drop)
}

// ---- sessions and tokens --------------------------------------------------------------------

pub async fn insert_session(conn: &mut Conn, session: &NewSession<'_>) -> QueryResult<()> {
    diesel::insert_into(sessions::table).values(session).execute(conn).await.map(drop)
}

pub async fn insert_refresh_token(
    conn: &mut Conn,
    token_hash: &str,
    session_id: Uuid,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::token_hash.eq(token_hash),
            refresh_tokens::session_id.eq(session_id),
            refresh_tokens::user_id.eq(user_id),
            refresh_tokens::created_at.eq(now),
        ))
        .execute(conn)
        .await
        .map(drop)
}

/// The refresh token and its session, locked so two concurrent refreshes cannot both rotate it.
pub async fn lock_refresh_token(
    conn: &mut Conn,
    token_hash: &str,
) -> QueryResult<Option<(RefreshTokenRow, SessionRow)>> {
    refresh_tokens::table
        .inner_join(sessions::table)
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select((RefreshTokenRow::as_select(), SessionRow::as_select()))
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Retires every live refresh token of a session (after rotation or a tenant switch).
pub async fn retire_refresh_tokens(conn: &mut Conn, session_id: Uuid, now: DateTime<Utc>) -> QueryResult<()> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::session_id.eq(session_id))
            .filter(refresh_tokens::rotated_at.is_null()),
    )
    .set(refresh_tokens::rotated_at.eq(now))
    .execute(conn)
    .await
    .map(drop)
}

pub async fn touch_session(
    conn: &mut Conn,
    session_id: Uuid,
    tenant_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(sessions::table.find(session_id))
        .set((sessions::tenant_id.eq(tenant_id), sessions::last_used_at.eq(now)))
        .execute(conn)
        .await
        .map(drop)
}

pub async fn find_live_session(
    conn: &mut Conn,
    session_id: Uuid,
    now: DateTime<Utc>,
) -> QueryResult<Option<SessionRow>> {
    sessions::table
        .find(session_id)
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .select(SessionRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// Revokes the user's live sessions matching `only` (one session) or all but `except`;
/// returns the ids revoked.
pub async fn revoke_sessions(
    conn: &mut Conn,
    user_id: Uuid,
    only: Option<Uuid>,
    except: Option<Uuid>,
    reason: &str,
    now: DateTime<Utc>,
) -> QueryResult<Vec<Uuid>> {
    let mut query = diesel::update(sessions::table)
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::revoked_at.is_null())
        .into_boxed();
    if let Some(id) = only {
        query = query.filter(sessions::id.eq(id));
    }
    if let Some(id) = except {
        query = query.filter(sessions::id.ne(id));
    }
    query
        .set((sessions::revoked_at.eq(now), sessions::revoked_reason.eq(reason)))
        .returning(sessions::id)
        .get_results(conn)
        .await
}

/// The session exists, is neither revoked nor expired, and belongs to an active user.
pub async fn session_is_live(
    conn: &mut Conn,
    user_id: Uuid,
    session_id: Uuid,
    now: DateTime<Utc>,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        sessions::table
            .inner_join(users::table)
            .filter(sessions::id.eq(session_id))
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::revoked_at.is_null())
            .filter(sessions::expires_at.gt(now))
            .filter(users::status.eq("active")),
    ))
    .get_result(conn)
    .await
}

pub async fn live_sessions(conn: &mut Conn, user_id: Uuid, now: DateTime<Utc>) -> QueryResult<Vec<SessionRow>> {
    sessions::table
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .order(sessions::last_used_at.desc())
        .select(SessionRow::as_select())
        .load(conn)
        .await
}

pub async fn all_sessions(conn: &mut Conn, user_id: Uuid) -> QueryResult<Vec<SessionRow>> {
    sessions::table
        .filter(sessions::user_id.eq(user_id))
        .order(sessions::created_at.desc())
        .select(SessionRow::as_select())
        .load(conn)
        .await
}

pub async fn insert_one_time_token(
    conn: &mut Conn,
    token_hash: &str,
    user_id: Uuid,
    purpose: TokenPurpose,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::insert_into(one_time_tokens::table)
        .values((
            one_time_tokens::token_hash.eq(token_hash),
            one_time_tokens::user_id.eq(user_id),
            one_time_tokens::purpose.eq(purpose.as_str()),
            one_time_tokens::expires_at.eq(expires_at),
            one_time_tokens::created_at.eq(now),
        ))
        .execute(conn)
        .await
        .map(drop)
}

/// Marks a token used; answers its expiry and whether it had been used before.
pub async fn use_one_time_token(
    conn: &mut Conn,
    token_hash: &str,
    now: DateTime<Utc>,
) -> QueryResult<Option<(DateTime<Utc>, bool)>> {
    let found: Option<(DateTime<Utc>, Option<DateTime<Utc>>)> = one_time_tokens::table
        .find(token_hash)
        .select((one_time_tokens::expires_at, one_time_tokens::used_at))
        .for_update()
        .first(conn)
        .await
        .optional()?;
    let Some((expires_at, used_at)) = found else { return Ok(None) };
    if used_at.is_none() {
        diesel::update(one_time_tokens::table.find(token_hash))
            .set(one_time_tokens::used_at.eq(now))
            .execute(conn)
            .await?;
    }
    Ok(Some((expires_at, used_at.is_some())))
}

// ---- company details, invitation refresh and revocation ----------------------------------------

/// A change to a company's details: `None` leaves a column as it is; `Some(None)` clears a
/// nullable one.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = tenants)]
pub struct TenantChanges {
    pub name: Option<String>,
    pub industry: Option<Option<String>>,
    pub employee_count: Option<i32>,
    pub size: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
}

pub async fn update_tenant(conn: &mut Conn, id: Uuid, changes: &TenantChanges) -> QueryResult<usize> {
    diesel::update(tenants::table.find(id)).set(changes).execute(conn).await
}

/// How many companies the signed-in user has created, counted under a per-user lock held until
/// the transaction ends (SECURITY DEFINER: it also counts companies they have since left).
pub async fn tenants_created_by_caller(conn: &mut Conn) -> QueryResult<i64> {
    diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>("identity.tenants_created_by_caller()"))
        .get_result(conn)
        .await
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = invitations)]
pub struct InvitationRow {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub email: String,
    pub role: String,
    pub invited_by: Option<Uuid>,
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub sent_at: DateTime<Utc>,
}

/// The open (neither accepted nor revoked) invitation to `email` in the tenant, locked.
pub async fn lock_open_invitation(conn: &mut Conn, tenant_id: Uuid, email: &str) -> QueryResult<Option<InvitationRow>> {
    invitations::table
        .filter(invitations::tenant_id.eq(tenant_id))
        .filter(invitations::email.eq(email))
        .filter(invitations::accepted_at.is_null())
        .filter(invitations::revoked_at.is_null())
        .select(InvitationRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Inserts an invitation mailed at `sent_at`.
pub async fn insert_sent_invitation(
    conn: &mut Conn,
    invitation: &NewInvitation<'_>,
    sent_at: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::insert_into(invitations::table)
        .values((invitation, invitations::sent_at.eq(sent_at)))
        .execute(conn)
        .await
        .map(drop)
}

/// Gives an open invitation a new token, expiry, role and inviter, and the time of its last mail.
pub async fn refresh_invitation(
    conn: &mut Conn,
    id: Uuid,
    token_hash: &str,
    role: &str,
    invited_by: Uuid,
    expires_at: DateTime<Utc>,
    sent_at: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(invitations::table.find(id))
        .set((
            invitations::token_hash.eq(token_hash),
            invitations::role.eq(role),
            invitations::invited_by.eq(invited_by),
            invitations::expires_at.eq(expires_at),
            invitations::sent_at.eq(sent_at),
        ))
        .execute(conn)
        .await
        .map(drop)
}

/// One page of a tenant's pending invitations (not accepted, revoked nor expired at `now`),
/// newest first, after the `(created_at, id)` key.
pub async fn pending_invitations_page(
    conn: &mut Conn,
    tenant_id: Uuid,
    now: DateTime<Utc>,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> QueryResult<Vec<InvitationRow>> {
    let mut query = invitations::table
        .filter(invitations::tenant_id.eq(tenant_id))
        .filter(invitations::accepted_at.is_null())
        .filter(invitations::revoked_at.is_null())
        .filter(invitations::expires_at.gt(now))
        .select(InvitationRow::as_select())
        .order((invitations::created_at.desc(), invitations::id.desc()))
        .limit(limit + 1)
        .into_boxed();
    if let Some((created_at, id)) = after {
        query = query.filter(
            invitations::created_at
                .lt(created_at)
                .or(invitations::created_at.eq(created_at).and(invitations::id.lt(id))),
        );
    }
    query.load(conn).await
}

/// One of a tenant's invitations, locked (so an acceptance and a revocation cannot cross).
pub async fn lock_invitation(conn: &mut Conn, tenant_id: Uuid, id: Uuid) -> QueryResult<Option<InvitationRow>> {
    invitations::table
        .find(id)
        .filter(invitations::tenant_id.eq(tenant_id))
        .select(InvitationRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

pub async fn revoke_invitation(conn: &mut Conn, id: Uuid, now: DateTime<Utc>) -> QueryResult<usize> {
    diesel::update(invitations::table.find(id).filter(invitations::revoked_at.is_null()))
        .set(invitations::revoked_at.eq(now))
        .execute(conn)
        .await
}
