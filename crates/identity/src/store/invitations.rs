//! Invitations: creating, refreshing, listing and revoking them, and accepting one through the
//! narrow function that runs before the invitee is a member.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text};
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use uuid::Uuid;

use crate::schema::identity::invitations;

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

#[derive(Debug, Clone, QueryableByName)]
pub struct InvitationAcceptance {
    #[diesel(sql_type = Text)]
    pub outcome: String,
    #[diesel(sql_type = Nullable<diesel::sql_types::Uuid>)]
    pub tenant_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    pub role: Option<String>,
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

pub async fn insert_invitation(conn: &mut Conn, invitation: &NewInvitation<'_>) -> QueryResult<()> {
    diesel::insert_into(invitations::table).values(invitation).execute(conn).await.map(drop)
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
