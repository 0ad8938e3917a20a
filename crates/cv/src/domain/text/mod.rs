//! Text with its layout, out of the bytes of an uploaded CV: blocks (paragraph-ish runs of text) in
//! reading order, with the hints a section parser uses (page, column, heading-like, bold, size,
//! table cell, text box). PDF and DOCX, decided by their bytes; everything else is refused.
//!
//! Fail closed, never invent: a file with no text layer is [`ExtractionError::NoText`], an
//! encrypted PDF is [`ExtractionError::Encrypted`], a damaged file is
//! [`ExtractionError::Corrupt`], and a file built to exhaust memory or time stops at one of the
//! [`Limits`] with [`ExtractionError::TooLarge`] or [`ExtractionError::TooManyPages`]. Each error
//! has a stable [`ExtractionError::code`]; the words shown to a person (Spanish or English) are
//! built from that code elsewhere.
//!
//! Pure functions, no I/O; CPU-bound (a 2-page PDF takes about half a millisecond in a release
//! build), so async callers run it on a blocking thread. Work and memory are bounded by
//! [`Limits`], not by a clock: nothing here needs a timeout to stop.

mod docx;
mod layout;
mod pdf;
mod pdf_tables;

use std::fmt;

/// The formats we read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Pdf,
    Docx,
}

impl Format {
    /// The usual file extension.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Docx => "docx",
        }
    }

    pub fn mime_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }
    }
}

/// Bounds on the work one file may cause. The defaults suit CVs: a real CV is far below each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest input accepted, in bytes.
    pub max_bytes: usize,
    /// PDFs with more pages are refused ([`ExtractionError::TooManyPages`]).
    pub max_pages: u32,
    /// Total bytes that decompression may produce: the DOCX parts read, or the PDF content,
    /// font and object streams decoded.
    pub max_inflated_bytes: u64,
    /// Largest text accepted, in characters.
    pub max_chars: usize,
    /// Most entries a DOCX (ZIP) may list.
    pub max_archive_entries: usize,
    /// Highest compression ratio (inflated / compressed) of a DOCX part above 1 MiB.
    pub max_compression_ratio: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 10 * 1024 * 1024,
            max_pages: 30,
            max_inflated_bytes: 50 * 1024 * 1024,
            max_chars: 300_000,
            max_archive_entries: 2_000,
            max_compression_ratio: 100,
        }
    }
}

/// The text of a CV with its layout.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    pub format: Format,
    /// Pages of a PDF; `None` for a DOCX (Word decides pagination when it renders).
    pub pages: Option<u32>,
    /// In reading order: page by page; on a page, full-width rows top to bottom and, where the
    /// page has columns, each column whole before the next (never interleaved lines).
    pub blocks: Vec<Block>,
}

impl Extracted {
    /// All the text in reading order: lines of a block separated by `\n`, blocks by a blank line.
    pub fn plain_text(&self) -> String {
        let mut out = String::with_capacity(self.blocks.iter().map(|b| b.text.len() + 2).sum());
        for block in &self.blocks {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&block.text);
        }
        out
    }

    /// Every line in reading order with its block's hints: what a line-based parser reads.
    pub fn lines(&self) -> impl Iterator<Item = TextLine<'_>> {
        self.blocks.iter().enumerate().flat_map(|(index, block)| {
            block.text.split('\n').map(move |text| TextLine { text, block: index, heading_like: block.is_heading_like })
        })
    }

    /// Characters of text in all blocks.
    pub fn char_count(&self) -> usize {
        self.blocks.iter().map(|b| b.text.chars().count()).sum()
    }
}

/// A paragraph-ish run of text: a heading, a paragraph, a list item, a table cell's paragraph.
/// Lines inside a block are separated by `\n`; pieces of one printed line that stand far apart
/// (a company and its right-aligned dates) are separated by `\t`.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub text: String,
    /// 1-based page of a PDF; `None` for a DOCX.
    pub page: Option<u32>,
    /// PDF: the column when the block sits in a part of the page that is split into columns
    /// (numbered from 0 on each page in reading order, so left to right: a sidebar on the left is
    /// 0 and the main column 1); `None` for full-width text and for DOCX.
    pub column: Option<u8>,
    /// Looks like a heading: short, no final period, and bold, larger than the body text, all in
    /// capitals, or styled as a heading (DOCX `Heading n`/`Title` or an outline level).
    pub is_heading_like: bool,
    /// Most of the text is bold.
    pub bold: bool,
    /// Letters all capitals (as printed: DOCX `w:caps` counts).
    pub all_caps: bool,
    /// Font size relative to the body text of the document (1.0 = body size).
    pub size_ratio: f32,
    /// Inside a table (DOCX); `cell` says where.
    pub in_table: bool,
    pub cell: Option<TableCell>,
    /// A list item (DOCX numbering) or a line that starts with a bullet glyph (PDF).
    pub list_item: bool,
    pub origin: Origin,
}

