//! Studies and certifications: degree and institution told apart, years beside them, the level
//! of each degree.

use kernel::text::fold;
use serde::Serialize;

use super::super::dates::{Period, YearMonth, parse_period};

#[derive(Debug, Clone, Default, Serialize)]
pub struct Education {
    /// "Bachiller en Contabilidad", "B.Sc. in Nursing".
    pub degree: Option<String>,
    /// "Universidad de Lima", "SENATI".
    pub institution: Option<String>,
    /// "YYYY-MM" (January for a year alone).
    pub start: Option<String>,
    /// "YYYY-MM" (December for a year alone); `None` while studying or when not written.
    pub end: Option<String>,
    /// secondary, technical, bachelor, master, doctorate or diploma.
    pub level: Option<&'static str>,
    /// The entry's lines as written, joined with " | ".
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Certification {
    pub name: String,
    pub year: Option<i32>,
}

pub(super) fn education(section: &str) -> Vec<Education> {
    let mut entries: Vec<Education> = Vec::new();
    for line in section.lines().map(|l| strip_bullet(l.trim())).filter(|l| !l.is_empty()) {
        for piece in pieces(line) {
            add_piece(&mut entries, &piece, line);
        }
    }
    for entry in &mut entries {
        entry.level = entry
            .degree
            .as_deref()
            .and_then(degree_level)
            .or_else(|| entry.institution.as_deref().and_then(institution_level));
    }
    entries.retain(|e| e.degree.is_some() || e.institution.is_some());
    entries
}

/// A line cut where it separates a degree, an institution and years ("Universidad de Piura –
/// 2014 – 2019", "BA in Software Engineering\t2019 – 2024").
fn pieces(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in line.split(['\t', '|', '·']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        // "Universidad de Lima - 2012 - 2017", "Contador Público - Universidad de Lima".
        let mut rest = part;
        if let Some((period, text)) = trailing_years(rest) {
            if !text.is_empty() {
                out.extend(split_on_dash(text));
            }
            out.push(period);
            continue;
        }
        if let Some((text, period)) = rest.rsplit_once(", ").filter(|(_, p)| years_of(p).is_some()) {
            out.extend(split_on_dash(text));
            out.push(period.to_owned());
            rest = "";
        }
        if !rest.is_empty() {
            out.extend(split_on_dash(rest));
        }
    }
    out
}

fn split_on_dash(text: &str) -> Vec<String> {
    let text = text.trim().trim_end_matches([',', '-', '–', '—', '(']).trim();
    for separator in [" – ", " — ", " - ", ", "] {
        if let Some((left, right)) = text.split_once(separator)
            && (is_institution(right) && !is_institution(left) || is_institution(left) && degree_level(right).is_some())
        {
            return vec![left.trim().to_owned(), right.trim().to_owned()];
        }
    }
    if text.is_empty() { vec![] } else { vec![text.to_owned()] }
}

/// "… – 2014 – 2019", "… (2019)", "… 2021": the years at the end of a piece, and the text before.
fn trailing_years(text: &str) -> Option<(String, &str)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    (0..words.len()).find_map(|start| {
        let tail = words[start..].join(" ");
        years_of(&tail)?;
        let head_len = words[..start].iter().map(|w| w.len() + 1).sum::<usize>();
        Some((tail, text[..head_len.min(text.len())].trim()))
    })
}

/// A period or a single year (an end year: "2019", "(2021)", "Egresado 2019" is not one).
fn years_of(text: &str) -> Option<(Option<YearMonth>, Option<YearMonth>)> {
    let cleaned = text.trim().trim_matches(|c: char| matches!(c, '(' | ')' | '-' | '–' | '—' | ',' | ' '));
    if let Some(Period { start, end, .. }) = parse_period(cleaned) {
        return Some((Some(start), end));
    }
    let year: i32 = cleaned.parse().ok().filter(|y| (1950..=2100).contains(y))?;
    Some((None, YearMonth::new(year, 12)))
}

