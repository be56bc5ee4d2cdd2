//! The client side of the contract: an error response (status and body bytes, from any
//! HTTP client) decoded back into an operation's typed error.
//!
//! ```
//! use vpc_errors::client::{Decoded, UnknownReason, decode};
//! use vpc_errors::ShowNetworkIpAvailabilitiesError as E;
//!
//! let body = br#"{"code":"VPC.2302","message":"Network net-1 could not be found."}"#;
//! match decode::<E>(400, body)? {
//!     Decoded::Known(E::NetworkNotFound { network_id }) => assert_eq!(network_id, "net-1"),
//!     other => panic!("{other:?}"),
//! }
//!
//! // What the catalogue does not know comes back as it was, never as an error.
//! let Decoded::Unknown(unknown) = decode::<E>(503, b"<html>Service Unavailable</html>")? else {
//!     unreachable!()
//! };
//! assert_eq!(unknown.reason(), &UnknownReason::NotJson);
//! assert_eq!(unknown.body(), b"<html>Service Unavailable</html>");
//! # Ok::<(), vpc_errors::client::DecodeError>(())
//! ```
//!
//! # What decodes, and what does not
//!
//! A response is [`Decoded::Known`] when its body is a JSON object with exactly the
//! members `code` and `message`, both strings, and some catalogue row that the target type
//! has lists that code, that status, and a message that matches. JSON is read as JSON, so
//! member order, whitespace and escapes (`\u0056PC.0504`) do not matter.
//!
//! Everything else a server (or a proxy in front of it) may send comes back as
//! [`Decoded::Unknown`], with the status, the `code` and `message` if they were strings,
//! the raw body and the [`UnknownReason`]: an empty or non-JSON body, JSON that is not an
//! object, a missing `code` or `message`, any other member (nested or not), a member given
//! twice, a code the catalogue does not have or not for this operation, a status the row
//! does not list, a message that matches none of the code's messages. This is what keeps a
//! client working when the service adds an error: it sees a new, unknown error, not a
//! failure to decode.
//!
//! A [`DecodeError`] is kept for input that breaks the contract rather than extends it: a
//! body over [`MAX_BODY_BYTES`] (not read at all), and a `code` or `message` member that
//! is not a string (a number, `null`, an object…), which no version of the catalogue
//! sends and which [`UnknownError`] could only carry by changing it. Decoding never
//! panics, and the body always stays with the caller: it is borrowed, never consumed.
//!
//! # Templates
//!
//! A message with parameters (`Network {network_id} could not be found.`) is matched as
//! text: the fixed pieces must appear exactly, and each parameter takes the text between
//! them. A value may contain anything, the text that follows it included, and it is
//! recovered exactly as it appears in the message. Two limits make the match sound:
//!
//! - A value is at most what [`VpcError::body`] writes: [`MAX_VALUE_BYTES`], or a value
//!   cut there followed by [`TRUNCATION_MARK`]. A truncated value decodes to the truncated
//!   text, mark included, which renders to the same message again. A longer run of text is
//!   not a value this catalogue produces, so the message does not match.
//! - When a message has several parameters and the fixed text between them also occurs
//!   inside a value, more than one split reproduces the message. Decoding then takes the
//!   split in which the first parameter is shortest, then the second, and so on (the
//!   split a lazy regular expression finds). Whatever the split, the decoded error
//!   renders to exactly the message received; with a single parameter, or values that do
//!   not contain the separators, it is the original value.
//!
//! So for every [`Decoded::Known`] error `e`, `e.message()` equals the message that was
//! received, and decoding `e.body()` gives `e` back.

use std::borrow::Cow;
use std::error::Error;
use std::fmt::{self, Display, Write as _};
use std::ptr;

use serde_core::de::{
    self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use crate::json::next_escape;
use crate::registry::{Catalogue, Entry, Piece, Template};
use crate::{AnyVpcError, CATALOGUE, FromParts, MAX_VALUE_BYTES, TRUNCATION_MARK, VpcError};

/// The largest body decoding reads, in bytes: 64 KiB. The longest body the catalogue can
/// produce (eight values of [`MAX_VALUE_BYTES`], each byte a control character escaped as
/// `\u00XX`) is about 13 KiB, so every catalogue error fits with room to spare; anything
/// larger is not an error body of this API, and is refused unread with
/// [`DecodeError::TooLarge`] rather than parsed into memory.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The longest text one template value can take in a message: a value cut at
/// [`MAX_VALUE_BYTES`] plus the [`TRUNCATION_MARK`].
const MAX_RENDERED_VALUE: usize = MAX_VALUE_BYTES + TRUNCATION_MARK.len();

/// A decoded error response: one the target type knows, or an unknown one kept as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded<E> {
    /// An error of the target type, rebuilt with its status and template values.
    Known(E),
    /// A response the catalogue (or the target type) does not describe.
    Unknown(UnknownError),
}

impl<E> Decoded<E> {
    /// Whether the response decoded into the target type.
    #[must_use]
    pub fn is_known(&self) -> bool {
        matches!(self, Decoded::Known(_))
    }

    /// The known error, if it is one.
    #[must_use]
    pub fn known(&self) -> Option<&E> {
        match self {
            Decoded::Known(e) => Some(e),
            Decoded::Unknown(_) => None,
        }
    }

    /// The known error, if it is one.
    #[must_use]
    pub fn into_known(self) -> Option<E> {
        match self {
            Decoded::Known(e) => Some(e),
            Decoded::Unknown(_) => None,
        }
    }

    /// The unknown response, if it is one.
    #[must_use]
    pub fn unknown(&self) -> Option<&UnknownError> {
        match self {
            Decoded::Known(_) => None,
            Decoded::Unknown(u) => Some(u),
        }
    }
}

impl<E: VpcError> Decoded<E> {
    /// The HTTP status of the response.
    #[must_use]
    pub fn status(&self) -> u16 {
        match self {
            Decoded::Known(e) => e.status(),
            Decoded::Unknown(u) => u.status,
        }
    }

    /// The `code` of the response, if it had one.
    #[must_use]
    pub fn code(&self) -> Option<&str> {
        match self {
            Decoded::Known(e) => Some(e.code()),
            Decoded::Unknown(u) => u.code(),
        }
    }
}

/// The known error as it displays, or the unknown response's summary.
impl<E: Display> Display for Decoded<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Decoded::Known(e) => e.fmt(f),
            Decoded::Unknown(u) => u.fmt(f),
        }
    }
}

impl<E: Error + 'static> Error for Decoded<E> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            Decoded::Known(e) => e.source(),
            Decoded::Unknown(_) => None,
        }
    }
}

/// An error response that did not decode into the target type, with everything it had:
/// the status, the `code` and `message` members if they were strings, the raw body and
/// why it is unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownError {
    status: u16,
    code: Option<String>,
    message: Option<String>,
    body: Vec<u8>,
    reason: UnknownReason,
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

