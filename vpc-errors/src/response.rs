//! The HTTP response for an error, independent of any framework: status, headers, body.
//!
//! The framework integrations (features `http`, `axum`, `actix-web`) only copy an
//! [`ErrorResponse`] into their own types, so every stack sends the same bytes.

use std::borrow::Cow;
use std::error::Error;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::VpcError;
use crate::registry::{BodyShape, Entry};
use crate::request_id::{REQUEST_ID_HEADER, RequestId};

/// The `Content-Type` of every error response.
pub const CONTENT_TYPE: &str = "application/json";

/// What goes on the wire for an error: the catalogue's status and exact body, with
/// `Content-Type: application/json` and, if set, the echoed `X-Request-Id`.
///
/// The body is built from the catalogue row and the template values only: a source error,
/// the `Display` text of a derived error's context or anything else internal never reaches
/// it. For a row without template values it is a `&'static str` prebuilt at compile time,
/// so building the response neither serialises nor allocates.
///
/// Building one records nothing: with feature `tracing`, the `observe` middlewares record
/// one event per response, with the request it answered (module `observe`).
///
/// ```
/// use vpc_errors::{DeletePublicipError, ErrorResponse, RequestId};
///
/// let response = ErrorResponse::new(&DeletePublicipError::PublicipNotFound)
///     .with_request_id(RequestId::parse("4d3c1f0e9a8b7c6d5e4f3a2b1c0d9e8f"));
/// assert_eq!(response.status(), 404);
/// assert_eq!(response.body(), r#"{"code":"VPC.0504","message":"Floating IP could not be found."}"#);
/// assert_eq!(
///     response.headers().collect::<Vec<_>>(),
///     [
///         ("content-type", "application/json"),
///         ("x-request-id", "4d3c1f0e9a8b7c6d5e4f3a2b1c0d9e8f"),
///     ]
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorResponse {
    status: u16,
    body: Cow<'static, str>,
    request_id: Option<RequestId>,
    /// The row: what its catalogue's bodies carry (a request id member), and its
    /// prebuilt body with both pairs.
    entry: &'static Entry,
    /// Whether the body has been made [`dual`](Self::dual).
    dual: bool,
    /// The operation and 5xx source chain, for `ErrorInfo`.
    #[cfg(feature = "observe")]
    origin: crate::observe::Origin,
}

impl ErrorResponse {
    /// The response for `error`.
    ///
    /// With feature `observe` (which `tracing` and `metrics` turn on) the response keeps
    /// the error's operation and, for a 5xx, its source chain rendered for a log, for the
    /// `ErrorInfo` extension; without it the source chain stays with the error for the
    /// caller to log.
    // Always inlined: the carriers' conversions call it from a generic function, where
    // LLVM otherwise kept it a call and wrote the response to memory to hand it back.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    #[must_use]
    pub fn new<E: VpcError + Error + ?Sized>(error: &E) -> Self {
        let parts = error.parts();
        let entry = parts.entry();
        let body = parts.body();
        // The body is chosen before the response is assembled, so the published bodies'
        // path builds it once, in registers.
        let (body, dual) = if DUAL_BODIES.load(Ordering::Relaxed) {
            served_dual(entry, body)
        } else {
            (body, false)
        };
        ErrorResponse {
            status: parts.status(),
            body,
            request_id: None,
            entry,
            dual,
            #[cfg(feature = "observe")]
            origin: crate::observe::Origin::of(error, parts.status()),
        }
    }

    /// The same response with a body that carries both pairs of members,
    /// `{"code":…,"message":…,"error_code":…,"error_msg":…}` (the request id member, if
    /// any, last), for servers whose clients read only one of them: the official Node.js
    /// SDK reads `error_code`/`error_msg` (or a nested `error`), never a top-level `code`.
    /// A static row's dual body is prebuilt; a templated one is rearranged from the
    /// rendered body, values not rendered again. A nested body stays as it is.
    ///
    /// ```
    /// use vpc_errors::{DeleteVpcError, ErrorResponse};
    ///
    /// let response = ErrorResponse::new(&DeleteVpcError::VpcHasSubnets).dual();
    /// assert_eq!(
    ///     response.body(),
    ///     r#"{"code":"VPC.0104","message":"Router contains subnets, please delete subnet first.","error_code":"VPC.0104","error_msg":"Router contains subnets, please delete subnet first."}"#
    /// );
    /// ```
    #[must_use]
    pub fn dual(mut self) -> Self {
        if !self.dual
            && let Some(body) = dual_body(self.entry, &self.body)
        {
            self.body = body;
            self.dual = true;
        }
        self
    }

