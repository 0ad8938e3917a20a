//! Reading an adapter's settings from the environment (or any lookup, as tests do), one way for
//! every adapter: blank is unset, numbers have bounds, API bases are http(s) URLs without a query,
//! and a refusal names its variable.

use crate::storage::SettingsError;

pub(crate) fn problem(variable: &'static str, problem: impl Into<String>) -> SettingsError {
    SettingsError { variable, problem: problem.into() }
}

pub(crate) struct Env<F> {
    lookup: F,
}

impl<F: Fn(&str) -> Option<String>> Env<F> {
    pub(crate) fn new(lookup: F) -> Self {
        Self { lookup }
    }

    /// The variable's value, trimmed; blank counts as unset.
    pub(crate) fn get(&self, name: &str) -> Option<String> {
        (self.lookup)(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
    }

    /// A whole number from `least` to `most`; `default` when unset.
    pub(crate) fn number(&self, name: &'static str, default: u64, least: u64, most: u64) -> Result<u64, SettingsError> {
        let Some(raw) = self.get(name) else { return Ok(default) };
        raw.parse::<u64>().ok().filter(|n| (least..=most).contains(n)).ok_or_else(|| {
            problem(name, format!("invalid value {raw:?} (expected a whole number from {least} to {most})"))
        })
    }
}

/// An API base: an http(s) URL without a query, its trailing slash dropped.
pub(crate) fn base_url(variable: &'static str, raw: &str) -> Result<(String, url::Url), SettingsError> {
    let base = raw.trim_end_matches('/').to_owned();
    match url::Url::parse(&base) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.query().is_none() => Ok((base, parsed)),
        _ => Err(problem(variable, format!("{base:?} is not an http(s) base URL"))),
    }
}
