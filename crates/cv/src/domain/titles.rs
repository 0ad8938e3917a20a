//! Job titles to a canonical title, from the curated list shipped with the project
//! (`crates/cv/data/titles.tsv`, reviewed like code): "Analista Contable Senior", "Contadora
//! General" and "Accounting Analyst" are all the canonical "Accountant". Seniority words
//! (senior, junior, practicante, intern…) are read apart: they say how senior, not what the job
//! is. A title the list does not know has no canonical title: nothing is guessed.

use std::collections::HashMap;
use std::sync::OnceLock;

use kernel::text::fold;

/// One canonical title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    pub id: String,
    pub name_en: String,
    pub name_es: String,
    /// The seniority the title itself implies (junior, mid, senior, lead), when it does.
    pub level: Option<&'static str>,
}

pub struct Titles {
    titles: Vec<Title>,
    /// Folded alias (words joined by one space) → title index.
    exact: HashMap<String, usize>,
    /// "docente de *": a head that takes any complement.
    prefixes: Vec<(Vec<String>, usize)>,
    /// "* teacher".
    suffixes: Vec<(Vec<String>, usize)>,
    /// "~Contabilidad": a field that names the job only after an intern's word
    /// ("Practicante de Contabilidad"), never alone (it is a skill or an area then).
    fields: HashMap<String, usize>,
}

const SHIPPED: &str = include_str!("../../data/titles.tsv");

/// Words (folded) that state seniority or the terms of a job rather than the job.
const SENIORITY: &[&[&str]] = &[
    &["semi", "senior"],
    &["pre", "profesional"],
    &["pre-profesional"],
    &["preprofesional"],
    &["a", "tiempo", "parcial"],
    &["a", "tiempo", "completo"],
    &["tiempo", "parcial"],
    &["part", "time"],
    &["part-time"],
    &["full", "time"],
    &["full-time"],
    &["semisenior"],
    &["senior"],
    &["sr"],
    &["ssr"],
    &["junior"],
    &["jr"],
    &["trainee"],
    &["practicante"],
    &["intern"],
    &["internship"],
    &["interno"],
    &["interna"],
    &["pasante"],
    &["becario"],
    &["becaria"],
    &["i"],
    &["ii"],
    &["iii"],
    &["iv"],
    &["(e)"],
];

/// What a title's words say about seniority, from the words alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stated {
    Intern,
    Junior,
    Senior,
}

