//! Sessions: sign-in credentials, sessions and their rotating refresh tokens, and the sessions a
//! user lists or revokes.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use uuid::Uuid;

use super::owner_of;
use crate::schema::identity::{refresh_tokens, sessions, users};

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

#[derive(Debug, Clone, QueryableByName)]
pub struct LoginCredentials {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub user_id: Uuid,
    #[diesel(sql_type = Text)]
    pub password_hash: String,
    #[diesel(sql_type = Text)]
    pub status: String,
}

pub async fn login_credentials(conn: &mut Conn, email: &str) -> QueryResult<Option<LoginCredentials>> {
    diesel::sql_query("SELECT user_id, password_hash, status FROM identity.login_credentials($1)")
        .bind::<Text, _>(email)
        .get_result(conn)
        .await
        .optional()
}

pub async fn refresh_token_owner(conn: &mut Conn, token_hash: &str) -> QueryResult<Option<Uuid>> {
    owner_of(conn, "SELECT identity.refresh_token_owner($1) AS user_id", (token_hash, None)).await
}

pub async fn record_login(conn: &mut Conn, id: Uuid, now: DateTime<Utc>) -> QueryResult<()> {
    diesel::update(users::table.find(id)).set(users::last_login_at.eq(now)).execute(conn).await.map(drop)
}

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
