//! Identity rules: pure functions and types, no I/O.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use kernel::FieldError;
use kernel::auth::{Permission, Role};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

pub const MIN_PASSWORD_CHARS: usize = 10;
/// Long enough for any passphrase, short enough that hashing cannot be abused.
pub const MAX_PASSWORD_CHARS: usize = 128;

/// Passwords refused outright: the most common ones worldwide and in Peru's Spanish.
pub const COMMON_PASSWORDS: &[&str] = &[
    "1234567890",
    "12345678910",
    "0123456789",
    "1111111111",
    "0000000000",
    "1234512345",
    "123456789a",
    "a123456789",
    "1q2w3e4r5t",
    "qwertyuiop",
    "qwerty1234",
    "qwerty12345",
    "asdfghjkl1",
    "zxcvbnm123",
    "password12",
    "password123",
    "password1234",
    "passw0rd12",
    "iloveyou12",
    "iloveyou123",
    "letmein123",
    "welcome123",
    "admin12345",
    "administrator",
    "contraseña",
    "contraseña1",
    "contraseña12",
    "contraseña123",
    "contrasena",
    "contrasena1",
    "contrasena12",
    "contrasena123",
    "micontraseña",
    "peru123456",
    "peru12345678",
    "lima123456",
    "lima12345678",
    "teamo123456",
    "tequiero123",
    "mipassword1",
    "123456789lima",
    "abcdefghij",
    "abc1234567",
    "abcd123456",
    "football12",
    "baseball12",
    "dragon1234",
    "sunshine12",
    "princess12",
    "superman12",
    "monkey1234",
    "entrevistador",
    "entrevista123",
];

/// A normalised email address (trimmed, lower-case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(field: &str, raw: &str) -> Result<Email, FieldError> {
        let email = raw.trim().to_lowercase();
        let invalid = || FieldError::new(field, "invalid_email", "must be an email address such as ana@example.pe");
        if email.len() > 254 || email.chars().any(char::is_whitespace) {
            return Err(invalid());
        }
        let (local, domain) = email.split_once('@').ok_or_else(invalid)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !domain.contains('@');
        if local.is_empty() || local.len() > 64 || !domain_ok {
            return Err(invalid());
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The password policy: long enough, not the email, not a well-known password.
pub fn check_password(field: &str, password: &str, email: &str) -> Result<(), FieldError> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS {
        return Err(FieldError::new(field, "too_short", format!("must have at least {MIN_PASSWORD_CHARS} characters")));
    }
    if length > MAX_PASSWORD_CHARS {
        return Err(FieldError::new(field, "too_long", format!("must have at most {MAX_PASSWORD_CHARS} characters")));
    }
    let lowered = password.to_lowercase();
    let email = email.trim().to_lowercase();
    let local_part = email.split('@').next().unwrap_or_default();
    if lowered == email || (local_part.chars().count() >= MIN_PASSWORD_CHARS && lowered == local_part) {
        return Err(FieldError::new(field, "same_as_email", "must not be your email address"));
    }
    if COMMON_PASSWORDS.contains(&lowered.as_str()) {
        return Err(FieldError::new(field, "too_common", "is one of the most common passwords; choose another"));
    }
    Ok(())
}

/// A device token as the API issues them: a 32-hex-digit device id, a dot, a 43-character tag.
pub fn is_device_token_shaped(token: &str) -> bool {
    token.split_once('.').is_some_and(|(device_id, tag)| {
        device_id.len() == 32
            && device_id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            && tag.len() == 43
            && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// A person's name part: at most 100 characters, not blank; stored trimmed.
pub fn check_name(field: &str, raw: &str) -> Result<String, FieldError> {
    let name = raw.trim();
    if raw.chars().count() > 100 {
        Err(FieldError::new(field, "too_long", "must have at most 100 characters"))
    } else if name.is_empty() {
        Err(FieldError::new(field, "required", "must not be empty"))
    } else {
        Ok(name.to_owned())
    }
}

/// Spanish or English, optionally with a region: `es-PE`, `es`, `en`, `en-US`.
pub fn check_locale(field: &str, raw: &str) -> Result<String, FieldError> {
    let invalid = || FieldError::new(field, "unsupported_locale", "must be Spanish or English, such as es-PE or en");
    let (language, region) = match raw.split_once('-') {
        Some((language, region)) => (language, Some(region)),
        None => (raw, None),
    };
    if !matches!(language, "es" | "en") {
        return Err(invalid());
    }
    match region {
        None => Ok(language.to_owned()),
        Some(region) if (region.len() == 2 && region.chars().all(|c| c.is_ascii_alphabetic())) || region == "419" => {
            Ok(format!("{language}-{}", region.to_ascii_uppercase()))
        }
        Some(_) => Err(invalid()),
    }
}

/// An IANA time zone name such as `America/Lima`, or `UTC`.
pub fn check_timezone(field: &str, raw: &str) -> Result<String, FieldError> {
    let valid_part = |part: &str| {
        !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'))
    };
    let parts: Vec<&str> = raw.split('/').collect();
    let shaped = raw == "UTC"
        || (parts.len() >= 2
            && parts.len() <= 3
            && parts[0].chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && parts.iter().all(|p| valid_part(p)));
    if shaped {
        Ok(raw.to_owned())
    } else {
        Err(FieldError::new(field, "invalid_timezone", "must be an IANA time zone such as America/Lima"))
    }
}

/// A phone number in international form: `+51 987 654 321`.
pub fn check_phone(field: &str, raw: &str) -> Result<String, FieldError> {
    let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')')).collect();
    let (plus, rest) = match digits.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, digits.as_str()),
    };
    if plus && (8..=15).contains(&rest.len()) && rest.chars().all(|c| c.is_ascii_digit()) {
        Ok(digits)
    } else {
        Err(FieldError::new(field, "invalid_phone", "must be an international number such as +51 987 654 321"))
    }
}

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