impl Titles {
    /// The list shipped with the project, parsed once.
    pub fn shipped() -> &'static Titles {
        static TITLES: OnceLock<Titles> = OnceLock::new();
        TITLES.get_or_init(|| Titles::parse(SHIPPED).expect("the shipped titles.tsv is well formed"))
    }

    /// Parses the TSV (`id`, `title_en`, `title_es`, `level`, `aliases` with `|`; an alias
    /// ending in ` *` or starting with `* ` takes any complement, one starting with `~` is a
    /// field that names the job only for interns).
    pub fn parse(tsv: &str) -> Result<Titles, String> {
        let mut titles = Vec::new();
        let mut exact = HashMap::new();
        let mut prefixes = Vec::new();
        let mut suffixes = Vec::new();
        let mut fields = HashMap::new();
        for (number, line) in tsv.lines().enumerate().skip(1).filter(|(_, l)| !l.trim().is_empty()) {
            let columns: Vec<&str> = line.split('\t').collect();
            let [id, name_en, name_es, level, aliases] = columns[..] else {
                return Err(format!("line {}: expected 5 columns", number + 1));
            };
            let level = match level {
                "junior" => Some("junior"),
                "mid" => Some("mid"),
                "senior" => Some("senior"),
                "lead" => Some("lead"),
                "" => None,
                other => return Err(format!("line {}: unknown level {other:?}", number + 1)),
            };
            let index = titles.len();
            for alias in aliases.split('|').chain([name_en, name_es]) {
                if let Some(field) = alias.strip_prefix('~') {
                    fields.insert(words_of(field).join(" "), index);
                    continue;
                }
                let words = words_of(alias);
                match words.as_slice() {
                    [] => {}
                    [head @ .., star] if star == "*" => prefixes.push((head.to_vec(), index)),
                    [star, tail @ ..] if star == "*" => suffixes.push((tail.to_vec(), index)),
                    _ => {
                        if let Some(other) = exact.insert(words.join(" "), index)
                            && other != index
                        {
                            return Err(format!("line {}: {alias:?} already names another title", number + 1));
                        }
                    }
                }
            }
            titles.push(Title { id: id.to_owned(), name_en: name_en.to_owned(), name_es: name_es.to_owned(), level });
        }
        // Longer heads first: "profesor de educacion *" before "profesor de *".
        prefixes.sort_by_key(|(head, _)| std::cmp::Reverse(head.len()));
        suffixes.sort_by_key(|(tail, _)| std::cmp::Reverse(tail.len()));
        Ok(Titles { titles, exact, prefixes, suffixes, fields })
    }

    pub fn len(&self) -> usize {
        self.titles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.titles.is_empty()
    }

    /// The canonical title of a job title as written, if the list knows it.
    pub fn normalize(&self, title: &str) -> Option<&Title> {
        let words = role_words(title);
        if stated_seniority(title) == Some(Stated::Intern)
            && let Some(index) = self.fields.get(&words.join(" "))
        {
            return Some(&self.titles[*index]);
        }
        self.lookup(&words).or_else(|| {
            // "Asistente Administrativo / Recepcionista", "Analista Contable - Tesorería": the
            // first part that is known.
            let text = words.join(" ");
            text.split(" / ")
                .chain(text.split(" - "))
                .chain(text.split(" y "))
                .filter(|part| part.len() < text.len())
                .find_map(|part| self.lookup(&part.split(' ').map(str::to_owned).collect::<Vec<_>>()))
        })
    }

    /// Whether `text` is a job title the list knows (all of it, seniority words aside).
    pub fn is_title(&self, text: &str) -> bool {
        let words = role_words(text);
        !words.is_empty()
            && (self.lookup(&words).is_some()
                || stated_seniority(text) == Some(Stated::Intern) && self.fields.contains_key(&words.join(" ")))
    }

    /// Whether `text` is exactly one of the titles' forms (seniority words included).
    pub fn is_exact(&self, text: &str) -> bool {
        let words = words_of(text);
        !words.is_empty() && self.exact.contains_key(&words.join(" "))
    }

    fn lookup(&self, words: &[String]) -> Option<&Title> {
        if words.is_empty() {
            return None;
        }
        if let Some(index) = self.exact.get(&words.join(" ")) {
            return Some(&self.titles[*index]);
        }
        let prefix = self
            .prefixes
            .iter()
            .find(|(head, _)| words.len() > head.len() && words[..head.len()] == head[..])
            .map(|(_, index)| *index);
        let suffix = || {
            self.suffixes
                .iter()
                .find(|(tail, _)| words.len() > tail.len() && words[words.len() - tail.len()..] == tail[..])
                .map(|(_, index)| *index)
        };
        prefix.or_else(suffix).map(|index| &self.titles[index])
    }
}

/// The seniority a title's own words state ("Analista Senior", "Jr. Developer", "Practicante").
pub fn stated_seniority(title: &str) -> Option<Stated> {
    let words = words_of(title);
    let has = |w: &str| words.iter().any(|x| x == w);
    if ["practicante", "intern", "internship", "trainee", "pasante", "becario", "becaria"].iter().any(|w| has(w))
        || (has("interno") || has("interna")) && words.len() > 1
    {
        Some(Stated::Intern)
    } else if has("senior") && !has("semi") || has("sr") {
        Some(Stated::Senior)
    } else if has("junior") || has("jr") {
        Some(Stated::Junior)
    } else {
        None
    }
}

/// The words that say what the job is: folded, seniority words and dangling connectors gone.
fn role_words(title: &str) -> Vec<String> {
    let mut words = words_of(title);
    let mut i = 0;
    while i < words.len() {
        match SENIORITY.iter().find(|phrase| {
            words.len() - i >= phrase.len() && words[i..i + phrase.len()].iter().zip(phrase.iter()).all(|(a, b)| a == b)
        }) {
            Some(phrase) => {
                words.drain(i..i + phrase.len());
            }
            None => i += 1,
        }
    }
    let connector =
        |w: &String| matches!(w.as_str(), "de" | "del" | "en" | "of" | "in" | "-" | "–" | "/" | "y" | "and");
    while words.first().is_some_and(connector) {
        words.remove(0);
    }
    while words.last().is_some_and(connector) {
        words.pop();
    }
    words
}

