//! The receipt's printed form (representación impresa): one A4 page of PDF 1.4 written by hand.
//! It uses the standard Helvetica fonts, which every reader has, so nothing is embedded; their
//! WinAnsi encoding covers Spanish (á, ñ, ¿, …), and text is measured with Helvetica's widths so
//! that long names wrap instead of running off the page.

use rust_decimal::Decimal;

use super::ubl::{in_lima, money};
use super::{ReceiptDocument, TaxIdKind};
use crate::domain::receipts::ReceiptKind;

const WIDTH: f64 = 595.0;
const HEIGHT: f64 = 842.0;
const MARGIN: f64 = 40.0;
const RIGHT: f64 = WIDTH - MARGIN;
/// Where the box with the RUC, kind and number starts; the seller's block stays left of it.
const BOX_LEFT: f64 = 335.0;
/// Where the values of the buyer's block start, right of their labels.
const VALUE_X: f64 = MARGIN + 120.0;
/// The table's columns: quantity (right-aligned), description, unit price and amount (right-aligned).
const QUANTITY_RIGHT: f64 = MARGIN + 35.0;
const DESCRIPTION_X: f64 = MARGIN + 45.0;
const DESCRIPTION_WIDTH: f64 = 290.0;
const PRICE_RIGHT: f64 = 470.0;
/// No table row goes below this: the totals and the footer need the room.
const TABLE_FLOOR: f64 = 140.0;
/// WinAnsi's "…", which ends a text cut at its line limit.
const ELLIPSIS: u8 = 0x85;

#[derive(Debug, Clone, Copy)]
struct Style {
    bold: bool,
    size: f64,
}

const BODY: Style = Style { bold: false, size: 9.0 };
const STRONG: Style = Style { bold: true, size: 9.0 };
const HEADING: Style = Style { bold: true, size: 13.0 };
const BOXED: Style = Style { bold: true, size: 11.0 };
const FOOTER: Style = Style { bold: false, size: 7.5 };

impl Style {
    fn font(self) -> &'static str {
        if self.bold { "F2" } else { "F1" }
    }

    fn leading(self) -> f64 {
        self.size * 1.3
    }

    /// The width in points of WinAnsi `text`.
    fn width(self, text: &[u8]) -> f64 {
        text.iter().map(|&b| f64::from(glyph_width(b))).sum::<f64>() * self.size / 1000.0
    }
}

/// The PDF of `doc`: the same facts as its UBL XML, laid out for people.
pub fn pdf(doc: &ReceiptDocument) -> Vec<u8> {
    assemble(&content(doc))
}

fn title(kind: ReceiptKind) -> &'static str {
    match kind {
        ReceiptKind::Invoice => "FACTURA ELECTRÓNICA",
        ReceiptKind::Receipt => "BOLETA DE VENTA ELECTRÓNICA",
        ReceiptKind::InvoiceCreditNote | ReceiptKind::ReceiptCreditNote => "NOTA DE CRÉDITO ELECTRÓNICA",
    }
}

