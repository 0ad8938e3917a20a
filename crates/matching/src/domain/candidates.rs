//! A company's view of a candidate for its job: the same fit as the person sees (scoring.rs),
//! told in the third person, and the similarity of two vectors.

use super::postings::RequirementKind;
use super::scoring::{Ask, Fit, Offer, SkillRef};

/// Cosine similarity of two vectors of the same length (none when either is empty or zero).
pub fn cosine(a: &[f32], b: &[f32]) -> Option<f64> {
    if a.len() != b.len() || a.is_empty() {
        return None;
    }
    let dot: f64 = a.iter().zip(b).map(|(x, y)| f64::from(*x) * f64::from(*y)).sum();
    let norm = |v: &[f32]| v.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt();
    let (na, nb) = (norm(a), norm(b));
    (na > 0.0 && nb > 0.0).then(|| dot / (na * nb))
}

/// The fit in a recruiter's words, in the posting's language: must-haves met and which, what is
/// missing, years against those asked for.
pub fn explain_candidate(fit: &Fit, offer: &Offer<'_>, ask: &Ask<'_>, language: &str) -> String {
    let spanish = language != "en";
    let names = |skills: &[SkillRef]| skills.iter().map(|s| s.name.as_str()).take(6).collect::<Vec<_>>().join(", ");
    let musts = |skills: &[SkillRef]| skills.iter().filter(|s| s.kind == RequirementKind::Must).count();
    let asked_must = ask.skills.iter().filter(|s| s.kind == RequirementKind::Must).count();
    let mut parts = Vec::new();
    if !fit.matching_skills.is_empty() {
        let (met, all, list) = (musts(&fit.matching_skills), fit.matching_skills.len(), names(&fit.matching_skills));
        parts.push(if spanish {
            format!("Muestra {met} de {asked_must} habilidades indispensables y {all} de las pedidas: {list}.")
        } else {
            format!("Shows {met} of {asked_must} must-have skills and {all} of those asked for: {list}.")
        });
    } else if !ask.skills.is_empty() {
        parts.push(
            if spanish {
                "Su CV no muestra las habilidades pedidas."
            } else {
                "The CV shows none of the skills asked for."
            }
            .into(),
        );
    }
    if !fit.missing_skills.is_empty() {
        let list = names(&fit.missing_skills);
        parts.push(if spanish { format!("No muestra: {list}.") } else { format!("Not shown: {list}.") });
    }
    parts.push(match (spanish, ask.years) {
        (true, Some(wanted)) => format!("{:.1} años de experiencia; el puesto pide unos {wanted}.", offer.years),
        (false, Some(wanted)) => format!("{:.1} years of experience; the job asks for about {wanted}.", offer.years),
        (true, None) => format!("{:.1} años de experiencia.", offer.years),
        (false, None) => format!("{:.1} years of experience.", offer.years),
    });
    if fit.same_title {
        parts.push(
            if spanish { "Su último puesto es este mismo cargo." } else { "Their latest job is this same role." }
                .into(),
        );
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::analysis::PostingSkill;
    use crate::domain::scoring::score;

    #[test]
    fn cosine_of_vectors() {
        assert!((cosine(&[1.0, 0.0], &[2.0, 0.0]).unwrap() - 1.0).abs() < 1e-9);
        assert!(cosine(&[1.0, 0.0], &[0.0, 3.0]).unwrap().abs() < 1e-9);
        assert_eq!(cosine(&[1.0], &[1.0, 2.0]), None, "different models' vectors do not compare");
        assert_eq!(cosine(&[0.0, 0.0], &[1.0, 2.0]), None);
    }

    #[test]
    fn a_recruiter_reads_what_the_candidate_shows_and_lacks() {
        let skill = |id: &str, name: &str, kind| PostingSkill {
            id: id.into(),
            name: name.into(),
            category: "data".into(),
            kind,
            years: None,
        };
        let asked = [skill("sql", "SQL", RequirementKind::Must), skill("spark", "Spark", RequirementKind::Must)];
        let ask = Ask { skills: &asked, seniority: None, title: None, years: Some(3) };
        let offer = Offer { skills: vec![("sql", "SQL", "listed")], years: 4.5, seniority: None, titles: vec![] };
        let fit = score(&offer, &ask, None);
        let spanish = explain_candidate(&fit, &offer, &ask, "es");
        assert_eq!(
            spanish,
            "Muestra 1 de 2 habilidades indispensables y 1 de las pedidas: SQL. No muestra: Spark. \
             4.5 años de experiencia; el puesto pide unos 3."
        );
        assert!(explain_candidate(&fit, &offer, &ask, "en").starts_with("Shows 1 of 2 must-have skills"));
    }
}
