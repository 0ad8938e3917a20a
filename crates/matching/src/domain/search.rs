//! What a posting is found by, and how a search reads its words: everything folded (case,
//! accents) the same way on both sides, so "ingeniera de datos" finds "Ingeniera de Datos" and
//! "contabilidad" finds "Contabilidad". Stemming and typo tolerance are the index's (Postgres
//! full text and trigrams, or Typesense).

use kernel::text::fold;
use rust_decimal::Decimal;

use super::analysis::{PostingAnalysis, Requirement};

/// How deep each ranking of a hybrid search goes before fusion.
pub const HYBRID_DEPTH: i64 = 100;
/// How close (cosine) a posting must be to the search's meaning to count without its words:
/// multilingual-e5 puts a query and a passage on its subject at 0.84–0.89 and unrelated ones at
/// 0.78–0.83 (measured on ES/EN job queries against postings).
pub const MIN_QUERY_SIMILARITY: f64 = 0.84;

/// The salary facet's buckets (monthly pay in the posting's currency): each bucket's upper bound
/// (exclusive) and name; above the last, [`TOP_SALARY_BUCKET`]; without pay, [`UNDISCLOSED_SALARY`].
pub const SALARY_BUCKETS: [(i64, &str); 4] =
    [(2_000, "0-2000"), (4_000, "2000-4000"), (7_000, "4000-7000"), (10_000, "7000-10000")];
pub const TOP_SALARY_BUCKET: &str = "10000+";
pub const UNDISCLOSED_SALARY: &str = "undisclosed";

/// The salary bucket of a posting's pay (its maximum, else its minimum).
pub fn salary_bucket(pay: Option<Decimal>) -> &'static str {
    let Some(pay) = pay else { return UNDISCLOSED_SALARY };
    SALARY_BUCKETS.iter().find(|(upper, _)| pay < Decimal::from(*upper)).map_or(TOP_SALARY_BUCKET, |(_, name)| name)
}

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
    fn pay_falls_in_one_bucket() {
        assert_eq!(salary_bucket(None), "undisclosed");
        assert_eq!(salary_bucket(Some(Decimal::new(19999, 1))), "0-2000");
        assert_eq!(salary_bucket(Some(Decimal::from(2000))), "2000-4000");
        assert_eq!(salary_bucket(Some(Decimal::from(9999))), "7000-10000");
        assert_eq!(salary_bucket(Some(Decimal::from(10000))), "10000+");
    }

    #[test]
    fn fusion_rewards_what_both_rankings_agree_on() {
        let keyword = vec!['a', 'b', 'c'];
        let semantic = vec!['c', 'd', 'a'];
        assert_eq!(fuse(&[keyword.clone(), semantic]), vec!['a', 'c', 'b', 'd']);
        assert_eq!(fuse(&[keyword.clone(), vec![]]), keyword, "one ranking alone is kept as it is");
    }
}
