//! A CV's lines (in reading order, from the text extractor) into structured data: sections,
//! contact, experience with dates and total years, education, skills, languages, seniority.
//! Fail closed: what is not found stays empty rather than guessed.

use kernel::text::fold;
use serde::Serialize;

use super::contact::{emails, links, phones, with_calling_code};
use super::dates::{Period, YearMonth, parse_period, total_years};
use super::languages::{Level, parse_language_line};
use super::sections::{SectionKind, classify_heading};
use super::skills::Taxonomy;

/// One line of text with what the extractor saw of its layout.
#[derive(Debug, Clone)]
pub struct Line {
    pub text: String,
    /// Bold, larger, all capitals or otherwise set apart.
    pub heading_like: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ParsedCv {
    pub language: &'static str,
    pub contact: Contact,
    pub summary: Option<String>,
    pub experience: Vec<Experience>,
    pub education: Vec<Education>,
    pub skills: Vec<SkillEntry>,
    pub languages: Vec<LanguageEntry>,
    pub certifications: Vec<String>,
    pub total_experience_years: f64,
    pub seniority: &'static str,
    pub sections: Vec<SectionEntry>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Contact {
    pub full_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub location: Option<String>,
    pub links: Vec<LinkEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LinkEntry {
    pub kind: &'static str,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Experience {
    pub title: Option<String>,
    pub company: Option<String>,
    pub start: String,
    pub end: Option<String>,
    pub current: bool,
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Education {
    pub text: String,
    pub level: Option<&'static str>,
    pub start: Option<String>,
    pub end: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SkillEntry {
    pub id: String,
    pub name: String,
    pub category: String,
    /// `listed` (a skills section) or `text` (mentioned in experience or summary).
    pub source: &'static str,
    /// Years of the experiences whose description mentions it.
    pub years: Option<f64>,
    pub confidence: f32,
}

#[derive(Debug, Clone, Serialize)]
pub struct LanguageEntry {
    pub name: &'static str,
    pub level: Option<Level>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionEntry {
    pub kind: SectionKind,
    pub heading: String,
    pub text: String,
}

/// Parses the lines of a CV as of `today` (for current jobs).
pub fn parse_cv(lines: &[Line], today: YearMonth, taxonomy: &Taxonomy) -> ParsedCv {
    let (header, sections) = split_sections(lines);
    let all_text: String = lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n");
    let section_text = |kind: SectionKind| -> String {
        sections.iter().filter(|s| s.kind == kind).map(|s| s.text.as_str()).collect::<Vec<_>>().join("\n")
    };

    let experience = experiences(&section_text(SectionKind::Experience));
    let periods: Vec<Period> = experience.iter().map(|(period, _)| *period).collect();
    let total = total_years(&periods, today);
    let education = education(&section_text(SectionKind::Education));
    let languages: Vec<LanguageEntry> = section_text(SectionKind::Languages)
        .lines()
        .filter_map(parse_language_line)
        .map(|l| LanguageEntry { name: l.name, level: l.level })
        .collect();
    let certifications: Vec<String> = section_text(SectionKind::Certifications)
        .lines()
        .map(|l| l.trim().trim_start_matches(['•', '-', '*', '·']).trim().to_owned())
        .filter(|l| l.chars().count() >= 3)
        .collect();
    let summary = Some(section_text(SectionKind::Profile)).filter(|s| !s.trim().is_empty());
    let skills = skills(taxonomy, &section_text(SectionKind::Skills), &experience, summary.as_deref(), today);

    let experience: Vec<Experience> = experience.into_iter().map(|(period, entry)| entry.with(period)).collect();
    let place = location(&all_text);
    let phone = phones(&header.join("\n")).into_iter().chain(phones(&all_text)).next().map(|p| {
        // A number written without its country, in a CV from a known country, gets that country.
        p.e164.or_else(|| place.and_then(|(_, code)| with_calling_code(&p.raw, code))).unwrap_or(p.raw)
    });
    let contact = Contact {
        full_name: full_name(
            &header,
            &lines.iter().map(|l| l.text.trim()).filter(|l| !l.is_empty()).collect::<Vec<_>>(),
        ),
        email: emails(&header.join("\n")).into_iter().chain(emails(&all_text)).next(),
        phone,
        location: place.map(|(name, _)| name.to_owned()),
        links: links(&all_text).into_iter().map(|l| LinkEntry { kind: l.kind, url: l.url }).collect(),
    };
    ParsedCv {
        language: detect_language(&all_text),
        seniority: seniority(experience.first().and_then(|e| e.title.as_deref()), total),
        contact,
        summary,
        experience,
        education,
        skills,
        languages,
        certifications,
        total_experience_years: total,
        sections,
    }
}

/// The lines before the first heading (name, contact) and the sections after.
fn split_sections(lines: &[Line]) -> (Vec<String>, Vec<SectionEntry>) {
    let mut header = Vec::new();
    let mut sections: Vec<SectionEntry> = Vec::new();
    for line in lines {
        let text = line.text.trim();
        if text.is_empty() {
            continue;
        }
        // A known heading counts when it is set apart, or when it is the whole line and short
        // (extractors do not always see the styling).
        let heading = classify_heading(text).filter(|_| line.heading_like || text.split_whitespace().count() <= 4);
        match heading {
            Some(kind) => sections.push(SectionEntry { kind, heading: text.to_owned(), text: String::new() }),
            None => match sections.last_mut() {
                Some(section) => {
                    if !section.text.is_empty() {
                        section.text.push('\n');
                    }
                    section.text.push_str(text);
                }
                None => header.push(text.to_owned()),
            },
        }
    }
    (header, sections)
}

/// The name: the first line near the top that reads like one (2 to 6 words, letters only), with a
/// name that large type broke over two lines ("RUTH MELÉNDEZ" / "YUPANQUI") joined again. The
/// header (before the first heading) is searched first, then the top of the CV (two-column
/// layouts may put the sidebar's headings first).
fn full_name(header: &[String], all_lines: &[&str]) -> Option<String> {
    let name_words = |line: &str| -> Option<Vec<String>> {
        let candidate = line.split(['|', '·', '•']).next()?.trim();
        let letters_only = candidate.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '.'));
        let words: Vec<String> = candidate.split_whitespace().map(str::to_owned).collect();
        let capitalised = candidate.chars().next().is_some_and(char::is_uppercase);
        (letters_only && capitalised && !words.is_empty() && words.len() <= 6 && classify_heading(candidate).is_none())
            .then_some(words)
    };
    let search = |lines: &[&str]| -> Option<String> {
        for (i, line) in lines.iter().enumerate().take(12) {
            let Some(mut words) = name_words(line) else { continue };
            // Broken over lines: a short first part followed by a short rest.
            let mut next = i + 1;
            while words.len() <= 3 && next < lines.len() {
                match name_words(lines[next]) {
                    // A surname carried over, never a two-word job title under a full name.
                    Some(more)
                        if (more.len() == 1 || words.len() == 1)
                            && words.len() + more.len() <= 6
                            && is_caps_like(lines[next], line) =>
                    {
                        words.extend(more);
                        next += 1;
                    }
                    _ => break,
                }
            }
            // A heading broken over two lines ("INFORMACIÓN DE" / "CONTACTO") is no name.
            let dangling = words.last().is_some_and(|w| matches!(fold(w).as_str(), "de" | "del" | "y" | "and" | "of"));
            if (2..=6).contains(&words.len()) && !dangling {
                return Some(words.iter().map(|w| title_case(w)).collect::<Vec<_>>().join(" "));
            }
        }
        None
    };
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    search(&header).or_else(|| search(all_lines))
}

/// Whether `next` is set like `first` (both in capitals, or both not): a name's continuation,
/// not the job title under it.
fn is_caps_like(next: &str, first: &str) -> bool {
    let caps = |s: &str| !s.chars().any(char::is_lowercase);
    caps(next) == caps(first)
}

fn title_case(word: &str) -> String {
    if word.chars().any(char::is_lowercase) {
        return word.to_owned();
    }
    let lower = word.to_lowercase();
    let mut chars = lower.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Cities job seekers here write most, with their country's calling code.
const PLACES: &[(&str, &str)] = &[
    ("Lima", "51"),
    ("Arequipa", "51"),
    ("Trujillo", "51"),
    ("Cusco", "51"),
    ("Piura", "51"),
    ("Chiclayo", "51"),
    ("Huancayo", "51"),
    ("Iquitos", "51"),
    ("Tacna", "51"),
    ("Ica", "51"),
    ("Callao", "51"),
    ("Puno", "51"),
    ("Cajamarca", "51"),
    ("Ayacucho", "51"),
    ("Bogotá", "57"),
    ("Medellín", "57"),
    ("Cali", "57"),
    ("Barranquilla", "57"),
    ("Ciudad de México", "52"),
    ("CDMX", "52"),
    ("Guadalajara", "52"),
    ("Monterrey", "52"),
    ("Querétaro", "52"),
    ("Puebla", "52"),
    ("Santiago", "56"),
    ("Valparaíso", "56"),
    ("Buenos Aires", "54"),
    ("Córdoba", "54"),
    ("Rosario", "54"),
    ("Mendoza", "54"),
    ("Quito", "593"),
    ("Guayaquil", "593"),
    ("La Paz", "591"),
    ("Montevideo", "598"),
    ("Asunción", "595"),
    ("Caracas", "58"),
    ("Madrid", "34"),
];

/// The first city the CV names, and its country's calling code.
fn location(text: &str) -> Option<(&'static str, &'static str)> {
    let folded = fold(text);
    PLACES
        .iter()
        .filter_map(|(place, code)| {
            let needle = fold(place);
            folded
                .match_indices(&needle)
                .find(|(at, _)| is_word_at(&folded, *at, needle.len()))
                .map(|(at, _)| (at, (*place, *code)))
        })
        .min_by_key(|(at, _)| *at)
        .map(|(_, found)| found)
}

fn is_word_at(text: &str, at: usize, len: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at + len..].chars().next();
    before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
}

/// An experience found around a period: the title and company from the text beside it.
struct ExperienceDraft {
    title: Option<String>,
    company: Option<String>,
    description: String,
}

impl ExperienceDraft {
    fn with(self, period: Period) -> Experience {
        Experience {
            title: self.title,
            company: self.company,
            start: period.start.to_iso(),
            end: period.end.map(YearMonth::to_iso),
            current: period.is_current(),
            description: self.description.trim().to_owned(),
        }
    }
}

/// The period written somewhere in `line` (alone, or among `|`, `·`, tabs or commas), and the
/// rest of the line.
fn period_in(line: &str) -> Option<(Period, String)> {
    if let Some(period) = parse_period(line) {
        return Some((period, String::new()));
    }
    for separator in ['|', '·', '\t', ',', '(', '•'] {
        let parts: Vec<&str> = line.split(separator).collect();
        for (i, part) in parts.iter().enumerate() {
            if let Some(period) = parse_period(part.trim_end_matches(')')) {
                let rest: Vec<&str> =
                    parts.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, p)| p.trim()).collect();
                return Some((period, rest.join(" | ")));
            }
        }
    }
    // "Analista Contable  mar. 2019 – ago. 2021" (at the end of the line) or
    // "08/2022 al presente Ingeniero Residente" (at its start).
    let words: Vec<&str> = line.split_whitespace().collect();
    (1..words.len())
        .find_map(|start| parse_period(&words[start..].join(" ")).map(|period| (period, words[..start].join(" "))))
        .or_else(|| {
            (2..words.len())
                .rev()
                .find_map(|end| parse_period(&words[..end].join(" ")).map(|period| (period, words[end..].join(" "))))
        })
}

/// Lines with a period broken over two ("dic. 2021 - ago." / "2023") joined again.
fn join_broken_periods(lines: Vec<&str>) -> Vec<String> {
    let mut joined: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(next) = lines.get(i + 1)
            && line.chars().any(|c| c.is_ascii_digit())
            && period_in(line).is_none()
            && period_in(&format!("{line} {next}")).is_some()
        {
            joined.push(format!("{line} {next}"));
            i += 2;
            continue;
        }
        joined.push(line.to_owned());
        i += 1;
    }
    joined
}

fn experiences(section: &str) -> Vec<(Period, ExperienceDraft)> {
    let lines = join_broken_periods(section.lines().map(str::trim).filter(|l| !l.is_empty()).collect());
    let mut found: Vec<(Period, ExperienceDraft)> = Vec::new();
    let mut previous_unused: Vec<&str> = Vec::new();
    for line in &lines {
        let line = line.as_str();
        match period_in(line) {
            Some((period, rest)) => {
                // Title and company: on the period's line, or on the lines just before it.
                let mut parts: Vec<String> =
                    rest.split(" | ").map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned).collect();
                if parts.is_empty() {
                    parts = previous_unused.iter().rev().take(2).rev().map(|s| (*s).to_owned()).collect();
                }
                let (title, company) = title_and_company(&parts);
                found.push((period, ExperienceDraft { title, company, description: String::new() }));
                previous_unused.clear();
            }
            None => {
                if let Some((_, last)) = found.last_mut() {
                    last.description.push_str(line);
                    last.description.push('\n');
                }
                previous_unused.push(line);
            }
        }
    }
    // Lines that named the next job were read as the previous one's description: trim them.
    for i in 0..found.len().saturating_sub(1) {
        let next_names: Vec<String> =
            [found[i + 1].1.title.clone(), found[i + 1].1.company.clone()].into_iter().flatten().collect();
        let description = &mut found[i].1.description;
        for name in next_names {
            if let Some(at) = description.rfind(&name) {
                description.truncate(at);
            }
        }
    }
    found
}

