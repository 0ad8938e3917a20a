//! Reading order from geometry, for PDF pages: positioned text items -> segments (runs of text on
//! one baseline with no wide gap) -> columns -> lines -> blocks.
//!
//! This file holds the pipeline and its ends (segments from items, blocks from lines); how a page
//! splits into columns and in what order they are read is in `columns`.

mod columns;

use super::{Block, Origin};

use columns::Region;

/// A run of text drawn by one text-showing operator: origin and end on the baseline, in points.
#[derive(Debug, Clone)]
pub(super) struct Item {
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
    pub size: f32,
    pub bold: bool,
    /// Horizontal, not mirrored (rotated text is kept but not merged with its neighbours).
    pub upright: bool,
    pub text: String,
}

/// One page's positioned text.
pub(super) struct Page {
    pub number: u32,
    pub items: Vec<Item>,
}

/// Text on one baseline with no gap wider than about one em.
#[derive(Debug, Clone)]
struct Seg {
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
    text: String,
    chars: usize,
    bold_chars: usize,
}

/// Segments read as one line, in one column (or full width).
struct Line {
    segs: Vec<usize>,
    column: Option<u8>,
}

/// Blocks of all pages in reading order.
pub(super) fn blocks(pages: Vec<Page>) -> Vec<Block> {
    let body = body_size(&pages);
    let mut out = Vec::new();
    for page in pages {
        let segs = segments(page.items);
        let mut lines = Vec::new();
        let mut next_column = 0;
        let region = Region { segs: &segs };
        region.order((0..segs.len()).collect(), 0, None, &mut next_column, &mut lines);
        build_blocks(&segs, &lines, page.number, body, &mut out);
    }
    out
}

/// The size most characters are set in (half-point steps): the body text.
fn body_size(pages: &[Page]) -> f32 {
    let mut histogram: std::collections::HashMap<i32, usize> = std::collections::HashMap::new();
    for item in pages.iter().flat_map(|p| &p.items) {
        *histogram.entry((item.size * 2.0).round() as i32).or_default() += item.text.chars().count();
    }
    histogram.into_iter().max_by_key(|&(size, n)| (n, -size)).map_or(10.0, |(size, _)| size as f32 / 2.0).max(1.0)
}

/// Items into segments: grouped by baseline, sorted by x, split where the gap is wider than one
/// em; a space is inserted for gaps over ~0.17 em (two for gaps over half an em, which marks word
/// boundaries in letter-spaced headings). Text drawn twice at the same place (fake bold, shadows)
/// is kept once.
fn segments(mut items: Vec<Item>) -> Vec<Seg> {
    items.retain(|i| !i.text.trim().is_empty());
    items.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut rows: Vec<Vec<Item>> = Vec::new();
    for item in items {
        match rows.last_mut() {
            Some(row)
                if item.upright && row[0].upright && (row[0].y - item.y).abs() <= 0.3 * row[0].size.min(item.size) =>
            {
                row.push(item)
            }
            _ => rows.push(vec![item]),
        }
    }
    let mut segs = Vec::new();
    for mut row in rows {
        row.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let mut current: Option<(Seg, Item)> = None;
        for item in row {
            if let Some((seg, last)) = current.as_mut() {
                let em = seg.size.max(item.size);
                let gap = item.x0 - seg.x1;
                // Drawn twice at (almost) the same place: fake bold or a shadow, not two letters.
                if item.text == last.text
                    && (item.x0 - last.x0).abs() < (0.25 * (last.x1 - last.x0)).min(1.0)
                    && (item.y - last.y).abs() < 1.0
                {
                    continue;
                }
                if gap <= em {
                    let boundary_space =
                        seg.text.ends_with(char::is_whitespace) || item.text.starts_with(char::is_whitespace);
                    if gap > 0.5 * em {
                        seg.text.push_str("  ");
                    } else if gap > 0.17 * em && !boundary_space {
                        seg.text.push(' ');
                    }
                    seg.text.push_str(&item.text);
                    seg.x1 = seg.x1.max(item.x1);
                    seg.size = seg.size.max(item.size);
                    let n = item.text.chars().filter(|c| !c.is_whitespace()).count();
                    seg.chars += n;
                    if item.bold {
                        seg.bold_chars += n;
                    }
                    *last = item;
                    continue;
                }
                segs.push(seg.clone());
            }
            let n = item.text.chars().filter(|c| !c.is_whitespace()).count();
            let seg = Seg {
                x0: item.x0,
                x1: item.x1,
                y: item.y,
                size: item.size,
                text: item.text.clone(),
                chars: n,
                bold_chars: if item.bold { n } else { 0 },
            };
            current = Some((seg, item));
        }
        if let Some((seg, _)) = current {
            segs.push(seg);
        }
    }
    for seg in &mut segs {
        seg.text = finish_text(&seg.text);
    }
    segs.retain(|s| !s.text.is_empty());
    segs
}

