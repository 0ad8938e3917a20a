//! What a posting is found by, and how a search reads its words: everything folded (case,
//! accents) the same way on both sides, so "ingeniera de datos" finds "Ingeniera de Datos" and
//! "contabilidad" finds "Contabilidad". Stemming and typo tolerance are the index's (Postgres
//! full text and trigrams, or Typesense).

use kernel::text::fold;

use super::analysis::{PostingAnalysis, Requirement};

/// The folded texts a posting is searched by: (title, body). The title carries the canonical
/// title too, so "accountant" finds "Contador"; the body the canonical skills by name and id
/// (the ids are English words: "accounting", "ifrs"), the requirements and the description.
pub fn search_texts(
    title: &str,
    analysis: &PostingAnalysis,
    requirements: &[Requirement],
    description: &str,
) -> (String, String) {
    let mut title_text = fold(title);
    if let Some(canonical) = &analysis.normalized_title {
        title_text.push(' ');
        title_text.push_str(&fold(canonical));
    }
    let mut body: Vec<String> =
        analysis.skills.iter().map(|s| format!("{} {}", s.name, s.id.replace('-', " "))).collect();
    body.extend(requirements.iter().map(|r| r.text.clone()));
    body.push(description.to_owned());
    (title_text, fold(&body.join("\n")))
}

/// The words of a search as the index stores them: folded, trimmed, at most 200 characters.
pub fn query_text(query: &str) -> String {
    fold(query.trim()).chars().take(200).collect()
}

/// Reciprocal rank fusion: one ranking from several (keyword and semantic), each item scored
/// 1/(60 + rank) in every list it is in; ties keep the first list's order. Scores of different
/// kinds (text rank, cosine) never need to be made comparable.
pub fn fuse<T: Copy + PartialEq>(rankings: &[Vec<T>]) -> Vec<T> {
    const K: f64 = 60.0;
    let mut scored: Vec<(T, f64, usize)> = Vec::new();
    for ranking in rankings {
        for (rank, item) in ranking.iter().enumerate() {
            let score = 1.0 / (K + rank as f64 + 1.0);
            match scored.iter_mut().find(|(known, _, _)| known == item) {
                Some((_, total, _)) => *total += score,
                None => {
                    let first_seen = scored.len();
                    scored.push((*item, score, first_seen));
                }
            }
        }
    }
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(&b.2)));
    scored.into_iter().map(|(item, _, _)| item).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::analysis::analyse;
    use crate::domain::postings::RequirementKind;

    #[test]
    fn a_posting_is_found_by_folded_words_canonical_title_and_skill_ids() {
        let requirements =
            [Requirement { text: "Contabilidad bajo NIIF".into(), kind: RequirementKind::Must, years: None }];
        let analysis = analyse("Contadora Pública", "Cierre contable mensual.", &requirements, None);
        let (title, body) = search_texts("Contadora Pública", &analysis, &requirements, "Cierre contable mensual.");
        assert!(title.starts_with("contadora publica"), "{title}");
        assert!(title.contains("accountant"), "{title}");
        assert!(body.contains("contabilidad") && body.contains("ifrs") && body.contains("cierre contable"), "{body}");
        assert_eq!(query_text("  Ingeniería de DATOS "), "ingenieria de datos");
    }

    #[test]
    fn fusion_rewards_what_both_rankings_agree_on() {
        let keyword = vec!['a', 'b', 'c'];
        let semantic = vec!['c', 'd', 'a'];
        assert_eq!(fuse(&[keyword.clone(), semantic]), vec!['a', 'c', 'b', 'd']);
        assert_eq!(fuse(&[keyword.clone(), vec![]]), keyword, "one ranking alone is kept as it is");
    }
}
