//! The talent network: profiles and companies' approaches to them.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::schema::hiring::{network_applications, talent_profiles};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = talent_profiles, treat_none_as_null = true)]
pub struct ProfileRow {
    pub id: Uuid,
    pub user_id: Option<Uuid>,
    pub email: Option<String>,
    pub github_username: Option<String>,
    pub full_name: Option<String>,
    pub source: String,
    pub status: String,
    pub cv_id: Option<Uuid>,
    pub headline: Option<String>,
    pub seniority: Option<String>,
    pub city: Option<String>,
    pub skills: serde_json::Value,
    pub skill_ids: Vec<Option<String>>,
    pub total_experience_years: Option<f32>,
    pub remote_preference: Option<String>,
    pub availability: Option<String>,
    pub hourly_rate: Option<Decimal>,
    pub rate_currency: String,
    pub consent_at: Option<DateTime<Utc>>,
    pub consent_ip: Option<String>,
    pub consent_source: Option<String>,
    pub invitations_sent: i32,
    pub last_invited_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = network_applications)]
pub struct NetworkRow {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub profile_id: Uuid,
    pub user_id: Uuid,
    pub job_id: Option<Uuid>,
    pub job_title: Option<String>,
    pub status: String,
    pub message: Option<String>,
    pub contacted_by: Option<Uuid>,
    pub placement_fee: Option<Decimal>,
    pub fee_currency: String,
    pub fee_status: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Which visible profiles a company looks for.
#[derive(Debug, Clone, Default)]
pub struct NetworkFilter {
    /// Profiles with all of these canonical skills.
    pub skill_ids: Vec<String>,
    pub seniority: Option<String>,
    /// Folded city.
    pub city: Option<String>,
    /// Who accept this way of working (or any).
    pub remote: Option<String>,
    pub availability: Option<Vec<String>>,
    pub max_rate: Option<Decimal>,
    /// Only these profiles (those a job's ranking proposed), when given.
    pub cv_ids: Option<Vec<Uuid>>,
}

pub async fn profile_of_user(conn: &mut Conn, user_id: Uuid) -> QueryResult<Option<ProfileRow>> {
    talent_profiles::table
        .filter(talent_profiles::user_id.eq(user_id))
        .select(ProfileRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

pub async fn profile(conn: &mut Conn, id: Uuid) -> QueryResult<Option<ProfileRow>> {
    talent_profiles::table.find(id).select(ProfileRow::as_select()).first(conn).await.optional()
}

pub async fn lock_profile(conn: &mut Conn, id: Uuid) -> QueryResult<Option<ProfileRow>> {
    talent_profiles::table.find(id).select(ProfileRow::as_select()).for_update().first(conn).await.optional()
}

/// A profile already known by this email or GitHub username (the same person from another source).
pub async fn known_profile(
    conn: &mut Conn,
    email: Option<&str>,
    github: Option<&str>,
) -> QueryResult<Option<ProfileRow>> {
    let (email, github) = (email.unwrap_or(""), github.unwrap_or(""));
    talent_profiles::table
        .filter(talent_profiles::email.eq(email).or(talent_profiles::github_username.eq(github)))
        .select(ProfileRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

pub async fn insert_profile(conn: &mut Conn, row: &ProfileRow) -> QueryResult<()> {
    diesel::insert_into(talent_profiles::table).values(row).execute(conn).await.map(drop)
}

pub async fn save_profile(conn: &mut Conn, row: &ProfileRow) -> QueryResult<()> {
    diesel::update(talent_profiles::table.find(row.id)).set(row).execute(conn).await.map(drop)
}

/// Visible profiles matching `filter`: featured first, then the most recently updated.
pub async fn visible_profiles(conn: &mut Conn, filter: &NetworkFilter, limit: i64) -> QueryResult<Vec<ProfileRow>> {
    let mut query = talent_profiles::table.filter(talent_profiles::status.eq_any(["active", "featured"])).into_boxed();
    if !filter.skill_ids.is_empty() {
        let wanted: Vec<Option<String>> = filter.skill_ids.iter().cloned().map(Some).collect();
        query = query.filter(talent_profiles::skill_ids.contains(wanted));
    }
    if let Some(seniority) = &filter.seniority {
        query = query.filter(talent_profiles::seniority.eq(seniority.clone()));
    }
    if let Some(city) = &filter.city {
        query = query.filter(talent_profiles::city.ilike(city.clone()));
    }
    if let Some(remote) = &filter.remote {
        query = query.filter(talent_profiles::remote_preference.eq_any([remote.clone(), "any".to_owned()]));
    }
    if let Some(availability) = &filter.availability {
        query = query.filter(talent_profiles::availability.eq_any(availability.clone()));
    }
    if let Some(rate) = filter.max_rate {
        query = query.filter(talent_profiles::hourly_rate.le(rate));
    }
    if let Some(cv_ids) = &filter.cv_ids {
        query = query.filter(talent_profiles::cv_id.eq_any(cv_ids.clone()));
    }
    query
        .order((talent_profiles::status.desc(), talent_profiles::updated_at.desc(), talent_profiles::id))
        .limit(limit)
        .select(ProfileRow::as_select())
        .load(conn)
        .await
}

pub async fn insert_network(conn: &mut Conn, row: &NetworkRow) -> QueryResult<()> {
    diesel::insert_into(network_applications::table).values(row).execute(conn).await.map(drop)
}

pub async fn lock_network(conn: &mut Conn, id: Uuid) -> QueryResult<Option<NetworkRow>> {
    network_applications::table.find(id).select(NetworkRow::as_select()).for_update().first(conn).await.optional()
}

pub async fn move_network(
    conn: &mut Conn,
    id: Uuid,
    status: &str,
    fee: Option<(Decimal, &str)>,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    let target = network_applications::table.find(id);
    let moved = (network_applications::status.eq(status), network_applications::updated_at.eq(now));
    match fee {
        Some((amount, currency)) => {
            diesel::update(target)
                .set((
                    moved,
                    network_applications::placement_fee.eq(amount),
                    network_applications::fee_currency.eq(currency),
                    // Handed to billing in the same transaction.
                    network_applications::fee_status.eq("invoiced"),
                ))
                .execute(conn)
                .await
        }
        None => diesel::update(target).set(moved).execute(conn).await,
    }
    .map(drop)
}

/// The company's approaches (or the person's, as row-level security decides), newest first.
pub async fn network_applications(conn: &mut Conn, status: Option<&str>, limit: i64) -> QueryResult<Vec<NetworkRow>> {
    let mut query = network_applications::table.into_boxed();
    if let Some(status) = status {
        query = query.filter(network_applications::status.eq(status.to_owned()));
    }
    query
        .order((network_applications::created_at.desc(), network_applications::id.desc()))
        .limit(limit)
        .select(NetworkRow::as_select())
        .load(conn)
        .await
}

/// Marks a placement fee paid (billing's `billing.placement_fee_paid`); false when there is no
/// such invoiced fee (paid before, or the application is gone).
pub async fn mark_fee_paid(conn: &mut Conn, id: Uuid, now: DateTime<Utc>) -> QueryResult<bool> {
    let marked =
        diesel::update(network_applications::table.find(id).filter(network_applications::fee_status.eq("invoiced")))
            .set((network_applications::fee_status.eq("paid"), network_applications::updated_at.eq(now)))
            .execute(conn)
            .await?;
    Ok(marked == 1)
}
