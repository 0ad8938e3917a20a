//! Where the candidate lives: the cities and countries CVs here name, with their calling codes
//! (a phone written without its country takes the CV's).

use kernel::text::fold;

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
    ("Huaraz", "51"),
    ("Chimbote", "51"),
    ("Pucallpa", "51"),
    ("Tarapoto", "51"),
    ("Juliaca", "51"),
    ("Moquegua", "51"),
    ("Tumbes", "51"),
    ("Huánuco", "51"),
    ("Bogotá", "57"),
    ("Medellín", "57"),
    ("Cali", "57"),
    ("Barranquilla", "57"),
    ("Cartagena", "57"),
    ("Bucaramanga", "57"),
    ("Ciudad de México", "52"),
    ("CDMX", "52"),
    ("Guadalajara", "52"),
    ("Monterrey", "52"),
    ("Querétaro", "52"),
    ("Puebla", "52"),
    ("Mérida", "52"),
    ("Tijuana", "52"),
    ("Santiago", "56"),
    ("Valparaíso", "56"),
    ("Viña del Mar", "56"),
    ("Concepción", "56"),
    ("Antofagasta", "56"),
    ("Buenos Aires", "54"),
    ("Córdoba", "54"),
    ("Rosario", "54"),
    ("Mendoza", "54"),
    ("La Plata", "54"),
    ("Quito", "593"),
    ("Guayaquil", "593"),
    ("Cuenca", "593"),
    ("La Paz", "591"),
    ("Santa Cruz", "591"),
    ("Montevideo", "598"),
    ("Asunción", "595"),
    ("Caracas", "58"),
    ("Madrid", "34"),
    ("Barcelona", "34"),
];

/// Countries as CVs name them, with their calling code.
const COUNTRIES: &[(&str, &str)] = &[
    ("Perú", "51"),
    ("Peru", "51"),
    ("Colombia", "57"),
    ("México", "52"),
    ("Mexico", "52"),
    ("Chile", "56"),
    ("Argentina", "54"),
    ("Ecuador", "593"),
    ("Bolivia", "591"),
    ("Uruguay", "598"),
    ("Paraguay", "595"),
    ("Venezuela", "58"),
    ("España", "34"),
    ("Spain", "34"),
];

/// The first city the CV names, and its country's calling code. A country named in the same
/// line decides the code ("Santiago, Chile" and "Santiago de Surco, Lima").
pub(super) fn location(text: &str) -> Option<(&'static str, &'static str)> {
    let folded = fold(text);
    let (at, (place, code)) = first_of(&folded, PLACES)?;
    let line_end = folded[at..].find('\n').map_or(folded.len(), |e| at + e);
    let line_start = folded[..at].rfind('\n').map_or(0, |s| s + 1);
    let country = first_of(&folded[line_start..line_end], COUNTRIES).map(|(_, (_, code))| code);
    Some((place, country.unwrap_or(code)))
}

/// The calling code of the country the text names first (a country or one of its cities).
pub(super) fn country_code(text: &str) -> Option<&'static str> {
    let folded = fold(text);
    let city = first_of(&folded, PLACES);
    let country = first_of(&folded, COUNTRIES);
    match (city, country) {
        (Some((a, (_, city_code))), Some((b, (_, country_code)))) => {
            Some(if b <= a + 40 { country_code } else { city_code })
        }
        (Some((_, (_, code))), None) | (None, Some((_, (_, code)))) => Some(code),
        (None, None) => None,
    }
}

fn first_of(folded: &str, list: &[(&'static str, &'static str)]) -> Option<(usize, (&'static str, &'static str))> {
    list.iter()
        .filter_map(|(place, code)| {
            let needle = fold(place);
            folded
                .match_indices(&needle)
                // "Santiago de Surco" is a district of Lima, not Santiago de Chile.
                .find(|(at, _)| {
                    is_word_at(folded, *at, needle.len()) && !folded[at + needle.len()..].starts_with(" de surco")
                })
                .map(|(at, _)| (at, (*place, *code)))
        })
        .min_by_key(|(at, _)| *at)
}

/// A line that only names a place ("Lima, Perú", "Arequipa", "Remoto").
pub(super) fn is_place(text: &str) -> bool {
    let folded = fold(text);
    let mut rest: Vec<&str> =
        folded.split(|c: char| !c.is_alphanumeric() && c != ' ').map(str::trim).filter(|p| !p.is_empty()).collect();
    if rest.is_empty() {
        return false;
    }
    let known = |part: &str| {
        PLACES.iter().chain(COUNTRIES).any(|(p, _)| fold(p) == part)
            || matches!(part, "remoto" | "remote" | "hibrido" | "hybrid" | "presencial" | "on site" | "peru")
    };
    rest.retain(|part| !known(part));
    rest.is_empty()
}

fn is_word_at(text: &str, at: usize, len: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at + len..].chars().next();
    before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_and_countries() {
        assert!(is_place("Lima, Perú"));
        assert!(is_place("Remoto"));
        assert!(!is_place("Banco de Crédito"));
        assert_eq!(location("Santiago, Chile | +56 9 1234 5678"), Some(("Santiago", "56")));
        assert_eq!(location("Santiago de Surco, Lima"), Some(("Lima", "51")));
        assert_eq!(country_code("Ciudad: Monterrey, N.L."), Some("52"));
        assert_eq!(country_code("Bogotá D.C., Colombia"), Some("57"));
    }
}
