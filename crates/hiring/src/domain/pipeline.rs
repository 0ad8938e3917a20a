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
pub struct StageInput {
    #[schema(pattern = "^[a-z][a-z0-9_]{0,39}$")]
    pub key: Option<String>,
    #[schema(min_length = 1, max_length = 60)]
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

/// The pipeline a company asks for, checked: `applied` first, `hired` last, keys known or new,
/// unique, names 1 to 60 characters, at most 12 stages. `current` is the pipeline as it is: a key
/// not in it is refused (stages are added without a key).
pub fn revise(current: &[Stage], input: &[StageInput]) -> Result<Vec<Stage>, AppError> {
    let mut errors = Vec::new();
    if input.len() < 2 || input.len() > MAX_STAGES {
        errors.push(FieldError::new("stages", "length", format!("a pipeline has 2 to {MAX_STAGES} stages")));
    }
    let mut stages: Vec<Stage> = Vec::with_capacity(input.len());
    for (i, stage) in input.iter().enumerate() {
        let name = stage.name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
            errors.push(FieldError::new(format!("stages[{i}].name"), "length", "1 to 60 characters"));
        }
        let key = match &stage.key {
            Some(key) if current.iter().any(|s| &s.key == key) => key.clone(),
            Some(_) => {
                errors.push(FieldError::new(
                    format!("stages[{i}].key"),
                    "unknown",
                    "not a stage of this pipeline: send a new stage without a key",
                ));
                continue;
            }
            None => {
                let taken: Vec<String> = current.iter().chain(stages.iter()).map(|s| s.key.clone()).collect();
                key_from_name(name, &taken)
            }
        };
        if stages.iter().any(|s| s.key == key) {
            errors.push(FieldError::new(format!("stages[{i}].key"), "duplicate", "each stage appears once"));
        }
        stages.push(Stage { key, name: name.to_owned() });
    }
    if stages.first().is_some_and(|s| s.key != APPLIED) || stages.last().is_some_and(|s| s.key != HIRED) {
        errors.push(FieldError::new("stages", "bounds", "the first stage is `applied` and the last is `hired`"));
    }
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
        let revised = revise(
            &current,
            &input(&[
                (Some("applied"), "Recibidas"),
                (None, "Llamada con RR. HH."),
                (Some("technical"), "Reto técnico"),
                (Some("interview"), "Entrevista final"),
                (Some("hired"), "Contratado"),
            ]),
        )
        .unwrap();
        let keys: Vec<&str> = revised.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["applied", "llamada_con_rr_hh", "technical", "interview", "hired"]);
        assert_eq!(revised[0].name, "Recibidas");
    }

    #[test]
    fn a_new_stage_never_takes_a_used_or_reserved_key() {
        let current = default_stages();
        let revised = revise(
            &current,
            &input(&[(Some("applied"), "A"), (None, "Interview"), (None, "Rejected"), (Some("hired"), "H")]),
        )
        .unwrap();
        assert_eq!(revised[1].key, "interview_2");
        assert_eq!(revised[2].key, "rejected_2");
        let revised =
            revise(&current, &input(&[(Some("applied"), "A"), (None, "3er filtro"), (Some("hired"), "H")])).unwrap();
        assert_eq!(revised[1].key, "s_3er_filtro");
    }

    #[test]
    fn bounds_unknown_keys_duplicates_and_names_are_refused() {
        let current = default_stages();
        let refused = |stages: &[(Option<&str>, &str)]| match revise(&current, &input(stages)) {
            Err(AppError::Validation(errors)) => errors.into_iter().map(|e| e.code).collect::<Vec<_>>(),
            other => panic!("expected a validation error, got {other:?}"),
        };
        assert_eq!(refused(&[(Some("screening"), "S"), (Some("hired"), "H")]), ["bounds"]);
        assert_eq!(refused(&[(Some("applied"), "A"), (Some("offer"), "O")]), ["bounds"]);
        assert_eq!(refused(&[(Some("applied"), "A"), (Some("nope"), "N"), (Some("hired"), "H")]), ["unknown"]);
        assert_eq!(refused(&[(Some("applied"), "A"), (Some("applied"), "B"), (Some("hired"), "H")]), ["duplicate"]);
        assert_eq!(refused(&[(Some("applied"), " "), (Some("hired"), "H")]), ["length"]);
        assert_eq!(refused(&[(Some("hired"), "H")]), ["length", "bounds"]);
    }
}
