//! How ready a person is for one job: how their CV fits it and how they answered when practising
//! for it, with the three things to do next.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::results::area_words;
use crate::domain::text::Language;

/// What readiness is computed from.
#[derive(Debug, Clone, Default)]
pub struct ReadinessInput {
    /// The CV's fit to the job, 0 to 1, when a CV was given.
    pub fit: Option<f64>,
    /// The job's must-have skills the CV does not show.
    pub missing_skills: Vec<String>,
    /// Scores of answers in interviews for this job, latest first.
    pub job_answers: Vec<u8>,
    /// Scores of the person's other recent answers.
    pub other_answers: Vec<u8>,
    /// `(sub-score, mean)` over the answers read, weakest first.
    pub weakest_areas: Vec<(String, f64)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    ChooseCv,
    PractiseInterview,
    CloseGap,
    ImproveAnswers,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct NextAction {
    pub kind: ActionKind,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Readiness {
    /// 0–100: half the CV's fit, half the practice (answers for this job; other practice counts
    /// 60 %); without a CV, the practice alone.
    pub readiness: u8,
    pub fit_score: Option<u8>,
    pub practice_score: Option<u8>,
    pub answers_for_this_job: usize,
    pub missing_skills: Vec<String>,
    /// Up to three.
    pub next_actions: Vec<NextAction>,
}

fn mean(scores: &[u8]) -> Option<f64> {
    (!scores.is_empty()).then(|| scores.iter().map(|s| f64::from(*s)).sum::<f64>() / scores.len() as f64)
}

pub fn readiness(input: &ReadinessInput, language: Language) -> Readiness {
    let es = language == Language::Es;
    let practice = mean(&input.job_answers).or_else(|| mean(&input.other_answers).map(|m| m * 0.6));
    let fit = input.fit.map(|f| f.clamp(0.0, 1.0) * 100.0);
    let value = match fit {
        Some(fit) => 0.5 * fit + 0.5 * practice.unwrap_or(0.0),
        None => practice.unwrap_or(0.0),
    };
    let mut actions = Vec::new();
    if fit.is_none() {
        actions.push(NextAction {
            kind: ActionKind::ChooseCv,
            text: if es {
                "Elige uno de tus CV para comparar con el puesto y ver tus brechas."
            } else {
                "Pick one of your CVs to compare with the job and see your gaps."
            }
            .into(),
        });
    }
    if input.job_answers.is_empty() {
        actions.push(NextAction {
            kind: ActionKind::PractiseInterview,
            text: if es {
                "Practica una entrevista para este puesto: las preguntas salen de sus requisitos y de tu CV."
            } else {
                "Practise an interview for this job: its questions come from its requirements and your CV."
            }
            .into(),
        });
    }
    for skill in input.missing_skills.iter().take(2) {
        actions.push(NextAction {
            kind: ActionKind::CloseGap,
            text: if es { format!("El puesto exige {skill}: muéstralo en tu CV si lo tienes, o prepárate para explicar cómo lo aprenderás.") } else { format!("The job requires {skill}: show it in your CV if you have it, or be ready to explain how you will learn it.") },
        });
    }
    if let Some((area, _)) = input.weakest_areas.first() {
        actions.push(NextAction { kind: ActionKind::ImproveAnswers, text: area_words(area, es).1.into() });
    }
    actions.truncate(3);
    Readiness {
        readiness: value.round().clamp(0.0, 100.0) as u8,
        fit_score: fit.map(|f| f.round() as u8),
        practice_score: practice.map(|p| p.round() as u8),
        answers_for_this_job: input.job_answers.len(),
        missing_skills: input.missing_skills.clone(),
        next_actions: actions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_and_practice_make_readiness_and_its_next_actions() {
        let unprepared = readiness(
            &ReadinessInput { fit: Some(0.8), missing_skills: vec!["Power BI".into()], ..Default::default() },
            Language::Es,
        );
        assert_eq!(unprepared.readiness, 40);
        let kinds: Vec<_> = unprepared.next_actions.iter().map(|a| a.kind).collect();
        assert_eq!(kinds, [ActionKind::PractiseInterview, ActionKind::CloseGap]);
        assert!(unprepared.next_actions[1].text.contains("Power BI"));

        let practised = ReadinessInput {
            fit: Some(0.8),
            job_answers: vec![70, 90],
            weakest_areas: vec![("specificity".into(), 40.0)],
            ..Default::default()
        };
        let practised = readiness(&practised, Language::En);
        assert_eq!((practised.readiness, practised.practice_score), (80, Some(80)));
        assert_eq!(practised.next_actions[0].kind, ActionKind::ImproveAnswers);

        let elsewhere = readiness(&ReadinessInput { other_answers: vec![50], ..Default::default() }, Language::En);
        assert_eq!((elsewhere.readiness, elsewhere.fit_score), (30, None));
        assert_eq!(elsewhere.next_actions[0].kind, ActionKind::ChooseCv);
    }
}
