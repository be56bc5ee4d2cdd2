//! The request id a client sent, checked before it is echoed on a response.
//!
//! The cloud's SDKs read the id of a failed request only from the `X-Request-Id`
//! response header, so a server built on this crate echoes the id its caller sent. The
//! value comes from the network: only ids that look like ids are echoed, so a hostile
//! header cannot make the server repeat arbitrary text (log or header injection, or a
//! megabyte of it) on its responses.
//!
//! How to echo it, by stack:
//!
//! - any: [`ErrorResponse::with_request_id`](crate::ErrorResponse::with_request_id) with a
//!   [`RequestId::parse`]d value;
//! - feature `http` (hyper, tower): `RequestId::from_headers` for that, or
//!   `vpc_errors::http::echo_request_id` to copy the header onto any response;
//! - feature `axum`: the `vpc_errors::axum::echo_request_id` middleware, or an
//!   `Option<RequestId>` handler argument;
//! - feature `actix-web`: the `vpc_errors::actix::echo_request_id` middleware, or
//!   `vpc_errors::actix::request_id`.
//!
//! The middlewares echo the id on every response, not only on errors: the cloud's own
//! API does, and its SDKs read it from successful responses too.

use std::fmt;

/// The header the request id travels in, lower-case as HTTP/2 and the `http` crate want it.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The longest request id that is echoed, in bytes. The cloud's own ids are 32 hex digits;
/// UUIDs, ULIDs and W3C trace ids all fit.
pub const MAX_REQUEST_ID_LEN: usize = 128;

/// A request id fit to echo: 1 to [`MAX_REQUEST_ID_LEN`] bytes of ASCII letters, digits and
/// `-` `_` `.` `:` `+` `/` `=` (enough for hex, UUIDs, base64 and dotted or colon-separated
/// ids; no spaces, quotes, `;` or `,`, which could change how a header is read).
///
/// ```
/// use vpc_errors::RequestId;
///
/// assert_eq!(RequestId::parse("4d3c1f0e9a8b7c6d5e4f3a2b1c0d9e8f").unwrap().as_str(), "4d3c1f0e9a8b7c6d5e4f3a2b1c0d9e8f");
/// assert!(RequestId::parse("id\r\nSet-Cookie: x=1").is_none());
/// assert!(RequestId::parse("").is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RequestId(Box<str>);

impl RequestId {
    /// `value` as a request id, or `None` if it is not one that may be echoed.
    #[must_use]
    pub fn parse(value: impl AsRef<[u8]>) -> Option<Self> {
        let value = value.as_ref();
        if !Self::is_valid(value) {
            return None;
        }
        // Checked to be ASCII just above.
        std::str::from_utf8(value).ok().map(|s| RequestId(s.into()))
    }

    /// Whether `value` may be echoed as a request id (see [`RequestId`]).
    #[must_use]
    pub const fn is_valid(value: &[u8]) -> bool {
        if value.is_empty() || value.len() > MAX_REQUEST_ID_LEN {
            return false;
        }
        let mut i = 0;
        while i < value.len() {
            let b = value[i];
            if !(b.is_ascii_alphanumeric()
                || matches!(b, b'-' | b'_' | b'.' | b':' | b'+' | b'/' | b'='))
            {
                return false;
            }
            i += 1;
        }
        true
    }

    /// A new id, 32 lower-case hex digits like the cloud's own: for a request that came
    /// without one, so every response can echo one.
    ///
    /// Unique within a process (a counter) and, with overwhelming likelihood, across
    /// processes (the counter and the time hashed with a key drawn at random once per
    /// process); not a secret, and not unpredictable to someone who sees many of them.
    ///
    /// ```
    /// use vpc_errors::RequestId;
    ///
    /// let (a, b) = (RequestId::generate(), RequestId::generate());
    /// assert_ne!(a, b);
    /// assert_eq!(a.as_str().len(), 32);
    /// assert!(a.as_str().bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')));
    /// ```
    #[must_use]
    pub fn generate() -> Self {
        use std::hash::{BuildHasher, RandomState};
        use std::sync::OnceLock;
        use std::sync::atomic::{AtomicU64, Ordering};
        use std::time::{SystemTime, UNIX_EPOCH};

        static KEY: OnceLock<RandomState> = OnceLock::new();
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let key = KEY.get_or_init(RandomState::new);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |t| t.as_nanos());
        let high = key.hash_one((n, now, 0_u8));
        let low = key.hash_one((n, now, 1_u8));
        RequestId(format!("{high:016x}{low:016x}").into())
    }

    /// The id.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for RequestId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_usual_shapes_of_ids() {
        for id in [
            "4d3c1f0e9a8b7c6d5e4f3a2b1c0d9e8f",
            "123e4567-e89b-12d3-a456-426614174000",
            "01ARZ3NDEKTSV4RRFFQ69G5FAV",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "req_1.2:3+4/5==",
            "x",
        ] {
            assert_eq!(
                RequestId::parse(id).map(|r| r.to_string()),
                Some(id.to_owned())
            );
        }
    }

    #[test]
    fn refuses_what_could_be_hostile() {
        for id in [
            "",
            " ",
            "a b",
            "a\r\nX-Evil: 1",
            "a\0b",
            "<script>",
            "\"quoted\"",
            "a;b",
            "a,b",
            "é",
            "\u{202e}abc",
        ] {
            assert!(RequestId::parse(id).is_none(), "{id:?}");
        }
        assert!(RequestId::parse([0xff, b'a']).is_none());
        assert!(RequestId::parse("a".repeat(MAX_REQUEST_ID_LEN)).is_some());
        assert!(RequestId::parse("a".repeat(MAX_REQUEST_ID_LEN + 1)).is_none());
    }
}
