//! How the built-in interviewer reads text: folded words (`kernel::text::fold`), their Snowball
//! stems in the answer's language, and the few word lists (stop words, fillers, hedges) that
//! scoring needs. Pure and deterministic.

use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Spanish or English: the languages the platform reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    Es,
    En,
}

/// One word of a text: as written (lower case), folded, and its stem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub lower: String,
    pub folded: String,
    pub stem: String,
}

/// A text cut into words, with what scoring reads from its punctuation.
#[derive(Debug, Clone)]
pub struct Analyzed {
    pub words: Vec<Word>,
    /// Words right after a comma, a period or the start: where "este", "like" are fillers.
    pub after_pause: Vec<bool>,
    /// Words right before a comma or an ellipsis.
    pub before_pause: Vec<bool>,
    /// Words written with a capital inside a sentence (names of companies, tools, places).
    pub capitalised_inside: usize,
}

impl Analyzed {
    pub fn stems(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(|w| w.stem.as_str())
    }
}

fn stemmer(language: Language) -> Stemmer {
    Stemmer::create(match language {
        Language::Es => Algorithm::Spanish,
        Language::En => Algorithm::English,
    })
}

/// The stem of one folded word in `language`.
pub fn stem(word: &str, language: Language) -> String {
    stemmer(language).stem(word).into_owned()
}

pub fn analyze(text: &str, language: Language) -> Analyzed {
    let stemmer = stemmer(language);
    let mut analyzed =
        Analyzed { words: Vec::new(), after_pause: Vec::new(), before_pause: Vec::new(), capitalised_inside: 0 };
    let (mut pause, mut sentence_start) = (true, true);
    let mut current = String::new();
    let flush = |current: &mut String, analyzed: &mut Analyzed, pause: &mut bool, sentence_start: &mut bool| {
        if current.is_empty() {
            return;
        }
        if current.starts_with(char::is_uppercase) && !*sentence_start && current != "I" {
            analyzed.capitalised_inside += 1;
        }
        let lower = current.to_lowercase();
        let folded = kernel::text::fold(&lower);
        let stem = stemmer.stem(&folded).into_owned();
        analyzed.words.push(Word { lower, folded, stem });
        analyzed.after_pause.push(*pause);
        analyzed.before_pause.push(false);
        (*pause, *sentence_start) = (false, false);
        current.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() || c == '%' || (c == '\'' && !current.is_empty()) {
            current.push(c);
            continue;
        }
        flush(&mut current, &mut analyzed, &mut pause, &mut sentence_start);
        if matches!(c, ',' | ';' | ':' | '.' | '!' | '?' | '¿' | '¡' | '…' | '(' | ')' | '-' | '\n') {
            if let Some(last) = analyzed.before_pause.last_mut()
                && matches!(c, ',' | ';' | '.' | '…' | '\n')
            {
                *last = true;
            }
            pause = true;
            if matches!(c, '.' | '!' | '?' | '…' | '\n' | '¿' | '¡') {
                sentence_start = true;
            }
        }
    }
    flush(&mut current, &mut analyzed, &mut pause, &mut sentence_start);
    analyzed
}

/// Words that carry no topic: left out when comparing a question with an answer.
pub fn is_stop_word(folded: &str, language: Language) -> bool {
    let list: &[&str] = match language {
        Language::Es => &[
            "a",
            "al",
            "algo",
            "algun",
            "alguna",
            "alguno",
            "ante",
            "asi",
            "cada",
            "como",
            "con",
            "cual",
            "cuales",
            "cuando",
            "de",
            "del",
            "donde",
            "el",
            "ella",
            "en",
            "entre",
            "es",
            "esa",
            "ese",
            "eso",
            "esta",
            "este",
            "esto",
            "fue",
            "ha",
            "han",
            "hay",
            "la",
            "las",
            "le",
            "les",
            "lo",
            "los",
            "mas",
            "me",
            "mi",
            "mis",
            "muy",
            "no",
            "nos",
            "o",
            "para",
            "pero",
            "por",
            "que",
            "se",
            "si",
            "sin",
            "sobre",
            "son",
            "su",
            "sus",
            "te",
            "tu",
            "tus",
            "un",
            "una",
            "uno",
            "unos",
            "unas",
            "y",
            "ya",
            "yo",
            "usted",
            "cuentame",
            "cuenteme",
            "dime",
            "describe",
            "describeme",
            "explica",
            "explicame",
            "hablame",
            "vez",
            "ocasion",
            "como",
            "harias",
            "haces",
            "tienes",
            "tuviste",
            "has",
            "sido",
            "ser",
            "estar",
            "puedes",
            "podrias",
            "manejas",
        ],
        Language::En => &[
            "a", "about", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could", "describe", "did",
            "do", "does", "explain", "for", "from", "had", "has", "have", "how", "i", "if", "in", "into", "is", "it",
            "its", "me", "my", "of", "on", "or", "our", "so", "tell", "that", "the", "their", "them", "then", "there",
            "this", "time", "to", "us", "was", "we", "were", "what", "when", "where", "which", "who", "why", "will",
            "with", "would", "you", "your", "walk", "through", "give", "example", "handle", "approach",
        ],
    };
    list.contains(&folded)
}

/// Filler words and phrases, folded. Ambiguous ones ("este", "like", "bueno", "so") count only
/// when set apart by pauses; see `scoring::delivery`.
pub fn fillers(language: Language) -> (&'static [&'static str], &'static [&'static str]) {
    match language {
        Language::Es => (
            &["eh", "ehh", "ehm", "em", "mmm", "mm", "osea", "o sea", "digamos", "ahh"],
            &["este", "pues", "bueno", "tipo", "nada"],
        ),
        Language::En => (
            &["um", "umm", "uh", "uhh", "erm", "er", "you know", "i mean", "mmm"],
            &["like", "so", "basically", "actually", "well"],
        ),
    }
}

