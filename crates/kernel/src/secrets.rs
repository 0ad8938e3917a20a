//! Keyed hashes (HMAC-SHA256 under the application secret): stable pseudonyms for values that
//! must not be stored in clear where they are only counted or matched (an email address in a
//! Redis key), and short tags that prove the server issued a value (a device token).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::hmac;

#[derive(Clone)]
pub struct KeyedHasher {
    key: hmac::Key,
}

impl std::fmt::Debug for KeyedHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyedHasher(..)")
    }
}

impl KeyedHasher {
    pub fn new(secret: &[u8]) -> Self {
        Self { key: hmac::Key::new(hmac::HMAC_SHA256, secret) }
    }

    /// A stable pseudonym of `value` for one `purpose` (the same value hashes differently for
    /// different purposes), 128 bits in URL-safe base64.
    pub fn pseudonym(&self, purpose: &str, value: &str) -> String {
        let tag = hmac::sign(&self.key, format!("{purpose}\u{0}{value}").as_bytes());
        URL_SAFE_NO_PAD.encode(&tag.as_ref()[..16])
    }

    /// A tag proving the server issued `value` for `purpose` (the whole HMAC, URL-safe base64).
    pub fn tag(&self, purpose: &str, value: &str) -> String {
        URL_SAFE_NO_PAD.encode(hmac::sign(&self.key, format!("{purpose}\u{0}{value}").as_bytes()))
    }

    /// Whether `tag` is what [`Self::tag`] gives for `purpose` and `value` (constant time).
    pub fn verify_tag(&self, purpose: &str, value: &str, tag: &str) -> bool {
        URL_SAFE_NO_PAD
            .decode(tag)
            .is_ok_and(|tag| hmac::verify(&self.key, format!("{purpose}\u{0}{value}").as_bytes(), &tag).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_are_stable_per_purpose_and_key() {
        let hasher = KeyedHasher::new(b"a secret of the application");
        let a = hasher.pseudonym("login", "ana@example.pe");
        assert_eq!(a, hasher.pseudonym("login", "ana@example.pe"));
        assert_ne!(a, hasher.pseudonym("reset", "ana@example.pe"));
        assert_ne!(a, KeyedHasher::new(b"another secret").pseudonym("login", "ana@example.pe"));
        assert!(!a.contains("ana"));
    }

    #[test]
    fn tags_verify_only_for_their_value() {
        let hasher = KeyedHasher::new(b"a secret of the application");
        let tag = hasher.tag("device", "user:device");
        assert!(hasher.verify_tag("device", "user:device", &tag));
        assert!(!hasher.verify_tag("device", "user:other", &tag));
        assert!(!hasher.verify_tag("device", "user:device", "not base64 !"));
        assert!(!KeyedHasher::new(b"another").verify_tag("device", "user:device", &tag));
    }
}
