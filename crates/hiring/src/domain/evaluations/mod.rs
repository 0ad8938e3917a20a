//! How a company evaluates applications, pure: each job's scorecard criteria and how a company
//! revises them, the aggregate of its evaluators' scores, and technical evaluations (their states
//! and the shape of what they record: repository and pull-request URLs, commit SHAs, languages).

mod scorecards;
mod technical;

use kernel::{AppError, FieldError};

pub use scorecards::*;
pub use technical::*;

pub const MAX_CRITERIA: usize = 15;
pub const CRITERION_NAME_CHARS: usize = 100;
pub const CRITERION_DESCRIPTION_CHARS: usize = 500;
pub const COMMENT_CHARS: usize = 2000;
pub const URL_CHARS: usize = 500;
pub const MAX_LANGUAGES: usize = 5;

/// An https URL on a named host (no IP address, no port, no user): what `https_url` accepts,
/// as the OpenAPI pattern states it.
pub const URL_PATTERN: &str = r"^https://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(/[!-~]*)?$";
/// A commit SHA, abbreviated (7) to full (40).
pub const SHA_PATTERN: &str = "^[0-9a-fA-F]{7,40}$";
/// A programming language's short name: `rust`, `python`, `c++`, `c#`, `node.js`.
pub const LANGUAGE_PATTERN: &str = "^[A-Za-z0-9][A-Za-z0-9+#._-]{0,29}$";

// ---- text -------------------------------------------------------------------------------------

/// Only white space (Unicode's), as a pattern's `\S` (no such character) sees it.
fn is_blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

/// Text within `max` characters as sent (what `max_length` documents), trimmed; blank is `None`.
pub fn optional_text(field: &str, text: Option<&str>, max: usize) -> Result<Option<String>, FieldError> {
    let Some(text) = text else { return Ok(None) };
    if text.chars().count() > max {
        return Err(FieldError::new(field, "too_long", format!("at most {max} characters")));
    }
    if kernel::input::has_control_character(text) {
        return Err(FieldError::new(field, "invalid", "must not contain control characters"));
    }
    Ok((!is_blank(text)).then(|| text.trim().to_owned()))
}

/// The same, where something must be written (1 to `max` characters, not only spaces).
pub fn required_text(field: &str, text: &str, max: usize) -> Result<String, FieldError> {
    optional_text(field, Some(text), max)?
        .ok_or_else(|| FieldError::new(field, "required", format!("1 to {max} characters, not only spaces")))
}

/// Collects field errors, then answers one 422 naming every field.
#[derive(Debug, Default)]
pub struct Checks(Vec<FieldError>);

impl Checks {
    pub fn take<T: Default>(&mut self, checked: Result<T, FieldError>) -> T {
        checked.unwrap_or_else(|error| {
            self.0.push(error);
            T::default()
        })
    }

    pub fn fail(&mut self, field: &str, code: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, code, message));
    }

    pub fn done(self) -> Result<(), AppError> {
        if self.0.is_empty() { Ok(()) } else { Err(AppError::Validation(self.0)) }
    }
}

/// The fields a validation error names, in order.
#[cfg(test)]
fn fields(error: AppError) -> Vec<String> {
    match error {
        AppError::Validation(errors) => errors.into_iter().map(|e| e.field).collect(),
        other => panic!("not a validation error: {other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_descriptions_are_none_and_lengths_count_characters_as_sent() {
        assert_eq!(optional_text("d", Some("  \u{3000}\n "), 10).unwrap(), None);
        assert_eq!(optional_text("d", Some(" ñandú "), 7).unwrap(), Some("ñandú".into()));
        assert!(optional_text("d", Some(" ñandú  "), 7).is_err(), "8 characters as sent");
        assert!(required_text("n", "\u{3000}", 10).is_err());
        assert!(required_text("n", "a\u{0}b", 10).is_err());
    }

    #[test]
    fn names_round_trip() {
        for r in Recommendation::ALL {
            assert_eq!(Recommendation::parse(r.as_str()), Some(r));
        }
        for s in EvaluationStatus::ALL {
            assert_eq!(EvaluationStatus::parse(s.as_str()), Some(s));
        }
        for d in Difficulty::ALL {
            assert_eq!(Difficulty::parse(d.as_str()), Some(d));
        }
    }
}
