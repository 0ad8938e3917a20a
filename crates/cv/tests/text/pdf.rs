//! PDF: reading order in one and two columns, fonts and positioning, and every refusal.

use super::*;

// ---------------------------------------------------------------------------------------------
// PDF reading order

#[test]
fn one_column_pdf_reads_top_to_bottom_with_heading_hints() {
    let page = content(&[
        ("F2", 20.0, 56.0, 780.0, "María del Carmen Quispe Huamán"),
        ("F1", 10.0, 56.0, 762.0, "Contadora · maria.quispe@gmail.com · +51 987 654 321"),
        ("F2", 12.0, 56.0, 730.0, "EXPERIENCIA LABORAL"),
        // Company and right-aligned dates on one baseline.
        ("F2", 10.0, 56.0, 712.0, "Minera Andina S.A.C."),
        ("F1", 10.0, 450.0, 712.0, "mar. 2019 – actualidad"),
        ("F1", 10.0, 56.0, 698.0, "Contadora General"),
        ("F1", 10.0, 64.0, 684.0, "• Elaboré los estados financieros bajo NIIF y las declaraciones a SUNAT."),
        ("F1", 10.0, 64.0, 670.0, "• Implementé el cierre contable mensual en SAP FI."),
        ("F2", 12.0, 56.0, 640.0, "FORMACIÓN ACADÉMICA"),
        ("F1", 10.0, 56.0, 622.0, "Bachiller en Contabilidad – Universidad Nacional de San Agustín"),
    ]);
    let x = ok(&standard_pdf(&[page]));
    assert_eq!(x.format, Format::Pdf);
    assert_eq!(x.pages, Some(1));
    let lines = lines(&x);
    let order = [
        "María del Carmen",
        "maria.quispe@gmail.com",
        "EXPERIENCIA LABORAL",
        "Minera Andina",
        "Contadora General",
        "NIIF",
        "SAP FI",
        "FORMACIÓN ACADÉMICA",
        "Bachiller",
    ];
    let positions: Vec<usize> = order.iter().map(|n| at(&lines, n)).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?} {lines:#?}");
    // The company and its dates stay one printed line, a tab apart.
    assert!(lines.contains(&"Minera Andina S.A.C.\tmar. 2019 – actualidad".to_owned()), "{lines:#?}");

    let block = |needle: &str| x.blocks.iter().find(|b| b.text.contains(needle)).unwrap();
    let heading = block("EXPERIENCIA LABORAL");
    assert!(heading.is_heading_like && heading.bold && heading.all_caps && heading.size_ratio > 1.1);
    assert_eq!(heading.text, "EXPERIENCIA LABORAL");
    assert!(block("María del Carmen").is_heading_like);
    assert!(block("María del Carmen").size_ratio > 1.8);
    let bullet = block("NIIF");
    assert!(!bullet.is_heading_like && bullet.list_item && !bullet.bold);
    assert!(x.blocks.iter().all(|b| b.column.is_none() && b.page == Some(1) && !b.in_table));
}

