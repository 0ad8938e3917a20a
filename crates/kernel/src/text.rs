//! Text folding shared by every context (CV parsing, the skills taxonomy, search): lower case
//! without diacritics, so "Contabilidad", "CONTABILIDAD" and "contabilidad" meet, and so do
//! "Perú" and "peru". PostgreSQL's `unaccent` is not relied on (DESIGN §3).

/// Lower case, Latin diacritics removed (á→a, ñ→n, ç→c, ü→u …); other characters kept.
pub fn fold(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).map(strip_diacritic).collect()
}

fn strip_diacritic(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'ē' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
        'ý' | 'ÿ' => 'y',
        'ñ' => 'n',
        'ç' => 'c',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn case_and_accents_fold_away() {
        assert_eq!(fold("Formación Académica"), "formacion academica");
        assert_eq!(fold("CONTABILIDAD"), "contabilidad");
        assert_eq!(fold("Año, Peñarol, Güemes"), "ano, penarol, guemes");
        assert_eq!(fold("C++ / C#"), "c++ / c#");
    }
}
