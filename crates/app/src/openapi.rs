//! The OpenAPI document: the platform's routes and every context's, with the error responses
//! every operation can give declared here once, from what the operation takes (a body, a query,
//! path ids, a token), so a new handler cannot forget to document them.

use kernel::error::PROBLEM_CONTENT_TYPE;
use kernel::{FieldError, Problem};
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use crate::http::{__path_health_live, __path_health_ready, __path_metrics_text};

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Entrevistador Inteligente API",
        version = "0.1.0",
        description = "CVs, job matching and AI mock interviews for job seekers and recruiting companies in Peru and Latin America. Errors are RFC 9457 problem+json."
    ),
    paths(health_live, health_ready, metrics_text),
    components(schemas(Problem, FieldError)),
    modifiers(&BearerAuth),
    tags((name = "operations", description = "Health and metrics"))
)]
struct PlatformApi;

/// Every context's document, in merge order.
fn context_documents() -> [utoipa::openapi::OpenApi; 7] {
    [
        identity::IdentityApi::openapi(),
        cv::CvApi::openapi(),
        matching::MatchingApi::openapi(),
        hiring::HiringApi::openapi(),
        interview::InterviewApi::openapi(),
        billing::BillingApi::openapi(),
        analytics::AnalyticsApi::openapi(),
    ]
}

/// The whole OpenAPI document: the platform's routes and every context's.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = PlatformApi::openapi();
    for context in context_documents() {
        doc.merge(context);
    }
    for (path, item) in doc.paths.paths.iter_mut() {
        for operation in operations(item) {
            add_standard_responses(path, operation);
        }
    }
    doc
}

/// The document as served and committed: [`openapi`] with the text rules of every string.
pub fn document() -> serde_json::Value {
    let mut value = serde_json::to_value(openapi()).expect("the document serialises");
    declare_text_rules(&mut value);
    identity::declare_password_policy(&mut value);
    value
}