/// `HTTP 404 VPC.9999: Gone fishing. (unknown: no catalogue error has this code)`
/// Server-sent text in a log line: control characters and bidirectional overrides are
/// written as `\u{…}` escapes, so a hostile server or proxy cannot forge log lines or
/// reorder what a terminal shows.
struct Printable<'a>(&'a str);

impl Display for Printable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            if c.is_control() || bidi {
                write!(f, "{}", c.escape_unicode())?;
            } else {
                f.write_char(c)?;
            }
        }
        Ok(())
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
    /// The object has no `code` member.
    MissingCode,
    /// The object has no `message` member.
    MissingMessage,
    /// This member appears more than once; JSON parsers disagree on which one counts, so
    /// the body is not trusted (`code` and `message` hold the last of each).
    DuplicateField(String),
    /// The object has this member besides `code` and `message`.
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
}

impl Display for UnknownReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnknownReason::EmptyBody => f.write_str("empty body"),
            UnknownReason::NotJson => f.write_str("the body is not JSON"),
            UnknownReason::NotAnObject => f.write_str("the body is not a JSON object"),
            UnknownReason::MissingCode => f.write_str("no `code` member"),
            UnknownReason::MissingMessage => f.write_str("no `message` member"),
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
    /// The body is a JSON object whose `code` or `message` member is not a string.
    WrongType {
        /// The HTTP status.
        status: u16,
        /// `code` or `message`.
        field: &'static str,
        /// The JSON type found: `number`, `boolean`, `null`, `array` or `object`.
        found: &'static str,
    },
    /// [`decode_any`] was given an operation the catalogue does not have.
    UnknownOperation(String),
    /// The target type was generated from another catalogue than the one decoding uses:
    /// decode it with [`decode_in`] and that type's own catalogue.
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
                "`{type_name}` was generated from another catalogue; decode it with `decode_in` and that catalogue"
            ),
        }
    }
}

impl Error for DecodeError {}

/// Decodes an error response of the bundled catalogue into `E`: an operation's error type
/// (`DeletePublicipError`), [`CommonError`](crate::CommonError), or [`AnyVpcError`] for
/// any error of the catalogue (the first matching row in table order: a row repeated for
/// several operations reads the same in each). See the [module](self) for what is known
/// and what is not.
///
/// # Errors
/// [`DecodeError::TooLarge`] and [`DecodeError::WrongType`] for a body that breaks the
/// contract; [`DecodeError::CatalogueMismatch`] if `E` comes from another catalogue.
pub fn decode<E: FromParts>(status: u16, body: &[u8]) -> Result<Decoded<E>, DecodeError> {
    decode_in(&CATALOGUE, status, body)
}

/// [`decode`] for a type generated from another catalogue (`catalogue!("errors.yaml")`):
/// `catalogue` is that expansion's `CATALOGUE`.
///
/// # Errors
/// As [`decode`].
pub fn decode_in<E: FromParts>(
    catalogue: &'static Catalogue,
    status: u16,
    body: &[u8],
) -> Result<Decoded<E>, DecodeError> {
    if let Some(op) = E::OPERATION
        && !is_element(catalogue.operations, op)
    {
        return Err(mismatch::<E>());
    }
    decode_filtered(catalogue, status, body, |_| true)
}

/// Decodes an error response of the operation named `operation` (`DeletePublicip`),
/// without naming its type: the result has the catalogue row and the template values
/// ([`VpcError::entry`], [`AnyVpcError::args`]). Only the operation's own errors and the
/// common ones are known. The result's [`VpcError::operation`] is `None`, as for any
/// [`AnyVpcError`] rebuilt from a row.
///
/// ```
/// use vpc_errors::VpcError;
/// use vpc_errors::client::decode_any;
///
/// let body = br#"{"code":"VPC.3002","message":"Flow log fl-7 could not be found."}"#;
/// let e = decode_any("ShowFlowLog", 404, body)?.into_known().unwrap();
/// assert_eq!(e.entry().name, "FlowLogNotFound");
/// assert_eq!(e.entry().message.params, ["flow_log_id"]);
/// assert_eq!(e.args(), ["fl-7"]);
/// # Ok::<(), vpc_errors::client::DecodeError>(())
/// ```
///
/// # Errors
/// [`DecodeError::UnknownOperation`] if the catalogue has no such operation; otherwise
/// as [`decode`].
pub fn decode_any(
    operation: &str,
    status: u16,
    body: &[u8],
) -> Result<Decoded<AnyVpcError>, DecodeError> {
    let Some(op) = CATALOGUE.operation(operation) else {
        return Err(DecodeError::UnknownOperation(operation.to_owned()));
    };
    decode_filtered(&CATALOGUE, status, body, |e| e.applies_to(op.name))
}

/// [`decode`] for the response of an `http` crate client (hyper, or anything that
/// hands out an `http::Response` with its body collected). The response is only borrowed.
///
/// # Errors
/// As [`decode`].
#[cfg(feature = "http")]
pub fn decode_response<E: FromParts, B: AsRef<[u8]>>(
    response: &::http::Response<B>,
) -> Result<Decoded<E>, DecodeError> {
    decode(response.status().as_u16(), response.body().as_ref())
}

/// Whether `item` is one of `slice`'s elements (by address, without scanning it).
fn is_element<T>(slice: &[T], item: &T) -> bool {
    let size = size_of::<T>().max(1);
    let offset = (ptr::from_ref(item) as usize).wrapping_sub(slice.as_ptr() as usize);
    offset < slice.len() * size && offset.is_multiple_of(size)
}

fn mismatch<E>() -> DecodeError {
    DecodeError::CatalogueMismatch {
        type_name: std::any::type_name::<E>(),
    }
}

fn decode_filtered<E: FromParts>(
    catalogue: &'static Catalogue,
    status: u16,
    body: &[u8],
    allowed: impl Fn(&Entry) -> bool,
) -> Result<Decoded<E>, DecodeError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(DecodeError::TooLarge {
            status,
            len: body.len(),
        });
    }
    let unknown = |code: Option<Cow<'_, str>>, message: Option<Cow<'_, str>>, reason| {
        Ok(Decoded::Unknown(UnknownError {
            status,
            code: code.map(Cow::into_owned),
            message: message.map(Cow::into_owned),
            body: body.to_vec(),
            reason,
        }))
    };
    let fields = match read_body(body) {
        Shape::Empty => return unknown(None, None, UnknownReason::EmptyBody),
        Shape::NotJson => return unknown(None, None, UnknownReason::NotJson),
        Shape::NotAnObject => return unknown(None, None, UnknownReason::NotAnObject),
        Shape::Object(fields) => fields,
    };
    if let Some((field, found)) = fields.wrong_type {
        return Err(DecodeError::WrongType {
            status,
            field,
            found,
        });
    }
    let Fields {
        code,
        message,
        duplicate,
        extra,
        ..
    } = fields;
    let (Some(code_text), Some(message_text)) = (&code, &message) else {
        let reason = if code.is_none() {
            UnknownReason::MissingCode
        } else {
            UnknownReason::MissingMessage
        };
        return unknown(code, message, reason);
    };
    if let Some(name) = duplicate {
        return unknown(code, message, UnknownReason::DuplicateField(name));
    }
    if let Some(name) = extra {
        return unknown(code, message, UnknownReason::ExtraField(name));
    }
    match resolve::<E>(catalogue, code_text, status, message_text, &allowed)? {
        Ok(e) => Ok(Decoded::Known(e)),
        Err(reason) => unknown(code, message, reason),
    }
}

