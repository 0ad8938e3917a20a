//! Identity rules: pure functions and types, no I/O, one file per group of use cases (as in
//! `service/`). This one holds what every group hands out: the opaque tokens of links and sessions.

mod accounts;
mod consents;
mod exports;
mod invitations;
mod members;
mod passwords;
pub mod retention;
mod sessions;
mod tenants;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub use accounts::{Email, User, check_locale, check_name, check_phone, check_timezone};
pub use consents::{ConsentPurpose, consent_source};
pub use exports::{
    EXPORT_LIFETIME, EXPORTS_PER_DAY, ExportStatus, LINK_LIFETIME, archive_name, link_expiry, link_payload,
};
pub use invitations::{Invitation, InvitationPlan, PendingInvitation, plan_invitation};
pub use members::{Member, MemberChangeRefusal, MemberState, check_member_change, takes_seat};
pub use passwords::{COMMON_PASSWORDS, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, check_password};
pub use sessions::{RefreshDecision, Session, decide_refresh, is_device_token_shaped};
pub use tenants::{
    MAX_COMPANY_NAME_CHARS, MAX_INDUSTRY_CHARS, MyTenant, Tenant, TenantAccessRefusal, TenantChange, TenantUpdate,
    check_company_name, check_industry, check_slug, company_size, decide_tenant_access, may_create_tenant,
};

/// An opaque secret handed to a client (refresh, verification, reset and invitation tokens).
/// Only its hash is stored, so a database leak reveals no usable token.
#[derive(Debug, Clone)]
pub struct OpaqueToken {
    pub plain: String,
    pub hash: String,
}

impl OpaqueToken {
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let plain = URL_SAFE_NO_PAD.encode(bytes);
        let hash = hash_token(&plain);
        Self { plain, hash }
    }
}

pub fn hash_token(plain: &str) -> String {
    Sha256::digest(plain.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let a = OpaqueToken::generate();
        let b = OpaqueToken::generate();
        assert_ne!(a.plain, b.plain);
        assert_eq!(a.plain.len(), 43);
        assert!(a.plain.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_eq!(hash_token(&a.plain), a.hash);
        assert_eq!(a.hash.len(), 64);
        assert_ne!(a.hash, a.plain);
    }
}