/// What `kernel::input` enforces on every string, stated in every string schema: no control
/// characters (`TEXT_PATTERN`), and UUIDs that are UUIDs (OpenAPI 3.1 treats `format` as an
/// annotation only). A schema with its own pattern gets the text rule through `allOf`, but for
/// "not blank" (`\S`), which becomes one pattern.
fn declare_text_rules(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(object) => {
            let is_string = match object.get("type") {
                Some(Value::String(t)) => t == "string",
                Some(Value::Array(types)) => types.iter().any(|t| t == "string"),
                _ => false,
            };
            if is_string && !object.contains_key("enum") && !object.contains_key("const") {
                let format = object.get("format").and_then(Value::as_str);
                match (format, object.contains_key("pattern")) {
                    (Some("uuid"), false) => {
                        object.insert("pattern".into(), UUID_PATTERN.into());
                    }
                    (Some("uuid" | "date-time" | "date" | "binary" | "byte"), _) => {}
                    (_, false) => {
                        object.insert("pattern".into(), kernel::input::TEXT_PATTERN.into());
                    }
                    (_, true) if object["pattern"] == r"\S" => {
                        object.insert("pattern".into(), NOT_BLANK_TEXT_PATTERN.into());
                    }
                    (_, true) => {
                        let rule = serde_json::json!({ "pattern": kernel::input::TEXT_PATTERN });
                        match object.get_mut("allOf") {
                            Some(Value::Array(all)) => all.push(rule),
                            _ => {
                                object.insert("allOf".into(), Value::Array(vec![rule]));
                            }
                        }
                    }
                }
            }
            for child in object.values_mut() {
                declare_text_rules(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(declare_text_rules),
        _ => {}
    }
}

/// `\S` (not blank) and the text rule as one pattern: a generator can draw from it directly,
/// where the two apart make it draw blind and throw most drafts away.
const NOT_BLANK_TEXT_PATTERN: &str = concat!(
    r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*",
    r"[^\s\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]",
    r"[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$"
);

const UUID_PATTERN: &str = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

fn operations(item: &mut utoipa::openapi::PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
    ]
    .into_iter()
    .filter_map(Option::as_mut)
}

/// The problems an operation can answer because of what it takes, whatever its handler does.
pub fn standard_responses(path: &str, operation: &Operation) -> Vec<(u16, &'static str)> {
    let takes = |place: ParameterIn| {
        operation
            .parameters
            .iter()
            .flatten()
            .any(|p| std::mem::discriminant(&p.parameter_in) == std::mem::discriminant(&place))
    };
    let mut responses = Vec::new();
    if operation.request_body.is_some() {
        responses.extend([
            (400, "The body is not JSON (syntax, nesting too deep)"),
            (413, "The body is larger than allowed"),
            (415, "The body is not sent as application/json"),
            (422, "The body is not an object of the documented shape, or a field breaks a rule; `errors` names each field"),
        ]);
    }
    if takes(ParameterIn::Query) {
        responses.extend([
            (400, "A cursor this API did not issue"),
            (422, "A query parameter of the wrong type or out of range; `errors` names it"),
        ]);
    }
    if takes(ParameterIn::Path) {
        responses.push((404, "Nothing with this id exists for you"));
    }
    if path.starts_with("/api/v1/tenants/{id}") {
        responses.push((
            409,
            "Your access token acts in another company (or none): call POST /api/v1/auth/switch-tenant first; \
             or it carries an outdated role: refresh it",
        ));
    }
    if operation.security.as_ref().is_some_and(|s| !s.is_empty()) {
        responses.push((401, "No access token, or an invalid, expired or revoked one"));
    }
    if requires_role(operation, COMPANY_ROLE) {
        responses.push((403, "Not acting in a company (switch to it first), or your role there does not allow this"));
    }
    responses.push((503, "A dependency (database, cache) is unavailable; retry later"));
    responses
}

/// The security role (OpenAPI 3.1 lets a bearer requirement name roles) of the operations only
/// a company's members may call.
const COMPANY_ROLE: &str = "company";

fn requires_role(operation: &Operation, role: &str) -> bool {
    let requirements = serde_json::to_value(&operation.security).unwrap_or_default();
    requirements
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|requirement| requirement.as_object())
        .flat_map(|requirement| requirement.values())
        .any(|roles| roles.as_array().is_some_and(|roles| roles.iter().any(|r| r == role)))
}

fn add_standard_responses(path: &str, operation: &mut Operation) {
    for (status, description) in standard_responses(path, operation) {
        operation.responses.responses.entry(status.to_string()).or_insert_with(|| problem_response(description));
    }
}

