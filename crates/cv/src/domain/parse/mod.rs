//! A CV's lines (in reading order, from the text extractor) into structured data: sections,
//! contact, experience with dates and total years, education, skills, languages, seniority.
//! Fail closed: what is not found stays empty rather than guessed.

use kernel::text::fold;
use serde::Serialize;

mod history;
mod people;

use history::{ExperienceDraft, education, experiences};
use people::{full_name, location};

use super::contact::{emails, links, phones, with_calling_code};
use super::dates::{Period, YearMonth, total_years};
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
    /// basic, intermediate, advanced or expert, when the CV says.
    pub proficiency: Option<&'static str>,
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
            proficiency: None,
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
