//! Work history: entries anchored on their periods, with the title and company from the short
//! lines around each period (before it, on its line, or after it as tables and date gutters put
//! them) and the description from what follows.

use kernel::text::fold;

use super::super::dates::{Period, YearMonth, parse_period};
use super::super::titles::Titles;
use super::Experience;
use super::places::is_place;
use super::roles::title_and_company;

/// An experience found around a period: the title and company from the text beside it.
pub(super) struct ExperienceDraft {
    pub(super) title: Option<String>,
    pub(super) company: Option<String>,
    pub(super) description: String,
}

impl ExperienceDraft {
    pub(super) fn with(self, period: Period, titles: &Titles) -> Experience {
        let normalized_title = self.title.as_deref().and_then(|t| titles.normalize(t)).map(|t| t.name_en.clone());
        Experience {
            title: self.title,
            normalized_title,
            company: self.company,
            start: period.start.to_iso(),
            end: period.end.map(YearMonth::to_iso),
            current: period.is_current(),
            description: self.description.trim().to_owned(),
        }
    }
}

/// A line of the section as the entry finder sees it.
enum Item {
    /// A line with a period, and the other pieces written on it.
    Period(Period, Vec<String>),
    /// Short, no sentence: a title, a company, a place.
    Header(String),
    /// A bullet, a sentence, a label ("Funciones:").
    Text(String),
}

pub(super) fn experiences(section: &str, titles: &Titles) -> Vec<(Period, ExperienceDraft)> {
    let lines =
        unwrap_periods(section.lines().map(str::trim).filter(|l| !l.is_empty() && !is_column_label(l)).collect());
    let items: Vec<Item> = lines
        .iter()
        .map(|line| match period_in(line) {
            Some((period, parts)) => Item::Period(period, parts),
            None if is_header_like(line) => Item::Header(line.clone()),
            None => Item::Text(line.clone()),
        })
        .collect();
    let periods: Vec<usize> = (0..items.len()).filter(|i| matches!(items[*i], Item::Period(..))).collect();
    // Tables and date gutters put the period first and the title and company after it; most
    // CVs put them before. The first entry tells which.
    let period_first = periods.first().is_some_and(|&p| {
        matches!(&items[p], Item::Period(_, parts) if parts.is_empty())
            && (p == 0 || !matches!(items[p - 1], Item::Header(_)))
    });

    let mut found: Vec<(Period, ExperienceDraft)> = Vec::new();
    // Where each entry's own lines start and its header ends.
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut floor = 0;
    for (n, &p) in periods.iter().enumerate() {
        let Item::Period(period, parts) = &items[p] else { continue };
        let next_period = periods.get(n + 1).copied().unwrap_or(items.len());
        let mut pieces: Vec<String> = Vec::new();
        let mut start = p;
        if !period_first {
            while start > floor && p - start < 3 && matches!(items[start - 1], Item::Header(_)) {
                start -= 1;
            }
            pieces.extend(items[start..p].iter().filter_map(header_text));
        }
        pieces.extend(parts.iter().cloned());
        let mut end = p + 1;
        let named = pieces.iter().filter(|s| !is_place(s)).count();
        if period_first || named < 2 {
            let wanted = if period_first { 3 } else { 2 - named };
            let mut taken = 0;
            while end < next_period && taken < wanted && matches!(items[end], Item::Header(_)) {
                // In a CV that writes headers before periods, a run reaching the next period
                // is that entry's header.
                if !period_first && (end + 1..next_period).all(|k| matches!(items[k], Item::Header(_))) {
                    break;
                }
                pieces.extend(header_text(&items[end]));
                taken += 1;
                end += 1;
            }
        }
        let (title, company) = title_and_company(&pieces, titles);
        found.push((*period, ExperienceDraft { title, company, description: String::new() }));
        spans.push((start, end));
        floor = end;
    }
    // Descriptions: from the end of an entry's header to the start of the next entry's.
    for i in 0..found.len() {
        let from = spans[i].1;
        let to = spans.get(i + 1).map_or(items.len(), |s| s.0);
        let text: Vec<&str> = (from..to.max(from))
            .filter_map(|k| match &items[k] {
                Item::Header(t) | Item::Text(t) => Some(t.as_str()),
                Item::Period(..) => None,
            })
            .collect();
        found[i].1.description = text.join("\n");
    }
    found
}

