//! Any storage, with every object sealed by the application before it leaves the process.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use kernel::AppError;

use super::{ListedObject, Object, ObjectBody, ObjectHead, ObjectKey, ObjectMetadata, ObjectStorage, crypto::Keyring};

/// Seals on `put` (current key, the object key as context, the key id in the metadata) and
/// opens on `get`; `head` reports the plaintext's size. Objects stored without a key id (by the
/// plain storage underneath) are passed through as they are, so encryption can be turned on
/// for a layout that already holds plain objects.
///
/// Presigned URLs are refused for sealed objects: they would hand out ciphertext. Serve those
/// through the API, which streams the opened bytes.
pub struct EncryptedStorage {
    inner: Arc<dyn ObjectStorage>,
    keyring: Keyring,
}

impl EncryptedStorage {
    pub fn new(inner: Arc<dyn ObjectStorage>, keyring: Keyring) -> Self {
        Self { inner, keyring }
    }
}

fn plain_head(mut head: ObjectHead) -> Result<ObjectHead, AppError> {
    if let Some(key_id) = &head.metadata.key_id {
        head.size = Keyring::plaintext_len(head.size, key_id)
            .ok_or_else(|| AppError::Internal("a sealed object has an impossible length".into()))?;
    }
    Ok(head)
}

#[async_trait]
impl ObjectStorage for EncryptedStorage {
    async fn put(&self, key: &ObjectKey, body: ObjectBody, mut metadata: ObjectMetadata) -> Result<(), AppError> {
        metadata.key_id = Some(self.keyring.current_key_id().to_owned());
        let sealed = self.keyring.seal_stream(key.as_str().as_bytes().to_vec(), body.into_stream());
        self.inner.put(key, ObjectBody::Stream(sealed), metadata).await
    }

    async fn get(&self, key: &ObjectKey) -> Result<Object, AppError> {
        let object = self.inner.get(key).await?;
        if object.head.metadata.key_id.is_none() {
            return Ok(object);
        }
        let body = self.keyring.open_stream(key.as_str().as_bytes().to_vec(), object.body);
        Ok(Object { head: plain_head(object.head)?, body })
    }

    async fn head(&self, key: &ObjectKey) -> Result<ObjectHead, AppError> {
        plain_head(self.inner.head(key).await?)
    }

    async fn delete(&self, key: &ObjectKey) -> Result<(), AppError> {
        self.inner.delete(key).await
    }

    async fn list(&self, prefix: &str) -> Result<Vec<ListedObject>, AppError> {
        self.inner.list(prefix).await
    }

    async fn presigned_get_url(&self, key: &ObjectKey, expires_in: Duration) -> Result<String, AppError> {
        if self.inner.head(key).await?.metadata.key_id.is_some() {
            return Err(AppError::Conflict("a sealed object cannot be served by a presigned URL".into()));
        }
        self.inner.presigned_get_url(key, expires_in).await
    }
}