/// Sidebar (left, contact and skills) and main column (experience) over two pages, written ROW BY
/// ROW across both columns in the content stream, with different line spacing in each column.
#[test]
fn two_column_pdf_reads_each_column_whole() {
    let sidebar_1 = [
        "María Quispe",
        "Contacto",
        "maria.quispe@gmail.com",
        "+51 987 654 321",
        "Arequipa, Perú",
        "Habilidades",
        "Excel avanzado",
        "SAP FI",
        "Power BI",
        "Concar",
        "PDT PLAME",
    ];
    let main_1 = [
        "Experiencia laboral",
        "Contadora General – Minera Andina S.A.C.",
        "mar. 2019 – actualidad",
        "Elaboré los estados financieros bajo NIIF para el directorio.",
        "Presenté las declaraciones mensuales a SUNAT sin observaciones.",
        "Analista Contable – Grupo Textil Alpaca S.A.",
        "ene. 2016 – feb. 2019",
        "Concilié cuentas bancarias y de proveedores cada semana.",
        "Preparé el cierre contable mensual en Concar.",
        "Asistente Contable – Estudio Contable Díaz",
        "mar. 2014 – dic. 2015",
        "Registré compras y ventas en el PLE.",
    ];
    let sidebar_2 = ["Idiomas", "Inglés B2", "Quechua nativo", "Certificaciones", "NIIF para PYMES 2021"];
    let main_2 = [
        "Formación académica",
        "Bachiller en Contabilidad",
        "Universidad Nacional de San Agustín",
        "2009 – 2014",
        "Cursos",
        "Diplomado en Tributación – Colegio de Contadores",
    ];
    fn page(sidebar: &[&str], main: &[&str]) -> Vec<u8> {
        let mut runs: Vec<Run<'_>> = Vec::new();
        for i in 0..sidebar.len().max(main.len()) {
            if let Some(t) = sidebar.get(i) {
                let bold = matches!(*t, "Contacto" | "Habilidades" | "Idiomas" | "Certificaciones" | "María Quispe");
                runs.push((if bold { "F2" } else { "F1" }, 9.0, 40.0, 790.0 - 13.5 * i as f32, t));
            }
            if let Some(t) = main.get(i) {
                let bold = t.starts_with("Experiencia") || t.starts_with("Formación") || *t == "Cursos";
                runs.push((if bold { "F2" } else { "F1" }, 10.0, 230.0, 786.0 - 12.2 * i as f32, t));
            }
        }
        content(&runs)
    }
    let x = ok(&standard_pdf(&[page(&sidebar_1, &main_1), page(&sidebar_2, &main_2)]));
    assert_eq!(x.pages, Some(2));
    let lines = lines(&x);
    assert_not_interleaved(&lines, &sidebar_1, &main_1);
    assert_not_interleaved(&lines, &sidebar_2, &main_2);
    // Page by page, left column first.
    assert!(at(&lines, "PDT PLAME") < at(&lines, "Experiencia laboral"));
    assert!(at(&lines, "Registré compras") < at(&lines, "Idiomas"));
    assert!(at(&lines, "NIIF para PYMES") < at(&lines, "Formación académica"));
    let column_of = |needle: &str| x.blocks.iter().find(|b| b.text.contains(needle)).unwrap().column;
    assert_eq!(column_of("maria.quispe@gmail.com"), Some(0));
    assert_eq!(column_of("Minera Andina"), Some(1));
    assert_eq!(x.blocks.iter().find(|b| b.text.contains("Quechua")).unwrap().page, Some(2));
}

/// Dates in a left gutter beside each entry, and headings in the left margin beside their content:
/// labels, read with what they label, not as a column of their own.
#[test]
fn labels_in_a_left_gutter_stay_with_what_they_label() {
    let page = content(&[
        ("F2", 11.0, 48.0, 760.0, "EXPERIENCIA"),
        ("F1", 10.0, 48.0, 740.0, "03/2019 –"),
        ("F1", 10.0, 48.0, 728.0, "08/2021"),
        ("F2", 10.0, 160.0, 740.0, "Supervisor de Obra – Constructora Inca S.A.C."),
        ("F1", 10.0, 160.0, 728.0, "Supervisé metrados y valorizaciones de obras viales."),
        ("F1", 10.0, 160.0, 716.0, "Controlé el avance con MS Project y S10."),
        ("F1", 10.0, 160.0, 704.0, "Coordiné cuadrillas de 40 obreros."),
        ("F1", 10.0, 48.0, 680.0, "01/2016 –"),
        ("F1", 10.0, 48.0, 668.0, "02/2019"),
        ("F2", 10.0, 160.0, 680.0, "Asistente de Residente – Consorcio Vial Sur"),
        ("F1", 10.0, 160.0, 668.0, "Elaboré expedientes técnicos en AutoCAD."),
        ("F1", 10.0, 160.0, 656.0, "Revisé planos y especificaciones técnicas."),
        ("F1", 10.0, 160.0, 644.0, "Llevé el cuaderno de obra."),
        // Headings in the margin, set between the baselines of the text beside them.
        ("F2", 11.0, 48.0, 607.0, "EDUCACIÓN"),
        ("F1", 10.0, 160.0, 614.0, "Ingeniería Civil – Universidad Nacional de Ingeniería"),
        ("F1", 10.0, 160.0, 602.0, "2010 – 2015"),
        ("F1", 10.0, 160.0, 590.0, "Tercio superior"),
        ("F2", 11.0, 48.0, 553.0, "IDIOMAS"),
        ("F1", 10.0, 160.0, 560.0, "Inglés intermedio – ICPNA"),
        ("F1", 10.0, 160.0, 548.0, "Quechua básico"),
        ("F1", 10.0, 160.0, 536.0, "Portugués básico"),
    ]);
    let lines = lines(&ok(&standard_pdf(&[page])));
    let order = [
        "03/2019",
        "08/2021",
        "Supervisor de Obra",
        "Coordiné cuadrillas",
        "01/2016",
        "02/2019",
        "Asistente de Residente",
        "cuaderno de obra",
        "EDUCACIÓN",
        "Ingeniería Civil",
        "Tercio superior",
        "IDIOMAS",
        "Inglés intermedio",
        "Portugués básico",
    ];
    let positions: Vec<usize> = order.iter().map(|n| at(&lines, n)).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?} {lines:#?}");
}

