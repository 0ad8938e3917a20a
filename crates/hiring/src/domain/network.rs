//! The talent network's rules: a profile's life (prospect → invited → active → featured | paused |
//! removed), how often a prospect may be invited, and a network application's life (interested →
//! contacted → interviewing → offer → hired | rejected).

use chrono::{DateTime, Duration, Utc};
use kernel::AppError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProfileStatus {
    /// Sourced by the platform; has not agreed to anything.
    Prospect,
    /// Invited to join; has not agreed yet.
    Invited,
    /// Agreed to be found: companies see the profile.
    Active,
    /// Active, and promoted by the platform.
    Featured,
    /// The person stopped being found for now.
    Paused,
    /// Out of the network (by the person or the platform).
    Removed,
}

impl ProfileStatus {
    pub const ALL: [Self; 6] =
        [Self::Prospect, Self::Invited, Self::Active, Self::Featured, Self::Paused, Self::Removed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Prospect => "prospect",
            Self::Invited => "invited",
            Self::Active => "active",
            Self::Featured => "featured",
            Self::Paused => "paused",
            Self::Removed => "removed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether companies see the profile.
    pub fn visible(self) -> bool {
        matches!(self, Self::Active | Self::Featured)
    }
}

/// Who moves a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mover {
    /// The person (opting in, pausing, resuming, leaving).
    Person,
    /// The platform's operators (inviting, featuring, removing).
    Platform,
}

/// Whether `mover` may take a profile from `from` to `to`; 409 naming the refusal otherwise.
pub fn move_profile(from: ProfileStatus, to: ProfileStatus, mover: Mover) -> Result<(), AppError> {
    use ProfileStatus::*;
    let allowed = match mover {
        // Opting in (again) is always the person's own act; so are pausing and leaving.
        Mover::Person => match to {
            Active => !from.visible(),
            Paused => from.visible(),
            Removed => from != Removed,
            Prospect | Invited | Featured => false,
        },
        Mover::Platform => matches!(
            (from, to),
            (Prospect | Invited, Invited)
                | (Active, Featured)
                | (Featured, Active)
                | (Prospect | Invited | Active | Featured | Paused, Removed)
        ),
    };
    if allowed {
        Ok(())
    } else {
        Err(AppError::Conflict(format!("a {} profile cannot become {}", from.as_str(), to.as_str())))
    }
}

/// At most this many invitations per prospect, ever.
pub const MAX_INVITATIONS: i32 = 3;
/// At least this long between two invitations of the same prospect.
pub const INVITATION_INTERVAL_DAYS: i64 = 7;

