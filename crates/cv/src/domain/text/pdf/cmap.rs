//! ToUnicode CMaps: the `bfchar` and `bfrange` entries that map a font's codes to text, read with
//! a small tokenizer of their own.

use std::collections::HashMap;

/// A ToUnicode CMap: single codes (`bfchar`) and ranges (`bfrange`), by code length.
pub(super) struct CMap {
    chars: HashMap<(u8, u32), String>,
    /// `(len, lo, hi, target)`: a target string whose last UTF-16 unit is incremented, or one
    /// string per code.
    ranges: Vec<(u8, u32, u32, RangeTarget)>,
}

enum RangeTarget {
    Offset(Vec<u16>),
    List(Vec<String>),
}

impl CMap {
    const MAX_ENTRIES: usize = 100_000;

    pub(super) fn parse(data: &[u8]) -> Option<CMap> {
        let tokens = cmap_tokens(data);
        let mut map = CMap { chars: HashMap::new(), ranges: Vec::new() };
        let mut i = 0;
        let mut mode = "";
        while i < tokens.len() {
            match &tokens[i] {
                CToken::Keyword(k) if k == "beginbfchar" => mode = "char",
                CToken::Keyword(k) if k == "beginbfrange" => mode = "range",
                CToken::Keyword(k) if k.starts_with("end") => mode = "",
                CToken::Hex(src) if mode == "char" => {
                    if let Some(CToken::Hex(dst)) = tokens.get(i + 1) {
                        if map.chars.len() < Self::MAX_ENTRIES
                            && let Some(code) = code_of(src)
                        {
                            map.chars.insert((src.len() as u8, code), utf16_text(dst));
                        }
                        i += 1;
                    }
                }
                CToken::Hex(lo) if mode == "range" => {
                    if let (Some(CToken::Hex(hi)), Some(target)) = (tokens.get(i + 1), tokens.get(i + 2))
                        && let (Some(lo_code), Some(hi_code)) = (code_of(lo), code_of(hi))
                    {
                        let len = lo.len() as u8;
                        let target = match target {
                            CToken::Hex(dst) => Some(RangeTarget::Offset(utf16_units(dst))),
                            CToken::Array(list) => {
                                Some(RangeTarget::List(list.iter().map(|d| utf16_text(d)).collect()))
                            }
                            CToken::Keyword(_) => None,
                        };
                        if let Some(target) = target
                            && hi_code >= lo_code
                            && map.ranges.len() < Self::MAX_ENTRIES
                        {
                            map.ranges.push((len, lo_code, hi_code, target));
                        }
                        i += 2;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        (!map.chars.is_empty() || !map.ranges.is_empty()).then_some(map)
    }

    /// Appends the text of a code; false when the CMap does not map it.
    pub(super) fn decode(&self, code: u32, len: u8, out: &mut String) -> bool {
        if let Some(text) = self.chars.get(&(len, code)) {
            out.push_str(text);
            return !text.is_empty();
        }
        for (l, lo, hi, target) in &self.ranges {
            if *l == len && (*lo..=*hi).contains(&code) {
                let before = out.len();
                match target {
                    RangeTarget::List(list) => {
                        if let Some(text) = list.get((code - lo) as usize) {
                            out.push_str(text);
                        }
                    }
                    RangeTarget::Offset(units) => {
                        let mut units = units.clone();
                        if let Some(last) = units.last_mut() {
                            *last = last.wrapping_add((code - lo) as u16);
                        }
                        out.extend(char::decode_utf16(units).filter_map(Result::ok));
                    }
                }
                return out.len() > before;
            }
        }
        false
    }
}

enum CToken {
    Hex(Vec<u8>),
    Array(Vec<Vec<u8>>),
    Keyword(String),
}

fn code_of(bytes: &[u8]) -> Option<u32> {
    (!bytes.is_empty() && bytes.len() <= 4).then(|| bytes.iter().fold(0u32, |acc, b| acc << 8 | u32::from(*b)))
}

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes.chunks(2).map(|c| if c.len() == 2 { u16::from_be_bytes([c[0], c[1]]) } else { u16::from(c[0]) }).collect()
}

fn utf16_text(bytes: &[u8]) -> String {
    char::decode_utf16(utf16_units(bytes)).map(|r| r.unwrap_or('\u{FFFD}')).filter(|c| *c != '\u{FFFD}').collect()
}

/// Tokens of a CMap: hex strings, arrays of hex strings and keywords (names, numbers, literal
/// strings and dictionaries are skipped).
fn cmap_tokens(data: &[u8]) -> Vec<CToken> {
    let mut tokens = Vec::new();
    let mut i = 0;
    let hex_string = |i: &mut usize| -> Vec<u8> {
        let mut digits = Vec::new();
        *i += 1;
        while *i < data.len() && data[*i] != b'>' {
            if let Some(d) = (data[*i] as char).to_digit(16) {
                digits.push(d as u8);
            }
            *i += 1;
        }
        *i += 1;
        if digits.len() % 2 == 1 {
            digits.push(0);
        }
        digits.chunks(2).map(|p| p[0] << 4 | p[1]).collect()
    };
    while i < data.len() {
        match data[i] {
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 2,
            b'>' if data.get(i + 1) == Some(&b'>') => i += 2,
            b'<' => tokens.push(CToken::Hex(hex_string(&mut i))),
            b'[' => {
                i += 1;
                let mut list = Vec::new();
                while i < data.len() && data[i] != b']' {
                    if data[i] == b'<' {
                        list.push(hex_string(&mut i));
                    } else {
                        i += 1;
                    }
                }
                i += 1;
                tokens.push(CToken::Array(list));
            }
            b'(' => {
                let mut depth = 0;
                while i < data.len() {
                    match data[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            c if c.is_ascii_alphabetic() => {
                let start = i;
                while i < data.len() && data[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                tokens.push(CToken::Keyword(String::from_utf8_lossy(&data[start..i]).into_owned()));
            }
            _ => i += 1,
        }
    }
    tokens
}
