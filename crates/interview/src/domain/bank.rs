//! The built-in interviewer's question bank: curated data shipped in the binary
//! (`crates/interview/data/questions/<language>/<type>.json`, checked by
//! `scripts/check-questions.py` and reviewed like code).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::scoring::content::topic_stems;
use crate::domain::text::{Language, analyze};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InterviewType {
    Behavioral,
    Technical,
    CaseStudy,
    HrScreening,
    Competency,
    /// Questions drawn from the other five.
    Mixed,
}

impl InterviewType {
    /// Kinds whose answers are stories, scored by their STAR parts.
    pub fn tells_stories(self) -> bool {
        matches!(self, Self::Behavioral | Self::Competency | Self::Mixed)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
    Expert,
}

/// Something a strong answer says, the words that show it was said, and what to ask when not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedPoint {
    pub point: String,
    pub signals: Vec<String>,
    #[serde(default)]
    pub follow_up: Option<String>,
    /// For points any answer of a kind makes (a result, one's own actions), what shows them
    /// beyond the signals' words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detector: Option<Detector>,
}

/// What shows a generic point was made, whatever the words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Detector {
    /// Where and when: the STAR situation or task.
    Situation,
    /// Actions told in the first person.
    OwnActions,
    /// An outcome: the STAR result or a figure.
    Result,
    /// What was learned.
    Reflection,
    /// Steps, assumptions, examples, a conclusion.
    Reasoning,
    /// Figures.
    Figures,
}

impl ExpectedPoint {
    /// A point with its signals folded.
    pub fn new(point: &str, signals: &[&str], follow_up: Option<&str>) -> Self {
        Self {
            point: point.into(),
            signals: signals.iter().map(|s| kernel::text::fold(s)).collect(),
            follow_up: follow_up.map(Into::into),
            detector: None,
        }
    }

    pub fn detected_by(self, detector: Detector) -> Self {
        Self { detector: Some(detector), ..self }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BankQuestion {
    pub id: String,
    pub difficulty: Difficulty,
    #[serde(default)]
    pub levels: Vec<String>,
    pub text: String,
    pub competencies: Vec<String>,
    #[serde(default)]
    pub skills: Vec<String>,
    pub expected_points: Vec<ExpectedPoint>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BankFile {
    language: Language,
    interview_type: InterviewType,
    questions: Vec<BankQuestion>,
}

/// Every question of the bank, with its language and kind, and each question's topic words
/// (read once: free practice compares every question it gets with all of them).
#[derive(Debug)]
pub struct Bank {
    pub questions: Vec<(Language, InterviewType, BankQuestion)>,
    pub topics: Vec<HashSet<String>>,
}

const SHIPPED: [&str; 10] = [
    include_str!("../../data/questions/es/behavioral.json"),
    include_str!("../../data/questions/es/technical.json"),
    include_str!("../../data/questions/es/case_study.json"),
    include_str!("../../data/questions/es/hr_screening.json"),
    include_str!("../../data/questions/es/competency.json"),
    include_str!("../../data/questions/en/behavioral.json"),
    include_str!("../../data/questions/en/technical.json"),
    include_str!("../../data/questions/en/case_study.json"),
    include_str!("../../data/questions/en/hr_screening.json"),
    include_str!("../../data/questions/en/competency.json"),
];

impl Bank {
    /// The bank shipped in the binary, read once.
    pub fn shipped() -> &'static Bank {
        static BANK: std::sync::OnceLock<Bank> = std::sync::OnceLock::new();
        BANK.get_or_init(|| {
            let mut questions = Vec::new();
            for file in SHIPPED {
                let file: BankFile = serde_json::from_str(file).expect("the shipped question bank is valid JSON");
                questions.extend(file.questions.into_iter().map(|q| (file.language, file.interview_type, q)));
            }
            Bank::new(questions)
        })
    }

    pub fn new(questions: Vec<(Language, InterviewType, BankQuestion)>) -> Bank {
        let topics =
            questions.iter().map(|(language, _, q)| topic_stems(&analyze(&q.text, *language), *language)).collect();
        Bank { questions, topics }
    }

    pub fn of(&self, language: Language, kind: InterviewType) -> impl Iterator<Item = &BankQuestion> {
        self.questions.iter().filter(move |(l, k, _)| *l == language && *k == kind).map(|(_, _, q)| q)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_bank_has_forty_questions_per_kind_and_language() {
        let bank = Bank::shipped();
        for language in [Language::Es, Language::En] {
            for kind in [
                InterviewType::Behavioral,
                InterviewType::Technical,
                InterviewType::CaseStudy,
                InterviewType::HrScreening,
                InterviewType::Competency,
            ] {
                let questions: Vec<_> = bank.of(language, kind).collect();
                assert!(questions.len() >= 40, "{language:?} {kind:?}: {}", questions.len());
                for difficulty in [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard, Difficulty::Expert] {
                    assert!(
                        questions.iter().any(|q| q.difficulty == difficulty),
                        "{language:?} {kind:?} {difficulty:?}"
                    );
                }
            }
        }
    }
}