/// "Analista Contable — Yape S.A.C." / ["Analista Contable", "Yape"] / "Analista en BCP".
fn title_and_company(parts: &[String]) -> (Option<String>, Option<String>) {
    match parts {
        [] => (None, None),
        [single] => {
            for separator in [" — ", " – ", " - ", " en ", " at ", " @ ", ", "] {
                if let Some((title, company)) = single.split_once(separator) {
                    return (Some(title.trim().to_owned()), Some(company.trim().to_owned()));
                }
            }
            (Some(single.clone()), None)
        }
        [first, second, ..] => (Some(first.clone()), Some(second.clone())),
    }
}

fn education(section: &str) -> Vec<Education> {
    let mut entries: Vec<Education> = Vec::new();
    for line in section.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (period, text) = match period_in(line) {
            Some((period, rest)) if rest.is_empty() => {
                // A period alone belongs to the entry before it.
                if let Some(last) = entries.last_mut() {
                    last.start = Some(period.start.to_iso());
                    last.end = period.end.map(YearMonth::to_iso);
                }
                continue;
            }
            Some((period, rest)) => (Some(period), rest),
            None => (None, line.to_owned()),
        };
        let level = education_level(&text);
        if level.is_none() && period.is_none() {
            // An institution or detail line: it completes the entry before.
            if let Some(last) = entries.last_mut() {
                last.text.push_str(" | ");
                last.text.push_str(&text);
                continue;
            }
        }
        entries.push(Education {
            text,
            level,
            start: period.map(|p| p.start.to_iso()),
            end: period.and_then(|p| p.end.map(YearMonth::to_iso)),
        });
    }
    entries
}