fn problem_response(description: &str) -> RefOr<Response> {
    let content = ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build();
    RefOr::T(ResponseBuilder::new().description(description).content(PROBLEM_CONTENT_TYPE, content).build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_contexts_name_different_schemas_alike() {
        // Merging keeps one schema per name: two contexts' `Status` would silently become one.
        let mut seen: std::collections::HashMap<String, serde_json::Value> = Default::default();
        for doc in context_documents() {
            for (name, schema) in doc.components.map(|c| c.schemas).unwrap_or_default() {
                let schema = serde_json::to_value(schema).unwrap();
                if let Some(earlier) = seen.insert(name.clone(), schema.clone()) {
                    assert_eq!(earlier, schema, "two different schemas are named {name}");
                }
            }
        }
    }

    #[test]
    fn a_token_brings_401_and_no_body_no_body_problems() {
        let doc = openapi();
        let me = doc.paths.paths["/api/v1/me"].get.as_ref().expect("GET /me is documented");
        assert!(me.responses.responses.contains_key("401"));
        assert!(!me.responses.responses.contains_key("415"));
        let members = doc.paths.paths["/api/v1/tenants/{id}/members"].get.as_ref().expect("members are documented");
        for status in ["400", "401", "404", "422"] {
            assert!(members.responses.responses.contains_key(status), "members lacks {status}");
        }
    }

    #[test]
    fn every_text_schema_refuses_control_characters() {
        let doc = document();
        let login = &doc["components"]["schemas"]["LoginCommand"]["properties"];
        assert_eq!(login["password"]["pattern"], kernel::input::TEXT_PATTERN);
        let switch = &doc["components"]["schemas"]["SwitchTenantRequest"]["properties"]["tenant_id"];
        assert_eq!(switch["pattern"], UUID_PATTERN);
        let password = &doc["components"]["schemas"]["RegisterCommand"]["properties"]["password"];
        assert!(password["not"]["enum"].as_array().unwrap().contains(&"1234567890".into()));
        let slug = &doc["components"]["schemas"]["CreateTenantCommand"]["properties"]["slug"];
        assert_eq!(slug["allOf"][0]["pattern"], kernel::input::TEXT_PATTERN, "{slug}");
        let title = &doc["components"]["schemas"]["ChallengeInput"]["properties"]["title"];
        assert_eq!(title["pattern"], NOT_BLANK_TEXT_PATTERN, "{title}");
        assert!(title.get("allOf").is_none(), "{title}");
    }

    /// `kernel::input` refuses control characters anywhere in a body, unknown fields included, so
    /// a body schema that allowed unknown fields would promise what the server refuses: every
    /// JSON body object is `additionalProperties: false` (serde's `deny_unknown_fields`).
    #[test]
    fn every_json_body_refuses_unknown_fields() {
        fn open_objects(doc: &serde_json::Value, schema: &serde_json::Value, at: &str, seen: &mut Vec<String>) {
            use serde_json::Value;
            if let Some(reference) = schema["$ref"].as_str() {
                let name = reference.trim_start_matches("#/components/schemas/");
                if !seen.iter().any(|s| s == name) {
                    seen.push(name.to_owned());
                    open_objects(doc, &doc["components"]["schemas"][name], name, seen);
                }
                return;
            }
            if schema.get("properties").is_some() && schema.get("additionalProperties") != Some(&Value::Bool(false)) {
                seen.push(format!("OPEN {at}"));
            }
            for key in ["oneOf", "anyOf", "allOf"] {
                for variant in schema[key].as_array().into_iter().flatten() {
                    open_objects(doc, variant, at, seen);
                }
            }
            for (name, property) in schema["properties"].as_object().into_iter().flatten() {
                open_objects(doc, property, &format!("{at}.{name}"), seen);
            }
            open_objects_in(doc, &schema["items"], at, seen);
        }
        fn open_objects_in(doc: &serde_json::Value, schema: &serde_json::Value, at: &str, seen: &mut Vec<String>) {
            if schema.is_object() {
                open_objects(doc, schema, at, seen);
            }
        }
        let doc = document();
        let mut seen = Vec::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                let body = &operation["requestBody"]["content"]["application/json"]["schema"];
                open_objects_in(&doc, body, &format!("{method} {path}"), &mut seen);
            }
        }
        let open: Vec<_> = seen.iter().filter(|s| s.starts_with("OPEN ")).collect();
        assert!(open.is_empty(), "bodies that take unknown fields: {open:#?}");
    }

    #[test]
    fn a_company_operation_brings_403() {
        let doc = openapi();
        let notes = doc.paths.paths["/api/v1/applications/{id}/notes"].get.as_ref().expect("notes are documented");
        assert!(notes.responses.responses.contains_key("403"));
        let mine = doc.paths.paths["/api/v1/me/applications"].get.as_ref().expect("my applications are documented");
        assert!(!mine.responses.responses.contains_key("403"));
    }

    #[test]
    fn a_body_brings_the_body_problems() {
        let doc = openapi();
        let login = doc.paths.paths["/api/v1/auth/login"].post.as_ref().expect("login is documented");
        for status in ["400", "413", "415", "422", "503"] {
            assert!(login.responses.responses.contains_key(status), "login lacks {status}");
        }
    }
}
