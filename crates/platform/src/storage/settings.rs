//! Storage configuration, read from the environment (the app's `Config` embeds it):
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `STORAGE_BACKEND` | `local` | `local` (a directory) or `s3` (any S3-compatible service) |
//! | `STORAGE_LOCAL_DIR` | `.data/storage` | the local backend's directory |
//! | `STORAGE_LOCAL_URL` | `http://127.0.0.1:8080/storage` | where the API serves the local backend's presigned links |
//! | `S3_ENDPOINT`, `S3_BUCKET`, `S3_ACCESS_KEY_ID`, `S3_SECRET_ACCESS_KEY` | (required for `s3`) | the service |
//! | `S3_REGION` | `auto` | R2 takes `auto` |
//! | `S3_LIST_PAGE_SIZE` | `1000` | keys per listing request |
//! | `S3_REQUEST_TIMEOUT_SECS` | `30` | per request |
//! | `STORAGE_ENCRYPTION_KEYS` | a fixed development key (refused in production) | `kid:base64key,…`, first = current |
//! | `STORAGE_PRESIGN_EXPIRY_SECS` | `300` | lifetime of presigned URLs the app hands out |

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use kernel::AppError;

use super::{Keyring, LocalStorage, ObjectStorage, S3Settings, S3Storage, check_expiry};

/// The development keyring: public in this repository, so it protects nothing. Production
/// refuses to start with it (or without `STORAGE_ENCRYPTION_KEYS`).
pub const DEV_ENCRYPTION_KEYS: &str = "dev-1:ZGV2ZWxvcG1lbnQtb25seS1zdG9yYWdlLWtleSEhISE=";

#[derive(Debug, Clone)]
pub enum StorageBackend {
    Local {
        dir: PathBuf,
        /// The API route serving presigned links, e.g. `http://127.0.0.1:8080/storage`.
        public_url: String,
    },
    S3(S3Settings),
}

#[derive(Debug, Clone)]
pub struct StorageSettings {
    pub backend: StorageBackend,
    /// Seals objects written through `EncryptedStorage`; also keys the local backend's links.
    pub keyring: Keyring,
    pub presign_expiry: Duration,
}

/// A storage variable that is missing or malformed, named as the app's configuration errors are.
#[derive(Debug, thiserror::Error)]
#[error("configuration error: {variable}: {problem}")]
pub struct SettingsError {
    pub variable: &'static str,
    pub problem: String,
}

fn problem(variable: &'static str, problem: impl Into<String>) -> SettingsError {
    SettingsError { variable, problem: problem.into() }
}

impl StorageSettings {
    /// Reads the process environment. `production` refuses development defaults for secrets.
    pub fn from_env(production: bool) -> Result<Self, SettingsError> {
        Self::from_lookup(|name| std::env::var(name).ok(), production)
    }

    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>, production: bool) -> Result<Self, SettingsError> {
        let get = |name: &str| lookup(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let required =
            |name: &'static str| get(name).ok_or_else(|| problem(name, "is required when STORAGE_BACKEND=s3"));
        let number =
            |name: &'static str, default: u64| -> Result<u64, SettingsError> {
                match get(name) {
                    None => Ok(default),
                    Some(raw) => raw.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                        problem(name, format!("invalid value {raw:?} (expected a positive whole number)"))
                    }),
                }
            };

        let backend = match get("STORAGE_BACKEND").as_deref().unwrap_or("local") {
            "local" => {
                let public_url = get("STORAGE_LOCAL_URL").unwrap_or_else(|| "http://127.0.0.1:8080/storage".into());
                check_http_url("STORAGE_LOCAL_URL", &public_url)?;
                StorageBackend::Local {
                    dir: PathBuf::from(get("STORAGE_LOCAL_DIR").unwrap_or_else(|| ".data/storage".into())),
                    public_url,
                }
            }
            "s3" => {
                let endpoint = required("S3_ENDPOINT")?;
                check_http_url("S3_ENDPOINT", &endpoint)?;
                StorageBackend::S3(S3Settings {
                    endpoint,
                    region: get("S3_REGION").unwrap_or_else(|| "auto".into()),
                    bucket: required("S3_BUCKET")?,
                    access_key_id: required("S3_ACCESS_KEY_ID")?,
                    secret_access_key: required("S3_SECRET_ACCESS_KEY")?,
                    list_page_size: number("S3_LIST_PAGE_SIZE", 1000)?.min(1000) as usize,
                    request_timeout: Duration::from_secs(number("S3_REQUEST_TIMEOUT_SECS", 30)?),
                })
            }
            other => return Err(problem("STORAGE_BACKEND", format!("invalid value {other:?} (expected local or s3)"))),
        };

        let keys = match (get("STORAGE_ENCRYPTION_KEYS"), production) {
            (Some(keys), true) if keys == DEV_ENCRYPTION_KEYS => {
                return Err(problem("STORAGE_ENCRYPTION_KEYS", "the development key is refused in production"));
            }
            (Some(keys), _) => keys,
            (None, false) => DEV_ENCRYPTION_KEYS.to_owned(),
            (None, true) => return Err(problem("STORAGE_ENCRYPTION_KEYS", "is required in production")),
        };
        let keyring = Keyring::parse(&keys).map_err(|e| problem("STORAGE_ENCRYPTION_KEYS", e))?;

        let presign_expiry = Duration::from_secs(number("STORAGE_PRESIGN_EXPIRY_SECS", 300)?);
        check_expiry(presign_expiry).map_err(|e| problem("STORAGE_PRESIGN_EXPIRY_SECS", e.to_string()))?;

        Ok(Self { backend, keyring, presign_expiry })
    }

    /// The secret signing the local backend's presigned links: derived from the current
    /// encryption key, so it needs no variable of its own (rotating the key voids open links).
    pub fn local_signing_secret(&self) -> [u8; 32] {
        self.keyring.derive_secret("local presigned links v1")
    }

    /// The plain adapter the settings name. Wrap it in `EncryptedStorage` (with `keyring`) for
    /// objects sealed by the application. With the local backend, an app that serves presigned
    /// links builds `LocalStorage` itself (same arguments) to mount `open_presigned`.
    pub fn connect(&self) -> Result<Arc<dyn ObjectStorage>, AppError> {
        Ok(match &self.backend {
            StorageBackend::Local { dir, public_url } => {
                Arc::new(LocalStorage::new(dir, public_url, &self.local_signing_secret())?)
            }
            StorageBackend::S3(s3) => Arc::new(S3Storage::new(s3)?),
        })
    }
}

