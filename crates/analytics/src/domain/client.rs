//! What an ingested event keeps of its client's context: coarse enough for dashboards to aggregate,
//! and with personal data (emails, phones, DNIs, tokens) taken out before anything is stored.

use serde_json::{Map, Value};
use url::Url;

/// What a User-Agent header says about the device, in coarse buckets.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UserAgent {
    pub device: &'static str,
    pub browser: &'static str,
    pub os: &'static str,
}

/// Marks of automated clients, matched on the lowercased header with "cubot" (a phone brand) removed.
const BOT_MARKERS: [&str; 8] =
    ["bot", "crawler", "spider", "slurp", "headlesschrome", "curl/", "python-requests", "wget"];
/// HTTP stacks of our own mobile apps, which carry no browser tokens.
const APP_MARKERS: [&str; 5] = ["okhttp/", "dart/", "cfnetwork/", "dalvik/", "entrevistador/"];

/// Buckets rather than the raw header: dashboards need no more, and a full header helps fingerprinting.
pub fn parse_user_agent(header: &str) -> UserAgent {
    let ua = header.trim().to_ascii_lowercase();
    if ua.is_empty() {
        return UserAgent { device: "unknown", browser: "unknown", os: "unknown" };
    }
    let os = user_agent_os(&ua);
    let without_brands = ua.replace("cubot", "");
    if BOT_MARKERS.iter().any(|marker| without_brands.contains(marker)) {
        return UserAgent { device: "bot", browser: "bot", os };
    }
    if APP_MARKERS.iter().any(|marker| ua.contains(marker)) {
        // Only our mobile apps send these; their headers rarely tell a phone from a tablet.
        return UserAgent { device: "mobile", browser: "app", os };
    }
    UserAgent { device: user_agent_device(&ua, os), browser: user_agent_browser(&ua), os }
}

fn user_agent_os(ua: &str) -> &'static str {
    let has = |needle: &str| ua.contains(needle);
    // iOS before macOS: iPhone headers say "like Mac OS X", and iPadOS Safari claims "Macintosh".
    if has("windows") {
        "windows"
    } else if has("iphone") || has("ipad") || has("ipod") || has("cfnetwork") || (has("macintosh") && has("mobile/")) {
        "ios"
    } else if has("android") || has("okhttp") {
        "android"
    } else if has("cros ") {
        "chromeos"
    } else if has("macintosh") || has("mac os x") {
        "macos"
    } else if has("linux") {
        "linux"
    } else {
        "other"
    }
}

fn user_agent_device(ua: &str, os: &str) -> &'static str {
    let has = |needle: &str| ua.contains(needle);
    if has("ipad") || (has("macintosh") && has("mobile/")) || (has("android") && !has("mobile")) {
        "tablet"
    } else if has("mobi") || has("iphone") || has("ipod") {
        "mobile"
    } else if matches!(os, "windows" | "macos" | "linux" | "chromeos") {
        "desktop"
    } else {
        "unknown"
    }
}

fn user_agent_browser(ua: &str) -> &'static str {
    let has = |needle: &str| ua.contains(needle);
    // Edge, Opera and Samsung Internet also say "Chrome/", and Chrome also says "Safari/": most specific first.
    if has("edg/") || has("edga/") || has("edgios/") || has("edge/") {
        "edge"
    } else if has("opr/") || has("opera") || has("opios/") {
        "opera"
    } else if has("samsungbrowser/") {
        "samsung"
    } else if has("firefox/") || has("fxios/") {
        "firefox"
    } else if has("chrome/") || has("chromium/") || has("crios/") {
        "chrome"
    } else if has("msie ") || has("trident/") {
        "ie"
    } else if has("safari/") && has("version/") {
        "safari"
    } else {
        "other"
    }
}

/// Longest path kept; longer ones are cut rather than dropped, so the page view still counts.
const MAX_PATH_CHARS: usize = 300;

/// The page a client event happened on, without what could identify the person: the path only
/// (no query string or fragment, which may carry tokens or emails), at most 300 chars; `None` when
/// the value is not a URL or a path.
pub fn page_path(page_url: &str) -> Option<String> {
    let value = page_url.trim();
    let parsed;
    let path = match plain_path(value) {
        Some(path) => path,
        None => {
            parsed = parsed_path(value)?;
            parsed.as_str()
        }
    };
    let path = path.split('/').map(path_segment).collect::<Vec<_>>().join("/");
    Some(path.chars().take(MAX_PATH_CHARS).collect())
}

/// The path as the URL parser normalises it (dot segments, percent-encoding, backslashes).
fn parsed_path(value: &str) -> Option<String> {
    let url = if value.starts_with('/') {
        // Resolved against a placeholder origin so that relative paths are normalised like absolute ones.
        Url::parse("http://page.invalid").ok()?.join(value).ok()?
    } else {
        Url::parse(value).ok().filter(|url| matches!(url.scheme(), "http" | "https"))?
    };
    Some(url.path().to_owned())
}

