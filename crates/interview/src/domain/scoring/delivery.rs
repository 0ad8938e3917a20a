//! Delivery read from the text and its duration: pace, fillers, hedging, repetition.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::text::{Analyzed, Language, fillers, find_phrase, hedges};

/// How an answer was delivered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Delivery {
    pub word_count: usize,
    /// Words per minute, when the answer's duration is known.
    pub words_per_minute: Option<f64>,
    /// Each filler found, as many times as it occurs.
    pub filler_words: Vec<String>,
    pub hedges: Vec<String>,
    /// Share of three-word sequences said more than once (0 to 1).
    pub repetition: f64,
}

pub fn delivery(text: &Analyzed, language: Language, duration_seconds: Option<u32>) -> Delivery {
    let word_count = text.words.len();
    let words_per_minute = duration_seconds
        .filter(|&seconds| seconds > 0 && word_count > 0)
        .map(|seconds| (word_count as f64 * 60.0 / f64::from(seconds) * 10.0).round() / 10.0);
    let (plain, set_apart) = fillers(language);
    let mut filler_words = Vec::new();
    for filler in plain {
        filler_words.extend(find_phrase(&text.words, filler).into_iter().map(|_| (*filler).to_owned()));
    }
    for filler in set_apart {
        let apart =
            find_phrase(&text.words, filler).into_iter().filter(|&i| text.after_pause[i] && text.before_pause[i]);
        filler_words.extend(apart.map(|_| (*filler).to_owned()));
    }
    let mut found_hedges = Vec::new();
    for hedge in hedges(language) {
        found_hedges.extend(find_phrase(&text.words, hedge).into_iter().map(|_| (*hedge).to_owned()));
    }
    Delivery { word_count, words_per_minute, filler_words, hedges: found_hedges, repetition: repetition(text) }
}

fn repetition(text: &Analyzed) -> f64 {
    let grams: Vec<[&str; 3]> =
        text.words.windows(3).map(|w| [w[0].stem.as_str(), w[1].stem.as_str(), w[2].stem.as_str()]).collect();
    if grams.len() < 6 {
        return 0.0;
    }
    let mut seen = std::collections::HashSet::new();
    let repeated = grams.iter().filter(|gram| !seen.insert(**gram)).count();
    (repeated as f64 / grams.len() as f64 * 100.0).round() / 100.0
}

/// 0 to 1: a conversational pace (110–170 wpm), few fillers and hedges, little repetition.
pub fn delivery_quality(delivery: &Delivery) -> f64 {
    let words = delivery.word_count.max(1) as f64;
    let pace = match delivery.words_per_minute {
        None => 1.0,
        Some(wpm) if (110.0..=170.0).contains(&wpm) => 1.0,
        Some(wpm) if wpm < 110.0 => (wpm / 110.0).max(0.3),
        Some(wpm) => (170.0 / wpm).max(0.3),
    };
    let filler_rate = delivery.filler_words.len() as f64 / words;
    let hedge_rate = delivery.hedges.len() as f64 / words;
    let fluency = (1.0 - filler_rate * 8.0 - hedge_rate * 6.0 - delivery.repetition).clamp(0.0, 1.0);
    0.4 * pace + 0.6 * fluency
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::analyze;

    #[test]
    fn fillers_hedges_and_pace_are_counted() {
        let text = analyze("Eh, bueno, este, creo que hice este proyecto, o sea, más o menos rápido.", Language::Es);
        let found = delivery(&text, Language::Es, Some(6));
        assert_eq!(found.word_count, 14);
        assert_eq!(found.words_per_minute, Some(140.0));
        assert_eq!(found.filler_words, ["eh", "o sea", "este", "bueno"]);
        assert_eq!(found.hedges, ["creo que", "mas o menos"]);
        let clean = delivery(
            &analyze("I led the migration and we cut costs by thirty percent.", Language::En),
            Language::En,
            None,
        );
        assert!(clean.filler_words.is_empty() && clean.hedges.is_empty());
        assert!(delivery_quality(&clean) > delivery_quality(&found));
    }
}
