//! What a posting asks for, read with the CV parser's rules (one implementation, through
//! `cv::analysis`): canonical skills from each requirement (must or nice, with the years it
//! states) and from the description, the canonical title and the seniority.

use cv::analysis::{Stated, Taxonomy, Titles, seniority, stated_seniority};
use kernel::text::fold;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::postings::{RequirementKind, SeniorityLevel};

/// One requirement as its publisher writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// "3 años de experiencia en contabilidad bajo NIIF", "Python", "Inglés avanzado".
    #[schema(min_length = 1, max_length = 500)]
    pub text: String,
    pub kind: RequirementKind,
    /// Years of experience it asks for, when it does (read from the text when left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 0, maximum = 40)]
    pub years: Option<u8>,
}

/// A canonical skill a posting asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PostingSkill {
    pub id: String,
    pub name: String,
    pub category: String,
    pub kind: RequirementKind,
    pub years: Option<u8>,
}

/// What was read in a posting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PostingAnalysis {
    pub skills: Vec<PostingSkill>,
    /// The canonical title (English), when the titles list knows it.
    pub normalized_title: Option<String>,
    pub seniority: String,
}

/// Reads a posting: skills of the must requirements first (a skill asked for twice keeps its
/// strongest kind and the most years), then the nice ones, then those only the description
/// names (as nice); the title's canonical form; the seniority stated, else what the title and
/// the years asked for say.
pub fn analyse(
    title: &str,
    description: &str,
    requirements: &[Requirement],
    stated: Option<SeniorityLevel>,
) -> PostingAnalysis {
    let (taxonomy, titles) = (Taxonomy::shipped(), Titles::shipped());
    let mut skills: Vec<PostingSkill> = Vec::new();
    let mut add = |found: &cv::analysis::Found<'_>, kind: RequirementKind, years: Option<u8>| {
        let skill = found.skill;
        match skills.iter_mut().find(|s| s.id == skill.id) {
            Some(known) => {
                if kind == RequirementKind::Must {
                    known.kind = RequirementKind::Must;
                }
                known.years = known.years.max(years);
            }
            None => skills.push(PostingSkill {
                id: skill.id.clone(),
                name: skill.name_es.clone(),
                category: skill.category.clone(),
                kind,
                years,
            }),
        }
    };
    let mut ordered: Vec<&Requirement> = requirements.iter().filter(|r| r.kind == RequirementKind::Must).collect();
    ordered.extend(requirements.iter().filter(|r| r.kind == RequirementKind::Nice));
    for requirement in ordered {
        let years = requirement.years.or_else(|| years_in(&requirement.text));
        for found in taxonomy.find_in(&requirement.text, true) {
            add(&found, requirement.kind, years);
        }
    }
    for found in taxonomy.find_in(&format!("{title}\n{description}"), false) {
        add(&found, RequirementKind::Nice, None);
    }
    let most_years = requirements.iter().filter_map(|r| r.years.or_else(|| years_in(&r.text))).max();
    // The CV rule reads an intern's title as junior (no CV calls itself an internship); a
    // posting for interns is one.
    let seniority = match (stated, stated_seniority(title)) {
        (Some(level), _) => level.as_str().to_owned(),
        (None, Some(Stated::Intern)) => "intern".to_owned(),
        (None, _) => seniority(Some(title), most_years.map_or(0.0, f64::from), titles).to_owned(),
    };
    PostingAnalysis { skills, normalized_title: titles.normalize(title).map(|t| t.name_en.clone()), seniority }
}

/// The years a requirement asks for: "3 años", "5+ years", "mínimo 2 años", "al menos un año".
pub fn years_in(text: &str) -> Option<u8> {
    let folded = fold(text);
    let words: Vec<&str> = folded.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')')).collect();
    words.windows(2).find_map(|pair| {
        let unit = pair[1].trim_end_matches(['.', ':']);
        if !matches!(unit, "ano" | "anos" | "year" | "years" | "yrs" | "ano(s)" | "year(s)") {
            return None;
        }
        let number = pair[0].trim_end_matches('+');
        match number {
            "un" | "uno" | "one" | "a" => Some(1),
            "dos" | "two" => Some(2),
            "tres" | "three" => Some(3),
            "cuatro" | "four" => Some(4),
            "cinco" | "five" => Some(5),
            _ => number.parse::<u8>().ok().filter(|n| *n <= 40),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn requirement(text: &str, kind: RequirementKind) -> Requirement {
        Requirement { text: text.into(), kind, years: None }
    }

    #[test]
    fn a_posting_for_interns_is_one() {
        let analysis = analyse("Practicante de Contabilidad", "Apoyo en registros.", &[], None);
        assert_eq!(analysis.seniority, "intern");
        assert_eq!(analyse("IT Intern", "Support.", &[], None).seniority, "intern");
    }

    #[test]
    fn years_are_read_in_spanish_and_english() {
        assert_eq!(years_in("3 años de experiencia en auditoría"), Some(3));
        assert_eq!(years_in("Mínimo 5+ años en ventas B2B"), Some(5));
        assert_eq!(years_in("At least two years with Python"), Some(2));
        assert_eq!(years_in("Experience with SQL"), None);
        assert_eq!(years_in("Bachiller en Contabilidad 2020"), None);
    }

    #[test]
    fn a_spanish_posting_asks_for_canonical_skills_by_kind() {
        let requirements = [
            requirement("3 años de experiencia en contabilidad bajo NIIF", RequirementKind::Must),
            requirement("Manejo de SAP FI", RequirementKind::Nice),
            requirement("Contabilidad general", RequirementKind::Nice),
        ];
        let analysis = analyse(
            "Analista Contable Senior",
            "Buscamos analista para cierres mensuales y declaraciones a SUNAT con reportes en Power BI.",
            &requirements,
            None,
        );
        let by_name = |name: &str| analysis.skills.iter().find(|s| s.name.contains(name)).cloned();
        let accounting = by_name("Contabilidad").expect("accounting");
        assert_eq!((accounting.kind, accounting.years), (RequirementKind::Must, Some(3)), "must wins over nice");
        assert_eq!(by_name("NIIF").unwrap().kind, RequirementKind::Must);
        assert_eq!(by_name("SAP").unwrap().kind, RequirementKind::Nice);
        assert!(analysis.skills.iter().any(|s| s.name.contains("Power BI") && s.kind == RequirementKind::Nice));
        assert_eq!(analysis.normalized_title.as_deref(), Some("Accountant"));
        assert_eq!(analysis.seniority, "senior");
    }

    #[test]
    fn an_english_posting_reads_the_same_canonical_skills() {
        let requirements = [requirement("Accounting under IFRS, 3+ years", RequirementKind::Must)];
        let english = analyse("Accountant", "Month-end close.", &requirements, Some(SeniorityLevel::Mid));
        let spanish = analyse(
            "Contador",
            "Cierre mensual.",
            &[requirement("Contabilidad bajo NIIF, 3 años", RequirementKind::Must)],
            None,
        );
        let ids = |a: &PostingAnalysis| {
            let mut ids: Vec<String> = a.skills.iter().map(|s| s.id.clone()).collect();
            ids.sort();
            ids
        };
        assert_eq!(ids(&english), ids(&spanish));
        assert_eq!(english.seniority, "mid");
        assert_eq!(english.normalized_title, spanish.normalized_title);
    }
}
