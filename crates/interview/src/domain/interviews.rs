//! A mock interview's rules: how many questions fit its duration, which ones (the bank, the job's
//! requirements, the CV's gaps and experiences), the moves it may make, and its final scores and
//! feedback from the answers' own.

use kernel::AppError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::bank::{Bank, BankQuestion, Detector, Difficulty, ExpectedPoint, InterviewType};
use crate::domain::text::Language;

/// Role levels are matching's seniority levels (intern … executive): one vocabulary for postings,
/// CVs and interviews.
pub use matching::domain::postings::SeniorityLevel as RoleLevel;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InterviewStatus {
    InProgress,
    Completed,
    Abandoned,
    Expired,
}

impl InterviewStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InProgress => "in_progress",
            Self::Completed => "completed",
            Self::Abandoned => "abandoned",
            Self::Expired => "expired",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::InProgress, Self::Completed, Self::Abandoned, Self::Expired].into_iter().find(|s| s.as_str() == text)
    }

    /// Answers, completion and abandonment need an interview still in progress: 409 otherwise.
    pub fn must_be_in_progress(self) -> Result<(), AppError> {
        match self {
            Self::InProgress => Ok(()),
            other => Err(AppError::Conflict(format!("the interview is {}: it takes no more moves", other.as_str()))),
        }
    }
}

/// Why a question is in the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuestionSource {
    Bank,
    JobRequirement,
    CvGap,
    CvExperience,
    FollowUp,
}

impl QuestionSource {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bank => "bank",
            Self::JobRequirement => "job_requirement",
            Self::CvGap => "cv_gap",
            Self::CvExperience => "cv_experience",
            Self::FollowUp => "follow_up",
        }
    }
}

/// A question of the plan, before it is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedQuestion {
    pub bank_id: Option<String>,
    pub source: QuestionSource,
    pub kind: InterviewType,
    pub text: String,
    pub competencies: Vec<String>,
    pub expected_points: Vec<ExpectedPoint>,
}

/// What the interview is tailored to (all optional).
#[derive(Debug, Clone, Default)]
pub struct Tailoring {
    pub job_title: Option<String>,
    /// The job's skills `(canonical id, name)` the CV shows, must-haves first.
    pub job_skills: Vec<(String, String)>,
    /// The job's must-have skills the CV does not show.
    pub gaps: Vec<String>,
    /// `(company, title, one line the CV says about that job)`, latest first.
    pub experiences: Vec<(String, String, String)>,
}

pub struct PlanRequest<'a> {
    pub kind: InterviewType,
    pub level: RoleLevel,
    pub difficulty: Difficulty,
    pub language: Language,
    pub duration_minutes: u16,
    /// Varies the choice between interviews (the interview's id), deterministically.
    pub seed: u64,
    pub tailoring: &'a Tailoring,
}

/// Minutes a question of this kind takes, answer and follow-up included.
fn minutes_per_question(kind: InterviewType) -> f64 {
    match kind {
        InterviewType::Behavioral | InterviewType::Competency | InterviewType::Mixed => 4.0,
        InterviewType::Technical => 3.5,
        InterviewType::CaseStudy => 8.0,
        InterviewType::HrScreening => 2.5,
    }
}

/// How many questions fit the duration: 2 to 15.
pub fn question_count(kind: InterviewType, duration_minutes: u16) -> usize {
    ((f64::from(duration_minutes) / minutes_per_question(kind)).round() as usize).clamp(2, 15)
}

const BANK_KINDS: [InterviewType; 5] = [
    InterviewType::Behavioral,
    InterviewType::Technical,
    InterviewType::Competency,
    InterviewType::CaseStudy,
    InterviewType::HrScreening,
];

