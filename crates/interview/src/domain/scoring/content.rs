//! What an answer says: which expected points it covers, how specific it is, and whether it
//! speaks to the question at all.

use std::collections::HashSet;

use crate::domain::bank::{Detector, ExpectedPoint};
use crate::domain::scoring::structure::Star;
use crate::domain::text::{Analyzed, Language, Word, cliches, find_phrase, generalities, is_stop_word, stem};

/// Whether `signal` (1 to 3 folded words) occurs in the text: each word equal, of the same stem,
/// or (for a signal word of five letters or more) the start of the answer's word.
pub fn signal_found(signal: &str, words: &[Word], language: Language) -> bool {
    let parts: Vec<(&str, String)> = signal.split_whitespace().map(|part| (part, stem(part, language))).collect();
    if parts.is_empty() || parts.len() > words.len() {
        return false;
    }
    let matches = |word: &Word, (part, part_stem): &(&str, String)| {
        if *part == "%" {
            return word.folded.contains('%') || word.folded == "percent";
        }
        word.folded == *part || word.stem == *part_stem || (part.len() >= 5 && word.folded.starts_with(part))
    };
    (0..=words.len() - parts.len()).any(|i| parts.iter().enumerate().all(|(j, part)| matches(&words[i + j], part)))
}

/// What an answer shows whatever its words, for the points that have a detector.
#[derive(Debug, Clone, Copy, Default)]
pub struct Evidence {
    pub star: Star,
    pub own_actions: usize,
    pub reasoning_markers: usize,
    pub figures: usize,
    pub reflects: bool,
}

fn detected(detector: Detector, evidence: &Evidence) -> f64 {
    let graded = |n: usize, full: usize| {
        if n >= full {
            1.0
        } else if n >= 1 {
            0.7
        } else {
            0.0
        }
    };
    match detector {
        Detector::Situation => {
            if evidence.star.situation || evidence.star.task {
                1.0
            } else {
                0.0
            }
        }
        Detector::OwnActions => graded(evidence.own_actions, 2),
        Detector::Result => {
            if evidence.star.result {
                1.0
            } else {
                graded(evidence.figures, 1) * 0.7
            }
        }
        Detector::Reflection => {
            if evidence.reflects {
                1.0
            } else {
                0.0
            }
        }
        Detector::Reasoning => graded(evidence.reasoning_markers, 2),
        Detector::Figures => graded(evidence.figures, 2),
    }
}

/// How much of one point the answer's words cover: 0, one signal (0.7) or two or more (1).
pub fn signal_coverage(point: &ExpectedPoint, text: &Analyzed, language: Language) -> f64 {
    match point.signals.iter().filter(|signal| signal_found(signal, &text.words, language)).count() {
        0 => 0.0,
        1 => 0.7,
        _ => 1.0,
    }
}

/// A point's coverage: its words' (`by_words`, from [`signal_coverage`]), or what its detector
/// finds when that is more.
pub fn point_coverage(point: &ExpectedPoint, by_words: f64, evidence: &Evidence) -> f64 {
    point.detector.map_or(by_words, |detector| by_words.max(detected(detector, evidence)))
}

/// The topic words of a text: stems of its words that are not stop words, three letters or more.
pub fn topic_stems(text: &Analyzed, language: Language) -> HashSet<String> {
    text.words
        .iter()
        .filter(|w| w.folded.chars().count() >= 3 && !is_stop_word(&w.folded, language))
        .map(|w| w.stem.clone())
        .collect()
}

/// 0 to 1: how many of the question's topic words the answer takes up (up to four count fully).
pub fn topic_overlap(question: &HashSet<String>, answer: &Analyzed) -> f64 {
    if question.is_empty() {
        return 1.0;
    }
    let shared = answer.stems().filter(|s| question.contains(*s)).collect::<HashSet<_>>().len();
    (shared as f64 / question.len().min(4) as f64).min(1.0)
}