fn education_level(text: &str) -> Option<&'static str> {
    let folded = fold(text);
    let has = |words: &[&str]| words.iter().any(|w| folded.contains(w));
    if has(&["doctorado", "doctor of", "phd", "ph.d"]) {
        Some("doctorate")
    } else if has(&["maestria", "magister", "master", "mba", "msc", "m.sc"]) {
        Some("master")
    } else if has(&[
        "licenciad",
        "bachiller",
        "bachelor",
        "ingenier",
        "titulo profesional",
        "universidad",
        "university",
        "b.sc",
        "b.a.",
    ]) {
        Some("bachelor")
    } else if has(&["tecnico", "technical degree", "instituto", "senati", "tecsup", "cibertec", "associate"]) {
        Some("technical")
    } else if has(&["secundaria", "high school", "colegio"]) {
        Some("secondary")
    } else {
        None
    }
}

fn skills(
    taxonomy: &Taxonomy,
    skills_section: &str,
    experience: &[(Period, ExperienceDraft)],
    summary: Option<&str>,
    today: YearMonth,
) -> Vec<SkillEntry> {
    let mut entries: Vec<SkillEntry> = Vec::new();
    let listed = taxonomy.find_in(skills_section, true);
    let experience_text: String = experience
        .iter()
        .map(|(_, e)| format!("{}\n{}", e.title.clone().unwrap_or_default(), e.description))
        .chain(summary.map(str::to_owned))
        .collect::<Vec<_>>()
        .join("\n");
    let in_text = taxonomy.find_in(&experience_text, false);
    let add = |entries: &mut Vec<SkillEntry>, found: &super::skills::Found<'_>, source, confidence| {
        let skill = found.skill;
        if skill.category == "languages" || entries.iter().any(|e| e.id == skill.id) {
            return;
        }
        let periods: Vec<Period> = experience
            .iter()
            .filter(|(_, e)| taxonomy.find_in(&e.description, true).iter().any(|f| f.skill.id == skill.id))
            .map(|(p, _)| *p)
            .collect();
        let years = (!periods.is_empty()).then(|| total_years(&periods, today));
        entries.push(SkillEntry {
            id: skill.id.clone(),
            name: skill.name_es.clone(),
            category: skill.category.clone(),
            source,
            years,
            confidence,
        });
    };
    for found in &listed {
        add(&mut entries, found, "listed", 0.95);
    }
    for found in &in_text {
        add(&mut entries, found, "text", 0.8);
    }
    entries
}

