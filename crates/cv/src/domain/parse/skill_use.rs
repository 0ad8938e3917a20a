//! Skills a CV lists and skills its experience and summary mention: canonical skills from the
//! taxonomy, with the proficiency the CV states beside them, the years of the jobs that mention
//! them, and where they came from. Job titles and fields of study in running text ("Soy
//! Analista de Marketing Digital", "Profesional en Psicología Organizacional") are not skills.

use kernel::text::fold;

use super::super::dates::{Period, YearMonth, total_years};
use super::super::skills::{Found, Taxonomy, words_of};
use super::super::titles::Titles;
use super::SkillEntry;
use super::experience::ExperienceDraft;

pub(super) fn skills(
    taxonomy: &Taxonomy,
    titles: &Titles,
    skills_section: &str,
    experience: &[(Period, ExperienceDraft)],
    summary: Option<&str>,
    today: YearMonth,
) -> Vec<SkillEntry> {
    let descriptions: Vec<String> = experience.iter().map(|(_, e)| mask_running_text(&e.description, titles)).collect();
    let mentioned_in = |id: &str| -> Option<f64> {
        let periods: Vec<Period> = experience
            .iter()
            .zip(&descriptions)
            .filter(|(_, d)| taxonomy.find_in(d, true).iter().any(|f| f.skill.id == id))
            .map(|((p, _), _)| *p)
            .collect();
        (!periods.is_empty()).then(|| total_years(&periods, today))
    };
    let mut entries: Vec<SkillEntry> = Vec::new();
    let mut add = |found: &Found<'_>, source: &'static str, proficiency: Option<&'static str>, confidence: f32| {
        let skill = found.skill;
        if skill.category == "languages" {
            return;
        }
        if let Some(existing) = entries.iter_mut().find(|e| e.id == skill.id) {
            existing.proficiency = existing.proficiency.or(proficiency);
            return;
        }
        entries.push(SkillEntry {
            id: skill.id.clone(),
            name: skill.name_es.clone(),
            category: skill.category.clone(),
            source,
            years: mentioned_in(&skill.id),
            proficiency,
            confidence,
        });
    };
    for (found, proficiency) in listed(taxonomy, skills_section) {
        add(&found, "listed", proficiency, 0.95);
    }
    let running: String = descriptions
        .iter()
        .cloned()
        .chain(summary.map(|s| mask_running_text(s, titles)))
        .collect::<Vec<_>>()
        .join("\n");
    for found in taxonomy.find_in(&running, false) {
        add(&found, "text", None, 0.8);
    }
    entries
}

/// The skills of a skills section, item by item ("Excel avanzado, Python (intermedio), SQL –
/// nivel avanzado"), each with the proficiency written next to it. Group labels ("Herramientas:",
/// "Soft skills:") are not skills.
fn listed<'t>(taxonomy: &'t Taxonomy, section: &str) -> Vec<(Found<'t>, Option<&'static str>)> {
    let mut out: Vec<(Found<'t>, Option<&'static str>)> = Vec::new();
    // Lines are joined (a list wraps: "Caja" / "chica, Gestión"), a bullet or a label ends an item.
    let mut joined = String::new();
    for line in section.lines() {
        let bare = line.trim().trim_start_matches(['•', '·', '-', '–', '—', '*', '▪', '●', '○']);
        let starts_item = bare.len() != line.trim().len() || line.contains(':');
        joined.push(if starts_item { ',' } else { ' ' });
        joined.push_str(without_group_label(bare));
    }
    {
        for item in joined.split([',', ';', '|', '•', '·', '\t']).map(str::trim).filter(|i| !i.is_empty()) {
            let words = words_of(item);
            let found = taxonomy.find_in(item, true);
            let levels: Vec<(usize, &'static str)> =
                words.iter().enumerate().filter_map(|(i, w)| proficiency_of(w).map(|p| (i, p))).collect();
            for f in found {
                // The level word that follows this skill, before any other skill starts.
                let proficiency = levels
                    .iter()
                    .find(|(at, _)| *at >= f.start && *at < f.end)
                    .or_else(|| levels.iter().find(|(at, _)| *at >= f.end && *at <= f.end + 2))
                    .or_else(|| levels.iter().find(|(at, _)| *at + 3 >= f.start && *at < f.start))
                    .map(|(_, p)| *p);
                if !out.iter().any(|(o, _)| o.skill.id == f.skill.id) {
                    out.push((f, proficiency));
                } else if let Some(entry) = out.iter_mut().find(|(o, _)| o.skill.id == f.skill.id) {
                    entry.1 = entry.1.or(proficiency);
                }
            }
        }
    }
    out
}

/// "Herramientas: SAP, Excel" → "SAP, Excel"; "Excel: avanzado" stays (the label is the skill).
fn without_group_label(line: &str) -> &str {
    match line.split_once(':') {
        Some((label, rest))
            if label.split_whitespace().count() <= 3
                && !rest.trim().is_empty()
                && !words_of(rest).iter().all(|w| proficiency_of(w).is_some() || w == "nivel" || w == "level") =>
        {
            rest
        }
        _ => line,
    }
}

/// A word that states how well: basic, intermediate, advanced or expert.
pub(super) fn proficiency_of(word: &str) -> Option<&'static str> {
    match word.trim_matches(|c: char| !c.is_alphanumeric()) {
        "basico" | "basica" | "basic" | "elemental" | "elementary" | "beginner" | "principiante" | "inicial" => {
            Some("basic")
        }
        "intermedio" | "intermedia" | "intermediate" | "medio" | "regular" => Some("intermediate"),
        "avanzado" | "avanzada" | "advanced" | "alto" => Some("advanced"),
        "experto" | "experta" | "expert" | "dominio" => Some("expert"),
        _ => None,
    }
}

