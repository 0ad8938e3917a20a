//! Object storage in a local directory: the default, so `make run` needs no account anywhere.
//!
//! ```text
//! {root}/objects/{key}        the bytes
//! {root}/meta/{key}.json      the metadata sidecar
//! {root}/tmp/                 uploads in progress (same filesystem, so renames are atomic)
//! ```
//!
//! A put writes a temporary file, syncs it, then renames the sidecar and then the bytes into
//! place: a reader sees the old object or the new one, never part of one, and an object whose
//! bytes exist always has a sidecar. Two concurrent puts of one key may pair one's bytes with
//! the other's sidecar; the layout never writes one key twice at once, and sealed objects name
//! their key in their own header, so such a pair still opens.
//!
//! Unlike S3, a directory cannot also be a file: storing `a` and `a/b` side by side is a
//! conflict. The layout's keys never do this.
//!
//! Presigned URLs are HMAC-signed links to a route of this API (`{public_url}/{key}?expires=…
//! &signature=…`), served by [`LocalStorage::open_presigned`].

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bytes::BytesMut;
use chrono::{DateTime, Utc};
use futures_util::{StreamExt, TryStreamExt};
use kernel::AppError;
use ring::hmac;
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use url::Url;

use super::key::check_prefix;
use super::{
    ListedObject, Object, ObjectBody, ObjectHead, ObjectKey, ObjectMetadata, ObjectStorage, check_expiry, unavailable,
};

/// Bytes read from disk per chunk of a streamed get.
const READ_CHUNK_BYTES: usize = 64 * 1024;

pub struct LocalStorage {
    objects: PathBuf,
    meta: PathBuf,
    tmp: PathBuf,
    public_url: Url,
    signing_key: hmac::Key,
}

#[derive(Serialize, Deserialize)]
struct Sidecar {
    content_type: String,
    key_id: Option<String>,
    #[serde(default)]
    custom: std::collections::BTreeMap<String, String>,
}

fn io_error(error: std::io::Error) -> AppError {
    match error.kind() {
        // `create_dir_all` through a file answers AlreadyExists.
        ErrorKind::AlreadyExists
        | ErrorKind::NotADirectory
        | ErrorKind::IsADirectory
        | ErrorKind::DirectoryNotEmpty => AppError::Conflict("the key collides with a directory of other keys".into()),
        _ => unavailable(error),
    }
}

fn is_missing(error: &std::io::Error) -> bool {
    // `a/b` where `a` is an object, or `a` where `a/…` objects exist: no such object either way.
    matches!(error.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory | ErrorKind::IsADirectory)
}

fn missing() -> AppError {
    AppError::NotFound("object")
}

fn modified(metadata: &std::fs::Metadata) -> DateTime<Utc> {
    metadata.modified().map(DateTime::<Utc>::from).unwrap_or_default()
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_secs()
}

/// What a presigned link's signature covers: the method, the key and the expiry.
fn link_message(key: &str, expires: u64) -> Vec<u8> {
    format!("GET\n{key}\n{expires}").into_bytes()
}

/// A temporary file removed when dropped, unless it was renamed into place.
struct TempFile(Option<PathBuf>);

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

impl LocalStorage {
    /// Storage under `root` (created when missing). Presigned links point below `public_url`
    /// and are signed with `signing_secret`.
    pub fn new(root: impl Into<PathBuf>, public_url: &str, signing_secret: &[u8]) -> Result<Self, AppError> {
        let root = root.into();
        let public_url = Url::parse(public_url)
            .ok()
            .filter(|url| !url.cannot_be_a_base())
            .ok_or_else(|| AppError::Internal(format!("{public_url:?} is not a base URL for presigned links")))?;
        let storage = Self {
            objects: root.join("objects"),
            meta: root.join("meta"),
            tmp: root.join("tmp"),
            public_url,
            signing_key: hmac::Key::new(hmac::HMAC_SHA256, signing_secret),
        };
        for dir in [&storage.objects, &storage.meta, &storage.tmp] {
            std::fs::create_dir_all(dir).map_err(unavailable)?;
        }
        Ok(storage)
    }

    fn object_path(&self, key: &ObjectKey) -> PathBuf {
        self.objects.join(key.as_str())
    }

