//! The password policy, and the well-known passwords it refuses (the OpenAPI document states the
//! same list, see `http::declare_password_policy`).

use kernel::FieldError;

pub const MIN_PASSWORD_CHARS: usize = 10;
/// Long enough for any passphrase, short enough that hashing cannot be abused.
pub const MAX_PASSWORD_CHARS: usize = 128;

/// Passwords refused outright: the most common ones worldwide and in Peru's Spanish.
pub const COMMON_PASSWORDS: &[&str] = &[
    "1234567890",
    "12345678910",
    "0123456789",
    "1111111111",
    "0000000000",
    "1234512345",
    "123456789a",
    "a123456789",
    "1q2w3e4r5t",
    "qwertyuiop",
    "qwerty1234",
    "qwerty12345",
    "asdfghjkl1",
    "zxcvbnm123",
    "password12",
    "password123",
    "password1234",
    "passw0rd12",
    "iloveyou12",
    "iloveyou123",
    "letmein123",
    "welcome123",
    "admin12345",
    "administrator",
    "contraseña",
    "contraseña1",
    "contraseña12",
    "contraseña123",
    "contrasena",
    "contrasena1",
    "contrasena12",
    "contrasena123",
    "micontraseña",
    "peru123456",
    "peru12345678",
    "lima123456",
    "lima12345678",
    "teamo123456",
    "tequiero123",
    "mipassword1",
    "123456789lima",
    "abcdefghij",
    "abc1234567",
    "abcd123456",
    "football12",
    "baseball12",
    "dragon1234",
    "sunshine12",
    "princess12",
    "superman12",
    "monkey1234",
    "entrevistador",
    "entrevista123",
];

/// The password policy: long enough, not the email, not a well-known password.
pub fn check_password(field: &str, password: &str, email: &str) -> Result<(), FieldError> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS {
        return Err(FieldError::new(field, "too_short", format!("must have at least {MIN_PASSWORD_CHARS} characters")));
    }
    if length > MAX_PASSWORD_CHARS {
        return Err(FieldError::new(field, "too_long", format!("must have at most {MAX_PASSWORD_CHARS} characters")));
    }
    let lowered = password.to_lowercase();
    let email = email.trim().to_lowercase();
    let local_part = email.split('@').next().unwrap_or_default();
    if lowered == email || (local_part.chars().count() >= MIN_PASSWORD_CHARS && lowered == local_part) {
        return Err(FieldError::new(field, "same_as_email", "must not be your email address"));
    }
    if COMMON_PASSWORDS.contains(&lowered.as_str()) {
        return Err(FieldError::new(field, "too_common", "is one of the most common passwords; choose another"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_must_be_long_enough() {
        let error = check_password("password", "Corta-123", "ana@example.pe").unwrap_err();
        assert_eq!(error.code, "too_short");
        assert!(check_password("password", "una-frase-larga-y-segura", "ana@example.pe").is_ok());
    }

    #[test]
    fn password_length_counts_characters_not_bytes() {
        assert!(check_password("password", "ñandú-ñandú", "ana@example.pe").is_ok());
        // 9 characters but 11 bytes: still too short.
        assert_eq!(check_password("password", "ñandú1234", "a@b.pe").unwrap_err().code, "too_short");
    }

    #[test]
    fn password_must_not_be_the_email() {
        let error = check_password("password", "Ana.Quispe@Example.pe", "ana.quispe@example.pe").unwrap_err();
        assert_eq!(error.code, "same_as_email");
        let error = check_password("password", "anaquispe2024", "anaquispe2024@example.pe").unwrap_err();
        assert_eq!(error.code, "same_as_email");
    }

    #[test]
    fn common_passwords_are_refused_in_any_case() {
        for password in ["1234567890", "Contraseña123", "PASSWORD123", "Peru123456"] {
            assert_eq!(
                check_password("password", password, "ana@example.pe").unwrap_err().code,
                "too_common",
                "{password}"
            );
        }
    }

    #[test]
    fn overly_long_passwords_are_refused() {
        let long = "x".repeat(MAX_PASSWORD_CHARS + 1);
        assert_eq!(check_password("password", &long, "ana@example.pe").unwrap_err().code, "too_long");
    }
}
