//! The shapes an error body takes on the wire, and the one function that writes them.
//!
//! The proc macros call [`Wire::write_body`] when compiling, to prebuild the body of every
//! row without parameters as a `&'static str`; the runtime calls it to render a templated
//! row. One writer is what keeps the two byte for byte the same.

use std::fmt::{self, Write};

use crate::escape::JsonEscaped;

/// How a catalogue's error bodies are laid out, as its service publishes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BodyShape {
    /// `{"code":"VPC.0504","message":"…"}`: the VPC and DNS tables.
    CodeMessage,
    /// `{"error_code":"APIGW.0101","error_msg":"…"}`: the API gateway and many services.
    ErrorCode,
    /// `{"error":{"code":"Ecs.0000","message":"…"}}`: ECS and the classic load balancer.
    Nested,
    /// `{"code":"…","message":"…","error_code":"…","error_msg":"…"}`: both pairs, for
    /// clients that read only one of them (the Node.js SDK reads only the second).
    Dual,
}

impl BodyShape {
    /// Every shape, in the order the catalogue's documentation lists them.
    pub const ALL: [BodyShape; 4] = [
        BodyShape::CodeMessage,
        BodyShape::ErrorCode,
        BodyShape::Nested,
        BodyShape::Dual,
    ];

    /// The name a catalogue's header gives the shape (`body: error_code`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            BodyShape::CodeMessage => "code_message",
            BodyShape::ErrorCode => "error_code",
            BodyShape::Nested => "nested",
            BodyShape::Dual => "dual",
        }
    }

    /// The shape a catalogue's header names.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    /// What a body of this shape looks like, for documentation and diagnostics.
    #[must_use]
    pub const fn example(self) -> &'static str {
        match self {
            BodyShape::CodeMessage => r#"{"code":"…","message":"…"}"#,
            BodyShape::ErrorCode => r#"{"error_code":"…","error_msg":"…"}"#,
            BodyShape::Nested => r#"{"error":{"code":"…","message":"…"}}"#,
            BodyShape::Dual => r#"{"code":"…","message":"…","error_code":"…","error_msg":"…"}"#,
        }
    }
}

/// The member that carries the response's request id, where a catalogue's bodies have one.
pub const REQUEST_ID_MEMBER: &str = "request_id";

/// A catalogue's wire format: the body's shape, and whether it carries the request id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Wire {
    /// The body's members.
    pub shape: BodyShape,
    /// Whether the body ends with a `"request_id"` member holding the response's request
    /// id (empty until one is known; see [`Wire::request_id_at`]).
    pub request_id: bool,
}

impl Wire {
    /// The published VPC format: `{"code":"…","message":"…"}`.
    pub const DEFAULT: Wire = Wire {
        shape: BodyShape::CodeMessage,
        request_id: false,
    };

    /// Writes a body: `code` escaped here, and `message` writing the message already
    /// escaped (for [`BodyShape::Dual`] it is called twice). If `message` fails the body
    /// is still closed, so it stays valid JSON, and the error is returned.
    ///
    /// # Errors
    /// If `out` or `message` fails.
    #[inline]
    pub fn write_body<W: Write>(
        self,
        out: &mut W,
        code: &str,
        mut message: impl FnMut(&mut W) -> fmt::Result,
    ) -> fmt::Result {
        /// One pair of members, between fixed runs. Inlined into each arm below so the
        /// runs are constants there: the hot path of a templated response copies them as
        /// such rather than through a call per run.
        #[allow(
            clippy::inline_always,
            reason = "measured: the runs stay constants only when inlined (scripts/bench-instructions.sh)"
        )]
        #[inline(always)]
        fn pair<W: Write>(
            out: &mut W,
            [open, between, close]: [&str; 3],
            code: &str,
            message: &mut impl FnMut(&mut W) -> fmt::Result,
        ) -> Result<fmt::Result, fmt::Error> {
            out.write_str(open)?;
            JsonEscaped(&mut *out).write_str(code)?;
            out.write_str(between)?;
            let written = message(out);
            out.write_str(close)?;
            Ok(written)
        }
        const CODE: &str = "{\"code\":\"";
        const MESSAGE: &str = "\",\"message\":\"";
        const ERROR_CODE: &str = "{\"error_code\":\"";
        const ERROR_MSG: &str = "\",\"error_msg\":\"";
        const NESTED: &str = "{\"error\":{\"code\":\"";
        const END: &str = "\"}";
        const END_ID: &str = "\",\"request_id\":\"\"}";
        let m = &mut message;
        match (self.shape, self.request_id) {
            (BodyShape::CodeMessage, false) => pair(out, [CODE, MESSAGE, END], code, m)?,
            (BodyShape::CodeMessage, true) => pair(out, [CODE, MESSAGE, END_ID], code, m)?,
            (BodyShape::ErrorCode, false) => pair(out, [ERROR_CODE, ERROR_MSG, END], code, m)?,
            (BodyShape::ErrorCode, true) => pair(out, [ERROR_CODE, ERROR_MSG, END_ID], code, m)?,
            (BodyShape::Nested, false) => pair(out, [NESTED, MESSAGE, "\"}}"], code, m)?,
            (BodyShape::Nested, true) => {
                pair(out, [NESTED, MESSAGE, "\"},\"request_id\":\"\"}"], code, m)?
            }
            (BodyShape::Dual, request_id) => {
                let first = pair(out, [CODE, MESSAGE, "\""], code, m)?;
                let end = if request_id { END_ID } else { END };
                let second = pair(out, [",\"error_code\":\"", ERROR_MSG, end], code, m)?;
                first.and(second)
            }
        }
    }

    /// Where a request id goes in a body this wire wrote: the byte offset inside the empty
    /// `"request_id":""` that ends it (the body's last two bytes are `"}`), or `None` when
    /// the wire has no request id member.
    #[inline]
    #[must_use]
    pub fn request_id_at(self, body: &str) -> Option<usize> {
        (self.request_id && body.ends_with("\"\"}")).then(|| body.len() - 2)
    }
}

