//! Client properties without personal data.

use serde_json::{Map, Value};

use super::is_uuid;

/// Nesting kept in client properties: deeper levels are cut rather than scanned without bound.
const MAX_DEPTH: usize = 4;
const REDACTED: &str = "[redacted]";
/// Keys naming personal data, lowercased and without '_' or '-'; Spanish forms too, as most users write Spanish.
const PERSONAL_KEYS: [&str; 41] = [
    "email",
    "mail",
    "emailaddress",
    "correo",
    "phone",
    "phonenumber",
    "telephone",
    "mobile",
    "cellphone",
    "celular",
    "movil",
    "móvil",
    "telefono",
    "teléfono",
    "whatsapp",
    "name",
    "firstname",
    "lastname",
    "fullname",
    "nombre",
    "nombres",
    "apellido",
    "apellidos",
    "address",
    "direccion",
    "dirección",
    "ip",
    "ipaddress",
    "dni",
    "ruc",
    "passport",
    "pasaporte",
    "password",
    "contrasena",
    "contraseña",
    "token",
    "accesstoken",
    "refreshtoken",
    "birthdate",
    "fechanacimiento",
    "fechadenacimiento",
];

/// Client properties with personal data removed: keys that name personal data are dropped, and
/// string values that look like an email address or a phone/DNI number are replaced by "[redacted]".
/// Nested objects and arrays are scrubbed too; depth beyond 4 is cut (replaced by null). Scrubbed
/// in place: a batch holds hundreds of these.
pub fn scrub_properties(mut properties: Map<String, Value>) -> Map<String, Value> {
    scrub_object(&mut properties, 1);
    properties
}

/// `depth` is the nesting level of the object itself, the top-level properties being 1.
fn scrub_object(object: &mut Map<String, Value>, depth: usize) {
    object.retain(|key, _| !is_personal_key(key));
    for value in object.values_mut() {
        scrub_value(value, depth);
    }
}

/// `depth` is the nesting level of the object or array holding `value`.
fn scrub_value(value: &mut Value, depth: usize) {
    match value {
        Value::String(text) if is_personal_text(text) => *value = Value::String(REDACTED.to_owned()),
        Value::Object(object) if depth < MAX_DEPTH => scrub_object(object, depth + 1),
        Value::Array(items) if depth < MAX_DEPTH => items.iter_mut().for_each(|item| scrub_value(item, depth + 1)),
        Value::Object(_) | Value::Array(_) => *value = Value::Null,
        _ => {}
    }
}

fn is_personal_key(key: &str) -> bool {
    let normalized: String = key.chars().filter(|c| !matches!(c, '_' | '-')).flat_map(char::to_lowercase).collect();
    PERSONAL_KEYS.contains(&normalized.as_str())
}

/// Dates and UUIDs are digit runs too, but name no one: they are recognised first and kept.
fn is_personal_text(text: &str) -> bool {
    let plain = text.trim();
    !(is_iso_date_time(plain) || is_uuid(plain)) && (contains_email(text) || contains_phone_or_dni(text))
}

/// Anything shaped like local@domain.tld, even inside a sentence (searches, free-text answers).
fn contains_email(text: &str) -> bool {
    text.match_indices('@').any(|(at, _)| {
        let has_local = text[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || "._%+-".contains(c));
        let domain = text[at + 1..]
            .split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-'))
            .next()
            .unwrap_or_default()
            .trim_end_matches('.');
        has_local
            && domain.rsplit_once('.').is_some_and(|(name, tld)| {
                !name.is_empty() && tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic)
            })
    })
}

/// Peruvian phones (9 digits, "+51 987 654 321", "(01) 234-5678") and DNIs (8 digits) are 7+ digits once
/// their separators go; a leading '+' only splits digit runs, so it never joins them.
fn contains_phone_or_dni(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        if c.is_ascii_digit() {
            run += 1;
            if run >= 7 {
                return true;
            }
        } else if !matches!(c, ' ' | '-' | '(' | ')' | '.') {
            run = 0;
        }
    }
    false
}

