//! Credentials: the mailed one-time tokens (email verification, password reset), the lookup of an
//! account by email before the caller is known, and the password and verification columns they
//! change.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use uuid::Uuid;

use super::owner_of;
use crate::schema::identity::{one_time_tokens, users};

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

pub async fn active_user_id_by_email(conn: &mut Conn, email: &str) -> QueryResult<Option<Uuid>> {
    owner_of(conn, "SELECT identity.active_user_id_by_email($1) AS user_id", (email, None)).await
}

pub async fn one_time_token_owner(
    conn: &mut Conn,
    token_hash: &str,
    purpose: TokenPurpose,
) -> QueryResult<Option<Uuid>> {
    owner_of(conn, "SELECT identity.one_time_token_owner($1, $2) AS user_id", (token_hash, Some(purpose.as_str())))
        .await
}

pub async fn set_password_hash(conn: &mut Conn, id: Uuid, hash: &str, now: DateTime<Utc>) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((users::password_hash.eq(hash), users::updated_at.eq(now)))
        .execute(conn)
        .await
        .map(drop)
}

pub async fn mark_email_verified(conn: &mut Conn, id: Uuid, now: DateTime<Utc>) -> QueryResult<()> {
    diesel::update(users::table.find(id).filter(users::email_verified_at.is_null()))
        .set((users::email_verified_at.eq(now), users::updated_at.eq(now)))
        .execute(conn)
        .await
        .map(drop)
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
