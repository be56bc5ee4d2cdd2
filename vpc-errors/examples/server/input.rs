//! Reading requests: path ids, JSON bodies and list queries.
//!
//! Nothing here answers a request. A problem is a [`BadInput`] naming the parameter and
//! why; each handler maps it onto its own operation's parameter error, because the
//! catalogue gives every operation its own (`CreateVpc`'s `VPC.0101 Param is invalid.`,
//! `UpdateSubnet`'s `VPC.0201 {field} is invalid.`, …). That is also why the body is read
//! as bytes and parsed here rather than with axum's `Json`: its rejections answer with
//! axum's own text, which no client of this API expects.

use std::convert::Infallible;
use std::error::Error;
use std::fmt;
use std::net::Ipv4Addr;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, FailedToBufferBody, QueryRejection};
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use serde_json::{Map, Value};

/// The largest request body read, in bytes. The biggest real body here is well under
/// 1 KiB; anything over the limit is answered with the operation's parameter error (a
/// catalogue error, where axum's default would be its own `413` text).
pub const BODY_LIMIT: usize = 64 * 1024;

/// A request parameter that cannot be used.
#[derive(Debug)]
pub struct BadInput {
    /// The parameter: a body key (`name`, `cidr`, …), a query parameter, a path id, or
    /// `body` for the body as a whole.
    pub field: &'static str,
    /// What is wrong with it.
    pub why: Why,
}

/// What is wrong with a parameter.
#[derive(Debug)]
pub enum Why {
    /// The body is over [`BODY_LIMIT`].
    TooLarge,
    /// The body could not be read (the connection failed mid-body, say).
    Unreadable,
    /// The body is not JSON; `serde_json`'s description.
    NotJson(String),
    /// Required and absent (or `null`).
    Missing,
    /// Present with another JSON type.
    WrongType {
        /// What it should have been.
        expected: &'static str,
    },
    /// Well-typed, but breaks this rule.
    Breaks(&'static str),
}

impl BadInput {
    /// `field` breaks `rule`.
    pub const fn breaks(field: &'static str, rule: &'static str) -> Self {
        BadInput {
            field,
            why: Why::Breaks(rule),
        }
    }
}

/// For the access log: `` `cidr` must be an IPv4 CIDR block ``.
impl fmt::Display for BadInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = self.field;
        match &self.why {
            Why::TooLarge => write!(f, "the body is over {BODY_LIMIT} bytes"),
            Why::Unreadable => f.write_str("the body could not be read"),
            Why::NotJson(e) => write!(f, "the body is not JSON: {e}"),
            Why::Missing => write!(f, "`{field}` is missing"),
            Why::WrongType { expected } => write!(f, "`{field}` is not {expected}"),
            Why::Breaks(rule) => write!(f, "`{field}` must be {rule}"),
        }
    }
}

impl Error for BadInput {}

/// The request body as a JSON object.
pub fn json(body: Result<Bytes, BytesRejection>) -> Result<Map<String, Value>, BadInput> {
    let field = "body";
    let bytes = body.map_err(|rejection| BadInput {
        field,
        why: match rejection {
            BytesRejection::FailedToBufferBody(FailedToBufferBody::LengthLimitError(_)) => {
                Why::TooLarge
            }
            _ => Why::Unreadable,
        },
    })?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(BadInput {
            field,
            why: Why::WrongType {
                expected: "a JSON object",
            },
        }),
        Err(e) => Err(BadInput {
            field,
            why: Why::NotJson(e.to_string()),
        }),
    }
}

/// A JSON object of a request body, read key by key. A `null` value counts as absent, as
/// the cloud's SDKs send `null` for fields left unset.
#[derive(Debug, Clone, Copy)]
pub struct Object<'a>(&'a Map<String, Value>);

impl<'a> Object<'a> {
    /// The body's top-level object.
    pub fn new(map: &'a Map<String, Value>) -> Self {
        Object(map)
    }

