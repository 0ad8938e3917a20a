//! Dates as CVs write them, in Spanish and English: "mar. 2019 – ago. 2021", "Marzo 2019 -
//! Actualidad", "03/2019 – 08/2021", "2019-03 to 2021-08", "Mar 2019 – Present", "2017 - 2019",
//! Peru's "set." for September; and total experience as the union of periods (overlaps once).

use kernel::text::fold;
use serde::{Deserialize, Serialize};

/// A month of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct YearMonth {
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
}

impl YearMonth {
    pub fn new(year: i32, month: u32) -> Option<Self> {
        ((1900..=2100).contains(&year) && (1..=12).contains(&month)).then_some(Self { year, month })
    }

    /// Months since year 0, for arithmetic.
    fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    /// `YYYY-MM`, as the parsed data writes it.
    pub fn to_iso(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

/// How precisely a date was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Month,
    /// Only the year: a start counts from January, an end through December.
    Year,
}

/// A period of a job or a study; `end: None` means it goes on today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: YearMonth,
    pub end: Option<YearMonth>,
    pub precision: Precision,
}

impl Period {
    pub fn is_current(&self) -> bool {
        self.end.is_none()
    }
}

/// Words that say a period goes on today.
const PRESENT: &[&str] = &[
    "actualidad",
    "la actualidad",
    "presente",
    "a la fecha",
    "la fecha",
    "hoy",
    "actual",
    "actualmente",
    "present",
    "current",
    "currently",
    "now",
    "today",
    "ongoing",
    "to date",
    "date",
];

fn month_number(word: &str) -> Option<u32> {
    let word = fold(word.trim_end_matches('.'));
    let months: [(&[&str], u32); 12] = [
        (&["ene", "enero", "jan", "january"], 1),
        (&["feb", "febrero", "february"], 2),
        (&["mar", "marzo", "march"], 3),
        (&["abr", "abril", "apr", "april"], 4),
        (&["may", "mayo"], 5),
        (&["jun", "junio", "june"], 6),
        (&["jul", "julio", "july"], 7),
        (&["ago", "agosto", "aug", "august"], 8),
        (&["set", "sep", "sept", "setiembre", "septiembre", "september"], 9),
        (&["oct", "octubre", "october"], 10),
        (&["nov", "noviembre", "november"], 11),
        (&["dic", "diciembre", "dec", "december"], 12),
    ];
    months.iter().find(|(names, _)| names.contains(&word.as_str())).map(|(_, number)| *number)
}

/// One side of a range: a month and year in any common form, or a year alone.
fn parse_point(text: &str) -> Option<(YearMonth, Precision)> {
    let text = fold(text.trim().trim_matches(|c: char| matches!(c, '(' | ')' | ',' | '.' | ':')));
    let text = text.replace(" de ", " ").replace(" del ", " ");
    let words: Vec<&str> = text.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    let year = |s: &str| s.parse::<i32>().ok().filter(|y| (1950..=2100).contains(y));
    match words.as_slice() {
        [single] => {
            // 03/2019, 3-2019, 2019-03, 2019/03, 2019
            if let Some((a, b)) = single.split_once(['/', '-', '.']) {
                if let (Ok(month), Some(year)) = (a.parse::<u32>(), year(b)) {
                    return YearMonth::new(year, month).map(|ym| (ym, Precision::Month));
                }
                if let (Some(year), Ok(month)) = (year(a), b.parse::<u32>()) {
                    return YearMonth::new(year, month).map(|ym| (ym, Precision::Month));
                }
                return None;
            }
            year(single).and_then(|y| YearMonth::new(y, 1)).map(|ym| (ym, Precision::Year))
        }
        // mar 2019, marzo 2019, mar. 2019
        [month, y] => {
            let month = month_number(month)?;
            YearMonth::new(year(y)?, month).map(|ym| (ym, Precision::Month))
        }
        _ => None,
    }
}

fn is_present(text: &str) -> bool {
    let text = fold(text.trim().trim_matches(|c: char| matches!(c, '(' | ')' | '.' | ',')));
    PRESENT.contains(&text.as_str())
}

/// A period written as "<start> <separator> <end>"; `None` when the text is not one.
pub fn parse_period(text: &str) -> Option<Period> {
    let normalised = text.replace(['–', '—', '‒', '―'], " - ");
    let folded = fold(&normalised);
    let separators = [" - ", " to ", " until ", " hasta ", " al ", " a "];
    // Both sides are read folded, so the separator's position is taken in the folded text.
    let Some((start, end)) = separators.iter().find_map(|sep| {
        let at = folded.find(sep)?;
        Some((&folded[..at], &folded[at + sep.len()..]))
    }) else {
        return ongoing_without_separator(&folded);
    };
    let (start, start_precision) = parse_point(start)?;
    if is_present(end) {
        return Some(Period { start, end: None, precision: start_precision });
    }
    let (end, end_precision) = parse_point(end)?;
    let end = match end_precision {
        Precision::Year => YearMonth::new(end.year, 12)?,
        Precision::Month => end,
    };
    let precision = if start_precision == Precision::Year || end_precision == Precision::Year {
        Precision::Year
    } else {
        Precision::Month
    };
    (end >= start).then_some(Period { start, end: Some(end), precision })
}

/// "feb. 2023 Actualidad": a start and a present marker with no separator between them.
fn ongoing_without_separator(folded: &str) -> Option<Period> {
    let words: Vec<&str> = folded.split_whitespace().collect();
    (1..words.len()).find_map(|at| {
        let (start, precision) = parse_point(&words[..at].join(" "))?;
        is_present(&words[at..].join(" ")).then_some(Period { start, end: None, precision })
    })
}

