//! Roles, access-token claims, the signing keys (Ed25519, published as a JWKS) and the `AuthUser`
//! extractor every protected handler takes.
//!
//! Roles and permissions are in `roles`, the Ed25519 keys and their JWKS in `keys`, the claims
//! and how a token is issued and verified in `tokens`, and the request side (the extractor and
//! the session checks it relies on) in `extractor`.

mod extractor;
mod keys;
mod roles;
mod tokens;

pub use extractor::{AuthUser, MaybeAuthUser, SessionLedger, SessionRevocations};
pub use keys::JwtKeys;
pub use roles::{Permission, Role};
pub use tokens::{Claims, TokenSubject};

/// What the key and token tests share: a fresh key pair, a subject acting in a tenant, the time.
#[cfg(test)]
mod fixtures {
    use uuid::Uuid;

    use super::{JwtKeys, Role, TokenSubject};

    pub(super) fn keys() -> JwtKeys {
        JwtKeys::from_pem(&JwtKeys::generate_pem(), "https://issuer.test", "api.test", 900).unwrap()
    }

    pub(super) fn subject() -> TokenSubject {
        TokenSubject {
            user_id: Uuid::now_v7(),
            session_id: Uuid::now_v7(),
            tenant: Some((Uuid::now_v7(), Role::Recruiter)),
        }
    }

    pub(super) fn now() -> i64 {
        chrono::Utc::now().timestamp()
    }
}
