//! The built-in interviewer's explainable scoring of one answer. Every sub-score is 0–100 and
//! says why; the weights live here, under `RUBRIC_VERSION`, so a stored score can be reproduced.
//! Same answer, same score: nothing here reads the clock, the network or a random source.

pub mod content;
pub mod delivery;
pub mod inference;
pub mod judged;
pub mod structure;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::domain::bank::{ExpectedPoint, InterviewType};
use crate::domain::text::{Language, analyze};
use content::{
    Evidence, concreteness, point_coverage, signal_coverage, specificity, specifics, topic_overlap, topic_stems,
};
pub use delivery::Delivery;
use delivery::{delivery, delivery_quality};
pub use structure::Star;
use structure::{first_person_actions, reasoning_markers, reflects, star};

/// The rubric (weights, word lists, thresholds) the scores were computed with.
pub const RUBRIC_VERSION: &str = "builtin-2026.11.4";

/// The most an answer that strays from the question scores, whatever else it does well.
const OFF_TOPIC_CAP: f64 = 25.0;

/// General statements ("siempre", "I would") that make an answer generic rather than a story.
const GENERIC_STATEMENTS: usize = 3;

/// Specificity (0–1) that shows an answer has substance even in none of the question's words.
const SUBSTANTIAL_SPECIFICITY: f64 = 0.4;

/// What is scored: a question, what a strong answer covers, and the answer.
#[derive(Debug, Clone)]
pub struct Scoring<'a> {
    pub question: &'a str,
    pub kind: InterviewType,
    pub language: Language,
    pub points: &'a [ExpectedPoint],
    pub answer: &'a str,
    pub duration_seconds: Option<u32>,
    /// The job's terms (skills, requirements) to look for, folded.
    pub job_terms: &'a [String],
}

/// One part of the score and why it is what it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SubScore {
    /// coverage, structure, specificity, concreteness, relevance, length or delivery.
    pub name: String,
    pub score: u8,
    /// Its share of the overall score (the weights add up to 1).
    pub weight: f64,
    pub why: String,
}

/// The feedback on one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AnswerFeedback {
    /// 0–100, the weighted sum of `sub_scores`.
    pub score: u8,
    /// What the answer says: coverage, specificity, concreteness, relevance.
    pub content_score: u8,
    /// How it was said: pace, fillers, hedges, repetition, length.
    pub delivery_score: u8,
    pub structure_score: u8,
    pub structure: Star,
    pub key_points_covered: Vec<String>,
    pub missed_points: Vec<String>,
    pub job_terms_used: Vec<String>,
    pub delivery: Delivery,
    pub sub_scores: Vec<SubScore>,
    pub suggested_improvement: String,
    /// The question to ask next when the answer missed a point that has one.
    pub follow_up: Option<String>,
    /// The answer strayed from the question.
    pub off_topic: bool,
    /// `builtin` (or the model that scored it) and `rubric_version` reproduce the score.
    pub scorer: String,
    pub rubric_version: String,
    /// SHA-256 of what was scored (question, kind, language, points, answer, duration, job terms).
    pub input_hash: String,
}

fn percent(x: f64) -> u8 {
    (x.clamp(0.0, 1.0) * 100.0).round() as u8
}

/// Words a fair answer of this kind takes: (fewest, most before it rambles).
fn word_range(kind: InterviewType) -> (f64, f64) {
    match kind {
        InterviewType::Behavioral | InterviewType::Competency | InterviewType::Mixed => (60.0, 380.0),
        InterviewType::Technical => (40.0, 320.0),
        InterviewType::CaseStudy => (60.0, 420.0),
        InterviewType::HrScreening => (30.0, 260.0),
    }
}

fn length_fit(words: usize, kind: InterviewType) -> f64 {
    let (fewest, most) = word_range(kind);
    let words = words as f64;
    if words < fewest {
        (words / fewest).powf(1.5)
    } else if words > most * 1.5 {
        (most * 1.5 / words).max(0.4)
    } else {
        1.0
    }
}

