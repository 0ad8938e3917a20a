//! Object keys: validated once, so no adapter ever sees a key that could climb out of its root
//! (`..`), start at the filesystem's root, or smuggle control characters into a header or a log;
//! and the object layout (ADR-005) in one place, so no context spells a path by hand.

use std::fmt;

use kernel::AppError;
use uuid::Uuid;

/// S3's own limit on a key, in bytes of UTF-8.
pub const MAX_KEY_BYTES: usize = 1024;

/// A key that every adapter can store: 1 to 1024 bytes of UTF-8, segments separated by `/`, no
/// empty, `.` or `..` segment (so no leading, trailing or doubled `/`), no control characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectKey(String);

impl ObjectKey {
    pub fn new(key: impl Into<String>) -> Result<Self, AppError> {
        let key = key.into();
        if key.is_empty() {
            return Err(invalid("key", "must not be empty"));
        }
        check_path(&key, "key")?;
        if key.ends_with('/') {
            return Err(invalid("key", "must not end with '/'"));
        }
        Ok(Self(key))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The uploaded file of a CV, as the user sent it (encrypted by the application).
    pub fn cv_original(user_id: Uuid, cv_id: Uuid) -> Self {
        Self(format!("cvs/originals/{user_id}/{cv_id}"))
    }

    /// The CV file of a company's own candidate (someone without an account), kept for that
    /// company; a new file gets a new `document_id`.
    pub fn company_cv(tenant_id: Uuid, document_id: Uuid) -> Self {
        Self(format!("cvs/companies/{tenant_id}/{document_id}"))
    }

    /// What the parser made of a CV.
    pub fn cv_parsed(user_id: Uuid, cv_id: Uuid) -> Self {
        Self(format!("cvs/parsed/{user_id}/{cv_id}.json"))
    }

    /// A personal-data export prepared for a user.
    pub fn export(user_id: Uuid, export_id: Uuid) -> Self {
        Self(format!("exports/{user_id}/{export_id}"))
    }

    /// A receipt's printable PDF; `owner` is the person or company it was issued to.
    pub fn invoice_pdf(owner: Uuid, receipt_id: Uuid) -> Self {
        Self(format!("exports/invoices/{owner}/{receipt_id}.pdf"))
    }

    /// A spoken interview answer's recording (encrypted by the application).
    pub fn interview_audio(user_id: Uuid, interview_id: Uuid, response_id: Uuid) -> Self {
        Self(format!("{}{interview_id}/{response_id}", interview_audio_prefix(user_id)))
    }

    /// Scratch space; a scheduled job removes temp objects older than 24 hours.
    pub fn temp(name: &str) -> Result<Self, AppError> {
        Self::new(format!("{TEMP_PREFIX}{name}"))
    }
}

impl fmt::Display for ObjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for ObjectKey {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Where temp objects live, for the job that sweeps them.
pub const TEMP_PREFIX: &str = "temp/";

/// Every prefix holding a user's CV files and exports, for the personal-data export and the
/// purge (the interview context purges its recordings under [`interview_audio_prefix`]).
pub fn user_prefixes(user_id: Uuid) -> [String; 3] {
    [format!("cvs/originals/{user_id}/"), format!("cvs/parsed/{user_id}/"), format!("exports/{user_id}/")]
}

/// Where a user's spoken interview answers are kept.
pub fn interview_audio_prefix(user_id: Uuid) -> String {
    format!("interviews/audio/{user_id}/")
}

/// A prefix to list by: like a key, but it may be empty (everything) and may end with `/`.
pub(crate) fn check_prefix(prefix: &str) -> Result<(), AppError> {
    if prefix.is_empty() {
        return Ok(());
    }
    // Checked like a key, so its last segment may be partial ("cvs/orig") but never `..`.
    check_path(prefix.strip_suffix('/').unwrap_or(prefix), "prefix")
}

fn check_path(path: &str, field: &str) -> Result<(), AppError> {
    if path.len() > MAX_KEY_BYTES {
        return Err(invalid(field, &format!("must be at most {MAX_KEY_BYTES} bytes")));
    }
    if path.chars().any(char::is_control) {
        return Err(invalid(field, "must not contain control characters"));
    }
    if path.starts_with('/') {
        return Err(invalid(field, "must not start with '/'"));
    }
    if path.split('/').any(|segment| segment.is_empty() || segment == "." || segment == "..") {
        return Err(invalid(field, "must not have empty, '.' or '..' segments"));
    }
    Ok(())
}

fn invalid(field: &str, message: &str) -> AppError {
    AppError::invalid(field, "invalid_object_key", message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_keys_are_accepted() {
        for key in ["a", "cvs/originals/u/c", "temp/año 2026/informe (final).pdf", "x..y/z.json"] {
            assert_eq!(ObjectKey::new(key).unwrap().as_str(), key);
        }
        assert!(ObjectKey::new("k".repeat(MAX_KEY_BYTES)).is_ok());
    }

    #[test]
    fn dangerous_keys_are_refused() {
        for key in [
            "",
            "/etc/passwd",
            "../secret",
            "a/../../b",
            "a/./b",
            "a//b",
            "a/",
            "tab\there",
            "new\nline",
            "nul\0",
            "del\u{7f}",
        ] {
            assert!(matches!(ObjectKey::new(key), Err(AppError::Validation(_))), "{key:?} was accepted");
        }
        assert!(ObjectKey::new("k".repeat(MAX_KEY_BYTES + 1)).is_err());
        // Bytes, not characters: 513 two-byte characters are 1026 bytes.
        assert!(ObjectKey::new("ñ".repeat(513)).is_err());
    }

    #[test]
    fn prefixes_may_be_empty_partial_or_end_with_a_slash() {
        for prefix in ["", "cvs/", "cvs/orig", "temp"] {
            assert!(check_prefix(prefix).is_ok(), "{prefix:?}");
        }
        for prefix in ["/", "/cvs", "../", "cvs/../", "a//", "cvs/\n"] {
            assert!(check_prefix(prefix).is_err(), "{prefix:?}");
        }
    }

    #[test]
    fn layout_follows_adr_005() {
        let user = Uuid::from_u128(1);
        let other = Uuid::from_u128(2);
        assert_eq!(ObjectKey::cv_original(user, other).as_str(), format!("cvs/originals/{user}/{other}"));
        assert_eq!(ObjectKey::cv_parsed(user, other).as_str(), format!("cvs/parsed/{user}/{other}.json"));
        assert_eq!(ObjectKey::export(user, other).as_str(), format!("exports/{user}/{other}"));
        assert_eq!(ObjectKey::temp("upload-1").unwrap().as_str(), "temp/upload-1");
        assert!(ObjectKey::temp("../cvs").is_err());
        let prefixes = user_prefixes(user);
        for key in
            [ObjectKey::cv_original(user, other), ObjectKey::cv_parsed(user, other), ObjectKey::export(user, other)]
        {
            assert!(prefixes.iter().any(|p| key.as_str().starts_with(p.as_str())));
            assert!(check_prefix(&prefixes[0]).is_ok());
        }
    }
}
