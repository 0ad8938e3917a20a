//! Section headings in Spanish and English, however they are set: "EXPERIENCIA LABORAL",
//! "Formación Académica:", "E X P E R I E N C I A", "3. Work History", "SKILLS & TOOLS".

use kernel::text::fold;
use serde::{Deserialize, Serialize};

/// What a section of a CV holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Profile,
    Experience,
    Education,
    Skills,
    Languages,
    Certifications,
    Courses,
    Projects,
    Achievements,
    Volunteering,
    References,
    Contact,
    Interests,
}

/// Words that name a kind of section (folded); the first one in a heading decides its kind.
const KEYWORDS: &[(SectionKind, &[&str])] = &[
    (SectionKind::Experience, &["experiencia", "experiencias", "experience", "employment", "trayectoria", "historial"]),
    (
        SectionKind::Education,
        &["formacion", "educacion", "estudios", "education", "academic", "academica", "academicos"],
    ),
    (
        SectionKind::Skills,
        &[
            "habilidades",
            "competencias",
            "conocimientos",
            "herramientas",
            "aptitudes",
            "skills",
            "competencies",
            "tools",
            "technologies",
            "tecnologias",
            "stack",
        ],
    ),
    (SectionKind::Languages, &["idiomas", "lenguas", "languages", "language"]),
    (
        SectionKind::Certifications,
        &["certificaciones", "certificados", "licencias", "certifications", "certificates", "licenses"],
    ),
    (
        SectionKind::Courses,
        &[
            "cursos",
            "capacitaciones",
            "capacitacion",
            "diplomados",
            "especializaciones",
            "courses",
            "training",
            "trainings",
        ],
    ),
    (SectionKind::Projects, &["proyectos", "projects", "portfolio", "portafolio"]),
    (SectionKind::Achievements, &["logros", "premios", "reconocimientos", "achievements", "awards", "honors"]),
    (SectionKind::Volunteering, &["voluntariado", "volunteering", "volunteer"]),
    (SectionKind::References, &["referencias", "references", "referees"]),
    (SectionKind::Contact, &["contacto", "contact", "datos"]),
    (SectionKind::Interests, &["intereses", "hobbies", "aficiones", "interests"]),
    (
        SectionKind::Profile,
        &[
            "perfil",
            "resumen",
            "objetivo",
            "presentacion",
            "extracto",
            "summary",
            "profile",
            "objective",
            "about",
            "acerca",
        ],
    ),
];

/// Words a heading may carry besides its keyword ("Experiencia *laboral*", "*Key* skills").
const QUALIFIERS: &[&str] = &[
    "laboral",
    "laborales",
    "profesional",
    "profesionales",
    "academica",
    "tecnicas",
    "tecnicos",
    "personal",
    "personales",
    "interpersonales",
    "blandas",
    "duras",
    "complementarios",
    "complementaria",
    "destacados",
    "relevantes",
    "relevante",
    "realizados",
    "principales",
    "adicionales",
    "otros",
    "otras",
    "niveles",
    "nivel",
    "de",
    "del",
    "la",
    "las",
    "los",
    "el",
    "mis",
    "sobre",
    "mi",
    "y",
    "e",
    "a",
    "trabajo",
    "informacion",
    "work",
    "professional",
    "career",
    "key",
    "core",
    "selected",
    "relevant",
    "technical",
    "soft",
    "hard",
    "personal",
    "interpersonal",
    "additional",
    "other",
    "details",
    "information",
    "and",
    "my",
    "me",
    "of",
    "history",
    "background",
    "development",
    "skills",
    "tools",
];
/// The heading's text reduced to what decides it: folded, letter-spacing closed up
/// ("e x p e r i e n c i a"), numbering and trailing punctuation gone, "&" read as "and"/"y".
fn tidy(line: &str) -> String {
    let folded = fold(line.trim());
    let words: Vec<&str> = folded.split_whitespace().collect();
    // Letter-spaced headings: mostly one-letter words ("e x p e r i e n c i a  l a b o r a l"),
    // where double spaces (or more) separate the real words.
    let letter_spaced =
        words.len() >= 4 && words.iter().filter(|w| w.chars().count() == 1).count() * 10 >= words.len() * 8;
    let text = if letter_spaced {
        folded
            .trim()
            .split("  ")
            .map(|word| word.split_whitespace().collect::<String>())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        words.join(" ")
    };
    let text = text.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ')' | '-' | ' ' | '•'));
    let text = text.trim_end_matches([':', '.', ' ', '-', '|', '•']);
    text.replace(" & ", " and ")
}

/// The kind of section `line` heads, if it is a heading: a short line made of one keyword and
/// qualifiers only (a sentence that mentions "experiencia" is not a heading).
pub fn classify_heading(line: &str) -> Option<SectionKind> {
    if line.chars().count() > 60 {
        return None;
    }
    let tidy = tidy(line);
    let words: Vec<&str> = tidy.split([' ', '/', ',']).filter(|w| !w.is_empty()).collect();
    if words.is_empty() || words.len() > 5 {
        return None;
    }
    let kind_of = |word: &str| KEYWORDS.iter().find(|(_, names)| names.contains(&word)).map(|(kind, _)| *kind);
    let all_known = words.iter().all(|w| kind_of(w).is_some() || QUALIFIERS.contains(w));
    if !all_known {
        return None;
    }
    // "Work history" and "Key skills": the keyword may come after its qualifiers; a heading made
    // of qualifiers only ("Work", "History") names the kind its phrase means.
    words.iter().find_map(|w| kind_of(w)).or(match words.as_slice() {
        ["work", "history"] | ["career", "history"] => Some(SectionKind::Experience),
        ["personal", "information"] | ["informacion", "personal"] => Some(SectionKind::Contact),
        ["professional", "development"] => Some(SectionKind::Courses),
        ["sobre", "mi"] | ["about", "me"] => Some(SectionKind::Profile),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use SectionKind::*;

    #[test]
    fn headings_in_both_languages_and_any_setting() {
        let cases = [
            ("EXPERIENCIA LABORAL", Experience),
            ("Experiencia Profesional:", Experience),
            ("E X P E R I E N C I A", Experience),
            ("E X P E R I E N C I A   L A B O R A L", Experience),
            ("Formación Académica", Education),
            ("FORMACIÓN ACADÉMICA", Education),
            ("3. Work History", Experience),
            ("Professional Summary", Profile),
            ("Perfil", Profile),
            ("SKILLS & TOOLS", Skills),
            ("Habilidades y Competencias", Skills),
            ("Conocimientos Técnicos", Skills),
            ("Idiomas", Languages),
            ("LANGUAGES", Languages),
            ("Certificaciones", Certifications),
            ("Cursos y Capacitaciones", Courses),
            ("Proyectos", Projects),
            ("Referencias", References),
            ("• Education •", Education),
            ("Sobre mí", Profile),
            ("PERSONAL INFORMATION", Contact),
            ("Certificaciones y diplomados", Certifications),
            ("Language skills", Languages),
        ];
        for (line, kind) in cases {
            assert_eq!(classify_heading(line), Some(kind), "{line:?}");
        }
    }

    #[test]
    fn ordinary_lines_are_not_headings() {
        for line in [
            "Experiencia en conciliaciones bancarias y cierre contable mensual",
            "Lima, Perú",
            "Contador Público Colegiado",
            "Funciones:",
            "Logros: reduje el tiempo de cierre en 30%",
            "",
        ] {
            assert_eq!(classify_heading(line), None, "{line:?}");
        }
    }
}
