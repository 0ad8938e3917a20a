//! One suite for every storage adapter: the local directory, and S3 against the real server
//! `scripts/services.sh` starts (s3s-fs; or whatever `S3_ENDPOINT` names). Run them with
//! `scripts/with-services.sh cargo test -p platform` (`make test` does).
//!
//! Each run works under its own key prefix (and the local adapter in its own directory), so
//! parallel runs on one server never see each other's objects.

use std::sync::Arc;
use std::time::Duration;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use bytes::Bytes;
use futures_util::TryStreamExt;
use kernel::AppError;
use platform::jobs::{Job, JobHandler};
use platform::storage::{
    EncryptedStorage, KEY_BYTES, Keyring, LocalStorage, ObjectBody, ObjectKey, ObjectMetadata, ObjectStorage,
    S3Settings, S3Storage, SWEEP_TEMP_JOB, SweepTempObjects,
};
use uuid::Uuid;

/// Small pages, so listing a couple of dozen keys already crosses several pages.
const TEST_PAGE_SIZE: usize = 5;
/// Above rust-s3's 8 MiB part size, so the S3 adapter's stream upload goes multipart.
const LARGE_OBJECT_BYTES: usize = 9 * 1024 * 1024 + 12_345;

fn sample(len: usize, seed: u8) -> Vec<u8> {
    (0..len).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)).collect()
}

/// `bytes` as a stream of uneven pieces, as a network upload arrives.
fn pieces(bytes: Vec<u8>, piece: usize) -> ObjectBody {
    let chunks: Vec<Result<Bytes, AppError>> = bytes.chunks(piece).map(|c| Ok(Bytes::copy_from_slice(c))).collect();
    ObjectBody::from_stream(futures_util::stream::iter(chunks))
}

fn key(ns: &str, rest: &str) -> ObjectKey {
    ObjectKey::new(format!("{ns}/{rest}")).expect("a valid key")
}

async fn read_all(storage: &dyn ObjectStorage, key: &ObjectKey) -> Vec<u8> {
    storage.get(key).await.expect("get").bytes().await.expect("body").to_vec()
}

/// The shared suite: what every adapter must do, checked the same way.
async fn adapter_suite(storage: Arc<dyn ObjectStorage>, ns: &str) {
    put_get_head_and_overwrite(storage.as_ref(), ns).await;
    missing_objects_and_idempotent_delete(storage.as_ref(), ns).await;
    keys_with_spaces_and_accents(storage.as_ref(), ns).await;
    streaming_put_and_get_of_a_large_object(storage.as_ref(), ns).await;
    a_failing_upload_leaves_nothing(storage.as_ref(), ns).await;
    listing_by_prefix_pages_through_everything(storage.as_ref(), ns).await;
    presigned_urls_serve_the_object_and_refuse_tampering(storage.as_ref(), ns).await;
    encryption_seals_at_rest_and_survives_rotation(storage.clone(), ns).await;
    invalid_input_is_refused_before_any_io(storage.as_ref()).await;
    // Leave nothing behind.
    for object in storage.list(&format!("{ns}/")).await.expect("list for cleanup") {
        storage.delete(&object.key).await.expect("cleanup delete");
    }
    assert!(storage.list(&format!("{ns}/")).await.unwrap().is_empty());
}

async fn put_get_head_and_overwrite(storage: &dyn ObjectStorage, ns: &str) {
    let key = key(ns, "basic/cv.pdf");
    let metadata = ObjectMetadata::new("application/pdf").with("cv-id", "1234");
    let before = chrono::Utc::now() - chrono::Duration::seconds(5);
    storage.put(&key, Bytes::from_static(b"%PDF-1.7 hola").into(), metadata.clone()).await.expect("put");

    let head = storage.head(&key).await.expect("head");
    assert_eq!(head.size, 13);
    assert_eq!(head.metadata, metadata);
    assert!(head.last_modified > before && head.last_modified < chrono::Utc::now() + chrono::Duration::seconds(5));
    let object = storage.get(&key).await.expect("get");
    assert_eq!(object.head, head);
    assert_eq!(object.bytes().await.unwrap().as_ref(), b"%PDF-1.7 hola");

    // A put replaces bytes and metadata alike.
    storage.put(&key, b"v2".to_vec().into(), ObjectMetadata::new("text/plain")).await.expect("overwrite");
    let head = storage.head(&key).await.unwrap();
    assert_eq!((head.size, head.metadata.content_type.as_str()), (2, "text/plain"));
    assert!(head.metadata.custom.is_empty());
    assert_eq!(read_all(storage, &key).await, b"v2");

    // An empty object is an object.
    let empty = self::key(ns, "basic/empty");
    storage.put(&empty, Vec::new().into(), ObjectMetadata::new("application/octet-stream")).await.unwrap();
    assert_eq!(storage.head(&empty).await.unwrap().size, 0);
    assert!(read_all(storage, &empty).await.is_empty());
}