/// The error of `E` that `code`, `status` and `message` denote, or why there is none.
///
/// A fixed message that matches wins over a template that also does (it says more); among
/// templates the first in table order wins. The catalogue has no two messages of one
/// operation, code and status that one message can match (a test checks it), so this
/// only decides for other catalogues.
///
/// This is the fast way to [`resolve_explained`]'s answer: each row's status and message
/// are checked first, and `E` is asked (through `from_parts`, with the real values) only
/// about a row that fits, so a known error costs one `from_parts` call and no placeholder
/// values. As `from_parts` has a variant for a row whatever status of the row it is given,
/// the answer is the same; when nothing fits, [`resolve_explained`] runs to say why.
fn resolve<E: FromParts>(
    catalogue: &'static Catalogue,
    code: &str,
    status: u16,
    message: &str,
    allowed: &dyn Fn(&Entry) -> bool,
) -> Result<Result<E, UnknownReason>, DecodeError> {
    let mut from_template = None;
    for entry in catalogue.by_code(code) {
        if !allowed(entry) || !entry.has_status(status) {
            continue;
        }
        match entry.message.as_static() {
            Some(fixed) if fixed == message => {
                if let Ok(e) = build::<E>(entry, status, Vec::new())? {
                    return Ok(Ok(e));
                }
            }
            Some(_) => {}
            None => {
                if from_template.is_none()
                    && let Some(args) = match_args(&entry.message, message)
                    && let Ok(e) = build::<E>(entry, status, args)?
                {
                    from_template = Some(e);
                }
            }
        }
    }
    match from_template {
        Some(e) => Ok(Ok(e)),
        None => resolve_explained(catalogue, code, status, message, allowed),
    }
}

/// [`resolve`], row by row: `E` is asked first whether it has the row at all (with
/// placeholder values), then the status and the message are checked, so that when no
/// row fits, the reason says how far the best candidate got.
fn resolve_explained<E: FromParts>(
    catalogue: &'static Catalogue,
    code: &str,
    status: u16,
    message: &str,
    allowed: &dyn Fn(&Entry) -> bool,
) -> Result<Result<E, UnknownReason>, DecodeError> {
    // How far the best candidate got, to say why nothing matched.
    let mut reason = UnknownReason::UnknownCode;
    let mut from_template = None;
    for entry in catalogue.by_code(code) {
        if !allowed(entry) || !has_entry::<E>(entry)? {
            if reason == UnknownReason::UnknownCode {
                reason = UnknownReason::NotThisOperation;
            }
            continue;
        }
        if !entry.has_status(status) {
            if reason != UnknownReason::MessageMismatch {
                reason = UnknownReason::UnexpectedStatus;
            }
            continue;
        }
        reason = UnknownReason::MessageMismatch;
        match entry.message.as_static() {
            Some(fixed) if fixed == message => return build(entry, status, Vec::new()),
            Some(_) => {}
            None => {
                if from_template.is_none() {
                    from_template = match_message(&entry.message, message).map(|v| (entry, v));
                }
            }
        }
    }
    match from_template {
        Some((entry, values)) => build(entry, status, owned_args(values)),
        None => Ok(Err(reason)),
    }
}

/// `E`'s error for `entry`, `status` and the template values `args`; `NotThisOperation` if
/// `E` has none (in [`resolve_explained`], where `has_entry` and `has_status` held, only a
/// hand-written `FromParts` gets there).
fn build<E: FromParts>(
    entry: &'static Entry,
    status: u16,
    args: Vec<Cow<'static, str>>,
) -> Result<Result<E, UnknownReason>, DecodeError> {
    match E::from_parts(entry, status, args) {
        Some(e) if ptr::eq(e.entry(), entry) => Ok(Ok(e)),
        Some(_) => Err(mismatch::<E>()),
        None => Ok(Err(UnknownReason::NotThisOperation)),
    }
}

/// [`match_message`]'s values, as the variant's fields hold them.
fn match_args(template: &Template, message: &str) -> Option<Vec<Cow<'static, str>>> {
    match single_param(template) {
        Some((before, after)) => {
            match_single(before, after, message).map(|v| vec![Cow::Owned(v.to_owned())])
        }
        None => match_general(template, message).map(owned_args),
    }
}

fn owned_args(values: Vec<String>) -> Vec<Cow<'static, str>> {
    values.into_iter().map(Cow::Owned).collect()
}

/// Whether `E` has a variant for `entry`. `from_parts` is the only authority (an
/// operation's type has its own rows and the common ones, [`AnyVpcError`] every row), so
/// it is asked with placeholder values; a variant built on a row other than `entry` means
/// `E` indexes another catalogue's table.
fn has_entry<E: FromParts>(entry: &'static Entry) -> Result<bool, DecodeError> {
    let placeholders = match entry.message.params.len() {
        0 => Vec::new(),
        n => vec![Cow::Borrowed(""); n],
    };
    match E::from_parts(entry, entry.statuses[0], placeholders) {
        Some(e) if ptr::eq(e.entry(), entry) => Ok(true),
        Some(_) => Err(mismatch::<E>()),
        None => Ok(false),
    }
}

/// Matches `message` against `template` and returns the parameter values, in the order of
/// [`Template::params`]; `None` if the message is not an instance of the template.
///
/// The rule is the one [described for decoding](self#templates): every value is text that
/// rendering can produce (at most [`MAX_VALUE_BYTES`], or a cut value and
/// [`TRUNCATION_MARK`]), and of several splits the one with the shortest first value, then
/// the shortest second, is taken. Rendering the values through the template gives
/// `message` back. Each parameter is expected once, as `catalogue!` guarantees; a
/// hand-made template that repeats one matches only if the split taken gives every
/// occurrence the same value.
///
/// ```
/// use vpc_errors::client::match_message;
/// use vpc_errors::CATALOGUE;
///
/// let row = CATALOGUE.by_code("VPC.2302").next().unwrap();
/// let values = match_message(&row.message, "Network a could not be found. could not be found.");
/// assert_eq!(values.unwrap(), ["a could not be found."]);
/// assert_eq!(match_message(&row.message, "Network a is gone."), None);
/// ```
#[must_use]
pub fn match_message(template: &Template, message: &str) -> Option<Vec<String>> {
    match single_param(template) {
        Some((before, after)) => match_single(before, after, message).map(|v| vec![v.to_owned()]),
        None => match_general(template, message),
    }
}

