//! How a company evaluates applications, pure: each job's scorecard criteria and how a company
//! revises them, the aggregate of its evaluators' scores, and technical evaluations (their states
//! and the shape of what they record: repository and pull-request URLs, commit SHAs, languages).

use kernel::{AppError, FieldError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

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

/// An evaluator's overall call on a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = ScorecardRecommendation)]
pub enum Recommendation {
    StrongNo,
    No,
    Yes,
    StrongYes,
}

impl Recommendation {
    pub const ALL: [Self; 4] = [Self::StrongNo, Self::No, Self::Yes, Self::StrongYes];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::StrongNo => "strong_no",
            Self::No => "no",
            Self::Yes => "yes",
            Self::StrongYes => "strong_yes",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

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

// ---- scorecard criteria -----------------------------------------------------------------------

/// A criterion the job has now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Criterion {
    pub id: Uuid,
    /// Removed from the scorecard after evaluations scored it.
    pub retired: bool,
}

/// A criterion as a company sends it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CriterionInput {
    /// One of the job's criteria to keep (renamed, re-weighted or moved, its scores stay with it);
    /// leave out for a new one.
    pub id: Option<Uuid>,
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub name: String,
    /// What evaluators look for.
    #[schema(max_length = 500)]
    pub description: Option<String>,
    /// How much it counts in the overall score: 1 (default) to 5.
    #[schema(minimum = 1, maximum = 5)]
    pub weight: Option<i16>,
}

/// One criterion of a revised scorecard, at its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisedCriterion {
    /// The existing criterion it keeps (or brings back from retirement); `None` for a new one.
    pub id: Option<Uuid>,
    pub name: String,
    pub description: Option<String>,
    pub weight: i16,
}

/// A scorecard as a company wants it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriteriaRevision {
    /// In order.
    pub criteria: Vec<RevisedCriterion>,
    /// The job's criteria the company left out (current ones, and retired ones again): deleted
    /// where no score uses them, retired otherwise.
    pub removed: Vec<Uuid>,
}

/// Checks a company's new list of criteria against the job's current ones: 1 to 15, names unique
/// (ignoring case and accents), ids only of the job's criteria and each once.
pub fn revise_criteria(current: &[Criterion], input: &[CriterionInput]) -> Result<CriteriaRevision, AppError> {
    let mut checks = Checks::default();
    if input.is_empty() || input.len() > MAX_CRITERIA {
        checks.fail("criteria", "length", format!("1 to {MAX_CRITERIA} criteria"));
    }
    let mut criteria: Vec<RevisedCriterion> = Vec::with_capacity(input.len());
    let mut names: Vec<String> = Vec::with_capacity(input.len());
    for (i, item) in input.iter().enumerate() {
        let field = |name: &str| format!("criteria[{i}].{name}");
        let name = checks.take(required_text(&field("name"), &item.name, CRITERION_NAME_CHARS));
        let description =
            checks.take(optional_text(&field("description"), item.description.as_deref(), CRITERION_DESCRIPTION_CHARS));
        let weight = item.weight.unwrap_or(1);
        if !(1..=5).contains(&weight) {
            checks.fail(&field("weight"), "out_of_range", "a weight is 1 to 5");
        }
        // What conflicts with the scorecard as it is (or with itself) is a 409, not a malformed body.
        if let Some(id) = item.id {
            if !current.iter().any(|c| c.id == id) {
                return Err(AppError::Conflict(format!("criteria[{i}].id is not a criterion of this job's scorecard")));
            } else if criteria.iter().any(|c| c.id == Some(id)) {
                return Err(AppError::Conflict(format!("criteria[{i}].id appears twice: each criterion once")));
            }
        }
        let folded = kernel::text::fold(&name);
        if !name.is_empty() && names.contains(&folded) {
            return Err(AppError::Conflict(format!("criteria[{i}].name: two criteria may not have the same name")));
        }
        names.push(folded);
        criteria.push(RevisedCriterion { id: item.id, name, description, weight });
    }
    checks.done()?;
    let removed = current.iter().filter(|c| !criteria.iter().any(|n| n.id == Some(c.id))).map(|c| c.id).collect();
    Ok(CriteriaRevision { criteria, removed })
}

