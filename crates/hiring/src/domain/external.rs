//! A company's own candidates (people without an account a recruiter adds): where they came from,
//! how a phone number is compared, and which known candidate a new entry is.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Where a company's candidate came from; their applications carry it as the source of hire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CandidateOrigin {
    Referral,
    Linkedin,
    JobBoard,
    Agency,
    CareerFair,
    SocialMedia,
    /// Found by the recruiter themselves.
    Sourced,
    Other,
}

/// A phone number as candidates are told apart by it: E.164 when the country is knowable (a
/// Peruvian mobile, or written with `+`), else its digits; `None` when it is no phone number.
pub fn phone_key(written: &str) -> Option<String> {
    let digits: String = written.chars().filter(char::is_ascii_digit).collect();
    let only_phone_characters =
        written.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | '(' | ')' | ' ' | '-' | '.'));
    if !only_phone_characters || !(7..=15).contains(&digits.len()) {
        return None;
    }
    let found = cv::domain::contact::phones(written);
    match found.as_slice() {
        [phone] => Some(phone.e164.clone().unwrap_or(digits)),
        _ => Some(digits),
    }
}

/// Which known candidate an entry with this email and phone is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known {
    /// Nobody yet: a new candidate.
    New,
    /// This one (by email, by phone, or both).
    Same(Uuid),
    /// The email is one candidate's and the phone another's: a person must say which.
    Split { by_email: Uuid, by_phone: Uuid },
}

pub fn known(by_email: Option<Uuid>, by_phone: Option<Uuid>) -> Known {
    match (by_email, by_phone) {
        (None, None) => Known::New,
        (Some(a), Some(b)) if a != b => Known::Split { by_email: a, by_phone: b },
        (Some(id), _) | (None, Some(id)) => Known::Same(id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_phone_written_many_ways_is_one_key() {
        let same = ["987 654 321", "987-654-321", "+51 987 654 321", "51987654321", "(+51) 987.654.321"];
        for written in same {
            assert_eq!(phone_key(written).as_deref(), Some("+51987654321"), "{written}");
        }
        assert_eq!(phone_key("+52 55 1234 5678").as_deref(), Some("+525512345678"));
        assert_eq!(phone_key("(01) 445-2310").as_deref(), Some("+5114452310"));
    }

    #[test]
    fn what_is_no_phone_has_no_key() {
        for written in ["", "12345", "llámame", "987 654 321 ext 5", "1234567890123456"] {
            assert_eq!(phone_key(written), None, "{written}");
        }
    }

    #[test]
    fn an_entry_is_the_candidate_its_email_or_phone_names() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        assert_eq!(known(None, None), Known::New);
        assert_eq!(known(Some(a), None), Known::Same(a));
        assert_eq!(known(None, Some(b)), Known::Same(b));
        assert_eq!(known(Some(a), Some(a)), Known::Same(a));
        assert_eq!(known(Some(a), Some(b)), Known::Split { by_email: a, by_phone: b });
    }

    #[test]
    fn sources_are_stored_as_the_api_writes_them() {
        let stored = kernel::db::enum_text(&CandidateOrigin::CareerFair);
        assert_eq!(stored, "career_fair");
        assert_eq!(kernel::db::parse_enum_text::<CandidateOrigin>(&stored).unwrap(), CandidateOrigin::CareerFair);
    }
}
