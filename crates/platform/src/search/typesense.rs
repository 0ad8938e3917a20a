//! A small client of Typesense's REST API (0.24 and later): collections behind an alias, JSONL
//! imports, deletes by filter, multi-search, API keys and scoped search keys. Written on the
//! workspace's reqwest (rustls) rather than the `typesense` crate, which turns on reqwest's
//! default features (OpenSSL through native-tls, a second TLS stack) and whose generated client
//! follows the v28+ API.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::TypesenseSettings;

/// A server that does not accept a connection this fast is down, whatever the request timeout.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);

#[derive(Debug, thiserror::Error)]
pub enum TypesenseError {
    /// The server could not be reached, or did not answer in time.
    #[error("typesense is unreachable: {0}")]
    Unreachable(String),
    /// The server refused the request (status and its message).
    #[error("typesense answered {0}: {1}")]
    Refused(u16, String),
}

impl From<TypesenseError> for kernel::AppError {
    fn from(error: TypesenseError) -> Self {
        match error {
            TypesenseError::Unreachable(reason) => {
                tracing::warn!(%reason, "the search index did not answer");
                kernel::AppError::Unavailable("search index")
            }
            refused => kernel::AppError::Internal(refused.to_string()),
        }
    }
}

#[derive(Clone)]
pub struct Typesense {
    client: reqwest::Client,
    base: String,
    api_key: String,
}

impl Typesense {
    pub fn new(settings: &TypesenseSettings) -> Result<Self, TypesenseError> {
        let client = reqwest::Client::builder()
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout.min(CONNECT_TIMEOUT))
            .build()
            .map_err(|e| TypesenseError::Unreachable(format!("HTTP client: {e}")))?;
        Ok(Self { client, base: settings.url.clone(), api_key: settings.api_key.clone() })
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<String>,
    ) -> Result<(StatusCode, String), TypesenseError> {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.base))
            .header("X-TYPESENSE-API-KEY", &self.api_key)
            .query(query);
        if let Some(body) = body {
            request = request.body(body);
        }
        let response = request.send().await.map_err(|e| TypesenseError::Unreachable(e.to_string()))?;
        let status = response.status();
        let text = response.text().await.map_err(|e| TypesenseError::Unreachable(e.to_string()))?;
        Ok((status, text))
    }

    /// A JSON request whose answer must be a success.
    async fn call(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&Value>,
    ) -> Result<Value, TypesenseError> {
        let (status, text) = self.send(method, path, query, body.map(Value::to_string)).await?;
        if !status.is_success() {
            return Err(refusal(status, &text));
        }
        serde_json::from_str(&text)
            .map_err(|e| TypesenseError::Refused(status.as_u16(), format!("unreadable answer: {e}")))
    }

    pub async fn healthy(&self) -> bool {
        matches!(self.call(Method::GET, "/health", &[], None).await, Ok(answer) if answer["ok"] == true)
    }

    /// The collection an alias points to, if the alias exists.
    pub async fn alias_target(&self, alias: &str) -> Result<Option<String>, TypesenseError> {
        match self.call(Method::GET, &format!("/aliases/{alias}"), &[], None).await {
            Ok(found) => Ok(found["collection_name"].as_str().map(str::to_owned)),
            Err(TypesenseError::Refused(404, _)) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Points `alias` at `collection` (atomically: searches move over at once).
    pub async fn point_alias(&self, alias: &str, collection: &str) -> Result<(), TypesenseError> {
        self.call(Method::PUT, &format!("/aliases/{alias}"), &[], Some(&json!({ "collection_name": collection })))
            .await
            .map(drop)
    }

    pub async fn drop_alias(&self, alias: &str) -> Result<(), TypesenseError> {
        match self.call(Method::DELETE, &format!("/aliases/{alias}"), &[], None).await {
            Ok(_) | Err(TypesenseError::Refused(404, _)) => Ok(()),
            Err(error) => Err(error),
        }
    }

    pub async fn create_collection(&self, schema: &Value) -> Result<(), TypesenseError> {
        self.call(Method::POST, "/collections", &[], Some(schema)).await.map(drop)
    }

    /// Drops a collection; one already gone is no error.
    pub async fn drop_collection(&self, name: &str) -> Result<(), TypesenseError> {
        match self.call(Method::DELETE, &format!("/collections/{name}"), &[], None).await {
            Ok(_) | Err(TypesenseError::Refused(404, _)) => Ok(()),
            Err(error) => Err(error),
        }
    }

    /// Adds or replaces documents (each with its `id`); any document refused fails the call.
    pub async fn upsert(&self, collection: &str, documents: &[Value]) -> Result<(), TypesenseError> {
        if documents.is_empty() {
            return Ok(());
        }
        let lines: Vec<String> = documents.iter().map(Value::to_string).collect();
        let path = format!("/collections/{collection}/documents/import");
        let (status, text) = self.send(Method::POST, &path, &[("action", "upsert")], Some(lines.join("\n"))).await?;
        if !status.is_success() {
            return Err(refusal(status, &text));
        }
        // One answer line per document: the import is "successful" even when documents are not.
        for line in text.lines() {
            let answer: Value = serde_json::from_str(line).unwrap_or(Value::Null);
            if answer["success"] != true {
                let reason = answer["error"].as_str().unwrap_or(line);
                return Err(TypesenseError::Refused(400, format!("a document was refused: {reason}")));
            }
        }
        Ok(())
    }

    /// Deletes the documents with these ids (those absent are ignored).
    pub async fn delete(&self, collection: &str, ids: &[String]) -> Result<(), TypesenseError> {
        for chunk in ids.chunks(100) {
            let filter = format!("id:[{}]", chunk.join(","));
            let path = format!("/collections/{collection}/documents");
            match self.call(Method::DELETE, &path, &[("filter_by", &filter)], None).await {
                Ok(_) | Err(TypesenseError::Refused(404, _)) => {}
                Err(error) => return Err(error),
            }
        }
        Ok(())
    }

    /// Several searches in one round trip; each answer in order (a refused one as an error).
    pub async fn multi_search(&self, searches: Vec<Value>) -> Result<Vec<Value>, TypesenseError> {
        let answer = self.call(Method::POST, "/multi_search", &[], Some(&json!({ "searches": searches }))).await?;
        let results = answer["results"].as_array().cloned().unwrap_or_default();
        results
            .into_iter()
            .map(|result| match result["error"].as_str() {
                Some(error) => {
                    Err(TypesenseError::Refused(result["code"].as_u64().unwrap_or(400) as u16, error.into()))
                }
                None => Ok(result),
            })
            .collect()
    }

    /// Makes sure a key with this exact value exists (the server refuses a second one with 409).
    pub async fn ensure_key(
        &self,
        value: &str,
        description: &str,
        actions: &[&str],
        collections: &[&str],
    ) -> Result<(), TypesenseError> {
        let key = json!({ "value": value, "description": description, "actions": actions, "collections": collections });
        match self.call(Method::POST, "/keys", &[], Some(&key)).await {
            Ok(_) | Err(TypesenseError::Refused(409, _)) => Ok(()),
            Err(error) => Err(error),
        }
    }
}

fn refusal(status: StatusCode, text: &str) -> TypesenseError {
    let message = serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|body| body["message"].as_str().map(str::to_owned))
        .unwrap_or_else(|| text.chars().take(200).collect());
    TypesenseError::Refused(status.as_u16(), message)
}