/// The header row of a table of jobs ("Periodo | Empresa | Cargo | Funciones", "Position"):
/// labels, never a title or a company.
fn is_column_label(line: &str) -> bool {
    let folded = fold(line.trim_end_matches(':'));
    folded.split(['\t', '|']).map(str::trim).filter(|c| !c.is_empty()).all(|cell| {
        matches!(
            cell,
            "periodo"
                | "fecha"
                | "fechas"
                | "empresa"
                | "institucion"
                | "organizacion"
                | "cargo"
                | "puesto"
                | "funciones"
                | "funciones principales"
                | "principales funciones"
                | "responsabilidades"
                | "period"
                | "dates"
                | "date"
                | "company"
                | "employer"
                | "organization"
                | "position"
                | "role"
                | "job title"
                | "duties"
                | "main duties"
                | "responsibilities"
                | "key responsibilities"
        )
    })
}

fn header_text(item: &Item) -> Option<String> {
    match item {
        Item::Header(text) => Some(text.clone()),
        _ => None,
    }
}

/// Lines with a period broken over two joined again: "dic. 2021 - ago." / "2023", and date
/// gutters beside the title ("ene. 2011 – mar.\tDocente de Inglés" / "2012\tColegio X"),
/// whose right-hand pieces become lines of their own after the period.
fn unwrap_periods(lines: Vec<&str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let (left, right) = line.split_once('\t').unwrap_or((line, ""));
        if let Some(next) = lines.get(i + 1)
            && left.chars().any(|c| c.is_ascii_digit())
            && period_in(left).is_none()
        {
            let (next_left, next_right) = next.split_once('\t').unwrap_or((next, ""));
            let joined = format!("{left} {next_left}");
            if period_in(&joined).is_some() {
                out.push(joined);
                out.extend([right, next_right].into_iter().filter(|s| !s.trim().is_empty()).map(str::to_owned));
                i += 2;
                continue;
            }
        }
        out.push(line.to_owned());
        i += 1;
    }
    out
}

/// The period written in `line` and the other pieces of the line (a title, a company), split
/// where the line separates them (tabs, `|`, `·`, parentheses, commas).
fn period_in(line: &str) -> Option<(Period, Vec<String>)> {
    let bare = strip_bullet(line);
    if bare.len() != line.len() && bare.split_whitespace().count() > 16 {
        return None;
    }
    let segments: Vec<&str> =
        bare.split(['\t', '|', '·', '•', '(', ')', ',']).map(str::trim).filter(|s| !s.is_empty()).collect();
    for (i, segment) in segments.iter().enumerate() {
        let Some((period, left_over)) = period_at_edge(segment) else { continue };
        let mut parts: Vec<String> = Vec::new();
        for (j, other) in segments.iter().enumerate() {
            let piece = if i == j { left_over.as_str() } else { other };
            let piece = piece.trim_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':'));
            if !piece.is_empty() && !is_duration(piece) {
                parts.push(piece.to_owned());
            }
        }
        return Some((period, parts));
    }
    None
}

/// A period making up `segment`, or starting or ending it, and the rest of the segment.
fn period_at_edge(segment: &str) -> Option<(Period, String)> {
    if let Some(period) = parse_period(segment) {
        return Some((period, String::new()));
    }
    if !segment.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let words: Vec<&str> = segment.split_whitespace().collect();
    let n = words.len();
    // Longest first: "Analista Contable  mar. 2019 – ago. 2021", "08/2022 al presente Ingeniero".
    (1..n).find_map(|start| parse_period(&words[start..].join(" ")).map(|p| (p, words[..start].join(" ")))).or_else(
        || (2..n).rev().find_map(|end| parse_period(&words[..end].join(" ")).map(|p| (p, words[end..].join(" ")))),
    )
}

