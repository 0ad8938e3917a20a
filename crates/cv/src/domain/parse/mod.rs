//! A CV's lines (in reading order, from the text extractor) into structured data: sections,
//! contact, experience with dates and total years, education, skills, languages, seniority.
//! Fail closed: what is not found stays empty rather than guessed.

use kernel::text::fold;
use serde::Serialize;

mod education;
mod experience;
mod people;
mod places;
mod roles;
mod skill_use;

pub use education::{Certification, Education};
use education::{certifications, education};
use experience::experiences;
use people::{NameLine, full_name};
use places::{country_code, location};

use super::contact::{emails, links, phones, with_calling_code};
use super::dates::{Period, YearMonth, latest_job, total_years};
use super::languages::{Level, parse_language_line};
use super::sections::{SectionKind, classify_heading};
use super::skills::Taxonomy;
use super::titles::{Stated, Titles, stated_seniority};

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
    pub certifications: Vec<Certification>,
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
    /// The canonical title (`crates/cv/data/titles.tsv`, in English) when the list knows it.
    pub normalized_title: Option<String>,
    pub company: Option<String>,
    pub start: String,
    pub end: Option<String>,
    pub current: bool,
    pub description: String,
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
    /// basic, intermediate, advanced or expert, when the CV says.
    pub proficiency: Option<&'static str>,
    pub confidence: f32,
}

#[derive(Debug, Clone, Serialize)]
pub struct LanguageEntry {
    pub name: &'static str,
    /// CEFR (A1…C2) or Native: the code when the CV writes one, else the level its words mean.
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
    let titles = Titles::shipped();
    let (header, sections, line_sections) = split_sections(lines);
    let all_text: String = lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n");
    let section_text = |kind: SectionKind| -> String {
        sections.iter().filter(|s| s.kind == kind).map(|s| s.text.as_str()).collect::<Vec<_>>().join("\n")
    };

    let experience = experiences(&section_text(SectionKind::Experience), titles);
    let periods: Vec<Period> = experience.iter().map(|(period, _)| *period).collect();
    let total = total_years(&periods, today);
    let education = education(&section_text(SectionKind::Education));
    let languages = spoken_languages(&section_text(SectionKind::Languages), &header.join("\n"));
    let certifications = certifications(&section_text(SectionKind::Certifications));
    let summary = Some(section_text(SectionKind::Profile)).filter(|s| !s.trim().is_empty());
    let skills =
        skill_use::skills(taxonomy, titles, &section_text(SectionKind::Skills), &experience, summary.as_deref(), today);
    let experience: Vec<Experience> =
        experience.into_iter().map(|(period, entry)| entry.with(period, titles)).collect();

