//! Transcription configuration, read from the environment (the app's `Config` embeds it):
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `TRANSCRIPTION_URL` | none: no transcriber, and the API refuses audio answers | the API base, e.g. `https://api.openai.com/v1`; requests go to `{base}/audio/transcriptions` |
//! | `TRANSCRIPTION_MODEL` | `whisper-1` | the `model` sent; it must answer `verbose_json` (`whisper-1` does; OpenAI's `gpt-4o-*-transcribe` models refuse it) |
//! | `TRANSCRIPTION_API_KEY` | none | sent as `Authorization: Bearer …` when set; in production only over https or to loopback |
//! | `TRANSCRIPTION_TIMEOUT_SECS` | `120` | per request (1 to 600), including the upload and the provider's time to transcribe |
//! | `TRANSCRIPTION_MAX_RETRIES` | `2` | retries (0 to 10) of one request after a 408/429/5xx, a timeout or a lost connection |

use std::sync::Arc;
use std::time::Duration;

use kernel::AppError;

use super::{OpenAiTranscriber, Transcriber};
use crate::env::{Env, base_url, problem};
use crate::storage::SettingsError;

/// The first retry waits about this long, each later one twice as long as the one before.
const RETRY_BASE_DELAY: Duration = Duration::from_millis(250);

#[derive(Clone)]
pub struct TranscriptionSettings {
    /// The API base, e.g. `https://api.openai.com/v1`, without the `/audio/transcriptions` route.
    pub url: String,
    pub model: String,
    pub api_key: Option<String>,
    pub timeout: Duration,
    pub max_retries: u32,
    /// The wait before the first retry (not read from the environment; tests shorten it).
    pub retry_base_delay: Duration,
}

impl std::fmt::Debug for TranscriptionSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The key stays out of logs.
        f.debug_struct("TranscriptionSettings")
            .field("url", &self.url)
            .field("model", &self.model)
            .field("api_key", &self.api_key.as_ref().map(|_| "<set>"))
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .finish_non_exhaustive()
    }
}

/// Whether requests to `url` never leave the machine, where a key sent in clear cannot be read.
fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

