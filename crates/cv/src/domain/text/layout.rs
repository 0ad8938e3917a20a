//! Reading order from geometry, for PDF pages: positioned text items -> segments (runs of text on
//! one baseline with no wide gap) -> columns -> lines -> blocks.
//!
//! Columns: a page region is split at a vertical gutter (an x-range at least ~1 em wide that at
//! most a quarter of the segments cross, with at least three segments on each side). Segments
//! that cross it (a full-width name or header) cut the region into horizontal bands. In a band,
//! the two sides are read as columns, left whole then right whole, when they run in parallel
//! (both sides are text flows). They are read row by row instead when one side is a column of
//! labels: its lines sit on the other side's baselines (dates beside entries, a table, headings
//! in a left margin) or are sparse beside a dense side. Sides may split again once (three
//! columns). Content-stream order is never used, so files that write both columns row by row
//! come out the same as files that write one column after the other.

use super::{Block, Origin};

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
        if std::env::var_os("CVTEXT_DEBUG").is_some() {
            for s in &segs {
                eprintln!("DBG p{} x{:.1}-{:.1} y{:.1} s{:.1} {:?}", page.number, s.x0, s.x1, s.y, s.size, s.text);
            }
        }
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
                if item.upright
                    && row[0].upright
                    && (row[0].y - item.y).abs() <= 0.3 * row[0].size.min(item.size) =>
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
                if item.text == last.text && (item.x0 - last.x0).abs() < 0.3 * em {
                    continue;
                }
                if gap <= em {
                    let boundary_space = seg.text.ends_with(char::is_whitespace) || item.text.starts_with(char::is_whitespace);
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

struct Region<'a> {
    segs: &'a [Seg],
}

