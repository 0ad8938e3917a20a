//! What to expect from an answer to a question the bank does not hold (free practice): the bank's
//! points when it holds nearly the same question, else the points every good answer of that kind
//! makes, plus one for the question's own topic.

use std::collections::HashSet;

use crate::domain::bank::{Bank, Detector, ExpectedPoint, InterviewType};
use crate::domain::scoring::content::topic_stems;
use crate::domain::text::{Language, analyze};

/// How alike two questions' topic words must be (Jaccard) to take the bank's points.
const SAME_QUESTION: f64 = 0.6;

pub fn expected_points(question: &str, language: Language, kind: InterviewType, bank: &Bank) -> Vec<ExpectedPoint> {
    let topic = topic_stems(&analyze(question, language), language);
    if let Some(points) = nearest_in_bank(&topic, language, kind, bank) {
        return points;
    }
    let mut points = vec![topic_point(question, language)];
    points.extend(generic_points(language, kind));
    points
}

fn nearest_in_bank(
    topic: &HashSet<String>,
    language: Language,
    kind: InterviewType,
    bank: &Bank,
) -> Option<Vec<ExpectedPoint>> {
    let jaccard = |other: &HashSet<String>| {
        let union = topic.union(other).count();
        if union == 0 { 0.0 } else { topic.intersection(other).count() as f64 / union as f64 }
    };
    bank.questions
        .iter()
        .zip(&bank.topics)
        .filter(|((l, k, _), _)| *l == language && (*k == kind || kind == InterviewType::Mixed))
        .map(|((_, _, q), topic)| (jaccard(topic), q))
        .filter(|(similarity, _)| *similarity >= SAME_QUESTION)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, q)| q.expected_points.clone())
}

/// The question's own topic words (up to eight) as the signals of "answers what was asked".
fn topic_point(question: &str, language: Language) -> ExpectedPoint {
    let text = analyze(question, language);
    let mut signals: Vec<String> = Vec::new();
    for word in &text.words {
        let topical = word.folded.chars().count() >= 4 && !crate::domain::text::is_stop_word(&word.folded, language);
        if topical && !signals.contains(&word.folded) && signals.len() < 8 {
            signals.push(word.folded.clone());
        }
    }
    let (point, follow_up) = match language {
        Language::Es => ("Responde a lo que se pregunta", "¿Podrías responder directamente a la pregunta?"),
        Language::En => ("Answers what was asked", "Could you answer the question directly?"),
    };
    ExpectedPoint { signals, ..ExpectedPoint::new(point, &[], Some(follow_up)) }
}

fn point(point: &str, signals: &[&str], follow_up: Option<&str>) -> ExpectedPoint {
    ExpectedPoint::new(point, signals, follow_up)
}

/// The points of a story: its setting, one's own actions, a result, a lesson.
pub fn story_points(language: Language) -> Vec<ExpectedPoint> {
    match language {
        Language::Es => vec![
            point(
                "Sitúa el contexto: dónde, cuándo y cuál era el reto",
                &["empresa", "proyecto", "cliente", "area", "trabajaba", "anterior", "reto"],
                Some("¿En qué contexto ocurrió: dónde trabajabas y cuál era el reto?"),
            )
            .detected_by(Detector::Situation),
            point(
                "Cuenta lo que hizo, en primera persona",
                &[
                    "decidi",
                    "hable",
                    "propuse",
                    "organice",
                    "implemente",
                    "coordine",
                    "lidere",
                    "analice",
                    "hice",
                    "me reuni",
                ],
                Some("¿Qué hiciste tú, concretamente?"),
            )
            .detected_by(Detector::OwnActions),
            point(
                "Da un resultado medible",
                &["logre", "logramos", "resultado", "reduj", "aument", "%", "ahorr", "mejor"],
                Some("¿Cuál fue el resultado, en números si puedes?"),
            )
            .detected_by(Detector::Result),
            point(
                "Reflexiona sobre lo aprendido",
                &["aprendi", "leccion", "haria diferente", "desde entonces", "ahora siempre", "me di cuenta"],
                None,
            )
            .detected_by(Detector::Reflection),
        ],
        Language::En => vec![
            point(
                "Sets the context: where, when and what the challenge was",
                &["company", "project", "client", "team", "previous", "challenge", "working"],
                Some("What was the context: where were you working and what was the challenge?"),
            )
            .detected_by(Detector::Situation),
            point(
                "Tells what they did, in the first person",
                &[
                    "decided",
                    "talked",
                    "proposed",
                    "organized",
                    "organised",
                    "implemented",
                    "coordinated",
                    "led",
                    "analyzed",
                    "built",
                ],
                Some("What did you do, specifically?"),
            )
            .detected_by(Detector::OwnActions),
            point(
                "Gives a measurable result",
                &["result", "reduced", "increased", "%", "saved", "improved", "achieved", "grew"],
                Some("What was the result, in numbers if you can?"),
            )
            .detected_by(Detector::Result),
            point(
                "Reflects on what they learned",
                &["learned", "lesson", "differently", "since then", "now i", "realized", "realised"],
                None,
            )
            .detected_by(Detector::Reflection),
        ],
    }
}

