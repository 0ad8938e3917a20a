//! Blind review (bias reduction): while a company's rule says so, who a candidate is (name, photo,
//! email, phone, age, address, and what gives them away: links, the CV's file name) stays hidden
//! from the company until the application reaches the chosen stage.

use kernel::text::fold;

use super::applications::Status;
use super::pipeline::{Stage, position};

/// What replaces a hidden word.
pub const MASK: &str = "████";

/// A company's rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlindReview {
    pub enabled: bool,
    /// The stage from which the company sees who the candidate is.
    pub reveal_stage: String,
}

/// Whether the company must not see who is behind an application at `stage`: blind review is on,
/// the candidate was not hired, and the stage comes before the reveal stage (every stage does
/// when the job's pipeline lacks it).
pub fn hides_identity(rule: &BlindReview, stages: &[Stage], status: Status, stage: &str) -> bool {
    if !rule.enabled || status == Status::Hired {
        return false;
    }
    match (position(stages, &rule.reveal_stage), position(stages, stage)) {
        (Some(reveal), Some(here)) => here < reveal,
        _ => true,
    }
}

/// The stages at which the company sees who the candidate is (all of them without blind review).
pub fn revealing_stages(rule: &BlindReview, stages: &[Stage]) -> Vec<String> {
    stages
        .iter()
        .filter(|stage| !hides_identity(rule, stages, Status::Active, &stage.key))
        .map(|stage| stage.key.clone())
        .collect()
}

/// Lines about the person rather than their work, dropped whole: beginnings (folded) that say so
/// whatever follows them.
const PERSONAL_LINES: [&str; 16] = [
    "fecha de nacimiento",
    "f. nacimiento",
    "lugar de nacimiento",
    "date of birth",
    "birth date",
    "dni",
    "documento de identidad",
    "carnet de extranjeria",
    "pasaporte",
    "passport",
    "direccion",
    "domicilio",
    "estado civil",
    "marital status",
    "nacionalidad",
    "nationality",
];
/// Words that start personal lines only when a colon or a number follows ("Edad: 34", "Age 29",
/// not "Age of Empires").
const PERSONAL_LABELS: [&str; 6] = ["nacimiento", "edad", "age", "born", "birthdate", "address"];

/// `text` with the person's identity masked: lines about them (birth, age, documents, address,
/// marital status, nationality) dropped, and emails, links, phone numbers and the words of their
/// name replaced by [`MASK`].
pub fn redact(text: &str, names: &[String]) -> String {
    let name_words: Vec<String> = names
        .iter()
        .flat_map(|name| fold(name).split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        .filter(|word| word.chars().count() >= 3)
        .collect();
    text.lines()
        .filter(|line| !is_personal_line(line))
        .map(|line| redact_line(line, &name_words))
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_personal_line(line: &str) -> bool {
    let folded = fold(line.trim_start_matches(|c: char| !c.is_alphanumeric()));
    let whole_word = |start: &&str| folded.strip_prefix(*start).filter(|rest| !rest.starts_with(char::is_alphanumeric));
    PERSONAL_LINES.iter().any(|start| whole_word(start).is_some())
        || PERSONAL_LABELS
            .iter()
            .filter_map(whole_word)
            .any(|rest| rest.trim_start().starts_with(|c: char| c == ':' || c.is_ascii_digit()))
}

fn redact_line(line: &str, name_words: &[String]) -> String {
    let mut out = String::with_capacity(line.len());
    let mut digits_run = String::new();
    for token in line.split_inclusive(char::is_whitespace) {
        let word = token.trim_end();
        let trailing = &token[word.len()..];
        let core = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '@' && c != '+');
        let phone_part =
            !core.is_empty() && core.chars().all(|c| c.is_ascii_digit() || "+-().".contains(c)) && !is_years(core);
        if phone_part {
            digits_run.push_str(token);
            continue;
        }
        flush_digits(&mut out, &mut digits_run);
        let folded = fold(core);
        let hidden = core.contains('@')
            || is_link(&folded)
            || name_words.iter().any(|name| folded.split(|c: char| !c.is_alphanumeric()).any(|part| part == name));
        if hidden {
            out.push_str(MASK);
            out.push_str(trailing);
        } else {
            out.push_str(token);
        }
    }
    flush_digits(&mut out, &mut digits_run);
    out
}

/// A run of number-like tokens is a phone (masked) when it holds 7 or more digits.
fn flush_digits(out: &mut String, run: &mut String) {
    if run.chars().filter(char::is_ascii_digit).count() >= 7 {
        let trailing = &run[run.trim_end().len()..];
        out.push_str(MASK);
        out.push_str(trailing);
    } else {
        out.push_str(run);
    }
    run.clear();
}

/// "2019", "2019-2024": years, not part of a phone number.
fn is_years(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|group| !group.is_empty())
        .all(|group| group.len() == 4 && (group.starts_with("19") || group.starts_with("20")))
}

