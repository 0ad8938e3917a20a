//! Password hashing, bounded so a burst of logins cannot starve the server.

use std::sync::Arc;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Params, Version};
use kernel::{AppError, AppResult};
use tokio::sync::Semaphore;

/// Argon2id at OWASP's parameters (19 MiB, 2 passes, 1 lane), on the blocking pool behind a
/// semaphore, with the caller's span kept.
#[derive(Clone)]
pub struct Passwords {
    argon2: Argon2<'static>,
    permits: Arc<Semaphore>,
}

impl Passwords {
    pub fn new(max_concurrent: usize) -> Self {
        let params = Params::new(19_456, 2, 1, None).expect("OWASP argon2 parameters are valid");
        Self {
            argon2: Argon2::new(Algorithm::Argon2id, Version::V0x13, params),
            permits: Arc::new(Semaphore::new(max_concurrent.max(1))),
        }
    }

    pub async fn hash(&self, password: String) -> AppResult<String> {
        let argon2 = self.argon2.clone();
        self.on_blocking_pool(move || {
            let salt = SaltString::generate(&mut OsRng);
            argon2
                .hash_password(password.as_bytes(), &salt)
                .map(|hash| hash.to_string())
                .map_err(|e| AppError::Internal(format!("password hashing failed: {e}")))
        })
        .await
    }

    pub async fn verify(&self, password: String, hash: String) -> AppResult<bool> {
        let argon2 = self.argon2.clone();
        self.on_blocking_pool(move || {
            let parsed = PasswordHash::new(&hash)
                .map_err(|e| AppError::Internal(format!("stored password hash is malformed: {e}")))?;
            Ok(argon2.verify_password(password.as_bytes(), &parsed).is_ok())
        })
        .await
    }

    async fn on_blocking_pool<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> AppResult<T> + Send + 'static,
    ) -> AppResult<T> {
        let _permit = self.permits.acquire().await.map_err(|_| AppError::Unavailable("password hashing"))?;
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || span.in_scope(work))
            .await
            .map_err(|e| AppError::Internal(format!("password hashing task failed: {e}")))?
    }
}
