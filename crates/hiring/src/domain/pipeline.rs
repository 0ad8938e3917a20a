//! A job's pipeline: its ordered stages. Every pipeline starts at `applied` and ends at `hired`;
//! between them a company renames, adds, removes and reorders stages per job.

use kernel::text::fold;
use kernel::{AppError, FieldError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const APPLIED: &str = "applied";
pub const HIRED: &str = "hired";
/// Outcomes, not stages: no stage may take these keys.
const RESERVED: [&str; 2] = ["rejected", "withdrawn"];
pub const MAX_STAGES: usize = 12;
const MAX_KEY_CHARS: usize = 40;
const MAX_NAME_CHARS: usize = 60;

/// One stage of a job's pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Stage {
    /// Stable machine name (`applied`, `screening`, …, or made from the name of a stage added).
    #[schema(pattern = "^[a-z][a-z0-9_]{0,39}$")]
    pub key: String,
    /// What the company calls it.
    pub name: String,
}

/// The stages every new pipeline starts with.
pub fn default_stages() -> Vec<Stage> {
    [
        (APPLIED, "Postulación"),
        ("screening", "Evaluación inicial"),
        ("interview", "Entrevista"),
        ("technical", "Prueba técnica"),
        ("offer", "Oferta"),
        (HIRED, "Contratado"),
    ]
    .into_iter()
    .map(|(key, name)| Stage { key: key.into(), name: name.into() })
    .collect()
}

/// A stage as a company sends it: an existing key to keep (and rename), or none for a new stage.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StageInput {
    #[schema(pattern = "^[a-z][a-z0-9_]{0,39}$")]
    pub key: Option<String>,
    #[schema(min_length = 1, max_length = 60, pattern = r"\S")]
    pub name: String,
}

/// Whether `key` is a well-formed stage key.
pub fn valid_key(key: &str) -> bool {
    let mut chars = key.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && key.len() <= MAX_KEY_CHARS
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A key for a new stage from its name: folded, words joined by `_`, unique among `taken`.
fn key_from_name(name: &str, taken: &[String]) -> String {
    let folded = fold(name);
    let words: Vec<&str> = folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let mut base: String = words.join("_").chars().take(MAX_KEY_CHARS - 3).collect();
    if !base.starts_with(|c: char| c.is_ascii_lowercase()) {
        base = format!("s_{base}").chars().take(MAX_KEY_CHARS - 3).collect();
    }
    let base = base.trim_end_matches('_').to_owned();
    let mut key = base.clone();
    let mut n = 2;
    while taken.contains(&key) || RESERVED.contains(&key.as_str()) {
        key = format!("{base}_{n}");
        n += 1;
    }
    key
}

/// The pipeline a company asks for: `applied` (renamed when `applied_name` is given), the
/// `middle` stages in order, then `hired` (likewise). A middle stage keeps its key when it sends one
/// (renamed, moved) and gets one made from its name when it is new. At most 10 middle stages
/// (422); a key that is not a middle stage of `current`, or twice, conflicts with it (409).
pub fn revise(
    current: &[Stage],
    applied_name: Option<&str>,
    middle: &[StageInput],
    hired_name: Option<&str>,
) -> Result<Vec<Stage>, AppError> {
    let mut errors = Vec::new();
    if middle.len() > MAX_STAGES - 2 {
        errors.push(FieldError::new(
            "stages",
            "length",
            format!("at most {} stages between applied and hired", MAX_STAGES - 2),
        ));
    }
    let name_of = |field: String, name: &str, errors: &mut Vec<FieldError>| {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
            errors.push(FieldError::new(field, "length", "1 to 60 characters"));
        }
        name.to_owned()
    };
    let end = |key: &str, name: Option<&str>, field: &str, errors: &mut Vec<FieldError>| {
        let kept = current.iter().find(|s| s.key == key).map_or(key, |s| s.name.as_str()).to_owned();
        Stage { key: key.to_owned(), name: name.map_or(kept, |name| name_of(field.into(), name, errors)) }
    };
    let mut stages = vec![end(APPLIED, applied_name, "applied_name", &mut errors)];
    for (i, stage) in middle.iter().enumerate() {
        let name = name_of(format!("stages[{i}].name"), &stage.name, &mut errors);
        let key = match &stage.key {
            Some(key) if key != APPLIED && key != HIRED && current.iter().any(|s| &s.key == key) => key.clone(),
            Some(key) => {
                return Err(AppError::Conflict(format!(
                    "`{key}` is not a stage between applied and hired in this pipeline: send a new stage without a key"
                )));
            }
            None => {
                let taken: Vec<String> = current.iter().chain(stages.iter()).map(|s| s.key.clone()).collect();
                key_from_name(&name, &taken)
            }
        };
        if stages.iter().any(|s| s.key == key) {
            return Err(AppError::Conflict(format!("`{key}` appears twice: each stage appears once")));
        }
        stages.push(Stage { key, name });
    }
    stages.push(end(HIRED, hired_name, "hired_name", &mut errors));
    if errors.is_empty() { Ok(stages) } else { Err(AppError::Validation(errors)) }
}

