//! Fonts: how a font turns codes into text (ToUnicode, base encodings with Differences, glyph
//! names) and how far each glyph advances (widths, CID widths, standard-font metrics).

use std::rc::Rc;

use lopdf::{Dictionary, Object};

use super::cmap::CMap;
use super::{PageReader, number, too_large};
use crate::domain::text::ExtractionError;
use crate::domain::text::pdf_tables as tables;

/// What a font needs to turn codes into text and advance widths.
pub(super) struct Font {
    /// Type 0 fonts: two-byte codes (Identity-H and the UCS-2 CMaps CVs use).
    pub(super) two_byte: bool,
    /// Codes as UCS-2 (`Uni…-UCS2-H`/`UTF16` CMaps) when there is no ToUnicode.
    codes_are_unicode: bool,
    to_unicode: Option<CMap>,
    /// Simple fonts: the base encoding with Differences applied.
    encoding: Option<Box<[Option<Rc<str>>; 256]>>,
    widths: Widths,
    /// Standard-font metrics for simple fonts that carry no widths.
    metrics: Option<&'static [(u16, u16)]>,
    fixed_pitch: bool,
    /// Width of a glyph not listed, in text space units per unit of font size.
    missing_width: f32,
    /// Type 3 fonts scale glyph space by their FontMatrix instead of 1/1000.
    scale: f32,
    pub(super) bold: bool,
}

enum Widths {
    None,
    Simple {
        first: u32,
        widths: Vec<f32>,
    },
    /// Sorted, non-overlapping `(first, last, width)` ranges of CIDs, and the default width.
    Cid {
        ranges: Vec<(u32, u32, f32)>,
        default: f32,
    },
}

impl Font {
    pub(super) fn load<'d>(reader: &mut PageReader<'d>, dict: &'d Dictionary) -> Result<Font, ExtractionError> {
        let subtype = dict.get(b"Subtype").and_then(Object::as_name).unwrap_or_default();
        let base_name = dict.get(b"BaseFont").and_then(Object::as_name).map(strip_subset).unwrap_or_default();
        let is_type0 = subtype == b"Type0";
        let descendant = if is_type0 {
            dict.get(b"DescendantFonts")
                .ok()
                .and_then(|o| reader.resolve(o))
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(|o| reader.dict(o))
        } else {
            None
        };
        let descriptor = descendant.unwrap_or(dict).get(b"FontDescriptor").ok().and_then(|o| reader.dict(o));
        let flags = descriptor.and_then(|d| d.get(b"Flags").ok()).and_then(|o| o.as_i64().ok()).unwrap_or(0);
        let weight = descriptor.and_then(|d| d.get(b"FontWeight").ok()).and_then(number).unwrap_or(0.0);
        let lower = String::from_utf8_lossy(base_name).to_ascii_lowercase();
        let bold = weight >= 600.0
            || flags & (1 << 18) != 0
            || ["bold", "black", "heavy", "semibold", "demi", ",bd", "-bd"].iter().any(|w| lower.contains(w));
        let missing_width = descriptor
            .and_then(|d| d.get(b"MissingWidth").ok())
            .and_then(number)
            .filter(|w| *w > 0.0)
            .map_or(0.5, |w| w / 1000.0);

