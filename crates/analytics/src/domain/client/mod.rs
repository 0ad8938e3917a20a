//! What an ingested event keeps of its client's context: coarse enough for dashboards to aggregate,
//! and with personal data (emails, phones, DNIs, tokens) taken out before anything is stored.

mod pages;
mod scrub;
mod user_agent;

pub use pages::{page_path, referrer_host};
pub use scrub::scrub_properties;
pub use user_agent::{UserAgent, parse_user_agent};

fn longest_digit_run(text: &str) -> usize {
    text.split(|c: char| !c.is_ascii_digit()).map(str::len).max().unwrap_or(0)
}

fn is_uuid(text: &str) -> bool {
    let separator_at = |i: usize| matches!(i, 8 | 13 | 18 | 23);
    text.len() == 36 && text.char_indices().all(|(i, c)| if separator_at(i) { c == '-' } else { c.is_ascii_hexdigit() })
}