fn generic_points(language: Language, kind: InterviewType) -> Vec<ExpectedPoint> {
    use InterviewType::*;
    match (language, kind) {
        (_, Behavioral | Competency | Mixed) => story_points(language),
        (Language::Es, Technical) => vec![
            point(
                "Explica el concepto o el procedimiento paso a paso",
                &["primero", "luego", "paso", "proceso", "despues", "consiste", "funciona"],
                Some("¿Podrías explicarlo paso a paso?"),
            )
            .detected_by(Detector::Reasoning),
            point(
                "Da un ejemplo concreto de su experiencia",
                &["por ejemplo", "proyecto", "use", "utilice", "implemente", "caso", "aplique"],
                Some("¿Puedes darme un ejemplo de cuando lo aplicaste?"),
            )
            .detected_by(Detector::OwnActions),
            point(
                "Menciona riesgos, límites o buenas prácticas",
                &["riesgo", "error", "cuidado", "buena practica", "validar", "control", "limite", "desventaja"],
                None,
            ),
        ],
        (Language::En, Technical) => vec![
            point(
                "Explains the concept or the procedure step by step",
                &["first", "then", "step", "process", "after", "consists", "works"],
                Some("Could you walk me through it step by step?"),
            )
            .detected_by(Detector::Reasoning),
            point(
                "Gives a concrete example from experience",
                &["for example", "project", "used", "implemented", "case", "applied", "built"],
                Some("Can you give me an example of when you applied it?"),
            )
            .detected_by(Detector::OwnActions),
            point(
                "Mentions risks, limits or good practice",
                &["risk", "error", "careful", "best practice", "validate", "control", "limit", "trade off"],
                None,
            ),
        ],
        (Language::Es, CaseStudy) => vec![
            point(
                "Estructura el problema en partes",
                &["primero", "dividir", "segment", "factores", "partes", "supuesto", "asum"],
                Some("¿Cómo dividirías el problema?"),
            )
            .detected_by(Detector::Reasoning),
            point(
                "Estima con números y supuestos explícitos",
                &["millon", "mil", "%", "aproximad", "estim", "calcul", "total", "promedio"],
                Some("¿Qué números o supuestos usarías?"),
            )
            .detected_by(Detector::Figures),
            point(
                "Llega a una recomendación",
                &["recomend", "propon", "conclusion", "decision", "prioriz", "haria"],
                Some("¿Qué recomendarías al final?"),
            ),
            point(
                "Señala riesgos y cómo validarlos",
                &["riesgo", "desventaja", "sensibil", "validar", "piloto", "medir"],
                None,
            ),
        ],
        (Language::En, CaseStudy) => vec![
            point(
                "Structures the problem into parts",
                &["first", "break", "segment", "factors", "parts", "assum", "framework"],
                Some("How would you break the problem down?"),
            )
            .detected_by(Detector::Reasoning),
            point(
                "Estimates with numbers and explicit assumptions",
                &["million", "thousand", "%", "roughly", "estimat", "calculat", "total", "average"],
                Some("What numbers or assumptions would you use?"),
            )
            .detected_by(Detector::Figures),
            point(
                "Reaches a recommendation",
                &["recommend", "propose", "conclusion", "decision", "prioriti", "would go"],
                Some("What would you recommend in the end?"),
            ),
            point(
                "Names risks and how to test them",
                &["risk", "downside", "sensitiv", "validate", "pilot", "measure"],
                None,
            ),
        ],
        (Language::Es, HrScreening) => vec![
            point(
                "Conecta con el puesto y la empresa",
                &["empresa", "puesto", "rol", "equipo", "sector", "mision", "producto"],
                Some("¿Qué te atrae de este puesto en particular?"),
            ),
            point(
                "Respalda con experiencia concreta",
                &["experiencia", "anos", "proyecto", "logre", "trabaje", "aprendi"],
                Some("¿Qué experiencia concreta lo respalda?"),
            )
            .detected_by(Detector::OwnActions),
            point(
                "Es claro sobre lo que busca",
                &["busco", "quiero", "objetivo", "crecer", "desarrollar", "espero", "meta"],
                None,
            ),
        ],
        (Language::En, HrScreening) => vec![
            point(
                "Connects with the role and the company",
                &["company", "role", "position", "team", "industry", "mission", "product"],
                Some("What draws you to this role in particular?"),
            ),
            point(
                "Backs it with concrete experience",
                &["experience", "years", "project", "achieved", "worked", "learned"],
                Some("What concrete experience backs that up?"),
            )
            .detected_by(Detector::OwnActions),
            point(
                "Is clear about what they want",
                &["looking for", "want", "goal", "grow", "develop", "hope", "aim"],
                None,
            ),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_free_question_gets_its_topic_and_the_points_of_its_kind() {
        let bank = Bank::new(Vec::new());
        let points = expected_points(
            "¿Cómo manejarías un cierre contable con la SUNAT encima?",
            Language::Es,
            InterviewType::Technical,
            &bank,
        );
        assert_eq!(points.len(), 4);
        assert_eq!(points[0].signals, ["manejarias", "cierre", "contable", "sunat", "encima"]);
    }
}
