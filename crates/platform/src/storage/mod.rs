//! The object storage port: CV files, parsed CVs, exports and scratch objects, kept by key.
//!
//! Two adapters pass one test suite (`crates/platform/tests/storage.rs`): [`LocalStorage`], a
//! directory (the default, so `make run` needs nothing), and [`S3Storage`], any S3-compatible
//! service (Cloudflare R2 in production). [`EncryptedStorage`] wraps either one so the bytes are
//! sealed with AES-256-GCM before they leave the process. [`StorageSettings::from_env`] reads
//! the configuration and [`StorageSettings::connect`] builds the adapter it names.

mod crypto;
mod encrypted;
mod key;
mod local;
mod s3;
mod settings;
mod sweep;

use std::collections::BTreeMap;
use std::time::Duration;

use async_trait::async_trait;
use bytes::{Bytes, BytesMut};
use chrono::{DateTime, Utc};
use futures_util::stream::BoxStream;
use futures_util::{Stream, StreamExt, TryStreamExt};
use kernel::AppError;

pub use crypto::{KEY_BYTES, Keyring, SEAL_CHUNK_BYTES};
pub use encrypted::EncryptedStorage;
pub use key::{MAX_KEY_BYTES, ObjectKey, TEMP_PREFIX, interview_audio_prefix, user_prefixes};
pub use local::LocalStorage;
pub use s3::{S3Settings, S3Storage};
pub use settings::{DEV_ENCRYPTION_KEYS, SettingsError, StorageBackend, StorageSettings};
pub use sweep::{SWEEP_TEMP_JOB, SweepTempObjects};

/// Bytes arriving in chunks. Errors end the stream.
pub type ByteStream = BoxStream<'static, Result<Bytes, AppError>>;

/// What to store: bytes in hand, or a stream read chunk by chunk (never held whole by the
/// adapters; the S3 adapter uploads objects of 8 MiB and more in parts).
pub enum ObjectBody {
    Bytes(Bytes),
    Stream(ByteStream),
}

impl ObjectBody {
    pub fn from_stream(stream: impl Stream<Item = Result<Bytes, AppError>> + Send + 'static) -> Self {
        Self::Stream(stream.boxed())
    }

    pub(crate) fn into_stream(self) -> ByteStream {
        match self {
            Self::Bytes(bytes) => futures_util::stream::once(async move { Ok(bytes) }).boxed(),
            Self::Stream(stream) => stream,
        }
    }
}

impl From<Bytes> for ObjectBody {
    fn from(bytes: Bytes) -> Self {
        Self::Bytes(bytes)
    }
}

impl From<Vec<u8>> for ObjectBody {
    fn from(bytes: Vec<u8>) -> Self {
        Self::Bytes(bytes.into())
    }
}

/// What is kept beside an object's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectMetadata {
    pub content_type: String,
    /// The keyring key that sealed the object (set by [`EncryptedStorage`]); `None` for plain
    /// objects. The sealed bytes name their key too, so they never depend on this copy.
    pub key_id: Option<String>,
    /// Further user metadata (S3's `x-amz-meta-*`): names of lowercase ASCII letters, digits and
    /// `-`, values of printable ASCII, at most 2 KiB in all.
    pub custom: BTreeMap<String, String>,
}

pub(crate) const KEY_ID_METADATA: &str = "key-id";
const MAX_METADATA_BYTES: usize = 2048;

impl ObjectMetadata {
    pub fn new(content_type: impl Into<String>) -> Self {
        Self { content_type: content_type.into(), key_id: None, custom: BTreeMap::new() }
    }

    pub fn with(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.custom.insert(name.into(), value.into());
        self
    }

    /// The same rules for every adapter, so what works on the local default works on S3.
    pub(crate) fn check(&self) -> Result<(), AppError> {
        let field = |message: &str| AppError::invalid("metadata", "invalid_metadata", message);
        let header_safe = |value: &str| value.bytes().all(|b| (0x20..0x7f).contains(&b));
        if self.content_type.is_empty() || !header_safe(&self.content_type) {
            return Err(field("content type must be printable ASCII"));
        }
        if let Some(key_id) = &self.key_id {
            crypto::check_key_id(key_id).map_err(|message| field(&message))?;
        }
        let mut total = self.content_type.len() + self.key_id.as_ref().map_or(0, String::len);
        for (name, value) in &self.custom {
            let name_ok = !name.is_empty()
                && name.len() <= 64
                && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !name_ok || name == KEY_ID_METADATA {
                return Err(field(&format!("invalid metadata name {name:?}")));
            }
            if !header_safe(value) {
                return Err(field(&format!("metadata {name:?} must be printable ASCII")));
            }
            total += name.len() + value.len();
        }
        if total > MAX_METADATA_BYTES {
            return Err(field("metadata must be at most 2 KiB"));
        }
        Ok(())
    }
}