/// Whether a prospect who got `sent` invitations, the last at `last`, may get another now.
pub fn may_invite(sent: i32, last: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Result<(), AppError> {
    if sent >= MAX_INVITATIONS {
        return Err(AppError::Conflict(format!("this person was invited {sent} times: no more invitations")));
    }
    if let Some(last) = last
        && now - last < Duration::days(INVITATION_INTERVAL_DAYS)
    {
        let retry_after_secs = (last + Duration::days(INVITATION_INTERVAL_DAYS) - now).num_seconds().max(1) as u64;
        return Err(AppError::TooManyRequests { retry_after_secs });
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NetworkStatus {
    Interested,
    Contacted,
    Interviewing,
    Offer,
    Hired,
    Rejected,
}

impl NetworkStatus {
    pub const ALL: [Self; 6] =
        [Self::Interested, Self::Contacted, Self::Interviewing, Self::Offer, Self::Hired, Self::Rejected];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Interested => "interested",
            Self::Contacted => "contacted",
            Self::Interviewing => "interviewing",
            Self::Offer => "offer",
            Self::Hired => "hired",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    fn rank(self) -> u8 {
        match self {
            Self::Interested => 0,
            Self::Contacted => 1,
            Self::Interviewing => 2,
            Self::Offer => 3,
            Self::Hired => 4,
            Self::Rejected => 5,
        }
    }
}

/// A network application moves forward one step at a time (or skips ahead), is rejected from any
/// open step, and never leaves hired or rejected.
pub fn move_network(from: NetworkStatus, to: NetworkStatus) -> Result<(), AppError> {
    use NetworkStatus::*;
    let allowed = match (from, to) {
        (Hired | Rejected, _) => false,
        (_, Rejected) => true,
        (_, Interested) => false,
        (from, to) => to.rank() > from.rank(),
    };
    if allowed {
        Ok(())
    } else {
        Err(AppError::Conflict(format!("a network application cannot go from {} to {}", from.as_str(), to.as_str())))
    }
}

/// A GitHub username (1 to 39 letters, digits or hyphens, not starting with a hyphen; an `@`
/// before it is dropped), lower-cased.
pub fn github_username(text: &str) -> Option<String> {
    let name = text.trim().trim_start_matches('@').to_ascii_lowercase();
    let valid = (1..=39).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !name.starts_with('-');
    valid.then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use NetworkStatus as N;
    use ProfileStatus as P;

    #[test]
    fn people_opt_in_pause_resume_and_leave() {
        assert!(move_profile(P::Prospect, P::Active, Mover::Person).is_ok());
        assert!(move_profile(P::Invited, P::Active, Mover::Person).is_ok());
        assert!(move_profile(P::Active, P::Paused, Mover::Person).is_ok());
        assert!(move_profile(P::Featured, P::Paused, Mover::Person).is_ok());
        assert!(move_profile(P::Paused, P::Active, Mover::Person).is_ok());
        assert!(move_profile(P::Active, P::Removed, Mover::Person).is_ok());
        assert!(move_profile(P::Removed, P::Active, Mover::Person).is_ok(), "opting in again");
        assert!(move_profile(P::Active, P::Featured, Mover::Person).is_err(), "only the platform features");
        assert!(move_profile(P::Prospect, P::Paused, Mover::Person).is_err());
    }

    #[test]
    fn the_platform_invites_features_and_removes_but_never_opts_anyone_in() {
        assert!(move_profile(P::Prospect, P::Invited, Mover::Platform).is_ok());
        assert!(move_profile(P::Invited, P::Invited, Mover::Platform).is_ok(), "a reminder");
        assert!(move_profile(P::Active, P::Featured, Mover::Platform).is_ok());
        assert!(move_profile(P::Featured, P::Active, Mover::Platform).is_ok());
        assert!(move_profile(P::Paused, P::Removed, Mover::Platform).is_ok());
        for from in [P::Prospect, P::Invited, P::Paused] {
            assert!(move_profile(from, P::Active, Mover::Platform).is_err(), "consent is the person's");
        }
        assert!(move_profile(P::Paused, P::Featured, Mover::Platform).is_err());
        assert!(move_profile(P::Active, P::Invited, Mover::Platform).is_err());
        assert!(move_profile(P::Removed, P::Invited, Mover::Platform).is_err(), "a person who left stays left");
    }

    #[test]
    fn invitations_are_few_and_spaced() {
        let now = Utc::now();
        assert!(may_invite(0, None, now).is_ok());
        assert!(may_invite(1, Some(now - Duration::days(8)), now).is_ok());
        assert!(
            matches!(may_invite(1, Some(now - Duration::days(2)), now), Err(AppError::TooManyRequests { retry_after_secs }) if retry_after_secs == 5 * 86_400)
        );
        assert!(matches!(may_invite(MAX_INVITATIONS, None, now), Err(AppError::Conflict(_))));
    }

    #[test]
    fn network_applications_move_forward_or_end() {
        assert!(move_network(N::Interested, N::Contacted).is_ok());
        assert!(move_network(N::Contacted, N::Offer).is_ok());
        assert!(move_network(N::Offer, N::Hired).is_ok());
        assert!(move_network(N::Interviewing, N::Rejected).is_ok());
        assert!(move_network(N::Offer, N::Contacted).is_err());
        assert!(move_network(N::Hired, N::Rejected).is_err());
        assert!(move_network(N::Rejected, N::Offer).is_err());
        assert!(move_network(N::Contacted, N::Interested).is_err());
        for status in NetworkStatus::ALL {
            assert_eq!(NetworkStatus::parse(status.as_str()), Some(status));
        }
    }

    #[test]
    fn github_usernames_are_checked_and_folded() {
        assert_eq!(github_username("@Octo-Cat").as_deref(), Some("octo-cat"));
        assert_eq!(github_username("-bad"), None);
        assert_eq!(github_username(&"x".repeat(40)), None);
        assert_eq!(github_username("con espacio"), None);
    }
}