/// The path of most pages' URLs without parsing them: an http(s) URL on a plain host, or a path,
/// whose path holds only letters, digits and `/-_~@` (nothing the parser would rewrite); `None`
/// for anything else, which `parsed_path` reads.
fn plain_path(value: &str) -> Option<&str> {
    let plain = |path: &str| path.bytes().all(|b| b.is_ascii_alphanumeric() || b"/-_~@".contains(&b));
    let rest = match value.strip_prefix("https://").or_else(|| value.strip_prefix("http://")) {
        Some(rest) => rest,
        None if value.starts_with('/') && !value.starts_with("//") => {
            let path = &value[..value.find(['?', '#']).unwrap_or(value.len())];
            return plain(path).then_some(path);
        }
        None => return None,
    };
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..host_end];
    let plain_host = host.split('.').all(|label| {
        !label.is_empty() && label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    });
    let after = &rest[host_end..];
    let path = &after[..after.find(['?', '#']).unwrap_or(after.len())];
    match path {
        _ if !plain_host => None,
        "" => Some("/"),
        path => plain(path).then_some(path),
    }
}

/// Ids become ":id" so that pages aggregate; emails and phone/DNI-like numbers must not be stored.
fn path_segment(segment: &str) -> &str {
    if is_uuid(segment) {
        ":id"
    } else if segment.contains('@') || segment.contains("%40") || longest_digit_run(segment) >= 6 {
        ":redacted"
    } else {
        segment
    }
}

/// The referrer's host only (lowercased, no "www." prefix), `None` when not an http(s) URL.
pub fn referrer_host(referrer: &str) -> Option<String> {
    let url = Url::parse(referrer.trim()).ok().filter(|url| matches!(url.scheme(), "http" | "https"))?;
    let host = url.host_str()?.to_ascii_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_owned())
}

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

fn longest_digit_run(text: &str) -> usize {
    text.split(|c: char| !c.is_ascii_digit()).map(str::len).max().unwrap_or(0)
}

