//! Text with layout from CV files (`cv::domain::text`): PDF reading order in one and two columns,
//! DOCX paragraphs, tables and text boxes, format detection by bytes, and every refusal.
//!
//! Hostile files are built here (small and deterministic); `tests/fixtures/text/` holds four small
//! files made by other producers (see its README).

use cv::domain::text;

use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

use text::{Extracted, ExtractionError, Format, Limit, Limits, Origin, detect_format, extract};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/text");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn ok(bytes: &[u8]) -> Extracted {
    extract(bytes, &Limits::default()).unwrap_or_else(|e| panic!("extraction failed: {e:?}"))
}

fn err(bytes: &[u8]) -> ExtractionError {
    match extract(bytes, &Limits::default()) {
        Ok(x) => panic!("expected a failure, got {} blocks: {:?}", x.blocks.len(), x.plain_text()),
        Err(e) => e,
    }
}

/// Each line of the text (block lines, trimmed), in order.
fn lines(x: &Extracted) -> Vec<String> {
    x.plain_text().lines().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect()
}

/// Position of the line that contains `needle` (panics when absent).
fn at(lines: &[String], needle: &str) -> usize {
    lines.iter().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle:?} not in {lines:#?}"))
}

/// The lines of `a` all come before the lines of `b`, or all after: the two never interleave.
fn assert_not_interleaved(lines: &[String], a: &[&str], b: &[&str]) {
    let pa: Vec<usize> = a.iter().map(|n| at(lines, n)).collect();
    let pb: Vec<usize> = b.iter().map(|n| at(lines, n)).collect();
    let (a_min, a_max) = (*pa.iter().min().unwrap(), *pa.iter().max().unwrap());
    let (b_min, b_max) = (*pb.iter().min().unwrap(), *pb.iter().max().unwrap());
    assert!(a_max < b_min || b_max < a_min, "columns interleave: {pa:?} vs {pb:?} in {lines:#?}");
}

/// Runs `f`, failing if it takes longer than `limit` (hostile inputs must fail fast).
fn within(limit: Duration, f: impl FnOnce()) {
    let start = Instant::now();
    f();
    assert!(start.elapsed() < limit, "took {:?}", start.elapsed());
}

// ---------------------------------------------------------------------------------------------
// A minimal PDF writer: numbered objects, a cross-reference table, a trailer.

#[derive(Default)]
struct Pdf {
    objects: Vec<Vec<u8>>,
}

impl Pdf {
    fn add(&mut self, body: impl AsRef<[u8]>) -> usize {
        self.objects.push(body.as_ref().to_vec());
        self.objects.len()
    }

    fn reserve(&mut self) -> usize {
        self.add(b"null")
    }

    fn set(&mut self, id: usize, body: impl AsRef<[u8]>) {
        self.objects[id - 1] = body.as_ref().to_vec();
    }

    fn stream(&mut self, dict: &str, data: &[u8]) -> usize {
        let mut body = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
        body.extend_from_slice(data);
        body.extend_from_slice(b"\nendstream");
        self.add(body)
    }

    fn finish(&self, root: usize, trailer_extra: &str) -> Vec<u8> {
        let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in self.objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", self.objects.len() + 1).as_bytes());
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root {root} 0 R {trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n",
                self.objects.len() + 1
            )
            .as_bytes(),
        );
        out
    }
}

/// A PDF string literal in WinAnsi (Latin-1 for the accented letters CVs use).
fn pdf_string(text: &str) -> String {
    let mut out = String::from("(");
    for c in text.chars() {
        match c {
            '(' | ')' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '–' => out.push_str("\\226"),
            '•' => out.push_str("\\225"),
            c if (c as u32) < 128 => out.push(c),
            c if (c as u32) < 256 => out.push_str(&format!("\\{:03o}", c as u32)),
            _ => out.push('?'),
        }
    }
    out.push(')');
    out
}