async fn missing_objects_and_idempotent_delete(storage: &dyn ObjectStorage, ns: &str) {
    let key = key(ns, "missing/never-written");
    assert!(matches!(storage.get(&key).await.err(), Some(AppError::NotFound("object"))));
    assert!(matches!(storage.head(&key).await, Err(AppError::NotFound("object"))));
    storage.delete(&key).await.expect("deleting a missing object succeeds");

    let doomed = self::key(ns, "missing/doomed");
    storage.put(&doomed, b"x".to_vec().into(), ObjectMetadata::new("text/plain")).await.unwrap();
    storage.delete(&doomed).await.expect("delete");
    storage.delete(&doomed).await.expect("delete again");
    assert!(matches!(storage.head(&doomed).await, Err(AppError::NotFound("object"))));
    assert!(storage.list(&format!("{ns}/missing/")).await.unwrap().is_empty());
}

async fn keys_with_spaces_and_accents(storage: &dyn ObjectStorage, ns: &str) {
    let key = key(ns, "unicode/año 2026/currículum (final)+ñ.txt");
    storage.put(&key, "¡Hola, Perú!".as_bytes().to_vec().into(), ObjectMetadata::new("text/plain")).await.unwrap();
    assert_eq!(read_all(storage, &key).await, "¡Hola, Perú!".as_bytes());
    let listed = storage.list(&format!("{ns}/unicode/año")).await.unwrap();
    assert_eq!(listed.iter().map(|o| &o.key).collect::<Vec<_>>(), vec![&key]);
}

async fn streaming_put_and_get_of_a_large_object(storage: &dyn ObjectStorage, ns: &str) {
    let key = key(ns, "large/export.zip");
    let content = sample(LARGE_OBJECT_BYTES, 7);
    storage.put(&key, pieces(content.clone(), 100_003), ObjectMetadata::new("application/zip")).await.expect("put");
    let object = storage.get(&key).await.expect("get");
    assert_eq!(object.head.size, LARGE_OBJECT_BYTES as u64);
    // Streamed: many chunks, none of them the whole object.
    let chunks: Vec<Bytes> = object.body.try_collect().await.expect("body");
    assert!(chunks.len() > 4, "{} chunks", chunks.len());
    assert!(chunks.iter().all(|c| c.len() < LARGE_OBJECT_BYTES / 2));
    assert!(chunks.concat() == content, "the streamed bytes differ");
}

async fn a_failing_upload_leaves_nothing(storage: &dyn ObjectStorage, ns: &str) {
    let key = key(ns, "failed/upload");
    let body = ObjectBody::from_stream(futures_util::stream::iter(vec![
        Ok(Bytes::from(sample(10_000, 1))),
        Err(AppError::BadRequest("the client went away".into())),
    ]));
    let error = storage.put(&key, body, ObjectMetadata::new("text/plain")).await.unwrap_err();
    assert!(matches!(&error, AppError::BadRequest(m) if m == "the client went away"), "{error:?}");
    assert!(matches!(storage.head(&key).await, Err(AppError::NotFound(_))));
}