    fn get(self, key: &str) -> Option<&'a Value> {
        self.0.get(key).filter(|v| !v.is_null())
    }

    /// The required object under `key`: `{"vpc": {...}}`.
    pub fn object(self, key: &'static str) -> Result<Object<'a>, BadInput> {
        match self.get(key) {
            Some(Value::Object(map)) => Ok(Object(map)),
            Some(_) => Err(wrong_type(key, "an object")),
            None => Err(missing(key)),
        }
    }

    /// The required string under `key`.
    pub fn string(self, key: &'static str) -> Result<&'a str, BadInput> {
        self.opt_string(key)?.ok_or_else(|| missing(key))
    }

    /// The string under `key`, if any.
    pub fn opt_string(self, key: &'static str) -> Result<Option<&'a str>, BadInput> {
        match self.get(key) {
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(wrong_type(key, "a string")),
            None => Ok(None),
        }
    }

    /// The boolean under `key`, if any.
    pub fn opt_bool(self, key: &'static str) -> Result<Option<bool>, BadInput> {
        match self.get(key) {
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(wrong_type(key, "a boolean")),
            None => Ok(None),
        }
    }

    /// The whole number under `key`, if any, in `range`.
    pub fn opt_integer(
        self,
        key: &'static str,
        range: std::ops::RangeInclusive<u64>,
        rule: &'static str,
    ) -> Result<Option<u64>, BadInput> {
        match self.get(key) {
            Some(Value::Number(n)) => match n.as_u64() {
                Some(n) if range.contains(&n) => Ok(Some(n)),
                _ => Err(BadInput::breaks(key, rule)),
            },
            Some(_) => Err(wrong_type(key, "a number")),
            None => Ok(None),
        }
    }
}

const fn missing(field: &'static str) -> BadInput {
    BadInput {
        field,
        why: Why::Missing,
    }
}

const fn wrong_type(field: &'static str, expected: &'static str) -> BadInput {
    BadInput {
        field,
        why: Why::WrongType { expected },
    }
}

/// A resource name: 1 to 64 letters (any script: the console takes Chinese names),
/// digits, `_`, `-` and `.`.
pub fn name(field: &'static str, value: &str) -> Result<String, BadInput> {
    let length = value.chars().count();
    if (1..=64).contains(&length)
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
    {
        Ok(value.to_owned())
    } else {
        Err(BadInput::breaks(
            field,
            "1 to 64 letters, digits, `_`, `-` or `.`",
        ))
    }
}

/// A description: at most 255 characters, without `<` or `>` (the cloud refuses them).
pub fn description(field: &'static str, value: &str) -> Result<String, BadInput> {
    if value.chars().count() <= 255 && !value.contains(['<', '>']) {
        Ok(value.to_owned())
    } else {
        Err(BadInput::breaks(
            field,
            "at most 255 characters, without `<` or `>`",
        ))
    }
}

/// An IPv4 address in dotted decimal.
pub fn ipv4(field: &'static str, value: &str) -> Result<Ipv4Addr, BadInput> {
    value
        .parse()
        .map_err(|_| BadInput::breaks(field, "an IPv4 address"))
}

/// An enterprise project: `"0"` (the default one) or an id; `"0"` when absent.
pub fn enterprise_project_id(field: &'static str, value: Option<&str>) -> Result<String, BadInput> {
    match value {
        None => Ok("0".to_owned()),
        Some(id) if id == "0" || is_uuid(id) => Ok(id.to_owned()),
        Some(_) => Err(BadInput::breaks(field, "\"0\" or an enterprise project id")),
    }
}

/// Whether `id` has the shape of the cloud's resource ids: a lower-case UUID.
pub fn is_uuid(id: &str) -> bool {
    id.len() == 36
        && id.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
        })
}

/// A resource id read by a typed extractor: it deserializes only from a string of the
/// shape [`is_uuid`] accepts, so a path or body naming anything else is refused with the
/// operation's row for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Id(pub String);

impl<'de> serde::Deserialize<'de> for Id {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = String::deserialize(deserializer)?;
        if is_uuid(&id) {
            Ok(Id(id))
        } else {
            Err(serde::de::Error::custom("not a resource id"))
        }
    }
}

impl std::ops::Deref for Id {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

/// The project and resource ids of the request's path, as sent.
///
/// Every route is `/v1/{project_id}` followed by `collection/{id}` pairs, so the ids
/// are the segments at fixed places. They are taken raw, not percent-decoded: a valid id
/// is plain ASCII and never needs escaping, so an escaped one is simply an invalid id.
/// Taken this way, reading them cannot fail, where axum's `Path` would answer its own
/// text for a segment that decodes to invalid UTF-8.
pub struct PathIds(Vec<String>);

impl PathIds {
    /// `{project_id}`.
    pub fn project(&self) -> &str {
        self.segment(1)
    }