/// [`match_message`] for any template.
fn match_general(template: &Template, message: &str) -> Option<Vec<String>> {
    let pieces = template.pieces;
    let longest: usize = pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.len(),
            Piece::Param(_) => MAX_RENDERED_VALUE,
        })
        .sum();
    let n = message.len();
    if n > longest {
        return None;
    }
    // `fits[i * width + p]`: `pieces[i..]` match `message[p..]`. Filled from the end, it
    // lets the forward pass below pick each value's end without backtracking, and each row
    // takes one sweep, so the whole match is linear in pieces × length (bounded by
    // `longest`) even for a message built to make every split look possible.
    let width = n + 1;
    let mut fits = vec![false; (pieces.len() + 1) * width];
    fits[pieces.len() * width + n] = true;
    for (i, piece) in pieces.iter().enumerate().rev() {
        let (row, next) = fits.split_at_mut((i + 1) * width);
        let row = &mut row[i * width..];
        match *piece {
            Piece::Text(t) => {
                for (p, slot) in row.iter_mut().enumerate() {
                    *slot = message.as_bytes()[p..].starts_with(t.as_bytes()) && next[p + t.len()];
                }
            }
            Piece::Param(_) => {
                // The nearest end at or after `p` from which the rest matches: a value up to
                // MAX_VALUE_BYTES long ends there if it is in reach; only the few longer
                // ends (a cut value and its mark) need looking at one by one.
                let mut nearest = None;
                for p in (0..=n).rev() {
                    if next[p] && message.is_char_boundary(p) {
                        nearest = Some(p);
                    }
                    row[p] = message.is_char_boundary(p)
                        && (nearest.is_some_and(|q| q - p <= MAX_VALUE_BYTES)
                            || value_ends(message, p, MAX_VALUE_BYTES + 1).any(|q| next[q]));
                }
            }
        }
    }
    if !fits[0] {
        return None;
    }
    let mut values: Vec<Option<String>> = vec![None; template.params.len()];
    let mut p = 0;
    for (i, piece) in pieces.iter().enumerate() {
        match *piece {
            Piece::Text(t) => p += t.len(),
            Piece::Param(j) => {
                let next = &fits[(i + 1) * width..(i + 2) * width];
                let q = value_ends(message, p, 0).find(|&q| next[q])?;
                let value = &message[p..q];
                match values.get_mut(usize::from(j))? {
                    Some(seen) if seen.as_str() != value => return None,
                    slot => *slot = Some(value.to_owned()),
                }
                p = q;
            }
        }
    }
    values.into_iter().collect()
}

/// The fixed text before and after the parameter of a template with one parameter, used
/// once, which most are; `None` for other templates, which take the general match.
fn single_param(template: &Template) -> Option<(&'static [Piece], &'static [Piece])> {
    let pieces = template.pieces;
    let at = pieces.iter().position(|p| matches!(p, Piece::Param(_)))?;
    let (before, after) = (&pieces[..at], &pieces[at + 1..]);
    let single = pieces[at] == Piece::Param(0)
        && template.params.len() == 1
        && after.iter().all(|p| matches!(p, Piece::Text(_)));
    single.then_some((before, after))
}

/// [`match_message`] for a template with one parameter: the fixed text `before` it must
/// start the message and the text `after` it end it, so the value is what lies between,
/// and the only question is whether rendering can write it.
fn match_single<'m>(before: &[Piece], after: &[Piece], message: &'m str) -> Option<&'m str> {
    let text = |p: &Piece| match *p {
        Piece::Text(t) => t,
        Piece::Param(_) => "",
    };
    let mut value = message;
    for piece in before {
        value = value.strip_prefix(text(piece))?;
    }
    for piece in after.iter().rev() {
        value = value.strip_suffix(text(piece))?;
    }
    let renderable = value.len() <= MAX_VALUE_BYTES
        || (value.len() <= MAX_RENDERED_VALUE && value.ends_with(TRUNCATION_MARK));
    renderable.then_some(value)
}

/// The ends `q`, shortest first, for which `message[start..q]` is at least `min_len` bytes
/// and a value rendering can produce: at most [`MAX_VALUE_BYTES`], or up to
/// [`MAX_RENDERED_VALUE`] ending in the truncation mark.
fn value_ends(message: &str, start: usize, min_len: usize) -> impl Iterator<Item = usize> + '_ {
    let starts_a_char = message.is_char_boundary(start);
    let last = message.len().min(start + MAX_RENDERED_VALUE);
    (start + min_len..=last).filter(move |&q| {
        starts_a_char
            && message.is_char_boundary(q)
            && (q - start <= MAX_VALUE_BYTES || message[start..q].ends_with(TRUNCATION_MARK))
    })
}

/// What the body is, before the catalogue is asked.
#[cfg_attr(test, derive(Debug, PartialEq))]
enum Shape<'de> {
    Empty,
    NotJson,
    NotAnObject,
    Object(Fields<'de>),
}

/// The members of a JSON object body that decoding cares about. `code` and `message` borrow
/// the body unless they had escapes to undo: a known error is decoded without copying them.
#[derive(Default)]
#[cfg_attr(test, derive(Debug, PartialEq))]
struct Fields<'de> {
    code: Option<Cow<'de, str>>,
    message: Option<Cow<'de, str>>,
    /// The first of `code`/`message` that is not a string, and the JSON type it is.
    wrong_type: Option<(&'static str, &'static str)>,
    duplicate: Option<String>,
    extra: Option<String>,
}

fn read_body(body: &[u8]) -> Shape<'_> {
    match read_canonical(body) {
        Some(fields) => Shape::Object(fields),
        None => read_json(body),
    }
}

/// A body exactly as this crate writes one, `{"code":"…","message":"…"}` without
/// whitespace, escapes or control characters, read without a JSON parser: it is what
/// servers of the catalogue send, and what [`read_json`] would make of it (a test checks
/// it). `None` for any other body, which [`read_json`] reads.
fn read_canonical(body: &[u8]) -> Option<Fields<'_>> {
    /// A JSON string's text up to its closing quote, if it has no escape and no control
    /// character (which JSON forbids unescaped), and what follows the quote.
    fn plain_string(s: &[u8]) -> Option<(&str, &[u8])> {
        let end = next_escape(s, 0)?;
        if s[end] != b'"' {
            return None;
        }
        Some((std::str::from_utf8(&s[..end]).ok()?, &s[end + 1..]))
    }
    let rest = body.strip_prefix(br#"{"code":""#)?;
    let (code, rest) = plain_string(rest)?;
    let rest = rest.strip_prefix(br#","message":""#)?;
    let (message, rest) = plain_string(rest)?;
    (rest == b"}").then(|| Fields {
        code: Some(Cow::Borrowed(code)),
        message: Some(Cow::Borrowed(message)),
        ..Fields::default()
    })
}

/// Any body, read as JSON.
fn read_json(body: &[u8]) -> Shape<'_> {
    if body
        .iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        return Shape::Empty;
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    match de.deserialize_any(BodyVisitor) {
        // `end` refuses trailing text after the value.
        Ok(shape) if de.end().is_ok() => shape,
        _ => Shape::NotJson,
    }
}

/// Reads the top-level value without building a tree of it: other members are skipped, and
/// every member name is seen, so repeated ones are caught (a map would keep one silently).
struct BodyVisitor;