/// Hedges: phrases that weaken a claim, folded.
pub fn hedges(language: Language) -> &'static [&'static str] {
    match language {
        Language::Es => &[
            "creo que",
            "tal vez",
            "quizas",
            "quiza",
            "de repente",
            "mas o menos",
            "supongo",
            "no se",
            "podria ser",
            "algo asi",
            "me parece que",
            "no estoy seguro",
            "no estoy segura",
            "a lo mejor",
        ],
        Language::En => &[
            "i think",
            "maybe",
            "perhaps",
            "sort of",
            "kind of",
            "i guess",
            "probably",
            "not sure",
            "i suppose",
            "more or less",
            "i believe",
            "somewhat",
        ],
    }
}

/// Stock phrases an interviewer has heard a thousand times ("team player", "proactivo", "a good
/// company with opportunities to grow"): claims with no evidence, folded. Words that also serve
/// a concrete sentence ("responsible for", "trabajo en equipo" as a topic) are not here.
pub fn cliches(language: Language) -> &'static [&'static str] {
    match language {
        Language::Es => &[
            "proactivo",
            "proactiva",
            "perfeccionista",
            "persona responsable",
            "soy responsable",
            "muy responsable",
            "soy muy trabajador",
            "soy muy trabajadora",
            "persona trabajadora",
            "muy trabajador",
            "muy trabajadora",
            "me gusta trabajar en equipo",
            "trabajar bajo presion",
            "trabajo bajo presion",
            "aprendo rapido",
            "facilidad de aprendizaje",
            "orientado a resultados",
            "orientada a resultados",
            "buena empresa",
            "gran empresa",
            "empresa solida",
            "oportunidades de crecimiento",
            "oportunidad de crecimiento",
            "oportunidades de crecer",
            "crecer profesionalmente",
            "dar lo mejor de mi",
            "ponerme la camiseta",
            "apasionado por",
            "apasionada por",
            "capacidad de adaptacion",
        ],
        Language::En => &[
            "team player",
            "hardworking",
            "hard working",
            "hard worker",
            "proactive",
            "perfectionist",
            "people person",
            "outside the box",
            "go getter",
            "self motivated",
            "fast learner",
            "quick learner",
            "detail oriented",
            "results oriented",
            "results driven",
            "passionate about",
            "work well under pressure",
            "good company",
            "great company",
            "opportunities to grow",
            "opportunity to grow",
            "room to grow",
            "dynamic environment",
            "best of my ability",
            "give 110%",
        ],
    }
}

/// Words of an answer that talks in general instead of telling what happened: habits ("siempre",
/// "usually"), self-portraits ("me considero", "one of my strengths"), maxims ("la clave es",
/// "you have to") and hypotheticals ("haría", "I would"). A specific answer uses few; a generic
/// one is made of them, whatever its length. Hedges ("creo que") are counted apart, as delivery.
pub fn generalities(language: Language) -> &'static [&'static str] {
    match language {
        Language::Es => &[
            "soy una persona",
            "me considero",
            "soy muy",
            "soy bastante",
            "mis fortalezas",
            "mi fortaleza",
            "mi mayor fortaleza",
            "siempre",
            "normalmente",
            "por lo general",
            "generalmente",
            "en general",
            "uno tiene que",
            "uno debe",
            "hay que",
            "lo importante es",
            "la clave es",
            "es fundamental",
            "es importante",
            "es clave",
            "haria",
            "buscaria",
            "intentaria",
            "trataria",
            "todo el mundo",
        ],
        Language::En => &[
            "i consider myself",
            "i am very",
            "i'm very",
            "one of my strengths",
            "my strength",
            "my greatest strength",
            "always",
            "usually",
            "generally",
            "in general",
            "the key is",
            "it's important",
            "it is important",
            "is key",
            "i would",
            "you have to",
            "you need to",
            "mindset",
            "everybody",
            "everyone",
        ],
    }
}

/// Where `phrase` (folded words) occurs in `words`, as word positions.
pub fn find_phrase(words: &[Word], phrase: &str) -> Vec<usize> {
    let parts: Vec<&str> = phrase.split_whitespace().collect();
    if parts.is_empty() || parts.len() > words.len() {
        return Vec::new();
    }
    (0..=words.len() - parts.len())
        .filter(|&i| parts.iter().enumerate().all(|(j, part)| words[i + j].folded == *part))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_and_stem_in_their_language() {
        let text = analyze("Lideré la migración a Kafka, reduciendo costos 30%.", Language::Es);
        let folded: Vec<&str> = text.words.iter().map(|w| w.folded.as_str()).collect();
        assert_eq!(folded, ["lidere", "la", "migracion", "a", "kafka", "reduciendo", "costos", "30%"]);
        assert_eq!(text.capitalised_inside, 1, "Kafka");
        assert_eq!(stem("costos", Language::Es), stem("costo", Language::Es));
        assert_eq!(stem("managed", Language::En), stem("managing", Language::En));
    }

    #[test]
    fn pauses_are_remembered_around_words() {
        let text = analyze("Bueno, este, yo hice este proyecto", Language::Es);
        assert!(text.after_pause[1] && text.before_pause[1], "the first este stands between commas");
        assert!(!text.after_pause[4], "the second este is a determiner");
        assert_eq!(find_phrase(&text.words, "este proyecto"), [4]);
    }
}