async fn listing_by_prefix_pages_through_everything(storage: &dyn ObjectStorage, ns: &str) {
    let user = Uuid::now_v7();
    let mut expected = Vec::new();
    for i in 0..23 {
        let key = key(ns, &format!("list/{user}/{}/{i:02}.json", if i % 2 == 0 { "even" } else { "odd" }));
        let body = sample(i, 3);
        storage.put(&key, body.into(), ObjectMetadata::new("application/json")).await.unwrap();
        expected.push((key, i as u64));
    }
    storage.put(&key(ns, "list-other/x"), b"x".to_vec().into(), ObjectMetadata::new("text/plain")).await.unwrap();
    expected.sort();

    let listed = storage.list(&format!("{ns}/list/")).await.expect("list");
    let got: Vec<(ObjectKey, u64)> = listed.iter().map(|o| (o.key.clone(), o.size)).collect();
    assert_eq!(got, expected, "more than {TEST_PAGE_SIZE} per page, in key order, sizes included");
    assert!(listed.iter().all(|o| o.last_modified > chrono::Utc::now() - chrono::Duration::minutes(5)));

    // A prefix need not end at a `/`.
    let partial = storage.list(&format!("{ns}/list/{user}/ev")).await.unwrap();
    assert_eq!(partial.len(), 12);
    assert!(partial.iter().all(|o| o.key.as_str().contains("/even/")));
    assert_eq!(storage.list(&format!("{ns}/list")).await.unwrap().len(), 24);
    assert!(storage.list(&format!("{ns}/nothing-here/")).await.unwrap().is_empty());
}

async fn presigned_urls_serve_the_object_and_refuse_tampering(storage: &dyn ObjectStorage, ns: &str) {
    let client = reqwest::Client::new();
    let key = key(ns, "presign/informe 2026.pdf");
    let content = sample(70_000, 9);
    storage.put(&key, content.clone().into(), ObjectMetadata::new("application/pdf")).await.unwrap();

    let url = storage.presigned_get_url(&key, Duration::from_secs(60)).await.expect("presign");
    let response = client.get(&url).send().await.expect("GET the presigned URL");
    assert_eq!(response.status(), 200, "{url}");
    assert_eq!(response.bytes().await.unwrap().as_ref(), content.as_slice());

    // Another key under the same signature, or a forged signature, is refused.
    let forged = url.replacen("informe", "informf", 1);
    assert_eq!(client.get(&forged).send().await.unwrap().status(), 403, "{forged}");
    let (base, query) = url.split_once('?').unwrap();
    let tampered: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, value)) if name.to_ascii_lowercase().contains("signature") => {
                // Still well-formed (hex for S3, base64url locally), just wrong.
                let flipped = if value.starts_with('a') { "b" } else { "a" };
                format!("{name}={flipped}{}", &value[1..])
            }
            _ => pair.to_owned(),
        })
        .collect();
    let tampered = format!("{base}?{}", tampered.join("&"));
    assert_ne!(tampered, url);
    assert_eq!(client.get(&tampered).send().await.unwrap().status(), 403, "{tampered}");

    assert!(storage.presigned_get_url(&key, Duration::from_secs(8 * 24 * 3600)).await.is_err());
}

fn keyring(keys: &[(&str, u8)]) -> Keyring {
    Keyring::new(keys.iter().map(|(id, fill)| ((*id).to_owned(), [*fill; KEY_BYTES])).collect()).unwrap()
}

async fn encryption_seals_at_rest_and_survives_rotation(plain: Arc<dyn ObjectStorage>, ns: &str) {
    let before = EncryptedStorage::new(plain.clone(), keyring(&[("k1", 1)]));
    let key = key(ns, &format!("cvs/originals/{}/{}", Uuid::now_v7(), Uuid::now_v7()));
    let content = sample(LARGE_OBJECT_BYTES / 4, 5);
    before.put(&key, pieces(content.clone(), 65_537), ObjectMetadata::new("application/pdf")).await.unwrap();

    // At rest: ciphertext, with its key id in the metadata.
    let stored = plain.get(&key).await.unwrap();
    assert_eq!(stored.head.metadata.key_id.as_deref(), Some("k1"));
    let stored_bytes = stored.bytes().await.unwrap();
    assert!(stored_bytes.len() > content.len());
    assert!(!stored_bytes.windows(64).any(|w| w == &content[1000..1064]), "plaintext leaked");

    // Through the wrapper: the plaintext, with its own size.
    assert_eq!(before.head(&key).await.unwrap().size, content.len() as u64);
    assert!(read_all(&before, &key).await == content);
    assert!(matches!(before.presigned_get_url(&key, Duration::from_secs(60)).await, Err(AppError::Conflict(_))));

    // Rotation: a new current key seals new objects, the old key still opens old ones.
    let after = EncryptedStorage::new(plain.clone(), keyring(&[("k2", 2), ("k1", 1)]));
    assert!(read_all(&after, &key).await == content);
    let newer = self::key(ns, "cvs/parsed/newer.json");
    after.put(&newer, b"{\"ok\":true}".to_vec().into(), ObjectMetadata::new("application/json")).await.unwrap();
    assert_eq!(plain.head(&newer).await.unwrap().metadata.key_id.as_deref(), Some("k2"));
    assert_eq!(read_all(&after, &newer).await, b"{\"ok\":true}");

    // A keyring without the key cannot open it, and says so rather than returning garbage.
    let error = match before.get(&newer).await {
        Ok(object) => object.bytes().await.unwrap_err(),
        Err(error) => error,
    };
    assert!(error.to_string().contains("k2"), "{error}");

    // Bytes copied under another key do not open there.
    let copy = self::key(ns, "cvs/originals/copy");
    let stored = plain.get(&key).await.unwrap();
    plain.put(&copy, ObjectBody::Stream(stored.body), stored.head.metadata.clone()).await.unwrap();
    assert!(before.get(&copy).await.unwrap().bytes().await.is_err());

    // Plain objects pass through the wrapper untouched.
    let plain_key = self::key(ns, "cvs/plain.txt");
    plain.put(&plain_key, b"plain".to_vec().into(), ObjectMetadata::new("text/plain")).await.unwrap();
    assert_eq!(read_all(&after, &plain_key).await, b"plain");
}