    /// With `X-Request-Id: id` when `id` is `Some`, and, for a catalogue whose bodies
    /// carry the request id (`request_id: true`), the id in the body's `request_id` member.
    /// `None` leaves the response as it is, so an absent or refused id can be passed
    /// straight through: `.with_request_id(RequestId::parse(header))`.
    #[must_use]
    pub fn with_request_id(mut self, id: impl Into<Option<RequestId>>) -> Self {
        if let Some(id) = id.into() {
            if let Some(at) = self.request_id_slot() {
                self.body = Cow::Owned(fill_request_id(&self.body, at, &id));
            }
            self.request_id = Some(id);
        }
        self
    }

    /// Where the request id goes in the body, while the body's `request_id` member (a
    /// catalogue declared with `request_id: true`) is still empty.
    #[inline]
    pub(crate) fn request_id_slot(&self) -> Option<usize> {
        self.entry.wire.request_id_at(&self.body)
    }

    /// The HTTP status.
    #[must_use]
    pub const fn status(&self) -> u16 {
        self.status
    }

    /// The body, `{"code":"…","message":"…"}`.
    #[must_use]
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The body, without copying it.
    #[must_use]
    pub fn into_body(self) -> Cow<'static, str> {
        self.body
    }

    /// The request id echoed in `X-Request-Id`, if any.
    #[must_use]
    pub const fn request_id(&self) -> Option<&RequestId> {
        self.request_id.as_ref()
    }

    /// The headers, names in lower case: `content-type` and, if set, `x-request-id`.
    pub fn headers(&self) -> impl Iterator<Item = (&'static str, &str)> {
        std::iter::once(("content-type", CONTENT_TYPE)).chain(
            self.request_id
                .as_ref()
                .map(|id| (REQUEST_ID_HEADER, id.as_str())),
        )
    }

    /// The parts an integration needs, without copying the body.
    #[cfg(any(feature = "http", feature = "actix-web"))]
    pub(crate) fn into_parts(self) -> (u16, Cow<'static, str>, Option<RequestId>) {
        (self.status, self.body, self.request_id)
    }

    /// What `ErrorInfo` is made of: row, status, origin, body and request id slot.
    #[cfg(feature = "observe")]
    pub(crate) fn observed(
        &self,
    ) -> (
        &'static Entry,
        u16,
        &crate::observe::Origin,
        &Cow<'static, str>,
        Option<usize>,
    ) {
        (
            self.entry,
            self.status,
            &self.origin,
            &self.body,
            self.request_id_slot(),
        )
    }

    /// [`into_parts`](Self::into_parts), borrowed.
    #[cfg(feature = "http")]
    pub(crate) fn parts(&self) -> (u16, &Cow<'static, str>, Option<&RequestId>) {
        (self.status, &self.body, self.request_id.as_ref())
    }
}

/// Whether every error response is built [`dual`](ErrorResponse::dual): a server-wide
/// choice, made once at start-up.
static DUAL_BODIES: AtomicBool = AtomicBool::new(false);

/// Makes every [`ErrorResponse`] built from now on, in this process, carry both pairs of
/// members ([`ErrorResponse::dual`]), through every integration (axum, actix-web, `http`):
/// for a server whose clients include the official Node.js SDK, which reads
/// `error_code`/`error_msg` and never the `code`/`message` the VPC table publishes. The
/// published bodies stay the default; a static row's dual body is prebuilt, so this
/// costs no allocation.
pub fn serve_dual_bodies(on: bool) {
    DUAL_BODIES.store(on, Ordering::Relaxed);
}

/// [`dual_body`] for [`ErrorResponse::new`] under [`serve_dual_bodies`], out of the way of
/// the published bodies' path; with whether the body is now dual.
#[cold]
#[inline(never)]
fn served_dual(entry: &'static Entry, body: Cow<'static, str>) -> (Cow<'static, str>, bool) {
    match dual_body(entry, &body) {
        Some(dual) => (dual, true),
        None => (body, false),
    }
}