impl<'de> Visitor<'de> for BodyVisitor {
    type Value = Shape<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<Er: de::Error>(self, _: bool) -> Result<Self::Value, Er> {
        Ok(Shape::NotAnObject)
    }

    fn visit_i64<Er: de::Error>(self, _: i64) -> Result<Self::Value, Er> {
        Ok(Shape::NotAnObject)
    }

    fn visit_u64<Er: de::Error>(self, _: u64) -> Result<Self::Value, Er> {
        Ok(Shape::NotAnObject)
    }

    fn visit_f64<Er: de::Error>(self, _: f64) -> Result<Self::Value, Er> {
        Ok(Shape::NotAnObject)
    }

    fn visit_str<Er: de::Error>(self, _: &str) -> Result<Self::Value, Er> {
        Ok(Shape::NotAnObject)
    }

    fn visit_unit<Er: de::Error>(self) -> Result<Self::Value, Er> {
        Ok(Shape::NotAnObject)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Shape::NotAnObject)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = Fields::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let (name, slot) = match key {
                Key::Code => ("code", &mut fields.code),
                Key::Message => ("message", &mut fields.message),
                Key::Other(name) => {
                    map.next_value::<IgnoredAny>()?;
                    if fields.extra.is_none() {
                        fields.extra = Some(name.into_owned());
                    }
                    continue;
                }
            };
            let value = map.next_value_seed(StringOrType)?;
            if slot.is_some() && fields.duplicate.is_none() {
                fields.duplicate = Some(name.to_owned());
            }
            match value {
                Ok(text) => *slot = Some(text),
                Err(found) => {
                    // A repeated member that was a string before is no longer one.
                    *slot = None;
                    fields.wrong_type.get_or_insert((name, found));
                }
            }
        }
        Ok(Shape::Object(fields))
    }
}

/// A member name: the two decoding reads, or another, named without copying it unless
/// the body escaped it.
enum Key<'de> {
    Code,
    Message,
    Other(Cow<'de, str>),
}

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key<'de>;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        de.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_borrowed_str<Er: de::Error>(self, v: &'de str) -> Result<Self::Value, Er> {
        Ok(match v {
            "code" => Key::Code,
            "message" => Key::Message,
            _ => Key::Other(Cow::Borrowed(v)),
        })
    }

    fn visit_str<Er: de::Error>(self, v: &str) -> Result<Self::Value, Er> {
        Ok(match v {
            "code" => Key::Code,
            "message" => Key::Message,
            _ => Key::Other(Cow::Owned(v.to_owned())),
        })
    }
}

/// A member that should be a string: the string (borrowed from the body when it had no
/// escapes), or the JSON type it is instead.
struct StringOrType;