/// The signs of a concrete answer, counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Specifics {
    pub numbers: usize,
    pub names: usize,
    pub first_person_actions: usize,
    /// "we" with no "I": the candidate's own part is not told.
    pub only_we: bool,
    /// Stock phrases ("team player", "proactivo"): claims without evidence.
    pub cliches: usize,
    /// Habits, self-portraits, maxims and hypotheticals ("siempre", "I would"): talk in general.
    pub generalities: usize,
}

pub fn specifics(text: &Analyzed, language: Language, first_person_actions: usize) -> Specifics {
    let numbers = text.words.iter().filter(|w| w.folded.chars().any(|c| c.is_ascii_digit())).count();
    let (we, i): (&[&str], &[&str]) = match language {
        Language::Es => (&["nosotros", "hicimos", "logramos", "tuvimos", "decidimos"], &["yo", "mi", "me"]),
        Language::En => (&["we", "our", "us"], &["i", "my", "me"]),
    };
    let says = |list: &[&str]| text.words.iter().any(|w| list.contains(&w.folded.as_str()));
    let occurrences = |phrases: &[&str]| phrases.iter().map(|phrase| find_phrase(&text.words, phrase).len()).sum();
    Specifics {
        numbers,
        names: text.capitalised_inside,
        first_person_actions,
        only_we: says(we) && !says(i) && first_person_actions == 0,
        cliches: occurrences(cliches(language)),
        generalities: occurrences(generalities(language)),
    }
}

/// 0 to 1 from the counts: numbers, names, own actions; "only we" costs a third, and each stock
/// phrase (up to three) a fifth.
pub fn specificity(specifics: &Specifics) -> f64 {
    let part = |n: usize, full: usize| n.min(full) as f64 / full as f64;
    let raw = 0.4 * part(specifics.numbers, 3)
        + 0.25 * part(specifics.names, 3)
        + 0.35 * part(specifics.first_person_actions, 3);
    let raw = raw * (1.0 - 0.2 * specifics.cliches.min(3) as f64);
    if specifics.only_we { raw * 0.67 } else { raw }
}

/// 0 to 1: an answer that tells what happened (1) or talks in general; each general statement,
/// up to five, takes a fifth.
pub fn concreteness(specifics: &Specifics) -> f64 {
    1.0 - 0.2 * specifics.generalities.min(5) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::analyze;

    #[test]
    fn signals_match_by_stem_prefix_or_phrase() {
        let text = analyze("Prioricé las tareas y entregamos a tiempo, un 20% antes.", Language::Es);
        assert!(signal_found("priorice", &text.words, Language::Es));
        assert!(signal_found("tarea", &text.words, Language::Es), "same stem");
        assert!(signal_found("a tiempo", &text.words, Language::Es));
        assert!(signal_found("%", &text.words, Language::Es));
        assert!(!signal_found("cliente", &text.words, Language::Es));
        let en = analyze("I coordinated the vendors", Language::En);
        assert!(signal_found("coordinat", &en.words, Language::En), "a prefix of five letters or more");
    }

    #[test]
    fn stock_phrases_cost_specificity() {
        let plain = analyze("I led the migration of 3 services at Interbank.", Language::En);
        let padded =
            analyze("I am a proactive team player and I led the migration of 3 services at Interbank.", Language::En);
        let (plain, padded) = (specifics(&plain, Language::En, 1), specifics(&padded, Language::En, 1));
        assert_eq!((plain.cliches, padded.cliches), (0, 2));
        assert!(specificity(&padded) < specificity(&plain));
        let es = analyze("Soy proactiva y me gusta trabajar en equipo; fui responsable de la migración.", Language::Es);
        assert_eq!(specifics(&es, Language::Es, 1).cliches, 2, "«responsable de» is a fact, not a cliché");
    }

    #[test]
    fn concrete_answers_are_more_specific() {
        let vague = analyze("We worked hard as a team and we did our best.", Language::En);
        let concrete =
            analyze("At Interbank I built 3 dashboards in Power BI and cut reporting from 5 days to 1.", Language::En);
        let vague = specificity(&specifics(&vague, Language::En, 0));
        let concrete = specificity(&specifics(&concrete, Language::En, 1));
        assert!(concrete > vague + 0.4, "{concrete} vs {vague}");
    }
}
