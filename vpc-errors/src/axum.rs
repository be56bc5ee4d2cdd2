//! axum 0.8 (feature `axum`).
//!
//! Every generated and derived error type, [`AnyVpcError`](crate::AnyVpcError) and
//! [`ErrorResponse`] implement `IntoResponse`, so a handler returns them as its error:
//!
//! ```
//! use axum::{Router, routing::delete};
//! use vpc_errors::DeletePublicipError;
//!
//! async fn delete_publicip() -> Result<(), DeletePublicipError> {
//!     Err(DeletePublicipError::PublicipNotFound)
//! }
//!
//! let app: Router = Router::new()
//!     .route("/v1/{project_id}/publicips/{publicip_id}", delete(delete_publicip))
//!     // Echo a valid incoming X-Request-Id on every response.
//!     .layer(axum::middleware::from_fn(vpc_errors::axum::echo_request_id));
//! ```
//!
//! To put the request id on one error response yourself, extract `Option<RequestId>`:
//!
//! ```
//! use vpc_errors::{ErrorResponse, RequestId, ShowVpcError};
//!
//! async fn show_vpc(request_id: Option<RequestId>) -> Result<(), ErrorResponse> {
//!     Err(ErrorResponse::new(&ShowVpcError::VpcNotFound).with_request_id(request_id))
//! }
//! # let _: axum::routing::MethodRouter = axum::routing::get(show_vpc);
//! ```

use std::convert::Infallible;
use std::error::Error;

use ::axum::extract::{OptionalFromRequestParts, Request};
use ::axum::middleware::Next;
use ::axum::response::{IntoResponse, Response};
use ::http::request::Parts;

use crate::VpcError;
use crate::request_id::RequestId;
use crate::response::ErrorResponse;
use crate::response::RequestIdSlot;

/// The axum response for `error`: what its `IntoResponse` impl returns.
#[must_use]
pub fn into_response<E: VpcError + Error + ?Sized>(error: &E) -> Response {
    ErrorResponse::new(error).into_http_response()
}

impl IntoResponse for ErrorResponse {
    fn into_response(self) -> Response {
        self.into_http_response()
    }
}

/// `Option<RequestId>` as a handler argument: the request's `X-Request-Id`, or `None` when
/// it is absent or [may not be echoed](RequestId::is_valid). Never rejects the request.
impl<S> OptionalFromRequestParts<S> for RequestId {
    type Rejection = Infallible;

    fn from_request_parts(
        parts: &mut Parts,
        _state: &S,
    ) -> impl Future<Output = Result<Option<Self>, Self::Rejection>> + Send {
        std::future::ready(Ok(RequestId::from_headers(&parts.headers)))
    }
}

/// Middleware echoing the request's `X-Request-Id` on the response, error or not, unless
/// the response sets its own; see [`http::echo_request_id`](crate::http::echo_request_id).
///
/// `Router::layer(axum::middleware::from_fn(vpc_errors::axum::echo_request_id))`.
///
/// An error of a catalogue whose bodies carry the request id (`request_id: true`) gets the
/// id in its body's `request_id` member too.
pub async fn echo_request_id(request: Request, next: Next) -> Response {
    // Taken before the request moves on; cloning a `HeaderValue` shares its bytes.
    let incoming = crate::http::echoable_request_id(request.headers()).cloned();
    let mut response = next.run(request).await;
    let Some(id) = incoming else {
        return response;
    };
    if let Some(slot) = response.extensions_mut().remove::<RequestIdSlot>()
        && let Some(request_id) = RequestId::parse(id.as_bytes())
    {
        response = fill_body(response, slot, &request_id).await;
    }
    crate::http::set_request_id_if_absent(response.headers_mut(), id);
    response
}

/// `response` with the request id in its body (an error body this crate wrote, already in
/// memory); unchanged if the body is not the one the slot was made for.
async fn fill_body(response: Response, slot: RequestIdSlot, id: &RequestId) -> Response {
    let (parts, body) = response.into_parts();
    // An error body is at most a few kilobytes; the limit only guards against a handler
    // that put the slot on a streaming body of its own.
    let Ok(bytes) = ::axum::body::to_bytes(body, 1 << 20).await else {
        return Response::from_parts(parts, ::axum::body::Body::empty());
    };
    let body = match slot.fill(&bytes, id) {
        Some(filled) => ::axum::body::Body::from(filled),
        None => ::axum::body::Body::from(bytes),
    };
    Response::from_parts(parts, body)
}