impl<'de> DeserializeSeed<'de> for StringOrType {
    type Value = Result<Cow<'de, str>, &'static str>;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StringOrType {
    type Value = Result<Cow<'de, str>, &'static str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_borrowed_str<Er: de::Error>(self, v: &'de str) -> Result<Self::Value, Er> {
        Ok(Ok(Cow::Borrowed(v)))
    }

    fn visit_str<Er: de::Error>(self, v: &str) -> Result<Self::Value, Er> {
        Ok(Ok(Cow::Owned(v.to_owned())))
    }

    fn visit_string<Er: de::Error>(self, v: String) -> Result<Self::Value, Er> {
        Ok(Ok(Cow::Owned(v)))
    }

    fn visit_bool<Er: de::Error>(self, _: bool) -> Result<Self::Value, Er> {
        Ok(Err("boolean"))
    }

    fn visit_i64<Er: de::Error>(self, _: i64) -> Result<Self::Value, Er> {
        Ok(Err("number"))
    }

    fn visit_u64<Er: de::Error>(self, _: u64) -> Result<Self::Value, Er> {
        Ok(Err("number"))
    }

    fn visit_f64<Er: de::Error>(self, _: f64) -> Result<Self::Value, Er> {
        Ok(Err("number"))
    }

    fn visit_unit<Er: de::Error>(self) -> Result<Self::Value, Er> {
        Ok(Err("null"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Err("array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Err("object"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        CommonError, CreateFlowLogError, DeleteVpcError, ENTRIES, Parts, ShowVpcError,
        Status400Or404, Status404Or500,
    };

    fn template(pieces: &'static [Piece], params: &'static [&'static str]) -> Template {
        Template {
            source: "",
            pieces,
            params,
        }
    }

    #[test]
    fn unknown_errors_display_server_text_safely() {
        let body = "{\"code\":\"VPC.9\\n999\",\"message\":\"ok\\r\\nFAKE LOG LINE \\u202e\"}";
        let Decoded::Unknown(u) = decode::<ShowVpcError>(500, body.as_bytes()).unwrap() else {
            panic!("an unknown code decodes as Unknown");
        };
        assert_eq!(u.message(), Some("ok\r\nFAKE LOG LINE \u{202e}"));
        let shown = u.to_string();
        assert!(!shown.contains(['\n', '\r', '\u{202e}']), "{shown}");
        assert!(
            shown.starts_with("HTTP 500 VPC.9\\u{a}999: ok\\u{d}\\u{a}FAKE LOG LINE \\u{202e}"),
            "{shown}"
        );
    }

    fn flow_log_duplicate() -> &'static Entry {
        ENTRIES
            .iter()
            .find(|e| e.name == "FlowLogDuplicate")
            .unwrap()
    }

    fn render(entry: &'static Entry, values: &[&str]) -> String {
        let values: Vec<&dyn Display> = values.iter().map(|v| v as &dyn Display).collect();
        Parts::new(entry).with_args(&values).message().into_owned()
    }

    #[test]
    fn a_value_may_hold_the_text_that_follows_it() {
        let network = CATALOGUE.by_code("VPC.2302").next().unwrap();
        for value in [
            "",
            " could not be found.",
            "Network x could not be found.",
            "a could not be found. b",
        ] {
            let message = render(network, &[value]);
            assert_eq!(
                match_message(&network.message, &message),
                Some(vec![value.to_owned()])
            );
        }
        // A template that starts, or ends, with its parameter.
        let leading = ENTRIES
            .iter()
            .find(|e| e.message.source == "{field} is invalid.")
            .unwrap();
        let message = render(leading, &[" is invalid. is invalid."]);
        assert_eq!(
            match_message(&leading.message, &message).unwrap(),
            [" is invalid. is invalid."]
        );
        let trailing = ENTRIES
            .iter()
            .find(|e| e.message.source.ends_with("port id : {port_id}"))
            .unwrap();
        let message = render(trailing, &["port id : 7"]);
        assert_eq!(
            match_message(&trailing.message, &message).unwrap(),
            ["port id : 7"]
        );
        assert_eq!(
            match_message(&network.message, "Network x could not be found"),
            None
        );
        assert_eq!(
            match_message(&network.message, "network x could not be found."),
            None
        );
    }

    #[test]
    fn one_parameter_templates_match_as_the_general_match_does() {
        static PAIR: [Piece; 3] = [Piece::Param(0), Piece::Text("-"), Piece::Param(1)];
        static REPEATED: [Piece; 3] = [Piece::Param(0), Piece::Text("="), Piece::Param(0)];
        static SECOND: [Piece; 2] = [Piece::Text("x"), Piece::Param(1)];
        let full = "v".repeat(MAX_VALUE_BYTES);
        let values = [
            String::new(),
            "net-1".into(),
            "a\"b\\c\n é😀".into(),
            full.clone(),
            format!("{full}v"),
            format!("{full}{TRUNCATION_MARK}"),
            format!("{full}v{TRUNCATION_MARK}"),
            format!("{}{TRUNCATION_MARK}", "é".repeat(MAX_VALUE_BYTES / 2)),
        ];
        let mut single = 0;
        for entry in &ENTRIES {
            let t = &entry.message;
            let texts: Vec<&str> = t
                .pieces
                .iter()
                .filter_map(|p| match p {
                    Piece::Text(text) => Some(*text),
                    Piece::Param(_) => None,
                })
                .collect();
            let mut messages = vec![
                String::new(),
                t.source.to_owned(),
                entry.table_message.to_owned(),
            ];
            for value in &values {
                // Rendered as the template writes it, and with the value written raw (a
                // long one is then more than rendering writes).
                messages.push(render(entry, &[value]));
                let mut raw = String::new();
                for p in t.pieces {
                    match p {
                        Piece::Text(text) => raw.push_str(text),
                        Piece::Param(_) => raw.push_str(value),
                    }
                }
                messages.push(raw);
                // The fixed text around the value repeated inside it, and cut short.
                for text in &texts {
                    messages.push(render(entry, &[&format!("{value}{text}")]));
                    messages.push(render(entry, &[&format!("{text}{value}")]));
                }
            }
            for m in messages.clone() {
                let mut chars = m.chars();
                chars.next_back();
                messages.push(chars.as_str().to_owned());
                let mut chars = m.chars();
                chars.next();
                messages.push(chars.as_str().to_owned());
            }
            let Some((before, after)) = single_param(t) else {
                continue;
            };
            single += 1;
            for m in &messages {
                let fast = match_single(before, after, m).map(|v| vec![v.to_owned()]);
                assert_eq!(fast, match_general(t, m), "{:?} {m:?}", t.source);
            }
        }
        assert!(single > 10, "{single} one-parameter templates");
        // Templates with other shapes take the general match.
        assert!(single_param(&template(&PAIR, &["a", "b"])).is_none());
        assert!(single_param(&template(&REPEATED, &["a"])).is_none());
        assert!(single_param(&template(&SECOND, &["a", "b"])).is_none());
        assert!(single_param(&template(&[], &[])).is_none());
    }

    #[test]
    fn of_several_splits_the_first_value_is_shortest() {
        let row = flow_log_duplicate();
        let plain = ["vpc", "id-1", "lg", "lt", "lts", "name"];
        let message = render(row, &plain);
        assert_eq!(match_message(&row.message, &message).unwrap(), plain);
        // The first value holds the separator that follows it: the message is ambiguous,
        // and the shorter first value is taken. It still renders to the same message.
        let tricky = ["a, reousce id b", "c", "d", "e", "f", "g"];
        let message = render(row, &tricky);
        let values = match_message(&row.message, &message).unwrap();
        assert_eq!(values, ["a", "b, reousce id c", "d", "e", "f", "g"]);
        let values: Vec<&str> = values.iter().map(String::as_str).collect();
        assert_eq!(render(row, &values), message);
        // Only the last value can hold the final text unambiguously.
        let tail = ["a", "b", "c", "d", "e", "f, log store name g."];
        let message = render(row, &tail);
        assert_eq!(match_message(&row.message, &message).unwrap(), tail);
    }

    #[test]
    fn values_are_bounded_as_rendering_bounds_them() {
        static PAIR: [Piece; 3] = [Piece::Param(0), Piece::Text("-"), Piece::Param(1)];
        let network = CATALOGUE.by_code("VPC.2302").next().unwrap();
        let t = &network.message;
        let wrap = |v: &str| format!("Network {v} could not be found.");
        let full = "x".repeat(MAX_VALUE_BYTES);
        assert_eq!(match_message(t, &wrap(&full)).unwrap(), [full.as_str()]);
        // One byte more is not something rendering writes...
        assert_eq!(match_message(t, &wrap(&format!("{full}x"))), None);
        // ...unless it is a cut value and the mark: that decodes to the text as it is.
        let cut = format!("{full}{TRUNCATION_MARK}");
        assert_eq!(match_message(t, &wrap(&cut)).unwrap(), [cut.as_str()]);
        assert_eq!(match_message(t, &wrap(&format!("x{cut}"))), None);
        // A cut before a multi-byte character leaves fewer bytes before the mark.
        let long = format!("{}😀😀", "y".repeat(MAX_VALUE_BYTES - 2));
        let rendered = render(network, &[&long]);
        let value = match_message(t, &rendered).unwrap().remove(0);
        assert_eq!(
            value,
            format!("{}{TRUNCATION_MARK}", "y".repeat(MAX_VALUE_BYTES - 2))
        );
        assert_eq!(render(network, &[&value]), rendered);
        // The bound also decides splits: the shortest first value would leave a second
        // one longer than rendering writes, so the first takes the separator instead.
        let pair = template(&PAIR, &["a", "b"]);
        let (a, b) = (format!("1-{}", "2".repeat(200)), "3".repeat(100));
        assert_eq!(match_message(&pair, &format!("{a}-{b}")).unwrap(), [a, b]);
    }

    #[test]
    fn odd_templates_still_match_soundly() {
        static ADJACENT: [Piece; 3] = [Piece::Param(0), Piece::Param(1), Piece::Text("!")];
        static REPEATED: [Piece; 3] = [Piece::Param(0), Piece::Text("="), Piece::Param(0)];
        static AFTER_E: [Piece; 2] = [Piece::Param(0), Piece::Text("\u{301}z")];
        let t = template(&ADJACENT, &["a", "b"]);
        assert_eq!(match_message(&t, "xy!").unwrap(), ["", "xy"]);
        assert_eq!(match_message(&t, "xy"), None);
        let t = template(&REPEATED, &["a"]);
        assert_eq!(match_message(&t, "ab=ab").unwrap(), ["ab"]);
        assert_eq!(match_message(&t, "ab=cd"), None);
        let empty = template(&[], &[]);
        assert_eq!(match_message(&empty, "").unwrap(), Vec::<String>::new());
        assert_eq!(match_message(&empty, "x"), None);
        // A fixed piece is never matched from inside a character.
        let t = template(&AFTER_E, &["a"]);
        assert_eq!(match_message(&t, "e\u{301}z").unwrap(), ["e"]);
        assert_eq!(match_message(&t, "é\u{301}z").unwrap(), ["é"]);
    }

    #[test]
    fn canonical_bodies_read_as_the_json_parser_reads_them() {
        let mut bodies: Vec<Vec<u8>> = Vec::new();
        // Every row's body, with values that need escaping and values that do not.
        for entry in &ENTRIES {
            for value in [
                "v", "", "a\"b", "a\\b", "\u{1}", "é😀", "\u{7f}", "}", "\",",
            ] {
                let values: Vec<&dyn Display> = vec![&value; entry.message.params.len()];
                let body = Parts::new(entry).with_args(&values).body();
                bodies.push(body.as_bytes().to_vec());
            }
        }
        // Near misses of a canonical body: cut short, spaced, reordered, repeated members,
        // other members, escapes, invalid UTF-8, raw control characters, trailing text.
        let base = br#"{"code":"VPC.0504","message":"Floating IP could not be found."}"#;
        for end in 0..base.len() {
            bodies.push(base[..end].to_vec());
        }
        for at in 0..=base.len() {
            for byte in [
                b'"', b'\\', b'}', b'{', b' ', b',', b':', 0x01, 0x7f, 0xff, b'x',
            ] {
                let mut inserted = base.to_vec();
                inserted.insert(at, byte);
                bodies.push(inserted);
                if at < base.len() {
                    let mut replaced = base.to_vec();
                    replaced[at] = byte;
                    bodies.push(replaced);
                }
            }
        }
        for body in [
            r#"{"message":"Floating IP could not be found.","code":"VPC.0504"}"#,
            r#"{"code": "VPC.0504","message":"x"}"#,
            r#"{"code":"VPC.0504","code":"VPC.0504","message":"x"}"#,
            r#"{"code":"VPC.0504","message":"x","message":"x"}"#,
            r#"{"code":"VPC.0504","message":"x","detail":1}"#,
            r#"{"code":"\u0056PC.0504","message":"x"}"#,
            r#"{"code":"VPC.0504","message":"x"} "#,
            r#"{"code":"VPC.0504","message":"x"}}"#,
            r#"{"code":"","message":""}"#,
        ] {
            bodies.push(body.as_bytes().to_vec());
        }
        let mut canonical = 0;
        for body in &bodies {
            if let Some(fields) = read_canonical(body) {
                canonical += 1;
                let text = String::from_utf8_lossy(body);
                assert_eq!(Shape::Object(fields), read_json(body), "{text}");
            }
        }
        assert!(
            canonical > 2 * ENTRIES.len(),
            "{canonical} canonical bodies"
        );
        assert!(read_canonical(base).is_some());
    }

    #[test]
    fn known_errors_decode_whatever_the_json_spelling() {
        let body = br#" { "message" : "Neutron Error." ,
            "code":"\u0056PC.0105" } "#;
        assert_eq!(
            decode::<ShowVpcError>(500, body).unwrap(),
            Decoded::Known(ShowVpcError::NeutronError {
                status: Status404Or500::InternalServerError
            })
        );
        let e = DeleteVpcError::InvalidParam {
            status: Status400Or404::NotFound,
            field: "a\"b\\c\n\u{1}é😀\u{202e}".into(),
        };
        let decoded = decode::<DeleteVpcError>(404, e.body().as_bytes()).unwrap();
        assert_eq!(decoded, Decoded::Known(e));
        assert_eq!(decoded.status(), 404);
        assert_eq!(decoded.code(), Some("VPC.0101"));
    }

    #[test]
    fn common_errors_decode_into_every_type() {
        let body = CommonError::TokenInvalid.body();
        let common = decode::<CommonError>(401, body.as_bytes()).unwrap();
        assert_eq!(common, Decoded::Known(CommonError::TokenInvalid));
        let op = decode::<ShowVpcError>(401, body.as_bytes()).unwrap();
        assert_eq!(op, Decoded::Known(ShowVpcError::TokenInvalid));
        // An operation's own row is not a common error.
        let own = ShowVpcError::NeutronError {
            status: Status404Or500::NotFound,
        };
        let decoded = decode::<CommonError>(404, own.body().as_bytes()).unwrap();
        assert_eq!(
            decoded.unknown().unwrap().reason(),
            &UnknownReason::NotThisOperation
        );
    }

    #[test]
    fn rows_of_one_code_are_told_apart_by_status_and_message() {
        let at = |status, message: &str| {
            let body = serde_json::json!({"code": "VPC.3002", "message": message}).to_string();
            decode::<CreateFlowLogError>(status, body.as_bytes()).unwrap()
        };
        assert_eq!(
            at(404, "Port/Network/Vpc p-1 could not be found."),
            Decoded::Known(CreateFlowLogError::ResourceNotFound {
                resource_id: "p-1".into()
            })
        );
        assert_eq!(
            at(500, "Create flow log by t-1 fail."),
            Decoded::Known(CreateFlowLogError::BackendFailed {
                tenant_id: "t-1".into()
            })
        );
        let wrong = at(500, "Port/Network/Vpc p-1 could not be found.");
        assert_eq!(
            wrong.unknown().unwrap().reason(),
            &UnknownReason::MessageMismatch
        );
        let wrong = at(401, "Create flow log by t-1 fail.");
        assert_eq!(
            wrong.unknown().unwrap().reason(),
            &UnknownReason::UnexpectedStatus
        );
    }

    fn reason(status: u16, body: &[u8]) -> UnknownReason {
        match decode::<ShowVpcError>(status, body) {
            Ok(Decoded::Unknown(u)) => {
                assert_eq!(u.body(), body);
                assert_eq!(u.status(), status);
                u.reason
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_kind_of_unknown_is_kept_with_its_reason() {
        use UnknownReason as R;
        let neutron = r#""code":"VPC.0105","message":"Neutron Error.""#;
        for (status, body, expected) in [
            (500, String::new(), R::EmptyBody),
            (500, " \n\t".into(), R::EmptyBody),
            (502, "<html>Bad Gateway</html>".into(), R::NotJson),
            (500, format!("{{{neutron}}} trailing"), R::NotJson),
            (500, format!("{{{neutron}"), R::NotJson),
            (500, "[1,2]".into(), R::NotAnObject),
            (500, "\"VPC.0105\"".into(), R::NotAnObject),
            (500, "null".into(), R::NotAnObject),
            (
                500,
                r#"{"message":"Neutron Error."}"#.into(),
                R::MissingCode,
            ),
            (500, r#"{"code":"VPC.0105"}"#.into(), R::MissingMessage),
            (
                500,
                format!(r#"{{{neutron},"code":"VPC.0105"}}"#),
                R::DuplicateField("code".into()),
            ),
            (
                500,
                format!(r#"{{{neutron},"detail":{{"a":[1]}}}}"#),
                R::ExtraField("detail".into()),
            ),
            (
                500,
                r#"{"error":{"code":"VPC.0105","message":"Neutron Error."}}"#.into(),
                R::MissingCode,
            ),
            (
                500,
                r#"{"code":"VPC.9999","message":"x"}"#.into(),
                R::UnknownCode,
            ),
            (
                404,
                r#"{"code":"VPC.0504","message":"Floating IP could not be found."}"#.into(),
                R::NotThisOperation,
            ),
            (400, format!("{{{neutron}}}"), R::UnexpectedStatus),
            (
                500,
                r#"{"code":"VPC.0105","message":"Neutron error."}"#.into(),
                R::MessageMismatch,
            ),
        ] {
            assert_eq!(reason(status, body.as_bytes()), expected, "{body}");
        }
        assert_eq!(reason(500, b"\xff\xfe{}"), R::NotJson);
        assert_eq!(
            reason(500, b"{\"code\":\"VPC.0105\",\"message\":\"Neutron \xff\"}"),
            R::NotJson
        );
        // Skipped values are read without recursion, so no depth is too deep.
        let deep = format!("{}{}", "[".repeat(30_000), "]".repeat(30_000));
        assert_eq!(reason(500, deep.as_bytes()), R::NotAnObject);
        let deep = format!(
            r#"{{{neutron},"a":{}1{}}}"#,
            r#"{"b":"#.repeat(10_000),
            "}".repeat(10_000)
        );
        assert_eq!(reason(500, deep.as_bytes()), R::ExtraField("a".into()));
    }

    #[test]
    fn unknowns_carry_the_code_and_message_they_had() {
        let body = br#"{"code":"VPC.9999","message":"New error.","request_id":"r"}"#;
        let Decoded::Unknown(u) = decode::<ShowVpcError>(409, body).unwrap() else {
            panic!("known?")
        };
        assert_eq!(
            (u.code(), u.message()),
            (Some("VPC.9999"), Some("New error."))
        );
        assert_eq!(u.reason(), &UnknownReason::ExtraField("request_id".into()));
        assert_eq!(
            u.to_string(),
            "HTTP 409 VPC.9999: New error. (unknown: unexpected member \"request_id\")"
        );
        assert_eq!(u.clone().into_body(), body);
        let Decoded::Unknown(html) = decode::<ShowVpcError>(502, b"<p>\xff</p>").unwrap() else {
            panic!("known?")
        };
        assert_eq!(html.body_text(), "<p>\u{fffd}</p>");
        assert_eq!(
            html.to_string(),
            "HTTP 502 (unknown: the body is not JSON, 8 bytes)"
        );
    }

    #[test]
    fn contract_breaches_are_errors() {
        for (body, field, found) in [
            (r#"{"code":502,"message":"Bad gateway"}"#, "code", "number"),
            (r#"{"code":"VPC.0105","message":null}"#, "message", "null"),
            (r#"{"code":{"id":1},"message":"x"}"#, "code", "object"),
            (r#"{"code":"VPC.0105","message":["x"]}"#, "message", "array"),
            (
                r#"{"code":"VPC.0105","code":true,"message":"x"}"#,
                "code",
                "boolean",
            ),
            (r#"{"code":1.5,"extra":1}"#, "code", "number"),
        ] {
            assert_eq!(
                decode::<ShowVpcError>(500, body.as_bytes()),
                Err(DecodeError::WrongType {
                    status: 500,
                    field,
                    found
                }),
                "{body}"
            );
        }
        let padded = format!("{{}}{}", " ".repeat(MAX_BODY_BYTES - 1));
        let err = decode::<ShowVpcError>(500, padded.as_bytes()).unwrap_err();
        assert_eq!(
            err,
            DecodeError::TooLarge {
                status: 500,
                len: MAX_BODY_BYTES + 1
            }
        );
        assert!(err.to_string().contains("65536-byte limit"));
        // At the limit the body is still read.
        let body = r#"{"code":"VPC.0105","message":"Neutron Error."}"#;
        let at_limit = format!("{body}{}", " ".repeat(MAX_BODY_BYTES - body.len()));
        assert!(
            decode::<ShowVpcError>(500, at_limit.as_bytes())
                .unwrap()
                .is_known()
        );
    }

    #[test]
    fn decode_any_knows_the_operation_and_its_rows() {
        let body = br#"{"code":"VPC.0504","message":"Floating IP could not be found."}"#;
        let e = decode_any("DeletePublicip", 404, body)
            .unwrap()
            .into_known()
            .unwrap();
        assert_eq!(e.entry().name, "PublicipNotFound");
        assert!(e.args().is_empty());
        let other = decode_any("ShowVpc", 404, body).unwrap();
        assert_eq!(
            other.unknown().unwrap().reason(),
            &UnknownReason::NotThisOperation
        );
        assert_eq!(
            decode_any("NoSuchOperation", 404, body).unwrap_err(),
            DecodeError::UnknownOperation("NoSuchOperation".into())
        );
        // Any error of the catalogue, whatever its operation.
        let any = decode::<AnyVpcError>(404, body)
            .unwrap()
            .into_known()
            .unwrap();
        assert_eq!(any.code(), "VPC.0504");
    }

    /// A hand-written `FromParts` that answers every row with the first row: what a type
    /// generated from another catalogue does when handed this catalogue's rows.
    #[derive(Debug)]
    struct Foreign;

    impl Display for Foreign {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.parts().fmt(f)
        }
    }

    impl VpcError for Foreign {
        fn parts(&self) -> Parts<'_> {
            Parts::new(&ENTRIES[0])
        }
    }

    impl FromParts for Foreign {
        const OPERATION: Option<&'static crate::registry::Operation> = None;

        fn from_parts(_: &'static Entry, _: u16, _: Vec<Cow<'static, str>>) -> Option<Self> {
            Some(Foreign)
        }
    }

    /// An operation with the bundled table's name, but not in it.
    static OTHER_OP: crate::registry::Operation = crate::registry::Operation {
        name: "ShowVpc",
        group: "",
        title: "",
        service: "",
        method: "GET",
        path: "/",
    };
    /// A type of an operation that is not the bundled table's.
    struct OtherOp;
    impl fmt::Debug for OtherOp {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("OtherOp")
        }
    }
    impl Display for OtherOp {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("OtherOp")
        }
    }
    impl VpcError for OtherOp {
        fn parts(&self) -> Parts<'_> {
            Parts::new(&ENTRIES[0])
        }
    }
    impl FromParts for OtherOp {
        const OPERATION: Option<&'static crate::registry::Operation> = Some(&OTHER_OP);

        fn from_parts(_: &'static Entry, _: u16, _: Vec<Cow<'static, str>>) -> Option<Self> {
            None
        }
    }

    #[test]
    fn a_type_of_another_catalogue_is_refused() {
        let body = ShowVpcError::NeutronError {
            status: Status404Or500::NotFound,
        }
        .body();
        let err = decode::<Foreign>(404, body.as_bytes()).unwrap_err();
        assert!(
            matches!(err, DecodeError::CatalogueMismatch { type_name } if type_name.ends_with("Foreign"))
        );
        assert!(matches!(
            decode::<OtherOp>(404, body.as_bytes()),
            Err(DecodeError::CatalogueMismatch { .. })
        ));
        // The bundled types' operations are the bundled table's own.
        assert!(
            decode::<ShowVpcError>(404, body.as_bytes())
                .unwrap()
                .is_known()
        );
    }
}