async fn invalid_input_is_refused_before_any_io(storage: &dyn ObjectStorage) {
    let key = ObjectKey::new("temp/x").unwrap();
    let bad = ObjectMetadata::new("text/plain").with("Bad Name", "x");
    assert!(matches!(storage.put(&key, b"x".to_vec().into(), bad).await, Err(AppError::Validation(_))));
    for prefix in ["/etc", "../", "a//b"] {
        assert!(matches!(storage.list(prefix).await, Err(AppError::Validation(_))), "{prefix}");
    }
}

/// A fresh directory under the system's temp dir, removed when dropped.
struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The route an app mounts to serve the local adapter's presigned links.
async fn serve_presigned(
    storage: web::Data<LocalStorage>,
    key: web::Path<String>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let object = storage.open_presigned(&key, request.query_string()).await?;
    Ok(HttpResponse::Ok().content_type(object.head.metadata.content_type.clone()).streaming(object.body))
}

#[tokio::test]
async fn local_adapter_passes_the_suite() {
    let dir = TempDir(std::env::temp_dir().join(format!("platform-storage-{}", Uuid::now_v7())));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://127.0.0.1:{}/storage", listener.local_addr().unwrap().port());
    let local = web::Data::new(LocalStorage::new(&dir.0, &base, b"test signing secret").unwrap());
    let served = local.clone();
    let server = HttpServer::new(move || {
        App::new().app_data(served.clone()).route("/storage/{key:.*}", web::get().to(serve_presigned))
    })
    .workers(1)
    .disable_signals()
    .listen(listener)
    .unwrap()
    .run();
    let handle = server.handle();
    tokio::spawn(server);

    adapter_suite(local.into_inner(), "run").await;
    // Uploads leave no temporary files behind, failed ones included.
    assert_eq!(std::fs::read_dir(dir.0.join("tmp")).unwrap().count(), 0);
    // Deletes prune the directories they emptied.
    assert_eq!(std::fs::read_dir(dir.0.join("objects")).unwrap().count(), 0);
    handle.stop(true).await;
}

#[tokio::test]
async fn local_presigned_links_expire() {
    let dir = TempDir(std::env::temp_dir().join(format!("platform-storage-{}", Uuid::now_v7())));
    let local = LocalStorage::new(&dir.0, "http://127.0.0.1:1/storage", b"secret").unwrap();
    let key = ObjectKey::new("exports/u/e").unwrap();
    local.put(&key, b"data".to_vec().into(), ObjectMetadata::new("text/plain")).await.unwrap();
    let url = url::Url::parse(&local.presigned_get_url(&key, Duration::from_secs(1)).await.unwrap()).unwrap();
    assert_eq!(url.path(), "/storage/exports/u/e");
    let query = url.query().unwrap();
    assert_eq!(local.open_presigned("exports/u/e", query).await.unwrap().bytes().await.unwrap().as_ref(), b"data");
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert!(matches!(local.open_presigned("exports/u/e", query).await.err(), Some(AppError::Forbidden(_))));
    assert!(matches!(local.open_presigned("exports/u/e", "").await.err(), Some(AppError::Forbidden(_))));
}

