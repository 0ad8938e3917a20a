//! The one way request input reaches a handler, so every context gets the same rules:
//! - a body that is not JSON (syntax, depth) is a 400; it must be an object, and a JSON of the
//!   wrong shape or types is a 422 naming the field;
//! - control characters in any text (body, query) are a 422 naming the field: PostgreSQL refuses
//!   NUL in text, and no other control character belongs in what people type, except tab and
//!   line breaks;
//! - a query string of the wrong types is a 422 naming the parameter.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_json::value::RawValue;

use crate::error::{AppError, FieldError};

/// A JSON object body deserialised into `T` under the rules above. Size limits and content
/// types are those of actix's `JsonConfig` (413, 415).
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T> Json<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Json<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let raw = web::Json::<Box<RawValue>>::from_request(req, payload);
        Box::pin(async move {
            let raw = raw.await?.into_inner();
            from_json_text(raw.get()).map(Json).map_err(Into::into)
        })
    }
}

/// Applies the body rules to a well-formed JSON document. Most bodies are objects whose texts
/// hold no control character and whose numbers fit their fields as written: they are read straight
/// into `T`. Any other (or one `T` refuses) is read through a `Value`, which names every control
/// character's field, turns integral floats into integers and words the error, as before.
pub fn from_json_text<T: DeserializeOwned>(text: &str) -> Result<T, AppError> {
    if text.starts_with('{')
        && !may_hold_control_character(text.as_bytes())
        && let Ok(value) = serde_json::from_str(text)
    {
        return Ok(value);
    }
    let value: Value = serde_json::from_str(text).map_err(|error| AppError::BadRequest(error.to_string()))?;
    from_json_value(value)
}

/// Whether a JSON text may hold a forbidden control character: DEL or a C1 control written as
/// such, or an escape that could stand for one (`\u…`, `\b`, `\f`; the `\\u` of a backslash
/// followed by a `u` is counted too, which only costs the slower reading).
fn may_hold_control_character(json: &[u8]) -> bool {
    json.iter().enumerate().any(|(i, &byte)| match byte {
        0x7f => true,
        b'\\' => matches!(json.get(i + 1), Some(b'u' | b'b' | b'f')),
        0xc2 => matches!(json.get(i + 1), Some(0x80..=0x9f)),
        _ => false,
    })
}

/// Applies the body rules to an already parsed JSON document.
pub fn from_json_value<T: DeserializeOwned>(mut value: Value) -> Result<T, AppError> {
    if !value.is_object() {
        return Err(AppError::invalid("body", "not_an_object", "the body must be a JSON object"));
    }
    integral_numbers_as_integers(&mut value);
    let mut errors = Vec::new();
    find_control_characters(&value, &mut String::new(), &mut errors);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    serde_path_to_error::deserialize(value).map_err(|error| {
        let field = match error.path().to_string() {
            path if path == "." => "body".to_owned(),
            path => path,
        };
        AppError::invalid(&field, "invalid", error.into_inner().to_string())
    })
}

/// JSON has one number type: `4708.0` and `4.708e3` are the integer 4708 (as JSON Schema's
/// `integer` says), which serde would refuse for an integer field.
fn integral_numbers_as_integers(value: &mut Value) {
    match value {
        Value::Number(number) => {
            if let Some(float) = number.as_f64().filter(|_| number.is_f64())
                && float.fract() == 0.0
                && float.abs() < 9.0e15
            {
                *value = Value::from(float as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_numbers_as_integers),
        Value::Object(fields) => fields.values_mut().for_each(integral_numbers_as_integers),
        _ => {}
    }
}

/// Query parameters deserialised into `T`; wrong types and control characters are a 422.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T> Query<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Query<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(from_query_string(req.query_string()).map(Query))
    }
}

pub fn from_query_string<T: DeserializeOwned>(query: &str) -> Result<T, AppError> {
    let pairs = form_urlencoded::parse(query.as_bytes());
    let errors: Vec<FieldError> = pairs
        .filter(|(name, value)| has_control_character(name) || has_control_character(value))
        .map(|(name, _)| control_character_error(name.chars().filter(|c| !is_forbidden_control(*c)).collect()))
        .collect();
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    serde_path_to_error::deserialize(serde_urlencoded::Deserializer::new(pairs)).map_err(|error| {
        let field = error.path().to_string();
        let field = if field == "." { "query".to_owned() } else { field };
        AppError::invalid(&field, "invalid", error.into_inner().to_string())
    })
}

/// The `Idempotency-Key` header of a request that creates something costly: 1 to 255 visible
/// ASCII characters; `None` when the client sent none.
pub fn idempotency_key(req: &HttpRequest) -> Result<Option<String>, AppError> {
    let Some(value) = req.headers().get("idempotency-key") else { return Ok(None) };
    let key = value.to_str().ok().filter(|k| (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()));
    key.map(|k| Some(k.to_owned()))
        .ok_or_else(|| AppError::invalid("Idempotency-Key", "invalid", "must be 1 to 255 visible ASCII characters"))
}

/// Text without the characters [`is_forbidden_control`] refuses, as an OpenAPI pattern.
pub const TEXT_PATTERN: &str = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$";

/// For a PATCH field that may be cleared: with `#[serde(default, deserialize_with =
/// "kernel::input::nullable")]`, left out is `None` (unchanged), `null` is `Some(None)` (cleared)
/// and a value is `Some(Some(value))`.
pub fn nullable<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// States serde's `deny_unknown_fields` for the internally tagged enums named (from an OpenAPI
/// `Modify`): utoipa states it for structs but not for an enum's variants. Each enum named must
/// carry the attribute in serde.
pub fn close_variants(openapi: &mut utoipa::openapi::OpenApi, names: &[&str]) {
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::{AdditionalProperties, Schema};
    let Some(components) = openapi.components.as_mut() else { return };
    for name in names {
        let Some(RefOr::T(Schema::OneOf(one_of))) = components.schemas.get_mut(*name) else { continue };
        for variant in &mut one_of.items {
            if let RefOr::T(Schema::Object(object)) = variant {
                object.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
            }
        }
    }
}