/// A file written by reportlab (the project's fixture generator) with both columns written row by
/// row in the content stream: stream order interleaves them, geometry does not.
#[test]
fn two_column_pdf_from_reportlab_row_major_stream() {
    let x = ok(&fixture("two_column_row_major_reportlab.pdf"));
    let lines = lines(&x);
    let sidebar = [
        "Contact details",
        "agustina.lopez.02@gmail.com",
        "linkedin.com/in/agustina-lopez-775",
        "Key skills",
        "Machine learning (expert), Spark",
        "Language skills",
        "English (Advanced)",
        "IBM Data Science Professional Certificate",
    ];
    let main = [
        "Agustina López",
        "Professional summary",
        "Recent Statistical Engineering graduate with internship experience.",
        "ANALYTICA PERÚ S.R.L.",
        "01/2025 – present",
        "Cleaned and consolidated a 88k-customer database using pandas.",
        "Academic background",
        "Universidad Tecnológica Nacional (UTN)",
    ];
    assert_not_interleaved(&lines, &sidebar, &main);
    let heading = x.blocks.iter().find(|b| b.text == "Relevant experience").unwrap();
    assert!(heading.is_heading_like && heading.bold);
}

/// A Word-like file (LibreOffice from a DOCX whose layout is a 1×2 table): TrueType subsets with
/// ToUnicode maps, one glyph per `TJ` element.
#[test]
fn two_column_pdf_from_libreoffice() {
    let x = ok(&fixture("two_column_table_libreoffice.pdf"));
    let lines = lines(&x);
    let sidebar = [
        "Información de",
        "+51 932 526 740",
        "Competencias",
        "Sistema Opera",
        "Idiomas y niveles",
        "Inglés: avanzado (C1)",
    ];
    let main = [
        "Sobre mí",
        "Historial laboral",
        "Hotel Plaza de Armas Cusco S.A.",
        "Coordiné la organización de eventos",
        "Educación",
    ];
    assert_not_interleaved(&lines, &sidebar, &main);
    // Letters drawn one by one come back as words (no lost doubled letters, no stray spaces).
    let text = x.plain_text();
    assert!(text.contains("Atención al detalle"), "{text}");
    assert!(text.contains("Universidad Nacional Agraria La Molina"), "{text}");
}

/// Type 0 font, Identity-H two-byte codes, ToUnicode with `bfchar` and `bfrange`, `/W` widths,
/// `TJ` with a word gap made by positioning only, and letter spacing (`Tc`).
#[test]
fn cid_fonts_and_positioning_spaces() {
    let mut pdf = Pdf::default();
    let catalog = pdf.reserve();
    let tree = pdf.reserve();
    // Glyph ids: 1..=26 = 'a'..='z' (a bfrange), 40 = 'é', 41 = 'Á', 42 = 'E' … 46 = 'í' (bfchar).
    let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
        1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
        1 beginbfrange <0001> <001A> <0061> endbfrange\n\
        7 beginbfchar <0028> <00E9> <0029> <00C1> <002A> <0045> <002B> <0058> <002C> <0050> <002D> <0052> <002E> <00ED>\n\
        endbfchar endcmap CMapName currentdict /CMap defineresource pop end end";
    let to_unicode = pdf.stream("", cmap);
    let descendant = pdf.add(
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Calibri-Bold \
         /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
         /DW 500 /W [1 [480 500 420 520 500 310 470 520 230 240 460 230 790 520 530 520 520 350 400 330 520 450 710 430 450 390] 40 46 560] >>",
    );
    let font = pdf.add(format!(
        "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Calibri-Bold /Encoding /Identity-H \
         /DescendantFonts [{descendant} 0 R] /ToUnicode {to_unicode} 0 R >>"
    ));
    let hex = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                'a'..='z' => format!("{:04X}", c as u32 - 'a' as u32 + 1),
                'é' => "0028".into(),
                'Á' => "0029".into(),
                'E' => "002A".into(),
                'X' => "002B".into(),
                'P' => "002C".into(),
                'R' => "002D".into(),
                'í' => "002E".into(),
                _ => panic!("no glyph for {c}"),
            })
            .collect()
    };
    let page_content = format!(
        "BT /F1 12 Tf 1 0 0 1 72 700 Tm [<{}> -300 <{}>] TJ ET\n\
         BT /F1 12 Tf 3 Tc 1 0 0 1 72 680 Tm <{}> Tj ET\n",
        hex("ingeniería"),
        hex("civil"),
        hex("EXPERP"),
    );
    let contents = pdf.stream("", page_content.as_bytes());
    let page = pdf.add(format!(
        "<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 595 842] /Contents {contents} 0 R /Resources << /Font << /F1 {font} 0 R >> >> >>"
    ));
    pdf.set(tree, format!("<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>"));
    pdf.set(catalog, format!("<< /Type /Catalog /Pages {tree} 0 R >>"));
    let x = ok(&pdf.finish(catalog, ""));
    let lines = lines(&x);
    assert_eq!(lines, vec!["ingeniería civil".to_owned(), "EXPERP".to_owned()]);
    assert!(x.blocks.iter().all(|b| b.bold), "Calibri-Bold is bold");
}

