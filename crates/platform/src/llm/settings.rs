//! LLM configuration, read from the environment (the app's `Config` embeds it). With
//! `LLM_PROVIDER` unset or `none` there is no model: the built-in interviewer does the work.
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `LLM_PROVIDER` | `none` | `anthropic` (Messages API), `openai` (any OpenAI-compatible chat completions API) or `none` |
//! | `LLM_URL` | `https://api.anthropic.com` / `https://api.openai.com/v1` | the API base; requests go to `{base}/v1/messages` (Anthropic) or `{base}/chat/completions` |
//! | `LLM_API_KEY` | none (required with a provider) | `x-api-key` (Anthropic) or `Authorization: Bearer` |
//! | `LLM_MODEL_FAST`, `LLM_MODEL_BALANCED`, `LLM_MODEL_POWERFUL` | per provider (below) | the model of each tier |
//! | `LLM_PRICE_FAST`, `LLM_PRICE_BALANCED`, `LLM_PRICE_POWERFUL` | the default models' list prices | `input/output` in USD per million tokens, e.g. `3/15`; set them with the models |
//! | `LLM_TIMEOUT_SECS` | `30` | per request; a stream may take that long between two pieces |
//! | `LLM_MAX_RETRIES` | `2` | retries after a 408/429/5xx/529, a timeout or a lost connection |
//! | `LLM_REQUESTS_PER_MINUTE` | `50` | per model, across every replica (token bucket in Redis) |
//! | `LLM_BURST` | `5` | requests a model may take at once after a quiet spell |
//! | `LLM_CACHE_TTL_SECS` | `604800` (7 days) | how long an answer is reused for the same model, prompt version and input; `0` turns the cache off |
//!
//! Default models: Anthropic `claude-haiku-4-5` / `claude-sonnet-4-5` / `claude-opus-4-1`
//! (USD 1/5, 3/15, 15/75 per million tokens); OpenAI `gpt-4o-mini` / `gpt-4o` / `gpt-4.1`
//! (0.15/0.6, 2.5/10, 2/8).

use std::time::Duration;

use crate::env::{Env, base_url, problem};
use crate::storage::SettingsError;

/// The first retry waits about this long, each later one twice as long as the one before.
const RETRY_BASE_DELAY: Duration = Duration::from_millis(500);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    Anthropic,
    OpenAi,
}

impl Provider {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Anthropic => "anthropic",
            Self::OpenAi => "openai",
        }
    }

    fn default_url(self) -> &'static str {
        match self {
            Self::Anthropic => "https://api.anthropic.com",
            Self::OpenAi => "https://api.openai.com/v1",
        }
    }

    /// (model, price) for fast, balanced, powerful.
    fn defaults(self) -> [(&'static str, Price); 3] {
        match self {
            Self::Anthropic => [
                ("claude-haiku-4-5", Price::new(1.0, 5.0)),
                ("claude-sonnet-4-5", Price::new(3.0, 15.0)),
                ("claude-opus-4-1", Price::new(15.0, 75.0)),
            ],
            Self::OpenAi => [
                ("gpt-4o-mini", Price::new(0.15, 0.6)),
                ("gpt-4o", Price::new(2.5, 10.0)),
                ("gpt-4.1", Price::new(2.0, 8.0)),
            ],
        }
    }
}

/// USD per million tokens read and written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Price {
    pub input: f64,
    pub output: f64,
}

impl Price {
    pub const fn new(input: f64, output: f64) -> Self {
        Self { input, output }
    }

    /// The cost of `usage` in millionths of a USD (a token at USD p per million costs p micro-USD).
    pub fn micro_usd(&self, usage: super::Usage) -> u64 {
        (usage.input_tokens as f64 * self.input + usage.output_tokens as f64 * self.output).round() as u64
    }

