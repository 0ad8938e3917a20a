//! Application-level encryption of stored objects: AES-256-GCM (ring), envelope style.
//!
//! Each object gets a fresh random data key; the keyring's current key (the key-encryption key)
//! seals that data key, and the data key seals the bytes in 64 KiB chunks, so objects of any
//! size stream through in constant memory. Layout of a sealed object:
//!
//! ```text
//! "EIS1" | key id length (1 byte) | key id | nonce (12) | sealed data key (32 + 16-byte tag)
//! chunk*: sealed 64 KiB of plaintext + tag; the last chunk holds 0..=64 KiB
//! ```
//!
//! The data key's seal binds the header (version, key id) and a caller context (the object key,
//! so a sealed object copied under another key does not open). A chunk's nonce is its counter
//! plus a last-chunk flag, so chunks cannot be reordered, dropped, or cut off at a chunk
//! boundary. The key id is in the header, so opening never trusts metadata; rotation puts a new
//! key first in the keyring, and the older keys still open what they sealed. Moving to a KMS
//! later means only wrapping the data key differently.

use std::fmt;
use std::sync::Arc;

use base64::Engine;
use bytes::{Buf, Bytes, BytesMut};
use futures_util::{StreamExt, TryStreamExt};
use kernel::AppError;
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};

use super::ByteStream;

/// A key-encryption key's length: AES-256.
pub const KEY_BYTES: usize = 32;
/// Plaintext per sealed chunk.
pub const SEAL_CHUNK_BYTES: usize = 64 * 1024;

const MAGIC: &[u8; 4] = b"EIS1";
const TAG_BYTES: usize = 16;
const SEALED_CHUNK_BYTES: usize = SEAL_CHUNK_BYTES + TAG_BYTES;
const SEALED_DATA_KEY_BYTES: usize = NONCE_LEN + KEY_BYTES + TAG_BYTES;
const MAX_KEY_ID_BYTES: usize = 64;

/// Key ids travel in headers and metadata: short, and plain ASCII.
pub(crate) fn check_key_id(key_id: &str) -> Result<(), String> {
    let ok = !key_id.is_empty()
        && key_id.len() <= MAX_KEY_ID_BYTES
        && key_id.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    if ok { Ok(()) } else { Err(format!("key id {key_id:?} must be 1-64 of A-Z a-z 0-9 . _ -")) }
}

fn tampered() -> AppError {
    AppError::Internal("a stored object failed authentication (tampered, truncated or not sealed)".into())
}

/// Key id -> 32-byte key; the first is current (seals), all of them open.
#[derive(Clone)]
pub struct Keyring {
    keys: Arc<Vec<(String, [u8; KEY_BYTES])>>,
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the keys themselves.
        f.debug_struct("Keyring").field("key_ids", &self.keys.iter().map(|(id, _)| id).collect::<Vec<_>>()).finish()
    }
}

impl Keyring {
    pub fn new(keys: Vec<(String, [u8; KEY_BYTES])>) -> Result<Self, String> {
        if keys.is_empty() {
            return Err("needs at least one key".into());
        }
        for (index, (id, _)) in keys.iter().enumerate() {
            check_key_id(id)?;
            if keys[..index].iter().any(|(other, _)| other == id) {
                return Err(format!("key id {id:?} appears twice"));
            }
        }
        Ok(Self { keys: Arc::new(keys) })
    }

