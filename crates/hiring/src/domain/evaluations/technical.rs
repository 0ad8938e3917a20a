//! Technical evaluations, pure: their states and the shape of what they record (repository and
//! pull-request URLs, commit SHAs, languages).

use kernel::{AppError, FieldError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Checks, URL_CHARS};

/// Where a technical evaluation is: waiting for the candidate's code, submitted for review, or
/// reviewed (scored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = TechnicalEvaluationStatus)]
pub enum EvaluationStatus {
    Pending,
    Submitted,
    Reviewed,
}

impl EvaluationStatus {
    pub const ALL: [Self; 3] = [Self::Pending, Self::Submitted, Self::Reviewed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Submitted => "submitted",
            Self::Reviewed => "reviewed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// How hard a challenge is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = ChallengeDifficulty)]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
    Expert,
}

impl Difficulty {
    pub const ALL: [Self; 4] = [Self::Easy, Self::Medium, Self::Hard, Self::Expert];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Easy => "easy",
            Self::Medium => "medium",
            Self::Hard => "hard",
            Self::Expert => "expert",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == text)
    }
}

/// Where a repository or pull request lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = RepositoryProvider)]
pub enum Provider {
    Github,
    Gitlab,
    Bitbucket,
    Other,
}

// ---- technical evaluations --------------------------------------------------------------------

/// Whether a technical evaluation may go from `from` to `to`: pending → submitted → reviewed, and
/// reviewed back to submitted (a new commit to review). Staying is no move.
pub fn check_move(from: EvaluationStatus, to: EvaluationStatus) -> Result<(), AppError> {
    use EvaluationStatus::*;
    if from == to {
        return Ok(());
    }
    match (from, to) {
        (Pending, Reviewed) => {
            Err(AppError::Conflict("nothing was submitted yet: mark it `submitted` before `reviewed`".into()))
        }
        (_, Pending) => {
            Err(AppError::Conflict("the candidate's code was submitted: it cannot be pending again".into()))
        }
        (Pending, Submitted) | (Submitted, Reviewed) | (Reviewed, Submitted) => Ok(()),
        (Submitted, Submitted) | (Reviewed, Reviewed) => Ok(()),
    }
}

/// What a status needs recorded: a submission needs the repository; a review needs its score.
pub fn check_requirements(
    status: EvaluationStatus,
    has_repository: bool,
    has_code_quality: bool,
) -> Result<(), AppError> {
    let mut checks = Checks::default();
    if status != EvaluationStatus::Pending && !has_repository {
        checks.fail("repository_url", "required", "a submitted evaluation needs the candidate's repository");
    }
    if status == EvaluationStatus::Reviewed && !has_code_quality {
        checks.fail("code_quality_score", "required", "a review needs the code-quality score (0 to 100)");
    }
    checks.done()
}

fn is_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    (1..=63).contains(&bytes.len())
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        && bytes[0] != b'-'
        && bytes[bytes.len() - 1] != b'-'
}

/// Whether `url` matches [`URL_PATTERN`]: `https://`, a host of DNS labels ending in a
/// letters-only top-level domain, then nothing or a path of visible ASCII characters.
pub fn https_url(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://") else { return false };
    let (host, path) = rest.find('/').map_or((rest, ""), |at| rest.split_at(at));
    let Some((labels, tld)) = host.rsplit_once('.') else { return false };
    labels.split('.').all(is_label)
        && (2..=63).contains(&tld.len())
        && tld.bytes().all(|b| b.is_ascii_alphabetic())
        && path.bytes().all(|b| b.is_ascii_graphic())
}

/// The host an https URL names, lower case.
pub fn provider(url: &str) -> Provider {
    let host = url.strip_prefix("https://").unwrap_or(url).split('/').next().unwrap_or_default().to_ascii_lowercase();
    let on = |domain: &str| host == domain || host.ends_with(&format!(".{domain}"));
    if on("github.com") {
        Provider::Github
    } else if on("gitlab.com") {
        Provider::Gitlab
    } else if on("bitbucket.org") {
        Provider::Bitbucket
    } else {
        Provider::Other
    }
}

/// A repository or pull-request URL: https, at most 500 characters.
pub fn checked_url(field: &str, url: &str) -> Result<String, FieldError> {
    if url.chars().count() > URL_CHARS {
        return Err(FieldError::new(field, "too_long", format!("at most {URL_CHARS} characters")));
    }
    if !https_url(url) {
        return Err(FieldError::new(field, "invalid", "an https URL, e.g. https://github.com/owner/repository"));
    }
    Ok(url.to_owned())
}

/// A commit SHA of 7 to 40 hexadecimal digits, lower case.
pub fn checked_sha(field: &str, sha: &str) -> Result<String, FieldError> {
    if (7..=40).contains(&sha.len()) && sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(sha.to_ascii_lowercase())
    } else {
        Err(FieldError::new(field, "invalid", "a commit SHA: 7 to 40 hexadecimal digits"))
    }
}

