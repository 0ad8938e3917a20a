//! Scorecards, pure: each job's criteria and how a company revises them, and the aggregate of its
//! evaluators' scores.

use kernel::AppError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{CRITERION_DESCRIPTION_CHARS, CRITERION_NAME_CHARS, Checks, MAX_CRITERIA, optional_text, required_text};

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

#[cfg(test)]
mod tests {
    use super::super::fields;
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
}