impl Region<'_> {
    /// Appends the lines of the segments `idx` in reading order.
    fn order(&self, idx: Vec<usize>, depth: u8, column: Option<u8>, next_column: &mut u8, out: &mut Vec<Line>) {
        let gutter = if depth < 2 { self.gutter(&idx) } else { None };
        let Some((left_edge, right_edge)) = gutter else {
            self.rows(idx, column, None, out);
            return;
        };
        let segs = self.segs;
        let is_left = |i: usize| segs[i].x1 <= left_edge + 0.01;
        let is_right = |i: usize| segs[i].x0 >= right_edge - 0.01;
        let (sides, mut crossers): (Vec<usize>, Vec<usize>) = idx.into_iter().partition(|&i| is_left(i) || is_right(i));
        crossers.sort_by(|&a, &b| segs[b].y.total_cmp(&segs[a].y));
        // Band k holds the segments below k crossers.
        let mut bands: Vec<Vec<usize>> = vec![Vec::new(); crossers.len() + 1];
        for i in sides {
            let above = crossers.iter().filter(|&&c| segs[c].y > segs[i].y + 0.3 * segs[i].size).count();
            bands[above].push(i);
        }
        let split = (left_edge + right_edge) / 2.0;
        for (k, band) in bands.into_iter().enumerate() {
            if k > 0 {
                self.rows(vec![crossers[k - 1]], column, None, out);
            }
            if band.is_empty() {
                continue;
            }
            let (left, right): (Vec<usize>, Vec<usize>) = band.iter().partition(|&&i| is_left(i));
            if !left.is_empty() && !right.is_empty() && self.parallel(&left, &right) {
                for side in [left, right] {
                    let c = Some(*next_column);
                    *next_column = next_column.saturating_add(1);
                    self.order(side, depth + 1, c, next_column, out);
                }
            } else {
                self.rows(band, column, Some(split), out);
            }
        }
    }

    /// Lines row by row (top to bottom); with a gutter, the parts of a row on each side of it are
    /// separate lines (a label, then what it labels).
    fn rows(&self, mut idx: Vec<usize>, column: Option<u8>, gutter: Option<f32>, out: &mut Vec<Line>) {
        let segs = self.segs;
        idx.sort_by(|&a, &b| segs[b].y.total_cmp(&segs[a].y).then(segs[a].x0.total_cmp(&segs[b].x0)));
        let mut row: Vec<usize> = Vec::new();
        let flush = |row: &mut Vec<usize>, out: &mut Vec<Line>| {
            row.sort_by(|&a, &b| segs[a].x0.total_cmp(&segs[b].x0));
            match gutter {
                Some(g) => {
                    let (left, right): (Vec<usize>, Vec<usize>) = row.iter().partition(|&&i| segs[i].x1 <= g);
                    for part in [left, right] {
                        if !part.is_empty() {
                            out.push(Line { segs: part, column });
                        }
                    }
                }
                None => out.push(Line { segs: row.clone(), column }),
            }
            row.clear();
        };
        for i in idx {
            if let Some(&first) = row.first()
                && (segs[first].y - segs[i].y).abs() > 0.3 * segs[first].size.min(segs[i].size)
            {
                flush(&mut row, out);
            }
            row.push(i);
        }
        if !row.is_empty() {
            flush(&mut row, out);
        }
    }

    /// The widest-supported vertical gutter of a region: `(left edge, right edge)`.
    fn gutter(&self, idx: &[usize]) -> Option<(f32, f32)> {
        let segs = self.segs;
        let n = idx.len();
        if n < 6 {
            return None;
        }
        let min_x = idx.iter().map(|&i| segs[i].x0).fold(f32::INFINITY, f32::min);
        let max_x = idx.iter().map(|&i| segs[i].x1).fold(f32::NEG_INFINITY, f32::max);
        let width = max_x - min_x;
        if width < 150.0 {
            return None;
        }
        let mut sizes: Vec<f32> = idx.iter().map(|&i| segs[i].size).collect();
        sizes.sort_by(f32::total_cmp);
        let em = sizes[sizes.len() / 2];
        let min_gap = (0.8 * em).max(5.0);
        let mut candidates: Vec<f32> = idx
            .iter()
            .map(|&i| segs[i].x1)
            .filter(|&x| x > min_x + 0.08 * width && x < max_x - 0.08 * width)
            .map(|x| (x * 2.0).ceil() / 2.0)
            .collect();
        candidates.sort_by(f32::total_cmp);
        candidates.dedup();
        let mut best: Option<(i64, f32, f32, f32)> = None; // (score, clearance, left, right)
        for a in candidates {
            let b = a + min_gap;
            let (mut left, mut right, mut left_edge, mut right_edge) = (0, 0, f32::NEG_INFINITY, f32::INFINITY);
            for &i in idx {
                if segs[i].x1 <= a + 0.01 {
                    left += 1;
                    left_edge = left_edge.max(segs[i].x1);
                } else if segs[i].x0 >= b {
                    right += 1;
                    right_edge = right_edge.min(segs[i].x0);
                }
            }
            let crossing = n - left - right;
            if crossing * 4 > n || left < 3 || right < 3 {
                continue;
            }
            // Balanced sides, few segments across: a long sidebar line must not push the gutter left.
            let score = left.min(right) as i64 - 2 * crossing as i64;
            let clearance = right_edge - left_edge;
            if best.is_none_or(|(s, c, _, _)| score > s || (score == s && clearance > c)) {
                best = Some((score, clearance, left_edge, right_edge));
            }
        }
        if std::env::var_os("CVTEXT_DEBUG").is_some() {
            eprintln!("DBG gutter {best:?}");
        }
        best.map(|(_, _, l, r)| (l, r))
    }

    /// Whether two sides of a gutter are parallel text flows (read one after the other) rather
    /// than labels and what they label (read row by row).
    fn parallel(&self, left: &[usize], right: &[usize]) -> bool {
        let (l, r) = (self.baselines(left), self.baselines(right));
        let (sparse, dense) = if l.len() <= r.len() { (l, r) } else { (r, l) };
        if sparse.is_empty() {
            return false;
        }
        let aligned = sparse.iter().filter(|&&y| dense.iter().any(|&d| (d - y).abs() <= 1.0)).count();
        if aligned * 10 >= sparse.len() * 8 {
            return false;
        }
        let mut gaps: Vec<f32> = dense.windows(2).map(|w| w[0] - w[1]).filter(|g| *g > 0.5).collect();
        gaps.sort_by(f32::total_cmp);
        let lead = gaps.get(gaps.len() / 2).copied().unwrap_or(12.0);
        let (top, bottom) = (sparse[0] + lead, sparse[sparse.len() - 1] - lead);
        let inside: Vec<f32> = dense.iter().copied().filter(|&d| d <= top && d >= bottom).collect();
        let near = inside.iter().filter(|&&d| sparse.iter().any(|&s| (s - d).abs() <= 0.6 * lead)).count();
        !(inside.len() >= 4 && near * 2 < inside.len())
    }

    /// Distinct baselines of some segments, top to bottom.
    fn baselines(&self, idx: &[usize]) -> Vec<f32> {
        let mut ys: Vec<f32> = idx.iter().map(|&i| self.segs[i].y).collect();
        ys.sort_by(|a, b| b.total_cmp(a));
        ys.dedup_by(|a, b| (*a - *b).abs() <= 1.5);
        ys
    }
}

struct LineInfo {
    text: String,
    y: f32,
    size: f32,
    bold: bool,
    heading: bool,
    bullet: bool,
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
            let heading = super::is_short_heading_text(&text)
                && (bold || size / body >= 1.15 || super::is_all_caps(&text));
            let bullet = super::starts_with_bullet(&text);
            LineInfo { text, y, size, bold, heading, bullet, column: line.column }
        })
        .collect();
    let mut start = 0;
    for i in 1..=infos.len() {
        let split = i == infos.len() || {
            let (p, c) = (&infos[i - 1], &infos[i]);
            let em = p.size.max(c.size);
            let dy = p.y - c.y;
            let big_title = p.heading && c.heading && p.size / body >= 1.3 && dy <= 1.5 * em;
            c.column != p.column
                || dy <= 0.5
                || dy > 1.6 * em
                || p.bold != c.bold
                || (p.size - c.size).abs() > 0.12 * em
                || ((p.heading || c.heading) && !big_title)
                || c.bullet
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