/// A small deterministic generator (SplitMix64): the same seed plans the same interview.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// The interview's questions: tailored ones first (the job's skills, the CV's gaps and
/// experiences, as the kind allows), then the bank's, nearest the difficulty and level asked.
pub fn plan(bank: &Bank, request: &PlanRequest<'_>) -> Vec<PlannedQuestion> {
    let count = question_count(request.kind, request.duration_minutes);
    let mut mix = Mix(request.seed);
    let mut planned = tailored(request, (count * 3).div_ceil(4));
    let kinds: Vec<InterviewType> = match request.kind {
        InterviewType::Mixed => BANK_KINDS.to_vec(),
        kind => vec![kind],
    };
    let skills: Vec<&str> = request.tailoring.job_skills.iter().map(|(id, _)| id.as_str()).collect();
    let mut used: Vec<&str> = Vec::new();
    let (mut turn, mut misses) = (0, 0);
    // A bank that runs out of a kind leaves the plan shorter, never loops.
    while planned.len() < count && misses < kinds.len() {
        let kind = kinds[turn % kinds.len()];
        turn += 1;
        let Some(question) = pick(bank, request, kind, &skills, &used, &mut mix) else {
            misses += 1;
            continue;
        };
        misses = 0;
        used.push(&question.id);
        planned.push(PlannedQuestion {
            bank_id: Some(question.id.clone()),
            source: QuestionSource::Bank,
            kind,
            text: question.text.clone(),
            competencies: question.competencies.clone(),
            expected_points: question.expected_points.clone(),
        });
    }
    planned
}

/// One bank question of `kind` not used yet: for technical ones a job skill first; then the
/// closest difficulty, suited to the level; ties broken by the seed.
fn pick<'b>(
    bank: &'b Bank,
    request: &PlanRequest<'_>,
    kind: InterviewType,
    skills: &[&str],
    used: &[&str],
    mix: &mut Mix,
) -> Option<&'b BankQuestion> {
    let level = request.level.as_str();
    let rank = |q: &BankQuestion| {
        let skill = kind == InterviewType::Technical && q.skills.iter().any(|s| skills.contains(&s.as_str()));
        let distance = (q.difficulty as i32 - request.difficulty as i32).unsigned_abs();
        let suits = q.levels.is_empty() || q.levels.iter().any(|l| l == level);
        (!skill, distance, !suits)
    };
    let candidates: Vec<&BankQuestion> =
        bank.of(request.language, kind).filter(|q| !used.contains(&q.id.as_str())).collect();
    let best = candidates.iter().map(|q| rank(q)).min()?;
    let tied: Vec<&&BankQuestion> = candidates.iter().filter(|q| rank(q) == best).collect();
    Some(tied[(mix.next() % tied.len() as u64) as usize])
}

fn point(point: &str, signals: &[&str], follow_up: Option<&str>) -> ExpectedPoint {
    ExpectedPoint::new(point, signals, follow_up)
}

/// The skill's own words as signals, folded.
fn skill_signals(name: &str) -> Vec<String> {
    kernel::text::fold(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 2)
        .map(str::to_owned)
        .take(4)
        .collect()
}

