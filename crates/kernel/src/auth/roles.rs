//! Roles and the permissions each grants: the levels that decide who may grant or manage whom.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A member's role in a tenant. Levels order them: a role may grant only roles up to its own level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Superadmin,
    Admin,
    Recruiter,
    HiringManager,
    Candidate,
}

/// What a role may do. The same names are stored in `identity.roles.permissions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    TenantManage,
    MembersRead,
    MembersManage,
    InvitationsManage,
    JobsManage,
    CandidatesRead,
    CandidatesManage,
    ProfileManage,
}

impl Permission {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TenantManage => "tenant:manage",
            Self::MembersRead => "members:read",
            Self::MembersManage => "members:manage",
            Self::InvitationsManage => "invitations:manage",
            Self::JobsManage => "jobs:manage",
            Self::CandidatesRead => "candidates:read",
            Self::CandidatesManage => "candidates:manage",
            Self::ProfileManage => "profile:manage",
        }
    }
}

impl Role {
    pub const ALL: [Role; 5] = [Self::Superadmin, Self::Admin, Self::Recruiter, Self::HiringManager, Self::Candidate];

    pub fn level(self) -> i16 {
        match self {
            Self::Superadmin => 100,
            Self::Admin => 50,
            Self::Recruiter => 30,
            Self::HiringManager => 20,
            Self::Candidate => 10,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Superadmin => "superadmin",
            Self::Admin => "admin",
            Self::Recruiter => "recruiter",
            Self::HiringManager => "hiring_manager",
            Self::Candidate => "candidate",
        }
    }

    pub fn parse(code: &str) -> Option<Role> {
        Self::ALL.into_iter().find(|role| role.as_str() == code)
    }

    /// Superadmin is the platform operator's role; it is never granted inside a tenant.
    pub fn is_tenant_role(self) -> bool {
        self != Self::Superadmin
    }

    /// A member may grant (or change someone to) a tenant role up to their own level.
    pub fn can_grant(self, target: Role) -> bool {
        target.is_tenant_role() && target.level() <= self.level()
    }

    /// A member may manage another member only when their level is at least the other's.
    pub fn can_manage(self, other: Role) -> bool {
        other.level() <= self.level()
    }

    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            Self::Superadmin => &[
                TenantManage,
                MembersRead,
                MembersManage,
                InvitationsManage,
                JobsManage,
                CandidatesRead,
                CandidatesManage,
                ProfileManage,
            ],
            Self::Admin => &[
                TenantManage,
                MembersRead,
                MembersManage,
                InvitationsManage,
                JobsManage,
                CandidatesRead,
                CandidatesManage,
            ],
            Self::Recruiter => &[MembersRead, JobsManage, CandidatesRead, CandidatesManage],
            Self::HiringManager => &[MembersRead, CandidatesRead],
            Self::Candidate => &[ProfileManage],
        }
    }

    pub fn has(self, permission: Permission) -> bool {
        self.permissions().contains(&permission)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_levels_follow_the_hierarchy() {
        let levels: Vec<i16> = Role::ALL.iter().map(|r| r.level()).collect();
        assert_eq!(levels, vec![100, 50, 30, 20, 10]);
        assert!(Role::Admin.can_grant(Role::Recruiter));
        assert!(Role::Admin.can_grant(Role::Admin));
        assert!(!Role::Recruiter.can_grant(Role::Admin));
        assert!(!Role::Superadmin.can_grant(Role::Superadmin), "superadmin is not a tenant role");
        assert!(Role::HiringManager.can_manage(Role::Candidate));
        assert!(!Role::HiringManager.can_manage(Role::Recruiter));
    }

    #[test]
    fn roles_round_trip_through_their_codes() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("owner"), None);
    }

    #[test]
    fn permissions_shrink_with_level() {
        assert!(Role::Admin.has(Permission::MembersManage));
        assert!(Role::Recruiter.has(Permission::MembersRead));
        assert!(!Role::Recruiter.has(Permission::MembersManage));
        assert!(!Role::Candidate.has(Permission::MembersRead));
    }
}
