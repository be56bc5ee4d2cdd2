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
use std::fmt::{self, Display};
use std::ptr;

mod body;
mod matching;
mod unknown;

use body::{Fields, Members, Shape, read_canonical, read_json};
pub use matching::match_message;
use matching::{match_args, owned_args};
pub use unknown::{DecodeError, UnknownError, UnknownReason};

use crate::registry::{Catalogue, Entry};
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

/// Decodes an error response into `E`: an operation's error type
/// (`DeletePublicipError`, or `gateway::ShowThingError` of another catalogue),
/// [`CommonError`](crate::CommonError), or [`AnyVpcError`] for any error of the bundled
/// catalogue (the first matching row in table order: a row repeated for several
/// operations reads the same in each). Codes are looked up in `E`'s own catalogue
/// ([`FromParts::CATALOGUE`]). See the [module](self) for what is known and what is not.
///
/// # Errors
/// [`DecodeError::TooLarge`] and [`DecodeError::WrongType`] for a body that breaks the
/// contract; [`DecodeError::CatalogueMismatch`] if a hand-written `FromParts` answers with
/// another row than the one it was asked for.
pub fn decode<E: FromParts>(status: u16, body: &[u8]) -> Result<Decoded<E>, DecodeError> {
    // A generated type's operation is one of its catalogue's; only a hand-written
    // `FromParts` can say otherwise.
    if let Some(op) = E::OPERATION
        && !is_element(E::CATALOGUE.operations, op)
    {
        return Err(mismatch::<E>());
    }
    decode_filtered(E::CATALOGUE, status, body, |_| true)
}

/// Decodes an error response into [`AnyVpcError`] with the rows of `catalogue`: any error
/// of another catalogue (`gateway::CATALOGUE`), whatever its operation.
///
/// # Errors
/// As [`decode`].
pub fn decode_in(
    catalogue: &'static Catalogue,
    status: u16,
    body: &[u8],
) -> Result<Decoded<AnyVpcError>, DecodeError> {
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
    decode_any_in(&CATALOGUE, operation, status, body)
}

/// [`decode_any`] for an operation of another catalogue (`gateway::CATALOGUE`).
///
/// # Errors
/// As [`decode_any`].
pub fn decode_any_in(
    catalogue: &'static Catalogue,
    operation: &str,
    status: u16,
    body: &[u8],
) -> Result<Decoded<AnyVpcError>, DecodeError> {
    let Some(op) = catalogue.operation(operation) else {
        return Err(DecodeError::UnknownOperation(operation.to_owned()));
    };
    decode_filtered(catalogue, status, body, |e| e.applies_to(op.name))
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
    // The body as servers of the catalogue write it: no parser, nothing to copy.
    if let Some((code, message)) = read_canonical(body, catalogue.wire) {
        return match resolve::<E>(catalogue, code, status, message, &allowed)? {
            Ok(e) => Ok(Decoded::Known(e)),
            Err(reason) => unknown(
                Some(Cow::Borrowed(code)),
                Some(Cow::Borrowed(message)),
                reason,
            ),
        };
    }
    let mut fields = Fields::default();
    match read_json(body, &mut fields) {
        Shape::Empty => return unknown(None, None, UnknownReason::EmptyBody),
        Shape::NotJson => return unknown(None, None, UnknownReason::NotJson),
        Shape::NotAnObject => return unknown(None, None, UnknownReason::NotAnObject),
        Shape::Object => {}
    }
    if let Some((field, found)) = fields.wrong_type {
        return Err(DecodeError::WrongType {
            status,
            field,
            found,
        });
    }
    let (pair, Members { code, message }, conflict) = fields.chosen();
    let (Some(code_text), Some(message_text)) = (&code, &message) else {
        let reason = if code.is_none() {
            UnknownReason::MissingCode
        } else {
            UnknownReason::MissingMessage
        };
        return unknown(code, message, reason);
    };
    if let Some(name) = fields.duplicate {
        return unknown(code, message, UnknownReason::DuplicateField(name));
    }
    if let Some(name) = fields.extra {
        return unknown(code, message, UnknownReason::ExtraField(name));
    }
    if let Some(other) = conflict {
        let reason = UnknownReason::ConflictingMembers {
            read: pair.names(),
            other: other.names(),
        };
        return unknown(code, message, reason);
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

#[cfg(test)]
mod tests;
