//! The actix-web middleware (features `observe` and `actix-web`).

use std::time::Instant;

use ::actix_web::body::{EitherBody, MessageBody};
use ::actix_web::dev::{ServiceRequest, ServiceResponse};
use ::actix_web::http::header::HeaderValue;
use ::actix_web::middleware::Next;

use super::{Answered, ErrorInfo, record};
use crate::actix::{echoable_request_id, request_id_header};
use crate::request_id::RequestId;

/// Middleware giving every request an id and, per response, echoing it and recording one
/// event (feature `tracing`) and one count (feature `metrics`): see the [module](super)
/// documentation. Use it in place of `vpc_errors::actix::echo_request_id`, not beside it.
///
/// ```
/// use actix_web::{App, web};
/// use vpc_errors::DeletePublicipError;
///
/// async fn delete_publicip() -> Result<&'static str, DeletePublicipError> {
///     Err(DeletePublicipError::PublicipNotFound)
/// }
///
/// let app = App::new()
///     .route("/v1/{project_id}/publicips/{publicip_id}", web::delete().to(delete_publicip))
///     .wrap(actix_web::middleware::from_fn(vpc_errors::observe::actix));
/// ```
///
/// # Errors
/// Those of the services it wraps, passed on unchanged and not recorded: actix-web turns a
/// handler's error into a response before it gets here, so those are recorded as responses.
pub async fn actix<B: MessageBody>(
    mut request: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, ::actix_web::Error> {
    let start = Instant::now();
    // Before the handler builds its response; a load first, so requests on many threads do
    // not keep writing the flag's cache line.
    if !super::attaching() {
        super::attach_error_info(true);
    }
    let id = match echoable_request_id(request.headers()) {
        Some(incoming) => incoming.clone(),
        None => {
            let id = generated();
            // Replacing an invalid or repeated one: the handler sees the id answered with.
            request
                .headers_mut()
                .insert(request_id_header(), id.clone());
            id
        }
    };
    let method = request.method().clone();
    let response = next.call(request).await?;
    {
        let http = response.request();
        // The route pattern is known once the request has been routed.
        let route = http.match_pattern();
        let extensions = response.response().extensions();
        record(&Answered {
            // Checked to be a valid request id, which is ASCII.
            request_id: id.to_str().unwrap_or_default(),
            method: method.as_str(),
            route: route.as_deref().unwrap_or_else(|| http.path()),
            status: response.status().as_u16(),
            latency: start.elapsed(),
            info: extensions.get::<ErrorInfo>(),
        });
    }
    Ok(crate::actix::echo(response, id).await)
}

/// A generated request id as a header value.
fn generated() -> HeaderValue {
    HeaderValue::from_str(RequestId::generate().as_str()).expect("32 hex digits are a header value")
}
