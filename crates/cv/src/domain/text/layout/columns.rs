//! Reading order: the lines of a page's segments, column by column.
//!
//! Columns: a page region is split at a vertical gutter (an x-range at least ~1 em wide that at
//! most a quarter of the segments cross, with at least three segments on each side; a segment
//! that pokes less than a third into the other side still counts as its side's). Segments that
//! cross it (a full-width name or header) cut the region into horizontal bands. In a band the
//! two sides are read as columns, left whole then right whole, when they run in parallel (a
//! sidebar beside the main text). Two other arrangements are not columns: rows, when the side
//! with fewer lines sits on the other side's baselines (a table, a company and its dates), read
//! row by row; and labels, when that side comes in short blocks whose tops sit beside the tops of
//! the other side's blocks (dates in a left gutter, headings in a left margin), each label block
//! read just before the block it labels. Sides may split again once (three columns).
//! Content-stream order is never used: files that write both columns row by row come out the same
//! as files that write one column after the other.

use super::{Line, Seg};

const MAX_SEGMENTS_FOR_COLUMNS: usize = 4_000;

pub(super) struct Region<'a> {
    pub(super) segs: &'a [Seg],
}

impl Region<'_> {
    /// Appends the lines of the segments `idx` in reading order.
    pub(super) fn order(
        &self,
        idx: Vec<usize>,
        depth: u8,
        column: Option<u8>,
        next_column: &mut u8,
        out: &mut Vec<Line>,
    ) {
        // A CV page has a few hundred segments; past this many the page is not one, and it is read
        // row by row (the column search is quadratic).
        let gutter = if depth < 2 && idx.len() <= MAX_SEGMENTS_FOR_COLUMNS { self.gutter(&idx) } else { None };
        let Some((left_edge, right_edge)) = gutter else {
            self.rows(idx, column, None, out);
            return;
        };
        let segs = self.segs;
        // Which side each segment is on (None: it crosses). A gutter is rarely a straight line: a
        // heading in a left margin may reach past where the text beside it starts (on other rows),
        // so a segment that starts on one side and reaches less than a third into the other
        // (at least two ems) still belongs to its side; full-width lines reach much further.
        let (min_x, max_x) = idx
            .iter()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &i| (lo.min(segs[i].x0), hi.max(segs[i].x1)));
        let side: Vec<Option<bool>> = idx
            .iter()
            .map(|&i| {
                let s = &segs[i];
                let reach_right = (0.3 * (max_x - right_edge)).max(2.0 * s.size);
                let reach_left = (0.3 * (left_edge - min_x)).max(2.0 * s.size);
                if s.x1 <= left_edge + 0.01 || (s.x0 < left_edge && s.x1 <= right_edge + reach_right) {
                    Some(true)
                } else if s.x0 >= right_edge - 0.01 || (s.x1 > right_edge && s.x0 >= left_edge - reach_left) {
                    Some(false)
                } else {
                    None
                }
            })
            .collect();
        let side_of: std::collections::HashMap<usize, bool> =
            idx.iter().zip(&side).filter_map(|(&i, s)| s.map(|s| (i, s))).collect();
        let is_left = |i: usize| side_of.get(&i) == Some(&true);
        let (sides, mut crossers): (Vec<usize>, Vec<usize>) = idx.into_iter().partition(|i| side_of.contains_key(i));
        crossers.sort_by(|&a, &b| segs[b].y.total_cmp(&segs[a].y));
        // Band k holds the segments below k crossers.
        let mut bands: Vec<Vec<usize>> = vec![Vec::new(); crossers.len() + 1];
        for i in sides {
            let above = crossers.partition_point(|&c| segs[c].y > segs[i].y + 0.3 * segs[i].size);
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
            if left.is_empty() || right.is_empty() {
                self.order(band, depth + 1, column, next_column, out);
                continue;
            }
            match self.arrangement(&left, &right) {
                Arrangement::Columns => {
                    for side in [left, right] {
                        let c = Some(*next_column);
                        *next_column = next_column.saturating_add(1);
                        self.order(side, depth + 1, c, next_column, out);
                    }
                }
                Arrangement::Rows => self.rows(band, column, Some(split), out),
                Arrangement::Labels { left_labels: true } => self.labels(left, right, column, out),
                Arrangement::Labels { left_labels: false } => self.labels(right, left, column, out),
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
        best.map(|(_, _, l, r)| (l, r))
    }

    /// How the two sides of a gutter are read: as parallel text flows (one after the other), as
    /// rows (the side with fewer lines sits on the other side's baselines: a table, dates beside
    /// one-line entries), or as labels (that side comes in short blocks, at most three lines on
    /// average, whose tops sit beside the starts of the other side's blocks: headings in a left
    /// margin, dates beside entries).
    fn arrangement(&self, left: &[usize], right: &[usize]) -> Arrangement {
        let (l, r) = (self.baselines(left), self.baselines(right));
        let left_sparse = l.len() <= r.len();
        let (sparse, dense) = if left_sparse { (l, r) } else { (r, l) };
        if sparse.is_empty() {
            return Arrangement::Rows;
        }
        let aligned = sparse.iter().filter(|&&y| dense.iter().any(|&d| (d - y).abs() <= 1.0)).count();
        if aligned * 10 >= sparse.len() * 8 {
            return Arrangement::Rows;
        }
        let shape = Shape::of(&dense);
        let blocks = shape.blocks(&sparse);
        let beside = blocks.iter().filter(|b| shape.anchor(b.0).is_some()).count();
        let short = sparse.len() <= 3 * blocks.len();
        if blocks.len() >= 2 && short && beside * 4 >= blocks.len() * 3 {
            Arrangement::Labels { left_labels: left_sparse }
        } else {
            Arrangement::Columns
        }
    }

    /// Label blocks each just before the line of the body they sit beside, body lines top to
    /// bottom.
    fn labels(&self, labels: Vec<usize>, body: Vec<usize>, column: Option<u8>, out: &mut Vec<Line>) {
        let shape = Shape::of(&self.baselines(&body));
        let label_rows = self.side_rows(labels);
        let label_ys: Vec<f32> = label_rows.iter().map(|r| r.0).collect();
        // (key, 0 = label / 1 = body, lines)
        let mut pieces: Vec<(f32, u8, Vec<Vec<usize>>)> = Vec::new();
        let mut next = 0;
        for (top, n) in shape.blocks(&label_ys) {
            let key = shape.anchor(top).map_or(top, |a| a.max(top)) + 0.01;
            let rows: Vec<Vec<usize>> = label_rows[next..next + n].iter().map(|r| r.1.clone()).collect();
            next += n;
            pieces.push((key, 0, rows));
        }
        for (y, row) in self.side_rows(body) {
            pieces.push((y, 1, vec![row]));
        }
        pieces.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, _, rows) in pieces {
            for segs in rows {
                out.push(Line { segs, column });
            }
        }
    }

    /// Segments of one side grouped into rows (by baseline), top to bottom: `(baseline, row)`.
    fn side_rows(&self, mut idx: Vec<usize>) -> Vec<(f32, Vec<usize>)> {
        let segs = self.segs;
        idx.sort_by(|&a, &b| segs[b].y.total_cmp(&segs[a].y).then(segs[a].x0.total_cmp(&segs[b].x0)));
        let mut rows: Vec<(f32, Vec<usize>)> = Vec::new();
        for i in idx {
            match rows.last_mut() {
                Some((y, row)) if (*y - segs[i].y).abs() <= 1.5 => row.push(i),
                _ => rows.push((segs[i].y, vec![i])),
            }
        }
        rows
    }

    /// Distinct baselines of some segments, top to bottom.
    fn baselines(&self, idx: &[usize]) -> Vec<f32> {
        let mut ys: Vec<f32> = idx.iter().map(|&i| self.segs[i].y).collect();
        ys.sort_by(|a, b| b.total_cmp(a));
        ys.dedup_by(|a, b| (*a - *b).abs() <= 1.5);
        ys
    }
}

