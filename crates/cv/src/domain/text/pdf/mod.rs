//! PDF text with positions, read in pure Rust: `lopdf` parses the file (cross-reference tables and
//! streams, object streams, filters, the standard security handler) and this module interprets
//! each page's content stream (text state, text and graphics matrices, form XObjects, fonts:
//! ToUnicode CMaps, base encodings with Differences, glyph widths) into positioned text items;
//! `layout` turns them into blocks in column order.
//!
//! Why this and not another reader (DESIGN §5: chosen by a two-column test, not by taste).
//! Measured 2026-11 on this 2-core machine. Test set: the 53 two-column PDFs that
//! `scripts/fixtures/generate.sh` writes (reportlab; sidebar left or right; 26 of them draw both
//! columns ROW BY ROW in the content stream) and 18 two-column PDFs made by LibreOffice 7.4 from
//! the generated DOCX CVs laid out as a 1x2 table (a Word-like producer: TrueType subsets,
//! ToUnicode, one glyph per TJ element). A file is clean when, on every page, all ground-truth
//! lines of one column come before or after all lines of the other (never interleaved) and its
//! lines come out verbatim. Speed: 41 two-page CVs, one core, text of every page.
//!
//!   candidate                                   reportlab   LibreOffice   2-page CVs/s
//!   pdf-extract 0.12 (lopdf, stream order)        27/53       18/18          379
//!   PDFium (pypdfium2 5.15's libpdfium.so)        27/53       18/18          710 (in process)
//!   poppler pdftotext 22, default                 24/53        0/18          175 (a process each)
//!   poppler pdftotext -raw (stream order)         27/53       18/18
//!   poppler pdftotext -layout (columns side by    0/53        0/18
//!     side on each printed line)
//!   lopdf 0.47 + this module (geometry)           53/53       18/18        ~2,000 (0.50 ms)
//!
//! Every ready-made order fails the files written row by row (stream order interleaves them;
//! poppler's own analysis interleaves sparse sidebars). Column order has to come from positions,
//! so the choice is which parser supplies them: lopdf is pure Rust (no native library to ship or
//! load, no subprocess), bounds its own decompression and nesting, and is fast. On the same
//! sets, every heading of the 144 generated PDFs (one column, two columns, letter-spaced capitals,
//! headings in a left margin) comes out as its own block, flagged heading-like, in order (except
//! one the generator itself wraps mid-word), and the words agree with poppler's on 30 LibreOffice
//! PDFs (5,771 words: 4 differ, poppler joins hyphenated line breaks). Not read: text only reachable
//! through the embedded font program (CID fonts without ToUnicode, Type 3 glyph names): refused as
//! `NoText` when most glyphs map to nothing, never guessed.
//!
//! Failures: a user password -> `Encrypted` (an empty user password with owner restrictions opens
//! like in any viewer and is read); no `%%EOF` at the end, or a cross-reference lopdf cannot read
//! -> `Corrupt`; more pages than `max_pages` -> `TooManyPages` (counted before any content is
//! read); streams (object streams at load, page content, forms, CMaps) decoded against one budget
//! of `max_inflated_bytes` -> `TooLarge(Content)`; forms nested deeper than 8 are not entered,
//! more than 10,000 form invocations -> `TooLarge(Content)`; arrays or dictionaries nested over
//! 100 levels in the file's bytes -> `TooLarge(Content)` before lopdf sees them (lopdf's own parser
//! stops at 100 levels too, so nothing overflows the stack, but it would silently drop the object).
//! Pages with more than 4,000 text segments are read row by row (no column search). The whole
//! read runs under `catch_unwind` as a last line of defence (lopdf is not known to panic on hostile
//! input, but it is a large parser; release builds must keep `panic = "unwind"`), reported as
//! `Corrupt`.
//!
//! This file holds the entry point, the checks on the file's own bytes before lopdf reads it, and
//! the reader state every part charges against (decoding budget, characters, glyph counts); the
//! content-stream interpreter, fonts, ToUnicode CMaps and the content-stream lexer have a file each.

mod cmap;
mod content;
mod fonts;
mod lexer;

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};

use super::layout;
use super::{Extracted, ExtractionError, Format, Limit, Limits};
use fonts::Font;

/// Arrays and dictionaries nested deeper than this (lopdf's own bound) are no document's.
const MAX_NESTING: usize = 100;

/// Object streams each may decode to this much while loading (real ones hold a few KiB).
const MAX_OBJECT_STREAM: u64 = 16 * 1024 * 1024;

pub(super) fn extract(bytes: &[u8], limits: &Limits) -> Result<Extracted, ExtractionError> {
    match catch_unwind(AssertUnwindSafe(|| extract_inner(bytes, limits))) {
        Ok(result) => result,
        Err(_) => Err(ExtractionError::Corrupt("the PDF reader failed on this file".into())),
    }
}

fn corrupt(reason: impl Into<String>) -> ExtractionError {
    ExtractionError::Corrupt(reason.into())
}

fn too_large() -> ExtractionError {
    ExtractionError::TooLarge(Limit::Content)
}

