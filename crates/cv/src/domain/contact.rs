//! Contact data from a CV's text: emails (also when a line break split them), phones in Peruvian
//! and international forms normalised to E.164 when the country is knowable, and links.

/// Emails in order of appearance, lower-cased, without duplicates.
pub fn emails(text: &str) -> Vec<String> {
    // A line break inside an address ("ana.quispe.ramirez@" / "gmail.com") is closed up first.
    let joined = close_broken_addresses(text);
    let mut found: Vec<String> = Vec::new();
    for token in
        joined.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '|' | '<' | '>' | '(' | ')' | '[' | ']'))
    {
        let token = token.trim_matches(|c: char| matches!(c, '.' | ':' | '"' | '\''));
        let token = token.strip_prefix("mailto:").unwrap_or(token);
        if is_email(token) {
            let email = token.to_lowercase();
            if !found.contains(&email) {
                found.push(email);
            }
        }
    }
    found
}

fn is_email(token: &str) -> bool {
    let Some((local, domain)) = token.split_once('@') else { return false };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    local_ok && domain_ok
}

/// Joins a line that ends inside an email with the next one when the join makes an address.
fn close_broken_addresses(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(next) = lines.get(i + 1) {
            let tail = line.split_whitespace().last().unwrap_or_default();
            let head = next.split_whitespace().next().unwrap_or_default();
            let splits_address = (tail.ends_with('@') || tail.ends_with('.') || tail.contains('@'))
                && !is_email(tail.trim_end_matches('.'))
                && is_email(format!("{tail}{head}").trim_end_matches('.'));
            if splits_address {
                out.push_str(line.trim_end());
                out.push_str(next.trim_start());
                out.push('\n');
                i += 2;
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
        i += 1;
    }
    out
}

/// A phone number as written and, when the country is knowable, in E.164.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    pub raw: String,
    pub e164: Option<String>,
}

/// Phones in order of appearance: runs of digits with the separators people use
/// (`+51 987 654 321`, `987-654-321`, `(01) 445-2310`, `+52 55 1234 5678`).
pub fn phones(text: &str) -> Vec<Phone> {
    let mut found: Vec<Phone> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let starts = c == '+' || c == '(' || c.is_ascii_digit();
        let after_word = i > 0 && (chars[i - 1].is_alphanumeric() || matches!(chars[i - 1], '/' | '-' | '.'));
        if !starts || after_word {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < chars.len()
            && (chars[end].is_ascii_digit() || matches!(chars[end], '+' | '(' | ')' | ' ' | '-' | '.'))
        {
            if chars[end] == '+' && end != i {
                break;
            }
            end += 1;
        }
        let raw: String = chars[i..end].iter().collect::<String>().trim().trim_end_matches(['-', '.', '(']).to_owned();
        let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
        // "D.S. 024-2016-EM", "ISO 9001-2015A": a code that goes on in letters is no phone.
        let glued = chars.get(end).is_some_and(|c| c.is_alphabetic());
        if (7..=15).contains(&digits.len()) && !looks_like_a_date_range(&raw) && !glued {
            let phone = Phone { e164: to_e164(&raw, &digits), raw };
            if !found.iter().any(|p| p.raw == phone.raw) {
                found.push(phone);
            }
        }
        i = end.max(i + 1);
    }
    found
}

fn looks_like_a_date_range(raw: &str) -> bool {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    // 2019 - 2021, 03.2019 - 08.2021 …
    (digits.len() == 8 && digits[..4].parse::<u32>().is_ok_and(|y| (1950..=2100).contains(&y)))
        || raw.matches('.').count() >= 2 && raw.contains(" - ")
}

fn to_e164(raw: &str, digits: &str) -> Option<String> {
    if raw.trim_start().trim_start_matches('(').starts_with('+') {
        return (8..=15).contains(&digits.len()).then(|| format!("+{digits}"));
    }
    match digits.len() {
        // A Peruvian mobile: 9 digits starting with 9.
        9 if digits.starts_with('9') => Some(format!("+51{digits}")),
        // 51 + a mobile, written without the plus.
        11 if digits.starts_with("519") => Some(format!("+{digits}")),
        // Lima landline with its trunk prefix: (01) 445-2310.
        9 if digits.starts_with("01") => Some(format!("+51{}", &digits[1..])),
        // A provincial landline with its trunk prefix: (054) 23-4567.
        9 if digits.starts_with('0') => Some(format!("+51{}", &digits[1..])),
        _ => None,
    }
}

/// A national number (no `+`) in E.164 with `calling_code`, its trunk `0` dropped; `None` when
/// it cannot be a whole national number (7 to 12 digits).
pub fn with_calling_code(raw: &str, calling_code: &str) -> Option<String> {
    if raw.trim_start().trim_start_matches('(').starts_with('+') {
        return None;
    }
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let national = digits.strip_prefix('0').unwrap_or(&digits);
    (7..=12).contains(&national.len()).then(|| format!("+{calling_code}{national}"))
}

/// Links with what they are: LinkedIn, GitHub, or another web page (a portfolio).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub kind: &'static str,
    pub url: String,
}