// ---- the aggregate ----------------------------------------------------------------------------

/// One evaluator's scorecard, as the aggregate counts it.
#[derive(Debug, Clone, PartialEq)]
pub struct CardScores {
    pub recommendation: Recommendation,
    /// (criterion, score 1..5)
    pub scores: Vec<(Uuid, i16)>,
}

/// One criterion across evaluators.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionSummary {
    pub criterion_id: Uuid,
    /// The mean score (to two decimals); `None` until someone scores it.
    pub mean: Option<f64>,
    /// How many evaluators scored it.
    pub count: usize,
}

/// What an application's evaluators say together.
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregate {
    pub evaluators: usize,
    /// In the scorecard's order.
    pub criteria: Vec<CriterionSummary>,
    /// The criteria's means weighted by their weights (criteria nobody scored left out), to two
    /// decimals; `None` when nobody scored any.
    pub overall: Option<f64>,
    /// strong_no, no, yes, strong_yes.
    pub recommendations: [usize; 4],
}

fn two_decimals(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// The aggregate over the scorecard's current `criteria` (id, weight): scores of retired criteria
/// stay with their scorecards but count for nothing here.
pub fn aggregate(criteria: &[(Uuid, i16)], cards: &[CardScores]) -> Aggregate {
    let mut weighted = 0.0;
    let mut weights = 0.0;
    let summaries = criteria
        .iter()
        .map(|&(criterion_id, weight)| {
            let scores: Vec<f64> = cards
                .iter()
                .flat_map(|card| card.scores.iter())
                .filter(|(id, _)| *id == criterion_id)
                .map(|(_, score)| f64::from(*score))
                .collect();
            let mean = (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
            if let Some(mean) = mean {
                weighted += mean * f64::from(weight);
                weights += f64::from(weight);
            }
            CriterionSummary { criterion_id, mean: mean.map(two_decimals), count: scores.len() }
        })
        .collect();
    let mut recommendations = [0; 4];
    for card in cards {
        recommendations[card.recommendation as usize] += 1;
    }
    Aggregate {
        evaluators: cards.len(),
        criteria: summaries,
        overall: (weights > 0.0).then(|| two_decimals(weighted / weights)),
        recommendations,
    }
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
    use super::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn input(id: Option<Uuid>, name: &str, weight: Option<i16>) -> CriterionInput {
        CriterionInput { id, name: name.into(), description: None, weight }
    }

    fn criterion(n: u128, retired: bool) -> Criterion {
        Criterion { id: id(n), retired }
    }

    fn fields(error: AppError) -> Vec<String> {
        match error {
            AppError::Validation(errors) => errors.into_iter().map(|e| e.field).collect(),
            other => panic!("not a validation error: {other:?}"),
        }
    }

    #[test]
    fn criteria_keep_their_ids_and_the_left_out_ones_are_removed() {
        let current = [criterion(1, false), criterion(2, false), criterion(3, true), criterion(4, true)];
        let revision = revise_criteria(
            &current,
            &[
                input(Some(id(2)), "  SQL avanzado ", Some(3)),
                input(None, "Trabajo en equipo", None),
                input(Some(id(3)), "Viejo", None),
            ],
        )
        .unwrap();
        assert_eq!(
            revision.criteria[0],
            RevisedCriterion { id: Some(id(2)), name: "SQL avanzado".into(), description: None, weight: 3 }
        );
        assert_eq!((revision.criteria[1].id, revision.criteria[1].weight), (None, 1));
        assert_eq!(revision.criteria[2].id, Some(id(3)), "a retired criterion may come back");
        assert_eq!(revision.removed, vec![id(1), id(4)]);
    }

    #[test]
    fn criteria_are_refused_field_by_field() {
        let current = [criterion(1, false)];
        assert_eq!(fields(revise_criteria(&current, &[]).unwrap_err()), ["criteria"]);
        let many: Vec<CriterionInput> = (0..16).map(|n| input(None, &format!("c{n}"), None)).collect();
        assert_eq!(fields(revise_criteria(&current, &many).unwrap_err()), ["criteria"]);
        let refused = revise_criteria(
            &current,
            &[
                input(None, "   ", None),
                input(None, "Comunicacion", Some(6)),
                input(None, "Liderazgo", Some(0)),
                CriterionInput {
                    id: Some(id(1)),
                    name: "x".repeat(101),
                    description: Some("d".repeat(501)),
                    weight: None,
                },
            ],
        )
        .unwrap_err();
        assert_eq!(
            fields(refused),
            [
                "criteria[0].name",
                "criteria[1].weight",
                "criteria[2].weight",
                "criteria[3].name",
                "criteria[3].description"
            ]
        );
        // What conflicts with the scorecard as it is, or with the rest of the list, is a 409.
        let conflict =
            |items: &[CriterionInput]| matches!(revise_criteria(&current, items), Err(AppError::Conflict(_)));
        assert!(conflict(&[input(Some(id(9)), "Otro", None)]), "an unknown id");
        assert!(conflict(&[input(Some(id(1)), "SQL", None), input(Some(id(1)), "SQL 2", None)]), "an id twice");
        assert!(conflict(&[input(None, "Comunicacion", None), input(None, "comunicación", None)]), "a name twice");
    }

    #[test]
    fn blank_descriptions_are_none_and_lengths_count_characters_as_sent() {
        assert_eq!(optional_text("d", Some("  \u{3000}\n "), 10).unwrap(), None);
        assert_eq!(optional_text("d", Some(" ñandú "), 7).unwrap(), Some("ñandú".into()));
        assert!(optional_text("d", Some(" ñandú  "), 7).is_err(), "8 characters as sent");
        assert!(required_text("n", "\u{3000}", 10).is_err());
        assert!(required_text("n", "a\u{0}b", 10).is_err());
    }

    fn card(recommendation: Recommendation, scores: &[(u128, i16)]) -> CardScores {
        CardScores { recommendation, scores: scores.iter().map(|(n, s)| (id(*n), *s)).collect() }
    }

    #[test]
    fn the_aggregate_weighs_each_criterion_mean() {
        let criteria = [(id(1), 3), (id(2), 1), (id(3), 2)];
        let cards = [
            card(Recommendation::StrongYes, &[(1, 5), (2, 2)]),
            card(Recommendation::Yes, &[(1, 4), (2, 3), (9, 1)]),
            card(Recommendation::No, &[(1, 3)]),
        ];
        let summary = aggregate(&criteria, &cards);
        assert_eq!(summary.evaluators, 3);
        assert_eq!(summary.criteria[0], CriterionSummary { criterion_id: id(1), mean: Some(4.0), count: 3 });
        assert_eq!(summary.criteria[1], CriterionSummary { criterion_id: id(2), mean: Some(2.5), count: 2 });
        assert_eq!(summary.criteria[2], CriterionSummary { criterion_id: id(3), mean: None, count: 0 });
        // (4.0 * 3 + 2.5 * 1) / 4: the unscored criterion and the retired one (9) count for nothing.
        assert_eq!(summary.overall, Some(3.63));
        assert_eq!(summary.recommendations, [0, 1, 1, 1]);
    }

    #[test]
    fn means_round_to_two_decimals_and_equal_weights_are_a_plain_mean() {
        let criteria = [(id(1), 1), (id(2), 1)];
        let cards = [
            card(Recommendation::Yes, &[(1, 5), (2, 1)]),
            card(Recommendation::Yes, &[(1, 4)]),
            card(Recommendation::StrongNo, &[(1, 4)]),
        ];
        let summary = aggregate(&criteria, &cards);
        assert_eq!(summary.criteria[0].mean, Some(4.33));
        assert_eq!(summary.overall, Some(2.67), "(4.333 + 1) / 2");
        assert_eq!(summary.recommendations, [1, 0, 2, 0]);
    }

    #[test]
    fn an_empty_aggregate_has_no_means() {
        let summary = aggregate(&[(id(1), 2)], &[]);
        assert_eq!(summary.evaluators, 0);
        assert_eq!(summary.overall, None);
        assert_eq!(summary.criteria[0], CriterionSummary { criterion_id: id(1), mean: None, count: 0 });
        assert_eq!(summary.recommendations, [0; 4]);
        assert_eq!(aggregate(&[], &[card(Recommendation::No, &[])]).overall, None);
    }

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