fn add_piece(entries: &mut Vec<Education>, piece: &str, line: &str) {
    if let Some((start, end)) = years_of(piece) {
        match entries.last_mut() {
            Some(last) if last.end.is_none() && last.start.is_none() => {
                last.start = start.map(YearMonth::to_iso);
                last.end = end.map(YearMonth::to_iso);
                // "2019 - Actualidad": studying now.
                if start.is_some() && end.is_none() {
                    last.end = None;
                }
            }
            _ => entries.push(Education {
                start: start.map(YearMonth::to_iso),
                end: end.map(YearMonth::to_iso),
                text: line.to_owned(),
                ..Education::default()
            }),
        }
        return;
    }
    let institution = is_institution(piece) && degree_level(piece).is_none();
    let degree = !institution && (degree_level(piece).is_some() || looks_like_a_field(piece));
    let last_open = entries.last().is_some_and(|last| {
        if institution {
            last.institution.is_none()
        } else {
            last.degree.is_none() && (degree || last.institution.is_some())
        }
    });
    // A new entry starts with a second degree, a second institution, or after the years of the last.
    if !last_open {
        if !institution && !degree && entries.last().is_some() {
            // A detail line ("Tercio superior", "Colegiado"): kept in the text.
            if let Some(last) = entries.last_mut() {
                last.text.push_str(" | ");
                last.text.push_str(piece);
            }
            return;
        }
        entries.push(Education { text: String::new(), ..Education::default() });
    }
    let Some(last) = entries.last_mut() else { return };
    if institution {
        last.institution = Some(piece.to_owned());
    } else {
        last.degree = Some(piece.to_owned());
    }
    if !last.text.is_empty() {
        last.text.push_str(" | ");
    }
    last.text.push_str(piece);
}

fn strip_bullet(line: &str) -> &str {
    let rest = line.trim_start_matches(['•', '·', '-', '–', '—', '*', '▪', '●', '○']);
    if rest.len() != line.len() && rest.starts_with(' ') { rest.trim_start() } else { line }
}

fn words(text: &str) -> Vec<String> {
    fold(text).split(|c: char| !c.is_alphanumeric() && c != '.').filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

/// Where one studies: universities, institutes, schools, and the short names CVs use for them.
fn is_institution(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "universidad",
        "university",
        "universidade",
        "instituto",
        "institute",
        "college",
        "escuela",
        "school",
        "colegio",
        "academia",
        "academy",
        "facultad",
        "faculty",
        "centro",
        "center",
        "centre",
        "i.e",
        "i.e.p",
        "iep",
        "senati",
        "tecsup",
        "cibertec",
        "cenfotur",
        "isil",
        "idat",
        "zegel",
        "toulouse",
        "sencico",
        "centrum",
        "esan",
        "pucp",
        "upc",
        "usil",
        "unmsm",
        "uni",
        "unsa",
        "unsaac",
        "upn",
        "utp",
        "ucv",
        "usmp",
        "ulima",
        "up",
        "uba",
        "unam",
        "itesm",
        "tec",
        "ipn",
        "sena",
        "uniandes",
        "politecnico",
        "politécnico",
        "pontificia",
        "conservatorio",
        "seminario",
    ];
    let folded = words(text);
    if folded.iter().any(|w| WORDS.contains(&w.as_str())) {
        return true;
    }
    // An acronym alone: "CENFOTUR", "ICPNA".
    let letters: String = text.chars().filter(|c| c.is_alphabetic()).collect();
    !text.contains(' ') && (3..=9).contains(&letters.chars().count()) && letters.chars().all(char::is_uppercase)
}

/// The level a degree's name states.
fn degree_level(text: &str) -> Option<&'static str> {
    let folded = fold(text);
    let w = words(text);
    let has_word = |list: &[&str]| w.iter().any(|x| list.contains(&x.as_str()));
    let has = |list: &[&str]| list.iter().any(|p| folded.contains(p));
    if has(&["doctorado", "doctor of", "phd", "ph.d"]) {
        Some("doctorate")
    } else if has(&["maestria", "magister", "master", "mba", "m.sc", "msc", "m.a. in", "mestrado"]) {
        Some("master")
    } else if has(&[
        "diplomado",
        "diploma",
        "postgrado",
        "posgrado",
        "postgraduate",
        "especializacion",
        "especialidad",
        "segunda especialidad",
        "specialization",
    ]) {
        Some("diploma")
    } else if has(&["secundaria", "high school", "educacion basica", "bachillerato"]) {
        Some("secondary")
    } else if has(&["tecnico", "tecnica", "tecnologo", "technical degree", "technician", "associate degree"])
        || has_word(&["aa", "a.a", "as", "a.s"])
    {
        Some("technical")
    } else if has(&[
        "licenciad",
        "licenciatura",
        "bachiller",
        "bachelor",
        "ingenier",
        "titulo profesional",
        "titulado",
        "titulada",
        "egresad",
        "b.sc",
        "b.a.",
        "bsc",
        "engineering",
        "contador publico",
        "abogad",
    ]) || has_word(&["ba", "bs", "b.s", "b.a", "beng", "b.eng"])
    {
        Some("bachelor")
    } else {
        None
    }
}

