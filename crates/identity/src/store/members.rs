//! Members: memberships (role and status in a company), the member list with names, and the
//! count of active admins a change must keep.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use uuid::Uuid;

use crate::schema::identity::{memberships, users};

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

/// The company's active admins, by id.
pub async fn active_admins(conn: &mut Conn, tenant_id: Uuid) -> QueryResult<Vec<Uuid>> {
    memberships::table
        .filter(memberships::tenant_id.eq(tenant_id))
        .filter(memberships::role.eq("admin"))
        .filter(memberships::status.eq("active"))
        .order(memberships::created_at)
        .select(memberships::user_id)
        .load(conn)
        .await
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

/// The company's seats taken: active staff (every role but candidate, `domain::takes_seat`) and
/// staff invitations still open. The company's seat
/// lock is held until the transaction ends, so two invitations at once cannot both take the
/// last seat.
pub async fn lock_seats_taken(conn: &mut Conn, tenant_id: Uuid, now: DateTime<Utc>) -> QueryResult<i64> {
    use crate::schema::identity::invitations;
    diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended('seats:' || $1::text, 0))")
        .bind::<diesel::sql_types::Uuid, _>(tenant_id)
        .execute(conn)
        .await?;
    let members: i64 = memberships::table
        .filter(memberships::tenant_id.eq(tenant_id))
        .filter(memberships::status.eq("active"))
        .filter(memberships::role.ne("candidate"))
        .count()
        .get_result(conn)
        .await?;
    let invited: i64 = invitations::table
        .filter(invitations::tenant_id.eq(tenant_id))
        .filter(invitations::role.ne("candidate"))
        .filter(invitations::accepted_at.is_null())
        .filter(invitations::revoked_at.is_null())
        .filter(invitations::expires_at.gt(now))
        .count()
        .get_result(conn)
        .await?;
    Ok(members + invited)
}
