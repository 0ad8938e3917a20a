//! Who the CV is about: the name (wherever the layout put it), the city and its country.

use kernel::text::fold;

use super::super::sections::{SectionKind, classify_heading};
use super::super::skills::Taxonomy;
use super::super::titles::Titles;
use super::places::is_place;

/// A line as the name finder sees it: where it is and how it was set.
pub(super) struct NameLine<'a> {
    pub(super) text: &'a str,
    pub(super) heading_like: bool,
    /// The section the line sits in (`None` before the first heading).
    pub(super) section: Option<SectionKind>,
}

/// The name: the line that reads most like a person's name (2 to 6 capitalised words, letters
/// only), preferring lines set apart, near the top and next to the contact data or a job title.
/// Two-column layouts put it anywhere (after the sidebar, at the end), so every line is a
/// candidate; a name that large type broke over two lines ("JUAN DAVID" / "RODRÍGUEZ ROJAS")
/// is joined again.
pub(super) fn full_name(lines: &[NameLine<'_>], taxonomy: &Taxonomy, titles: &Titles) -> Option<String> {
    let mut best: Option<(i32, usize, Vec<String>)> = None;
    for (i, line) in lines.iter().enumerate() {
        let Some(mut words) = name_words(line.text, taxonomy, titles) else { continue };
        let mut used = 1;
        // A surname carried over to the next line, set the same way.
        if let Some(next) = lines.get(i + 1)
            && words.len() <= 5
            && let Some(more) = name_words(next.text, taxonomy, titles)
            && words.len() + more.len() <= 6
            && (more.len() <= 2 || words.len() == 1)
            && (words.len() <= 3 || more.len() == 1)
            && is_caps_like(next.text, line.text)
            && next.heading_like == line.heading_like
        {
            words.extend(more);
            used = 2;
        }
        let dangling = words.last().is_some_and(|w| is_particle(&fold(w)));
        if !(2..=6).contains(&words.len()) || dangling {
            continue;
        }
        let mut score = 0;
        if line.heading_like {
            score += 3;
        }
        score += match i {
            0..=2 => 3,
            3..=9 => 1,
            _ => 0,
        };
        score += match line.section {
            None | Some(SectionKind::Contact) | Some(SectionKind::Profile) => 1,
            Some(SectionKind::References) => -3,
            Some(SectionKind::Experience | SectionKind::Education) => -4,
            Some(_) => -1,
        };
        // Beside a job title (the headline) or the contact data.
        let near = |k: usize| lines.get(k).is_some_and(|l| is_headline_or_contact(l.text, titles));
        if near(i + used) || i > 0 && near(i - 1) {
            score += 2;
        }
        if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
            best = Some((score, i, words));
        }
    }
    best.map(|(_, _, words)| {
        words
            .iter()
            .enumerate()
            .map(|(k, w)| if k > 0 && is_particle(&fold(w)) { w.to_lowercase() } else { title_case(w) })
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// The words of a line that could be a name: letters only, each capitalised (particles aside),
/// and not a heading, a label, a place, a skill, a job title or an organisation.
fn name_words(line: &str, taxonomy: &Taxonomy, titles: &Titles) -> Option<Vec<String>> {
    let line = line.trim();
    let line = ["nombre:", "nombres:", "name:", "nombre completo:"]
        .iter()
        .find_map(|label| fold(line).starts_with(label).then(|| line[label.len()..].trim()))
        .unwrap_or(line);
    let candidate = line.split(['|', '·', '•', '\t']).next()?.trim();
    let letters_only = candidate.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\''));
    let words: Vec<String> = candidate.split_whitespace().map(str::to_owned).collect();
    if !letters_only || words.is_empty() || words.len() > 6 || classify_heading(candidate).is_some() {
        return None;
    }
    let folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
    let shaped = words
        .iter()
        .zip(&folded)
        .enumerate()
        .all(|(k, (w, f))| w.chars().next().is_some_and(char::is_uppercase) || k > 0 && is_particle(f));
    let foreign = folded.iter().any(|w| NOT_NAME_WORDS.contains(&w.as_str()));
    if !shaped || foreign || is_place(candidate) || titles.is_title(candidate) {
        return None;
    }
    // "Critical thinking", "Gestión administrativa": skills, not people.
    let skill_words: usize = taxonomy.find_in(candidate, true).iter().map(|f| f.end - f.start).sum();
    if skill_words * 2 > words.len() {
        return None;
    }
    Some(words)
}

fn is_particle(word: &str) -> bool {
    matches!(word, "de" | "del" | "la" | "las" | "los" | "y" | "da" | "das" | "do" | "dos" | "di" | "van" | "von" | "e")
}

/// Labels, organisation words and common nouns that never make up a person's name.
const NOT_NAME_WORDS: &[&str] = &[
    "correo",
    "electronico",
    "email",
    "mail",
    "telefono",
    "tel",
    "fijo",
    "celular",
    "cel",
    "movil",
    "phone",
    "home",
    "mobile",
    "cell",
    "direccion",
    "address",
    "ciudad",
    "city",
    "ubicacion",
    "location",
    "informacion",
    "information",
    "personal",
    "personales",
    "datos",
    "contacto",
    "contact",
    "linkedin",
    "github",
    "web",
    "portafolio",
    "portfolio",
    "nacionalidad",
    "nationality",
    "fecha",
    "nacimiento",
    "birth",
    "date",
    "dni",
    "estado",
    "civil",
    "referencias",
    "references",
    "disponible",
    "disponibilidad",
    "available",
    "request",
    "curriculum",
    "vitae",
    "resume",
    "cv",
    "hoja",
    "vida",
    "universidad",
    "university",
    "instituto",
    "institute",
    "colegio",
    "school",
    "banco",
    "bank",
    "grupo",
    "group",
    "restaurante",
    "hotel",
    "clinica",
    "hospital",
    "municipalidad",
    "ministerio",
    "empresa",
    "company",
    "consultora",
    "estudio",
    "corporacion",
    "sociedad",
    "asociacion",
    "cooperativa",
    "caja",
    "centro",
    "tienda",
    "perfil",
    "profile",
    "resumen",
    "summary",
    "objetivo",
    "objective",
    "experiencia",
    "experience",
    "habilidades",
    "skills",
    "idiomas",
    "languages",
    "educacion",
    "education",
    "formacion",
    "certificaciones",
    "certifications",
    "cursos",
    "courses",
    "proyectos",
    "projects",
    "logros",
    "achievements",
    "licencia",
    "license",
    "brevete",
    "soltero",
    "soltera",
    "casado",
    "casada",
    "peruano",
    "peruana",
    "nivel",
    "level",
    "avanzado",
    "intermedio",
    "basico",
    "nativo",
    "advanced",
    "intermediate",
    "basic",
    "native",
    "fluent",
    "ingles",
    "english",
    "espanol",
    "spanish",
    "quechua",
    "portugues",
    "portuguese",
    "frances",
    "french",
    "aleman",
    "german",
    "bachiller",
    "licenciado",
    "licenciada",
    "ingeniero",
    "ingeniera",
    "ingenieria",
    "tecnico",
    "tecnica",
    "magister",
    "maestria",
    "diplomado",
    "bachelor",
    "master",
    "degree",
    "diploma",
    "sac",
    "eirl",
    "srl",
    "ltda",
    "inc",
    "llc",
    "gerencia",
    "gestion",
    "management",
    "atencion",
    "servicio",
    "service",
    "ventas",
    "sales",
    "marketing",
    "negocios",
    "business",
    "administracion",
    "contabilidad",
    "finanzas",
    "recursos",
    "humanos",
    "trabajo",
    "equipo",
    "comunicacion",
    "liderazgo",
    "leadership",
    "peru",
    "chile",
    "colombia",
    "mexico",
    "argentina",
    "ecuador",
    "bolivia",
    "lima",
    "available",
    "upon",
    "mayo",
    "junio",
    "enero",
    "actualidad",
    "presente",
    "asociados",
    "ingenieros",
    "abogados",
    "consultores",
    "servicios",
    "soluciones",
    "inversiones",
    "industrias",
    "compania",
    "holding",
    "analista",
    "asistente",
    "auxiliar",
    "jefe",
    "jefa",
    "gerente",
    "coordinador",
    "coordinadora",
    "supervisor",
    "supervisora",
    "docente",
    "profesor",
    "profesora",
    "contador",
    "contadora",
    "enfermero",
    "enfermera",
    "ejecutivo",
    "ejecutiva",
    "asesor",
    "asesora",
    "especialista",
    "practicante",
    "desarrollador",
    "desarrolladora",
    "abogado",
    "abogada",
    "secretaria",
    "recepcionista",
    "academico",
    "academica",
    "analyst",
    "assistant",
    "engineer",
    "manager",
    "developer",
    "specialist",
    "coordinator",
    "teacher",
    "nurse",
    "accountant",
    "intern",
    "officer",
    "technician",
    "representative",
    "executive",
];

/// A job title (the headline under a name) or a contact line (email, phone, city).
fn is_headline_or_contact(line: &str, titles: &Titles) -> bool {
    line.contains('@')
        || line.chars().filter(char::is_ascii_digit).count() >= 7
        || titles.normalize(line).is_some()
        || is_place(line)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn name_of(text: &str, heading: &[usize]) -> Option<String> {
        let sections: Vec<Option<SectionKind>> = {
            let mut current = None;
            text.lines()
                .map(|l| {
                    if let Some(kind) = classify_heading(l) {
                        current = Some(kind);
                    }
                    current
                })
                .collect()
        };
        let lines: Vec<NameLine<'_>> = text
            .lines()
            .enumerate()
            .map(|(i, l)| NameLine { text: l, heading_like: heading.contains(&i), section: sections[i] })
            .collect();
        full_name(&lines, Taxonomy::shipped(), Titles::shipped())
    }

    #[test]
    fn a_name_after_a_sidebar_is_found() {
        let cv = "DATOS PERSONALES\nTel. fijo\n054-295822\nCorreo electrónico\nana@x.pe\nHABILIDADES\nGestión administrativa\nCritical thinking\nIDIOMAS\nInglés B1\nNilda Torres Flores\nHR Business Partner\nPERFIL\nContadora.";
        assert_eq!(name_of(cv, &[0, 1, 3, 5, 8, 10, 11, 12]).as_deref(), Some("Nilda Torres Flores"));
    }

    #[test]
    fn names_in_capitals_broken_over_lines_keep_their_particles() {
        assert_eq!(
            name_of("JUAN DAVID\nRODRÍGUEZ ROJAS\nAnalista de Tesorería\nCONTACTO", &[0, 1]).as_deref(),
            Some("Juan David Rodríguez Rojas")
        );
        assert_eq!(
            name_of("PERCY DE LA CRUZ APAZA\nJEFE DE VENTAS\nLima, Perú", &[0, 1]).as_deref(),
            Some("Percy de la Cruz Apaza")
        );
        assert_eq!(
            name_of("María Bustamante Nakamura\nTeleoperadora\nCel.: 993 884 071", &[0]).as_deref(),
            Some("María Bustamante Nakamura")
        );
    }

    #[test]
    fn a_name_at_the_end_beats_companies_and_referees() {
        let cv = "PERFIL\nEstudiante de turismo.\nEXPERIENCIA\n2025-09 – Actualidad\tRecepcionista\nRestaurante La Huarique\nREFERENCIAS\nYesenia Espinoza Wong – Recepcionista\nAndrés Torres Chávez\nRecepcionista\nINFORMACIÓN DE CONTACTO";
        assert_eq!(name_of(cv, &[0, 2, 5, 7, 9]).as_deref(), Some("Andrés Torres Chávez"));
    }
}
