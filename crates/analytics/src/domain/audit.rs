//! The audit log's hash chain, as `entrevistador audit verify` checks it. Row `n` carries the
//! hash of row `n - 1` and its own: SHA-256 of that previous hash and the row's canonical text,
//! which includes the digest of its personal columns. The texts are the ones the database's
//! `analytics.audit_row_text` and `analytics.audit_personal_text` build when the row is appended;
//! this is an independent implementation of the same rule, so a function replaced in the
//! database cannot vouch for itself.

use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The hash the first row's `prev_hash` holds.
pub const GENESIS: [u8; 32] = [0; 32];

/// A stored row, with its columns as the chain covers them.
#[derive(Debug, Clone)]
pub struct ChainedRow {
    pub seq: i64,
    pub id: Uuid,
    /// `occurred_at` in microseconds since the Unix epoch (what Postgres stores).
    pub occurred_at_micros: i64,
    pub action: String,
    pub outcome: String,
    pub tenant_id: Option<Uuid>,
    pub actor_id: Option<Uuid>,
    pub subject_id: Option<Uuid>,
    pub ip: Option<String>,
    /// `details::text`: Postgres' canonical text of the jsonb value.
    pub details_text: String,
    /// `None` once the purge erased the personal columns.
    pub nonce: Option<Vec<u8>>,
    pub personal_digest: Vec<u8>,
    pub prev_hash: Vec<u8>,
    pub hash: Vec<u8>,
}

/// What is wrong with a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Break {
    /// A row is missing before this one (or the sequence was rewritten).
    Gap { expected_seq: i64 },
    /// Its `prev_hash` is not the previous row's hash.
    Unlinked,
    /// Its own columns no longer give its hash.
    Altered,
    /// Its personal columns no longer give their digest.
    PersonalAltered,
}

impl Break {
    pub fn explain(&self) -> String {
        match self {
            Self::Gap { expected_seq } => format!("row {expected_seq} is missing: the sequence jumps past it"),
            Self::Unlinked => "its prev_hash is not the hash of the row before it".into(),
            Self::Altered => "its columns do not give its hash: the row was changed after it was written".into(),
            Self::PersonalAltered => {
                "its personal columns do not give their digest: they were changed after the row was written".into()
            }
        }
    }
}

pub fn personal_text(actor_id: Option<Uuid>, subject_id: Option<Uuid>, ip: Option<&str>, details_text: &str) -> String {
    let id = |id: Option<Uuid>| id.map(|id| id.to_string()).unwrap_or_default();
    format!("{}|{}|{}|{}", id(actor_id), id(subject_id), ip.unwrap_or_default(), details_text)
}

pub fn personal_digest(nonce: &[u8], personal_text: &str) -> Vec<u8> {
    Sha256::new().chain_update(nonce).chain_update(personal_text.as_bytes()).finalize().to_vec()
}

fn row_text(row: &ChainedRow) -> String {
    format!(
        "{}|{}|{}|{}|{}|{}|{}",
        row.seq,
        row.id,
        row.occurred_at_micros,
        row.action,
        row.outcome,
        row.tenant_id.map(|id| id.to_string()).unwrap_or_default(),
        hex(&row.personal_digest)
    )
}

