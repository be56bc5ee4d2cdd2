//! The framework-independent half of the extractors: bytes and strings to values, every
//! failure to its role's row. The `axum` and `actix` modules only gather the inputs.

use std::borrow::Cow;

use serde_core::de::DeserializeOwned;
use serde_path_to_error::Segment;

use super::detail::{Detail, Rejection};
use super::{BodyRoles, Json, Path, PathRole, Query, QueryRole};

/// How serde's `missing_field` error begins ("missing field", then the name in
/// backticks): the only way to tell a missing field from a mistyped one through
/// `serde_json`'s and `serde_urlencoded`'s errors.
const MISSING_FIELD: &str = "missing field `";

// The bounds are on the functions, not the impls: a missing role is then reported with
// the role trait's `on_unimplemented` message, which names the catalogue fix.
impl<E, T> Json<E, T> {
    /// The body `bytes` with `content_type` (the header's value), as the extractors read it:
    /// for a framework without an integration here.
    ///
    /// # Errors
    ///
    /// The row of `E` for a `Content-Type` that is not JSON or a body that is not a `T`.
    pub fn from_bytes(content_type: Option<&[u8]>, bytes: &[u8]) -> Result<Self, Rejection<E>>
    where
        E: BodyRoles,
        T: DeserializeOwned,
    {
        json_content_type(content_type)?;
        Self::from_json(bytes)
    }

    /// The body `bytes` as a `T`, its `Content-Type` already checked ([`before_reading`]).
    pub(crate) fn from_json(bytes: &[u8]) -> Result<Self, Rejection<E>>
    where
        E: BodyRoles,
        T: DeserializeOwned,
    {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let (path, error) = match serde_path_to_error::deserialize(&mut de) {
            // Trailing text after the value (`{}x`) is a malformed body too.
            Ok(value) => match de.end() {
                Ok(()) => return Ok(Json(value, std::marker::PhantomData)),
                Err(error) => (".".to_owned(), error),
            },
            Err(e) => {
                let known = !e.path().iter().any(|s| matches!(s, Segment::Unknown));
                let path = e.path().to_string();
                let error = e.into_inner();
                // Only a value of the wrong shape is one field's fault; text that is not
                // JSON (truncated, too deep, not UTF-8) is the body's, wherever it broke.
                if error.is_data() && known {
                    let rejected = match missing_field(&error.to_string(), &path) {
                        Some(field) => E::missing_field(field),
                        None => E::bad_body(field_of(&path, "body")),
                    };
                    return Err(Rejection::new(rejected, Detail::json(path, error)));
                }
                (path, error)
            }
        };
        let rejected = E::bad_body(Cow::Borrowed("body"));
        Err(Rejection::new(rejected, Detail::json(path, error)))
    }
}

impl<E, T> Path<E, T> {
    /// The route's parameters, name and (percent-decoded) value, as the extractors read
    /// them: for a framework without an integration here.
    ///
    /// # Errors
    ///
    /// `E`'s `path` row when the parameters do not make a `T`.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, Rejection<E>>
    where
        E: PathRole,
        T: DeserializeOwned,
    {
        // The parameters re-encoded as a query string, so path and query share one
        // deserializer (serde_urlencoded's, which parses numbers and the like from text).
        let encoded = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        pairs_into("path", &encoded, E::bad_path).map(|v| Path(v, std::marker::PhantomData))
    }
}

impl<E, T> Query<E, T> {
    /// The request's query string (without `?`; empty when there is none).
    ///
    /// # Errors
    ///
    /// `E`'s `query` row when the query does not make a `T`.
    pub fn from_query(query: &str) -> Result<Self, Rejection<E>>
    where
        E: QueryRole,
        T: DeserializeOwned,
    {
        pairs_into("query", query, E::bad_query).map(|v| Query(v, std::marker::PhantomData))
    }
}

