//! A person's progress across their interviews: scores over time, per kind and per competency,
//! and the points they miss most. Pure: computed from their answers as stored.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::bank::InterviewType;

/// One stored answer, as progress reads it.
#[derive(Debug, Clone)]
pub struct AnswerRecord {
    pub answered_at: DateTime<Utc>,
    pub interview_type: InterviewType,
    pub competencies: Vec<String>,
    pub score: u8,
    pub missed_points: Vec<String>,
    /// `(name, score)` of each sub-score.
    pub sub_scores: Vec<(String, u8)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Improving,
    Steady,
    Declining,
    /// Fewer than four answers: too few to tell.
    TooFewAnswers,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WeekScore {
    /// The Monday of the week (ISO).
    pub week: NaiveDate,
    pub answers: usize,
    pub mean_score: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct GroupProgress {
    /// An interview kind or a competency.
    pub name: String,
    pub answers: usize,
    pub mean_score: f64,
    /// The mean of the earlier half of the answers, and of the later half.
    pub earlier_mean: f64,
    pub later_mean: f64,
    pub trend: Trend,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Weakness {
    /// A point the answers missed, or a sub-score (`sub_score:<name>`) that stays low.
    pub what: String,
    pub times: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Progress {
    pub answers: usize,
    pub weekly: Vec<WeekScore>,
    pub by_type: Vec<GroupProgress>,
    pub by_competency: Vec<GroupProgress>,
    /// The points missed most often (up to five), then the sub-scores whose mean is under 50.
    pub frequent_weaknesses: Vec<Weakness>,
}

fn mean(values: &[f64]) -> f64 {
    if values.is_empty() { 0.0 } else { (values.iter().sum::<f64>() / values.len() as f64 * 10.0).round() / 10.0 }
}

/// Earlier half against later half: five points either way is a trend.
fn group(name: String, scores: &[f64]) -> GroupProgress {
    let (earlier, later) = scores.split_at(scores.len() / 2);
    let (earlier_mean, later_mean) = (mean(earlier), mean(later));
    let trend = if scores.len() < 4 {
        Trend::TooFewAnswers
    } else if later_mean >= earlier_mean + 5.0 {
        Trend::Improving
    } else if later_mean <= earlier_mean - 5.0 {
        Trend::Declining
    } else {
        Trend::Steady
    };
    GroupProgress { name, answers: scores.len(), mean_score: mean(scores), earlier_mean, later_mean, trend }
}

pub fn progress(mut answers: Vec<AnswerRecord>) -> Progress {
    answers.sort_by_key(|a| a.answered_at);
    let mut weeks: BTreeMap<NaiveDate, Vec<f64>> = BTreeMap::new();
    let mut types: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut competencies: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut missed: BTreeMap<&str, usize> = BTreeMap::new();
    let mut sub_scores: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for answer in &answers {
        let day = answer.answered_at.date_naive();
        let monday = day - chrono::Duration::days(i64::from(day.weekday().num_days_from_monday()));
        let score = f64::from(answer.score);
        weeks.entry(monday).or_default().push(score);
        let kind = serde_json::to_value(answer.interview_type).ok().and_then(|v| v.as_str().map(str::to_owned));
        types.entry(kind.unwrap_or_default()).or_default().push(score);
        for competency in &answer.competencies {
            competencies.entry(competency.clone()).or_default().push(score);
        }
        for point in &answer.missed_points {
            *missed.entry(point).or_default() += 1;
        }
        for (name, value) in &answer.sub_scores {
            sub_scores.entry(name).or_default().push(f64::from(*value));
        }
    }
    let mut frequent: Vec<Weakness> = missed
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .map(|(what, times)| Weakness { what: what.into(), times })
        .collect();
    frequent.sort_by(|a, b| b.times.cmp(&a.times).then_with(|| a.what.cmp(&b.what)));
    frequent.truncate(5);
    for (name, values) in sub_scores {
        if mean(&values) < 50.0 {
            frequent.push(Weakness {
                what: format!("sub_score:{name}"),
                times: values.iter().filter(|v| **v < 50.0).count(),
            });
        }
    }
    Progress {
        answers: answers.len(),
        weekly: weeks
            .into_iter()
            .map(|(week, scores)| WeekScore { week, answers: scores.len(), mean_score: mean(&scores) })
            .collect(),
        by_type: types.into_iter().map(|(name, scores)| group(name, &scores)).collect(),
        by_competency: competencies.into_iter().map(|(name, scores)| group(name, &scores)).collect(),
        frequent_weaknesses: frequent,
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn answer(day: u32, kind: InterviewType, score: u8, missed: &[&str]) -> AnswerRecord {
        AnswerRecord {
            answered_at: Utc.with_ymd_and_hms(2026, 11, day, 12, 0, 0).unwrap(),
            interview_type: kind,
            competencies: vec!["teamwork".into()],
            score,
            missed_points: missed.iter().map(|p| (*p).to_owned()).collect(),
            sub_scores: vec![("specificity".into(), score / 2), ("delivery".into(), 90)],
        }
    }

    #[test]
    fn scores_trend_by_week_kind_and_competency() {
        let answers = vec![
            answer(24, InterviewType::Behavioral, 70, &[]),
            answer(2, InterviewType::Behavioral, 40, &["Gives a measurable result"]),
            answer(3, InterviewType::Behavioral, 45, &["Gives a measurable result"]),
            answer(23, InterviewType::Behavioral, 75, &["Gives a measurable result"]),
            answer(10, InterviewType::Technical, 60, &[]),
        ];
        let seen = progress(answers);
        assert_eq!(seen.answers, 5);
        assert_eq!(seen.weekly.first().map(|w| w.week), NaiveDate::from_ymd_opt(2026, 11, 2), "Monday of Nov 2");
        let behavioral = seen.by_type.iter().find(|g| g.name == "behavioral").unwrap();
        assert_eq!((behavioral.earlier_mean, behavioral.later_mean, behavioral.trend), (42.5, 72.5, Trend::Improving));
        let technical = seen.by_type.iter().find(|g| g.name == "technical").unwrap();
        assert_eq!(technical.trend, Trend::TooFewAnswers);
        assert_eq!(seen.by_competency[0].answers, 5);
        assert_eq!(seen.frequent_weaknesses[0], Weakness { what: "Gives a measurable result".into(), times: 3 });
        assert!(seen.frequent_weaknesses.iter().any(|w| w.what == "sub_score:specificity"));
        assert!(!seen.frequent_weaknesses.iter().any(|w| w.what == "sub_score:delivery"));
    }
}