#[tokio::test]
async fn local_keys_cannot_be_both_object_and_directory() {
    let dir = TempDir(std::env::temp_dir().join(format!("platform-storage-{}", Uuid::now_v7())));
    let local = LocalStorage::new(&dir.0, "http://127.0.0.1:1/storage", b"secret").unwrap();
    let metadata = ObjectMetadata::new("text/plain");
    local.put(&ObjectKey::new("a/b").unwrap(), b"1".to_vec().into(), metadata.clone()).await.unwrap();
    let clash = local.put(&ObjectKey::new("a").unwrap(), b"2".to_vec().into(), metadata.clone()).await;
    assert!(matches!(clash, Err(AppError::Conflict(_))), "{clash:?}");
    let clash = local.put(&ObjectKey::new("a/b/c").unwrap(), b"3".to_vec().into(), metadata).await;
    assert!(matches!(clash, Err(AppError::Conflict(_))), "{clash:?}");
    assert!(matches!(local.head(&ObjectKey::new("a").unwrap()).await, Err(AppError::NotFound(_))));
    assert!(matches!(local.head(&ObjectKey::new("a/b/c").unwrap()).await, Err(AppError::NotFound(_))));
    // Refused before anything was written: no stray sidecars.
    assert!(!dir.0.join("meta/a.json").exists() && !dir.0.join("meta/a/b/c.json").exists());
}

#[tokio::test]
async fn the_sweep_removes_old_temporary_objects_only() {
    let dir = TempDir(std::env::temp_dir().join(format!("platform-storage-{}", Uuid::now_v7())));
    let local: Arc<dyn ObjectStorage> =
        Arc::new(LocalStorage::new(&dir.0, "http://127.0.0.1:1/storage", b"secret").unwrap());
    let metadata = ObjectMetadata::new("text/plain");
    let (scratch, kept) = (ObjectKey::temp("upload-part").unwrap(), ObjectKey::new("exports/u/e").unwrap());
    local.put(&scratch, b"1".to_vec().into(), metadata.clone()).await.unwrap();
    local.put(&kept, b"2".to_vec().into(), metadata).await.unwrap();
    let job = Job {
        id: Uuid::nil(),
        kind: SWEEP_TEMP_JOB.into(),
        payload: serde_json::json!({}),
        attempt: 1,
        max_attempts: 1,
    };

    SweepTempObjects::new(local.clone(), Duration::from_secs(86_400)).run(&job).await.unwrap();
    assert!(local.head(&scratch).await.is_ok(), "younger than a day: kept");
    SweepTempObjects::new(local.clone(), Duration::ZERO).run(&job).await.unwrap();
    assert!(matches!(local.head(&scratch).await, Err(AppError::NotFound(_))), "old: swept");
    assert!(local.head(&kept).await.is_ok(), "only temp/ is swept");
}

fn s3_settings() -> S3Settings {
    let var = |name: &str| {
        std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: run under scripts/with-services.sh"))
    };
    S3Settings {
        endpoint: var("S3_ENDPOINT"),
        region: std::env::var("S3_REGION").unwrap_or_else(|_| "auto".into()),
        bucket: var("S3_BUCKET"),
        access_key_id: var("S3_ACCESS_KEY_ID"),
        secret_access_key: var("S3_SECRET_ACCESS_KEY"),
        list_page_size: TEST_PAGE_SIZE,
        request_timeout: Duration::from_secs(30),
    }
}

#[tokio::test]
async fn s3_adapter_passes_the_suite() {
    let storage = S3Storage::new(&s3_settings()).unwrap();
    storage.create_bucket_if_missing().await.expect("the S3 server answers");
    let ns = format!("test-{}", Uuid::now_v7());
    adapter_suite(Arc::new(storage), &ns).await;
}

#[tokio::test]
async fn s3_refuses_wrong_credentials() {
    let settings = S3Settings { secret_access_key: "wrong".into(), ..s3_settings() };
    let storage = S3Storage::new(&settings).unwrap();
    let error = storage.head(&ObjectKey::new("temp/anything").unwrap()).await.unwrap_err();
    assert!(matches!(error, AppError::Unavailable("object storage")), "{error:?}");
    let error = storage.list("temp/").await.unwrap_err();
    assert!(matches!(error, AppError::Unavailable("object storage")), "{error:?}");
}
