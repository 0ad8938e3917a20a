//! Cursor pagination: `?limit=&cursor=` in, `{ "items": [...], "next_cursor": ... }` out.
//! A cursor is the opaque, URL-safe encoding of the last row's sort key.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::AppError;

pub const DEFAULT_LIMIT: u32 = 20;
pub const MAX_LIMIT: u32 = 100;

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// How many items to return (1 to 100, default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page; empty means the first page.
    #[param(max_length = 512, pattern = "^[A-Za-z0-9_-]*$")]
    pub cursor: Option<String>,
}

impl PageQuery {
    pub fn limit(&self) -> Result<i64, AppError> {
        match self.limit.unwrap_or(DEFAULT_LIMIT) {
            n @ 1..=MAX_LIMIT => Ok(i64::from(n)),
            _ => Err(AppError::invalid("limit", "out_of_range", format!("must be between 1 and {MAX_LIMIT}"))),
        }
    }

    /// The decoded sort key to continue after, if a cursor was given.
    pub fn after<K: DeserializeOwned>(&self) -> Result<Option<K>, AppError> {
        let Some(cursor) = self.cursor.as_deref().filter(|c| !c.is_empty()) else { return Ok(None) };
        URL_SAFE_NO_PAD
            .decode(cursor)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .map(Some)
            .ok_or_else(|| AppError::BadRequest("cursor is not one this API issued".into()))
    }
}

/// The cursor that continues after `key` (what [`PageQuery::after`] decodes).
pub fn cursor_for<K: Serialize>(key: &K) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(key).expect("cursor keys serialise"))
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; null on the last page.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Builds a page from up to `limit + 1` rows fetched in sort order: the extra row only tells
    /// that another page exists.
    pub fn from_rows<K: Serialize>(mut rows: Vec<T>, limit: i64, key_of: impl Fn(&T) -> K) -> Self {
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        let next_cursor = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(|last| cursor_for(&key_of(last)))
        } else {
            None
        };
        Self { items: rows, next_cursor }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_row_becomes_a_cursor_to_the_last_item() {
        let page = Page::from_rows(vec![1, 2, 3], 2, |n| *n);
        assert_eq!(page.items, vec![1, 2]);
        let query = PageQuery { limit: Some(2), cursor: page.next_cursor };
        assert_eq!(query.after::<i32>().unwrap(), Some(2));
    }

    #[test]
    fn last_page_has_no_cursor() {
        let page = Page::from_rows(vec![1, 2], 2, |n| *n);
        assert!(page.next_cursor.is_none());
    }

    #[test]
    fn limits_are_bounded() {
        assert_eq!(PageQuery::default().limit().unwrap(), 20);
        assert!(PageQuery { limit: Some(0), cursor: None }.limit().is_err());
        assert!(PageQuery { limit: Some(101), cursor: None }.limit().is_err());
    }

    #[test]
    fn foreign_cursor_is_a_bad_request() {
        let query = PageQuery { limit: None, cursor: Some("%%%".into()) };
        assert!(matches!(query.after::<i32>(), Err(AppError::BadRequest(_))));
    }
}
