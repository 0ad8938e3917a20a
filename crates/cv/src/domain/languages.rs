//! Spoken languages and their levels as CVs state them ("Inglés B2", "English – advanced",
//! "Portugués básico", "Quechua nativo"), mapped to a canonical name and to CEFR where stated.

use kernel::text::fold;
use serde::{Deserialize, Serialize};

/// A level on the Common European Framework, or a first language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Level {
    A1,
    A2,
    B1,
    B2,
    C1,
    C2,
    Native,
}

/// Canonical (English) names and the folded ways CVs write them.
const LANGUAGES: &[(&str, &[&str])] = &[
    ("English", &["ingles", "english"]),
    ("Spanish", &["espanol", "castellano", "spanish"]),
    ("Portuguese", &["portugues", "portuguese"]),
    ("French", &["frances", "french"]),
    ("German", &["aleman", "german"]),
    ("Italian", &["italiano", "italian"]),
    ("Quechua", &["quechua", "runasimi"]),
    ("Aymara", &["aymara", "aimara"]),
    ("Mandarin Chinese", &["chino", "mandarin", "chinese", "chino mandarin"]),
    ("Japanese", &["japones", "japanese"]),
    ("Korean", &["coreano", "korean"]),
    ("Russian", &["ruso", "russian"]),
    ("Arabic", &["arabe", "arabic"]),
    ("Catalan", &["catalan"]),
    ("Dutch", &["holandes", "neerlandes", "dutch"]),
];

/// Folded words or phrases that state a level; phrases before the single words they contain.
const LEVELS: &[(&str, Level)] = &[
    ("lengua materna", Level::Native),
    ("mother tongue", Level::Native),
    ("native speaker", Level::Native),
    ("intermedio avanzado", Level::B2),
    ("intermedio-avanzado", Level::B2),
    ("upper intermediate", Level::B2),
    ("upper-intermediate", Level::B2),
    ("pre intermedio", Level::A2),
    ("pre-intermedio", Level::A2),
    ("pre-intermediate", Level::A2),
    ("nativo", Level::Native),
    ("nativa", Level::Native),
    ("native", Level::Native),
    ("bilingue", Level::C2),
    ("bilingual", Level::C2),
    ("proficient", Level::C2),
    ("fluido", Level::C1),
    ("fluida", Level::C1),
    ("fluent", Level::C1),
    ("avanzado", Level::C1),
    ("advanced", Level::C1),
    ("intermedio", Level::B1),
    ("intermediate", Level::B1),
    ("elemental", Level::A2),
    ("elementary", Level::A2),
    ("basico", Level::A1),
    ("basic", Level::A1),
    ("principiante", Level::A1),
    ("beginner", Level::A1),
];

/// A language a CV states, with its level when the CV gives one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpokenLanguage {
    pub name: &'static str,
    pub level: Option<Level>,
}

/// The language and level on one line of a languages section, if it names a language we know.
pub fn parse_language_line(line: &str) -> Option<SpokenLanguage> {
    let folded = fold(line);
    let words: Vec<&str> =
        folded.split(|c: char| !(c.is_alphanumeric() || c == '-')).filter(|w| !w.is_empty()).collect();
    let name = LANGUAGES
        .iter()
        .find_map(|(name, forms)| forms.iter().any(|form| contains_phrase(&words, form)).then_some(*name))?;
    // An explicit CEFR code wins over words ("Inglés avanzado (C1)").
    let cefr = words.iter().find_map(|w| match w.to_ascii_uppercase().as_str() {
        "A1" => Some(Level::A1),
        "A2" => Some(Level::A2),
        "B1" => Some(Level::B1),
        "B2" => Some(Level::B2),
        "C1" => Some(Level::C1),
        "C2" => Some(Level::C2),
        _ => None,
    });
    let worded = || LEVELS.iter().find(|(phrase, _)| contains_phrase(&words, phrase)).map(|(_, level)| *level);
    Some(SpokenLanguage { name, level: cefr.or_else(worded) })
}

fn contains_phrase(words: &[&str], phrase: &str) -> bool {
    let parts: Vec<&str> = phrase.split(' ').collect();
    words.windows(parts.len()).any(|window| window == parts.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(line: &str) -> (&'static str, Option<Level>) {
        let language = parse_language_line(line).unwrap_or_else(|| panic!("{line:?} names a language"));
        (language.name, language.level)
    }

    #[test]
    fn languages_and_levels_in_both_languages() {
        assert_eq!(parsed("Inglés B2"), ("English", Some(Level::B2)));
        assert_eq!(parsed("English – Advanced"), ("English", Some(Level::C1)));
        assert_eq!(parsed("Inglés avanzado (C1)"), ("English", Some(Level::C1)));
        assert_eq!(parsed("Inglés intermedio-avanzado"), ("English", Some(Level::B2)));
        assert_eq!(parsed("Inglés intermedio avanzado"), ("English", Some(Level::B2)));
        assert_eq!(parsed("Portugués básico"), ("Portuguese", Some(Level::A1)));
        assert_eq!(parsed("Quechua: nativo"), ("Quechua", Some(Level::Native)));
        assert_eq!(parsed("Español (lengua materna)"), ("Spanish", Some(Level::Native)));
        assert_eq!(parsed("Upper-intermediate English"), ("English", Some(Level::B2)));
        assert_eq!(parsed("Francés"), ("French", None));
    }

    #[test]
    fn lines_without_a_language_are_not_languages() {
        assert!(parse_language_line("Excel avanzado").is_none());
        assert!(parse_language_line("Nivel B2").is_none());
    }
}