/// Running text with what names a job or a field of study blanked out, so that "Analista de
/// Marketing Digital" or "Profesional en Administración de Empresas" do not count as skills.
fn mask_running_text(text: &str, titles: &Titles) -> String {
    let mut lines = Vec::new();
    for line in text.lines() {
        let mut words: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
        mask_fields(&mut words);
        mask_titles(&mut words, titles);
        lines.push(words.join(" "));
    }
    lines.join("\n")
}

const MASK: &str = "|";

/// Job titles of two words or more ("Analista de Marketing Digital", "Data Scientist").
fn mask_titles(words: &mut [String], titles: &Titles) {
    let bare: Vec<String> = words
        .iter()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '/' && c != '&').to_owned())
        .collect();
    let mut i = 0;
    while i < words.len() {
        let longest = (2..=6.min(words.len() - i))
            .rev()
            .find(|&n| bare[i..i + n].iter().all(|w| !w.is_empty()) && titles.is_exact(&bare[i..i + n].join(" ")));
        match longest {
            Some(n) => {
                for w in &mut words[i..i + n] {
                    *w = MASK.to_owned();
                }
                i += n;
            }
            None => i += 1,
        }
    }
}

/// "Profesional en Psicología Organizacional", "Egresada de Administración Hotelera y de
/// Turismo", "Nursing professional", "Recent Marketing graduate": the capitalised run of words
/// after (Spanish) or before (English) the word that introduces a field of study.
fn mask_fields(words: &mut [String]) {
    const BEFORE_ES: &[&str] = &[
        "profesional",
        "egresado",
        "egresada",
        "estudiante",
        "bachiller",
        "licenciado",
        "licenciada",
        "titulado",
        "titulada",
        "graduado",
        "graduada",
        "tecnico",
        "tecnica",
        "magister",
        "carrera",
        "ciclo",
        "degree",
        "bachelor's",
        "master's",
        "major",
    ];
    const AFTER_EN: &[&str] = &["professional", "graduate", "student", "undergraduate", "degree"];
    let folded: Vec<String> =
        words.iter().map(|w| fold(w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''))).collect();
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let connector = |w: &str| matches!(w, "y" | "de" | "del" | "e" | "en" | "and" | "of" | "in" | "la");
    for i in 0..words.len() {
        if BEFORE_ES.contains(&folded[i].as_str())
            && i + 2 < words.len()
            && matches!(folded[i + 1].as_str(), "en" | "de" | "in" | "of")
        {
            let mut j = i + 2;
            while j < words.len()
                && (capitalised(&words[j])
                    || connector(&folded[j]) && j + 1 < words.len() && capitalised(&words[j + 1]))
            {
                j += 1;
            }
            for w in &mut words[i + 2..j] {
                *w = MASK.to_owned();
            }
        }
        if AFTER_EN.contains(&folded[i].as_str()) {
            let mut j = i;
            while j > 0
                && (capitalised(&words[j - 1]) || connector(&folded[j - 1]) && j >= 2 && capitalised(&words[j - 2]))
            {
                j -= 1;
            }
            // Not the first word of a sentence alone ("Skilled professional").
            if i - j >= 1 && !(j == 0 && i - j == 1 && words[0].ends_with("ed")) {
                for w in &mut words[j..i] {
                    *w = MASK.to_owned();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed_ids(text: &str) -> Vec<(String, Option<&'static str>)> {
        listed(Taxonomy::shipped(), text).into_iter().map(|(f, p)| (f.skill.name_en.clone(), p)).collect()
    }

    #[test]
    fn proficiency_as_written_in_spanish_and_english() {
        let found = listed_ids(
            "Excel avanzado, Python (intermedio), SQL – nivel avanzado\nCRM – Intermediate | Power BI\nHerramientas: PHP experto, .NET básico",
        );
        let get = |name: &str| found.iter().find(|(n, _)| n.contains(name)).map(|(_, p)| *p);
        assert_eq!(get("Excel"), Some(Some("advanced")));
        assert_eq!(get("Python"), Some(Some("intermediate")));
        assert_eq!(get("SQL"), Some(Some("advanced")));
        assert_eq!(get("CRM"), Some(Some("intermediate")));
        assert_eq!(get("Power BI"), Some(None));
        assert_eq!(get("PHP"), Some(Some("expert")));
        assert_eq!(get(".NET"), Some(Some("basic")));
    }

    #[test]
    fn a_level_after_a_colon_belongs_to_the_skill_before_it() {
        let found = listed_ids("Excel: intermedio\nOfimática: avanzado");
        assert!(found.iter().all(|(_, p)| p.is_some()), "{found:?}");
    }

    #[test]
    fn group_labels_are_not_skills() {
        let found = listed_ids("Habilidades blandas: Liderazgo, Trabajo en equipo\nSoft skills: Teamwork");
        let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.iter().all(|n| !n.eq_ignore_ascii_case("soft skills")), "{names:?}");
        assert!(names.contains(&"Teamwork"), "{names:?}");
    }

    #[test]
    fn titles_and_fields_of_study_are_masked_in_running_text() {
        let titles = Titles::shipped();
        let masked = mask_running_text("Soy Analista de Marketing Digital con experiencia en SEO.", titles);
        assert!(!fold(&masked).contains("marketing digital"), "{masked}");
        assert!(masked.contains("SEO"));
        let masked =
            mask_running_text("Profesional en Psicología Organizacional con más de 3 años en PDT PLAME.", titles);
        assert!(!masked.contains("Psicología"), "{masked}");
        assert!(masked.contains("PDT PLAME"));
        let masked = mask_running_text("Nursing professional with over 6 years in wound care.", titles);
        assert!(!masked.contains("Nursing"), "{masked}");
        assert!(masked.contains("wound care"));
    }
}
