//! Object storage on any S3-compatible service through `rust-s3`: Cloudflare R2 in production
//! (endpoint `https://<account>.r2.cloudflarestorage.com`, region `auto`), `s3s-fs` on loopback
//! in development and tests. Path-style addressing, so a bare endpoint URL is all it needs.

use std::collections::HashMap;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use futures_util::{StreamExt, TryStreamExt};
use kernel::AppError;
use s3::creds::Credentials;
use s3::error::S3Error;
use s3::{Bucket, BucketConfiguration, Region};

use super::key::check_prefix;
use super::{
    KEY_ID_METADATA, ListedObject, Object, ObjectBody, ObjectHead, ObjectKey, ObjectMetadata, ObjectStorage,
    check_expiry, unavailable,
};

/// Where and how to reach the service.
#[derive(Clone)]
pub struct S3Settings {
    pub endpoint: String,
    pub region: String,
    pub bucket: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    /// Keys asked for per listing request (S3 allows at most 1000).
    pub list_page_size: usize,
    /// The longest one request may take.
    pub request_timeout: Duration,
}

impl std::fmt::Debug for S3Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The secret stays out of logs.
        f.debug_struct("S3Settings")
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("bucket", &self.bucket)
            .field("access_key_id", &self.access_key_id)
            .field("list_page_size", &self.list_page_size)
            .field("request_timeout", &self.request_timeout)
            .finish_non_exhaustive()
    }
}

pub struct S3Storage {
    bucket: Box<Bucket>,
    list_page_size: usize,
}

/// Parts in flight per multipart upload (8 MiB each): bounds the memory one upload holds.
const UPLOAD_PARTS_IN_FLIGHT: usize = 2;

fn error(error: S3Error) -> AppError {
    match error {
        S3Error::HttpFailWithBody(404, _) => AppError::NotFound("object"),
        other => unavailable(other),
    }
}

/// S3 sends RFC 3339 in listings and HTTP dates in headers.
fn timestamp(raw: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(raw)
        .or_else(|_| DateTime::parse_from_rfc2822(raw))
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or_default()
}

impl S3Storage {
    pub fn new(settings: &S3Settings) -> Result<Self, AppError> {
        let region = Region::Custom { region: settings.region.clone(), endpoint: settings.endpoint.clone() };
        let credentials =
            Credentials::new(Some(&settings.access_key_id), Some(&settings.secret_access_key), None, None, None)
                .map_err(|e| AppError::Internal(format!("S3 credentials: {e}")))?;
        let mut bucket = Bucket::new(&settings.bucket, region, credentials)
            .map_err(|e| AppError::Internal(format!("S3 bucket: {e}")))?
            .with_path_style();
        bucket.set_request_timeout(Some(settings.request_timeout));
        Ok(Self { bucket, list_page_size: settings.list_page_size.clamp(1, 1000) })
    }

    /// Creates the bucket unless it exists: for development and test servers (production
    /// buckets are made by whoever owns the account).
    pub async fn create_bucket_if_missing(&self) -> Result<(), AppError> {
        let credentials = self.bucket.credentials().await.map_err(unavailable)?;
        let config = BucketConfiguration::default();
        match Bucket::create_with_path_style(&self.bucket.name(), self.bucket.region(), credentials, config).await {
            Ok(_) => Ok(()),
            // It exists already (made by another process, or earlier).
            Err(S3Error::HttpFailWithBody(409, _)) => Ok(()),
            Err(other) => Err(unavailable(other)),
        }
    }
}

fn head_from(headers: s3::serde_types::HeadObjectResult) -> ObjectHead {
    let mut custom: std::collections::BTreeMap<String, String> =
        headers.metadata.unwrap_or_default().into_iter().map(|(k, v)| (k.to_ascii_lowercase(), v)).collect();
    let key_id = custom.remove(KEY_ID_METADATA);
    ObjectHead {
        size: headers.content_length.and_then(|n| u64::try_from(n).ok()).unwrap_or(0),
        last_modified: headers.last_modified.as_deref().map(timestamp).unwrap_or_default(),
        metadata: ObjectMetadata {
            content_type: headers.content_type.unwrap_or_else(|| "application/octet-stream".into()),
            key_id,
            custom,
        },
    }
}