/// A programming language's short name ([`LANGUAGE_PATTERN`]), lower case.
pub fn checked_language(field: &str, language: &str) -> Result<String, FieldError> {
    let bytes = language.as_bytes();
    let valid = (1..=30).contains(&bytes.len())
        && bytes[0].is_ascii_alphanumeric()
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || b"+#._-".contains(b));
    if valid {
        Ok(language.to_ascii_lowercase())
    } else {
        Err(FieldError::new(field, "invalid", "a language's short name, e.g. rust, python, c++, node.js"))
    }
}

#[cfg(test)]
mod tests {
    use super::super::fields;
    use super::*;

    #[test]
    fn technical_evaluations_move_forward_and_reopen_for_a_new_commit() {
        use EvaluationStatus::*;
        for (from, to) in [(Pending, Submitted), (Submitted, Reviewed), (Reviewed, Submitted), (Reviewed, Reviewed)] {
            check_move(from, to).unwrap();
        }
        for (from, to) in [(Pending, Reviewed), (Submitted, Pending), (Reviewed, Pending)] {
            assert!(matches!(check_move(from, to), Err(AppError::Conflict(_))), "{from:?} -> {to:?}");
        }
    }

    #[test]
    fn a_submission_needs_a_repository_and_a_review_its_score() {
        use EvaluationStatus::*;
        check_requirements(Pending, false, false).unwrap();
        check_requirements(Submitted, true, false).unwrap();
        check_requirements(Reviewed, true, true).unwrap();
        assert_eq!(fields(check_requirements(Submitted, false, false).unwrap_err()), ["repository_url"]);
        assert_eq!(
            fields(check_requirements(Reviewed, false, false).unwrap_err()),
            ["repository_url", "code_quality_score"]
        );
    }

    #[test]
    fn urls_are_https_on_a_named_host() {
        for url in [
            "https://github.com/ana/inventario",
            "https://gitlab.com/grupo/sub/proyecto.git",
            "https://bitbucket.org/ana/api/pull-requests/7?diff=1#L3",
            "https://git.example.pe",
            "https://GitHub.com/Ana",
            "https://x.co/",
        ] {
            assert!(https_url(url), "{url}");
        }
        for url in [
            "http://github.com/ana/repo",
            "https://",
            "https://localhost/repo",
            "https://192.168.0.1/repo",
            "https://github.com:8443/repo",
            "https://user@github.com/repo",
            "https://-bad.com/x",
            "https://bad-.com/x",
            "https://github..com/x",
            "https://github.com/a b",
            "https://github.com/ñ",
            "https://github.c0m/x",
            "javascript:alert(1)",
            " https://github.com/ana/repo",
        ] {
            assert!(!https_url(url), "{url}");
        }
        assert!(checked_url("repository_url", &format!("https://github.com/{}", "a".repeat(480))).is_ok());
        let long = checked_url("repository_url", &format!("https://github.com/{}", "a".repeat(482))).unwrap_err();
        assert_eq!((long.field.as_str(), long.code.as_str()), ("repository_url", "too_long"));
    }

    #[test]
    fn providers_are_known_by_host() {
        assert_eq!(provider("https://github.com/ana/x"), Provider::Github);
        assert_eq!(provider("https://GITLAB.com/ana/x"), Provider::Gitlab);
        assert_eq!(provider("https://bitbucket.org/ana/x"), Provider::Bitbucket);
        assert_eq!(provider("https://gist.github.com/ana/1"), Provider::Github);
        assert_eq!(provider("https://notgithub.com/ana/x"), Provider::Other);
        assert_eq!(provider("https://git.example.pe/ana/x"), Provider::Other);
    }

    #[test]
    fn commit_shas_are_7_to_40_hex_digits() {
        assert_eq!(checked_sha("commit_sha", "A1B2C3D").unwrap(), "a1b2c3d");
        assert!(checked_sha("commit_sha", &"f".repeat(40)).is_ok());
        for sha in ["a1b2c3", &"f".repeat(41), "g1b2c3d4", "a1b2 c3d", ""] {
            assert_eq!(checked_sha("commit_sha", sha).unwrap_err().field, "commit_sha", "{sha}");
        }
    }

    #[test]
    fn languages_are_short_names() {
        assert_eq!(checked_language("l", "Rust").unwrap(), "rust");
        for ok in ["c++", "c#", "node.js", "objective-c", "f_sharp", "x"] {
            assert!(checked_language("l", ok).is_ok(), "{ok}");
        }
        for bad in ["", "+c", "has space", "ñ", &"a".repeat(31)] {
            assert!(checked_language("l", bad).is_err(), "{bad}");
        }
    }
}