impl TranscriptionSettings {
    /// Reads the process environment: `None` when no transcriber is configured. `production`
    /// refuses an API key sent in clear over the network.
    pub fn from_env(production: bool) -> Result<Option<Self>, SettingsError> {
        Self::from_lookup(|name| std::env::var(name).ok(), production)
    }

    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
        production: bool,
    ) -> Result<Option<Self>, SettingsError> {
        let env = Env::new(lookup);

        // Read before the URL is looked at, so a typo is reported even while transcription is off.
        // A recording of a few minutes takes tens of seconds to upload and transcribe on a CPU server.
        let timeout = Duration::from_secs(env.number("TRANSCRIPTION_TIMEOUT_SECS", 120, 1, 600)?);
        // Fewer than the embedder's: each try sends the whole recording again while the candidate waits.
        let max_retries = env.number("TRANSCRIPTION_MAX_RETRIES", 2, 0, 10)? as u32;

        let Some(raw) = env.get("TRANSCRIPTION_URL") else { return Ok(None) };
        let (url, parsed) = base_url("TRANSCRIPTION_URL", &raw)?;
        let api_key = env.get("TRANSCRIPTION_API_KEY");
        if production && api_key.is_some() && parsed.scheme() == "http" && !is_loopback(&parsed) {
            return Err(problem("TRANSCRIPTION_URL", format!("{url:?} would carry the API key in clear: use https")));
        }

        Ok(Some(Self {
            url,
            model: env.get("TRANSCRIPTION_MODEL").unwrap_or_else(|| "whisper-1".into()),
            api_key,
            timeout,
            max_retries,
            retry_base_delay: RETRY_BASE_DELAY,
        }))
    }

    /// The adapter the settings describe.
    pub fn connect(&self) -> Result<Arc<dyn Transcriber>, AppError> {
        Ok(Arc::new(OpenAiTranscriber::new(self)?))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn settings(vars: &[(&str, &str)], production: bool) -> Result<Option<TranscriptionSettings>, SettingsError> {
        let vars: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        TranscriptionSettings::from_lookup(|name| vars.get(name).cloned(), production)
    }

    #[test]
    fn without_a_url_there_is_no_transcriber() {
        assert!(settings(&[], false).unwrap().is_none());
        assert!(settings(&[("TRANSCRIPTION_URL", " "), ("TRANSCRIPTION_MODEL", "whisper-1")], true).unwrap().is_none());
    }

    #[test]
    fn defaults_name_openais_whisper() {
        let settings = settings(&[("TRANSCRIPTION_URL", "http://127.0.0.1:8000/v1/")], false).unwrap().unwrap();
        assert_eq!(settings.url, "http://127.0.0.1:8000/v1", "the trailing slash is dropped");
        assert_eq!(settings.model, "whisper-1");
        assert_eq!((settings.timeout, settings.max_retries), (Duration::from_secs(120), 2));
        assert!(settings.api_key.is_none());
        assert!(settings.connect().is_ok());
    }

    #[test]
    fn a_hosted_provider_is_configured_and_its_key_kept_out_of_logs() {
        let hosted = settings(
            &[
                ("TRANSCRIPTION_URL", "https://api.openai.com/v1"),
                ("TRANSCRIPTION_MODEL", "whisper-large-v3"),
                ("TRANSCRIPTION_API_KEY", "sk-secret"),
                ("TRANSCRIPTION_TIMEOUT_SECS", "30"),
                ("TRANSCRIPTION_MAX_RETRIES", "0"),
            ],
            true,
        )
        .unwrap()
        .unwrap();
        assert_eq!(hosted.model, "whisper-large-v3");
        assert_eq!((hosted.timeout, hosted.max_retries), (Duration::from_secs(30), 0));
        assert_eq!(hosted.api_key.as_deref(), Some("sk-secret"));
        assert!(!format!("{hosted:?}").contains("sk-secret"));
    }

    #[test]
    fn production_sends_a_key_in_clear_only_to_loopback() {
        let with_key =
            |url: &str| settings(&[("TRANSCRIPTION_URL", url), ("TRANSCRIPTION_API_KEY", "sk-secret")], true);
        assert_eq!(with_key("http://whisper.internal:8000/v1").unwrap_err().variable, "TRANSCRIPTION_URL");
        for url in ["http://127.0.0.1:8000/v1", "http://localhost:8000/v1", "http://[::1]:8000/v1"] {
            assert!(with_key(url).unwrap().is_some(), "{url}");
        }
        let keyless = settings(&[("TRANSCRIPTION_URL", "http://whisper.internal:8000/v1")], true).unwrap();
        assert!(keyless.is_some(), "without a key there is nothing to read on the way");
        let development = settings(
            &[("TRANSCRIPTION_URL", "http://whisper.internal:8000/v1"), ("TRANSCRIPTION_API_KEY", "k")],
            false,
        );
        assert!(development.unwrap().is_some());
    }

    #[test]
    fn malformed_values_name_the_variable() {
        for (name, value) in [
            ("TRANSCRIPTION_URL", "127.0.0.1:8000"),
            ("TRANSCRIPTION_URL", "ftp://host/v1"),
            ("TRANSCRIPTION_URL", "http://host/v1?x=1"),
            ("TRANSCRIPTION_TIMEOUT_SECS", "0"),
            ("TRANSCRIPTION_TIMEOUT_SECS", "601"),
            ("TRANSCRIPTION_TIMEOUT_SECS", "2m"),
            ("TRANSCRIPTION_MAX_RETRIES", "11"),
            ("TRANSCRIPTION_MAX_RETRIES", "-1"),
        ] {
            let error =
                settings(&[("TRANSCRIPTION_URL", "https://api.openai.com/v1"), (name, value)], false).unwrap_err();
            assert_eq!(error.variable, name, "{value:?}");
        }
        let error = settings(&[("TRANSCRIPTION_TIMEOUT_SECS", "0")], false).unwrap_err();
        assert_eq!(error.variable, "TRANSCRIPTION_TIMEOUT_SECS", "a typo is reported while transcription is off");
    }
}
