//! Sessions: which device tokens are well-formed, what a presented refresh token may do, and a
//! session as its user lists it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A device token as the API issues them: a 32-hex-digit device id, a dot, a 43-character tag.
pub fn is_device_token_shaped(token: &str) -> bool {
    token.split_once('.').is_some_and(|(device_id, tag)| {
        device_id.len() == 32
            && device_id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            && tag.len() == 43
            && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// What a presented refresh token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshDecision {
    /// Live: issue a new pair and retire this token.
    Rotate,
    /// Already rotated: someone replays an old token, so the whole family is revoked.
    Reused,
    /// The session was revoked or has expired.
    SessionEnded,
}

pub fn decide_refresh(
    rotated_at: Option<DateTime<Utc>>,
    session_revoked_at: Option<DateTime<Utc>>,
    session_expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> RefreshDecision {
    if session_revoked_at.is_some() || session_expires_at <= now {
        RefreshDecision::SessionEnded
    } else if rotated_at.is_some() {
        RefreshDecision::Reused
    } else {
        RefreshDecision::Rotate
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Session {
    pub id: Uuid,
    pub tenant_id: Option<Uuid>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// True for the session the request was made with.
    pub current: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn refresh_rotates_live_tokens_and_flags_replays() {
        let now = Utc::now();
        let later = now + Duration::days(1);
        assert_eq!(decide_refresh(None, None, later, now), RefreshDecision::Rotate);
        assert_eq!(decide_refresh(Some(now), None, later, now), RefreshDecision::Reused);
        assert_eq!(decide_refresh(None, Some(now), later, now), RefreshDecision::SessionEnded);
        assert_eq!(decide_refresh(None, None, now, now), RefreshDecision::SessionEnded);
    }
}