/// An inline image with a filter (a logo) and a form XObject holding text (templates draw
/// headers that way): neither hides or loses text.
#[test]
fn inline_images_and_forms() {
    let mut pdf = Pdf::default();
    let catalog = pdf.reserve();
    let tree = pdf.reserve();
    let font = pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
    let form_content = content(&[("F1", 10.0, 0.0, 0.0, "Lima, Perú · +51 987 654 321")]);
    let form = pdf.stream(
        &format!(
            "/Type /XObject /Subtype /Form /BBox [0 0 300 20] /Matrix [1 0 0 1 56 770] /Resources << /Font << /F1 {font} 0 R >> >>"
        ),
        &form_content,
    );
    let mut page_content = b"q 20 0 0 20 500 780 cm BI /W 2 /H 2 /BPC 8 /CS /G /F /AHx ID 00ff00ff> EI Q\n".to_vec();
    page_content.extend(content(&[("F1", 16.0, 56.0, 790.0, "Carlos Ríos Saavedra")]));
    page_content.extend_from_slice(b"/Fm1 Do\n");
    page_content.extend(content(&[("F1", 10.0, 56.0, 740.0, "Perfil: técnico en logística.")]));
    let contents = pdf.stream("", &page_content);
    let page = pdf.add(format!(
        "<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 595 842] /Contents {contents} 0 R \
         /Resources << /Font << /F1 {font} 0 R >> /XObject << /Fm1 {form} 0 R >> >> >>"
    ));
    pdf.set(tree, format!("<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>"));
    pdf.set(catalog, format!("<< /Type /Catalog /Pages {tree} 0 R >>"));
    let lines = lines(&ok(&pdf.finish(catalog, "")));
    assert_eq!(lines, ["Carlos Ríos Saavedra", "Lima, Perú · +51 987 654 321", "Perfil: técnico en logística."]);
}

// ---------------------------------------------------------------------------------------------
// PDF refusals

#[test]
fn scanned_pdf_without_text_layer_is_no_text() {
    let mut pdf = Pdf::default();
    let catalog = pdf.reserve();
    let tree = pdf.reserve();
    let image = pdf.stream(
        "/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8",
        &[0, 255, 255, 0],
    );
    let contents = pdf.stream("", b"q 595 0 0 842 0 0 cm /Im1 Do Q");
    let page = pdf.add(format!(
        "<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 595 842] /Contents {contents} 0 R /Resources << /XObject << /Im1 {image} 0 R >> >> >>"
    ));
    pdf.set(tree, format!("<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>"));
    pdf.set(catalog, format!("<< /Type /Catalog /Pages {tree} 0 R >>"));
    let e = err(&pdf.finish(catalog, ""));
    assert_eq!(e, ExtractionError::NoText);
    assert_eq!(e.code(), "no_extractable_text");
}

#[test]
fn encrypted_pdfs() {
    // RC4-128 with a user password (reportlab): nothing can be read without it.
    let e = err(&fixture("encrypted_user_password.pdf"));
    assert_eq!(e, ExtractionError::Encrypted);
    assert_eq!(e.code(), "encrypted");
    // An empty user password with owner restrictions opens in every viewer: read it.
    let x = ok(&fixture("encrypted_owner_password_only.pdf"));
    assert!(x.plain_text().contains("raquel_melendez@hotmail.com"), "{}", x.plain_text());
}