    fn parse(raw: &str) -> Option<Self> {
        let (input, output) = raw.split_once('/')?;
        let parse = |s: &str| s.trim().parse::<f64>().ok().filter(|p| p.is_finite() && *p >= 0.0 && *p <= 10_000.0);
        Some(Self { input: parse(input)?, output: parse(output)? })
    }
}

/// A tier's model and what it costs.
#[derive(Debug, Clone, PartialEq)]
pub struct TierModel {
    pub model: String,
    pub price: Price,
}

#[derive(Clone)]
pub struct LlmSettings {
    pub provider: Provider,
    /// The API base, without the route.
    pub url: String,
    pub api_key: String,
    /// Fast, balanced, powerful.
    pub tiers: [TierModel; 3],
    pub timeout: Duration,
    pub max_retries: u32,
    pub requests_per_minute: u32,
    pub burst: u32,
    /// Zero: no cache.
    pub cache_ttl: Duration,
    /// The wait before the first retry (not read from the environment; tests shorten it).
    pub retry_base_delay: Duration,
}

impl std::fmt::Debug for LlmSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The key stays out of logs.
        f.debug_struct("LlmSettings")
            .field("provider", &self.provider)
            .field("url", &self.url)
            .field("tiers", &self.tiers)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("requests_per_minute", &self.requests_per_minute)
            .field("burst", &self.burst)
            .field("cache_ttl", &self.cache_ttl)
            .finish_non_exhaustive()
    }
}

impl LlmSettings {
    /// Reads the process environment: `None` when no provider is configured.
    pub fn from_env() -> Result<Option<Self>, SettingsError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Option<Self>, SettingsError> {
        let env = Env::new(lookup);

        let provider = match env.get("LLM_PROVIDER").as_deref().unwrap_or("none") {
            "none" => return Ok(None),
            "anthropic" => Provider::Anthropic,
            "openai" => Provider::OpenAi,
            other => {
                return Err(problem(
                    "LLM_PROVIDER",
                    format!("invalid value {other:?} (expected anthropic, openai or none)"),
                ));
            }
        };
        let (url, _) = base_url("LLM_URL", &env.get("LLM_URL").unwrap_or_else(|| provider.default_url().into()))?;
        let api_key = env.get("LLM_API_KEY").ok_or_else(|| problem("LLM_API_KEY", "is required with LLM_PROVIDER"))?;

        let names = [
            ("LLM_MODEL_FAST", "LLM_PRICE_FAST"),
            ("LLM_MODEL_BALANCED", "LLM_PRICE_BALANCED"),
            ("LLM_MODEL_POWERFUL", "LLM_PRICE_POWERFUL"),
        ];
        let mut tiers = Vec::with_capacity(3);
        for ((model_var, price_var), (model, price)) in names.into_iter().zip(provider.defaults()) {
            let price = match env.get(price_var) {
                None => price,
                Some(raw) => Price::parse(&raw).ok_or_else(|| {
                    problem(
                        price_var,
                        format!("invalid value {raw:?} (expected input/output USD per million tokens, e.g. 3/15)"),
                    )
                })?,
            };
            tiers.push(TierModel { model: env.get(model_var).unwrap_or_else(|| model.into()), price });
        }
        let tiers: [TierModel; 3] = tiers.try_into().map_err(|_| problem("LLM_PROVIDER", "three tiers"))?;

        Ok(Some(Self {
            provider,
            url,
            api_key,
            tiers,
            timeout: Duration::from_secs(env.number("LLM_TIMEOUT_SECS", 30, 1, 600)?),
            max_retries: env.number("LLM_MAX_RETRIES", 2, 0, 10)? as u32,
            requests_per_minute: env.number("LLM_REQUESTS_PER_MINUTE", 50, 1, 100_000)? as u32,
            burst: env.number("LLM_BURST", 5, 1, 10_000)? as u32,
            cache_ttl: Duration::from_secs(env.number("LLM_CACHE_TTL_SECS", 7 * 24 * 3600, 0, 90 * 24 * 3600)?),
            retry_base_delay: RETRY_BASE_DELAY,
        }))
    }