    /// Parses `kid1:base64key,kid2:base64key` (standard base64 of 32 bytes, as
    /// `openssl rand -base64 32` prints), the first being current.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let mut keys = Vec::new();
        for entry in spec.split(',').map(str::trim).filter(|entry| !entry.is_empty()) {
            let (id, encoded) = entry.split_once(':').ok_or_else(|| format!("{entry:?} is not key-id:base64-key"))?;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(encoded.trim())
                .map_err(|_| format!("the key of {:?} is not base64", id.trim()))?;
            let key: [u8; KEY_BYTES] =
                bytes.try_into().map_err(|_| format!("the key of {:?} is not {KEY_BYTES} bytes", id.trim()))?;
            keys.push((id.trim().to_owned(), key));
        }
        Self::new(keys)
    }

    /// The key that seals new objects.
    pub fn current_key_id(&self) -> &str {
        &self.keys[0].0
    }

    /// A secret for another purpose, derived from the current key (HMAC-SHA256 over `label`),
    /// so the purposes never share key material.
    pub fn derive_secret(&self, label: &str) -> [u8; 32] {
        let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &self.keys[0].1);
        let tag = ring::hmac::sign(&key, label.as_bytes());
        tag.as_ref().try_into().expect("HMAC-SHA256 tags are 32 bytes")
    }

    fn key(&self, key_id: &str) -> Option<&[u8; KEY_BYTES]> {
        self.keys.iter().find(|(id, _)| id == key_id).map(|(_, key)| key)
    }

    /// The key id a sealed object names in its header, once enough of it has been read.
    pub fn sealed_key_id(sealed: &[u8]) -> Option<&str> {
        let (&length, rest) = sealed.strip_prefix(MAGIC.as_slice())?.split_first()?;
        std::str::from_utf8(rest.get(..usize::from(length))?).ok()
    }

    /// The plaintext length of a well-formed sealed object of `sealed_len` bytes under `key_id`.
    pub fn plaintext_len(sealed_len: u64, key_id: &str) -> Option<u64> {
        let body = sealed_len.checked_sub(header_len(key_id) as u64)?;
        let (full, rest) = (body / SEALED_CHUNK_BYTES as u64, body % SEALED_CHUNK_BYTES as u64);
        let chunks = match rest {
            0 if full > 0 => full,
            rest if rest >= TAG_BYTES as u64 => full + 1,
            _ => return None,
        };
        Some(body - chunks * TAG_BYTES as u64)
    }

    /// Seals `plaintext` whole, under the current key, bound to `context`.
    pub fn seal(&self, context: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, AppError> {
        let mut sealer = Sealer::new(self, context)?;
        let mut chunks: Vec<&[u8]> = plaintext.chunks(SEAL_CHUNK_BYTES).collect();
        if chunks.is_empty() {
            chunks.push(&[]); // an empty object is one empty, final chunk
        }
        let mut sealed = sealer.header.clone();
        sealed.reserve(plaintext.len() + chunks.len() * TAG_BYTES);
        let last = chunks.len() - 1;
        for (index, chunk) in chunks.into_iter().enumerate() {
            sealed.extend_from_slice(&sealer.seal_chunk(chunk, index == last)?);
        }
        Ok(sealed)
    }

    /// Opens what [`Keyring::seal`] or [`Keyring::seal_stream`] made with the same `context`.
    pub fn open(&self, context: &[u8], sealed: &[u8]) -> Result<Vec<u8>, AppError> {
        let (mut opener, mut rest) = Opener::new(self, context, sealed)?.ok_or_else(tampered)?;
        let mut plaintext = Vec::with_capacity(rest.len());
        while rest.len() > SEALED_CHUNK_BYTES {
            plaintext.extend_from_slice(&opener.open_chunk(rest[..SEALED_CHUNK_BYTES].to_vec(), false)?);
            rest = &rest[SEALED_CHUNK_BYTES..];
        }
        plaintext.extend_from_slice(&opener.open_chunk(rest.to_vec(), true)?);
        Ok(plaintext)
    }

    /// Seals a stream under the current key, chunk by chunk.
    pub fn seal_stream(&self, context: Vec<u8>, input: ByteStream) -> ByteStream {
        let keyring = self.clone();
        let state = (input, None::<Sealer>, BytesMut::new(), false);
        futures_util::stream::try_unfold(state, move |(mut input, sealer, mut pending, mut ended)| {
            let keyring = keyring.clone();
            let context = context.clone();
            async move {
                let Some(mut sealer) = sealer else {
                    let sealer = Sealer::new(&keyring, &context)?;
                    let header = Bytes::from(sealer.header.clone());
                    return Ok(Some((header, (input, Some(sealer), pending, ended))));
                };
                if sealer.finished {
                    return Ok(None);
                }
                // A full chunk is sealed as "not last" only once more bytes are known to follow.
                while pending.len() <= SEAL_CHUNK_BYTES && !ended {
                    match input.try_next().await? {
                        Some(bytes) => pending.extend_from_slice(&bytes),
                        None => ended = true,
                    }
                }
                let last = pending.len() <= SEAL_CHUNK_BYTES;
                let chunk = pending.split_to(pending.len().min(SEAL_CHUNK_BYTES));
                let sealed = Bytes::from(sealer.seal_chunk(&chunk, last)?);
                Ok(Some((sealed, (input, Some(sealer), pending, ended))))
            }
        })
        .boxed()
    }

    /// Opens a sealed stream chunk by chunk; an error ends it where authentication failed, so
    /// nothing unauthenticated is ever yielded.
    pub fn open_stream(&self, context: Vec<u8>, input: ByteStream) -> ByteStream {
        let keyring = self.clone();
        let state = (input, None::<Opener>, BytesMut::new(), false);
        futures_util::stream::try_unfold(state, move |(mut input, mut opener, mut pending, mut ended)| {
            let keyring = keyring.clone();
            let context = context.clone();
            async move {
                loop {
                    if opener.as_ref().is_some_and(|o| o.finished) {
                        return Ok(None);
                    }
                    if opener.is_none()
                        && let Some((parsed, rest)) = Opener::new(&keyring, &context, &pending)?
                    {
                        let consumed = pending.len() - rest.len();
                        pending.advance(consumed);
                        opener = Some(parsed);
                    }
                    if let Some(current) = opener.as_mut() {
                        if pending.len() > SEALED_CHUNK_BYTES {
                            let chunk = pending.split_to(SEALED_CHUNK_BYTES).to_vec();
                            let plaintext = Bytes::from(current.open_chunk(chunk, false)?);
                            return Ok(Some((plaintext, (input, opener, pending, ended))));
                        }
                        if ended {
                            let chunk = pending.split().to_vec();
                            let plaintext = Bytes::from(current.open_chunk(chunk, true)?);
                            return Ok(Some((plaintext, (input, opener, pending, ended))));
                        }
                    } else if ended {
                        return Err(tampered());
                    }
                    match input.try_next().await? {
                        Some(bytes) => pending.extend_from_slice(&bytes),
                        None => ended = true,
                    }
                }
            }
        })
        .try_filter(|plaintext| std::future::ready(!plaintext.is_empty()))
        .boxed()
    }
}