    // The candidate's contact data: the header and every section but the references (whose
    // referees have phones and emails of their own).
    let header_text = header.join("\n");
    let own_text: String = std::iter::once(header_text.clone())
        .chain(sections.iter().filter(|s| s.kind != SectionKind::References).map(|s| s.text.clone()))
        .collect::<Vec<_>>()
        .join("\n");
    let contact_text: String = std::iter::once(header_text.clone())
        .chain(sections.iter().filter(|s| s.kind == SectionKind::Contact).map(|s| s.text.clone()))
        .collect::<Vec<_>>()
        .join("\n");
    let name_lines: Vec<NameLine<'_>> = lines
        .iter()
        .zip(&line_sections)
        .filter(|(l, _)| !l.text.trim().is_empty())
        .map(|(l, section)| NameLine { text: l.text.trim(), heading_like: l.heading_like, section: *section })
        .collect();
    let full_name = full_name(&name_lines, taxonomy, titles);
    // Places are read where a person's name ("Santiago", "Mendoza") and addresses are not.
    let without_name = |text: &str| -> String {
        let folded = fold(text);
        let folded = match &full_name {
            Some(name) => folded.replace(&fold(name), " "),
            None => folded,
        };
        folded
            .lines()
            .map(|line| {
                let kept = line.split(' ').filter(|w| !w.contains('@') && !w.contains('/') && !w.starts_with("www"));
                kept.collect::<Vec<_>>().join(" ")
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (contact_places, own_places) = (without_name(&contact_text), without_name(&own_text));
    let place = location(&contact_places).or_else(|| location(&own_places));
    let calling_code = country_code(&contact_places).or_else(|| place.map(|(_, code)| code));
    let phone = phones(&contact_text).into_iter().chain(phones(&own_text)).next().map(|p| {
        // A number written without its country gets the CV's country; Peru's forms otherwise.
        match calling_code {
            Some(code) if code != "51" => with_calling_code(&p.raw, code).or(p.e164),
            code => p.e164.or_else(|| code.and_then(|c| with_calling_code(&p.raw, c))),
        }
        .unwrap_or(p.raw)
    });
    let contact = Contact {
        full_name,
        email: emails(&contact_text).into_iter().chain(emails(&own_text)).next(),
        phone,
        location: place.map(|(name, _)| name.to_owned()),
        links: links(&own_text).into_iter().map(|l| LinkEntry { kind: l.kind, url: l.url }).collect(),
    };
    ParsedCv {
        language: detect_language(&all_text),
        seniority: seniority(latest_title(&experience), total, titles),
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

/// Languages from their section, or from the header when the CV keeps them there (a text box).
fn spoken_languages(section: &str, header: &str) -> Vec<LanguageEntry> {
    let mut found: Vec<LanguageEntry> = Vec::new();
    let source = if section.trim().is_empty() { header } else { section };
    for line in source.lines() {
        // "Inglés B2 | Portugués básico": one line, several languages.
        for part in line.split(['|', ';', '•', '·', '\t']) {
            if let Some(language) = parse_language_line(part)
                && !found.iter().any(|l| l.name == language.name)
            {
                found.push(LanguageEntry { name: language.name, level: language.level });
            }
        }
    }
    found
}

/// The lines before the first heading (name, contact), the sections after, and the section of
/// every line (`None` in the header). A heading broken over lines ("HERRAMIENTAS Y" /
/// "CONOCIMIENTOS", "EDUCATION" / "AND" / "TRAINING") is read whole.
fn split_sections(lines: &[Line]) -> (Vec<String>, Vec<SectionEntry>, Vec<Option<SectionKind>>) {
    let mut header = Vec::new();
    let mut sections: Vec<SectionEntry> = Vec::new();
    let mut of_line: Vec<Option<SectionKind>> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        let mut text = line.text.trim().to_owned();
        let mut used = 1;
        if line.heading_like {
            while let Some(next) = lines.get(i + used).filter(|n| n.heading_like && !n.text.trim().is_empty()) {
                let joined = format!("{text} {}", next.text.trim());
                let dangling = matches!(fold(&text).rsplit(' ').next(), Some("y" | "and" | "&" | "de" | "e"));
                let both_headings = classify_heading(&text).is_some() && classify_heading(next.text.trim()).is_some();
                if classify_heading(&joined).is_none() || both_headings && !dangling {
                    break;
                }
                text = joined;
                used += 1;
            }
        }
        // A known heading counts when it is set apart, or when it is the whole line and short
        // (extractors do not always see the styling).
        let heading = classify_heading(&text).filter(|_| line.heading_like || text.split_whitespace().count() <= 4);
        match heading {
            Some(kind) => sections.push(SectionEntry { kind, heading: text, text: String::new() }),
            None if text.is_empty() => {}
            None => match sections.last_mut() {
                Some(section) => {
                    if !section.text.is_empty() {
                        section.text.push('\n');
                    }
                    section.text.push_str(&text);
                }
                None => header.push(text),
            },
        }
        for _ in 0..used {
            of_line.push(sections.last().map(|s| s.kind));
        }
        i += used;
    }
    merge_entry_labels(&mut sections, &mut of_line);
    (header, sections, of_line)
}

/// "Logros:" inside a job ("Funciones: … Logros: …") reads like an achievements heading; when
/// the work history goes on after it (more periods follow), it was a label of the job before.
fn merge_entry_labels(sections: &mut Vec<SectionEntry>, of_line: &mut [Option<SectionKind>]) {
    let mut i = 1;
    while i < sections.len() {
        let label = sections[i].kind == SectionKind::Achievements && sections[i - 1].kind == SectionKind::Experience;
        if label && sections[i].text.lines().any(|l| !experiences(l, Titles::shipped()).is_empty()) {
            let merged = sections.remove(i);
            let previous = &mut sections[i - 1];
            previous.text.push('\n');
            previous.text.push_str(&merged.heading);
            previous.text.push('\n');
            previous.text.push_str(&merged.text);
            // Its lines belong to the work history now (for the name finder, which discounts it).
            for kind in of_line.iter_mut().filter(|k| **k == Some(SectionKind::Achievements)) {
                *kind = Some(SectionKind::Experience);
            }
            continue;
        }
        i += 1;
    }
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

/// Junior, mid, senior or lead: what the latest title states (senior, junior, practicante),
/// else the level the title implies (a head of, a manager, an assistant), else the years.
/// The title of the person's latest main job (see [`latest_job`]).
fn latest_title(experience: &[Experience]) -> Option<&str> {
    let index = latest_job(experience.iter().map(|e| (e.start.as_str(), e.end.as_deref())))?;
    experience[index].title.as_deref()
}

pub fn seniority(latest_title: Option<&str>, years: f64, titles: &Titles) -> &'static str {
    match latest_title.and_then(stated_seniority) {
        Some(Stated::Intern | Stated::Junior) => return "junior",
        Some(Stated::Senior) => return "senior",
        None => {}
    }
    let title = latest_title.map(fold).unwrap_or_default();
    let says = |words: &[&str]| title.split(|c: char| !c.is_alphanumeric()).any(|w| words.contains(&w));
    if let Some(level) = latest_title.and_then(|t| titles.normalize(t)).and_then(|t| t.level) {
        return level;
    }
    if says(&["jefe", "jefa", "gerente", "head", "lead", "lider", "director", "directora", "manager", "principal"]) {
        "lead"
    } else if says(&["especialista", "specialist"]) && years >= 5.0 {
        "senior"
    } else if says(&["asistente", "assistant", "auxiliar", "practicante", "trainee", "intern"]) {
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
        assert_eq!(parsed.certifications[0].name, "Certificación en NIIF para PYMES");
        assert_eq!(latest.normalized_title.as_deref(), Some("Accountant"));
        assert_eq!(parsed.education[0].degree.as_deref(), Some("Contador Público"));
        assert_eq!(parsed.education[0].institution.as_deref(), Some("Universidad de Lima"));
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