impl Wire {
    /// The same error as `body` (a body this wire wrote) in the [`BodyShape::Dual`]
    /// shape, request id member kept: the escaped code and message are moved, not
    /// rendered again. `None` for a nested body, or a body this wire did not write.
    ///
    /// A code is validated to hold no `"`, and an escaped message holds none unescaped,
    /// so the members' ends are found without a JSON parser.
    #[must_use]
    pub fn dual_from(self, body: &str) -> Option<String> {
        let (open, between) = match self.shape {
            BodyShape::Dual => return Some(body.to_owned()),
            BodyShape::CodeMessage => ("{\"code\":\"", "\",\"message\":\""),
            BodyShape::ErrorCode => ("{\"error_code\":\"", "\",\"error_msg\":\""),
            BodyShape::Nested => return None,
        };
        let rest = body.strip_prefix(open)?;
        let (code, rest) = rest.split_at(rest.find('"')?);
        let rest = rest.strip_prefix(between)?;
        let (message, tail) = if self.request_id {
            let at = rest.rfind("\",\"request_id\":\"")?;
            (&rest[..at], &rest[at + 1..])
        } else {
            (rest.strip_suffix("\"}")?, "}")
        };
        let mut out = String::with_capacity(2 * body.len() + 24);
        for (code_key, message_key) in [
            ("{\"code\":\"", "\",\"message\":\""),
            (",\"error_code\":\"", "\",\"error_msg\":\""),
        ] {
            out.push_str(code_key);
            out.push_str(code);
            out.push_str(message_key);
            out.push_str(message);
            out.push('"');
        }
        out.push_str(tail);
        Some(out)
    }
}

impl Default for Wire {
    fn default() -> Self {
        Wire::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(wire: Wire, code: &str, message: &str) -> String {
        let mut out = String::new();
        wire.write_body(&mut out, code, |out| JsonEscaped(out).write_str(message))
            .unwrap();
        out
    }

    #[test]
    fn every_shape_writes_its_published_layout() {
        let m = "Say \"hi\"";
        let cases = [
            (
                BodyShape::CodeMessage,
                r#"{"code":"A.1","message":"Say \"hi\""}"#,
            ),
            (
                BodyShape::ErrorCode,
                r#"{"error_code":"A.1","error_msg":"Say \"hi\""}"#,
            ),
            (
                BodyShape::Nested,
                r#"{"error":{"code":"A.1","message":"Say \"hi\""}}"#,
            ),
            (
                BodyShape::Dual,
                r#"{"code":"A.1","message":"Say \"hi\"","error_code":"A.1","error_msg":"Say \"hi\""}"#,
            ),
        ];
        for (shape, expected) in cases {
            let wire = Wire {
                shape,
                request_id: false,
            };
            assert_eq!(body(wire, "A.1", m), expected);
            let value: serde_json::Value = serde_json::from_str(expected).unwrap();
            assert!(value.is_object());
            assert_eq!(BodyShape::from_name(shape.name()), Some(shape));
        }
    }

    #[test]
    fn a_request_id_member_ends_the_body_and_says_where_the_id_goes() {
        for shape in BodyShape::ALL {
            let wire = Wire {
                shape,
                request_id: true,
            };
            let written = body(wire, "A.1", "m");
            let at = wire.request_id_at(&written).unwrap();
            let filled = format!("{}abc{}", &written[..at], &written[at..]);
            let value: serde_json::Value = serde_json::from_str(&filled).unwrap();
            assert_eq!(value["request_id"], "abc", "{filled}");
            assert_eq!(
                Wire {
                    shape,
                    request_id: false
                }
                .request_id_at(&written),
                None
            );
        }
    }

    #[test]
    fn any_flat_body_becomes_its_dual_without_rendering_again() {
        let hostile = "a \"b\" \\ \",\"request_id\":\"x\"} é\u{1}";
        for shape in [
            BodyShape::CodeMessage,
            BodyShape::ErrorCode,
            BodyShape::Dual,
        ] {
            for request_id in [false, true] {
                let wire = Wire { shape, request_id };
                let dual = Wire {
                    shape: BodyShape::Dual,
                    request_id,
                };
                for message in ["Fine.", "", hostile] {
                    let written = body(wire, "A.1", message);
                    assert_eq!(
                        wire.dual_from(&written).as_deref(),
                        Some(body(dual, "A.1", message).as_str()),
                        "{written}"
                    );
                }
            }
        }
        let nested = Wire {
            shape: BodyShape::Nested,
            request_id: false,
        };
        assert_eq!(nested.dual_from(&body(nested, "A.1", "m")), None);
        assert_eq!(Wire::DEFAULT.dual_from("{\"code\":1}"), None);
    }

    #[test]
    fn a_failing_message_still_closes_the_body() {
        let mut out = String::new();
        let result = Wire::DEFAULT.write_body(&mut out, "A.1", |out| {
            out.write_str("part")?;
            Err(fmt::Error)
        });
        assert!(result.is_err());
        assert_eq!(out, r#"{"code":"A.1","message":"part"}"#);
    }
}
