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

/// Spanish or English: the languages the platform reads and writes.
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

/// Why a CV could not be parsed, said to its owner in both languages the platform speaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ParsingFailure {
    /// A stable code: unsupported_format, no_extractable_text, encrypted, corrupt, file_too_large,
    /// zip_bomb, content_too_large, text_too_long, too_many_pages, parse_timeout or parse_failed.
    pub code: String,
    pub message_es: String,
    pub message_en: String,
}

impl ParsingFailure {
    /// From a stored parsing error (`code: detail`).
    pub fn from_error(error: &str) -> Self {
        let code = error.split_once(':').map_or(error, |(code, _)| code).trim();
        let (es, en) = match code {
            "unsupported_format" => (
                "El archivo no es un PDF ni un documento de Word (.docx).",
                "The file is neither a PDF nor a Word document (.docx).",
            ),
            "no_extractable_text" => (
                "No encontramos texto en el documento: parece una imagen escaneada. Sube un PDF o Word con texto seleccionable.",
                "We found no text in the document: it looks like a scanned image. Upload a PDF or Word file with selectable text.",
            ),
            "encrypted" => (
                "El documento está protegido con contraseña. Súbelo sin protección.",
                "The document is password-protected. Upload it without protection.",
            ),
            "corrupt" => (
                "El archivo está dañado o incompleto. Vuelve a exportarlo y súbelo otra vez.",
                "The file is damaged or incomplete. Export it again and upload it once more.",
            ),
            "file_too_large" | "zip_bomb" | "content_too_large" | "text_too_long" | "too_many_pages" => (
                "El documento es mucho más grande que un CV. Sube un CV de pocas páginas.",
                "The document is far larger than a CV. Upload a CV of a few pages.",
            ),
            "parse_timeout" => (
                "El documento tardó demasiado en leerse. Vuelve a exportarlo (por ejemplo, como PDF) y súbelo otra vez.",
                "The document took too long to read. Export it again (as a PDF, say) and upload it once more.",
            ),
            _ => (
                "No pudimos procesar el CV. Intenta analizarlo de nuevo en unos minutos.",
                "We could not process the CV. Try parsing it again in a few minutes.",
            ),
        };
        ParsingFailure { code: code.to_owned(), message_es: es.to_owned(), message_en: en.to_owned() }
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
    fn failures_are_explained_in_both_languages_by_their_code() {
        let scanned = ParsingFailure::from_error("no_extractable_text: the document has no extractable text");
        assert_eq!(scanned.code, "no_extractable_text");
        assert!(scanned.message_es.contains("escaneada") && scanned.message_en.contains("scanned"));
        let unknown = ParsingFailure::from_error("something new");
        assert_eq!(unknown.code, "something new");
        assert!(unknown.message_en.starts_with("We could not process"));
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