pub fn score_answer(input: &Scoring<'_>) -> AnswerFeedback {
    let language = input.language;
    let es = language == Language::Es;
    let text = analyze(input.answer, language);
    let actions = first_person_actions(&text, language);
    let stars = star(&text, language);
    let specifics = specifics(&text, language, actions);
    let reasoning = reasoning_markers(&text, language);
    let evidence = Evidence {
        star: stars,
        own_actions: actions,
        reasoning_markers: reasoning,
        figures: specifics.numbers,
        reflects: reflects(&text, language),
    };
    let by_words: Vec<f64> = input.points.iter().map(|p| signal_coverage(p, &text, language)).collect();
    let coverage: Vec<f64> =
        input.points.iter().zip(&by_words).map(|(p, words)| point_coverage(p, *words, &evidence)).collect();
    let coverage_mean = if coverage.is_empty() { 0.0 } else { coverage.iter().sum::<f64>() / coverage.len() as f64 };
    let (covered, missed): (Vec<_>, Vec<_>) = input.points.iter().zip(&coverage).partition(|(_, c)| **c > 0.0);

    let specific = specificity(&specifics);
    let concrete = concreteness(&specifics);
    let question_topic = topic_stems(&analyze(input.question, language), language);
    let overlap = topic_overlap(&question_topic, &text);
    let relevance = overlap.max(coverage_mean);
    // Off the question: nothing of its words or its points' words, and no story, reasoning or
    // concrete detail of substance either (a story about something else can still pass: only
    // meaning would tell; a concrete story in other words than the question's is not capped).
    let said_any_point = by_words.iter().any(|c| *c > 0.0);
    let substance = stars.parts() >= 2 || reasoning >= 2 || specific >= SUBSTANTIAL_SPECIFICITY;
    let off_topic = text.words.len() < 4 || (overlap == 0.0 && !said_any_point && !substance);

    let structure = if input.kind.tells_stories() {
        stars.parts() as f64 / 4.0
    } else {
        (reasoning.min(4) as f64 / 4.0).max(if stars.action { 0.25 } else { 0.0 })
    };
    let spoken = delivery(&text, language, input.duration_seconds);
    let fluency = delivery_quality(&spoken);
    let length = length_fit(spoken.word_count, input.kind);

    let why = |es_text: String, en_text: String| if es { es_text } else { en_text };
    let sub_scores = vec![
        SubScore {
            name: "coverage".into(),
            score: percent(coverage_mean),
            weight: 0.25,
            why: why(
                format!("Cubre {} de {} puntos esperados", covered.len(), input.points.len()),
                format!("Covers {} of {} expected points", covered.len(), input.points.len()),
            ),
        },
        SubScore {
            name: "structure".into(),
            score: percent(structure),
            weight: 0.15,
            why: if input.kind.tells_stories() {
                why(
                    format!("{} de 4 partes STAR (situación, tarea, acción, resultado)", stars.parts()),
                    format!("{} of 4 STAR parts (situation, task, action, result)", stars.parts()),
                )
            } else {
                why(
                    "Pasos, supuestos, ejemplos y una conclusión ordenan la respuesta".into(),
                    "Steps, assumptions, examples and a conclusion give the answer its order".into(),
                )
            },
        },
        SubScore {
            name: "specificity".into(),
            score: percent(specific),
            weight: 0.2,
            why: why(
                format!(
                    "{} cifras, {} nombres propios, {} acciones tuyas en primera persona{}{}",
                    specifics.numbers,
                    specifics.names,
                    specifics.first_person_actions,
                    if specifics.only_we { "; solo «nosotros»: falta tu parte" } else { "" },
                    if specifics.cliches > 0 { "; frases hechas sin un ejemplo que las pruebe" } else { "" }
                ),
                format!(
                    "{} figures, {} names, {} actions of your own{}{}",
                    specifics.numbers,
                    specifics.names,
                    specifics.first_person_actions,
                    if specifics.only_we { "; only \"we\": your own part is missing" } else { "" },
                    if specifics.cliches > 0 { "; stock phrases with no example to back them" } else { "" }
                ),
            ),
        },
        SubScore {
            name: "concreteness".into(),
            score: percent(concrete),
            weight: 0.15,
            why: why(
                format!(
                    "{} frases generales (hábitos, autorretratos, máximas, hipótesis) en vez de lo que pasó",
                    specifics.generalities
                ),
                format!(
                    "{} general statements (habits, self-portraits, maxims, hypotheticals) instead of what happened",
                    specifics.generalities
                ),
            ),
        },
        SubScore {
            name: "relevance".into(),
            score: percent(relevance),
            weight: 0.05,
            why: if off_topic {
                why(
                    "La respuesta no trata de lo que se preguntó".into(),
                    "The answer is not about what was asked".into(),
                )
            } else {
                why("Responde al tema de la pregunta".into(), "Speaks to the question's topic".into())
            },
        },
        SubScore {
            name: "length".into(),
            score: percent(length),
            weight: 0.12,
            why: why(
                format!(
                    "{} palabras (lo razonable: {}–{})",
                    spoken.word_count,
                    word_range(input.kind).0,
                    word_range(input.kind).1
                ),
                format!(
                    "{} words (a fair length: {}–{})",
                    spoken.word_count,
                    word_range(input.kind).0,
                    word_range(input.kind).1
                ),
            ),
        },
        SubScore {
            name: "delivery".into(),
            score: percent(fluency),
            weight: 0.08,
            why: why(
                format!("{} muletillas, {} expresiones de duda", spoken.filler_words.len(), spoken.hedges.len()),
                format!("{} fillers, {} hedges", spoken.filler_words.len(), spoken.hedges.len()),
            ),
        },
    ];
    let weighted: f64 = sub_scores.iter().map(|s| f64::from(s.score) * s.weight).sum();
    let score = if off_topic { weighted.min(OFF_TOPIC_CAP) } else { weighted };

    let job_terms_used: Vec<String> =
        input.job_terms.iter().filter(|term| content::signal_found(term, &text.words, language)).cloned().collect();
    let follow_up = missed.iter().find_map(|(point, _)| point.follow_up.clone());
    let suggested_improvement = improvement(
        es,
        &missed.iter().map(|(p, _)| p.point.as_str()).collect::<Vec<_>>(),
        &stars,
        input.kind,
        &specifics,
        off_topic,
    );

    AnswerFeedback {
        score: score.round() as u8,
        content_score: percent(0.5 * coverage_mean + 0.2 * specific + 0.15 * concrete + 0.15 * relevance),
        delivery_score: percent(0.7 * fluency + 0.3 * length),
        structure_score: percent(structure),
        structure: stars,
        key_points_covered: covered.iter().map(|(p, _)| p.point.clone()).collect(),
        missed_points: missed.iter().map(|(p, _)| p.point.clone()).collect(),
        job_terms_used,
        delivery: spoken,
        sub_scores,
        suggested_improvement,
        follow_up,
        off_topic,
        scorer: "builtin".into(),
        rubric_version: RUBRIC_VERSION.into(),
        input_hash: input_hash(input),
    }
}