/// A key derived from a search-only `parent` key that the server accepts only with `params`
/// embedded (e.g. `{"filter_by": "tenant_id:=…", "expires_at": …}`): it is made here, without a
/// request, as Typesense's clients do (HMAC-SHA256 of the parameters under the parent key).
pub fn scoped_search_key(parent: &str, params: &Value) -> String {
    sign_scope(parent, &params.to_string())
}

fn sign_scope(parent: &str, params: &str) -> String {
    let mac = ring::hmac::sign(&ring::hmac::Key::new(ring::hmac::HMAC_SHA256, parent.as_bytes()), params.as_bytes());
    let digest = BASE64.encode(mac.as_ref());
    let prefix: String = parent.chars().take(4).collect();
    BASE64.encode(format!("{digest}{prefix}{params}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scoped_key_carries_its_parameters_signed_by_the_parent_key() {
        // The example of Typesense's documentation: parent key RN23GFr1s6jQ9kgSNg2O7fYcAUXU7127,
        // {"filter_by":"company_id:124","expires_at":1906054106}.
        let params = r#"{"filter_by":"company_id:124","expires_at":1906054106}"#;
        let key = sign_scope("RN23GFr1s6jQ9kgSNg2O7fYcAUXU7127", params);
        assert_eq!(
            key,
            "OW9DYWZGS1Q1RGdSbmo0S1QrOWxhbk9PL2kxbTU1eXA3bCthdmE5eXJKRT1STjIzeyJmaWx0ZXJfYnkiOiJjb21wYW55X2lkOjEyNCIsImV4cGlyZXNfYXQiOjE5MDYwNTQxMDZ9"
        );
    }
}