#[test]
fn truncated_and_corrupt_pdfs() {
    let whole = fixture("two_column_row_major_reportlab.pdf");
    for cut in [whole.len() * 45 / 100, whole.len() - 40] {
        let e = err(&whole[..cut]);
        assert!(matches!(e, ExtractionError::Corrupt(_)), "cut at {cut}: {e:?}");
        assert_eq!(e.code(), "corrupt");
    }
    let e = err(b"%PDF-1.7\nthis is not a pdf at all\n%%EOF\n");
    assert!(matches!(e, ExtractionError::Corrupt(_)), "{e:?}");
}

#[test]
fn deeply_nested_pdf_fails_fast() {
    let mut pdf = Pdf::default();
    let catalog = pdf.reserve();
    let tree = pdf.reserve();
    let contents = pdf.stream("", &content(&[("F1", 12.0, 72.0, 720.0, "Curriculum Vitae")]));
    let depth = 60_000;
    let nested = format!("<< /Deep {}{} >>", "[".repeat(depth), "]".repeat(depth));
    let resources = pdf.add(nested);
    let page = pdf.add(format!(
        "<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 595 842] /Contents {contents} 0 R /Resources {resources} 0 R >>"
    ));
    pdf.set(tree, format!("<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>"));
    pdf.set(catalog, format!("<< /Type /Catalog /Pages {tree} 0 R >>"));
    let bytes = pdf.finish(catalog, "");
    within(Duration::from_secs(2), || {
        let e = err(&bytes);
        assert_eq!(e, ExtractionError::TooLarge(Limit::Content));
        assert_eq!(e.code(), "content_too_large");
    });
}

#[test]
fn pdf_with_ten_thousand_pages_fails_fast() {
    let mut pdf = Pdf::default();
    let catalog = pdf.reserve();
    let tree = pdf.reserve();
    let font = pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    let contents = pdf.stream("", &content(&[("F1", 12.0, 72.0, 720.0, "Página")]));
    let pages: Vec<usize> = (0..10_000)
        .map(|_| {
            pdf.add(format!(
                "<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 595 842] /Contents {contents} 0 R /Resources << /Font << /F1 {font} 0 R >> >> >>"
            ))
        })
        .collect();
    let kids: Vec<String> = pages.iter().map(|p| format!("{p} 0 R")).collect();
    pdf.set(tree, format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), pages.len()));
    pdf.set(catalog, format!("<< /Type /Catalog /Pages {tree} 0 R >>"));
    let bytes = pdf.finish(catalog, "");
    within(Duration::from_secs(3), || {
        let e = err(&bytes);
        assert_eq!(e, ExtractionError::TooManyPages { pages: 10_000, max: 30 });
        assert_eq!(e.code(), "too_many_pages");
    });
}

/// A page whose compressed content inflates past the budget (here 8 MiB of spaces, budget 1 MiB).
#[test]
fn enormous_pdf_stream_fails_fast() {
    let mut data = content(&[("F1", 12.0, 72.0, 720.0, "Curriculum Vitae")]);
    data.resize(8 * 1024 * 1024, b' ');
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(&data).unwrap();
    let compressed = z.finish().unwrap();
    let mut pdf = Pdf::default();
    let catalog = pdf.reserve();
    let tree = pdf.reserve();
    let font = pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    let contents = pdf.stream("/Filter /FlateDecode", &compressed);
    let page = pdf.add(format!(
        "<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 595 842] /Contents {contents} 0 R /Resources << /Font << /F1 {font} 0 R >> >> >>"
    ));
    pdf.set(tree, format!("<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>"));
    pdf.set(catalog, format!("<< /Type /Catalog /Pages {tree} 0 R >>"));
    let bytes = pdf.finish(catalog, "");
    let limits = Limits { max_inflated_bytes: 1024 * 1024, ..Limits::default() };
    within(Duration::from_secs(3), || {
        assert_eq!(extract(&bytes, &limits).unwrap_err(), ExtractionError::TooLarge(Limit::Content));
    });
    // With the default budget the same page is read.
    assert!(ok(&bytes).plain_text().contains("Curriculum Vitae"));
}

#[test]
fn size_and_text_limits() {
    let page = content(&[("F1", 10.0, 72.0, 720.0, "Analista de Datos con experiencia en Python y SQL")]);
    let bytes = standard_pdf(&[page]);
    let small = Limits { max_bytes: 100, ..Limits::default() };
    let e = extract(&bytes, &small).unwrap_err();
    assert_eq!((e.clone(), e.code()), (ExtractionError::TooLarge(Limit::FileSize), "file_too_large"));
    let short = Limits { max_chars: 10, ..Limits::default() };
    let e = extract(&bytes, &short).unwrap_err();
    assert_eq!((e.clone(), e.code()), (ExtractionError::TooLarge(Limit::Text), "text_too_long"));
}
