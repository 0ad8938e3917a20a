//! The content-stream interpreter: text state, text and graphics matrices, form XObjects and the
//! text-showing operators, turned into positioned items on a page.

use std::rc::Rc;

use lopdf::{Dictionary, Object, ObjectId};

use super::fonts::Font;
use super::lexer::{Lexer, Operand};
use super::{PageReader, corrupt, number, too_large};
use crate::domain::text::layout::{Item, Page};
use crate::domain::text::{ExtractionError, Limit};

const MAX_FORM_DEPTH: usize = 8;

const MAX_FORM_CALLS: usize = 10_000;
const MAX_GRAPHICS_STACK: usize = 256;

/// A 2D affine matrix `[a b c d e f]` as in PDF (row vector times matrix).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Matrix([f32; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self` then `other`: the PDF product `self × other`.
    fn then(&self, other: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    fn translate(tx: f32, ty: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty])
    }

    fn from_operands(ops: &[Operand]) -> Option<Matrix> {
        Self::from_numbers(ops.iter().map(Operand::number))
    }

    fn from_numbers(mut numbers: impl Iterator<Item = Option<f32>>) -> Option<Matrix> {
        let mut m = [0.0; 6];
        for slot in &mut m {
            *slot = numbers.next()??;
        }
        m.iter().all(|v| v.is_finite()).then_some(Matrix(m))
    }
}

#[derive(Clone)]
struct GraphicsState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f32,
    char_space: f32,
    word_space: f32,
    h_scale: f32,
    leading: f32,
    rise: f32,
}

impl GraphicsState {
    fn new(ctm: Matrix) -> Self {
        Self { ctm, font: None, size: 0.0, char_space: 0.0, word_space: 0.0, h_scale: 1.0, leading: 0.0, rise: 0.0 }
    }
}

