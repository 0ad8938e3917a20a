//! An interview's final scores and feedback, from its answers' feedback: reproducible, and every
//! item says what to do next.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::scoring::AnswerFeedback;
use crate::domain::text::Language;

/// 0–100 each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FinalScores {
    pub overall: u8,
    /// Delivery and length: how it was said.
    pub communication: u8,
    pub content: u8,
    pub structure: u8,
    /// Few hedges and fillers, answers that commit to a claim.
    pub confidence: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackKind {
    Summary,
    Strength,
    Improvement,
    ActionItem,
    Resource,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FeedbackItem {
    pub kind: FeedbackKind,
    pub text: String,
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 { 0.0 } else { sum / n as f64 }
}

fn rounded(x: f64) -> u8 {
    x.clamp(0.0, 100.0).round() as u8
}

/// The scores of an interview with these answers (at least one).
pub fn final_scores(answers: &[AnswerFeedback]) -> FinalScores {
    let confidence = mean(answers.iter().map(|a| {
        let words = a.delivery.word_count.max(1) as f64;
        let doubt = (a.delivery.hedges.len() as f64 * 10.0 + a.delivery.filler_words.len() as f64 * 5.0) / words;
        let short = if a.delivery.word_count < 30 { 0.25 } else { 0.0 };
        (1.0 - doubt - short).clamp(0.0, 1.0) * 100.0
    }));
    FinalScores {
        overall: rounded(mean(answers.iter().map(|a| f64::from(a.score)))),
        communication: rounded(mean(answers.iter().map(|a| f64::from(a.delivery_score)))),
        content: rounded(mean(answers.iter().map(|a| f64::from(a.content_score)))),
        structure: rounded(mean(answers.iter().map(|a| f64::from(a.structure_score)))),
        confidence: rounded(confidence),
    }
}

/// The mean of each sub-score across the answers, best first.
fn areas(answers: &[AnswerFeedback]) -> Vec<(String, f64)> {
    let names: Vec<String> =
        answers.first().map(|a| a.sub_scores.iter().map(|s| s.name.clone()).collect()).unwrap_or_default();
    let mut areas: Vec<(String, f64)> = names
        .into_iter()
        .map(|name| {
            let value = mean(
                answers.iter().flat_map(|a| a.sub_scores.iter().filter(|s| s.name == name)).map(|s| f64::from(s.score)),
            );
            (name, value)
        })
        .collect();
    areas.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    areas
}

/// What to say of an area (a sub-score): as a strength, as an improvement, and a resource.
pub(crate) fn area_words(area: &str, es: bool) -> (&'static str, &'static str, &'static str) {
    match (area, es) {
        ("coverage", true) => (
            "Cubres los puntos que el entrevistador espera.",
            "Te faltan puntos clave: antes de responder, piensa qué quiere saber el entrevistador.",
            "Antes de cada respuesta, anota mentalmente 3 ideas que quieres dejar claras y verifica al final que las dijiste.",
        ),
        ("coverage", false) => (
            "You cover the points the interviewer is looking for.",
            "Key points are missing: before answering, think about what the interviewer wants to learn.",
            "Before each answer, pick 3 ideas you want to land and check at the end that you said them.",
        ),
        ("structure", true) => (
            "Tus respuestas tienen un orden claro.",
            "Ordena tus historias con STAR: situación, tarea, acción y resultado.",
            "Método STAR: 1 frase de situación, 1 de tarea, 3–4 de lo que hiciste tú y 1–2 del resultado con una cifra.",
        ),
        ("structure", false) => (
            "Your answers have a clear order.",
            "Order your stories with STAR: situation, task, action, result.",
            "The STAR method: 1 sentence of situation, 1 of task, 3–4 of what you did and 1–2 of the result with a figure.",
        ),
        ("specificity", true) => (
            "Das datos concretos: cifras, nombres y acciones propias.",
            "Sé más concreto: cifras, herramientas y lo que hiciste tú.",
            "Prepara 5 historias de tu CV con una cifra cada una (tiempo ahorrado, ventas, errores reducidos).",
        ),
        ("specificity", false) => (
            "You give concrete data: figures, names and your own actions.",
            "Be more concrete: figures, tools and what you did yourself.",
            "Prepare 5 stories from your CV with one figure each (time saved, sales, errors reduced).",
        ),
        ("concreteness", true) => (
            "Cuentas lo que pasó, no generalidades.",
            "Hablas en general («siempre», «soy muy…», «haría»): cuenta una vez concreta en que lo hiciste.",
            "Cambia cada «siempre hago X» por «la última vez que hice X fue…» y cuenta esa vez.",
        ),
        ("concreteness", false) => (
            "You tell what happened, not generalities.",
            "You speak in general (\"always\", \"I am very…\", \"I would\"): tell one real time you did it.",
            "Turn each \"I always do X\" into \"the last time I did X was…\" and tell that time.",
        ),
        ("relevance", true) => (
            "Respondes a lo que se pregunta.",
            "Algunas respuestas se desvían de la pregunta: responde primero y luego amplía.",
            "Empieza cada respuesta con una frase que conteste la pregunta directamente.",
        ),
        ("relevance", false) => (
            "You answer what is asked.",
            "Some answers drift from the question: answer first, then expand.",
            "Open each answer with one sentence that answers the question directly.",
        ),
        ("length", true) => (
            "La extensión de tus respuestas es adecuada.",
            "Ajusta la extensión: ni dos frases ni diez minutos; apunta a 1–2 minutos por respuesta.",
            "Practica con cronómetro: 90 segundos por historia.",
        ),
        ("length", false) => (
            "Your answers are the right length.",
            "Adjust the length: neither two sentences nor ten minutes; aim for 1–2 minutes per answer.",
            "Practise with a timer: 90 seconds per story.",
        ),
        (_, true) => (
            "Hablas con fluidez y seguridad.",
            "Reduce muletillas y expresiones de duda («eh», «o sea», «creo que»).",
            "Grábate respondiendo y cuenta las muletillas; reemplázalas por una pausa breve.",
        ),
        (_, false) => (
            "You speak fluently and with confidence.",
            "Cut fillers and hedges (\"um\", \"like\", \"I think\").",
            "Record yourself answering and count the fillers; replace them with a short pause.",
        ),
    }
}

/// Feedback items: a summary, the strongest area, the weakest, what to practise (the points most
/// often missed) and a resource for the weakest area.
pub fn feedback_items(answers: &[AnswerFeedback], scores: &FinalScores, language: Language) -> Vec<FeedbackItem> {
    let es = language == Language::Es;
    let areas = areas(answers);
    let mut items = vec![FeedbackItem {
        kind: FeedbackKind::Summary,
        text: if es {
            format!(
                "Respondiste {} preguntas con un puntaje global de {}/100 (contenido {}, estructura {}, comunicación {}, seguridad {}).",
                answers.len(),
                scores.overall,
                scores.content,
                scores.structure,
                scores.communication,
                scores.confidence
            )
        } else {
            format!(
                "You answered {} questions with an overall score of {}/100 (content {}, structure {}, communication {}, confidence {}).",
                answers.len(),
                scores.overall,
                scores.content,
                scores.structure,
                scores.communication,
                scores.confidence
            )
        },
    }];
    if let (Some((best, _)), Some((worst, _))) = (areas.first(), areas.last()) {
        items.push(FeedbackItem { kind: FeedbackKind::Strength, text: area_words(best, es).0.into() });
        items.push(FeedbackItem { kind: FeedbackKind::Improvement, text: area_words(worst, es).1.into() });
        let mut missed: Vec<(&str, usize)> = Vec::new();
        for point in answers.iter().flat_map(|a| &a.missed_points) {
            match missed.iter_mut().find(|(p, _)| *p == point) {
                Some((_, n)) => *n += 1,
                None => missed.push((point, 1)),
            }
        }
        missed.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        for (point, _) in missed.into_iter().take(2) {
            let text = if es {
                format!("Practica: {}.", point.trim_end_matches('.'))
            } else {
                format!("Practise: {}.", point.trim_end_matches('.'))
            };
            items.push(FeedbackItem { kind: FeedbackKind::ActionItem, text });
        }
        items.push(FeedbackItem { kind: FeedbackKind::Resource, text: area_words(worst, es).2.into() });
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::bank::{Bank, InterviewType};
    use crate::domain::scoring::inference::expected_points;
    use crate::domain::scoring::{Scoring, score_answer};

    fn scored(answer: &str) -> AnswerFeedback {
        let question = "Tell me about a time you disagreed with your manager.";
        let points = expected_points(question, Language::En, InterviewType::Behavioral, &Bank::new(Vec::new()));
        score_answer(&Scoring {
            question,
            kind: InterviewType::Behavioral,
            language: Language::En,
            points: &points,
            answer,
            duration_seconds: Some(40),
            job_terms: &[],
        })
    }

    #[test]
    fn final_scores_and_feedback_follow_the_answers() {
        let strong = scored(
            "At my previous company, Rappi, my manager wanted to launch a promo without testing. My role was to own \
             the checkout. I proposed a two-day A/B test, I built the dashboard and we found the promo cut margin by \
             12%. We launched a smaller version and saved about 40,000 dollars. I learned to bring data, not opinions.",
        );
        let weak = scored("Um, I think, like, we always agree, you know, maybe sometimes not.");
        let scores = final_scores(&[strong.clone(), weak.clone()]);
        assert_eq!(scores.overall, ((f64::from(strong.score) + f64::from(weak.score)) / 2.0).round() as u8);
        assert!(
            final_scores(std::slice::from_ref(&strong)).confidence
                > final_scores(std::slice::from_ref(&weak)).confidence
        );
        let items = feedback_items(&[strong, weak], &scores, Language::En);
        let kinds: Vec<_> = items.iter().map(|i| i.kind).collect();
        assert_eq!(kinds[..3], [FeedbackKind::Summary, FeedbackKind::Strength, FeedbackKind::Improvement]);
        assert_eq!(kinds.last(), Some(&FeedbackKind::Resource));
        assert!(kinds.contains(&FeedbackKind::ActionItem));
        assert!(items[0].text.contains("2 questions"));
    }
}