/// "2 años 9 meses", "1 yr 3 mos", "7 meses": a duration LinkedIn writes beside a period.
fn is_duration(text: &str) -> bool {
    let folded = fold(text);
    let words: Vec<&str> = folded.split_whitespace().collect();
    words.iter().any(|w| w.chars().all(|c| c.is_ascii_digit()))
        && words.iter().all(|w| {
            w.chars().all(|c| c.is_ascii_digit())
                || matches!(
                    *w,
                    "ano"
                        | "anos"
                        | "mes"
                        | "meses"
                        | "year"
                        | "years"
                        | "yr"
                        | "yrs"
                        | "month"
                        | "months"
                        | "mo"
                        | "mos"
                        | "y"
                        | "and"
                )
        })
}

fn strip_bullet(line: &str) -> &str {
    let trimmed = line.trim_start();
    let rest = trimmed.trim_start_matches(['•', '·', '-', '–', '—', '*', '▪', '►', '●', '○', '✓', '■', '◦']);
    if rest.len() != trimmed.len() && rest.starts_with(' ') { rest.trim_start() } else { trimmed }
}

fn is_bullet(line: &str) -> bool {
    strip_bullet(line).len() != line.trim_start().len()
}

/// A line that may name a title or a company: short, not a bullet, not a sentence, not a label.
fn is_header_like(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    let first = words.first().copied().unwrap_or_default();
    !is_bullet(line)
        && !words.is_empty()
        && words.len() <= 12
        && line.chars().count() <= 90
        && !first.chars().next().is_some_and(char::is_lowercase)
        && !line.ends_with(':')
        && !ends_a_sentence(line)
        && !(words.len() >= 5 && is_first_person_verb(first))
}

/// Ends with a full stop that is not an abbreviation's ("S.A.C.", "Inc.").
fn ends_a_sentence(line: &str) -> bool {
    let Some(last) = line.split_whitespace().last() else { return false };
    let Some(word) = last.strip_suffix('.') else { return false };
    let abbreviation = word.contains('.')
        || matches!(
            fold(word).as_str(),
            "inc"
                | "ltd"
                | "corp"
                | "co"
                | "cia"
                | "ltda"
                | "jr"
                | "sr"
                | "sa"
                | "sac"
                | "saa"
                | "srl"
                | "eirl"
                | "llc"
                | "plc"
                | "spa"
                | "sas"
                | "dr"
                | "dra"
                | "ing"
                | "lic"
        );
    !abbreviation
}

/// "Elaboré", "Atendí", "Managed": how a description's sentences start.
fn is_first_person_verb(word: &str) -> bool {
    let lower = word.to_lowercase();
    lower.ends_with('é') || lower.ends_with('í') || lower.len() > 4 && lower.ends_with("ed")
}

#[cfg(test)]
mod tests {
    use super::*;

    type Entry = (String, Option<String>, Option<String>);

    fn entries(text: &str) -> Vec<Entry> {
        experiences(text, Titles::shipped()).into_iter().map(|(p, e)| (p.start.to_iso(), e.title, e.company)).collect()
    }

    fn tc(entries: &[Entry]) -> Vec<(String, Option<&str>, Option<&str>)> {
        entries.iter().map(|(s, t, c)| (s.clone(), t.as_deref(), c.as_deref())).collect()
    }

