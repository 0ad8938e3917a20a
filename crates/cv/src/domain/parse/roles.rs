//! Which of the short pieces beside a job's period is its title and which its company: job
//! titles the list knows or that start (Spanish) or end (English) with a role word, against
//! legal forms ("S.A.C.", "E.I.R.L.", "Inc.") and words that name organisations.

use kernel::text::fold;

use super::super::titles::Titles;
use super::places::is_place;

/// Legal forms and words that name organisations rather than jobs.
const COMPANY_SUFFIXES: &[&str] = &[
    "s.a.c", "sac", "s.a.a", "saa", "s.a", "sa", "e.i.r.l", "eirl", "s.r.l", "srl", "ltda", "inc", "llc", "ltd",
    "corp", "s.a.s", "sas", "s.a.p.i", "spa", "gmbh", "s.c", "cia", "plc", "co",
];
const COMPANY_WORDS: &[&str] = &[
    "banco",
    "bank",
    "grupo",
    "group",
    "municipalidad",
    "ministerio",
    "universidad",
    "university",
    "instituto",
    "institute",
    "hospital",
    "clinica",
    "clinic",
    "colegio",
    "school",
    "corporacion",
    "corporation",
    "compania",
    "company",
    "consultora",
    "consulting",
    "consultores",
    "estudio",
    "cooperativa",
    "caja",
    "hotel",
    "minera",
    "mining",
    "agencia",
    "agency",
    "operador",
    "laboratorio",
    "laboratorios",
    "fintech",
    "tech",
    "software",
    "retail",
    "logistics",
    "textil",
    "pesquera",
    "agroexportadora",
    "constructora",
    "inmobiliaria",
    "telecomunicaciones",
    "quimica",
    "industrias",
    "distribuidora",
    "importadora",
    "transportes",
    "financiera",
    "restaurante",
    "abogados",
    "asociados",
    "contact",
    "supermercados",
    "tiendas",
    "farmacia",
    "farmacias",
    "boticas",
    "gobierno",
    "regional",
    "poder",
    "superintendencia",
    "direccion",
    "red",
    "centro",
    "fundacion",
    "foundation",
    "ong",
    "asociacion",
    "empresa",
    "holding",
    "partners",
    "solutions",
    "soluciones",
    "labs",
    "studio",
    "editora",
    "cevicheria",
    "lodge",
    "hostal",
    "inversiones",
    "perú",
    "peru",
    "andina",
    "andino",
    "pacifico",
    "sur",
    "norte",
];
/// Words that start (Spanish) or end (English) a job title.
const TITLE_HEADS: &[&str] = &[
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
    "ingeniero",
    "ingeniera",
    "desarrollador",
    "desarrolladora",
    "contador",
    "contadora",
    "auditor",
    "auditora",
    "docente",
    "profesor",
    "profesora",
    "enfermero",
    "enfermera",
    "tecnico",
    "tecnica",
    "ejecutivo",
    "ejecutiva",
    "asesor",
    "asesora",
    "consultor",
    "especialista",
    "director",
    "directora",
    "lider",
    "practicante",
    "secretaria",
    "secretario",
    "recepcionista",
    "abogado",
    "abogada",
    "operario",
    "operaria",
    "operador",
    "residente",
    "superintendente",
    "encargado",
    "encargada",
    "administrador",
    "administradora",
    "cajero",
    "cajera",
    "vendedor",
    "vendedora",
    "promotor",
    "promotora",
    "disenador",
    "disenadora",
    "programador",
    "programadora",
    "arquitecto",
    "arquitecta",
    "cientifico",
    "cientifica",
    "representante",
    "geologo",
    "geologa",
    "medico",
    "medica",
    "chef",
    "cocinero",
    "cocinera",
    "mozo",
    "guia",
    "teleoperador",
    "teleoperadora",
    "licenciado",
    "licenciada",
    "interno",
    "interna",
    "senior",
    "junior",
    "head",
    "key",
    "engineer",
    "manager",
    "developer",
    "analyst",
    "assistant",
    "specialist",
    "coordinator",
    "supervisor",
    "teacher",
    "nurse",
    "accountant",
    "auditor",
    "executive",
    "advisor",
    "consultant",
    "director",
    "lead",
    "intern",
    "officer",
    "representative",
    "agent",
    "technician",
    "designer",
    "architect",
    "scientist",
    "lawyer",
    "counsel",
    "partner",
    "associate",
    "clerk",
    "receptionist",
    "cook",
    "guide",
    "lecturer",
    "geologist",
    "metallurgist",
    "buyer",
    "recruiter",
    "administrator",
    "programmer",
    "writer",
    "editor",
];

