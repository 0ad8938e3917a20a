//! Consents a person gives per purpose, beyond the account itself (terms and privacy).

use kernel::FieldError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a consent is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentPurpose {
    /// Mails about the product and offers.
    Marketing,
    /// Being findable by companies in the talent network (given by joining it, with a CV).
    TalentNetwork,
    /// Keeping the account and its data while it is not used: without it, an account unused for
    /// two years is deleted (after a notice mail; see `retention`).
    DataRetention,
}

impl ConsentPurpose {
    pub const ALL: [Self; 3] = [Self::Marketing, Self::TalentNetwork, Self::DataRetention];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Marketing => "marketing",
            Self::TalentNetwork => "talent_network",
            Self::DataRetention => "data_retention",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|purpose| purpose.as_str() == text)
    }
}

/// Where a consent was given (`web`, `android`, `signup` …): letters, digits and `_`, starting
/// with a letter, at most 40 characters, kept in lowercase; `api` when the client says nothing.
pub fn consent_source(raw: Option<&str>) -> Result<String, FieldError> {
    let source = raw.unwrap_or("api").to_ascii_lowercase();
    let valid = source.len() <= 40
        && source.starts_with(|c: char| c.is_ascii_lowercase())
        && source.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if valid {
        Ok(source)
    } else {
        Err(FieldError::new("source", "format", "must be 1 to 40 letters, digits or '_', starting with a letter"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purposes_read_back_from_their_names() {
        for purpose in ConsentPurpose::ALL {
            assert_eq!(ConsentPurpose::parse(purpose.as_str()), Some(purpose));
        }
        assert_eq!(ConsentPurpose::parse("data_sale"), None);
    }

    #[test]
    fn sources_are_short_codes() {
        assert_eq!(consent_source(None).unwrap(), "api");
        assert_eq!(consent_source(Some("Android")).unwrap(), "android");
        assert!(consent_source(Some(" web")).is_err());
        assert!(consent_source(Some("")).is_err());
        assert!(consent_source(Some("web app")).is_err());
        assert!(consent_source(Some("1web")).is_err());
        assert!(consent_source(Some(&"a".repeat(41))).is_err());
    }
}