fn content(doc: &ReceiptDocument) -> Vec<u8> {
    let mut page = Page::default();
    let kind_title = title(doc.kind);
    let top = HEIGHT - MARGIN;

    let seller_width = BOX_LEFT - MARGIN - 15.0;
    let mut y = top - HEADING.size;
    page.para(HEADING, MARGIN, &mut y, seller_width, &doc.seller.name, 3);
    page.para(BODY, MARGIN, &mut y, seller_width, &format!("RUC: {}", doc.seller.id), 1);
    if let Some(address) = &doc.seller.address {
        page.para(BODY, MARGIN, &mut y, seller_width, address, 3);
    }

    let box_width = RIGHT - BOX_LEFT;
    let boxed: Vec<Vec<u8>> = [format!("R.U.C. {}", doc.seller.id), kind_title.to_owned(), doc.number.to_string()]
        .iter()
        .flat_map(|text| wrap(&win_ansi(text), BOXED, box_width - 16.0, 2))
        .collect();
    let box_height = boxed.len() as f64 * BOXED.leading() + 14.0;
    page.rect(BOX_LEFT, top - box_height, box_width, box_height);
    for (index, line) in boxed.iter().enumerate() {
        let x = BOX_LEFT + (box_width - BOXED.width(line)) / 2.0;
        page.text(BOXED, x, top - 7.0 - BOXED.size - index as f64 * BOXED.leading(), line);
    }

    y = y.min(top - box_height) - 20.0;
    page.field(&mut y, "Señor(es):", &doc.buyer.name, 2);
    let id_label = match doc.buyer.id_kind {
        TaxIdKind::Ruc => Some("RUC:"),
        TaxIdKind::Dni => Some("DNI:"),
        TaxIdKind::None => None,
    };
    if let Some(label) = id_label {
        page.field(&mut y, label, &doc.buyer.id, 1);
    }
    if let Some(address) = &doc.buyer.address {
        page.field(&mut y, "Dirección:", address, 2);
    }
    page.field(&mut y, "Fecha de emisión:", &in_lima(doc.issued_at).format("%d/%m/%Y").to_string(), 1);
    let currency = if doc.currency == "PEN" { "Soles" } else { doc.currency.as_str() };
    page.field(&mut y, "Moneda:", currency, 1);
    if let Some(credited) = &doc.credited {
        page.field(&mut y, "Documento que modifica:", &format!("{} {}", title(credited.kind), credited.number), 1);
        page.field(&mut y, "Motivo:", &format!("{} - {}", credited.reason_code, credited.reason), 3);
    }

    y -= 10.0;
    page.shade(MARGIN, y - 4.0, RIGHT - MARGIN, STRONG.size + 7.0);
    page.text_right(STRONG, QUANTITY_RIGHT, y, "Cant.");
    page.text(STRONG, DESCRIPTION_X, y, &win_ansi("Descripción"));
    page.text_right(STRONG, PRICE_RIGHT, y, "P. unit.");
    page.text_right(STRONG, RIGHT, y, "Importe");
    y -= 18.0;
    for (index, line) in doc.lines.iter().enumerate() {
        // A row takes at most three lines; rows that would not fit are counted, not drawn.
        if y - 3.0 * BODY.leading() < TABLE_FLOOR {
            let rest = doc.lines.len() - index;
            page.para(BODY, DESCRIPTION_X, &mut y, DESCRIPTION_WIDTH, &format!("… y {rest} línea(s) más"), 1);
            break;
        }
        page.text_right(BODY, QUANTITY_RIGHT, y, &line.quantity.to_string());
        page.text_right(BODY, PRICE_RIGHT, y, &money(line.unit_price));
        page.text_right(BODY, RIGHT, y, &money(line.total));
        page.para(BODY, DESCRIPTION_X, &mut y, DESCRIPTION_WIDTH, &line.description, 3);
        y -= 3.0;
    }
    page.rule(MARGIN, y + 4.0, RIGHT, y + 4.0);

    let symbol = if doc.currency == "PEN" { "S/" } else { doc.currency.as_str() };
    let percent = (doc.igv_rate * Decimal::ONE_HUNDRED).normalize();
    let totals = [
        (BODY, "Op. gravada".to_owned(), doc.base),
        (BODY, format!("IGV {percent}%"), doc.igv),
        (STRONG, "Importe total".to_owned(), doc.total),
    ];
    y -= 12.0;
    for (style, label, amount) in totals {
        page.text_right(style, PRICE_RIGHT, y, &label);
        page.text_right(style, RIGHT, y, &format!("{symbol} {}", money(amount)));
        y -= style.leading() + 2.0;
    }

    let mut footer_y = MARGIN;
    let footer = format!("Representación impresa de la {}", kind_title.to_lowercase());
    page.para(FOOTER, MARGIN, &mut footer_y, RIGHT - MARGIN, &footer, 1);
    page.ops
}

