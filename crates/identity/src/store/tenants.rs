//! Companies (tenants): their rows, the companies a user belongs to, detail changes, and the count
//! that caps how many an account may create.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use uuid::Uuid;

use crate::schema::identity::{memberships, tenants};

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