/// Cleans a segment's text: control characters out, letter-spaced words joined, runs of spaces
/// collapsed, TeX-style spacing accents (`´ı`) composed.
fn finish_text(raw: &str) -> String {
    let cleaned = super::clean_text(raw).replace(['\t', '\n'], " ");
    if let Some(joined) = super::join_letter_spaced(&cleaned) {
        return joined;
    }
    let mut out = String::with_capacity(cleaned.len());
    let mut chars = cleaned.trim().chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' && out.ends_with(' ') {
            continue;
        }
        if matches!(c, '´' | '`' | '˜' | '¨' | 'ˆ')
            && let Some(&next) = chars.peek()
            && let Some(composed) = super::compose(next, c)
        {
            out.push(composed);
            chars.next();
            continue;
        }
        if matches!(c, 'ı' | 'a' | 'e' | 'i' | 'o' | 'u' | 'n' | 'A' | 'E' | 'I' | 'O' | 'U' | 'N')
            && let Some(&next) = chars.peek()
            && matches!(next, '´' | '˜' | '¨')
            && let Some(composed) = super::compose(c, next)
        {
            out.push(composed);
            chars.next();
            continue;
        }
        out.push(if c == 'ı' { 'i' } else { c });
    }
    out
}

struct LineInfo {
    text: String,
    y: f32,
    size: f32,
    bold: bool,
    heading: bool,
    caps: bool,
    bullet: bool,
    /// Starts with a dash or an asterisk (a list item, or a wrapped line that begins with one).
    dash: bool,
    x0: f32,
    column: Option<u8>,
}

/// Lines into blocks: a new block at a column change, a jump up the page, a gap over ~1.6 lines,
/// a change of weight or size, a bullet, and around heading-like lines (a large title that wraps
/// stays one block).
fn build_blocks(segs: &[Seg], lines: &[Line], page: u32, body: f32, out: &mut Vec<Block>) {
    let infos: Vec<LineInfo> = lines
        .iter()
        .map(|line| {
            let text = line.segs.iter().map(|&i| segs[i].text.as_str()).collect::<Vec<_>>().join("\t");
            let y = line.segs.iter().map(|&i| segs[i].y).fold(f32::NEG_INFINITY, f32::max);
            let size = line.segs.iter().map(|&i| segs[i].size).fold(0.0, f32::max);
            let chars: usize = line.segs.iter().map(|&i| segs[i].chars).sum();
            let bold_chars: usize = line.segs.iter().map(|&i| segs[i].bold_chars).sum();
            let bold = chars > 0 && bold_chars * 10 >= chars * 8;
            let heading =
                super::is_short_heading_text(&text) && (bold || size / body >= 1.15 || super::is_all_caps(&text));
            let bullet = super::starts_with_bullet(&text);
            let dash = bullet && text.trim_start().starts_with(['-', '–', '*']);
            let caps = super::is_all_caps(&text);
            let x0 = line.segs.iter().map(|&i| segs[i].x0).fold(f32::INFINITY, f32::min);
            LineInfo { text, y, size, bold, heading, caps, bullet, dash, x0, column: line.column }
        })
        .collect();
    let mut start = 0;
    for i in 1..=infos.len() {
        let split = i == infos.len() || {
            let (p, c) = (&infos[i - 1], &infos[i]);
            let em = p.size.max(c.size);
            let dy = p.y - c.y;
            // A heading that wraps (a large title, a heading in a narrow margin) stays one block.
            let wrapped_heading = p.heading
                && c.heading
                && p.bold == c.bold
                && p.caps == c.caps
                && (p.size - c.size).abs() <= 0.05 * em
                && dy <= 1.4 * em;
            c.column != p.column
                || dy <= 0.5
                || dy > 1.6 * em
                || p.bold != c.bold
                || (p.size - c.size).abs() > 0.12 * em
                || ((p.heading || c.heading) && !wrapped_heading)
                // A dash at the start of an indented line continues the item above (`– 2026`).
                || (c.bullet && !(c.dash && c.x0 > p.x0 + 0.5 * em))
        };
        if split {
            let group = &infos[start..i];
            start = i;
            let text = group.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n");
            let size = group.iter().map(|l| l.size).fold(0.0, f32::max);
            out.push(Block {
                all_caps: super::is_all_caps(&text),
                is_heading_like: group.iter().all(|l| l.heading),
                bold: group.iter().all(|l| l.bold),
                size_ratio: size / body,
                list_item: group[0].bullet,
                column: group[0].column,
                page: Some(page),
                in_table: false,
                cell: None,
                origin: Origin::Body,
                text,
            });
        }
    }
}
