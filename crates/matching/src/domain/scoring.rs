//! How well a CV fits a posting, and why, in words: a skill score (the posting's canonical
//! skills the CV has, must-haves weighing double), a semantic score (the two vectors' cosine
//! similarity, rescaled) and an experience score (the CV's years against the years and seniority
//! asked for); the overall score weighs them. Every number comes with the skills behind it, so
//! the explanation never says more than the data.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::analysis::PostingSkill;
use super::postings::RequirementKind;

/// The name of this scorer and its version, stored with each computed match.
pub const SCORER: &str = "skills-semantic-experience/2";

const SKILL_WEIGHT: f64 = 0.5;
const SEMANTIC_WEIGHT: f64 = 0.3;
const EXPERIENCE_WEIGHT: f64 = 0.2;
/// Added when the posting's seniority is the CV's (stated, else read from its years): measured on
/// the labelled set (scripts/matching_eval/rescore.py, variant E), it puts the strong fit first
/// for more CVs at little cost to the rest of the ranking.
const SAME_LEVEL_BONUS: f64 = 0.07;
/// multilingual-e5 gives any CV and posting a cosine similarity in a narrow, high band: unrelated
/// pairs average 0.84, a CV and a posting for its own job reach 0.92 (measured on the labelled
/// set, scripts/matching_eval); the band is stretched to 0..1.
const SIMILARITY_FLOOR: f64 = 0.84;
const SIMILARITY_TOP: f64 = 0.92;

/// What the CV offers.
#[derive(Debug, Clone, Default)]
pub struct Offer<'a> {
    /// Canonical skill ids with how they were found (listed, text, user).
    pub skills: Vec<(&'a str, &'a str, &'a str)>,
    pub years: f64,
    /// The seniority the CV shows (junior, mid, senior, lead), when known.
    pub seniority: Option<&'a str>,
    /// Canonical titles of the CV's jobs, latest first.
    pub titles: Vec<&'a str>,
}

/// What the posting asks for.
#[derive(Debug, Clone, Default)]
pub struct Ask<'a> {
    pub skills: &'a [PostingSkill],
    pub seniority: Option<&'a str>,
    pub title: Option<&'a str>,
    /// The most years any requirement asks for.
    pub years: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SkillRef {
    pub id: String,
    pub name: String,
    pub kind: RequirementKind,
}

/// A CV scored against a posting, with the reasons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Fit {
    /// 0 to 1.
    pub overall_score: f64,
    pub semantic_score: f64,
    pub skill_match_score: f64,
    pub experience_score: f64,
    /// The posting's skills the CV has.
    pub matching_skills: Vec<SkillRef>,
    /// The posting's skills the CV does not show, must-haves first.
    pub missing_skills: Vec<SkillRef>,
    /// Whether the CV's latest canonical title is the posting's.
    pub same_title: bool,
}

/// A seniority as a rung: intern 0 … executive 5.
fn level(seniority: &str) -> Option<f64> {
    match seniority {
        "intern" => Some(0.0),
        "junior" => Some(1.0),
        "mid" => Some(2.0),
        "senior" => Some(3.0),
        "lead" => Some(4.0),
        "executive" => Some(5.0),
        _ => None,
    }
}

/// The rung years usually mean, when a CV does not say its seniority.
fn level_of_years(years: f64) -> f64 {
    match years {
        y if y < 2.0 => 1.0,
        y if y < 5.0 => 2.0,
        y if y < 8.0 => 3.0,
        _ => 4.0,
    }
}

/// The years a seniority usually means, when a posting states no years.
fn years_for(seniority: &str) -> f64 {
    match seniority {
        "intern" => 0.0,
        "junior" => 1.0,
        "mid" => 3.0,
        "senior" => 5.0,
        "lead" => 7.0,
        "executive" => 10.0,
        _ => 0.0,
    }
}