    /// The `n`-th id after the project: in `/v1/{p}/vpcs/{vpc_id}/subnets/{subnet_id}`,
    /// 0 is `vpc_id` and 1 `subnet_id`.
    pub fn id(&self, n: usize) -> &str {
        self.segment(3 + 2 * n)
    }

    fn segment(&self, i: usize) -> &str {
        self.0.get(i).map_or("", String::as_str)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PathIds {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        // "/v1/p/vpcs/x" → ["v1", "p", "vpcs", "x"].
        let segments = parts.uri.path().split('/').skip(1).map(str::to_owned);
        Ok(PathIds(segments.collect()))
    }
}

/// A list request's query parameters.
pub struct Params(Vec<(String, String)>);

/// The query string, or why it cannot be read (not form-encoded UTF-8).
pub fn params(
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Params, BadInput> {
    query
        .map(|Query(pairs)| Params(pairs))
        .map_err(|_| BadInput::breaks("query", "form-encoded UTF-8"))
}

impl Params {
    /// The value of `key`, if given. Given twice, it is ambiguous: refused.
    pub fn get(&self, key: &'static str) -> Result<Option<&str>, BadInput> {
        let mut values = self
            .0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str());
        let first = values.next();
        if values.next().is_some() {
            return Err(BadInput::breaks(key, "given once"));
        }
        Ok(first)
    }

    /// `limit` and `marker`.
    pub fn paging(&self) -> Result<Paging, BadInput> {
        let limit = self
            .get("limit")?
            .map(|text| text.parse::<u32>().map_err(|_| Paging::BAD_LIMIT))
            .transpose()?;
        Paging::new(limit, self.get("marker")?.map(str::to_owned))
    }
}

/// The cloud's page size when a list request gives none (or `limit=0`).
const DEFAULT_LIMIT: usize = 2000;

/// The largest `limit` the cloud takes: `i32::MAX`.
const MAX_LIMIT: u32 = 2_147_483_647;

/// One page of a list: up to `limit` items after the one whose id is `marker`.
pub struct Paging {
    limit: usize,
    marker: Option<String>,
}

impl Paging {
    const BAD_LIMIT: BadInput = BadInput::breaks("limit", "a whole number from 0 to 2147483647");

    /// Up to `limit` items (none or `0`: the cloud's default page) after `marker`; a
    /// `limit` over the cloud's largest is refused.
    pub fn new(limit: Option<u32>, marker: Option<String>) -> Result<Paging, BadInput> {
        let limit = match limit {
            None | Some(0) => DEFAULT_LIMIT,
            // Only a 16-bit target could not hold it, and there every list fits anyway.
            Some(n) if n <= MAX_LIMIT => usize::try_from(n).unwrap_or(usize::MAX),
            Some(_) => return Err(Paging::BAD_LIMIT),
        };
        Ok(Paging { limit, marker })
    }

