//! DOCX: paragraphs, tables, text boxes, and every refusal.

use super::*;

/// Spanish Word names its heading style `Ttulo1`; its name is still `heading 1`.
const STYLES: &str = "<?xml version=\"1.0\"?><w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
    <w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"22\"/></w:rPr></w:rPrDefault></w:docDefaults>\
    <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>\
    <w:style w:type=\"paragraph\" w:styleId=\"Ttulo1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/>\
      <w:rPr><w:b/><w:sz w:val=\"32\"/></w:rPr></w:style>\
    <w:style w:type=\"paragraph\" w:styleId=\"SeccionCV\"><w:name w:val=\"Seccion CV\"/><w:basedOn w:val=\"Ttulo1\"/></w:style>\
    </w:styles>";

#[test]
fn docx_paragraphs_headings_and_runs() {
    let body = [
        para("Luis Alberto Huamán Torres", "<w:pStyle w:val=\"SeccionCV\"/>"),
        format!("<w:p>{}{}</w:p>", run("Correo: ", ""), run("luis.huaman@gmail.com", "")),
        para("Perfil profesional", "<w:pStyle w:val=\"Ttulo1\"/>"),
        para("Ingeniero de sistemas con 6 años de experiencia en desarrollo backend.", ""),
        // Bold runs and a right tab before the dates; a field whose instruction is not text.
        format!(
            "<w:p>{}<w:r><w:tab/></w:r>{}<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>\
             <w:r><w:instrText> HYPERLINK \"mailto:rrhh@empresa.pe\" </w:instrText></w:r>\
             <w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>",
            run("Desarrollador Backend – Interbank", "<w:b/>"),
            run("mar. 2019 – actualidad", "<w:b/>")
        ),
        para(
            "Microservicios en Java &amp; Spring Boot",
            "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>",
        ),
        format!("<w:p>{}</w:p>", run("experiencia laboral", "<w:b/><w:caps/>")),
        format!("<w:p>{}<w:r><w:br/></w:r>{}</w:p>", run("Línea uno", ""), run("línea dos", "")),
        "<w:p><w:r><w:delText>texto borrado</w:delText></w:r></w:p>".to_owned(),
    ]
    .concat();
    let bytes = docx(&[("word/document.xml", &document(&body)), ("word/styles.xml", STYLES)]);
    let x = ok(&bytes);
    assert_eq!(x.format, Format::Docx);
    assert_eq!(x.pages, None);
    let texts: Vec<&str> = x.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Luis Alberto Huamán Torres",
            "Correo: luis.huaman@gmail.com",
            "Perfil profesional",
            "Ingeniero de sistemas con 6 años de experiencia en desarrollo backend.",
            "Desarrollador Backend – Interbank\tmar. 2019 – actualidad",
            "Microservicios en Java & Spring Boot",
            "experiencia laboral",
            "Línea uno\nlínea dos",
        ]
    );
    let b = |i: usize| &x.blocks[i];
    assert!(b(0).is_heading_like && b(0).bold && b(0).size_ratio > 1.4, "style based on heading 1: {:?}", b(0));
    assert!(!b(1).is_heading_like);
    assert!(b(2).is_heading_like);
    assert!(!b(3).is_heading_like && !b(3).bold);
    assert!(b(4).bold && !b(4).is_heading_like, "an entry line is long, not a heading: {:?}", b(4));
    assert!(b(5).list_item);
    assert!(b(6).is_heading_like && b(6).all_caps, "w:caps prints capitals: {:?}", b(6));
    assert!(x.blocks.iter().all(|b| b.page.is_none() && b.column.is_none() && b.origin == Origin::Body));
}

