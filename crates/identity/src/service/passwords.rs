//! Password hashing, bounded so a burst of logins can neither starve the server nor grow it.
//!
//! Argon2id at OWASP's parameters (19 MiB, 2 passes, 1 lane) runs on a few dedicated threads at
//! low scheduling priority (SCHED_BATCH, nice 19): during a login storm the request threads
//! still get the CPU first, so other endpoints keep their latency. Each thread owns one 19 MiB
//! block for its whole life, so memory stays at threads × 19 MiB whatever the allocator does.

use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use kernel::{AppError, AppResult};
use tokio::sync::oneshot;

type Job = Box<dyn FnOnce(&mut Vec<Block>) + Send>;

#[derive(Clone)]
pub struct Passwords {
    jobs: SyncSender<Job>,
}

fn owasp_params() -> Params {
    Params::new(19_456, 2, 1, Some(Params::DEFAULT_OUTPUT_LEN)).expect("OWASP argon2 parameters are valid")
}

impl Passwords {
    /// Starts `threads` hashing threads; waiting work queues in front of them.
    pub fn new(threads: usize) -> Self {
        let (jobs, queue) = sync_channel::<Job>(1024);
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..threads.max(1) {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("argon2-{n}"))
                .spawn(move || run_hashing_thread(&queue))
                .expect("a hashing thread starts");
        }
        Self { jobs }
    }

    pub async fn hash(&self, password: String) -> AppResult<String> {
        self.on_hashing_thread(move |memory| {
            let salt = SaltString::generate(&mut OsRng);
            let params = owasp_params();
            let mut raw_salt = [0u8; 64];
            let salt_bytes = salt.decode_b64(&mut raw_salt).map_err(internal)?;
            let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
            fit(memory, params.block_count());
            Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
                .hash_password_into_with_memory(password.as_bytes(), salt_bytes, &mut out, &mut memory[..])
                .map_err(internal)?;
            let hash = PasswordHash {
                algorithm: Algorithm::Argon2id.ident(),
                version: Some(Version::V0x13.into()),
                params: ParamsString::try_from(&params).map_err(internal)?,
                salt: Some(salt.as_salt()),
                hash: Some(Output::new(&out).map_err(internal)?),
            };
            Ok(hash.to_string())
        })
        .await
    }

    /// Whether `password` matches `stored` (a PHC string of any argon2 variant and parameters).
    pub async fn verify(&self, password: String, stored: String) -> AppResult<bool> {
        self.on_hashing_thread(move |memory| {
            let parsed = PasswordHash::new(&stored)
                .map_err(|e| AppError::Internal(format!("stored password hash is malformed: {e}")))?;
            let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
                return Err(AppError::Internal("stored password hash lacks salt or output".into()));
            };
            let algorithm = Algorithm::try_from(parsed.algorithm).map_err(internal)?;
            let version = parsed.version.map_or(Ok(Version::V0x13), Version::try_from).map_err(internal)?;
            let params = Params::try_from(&parsed).map_err(internal)?;
            let mut raw_salt = [0u8; 64];
            let salt_bytes = salt.decode_b64(&mut raw_salt).map_err(internal)?;
            let mut out = vec![0u8; expected.len()];
            fit(memory, params.block_count());
            Argon2::new(algorithm, version, params)
                .hash_password_into_with_memory(password.as_bytes(), salt_bytes, &mut out, &mut memory[..])
                .map_err(internal)?;
            // `Output` compares in constant time.
            Ok(Output::new(&out).map_err(internal)? == expected)
        })
        .await
    }

    async fn on_hashing_thread<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Vec<Block>) -> AppResult<T> + Send + 'static,
    ) -> AppResult<T> {
        let (reply, answer) = oneshot::channel();
        let span = tracing::Span::current();
        let job: Job = Box::new(move |memory| {
            let _ = reply.send(span.in_scope(|| work(memory)));
        });
        match self.jobs.try_send(job) {
            Ok(()) => {}
            // The queue is bounded: when it is full, waiting happens off the request threads.
            Err(TrySendError::Full(job)) => {
                let jobs = self.jobs.clone();
                let sent = tokio::task::spawn_blocking(move || jobs.send(job)).await;
                if !matches!(sent, Ok(Ok(()))) {
                    return Err(unavailable());
                }
            }
            Err(TrySendError::Disconnected(_)) => return Err(unavailable()),
        }
        answer.await.map_err(|_| unavailable())?
    }
}

fn run_hashing_thread(queue: &Mutex<Receiver<Job>>) {
    lower_priority();
    let mut memory = vec![Block::default(); owasp_params().block_count()];
    loop {
        let job = match queue.lock() {
            Ok(queue) => queue.recv(),
            Err(_) => return,
        };
        match job {
            Ok(job) => job(&mut memory),
            Err(_) => return,
        }
    }
}

/// Hashes of other parameters (older accounts) need another block count: the thread's block
/// grows or shrinks to it and is back at the standard size for the next job.
fn fit(memory: &mut Vec<Block>, blocks: usize) {
    if memory.len() != blocks {
        memory.resize(blocks, Block::default());
        memory.shrink_to_fit();
    }
}

fn lower_priority() {
    use thread_priority::{NormalThreadSchedulePolicy, ThreadPriority, ThreadSchedulePolicy};
    let batch = ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Batch);
    if let Err(error) =
        thread_priority::set_thread_priority_and_policy(thread_priority::thread_native_id(), ThreadPriority::Min, batch)
    {
        tracing::warn!(?error, "could not lower the priority of a password-hashing thread");
    }
}

fn unavailable() -> AppError {
    AppError::Unavailable("password hashing")
}

fn internal(error: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("password hashing failed: {error}"))
}

#[cfg(test)]
mod tests {
    use argon2::PasswordVerifier;

    use super::*;

    #[tokio::test]
    async fn hashes_verify_here_and_with_the_reference_implementation() {
        let passwords = Passwords::new(1);
        let hash = passwords.hash("una-clave-bastante-larga".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(passwords.verify("una-clave-bastante-larga".into(), hash.clone()).await.unwrap());
        assert!(!passwords.verify("otra-clave-cualquiera".into(), hash.clone()).await.unwrap());
        let parsed = PasswordHash::new(&hash).unwrap();
        assert!(Argon2::default().verify_password(b"una-clave-bastante-larga", &parsed).is_ok());
    }

    #[tokio::test]
    async fn hashes_of_other_parameters_still_verify() {
        use argon2::PasswordHasher;
        let params = Params::new(8_192, 1, 1, None).unwrap();
        let salt = SaltString::generate(&mut OsRng);
        let older = Argon2::new(Algorithm::Argon2i, Version::V0x13, params)
            .hash_password(b"una-clave-antigua", &salt)
            .unwrap()
            .to_string();
        let passwords = Passwords::new(1);
        assert!(passwords.verify("una-clave-antigua".into(), older.clone()).await.unwrap());
        assert!(!passwords.verify("no-es-esa".into(), older).await.unwrap());
        let standard = passwords.hash("después".into()).await.unwrap();
        assert!(passwords.verify("después".into(), standard).await.unwrap());
    }
}
