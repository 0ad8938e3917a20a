//! Companies (tenants): their slugs, names, industries and size buckets, what an update may
//! change, who may act on a company, and how many companies one account may create.

use chrono::{DateTime, Utc};
use kernel::FieldError;
use kernel::auth::{Permission, Role};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::MemberState;

/// A tenant's URL name: lower-case letters, digits and single hyphens, 3 to 63 characters.
pub fn check_slug(field: &str, raw: &str) -> Result<String, FieldError> {
    let slug = raw;
    let shaped = (3..=63).contains(&slug.len())
        && slug
            .split('-')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
    if shaped {
        Ok(slug.to_owned())
    } else {
        Err(FieldError::new(
            field,
            "invalid_slug",
            "must be 3-63 lower-case letters, digits and single hyphens, such as acme-peru",
        ))
    }
}

/// The size bucket a company falls in by head count.
pub fn company_size(employee_count: i32) -> &'static str {
    match employee_count {
        ..=10 => "1-10",
        11..=50 => "11-50",
        51..=200 => "51-200",
        201..=500 => "201-500",
        501..=1000 => "501-1000",
        _ => "1001+",
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Tenant {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub industry: Option<String>,
    pub employee_count: Option<i32>,
    /// Head-count bucket: 1-10, 11-50, 51-200, 201-500, 501-1000, 1001+.
    pub size: Option<String>,
    pub settings: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

/// A tenant the caller belongs to, with their role there.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MyTenant {
    #[serde(flatten)]
    pub tenant: Tenant,
    pub role: Role,
}

/// Longest company name and industry, in characters.
pub const MAX_COMPANY_NAME_CHARS: usize = 120;
pub const MAX_INDUSTRY_CHARS: usize = 120;

/// The spaces trimmed around company names and industries (others are kept as written).
fn is_edge_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// A company's name: at most 120 characters as sent, at least 2 besides the spaces around it;
/// answered trimmed. (The OpenAPI schema states the same rule as a pattern.)
pub fn check_company_name(field: &str, raw: &str) -> Result<String, FieldError> {
    let name = raw.trim_matches(is_edge_space);
    if raw.chars().count() > MAX_COMPANY_NAME_CHARS {
        Err(FieldError::new(field, "too_long", format!("must have at most {MAX_COMPANY_NAME_CHARS} characters")))
    } else if name.chars().count() < 2 {
        Err(FieldError::new(field, "too_short", "must have at least 2 characters besides spaces"))
    } else {
        Ok(name.to_owned())
    }
}

/// A company's industry: at most 120 characters; blank means none.
pub fn check_industry(field: &str, raw: &str) -> Result<Option<String>, FieldError> {
    if raw.chars().count() > MAX_INDUSTRY_CHARS {
        return Err(FieldError::new(field, "too_long", format!("must have at most {MAX_INDUSTRY_CHARS} characters")));
    }
    let industry = raw.trim_matches(is_edge_space);
    Ok((!industry.is_empty()).then(|| industry.to_owned()))
}

/// A change to a company's details; `None` leaves a field as it is. The slug never changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TenantUpdate {
    pub name: Option<String>,
    /// Blank clears it.
    pub industry: Option<String>,
    pub employee_count: Option<i32>,
}

/// A validated [`TenantUpdate`]: `industry: Some(None)` clears it; `size` follows the head count.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TenantChange {
    pub name: Option<String>,
    pub industry: Option<Option<String>>,
    pub employee_count: Option<i32>,
    pub size: Option<&'static str>,
}

impl TenantChange {
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

impl TenantUpdate {
    /// Checks every field; the errors name each one that breaks a rule.
    pub fn validate(self) -> Result<TenantChange, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = match self.name.map(|raw| check_company_name("name", &raw)).transpose() {
            Ok(name) => name,
            Err(error) => {
                errors.push(error);
                None
            }
        };
        let industry = match self.industry.map(|raw| check_industry("industry", &raw)).transpose() {
            Ok(industry) => industry,
            Err(error) => {
                errors.push(error);
                None
            }
        };
        if self.employee_count.is_some_and(|n| n < 1) {
            errors.push(FieldError::new("employee_count", "out_of_range", "must be at least 1"));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(TenantChange {
            name,
            industry,
            employee_count: self.employee_count,
            size: self.employee_count.map(company_size),
        })
    }
}

/// Why a caller may not act on a tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TenantAccessRefusal {
    /// Not an active member: answered exactly like a tenant that does not exist.
    NotFound,
    /// An active member whose access token acts in another tenant, or in none.
    SwitchTenantFirst,
    /// The member's current role does not allow this.
    Forbidden(Role),
    /// The member's current role allows this, but the token still carries an earlier role that
    /// does not (row-level security sees the token's role): new tokens are needed.
    StaleToken(Role),
}

/// Whether a caller whose token acts in `acting_in` may act on `tenant_id`, given their
/// membership there as the database has it now, and what the action needs (`None`: any member).
/// Answers the member's current role.
pub fn decide_tenant_access(
    acting_in: Option<(Uuid, Role)>,
    tenant_id: Uuid,
    membership: Option<MemberState>,
    needs: Option<Permission>,
) -> Result<Role, TenantAccessRefusal> {
    let Some(member) = membership.filter(|m| m.active) else {
        return Err(TenantAccessRefusal::NotFound);
    };
    let Some((_, token_role)) = acting_in.filter(|(current, _)| *current == tenant_id) else {
        return Err(TenantAccessRefusal::SwitchTenantFirst);
    };
    match needs {
        Some(permission) if !member.role.has(permission) => Err(TenantAccessRefusal::Forbidden(member.role)),
        Some(permission) if !token_role.has(permission) => Err(TenantAccessRefusal::StaleToken(member.role)),
        _ => Ok(member.role),
    }
}

