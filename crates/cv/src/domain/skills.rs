//! Canonical skills found in text, from the curated taxonomy shipped with the project
//! (`crates/cv/data/skills.tsv`, reviewed like code). The same matcher serves CVs and job
//! postings: text is folded (case, accents) and scanned for the longest known form at each word.

use std::collections::HashMap;
use std::sync::OnceLock;

use kernel::text::fold;

/// One canonical skill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skill {
    pub id: String,
    pub name_es: String,
    pub name_en: String,
    pub category: String,
    /// Some form of it is a common word ("R", "Go", "Ventas"): count it only where skills are
    /// listed, not in running text.
    pub ambiguous: bool,
}

/// A skill found in text, with the words that named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<'t> {
    pub skill: &'t Skill,
    pub surface: String,
    /// The same words as the text writes them (case and accents kept): "IFRS", "Contabilidad".
    pub written: String,
    /// Where the form was first found, in words of the folded text: `start..end`.
    pub start: usize,
    pub end: usize,
}

pub struct Taxonomy {
    skills: Vec<Skill>,
    /// Folded form (words joined by one space) → skill index.
    forms: HashMap<String, usize>,
    /// The most words any form has.
    longest: usize,
}

const SHIPPED: &str = include_str!("../../data/skills.tsv");

impl Taxonomy {
    /// The taxonomy shipped with the project, parsed once.
    pub fn shipped() -> &'static Taxonomy {
        static TAXONOMY: OnceLock<Taxonomy> = OnceLock::new();
        TAXONOMY.get_or_init(|| Taxonomy::parse(SHIPPED).expect("the shipped taxonomy passes scripts/check-skills.py"))
    }

    /// Parses the TSV (`id`, `name_es`, `name_en`, `category`, `aliases` with `|`, `ambiguous`).
    pub fn parse(tsv: &str) -> Result<Taxonomy, String> {
        let mut skills = Vec::new();
        let mut forms = HashMap::new();
        let mut longest = 1;
        for (number, line) in tsv.lines().enumerate().skip(1).filter(|(_, l)| !l.trim().is_empty()) {
            let columns: Vec<&str> = line.split('\t').collect();
            let [id, name_es, name_en, category, aliases, ambiguous] = columns[..] else {
                return Err(format!("line {}: expected 6 columns", number + 1));
            };
            let index = skills.len();
            for form in aliases.split('|').chain([name_es, name_en]) {
                let words = words_of(form);
                if words.is_empty() {
                    continue;
                }
                longest = longest.max(words.len());
                forms.entry(words.join(" ")).or_insert(index);
            }
            skills.push(Skill {
                id: id.to_owned(),
                name_es: name_es.to_owned(),
                name_en: name_en.to_owned(),
                category: category.to_owned(),
                ambiguous: ambiguous.trim() == "yes",
            });
        }
        Ok(Taxonomy { skills, forms, longest })
    }

    pub fn len(&self) -> usize {
        self.skills.len()
    }

    pub fn is_empty(&self) -> bool {
        self.skills.is_empty()
    }

    /// The skills named in `text`, each once, in order of first mention. With `listed` false
    /// (running text), ambiguous skills are left out.
    pub fn find_in(&self, text: &str, listed: bool) -> Vec<Found<'_>> {
        let written: Vec<&str> = written_words(text).collect();
        let words: Vec<String> = written.iter().map(|word| fold(word)).collect();
        let mut found: Vec<Found<'_>> = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let longest = self.longest.min(words.len() - i);
            let hit = (1..=longest).rev().find_map(|n| {
                let form = words[i..i + n].join(" ");
                self.forms.get(&form).map(|index| (n, *index, form))
            });
            match hit {
                Some((n, index, form)) => {
                    let skill = &self.skills[index];
                    if (listed || !skill.ambiguous) && !found.iter().any(|f| std::ptr::eq(f.skill, skill)) {
                        let written = written[i..i + n].join(" ");
                        found.push(Found { skill, surface: form, written, start: i, end: i + n });
                    }
                    i += n;
                }
                None => i += 1,
            }
        }
        found
    }
}

/// Folded words, keeping what makes technical names ("c++", "c#", ".net", "node.js", "ci/cd"):
/// the words [`Taxonomy::find_in`] counts positions in.
pub fn words_of(text: &str) -> Vec<String> {
    written_words(text).map(fold).collect()
}

/// The words of `text` as written; folding them one by one gives [`words_of`], because folding
/// never makes or removes a separator.
fn written_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')' | '[' | ']' | '|' | '•' | '·' | '"')
    })
    .map(|word| word.trim_end_matches(['.', '-', '/']).trim_start_matches(['-', '/', '\'']))
    .filter(|word| !word.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(found: &[Found<'_>]) -> Vec<String> {
        found.iter().map(|f| f.skill.id.clone()).collect()
    }

    const TSV: &str = "id\tname_es\tname_en\tcategory\taliases\tambiguous\n\
        accounting\tContabilidad\tAccounting\tfinance-accounting\tContabilidad|accounting|contable\t\n\
        ifrs\tNIIF\tIFRS\tfinance-accounting\tNIIF|IFRS|normas internacionales de información financiera\t\n\
        cpp\tC++\tC++\tsoftware\tC++|cpp\t\n\
        r-language\tR\tR\tdata\tR|lenguaje R\tyes\n\
        b2b-sales\tVentas B2B\tB2B sales\tsales\tVentas B2B|B2B sales|ventas corporativas\t\n";

    #[test]
    fn longest_forms_win_and_each_skill_counts_once() {
        let taxonomy = Taxonomy::parse(TSV).unwrap();
        let found = taxonomy.find_in(
            "Contador con NIIF y normas internacionales de información financiera; contabilidad general. C++, ventas corporativas.",
            false,
        );
        assert_eq!(ids(&found), vec!["ifrs", "accounting", "cpp", "b2b-sales"]);
        assert_eq!(found[0].surface, "niif");
        assert_eq!((found[0].written.as_str(), found[1].written.as_str()), ("NIIF", "contabilidad"));
        assert_eq!(taxonomy.find_in("Auditoría bajo IFRS.", true)[0].written, "IFRS");
    }

    #[test]
    fn ambiguous_skills_need_a_list() {
        let taxonomy = Taxonomy::parse(TSV).unwrap();
        assert!(taxonomy.find_in("Análisis en R y Python", false).is_empty());
        assert_eq!(ids(&taxonomy.find_in("R, Excel", true)), vec!["r-language"]);
    }

    #[test]
    fn the_shipped_taxonomy_loads_and_knows_the_classics() {
        let taxonomy = Taxonomy::shipped();
        assert!(taxonomy.len() >= 1500);
        let found = taxonomy.find_in("Contabilidad, NIIF, declaraciones PDT, Excel avanzado, Python y SQL", true);
        let names: Vec<&str> = found.iter().map(|f| f.skill.name_en.as_str()).collect();
        for expected in ["Accounting", "IFRS", "Python", "SQL"] {
            assert!(names.iter().any(|n| n.contains(expected)), "{expected} in {names:?}");
        }
    }
}
