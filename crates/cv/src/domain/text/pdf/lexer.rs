//! The content-stream lexer: operators and their operands, read as tolerantly as viewers do.

/// An operand of a content-stream operator (dictionaries and the like are kept as `Other`).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Operand {
    Number(f32),
    Str(Vec<u8>),
    Name(Vec<u8>),
    Array(Vec<Operand>),
    Other,
}

impl Operand {
    pub(super) fn number(&self) -> Option<f32> {
        match self {
            Operand::Number(n) if n.is_finite() => Some(*n),
            _ => None,
        }
    }
}

/// A tolerant content-stream reader, as viewers are: a token it cannot read is skipped, not the
/// rest of the page (lopdf's decoder stops at the first one, and refuses a whole page over an
/// inline image with a filter, so a logo could hide a page of text). Inline images are skipped
/// to their `EI`; arrays nest at most 8 deep.
pub(super) struct Lexer<'a> {
    pub(super) data: &'a [u8],
    pub(super) pos: usize,
}

impl<'a> Lexer<'a> {
    /// The next operator, with its operands in `args` (cleared first).
    pub(super) fn next_operator(&mut self, args: &mut Vec<Operand>) -> Option<&'a [u8]> {
        args.clear();
        loop {
            self.skip_space();
            let &c = self.data.get(self.pos)?;
            match c {
                b'(' | b'<' | b'[' | b'/' | b'+' | b'-' | b'.' | b'0'..=b'9' => {
                    let operand = self.operand(0);
                    // Operands without an operator (a damaged stream) must not pile up.
                    if args.len() >= 64 {
                        args.clear();
                    }
                    args.push(operand);
                }
                b')' | b'>' | b']' | b'{' | b'}' => self.pos += 1,
                _ => {
                    let word = self.word();
                    match word {
                        b"true" | b"false" | b"null" => args.push(Operand::Other),
                        b"BI" => {
                            self.skip_inline_image();
                            args.clear();
                        }
                        b"" => self.pos += 1,
                        _ => return Some(word),
                    }
                }
            }
        }
    }

    fn skip_space(&mut self) {
        while let Some(&c) = self.data.get(self.pos) {
            if c == b'%' {
                while self.data.get(self.pos).is_some_and(|&c| c != b'\n' && c != b'\r') {
                    self.pos += 1;
                }
            } else if is_space(c) {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// A run of regular characters (an operator or a keyword).
    fn word(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.data.get(self.pos).is_some_and(|&c| !is_space(c) && !is_delimiter(c)) {
            self.pos += 1;
        }
        &self.data[start..self.pos]
    }

    fn operand(&mut self, depth: usize) -> Operand {
        self.skip_space();
        let Some(&c) = self.data.get(self.pos) else { return Operand::Other };
        match c {
            b'(' => Operand::Str(self.literal_string()),
            b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                self.skip_dictionary();
                Operand::Other
            }
            b'<' => Operand::Str(self.hex_string()),
            b'/' => {
                self.pos += 1;
                Operand::Name(decode_name(self.word()))
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    match self.data.get(self.pos) {
                        None => break,
                        Some(b']') => {
                            self.pos += 1;
                            break;
                        }
                        Some(b'(' | b'<' | b'[' | b'/' | b'+' | b'-' | b'.' | b'0'..=b'9') if depth < 8 => {
                            items.push(self.operand(depth + 1))
                        }
                        Some(_) => {
                            // A keyword or stray byte inside an array: skip it.
                            if self.word().is_empty() {
                                self.pos += 1;
                            }
                        }
                    }
                }
                Operand::Array(items)
            }
            _ => {
                let word = self.word();
                if word.is_empty() {
                    self.pos += 1;
                }
                std::str::from_utf8(word)
                    .ok()
                    .and_then(|w| w.parse::<f32>().ok())
                    .map_or(Operand::Other, Operand::Number)
            }
        }
    }

    fn literal_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut depth = 0usize;
        while let Some(&c) = self.data.get(self.pos) {
            self.pos += 1;
            match c {
                b'(' => {
                    if depth > 0 {
                        out.push(c);
                    }
                    depth += 1;
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(c);
                }
                b'\\' => {
                    let Some(&e) = self.data.get(self.pos) else { break };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.data.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut value = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.data.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        value = value * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(value as u8);
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(c),
            }
        }
        out
    }

    fn hex_string(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut digits = Vec::new();
        while let Some(&c) = self.data.get(self.pos) {
            self.pos += 1;
            if c == b'>' {
                break;
            }
            if let Some(d) = (c as char).to_digit(16) {
                digits.push(d as u8);
            }
        }
        if digits.len() % 2 == 1 {
            digits.push(0);
        }
        digits.chunks(2).map(|p| p[0] << 4 | p[1]).collect()
    }

    fn skip_dictionary(&mut self) {
        let mut depth = 0usize;
        while let Some(&c) = self.data.get(self.pos) {
            match c {
                b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                    depth += 1;
                    self.pos += 2;
                }
                b'>' if self.data.get(self.pos + 1) == Some(&b'>') => {
                    self.pos += 2;
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                b'(' => {
                    self.literal_string();
                }
                _ => self.pos += 1,
            }
        }
    }

    /// From `BI` past the image data: `ID`, one white-space byte, data, then `EI` standing alone.
    fn skip_inline_image(&mut self) {
        let rest = &self.data[self.pos..];
        let Some(id) = find_keyword(rest, b"ID", 0) else {
            self.pos = self.data.len();
            return;
        };
        match find_keyword(rest, b"EI", id + 3) {
            Some(ei) => self.pos += ei + 2,
            None => self.pos = self.data.len(),
        }
    }
}

/// `keyword` with white space (or the start/end) on both sides, searched from `from`.
fn find_keyword(data: &[u8], keyword: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i + keyword.len() <= data.len() {
        if &data[i..i + keyword.len()] == keyword
            && (i == 0 || is_space(data[i - 1]))
            && data.get(i + keyword.len()).is_none_or(|&c| is_space(c) || is_delimiter(c))
        {
            return Some(i);
        }
        i += 1;
    }
    None
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0 | 12)
}

fn is_delimiter(c: u8) -> bool {
    matches!(c, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

/// A name with its `#xx` escapes decoded.
fn decode_name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'#'
            && let Some(v) = raw
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}
