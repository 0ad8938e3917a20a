//! The account's own rules: a valid email address, names, locale, time zone and phone, and the
//! account as its owner sees it.

use chrono::{DateTime, Utc};
use kernel::FieldError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