fn tailored(request: &PlanRequest<'_>, at_most: usize) -> Vec<PlannedQuestion> {
    let t = request.tailoring;
    let es = request.language == Language::Es;
    let (mut gaps, mut skills, mut experiences) = (Vec::new(), Vec::new(), Vec::new());
    let technical = matches!(request.kind, InterviewType::Technical | InterviewType::Mixed);
    let stories = request.kind.tells_stories() || request.kind == InterviewType::Technical;
    if technical {
        for gap in t.gaps.iter().take(2) {
            let text = if es {
                format!(
                    "El puesto pide {gap} y tu CV no lo muestra. ¿Qué experiencia tienes con {gap} y cómo te pondrías al día en tus primeras semanas?"
                )
            } else {
                format!(
                    "The role asks for {gap} and your CV does not show it. What experience do you have with {gap}, and how would you get up to speed in your first weeks?"
                )
            };
            let mut topic = point(
                if es {
                    "Es honesto sobre su nivel y conecta experiencia cercana"
                } else {
                    "Is honest about their level and connects related experience"
                },
                &[],
                Some(if es {
                    "¿Qué has hecho que se parezca a esto?"
                } else {
                    "What have you done that is close to this?"
                }),
            );
            topic.signals = skill_signals(gap);
            topic.signals.extend(["similar", "parecido", "relacionado", "related"].map(String::from));
            let plan_point = if es {
                point(
                    "Propone un plan concreto para aprender",
                    &["curso", "practica", "proyecto", "documentacion", "mentor", "semanas", "certificacion"],
                    Some("¿Cómo lo aprenderías, en concreto y en cuánto tiempo?"),
                )
            } else {
                point(
                    "Proposes a concrete plan to learn it",
                    &["course", "practice", "project", "documentation", "mentor", "weeks", "certification"],
                    Some("How exactly would you learn it, and how long would it take?"),
                )
            };
            let proof = if es {
                point(
                    "Muestra que aprende rápido con un ejemplo",
                    &["aprendi", "en poco tiempo", "rapido", "logre", "dias", "semanas"],
                    None,
                )
            } else {
                point(
                    "Shows they learn fast with an example",
                    &["learned", "quickly", "in a few", "picked up", "days", "weeks"],
                    None,
                )
            }
            .detected_by(Detector::OwnActions);
            gaps.push(PlannedQuestion {
                bank_id: None,
                source: QuestionSource::CvGap,
                kind: InterviewType::Technical,
                text,
                competencies: vec!["learning_agility".into(), "technical_depth".into()],
                expected_points: vec![topic, plan_point, proof],
            });
        }
        for (_, skill) in t.job_skills.iter().take(1) {
            let text = if es {
                format!(
                    "Este puesto usa {skill} a diario. Cuéntame un trabajo concreto en el que lo aplicaste: qué problema resolvía, qué hiciste tú y qué resultado obtuviste."
                )
            } else {
                format!(
                    "This role uses {skill} every day. Tell me about a concrete piece of work where you applied it: the problem, what you did and the result."
                )
            };
            let mut topic = point(
                if es {
                    "Habla del uso real de la herramienta o técnica"
                } else {
                    "Talks about real use of the skill"
                },
                &[],
                None,
            );
            topic.signals = skill_signals(skill);
            skills.push(PlannedQuestion {
                bank_id: None,
                source: QuestionSource::JobRequirement,
                kind: InterviewType::Technical,
                text,
                competencies: vec!["technical_depth".into(), "results_orientation".into()],
                expected_points: story_points(es, topic),
            });
        }
    }
    if stories {
        for (company, title, line) in t.experiences.iter().take(2) {
            let text = if es {
                format!(
                    "En {company}, como {title}, tu CV dice: «{line}». ¿Qué problema resolvía, qué hiciste tú exactamente y qué resultado tuvo?"
                )
            } else {
                format!(
                    "At {company}, as {title}, your CV says: \"{line}\". What problem did it solve, what exactly did you do, and what was the result?"
                )
            };
            let mut topic =
                point(if es { "Explica el problema de fondo" } else { "Explains the underlying problem" }, &[], None);
            topic.signals = kernel::text::fold(line)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.len() >= 5)
                .take(6)
                .map(str::to_owned)
                .collect();
            if topic.signals.is_empty() {
                continue;
            }
            experiences.push(PlannedQuestion {
                bank_id: None,
                source: QuestionSource::CvExperience,
                kind: if request.kind == InterviewType::Technical {
                    InterviewType::Technical
                } else {
                    InterviewType::Behavioral
                },
                text,
                competencies: vec!["ownership".into(), "results_orientation".into()],
                expected_points: story_points(es, topic),
            });
        }
    }
    // One of each source in turn, so a short plan still holds a gap, a skill and an experience.
    let mut out = Vec::new();
    let (mut gaps, mut skills, mut experiences) = (gaps.into_iter(), skills.into_iter(), experiences.into_iter());
    while out.len() < at_most {
        let before = out.len();
        out.extend(gaps.next());
        out.extend(skills.next());
        out.extend(experiences.next());
        if out.len() == before {
            break;
        }
    }
    out.truncate(at_most);
    out
}

/// A topic point and what every story needs but its setting: own actions, a result, a lesson.
fn story_points(es: bool, topic: ExpectedPoint) -> Vec<ExpectedPoint> {
    let language = if es { Language::Es } else { Language::En };
    std::iter::once(topic)
        .chain(crate::domain::scoring::inference::story_points(language).into_iter().skip(1))
        .collect()
}

#[cfg(test)]
mod tests;