fn check_http_url(variable: &'static str, raw: &str) -> Result<(), SettingsError> {
    match url::Url::parse(raw) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => Ok(()),
        _ => Err(problem(variable, format!("{raw:?} is not an http(s) URL"))),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn settings(vars: &[(&str, &str)], production: bool) -> Result<StorageSettings, SettingsError> {
        let vars: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        StorageSettings::from_lookup(|name| vars.get(name).cloned(), production)
    }

    const KEY: &str = "2026-11:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    #[test]
    fn development_defaults_need_nothing() {
        let settings = settings(&[], false).unwrap();
        assert!(
            matches!(&settings.backend, StorageBackend::Local { dir, .. } if dir == &PathBuf::from(".data/storage"))
        );
        assert_eq!(settings.keyring.current_key_id(), "dev-1");
        assert_eq!(settings.presign_expiry, Duration::from_secs(300));
    }

    #[test]
    fn production_demands_real_keys() {
        assert_eq!(settings(&[], true).unwrap_err().variable, "STORAGE_ENCRYPTION_KEYS");
        let dev = [("STORAGE_ENCRYPTION_KEYS", DEV_ENCRYPTION_KEYS)];
        assert_eq!(settings(&dev, true).unwrap_err().variable, "STORAGE_ENCRYPTION_KEYS");
        let real = settings(&[("STORAGE_ENCRYPTION_KEYS", KEY)], true).unwrap();
        assert_eq!(real.keyring.current_key_id(), "2026-11");
        assert_ne!(real.local_signing_secret(), settings(&[], false).unwrap().local_signing_secret());
    }

    #[test]
    fn s3_reads_its_variables() {
        let vars = [
            ("STORAGE_BACKEND", "s3"),
            ("S3_ENDPOINT", "https://account.r2.cloudflarestorage.com"),
            ("S3_BUCKET", "cvs"),
            ("S3_ACCESS_KEY_ID", "id"),
            ("S3_SECRET_ACCESS_KEY", "secret"),
            ("S3_LIST_PAGE_SIZE", "5000"),
        ];
        let StorageBackend::S3(s3) = settings(&vars, false).unwrap().backend else { panic!("not s3") };
        assert_eq!((s3.region.as_str(), s3.bucket.as_str(), s3.list_page_size), ("auto", "cvs", 1000));
        assert!(!format!("{s3:?}").contains("secret"));
        assert_eq!(settings(&vars[..4], false).unwrap_err().variable, "S3_SECRET_ACCESS_KEY");
    }

    #[test]
    fn malformed_values_name_the_variable() {
        for (vars, variable) in [
            (vec![("STORAGE_BACKEND", "gcs")], "STORAGE_BACKEND"),
            (vec![("STORAGE_BACKEND", "s3"), ("S3_ENDPOINT", "localhost:9000")], "S3_ENDPOINT"),
            (vec![("STORAGE_LOCAL_URL", "/storage")], "STORAGE_LOCAL_URL"),
            (vec![("STORAGE_ENCRYPTION_KEYS", "k:short")], "STORAGE_ENCRYPTION_KEYS"),
            (vec![("STORAGE_PRESIGN_EXPIRY_SECS", "0")], "STORAGE_PRESIGN_EXPIRY_SECS"),
            (vec![("STORAGE_PRESIGN_EXPIRY_SECS", "999999999")], "STORAGE_PRESIGN_EXPIRY_SECS"),
        ] {
            assert_eq!(settings(&vars, false).unwrap_err().variable, variable);
        }
    }
}
