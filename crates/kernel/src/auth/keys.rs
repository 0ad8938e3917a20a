//! The Ed25519 signing key and the previous keys still trusted after a rotation: loading them
//! from PEM, generating one, and publishing their public halves as a JWKS.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::jwk::{
    AlgorithmParameters, CommonParameters, EllipticCurve, Jwk, JwkSet, KeyAlgorithm, OctetKeyPairParameters,
    OctetKeyPairType, PublicKeyUse,
};
use jsonwebtoken::{DecodingKey, EncodingKey};
use ring::signature::{Ed25519KeyPair, KeyPair};
use sha2::{Digest, Sha256};

use super::tokens::VerifiedTokens;

/// A public key that verifies access tokens, named by its RFC 7638 thumbprint.
pub(super) struct VerifyingKey {
    pub(super) kid: String,
    pub(super) decoding: DecodingKey,
    jwk: Jwk,
}

impl VerifyingKey {
    fn from_public_bytes(public_key: &[u8]) -> Result<Self, String> {
        let x = URL_SAFE_NO_PAD.encode(public_key);
        // RFC 7638: the thumbprint hashes the required members in lexicographic order.
        let thumbprint = Sha256::digest(format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{x}"}}"#));
        let kid = URL_SAFE_NO_PAD.encode(thumbprint);
        let decoding = DecodingKey::from_ed_components(&x).map_err(|e| e.to_string())?;
        let jwk = Jwk {
            common: CommonParameters {
                public_key_use: Some(PublicKeyUse::Signature),
                key_algorithm: Some(KeyAlgorithm::EdDSA),
                key_id: Some(kid.clone()),
                ..CommonParameters::default()
            },
            algorithm: AlgorithmParameters::OctetKeyPair(OctetKeyPairParameters {
                key_type: OctetKeyPairType::OctetKeyPair,
                curve: EllipticCurve::Ed25519,
                x,
            }),
        };
        Ok(Self { kid, decoding, jwk })
    }
}

/// The Ed25519 key that signs access tokens (its RFC 7638 thumbprint is the `kid`), and the
/// previous keys that still verify tokens signed before a rotation.
pub struct JwtKeys {
    pub(super) current: VerifyingKey,
    pub(super) previous: Vec<VerifyingKey>,
    pub(super) encoding: EncodingKey,
    pub(super) issuer: String,
    pub(super) audience: String,
    pub(super) access_ttl_secs: i64,
    pub(super) verified: VerifiedTokens,
}

const PEM_BEGIN: &str = "-----BEGIN PRIVATE KEY-----";
const PEM_END: &str = "-----END PRIVATE KEY-----";
const PUBLIC_PEM_BEGIN: &str = "-----BEGIN PUBLIC KEY-----";
const PUBLIC_PEM_END: &str = "-----END PUBLIC KEY-----";
/// DER of `SEQUENCE { SEQUENCE { OID 1.3.101.112 } BIT STRING (32 bytes) }` up to the key.
const ED25519_SPKI_PREFIX: [u8; 12] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

impl JwtKeys {
    /// A fresh Ed25519 private key as a PKCS#8 PEM document.
    pub fn generate_pem() -> String {
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&ring::rand::SystemRandom::new())
            .expect("the operating system's random source works");
        let body = STANDARD.encode(pkcs8.as_ref());
        let lines: Vec<&str> =
            body.as_bytes().chunks(64).map(|chunk| std::str::from_utf8(chunk).expect("base64 is ASCII")).collect();
        format!("{PEM_BEGIN}\n{}\n{PEM_END}\n", lines.join("\n"))
    }

    /// Loads a PKCS#8 PEM Ed25519 private key.
    pub fn from_pem(pem: &str, issuer: &str, audience: &str, access_ttl_secs: i64) -> Result<Self, String> {
        let body: String = pem
            .trim()
            .strip_prefix(PEM_BEGIN)
            .and_then(|rest| rest.strip_suffix(PEM_END))
            .ok_or("expected a PEM \"PRIVATE KEY\" (PKCS#8) document")?
            .split_whitespace()
            .collect();
        let der = STANDARD.decode(body).map_err(|e| format!("invalid base64 in PEM: {e}"))?;
        let pair = Ed25519KeyPair::from_pkcs8_maybe_unchecked(&der).map_err(|_| "not an Ed25519 PKCS#8 private key")?;
        Ok(Self {
            current: VerifyingKey::from_public_bytes(pair.public_key().as_ref())?,
            previous: Vec::new(),
            encoding: EncodingKey::from_ed_der(&der),
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            access_ttl_secs,
            verified: VerifiedTokens::default(),
        })
    }

