//! What an upload must be: a PDF or a DOCX by its bytes (never by its name or the client's
//! Content-Type), not empty, not over the size limit; its name kept only as a label.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The formats the parser reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CvFormat {
    Pdf,
    Docx,
}

impl CvFormat {
    pub fn mime_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Docx => "docx",
        }
    }
}

/// The format by magic bytes and structure: `%PDF-` within the first KiB (the specification
/// tolerates leading bytes), or a ZIP that names both `[Content_Types].xml` and
/// `word/document.xml` (a Word document; other ZIPs and Office files are not CVs we read).
pub fn sniff_format(bytes: &[u8]) -> Option<CvFormat> {
    let start = &bytes[..bytes.len().min(1024)];
    if start.windows(5).any(|w| w == b"%PDF-") {
        return Some(CvFormat::Pdf);
    }
    let contains = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    if bytes.starts_with(b"PK\x03\x04") && contains(b"[Content_Types].xml") && contains(b"word/document.xml") {
        return Some(CvFormat::Docx);
    }
    None
}

/// The file name as a label: the last path segment, control characters and quotes removed,
/// at most 255 characters; a name that is nothing once cleaned becomes `cv.<ext>`.
pub fn clean_filename(raw: Option<&str>, format: CvFormat) -> String {
    let last = raw.unwrap_or_default().rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last.chars().filter(|c| !c.is_control() && !matches!(c, '"' | '\'')).take(255).collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() || cleaned.chars().all(|c| c == '.') {
        format!("cv.{}", format.extension())
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

    fn docx_like() -> Vec<u8> {
        let mut bytes = b"PK\x03\x04....[Content_Types].xml....".to_vec();
        bytes.extend_from_slice(b"word/document.xml");
        bytes
    }

    #[test]
    fn formats_are_decided_by_bytes() {
        assert_eq!(sniff_format(b"%PDF-1.7\n"), Some(CvFormat::Pdf));
        assert_eq!(sniff_format(b"\xef\xbb\xbf%PDF-1.4"), Some(CvFormat::Pdf));
        assert_eq!(sniff_format(&docx_like()), Some(CvFormat::Docx));
        assert_eq!(sniff_format(b"PK\x03\x04 just a zip"), None);
        assert_eq!(sniff_format(b"\x89PNG\r\n"), None);
        assert_eq!(sniff_format(b""), None);
    }

    #[test]
    fn file_names_are_labels() {
        assert_eq!(clean_filename(Some("C:\\Users\\ana\\CV Ana Quispe.pdf"), CvFormat::Pdf), "CV Ana Quispe.pdf");
        assert_eq!(clean_filename(Some("../../etc/passwd"), CvFormat::Pdf), "passwd");
        assert_eq!(clean_filename(Some("a\"b\u{0}.docx"), CvFormat::Docx), "ab.docx");
        assert_eq!(clean_filename(Some(".."), CvFormat::Pdf), "cv.pdf");
        assert_eq!(clean_filename(None, CvFormat::Docx), "cv.docx");
        assert_eq!(clean_filename(Some(&"x".repeat(400)), CvFormat::Pdf).chars().count(), 255);
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
