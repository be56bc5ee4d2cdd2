//! actix-web 4 (feature `actix-web`).
//!
//! Every generated and derived error type and [`AnyVpcError`](crate::AnyVpcError)
//! implement `ResponseError`, with the catalogue's status and body: never actix's default
//! of the `Display` text as `text/plain`. [`ErrorResponse`] implements `ResponseError` and
//! `Responder`.
//!
//! ```
//! use actix_web::{App, web};
//! use vpc_errors::DeletePublicipError;
//!
//! async fn delete_publicip() -> Result<&'static str, DeletePublicipError> {
//!     Err(DeletePublicipError::PublicipNotFound)
//! }
//!
//! let app = App::new()
//!     .route("/v1/{project_id}/publicips/{publicip_id}", web::delete().to(delete_publicip))
//!     // Echo a valid incoming X-Request-Id on every response.
//!     .wrap(actix_web::middleware::from_fn(vpc_errors::actix::echo_request_id));
//! ```

use std::borrow::Cow;
use std::error::Error;

use ::actix_web::body::{BoxBody, EitherBody, MessageBody};
use ::actix_web::dev::{ServiceRequest, ServiceResponse};
use ::actix_web::http::StatusCode;
use ::actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use ::actix_web::middleware::Next;
use ::actix_web::{HttpRequest, HttpResponse, Responder, ResponseError};

use crate::VpcError;
use crate::request_id::{REQUEST_ID_HEADER, RequestId};
use crate::response::{self, ErrorResponse, RequestIdSlot};

/// The status of `error`: what its `ResponseError::status_code` returns.
#[must_use]
pub fn status_code<E: VpcError + ?Sized>(error: &E) -> StatusCode {
    to_status(error.status())
}

/// The actix-web response for `error`: what its `ResponseError::error_response` returns.
#[must_use]
pub fn error_response<E: VpcError + Error + ?Sized>(error: &E) -> HttpResponse {
    ErrorResponse::new(error).into()
}

impl From<ErrorResponse> for HttpResponse {
    /// Built as one would by hand, without `HttpResponseBuilder` (whose header conversions
    /// and deferred error cost more than the response itself): a static error's response
    /// costs what a hand-built one around a static body does (BENCHMARKS.md, figure 1b).
    #[inline]
    fn from(response: ErrorResponse) -> Self {
        #[cfg(feature = "observe")]
        let info = crate::observe::attaching().then(|| response.info());
        let slot = response.request_id_slot();
        let (status, body, request_id) = response.into_parts();
        // A `&'static str` body is wrapped as it is, not copied; and set as the response
        // is made (`with_body`), not put in place of an empty one (`new`, `set_body`).
        let body = match body {
            Cow::Borrowed(body) => BoxBody::new(body),
            Cow::Owned(body) => BoxBody::new(body),
        };
        let mut http = HttpResponse::with_body(to_status(status), body);
        if let Some(at) = slot {
            insert_slot(&mut http, at);
        }
        #[cfg(feature = "observe")]
        if let Some(info) = info {
            http.extensions_mut().insert(info);
        }
        let headers = http.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(response::CONTENT_TYPE),
        );
        if let Some(id) = request_id {
            insert_request_id(headers, &id);
        }
        http
    }
}

/// For the echo middleware, which knows the request's id: see [`RequestIdSlot`]. Out of
/// line: only a catalogue whose bodies carry the request id has a slot.
#[cold]
fn insert_slot(http: &mut HttpResponse, at: usize) {
    http.extensions_mut().insert(RequestIdSlot(at));
}

/// Out of line: most responses have no request id to echo.
#[cold]
fn insert_request_id(headers: &mut HeaderMap, id: &RequestId) {
    // A `RequestId` is checked to be a valid header value.
    if let Ok(value) = HeaderValue::from_str(id.as_str()) {
        headers.insert(request_id_header(), value);
    }
}

impl ResponseError for ErrorResponse {
    fn status_code(&self) -> StatusCode {
        to_status(self.status())
    }