/// An opaque secret handed to a client (refresh, verification, reset and invitation tokens).
/// Only its hash is stored, so a database leak reveals no usable token.
#[derive(Debug, Clone)]
pub struct OpaqueToken {
    pub plain: String,
    pub hash: String,
}

impl OpaqueToken {
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let plain = URL_SAFE_NO_PAD.encode(bytes);
        let hash = hash_token(&plain);
        Self { plain, hash }
    }
}

pub fn hash_token(plain: &str) -> String {
    Sha256::digest(plain.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
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

/// The account as its owner (and fellow tenant members, for names) see it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    pub locale: String,
    pub timezone: String,
    pub status: String,
    pub email_verified: bool,
    pub marketing_consent: bool,
    pub terms_accepted_at: DateTime<Utc>,
    pub privacy_accepted_at: DateTime<Utc>,
    pub marketing_consent_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
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

/// Whether an account that has created `created` companies may create another.
pub fn may_create_tenant(created: i64, max_per_user: u32) -> bool {
    created < i64::from(max_per_user)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn email_is_trimmed_and_lowercased() {
        assert_eq!(Email::parse("email", "  Ana.Quispe@Example.PE ").unwrap().as_str(), "ana.quispe@example.pe");
    }

    #[test]
    fn malformed_emails_are_refused() {
        for raw in ["", "ana", "ana@", "@example.pe", "ana@example", "ana @example.pe", "ana@.pe", "ana@ex..pe"] {
            assert!(Email::parse("email", raw).is_err(), "{raw:?} should be refused");
        }
    }

    #[test]
    fn password_must_be_long_enough() {
        let error = check_password("password", "Corta-123", "ana@example.pe").unwrap_err();
        assert_eq!(error.code, "too_short");
        assert!(check_password("password", "una-frase-larga-y-segura", "ana@example.pe").is_ok());
    }

    #[test]
    fn password_length_counts_characters_not_bytes() {
        assert!(check_password("password", "ñandú-ñandú", "ana@example.pe").is_ok());
        // 9 characters but 11 bytes: still too short.
        assert_eq!(check_password("password", "ñandú1234", "a@b.pe").unwrap_err().code, "too_short");
    }

    #[test]
    fn password_must_not_be_the_email() {
        let error = check_password("password", "Ana.Quispe@Example.pe", "ana.quispe@example.pe").unwrap_err();
        assert_eq!(error.code, "same_as_email");
        let error = check_password("password", "anaquispe2024", "anaquispe2024@example.pe").unwrap_err();
        assert_eq!(error.code, "same_as_email");
    }

    #[test]
    fn common_passwords_are_refused_in_any_case() {
        for password in ["1234567890", "Contraseña123", "PASSWORD123", "Peru123456"] {
            assert_eq!(
                check_password("password", password, "ana@example.pe").unwrap_err().code,
                "too_common",
                "{password}"
            );
        }
    }

    #[test]
    fn overly_long_passwords_are_refused() {
        let long = "x".repeat(MAX_PASSWORD_CHARS + 1);
        assert_eq!(check_password("password", &long, "ana@example.pe").unwrap_err().code, "too_long");
    }

    #[test]
    fn locales_are_spanish_or_english() {
        assert_eq!(check_locale("locale", "es-pe").unwrap(), "es-PE");
        assert_eq!(check_locale("locale", "en").unwrap(), "en");
        assert_eq!(check_locale("locale", "es-419").unwrap(), "es-419");
        assert!(check_locale("locale", "pt-BR").is_err());
        assert!(check_locale("locale", "es-Peru").is_err());
    }

    #[test]
    fn timezones_look_like_iana_names() {
        assert!(check_timezone("timezone", "America/Lima").is_ok());
        assert!(check_timezone("timezone", "America/Argentina/Buenos_Aires").is_ok());
        assert!(check_timezone("timezone", "UTC").is_ok());
        assert!(check_timezone("timezone", "lima").is_err());
        assert!(check_timezone("timezone", "America/Lima; DROP").is_err());
    }

    #[test]
    fn phones_are_international() {
        assert_eq!(check_phone("phone", "+51 987 654 321").unwrap(), "+51987654321");
        assert!(check_phone("phone", "987654321").is_err());
        assert!(check_phone("phone", "+51 98x").is_err());
    }

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
    fn tokens_are_random_and_stored_hashed() {
        let a = OpaqueToken::generate();
        let b = OpaqueToken::generate();
        assert_ne!(a.plain, b.plain);
        assert_eq!(a.plain.len(), 43);
        assert!(a.plain.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_eq!(hash_token(&a.plain), a.hash);
        assert_eq!(a.hash.len(), 64);
        assert_ne!(a.hash, a.plain);
    }

    #[test]
    fn refresh_rotates_live_tokens_and_flags_replays() {
        let now = Utc::now();
        let later = now + Duration::days(1);
        assert_eq!(decide_refresh(None, None, later, now), RefreshDecision::Rotate);
        assert_eq!(decide_refresh(Some(now), None, later, now), RefreshDecision::Reused);
        assert_eq!(decide_refresh(None, Some(now), later, now), RefreshDecision::SessionEnded);
        assert_eq!(decide_refresh(None, None, now, now), RefreshDecision::SessionEnded);
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

    #[test]
    fn tenants_per_account_are_capped() {
        assert!(may_create_tenant(0, 5));
        assert!(may_create_tenant(4, 5));
        assert!(!may_create_tenant(5, 5));
        assert!(!may_create_tenant(0, 0));
    }
}