fn improvement(
    es: bool,
    missed: &[&str],
    stars: &Star,
    kind: InterviewType,
    specifics: &content::Specifics,
    off_topic: bool,
) -> String {
    if off_topic {
        return if es {
            "Responde primero a lo que se preguntó, con un ejemplo propio."
        } else {
            "Answer what was asked first, with an example of your own."
        }
        .into();
    }
    if kind.tells_stories() && !stars.result {
        return if es {
            "Cierra con el resultado: qué cambió y cuánto (una cifra, un plazo, un cliente)."
        } else {
            "Close with the result: what changed and by how much (a figure, a deadline, a client)."
        }
        .into();
    }
    if specifics.only_we {
        return if es {
            "Cuenta qué hiciste tú, no solo el equipo: «yo propuse…», «yo decidí…»."
        } else {
            "Say what you did, not just the team: \"I proposed…\", \"I decided…\"."
        }
        .into();
    }
    if specifics.cliches > 0 {
        return if es {
            "Cambia las frases hechas («proactivo», «buena empresa») por un ejemplo que las pruebe."
        } else {
            "Swap the stock phrases (\"team player\", \"good company\") for an example that proves them."
        }
        .into();
    }
    if specifics.generalities >= GENERIC_STATEMENTS {
        return if es {
            "Cuenta una vez concreta en que lo hiciste, en lugar de cómo eres o qué harías."
        } else {
            "Tell one real time you did it, instead of what you are like or what you would do."
        }
        .into();
    }
    if let Some(first) = missed.first() {
        return if es {
            format!("Te faltó: {}.", first.trim_end_matches('.'))
        } else {
            format!("You left out: {}.", first.trim_end_matches('.'))
        };
    }
    if specifics.numbers == 0 {
        return if es {
            "Añade una cifra concreta que respalde lo que cuentas."
        } else {
            "Add one concrete figure that backs up what you say."
        }
        .into();
    }
    if es {
        "Buena respuesta: mantenla así de concreta y breve."
    } else {
        "A good answer: keep it this concrete and brief."
    }
    .into()
}

fn input_hash(input: &Scoring<'_>) -> String {
    let mut hash = Sha256::new();
    let points = serde_json::to_string(input.points).unwrap_or_default();
    let kind = serde_json::to_string(&input.kind).unwrap_or_default();
    let language = serde_json::to_string(&input.language).unwrap_or_default();
    let duration = input.duration_seconds.map(|d| d.to_string()).unwrap_or_default();
    for part in [input.question, &kind, &language, &points, input.answer, &duration, &input.job_terms.join("\u{1f}")] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests;