    fn meta_path(&self, key: &ObjectKey) -> PathBuf {
        self.meta.join(format!("{key}.json"))
    }

    async fn write_temp(&self, mut body: super::ByteStream) -> Result<TempFile, AppError> {
        let path = self.tmp.join(format!("{}.part", uuid::Uuid::now_v7()));
        let temp = TempFile(Some(path.clone()));
        let mut file = tokio::fs::File::create(&path).await.map_err(unavailable)?;
        while let Some(chunk) = body.try_next().await? {
            file.write_all(&chunk).await.map_err(unavailable)?;
        }
        file.flush().await.map_err(unavailable)?;
        file.sync_all().await.map_err(unavailable)?;
        Ok(temp)
    }

    /// Renames `temp` to `to`, making the parent directories. A concurrent delete may prune an
    /// empty parent between the two steps: then the directories are made again.
    async fn place(&self, mut temp: TempFile, to: &Path) -> Result<(), AppError> {
        let from = temp.0.clone().expect("a temporary file not yet placed");
        let parent = to.parent().expect("object paths have a parent");
        let mut attempts = 0;
        loop {
            tokio::fs::create_dir_all(parent).await.map_err(io_error)?;
            match tokio::fs::rename(&from, to).await {
                Ok(()) => break,
                Err(error) if error.kind() == ErrorKind::NotFound && attempts < 3 => attempts += 1,
                Err(error) => return Err(io_error(error)),
            }
        }
        temp.0 = None;
        Ok(())
    }

    async fn read_sidecar(&self, key: &ObjectKey) -> Result<ObjectMetadata, AppError> {
        let raw = tokio::fs::read(self.meta_path(key))
            .await
            .map_err(|error| if is_missing(&error) { missing() } else { unavailable(error) })?;
        let sidecar: Sidecar = serde_json::from_slice(&raw).map_err(unavailable)?;
        Ok(ObjectMetadata { content_type: sidecar.content_type, key_id: sidecar.key_id, custom: sidecar.custom })
    }

    /// Removes the empty directories left above a deleted object, up to the root.
    async fn prune(&self, start: &Path, root: &Path) {
        let mut dir = start.parent();
        while let Some(current) = dir.filter(|d| *d != root && d.starts_with(root)) {
            if tokio::fs::remove_dir(current).await.is_err() {
                break;
            }
            dir = current.parent();
        }
    }

    fn signature(&self, key: &str, expires: u64) -> String {
        URL_SAFE_NO_PAD.encode(hmac::sign(&self.signing_key, &link_message(key, expires)))
    }

    /// Serves a presigned link: `key` is the decoded path below `public_url`, `query` the raw
    /// query string. A wrong signature or an expired link is `Forbidden`, as on S3.
    pub async fn open_presigned(&self, key: &str, query: &str) -> Result<Object, AppError> {
        let forbidden = || AppError::Forbidden("the link is invalid or has expired".into());
        let (mut expires, mut signature) = (None, None);
        for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
            match name.as_ref() {
                "expires" => expires = value.parse::<u64>().ok(),
                "signature" => signature = URL_SAFE_NO_PAD.decode(value.as_bytes()).ok(),
                _ => {}
            }
        }
        let (Some(expires), Some(signature)) = (expires, signature) else { return Err(forbidden()) };
        hmac::verify(&self.signing_key, &link_message(key, expires), &signature).map_err(|_| forbidden())?;
        if unix_now() > expires {
            return Err(forbidden());
        }
        self.get(&ObjectKey::new(key)?).await
    }
}

#[async_trait]
impl ObjectStorage for LocalStorage {
    async fn put(&self, key: &ObjectKey, body: ObjectBody, metadata: ObjectMetadata) -> Result<(), AppError> {
        metadata.check()?;
        let data = self.write_temp(body.into_stream()).await?;
        let sidecar = Sidecar { content_type: metadata.content_type, key_id: metadata.key_id, custom: metadata.custom };
        let sidecar = serde_json::to_vec(&sidecar).map_err(unavailable)?;
        let meta = self.write_temp(ObjectBody::from(sidecar).into_stream()).await?;
        // A key that collides with a directory is refused before its sidecar is placed.
        let path = self.object_path(key);
        tokio::fs::create_dir_all(path.parent().expect("object paths have a parent")).await.map_err(io_error)?;
        if tokio::fs::metadata(&path).await.is_ok_and(|stat| stat.is_dir()) {
            return Err(io_error(ErrorKind::IsADirectory.into()));
        }
        self.place(meta, &self.meta_path(key)).await?;
        self.place(data, &path).await
    }

