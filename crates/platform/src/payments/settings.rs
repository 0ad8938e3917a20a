//! Payment configuration, read from the environment (the app's `Config` embeds it):
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `PAYMENT_PROVIDER` | `sandbox` | `sandbox` (no account; confirms by its own signed webhook), `stripe` or `mercadopago`; production refuses the sandbox |
//! | `PAYMENT_API_URL` | the provider's: `https://api.stripe.com`, `https://api.mercadopago.com` | the API base (tests point it at a local fake) |
//! | `PAYMENT_API_KEY` | none (required for stripe and mercadopago) | Stripe's secret key, Mercado Pago's access token |
//! | `PAYMENT_WEBHOOK_SECRET` | none (required for stripe and mercadopago); the sandbox derives one | Stripe's endpoint secret (`whsec_…`), Mercado Pago's notification secret |
//! | `PAYMENT_WEBHOOK_TOLERANCE_SECS` | `300` | how old (or early) a signed timestamp may be (30 to 3600) |
//! | `PAYMENT_TIMEOUT_SECS` | `20` | per request (1 to 120) |
//! | `PAYMENT_MAX_RETRIES` | `2` | retries (0 to 10) after a 408/429/5xx, a timeout or a lost connection; each carries the same idempotency key |

use std::sync::Arc;
use std::time::Duration;

use kernel::AppError;

use super::{MercadoPagoProvider, PaymentProvider, SandboxProvider, StripeProvider};
use crate::env::{Env, base_url, problem};
use crate::http_retry::{CONNECT_TIMEOUT, Retries};
use crate::storage::SettingsError;

const RETRY_BASE_DELAY: Duration = Duration::from_millis(300);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderKind {
    Sandbox,
    Stripe,
    MercadoPago,
}

#[derive(Clone)]
pub struct PaymentSettings {
    pub provider: ProviderKind,
    pub url: String,
    pub api_key: String,
    pub webhook_secret: String,
    pub tolerance_secs: i64,
    pub timeout: Duration,
    pub retries: Retries,
}

impl std::fmt::Debug for PaymentSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The key and the secret stay out of logs.
        f.debug_struct("PaymentSettings")
            .field("provider", &self.provider)
            .field("url", &self.url)
            .field("tolerance_secs", &self.tolerance_secs)
            .field("timeout", &self.timeout)
            .field("retries", &self.retries)
            .finish_non_exhaustive()
    }
}

impl PaymentSettings {
    /// Reads the process environment. `sandbox_secret` signs the sandbox's webhooks (derived
    /// from the application's secret, so every replica agrees); `production` refuses the sandbox.
    pub fn from_env(production: bool, sandbox_secret: &[u8]) -> Result<Self, SettingsError> {
        Self::from_lookup(|name| std::env::var(name).ok(), production, sandbox_secret)
    }

    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
        production: bool,
        sandbox_secret: &[u8],
    ) -> Result<Self, SettingsError> {
        let env = Env::new(lookup);
        let tolerance_secs = env.number("PAYMENT_WEBHOOK_TOLERANCE_SECS", 300, 30, 3600)? as i64;
        let timeout = Duration::from_secs(env.number("PAYMENT_TIMEOUT_SECS", 20, 1, 120)?);
        let retries =
            Retries { max: env.number("PAYMENT_MAX_RETRIES", 2, 0, 10)? as u32, base_delay: RETRY_BASE_DELAY };
        let provider = match env.get("PAYMENT_PROVIDER").as_deref() {
            None | Some("sandbox") => ProviderKind::Sandbox,
            Some("stripe") => ProviderKind::Stripe,
            Some("mercadopago") => ProviderKind::MercadoPago,
            Some(other) => {
                return Err(problem(
                    "PAYMENT_PROVIDER",
                    format!("unknown provider {other:?} (expected sandbox, stripe or mercadopago)"),
                ));
            }
        };
        if provider == ProviderKind::Sandbox {
            if production {
                return Err(problem("PAYMENT_PROVIDER", "the sandbox takes no money: set stripe or mercadopago"));
            }
            let secret =
                env.get("PAYMENT_WEBHOOK_SECRET").map(String::into_bytes).unwrap_or_else(|| sandbox_secret.to_vec());
            return Ok(Self {
                provider,
                url: String::new(),
                api_key: String::new(),
                webhook_secret: String::from_utf8_lossy(&secret).into_owned(),
                tolerance_secs,
                timeout,
                retries,
            });
        }
        let default_url = match provider {
            ProviderKind::Stripe => "https://api.stripe.com",
            _ => "https://api.mercadopago.com",
        };
        let raw = env.get("PAYMENT_API_URL").unwrap_or_else(|| default_url.into());
        let (url, _) = base_url("PAYMENT_API_URL", &raw)?;
        let api_key =
            env.get("PAYMENT_API_KEY").ok_or_else(|| problem("PAYMENT_API_KEY", "required for this provider"))?;
        let webhook_secret = env
            .get("PAYMENT_WEBHOOK_SECRET")
            .ok_or_else(|| problem("PAYMENT_WEBHOOK_SECRET", "required to check this provider's webhooks"))?;
        Ok(Self { provider, url, api_key, webhook_secret, tolerance_secs, timeout, retries })
    }

    /// The adapter these settings name.
    pub fn provider(&self) -> Result<Arc<dyn PaymentProvider>, AppError> {
        Ok(match self.provider {
            ProviderKind::Sandbox => {
                Arc::new(SandboxProvider::new(self.webhook_secret.as_bytes(), self.tolerance_secs))
            }
            ProviderKind::Stripe => Arc::new(StripeProvider::new(Endpoint::new(self)?)),
            ProviderKind::MercadoPago => Arc::new(MercadoPagoProvider::new(Endpoint::new(self)?)),
        })
    }
}