    /// The model (and price) of a tier.
    pub fn tier(&self, tier: super::Tier) -> &TierModel {
        match tier {
            super::Tier::Fast => &self.tiers[0],
            super::Tier::Balanced => &self.tiers[1],
            super::Tier::Powerful => &self.tiers[2],
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::llm::{Tier, Usage};

    fn settings(vars: &[(&str, &str)]) -> Result<Option<LlmSettings>, SettingsError> {
        let vars: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        LlmSettings::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn no_provider_means_the_built_in_interviewer() {
        assert!(settings(&[]).unwrap().is_none());
        assert!(settings(&[("LLM_PROVIDER", "none"), ("LLM_API_KEY", "k")]).unwrap().is_none());
    }

    #[test]
    fn a_provider_comes_with_its_tiers_and_prices() {
        let anthropic = settings(&[("LLM_PROVIDER", "anthropic"), ("LLM_API_KEY", "sk-ant-secret")]).unwrap().unwrap();
        assert_eq!(anthropic.url, "https://api.anthropic.com");
        assert_eq!(anthropic.tier(Tier::Balanced).model, "claude-sonnet-4-5");
        assert_eq!(anthropic.cache_ttl, Duration::from_secs(604_800));
        assert!(!format!("{anthropic:?}").contains("sk-ant-secret"));

        let openai = settings(&[
            ("LLM_PROVIDER", "openai"),
            ("LLM_API_KEY", "k"),
            ("LLM_URL", "http://127.0.0.1:11434/v1/"),
            ("LLM_MODEL_FAST", "llama3.1:8b"),
            ("LLM_PRICE_FAST", "0/0"),
            ("LLM_PRICE_POWERFUL", "1.25 / 10"),
            ("LLM_CACHE_TTL_SECS", "0"),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(openai.url, "http://127.0.0.1:11434/v1");
        assert_eq!(openai.tier(Tier::Fast), &TierModel { model: "llama3.1:8b".into(), price: Price::new(0.0, 0.0) });
        assert_eq!(openai.tier(Tier::Balanced).model, "gpt-4o");
        assert_eq!(openai.tier(Tier::Powerful).price, Price::new(1.25, 10.0));
        assert_eq!(openai.cache_ttl, Duration::ZERO);
    }

    #[test]
    fn cost_is_counted_in_micro_dollars() {
        let sonnet = Price::new(3.0, 15.0);
        assert_eq!(sonnet.micro_usd(Usage { input_tokens: 1_000, output_tokens: 200 }), 6_000);
        assert_eq!(sonnet.micro_usd(Usage::default()), 0);
    }

    #[test]
    fn malformed_values_name_the_variable() {
        let base = [("LLM_PROVIDER", "openai"), ("LLM_API_KEY", "k")];
        assert_eq!(settings(&[("LLM_PROVIDER", "gemini")]).unwrap_err().variable, "LLM_PROVIDER");
        assert_eq!(settings(&[("LLM_PROVIDER", "anthropic")]).unwrap_err().variable, "LLM_API_KEY");
        for (name, value) in [
            ("LLM_URL", "api.openai.com"),
            ("LLM_URL", "http://host/v1?x=1"),
            ("LLM_PRICE_BALANCED", "3"),
            ("LLM_PRICE_BALANCED", "-1/2"),
            ("LLM_TIMEOUT_SECS", "0"),
            ("LLM_MAX_RETRIES", "11"),
            ("LLM_REQUESTS_PER_MINUTE", "0"),
            ("LLM_CACHE_TTL_SECS", "x"),
        ] {
            let mut vars = base.to_vec();
            vars.push((name, value));
            assert_eq!(settings(&vars).unwrap_err().variable, name, "{value:?}");
        }
    }
}
