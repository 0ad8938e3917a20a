//! Where an event happened: the page's path and the referrer's host, nothing that names the person.

use url::Url;

use super::{is_uuid, longest_digit_run};

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
