//! The tailored CV as an A4 PDF in the standard Helvetica fonts (nothing embedded), text in
//! WinAnsiEncoding so Spanish accents print and read back, wrapped with Helvetica's own widths.

use cv::pdf_fonts::{helvetica_advance, win_ansi_code};
use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Object, Stream, StringFormat, dictionary};

use super::document::{Block, Document};

const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 56.0;
const BULLET: &str = "• ";

/// How a block is set: size in points, bold, space above it, left indent.
struct Style {
    size: f32,
    bold: bool,
    space_before: f32,
    indent: f32,
    /// A thin rule under it (section headings).
    rule: bool,
}

fn style(block: &Block) -> Style {
    let plain = Style { size: 10.0, bold: false, space_before: 0.0, indent: 0.0, rule: false };
    match block {
        Block::Name(_) => Style { size: 18.0, bold: true, ..plain },
        Block::Contact(_) => Style { size: 9.0, space_before: 2.0, ..plain },
        Block::Heading(_) => Style { size: 12.0, bold: true, space_before: 14.0, rule: true, ..plain },
        Block::Entry(_) => Style { size: 10.5, bold: true, space_before: 8.0, ..plain },
        Block::Period(_) => Style { size: 9.0, ..plain },
        Block::Bullet(_) => Style { indent: 12.0, space_before: 1.0, ..plain },
        Block::Paragraph(_) => Style { space_before: 2.0, ..plain },
    }
}

/// The character as printed: itself when WinAnsi has it, else a question mark (the standard
/// fonts have no other glyphs).
fn printable(c: char) -> char {
    match c {
        '\t' => ' ',
        c if win_ansi_code(c).is_some() => c,
        _ => '?',
    }
}

fn width(text: &str, size: f32, bold: bool) -> f32 {
    let units: u32 = text.chars().map(|c| u32::from(helvetica_advance(c, bold).unwrap_or(556))).sum();
    units as f32 * size / 1000.0
}