fn round(value: f64) -> f64 {
    (value.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
}

/// Scores `offer` against `ask`; `similarity` is the cosine similarity of their vectors, when
/// both have one.
pub fn score(offer: &Offer<'_>, ask: &Ask<'_>, similarity: Option<f64>) -> Fit {
    let has = |id: &str| offer.skills.iter().any(|(skill, _, _)| *skill == id);
    let reference = |s: &PostingSkill| SkillRef { id: s.id.clone(), name: s.name.clone(), kind: s.kind };
    let weight = |s: &PostingSkill| if s.kind == RequirementKind::Must { 2.0 } else { 1.0 };
    let (mut matching, mut missing) = (Vec::new(), Vec::new());
    let (mut covered, mut total) = (0.0, 0.0);
    for skill in ask.skills {
        total += weight(skill);
        if has(&skill.id) {
            covered += weight(skill);
            matching.push(reference(skill));
        } else {
            missing.push(reference(skill));
        }
    }
    missing.sort_by_key(|s| s.kind != RequirementKind::Must);
    let semantic = similarity.map(|s| ((s - SIMILARITY_FLOOR) / (SIMILARITY_TOP - SIMILARITY_FLOOR)).clamp(0.0, 1.0));
    // A posting that names no skill is judged on meaning alone.
    let skill = if total > 0.0 { covered / total } else { semantic.unwrap_or(0.0) };
    let wanted = ask.years.map(f64::from).or_else(|| ask.seniority.map(years_for)).unwrap_or(0.0);
    let enough = if wanted <= 0.0 { 1.0 } else { (offer.years / wanted).min(1.0) };
    // A job rungs below the person's fits less the further below it is (an internship for a
    // senior), as one above it does with too few years.
    let rungs_over = match (ask.seniority.and_then(level), offer.seniority.and_then(level)) {
        (Some(asked), Some(has)) => has - asked,
        (Some(asked), None) => level_of_years(offer.years) - asked,
        (None, _) => 0.0,
    };
    let experience = enough * (1.0 - rungs_over.max(0.0) / 3.0).max(0.0);
    // The job at the person's own rung is the one they would apply to first (a junior's junior
    // job before an internship or a mid-level one of the same trade).
    let same_level = ask.seniority.and_then(level).is_some() && rungs_over == 0.0;
    let same_title = matches!((offer.titles.first(), ask.title), (Some(a), Some(b)) if a == &b);
    let mut overall = SKILL_WEIGHT * skill
        + SEMANTIC_WEIGHT * semantic.unwrap_or(skill)
        + EXPERIENCE_WEIGHT * experience
        + if same_title { 0.05 } else { 0.0 }
        + if same_level { SAME_LEVEL_BONUS } else { 0.0 };
    // A must-have missing caps how good the fit can look.
    if missing.iter().any(|s| s.kind == RequirementKind::Must) {
        overall = overall.min(0.85);
    }
    Fit {
        overall_score: round(overall),
        semantic_score: round(semantic.unwrap_or(0.0)),
        skill_match_score: round(skill),
        experience_score: round(experience),
        matching_skills: matching,
        missing_skills: missing,
        same_title,
    }
}

/// The fit in plain words, in the CV's language (es or en).
pub fn explain(fit: &Fit, offer: &Offer<'_>, ask: &Ask<'_>, language: &str) -> String {
    let names = |skills: &[SkillRef]| skills.iter().map(|s| s.name.as_str()).take(6).collect::<Vec<_>>().join(", ");
    let must = |skills: &[SkillRef]| skills.iter().filter(|s| s.kind == RequirementKind::Must).count();
    let asked_must = ask.skills.iter().filter(|s| s.kind == RequirementKind::Must).count();
    let wanted = ask.years.map(f64::from).or_else(|| ask.seniority.map(years_for)).filter(|y| *y > 0.0);
    let mut parts = Vec::new();
    let spanish = language != "en";
    if !ask.skills.is_empty() {
        parts.push(match (spanish, fit.matching_skills.is_empty()) {
            (true, true) => "No encontramos en tu CV ninguna de las habilidades que pide el puesto.".to_owned(),
            (false, true) => "Your CV shows none of the skills the job asks for.".to_owned(),
            (true, false) => format!(
                "Tienes {} de {} habilidades indispensables y {} en total que pide el puesto: {}.",
                must(&fit.matching_skills),
                asked_must,
                fit.matching_skills.len(),
                names(&fit.matching_skills)
            ),
            (false, false) => format!(
                "You have {} of {} must-have skills and {} of the skills the job asks for: {}.",
                must(&fit.matching_skills),
                asked_must,
                fit.matching_skills.len(),
                names(&fit.matching_skills)
            ),
        });
    }
    if !fit.missing_skills.is_empty() {
        parts.push(if spanish {
            format!("Te falta mostrar: {}.", names(&fit.missing_skills))
        } else {
            format!("Missing from your CV: {}.", names(&fit.missing_skills))
        });
    }
    if let Some(wanted) = wanted {
        parts.push(if spanish {
            format!("Tienes {:.1} años de experiencia; el puesto pide unos {wanted:.0}.", offer.years)
        } else {
            format!("You have {:.1} years of experience; the job asks for about {wanted:.0}.", offer.years)
        });
    }
    if fit.same_title {
        parts.push(
            if spanish { "Tu último puesto es el mismo cargo." } else { "Your latest job is this same role." }.into(),
        );
    }
    parts.join(" ")
}

/// What to add or reword in the CV for this posting: must-haves first; skills the CV only
/// mentions in passing, to list plainly.
pub fn suggestions(fit: &Fit, offer: &Offer<'_>, language: &str) -> Vec<String> {
    let spanish = language != "en";
    let mut out: Vec<String> = fit
        .missing_skills
        .iter()
        .take(3)
        .map(|s| match (spanish, s.kind) {
            (true, RequirementKind::Must) => {
                format!("Si tienes experiencia con {}, descríbela en tu CV: el puesto la exige.", s.name)
            }
            (true, RequirementKind::Nice) => format!("Si conoces {}, agrégalo: suma puntos.", s.name),
            (false, RequirementKind::Must) => {
                format!("If you have experience with {}, describe it in your CV: the job requires it.", s.name)
            }
            (false, RequirementKind::Nice) => format!("If you know {}, add it: it is a plus.", s.name),
        })
        .collect();
    for matched in &fit.matching_skills {
        let only_in_text = offer.skills.iter().any(|(id, _, source)| *id == matched.id && *source == "text");
        if only_in_text && out.len() < 5 {
            out.push(if spanish {
                format!("Incluye {} en tu sección de habilidades: hoy solo aparece en tu experiencia.", matched.name)
            } else {
                format!("List {} in your skills section: today it only appears in your experience.", matched.name)
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skill(id: &str, kind: RequirementKind) -> PostingSkill {
        PostingSkill { id: id.into(), name: id.to_uppercase(), category: "x".into(), kind, years: None }
    }

    fn ask(skills: &[PostingSkill]) -> Ask<'_> {
        Ask { skills, seniority: Some("senior"), title: Some("Accountant"), years: Some(3) }
    }

    #[test]
    fn must_haves_weigh_double_and_a_missing_one_caps_the_fit() {
        let asked = [skill("ifrs", RequirementKind::Must), skill("sap-fi", RequirementKind::Nice)];
        let offer = Offer {
            skills: vec![("ifrs", "IFRS", "listed")],
            years: 6.0,
            seniority: Some("senior"),
            titles: vec!["Accountant"],
        };
        let fit = score(&offer, &ask(&asked), Some(0.9));
        assert_eq!(fit.skill_match_score, round(2.0 / 3.0));
        assert_eq!(fit.experience_score, 1.0);
        assert!(fit.same_title);
        assert_eq!(fit.missing_skills[0].id, "sap-fi");

        let lacking = Offer {
            skills: vec![("sap-fi", "SAP FI", "listed")],
            years: 6.0,
            seniority: Some("senior"),
            titles: vec!["Accountant"],
        };
        let worse = score(&lacking, &ask(&asked), Some(0.9));
        assert!(worse.overall_score <= 0.85 && worse.overall_score < fit.overall_score);
    }

    #[test]
    fn experience_counts_up_to_what_is_asked() {
        let asked = [skill("ifrs", RequirementKind::Must)];
        let junior = Offer { skills: vec![("ifrs", "IFRS", "listed")], years: 1.5, seniority: None, titles: vec![] };
        assert_eq!(score(&junior, &ask(&asked), None).experience_score, 0.5);
        let no_years = Ask { years: None, seniority: Some("mid"), ..ask(&asked) };
        assert_eq!(score(&junior, &no_years, None).experience_score, 0.5);
    }

    #[test]
    fn a_job_below_the_persons_level_fits_less() {
        let asked = [skill("ifrs", RequirementKind::Must)];
        let senior =
            Offer { skills: vec![("ifrs", "IFRS", "listed")], years: 9.0, seniority: Some("senior"), titles: vec![] };
        let internship = Ask { skills: &asked, seniority: Some("intern"), title: None, years: None };
        assert_eq!(score(&senior, &internship, None).experience_score, 0.0);
        let junior_job = Ask { seniority: Some("junior"), ..internship.clone() };
        assert_eq!(score(&senior, &junior_job, None).experience_score, round(1.0 / 3.0));
        let senior_job = Ask { seniority: Some("senior"), ..internship };
        assert_eq!(score(&senior, &senior_job, None).experience_score, 1.0);
    }

    #[test]
    fn the_explanation_says_what_matched_and_what_is_missing_in_the_cvs_language() {
        let asked = [skill("ifrs", RequirementKind::Must), skill("sap-fi", RequirementKind::Must)];
        let offer = Offer { skills: vec![("ifrs", "IFRS", "text")], years: 2.0, seniority: None, titles: vec![] };
        let fit = score(&offer, &ask(&asked), Some(0.8));
        let es = explain(&fit, &offer, &ask(&asked), "es");
        assert!(es.contains("1 de 2 habilidades indispensables") && es.contains("Te falta mostrar: SAP-FI"), "{es}");
        assert!(es.contains("2.0 años") && es.contains("pide unos 3"), "{es}");
        let en = explain(&fit, &offer, &ask(&asked), "en");
        assert!(en.starts_with("You have 1 of 2 must-have skills"), "{en}");
        let tips = suggestions(&fit, &offer, "es");
        assert!(tips[0].contains("SAP-FI") && tips[0].contains("exige"), "{tips:?}");
        assert!(tips.iter().any(|t| t.contains("IFRS") && t.contains("sección de habilidades")), "{tips:?}");
    }
}