impl<'d> PageReader<'d> {
    pub(super) fn page(&mut self, page_id: ObjectId, number: u32) -> Result<Page, ExtractionError> {
        let page = self.doc.get_dictionary(page_id).map_err(|e| corrupt(format!("page: {e}")))?;
        let resources = self.inherited(page, b"Resources").and_then(|o| self.dict(o));
        let limit = usize::try_from(self.budget).unwrap_or(usize::MAX);
        let content = match self.doc.get_page_content_with_limit(page_id, limit) {
            Ok(content) => content,
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
                return Err(too_large());
            }
            Err(e) => return Err(corrupt(format!("page content: {e}"))),
        };
        self.charge(content.len())?;
        let mut items = Vec::new();
        let mut state = GraphicsState::new(Matrix::IDENTITY);
        self.run(&content, resources, &mut state, 0, &mut items)?;
        Ok(Page { number, items })
    }

    fn run(
        &mut self,
        content: &[u8],
        resources: Option<&'d Dictionary>,
        state: &mut GraphicsState,
        depth: usize,
        items: &mut Vec<Item>,
    ) -> Result<(), ExtractionError> {
        let mut stack: Vec<GraphicsState> = Vec::new();
        let mut tm = Matrix::IDENTITY;
        let mut tlm = Matrix::IDENTITY;
        let mut lexer = Lexer { data: content, pos: 0 };
        let mut args: Vec<Operand> = Vec::new();
        while let Some(operator) = lexer.next_operator(&mut args) {
            let num = |i: usize| args.get(i).and_then(Operand::number);
            match operator {
                b"q" if stack.len() < MAX_GRAPHICS_STACK => stack.push(state.clone()),
                b"Q" => {
                    if let Some(saved) = stack.pop() {
                        *state = saved;
                    }
                }
                b"cm" => {
                    if let Some(m) = Matrix::from_operands(&args) {
                        state.ctm = m.then(&state.ctm);
                    }
                }
                b"BT" => {
                    tm = Matrix::IDENTITY;
                    tlm = Matrix::IDENTITY;
                }
                b"Tf" => {
                    if let (Some(Operand::Name(name)), Some(size)) = (args.first(), num(1)) {
                        state.font = self.font(resources, name)?;
                        state.size = size;
                    }
                }
                b"Tc" => state.char_space = num(0).unwrap_or(0.0),
                b"Tw" => state.word_space = num(0).unwrap_or(0.0),
                b"Tz" => state.h_scale = num(0).unwrap_or(100.0) / 100.0,
                b"TL" => state.leading = num(0).unwrap_or(0.0),
                b"Ts" => state.rise = num(0).unwrap_or(0.0),
                b"Td" | b"TD" => {
                    let (tx, ty) = (num(0).unwrap_or(0.0), num(1).unwrap_or(0.0));
                    if operator == b"TD" {
                        state.leading = -ty;
                    }
                    tlm = Matrix::translate(tx, ty).then(&tlm);
                    tm = tlm;
                }
                b"Tm" => {
                    if let Some(m) = Matrix::from_operands(&args) {
                        tlm = m;
                        tm = m;
                    }
                }
                b"T*" => {
                    tlm = Matrix::translate(0.0, -state.leading).then(&tlm);
                    tm = tlm;
                }
                b"Tj" => {
                    if let Some(Operand::Str(s)) = args.first() {
                        self.show(s, state, &mut tm, items)?;
                    }
                }
                b"'" | b"\"" => {
                    if operator == b"\"" {
                        state.word_space = num(0).unwrap_or(state.word_space);
                        state.char_space = num(1).unwrap_or(state.char_space);
                    }
                    tlm = Matrix::translate(0.0, -state.leading).then(&tlm);
                    tm = tlm;
                    if let Some(Operand::Str(s)) = args.last() {
                        self.show(s, state, &mut tm, items)?;
                    }
                }
                b"TJ" => {
                    if let Some(Operand::Array(parts)) = args.first() {
                        for part in parts {
                            match part {
                                Operand::Str(s) => self.show(s, state, &mut tm, items)?,
                                other => {
                                    if let Some(n) = other.number() {
                                        let tx = -n / 1000.0 * state.size * state.h_scale;
                                        tm = Matrix::translate(tx, 0.0).then(&tm);
                                    }
                                }
                            }
                        }
                    }
                }
                b"Do" => {
                    if let Some(Operand::Name(name)) = args.first() {
                        self.form(resources, name, state, depth, items)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Runs a form XObject (`Do`) with its own matrix and resources; images and the rest are skipped.
    fn form(
        &mut self,
        resources: Option<&'d Dictionary>,
        name: &[u8],
        state: &GraphicsState,
        depth: usize,
        items: &mut Vec<Item>,
    ) -> Result<(), ExtractionError> {
        if depth >= MAX_FORM_DEPTH {
            return Ok(());
        }
        let Some(xobjects) = resources.and_then(|r| r.get(b"XObject").ok()).and_then(|o| self.dict(o)) else {
            return Ok(());
        };
        let Some(Object::Stream(stream)) = xobjects.get(name).ok().and_then(|o| self.resolve(o)) else {
            return Ok(());
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form".as_slice()) {
            return Ok(());
        }
        self.form_calls += 1;
        if self.form_calls > MAX_FORM_CALLS {
            return Err(too_large());
        }
        let limit = usize::try_from(self.budget).unwrap_or(usize::MAX);
        let content = match stream.get_plain_content_with_limit(limit) {
            Ok(content) => content,
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
                return Err(too_large());
            }
            Err(_) => return Ok(()),
        };
        self.charge(content.len())?;
        let matrix = stream
            .dict
            .get(b"Matrix")
            .ok()
            .and_then(|o| self.resolve(o))
            .and_then(|o| o.as_array().ok())
            .and_then(|a| Matrix::from_numbers(a.iter().map(|o| self.resolve(o).and_then(number))))
            .unwrap_or(Matrix::IDENTITY);
        let own = stream.dict.get(b"Resources").ok().and_then(|o| self.dict(o));
        let mut inner = state.clone();
        inner.ctm = matrix.then(&state.ctm);
        self.run(&content, own.or(resources), &mut inner, depth + 1, items)
    }

    fn font(&mut self, resources: Option<&'d Dictionary>, name: &[u8]) -> Result<Option<Rc<Font>>, ExtractionError> {
        let Some(fonts) = resources.and_then(|r| r.get(b"Font").ok()).and_then(|o| self.dict(o)) else {
            return Ok(None);
        };
        let Ok(entry) = fonts.get(name) else { return Ok(None) };
        let id = match entry {
            Object::Reference(id) => Some(*id),
            _ => None,
        };
        if let Some(font) = id.and_then(|id| self.fonts.get(&id)) {
            return Ok(Some(font.clone()));
        }
        let Some(dict) = self.dict(entry) else { return Ok(None) };
        let font = Rc::new(Font::load(self, dict)?);
        if let Some(id) = id {
            self.fonts.insert(id, font.clone());
        }
        Ok(Some(font))
    }

    /// Shows a string: decodes its codes, advances the text matrix glyph by glyph and records one
    /// positioned item (its start and end on the page).
    fn show(
        &mut self,
        bytes: &[u8],
        state: &GraphicsState,
        tm: &mut Matrix,
        items: &mut Vec<Item>,
    ) -> Result<(), ExtractionError> {
        let Some(font) = state.font.clone() else { return Ok(()) };
        let start =
            Matrix([state.size * state.h_scale, 0.0, 0.0, state.size, 0.0, state.rise]).then(tm).then(&state.ctm);
        let mut text = String::new();
        let mut i = 0;
        while i < bytes.len() {
            let (code, len) = if font.two_byte && i + 1 < bytes.len() {
                (u32::from(bytes[i]) << 8 | u32::from(bytes[i + 1]), 2)
            } else {
                (u32::from(bytes[i]), 1)
            };
            i += len;
            let before = text.len();
            if font.decode(code, len, &mut text) {
                self.mapped += 1;
            } else {
                self.unmapped += 1;
            }
            let ch = text[before..].chars().next();
            let width = font.width(code, ch);
            let word = if len == 1 && code == 32 { state.word_space } else { 0.0 };
            let tx = (width * state.size + state.char_space + word) * state.h_scale;
            *tm = Matrix::translate(tx, 0.0).then(tm);
        }
        let end = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, state.rise]).then(tm).then(&state.ctm);
        if text.trim().is_empty() {
            return Ok(());
        }
        let chars = text.chars().count();
        self.chars_left = self.chars_left.checked_sub(chars).ok_or(ExtractionError::TooLarge(Limit::Text))?;
        let [a, b, c, d, x, y] = start.0;
        let size = c.hypot(d);
        let upright = a > 0.0 && d > 0.0 && b.abs() <= 0.05 * a && c.abs() <= 0.5 * d;
        let x_end = end.0[4];
        if !(size.is_finite() && x.is_finite() && y.is_finite() && x_end.is_finite()) || size <= 0.0 {
            return Ok(());
        }
        items.push(Item { x0: x.min(x_end), x1: x.max(x_end).max(x + 0.01), y, size, bold: font.bold, upright, text });
        Ok(())
    }
}
