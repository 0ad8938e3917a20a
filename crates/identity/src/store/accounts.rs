//! Accounts: the `users` rows, as sign-up, profile edits, deletion and the purge read and write
//! them.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use uuid::Uuid;

use crate::schema::identity::users;

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

pub async fn insert_user(conn: &mut Conn, user: &NewUser<'_>) -> QueryResult<()> {
    diesel::insert_into(users::table).values(user).execute(conn).await.map(drop)
}

pub async fn find_user(conn: &mut Conn, id: Uuid) -> QueryResult<Option<UserRow>> {
    users::table.find(id).select(UserRow::as_select()).first(conn).await.optional()
}

pub async fn update_profile(conn: &mut Conn, id: Uuid, changes: &ProfileChanges) -> QueryResult<()> {
    diesel::update(users::table.find(id)).set(changes).execute(conn).await.map(drop)
}

/// Owner-only: the application role has no grant on this column.
/// Whether the account operates the platform; `None` when the caller cannot see it.
pub async fn platform_admin(conn: &mut Conn, id: Uuid) -> QueryResult<Option<bool>> {
    users::table
        .find(id)
        .filter(users::status.ne("deleted"))
        .select(users::is_platform_admin)
        .first(conn)
        .await
        .optional()
}

pub async fn make_platform_admin(conn: &mut Conn, id: Uuid) -> QueryResult<()> {
    diesel::update(users::table.find(id)).set(users::is_platform_admin.eq(true)).execute(conn).await.map(drop)
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

/// An account the retention rule may concern (see `identity.dormant_accounts`).
#[derive(Debug, Clone, QueryableByName)]
pub struct DormantAccount {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub user_id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub email: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub locale: String,
    #[diesel(sql_type = diesel::sql_types::Timestamptz)]
    pub last_active: DateTime<Utc>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>)]
    pub notice_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub retained: bool,
}

/// People's accounts last used before `used_before`, least recently used first.
pub async fn dormant_accounts(
    conn: &mut Conn,
    used_before: DateTime<Utc>,
    limit: i32,
) -> QueryResult<Vec<DormantAccount>> {
    diesel::sql_query("SELECT * FROM identity.dormant_accounts($1, $2)")
        .bind::<diesel::sql_types::Timestamptz, _>(used_before)
        .bind::<diesel::sql_types::Integer, _>(limit)
        .load(conn)
        .await
}

pub async fn set_inactivity_notice(conn: &mut Conn, id: Uuid, at: DateTime<Utc>) -> QueryResult<()> {
    diesel::update(users::table.find(id)).set(users::inactivity_notice_at.eq(at)).execute(conn).await.map(drop)
}