#[test]
fn docx_tables_cell_by_cell() {
    let cell = |text: &str| format!("<w:tc>{}</w:tc>", para(text, ""));
    let body = [
        para("Experiencia", "<w:pStyle w:val=\"Ttulo1\"/>"),
        format!(
            "<w:tbl><w:tr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr></w:tbl>",
            cell("Periodo"),
            cell("Empresa"),
            cell("Cargo"),
            cell("2019 – 2021"),
            cell("Alicorp S.A.A."),
            cell("Analista de Ventas")
        ),
        // The whole CV as a borderless 1×2 table: sidebar cell, then main cell.
        format!(
            "<w:tbl><w:tr><w:tc>{}{}</w:tc><w:tc>{}{}</w:tc></w:tr></w:tbl>",
            para("Contacto", ""),
            para("ana@correo.pe", ""),
            para("Perfil", ""),
            para("Vendedora B2B con cartera corporativa.", "")
        ),
        para("Fin", ""),
    ]
    .concat();
    let x = ok(&docx(&[("word/document.xml", &document(&body)), ("word/styles.xml", STYLES)]));
    type Cell<'a> = (&'a str, bool, Option<(u32, u32, u32)>);
    let cells: Vec<Cell<'_>> =
        x.blocks.iter().map(|b| (b.text.as_str(), b.in_table, b.cell.map(|c| (c.table, c.row, c.col)))).collect();
    assert_eq!(
        cells,
        [
            ("Experiencia", false, None),
            ("Periodo", true, Some((0, 0, 0))),
            ("Empresa", true, Some((0, 0, 1))),
            ("Cargo", true, Some((0, 0, 2))),
            ("2019 – 2021", true, Some((0, 1, 0))),
            ("Alicorp S.A.A.", true, Some((0, 1, 1))),
            ("Analista de Ventas", true, Some((0, 1, 2))),
            ("Contacto", true, Some((1, 0, 0))),
            ("ana@correo.pe", true, Some((1, 0, 0))),
            ("Perfil", true, Some((1, 0, 1))),
            ("Vendedora B2B con cartera corporativa.", true, Some((1, 0, 1))),
            ("Fin", false, None),
        ]
    );
}