/// One line of a block (see [`Extracted::lines`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextLine<'a> {
    pub text: &'a str,
    /// Index of its block in [`Extracted::blocks`].
    pub block: usize,
    /// The block is heading-like (a heading that wraps gives two heading-like lines).
    pub heading_like: bool,
}

/// Where a block sits in a DOCX table (the innermost table when tables nest). 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableCell {
    /// Tables numbered in document order.
    pub table: u32,
    pub row: u32,
    pub col: u32,
}

/// Which part of the document a block comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Origin {
    #[default]
    Body,
    /// A DOCX text box (`w:txbxContent`), placed before the paragraph that anchors it.
    TextBox,
    /// A DOCX page header (placed first) or footer (placed last).
    Header,
    Footer,
}

/// Which bound a file went over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// The file itself is larger than `max_bytes`.
    FileSize,
    /// A DOCX inflates beyond `max_inflated_bytes`, past the compression ratio, or lists too
    /// many entries: a zip bomb.
    Archive,
    /// A PDF whose streams decode beyond `max_inflated_bytes` or whose structure goes beyond
    /// what any document needs (forms nested too deep, too many object streams).
    Content,
    /// More text than `max_chars`.
    Text,
}

/// Why no text came out. `code()` is stable (stored with the CV and mapped to user messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtractionError {
    /// Neither a PDF nor a DOCX by its bytes.
    Unsupported,
    /// Readable but without text: a scan or an image-only export.
    NoText,
    /// A password is needed to open the PDF.
    Encrypted,
    /// Truncated or damaged; the reason is for logs, not for people.
    Corrupt(String),
    TooLarge(Limit),
    TooManyPages {
        pages: u32,
        max: u32,
    },
}

impl ExtractionError {
    /// Stable machine code: `unsupported_format`, `no_extractable_text`, `encrypted`, `corrupt`,
    /// `file_too_large`, `zip_bomb`, `content_too_large`, `text_too_long`, `too_many_pages`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unsupported => "unsupported_format",
            Self::NoText => "no_extractable_text",
            Self::Encrypted => "encrypted",
            Self::Corrupt(_) => "corrupt",
            Self::TooLarge(Limit::FileSize) => "file_too_large",
            Self::TooLarge(Limit::Archive) => "zip_bomb",
            Self::TooLarge(Limit::Content) => "content_too_large",
            Self::TooLarge(Limit::Text) => "text_too_long",
            Self::TooManyPages { .. } => "too_many_pages",
        }
    }
}

impl fmt::Display for ExtractionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unsupported => f.write_str("the file is neither a PDF nor a Word (DOCX) document"),
            Self::NoText => f.write_str("the document has no extractable text (a scanned image?)"),
            Self::Encrypted => f.write_str("the PDF is protected by a password"),
            Self::Corrupt(reason) => write!(f, "the file is damaged or truncated: {reason}"),
            Self::TooLarge(Limit::FileSize) => f.write_str("the file is too large"),
            Self::TooLarge(Limit::Archive) => f.write_str("the document expands to far more data than a CV (zip bomb)"),
            Self::TooLarge(Limit::Content) => f.write_str("the document's content is far larger or deeper than a CV's"),
            Self::TooLarge(Limit::Text) => f.write_str("the document has far more text than a CV"),
            Self::TooManyPages { pages, max } => {
                write!(f, "the document has {pages} pages; at most {max} are accepted")
            }
        }
    }
}

impl std::error::Error for ExtractionError {}

/// The WinAnsiEncoding code of a character, for PDFs written in the standard fonts: the table
/// the extractor reads them with, so what is written reads back.
pub fn win_ansi_code(c: char) -> Option<u8> {
    // Unused codes read as bullets too; 0x95 is the bullet's own.
    if c == '•' {
        return Some(0x95);
    }
    let code = u16::try_from(u32::from(c)).ok().filter(|code| *code != 0)?;
    pdf_tables::WIN_ANSI.iter().position(|u| *u == code).and_then(|i| u8::try_from(i).ok())
}