/// What both frameworks check before reading a body: its `Content-Type` says JSON and its
/// declared `Content-Length`, if any, is within `limit`.
pub(crate) fn before_reading<E: BodyRoles>(
    content_type: Option<&[u8]>,
    content_length: Option<&[u8]>,
    limit: usize,
) -> Result<(), Rejection<E>> {
    json_content_type(content_type)?;
    if declared_over(content_length, limit) {
        return Err(too_large(limit));
    }
    Ok(())
}

/// The `content_type` row unless the header says JSON: checked before a body is read.
fn json_content_type<E: BodyRoles>(content_type: Option<&[u8]>) -> Result<(), Rejection<E>> {
    if content_type.is_some_and(is_json) {
        Ok(())
    } else {
        Err(Rejection::new(
            E::bad_content_type(Cow::Borrowed("Content-Type")),
            Detail::content_type(content_type),
        ))
    }
}

/// The `body_too_large` row for a body over `limit` bytes.
pub(crate) fn too_large<E: BodyRoles>(limit: usize) -> Rejection<E> {
    Rejection::new(
        E::body_too_large(Cow::Borrowed("body")),
        Detail::too_large(limit),
    )
}

/// The `body` row for a body that could not be read.
pub(crate) fn unreadable<E: BodyRoles>(
    error: impl Into<Box<dyn std::error::Error + Send + Sync>>,
) -> Rejection<E> {
    Rejection::new(
        E::bad_body(Cow::Borrowed("body")),
        Detail::other("reading the body", error),
    )
}

/// Whether a declared `Content-Length` is over `limit`: refused before reading.
fn declared_over(content_length: Option<&[u8]>, limit: usize) -> bool {
    content_length
        .and_then(|v| std::str::from_utf8(v).ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .is_some_and(|n| n > limit as u64)
}

fn pairs_into<E, T: DeserializeOwned>(
    what: &'static str,
    encoded: &str,
    row: fn(Cow<'static, str>) -> E,
) -> Result<T, Rejection<E>> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(encoded.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let error = e.into_inner();
        let field =
            missing_field(&error.to_string(), &path).unwrap_or_else(|| field_of(&path, what));
        Rejection::new(row(field), Detail::pairs(what, path, error))
    })
}

/// The field a serde path names (`vpc.name`), or `whole` for the value itself (`.`).
fn field_of(path: &str, whole: &'static str) -> Cow<'static, str> {
    if path == "." {
        Cow::Borrowed(whole)
    } else {
        Cow::Owned(path.to_owned())
    }
}

/// `vpc.name` for serde's "missing field `name`" at `vpc`.
fn missing_field(message: &str, path: &str) -> Option<Cow<'static, str>> {
    let rest = message.strip_prefix(MISSING_FIELD)?;
    let name = &rest[..rest.find('`')?];
    Some(Cow::Owned(if path == "." {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }))
}

/// `application/json` or `application/<anything>+json`, any case, parameters ignored.
fn is_json(content_type: &[u8]) -> bool {
    let Ok(value) = std::str::from_utf8(content_type) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim();
    let Some((kind, subtype)) = essence.split_once('/') else {
        return false;
    };
    kind.eq_ignore_ascii_case("application")
        && (subtype.eq_ignore_ascii_case("json")
            || subtype.len().checked_sub(5).is_some_and(|at| {
                subtype.is_char_boundary(at) && subtype[at..].eq_ignore_ascii_case("+json")
            }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_content_types() {
        for ok in [
            "application/json",
            "Application/JSON; charset=utf-8",
            "application/merge-patch+json",
        ] {
            assert!(is_json(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "text/plain",
            "application/jsonx",
            "json",
            "",
            "application/",
            "\u{e9}/json",
        ] {
            assert!(!is_json(bad.as_bytes()), "{bad}");
        }
        assert!(!is_json(b"application/json\xff"));
    }

    #[test]
    fn missing_fields_are_named_with_their_path() {
        assert_eq!(
            missing_field("missing field `name`", "vpc").as_deref(),
            Some("vpc.name")
        );
        assert_eq!(
            missing_field("missing field `vpc`", ".").as_deref(),
            Some("vpc")
        );
        assert_eq!(missing_field("invalid type", "."), None);
    }
}
