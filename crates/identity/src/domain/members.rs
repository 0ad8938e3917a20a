//! Members of a company: who may change whose role or status, without leaving the company
//! without an active admin, and a member as the company lists them.

use chrono::{DateTime, Utc};
use kernel::auth::Role;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Why a change to a membership is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberChangeRefusal {
    /// The actor's level is below the target's current role.
    OutranksActor,
    /// The new role is above the actor's level (or not a tenant role).
    RoleAboveActor,
    /// The change would leave the tenant without an active admin.
    LastAdmin,
}

/// A membership's role and whether it is active, before or after a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberState {
    pub role: Role,
    pub active: bool,
}

/// Whether a role takes one of the seats a company's plan sells: its staff do; candidates a
/// company invites into its space (to follow their process) do not.
pub fn takes_seat(role: Role) -> bool {
    role != Role::Candidate
}

impl MemberState {
    /// Whether this state holds a seat.
    pub fn holds_seat(self) -> bool {
        self.active && takes_seat(self.role)
    }
}

/// Whether `actor` may change a member from `before` to `after` (None: remove the member), given
/// how many active admins the tenant has now.
pub fn check_member_change(
    actor: Role,
    before: MemberState,
    after: Option<MemberState>,
    active_admins: i64,
) -> Result<(), MemberChangeRefusal> {
    if !actor.can_manage(before.role) {
        return Err(MemberChangeRefusal::OutranksActor);
    }
    if after.is_some_and(|after| after.role != before.role && !actor.can_grant(after.role)) {
        return Err(MemberChangeRefusal::RoleAboveActor);
    }
    let was_active_admin = before.role == Role::Admin && before.active;
    let stays_active_admin = after.is_some_and(|after| after.role == Role::Admin && after.active);
    if was_active_admin && !stays_active_admin && active_admins <= 1 {
        return Err(MemberChangeRefusal::LastAdmin);
    }
    Ok(())
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Member {
    pub user_id: Uuid,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub role: Role,
    pub status: String,
    pub joined_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_hold_seats_and_candidates_do_not() {
        let state = |role, active| MemberState { role, active };
        assert!(state(Role::Recruiter, true).holds_seat());
        assert!(state(Role::Admin, true).holds_seat());
        assert!(!state(Role::Recruiter, false).holds_seat(), "a suspended member frees the seat");
        assert!(!state(Role::Candidate, true).holds_seat());
    }

    #[test]
    fn member_changes_respect_levels_and_keep_an_admin() {
        use MemberChangeRefusal::*;
        let active = |role| MemberState { role, active: true };
        let suspended = |role| MemberState { role, active: false };
        assert_eq!(
            check_member_change(Role::Admin, active(Role::Recruiter), Some(active(Role::HiringManager)), 1),
            Ok(())
        );
        assert_eq!(check_member_change(Role::Recruiter, active(Role::Admin), None, 2), Err(OutranksActor));
        assert_eq!(
            check_member_change(Role::Recruiter, active(Role::Candidate), Some(active(Role::Admin)), 1),
            Err(RoleAboveActor)
        );
        assert_eq!(
            check_member_change(Role::Admin, active(Role::Recruiter), Some(active(Role::Superadmin)), 1),
            Err(RoleAboveActor)
        );
        assert_eq!(
            check_member_change(Role::Admin, active(Role::Admin), Some(active(Role::Recruiter)), 1),
            Err(LastAdmin)
        );
        assert_eq!(
            check_member_change(Role::Admin, active(Role::Admin), Some(suspended(Role::Admin)), 1),
            Err(LastAdmin)
        );
        assert_eq!(check_member_change(Role::Admin, active(Role::Admin), None, 1), Err(LastAdmin));
        assert_eq!(check_member_change(Role::Admin, active(Role::Admin), None, 2), Ok(()));
        // A suspended admin is not one of the active admins the tenant must keep.
        assert_eq!(check_member_change(Role::Admin, suspended(Role::Admin), Some(active(Role::Recruiter)), 1), Ok(()));
    }
}