/// What an HTTP adapter needs to reach its provider.
#[derive(Clone)]
pub(crate) struct Endpoint {
    pub(crate) client: reqwest::Client,
    pub(crate) url: String,
    pub(crate) api_key: String,
    pub(crate) webhook_secret: String,
    pub(crate) tolerance_secs: i64,
    pub(crate) retries: Retries,
}

impl Endpoint {
    pub(crate) fn new(settings: &PaymentSettings) -> Result<Self, AppError> {
        let client = reqwest::Client::builder()
            .timeout(settings.timeout)
            .connect_timeout(CONNECT_TIMEOUT)
            .build()
            .map_err(|e| AppError::Internal(format!("payments: cannot build the HTTP client: {e}")))?;
        Ok(Self {
            client,
            url: settings.url.clone(),
            api_key: settings.api_key.clone(),
            webhook_secret: settings.webhook_secret.clone(),
            tolerance_secs: settings.tolerance_secs,
            retries: settings.retries,
        })
    }

    /// A failure the operator must fix (a refused key, an answer that breaks the contract).
    pub(crate) fn broken(provider: &str, problem: String) -> AppError {
        AppError::Internal(format!("payments ({provider}): {problem}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)], production: bool) -> Result<PaymentSettings, SettingsError> {
        let pairs: Vec<(String, String)> = pairs.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
        PaymentSettings::from_lookup(
            move |name| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()),
            production,
            b"derived",
        )
    }

    #[test]
    fn the_sandbox_is_the_default_outside_production_only() {
        let sandbox = settings(&[], false).unwrap();
        assert_eq!((sandbox.provider, sandbox.webhook_secret.as_str()), (ProviderKind::Sandbox, "derived"));
        assert_eq!(settings(&[], true).unwrap_err().variable, "PAYMENT_PROVIDER");
        assert_eq!(settings(&[("PAYMENT_PROVIDER", "paypal")], false).unwrap_err().variable, "PAYMENT_PROVIDER");
    }

    #[test]
    fn real_providers_need_a_key_and_a_webhook_secret() {
        let stripe =
            [("PAYMENT_PROVIDER", "stripe"), ("PAYMENT_API_KEY", "sk_test_1"), ("PAYMENT_WEBHOOK_SECRET", "whsec_1")];
        let read = settings(&stripe, true).unwrap();
        assert_eq!((read.provider, read.url.as_str()), (ProviderKind::Stripe, "https://api.stripe.com"));
        assert_eq!(settings(&stripe[..2], true).unwrap_err().variable, "PAYMENT_WEBHOOK_SECRET");
        assert_eq!(settings(&[stripe[0], stripe[2]], true).unwrap_err().variable, "PAYMENT_API_KEY");
        let mercadopago = [
            ("PAYMENT_PROVIDER", "mercadopago"),
            ("PAYMENT_API_KEY", "TEST-1"),
            ("PAYMENT_WEBHOOK_SECRET", "s"),
            ("PAYMENT_API_URL", "http://127.0.0.1:9/"),
        ];
        let read = settings(&mercadopago, false).unwrap();
        assert_eq!((read.provider, read.url.as_str()), (ProviderKind::MercadoPago, "http://127.0.0.1:9"));
        assert!(!format!("{read:?}").contains("TEST-1"), "the key stays out of logs");
    }
}
