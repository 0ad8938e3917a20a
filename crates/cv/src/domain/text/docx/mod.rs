//! DOCX: paragraphs, tables (cell by cell, row by row), text boxes, page headers and footers, with
//! heading hints from Word's styles (`Heading n`, `Title`, outline levels), bold runs, capitals and
//! font sizes.
//!
//! Zip bombs fail before they cost memory: the entry count is read from the end-of-central-directory
//! record before the archive is opened; each part is refused when its declared size is over the
//! remaining budget or its declared ratio is over the cap, and then read through a reader that
//! stops one byte past what is allowed, so a header that lies about the size changes nothing.
//! Only stored and deflated parts are read (the `zip` crate is built with deflate only).
//!
//! Text boxes are written by Word twice, as DrawingML (`mc:Choice`) and as a VML fallback
//! (`mc:Fallback`): only the first is read. Field instructions (`HYPERLINK "mailto:…"`) and
//! deleted text are not text; a text box's paragraphs come before the paragraph that anchors it.
//!
//! This file holds format detection, the bounded reading of the package's parts and the XML
//! helpers both readers use; the styles part is read in `styles`, the document, headers and footers
//! in `body`.

mod body;
mod styles;

use std::io::{Cursor, Read};

use quick_xml::XmlVersion;
use quick_xml::events::BytesStart;

use super::{Extracted, ExtractionError, Format, Limit, Limits, Origin};
use body::Collector;
use styles::Styles;

const DOCUMENT: &str = "word/document.xml";
const CONTENT_TYPES: &str = "[Content_Types].xml";
const MAX_HEADER_PARTS: usize = 12;
/// Parts this small may have any compression ratio (a repetitive 200 KB styles part can pass 100:1).
const RATIO_FREE_BYTES: u64 = 1024 * 1024;

/// A ZIP that lists both `[Content_Types].xml` and `word/document.xml`. Reads the central
/// directory without allocating; a ZIP whose directory cannot be read (truncated) still counts
/// when its local headers name both parts, so that `extract` reports it as corrupt.
pub(super) fn is_docx(bytes: &[u8]) -> bool {
    match central_directory(bytes) {
        Some(dir) => {
            let (mut types, mut document) = (false, false);
            for name in dir.names() {
                types |= name == CONTENT_TYPES.as_bytes();
                document |= name == DOCUMENT.as_bytes();
            }
            types && document
        }
        None => {
            super::memfind(bytes, CONTENT_TYPES.as_bytes()).is_some()
                && super::memfind(bytes, DOCUMENT.as_bytes()).is_some()
        }
    }
}

struct CentralDirectory<'a> {
    entries: usize,
    directory: &'a [u8],
}

impl<'a> CentralDirectory<'a> {
    /// Names of the entries, stopping at the first malformed record.
    fn names(&self) -> impl Iterator<Item = &'a [u8]> + 'a {
        let mut rest = self.directory;
        let mut left = self.entries;
        std::iter::from_fn(move || {
            if left == 0 || rest.len() < 46 || rest[..4] != *b"PK\x01\x02" {
                return None;
            }
            left -= 1;
            let name_len = u16::from_le_bytes([rest[28], rest[29]]) as usize;
            let extra_len = u16::from_le_bytes([rest[30], rest[31]]) as usize;
            let comment_len = u16::from_le_bytes([rest[32], rest[33]]) as usize;
            let name = rest.get(46..46 + name_len)?;
            rest = rest.get(46 + name_len + extra_len + comment_len..).unwrap_or_default();
            Some(name)
        })
    }
}

/// The end-of-central-directory record: entry count and the directory's bytes.
fn central_directory(bytes: &[u8]) -> Option<CentralDirectory<'_>> {
    let from = bytes.len().saturating_sub(22 + 65_535);
    let tail = &bytes[from..];
    let at = (0..tail.len().saturating_sub(21)).rev().find(|&i| tail[i..i + 4] == *b"PK\x05\x06")?;
    let eocd = &tail[at..];
    let entries = u16::from_le_bytes([eocd[10], eocd[11]]) as usize;
    let size = u32::from_le_bytes([eocd[12], eocd[13], eocd[14], eocd[15]]) as usize;
    let offset = u32::from_le_bytes([eocd[16], eocd[17], eocd[18], eocd[19]]) as usize;
    let directory = bytes.get(offset..offset.checked_add(size)?)?;
    Some(CentralDirectory { entries, directory })
}