/// How far a character advances in Helvetica (or Helvetica-Bold), in thousandths of the font
/// size (the standard AFM metrics); none for a character those fonts do not have.
pub fn helvetica_advance(c: char, bold: bool) -> Option<u16> {
    let table = if bold { pdf_tables::HELVETICA_BOLD } else { pdf_tables::HELVETICA };
    let code = u16::try_from(u32::from(c)).ok()?;
    table.binary_search_by_key(&code, |(glyph, _)| *glyph).ok().map(|i| table[i].1)
}

/// The format by magic bytes and structure, never by name: `%PDF-` within the first KiB (readers
/// tolerate leading bytes), or a ZIP whose entries include `[Content_Types].xml` and
/// `word/document.xml`.
pub fn detect_format(bytes: &[u8]) -> Option<Format> {
    let head = &bytes[..bytes.len().min(1024)];
    if memfind(head, b"%PDF-").is_some() {
        return Some(Format::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") && docx::is_docx(bytes) {
        return Some(Format::Docx);
    }
    None
}

/// Text with layout from the bytes of a CV. See the module documentation for the failures.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Extracted, ExtractionError> {
    if bytes.len() > limits.max_bytes {
        return Err(ExtractionError::TooLarge(Limit::FileSize));
    }
    let extracted = match detect_format(bytes) {
        Some(Format::Pdf) => pdf::extract(bytes, limits)?,
        Some(Format::Docx) => docx::extract(bytes, limits)?,
        None if is_encrypted_office(bytes) => return Err(ExtractionError::Encrypted),
        None => return Err(ExtractionError::Unsupported),
    };
    if !extracted.blocks.iter().any(|b| b.text.chars().any(char::is_alphanumeric)) {
        return Err(ExtractionError::NoText);
    }
    if extracted.char_count() > limits.max_chars {
        return Err(ExtractionError::TooLarge(Limit::Text));
    }
    Ok(extracted)
}

/// A password-protected Word file: Office wraps the encrypted package in an OLE compound file
/// (magic `D0 CF 11 E0 A1 B1 1A E1`) with a stream named `EncryptedPackage`.
fn is_encrypted_office(bytes: &[u8]) -> bool {
    const NAME: &[u8] = b"E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
    bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") && memfind(bytes, NAME).is_some()
}

fn memfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Cleans a piece of text the same way for every format: no control characters (tabs and line
/// breaks kept), no soft hyphens or zero-width characters, non-breaking and odd spaces as plain
/// spaces, combining accents composed with their letter (`e` + U+0301 = `é`).
fn clean_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '\t' | '\n' => out.push(c),
            '\r' => out.push('\n'),
            '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => out.push(' '),
            '\u{0300}'..='\u{036F}' => match out.pop() {
                Some(base) => match compose(base, c) {
                    Some(composed) => out.push(composed),
                    None => {
                        out.push(base);
                        out.push(c);
                    }
                },
                None => out.push(c),
            },
            c if c.is_control() => {}
            '\u{E000}'..='\u{F8FF}' => {} // private use: symbol-font glyphs with no meaning as text
            c => out.push(c),
        }
    }
    out
}

/// Composes the accented letters of Spanish, Portuguese, French and German.
fn compose(base: char, mark: char) -> Option<char> {
    let table: &[(char, [char; 5])] = &[
        // base: grave, acute, circumflex, tilde, diaeresis
        ('a', ['à', 'á', 'â', 'ã', 'ä']),
        ('e', ['è', 'é', 'ê', '\0', 'ë']),
        ('i', ['ì', 'í', 'î', '\0', 'ï']),
        ('ı', ['ì', 'í', 'î', '\0', 'ï']),
        ('o', ['ò', 'ó', 'ô', 'õ', 'ö']),
        ('u', ['ù', 'ú', 'û', '\0', 'ü']),
        ('n', ['\0', 'ń', '\0', 'ñ', '\0']),
        ('y', ['\0', 'ý', '\0', '\0', 'ÿ']),
        ('A', ['À', 'Á', 'Â', 'Ã', 'Ä']),
        ('E', ['È', 'É', 'Ê', '\0', 'Ë']),
        ('I', ['Ì', 'Í', 'Î', '\0', 'Ï']),
        ('O', ['Ò', 'Ó', 'Ô', 'Õ', 'Ö']),
        ('U', ['Ù', 'Ú', 'Û', '\0', 'Ü']),
        ('N', ['\0', 'Ń', '\0', 'Ñ', '\0']),
        ('Y', ['\0', 'Ý', '\0', '\0', '\0']),
    ];
    let index = match mark {
        '\u{0300}' | '`' => 0,
        '\u{0301}' | '´' => 1,
        '\u{0302}' | 'ˆ' => 2,
        '\u{0303}' | '˜' => 3,
        '\u{0308}' | '¨' => 4,
        '\u{0327}' => return matches!(base, 'c' | 'C').then_some(if base == 'c' { 'ç' } else { 'Ç' }),
        _ => return None,
    };
    table.iter().find(|(b, _)| *b == base).map(|(_, forms)| forms[index]).filter(|c| *c != '\0')
}