/// Where a degree's level is not written, the kind of institution says it.
fn institution_level(text: &str) -> Option<&'static str> {
    let w = words(text);
    let has = |list: &[&str]| w.iter().any(|x| list.contains(&x.as_str()));
    if has(&["universidad", "university", "pontificia", "universidade"]) {
        Some("bachelor")
    } else if has(&["instituto", "institute", "senati", "tecsup", "cibertec", "cenfotur", "idat", "sencico", "sena"]) {
        Some("technical")
    } else if has(&["colegio", "i.e", "iep"]) {
        Some("secondary")
    } else {
        None
    }
}

/// A field of study written alone ("Economía", "Ingeniería de Software", "Administración").
fn looks_like_a_field(text: &str) -> bool {
    let count = text.split_whitespace().count();
    (1..=8).contains(&count) && text.chars().next().is_some_and(char::is_uppercase) && !text.ends_with('.')
}

/// Certifications one per line, with the year when written ("AWS Certified Cloud Practitioner –
/// 2024", "Certificación HACCP (2026)").
pub(super) fn certifications(section: &str) -> Vec<Certification> {
    section
        .lines()
        .map(|l| strip_bullet(l.trim()))
        .filter(|l| l.chars().count() >= 3)
        .map(|line| match trailing_years(line) {
            Some((years, name)) if !name.is_empty() => {
                let year = years_of(&years).and_then(|(start, end)| end.or(start)).map(|ym| ym.year);
                let name = name.trim_end_matches([',', '-', '–', '—', '(', ' ']).trim();
                Certification { name: name.to_owned(), year }
            }
            _ => Certification { name: line.to_owned(), year: None },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    type Summary = (Option<String>, Option<String>, Option<String>, Option<&'static str>);

    fn summary(text: &str) -> Vec<Summary> {
        education(text).into_iter().map(|e| (e.degree, e.institution, e.end, e.level)).collect()
    }

    #[test]
    fn degree_institution_and_years_spanish() {
        let found = summary(
            "Licenciada en Psicología Organizacional\nUniversidad de San Martín de Porres\n2021\nDiplomado en Gestión Pública\nESAN – 2023\nCarrera técnica de Guía Oficial de Turismo\nCENFOTUR\n2024",
        );
        assert_eq!(
            found,
            vec![
                (
                    Some("Licenciada en Psicología Organizacional".into()),
                    Some("Universidad de San Martín de Porres".into()),
                    Some("2021-12".into()),
                    Some("bachelor")
                ),
                (
                    Some("Diplomado en Gestión Pública".into()),
                    Some("ESAN".into()),
                    Some("2023-12".into()),
                    Some("diploma")
                ),
                (
                    Some("Carrera técnica de Guía Oficial de Turismo".into()),
                    Some("CENFOTUR".into()),
                    Some("2024-12".into()),
                    Some("technical")
                ),
            ]
        );
    }

    #[test]
    fn degree_institution_and_years_english() {
        let found = education(
            "BA in Software Engineering\t2019 – 2024\nUniversidad de los Andes\nMaster's in Supply Chain Management\nUniversidad del Pacífico, 2022",
        );
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].degree.as_deref(), Some("BA in Software Engineering"));
        assert_eq!(found[0].institution.as_deref(), Some("Universidad de los Andes"));
        assert_eq!((found[0].start.as_deref(), found[0].end.as_deref()), (Some("2019-01"), Some("2024-12")));
        assert_eq!(found[0].level, Some("bachelor"));
        assert_eq!(found[1].level, Some("master"));
        assert_eq!(found[1].institution.as_deref(), Some("Universidad del Pacífico"));
        assert_eq!(found[1].end.as_deref(), Some("2022-12"));
    }

    #[test]
    fn a_field_alone_takes_its_level_from_the_institution() {
        let found = summary("Economía\nUniversidad de Piura – 2014 – 2019\nSecundaria completa – I.E. San José");
        assert_eq!(found[0].0.as_deref(), Some("Economía"));
        assert_eq!(found[0].1.as_deref(), Some("Universidad de Piura"));
        assert_eq!(found[0].3, Some("bachelor"));
        assert_eq!(found[1].3, Some("secondary"));
    }

    #[test]
    fn certifications_keep_their_year() {
        let found = certifications(
            "• AWS Certified Cloud Practitioner – 2024\n– Certificación HACCP (2026)\nOracle Certified Associate, Java SE 8 Programmer",
        );
        let pairs: Vec<(&str, Option<i32>)> = found.iter().map(|c| (c.name.as_str(), c.year)).collect();
        assert_eq!(
            pairs,
            vec![
                ("AWS Certified Cloud Practitioner", Some(2024)),
                ("Certificación HACCP", Some(2026)),
                ("Oracle Certified Associate, Java SE 8 Programmer", None)
            ]
        );
    }
}