    /// The page of `items` (in list order). A marker that is not the id of one of them is
    /// refused: the client is paging through a list that changed, or a made-up one.
    pub fn page<'a, T>(
        &self,
        items: impl IntoIterator<Item = &'a T>,
        id: impl Fn(&T) -> &str,
    ) -> Result<Vec<&'a T>, BadInput> {
        let mut items = items.into_iter();
        if let Some(marker) = &self.marker
            && !items.by_ref().any(|item| id(item) == marker)
        {
            return Err(BadInput::breaks("marker", "the id of an item of this list"));
        }
        Ok(items.take(self.limit).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_lower_case_and_hyphenated() {
        assert!(is_uuid("0b7e3c4a-1d2f-4e5a-8b9c-0d1e2f3a4b5c"));
        for bad in [
            "",
            "0B7E3C4A-1D2F-4E5A-8B9C-0D1E2F3A4B5C",
            "0b7e3c4a1d2f4e5a8b9c0d1e2f3a4b5c",
            "0b7e3c4a-1d2f-4e5a-8b9c-0d1e2f3a4b5",
            "0b7e3c4a-1d2f-4e5a-8b9c-0d1e2f3a4b5c0",
            "0b7e3c4a-1d2f-4e5a-8b9c_0d1e2f3a4b5c",
            "0b7e3c4g-1d2f-4e5a-8b9c-0d1e2f3a4b5c",
            "0b7e3c4a-1d2f-4e5a-8b9c-0d1e2f3a4b%63",
        ] {
            assert!(!is_uuid(bad), "{bad:?}");
        }
    }

    #[test]
    fn names_and_descriptions() {
        assert!(name("name", "web-1_a.b").is_ok());
        assert!(name("name", "生产网络").is_ok());
        assert!(name("name", &"n".repeat(64)).is_ok());
        for bad in ["", "a b", "a/b", "a\"b", "<x>"] {
            assert!(name("name", bad).is_err(), "{bad:?}");
        }
        assert!(name("name", &"n".repeat(65)).is_err());
        assert!(description("description", "").is_ok());
        assert!(description("description", &"d".repeat(255)).is_ok());
        assert!(description("description", &"d".repeat(256)).is_err());
        assert!(description("description", "a <b>").is_err());
    }

    #[test]
    fn bodies_are_objects_of_typed_fields() {
        let e = json(Ok(Bytes::from_static(b"{\"vpc\":"))).unwrap_err();
        assert!(matches!(e.why, Why::NotJson(_)));
        assert_eq!(
            json(Ok(Bytes::from_static(b"[]"))).unwrap_err().to_string(),
            "`body` is not a JSON object"
        );

        let map = json(Ok(Bytes::from_static(
            br#"{"vpc": {"name": "a", "n": 5, "b": true, "x": null, "big": -1}}"#,
        )))
        .unwrap();
        let top = Object::new(&map);
        let vpc = top.object("vpc").unwrap();
        assert_eq!(vpc.string("name").unwrap(), "a");
        assert_eq!(vpc.opt_string("x").unwrap(), None);
        assert_eq!(vpc.string("x").unwrap_err().to_string(), "`x` is missing");
        assert_eq!(
            vpc.string("n").unwrap_err().to_string(),
            "`n` is not a string"
        );
        assert_eq!(vpc.opt_bool("b").unwrap(), Some(true));
        assert_eq!(vpc.opt_integer("n", 1..=5, "1 to 5").unwrap(), Some(5));
        assert_eq!(
            vpc.opt_integer("n", 1..=4, "1 to 4")
                .unwrap_err()
                .to_string(),
            "`n` must be 1 to 4"
        );
        assert!(vpc.opt_integer("big", 0..=9, "0 to 9").is_err());
        assert_eq!(
            top.object("subnet").unwrap_err().to_string(),
            "`subnet` is missing"
        );
        assert_eq!(
            vpc.object("name").unwrap_err().to_string(),
            "`name` is not an object"
        );
    }

    #[test]
    fn pages_follow_the_marker() {
        let items = ["a", "b", "c", "d"];
        let params = |pairs: &[(&str, &str)]| {
            Params(
                pairs
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
            )
        };
        let page = |pairs: &[(&str, &str)]| {
            params(pairs)
                .paging()
                .and_then(|p| p.page(&items, |s| s))
                .map(|page| page.into_iter().copied().collect::<Vec<_>>())
        };
        assert_eq!(page(&[]).unwrap(), ["a", "b", "c", "d"]);
        assert_eq!(page(&[("limit", "2")]).unwrap(), ["a", "b"]);
        assert_eq!(page(&[("limit", "0")]).unwrap(), ["a", "b", "c", "d"]);
        assert_eq!(page(&[("marker", "b"), ("limit", "1")]).unwrap(), ["c"]);
        assert_eq!(page(&[("marker", "d")]).unwrap(), [] as [&str; 0]);
        assert_eq!(page(&[("marker", "z")]).unwrap_err().field, "marker");
        for limit in ["-1", "x", "2147483648", ""] {
            assert_eq!(
                page(&[("limit", limit)]).unwrap_err().field,
                "limit",
                "{limit:?}"
            );
        }
        assert_eq!(
            page(&[("limit", "1"), ("limit", "2")]).unwrap_err().field,
            "limit"
        );
    }
}