/// `(font, size, x, y, text)` drawn in the given order (the order is the content stream's).
type Run<'a> = (&'a str, f32, f32, f32, &'a str);

fn content(runs: &[Run<'_>]) -> Vec<u8> {
    let mut s = String::new();
    for (font, size, x, y, text) in runs {
        s.push_str(&format!("BT /{font} {size} Tf 1 0 0 1 {x} {y} Tm {} Tj ET\n", pdf_string(text)));
    }
    s.into_bytes()
}

/// A PDF of A4 pages drawn with Helvetica (F1) and Helvetica-Bold (F2), standard fonts without
/// widths in the file (the extractor uses their metrics).
fn standard_pdf(pages: &[Vec<u8>]) -> Vec<u8> {
    let mut pdf = Pdf::default();
    let catalog = pdf.reserve();
    let tree = pdf.reserve();
    let f1 = pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
    let f2 = pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>");
    let mut kids = Vec::new();
    for data in pages {
        let c = pdf.stream("", data);
        kids.push(pdf.add(format!(
            "<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 595 842] /Contents {c} 0 R \
             /Resources << /Font << /F1 {f1} 0 R /F2 {f2} 0 R >> >> >>"
        )));
    }
    let kids_list: Vec<String> = kids.iter().map(|k| format!("{k} 0 R")).collect();
    pdf.set(tree, format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids_list.join(" "), kids.len()));
    pdf.set(catalog, format!("<< /Type /Catalog /Pages {tree} 0 R >>"));
    pdf.finish(catalog, "")
}

// ---------------------------------------------------------------------------------------------
// A minimal DOCX writer: a document part, paragraphs and runs, the zip around them.

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn document(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"{W}\" xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" \
         xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" xmlns:v=\"urn:schemas-microsoft-com:vml\">\
         <w:body>{body}<w:sectPr/></w:body></w:document>"
    )
}

/// A paragraph with one run; `ppr` goes inside `w:pPr`.
fn para(text: &str, ppr: &str) -> String {
    format!("<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

fn run(text: &str, rpr: &str) -> String {
    format!("<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
}

fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
    let types = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
                 <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
    let mut all: Vec<(&str, &[u8])> = vec![("[Content_Types].xml", types.as_bytes())];
    all.extend(parts.iter().map(|(n, d)| (*n, d.as_bytes())));
    zip_of(&all)
}

// ---------------------------------------------------------------------------------------------
// Format detection

#[test]
fn formats_are_decided_by_bytes_never_by_name() {
    let pdf = standard_pdf(&[content(&[("F1", 10.0, 72.0, 700.0, "María Quispe")])]);
    assert_eq!(detect_format(&pdf), Some(Format::Pdf));
    // Readers accept junk before the header (within the first KiB).
    let mut shifted = b"\xef\xbb\xbfjunk\n".to_vec();
    shifted.extend_from_slice(&pdf);
    assert_eq!(detect_format(&shifted), Some(Format::Pdf));

    let docx = docx(&[("word/document.xml", &document(&para("Hola", "")))]);
    assert_eq!(detect_format(&docx), Some(Format::Docx));

    // A PNG renamed cv.pdf, plain text renamed cv.docx, a ZIP that is no Word document, nothing.
    assert_eq!(detect_format(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), None);
    assert_eq!(detect_format("Curriculum Vitae de María\n".as_bytes()), None);
    let other_zip = zip_of(&[("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>")]);
    assert_eq!(detect_format(&other_zip), None);
    assert_eq!(detect_format(b""), None);
    for bytes in [&b"\x89PNG\r\n\x1a\n"[..], b"hello", b"", &other_zip] {
        assert_eq!(err(bytes), ExtractionError::Unsupported);
    }
    // A password-protected Word file is an OLE container holding an `EncryptedPackage` stream.
    let mut protected = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    protected.resize(512, 0);
    protected.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(detect_format(&protected), None);
    assert_eq!(err(&protected), ExtractionError::Encrypted);
}

mod docx;
mod pdf;
