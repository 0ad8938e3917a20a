//! Client events as the ingestion endpoint accepts them: each event of a batch is checked on its
//! own, so one bad event does not cost the client the others.

use chrono::{DateTime, Duration, Utc};
use kernel::FieldError;
use serde_json::{Map, Value};

/// The most events one batch may carry.
pub const MAX_BATCH: usize = 500;
/// How late an event may arrive: older ones would land in a month already rolled up.
pub const MAX_AGE: Duration = Duration::days(7);
/// How far ahead of the server's clock a client's clock may run.
pub const MAX_CLOCK_SKEW: Duration = Duration::minutes(5);
/// The most a client event's properties may weigh, as JSON.
pub const MAX_PROPERTIES_BYTES: usize = 8 * 1024;

/// An event name in the stored form: lowercase ASCII, digits, `_` and `.`, starting with a letter,
/// at most 80 characters. Clients' spaces and dashes become `_` ("Page View" is `page_view`).
pub fn event_name(raw: &str) -> Result<String, String> {
    let name: String =
        raw.trim().chars().map(|c| if c == ' ' || c == '-' { '_' } else { c.to_ascii_lowercase() }).collect();
    let valid = name.len() <= 80
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.');
    if valid { Ok(name) } else { Err("must be 1 to 80 letters, digits, '_' or '.', starting with a letter".into()) }
}

/// When the event happened: the client's time when it is plausible, the server's when absent.
pub fn occurred_at(claimed: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    match claimed {
        None => Ok(now),
        Some(at) if at > now + MAX_CLOCK_SKEW => Err("is in the future".into()),
        Some(at) if at < now - MAX_AGE => Err(format!("is more than {} days ago", MAX_AGE.num_days())),
        Some(at) => Ok(at),
    }
}

/// Checks what the other rules do not: lengths and the properties' weight.
pub fn check_sizes(
    category: Option<&str>,
    session_id: Option<&str>,
    properties: &Map<String, Value>,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if category.is_some_and(|c| c.chars().count() > 80) {
        errors.push(FieldError::new("category", "too_long", "must be at most 80 characters"));
    }
    if session_id.is_some_and(|s| s.is_empty() || s.len() > 128) {
        errors.push(FieldError::new("session_id", "length", "must be 1 to 128 characters"));
    }
    if json_len(properties) > MAX_PROPERTIES_BYTES {
        errors.push(FieldError::new("properties", "too_large", "must be at most 8 KiB as JSON"));
    }
    errors
}

/// How many bytes `value` weighs as compact JSON, counted as it is written, not kept.
fn json_len(value: &Map<String, Value>) -> usize {
    struct Counter(usize);
    impl std::io::Write for Counter {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 += bytes.len();
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut counter = Counter(0);
    serde_json::to_writer(&mut counter, value).map_or(usize::MAX, |()| counter.0)
}

/// The two-letter country code a trusted proxy reported, upper case; `None` for its "unknown"
/// markers (`XX`, `T1` for Tor) and anything else.
pub fn country_code(header: &str) -> Option<String> {
    let code = header.trim().to_ascii_uppercase();
    let valid = code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase()) && code != "XX";
    valid.then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_normalised_or_refused() {
        assert_eq!(event_name("Page View").unwrap(), "page_view");
        assert_eq!(event_name("cv.upload-started").unwrap(), "cv.upload_started");
        assert!(event_name("").is_err());
        assert!(event_name("1st_visit").is_err());
        assert!(event_name("drop table;").is_err());
        assert!(event_name(&"a".repeat(81)).is_err());
    }

    #[test]
    fn a_clients_time_is_kept_only_when_plausible() {
        let now = Utc::now();
        assert_eq!(occurred_at(None, now).unwrap(), now);
        let earlier = now - Duration::hours(3);
        assert_eq!(occurred_at(Some(earlier), now).unwrap(), earlier);
        assert!(occurred_at(Some(now + Duration::minutes(4)), now).is_ok());
        assert!(occurred_at(Some(now + Duration::hours(1)), now).unwrap_err().contains("future"));
        assert!(occurred_at(Some(now - Duration::days(8)), now).unwrap_err().contains("7 days"));
    }

    #[test]
    fn sizes_are_bounded() {
        let mut heavy = Map::new();
        heavy.insert("blob".into(), Value::String("x".repeat(9000)));
        let errors = check_sizes(Some(&"c".repeat(81)), Some(""), &heavy);
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["category", "session_id", "properties"]);
        assert!(check_sizes(Some("search"), Some("s-1"), &Map::new()).is_empty());
        let mut light = Map::new();
        light.insert("q".into(), Value::String("contador ñ".into()));
        assert_eq!(json_len(&light), serde_json::to_vec(&light).unwrap().len());
    }

    #[test]
    fn country_codes_come_from_trusted_headers_only_when_real() {
        assert_eq!(country_code("pe").as_deref(), Some("PE"));
        assert_eq!(country_code("XX"), None);
        assert_eq!(country_code("PER"), None);
        assert_eq!(country_code("T1"), None);
    }
}