/// Spanish or English, by the function words each uses most.
fn detect_language(text: &str) -> &'static str {
    const ES: &[&str] = &["de", "la", "el", "en", "y", "los", "las", "con", "para", "del", "por", "una"];
    const EN: &[&str] = &["the", "and", "of", "to", "in", "with", "for", "on", "at", "a", "an", "my"];
    let folded = fold(text);
    let words: Vec<&str> = folded.split(|c: char| !c.is_alphabetic()).collect();
    let count = |list: &[&str]| words.iter().filter(|w| list.contains(w)).count();
    if count(EN) > count(ES) { "en" } else { "es" }
}

/// Junior, mid, senior or lead: from the latest title when it says, else from the years.
fn seniority(latest_title: Option<&str>, years: f64) -> &'static str {
    let title = latest_title.map(fold).unwrap_or_default();
    let says = |words: &[&str]| title.split(|c: char| !c.is_alphanumeric()).any(|w| words.contains(&w));
    if says(&[
        "jefe",
        "jefa",
        "gerente",
        "head",
        "lead",
        "lider",
        "director",
        "directora",
        "manager",
        "coordinador",
        "coordinadora",
        "principal",
    ]) {
        "lead"
    } else if says(&["senior", "sr", "especialista"]) {
        "senior"
    } else if says(&["junior", "jr", "trainee", "practicante", "intern", "asistente", "assistant", "auxiliar"]) {
        "junior"
    } else if years >= 7.0 {
        "senior"
    } else if years >= 2.5 {
        "mid"
    } else {
        "junior"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line> {
        text.lines().map(|l| Line { text: l.to_owned(), heading_like: false }).collect()
    }

    const CV_ES: &str = "ANA LUCÍA QUISPE RAMOS
Lima, Perú | +51 987 654 321 | ana.quispe@gmail.com
linkedin.com/in/ana-quispe
PERFIL PROFESIONAL
Contadora con experiencia en cierre contable, NIIF y declaraciones a SUNAT.
EXPERIENCIA LABORAL
Analista Contable Senior | Yape S.A.C. | mar. 2021 – Actualidad
Cierre contable mensual, conciliaciones bancarias y reportes NIIF.
Asistente Contable
Alicorp S.A.A.
ene. 2018 - feb. 2021
Registro de compras y ventas, PDT 621 y SAP FI.
FORMACIÓN ACADÉMICA
Contador Público - Universidad de Lima
2012 - 2017
HABILIDADES
Excel avanzado, SAP FI, Concar, Power BI
IDIOMAS
Inglés intermedio (B1)
Quechua nativo
CERTIFICACIONES
Certificación en NIIF para PYMES";

    #[test]
    fn a_spanish_cv_becomes_structured_data() {
        let parsed = parse_cv(&lines(CV_ES), YearMonth::new(2026, 11).unwrap(), Taxonomy::shipped());
        assert_eq!(parsed.language, "es");
        assert_eq!(parsed.contact.full_name.as_deref(), Some("Ana Lucía Quispe Ramos"));
        assert_eq!(parsed.contact.email.as_deref(), Some("ana.quispe@gmail.com"));
        assert_eq!(parsed.contact.phone.as_deref(), Some("+51987654321"));
        assert_eq!(parsed.contact.location.as_deref(), Some("Lima"));
        assert_eq!(parsed.contact.links[0].kind, "linkedin");
        assert_eq!(parsed.experience.len(), 2);
        let latest = &parsed.experience[0];
        assert_eq!(latest.title.as_deref(), Some("Analista Contable Senior"));
        assert_eq!(latest.company.as_deref(), Some("Yape S.A.C."));
        assert_eq!((latest.start.as_str(), latest.current), ("2021-03", true));
        let earlier = &parsed.experience[1];
        assert_eq!(earlier.title.as_deref(), Some("Asistente Contable"));
        assert_eq!(earlier.company.as_deref(), Some("Alicorp S.A.A."));
        assert_eq!((earlier.start.as_str(), earlier.end.as_deref()), ("2018-01", Some("2021-02")));
        assert!(!parsed.experience[0].description.contains("Asistente Contable"));
        // 2018-01..2021-02 (38 months) + 2021-03..2026-10 (68 months) = 106 months.
        assert_eq!(parsed.total_experience_years, 8.8);
        assert_eq!(parsed.seniority, "senior");
        assert_eq!(parsed.education[0].level, Some("bachelor"));
        assert_eq!(parsed.education[0].start.as_deref(), Some("2012-01"));
        let listed: Vec<&str> = parsed.skills.iter().filter(|s| s.source == "listed").map(|s| s.id.as_str()).collect();
        assert!(listed.len() >= 3, "{listed:?}");
        assert!(parsed.skills.iter().all(|s| s.category != "languages"));
        assert_eq!(parsed.languages.len(), 2);
        assert_eq!(parsed.languages[0].level, Some(Level::B1));
        assert_eq!(parsed.certifications, vec!["Certificación en NIIF para PYMES"]);
    }

    #[test]
    fn periods_broken_over_lines_or_before_the_title_are_read() {
        let text = "EXPERIENCIA\ndic. 2021 - ago.\n2023\nAbogada Corporativa\nEstudio Rey\n08/2023 al presente Abogada Senior\nBanco Sur";
        let parsed = parse_cv(&lines(text), YearMonth::new(2026, 11).unwrap(), Taxonomy::shipped());
        let periods: Vec<(&str, Option<&str>)> =
            parsed.experience.iter().map(|e| (e.start.as_str(), e.end.as_deref())).collect();
        assert_eq!(periods, vec![("2021-12", Some("2023-08")), ("2023-08", None)]);
        assert_eq!(parsed.experience[1].title.as_deref(), Some("Abogada Senior"));
    }

    #[test]
    fn an_english_cv_is_english_and_nothing_is_invented() {
        let text = "John Smith\nSUMMARY\nData analyst with SQL and Python experience in the banking sector.\nEXPERIENCE\nData Analyst at Interbank, Jan 2020 - Present\nBuilt dashboards in Power BI for the retail team.";
        let parsed = parse_cv(&lines(text), YearMonth::new(2026, 11).unwrap(), Taxonomy::shipped());
        assert_eq!(parsed.language, "en");
        assert_eq!(parsed.experience[0].company.as_deref(), Some("Interbank"));
        assert!(parsed.contact.email.is_none() && parsed.contact.phone.is_none());
        assert!(parsed.education.is_empty() && parsed.languages.is_empty());
        assert_eq!(parsed.total_experience_years, 6.8);
    }
}
