//! The tower layer (features `observe` and `http`): axum, hyper, and anything else on tower.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Instant;

use ::http::{HeaderValue, Method, Request, Response, Uri};
use pin_project_lite::pin_project;

use super::{Answered, ErrorInfo, filled_body, record};
use crate::request_id::{REQUEST_ID_HEADER, RequestId};
use crate::response::RequestIdSlot;

/// A tower layer giving every request an id and, per response, echoing it and recording
/// one event (feature `tracing`) and one count (feature `metrics`): see the
/// [module](super) documentation.
///
/// ```
/// use axum::{Router, routing::delete};
/// use vpc_errors::DeletePublicipError;
/// use vpc_errors::observe::ObserveLayer;
///
/// async fn delete_publicip() -> Result<(), DeletePublicipError> {
///     Err(DeletePublicipError::PublicipNotFound)
/// }
///
/// let app: Router = Router::new()
///     .route("/v1/{project_id}/publicips/{publicip_id}", delete(delete_publicip))
///     // `Router::layer`, not `ServiceBuilder` around the router: inside the router the
///     // layer sees the matched route.
///     .layer(ObserveLayer::new());
/// ```
///
/// The response body type must convert from `String` (axum's `Body`, `String`,
/// `http_body_util::Full<Bytes>` do): an error body with a `request_id` member is replaced
/// by the filled one. Put the layer outside anything that rewrites bodies (compression),
/// so the body it replaces is still the one this crate wrote.
#[derive(Debug, Clone, Copy, Default)]
pub struct ObserveLayer {
    _private: (),
}

impl ObserveLayer {
    /// The layer.
    #[must_use]
    pub const fn new() -> Self {
        ObserveLayer { _private: () }
    }
}

impl<S> tower_layer::Layer<S> for ObserveLayer {
    type Service = Observe<S>;

    fn layer(&self, inner: S) -> Observe<S> {
        super::attach_error_info(true);
        Observe { inner }
    }
}

/// The service [`ObserveLayer`] wraps around another.
#[derive(Debug, Clone)]
pub struct Observe<S> {
    inner: S,
}

impl<S, ReqBody, ResBody> tower_service::Service<Request<ReqBody>> for Observe<S>
where
    S: tower_service::Service<Request<ReqBody>, Response = Response<ResBody>>,
    ResBody: From<String>,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<ReqBody>) -> Self::Future {
        let start = Instant::now();
        let id = match crate::http::echoable_request_id(request.headers()) {
            // Cloning a `HeaderValue` shares its bytes.
            Some(incoming) => incoming.clone(),
            None => {
                let id = generated();
                // Replacing an invalid or repeated one: the handler sees the id answered with.
                request.headers_mut().insert(REQUEST_ID_HEADER, id.clone());
                id
            }
        };
        let pending = Pending {
            id,
            method: request.method().clone(),
            route: Route::of(&request),
            start,
        };
        ResponseFuture {
            inner: self.inner.call(request),
            pending: Some(pending),
        }
    }
}

/// A generated request id as a header value.
fn generated() -> HeaderValue {
    HeaderValue::from_str(RequestId::generate().as_str()).expect("32 hex digits are a header value")
}

pin_project! {
    /// The future of an [`Observe`] service's response.
    pub struct ResponseFuture<F> {
        #[pin]
        inner: F,
        pending: Option<Pending>,
    }
}

impl<F, B, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<Response<B>, E>>,
    B: From<String>,
{
    type Output = Result<Response<B>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut result = ready!(this.inner.poll(cx));
        // An `Err` is not a response: the server below failed to make one, and whoever
        // turns it into one (hyper closes the connection) reports it.
        if let (Ok(response), Some(pending)) = (&mut result, this.pending.take()) {
            pending.answer(response);
        }
        Poll::Ready(result)
    }
}

/// What the layer keeps of the request until its response comes.
struct Pending {
    id: HeaderValue,
    method: Method,
    route: Route,
    start: Instant,
}

impl Pending {
    fn answer<B: From<String>>(self, response: &mut Response<B>) {
        if let Some(slot) = response.extensions_mut().remove::<RequestIdSlot>() {
            let filled = response.extensions().get::<ErrorInfo>().and_then(|info| {
                RequestId::parse(self.id.as_bytes()).and_then(|id| filled_body(info, slot, &id))
            });
            if let Some(filled) = filled {
                *response.body_mut() = B::from(filled);
            }
        }
        record(&Answered {
            // Checked to be a valid request id, which is ASCII.
            request_id: self.id.to_str().unwrap_or_default(),
            method: self.method.as_str(),
            route: self.route.as_str(),
            status: response.status().as_u16(),
            latency: self.start.elapsed(),
            info: response.extensions().get::<ErrorInfo>(),
        });
        crate::http::set_request_id_if_absent(response.headers_mut(), self.id);
    }
}

/// The route matched, where the framework tells (axum's `MatchedPath`), else the path.
enum Route {
    #[cfg(feature = "axum")]
    Matched(::axum::extract::MatchedPath),
    Path(Uri),
}

impl Route {
    fn of<B>(request: &Request<B>) -> Self {
        #[cfg(feature = "axum")]
        if let Some(matched) = request.extensions().get::<::axum::extract::MatchedPath>() {
            return Route::Matched(matched.clone());
        }
        // Cloning a `Uri` shares its bytes.
        Route::Path(request.uri().clone())
    }

    fn as_str(&self) -> &str {
        match self {
            #[cfg(feature = "axum")]
            Route::Matched(matched) => matched.as_str(),
            Route::Path(uri) => uri.path(),
        }
    }
}