/// Whether an account that has created `created` companies may create another.
pub fn may_create_tenant(created: i64, max_per_user: u32) -> bool {
    created < i64::from(max_per_user)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_url_safe() {
        assert!(check_slug("slug", "acme-peru").is_ok());
        for raw in ["ac", "Acme", "acme--peru", "-acme", "acme_peru", "acme peru"] {
            assert!(check_slug("slug", raw).is_err(), "{raw}");
        }
    }

    #[test]
    fn company_sizes_bucket_head_counts() {
        assert_eq!(company_size(1), "1-10");
        assert_eq!(company_size(11), "11-50");
        assert_eq!(company_size(200), "51-200");
        assert_eq!(company_size(5000), "1001+");
    }

    #[test]
    fn company_names_are_trimmed_and_bounded() {
        assert_eq!(check_company_name("name", "  Acme Perú S.A.C.\n").unwrap(), "Acme Perú S.A.C.");
        assert_eq!(check_company_name("name", "ab").unwrap(), "ab");
        assert_eq!(check_company_name("name", " a ").unwrap_err().code, "too_short");
        assert_eq!(check_company_name("name", "\t\t").unwrap_err().code, "too_short");
        assert!(check_company_name("name", &"ñ".repeat(120)).is_ok(), "characters, not bytes");
        assert_eq!(check_company_name("name", &"x".repeat(121)).unwrap_err().code, "too_long");
        // The limit applies to what is sent, as the schema says.
        assert_eq!(check_company_name("name", &format!("{} ", "x".repeat(120))).unwrap_err().code, "too_long");
    }

    #[test]
    fn blank_industry_means_none() {
        assert_eq!(check_industry("industry", " Minería ").unwrap().as_deref(), Some("Minería"));
        assert_eq!(check_industry("industry", "  ").unwrap(), None);
        assert_eq!(check_industry("industry", &"x".repeat(121)).unwrap_err().code, "too_long");
    }

    #[test]
    fn tenant_updates_validate_every_field_and_follow_the_head_count() {
        let change = TenantUpdate { name: Some(" Acme ".into()), industry: Some("".into()), employee_count: Some(60) }
            .validate()
            .unwrap();
        assert_eq!(change.name.as_deref(), Some("Acme"));
        assert_eq!(change.industry, Some(None));
        assert_eq!(change.size, Some("51-200"));
        assert!(TenantUpdate::default().validate().unwrap().is_empty());
        let errors =
            TenantUpdate { name: Some("x".into()), industry: None, employee_count: Some(0) }.validate().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["name", "employee_count"]);
    }

    #[test]
    fn tenant_access_hides_strangers_and_asks_members_to_switch() {
        use TenantAccessRefusal::*;
        let (here, elsewhere) = (Uuid::now_v7(), Uuid::now_v7());
        let member = |role| Some(MemberState { role, active: true });
        let suspended = Some(MemberState { role: Role::Admin, active: false });
        let read = Some(Permission::MembersRead);
        // Strangers and suspended members cannot tell the tenant exists, wherever they act.
        assert_eq!(decide_tenant_access(Some((here, Role::Admin)), here, None, read), Err(NotFound));
        assert_eq!(decide_tenant_access(Some((elsewhere, Role::Admin)), here, None, None), Err(NotFound));
        assert_eq!(decide_tenant_access(None, here, suspended, None), Err(NotFound));
        // Members acting elsewhere (or nowhere) are told to switch.
        assert_eq!(
            decide_tenant_access(Some((elsewhere, Role::Admin)), here, member(Role::Admin), read),
            Err(SwitchTenantFirst)
        );
        assert_eq!(decide_tenant_access(None, here, member(Role::Candidate), None), Err(SwitchTenantFirst));
        // In the tenant: the database's role decides; a token with too small a role must be renewed.
        assert_eq!(
            decide_tenant_access(Some((here, Role::Candidate)), here, member(Role::Candidate), None),
            Ok(Role::Candidate)
        );
        assert_eq!(
            decide_tenant_access(
                Some((here, Role::Admin)),
                here,
                member(Role::Recruiter),
                Some(Permission::InvitationsManage)
            ),
            Err(Forbidden(Role::Recruiter))
        );
        assert_eq!(
            decide_tenant_access(
                Some((here, Role::Recruiter)),
                here,
                member(Role::Admin),
                Some(Permission::TenantManage)
            ),
            Err(StaleToken(Role::Admin))
        );
        assert_eq!(
            decide_tenant_access(Some((here, Role::Admin)), here, member(Role::Recruiter), read),
            Ok(Role::Recruiter)
        );
    }

    #[test]
    fn tenants_per_account_are_capped() {
        assert!(may_create_tenant(0, 5));
        assert!(may_create_tenant(4, 5));
        assert!(!may_create_tenant(5, 5));
        assert!(!may_create_tenant(0, 0));
    }
}