/// Words printed letter by letter with spaces between the letters (`E X P E R I E N C I A   L A B
/// O R A L`) joined back (`EXPERIENCIA LABORAL`): a line only qualifies when every token is one
/// character and it has at least four letters (three in capitals); runs of two or more spaces
/// separate the words.
fn join_letter_spaced(line: &str) -> Option<String> {
    let trimmed = line.trim();
    let tokens: Vec<&str> = trimmed.split(' ').collect();
    let letters = tokens.iter().filter(|t| t.chars().any(char::is_alphanumeric)).count();
    let single = |t: &&str| t.is_empty() || (t.chars().count() == 1 && !t.starts_with(['•', '·', '-', '–']));
    let capitals = trimmed.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    if letters < if capitals { 3 } else { 4 } || !tokens.iter().all(single) {
        return None;
    }
    let mut out = String::new();
    let mut gap = 0;
    for t in tokens {
        if t.is_empty() {
            gap += 1;
            continue;
        }
        if gap > 0 && !out.is_empty() {
            out.push(' ');
        }
        gap = 0;
        out.push_str(t);
    }
    Some(out)
}

/// Letters all capitals (at least three letters; digits and punctuation do not count).
fn is_all_caps(text: &str) -> bool {
    let mut letters = 0;
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if c.is_lowercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 3
}

/// The shape of a heading: a short line with letters that does not end like a sentence, with no
/// year (`Analista – Empresa   2019 – 2021` is an entry) and no address.
fn is_short_heading_text(text: &str) -> bool {
    let t = text.trim();
    let words = t.split_whitespace().count();
    (1..=8).contains(&words)
        && t.chars().count() <= 60
        && t.chars().any(char::is_alphabetic)
        && !t.ends_with(['.', ',', ';'])
        && !t.contains(['@', '\t'])
        && !has_year(t)
}

/// A four-digit year from 1950 to 2099 standing alone (not inside a longer number).
fn has_year(text: &str) -> bool {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(3)).any(|i| {
        let digits = b[i..i + 4].iter().all(u8::is_ascii_digit);
        let alone = (i == 0 || !b[i - 1].is_ascii_digit()) && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        digits && alone && matches!(&b[i..i + 2], b"19" | b"20") && (b[i] != b'1' || b[i + 2] >= b'5')
    })
}

/// Starts with a bullet glyph (the bullet itself is kept in the text).
fn starts_with_bullet(text: &str) -> bool {
    let t = text.trim_start();
    let mut chars = t.chars();
    match chars.next() {
        Some('•' | '·' | '▪' | '■' | '●' | '◦' | '○' | '➢' | '►' | '▶' | '✓' | '✔' | '❖' | '◆' | '♦' | '→' | '»') => {
            true
        }
        Some('-' | '–' | '*') => chars.next() == Some(' '),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_spaced_words_are_joined() {
        assert_eq!(join_letter_spaced("E X P E R I E N C I A   L A B O R A L").as_deref(), Some("EXPERIENCIA LABORAL"));
        assert_eq!(join_letter_spaced("P E R F I L").as_deref(), Some("PERFIL"));
        assert_eq!(join_letter_spaced("S K I L L S   &   T O O L S").as_deref(), Some("SKILLS & TOOLS"));
        assert_eq!(join_letter_spaced("A N D").as_deref(), Some("AND"));
        assert_eq!(join_letter_spaced("a b c"), None);
        assert_eq!(join_letter_spaced("Excel y SQL"), None);
    }

    #[test]
    fn combining_accents_are_composed() {
        assert_eq!(clean_text("Ingeniere\u{301}a Nun\u{303}ez"), "Ingenieréa Nuñez");
        assert_eq!(clean_text("a\u{00A0}b\u{00AD}c"), "a bc");
    }

    #[test]
    fn caps_and_headings() {
        assert!(is_all_caps("EXPERIENCIA LABORAL"));
        assert!(!is_all_caps("Experiencia"));
        assert!(!is_all_caps("A1"));
        assert!(is_short_heading_text("Formación académica"));
        assert!(!is_short_heading_text("Trabajé en ventas durante cinco años."));
        assert!(!is_short_heading_text("Analista Contable – Alicorp 2019 – 2021"));
        assert!(is_short_heading_text("Cursos 360"));
    }
}