        let to_unicode = match dict.get(b"ToUnicode").ok().and_then(|o| reader.resolve(o)) {
            Some(Object::Stream(stream)) => {
                let limit = usize::try_from(reader.budget.min(4 * 1024 * 1024)).unwrap_or(usize::MAX);
                match stream.get_plain_content_with_limit(limit) {
                    Ok(data) => {
                        reader.charge(data.len())?;
                        CMap::parse(&data)
                    }
                    Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
                        return Err(too_large());
                    }
                    Err(_) => None,
                }
            }
            _ => None,
        };

        if is_type0 {
            let encoding = dict.get(b"Encoding").ok().and_then(|o| reader.resolve(o));
            let cmap_name = encoding.and_then(|o| o.as_name().ok()).unwrap_or_default();
            let codes_are_unicode = cmap_name.windows(4).any(|w| w == b"UCS2" || w == b"UTF1");
            let (ranges, default) = descendant.map_or((Vec::new(), 1.0), |d| cid_widths(reader, d));
            return Ok(Font {
                two_byte: true,
                codes_are_unicode,
                to_unicode,
                encoding: None,
                widths: Widths::Cid { ranges, default },
                metrics: None,
                fixed_pitch: false,
                missing_width: default,
                scale: 1.0,
                bold,
            });
        }

        let widths = match (
            dict.get(b"FirstChar").ok().and_then(|o| reader.resolve(o)).and_then(|o| o.as_i64().ok()),
            dict.get(b"Widths").ok().and_then(|o| reader.resolve(o)).and_then(|o| o.as_array().ok()),
        ) {
            (Some(first), Some(list)) if (0..=255).contains(&first) => Widths::Simple {
                first: first as u32,
                widths: list.iter().take(256).map(|o| reader.resolve(o).and_then(number).unwrap_or(0.0)).collect(),
            },
            _ => Widths::None,
        };
        let scale = if subtype == b"Type3" {
            dict.get(b"FontMatrix")
                .ok()
                .and_then(|o| reader.resolve(o))
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(number)
                .map_or(1.0, |s| s * 1000.0)
        } else {
            1.0
        };
        let symbolic = flags & 4 != 0 && flags & 32 == 0;
        let encoding = simple_encoding(reader, dict, subtype, &lower, symbolic);
        let (metrics, fixed_pitch) = standard_metrics(&lower);
        Ok(Font {
            two_byte: false,
            codes_are_unicode: false,
            to_unicode,
            encoding: Some(encoding),
            widths,
            metrics,
            fixed_pitch: fixed_pitch || flags & 1 != 0,
            missing_width,
            scale,
            bold,
        })
    }

    /// Appends the text of one code; false when the code maps to nothing.
    pub(super) fn decode(&self, code: u32, len: usize, out: &mut String) -> bool {
        if let Some(map) = &self.to_unicode
            && map.decode(code, len as u8, out)
        {
            return true;
        }
        if let Some(table) = &self.encoding {
            if let Some(text) = table.get(code as usize).and_then(|t| t.as_deref()) {
                out.push_str(text);
                return true;
            }
            return false;
        }
        if self.codes_are_unicode
            && let Some(c) = char::from_u32(code)
        {
            out.push(c);
            return true;
        }
        false
    }

    /// Advance width of a code in text space units per unit of font size.
    pub(super) fn width(&self, code: u32, ch: Option<char>) -> f32 {
        let listed = match &self.widths {
            Widths::Simple { first, widths } => {
                code.checked_sub(*first).and_then(|i| widths.get(i as usize)).copied().filter(|w| *w > 0.0)
            }
            Widths::Cid { ranges, default } => Some(
                match ranges.binary_search_by(|&(lo, hi, _)| {
                    if code < lo {
                        std::cmp::Ordering::Greater
                    } else if code > hi {
                        std::cmp::Ordering::Less
                    } else {
                        std::cmp::Ordering::Equal
                    }
                }) {
                    Ok(i) => ranges[i].2,
                    Err(_) => *default * 1000.0,
                },
            ),
            Widths::None => None,
        };
        if let Some(w) = listed {
            return w / 1000.0 * self.scale;
        }
        if self.fixed_pitch {
            return 0.6;
        }
        if let (Some(metrics), Some(c)) = (self.metrics, ch)
            && let Ok(i) = metrics.binary_search_by_key(&(c as u32), |&(u, _)| u32::from(u))
        {
            return f32::from(metrics[i].1) / 1000.0;
        }
        self.missing_width
    }
}

/// `ABCDEF+Calibri-Bold` -> `Calibri-Bold`.
fn strip_subset(name: &[u8]) -> &[u8] {
    match name.iter().position(|b| *b == b'+') {
        Some(6) => &name[7..],
        _ => name,
    }
}

/// AFM widths of the standard fonts (and their common aliases), for simple fonts without /Widths.
fn standard_metrics(lower: &str) -> (Option<&'static [(u16, u16)]>, bool) {
    let bold = lower.contains("bold") || lower.contains("black");
    let italic = lower.contains("italic") || lower.contains("oblique");
    if lower.starts_with("courier") {
        return (None, true);
    }
    if lower.starts_with("times") {
        let table = match (bold, italic) {
            (false, false) => tables::TIMES_ROMAN,
            (true, false) => tables::TIMES_BOLD,
            (false, true) => tables::TIMES_ITALIC,
            (true, true) => tables::TIMES_BOLD_ITALIC,
        };
        return (Some(table), false);
    }
    // Helvetica and Arial share metrics; for any other font without widths they are a closer guess
    // than one width for every glyph.
    (Some(if bold { tables::HELVETICA_BOLD } else { tables::HELVETICA }), false)
}

