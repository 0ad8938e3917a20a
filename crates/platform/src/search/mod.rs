//! The search index: Postgres itself (the default: nothing else to run) or a Typesense server.
//! This module reads which one from the environment and speaks Typesense's REST API; what is
//! indexed and how results are read is the matching context's (its search port).
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `SEARCH_BACKEND` | `postgres` | `postgres` or `typesense` |
//! | `TYPESENSE_URL` | (required for `typesense`) | the server (or its load balancer), e.g. `http://127.0.0.1:8108` |
//! | `TYPESENSE_API_KEY` | (required for `typesense`) | an admin key: the app creates its collections, alias and search-only key |
//! | `TYPESENSE_COLLECTION` | `job_postings` | the alias searches go through (each full reindex makes a new collection behind it) |
//! | `TYPESENSE_TIMEOUT_SECS` | `5` | per request |

mod typesense;

use std::time::Duration;

pub use typesense::{Typesense, TypesenseError, scoped_search_key};

use crate::storage::SettingsError;

#[derive(Clone)]
pub struct TypesenseSettings {
    pub url: String,
    pub api_key: String,
    /// The alias the postings are searched and written through.
    pub collection: String,
    pub timeout: Duration,
}

impl std::fmt::Debug for TypesenseSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The admin key stays out of logs.
        f.debug_struct("TypesenseSettings")
            .field("url", &self.url)
            .field("collection", &self.collection)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone)]
pub enum SearchBackend {
    /// Full text, trigrams and vectors in the postings' own tables.
    Postgres,
    Typesense(TypesenseSettings),
}

fn problem(variable: &'static str, problem: impl Into<String>) -> SettingsError {
    SettingsError { variable, problem: problem.into() }
}

impl SearchBackend {
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let get = |name: &str| lookup(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        match get("SEARCH_BACKEND").as_deref().unwrap_or("postgres") {
            "postgres" => Ok(Self::Postgres),
            "typesense" => {
                let url = get("TYPESENSE_URL").ok_or_else(|| problem("TYPESENSE_URL", "is required for typesense"))?;
                match url::Url::parse(&url) {
                    Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.query().is_none() => {}
                    _ => return Err(problem("TYPESENSE_URL", format!("{url:?} is not an http(s) URL"))),
                }
                let api_key = get("TYPESENSE_API_KEY")
                    .ok_or_else(|| problem("TYPESENSE_API_KEY", "is required for typesense"))?;
                let collection = get("TYPESENSE_COLLECTION").unwrap_or_else(|| "job_postings".into());
                if !collection.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') || collection.len() > 100 {
                    return Err(problem("TYPESENSE_COLLECTION", "at most 100 of a-z, A-Z, 0-9 and _"));
                }
                let timeout = match get("TYPESENSE_TIMEOUT_SECS") {
                    None => 5,
                    Some(raw) => raw.parse::<u64>().ok().filter(|s| (1..=120).contains(s)).ok_or_else(|| {
                        problem("TYPESENSE_TIMEOUT_SECS", format!("invalid value {raw:?} (expected 1 to 120)"))
                    })?,
                };
                Ok(Self::Typesense(TypesenseSettings {
                    url: url.trim_end_matches('/').to_owned(),
                    api_key,
                    collection,
                    timeout: Duration::from_secs(timeout),
                }))
            }
            other => {
                Err(problem("SEARCH_BACKEND", format!("invalid value {other:?} (expected postgres or typesense)")))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn read(vars: &[(&str, &str)]) -> Result<SearchBackend, SettingsError> {
        let vars: HashMap<String, String> = vars.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
        SearchBackend::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn postgres_unless_typesense_is_asked_for_with_its_server_and_key() {
        assert!(matches!(read(&[]), Ok(SearchBackend::Postgres)));
        assert_eq!(read(&[("SEARCH_BACKEND", "typesense")]).unwrap_err().variable, "TYPESENSE_URL");
        let no_key = read(&[("SEARCH_BACKEND", "typesense"), ("TYPESENSE_URL", "http://127.0.0.1:8108")]);
        assert_eq!(no_key.unwrap_err().variable, "TYPESENSE_API_KEY");
        let full = read(&[
            ("SEARCH_BACKEND", "typesense"),
            ("TYPESENSE_URL", "http://127.0.0.1:8108/"),
            ("TYPESENSE_API_KEY", "secret"),
        ]);
        let Ok(SearchBackend::Typesense(settings)) = full else { panic!("typesense settings") };
        assert_eq!((settings.url.as_str(), settings.collection.as_str()), ("http://127.0.0.1:8108", "job_postings"));
        assert!(!format!("{settings:?}").contains("secret"), "the key is never logged");
        assert_eq!(read(&[("SEARCH_BACKEND", "elastic")]).unwrap_err().variable, "SEARCH_BACKEND");
        let bad_name = read(&[
            ("SEARCH_BACKEND", "typesense"),
            ("TYPESENSE_URL", "http://h"),
            ("TYPESENSE_API_KEY", "k"),
            ("TYPESENSE_COLLECTION", "jobs/../x"),
        ]);
        assert_eq!(bad_name.unwrap_err().variable, "TYPESENSE_COLLECTION");
    }
}