/// Which of the pieces near a period is the title and which the company.
pub(super) fn title_and_company(pieces: &[String], titles: &Titles) -> (Option<String>, Option<String>) {
    let mut candidates: Vec<String> = Vec::new();
    for piece in pieces {
        candidates.extend(split_piece(piece, titles));
    }
    candidates.retain(|c| !is_place(c) && c.chars().any(char::is_alphabetic));
    if candidates.is_empty() {
        return (None, None);
    }
    let scored: Vec<(i32, i32)> = candidates.iter().map(|c| (title_score(c, titles), company_score(c))).collect();
    let Some(title_at) = (0..candidates.len()).max_by_key(|&i| (scored[i].0 - scored[i].1, std::cmp::Reverse(i)))
    else {
        return (None, None);
    };
    if candidates.len() == 1 {
        let (t, c) = scored[0];
        return if c > t { (None, Some(candidates[0].clone())) } else { (Some(candidates[0].clone()), None) };
    }
    let company_at = (0..candidates.len())
        .filter(|&i| i != title_at)
        .max_by_key(|&i| (scored[i].1 - scored[i].0, std::cmp::Reverse(i)));
    (Some(candidates[title_at].clone()), company_at.map(|i| candidates[i].clone()))
}

/// "Analista Contable — Yape S.A.C.", "Data Analyst at Interbank", "Contador en BCP".
fn split_piece(piece: &str, titles: &Titles) -> Vec<String> {
    for separator in [" — ", " – ", " - ", " | ", " @ ", " at ", " en ", " para "] {
        if let Some((left, right)) = piece.split_once(separator) {
            let (left, right) = (left.trim(), right.trim());
            let loose = matches!(separator, " at " | " en " | " para ");
            if left.is_empty() || right.is_empty() || loose && (!titles.is_title(left) || titles.is_title(right)) {
                continue;
            }
            let mut out = split_piece(left, titles);
            out.extend(split_piece(right, titles));
            return out;
        }
    }
    vec![piece.trim().to_owned()]
}

fn title_score(text: &str, titles: &Titles) -> i32 {
    let folded = fold(text);
    let words: Vec<&str> = folded.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    let mut score = 0;
    if titles.is_title(text) {
        score += 4;
    } else if titles.normalize(text).is_some() {
        score += 2;
    }
    if words.first().is_some_and(|w| TITLE_HEADS.contains(w)) || words.last().is_some_and(|w| TITLE_HEADS.contains(w)) {
        score += 1;
    }
    score
}

fn company_score(text: &str) -> i32 {
    let folded = fold(text);
    let words: Vec<&str> = folded.split_whitespace().collect();
    let mut score = 0;
    if words.iter().skip(1).any(|w| COMPANY_SUFFIXES.contains(&w.trim_end_matches('.'))) {
        score += 3;
    }
    if text.contains('&') {
        score += 2;
    }
    score += words.iter().filter(|w| COMPANY_WORDS.contains(w)).count().min(2) as i32;
    // Set in capitals while a title is not: how many CVs write employers.
    if text.chars().filter(|c| c.is_alphabetic()).count() > 3 && !text.chars().any(char::is_lowercase) {
        score += 1;
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(pieces: &[&str]) -> (Option<String>, Option<String>) {
        title_and_company(&pieces.iter().map(|p| (*p).to_owned()).collect::<Vec<_>>(), Titles::shipped())
    }

    #[test]
    fn the_title_is_told_from_the_company_in_either_order() {
        let (t, c) = pair(&["Minera Cerro Azul S.R.L.", "Superintendente de Mina"]);
        assert_eq!((t.as_deref(), c.as_deref()), (Some("Superintendente de Mina"), Some("Minera Cerro Azul S.R.L.")));
        let (t, c) = pair(&["Staff Nurse", "Clínica San Gabriel", "Lima, Perú"]);
        assert_eq!((t.as_deref(), c.as_deref()), (Some("Staff Nurse"), Some("Clínica San Gabriel")));
        let (t, c) = pair(&["Contador en BCP"]);
        assert_eq!((t.as_deref(), c.as_deref()), (Some("Contador"), Some("BCP")));
        let (t, c) = pair(&["Especialista en Marketing Digital"]);
        assert_eq!((t.as_deref(), c), (Some("Especialista en Marketing Digital"), None));
    }
}
