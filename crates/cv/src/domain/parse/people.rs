//! Who the CV is about: the name near the top, the city and its country.

use kernel::text::fold;

use super::super::sections::classify_heading;

/// The name: the first line near the top that reads like one (2 to 6 words, letters only), with a
/// name that large type broke over two lines ("RUTH MELÉNDEZ" / "YUPANQUI") joined again. The
/// header (before the first heading) is searched first, then the top of the CV (two-column
/// layouts may put the sidebar's headings first).
pub(super) fn full_name(header: &[String], all_lines: &[&str]) -> Option<String> {
    let name_words = |line: &str| -> Option<Vec<String>> {
        let candidate = line.split(['|', '·', '•']).next()?.trim();
        let letters_only = candidate.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '.'));
        let words: Vec<String> = candidate.split_whitespace().map(str::to_owned).collect();
        let capitalised = candidate.chars().next().is_some_and(char::is_uppercase);
        (letters_only && capitalised && !words.is_empty() && words.len() <= 6 && classify_heading(candidate).is_none())
            .then_some(words)
    };
    let search = |lines: &[&str]| -> Option<String> {
        for (i, line) in lines.iter().enumerate().take(12) {
            let Some(mut words) = name_words(line) else { continue };
            // Broken over lines: a short first part followed by a short rest.
            let mut next = i + 1;
            while words.len() <= 3 && next < lines.len() {
                match name_words(lines[next]) {
                    // A surname carried over, never a two-word job title under a full name.
                    Some(more)
                        if (more.len() == 1 || words.len() == 1)
                            && words.len() + more.len() <= 6
                            && is_caps_like(lines[next], line) =>
                    {
                        words.extend(more);
                        next += 1;
                    }
                    _ => break,
                }
            }
            // A heading broken over two lines ("INFORMACIÓN DE" / "CONTACTO") is no name.
            let dangling = words.last().is_some_and(|w| matches!(fold(w).as_str(), "de" | "del" | "y" | "and" | "of"));
            if (2..=6).contains(&words.len()) && !dangling {
                return Some(words.iter().map(|w| title_case(w)).collect::<Vec<_>>().join(" "));
            }
        }
        None
    };
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    search(&header).or_else(|| search(all_lines))
}

/// Whether `next` is set like `first` (both in capitals, or both not): a name's continuation,
/// not the job title under it.
fn is_caps_like(next: &str, first: &str) -> bool {
    let caps = |s: &str| !s.chars().any(char::is_lowercase);
    caps(next) == caps(first)
}

fn title_case(word: &str) -> String {
    if word.chars().any(char::is_lowercase) {
        return word.to_owned();
    }
    let lower = word.to_lowercase();
    let mut chars = lower.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Cities job seekers here write most, with their country's calling code.
const PLACES: &[(&str, &str)] = &[
    ("Lima", "51"),
    ("Arequipa", "51"),
    ("Trujillo", "51"),
    ("Cusco", "51"),
    ("Piura", "51"),
    ("Chiclayo", "51"),
    ("Huancayo", "51"),
    ("Iquitos", "51"),
    ("Tacna", "51"),
    ("Ica", "51"),
    ("Callao", "51"),
    ("Puno", "51"),
    ("Cajamarca", "51"),
    ("Ayacucho", "51"),
    ("Bogotá", "57"),
    ("Medellín", "57"),
    ("Cali", "57"),
    ("Barranquilla", "57"),
    ("Ciudad de México", "52"),
    ("CDMX", "52"),
    ("Guadalajara", "52"),
    ("Monterrey", "52"),
    ("Querétaro", "52"),
    ("Puebla", "52"),
    ("Santiago", "56"),
    ("Valparaíso", "56"),
    ("Buenos Aires", "54"),
    ("Córdoba", "54"),
    ("Rosario", "54"),
    ("Mendoza", "54"),
    ("Quito", "593"),
    ("Guayaquil", "593"),
    ("La Paz", "591"),
    ("Montevideo", "598"),
    ("Asunción", "595"),
    ("Caracas", "58"),
    ("Madrid", "34"),
];

/// The first city the CV names, and its country's calling code.
pub(super) fn location(text: &str) -> Option<(&'static str, &'static str)> {
    let folded = fold(text);
    PLACES
        .iter()
        .filter_map(|(place, code)| {
            let needle = fold(place);
            folded
                .match_indices(&needle)
                .find(|(at, _)| is_word_at(&folded, *at, needle.len()))
                .map(|(at, _)| (at, (*place, *code)))
        })
        .min_by_key(|(at, _)| *at)
        .map(|(_, found)| found)
}

fn is_word_at(text: &str, at: usize, len: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at + len..].chars().next();
    before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
}