fn header_len(key_id: &str) -> usize {
    MAGIC.len() + 1 + key_id.len() + SEALED_DATA_KEY_BYTES
}

fn aead_key(bytes: &[u8]) -> LessSafeKey {
    LessSafeKey::new(UnboundKey::new(&AES_256_GCM, bytes).expect("AES-256 takes 32-byte keys"))
}

/// Chunk `counter`'s nonce; the last byte says whether it is the final chunk.
fn chunk_nonce(counter: u64, last: bool) -> Nonce {
    let mut nonce = [0u8; NONCE_LEN];
    nonce[3..11].copy_from_slice(&counter.to_be_bytes());
    nonce[11] = u8::from(last);
    Nonce::assume_unique_for_key(nonce)
}

/// The data key's seal covers the header before it and the caller's context.
fn data_key_aad(header_start: &[u8], context: &[u8]) -> Vec<u8> {
    [header_start, context].concat()
}

struct Sealer {
    header: Vec<u8>,
    data_key: LessSafeKey,
    counter: u64,
    finished: bool,
}

impl Sealer {
    fn new(keyring: &Keyring, context: &[u8]) -> Result<Self, AppError> {
        let (key_id, key) = &keyring.keys[0];
        let random = SystemRandom::new();
        let mut data_key = [0u8; KEY_BYTES];
        let mut nonce = [0u8; NONCE_LEN];
        random
            .fill(&mut data_key)
            .and_then(|()| random.fill(&mut nonce))
            .map_err(|_| AppError::Internal("the system random number generator failed".into()))?;
        let mut header = Vec::with_capacity(header_len(key_id));
        header.extend_from_slice(MAGIC);
        header.push(key_id.len() as u8);
        header.extend_from_slice(key_id.as_bytes());
        let aad = data_key_aad(&header, context);
        let mut sealed_key = data_key.to_vec();
        aead_key(key)
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(&aad), &mut sealed_key)
            .map_err(|_| AppError::Internal("sealing a data key failed".into()))?;
        header.extend_from_slice(&nonce);
        header.extend_from_slice(&sealed_key);
        Ok(Self { header, data_key: aead_key(&data_key), counter: 0, finished: false })
    }

    fn seal_chunk(&mut self, chunk: &[u8], last: bool) -> Result<Vec<u8>, AppError> {
        let mut sealed = Vec::with_capacity(chunk.len() + TAG_BYTES);
        sealed.extend_from_slice(chunk);
        self.data_key
            .seal_in_place_append_tag(chunk_nonce(self.counter, last), Aad::empty(), &mut sealed)
            .map_err(|_| AppError::Internal("sealing a chunk failed".into()))?;
        self.counter += 1;
        self.finished = last;
        Ok(sealed)
    }
}