fn extract_inner(bytes: &[u8], limits: &Limits) -> Result<Extracted, ExtractionError> {
    if !has_end_marker(bytes) {
        return Err(corrupt("truncated: no %%EOF at the end of the file"));
    }
    if nesting_exceeds(bytes, MAX_NESTING) {
        return Err(too_large());
    }
    // lopdf decodes every object stream while loading; share the budget out before it starts.
    let object_streams = count(bytes, b"/ObjStm").max(1) as u64;
    let per_stream = (limits.max_inflated_bytes / object_streams).min(MAX_OBJECT_STREAM);
    if per_stream < 64 * 1024 {
        return Err(too_large());
    }
    let options = LoadOptions { max_decompressed_size: Some(per_stream as usize), ..LoadOptions::default() };
    let doc = match Document::load_mem_with_options(bytes, options) {
        Ok(doc) => doc,
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => return Err(too_large()),
        Err(lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword) => return Err(ExtractionError::Encrypted),
        Err(_) if super::memfind(bytes, b"/Encrypt").is_some() => return Err(ExtractionError::Encrypted),
        Err(e) => return Err(corrupt(format!("pdf: {e}"))),
    };
    if doc.is_encrypted() {
        return Err(ExtractionError::Encrypted);
    }

    let page_count = doc.page_iter().count();
    if page_count > limits.max_pages as usize {
        return Err(ExtractionError::TooManyPages { pages: page_count as u32, max: limits.max_pages });
    }
    if page_count == 0 {
        return Err(corrupt("no pages"));
    }

    let mut reader = PageReader {
        doc: &doc,
        fonts: HashMap::new(),
        budget: limits.max_inflated_bytes,
        chars_left: limits.max_chars,
        form_calls: 0,
        mapped: 0,
        unmapped: 0,
    };
    let mut pages = Vec::with_capacity(page_count);
    for (i, page_id) in doc.page_iter().enumerate() {
        pages.push(reader.page(page_id, i as u32 + 1)?);
    }
    // A text layer that maps to no characters (Type 3 or CID fonts without ToUnicode) is not text
    // we can read: refuse it rather than hand the parser a guess.
    if reader.mapped == 0 || reader.unmapped > reader.mapped {
        return Err(ExtractionError::NoText);
    }
    let blocks = layout::blocks(pages);
    Ok(Extracted { format: Format::Pdf, pages: Some(page_count as u32), blocks })
}

/// `%%EOF` within the last KiB, ignoring trailing whitespace and NULs: a PDF cut short by an
/// upload or a disk has none, and lopdf would otherwise rebuild a partial document.
fn has_end_marker(bytes: &[u8]) -> bool {
    let end = bytes.iter().rposition(|b| !b.is_ascii_whitespace() && *b != 0).map_or(0, |i| i + 1);
    let tail = &bytes[end.saturating_sub(1024)..end];
    super::memfind(tail, b"%%EOF").is_some()
}

/// Whether arrays and dictionaries in the file's own bytes nest deeper than `limit`: stream data,
/// strings and comments are skipped; each `endobj` starts again at zero, so a damaged object does
/// not carry over. lopdf would drop such an object silently (its parser stops at 100 levels), which
/// turns a hostile file into an innocent-looking one without text.
fn nesting_exceeds(bytes: &[u8], limit: usize) -> bool {
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 1;
            }
            b'>' if bytes.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'<' => {
                i += bytes[i..].iter().position(|&b| b == b'>').unwrap_or(bytes.len() - i);
            }
            b'%' => {
                i += bytes[i..].iter().position(|&b| b == b'\n' || b == b'\r').unwrap_or(bytes.len() - i);
            }
            b'(' => {
                let mut parens = 0usize;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' => i += 1,
                        b'(' => parens += 1,
                        b')' => {
                            parens -= 1;
                            if parens == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
            b's' if bytes[i..].starts_with(b"stream")
                && matches!(bytes.get(i + 6), Some(b'\r' | b'\n'))
                && i > 0
                && matches!(bytes[i - 1], b'>' | b' ' | b'\r' | b'\n' | b'\t') =>
            {
                let rest = &bytes[i..];
                i += super::memfind(rest, b"endstream").map_or(rest.len(), |at| at + 9);
                continue;
            }
            b'e' if bytes[i..].starts_with(b"endobj") => depth = 0,
            _ => {}
        }
        if depth > limit {
            return true;
        }
        i += 1;
    }
    false
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack.windows(needle.len()).filter(|w| *w == needle).count()
}

fn number(o: &Object) -> Option<f32> {
    o.as_float().ok().filter(|v| v.is_finite())
}

struct PageReader<'d> {
    doc: &'d Document,
    fonts: HashMap<ObjectId, Rc<Font>>,
    /// Bytes still allowed to be decoded (content streams, forms, CMaps).
    budget: u64,
    chars_left: usize,
    form_calls: usize,
    /// Glyphs that became text, and glyphs that mapped to nothing.
    mapped: usize,
    unmapped: usize,
}

impl<'d> PageReader<'d> {
    fn charge(&mut self, bytes: usize) -> Result<(), ExtractionError> {
        self.budget = self.budget.checked_sub(bytes as u64).ok_or_else(too_large)?;
        Ok(())
    }

    /// A page attribute that may sit on an ancestor in the page tree (at most 32 levels up).
    fn inherited(&self, page: &'d Dictionary, key: &[u8]) -> Option<&'d Object> {
        let mut node = page;
        for _ in 0..32 {
            if let Ok(value) = node.get(key) {
                return Some(value);
            }
            node = node.get(b"Parent").ok().and_then(|p| self.dict(p))?;
        }
        None
    }

    fn resolve(&self, o: &'d Object) -> Option<&'d Object> {
        self.doc.dereference(o).ok().map(|(_, o)| o)
    }

    fn dict(&self, o: &'d Object) -> Option<&'d Dictionary> {
        match self.resolve(o)? {
            Object::Dictionary(d) => Some(d),
            Object::Stream(s) => Some(&s.dict),
            _ => None,
        }
    }
}
