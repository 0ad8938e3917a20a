//! What the providers' webhook signatures share: HMAC-SHA256 in lower-case hex, compared in
//! constant time, in headers of `key=value` pairs joined by commas (`t=…,v1=…`, `ts=…,v1=…`),
//! over a timestamp that must be recent so a captured delivery cannot be replayed later.

use chrono::{DateTime, Utc};
use ring::hmac;

use super::WebhookRefusal;

/// HMAC-SHA256 of `message` under `secret`, lower-case hex.
pub(crate) fn hmac_hex(secret: &[u8], message: &[u8]) -> String {
    hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, secret), message)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `signature` (hex) is the HMAC-SHA256 of `message` under `secret`, in constant time.
pub(crate) fn hmac_matches(secret: &[u8], message: &[u8], signature: &str) -> bool {
    let Some(tag) = decode_hex(signature) else { return false };
    hmac::verify(&hmac::Key::new(hmac::HMAC_SHA256, secret), message, &tag).is_ok()
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

/// The values of a `k=v,k=v` signature header (a key may repeat: Stripe sends one `v1` per
/// secret during a rotation).
pub(crate) fn header_pairs(header: &str) -> Vec<(&str, &str)> {
    header.split(',').filter_map(|pair| pair.trim().split_once('=')).map(|(k, v)| (k.trim(), v.trim())).collect()
}

/// The signed time `timestamp` (Unix seconds) if it is within `tolerance_secs` of `now`.
pub(crate) fn fresh(timestamp: &str, now: DateTime<Utc>, tolerance_secs: i64) -> Result<i64, WebhookRefusal> {
    let signed: i64 =
        timestamp.parse().map_err(|_| WebhookRefusal::Signature("the signed timestamp is not a number".into()))?;
    if (now.timestamp() - signed).abs() > tolerance_secs {
        return Err(WebhookRefusal::Signature(format!(
            "the signature is from {signed}, over {tolerance_secs} s from now: a replay or a clock far off"
        )));
    }
    Ok(signed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_hex_matches_the_rfc_4231_vector_and_verifies() {
        // RFC 4231 test case 2.
        let tag = hmac_hex(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(tag, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assert!(hmac_matches(b"Jefe", b"what do ya want for nothing?", &tag));
        assert!(!hmac_matches(b"Jefe", b"what do ya want for nothing!", &tag));
        assert!(!hmac_matches(b"Jefe", b"what do ya want for nothing?", &tag[..62]));
        assert!(!hmac_matches(b"Jefe", b"what do ya want for nothing?", "zz"));
    }

    #[test]
    fn headers_split_into_pairs_and_old_times_are_refused() {
        assert_eq!(
            header_pairs("t=12, v1=ab,v1=cd,v0=ef"),
            vec![("t", "12"), ("v1", "ab"), ("v1", "cd"), ("v0", "ef")]
        );
        let now = DateTime::from_timestamp(1_000_000, 0).unwrap();
        assert_eq!(fresh("999900", now, 300), Ok(999_900));
        assert!(matches!(fresh("999600", now, 300), Err(WebhookRefusal::Signature(_))));
        assert!(matches!(fresh("1000400", now, 300), Err(WebhookRefusal::Signature(_))), "from the future");
        assert!(matches!(fresh("soon", now, 300), Err(WebhookRefusal::Signature(_))));
    }
}