/// Folded words; "UX/UI", "F&B" and "C++" stay whole, a "/" or "-" alone stays a word.
fn words_of(text: &str) -> Vec<String> {
    fold(text)
        .replace(['–', '—'], " - ")
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')' | '|' | '"'))
        .map(|w| if w.len() > 1 { w.trim_end_matches('.') } else { w })
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(title: &str) -> Option<&'static str> {
        Titles::shipped().normalize(title).map(|t| t.name_en.as_str())
    }

    #[test]
    fn titles_in_both_languages_and_genders_share_a_canonical_title() {
        assert_eq!(canonical("Analista Contable"), Some("Accountant"));
        assert_eq!(canonical("Accounting Analyst"), Some("Accountant"));
        assert_eq!(canonical("CONTADORA GENERAL"), Some("Accountant"));
        assert_eq!(canonical("Enfermera Asistencial"), Some("Registered Nurse"));
        assert_eq!(canonical("Staff Nurse"), Some("Registered Nurse"));
        assert_eq!(canonical("Ejecutiva de Cuentas Corporativas"), Some("Account Executive"));
        assert_eq!(canonical("Jefa de Gestión del Talento"), Some("HR Manager"));
        assert_eq!(canonical("Head of Talent Management"), Some("HR Manager"));
    }

    #[test]
    fn seniority_words_do_not_change_the_role() {
        assert_eq!(canonical("Analista Contable Senior"), Some("Accountant"));
        assert_eq!(canonical("Sr. Software Engineer"), Some("Software Engineer"));
        assert_eq!(canonical("Desarrollador Junior"), Some("Software Engineer"));
        assert_eq!(canonical("Practicante Contable"), Some("Accountant"));
        assert_eq!(canonical("Practicante Pre Profesional de Derecho"), Some("Lawyer"));
        assert_eq!(canonical("Accounting Intern"), Some("Accountant"));
        assert_eq!(canonical("Docente Universitario a tiempo parcial"), Some("Lecturer"));
        assert_eq!(stated_seniority("Analista BI Senior"), Some(Stated::Senior));
        assert_eq!(stated_seniority("Jr. Developer"), Some(Stated::Junior));
        assert_eq!(stated_seniority("Interna de Enfermería"), Some(Stated::Intern));
        assert_eq!(stated_seniority("Analista Semi Senior"), None);
        assert_eq!(stated_seniority("Contador General"), None);
    }

    #[test]
    fn heads_with_any_complement_and_known_parts() {
        assert_eq!(canonical("Docente de Química"), Some("Teacher"));
        assert_eq!(canonical("Docente de Inglés"), Some("Language Teacher"), "the exact alias wins");
        assert_eq!(canonical("Chemistry Teacher"), Some("Teacher"));
        assert_eq!(canonical("Asistente Administrativo / Recepcionista"), Some("Administrative Assistant"));
    }

    #[test]
    fn unknown_titles_stay_unknown() {
        assert_eq!(canonical("Astronauta"), None);
        assert_eq!(canonical("Atención al Cliente"), None, "a field alone is no title");
        assert_eq!(canonical("Practicante de Atención al Cliente"), Some("Customer Service Representative"));
        assert_eq!(canonical("Banco de Crédito del Perú"), None);
        assert_eq!(canonical(""), None);
        assert_eq!(canonical("Senior"), None);
        assert!(!Titles::shipped().is_title("Consultora Talento Andino"));
        assert!(Titles::shipped().is_title("HR Business Partner"));
    }

    #[test]
    fn the_shipped_list_is_broad_and_well_formed() {
        let titles = Titles::shipped();
        assert!(titles.len() >= 150, "{}", titles.len());
        assert!(titles.titles.iter().all(|t| !t.name_en.is_empty() && !t.name_es.is_empty()));
        let mut ids: Vec<&str> = titles.titles.iter().map(|t| t.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), titles.len(), "ids are unique");
    }
}