enum Arrangement {
    Columns,
    Rows,
    Labels { left_labels: bool },
}

/// The vertical rhythm of a side: its line spacing and the tops of its blocks.
struct Shape {
    lead: f32,
    starts: Vec<f32>,
}

impl Shape {
    fn of(baselines: &[f32]) -> Shape {
        let mut gaps: Vec<f32> = baselines.windows(2).map(|w| w[0] - w[1]).filter(|g| *g > 0.5).collect();
        gaps.sort_by(f32::total_cmp);
        let lead = gaps.get(gaps.len() / 2).copied().unwrap_or(12.0);
        let starts = baselines
            .iter()
            .enumerate()
            .filter(|&(i, &y)| i == 0 || baselines[i - 1] - y > 1.3 * lead)
            .map(|(_, &y)| y)
            .collect();
        Shape { lead, starts }
    }

    /// Other baselines (top to bottom) in blocks split where the gap passes 1.6 of this side's
    /// lines: `(top, lines)`.
    fn blocks(&self, baselines: &[f32]) -> Vec<(f32, usize)> {
        let mut blocks: Vec<(f32, usize)> = Vec::new();
        for (i, &y) in baselines.iter().enumerate() {
            match blocks.last_mut() {
                Some((_, n)) if baselines[i - 1] - y <= 1.6 * self.lead => *n += 1,
                _ => blocks.push((y, 1)),
            }
        }
        blocks
    }

    /// The top of this side's block that a line at `y` sits beside (within 0.8 of a line).
    fn anchor(&self, y: f32) -> Option<f32> {
        self.starts
            .iter()
            .copied()
            .filter(|s| (s - y).abs() <= 0.8 * self.lead)
            .min_by(|a, b| (a - y).abs().total_cmp(&(b - y).abs()))
    }
}