    async fn get(&self, key: &ObjectKey) -> Result<Object, AppError> {
        // The open file keeps these bytes even if a put replaces them meanwhile.
        let file = tokio::fs::File::open(self.object_path(key))
            .await
            .map_err(|error| if is_missing(&error) { missing() } else { unavailable(error) })?;
        let stat = file.metadata().await.map_err(unavailable)?;
        if !stat.is_file() {
            return Err(missing());
        }
        let head =
            ObjectHead { size: stat.len(), last_modified: modified(&stat), metadata: self.read_sidecar(key).await? };
        let body = futures_util::stream::try_unfold(file, |mut file| async move {
            let mut chunk = BytesMut::with_capacity(READ_CHUNK_BYTES);
            let read = file.read_buf(&mut chunk).await.map_err(unavailable)?;
            Ok((read > 0).then(|| (chunk.freeze(), file)))
        })
        .boxed();
        Ok(Object { head, body })
    }

    async fn head(&self, key: &ObjectKey) -> Result<ObjectHead, AppError> {
        let stat = tokio::fs::metadata(self.object_path(key))
            .await
            .map_err(|error| if is_missing(&error) { missing() } else { unavailable(error) })?;
        if !stat.is_file() {
            return Err(missing());
        }
        Ok(ObjectHead { size: stat.len(), last_modified: modified(&stat), metadata: self.read_sidecar(key).await? })
    }

    async fn delete(&self, key: &ObjectKey) -> Result<(), AppError> {
        // The bytes first: once they are gone the object is gone; a sidecar left by a crash
        // here is never read, and the next put of the key replaces it.
        for (path, root) in [(self.object_path(key), &self.objects), (self.meta_path(key), &self.meta)] {
            match tokio::fs::remove_file(&path).await {
                Ok(()) => self.prune(&path, root).await,
                Err(error) if is_missing(&error) => {}
                Err(error) => return Err(unavailable(error)),
            }
        }
        Ok(())
    }

    async fn list(&self, prefix: &str) -> Result<Vec<ListedObject>, AppError> {
        check_prefix(prefix)?;
        // Walk only the deepest directory the prefix names in full; filter by the rest.
        let start = match prefix.rfind('/') {
            Some(end) => self.objects.join(&prefix[..end]),
            None => self.objects.clone(),
        };
        let mut listed = Vec::new();
        let mut pending = vec![start];
        while let Some(dir) = pending.pop() {
            let mut entries = match tokio::fs::read_dir(&dir).await {
                Ok(entries) => entries,
                Err(error) if is_missing(&error) => continue,
                Err(error) => return Err(unavailable(error)),
            };
            while let Some(entry) = entries.next_entry().await.map_err(unavailable)? {
                let stat = match entry.metadata().await {
                    Ok(stat) => stat,
                    Err(error) if is_missing(&error) => continue, // deleted meanwhile
                    Err(error) => return Err(unavailable(error)),
                };
                let path = entry.path();
                if stat.is_dir() {
                    pending.push(path);
                    continue;
                }
                let Some(key) = path.strip_prefix(&self.objects).ok().and_then(Path::to_str) else { continue };
                if !key.starts_with(prefix) {
                    continue;
                }
                if let Ok(key) = ObjectKey::new(key) {
                    listed.push(ListedObject { key, size: stat.len(), last_modified: modified(&stat) });
                }
            }
        }
        listed.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(listed)
    }

    async fn presigned_get_url(&self, key: &ObjectKey, expires_in: Duration) -> Result<String, AppError> {
        let expires = unix_now() + u64::from(check_expiry(expires_in)?);
        let mut url = self.public_url.clone();
        url.path_segments_mut().expect("checked to be a base URL").pop_if_empty().extend(key.as_str().split('/'));
        url.query_pairs_mut()
            .append_pair("expires", &expires.to_string())
            .append_pair("signature", &self.signature(key.as_str(), expires));
        Ok(url.into())
    }
}