    fn error_response(&self) -> HttpResponse {
        self.clone().into()
    }
}

impl Responder for ErrorResponse {
    type Body = BoxBody;

    fn respond_to(self, _request: &HttpRequest) -> HttpResponse {
        self.into()
    }
}

/// The request's `X-Request-Id`, if it has exactly one and it
/// [may be echoed](RequestId::is_valid): for
/// [`ErrorResponse::with_request_id`].
#[must_use]
pub fn request_id(request: &HttpRequest) -> Option<RequestId> {
    echoable_request_id(request.headers()).and_then(|value| RequestId::parse(value.as_bytes()))
}

/// Middleware echoing the request's `X-Request-Id` on the response, error or not, unless
/// the response sets its own. An error of a catalogue whose bodies carry the request id
/// (`request_id: true`) gets the id in its body's `request_id` member too.
///
/// `App::wrap(actix_web::middleware::from_fn(vpc_errors::actix::echo_request_id))`.
///
/// # Errors
/// Those of the services it wraps, passed on unchanged (actix-web turns a handler's error
/// into a response before it gets here, so those are echoed on too).
pub async fn echo_request_id<B: MessageBody>(
    request: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, ::actix_web::Error> {
    // Taken before the request moves on; cloning a `HeaderValue` shares its bytes.
    let incoming = echoable_request_id(request.headers()).cloned();
    let response = next.call(request).await?;
    match incoming {
        Some(id) => Ok(echo(response, id).await),
        None => Ok(response.map_into_left_body()),
    }
}

/// `response` with `id` in `X-Request-Id` unless it sets its own, and in the body's
/// `request_id` member for an error of a catalogue whose bodies carry one.
pub(crate) async fn echo<B: MessageBody>(
    mut response: ServiceResponse<B>,
    id: HeaderValue,
) -> ServiceResponse<EitherBody<B>> {
    let headers = response.headers_mut();
    if !headers.contains_key(REQUEST_ID_HEADER) {
        headers.insert(request_id_header(), id.clone());
    }
    let slot = response
        .response()
        .extensions()
        .get::<RequestIdSlot>()
        .copied();
    match (slot, RequestId::parse(id.as_bytes())) {
        (Some(slot), Some(request_id)) => fill_body(response, slot, &request_id).await,
        _ => response.map_into_left_body(),
    }
}

/// `response` with the request id in its body (an error body this crate wrote, already in
/// memory); unchanged if the body is not the one the slot was made for.
async fn fill_body<B: MessageBody>(
    response: ServiceResponse<B>,
    slot: RequestIdSlot,
    id: &RequestId,
) -> ServiceResponse<EitherBody<B>> {
    let (request, response) = response.into_parts();
    let (response, body) = response.into_parts();
    // Reading a body this crate wrote (a few kilobytes at most, in memory) cannot fail;
    // should a handler's own body do, it is answered empty rather than half.
    let bytes = ::actix_web::body::to_bytes(body).await.unwrap_or_default();
    let filled = match slot.fill(&bytes, id) {
        Some(filled) => BoxBody::new(filled),
        None => BoxBody::new(bytes),
    };
    ServiceResponse::new(request, response.set_body(filled)).map_into_right_body()
}

/// The single `X-Request-Id` value of `headers`, if it may be echoed. actix-web has its own
/// `HeaderMap` (on `http` 0.2), hence this twin of the `http` feature's.
pub(crate) fn echoable_request_id(headers: &HeaderMap) -> Option<&HeaderValue> {
    let mut values = headers.get_all(REQUEST_ID_HEADER);
    let first = values.next()?;
    (values.next().is_none() && RequestId::is_valid(first.as_bytes())).then_some(first)
}

pub(crate) fn request_id_header() -> HeaderName {
    HeaderName::from_static(REQUEST_ID_HEADER)
}

/// The catalogue's statuses are checked when it is compiled; 500 is the fallback should a
/// hand-written `VpcError` report something that is not a status.
fn to_status(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}