pub fn row_hash(prev_hash: &[u8], row: &ChainedRow) -> Vec<u8> {
    Sha256::new().chain_update(prev_hash).chain_update(row_text(row).as_bytes()).finalize().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Walks the chain from its first row.
#[derive(Debug, Clone)]
pub struct ChainWalk {
    next_seq: i64,
    last_hash: Vec<u8>,
}

impl Default for ChainWalk {
    fn default() -> Self {
        Self { next_seq: 1, last_hash: GENESIS.to_vec() }
    }
}

impl ChainWalk {
    /// Checks the next row in `seq` order.
    pub fn check(&mut self, row: &ChainedRow) -> Result<(), Break> {
        if row.seq != self.next_seq {
            return Err(Break::Gap { expected_seq: self.next_seq });
        }
        if row.prev_hash != self.last_hash {
            return Err(Break::Unlinked);
        }
        if let Some(nonce) = &row.nonce {
            let text = personal_text(row.actor_id, row.subject_id, row.ip.as_deref(), &row.details_text);
            if personal_digest(nonce, &text) != row.personal_digest {
                return Err(Break::PersonalAltered);
            }
        }
        if row_hash(&row.prev_hash, row) != row.hash {
            return Err(Break::Altered);
        }
        self.next_seq += 1;
        self.last_hash.clone_from(&row.hash);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(count: i64) -> Vec<ChainedRow> {
        let mut prev = GENESIS.to_vec();
        (1..=count)
            .map(|seq| {
                let nonce = vec![seq as u8; 16];
                let details_text = format!("{{\"n\": {seq}}}");
                let actor_id = Some(Uuid::from_u128(seq as u128));
                let digest =
                    personal_digest(&nonce, &personal_text(actor_id, None, Some("203.0.113.9"), &details_text));
                let mut row = ChainedRow {
                    seq,
                    id: Uuid::from_u128(1000 + seq as u128),
                    occurred_at_micros: 1_764_000_000_000_000 + seq,
                    action: "identity.login".into(),
                    outcome: "success".into(),
                    tenant_id: None,
                    actor_id,
                    subject_id: None,
                    ip: Some("203.0.113.9".into()),
                    details_text,
                    nonce: Some(nonce),
                    personal_digest: digest,
                    prev_hash: prev.clone(),
                    hash: Vec::new(),
                };
                row.hash = row_hash(&prev, &row);
                prev.clone_from(&row.hash);
                row
            })
            .collect()
    }

    fn verify(rows: &[ChainedRow]) -> Result<(), (i64, Break)> {
        let mut walk = ChainWalk::default();
        rows.iter().try_for_each(|row| walk.check(row).map_err(|e| (row.seq, e)))
    }

    #[test]
    fn an_untouched_chain_verifies() {
        assert_eq!(verify(&chain(5)), Ok(()));
        assert_eq!(verify(&[]), Ok(()));
    }

    #[test]
    fn a_changed_public_column_is_named() {
        let mut rows = chain(5);
        rows[2].action = "identity.password_changed".into();
        assert_eq!(verify(&rows), Err((3, Break::Altered)));
    }

    #[test]
    fn a_changed_personal_column_is_named() {
        let mut rows = chain(5);
        rows[1].ip = Some("198.51.100.1".into());
        assert_eq!(verify(&rows), Err((2, Break::PersonalAltered)));
    }

    #[test]
    fn a_deleted_row_breaks_the_sequence() {
        let mut rows = chain(5);
        rows.remove(3);
        assert_eq!(verify(&rows), Err((5, Break::Gap { expected_seq: 4 })));
    }

    #[test]
    fn a_rewritten_hash_unlinks_the_next_row() {
        let mut rows = chain(4);
        rows[1].details_text = "{}".into();
        rows[1].nonce = None;
        rows[1].hash = row_hash(&rows[1].prev_hash.clone(), &rows[1]);
        rows[1].personal_digest = vec![0; 32];
        rows[1].hash = row_hash(&rows[1].prev_hash.clone(), &rows[1]);
        assert_eq!(verify(&rows), Err((3, Break::Unlinked)));
    }

    #[test]
    fn an_erased_row_still_verifies() {
        let mut rows = chain(3);
        rows[1].actor_id = None;
        rows[1].ip = None;
        rows[1].details_text = "{}".into();
        rows[1].nonce = None;
        assert_eq!(verify(&rows), Ok(()));
    }

    #[test]
    fn the_texts_match_the_databases_layout() {
        let row = &chain(1)[0];
        assert_eq!(
            personal_text(row.actor_id, None, row.ip.as_deref(), &row.details_text),
            "00000000-0000-0000-0000-000000000001||203.0.113.9|{\"n\": 1}"
        );
        assert!(
            row_text(row)
                .starts_with("1|00000000-0000-0000-0000-0000000003e9|1764000000000001|identity.login|success||")
        );
    }
}
