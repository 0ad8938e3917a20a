//! The document body, headers and footers: paragraphs, runs, tables and text boxes, collected and
//! then turned into blocks with their heading hints once the body text size is known.

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::styles::Styles;
use super::{attr, corrupt, on_off};
use crate::domain::text::{self, Block, ExtractionError, Limit, Origin, TableCell};

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
pub(super) struct Collector<'s> {
    styles: &'s Styles,
    paragraphs: Vec<Paragraph>,
    tables: u32,
    /// Characters still allowed (`max_chars`): a part full of text stops early.
    chars_left: usize,
}

impl<'s> Collector<'s> {
    pub(super) fn new(styles: &'s Styles, max_chars: usize) -> Self {
        Self { styles, paragraphs: Vec::new(), tables: 0, chars_left: max_chars }
    }

    fn charge(&mut self, text: &str) -> Result<(), ExtractionError> {
        self.chars_left =
            self.chars_left.checked_sub(text.chars().count()).ok_or(ExtractionError::TooLarge(Limit::Text))?;
        Ok(())
    }

    pub(super) fn read_part(&mut self, xml: &[u8], origin: Origin) -> Result<(), ExtractionError> {
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

    pub(super) fn finish(self) -> Vec<Block> {
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
            let text = text::clean_text(&p.text);
            let text = text
                .split('\n')
                .map(|line| text::join_letter_spaced(line).unwrap_or_else(|| line.trim_end().to_owned()))
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
            let all_caps = caps_chars * 10 >= total * 9 || text::is_all_caps(&text);
            let size_ratio = size as f32 / body.max(1) as f32;
            let styled_heading =
                p.style.as_deref().is_some_and(|id| styles.is_heading(id)) || p.outline.is_some_and(|l| l < 9);
            let is_heading_like = text::is_short_heading_text(&text)
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
