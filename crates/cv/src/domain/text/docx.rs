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

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::{Block, Extracted, ExtractionError, Format, Limit, Limits, Origin, TableCell};

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

/// What the styles part says about a paragraph or character style.
#[derive(Debug, Clone, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    bold: Option<bool>,
    caps: Option<bool>,
    /// Half-points.
    size: Option<u32>,
    outline: Option<u8>,
}

#[derive(Debug, Default)]
struct Styles {
    by_id: HashMap<String, Style>,
    default_size: Option<u32>,
    default_paragraph: Option<String>,
}

impl Styles {
    fn parse(xml: &[u8]) -> Self {
        let mut styles = Styles::default();
        let mut reader = Reader::from_reader(xml);
        let mut current: Option<(String, Style)> = None;
        let (mut in_defaults, mut in_rpr) = (false, false);
        loop {
            let event = match reader.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(event) => event,
            };
            let event_kind = if matches!(event, Event::Start(_)) { Kind::Start } else { Kind::Other };
            match event {
                Event::Start(e) | Event::Empty(e) => {
                    let container = matches!(event_kind, Kind::Start);
                    match e.local_name().as_ref() {
                        b"rPrDefault" if container => in_defaults = true,
                        b"style" if container => {
                            let id = attr(&e, b"styleId").unwrap_or_default();
                            if attr(&e, b"default").as_deref() == Some("1")
                                && attr(&e, b"type").as_deref() == Some("paragraph")
                            {
                                styles.default_paragraph = Some(id.clone());
                            }
                            current = Some((id, Style::default()));
                        }
                        b"rPr" if container => in_rpr = true,
                        b"name" => {
                            if let Some((_, s)) = current.as_mut() {
                                s.name = attr(&e, b"val").unwrap_or_default().to_lowercase();
                            }
                        }
                        b"basedOn" => {
                            if let Some((_, s)) = current.as_mut() {
                                s.based_on = attr(&e, b"val");
                            }
                        }
                        b"outlineLvl" => {
                            if let Some((_, s)) = current.as_mut() {
                                s.outline = attr(&e, b"val").and_then(|v| v.parse().ok());
                            }
                        }
                        b"b" if in_rpr => {
                            if let Some((_, s)) = current.as_mut() {
                                s.bold = Some(on_off(&e));
                            }
                        }
                        b"caps" if in_rpr => {
                            if let Some((_, s)) = current.as_mut() {
                                s.caps = Some(on_off(&e));
                            }
                        }
                        b"sz" if in_rpr => {
                            let size = attr(&e, b"val").and_then(|v| v.parse().ok());
                            match current.as_mut() {
                                Some((_, s)) => s.size = size,
                                None if in_defaults => styles.default_size = size,
                                None => {}
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    b"rPrDefault" => in_defaults = false,
                    b"rPr" => in_rpr = false,
                    b"style" => {
                        if let Some((id, style)) = current.take() {
                            styles.by_id.insert(id, style);
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        styles
    }

    /// A property of a style, looked up along its `basedOn` chain (at most 16 steps: chains
    /// in hostile files may loop).
    fn lookup<T>(&self, id: &str, get: impl Fn(&Style) -> Option<T>) -> Option<T> {
        let mut id = id;
        for _ in 0..16 {
            let style = self.by_id.get(id)?;
            if let Some(v) = get(style) {
                return Some(v);
            }
            id = style.based_on.as_deref()?;
        }
        None
    }

    fn is_heading(&self, id: &str) -> bool {
        let named = self.lookup(id, |s| {
            let n = s.name.as_str();
            (n.starts_with("heading") || n == "title" || n == "subtitle").then_some(true)
        });
        named.unwrap_or(false) || self.lookup(id, |s| s.outline).is_some_and(|l| l < 9)
    }
}

enum Kind {
    Start,
    Other,
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

#[derive(Debug, Default, Clone)]
struct RunProps {
    bold: Option<bool>,
    caps: Option<bool>,
    size: Option<u32>,
    /// From the run's character style (`w:rStyle`), used when the run says nothing itself.
    style_bold: Option<bool>,
    style_caps: Option<bool>,
}

#[derive(Debug, Default)]
struct Paragraph {
    text: String,
    style: Option<String>,
    outline: Option<u8>,
    list: bool,
    /// Characters by properties: (chars, bold, caps, size in half-points; `None`/0 = from the
    /// paragraph style).
    runs: Vec<(usize, Option<bool>, Option<bool>, u32)>,
    origin: Origin,
    cell: Option<TableCell>,
}

#[derive(Debug, Clone, Copy)]
struct Table {
    id: u32,
    row: i64,
    col: i64,
}

/// Raw paragraphs of every part, turned into blocks at the end (the body size is known then).
struct Collector<'s> {
    styles: &'s Styles,
    paragraphs: Vec<Paragraph>,
    tables: u32,
    /// Characters still allowed (`max_chars`): a part full of text stops early.
    chars_left: usize,
}

impl<'s> Collector<'s> {
    fn new(styles: &'s Styles, max_chars: usize) -> Self {
        Self { styles, paragraphs: Vec::new(), tables: 0, chars_left: max_chars }
    }

    fn charge(&mut self, text: &str) -> Result<(), ExtractionError> {
        self.chars_left =
            self.chars_left.checked_sub(text.chars().count()).ok_or(ExtractionError::TooLarge(Limit::Text))?;
        Ok(())
    }

    fn read_part(&mut self, xml: &[u8], origin: Origin) -> Result<(), ExtractionError> {
        let mut reader = Reader::from_reader(xml);
        let mut open: Vec<Paragraph> = Vec::new();
        let mut tables: Vec<Table> = Vec::new();
        let mut run = RunProps::default();
        let (mut in_run, mut in_rpr, mut in_ppr, mut in_text) = (false, false, false, false);
        let (mut fallback, mut textbox, mut skip_text) = (0usize, 0usize, 0usize);
        let first = self.paragraphs.len();
        loop {
            let event = match reader.read_event() {
                Ok(Event::Eof) => break,
                Ok(event) => event,
                Err(e) => return Err(corrupt(format!("xml: {e}"))),
            };
            match event {
                Event::Start(e) => {
                    let name = e.local_name();
                    let name = name.as_ref();
                    if fallback > 0 || name == b"Fallback" {
                        fallback += 1;
                        continue;
                    }
                    match name {
                        b"p" => open.push(Paragraph {
                            origin: if textbox > 0 { Origin::TextBox } else { origin },
                            cell: tables.last().map(|t| TableCell {
                                table: t.id,
                                row: t.row.max(0) as u32,
                                col: t.col.max(0) as u32,
                            }),
                            ..Paragraph::default()
                        }),
                        b"pPr" => in_ppr = true,
                        b"r" => {
                            in_run = true;
                            run = RunProps::default();
                        }
                        b"rPr" => in_rpr = true,
                        b"t" if in_run => in_text = true,
                        b"instrText" | b"delText" => skip_text += 1,
                        b"txbxContent" => textbox += 1,
                        b"tbl" => {
                            tables.push(Table { id: self.tables, row: -1, col: -1 });
                            self.tables += 1;
                        }
                        b"tr" => {
                            if let Some(t) = tables.last_mut() {
                                t.row += 1;
                                t.col = -1;
                            }
                        }
                        b"tc" => {
                            if let Some(t) = tables.last_mut() {
                                t.col += 1;
                            }
                        }
                        _ => self.property(&e, &mut open, &mut run, in_rpr, in_ppr, in_run),
                    }
                }
                Event::Empty(e) => {
                    if fallback > 0 {
                        continue;
                    }
                    let name = e.local_name();
                    match name.as_ref() {
                        b"tab" if in_run && !in_ppr => push_text(&mut open, &run, "\t"),
                        b"br" | b"cr" if in_run => push_text(&mut open, &run, "\n"),
                        b"noBreakHyphen" if in_run => push_text(&mut open, &run, "-"),
                        _ => self.property(&e, &mut open, &mut run, in_rpr, in_ppr, in_run),
                    }
                }
                Event::Text(t) if in_text && skip_text == 0 && fallback == 0 => {
                    let text = t.xml10_content().map_err(|e| corrupt(format!("xml text: {e}")))?;
                    self.charge(&text)?;
                    push_text(&mut open, &run, &text);
                }
                Event::CData(t) if in_text && skip_text == 0 && fallback == 0 => {
                    let text = String::from_utf8_lossy(&t);
                    self.charge(&text)?;
                    push_text(&mut open, &run, &text);
                }
                Event::GeneralRef(r) if in_text && skip_text == 0 && fallback == 0 => {
                    let text = match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => match &r[..] {
                            b"amp" => "&".into(),
                            b"lt" => "<".into(),
                            b"gt" => ">".into(),
                            b"quot" => "\"".into(),
                            b"apos" => "'".into(),
                            _ => String::new(),
                        },
                    };
                    push_text(&mut open, &run, &text);
                }
                Event::End(e) => {
                    if fallback > 0 {
                        fallback -= 1;
                        continue;
                    }
                    match e.local_name().as_ref() {
                        b"p" => {
                            if let Some(p) = open.pop() {
                                self.paragraphs.push(p);
                            }
                        }
                        b"pPr" => in_ppr = false,
                        b"r" => in_run = false,
                        b"rPr" => in_rpr = false,
                        b"t" => in_text = false,
                        b"instrText" | b"delText" => skip_text = skip_text.saturating_sub(1),
                        b"txbxContent" => textbox = textbox.saturating_sub(1),
                        b"tbl" => {
                            tables.pop();
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        // Paragraphs left open by a truncated part still hold text the person wrote.
        self.paragraphs.extend(open);
        if origin != Origin::Body {
            self.drop_repeated_part(first);
        }
        Ok(())
    }

    /// Run and paragraph properties that matter for the hints.
    fn property(
        &self,
        e: &BytesStart<'_>,
        open: &mut [Paragraph],
        run: &mut RunProps,
        in_rpr: bool,
        in_ppr: bool,
        in_run: bool,
    ) {
        let name = e.local_name();
        match name.as_ref() {
            b"pStyle" if in_ppr => {
                if let Some(p) = open.last_mut() {
                    p.style = attr(e, b"val");
                }
            }
            b"outlineLvl" if in_ppr => {
                if let Some(p) = open.last_mut() {
                    p.outline = attr(e, b"val").and_then(|v| v.parse().ok());
                }
            }
            b"numPr" if in_ppr => {
                if let Some(p) = open.last_mut() {
                    p.list = true;
                }
            }
            b"b" if in_rpr && in_run => run.bold = Some(on_off(e)),
            b"caps" if in_rpr && in_run => run.caps = Some(on_off(e)),
            b"sz" if in_rpr && in_run => run.size = attr(e, b"val").and_then(|v| v.parse().ok()),
            b"rStyle" if in_rpr && in_run => {
                if let Some(id) = attr(e, b"val") {
                    run.style_bold = self.styles.lookup(&id, |s| s.bold);
                    run.style_caps = self.styles.lookup(&id, |s| s.caps);
                }
            }
            _ => {}
        }
    }

    /// Word writes one header per section and page kind (first, even, default), often the same
    /// text: keep one copy.
    fn drop_repeated_part(&mut self, first: usize) {
        let new: Vec<&str> = self.paragraphs[first..].iter().map(|p| p.text.as_str()).collect();
        if new.iter().all(|t| t.trim().is_empty()) {
            self.paragraphs.truncate(first);
            return;
        }
        let new_text = new.join("\n");
        let origin = self.paragraphs[first].origin;
        let earlier: String = self.paragraphs[..first]
            .iter()
            .filter(|p| p.origin == origin || (origin == Origin::Header && p.origin == Origin::TextBox))
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        if !earlier.is_empty() && earlier.contains(new_text.trim()) {
            self.paragraphs.truncate(first);
        }
    }

    fn finish(self) -> Vec<Block> {
        let styles = self.styles;
        let default_size = styles.default_size.unwrap_or(20);
        let size_of = |p: &Paragraph, size: u32| {
            if size > 0 {
                return size;
            }
            p.style
                .as_deref()
                .or(styles.default_paragraph.as_deref())
                .and_then(|id| styles.lookup(id, |s| s.size))
                .unwrap_or(default_size)
        };
        // Body size: the size most characters are set in.
        let mut histogram: HashMap<u32, usize> = HashMap::new();
        for p in &self.paragraphs {
            for &(chars, _, _, size) in &p.runs {
                *histogram.entry(size_of(p, size)).or_default() += chars;
            }
        }
        let body = histogram.into_iter().max_by_key(|&(size, n)| (n, u32::MAX - size)).map_or(default_size, |(s, _)| s);

        let mut blocks = Vec::new();
        for p in self.paragraphs {
            let text = super::clean_text(&p.text);
            let text = text
                .split('\n')
                .map(|line| super::join_letter_spaced(line).unwrap_or_else(|| line.trim_end().to_owned()))
                .collect::<Vec<_>>()
                .join("\n");
            let text = text.trim_matches(|c: char| c.is_whitespace()).to_owned();
            if text.is_empty() {
                continue;
            }
            let style_bold = p.style.as_deref().and_then(|id| styles.lookup(id, |s| s.bold)).unwrap_or(false);
            let style_caps = p.style.as_deref().and_then(|id| styles.lookup(id, |s| s.caps)).unwrap_or(false);
            let total: usize = p.runs.iter().map(|r| r.0).sum::<usize>().max(1);
            let bold_chars: usize = p.runs.iter().filter(|r| r.1.unwrap_or(style_bold)).map(|r| r.0).sum();
            let caps_chars: usize = p.runs.iter().filter(|r| r.2.unwrap_or(style_caps)).map(|r| r.0).sum();
            let size = p.runs.iter().map(|r| size_of(&p, r.3)).max().unwrap_or(body);
            let bold = bold_chars * 10 >= total * 8;
            let all_caps = caps_chars * 10 >= total * 9 || super::is_all_caps(&text);
            let size_ratio = size as f32 / body.max(1) as f32;
            let styled_heading =
                p.style.as_deref().is_some_and(|id| styles.is_heading(id)) || p.outline.is_some_and(|l| l < 9);
            let is_heading_like = super::is_short_heading_text(&text)
                && !text.contains('\n')
                && (styled_heading || bold || all_caps || size_ratio >= 1.15);
            blocks.push(Block {
                text,
                page: None,
                column: None,
                is_heading_like,
                bold,
                all_caps,
                size_ratio,
                in_table: p.cell.is_some(),
                cell: p.cell,
                list_item: p.list,
                origin: p.origin,
            });
        }
        blocks
    }
}

/// Appends text to the innermost open paragraph with the current run's properties.
fn push_text(open: &mut [Paragraph], run: &RunProps, text: &str) {
    let Some(p) = open.last_mut() else { return };
    p.text.push_str(text);
    let chars = text.chars().filter(|c| !c.is_whitespace()).count();
    if chars > 0 {
        p.runs.push((chars, run.bold.or(run.style_bold), run.caps.or(run.style_caps), run.size.unwrap_or(0)));
    }
}