    /// Adds the public keys of earlier signing keys (PEM "PUBLIC KEY" blocks, one after another):
    /// tokens they signed stay valid until they expire, and the JWKS keeps publishing them.
    pub fn with_previous_public_keys(mut self, pems: &str) -> Result<Self, String> {
        for block in pems.split(PUBLIC_PEM_END).map(str::trim).filter(|b| !b.is_empty()) {
            let body: String = block
                .strip_prefix(PUBLIC_PEM_BEGIN)
                .ok_or("expected PEM \"PUBLIC KEY\" blocks")?
                .split_whitespace()
                .collect();
            let der = STANDARD.decode(body).map_err(|e| format!("invalid base64 in PEM: {e}"))?;
            // An Ed25519 SubjectPublicKeyInfo is a fixed 12-byte header and the 32-byte key.
            let public_key = der
                .strip_prefix(ED25519_SPKI_PREFIX.as_slice())
                .filter(|key| key.len() == 32)
                .ok_or("not an Ed25519 public key")?;
            let key = VerifyingKey::from_public_bytes(public_key)?;
            if key.kid != self.current.kid && self.previous.iter().all(|k| k.kid != key.kid) {
                self.previous.push(key);
            }
        }
        Ok(self)
    }

    /// This key's public half as a PEM "PUBLIC KEY" block, for JWT_PREVIOUS_PUBLIC_KEYS after a
    /// rotation.
    pub fn public_pem(&self) -> String {
        let AlgorithmParameters::OctetKeyPair(params) = &self.current.jwk.algorithm else {
            unreachable!("the signing key is Ed25519");
        };
        let mut der = ED25519_SPKI_PREFIX.to_vec();
        der.extend(URL_SAFE_NO_PAD.decode(&params.x).expect("the key's own encoding"));
        format!("{PUBLIC_PEM_BEGIN}\n{}\n{PUBLIC_PEM_END}\n", STANDARD.encode(der))
    }

    pub fn access_ttl_secs(&self) -> i64 {
        self.access_ttl_secs
    }

    pub fn jwks(&self) -> JwkSet {
        JwkSet { keys: std::iter::once(&self.current).chain(&self.previous).map(|key| key.jwk.clone()).collect() }
    }
}

#[cfg(test)]
mod tests {
    use jsonwebtoken::{Algorithm, Validation};

    use super::*;
    use crate::auth::Claims;
    use crate::auth::fixtures::{keys, now, subject};

    #[test]
    fn jwks_publishes_the_public_key_with_its_kid() {
        let keys = keys();
        let jwks = keys.jwks();
        assert_eq!(jwks.keys.len(), 1);
        let token = keys.issue(subject(), now());
        let kid = jsonwebtoken::decode_header(&token).unwrap().kid.unwrap();
        assert_eq!(jwks.keys[0].common.key_id.as_deref(), Some(kid.as_str()));
        let decoding = DecodingKey::from_jwk(&jwks.keys[0]).unwrap();
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_audience(&["api.test"]);
        assert!(jsonwebtoken::decode::<Claims>(&token, &decoding, &validation).is_ok());
    }

    #[test]
    fn pem_round_trips_to_the_same_key() {
        let pem = JwtKeys::generate_pem();
        let a = JwtKeys::from_pem(&pem, "i", "a", 60).unwrap();
        let b = JwtKeys::from_pem(&pem, "i", "a", 60).unwrap();
        assert_eq!(a.current.kid, b.current.kid);
        assert!(JwtKeys::from_pem("not a key", "i", "a", 60).is_err());
    }

    #[test]
    fn previous_keys_still_verify_after_a_rotation() {
        let old = keys();
        let old_token = old.issue(subject(), now());
        let new = keys().with_previous_public_keys(&old.public_pem()).unwrap();
        assert!(new.verify(&old_token).is_ok());
        assert!(new.verify(&new.issue(subject(), now())).is_ok());
        let kids: Vec<_> = new.jwks().keys.iter().map(|k| k.common.key_id.clone().unwrap()).collect();
        assert_eq!(kids, vec![new.current.kid.clone(), old.current.kid.clone()]);
        assert!(keys().verify(&old_token).is_err(), "a stranger's key is still unknown");
        assert!(
            keys().with_previous_public_keys("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----").is_err()
        );
    }
}