/// `body`, a body of `entry`'s catalogue not yet made dual, with both pairs of members:
/// `None` when it has them already (a dual catalogue) or cannot have them (nested).
fn dual_body(entry: &'static Entry, body: &str) -> Option<Cow<'static, str>> {
    let wire = entry.wire;
    if wire.shape == BodyShape::Dual {
        return None;
    }
    match (entry.body, entry.dual_body) {
        // The row's own prebuilt body (the same address: a rendered one never is).
        (Some(own), Some(dual)) if std::ptr::eq(body, own) => Some(Cow::Borrowed(dual)),
        _ => wire.dual_from(body).map(Cow::Owned),
    }
}

/// On an error response whose body has an empty `"request_id":""` member (a catalogue
/// declared with `request_id: true`): where the id goes. The echo middlewares fill it with
/// the request's id, as they set the `X-Request-Id` header (a response extension, in `http`
/// and in actix-web).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestIdSlot(pub usize);

impl RequestIdSlot {
    /// `body` with `id` in its `request_id` member, or `None` if the body is not one this
    /// slot was made for.
    #[must_use]
    pub fn fill(self, body: &[u8], id: &RequestId) -> Option<String> {
        let text = std::str::from_utf8(body).ok()?;
        (text.is_char_boundary(self.0) && text.get(..self.0)?.ends_with('"'))
            .then(|| fill_request_id(text, self.0, id))
    }
}

/// `body` with `id` written at `at`, inside its empty `"request_id":""` member.
fn fill_request_id(body: &str, at: usize, id: &RequestId) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(body.len() + id.as_str().len());
    out.push_str(&body[..at]);
    // A `RequestId` has no character JSON escapes; escaping keeps that from mattering.
    let _ = vpc_errors_internals::escape::JsonEscaped(&mut out).write_str(id.as_str());
    out.push_str(&body[at..]);
    out
}

/// `404 {"code":"VPC.0504","message":"Floating IP could not be found."}`
impl fmt::Display for ErrorResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.status, self.body)
    }
}

/// So that `?` turns any catalogue error into an `ErrorResponse` in a handler returning
/// `Result<_, ErrorResponse>`.
impl<E: VpcError + Error> From<E> for ErrorResponse {
    fn from(error: E) -> Self {
        ErrorResponse::new(&error)
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::{ShowNetworkIpAvailabilitiesError, ShowVpcError, Status404Or500};

    #[test]
    fn static_errors_borrow_their_prebuilt_body() {
        let e = ShowVpcError::NeutronError {
            status: Status404Or500::InternalServerError,
        };
        let response = ErrorResponse::new(&e);
        assert_eq!(response.status(), 500);
        assert_eq!(
            response.body(),
            r#"{"code":"VPC.0105","message":"Neutron Error."}"#
        );
        assert!(matches!(response.clone().into_body(), Cow::Borrowed(_)));
        assert!(response.request_id().is_none());
        assert_eq!(
            response.headers().collect::<Vec<_>>(),
            [("content-type", "application/json")]
        );
        assert_eq!(
            response.to_string(),
            r#"500 {"code":"VPC.0105","message":"Neutron Error."}"#
        );
    }

    #[test]
    fn templates_are_rendered_and_escaped() {
        let e = ShowNetworkIpAvailabilitiesError::NetworkNotFound {
            network_id: "a\"b\\c\n".into(),
        };
        let response = ErrorResponse::from(e);
        assert_eq!(response.status(), 400);
        assert_eq!(
            response.body(),
            r#"{"code":"VPC.2302","message":"Network a\"b\\c\n could not be found."}"#
        );
    }

    #[test]
    fn a_request_id_is_echoed_only_when_given() {
        let e = ShowVpcError::NeutronError {
            status: Status404Or500::NotFound,
        };
        let id = RequestId::parse("abc-123").unwrap();
        let with = ErrorResponse::new(&e).with_request_id(id.clone());
        assert_eq!(with.request_id(), Some(&id));
        assert_eq!(with.headers().last(), Some(("x-request-id", "abc-123")));
        // A refused id leaves the response alone rather than failing the error path.
        let refused = ErrorResponse::new(&e).with_request_id(RequestId::parse("bad id"));
        assert!(refused.request_id().is_none());
        // And an absent one does not erase an id already set.
        let kept = with.clone().with_request_id(None);
        assert_eq!(kept, with);
    }
}
