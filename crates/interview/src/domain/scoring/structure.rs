//! The shape of an answer: STAR parts for stories (behavioral, competency), and for the other
//! kinds the markers of a reasoned answer (steps, assumptions, examples, a conclusion).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::text::{Analyzed, Language, Word, find_phrase};

/// The STAR parts an answer tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
pub struct Star {
    pub situation: bool,
    pub task: bool,
    pub action: bool,
    pub result: bool,
}

impl Star {
    pub fn parts(&self) -> usize {
        [self.situation, self.task, self.action, self.result].iter().filter(|p| **p).count()
    }
}

struct Markers {
    situation: &'static [&'static str],
    task: &'static [&'static str],
    result: &'static [&'static str],
    reasoning: &'static [&'static str],
}

fn markers(language: Language) -> Markers {
    match language {
        Language::Es => Markers {
            situation: &[
                "cuando",
                "trabajaba",
                "trabaje en",
                "en mi anterior",
                "en la empresa",
                "en el proyecto",
                "el contexto",
                "la situacion",
                "habia",
                "estaba",
                "en mi ultimo",
                "en mi primer",
                "el ano pasado",
                "hace",
            ],
            task: &[
                "mi responsabilidad",
                "mi rol",
                "tenia que",
                "el objetivo",
                "me encargaron",
                "me pidieron",
                "debia",
                "mi tarea",
                "el reto",
                "el problema era",
                "necesitabamos",
                "necesitaba",
                "la meta",
                "me toco",
            ],
            result: &[
                "logre",
                "logramos",
                "resultado",
                "reduje",
                "redujimos",
                "aumente",
                "aumentamos",
                "ahorre",
                "ahorramos",
                "mejoro",
                "mejore",
                "mejoramos",
                "al final",
                "finalmente",
                "gracias a",
                "consegui",
                "conseguimos",
                "aprendi",
                "%",
                "por ciento",
                "terminamos",
                "cerramos",
                "entregamos",
            ],
            reasoning: &[
                "primero",
                "segundo",
                "luego",
                "despues",
                "finalmente",
                "por ejemplo",
                "porque",
                "por eso",
                "asumo",
                "supuesto",
                "supongamos",
                "en resumen",
                "recomendaria",
                "recomiendo",
                "depende",
                "ventaja",
                "desventaja",
                "riesgo",
                "por un lado",
                "por otro lado",
                "en cambio",
                "mientras que",
                "conclusion",
            ],
        },
        Language::En => Markers {
            situation: &[
                "when i was",
                "at my previous",
                "i was working",
                "the situation",
                "the context",
                "there was",
                "we had",
                "in my last",
                "in my first",
                "last year",
                "at the time",
                "ago",
                "i worked at",
                "i was a",
            ],
            task: &[
                "my role",
                "my responsibility",
                "i had to",
                "the goal",
                "i was asked",
                "i needed to",
                "the challenge",
                "my task",
                "we needed",
                "the problem was",
                "the target",
                "i was responsible",
                "my job was",
            ],
            result: &[
                "as a result",
                "resulted",
                "reduced",
                "increased",
                "saved",
                "improved",
                "achieved",
                "in the end",
                "outcome",
                "%",
                "percent",
                "learned",
                "delivered",
                "we closed",
                "we finished",
                "ended up",
                "grew",
                "cut",
            ],
            reasoning: &[
                "first",
                "second",
                "then",
                "next",
                "finally",
                "for example",
                "for instance",
                "because",
                "therefore",
                "assume",
                "assuming",
                "assumption",
                "in summary",
                "i would recommend",
                "i recommend",
                "it depends",
                "trade-off",
                "tradeoff",
                "risk",
                "on the other hand",
                "whereas",
                "however",
                "conclusion",
            ],
        },
    }
}

fn any_phrase(words: &[Word], phrases: &[&str]) -> bool {
    phrases.iter().any(|phrase| !find_phrase(words, phrase).is_empty())
}

/// Actions told in the first person: "implementé", "decidí", "I led", "I built".
pub fn first_person_actions(text: &Analyzed, language: Language) -> usize {
    match language {
        Language::Es => text
            .words
            .iter()
            .filter(|w| {
                let preterite = w.lower.chars().count() >= 5 && (w.lower.ends_with('é') || w.lower.ends_with('í'));
                preterite
                    || [
                        "hice", "tuve", "propuse", "dije", "puse", "pude", "quise", "supe", "traje", "converse",
                        "me reuni",
                    ]
                    .contains(&w.folded.as_str())
            })
            .count(),
        Language::En => text
            .words
            .windows(2)
            .filter(|pair| {
                pair[0].folded == "i"
                    && (pair[1].folded.ends_with("ed")
                        || [
                            "led", "built", "made", "took", "wrote", "ran", "set", "spoke", "got", "went", "found",
                            "chose", "gave", "brought", "began", "drove", "sent", "told", "taught", "met", "put",
                            "sat", "kept", "held", "did", "designed", "decided",
                        ]
                        .contains(&pair[1].folded.as_str()))
            })
            .count(),
    }
}

pub fn star(text: &Analyzed, language: Language) -> Star {
    let markers = markers(language);
    Star {
        situation: any_phrase(&text.words, markers.situation),
        task: any_phrase(&text.words, markers.task),
        action: first_person_actions(text, language) >= 1,
        result: any_phrase(&text.words, markers.result) || text.words.iter().any(|w| w.folded.ends_with('%')),
    }
}

/// Whether the answer tells what was learned from it.
pub fn reflects(text: &Analyzed, language: Language) -> bool {
    let markers: &[&str] = match language {
        Language::Es => &[
            "aprendi",
            "aprendimos",
            "leccion",
            "me di cuenta",
            "desde entonces",
            "ahora siempre",
            "la proxima vez",
            "hoy haria",
            "me enseno",
            "entendi que",
        ],
        Language::En => &[
            "learned",
            "learnt",
            "lesson",
            "realized",
            "realised",
            "since then",
            "next time",
            "now i always",
            "taught me",
            "in hindsight",
        ],
    };
    any_phrase(&text.words, markers)
}

/// How many different markers of a reasoned answer it uses.
pub fn reasoning_markers(text: &Analyzed, language: Language) -> usize {
    markers(language).reasoning.iter().filter(|phrase| !find_phrase(&text.words, phrase).is_empty()).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::analyze;

    #[test]
    fn star_parts_are_found_in_both_languages() {
        let es = "Cuando trabajaba en Yape, mi responsabilidad era la cola de pagos. Migré el servicio a Kafka y \
                  logramos bajar la latencia un 40%.";
        assert_eq!(
            star(&analyze(es, Language::Es), Language::Es),
            Star { situation: true, task: true, action: true, result: true }
        );
        let en = "We usually work as a team and communication is important.";
        assert_eq!(star(&analyze(en, Language::En), Language::En).parts(), 0);
        let en =
            "At my previous job I had to fix our onboarding. I interviewed ten users and we reduced drop-off by half.";
        assert_eq!(star(&analyze(en, Language::En), Language::En).parts(), 4);
    }
}