/// Where `key` is in `stages`.
pub fn position(stages: &[Stage], key: &str) -> Option<usize> {
    stages.iter().position(|s| s.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(stages: &[(Option<&str>, &str)]) -> Vec<StageInput> {
        stages.iter().map(|(key, name)| StageInput { key: key.map(str::to_owned), name: (*name).into() }).collect()
    }

    #[test]
    fn the_default_pipeline_runs_from_applied_to_hired() {
        let stages = default_stages();
        assert_eq!(stages.first().map(|s| s.key.as_str()), Some(APPLIED));
        assert_eq!(stages.last().map(|s| s.key.as_str()), Some(HIRED));
        assert!(stages.iter().all(|s| valid_key(&s.key)));
    }

    #[test]
    fn stages_are_renamed_added_reordered_and_removed() {
        let current = default_stages();
        let middle = input(&[
            (None, "Llamada con RR. HH."),
            (Some("technical"), "Reto técnico"),
            (Some("interview"), "Entrevista final"),
        ]);
        let revised = revise(&current, Some("Recibidas"), &middle, None).unwrap();
        let keys: Vec<&str> = revised.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["applied", "llamada_con_rr_hh", "technical", "interview", "hired"]);
        assert_eq!((revised[0].name.as_str(), revised[4].name.as_str()), ("Recibidas", "Contratado"));
        assert_eq!(revise(&current, None, &[], None).unwrap().len(), 2);
    }

    #[test]
    fn a_new_stage_never_takes_a_used_or_reserved_key() {
        let current = default_stages();
        let revised =
            revise(&current, None, &input(&[(None, "Interview"), (None, "Rejected"), (None, "Hired")]), None).unwrap();
        let keys: Vec<&str> = revised.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["applied", "interview_2", "rejected_2", "hired_2", "hired"]);
        let revised = revise(&current, None, &input(&[(None, "3er filtro")]), None).unwrap();
        assert_eq!(revised[1].key, "s_3er_filtro");
    }

    #[test]
    fn unknown_or_repeated_keys_conflict_and_bad_names_are_refused() {
        let current = default_stages();
        let conflict = |middle: &[(Option<&str>, &str)]| {
            matches!(revise(&current, None, &input(middle), None), Err(AppError::Conflict(_)))
        };
        assert!(conflict(&[(Some("nope"), "N")]));
        assert!(conflict(&[(Some("applied"), "A")]), "the ends are not middle stages");
        assert!(conflict(&[(Some("offer"), "A"), (Some("offer"), "B")]));
        let invalid = |applied: Option<&str>, middle: &[(Option<&str>, &str)]| match revise(
            &current,
            applied,
            &input(middle),
            None,
        ) {
            Err(AppError::Validation(errors)) => errors.into_iter().map(|e| e.field).collect::<Vec<_>>(),
            other => panic!("expected a validation error, got {other:?}"),
        };
        assert_eq!(invalid(Some(" "), &[]), ["applied_name"]);
        assert_eq!(invalid(None, &[(None, "  ")]), ["stages[0].name"]);
        let eleven: Vec<(Option<&str>, &str)> = (0..11).map(|_| (None, "x")).collect();
        assert_eq!(invalid(None, &eleven), ["stages"]);
    }
}
