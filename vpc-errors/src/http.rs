//! `http` 1 responses (feature `http`): for hyper, tower, and anything else built on the
//! `http` crate.
//!
//! ```
//! use vpc_errors::{DeletePublicipError, ErrorResponse};
//!
//! let response: http::Response<String> =
//!     ErrorResponse::new(&DeletePublicipError::PublicipNotFound).into_http_response();
//! assert_eq!(response.status(), 404);
//! assert_eq!(response.headers()["content-type"], "application/json");
//! assert_eq!(
//!     response.body(),
//!     r#"{"code":"VPC.0504","message":"Floating IP could not be found."}"#
//! );
//! ```
//!
//! The body type is the caller's: anything that converts from `&'static str` and from
//! `String`, such as `String`, `bytes::Bytes`, `http_body_util::Full<Bytes>` or axum's
//! `Body`. A static error's body goes in as the `&'static str`, which those types wrap
//! without copying.

use std::borrow::{Borrow, Cow};
use std::error::Error;

use ::http::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use ::http::{Response, StatusCode};

use crate::VpcError;
use crate::request_id::{REQUEST_ID_HEADER, RequestId};
use crate::response::{self, ErrorResponse, RequestIdSlot};

/// The `http::Response` for `error`: shorthand for
/// `ErrorResponse::new(error).into_http_response()`.
#[must_use]
#[inline]
pub fn to_response<E, B>(error: &E) -> Response<B>
where
    E: VpcError + Error + ?Sized,
    B: From<&'static str> + From<String>,
{
    ErrorResponse::new(error).into_http_response()
}

impl ErrorResponse {
    /// This response as an `http::Response`, copying an owned body.
    #[must_use]
    #[inline]
    pub fn to_http_response<B: From<&'static str> + From<String>>(&self) -> Response<B> {
        #[cfg(feature = "observe")]
        let info = crate::observe::attaching().then(|| self.info());
        let slot = self.request_id_slot();
        let (status, body, request_id) = self.parts();
        let body = match body {
            Cow::Borrowed(body) => B::from(*body),
            Cow::Owned(body) => B::from(body.clone()),
        };
        #[cfg_attr(not(feature = "observe"), expect(unused_mut))]
        let mut response = build(status, body, request_id, slot);
        #[cfg(feature = "observe")]
        if let Some(info) = info {
            response.extensions_mut().insert(info);
        }
        response
    }

    /// This response as an `http::Response`.
    #[must_use]
    #[inline]
    pub fn into_http_response<B: From<&'static str> + From<String>>(self) -> Response<B> {
        #[cfg(feature = "observe")]
        let info = crate::observe::attaching().then(|| self.info());
        let slot = self.request_id_slot();
        let (status, body, request_id) = self.into_parts();
        let body = match body {
            Cow::Borrowed(body) => B::from(body),
            Cow::Owned(body) => B::from(body),
        };
        #[cfg_attr(not(feature = "observe"), expect(unused_mut))]
        let mut response = build(status, body, request_id, slot);
        #[cfg(feature = "observe")]
        if let Some(info) = info {
            response.extensions_mut().insert(info);
        }
        response
    }
}

/// The response around `body`, built as one would by hand: a static error's costs what a
/// hand-built response around a static body does (BENCHMARKS.md, figure 1b).
///
/// The request id is taken by value, owned or borrowed, and dropped inside its branch: an
/// owned one still to be dropped once the response is built would have the response moved
/// out of the way of that drop and back (two 144-byte copies).
#[inline]
fn build<B, I: Borrow<RequestId>>(
    status: u16,
    body: B,
    request_id: Option<I>,
    request_id_slot: Option<usize>,
) -> Response<B> {
    let mut response = Response::new(body);
    *response.status_mut() = status_code(status);
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static(response::CONTENT_TYPE),
    );
    if let Some(id) = request_id {
        insert_request_id(headers, id.borrow());
    }
    if let Some(at) = request_id_slot {
        // For the echo middleware, which knows the request's id: see `RequestIdSlot`.
        insert_slot(&mut response, at);
    }
    response
}

/// Out of line: only a catalogue whose bodies carry the request id has a slot.
#[cold]
fn insert_slot<B>(response: &mut Response<B>, at: usize) {
    response.extensions_mut().insert(RequestIdSlot(at));
}

/// Out of line: most responses have no request id to echo.
#[cold]
fn insert_request_id(headers: &mut HeaderMap, id: &RequestId) {
    // A `RequestId` is checked to be a valid header value.
    if let Ok(value) = HeaderValue::from_str(id.as_str()) {
        headers.insert(request_id_header(), value);
    }
}

impl<B: From<&'static str> + From<String>> From<ErrorResponse> for Response<B> {
    fn from(response: ErrorResponse) -> Self {
        response.into_http_response()
    }
}