/// The 256 codes of a simple font as text: base encoding (the font's /Encoding or
/// /BaseEncoding; StandardEncoding for Type 1, WinAnsi otherwise; none for symbolic fonts such as
/// Wingdings bullets) with /Differences applied (glyph names through the Adobe Glyph List,
/// `uniXXXX`, `uXXXX`).
fn simple_encoding<'d>(
    reader: &PageReader<'d>,
    dict: &'d Dictionary,
    subtype: &[u8],
    lower: &str,
    symbolic: bool,
) -> Box<[Option<Rc<str>>; 256]> {
    let encoding = dict.get(b"Encoding").ok().and_then(|o| reader.resolve(o));
    let base_name = match encoding {
        Some(Object::Name(n)) => Some(n.as_slice()),
        Some(Object::Dictionary(d)) => d.get(b"BaseEncoding").and_then(Object::as_name).ok(),
        _ => None,
    };
    let symbol_font = lower.contains("symbol") || lower.contains("dingbat") || lower.contains("wingding");
    let base: Option<&[u16; 256]> = match base_name {
        Some(b"WinAnsiEncoding") => Some(&tables::WIN_ANSI),
        Some(b"MacRomanEncoding") => Some(&tables::MAC_ROMAN),
        Some(b"StandardEncoding") => Some(&tables::STANDARD),
        _ if symbol_font || (symbolic && base_name.is_none()) => None,
        _ if subtype == b"Type1" || subtype == b"MMType1" => Some(&tables::STANDARD),
        _ => Some(&tables::WIN_ANSI),
    };
    let mut table: Box<[Option<Rc<str>>; 256]> = Box::new(std::array::from_fn(|_| None));
    if let Some(base) = base {
        for (slot, &u) in table.iter_mut().zip(base.iter()) {
            if u != 0
                && let Some(c) = char::from_u32(u32::from(u))
            {
                *slot = Some(Rc::from(c.to_string()));
            }
        }
    }
    if let Some(Object::Dictionary(d)) = encoding
        && let Some(diffs) = d.get(b"Differences").ok().and_then(|o| reader.resolve(o)).and_then(|o| o.as_array().ok())
    {
        let mut code: usize = 0;
        for item in diffs {
            match item {
                Object::Integer(n) => code = (*n).clamp(0, 256) as usize,
                Object::Name(name) => {
                    if code < 256 {
                        table[code] = glyph_text(name).map(Rc::from);
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }
    table
}

/// Text for a glyph name: the Adobe Glyph List subset, `uniXXXX[XXXX…]`, `uXXXX[XX]`, and names with
/// a suffix (`a.sc`, `f_f_i`).
fn glyph_text(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    let base = name.split('.').next().unwrap_or(name);
    if base.contains('_') {
        let parts: Option<Vec<String>> = base.split('_').map(|p| glyph_text(p.as_bytes())).collect();
        return parts.map(|p| p.concat());
    }
    if let Ok(i) = tables::GLYPH_NAMES.binary_search_by(|(n, _)| n.as_bytes().cmp(base.as_bytes())) {
        return Some(tables::GLYPH_NAMES[i].1.to_owned());
    }
    let hex = |s: &str| u32::from_str_radix(s, 16).ok().and_then(char::from_u32);
    if let Some(rest) = base.strip_prefix("uni")
        && rest.len() >= 4
        && rest.len() % 4 == 0
    {
        return (0..rest.len()).step_by(4).map(|i| rest.get(i..i + 4).and_then(hex)).collect();
    }
    if let Some(rest) = base.strip_prefix('u')
        && (4..=6).contains(&rest.len())
    {
        return hex(rest).map(String::from);
    }
    None
}

/// /W of a CIDFont: `c [w1 w2 …]` and `c_first c_last w`, as sorted ranges (at most 65,536
/// entries), and /DW.
fn cid_widths<'d>(reader: &PageReader<'d>, font: &'d Dictionary) -> (Vec<(u32, u32, f32)>, f32) {
    let default = font.get(b"DW").ok().and_then(|o| reader.resolve(o)).and_then(number).unwrap_or(1000.0) / 1000.0;
    let mut ranges = Vec::new();
    let Some(list) = font.get(b"W").ok().and_then(|o| reader.resolve(o)).and_then(|o| o.as_array().ok()) else {
        return (ranges, default);
    };
    let mut i = 0;
    while i < list.len() && ranges.len() < 65_536 {
        let Some(first) = reader.resolve(&list[i]).and_then(|o| o.as_i64().ok()).filter(|c| *c >= 0) else { break };
        let first = first as u32;
        match list.get(i + 1).and_then(|o| reader.resolve(o)) {
            Some(Object::Array(ws)) => {
                for (k, w) in ws.iter().take(65_536).enumerate() {
                    let w = reader.resolve(w).and_then(number).unwrap_or(default * 1000.0);
                    ranges.push((first + k as u32, first + k as u32, w));
                }
                i += 2;
            }
            Some(last) => {
                let (Some(last), Some(w)) =
                    (last.as_i64().ok(), list.get(i + 2).and_then(|o| reader.resolve(o)).and_then(number))
                else {
                    break;
                };
                if last >= i64::from(first) {
                    ranges.push((first, last.min(u32::MAX as i64) as u32, w));
                }
                i += 3;
            }
            None => break,
        }
    }
    ranges.sort_by_key(|r| r.0);
    ranges.dedup_by_key(|r| r.0);
    (ranges, default)
}