/// Word writes a text box twice: DrawingML in `mc:Choice` and VML in `mc:Fallback`. Read once,
/// before the paragraph that anchors it; page headers come first.
#[test]
fn docx_text_boxes_and_headers() {
    let box_content = format!(
        "<w:txbxContent>{}{}</w:txbxContent>",
        para("Rosa Elena Mamani Condori", ""),
        para("rosa.mamani@outlook.com · 951 234 567", "")
    );
    let anchor = format!(
        "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:wsp><wps:txbx>{box_content}</wps:txbx></wps:wsp></w:drawing></mc:Choice>\
         <mc:Fallback><w:pict><v:shape><v:textbox>{box_content}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>\
         <w:r><w:t>Enfermera técnica</w:t></w:r></w:p>"
    );
    let body =
        [anchor, para("Experiencia", "<w:pStyle w:val=\"Ttulo1\"/>"), para("Hospital Regional de Puno", "")].concat();
    let header = format!("<w:hdr xmlns:w=\"{W}\">{}</w:hdr>", para("CV – Rosa Mamani – Puno", ""));
    let x = ok(&docx(&[
        ("word/document.xml", &document(&body)),
        ("word/styles.xml", STYLES),
        ("word/header1.xml", &header),
        ("word/header2.xml", &header),
    ]));
    let blocks: Vec<(&str, Origin)> = x.blocks.iter().map(|b| (b.text.as_str(), b.origin)).collect();
    assert_eq!(
        blocks,
        [
            ("CV – Rosa Mamani – Puno", Origin::Header),
            ("Rosa Elena Mamani Condori", Origin::TextBox),
            ("rosa.mamani@outlook.com · 951 234 567", Origin::TextBox),
            ("Enfermera técnica", Origin::Body),
            ("Experiencia", Origin::Body),
            ("Hospital Regional de Puno", Origin::Body),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// DOCX refusals: zip bombs and broken archives

/// A ZIP with one deflated entry, written by hand so its headers can lie. The data is one deflate
/// block of 1 MiB of `a` repeated `blocks` times (each ends byte-aligned after a full flush), then
/// an empty final block: a valid stream that inflates to `blocks` MiB.
fn bomb(blocks: usize, declared: u32) -> Vec<u8> {
    let mut c = flate2::Compress::new(flate2::Compression::best(), false);
    let chunk = vec![b'a'; 1 << 20];
    let mut block = Vec::with_capacity(4096);
    c.compress_vec(&chunk, &mut block, flate2::FlushCompress::Full).unwrap();
    let mut data = Vec::new();
    for _ in 0..blocks {
        data.extend_from_slice(&block);
    }
    data.extend_from_slice(&[0x03, 0x00]);
    let mut entries: Vec<(&str, Vec<u8>, u16, u32)> =
        vec![("[Content_Types].xml", b"<Types/>".to_vec(), 0, 8), ("word/document.xml", data, 8, declared)];
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data, method, size) in entries.drain(..) {
        let offset = out.len() as u32;
        let header = |sig: &[u8], central: bool| {
            let mut h = sig.to_vec();
            if central {
                h.extend_from_slice(&20u16.to_le_bytes());
            }
            h.extend_from_slice(&20u16.to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            h.extend_from_slice(&method.to_le_bytes());
            h.extend_from_slice(&[0, 0, 0x21, 0]);
            h.extend_from_slice(&0u32.to_le_bytes()); // crc (never reached)
            h.extend_from_slice(&(data.len() as u32).to_le_bytes());
            h.extend_from_slice(&size.to_le_bytes());
            h.extend_from_slice(&(name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            if central {
                h.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
                h.extend_from_slice(&0u32.to_le_bytes()); // external attributes
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(name.as_bytes());
            h
        };
        out.extend(header(b"PK\x03\x04", false));
        out.extend_from_slice(&data);
        central.extend(header(b"PK\x01\x02", true));
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

#[test]
fn zip_bombs_fail_fast() {
    // 600 MiB stated honestly in the headers: refused on the declared size and ratio.
    let honest = bomb(600, 600 << 20);
    assert_eq!(detect_format(&honest), Some(Format::Docx));
    within(Duration::from_secs(2), || {
        let e = err(&honest);
        assert_eq!(e, ExtractionError::TooLarge(Limit::Archive));
        assert_eq!(e.code(), "zip_bomb");
    });
    // The same bomb claiming 30,000 bytes: the compressed size betrays it.
    within(Duration::from_secs(2), || assert_eq!(err(&bomb(600, 30_000)), ExtractionError::TooLarge(Limit::Archive)));
    // A plausible claim (900 KB, under the size where any ratio is allowed): the bytes actually
    // inflated are counted and reading stops at the cap (100 × compressed size).
    let liar = bomb(600, 900_000);
    within(Duration::from_secs(5), || {
        let e = err(&liar);
        assert!(
            matches!(e, ExtractionError::TooLarge(Limit::Archive) | ExtractionError::Corrupt(_)),
            "stops while inflating: {e:?}"
        );
    });
    // Within the ratio but past the total budget.
    let limits = Limits { max_inflated_bytes: 2 << 20, ..Limits::default() };
    let e = extract(&bomb(3, 3 << 20), &limits).unwrap_err();
    assert_eq!(e, ExtractionError::TooLarge(Limit::Archive));
}

#[test]
fn archives_with_too_many_entries_or_no_document() {
    let names: Vec<String> = (0..3000).map(|i| format!("word/media/image{i}.png")).collect();
    let mut parts: Vec<(&str, &[u8])> =
        vec![("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")];
    parts.extend(names.iter().map(|n| (n.as_str(), &b""[..])));
    assert_eq!(err(&zip_of(&parts)), ExtractionError::TooLarge(Limit::Archive));

    // Content types but no document: not a Word document.
    let no_document = zip_of(&[("[Content_Types].xml", b"<Types/>"), ("_rels/.rels", b"<Relationships/>")]);
    assert_eq!(detect_format(&no_document), None);
    assert_eq!(err(&no_document), ExtractionError::Unsupported);

    // A DOCX cut short: its local headers name both parts, its directory is gone.
    let whole = docx(&[("word/document.xml", &document(&para("Hola mundo", "")))]);
    let cut = &whole[..whole.len() - 60];
    assert_eq!(detect_format(cut), Some(Format::Docx));
    assert!(matches!(err(cut), ExtractionError::Corrupt(_)), "{:?}", err(cut));

    // Malformed XML in the document part.
    let broken = docx(&[("word/document.xml", "<w:document><w:body><w:p><w:r><w:t>Hola</w:r></w:body>")]);
    assert!(matches!(err(&broken), ExtractionError::Corrupt(_)));

    // A document without any text.
    let empty = docx(&[("word/document.xml", &document("<w:p/>"))]);
    assert_eq!(err(&empty), ExtractionError::NoText);
}

#[test]
fn error_codes_are_stable() {
    let codes = [
        (ExtractionError::Unsupported, "unsupported_format"),
        (ExtractionError::NoText, "no_extractable_text"),
        (ExtractionError::Encrypted, "encrypted"),
        (ExtractionError::Corrupt("x".into()), "corrupt"),
        (ExtractionError::TooLarge(Limit::FileSize), "file_too_large"),
        (ExtractionError::TooLarge(Limit::Archive), "zip_bomb"),
        (ExtractionError::TooLarge(Limit::Content), "content_too_large"),
        (ExtractionError::TooLarge(Limit::Text), "text_too_long"),
        (ExtractionError::TooManyPages { pages: 40, max: 30 }, "too_many_pages"),
    ];
    for (e, code) in codes {
        assert_eq!(e.code(), code);
        assert!(!e.to_string().is_empty());
    }
}