fn is_link(folded: &str) -> bool {
    folded.starts_with("http")
        || folded.starts_with("www.")
        || ["linkedin.com", "github.com", "gitlab.com", "behance.net", "facebook.com", "instagram.com"]
            .iter()
            .any(|site| folded.contains(site))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::pipeline::default_stages;

    fn rule(enabled: bool) -> BlindReview {
        BlindReview { enabled, reveal_stage: "interview".into() }
    }

    #[test]
    fn identity_is_hidden_before_the_reveal_stage_only() {
        let stages = default_stages();
        assert!(hides_identity(&rule(true), &stages, Status::Active, "applied"));
        assert!(hides_identity(&rule(true), &stages, Status::Rejected, "screening"));
        assert!(!hides_identity(&rule(true), &stages, Status::Active, "interview"));
        assert!(!hides_identity(&rule(true), &stages, Status::Active, "offer"));
        assert!(!hides_identity(&rule(true), &stages, Status::Hired, "hired"));
        assert!(!hides_identity(&rule(false), &stages, Status::Active, "applied"));
        assert_eq!(revealing_stages(&rule(true), &stages), ["interview", "technical", "offer", "hired"]);
    }

    #[test]
    fn a_pipeline_without_the_reveal_stage_hides_until_hired() {
        let stages: Vec<Stage> = default_stages().into_iter().filter(|s| s.key != "interview").collect();
        assert!(hides_identity(&rule(true), &stages, Status::Active, "offer"));
        assert!(!hides_identity(&rule(true), &stages, Status::Hired, "hired"));
    }

    #[test]
    fn contact_details_names_and_personal_lines_are_masked() {
        let text = "María José Quispe Huamán\n\
                    Fecha de nacimiento: 12/03/1990\n\
                    Edad: 34 años\n\
                    DNI 45678912\n\
                    Dirección: Av. Arequipa 1234, Lince\n\
                    Correo: mjquispe@gmail.com | Cel: +51 987 654 321\n\
                    linkedin.com/in/mjquispe — https://github.com/mjq\n\
                    Analista de datos en Interbank (2019–2024): SQL, Python, 3 000 000 registros.\n\
                    Trabajé con Quispe-Huamán Consultores";
        let redacted = redact(text, &["María José Quispe Huamán".into()]);
        for leaked in [
            "María", "José", "Quispe", "Huamán", "1990", "34 años", "45678912", "Arequipa", "gmail", "987", "654",
            "linkedin", "github",
        ] {
            assert!(!redacted.contains(leaked), "{leaked} leaked in:\n{redacted}");
        }
        assert!(redacted.contains("Analista de datos en Interbank (2019–2024): SQL, Python"), "{redacted}");
    }

    #[test]
    fn work_text_without_identity_is_kept_as_written() {
        let text = "Lideré un equipo de 8 personas.\nAge of Empires tournament organiser\nAddressed 120 tickets a week";
        assert_eq!(
            redact(text, &["Ana Torres".into()]),
            "Lideré un equipo de 8 personas.\nAge of Empires tournament organiser\nAddressed 120 tickets a week"
        );
    }
}