struct Opener {
    data_key: LessSafeKey,
    counter: u64,
    finished: bool,
}

impl Opener {
    /// Reads the header at the start of `sealed`: `None` while too little has arrived, else the
    /// opener and the bytes after the header. An unknown key id is an error naming it.
    fn new<'a>(keyring: &Keyring, context: &[u8], sealed: &'a [u8]) -> Result<Option<(Self, &'a [u8])>, AppError> {
        if sealed.len() < MAGIC.len() + 1 {
            return Ok(None);
        }
        if &sealed[..MAGIC.len()] != MAGIC {
            return Err(tampered());
        }
        let Some(key_id) = Keyring::sealed_key_id(sealed) else {
            let complete = sealed.len() >= MAGIC.len() + 1 + usize::from(sealed[MAGIC.len()]);
            return if complete { Err(tampered()) } else { Ok(None) };
        };
        let header_end = header_len(key_id);
        if sealed.len() < header_end {
            return Ok(None);
        }
        let key = keyring
            .key(key_id)
            .ok_or_else(|| AppError::Internal(format!("no key {key_id:?} in the storage keyring")))?;
        let start_end = header_end - SEALED_DATA_KEY_BYTES;
        let nonce =
            Nonce::try_assume_unique_for_key(&sealed[start_end..start_end + NONCE_LEN]).map_err(|_| tampered())?;
        let aad = data_key_aad(&sealed[..start_end], context);
        let mut data_key = sealed[start_end + NONCE_LEN..header_end].to_vec();
        let data_key = aead_key(key).open_in_place(nonce, Aad::from(&aad), &mut data_key).map_err(|_| tampered())?;
        let opener = Self { data_key: aead_key(data_key), counter: 0, finished: false };
        Ok(Some((opener, &sealed[header_end..])))
    }

    fn open_chunk(&mut self, mut sealed: Vec<u8>, last: bool) -> Result<Vec<u8>, AppError> {
        let nonce = chunk_nonce(self.counter, last);
        let length = self.data_key.open_in_place(nonce, Aad::empty(), &mut sealed).map_err(|_| tampered())?.len();
        sealed.truncate(length);
        self.counter += 1;
        self.finished = last;
        Ok(sealed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keyring(spec: &[(&str, u8)]) -> Keyring {
        Keyring::new(spec.iter().map(|(id, fill)| ((*id).to_owned(), [*fill; KEY_BYTES])).collect()).unwrap()
    }

    fn chunked(bytes: &[u8], piece: usize) -> ByteStream {
        let pieces: Vec<Result<Bytes, AppError>> =
            bytes.chunks(piece.max(1)).map(|c| Ok(Bytes::copy_from_slice(c))).collect();
        futures_util::stream::iter(pieces).boxed()
    }

    async fn collect(stream: ByteStream) -> Result<Vec<u8>, AppError> {
        stream
            .try_fold(Vec::new(), |mut all, chunk| async move {
                all.extend_from_slice(&chunk);
                Ok(all)
            })
            .await
    }

    fn sample(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 31 % 251) as u8).collect()
    }

    const SIZES: [usize; 7] =
        [0, 1, SEAL_CHUNK_BYTES - 1, SEAL_CHUNK_BYTES, SEAL_CHUNK_BYTES + 1, 2 * SEAL_CHUNK_BYTES, 200_000];

    #[tokio::test]
    async fn whole_and_streamed_forms_round_trip_and_agree() {
        let ring = keyring(&[("k1", 1)]);
        for len in SIZES {
            let plaintext = sample(len);
            let sealed = ring.seal(b"cvs/a", &plaintext).unwrap();
            assert_eq!(Keyring::plaintext_len(sealed.len() as u64, "k1"), Some(len as u64), "len {len}");
            assert_eq!(ring.open(b"cvs/a", &sealed).unwrap(), plaintext, "len {len}");
            // Streams in odd pieces, to cross every chunk boundary.
            let streamed = collect(ring.seal_stream(b"cvs/a".to_vec(), chunked(&plaintext, 7919))).await.unwrap();
            assert_eq!(streamed.len(), sealed.len(), "len {len}");
            assert_eq!(ring.open(b"cvs/a", &streamed).unwrap(), plaintext, "len {len}");
            let opened = collect(ring.open_stream(b"cvs/a".to_vec(), chunked(&sealed, 4099))).await.unwrap();
            assert_eq!(opened, plaintext, "len {len}");
        }
    }

    #[tokio::test]
    async fn tampering_is_detected_anywhere() {
        let ring = keyring(&[("k1", 1)]);
        let plaintext = sample(SEAL_CHUNK_BYTES + 100);
        let sealed = ring.seal(b"ctx", &plaintext).unwrap();
        let header = header_len("k1");
        for position in [0, 5, header - 1, header, header + SEALED_CHUNK_BYTES + 3, sealed.len() - 1] {
            let mut bad = sealed.clone();
            bad[position] ^= 0x01;
            assert!(ring.open(b"ctx", &bad).is_err(), "flip at {position}");
            assert!(collect(ring.open_stream(b"ctx".to_vec(), chunked(&bad, 1000))).await.is_err(), "at {position}");
        }
        // Cut off after the first chunk: that chunk was sealed as "not last".
        let cut = &sealed[..header + SEALED_CHUNK_BYTES];
        assert!(ring.open(b"ctx", cut).is_err());
        assert!(collect(ring.open_stream(b"ctx".to_vec(), chunked(cut, 1000))).await.is_err());
        assert!(ring.open(b"ctx", &sealed[..sealed.len() - 1]).is_err());
        assert!(ring.open(b"ctx", &sealed[..10]).is_err());
        assert!(ring.open(b"ctx", b"not sealed at all").is_err());
        // Another object's key as context: a copied object does not open.
        assert!(ring.open(b"other", &sealed).is_err());
    }

    #[test]
    fn rotation_keeps_old_objects_readable() {
        let old = keyring(&[("2026-01", 1)]);
        let sealed_before = old.seal(b"k", b"antes").unwrap();
        let rotated = keyring(&[("2026-06", 2), ("2026-01", 1)]);
        assert_eq!(rotated.current_key_id(), "2026-06");
        let sealed_after = rotated.seal(b"k", b"despues").unwrap();
        assert_eq!(Keyring::sealed_key_id(&sealed_before), Some("2026-01"));
        assert_eq!(Keyring::sealed_key_id(&sealed_after), Some("2026-06"));
        assert_eq!(rotated.open(b"k", &sealed_before).unwrap(), b"antes");
        assert_eq!(rotated.open(b"k", &sealed_after).unwrap(), b"despues");
        // The old keyring alone cannot open what the new key sealed.
        assert!(old.open(b"k", &sealed_after).is_err());
    }

    #[test]
    fn an_unknown_key_id_is_named() {
        let sealed = keyring(&[("gone", 1)]).seal(b"k", b"x").unwrap();
        let error = keyring(&[("k2", 2)]).open(b"k", &sealed).unwrap_err();
        assert!(error.to_string().contains("\"gone\""), "{error}");
        // A key with the same id but other bytes is tampering, not a silent wrong answer.
        assert!(keyring(&[("gone", 9)]).open(b"k", &sealed).is_err());
    }

    #[test]
    fn keyrings_parse_from_the_environment_format() {
        let b64 = |fill: u8| base64::engine::general_purpose::STANDARD.encode([fill; KEY_BYTES]);
        let ring = Keyring::parse(&format!("new:{}, old:{}", b64(1), b64(2))).unwrap();
        assert_eq!(ring.current_key_id(), "new");
        assert!(ring.key("old").is_some());
        assert!(!format!("{ring:?}").contains(&b64(1)));
        for bad in [
            String::new(),
            "nokey".into(),
            format!("a:{}", base64::engine::general_purpose::STANDARD.encode([0u8; 16])),
            "a:!!!".into(),
            format!("a:{},a:{}", b64(1), b64(2)),
            format!("bad id:{}", b64(1)),
        ] {
            assert!(Keyring::parse(&bad).is_err(), "{bad:?} parsed");
        }
    }
}