/// The file around the content stream: catalog, page tree, page, the two fonts, and the xref
/// table with each object's byte offset, which readers use to find the objects.
fn assemble(content: &[u8]) -> Vec<u8> {
    let font = |name: &str| {
        format!("<< /Type /Font /Subtype /Type1 /BaseFont /{name} /Encoding /WinAnsiEncoding >>").into_bytes()
    };
    let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    stream.extend_from_slice(content);
    stream.extend_from_slice(b"\nendstream");
    let page = format!(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {WIDTH} {HEIGHT}] \
         /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>"
    );
    let objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        page.into_bytes(),
        font("Helvetica"),
        font("Helvetica-Bold"),
        stream,
    ];
    // The comment of high bytes tells transfer tools that the file is binary.
    let mut pdf = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (index, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", index + 1).as_bytes());
        pdf.extend_from_slice(object);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    let size = objects.len() + 1;
    // Each entry is exactly 20 bytes: 10-digit offset, 5-digit generation, type, two-byte EOL.
    pdf.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(format!("trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    pdf
}

/// The content stream being drawn, in PDF points from the bottom left.
#[derive(Default)]
struct Page {
    ops: Vec<u8>,
}

impl Page {
    /// WinAnsi `text` at (x, y), in a literal string with `(`, `)` and `\` escaped.
    fn text(&mut self, style: Style, x: f64, y: f64, text: &[u8]) {
        self.ops.extend_from_slice(format!("BT /{} {} Tf {x:.2} {y:.2} Td (", style.font(), style.size).as_bytes());
        for &b in text {
            if matches!(b, b'(' | b')' | b'\\') {
                self.ops.push(b'\\');
            }
            self.ops.push(b);
        }
        self.ops.extend_from_slice(b") Tj ET\n");
    }

    fn text_right(&mut self, style: Style, right: f64, y: f64, text: &str) {
        let text = win_ansi(text);
        self.text(style, right - style.width(&text), y, &text);
    }

    /// `text` wrapped to `width` from baseline `y`, at most `max_lines` lines; `y` moves below it.
    fn para(&mut self, style: Style, x: f64, y: &mut f64, width: f64, text: &str, max_lines: usize) {
        let lines = wrap(&win_ansi(text), style, width, max_lines);
        for (index, line) in lines.iter().enumerate() {
            self.text(style, x, *y - index as f64 * style.leading(), line);
        }
        *y -= style.leading() * lines.len().max(1) as f64;
    }

    /// A label and its value, in the buyer's block.
    fn field(&mut self, y: &mut f64, label: &str, value: &str, max_lines: usize) {
        self.text(STRONG, MARGIN, *y, &win_ansi(label));
        self.para(BODY, VALUE_X, y, RIGHT - VALUE_X, value, max_lines);
    }

    fn rule(&mut self, x1: f64, y1: f64, x2: f64, y2: f64) {
        self.ops.extend_from_slice(format!("0.5 w {x1:.2} {y1:.2} m {x2:.2} {y2:.2} l S\n").as_bytes());
    }

    fn rect(&mut self, x: f64, y: f64, width: f64, height: f64) {
        self.ops.extend_from_slice(format!("0.8 w {x:.2} {y:.2} {width:.2} {height:.2} re S\n").as_bytes());
    }

    fn shade(&mut self, x: f64, y: f64, width: f64, height: f64) {
        self.ops.extend_from_slice(format!("0.9 g {x:.2} {y:.2} {width:.2} {height:.2} re f 0 g\n").as_bytes());
    }
}

/// Windows-1252's characters at 0x80..=0x9F (WinAnsi); `\0` marks its five unused bytes.
const CP1252_HIGH: &str = "€\0‚ƒ„…†‡ˆ‰Š‹Œ\0Ž\0\0‘’“”•–—˜™š›œ\0žŸ";

/// `text` in WinAnsi: Latin-1 as is, Windows-1252's extras (€, –, “ …) by table, any whitespace
/// as a space, and whatever the fonts cannot print as `?`.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            _ if c.is_whitespace() => b' ',
            _ if c.is_control() => b'?',
            ' '..='~' | '\u{A0}'..='\u{FF}' => c as u8,
            _ => CP1252_HIGH.chars().position(|high| high == c).map_or(b'?', |index| 0x80 + index as u8),
        })
        .collect()
}

/// Helvetica-Bold's widths (1/1000 em) for bytes 32..=126, which are at least Helvetica's except
/// for `@`, given here as Helvetica's: one table measures both fonts without ever coming short.
const WIDTHS: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 278, 333, 333, 389, 584, 278, 333, 278, 278, // space to /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, // 0 to ?
    1015, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, // @ to O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, // P to _
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, // ` to o
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, // p to ~
];

/// A byte's width, erring wide outside ASCII: Latin-1 letters are no wider than 778 (but Æ and
/// æ), and 1000 is the widest glyph the fonts have.
fn glyph_width(byte: u8) -> u16 {
    match byte {
        32..=126 => WIDTHS[usize::from(byte - 32)],
        0xC0..=0xFF if !matches!(byte, 0xC6 | 0xE6) => 778,
        _ => 1000,
    }
}

