//! The device, browser and system a User-Agent header names, in coarse buckets.

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

#[cfg(test)]
mod tests {
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
}
