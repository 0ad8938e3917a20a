//! The request side: the `AuthUser` extractor every protected handler takes, and the session
//! checks (revocations, the session ledger) it relies on.

use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use async_trait::async_trait;
use futures_util::future::LocalBoxFuture;
use uuid::Uuid;

use super::{Claims, JwtKeys, Role};
use crate::db::RequestScope;
use crate::error::AppError;

/// Sessions revoked before their access tokens expire (logout, password change, reuse).
/// Access tokens are checked against it on every request.
#[async_trait]
pub trait SessionRevocations: Send + Sync {
    /// Remembers the sessions as revoked for at least one access-token lifetime.
    async fn revoke(&self, session_ids: &[Uuid]) -> Result<(), AppError>;
    /// Whether the user's session may no longer be used.
    async fn is_revoked(&self, user_id: Uuid, session_id: Uuid) -> Result<bool, AppError>;
}

/// The authoritative record of sessions (identity's table), consulted when the fast deny-list
/// cannot vouch for a session, e.g. after the cache lost its data.
#[async_trait]
pub trait SessionLedger: Send + Sync {
    /// The session exists, is neither revoked nor expired, and its user is active.
    async fn is_live(&self, user_id: Uuid, session_id: Uuid) -> Result<bool, AppError>;
}

/// The authenticated caller, from a valid `Authorization: Bearer` access token.
#[derive(Debug, Clone)]
pub struct AuthUser(pub Claims);

impl AuthUser {
    pub fn user_id(&self) -> Uuid {
        self.0.sub
    }

    pub fn session_id(&self) -> Uuid {
        self.0.sid
    }

    /// The tenant the caller acts in and their role there, if any.
    pub fn tenant(&self) -> Option<(Uuid, Role)> {
        self.0.tid.zip(self.0.role)
    }

    /// The request context Postgres policies see for this caller.
    pub fn scope(&self) -> RequestScope {
        let scope = RequestScope::user(self.0.sub);
        match self.tenant() {
            Some((tenant_id, role)) => scope.in_tenant(tenant_id, role.as_str()),
            None => scope,
        }
    }
}

fn bearer_token(req: &HttpRequest) -> Result<String, AppError> {
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or_else(|| AppError::Unauthorized("missing Authorization: Bearer token".into()))?;
    let value = value.to_str().map_err(|_| AppError::Unauthorized("malformed Authorization header".into()))?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => {
            Ok(token.trim().to_owned())
        }
        _ => Err(AppError::Unauthorized("expected Authorization: Bearer <token>".into())),
    }
}

impl FromRequest for AuthUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let keys = req.app_data::<web::Data<JwtKeys>>().cloned();
        let revocations = req.app_data::<web::Data<dyn SessionRevocations>>().cloned();
        let token = bearer_token(req);
        Box::pin(async move {
            let (keys, revocations) =
                keys.zip(revocations).ok_or_else(|| AppError::Internal("authentication is not configured".into()))?;
            let claims = keys.verify(&token?)?;
            if revocations.is_revoked(claims.sub, claims.sid).await? {
                return Err(AppError::Unauthorized("session has been revoked".into()));
            }
            Ok(AuthUser(claims))
        })
    }
}

/// The caller of an endpoint open to everyone: `None` without an `Authorization` header; a
/// header that is there must hold a valid token (401 otherwise, never a silent downgrade).
#[derive(Debug, Clone)]
pub struct MaybeAuthUser(pub Option<AuthUser>);

impl FromRequest for MaybeAuthUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        if req.headers().get(header::AUTHORIZATION).is_none() {
            return Box::pin(async { Ok(MaybeAuthUser(None)) });
        }
        let user = AuthUser::from_request(req, payload);
        Box::pin(async move { user.await.map(|user| MaybeAuthUser(Some(user))) })
    }
}