fn is_uuid(text: &str) -> bool {
    let separator_at = |i: usize| matches!(i, 8 | 13 | 18 | 23);
    text.len() == 36 && text.char_indices().all(|(i, c)| if separator_at(i) { c == '-' } else { c.is_ascii_hexdigit() })
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

    fn parsed(header: &str) -> (&'static str, &'static str, &'static str) {
        let ua = parse_user_agent(header);
        (ua.device, ua.browser, ua.os)
    }

    /// One test per header: (device, browser, os).
    macro_rules! user_agent_tests {
        ($($name:ident: $header:expr => $expected:expr;)*) => {$(
            #[test]
            fn $name() {
                assert_eq!(parsed($header), $expected);
            }
        )*};
    }

    user_agent_tests! {
        chrome_on_windows: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) \
            Chrome/131.0.0.0 Safari/537.36" => ("desktop", "chrome", "windows");
        chrome_on_android_phone: "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) \
            Chrome/131.0.0.0 Mobile Safari/537.36" => ("mobile", "chrome", "android");
        chrome_on_android_tablet: "Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) \
            Chrome/131.0.0.0 Safari/537.36" => ("tablet", "chrome", "android");
        cubot_phone_is_no_bot: "Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 (KHTML, like Gecko) \
            Chrome/120.0.0.0 Mobile Safari/537.36" => ("mobile", "chrome", "android");
        safari_on_iphone: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 \
            (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1" => ("mobile", "safari", "ios");
        safari_on_ipad: "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) \
            Version/16.6 Mobile/15E148 Safari/604.1" => ("tablet", "safari", "ios");
        ipados_claiming_macintosh: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 \
            (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1" => ("tablet", "safari", "ios");
        safari_on_macos: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) \
            Version/17.4.1 Safari/605.1.15" => ("desktop", "safari", "macos");
        chrome_on_macos: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) \
            Chrome/131.0.0.0 Safari/537.36" => ("desktop", "chrome", "macos");
        chrome_on_iphone: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 \
            (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1" => ("mobile", "chrome", "ios");
        firefox_on_iphone: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 \
            (KHTML, like Gecko) FxiOS/131.0 Mobile/15E148 Safari/605.1.15" => ("mobile", "firefox", "ios");
        samsung_internet: "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) \
            SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36" => ("mobile", "samsung", "android");
        edge_on_windows: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) \
            Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0" => ("desktop", "edge", "windows");
        edge_on_android: "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) \
            Chrome/131.0.0.0 Mobile Safari/537.36 EdgA/131.0.0.0" => ("mobile", "edge", "android");
        opera_on_windows: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) \
            Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0" => ("desktop", "opera", "windows");
        firefox_on_linux: "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
            => ("desktop", "firefox", "linux");
        chrome_on_chromeos: "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) \
            Chrome/131.0.0.0 Safari/537.36" => ("desktop", "chrome", "chromeos");
        internet_explorer: "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko"
            => ("desktop", "ie", "windows");
        googlebot: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
            => ("bot", "bot", "other");
        googlebot_smartphone: "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 \
            (KHTML, like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 \
            (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" => ("bot", "bot", "android");
        headless_chrome: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) \
            HeadlessChrome/120.0.6099.109 Safari/537.36" => ("bot", "bot", "linux");
        curl: "curl/8.5.0" => ("bot", "bot", "other");
        python_requests: "python-requests/2.31.0" => ("bot", "bot", "other");
        okhttp_app: "okhttp/4.12.0" => ("mobile", "app", "android");
        dart_app: "Dart/3.1 (dart:io)" => ("mobile", "app", "other");
        our_android_app: "Entrevistador/1.2 (Android 14)" => ("mobile", "app", "android");
        our_ios_app: "Entrevistador/57 CFNetwork/1410.0.3 Darwin/22.6.0" => ("mobile", "app", "ios");
        unrecognised_header: "Mozilla/5.0 (compatible)" => ("unknown", "other", "other");
        empty_header: "  " => ("unknown", "unknown", "unknown");
    }

    #[test]
    fn page_path_drops_query_and_fragment() {
        let url = "https://empleos.pe/jobs/search?q=contador&email=ana@x.pe#top";
        assert_eq!(page_path(url).as_deref(), Some("/jobs/search"));
        assert_eq!(page_path("/reset-password?token=abc#x").as_deref(), Some("/reset-password"));
        assert_eq!(page_path("https://empleos.pe").as_deref(), Some("/"));
    }

    #[test]
    fn page_path_replaces_ids_and_redacts_personal_segments() {
        let uuid_path = "/jobs/0192f0c4-7a1b-7c3d-9e2f-123456789012/apply";
        assert_eq!(page_path(uuid_path).as_deref(), Some("/jobs/:id/apply"));
        assert_eq!(page_path("/u/ana@x.pe/cv").as_deref(), Some("/u/:redacted/cv"));
        assert_eq!(page_path("/u/ana%40x.pe").as_deref(), Some("/u/:redacted"));
        assert_eq!(page_path("/verify/987654321").as_deref(), Some("/verify/:redacted"));
        assert_eq!(page_path("/jobs/12345").as_deref(), Some("/jobs/12345"));
    }

    #[test]
    fn plain_paths_are_read_as_the_parser_reads_them() {
        let values = [
            "https://app.entrevistador.pe/jobs/0192f0c4-5a6b-7c8d-9e0f-112233445566?utm_source=x",
            "http://empleos.pe",
            "https://empleos.pe?q=1",
            "https://empleos.pe#top",
            "https://empleos.pe/",
            "https://empleos.pe//double//slashes",
            "https://sub.empleos.pe/u/ana@correo/cv",
            "https://xn--empleos-9za.pe/ofertas/contador_senior~2",
            "/jobs/search?q=contador",
            "/",
            "/a/b/c#frag",
        ];
        for value in values {
            assert_eq!(plain_path(value).map(str::to_owned), parsed_path(value), "{value}");
        }
        let rewritten = [
            "https://Empleos.pe/a",
            "https://empleos.pe:8443/a",
            "https://ana@empleos.pe/a",
            "https://empleos.pe/a/../b",
            "https://empleos.pe/a/./b",
            "https://empleos.pe/a b",
            "https://empleos.pe/a%20b",
            "https://empleos.pe/a\\b",
            "https://empleos.pe/ñandú",
            "//evil.pe/a",
            "/a/../b",
            "https://empleos..pe/a",
        ];
        for value in rewritten {
            assert_eq!(plain_path(value), None, "{value}");
        }
    }

    #[test]
    fn page_path_rejects_what_is_not_a_page() {
        for value in ["", "jobs/123", "javascript:alert(1)", "ftp://x.pe/a", "not a url", "mailto:ana@x.pe"] {
            assert_eq!(page_path(value), None, "{value}");
        }
    }

    #[test]
    fn page_path_is_cut_at_300_chars() {
        let long = format!("/{}", "a".repeat(400));
        assert_eq!(page_path(&long).map(|path| path.len()), Some(300));
    }

    #[test]
    fn referrer_host_keeps_the_host_only() {
        assert_eq!(referrer_host("https://www.Google.com.pe/search?q=ana").as_deref(), Some("google.com.pe"));
        assert_eq!(referrer_host("http://m.facebook.com/").as_deref(), Some("m.facebook.com"));
        for value in ["", "/jobs", "android-app://com.linkedin.android/", "www.google.com"] {
            assert_eq!(referrer_host(value), None, "{value}");
        }
    }

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
