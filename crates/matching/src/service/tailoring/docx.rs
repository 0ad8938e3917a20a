//! The tailored CV as a Word document (DOCX): the three parts Word needs (content types, the
//! package relationship, the document), Word's built-in paragraph look set inline so no styles
//! part is needed, and every text XML-escaped.

use std::io::{Cursor, Write};

use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

use super::document::{Block, Document};

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const PACKAGE_RELATIONSHIPS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// A4 with 2 cm margins, in twentieths of a point.
const SECTION: &str = r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>"#;

/// Text safe inside an XML element: markup characters escaped, and the characters XML 1.0 does
/// not allow (control characters a CV's text should not have anyway) left out.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push(' '),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

/// How a paragraph looks: space before and after (twentieths of a point), size (half points),
/// bold, a hanging indent (twentieths of a point), a rule under it.
#[derive(Clone, Copy)]
struct Look {
    before: u16,
    after: u16,
    size: u16,
    bold: bool,
    indent: Option<u16>,
    rule: bool,
}

const BODY: Look = Look { before: 0, after: 80, size: 20, bold: false, indent: None, rule: false };

fn look(block: &Block) -> Look {
    match block {
        Block::Name(_) => Look { after: 60, size: 36, bold: true, ..BODY },
        Block::Contact(_) => Look { after: 120, size: 18, ..BODY },
        Block::Heading(_) => Look { before: 240, size: 24, bold: true, rule: true, ..BODY },
        Block::Entry(_) => Look { before: 120, after: 0, size: 21, bold: true, ..BODY },
        Block::Period(_) => Look { after: 60, size: 18, ..BODY },
        Block::Bullet(_) => Look { after: 20, indent: Some(240), ..BODY },
        Block::Paragraph(_) => BODY,
    }
}

fn paragraph(block: &Block) -> String {
    let look = look(block);
    let text = match block {
        Block::Bullet(line) => format!("•\u{a0}{line}"),
        other => other.text().to_owned(),
    };
    let indent = look.indent.map_or(String::new(), |left| format!(r#"<w:ind w:left="{left}" w:hanging="{left}"/>"#));
    let rule = if look.rule {
        r#"<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="999999"/></w:pBdr>"#
    } else {
        ""
    };
    let bold = if look.bold { "<w:b/>" } else { "" };
    format!(
        r#"<w:p><w:pPr>{rule}<w:spacing w:before="{}" w:after="{}"/>{indent}</w:pPr><w:r><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri"/>{bold}<w:sz w:val="{}"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        look.before,
        look.after,
        look.size,
        escaped(&text)
    )
}

fn document_xml(document: &Document) -> String {
    let body: String = document.blocks.iter().map(paragraph).collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}{SECTION}</w:body></w:document>"#
    )
}

pub(super) fn render(document: &Document) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, content) in [
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", PACKAGE_RELATIONSHIPS.to_owned()),
        ("word/document.xml", document_xml(document)),
    ] {
        zip.start_file(name, options)?;
        zip.write_all(content.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use cv::domain::text::{Limits, extract};

    use super::*;

    #[test]
    fn word_text_is_escaped_and_reads_back_with_the_cv_extractor() {
        let document = Document {
            blocks: vec![
                Block::Name("José Peña".into()),
                Block::Heading("Experiencia".into()),
                Block::Entry("Analista <Senior> — Ripley & Cía".into()),
                Block::Bullet("Conciliaciones \"bancarias\"".into()),
            ],
        };
        let bytes = render(&document).unwrap();
        let text = extract(&bytes, &Limits::default()).unwrap().plain_text();
        for expected in ["José Peña", "Experiencia", "Analista <Senior> — Ripley & Cía", "Conciliaciones \"bancarias\""]
        {
            assert!(text.contains(expected), "{expected:?} in {text:?}");
        }
    }
}