/// Years of experience as of `today`: the union of the periods (overlapping jobs count once),
/// each from its start month through its end month; a current one up to the month before today.
/// One decimal.
pub fn total_years(periods: &[Period], today: YearMonth) -> f64 {
    let mut spans: Vec<(i64, i64)> = periods
        .iter()
        .map(|p| {
            let end = p.end.map_or(today.index(), |end| end.index() + 1).min(today.index());
            (p.start.index(), end)
        })
        .filter(|(start, end)| end > start)
        .collect();
    spans.sort_unstable();
    let mut months = 0;
    let mut current: Option<(i64, i64)> = None;
    for (start, end) in spans {
        current = match current {
            Some((s, e)) if start <= e => Some((s, e.max(end))),
            Some((s, e)) => {
                months += e - s;
                Some((start, end))
            }
            None => Some((start, end)),
        };
    }
    if let Some((s, e)) = current {
        months += e - s;
    }
    (months as f64 / 12.0 * 10.0).round() / 10.0
}

/// Which of a CV's jobs (as `(start, end)` in `YYYY-MM`, `end` none while it goes on) is the
/// person's latest main one, whatever order the CV lists them in: a current job before an ended
/// one; of current jobs the longest running (a side job started since is not the main one); of
/// ended jobs the one that ended last.
pub fn latest_job<'a>(jobs: impl IntoIterator<Item = (&'a str, Option<&'a str>)>) -> Option<usize> {
    jobs.into_iter()
        .enumerate()
        .max_by(|(_, (a_start, a_end)), (_, (b_start, b_end))| match (a_end, b_end) {
            (None, None) => b_start.cmp(a_start),
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(_), None) => std::cmp::Ordering::Less,
            (Some(a), Some(b)) => a.cmp(b).then(a_start.cmp(b_start)),
        })
        .map(|(index, _)| index)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(year: i32, month: u32) -> YearMonth {
        YearMonth::new(year, month).unwrap()
    }

    fn period(text: &str) -> (YearMonth, Option<YearMonth>) {
        let p = parse_period(text).unwrap_or_else(|| panic!("{text:?} is a period"));
        (p.start, p.end)
    }

    #[test]
    fn every_common_form_parses() {
        assert_eq!(period("mar. 2019 – ago. 2021"), (ym(2019, 3), Some(ym(2021, 8))));
        assert_eq!(period("Marzo 2019 - Actualidad"), (ym(2019, 3), None));
        assert_eq!(period("03/2019 – 08/2021"), (ym(2019, 3), Some(ym(2021, 8))));
        assert_eq!(period("2019-03 to 2021-08"), (ym(2019, 3), Some(ym(2021, 8))));
        assert_eq!(period("Mar 2019 – Present"), (ym(2019, 3), None));
        assert_eq!(period("set. 2018 - dic. 2020"), (ym(2018, 9), Some(ym(2020, 12))));
        assert_eq!(period("Septiembre de 2018 a la fecha"), (ym(2018, 9), None));
        assert_eq!(period("enero 2020 hasta hoy"), (ym(2020, 1), None));
        assert_eq!(period("Jan 2015 - Current"), (ym(2015, 1), None));
        assert_eq!(period("(Feb 2016 – Now)"), (ym(2016, 2), None));
        assert_eq!(period("ABRIL 2017 — JULIO 2018"), (ym(2017, 4), Some(ym(2018, 7))));
        assert_eq!(period("feb. 2023 Actualidad"), (ym(2023, 2), None));
    }

    #[test]
    fn years_alone_span_whole_years() {
        let p = parse_period("2017 - 2019").unwrap();
        assert_eq!((p.start, p.end, p.precision), (ym(2017, 1), Some(ym(2019, 12)), Precision::Year));
    }

    #[test]
    fn what_is_not_a_period_is_refused() {
        for text in [
            "Lima - Perú",
            "2021 - 2019",
            "13/2019 - 08/2021",
            "Ingeniero de datos",
            "mar 2019",
            "",
            "• Reporté indicadores de producción a la superintendencia.",
        ] {
            assert!(parse_period(text).is_none(), "{text:?}");
        }
    }

    #[test]
    fn overlaps_count_once_and_current_jobs_count_to_today() {
        let today = ym(2026, 11);
        let jobs = [
            parse_period("01/2018 - 12/2019").unwrap(),
            parse_period("06/2019 - 05/2020").unwrap(),
            parse_period("Ene 2022 - Actualidad").unwrap(),
        ];
        // 2018-01..2020-05 = 29 months; 2022-01..2026-10 = 58 months; 87 / 12 = 7.25.
        assert_eq!(total_years(&jobs, today), 7.3);
        assert_eq!(total_years(&[], today), 0.0);
        let future = parse_period("01/2027 - Actualidad").unwrap();
        assert_eq!(total_years(&[future], today), 0.0, "not started yet");
    }

    #[test]
    fn the_latest_main_job_is_found_whatever_the_order() {
        // Chronological order, and a side job started after the main one.
        let jobs = [("2015-01", Some("2018-12")), ("2019-01", None), ("2023-05", None)];
        assert_eq!(latest_job(jobs), Some(1));
        assert_eq!(latest_job([("2019-01", Some("2020-06")), ("2020-07", Some("2024-02"))]), Some(1));
        assert_eq!(latest_job(std::iter::empty()), None);
    }
}
