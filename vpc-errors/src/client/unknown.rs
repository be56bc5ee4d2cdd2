//! What a response that does not decode is, and why: [`UnknownError`], [`UnknownReason`],
//! and the [`DecodeError`] for a body that breaks the contract.

use std::borrow::Cow;
use std::error::Error;
use std::fmt::{self, Display, Write as _};

use vpc_errors_internals::escape::LogSafe;

use super::MAX_BODY_BYTES;

/// An error response that did not decode into the target type, with everything it had:
/// the status, the `code` and `message` members if they were strings, the raw body and
/// why it is unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownError {
    pub(super) status: u16,
    pub(super) code: Option<String>,
    pub(super) message: Option<String>,
    pub(super) body: Vec<u8>,
    pub(super) reason: UnknownReason,
}

impl UnknownError {
    /// The HTTP status.
    #[must_use]
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The body's `code` member, if the body was a JSON object with a string `code`.
    #[must_use]
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The body's `message` member, if the body was a JSON object with a string `message`.
    #[must_use]
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The body exactly as received.
    #[must_use]
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as text, invalid UTF-8 replaced by U+FFFD; for logs.
    #[must_use]
    pub fn body_text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// The body exactly as received.
    #[must_use]
    pub fn into_body(self) -> Vec<u8> {
        self.body
    }

    /// Why the response is unknown.
    #[must_use]
    pub fn reason(&self) -> &UnknownReason {
        &self.reason
    }
}

/// Server-sent text in a log line: control characters and bidirectional overrides are
/// written as `\u{…}` escapes, so a hostile server or proxy cannot forge log lines or
/// reorder what a terminal shows.
struct Printable<'a>(&'a str);

impl Display for Printable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        LogSafe(f).write_str(self.0)
    }
}

/// `HTTP 404 VPC.9999: …`, the server's text made safe for a log line (the raw text is in
/// [`code`](UnknownError::code) and [`message`](UnknownError::message)).
impl Display for UnknownError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(code) = &self.code {
            write!(f, " {}", Printable(code))?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {}", Printable(message))?;
        }
        write!(f, " (unknown: {}", self.reason)?;
        if self.code.is_none() && self.message.is_none() {
            write!(f, ", {} bytes", self.body.len())?;
        }
        f.write_str(")")
    }
}

impl Error for UnknownError {}

/// Why a response did not decode into the target type.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UnknownReason {
    /// The body is empty, or only whitespace.
    EmptyBody,
    /// The body is not JSON (or not UTF-8, or has text after the JSON value).
    NotJson,
    /// The body is JSON, but not an object.
    NotAnObject,
    /// The object has no code member (`code`, `error_code`, `errorCode` or `error.code`).
    MissingCode,
    /// The object has no message member (`message`, `error_msg`, `errorMsg` or
    /// `error.message`).
    MissingMessage,
    /// This member appears more than once; JSON parsers disagree on which one counts, so
    /// the body is not trusted (`code` and `message` hold the last of each).
    DuplicateField(String),
    /// The object has this member besides the code, the message and `request_id`.
    ExtraField(String),
    /// No catalogue error has the code.
    UnknownCode,
    /// The catalogue has the code, but the target type has no error with it (another
    /// operation's error, say).
    NotThisOperation,
    /// The target type has the code, but not with this status.
    UnexpectedStatus,
    /// Code and status fit, but the message is none of the code's messages, or a template
    /// value in it is longer than any value the catalogue writes.
    MessageMismatch,
    /// The body carries its code and message in two ways (`error_code`/`error_msg` and
    /// `code`/`message`, say) that say different things. `code` and `message` hold the
    /// pair read first, in the SDKs' order.
    ConflictingMembers {
        /// The pair read: `("error_code", "error_msg")`.
        read: (&'static str, &'static str),
        /// A pair that disagrees with it.
        other: (&'static str, &'static str),
    },
}

impl Display for UnknownReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnknownReason::EmptyBody => f.write_str("empty body"),
            UnknownReason::NotJson => f.write_str("the body is not JSON"),
            UnknownReason::NotAnObject => f.write_str("the body is not a JSON object"),
            UnknownReason::MissingCode => f.write_str("no code member"),
            UnknownReason::MissingMessage => f.write_str("no message member"),
            UnknownReason::DuplicateField(name) => write!(f, "the member {name:?} is repeated"),
            UnknownReason::ExtraField(name) => write!(f, "unexpected member {name:?}"),
            UnknownReason::UnknownCode => f.write_str("no catalogue error has this code"),
            UnknownReason::NotThisOperation => {
                f.write_str("the code is not one of this operation's errors")
            }
            UnknownReason::UnexpectedStatus => {
                f.write_str("the code is not listed with this status")
            }
            UnknownReason::MessageMismatch => {
                f.write_str("the message matches none of the code's messages")
            }
            UnknownReason::ConflictingMembers { read, other } => write!(
                f,
                "the body's `{}`/`{}` and `{}`/`{}` disagree",
                read.0, read.1, other.0, other.1
            ),
        }
    }
}

/// A response that breaks the error contract (rather than extending it), or a decoding
/// request that cannot be answered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// The body is larger than [`MAX_BODY_BYTES`]; it was not read.
    TooLarge {
        /// The HTTP status.
        status: u16,
        /// The body's length in bytes.
        len: usize,
    },
    /// The body is a JSON object whose code or message member is not a string.
    WrongType {
        /// The HTTP status.
        status: u16,
        /// The member: `code`, `message`, `error_code`, `error.message`…
        field: &'static str,
        /// The JSON type found: `number`, `boolean`, `null`, `array` or `object`.
        found: &'static str,
    },
    /// [`decode_any`](super::decode_any) was given an operation the catalogue does not have.
    UnknownOperation(String),
    /// The target type disagrees with its own catalogue: its `from_parts` answered with
    /// another row than the one it was asked for, or its operation is not one of its
    /// [`CATALOGUE`](crate::FromParts::CATALOGUE)'s. Only a hand-written
    /// [`FromParts`](crate::FromParts) can.
    CatalogueMismatch {
        /// The target type.
        type_name: &'static str,
    },
}

impl Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::TooLarge { status, len } => write!(
                f,
                "HTTP {status}: the error body is {len} bytes, over the {MAX_BODY_BYTES}-byte limit; it was not read"
            ),
            DecodeError::WrongType {
                status,
                field,
                found,
            } => write!(
                f,
                "HTTP {status}: the error body's `{field}` is a JSON {found}, not a string"
            ),
            DecodeError::UnknownOperation(name) => {
                write!(f, "the catalogue has no operation named {name:?}")
            }
            DecodeError::CatalogueMismatch { type_name } => write!(
                f,
                "`{type_name}` disagrees with its `FromParts::CATALOGUE` (another catalogue's rows or operation)"
            ),
        }
    }
}

impl Error for DecodeError {}
