//! Work and study history: entries found around their periods, titles and companies beside them.

use kernel::text::fold;

use super::super::dates::{Period, YearMonth, parse_period};
use super::{Education, Experience};

/// An experience found around a period: the title and company from the text beside it.
pub(super) struct ExperienceDraft {
    pub(super) title: Option<String>,
    pub(super) company: Option<String>,
    pub(super) description: String,
}

impl ExperienceDraft {
    pub(super) fn with(self, period: Period) -> Experience {
        Experience {
            title: self.title,
            company: self.company,
            start: period.start.to_iso(),
            end: period.end.map(YearMonth::to_iso),
            current: period.is_current(),
            description: self.description.trim().to_owned(),
        }
    }
}

/// The period written somewhere in `line` (alone, or among `|`, `·`, tabs or commas), and the
/// rest of the line.
fn period_in(line: &str) -> Option<(Period, String)> {
    if let Some(period) = parse_period(line) {
        return Some((period, String::new()));
    }
    for separator in ['|', '·', '\t', ',', '(', '•'] {
        let parts: Vec<&str> = line.split(separator).collect();
        for (i, part) in parts.iter().enumerate() {
            if let Some(period) = parse_period(part.trim_end_matches(')')) {
                let rest: Vec<&str> =
                    parts.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, p)| p.trim()).collect();
                return Some((period, rest.join(" | ")));
            }
        }
    }
    // "Analista Contable  mar. 2019 – ago. 2021" (at the end of the line) or
    // "08/2022 al presente Ingeniero Residente" (at its start).
    let words: Vec<&str> = line.split_whitespace().collect();
    (1..words.len())
        .find_map(|start| parse_period(&words[start..].join(" ")).map(|period| (period, words[..start].join(" "))))
        .or_else(|| {
            (2..words.len())
                .rev()
                .find_map(|end| parse_period(&words[..end].join(" ")).map(|period| (period, words[end..].join(" "))))
        })
}

/// Lines with a period broken over two ("dic. 2021 - ago." / "2023") joined again.
fn join_broken_periods(lines: Vec<&str>) -> Vec<String> {
    let mut joined: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(next) = lines.get(i + 1)
            && line.chars().any(|c| c.is_ascii_digit())
            && period_in(line).is_none()
            && period_in(&format!("{line} {next}")).is_some()
        {
            joined.push(format!("{line} {next}"));
            i += 2;
            continue;
        }
        joined.push(line.to_owned());
        i += 1;
    }
    joined
}

pub(super) fn experiences(section: &str) -> Vec<(Period, ExperienceDraft)> {
    let lines = join_broken_periods(section.lines().map(str::trim).filter(|l| !l.is_empty()).collect());
    let mut found: Vec<(Period, ExperienceDraft)> = Vec::new();
    let mut previous_unused: Vec<&str> = Vec::new();
    for line in &lines {
        let line = line.as_str();
        match period_in(line) {
            Some((period, rest)) => {
                // Title and company: on the period's line, or on the lines just before it.
                let mut parts: Vec<String> =
                    rest.split(" | ").map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned).collect();
                if parts.is_empty() {
                    parts = previous_unused.iter().rev().take(2).rev().map(|s| (*s).to_owned()).collect();
                }
                let (title, company) = title_and_company(&parts);
                found.push((period, ExperienceDraft { title, company, description: String::new() }));
                previous_unused.clear();
            }
            None => {
                if let Some((_, last)) = found.last_mut() {
                    last.description.push_str(line);
                    last.description.push('\n');
                }
                previous_unused.push(line);
            }
        }
    }
    // Lines that named the next job were read as the previous one's description: trim them.
    for i in 0..found.len().saturating_sub(1) {
        let next_names: Vec<String> =
            [found[i + 1].1.title.clone(), found[i + 1].1.company.clone()].into_iter().flatten().collect();
        let description = &mut found[i].1.description;
        for name in next_names {
            if let Some(at) = description.rfind(&name) {
                description.truncate(at);
            }
        }
    }
    found
}

/// "Analista Contable — Yape S.A.C." / ["Analista Contable", "Yape"] / "Analista en BCP".
fn title_and_company(parts: &[String]) -> (Option<String>, Option<String>) {
    match parts {
        [] => (None, None),
        [single] => {
            for separator in [" — ", " – ", " - ", " en ", " at ", " @ ", ", "] {
                if let Some((title, company)) = single.split_once(separator) {
                    return (Some(title.trim().to_owned()), Some(company.trim().to_owned()));
                }
            }
            (Some(single.clone()), None)
        }
        [first, second, ..] => (Some(first.clone()), Some(second.clone())),
    }
}

pub(super) fn education(section: &str) -> Vec<Education> {
    let mut entries: Vec<Education> = Vec::new();
    for line in section.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (period, text) = match period_in(line) {
            Some((period, rest)) if rest.is_empty() => {
                // A period alone belongs to the entry before it.
                if let Some(last) = entries.last_mut() {
                    last.start = Some(period.start.to_iso());
                    last.end = period.end.map(YearMonth::to_iso);
                }
                continue;
            }
            Some((period, rest)) => (Some(period), rest),
            None => (None, line.to_owned()),
        };
        let level = education_level(&text);
        if level.is_none() && period.is_none() {
            // An institution or detail line: it completes the entry before.
            if let Some(last) = entries.last_mut() {
                last.text.push_str(" | ");
                last.text.push_str(&text);
                continue;
            }
        }
        entries.push(Education {
            text,
            level,
            start: period.map(|p| p.start.to_iso()),
            end: period.and_then(|p| p.end.map(YearMonth::to_iso)),
        });
    }
    entries
}

fn education_level(text: &str) -> Option<&'static str> {
    let folded = fold(text);
    let has = |words: &[&str]| words.iter().any(|w| folded.contains(w));
    if has(&["doctorado", "doctor of", "phd", "ph.d"]) {
        Some("doctorate")
    } else if has(&["maestria", "magister", "master", "mba", "msc", "m.sc"]) {
        Some("master")
    } else if has(&[
        "licenciad",
        "bachiller",
        "bachelor",
        "ingenier",
        "titulo profesional",
        "universidad",
        "university",
        "b.sc",
        "b.a.",
    ]) {
        Some("bachelor")
    } else if has(&["tecnico", "technical degree", "instituto", "senati", "tecsup", "cibertec", "associate"]) {
        Some("technical")
    } else if has(&["secundaria", "high school", "colegio"]) {
        Some("secondary")
    } else {
        None
    }
}