/// An object's size, age and metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectHead {
    /// Bytes as stored (for [`EncryptedStorage`], the plaintext's length).
    pub size: u64,
    pub last_modified: DateTime<Utc>,
    pub metadata: ObjectMetadata,
}

/// An object being read: its head, and its bytes as a stream.
pub struct Object {
    pub head: ObjectHead,
    pub body: ByteStream,
}

impl Object {
    /// Reads the whole body into memory; for small objects (parsed CVs, a CV for the parser).
    pub async fn bytes(self) -> Result<Bytes, AppError> {
        let mut all = BytesMut::with_capacity(usize::try_from(self.head.size).unwrap_or(0).min(64 << 20));
        let mut body = self.body;
        while let Some(chunk) = body.try_next().await? {
            all.extend_from_slice(&chunk);
        }
        Ok(all.freeze())
    }
}

/// One entry of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedObject {
    pub key: ObjectKey,
    /// Bytes as stored (sealed objects are larger than their plaintext).
    pub size: u64,
    pub last_modified: DateTime<Utc>,
}

/// The longest a presigned URL may live (S3's own limit).
pub const MAX_PRESIGN_EXPIRY: Duration = Duration::from_secs(7 * 24 * 3600);

/// Object storage, as the contexts see it. Missing objects are `AppError::NotFound("object")`;
/// a backend that cannot be reached is `AppError::Unavailable("object storage")`.
#[async_trait]
pub trait ObjectStorage: Send + Sync {
    /// Stores an object whole, replacing any object under the key; readers never see a
    /// partial object.
    async fn put(&self, key: &ObjectKey, body: ObjectBody, metadata: ObjectMetadata) -> Result<(), AppError>;

    /// The object's head and its bytes as a stream.
    async fn get(&self, key: &ObjectKey) -> Result<Object, AppError>;

    async fn head(&self, key: &ObjectKey) -> Result<ObjectHead, AppError>;

    /// Removes the object; removing a missing object succeeds.
    async fn delete(&self, key: &ObjectKey) -> Result<(), AppError>;

    /// Every object whose key starts with `prefix` (`""` for all), in key order. The adapter
    /// pages through the backend by itself.
    async fn list(&self, prefix: &str) -> Result<Vec<ListedObject>, AppError>;

    /// A URL that lets anyone holding it GET the object's stored bytes until it expires
    /// (1 second to 7 days).
    async fn presigned_get_url(&self, key: &ObjectKey, expires_in: Duration) -> Result<String, AppError>;
}

pub(crate) fn check_expiry(expires_in: Duration) -> Result<u32, AppError> {
    if expires_in < Duration::from_secs(1) || expires_in > MAX_PRESIGN_EXPIRY {
        return Err(AppError::BadRequest("a presigned URL lives from 1 second to 7 days".into()));
    }
    Ok(expires_in.as_secs() as u32)
}

pub(crate) fn unavailable(error: impl std::fmt::Display) -> AppError {
    tracing::error!(%error, "object storage");
    AppError::Unavailable("object storage")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_rules_hold_for_every_adapter() {
        assert!(ObjectMetadata::new("application/pdf").with("cv-id", "abc-123").check().is_ok());
        let bad = [
            ObjectMetadata::new(""),
            ObjectMetadata::new("text/plain\r\nx-injected: 1"),
            ObjectMetadata::new("text/plain").with("Upper", "x"),
            ObjectMetadata::new("text/plain").with("key-id", "x"),
            ObjectMetadata::new("text/plain").with("name", "año"),
            ObjectMetadata::new("text/plain").with("big", "x".repeat(3000)),
            ObjectMetadata { key_id: Some("bad id".into()), ..ObjectMetadata::new("text/plain") },
        ];
        for metadata in bad {
            assert!(matches!(metadata.check(), Err(AppError::Validation(_))), "{metadata:?} passed");
        }
    }

    #[test]
    fn presign_expiry_is_bounded() {
        assert_eq!(check_expiry(Duration::from_secs(300)).unwrap(), 300);
        assert!(check_expiry(Duration::from_millis(10)).is_err());
        assert!(check_expiry(MAX_PRESIGN_EXPIRY + Duration::from_secs(1)).is_err());
    }
}
