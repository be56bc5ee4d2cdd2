//! The shapes an error body takes on the wire, and the one function that writes them.
//!
//! The proc macros call [`Wire::write_body`] when compiling, to prebuild the body of every
//! row without parameters as a `&'static str`; the runtime calls it to render a templated
//! row. One writer is what keeps the two byte for byte the same.

use std::fmt::{self, Write};

use crate::escape::JsonEscaped;

/// How a catalogue's error bodies are laid out, as its service publishes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
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
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
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
    pub fn write_body<W: Write>(
        self,
        out: &mut W,
        code: &str,
        mut message: impl FnMut(&mut W) -> fmt::Result,
    ) -> fmt::Result {
        let mut failed = Ok(());
        let mut pair = |out: &mut W, code_key: &str, message_key: &str| -> fmt::Result {
            out.write_str(code_key)?;
            JsonEscaped(&mut *out).write_str(code)?;
            out.write_str(message_key)?;
            let written = message(out);
            if failed.is_ok() {
                failed = written;
            }
            out.write_char('"')
        };
        match self.shape {
            BodyShape::CodeMessage => pair(out, "{\"code\":\"", "\",\"message\":\"")?,
            BodyShape::ErrorCode => pair(out, "{\"error_code\":\"", "\",\"error_msg\":\"")?,
            BodyShape::Nested => {
                pair(out, "{\"error\":{\"code\":\"", "\",\"message\":\"")?;
                out.write_char('}')?;
            }
            BodyShape::Dual => {
                pair(out, "{\"code\":\"", "\",\"message\":\"")?;
                pair(out, ",\"error_code\":\"", "\",\"error_msg\":\"")?;
            }
        }
        if self.request_id {
            out.write_str(",\"request_id\":\"\"")?;
        }
        out.write_char('}')?;
        failed
    }

    /// Where a request id goes in a body this wire wrote: the byte offset inside the empty
    /// `"request_id":""` that ends it (the body's last two bytes are `"}`), or `None` when
    /// the wire has no request id member.
    #[must_use]
    pub fn request_id_at(self, body: &str) -> Option<usize> {
        (self.request_id && body.ends_with("\"\"}")).then(|| body.len() - 2)
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