pub(super) fn extract(bytes: &[u8], limits: &Limits) -> Result<Extracted, ExtractionError> {
    if let Some(dir) = central_directory(bytes) {
        // ZIP64 stores 0xFFFF here and the true count elsewhere: no DOCX needs that many entries.
        if dir.entries > limits.max_archive_entries || dir.entries == 0xFFFF {
            return Err(ExtractionError::TooLarge(Limit::Archive));
        }
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(format!("zip: {e}")))?;
    if archive.len() > limits.max_archive_entries {
        return Err(ExtractionError::TooLarge(Limit::Archive));
    }
    let mut parts =
        Parts { archive: &mut archive, budget: limits.max_inflated_bytes, ratio: limits.max_compression_ratio };

    let document = parts.read(DOCUMENT)?.ok_or_else(|| corrupt("no word/document.xml".into()))?;
    let styles = match parts.read("word/styles.xml")? {
        Some(xml) => Styles::parse(&xml),
        None => Styles::default(),
    };
    let mut names: Vec<String> = parts.archive.file_names().filter_map(Result::ok).map(|n| n.into_owned()).collect();
    names.sort();
    let part_named = |prefix: &str, name: &str| {
        name.strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(".xml"))
            .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
    };

    let mut doc = Collector::new(&styles, limits.max_chars);
    // Word writes up to three headers and footers per section; a file with hundreds is hostile.
    let headers: Vec<&String> = names.iter().filter(|n| part_named("word/header", n)).take(MAX_HEADER_PARTS).collect();
    let footers: Vec<&String> = names.iter().filter(|n| part_named("word/footer", n)).take(MAX_HEADER_PARTS).collect();
    for name in headers {
        if let Some(xml) = parts.read(name)? {
            doc.read_part(&xml, Origin::Header)?;
        }
    }
    doc.read_part(&document, Origin::Body)?;
    for name in footers {
        if let Some(xml) = parts.read(name)? {
            doc.read_part(&xml, Origin::Footer)?;
        }
    }
    Ok(Extracted { format: Format::Docx, pages: None, blocks: doc.finish() })
}

fn corrupt(reason: String) -> ExtractionError {
    ExtractionError::Corrupt(reason)
}

struct Parts<'z, 'b> {
    archive: &'z mut zip::ZipArchive<Cursor<&'b [u8]>>,
    /// Bytes still allowed to be inflated, over all parts.
    budget: u64,
    ratio: u32,
}

impl Parts<'_, '_> {
    /// A part's bytes, `None` when the archive has no such part.
    fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, ExtractionError> {
        let mut file = match self.archive.by_name(name) {
            Ok(file) => file,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(corrupt(format!("{name}: {e}"))),
        };
        let (declared, compressed) = (file.size(), file.compressed_size());
        let ratio_cap = compressed.saturating_mul(u64::from(self.ratio)).max(RATIO_FREE_BYTES);
        let cap = self.budget.min(ratio_cap);
        if declared > cap {
            return Err(ExtractionError::TooLarge(Limit::Archive));
        }
        // Deflate never grows data by more than 5 bytes per 16 KiB block: a part whose compressed
        // size is far above its declared size has a forged header (the bomb that lies about size).
        if compressed > declared + declared / 3000 + 1024 {
            return Err(ExtractionError::TooLarge(Limit::Archive));
        }
        let mut data = Vec::with_capacity(declared.min(cap) as usize);
        let read = (&mut file).take(cap + 1).read_to_end(&mut data);
        if data.len() as u64 > cap {
            return Err(ExtractionError::TooLarge(Limit::Archive));
        }
        read.map_err(|e| corrupt(format!("{name}: {e}")))?;
        self.budget -= data.len() as u64;
        Ok(Some(data))
    }
}

/// `<w:b/>`, `<w:b w:val="true"/>` are on; `w:val="0|false|off|none"` is off.
fn on_off(e: &BytesStart<'_>) -> bool {
    !matches!(attr(e, b"val").as_deref(), Some("0" | "false" | "off" | "none"))
}

/// An attribute by its local name (the `w:` prefix is not checked).
fn attr(e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}