pub fn links(text: &str) -> Vec<Link> {
    let mut found: Vec<Link> = Vec::new();
    let text = close_broken_links(text);
    for token in text.split(|c: char| c.is_whitespace() || matches!(c, '|' | '<' | '>' | '(' | ')' | ',')) {
        let token = token.trim_matches(|c: char| matches!(c, '.' | ';' | '"' | '\''));
        let lower = token.to_lowercase();
        let bare = lower.trim_start_matches("https://").trim_start_matches("http://").trim_start_matches("www.");
        let kind = if bare.starts_with("linkedin.com/") || bare.contains(".linkedin.com/") {
            "linkedin"
        } else if bare.starts_with("github.com/") {
            "github"
        } else if (lower.starts_with("http://")
            || lower.starts_with("https://")
            || lower.starts_with("www.")
            || ["behance.net/", "dribbble.com/", "gitlab.com/", "bitbucket.org/", "medium.com/"]
                .iter()
                .any(|d| bare.starts_with(d)))
            && bare.contains('.')
        {
            "website"
        } else {
            continue;
        };
        let url = if lower.starts_with("http") { token.to_owned() } else { format!("https://{token}") };
        if !found.iter().any(|l| l.url.eq_ignore_ascii_case(&url)) {
            found.push(Link { kind, url });
        }
    }
    found
}

/// A link that a narrow column broke after a `/` or a `-` ("linkedin.com/in/" / "ana-quispe",
/// "linkedin.com/in/katherine-" / "delaguila-wong") is joined with the next line's first word.
fn close_broken_links(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len());
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        let tail = line.split_whitespace().last().unwrap_or_default().to_lowercase();
        let is_link = tail.contains("linkedin.com/") || tail.contains("github.com/") || tail.starts_with("http");
        let next_word = lines.get(i + 1).and_then(|n| n.split_whitespace().next()).unwrap_or_default();
        let continues = next_word.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
            && next_word.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/' | '.'));
        // Only where the address cannot end: after "/in/" or a bare domain, or inside a word.
        let open = tail.ends_with("/in/") || tail.ends_with(".com/") || tail.ends_with('-');
        if !(is_link && open && continues) {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_found_also_across_a_line_break() {
        let text = "Ana Quispe | ana.quispe.ramirez@\ngmail.com | Lima\nContacto: <LUIS@Empresa.com.pe>.";
        assert_eq!(emails(text), vec!["ana.quispe.ramirez@gmail.com", "luis@empresa.com.pe"]);
        assert_eq!(emails("maria.flores.\nsalas@outlook.com"), vec!["maria.flores.salas@outlook.com"]);
        assert!(emails("twitter: @ana_dev, price 3@4").is_empty());
    }

    #[test]
    fn phones_normalise_to_e164_when_the_country_is_knowable() {
        let found =
            phones("Cel: +51 987 654 321 / 987-654-321 · Fijo (01) 445-2310 · (054) 23-4567 · +52 55 1234 5678");
        let e164: Vec<Option<&str>> = found.iter().map(|p| p.e164.as_deref()).collect();
        assert_eq!(
            e164,
            vec![
                Some("+51987654321"),
                Some("+51987654321"),
                Some("+5114452310"),
                Some("+5154234567"),
                Some("+525512345678")
            ]
        );
        assert_eq!(phones("Teléfono 4452310")[0].e164, None, "a local number without its area stays as written");
    }

    #[test]
    fn a_known_country_completes_national_numbers() {
        assert_eq!(with_calling_code("55 7229 4210", "52").as_deref(), Some("+525572294210"));
        assert_eq!(with_calling_code("321 2227470", "57").as_deref(), Some("+573212227470"));
        assert_eq!(with_calling_code("+52 55 1234 5678", "52"), None, "already international");
        assert_eq!(with_calling_code("12345", "52"), None);
        assert_eq!(with_calling_code("(+57) 3166718904", "51"), None, "already international");
        assert_eq!(phones("(+57) 3166718904")[0].e164.as_deref(), Some("+573166718904"));
    }

    #[test]
    fn dates_and_ids_are_not_phones() {
        assert!(phones("2019 - 2021").is_empty());
        assert!(phones("Lima 2024").is_empty());
        assert!(phones("ISO 9001:2015").is_empty());
        assert!(phones("Cumplí el D.S. 024-2016-EM en todas las labores").is_empty());
    }

    #[test]
    fn links_broken_over_lines_are_joined() {
        let found = links("https://linkedin.com/in/\nelmersanchez\nlinkedin.com/in/katherine-\ndelaguila-wong\nPiura");
        let urls: Vec<&str> = found.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            vec!["https://linkedin.com/in/elmersanchez", "https://linkedin.com/in/katherine-delaguila-wong"]
        );
    }

    #[test]
    fn links_are_classified() {
        let found = links("linkedin.com/in/ana-quispe | https://github.com/anaq | www.anaquispe.dev | mail@x.pe");
        let kinds: Vec<&str> = found.iter().map(|l| l.kind).collect();
        assert_eq!(kinds, vec!["linkedin", "github", "website"]);
        assert_eq!(found[0].url, "https://linkedin.com/in/ana-quispe");
    }
}