/// "2026-11-26", optionally followed by a time ("T10:00:00Z", " 10:00:00.5-05:00").
fn is_iso_date_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    let date = bytes.len() >= 10
        && bytes[..10]
            .iter()
            .enumerate()
            .all(|(i, b)| if matches!(i, 4 | 7) { *b == b'-' } else { b.is_ascii_digit() });
    date && match &bytes[10..] {
        [] => true,
        [b'T' | b't' | b' ', time @ ..] => {
            !time.is_empty() && time.iter().all(|b| b.is_ascii_digit() || b":.+-Zz".contains(b))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn scrub(properties: Value) -> Value {
        match properties {
            Value::Object(object) => Value::Object(scrub_properties(object)),
            other => other,
        }
    }

    #[test]
    fn personal_keys_dropped_whatever_their_case_or_separators() {
        let properties = json!({"Email": "a", "first_name": "Ana", "access-token": "t", "IP": "1.2.3.4", "job": "x"});
        assert_eq!(scrub(properties), json!({"job": "x"}));
    }

    #[test]
    fn spanish_personal_keys_dropped() {
        let properties = json!({"Nombre": "Ana", "apellidos": "Quispe", "Teléfono": "1", "fecha_nacimiento": "x",
                                "Contraseña": "x", "MÓVIL": "1"});
        assert_eq!(scrub(properties), json!({}));
    }

    #[test]
    fn salary_kept() {
        let properties = json!({"salary": 3500, "salary_range": "S/ 3,000 - 4,000"});
        assert_eq!(scrub(properties.clone()), properties);
    }

    #[test]
    fn email_inside_text_redacted() {
        assert_eq!(scrub(json!({"query": "contador ana@x.pe"})), json!({"query": "[redacted]"}));
    }

    #[test]
    fn plain_text_kept() {
        let properties = json!({"query": "contador lima", "handle": "@ana", "to": "ana@empresa"});
        assert_eq!(scrub(properties.clone()), properties);
    }

    #[test]
    fn phones_and_dnis_redacted() {
        for value in ["+51 987 654 321", "987654321", "(01) 234-5678", "DNI 45678912", "987.654.321"] {
            assert_eq!(scrub(json!({"q": value})), json!({"q": "[redacted]"}), "{value}");
        }
    }

    #[test]
    fn short_numbers_kept() {
        let properties = json!({"district": "Lima 15074", "step": "3 of 5", "code": "123456"});
        assert_eq!(scrub(properties.clone()), properties);
    }

    #[test]
    fn json_numbers_kept() {
        let properties = json!({"count": 987654321, "score": 45678912.5});
        assert_eq!(scrub(properties.clone()), properties);
    }

    #[test]
    fn iso_dates_and_times_kept() {
        let properties = json!({"a": "2026-11-26", "b": "2026-11-26T10:00:00Z", "c": "2026-11-26 10:00:00.5-05:00"});
        assert_eq!(scrub(properties.clone()), properties);
    }

    #[test]
    fn uuids_kept() {
        let properties = json!({"job_id": "0192f0c4-7a1b-7c3d-9e2f-123456789012"});
        assert_eq!(scrub(properties.clone()), properties);
    }

    #[test]
    fn nested_objects_scrubbed() {
        let properties = json!({"filters": {"email": "a", "q": "ana@x.pe", "city": "Lima"}});
        assert_eq!(scrub(properties), json!({"filters": {"q": "[redacted]", "city": "Lima"}}));
    }

    #[test]
    fn arrays_scrubbed() {
        let properties = json!({"items": ["lima", "987654321", {"nombre": "Ana", "id": 3}]});
        assert_eq!(scrub(properties), json!({"items": ["lima", "[redacted]", {"id": 3}]}));
    }

    #[test]
    fn depth_beyond_four_cut() {
        let properties = json!({"a": {"b": {"c": {"d": {"e": 1}, "f": [1]}}}, "g": {"h": {"i": [[1], 2]}}});
        let expected = json!({"a": {"b": {"c": {"d": null, "f": null}}}, "g": {"h": {"i": [null, 2]}}});
        assert_eq!(scrub(properties), expected);
    }
}