/// WinAnsi `text` broken at spaces into lines no wider than `width` (a word longer than a line
/// is cut where it reaches the edge), at most `max_lines`, the last one ending in "…" if cut.
fn wrap(text: &[u8], style: Style, width: f64, max_lines: usize) -> Vec<Vec<u8>> {
    let fits = |line: &[u8]| style.width(line) <= width;
    let mut lines = Vec::new();
    let mut line: Vec<u8> = Vec::new();
    for word in text.split(|&b| b == b' ').filter(|word| !word.is_empty()) {
        let mut joined = line.clone();
        if !joined.is_empty() {
            joined.push(b' ');
        }
        joined.extend_from_slice(word);
        if fits(&joined) {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for &b in word {
            line.push(b);
            if !fits(&line) && line.len() > 1 {
                line.pop();
                lines.push(std::mem::replace(&mut line, vec![b]));
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && !fits(&[last.as_slice(), &[ELLIPSIS]].concat()) {
                last.pop();
            }
            last.push(ELLIPSIS);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::documents::ubl::tests::{KINDS, document};

    fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        haystack.windows(needle.len()).position(|window| window == needle)
    }

    fn after<'a>(haystack: &'a [u8], needle: &[u8]) -> &'a [u8] {
        &haystack[find(haystack, needle).expect("present") + needle.len()..]
    }

    fn number(bytes: &[u8]) -> usize {
        let digits: Vec<u8> = bytes.iter().copied().take_while(u8::is_ascii_digit).collect();
        String::from_utf8(digits).unwrap().parse().unwrap()
    }

    /// The content stream, found through its /Length, which must end exactly at `endstream`.
    fn content_of(pdf: &[u8]) -> &[u8] {
        let dictionary = after(pdf, b"6 0 obj\n<< /Length ");
        let length = number(dictionary);
        let stream = after(dictionary, b">>\nstream\n");
        assert_eq!(&stream[length..length + 10], b"\nendstream", "/Length is the stream's byte length");
        &stream[..length]
    }

    /// The literal strings of `content`, unescaped.
    fn strings(content: &[u8]) -> Vec<Vec<u8>> {
        let (mut found, mut current, mut escaped) = (Vec::new(), None::<Vec<u8>>, false);
        for &b in content {
            if let Some(string) = current.as_mut() {
                if escaped {
                    string.push(b);
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b')' {
                    found.extend(current.take());
                } else {
                    string.push(b);
                }
            } else if b == b'(' {
                current = Some(Vec::new());
            }
        }
        found
    }

    #[test]
    fn the_file_is_pdf_1_4_and_its_xref_points_at_each_object() {
        for kind in KINDS {
            let file = pdf(&document(kind));
            assert!(file.starts_with(b"%PDF-1.4\n") && file.ends_with(b"%%EOF\n"));
            let xref = number(after(&file, b"startxref\n"));
            assert!(file[xref..].starts_with(b"xref\n0 7\n"), "{kind:?}");
            let entries = &file[xref + b"xref\n0 7\n".len()..];
            assert_eq!(&entries[..20], b"0000000000 65535 f \n");
            for object in 1..7 {
                let entry = &entries[object * 20..(object + 1) * 20];
                assert_eq!(&entry[10..], b" 00000 n \n");
                let offset = number(entry);
                assert!(
                    file[offset..].starts_with(format!("{object} 0 obj\n").as_bytes()),
                    "{kind:?}: object {object}"
                );
            }
            assert!(find(&file, b"trailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n").is_some());
            content_of(&file);
        }
    }

    #[test]
    fn the_number_totals_and_accents_print_as_win_ansi_strings() {
        let mut doc = document(ReceiptKind::Invoice);
        doc.buyer.name = "Asunción (Perú) \\ S.A.C.".into();
        let file = pdf(&doc);
        let content = content_of(&file);
        let texts = strings(content);
        let printed = |needle: &[u8]| texts.iter().any(|text| find(text, needle).is_some());
        assert!(printed(b"F001-00000007"));
        assert!(printed(b"S/ 89.60") && printed(b"S/ 75.93") && printed(b"IGV 18%"));
        assert!(printed(b"FACTURA ELECTR\xD3NICA") && printed(b"RUC: 20601234565"));
        assert!(printed(b"Asunci\xF3n (Per\xFA) \\ S.A.C."));
        assert!(find(content, b"(Asunci\xF3n \\(Per\xFA\\) \\\\ S.A.C.)").is_some(), "( ) and \\ escaped");
        assert!(printed(b"31/05/2025") && printed(b"Soles"), "Lima's date");
        assert!(printed(b"Representaci\xF3n impresa de la factura electr\xF3nica"));
        assert!(find(content, "ó".as_bytes()).is_none(), "no UTF-8 left");
    }

    #[test]
    fn boletas_name_a_dni_and_credit_notes_what_they_take_back() {
        let texts = strings(content_of(&pdf(&document(ReceiptKind::Receipt))));
        assert!(texts.contains(&b"DNI:".to_vec()) && texts.contains(&b"46779354".to_vec()));
        assert!(texts.contains(&b"BOLETA DE VENTA ELECTR\xD3NICA".to_vec()));
        let texts = strings(content_of(&pdf(&document(ReceiptKind::ReceiptCreditNote))));
        assert!(texts.contains(&b"NOTA DE CR\xC9DITO ELECTR\xD3NICA".to_vec()));
        assert!(texts.contains(&b"BOLETA DE VENTA ELECTR\xD3NICA B001-00000042".to_vec()));
        assert!(texts.contains(&b"06 - Devoluci\xF3n total".to_vec()));
        assert!(texts.contains(&b"Representaci\xF3n impresa de la nota de cr\xE9dito electr\xF3nica".to_vec()));
    }

    #[test]
    fn spanish_maps_to_win_ansi_and_the_rest_to_a_question_mark() {
        let expected = [0xE1, 0xE9, 0xED, 0xF3, 0xFA, 0xF1, 0xD1, 0xBF, 0xA1, 0x80, 0x97, b'?', b'?', b' '];
        assert_eq!(win_ansi("áéíóúñÑ¿¡€—✓\u{7}\n"), expected);
    }

    #[test]
    fn no_text_leaves_the_page() {
        let mut doc = document(ReceiptKind::InvoiceCreditNote);
        let long = "Inversiones y Servicios Generales del Sur Oriente Peruano ".repeat(5);
        doc.seller.name = long.clone();
        doc.buyer.name = format!("{long}{}", "W".repeat(120));
        doc.lines[0].description = long.repeat(2);
        let short = doc.lines[1].clone();
        doc.lines.extend(std::iter::repeat_n(short, 40));
        let file = pdf(&doc);
        let content = content_of(&file);
        let mut drawn = 0;
        for op in content.split(|&b| b == b'\n').filter(|op| op.starts_with(b"BT /F")) {
            let head = String::from_utf8_lossy(&op[..find(op, b"(").unwrap()]).into_owned();
            let fields: Vec<&str> = head.split_whitespace().collect();
            let style = Style { bold: fields[1] == "/F2", size: fields[2].parse().unwrap() };
            let (x, y): (f64, f64) = (fields[4].parse().unwrap(), fields[5].parse().unwrap());
            let text = strings(op).remove(0);
            assert!(
                x >= 0.0 && x + style.width(&text) <= WIDTH && (0.0..=HEIGHT).contains(&y),
                "{}",
                String::from_utf8_lossy(op)
            );
            drawn += 1;
        }
        assert!(drawn > 20);
        assert!(strings(content).iter().any(|text| text.starts_with(b"\x85 y ")), "rows that do not fit are counted");
    }

    #[test]
    fn long_text_wraps_to_the_width_and_is_cut_at_the_line_limit() {
        let text = win_ansi(&format!("{}{}", "Servicios Generales del Sur ".repeat(6), "W".repeat(60)));
        let lines = wrap(&text, BODY, 200.0, 20);
        assert!(lines.len() > 4 && lines.iter().all(|line| BODY.width(line) <= 200.0));
        let letters = |bytes: &[u8]| bytes.iter().filter(|&&b| b != b' ').count();
        assert_eq!(lines.iter().map(|line| letters(line)).sum::<usize>(), letters(&text), "nothing lost");
        let cut = wrap(&text, BODY, 200.0, 2);
        assert_eq!(cut.len(), 2);
        assert!(cut[1].ends_with(&[ELLIPSIS]) && BODY.width(&cut[1]) <= 200.0);
        assert!(wrap(b"", BODY, 200.0, 2).is_empty());
    }
}
