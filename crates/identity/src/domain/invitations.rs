//! Invitations to a company: when inviting an address again refreshes the open invitation and
//! whether it is mailed again, and an invitation as its sender and the company's admins see it.

use chrono::{DateTime, Utc};
use kernel::auth::Role;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Invitation {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub email: String,
    pub role: Role,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    /// The secret to share with the invitee; shown only when the invitation is created or
    /// refreshed (inviting the same address again gives it a new token: earlier links stop working).
    pub token: String,
    /// Where the invitee accepts it.
    pub link: String,
    /// Whether a mail with the link went out now (at most one per address and company per hour).
    pub mailed: bool,
    /// True when an open invitation to this address was refreshed rather than a new one made.
    #[serde(skip)]
    pub refreshed: bool,
}

/// An invitation not yet accepted, revoked nor expired, as the company's admins list it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PendingInvitation {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub email: String,
    pub role: Role,
    /// Who sent (or last refreshed) it; null once that account is gone.
    pub invited_by: Option<Uuid>,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    /// When it was last mailed.
    pub sent_at: DateTime<Utc>,
}

/// What inviting an address does, given the open invitation to it in the company, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationPlan {
    /// No open invitation: make one and mail it.
    Create,
    /// Refresh the open one (new token, expiry and role); mail it only when the last mail is at
    /// least the resend interval old.
    Refresh { mail: bool },
}

impl InvitationPlan {
    pub fn mails(self) -> bool {
        matches!(self, Self::Create | Self::Refresh { mail: true })
    }
}

pub fn plan_invitation(
    open_last_sent_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    resend_interval: chrono::Duration,
) -> InvitationPlan {
    match open_last_sent_at {
        None => InvitationPlan::Create,
        Some(sent_at) => InvitationPlan::Refresh { mail: now - sent_at >= resend_interval },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn a_repeated_invitation_refreshes_and_mails_at_most_hourly() {
        let now = Utc::now();
        let hour = Duration::hours(1);
        assert_eq!(plan_invitation(None, now, hour), InvitationPlan::Create);
        assert!(plan_invitation(None, now, hour).mails());
        assert_eq!(
            plan_invitation(Some(now - Duration::minutes(59)), now, hour),
            InvitationPlan::Refresh { mail: false }
        );
        assert!(!plan_invitation(Some(now - Duration::minutes(59)), now, hour).mails());
        assert_eq!(plan_invitation(Some(now - hour), now, hour), InvitationPlan::Refresh { mail: true });
    }
}