#[async_trait]
impl ObjectStorage for S3Storage {
    async fn put(&self, key: &ObjectKey, body: ObjectBody, metadata: ObjectMetadata) -> Result<(), AppError> {
        metadata.check()?;
        let mut pairs: Vec<(&str, &str)> = metadata.custom.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        if let Some(key_id) = &metadata.key_id {
            pairs.push((KEY_ID_METADATA, key_id));
        }
        match body {
            ObjectBody::Bytes(bytes) => {
                let mut request =
                    self.bucket.put_object_builder(key.as_str(), &bytes).with_content_type(&metadata.content_type);
                for (name, value) in pairs {
                    request = request.with_metadata(name, value).map_err(error)?;
                }
                request.execute().await.map_err(error)?;
            }
            ObjectBody::Stream(stream) => {
                let mut request = self
                    .bucket
                    .put_object_stream_builder(key.as_str())
                    .with_content_type(&metadata.content_type)
                    .with_max_concurrent_chunks(UPLOAD_PARTS_IN_FLIGHT);
                for (name, value) in pairs {
                    request = request.with_metadata(name, value).map_err(error)?;
                }
                // The stream's own error (a client gone mid-upload, a failed seal) is the one to
                // report, not the I/O error rust-s3 turns it into.
                let failure = std::sync::Arc::new(std::sync::Mutex::new(None::<AppError>));
                let noted = failure.clone();
                let reader = stream.map_err(move |e| {
                    let message = e.to_string();
                    *noted.lock().expect("lock") = Some(e);
                    std::io::Error::other(message)
                });
                let mut reader = tokio_util::io::StreamReader::new(reader);
                if let Err(e) = request.execute_stream(&mut reader).await {
                    return Err(failure.lock().expect("lock").take().unwrap_or_else(|| error(e)));
                }
            }
        }
        Ok(())
    }

    async fn get(&self, key: &ObjectKey) -> Result<Object, AppError> {
        // GET's stream does not carry the headers: the head comes first. Keys of the layout are
        // written once, so the two cannot describe different versions.
        let head = self.head(key).await?;
        let response = self.bucket.get_object_stream(key.as_str()).await.map_err(error)?;
        let body = response.bytes.map_err(unavailable).boxed();
        Ok(Object { head, body })
    }

    async fn head(&self, key: &ObjectKey) -> Result<ObjectHead, AppError> {
        let (headers, status) = self.bucket.head_object(key.as_str()).await.map_err(error)?;
        match status {
            200..=299 => Ok(head_from(headers)),
            404 => Err(AppError::NotFound("object")),
            other => Err(unavailable(format!("HEAD answered {other}"))),
        }
    }

    async fn delete(&self, key: &ObjectKey) -> Result<(), AppError> {
        match self.bucket.delete_object(key.as_str()).await {
            Ok(_) | Err(S3Error::HttpFailWithBody(404, _)) => Ok(()),
            Err(other) => Err(unavailable(other)),
        }
    }

    async fn list(&self, prefix: &str) -> Result<Vec<ListedObject>, AppError> {
        check_prefix(prefix)?;
        let mut listed = Vec::new();
        let mut token = None;
        loop {
            let (page, _) = self
                .bucket
                .list_page(prefix.to_owned(), None, token, None, Some(self.list_page_size))
                .await
                .map_err(unavailable)?;
            for object in page.contents {
                match ObjectKey::new(object.key.as_str()) {
                    Ok(key) => listed.push(ListedObject {
                        key,
                        size: object.size,
                        last_modified: timestamp(&object.last_modified),
                    }),
                    Err(_) => tracing::warn!(key = %object.key, "skipping a stored key this code cannot address"),
                }
            }
            token = page.next_continuation_token.filter(|_| page.is_truncated);
            if token.is_none() {
                break;
            }
        }
        Ok(listed)
    }

    async fn presigned_get_url(&self, key: &ObjectKey, expires_in: Duration) -> Result<String, AppError> {
        let expiry = check_expiry(expires_in)?;
        self.bucket.presign_get(key.as_str(), expiry, None::<HashMap<String, String>>).await.map_err(unavailable)
    }
}
