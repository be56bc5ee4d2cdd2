//! The typed values of requests: what a body field, path parameter or query parameter
//! must be, checked while serde reads it, so that a value breaking its rule is answered
//! by the operation's row for that role (`vpc_errors::extract`), naming the field.
//! Rules that depend on the store (a range inside its VPC, a name unused) are the
//! handlers'.

use std::borrow::Cow;
use std::fmt;

use axum::extract::RawPathParams;
use axum::extract::rejection::RawPathParamsRejection;
use serde::Deserialize;
use vpc_errors::extract::QueryRole;

/// The most body bytes a request may have: a body of the VPC/EIP API is a few hundred.
pub const BODY_LIMIT: usize = 64 * 1024;

/// A rule a value breaks, for the log (the response carries the row alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Broken {
    /// The parameter: `gateway_ip`, `bandwidth`, …
    pub field: &'static str,
    /// What it must be.
    pub rule: &'static str,
}

impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` must be {}", self.field, self.rule)
    }
}

impl std::error::Error for Broken {}

/// Declares a string value type: `try_from` checks `rule` when serde reads one.
macro_rules! text_value {
    ($(#[$doc:meta])* $name:ident, $rule:literal, |$s:ident| $valid:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
        #[serde(try_from = "String")]
        pub struct $name(pub String);

        impl TryFrom<String> for $name {
            type Error = &'static str;

            fn try_from($s: String) -> Result<Self, Self::Error> {
                if $valid { Ok($name($s)) } else { Err(concat!("must be ", $rule)) }
            }
        }
    };
}

text_value!(
    /// A resource name: 1 to 64 letters (any script: the console takes Chinese names),
    /// digits, `_`, `-` and `.`.
    Name,
    "1 to 64 letters, digits, `_`, `-` or `.`",
    |s| (1..=64).contains(&s.chars().count())
        && s.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
);

text_value!(
    /// A description: at most 255 characters, without `<` or `>` (the cloud refuses them).
    Description,
    "at most 255 characters, without `<` or `>`",
    |s| s.chars().count() <= 255 && !s.contains(['<', '>'])
);

text_value!(
    /// A resource id as the cloud writes them: a lower-case, hyphenated UUID.
    Id,
    "a lower-case hyphenated UUID",
    |s| is_id(&s)
);

text_value!(
    /// An enterprise project: `"0"` (the default one) or an id.
    EnterpriseProjectId,
    "\"0\" or an enterprise project id",
    |s| s == "0" || is_id(&s)
);

impl Id {
    /// `text` if it is an id.
    pub fn parse(text: &str) -> Option<Id> {
        is_id(text).then(|| Id(text.to_owned()))
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl EnterpriseProjectId {
    /// The default enterprise project's, `"0"`: what a request naming none gets.
    pub fn or_default(id: Option<Self>) -> String {
        id.map_or_else(|| "0".to_owned(), |id| id.0)
    }
}

impl Description {
    /// The text, empty when the request gave none.
    pub fn or_empty(description: Option<Self>) -> String {
        description.map(|d| d.0).unwrap_or_default()
    }
}

/// `uuid` parses braced, simple and upper-case forms too; the cloud's ids are only
/// ever the lower-case hyphenated one, so that is the one form accepted.
fn is_id(text: &str) -> bool {
    uuid::Uuid::try_parse(text).is_ok_and(|id| id.hyphenated().to_string() == text)
}

/// A list's `limit`: `0` or absent is the cloud's default page, at most `i32::MAX`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "u32")]
pub struct Limit(u32);

impl TryFrom<u32> for Limit {
    type Error = &'static str;

    fn try_from(n: u32) -> Result<Self, Self::Error> {
        if n <= i32::MAX.unsigned_abs() {
            Ok(Limit(n))
        } else {
            Err("must be from 0 to 2147483647")
        }
    }
}

/// The cloud's page size when a list request gives none (or `limit=0`).
const DEFAULT_LIMIT: usize = 2000;

/// `?limit=&marker=` of a list request.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    /// The page size.
    pub limit: Option<Limit>,
    /// The id of the item the page starts after.
    pub marker: Option<String>,
}

/// The page of `items` (in list order): up to `limit` after the one whose id is `marker`.
/// A marker that is not the id of one of them is refused with the operation's query row:
/// the client is paging through a list that changed, or a made-up one.
pub fn page<'a, E: QueryRole, T>(
    items: impl IntoIterator<Item = &'a T>,
    limit: Option<Limit>,
    marker: Option<&str>,
    id: impl Fn(&T) -> &str,
) -> Result<Vec<&'a T>, E> {
    let mut items = items.into_iter();
    if let Some(marker) = marker
        && !items.by_ref().any(|item| id(item) == marker)
    {
        return Err(E::bad_query(Cow::Borrowed("marker")));
    }
    let limit = match limit {
        None | Some(Limit(0)) => DEFAULT_LIMIT,
        // Only a 16-bit target could not hold it, and there every list fits anyway.
        Some(Limit(n)) => usize::try_from(n).unwrap_or(usize::MAX),
    };
    Ok(items.take(limit).collect())
}

/// The path parameter `name`, for an operation whose table has no row for a bad one:
/// `None` if the path's parameters are not UTF-8 once percent-decoded, which no
/// resource's id or project is.
pub fn raw_param<'a>(
    params: &'a Result<RawPathParams, RawPathParamsRejection>,
    name: &str,
) -> Option<&'a str> {
    let params = params.as_ref().ok()?;
    params.iter().find(|(key, _)| *key == name).map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use vpc_errors::ListVpcsError;

    use super::*;

    #[test]
    fn ids_are_lower_case_and_hyphenated() {
        assert!(Id::parse("0b7e3c4a-1d2f-4e5a-8b9c-0d1e2f3a4b5c").is_some());
        for bad in [
            "",
            "0B7E3C4A-1D2F-4E5A-8B9C-0D1E2F3A4B5C",
            "0b7e3c4a1d2f4e5a8b9c0d1e2f3a4b5c",
            "{0b7e3c4a-1d2f-4e5a-8b9c-0d1e2f3a4b5c}",
            "urn:uuid:0b7e3c4a-1d2f-4e5a-8b9c-0d1e2f3a4b5c",
            "0b7e3c4a-1d2f-4e5a-8b9c-0d1e2f3a4b5",
            "0b7e3c4g-1d2f-4e5a-8b9c-0d1e2f3a4b5c",
        ] {
            assert!(Id::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn names_and_descriptions() {
        let name = |s: &str| Name::try_from(s.to_owned());
        assert!(name("web-1_a.b").is_ok());
        assert!(name("生产网络").is_ok());
        assert!(name(&"n".repeat(64)).is_ok());
        for bad in ["", "a b", "a/b", "a\"b", "<x>"] {
            assert!(name(bad).is_err(), "{bad:?}");
        }
        assert!(name(&"n".repeat(65)).is_err());
        let description = |s: String| Description::try_from(s);
        assert!(description(String::new()).is_ok());
        assert!(description("d".repeat(255)).is_ok());
        assert!(description("d".repeat(256)).is_err());
        assert!(description("a <b>".into()).is_err());
    }

    #[test]
    fn pages_follow_the_marker() {
        let items = ["a", "b", "c", "d"];
        let page = |query: &str| {
            let q = vpc_errors::extract::Query::<ListVpcsError, ListQuery>::from_query(query)
                .map_err(|_| "query")?
                .into_inner();
            page::<ListVpcsError, _>(&items, q.limit, q.marker.as_deref(), |s| s)
                .map(|page| page.into_iter().copied().collect::<Vec<_>>())
                .map_err(|_| "marker")
        };
        assert_eq!(page("").unwrap(), ["a", "b", "c", "d"]);
        assert_eq!(page("limit=2").unwrap(), ["a", "b"]);
        assert_eq!(page("limit=0").unwrap(), ["a", "b", "c", "d"]);
        assert_eq!(page("marker=b&limit=1").unwrap(), ["c"]);
        assert_eq!(page("marker=d").unwrap(), [] as [&str; 0]);
        assert_eq!(page("marker=z"), Err("marker"));
        for limit in ["-1", "x", "2147483648", "", "%FF"] {
            assert_eq!(page(&format!("limit={limit}")), Err("query"), "{limit:?}");
        }
        assert_eq!(page("limit=1&limit=2"), Err("query"));
    }
}
