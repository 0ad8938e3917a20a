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

fn within(limit: Duration, f: impl FnOnce()) {
    let start = Instant::now();
    f();
    assert!(start.elapsed() < limit, "took {:?}", start.elapsed());
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

// ---------------------------------------------------------------------------------------------
// DOCX

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
