//! What an upload carries besides its bytes (whose format `text::detect_format` decides, never
//! the name or the client's Content-Type): its name, kept only as a label, and a language hint;
//! and where its parsing stands.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::text::Format;

/// The file name as a label: the last path segment, control characters and quotes removed,
/// at most 255 characters; a name that is nothing once cleaned becomes `cv.<ext>`.
pub fn clean_filename(raw: Option<&str>, format: Format) -> String {
    let last = raw.unwrap_or_default().rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last.chars().filter(|c| !c.is_control() && !matches!(c, '"' | '\'')).take(255).collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() || cleaned.chars().all(|c| c == '.') {
        format!("cv.{}", format.as_str())
    } else {
        cleaned.to_owned()
    }
}

/// Where parsing stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ParsingStatus {
    Pending,
    Processing,
    Parsed,
    Failed,
}

impl ParsingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Processing => "processing",
            Self::Parsed => "parsed",
            Self::Failed => "failed",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Pending, Self::Processing, Self::Parsed, Self::Failed].into_iter().find(|s| s.as_str() == code)
    }
}

/// The CV's language, when the person tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Es,
    En,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Es => "es",
            Self::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "es" => Some(Self::Es),
            "en" => Some(Self::En),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_labels() {
        assert_eq!(clean_filename(Some("C:\\Users\\ana\\CV Ana Quispe.pdf"), Format::Pdf), "CV Ana Quispe.pdf");
        assert_eq!(clean_filename(Some("../../etc/passwd"), Format::Pdf), "passwd");
        assert_eq!(clean_filename(Some("a\"b\u{0}.docx"), Format::Docx), "ab.docx");
        assert_eq!(clean_filename(Some(".."), Format::Pdf), "cv.pdf");
        assert_eq!(clean_filename(None, Format::Docx), "cv.docx");
        assert_eq!(clean_filename(Some(&"x".repeat(400)), Format::Pdf).chars().count(), 255);
    }

    #[test]
    fn codes_round_trip() {
        for status in [ParsingStatus::Pending, ParsingStatus::Processing, ParsingStatus::Parsed, ParsingStatus::Failed]
        {
            assert_eq!(ParsingStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(Language::parse("es"), Some(Language::Es));
        assert_eq!(Language::parse("pt"), None);
    }
}