    #[test]
    fn company_before_title_before_period_spanish() {
        let text = "CONSULTORA TALENTO ANDINO\nHR Business Partner\nFebrero 2023 - Actualidad\n• Lideré la encuesta de clima.\n• Elaboré las planillas de 460 trabajadores y las\ndeclaraciones del PDT PLAME.\nConsultora Talento Andino\nAnalista de Reclutamiento y Selección\nEnero 2024 - Agosto 2024\n• Administré el legajo.";
        assert_eq!(
            tc(&entries(text)),
            vec![
                ("2023-02".into(), Some("HR Business Partner"), Some("CONSULTORA TALENTO ANDINO")),
                ("2024-01".into(), Some("Analista de Reclutamiento y Selección"), Some("Consultora Talento Andino")),
            ]
        );
    }

    #[test]
    fn a_date_gutter_beside_title_and_company_english() {
        let text = "Sep 2019 - Dec\tSales Advisor\n2019\tLogística Express Perú S.R.L.\n– Led lead generation.\nMay 2025 - Today\tCorporate Account Executive\nLogística Express Perú\n– Tracked opportunities.";
        let found = experiences(text, Titles::shipped());
        assert_eq!(found[0].0.end.map(YearMonth::to_iso).as_deref(), Some("2019-12"));
        assert_eq!(
            tc(&entries(text)),
            vec![
                ("2019-09".into(), Some("Sales Advisor"), Some("Logística Express Perú S.R.L.")),
                ("2025-05".into(), Some("Corporate Account Executive"), Some("Logística Express Perú")),
            ]
        );
        assert_eq!(found[1].1.description, "– Tracked opportunities.");
    }

    #[test]
    fn tables_put_the_period_first() {
        let text = "2023 - 2026\nDefensoría Legal Andina Ltda.\nAsesora Legal Laboral\n• Realicé due diligence.\n2020 - 2022\nRodríguez Zevallos Abogados S.A.\nAbogada Corporativa\n• Patrociné procesos.";
        assert_eq!(
            tc(&entries(text)),
            vec![
                ("2023-01".into(), Some("Asesora Legal Laboral"), Some("Defensoría Legal Andina Ltda.")),
                ("2020-01".into(), Some("Abogada Corporativa"), Some("Rodríguez Zevallos Abogados S.A.")),
            ]
        );
    }

    #[test]
    fn a_table_header_row_is_no_title() {
        let text = "Periodo\nEmpresa\nCargo\nFunciones principales\n2023 - 2026\nEstudio Rey\nAsesora Legal Laboral\n• Realicé due diligence.";
        assert_eq!(tc(&entries(text)), vec![("2023-01".into(), Some("Asesora Legal Laboral"), Some("Estudio Rey"))]);
        let text = "Period | Company | Position | Duties\nJan 2020 - Present\nQhatu Commerce\nFrontend Developer";
        assert_eq!(tc(&entries(text)), vec![("2020-01".into(), Some("Frontend Developer"), Some("Qhatu Commerce"))]);
    }

    #[test]
    fn one_line_entries_with_durations_and_parentheses() {
        let text = "Secretario de Gerencia – Clínica San Gabriel (ago. 2024 - jun. 2026 · 1 año 11 meses)\nElaboré indicadores de gestión.\nFintech Yapu S.R.L.\tene. 2024 - set. 2026 · 2 años 9 meses\nAnalista Programador\nEscribí pruebas unitarias.\nData Analyst at Interbank, Jan 2020 - Present";
        assert_eq!(
            tc(&entries(text)),
            vec![
                ("2024-08".into(), Some("Secretario de Gerencia"), Some("Clínica San Gabriel")),
                ("2024-01".into(), Some("Analista Programador"), Some("Fintech Yapu S.R.L.")),
                ("2020-01".into(), Some("Data Analyst"), Some("Interbank")),
            ]
        );
    }

    #[test]
    fn periods_inside_sentences_are_not_entries() {
        let text = "Analista Contable | Yape | 2019 - 2021\n• Lideré el cierre contable de 2019 a 2021 para 3 empresas del grupo con reportes mensuales a gerencia.";
        assert_eq!(entries(text).len(), 1);
    }
}