impl RequestId {
    /// The request's `X-Request-Id`, if it has exactly one (several would make the one to
    /// echo a guess) and it [may be echoed](RequestId::is_valid).
    #[must_use]
    pub fn from_headers(headers: &HeaderMap) -> Option<Self> {
        request_id_value(headers).and_then(|value| Self::parse(value.as_bytes()))
    }
}

/// Copies the request's `X-Request-Id` onto the response, if the request has one that
/// [may be echoed](RequestId::is_valid) and the response does not have its own.
///
/// For a hand-written hyper or tower service: call it on every response, error or not
/// (the cloud's SDKs read the header from both), or build errors with
/// [`ErrorResponse::with_request_id`] instead.
///
/// ```
/// use http::{HeaderMap, HeaderValue};
///
/// let mut request = HeaderMap::new();
/// request.insert("x-request-id", HeaderValue::from_static("abc-123"));
/// let mut response = HeaderMap::new();
/// vpc_errors::http::echo_request_id(&request, &mut response);
/// assert_eq!(response["x-request-id"], "abc-123");
/// ```
pub fn echo_request_id(request: &HeaderMap, response: &mut HeaderMap) {
    if let Some(value) = echoable_request_id(request) {
        set_request_id_if_absent(response, value.clone());
    }
}

/// The request's `X-Request-Id` if it may be echoed; borrowed, as a `HeaderValue` clone
/// shares its bytes where a `RequestId` would copy them.
pub(crate) fn echoable_request_id(request: &HeaderMap) -> Option<&HeaderValue> {
    request_id_value(request).filter(|value| RequestId::is_valid(value.as_bytes()))
}

/// Sets `value` as the response's `X-Request-Id` unless it has one.
pub(crate) fn set_request_id_if_absent(response: &mut HeaderMap, value: HeaderValue) {
    response.entry(request_id_header()).or_insert(value);
}

/// The single `X-Request-Id` value of `headers`.
fn request_id_value(headers: &HeaderMap) -> Option<&HeaderValue> {
    let mut values = headers.get_all(REQUEST_ID_HEADER).iter();
    let first = values.next()?;
    values.next().is_none().then_some(first)
}

fn request_id_header() -> HeaderName {
    HeaderName::from_static(REQUEST_ID_HEADER)
}

/// The catalogue's statuses are checked when it is compiled; 500 is the fallback should a
/// hand-written `VpcError` report something that is not a status.
fn status_code(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ShowNetworkIpAvailabilitiesError, ShowVpcError, Status404Or500};

    #[test]
    fn responses_carry_status_content_type_and_body() {
        let e = ShowVpcError::NeutronError {
            status: Status404Or500::InternalServerError,
        };
        let response: Response<String> = to_response(&e);
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(response.headers().len(), 1);
        assert_eq!(response.headers()[CONTENT_TYPE], "application/json");
        assert_eq!(
            response.body(),
            r#"{"code":"VPC.0105","message":"Neutron Error."}"#
        );

        let e = ShowNetworkIpAvailabilitiesError::NetworkNotFound {
            network_id: "n-1".into(),
        };
        let response: Response<Vec<u8>> = ErrorResponse::new(&e)
            .with_request_id(RequestId::parse("rid"))
            .to_http_response();
        assert_eq!(response.status(), 400);
        assert_eq!(response.headers()["x-request-id"], "rid");
        assert_eq!(
            response.body(),
            br#"{"code":"VPC.2302","message":"Network n-1 could not be found."}"#
        );
    }

    #[test]
    fn only_a_single_valid_request_id_is_echoed() {
        let mut request = HeaderMap::new();
        let mut response = HeaderMap::new();
        echo_request_id(&request, &mut response);
        assert!(response.is_empty());

        request.insert(REQUEST_ID_HEADER, HeaderValue::from_static("bad value"));
        echo_request_id(&request, &mut response);
        assert!(response.is_empty());
        assert_eq!(RequestId::from_headers(&request), None);

        request.insert(REQUEST_ID_HEADER, HeaderValue::from_static("good"));
        assert_eq!(RequestId::from_headers(&request), RequestId::parse("good"));
        request.append(REQUEST_ID_HEADER, HeaderValue::from_static("other"));
        assert_eq!(RequestId::from_headers(&request), None);
        echo_request_id(&request, &mut response);
        assert!(response.is_empty());

        request.remove(REQUEST_ID_HEADER);
        request.insert(REQUEST_ID_HEADER, HeaderValue::from_static("good"));
        response.insert(REQUEST_ID_HEADER, HeaderValue::from_static("own"));
        echo_request_id(&request, &mut response);
        assert_eq!(response[REQUEST_ID_HEADER], "own");
        response.clear();
        echo_request_id(&request, &mut response);
        assert_eq!(response[REQUEST_ID_HEADER], "good");
    }

    #[test]
    fn statuses_outside_http_fall_back_to_500() {
        assert_eq!(status_code(404), StatusCode::NOT_FOUND);
        assert_eq!(status_code(42), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