/// Lines of at most `room` points, broken between words (inside a word only when it alone is
/// wider).
fn wrap(text: &str, size: f32, bold: bool, room: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
        if width(&candidate, size, bold) <= room {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            line.push(c);
            if width(&line, size, bold) > room && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::replace(&mut line, c.to_string()));
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn encoded(text: &str) -> Object {
    Object::String(text.chars().filter_map(win_ansi_code).collect(), StringFormat::Literal)
}

/// Pages of drawing operations, filled top to bottom.
struct Pages {
    pages: Vec<Vec<Operation>>,
    y: f32,
}

impl Pages {
    /// Moves down by `height`, on a new page when this one has no room left.
    fn advance(&mut self, height: f32) {
        if self.y - height < MARGIN {
            self.pages.push(Vec::new());
            self.y = PAGE_HEIGHT - MARGIN;
        }
        self.y -= height;
    }

    fn text(&mut self, x: f32, font: &str, size: f32, text: &str) {
        let y = self.y;
        let page = self.pages.last_mut().expect("there is always a page");
        page.push(Operation::new("BT", vec![]));
        page.push(Operation::new("Tf", vec![font.into(), size.into()]));
        page.push(Operation::new("Td", vec![x.into(), y.into()]));
        page.push(Operation::new("Tj", vec![encoded(text)]));
        page.push(Operation::new("ET", vec![]));
    }

    fn rule(&mut self) {
        let y = self.y - 3.0;
        let page = self.pages.last_mut().expect("there is always a page");
        page.push(Operation::new("w", vec![0.5.into()]));
        page.push(Operation::new("G", vec![0.6.into()]));
        page.push(Operation::new("m", vec![MARGIN.into(), y.into()]));
        page.push(Operation::new("l", vec![(PAGE_WIDTH - MARGIN).into(), y.into()]));
        page.push(Operation::new("S", vec![]));
    }
}

pub(super) fn render(document: &Document) -> Result<Vec<u8>, lopdf::Error> {
    let mut pages = Pages { pages: vec![Vec::new()], y: PAGE_HEIGHT - MARGIN };
    for block in &document.blocks {
        let style = style(block);
        let font = if style.bold { "F2" } else { "F1" };
        let text: String = block.text().chars().map(printable).collect();
        let bullet = matches!(block, Block::Bullet(_));
        let hang = if bullet { width(BULLET, style.size, false) } else { 0.0 };
        let room = PAGE_WIDTH - 2.0 * MARGIN - style.indent - hang;
        pages.y -= style.space_before;
        for (index, line) in wrap(&text, style.size, style.bold, room).iter().enumerate() {
            pages.advance(style.size * 1.3);
            let x = MARGIN + style.indent;
            match (bullet, index) {
                (true, 0) => pages.text(x, font, style.size, &format!("{BULLET}{line}")),
                _ => pages.text(x + hang, font, style.size, line),
            }
        }
        if style.rule {
            pages.rule();
            pages.y -= 4.0;
        }
    }
    write(pages.pages)
}

/// The PDF file: two standard fonts, one content stream per page.
fn write(pages: Vec<Vec<Operation>>) -> Result<Vec<u8>, lopdf::Error> {
    let mut pdf = lopdf::Document::with_version("1.5");
    let font = |name: &str| -> Dictionary {
        dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => Object::Name(name.as_bytes().to_vec()),
            "Encoding" => "WinAnsiEncoding",
        }
    };
    let regular = pdf.add_object(font("Helvetica"));
    let bold = pdf.add_object(font("Helvetica-Bold"));
    let resources = pdf.add_object(dictionary! { "Font" => dictionary! { "F1" => regular, "F2" => bold } });
    let tree = pdf.new_object_id();
    let mut kids = Vec::with_capacity(pages.len());
    for operations in pages {
        let content = pdf.add_object(Stream::new(Dictionary::new(), Content { operations }.encode()?));
        kids.push(Object::Reference(pdf.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => tree,
            "Contents" => content,
        })));
    }
    let count = kids.len() as i64;
    pdf.objects.insert(
        tree,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
            "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), PAGE_WIDTH.into(), PAGE_HEIGHT.into()],
        }),
    );
    let catalog = pdf.add_object(dictionary! { "Type" => "Catalog", "Pages" => tree });
    pdf.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    pdf.save_to(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use cv::domain::text::{Limits, extract};

    use super::*;

    fn read_back(document: &Document) -> String {
        extract(&render(document).unwrap(), &Limits::default()).unwrap().plain_text()
    }

    #[test]
    fn spanish_text_prints_and_reads_back() {
        let document = Document {
            blocks: vec![
                Block::Name("María Ñáñez Pérez".into()),
                Block::Heading("Educación".into()),
                Block::Bullet("Elaboración de estados financieros bajo NIIF — año 2024".into()),
            ],
        };
        let text = read_back(&document);
        for expected in ["María Ñáñez Pérez", "Educación", "Elaboración de estados financieros bajo NIIF"] {
            assert!(text.contains(expected), "{expected:?} in {text:?}");
        }
    }

    #[test]
    fn long_lines_wrap_within_the_margins_and_long_cvs_take_more_pages() {
        let line = "Conciliaciones bancarias y análisis de cuentas por cobrar ".repeat(6);
        let wrapped = wrap(&line, 10.0, false, PAGE_WIDTH - 2.0 * MARGIN);
        assert!(wrapped.len() > 2 && wrapped.iter().all(|l| width(l, 10.0, false) <= PAGE_WIDTH - 2.0 * MARGIN));
        assert_eq!(wrapped.join(" "), line.trim_end());
        let document = Document { blocks: (0..120).map(|i| Block::Bullet(format!("Línea {i}"))).collect() };
        let pdf = lopdf::Document::load_mem(&render(&document).unwrap()).unwrap();
        assert!(pdf.get_pages().len() >= 2);
        assert!(read_back(&document).contains("Línea 119"));
    }

    #[test]
    fn what_the_fonts_cannot_print_becomes_a_question_mark() {
        assert_eq!("€ ok ✓ 漢".chars().map(printable).collect::<String>(), "€ ok ? ?");
    }
}