/// C0 controls except tab, line feed and carriage return; DEL; the C1 block.
pub fn is_forbidden_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

pub fn has_control_character(text: &str) -> bool {
    text.chars().any(is_forbidden_control)
}

fn control_character_error(field: String) -> FieldError {
    FieldError::new(field, "control_character", "must not contain control characters (such as NUL)")
}

fn find_control_characters(value: &Value, path: &mut String, errors: &mut Vec<FieldError>) {
    match value {
        Value::String(text) if has_control_character(text) => {
            errors.push(control_character_error(if path.is_empty() { "body".into() } else { path.clone() }));
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{index}]"));
                find_control_characters(item, path, errors);
                path.truncate(len);
            }
        }
        Value::Object(fields) => {
            for (name, item) in fields {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                if has_control_character(name) {
                    path.push_str(&name.chars().filter(|c| !is_forbidden_control(*c)).collect::<String>());
                    errors.push(control_character_error(path.clone()));
                } else {
                    path.push_str(name);
                    find_control_characters(item, path, errors);
                }
                path.truncate(len);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    #[derive(Debug, Deserialize)]
    struct Profile {
        #[allow(dead_code)]
        name: String,
        #[allow(dead_code)]
        #[serde(default)]
        tags: Vec<Tag>,
    }

    #[derive(Debug, Deserialize)]
    struct Tag {
        #[allow(dead_code)]
        label: String,
    }

    fn fields(error: AppError) -> Vec<(String, String)> {
        match error {
            AppError::Validation(errors) => errors.into_iter().map(|e| (e.field, e.code)).collect(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn a_body_must_be_an_object() {
        let error = from_json_value::<Profile>(json!(["Ana", []])).unwrap_err();
        assert_eq!(fields(error), vec![("body".into(), "not_an_object".into())]);
    }

    #[test]
    fn nul_anywhere_names_its_field() {
        let error =
            from_json_value::<Profile>(json!({"name": "Ana\u{0}", "tags": [{"label": "ok"}, {"label": "b\u{7}"}]}))
                .unwrap_err();
        assert_eq!(
            fields(error),
            vec![("name".into(), "control_character".into()), ("tags[1].label".into(), "control_character".into())]
        );
    }

    #[test]
    fn texts_take_the_direct_reading_only_when_it_agrees() {
        let profile: Profile = from_json_text(r#"{"name": "Ana María", "tags": [{"label": "sql"}]}"#).unwrap();
        assert_eq!(profile.tags.len(), 1);
        for (body, field) in [
            (r#"{"name": "Ana\u0000"}"#, "name"),
            (r#"{"name": "Ana", "tags": [{"label": "a\bb"}]}"#, "tags[0].label"),
            ("{\"name\": \"Ana\u{7f}\"}", "name"),
            ("{\"name\": \"Ana\u{85}\"}", "name"),
        ] {
            assert_eq!(fields(from_json_text::<Profile>(body).unwrap_err())[0].0, field, "{body}");
        }
        assert!(from_json_text::<Profile>(r#"{"name": "C:\\users", "tags": []}"#).is_ok());
        assert!(from_json_text::<Profile>(r#"{"name": "\u00c1ngela"}"#).is_ok());
        let error = from_json_text::<Profile>(r#"["Ana", []]"#).unwrap_err();
        assert_eq!(fields(error), vec![("body".into(), "not_an_object".into())]);
        let company: Company = from_json_text(r#"{"employees": 4708.0, "share": 2}"#).unwrap();
        assert_eq!((company.employees, company.share), (4708, 2.0));
        let error = from_json_text::<Profile>(r#"{"name": "Ana", "name": "Eva"}"#);
        assert!(error.is_ok(), "a repeated key keeps its last value, as a Value does");
    }

    #[test]
    fn line_breaks_and_tabs_are_text() {
        assert!(from_json_value::<Profile>(json!({"name": "Ana\tMaría\r\nLima"})).is_ok());
    }

    #[test]
    fn wrong_types_name_the_field() {
        let error = from_json_value::<Profile>(json!({"name": "Ana", "tags": [{"label": 3}]})).unwrap_err();
        assert_eq!(fields(error), vec![("tags[0].label".into(), "invalid".into())]);
        let error = from_json_value::<Profile>(json!({})).unwrap_err();
        assert_eq!(fields(error)[0].0, "body");
    }

    #[derive(Debug, Deserialize)]
    struct Company {
        employees: i32,
        share: f64,
    }

    #[test]
    fn integral_numbers_fit_integer_fields() {
        let company: Company = from_json_value(json!({"employees": 4708.0, "share": 2.0})).unwrap();
        assert_eq!((company.employees, company.share), (4708, 2.0));
        assert!(from_json_value::<Company>(json!({"employees": 47.5, "share": 1})).is_err());
    }

    #[derive(Debug, Deserialize)]
    struct Page {
        limit: Option<u32>,
    }

    #[test]
    fn query_types_and_control_characters_are_422() {
        assert_eq!(from_query_string::<Page>("limit=5").unwrap().limit, Some(5));
        assert_eq!(fields(from_query_string::<Page>("limit=abc").unwrap_err())[0].0, "limit");
        assert_eq!(
            fields(from_query_string::<Page>("limit=1&cursor=%00").unwrap_err()),
            vec![("cursor".into(), "control_character".into())]
        );
    }
}
