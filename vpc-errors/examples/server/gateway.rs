//! The API gateway in front of the service, and its own error catalogue.
//!
//! In the cloud a request meets the API gateway before the VPC service: an unknown path or
//! method, and credentials that cannot be checked at all, are answered there, with the
//! gateway's rows (`APIGW.0101`, `APIGW.0301`, ...) in its own body shape,
//! `{"error_code","error_msg","request_id"}`. `gateway.yaml` beside this file is that
//! published table, compiled here as a second catalogue; `gateway.lock` locks its wire
//! contract. Rows are referenced as `vpc_error!(crate::gateway::Common::ApiNotFound)`.

use std::borrow::Cow;
use std::fmt;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use vpc_errors::extract::BodyRoles;
use vpc_errors::{VpcError, vpc_error};

use crate::auth;
use crate::errors::ApiError;

vpc_errors::catalogue!("examples/server/gateway.yaml");

/// The fallback of the router: no operation has this path.
pub async fn no_such_api() -> Response {
    answer(
        vpc_error!(crate::gateway::Common::ApiNotFound),
        "no operation has this path",
    )
}

/// The fallback of a path's routes: the path is an operation's, the method is not.
pub async fn no_such_method() -> Response {
    answer(
        vpc_error!(crate::gateway::Common::MethodNotFound),
        "no operation has this method on this path",
    )
}

/// Middleware for the routes: credentials the gateway cannot check at all (none, an
/// `Authorization` that is not a signature, a signature without `X-Project-Id`) are
/// answered here with `APIGW.0301`; the rest go on to the operation, whose `Auth` extractor
/// checks them against its own table.
pub async fn check_credentials(request: Request, next: Next) -> Response {
    match auth::gateway_refusal(request.headers()) {
        None => next.run(request).await,
        Some(denied) => answer(
            vpc_error!(crate::gateway::Common::IamAuthFailed),
            &format!("{denied:?}"),
        ),
    }
}

/// The gateway's refusal of a request its API's definition does not allow (`APIGW.0201`
/// `API request error.`), for an operation whose table has no parameter row; `cause` goes
/// to a `DEBUG` event.
pub fn bad_request<E>(cause: impl fmt::Debug) -> ApiError<E> {
    let error = vpc_error!(crate::gateway::Common::RequestError);
    tracing::debug!(target: "server", code = error.code(), ?cause, "gateway refusal");
    ApiError::Gateway(error)
}

/// The body of an operation whose table has no parameter row is read as
/// `Json<gateway::CommonError, T>`: a body the API's definition does not allow is the
/// gateway's `APIGW.0201`, `400` (`413` for one over the limit).
impl BodyRoles for CommonError {
    fn bad_body(_: Cow<'static, str>) -> Self {
        vpc_error!(crate::gateway::Common::RequestError)
    }

    fn missing_field(field: Cow<'static, str>) -> Self {
        Self::bad_body(field)
    }

    fn body_too_large(_: Cow<'static, str>) -> Self {
        vpc_error!(crate::gateway::Common::EntityTooLarge)
    }

    fn bad_content_type(field: Cow<'static, str>) -> Self {
        Self::bad_body(field)
    }
}

/// `error` as a response, its `cause` in a `DEBUG` event. The request id goes into the
/// body's `request_id` member and the `X-Request-Id` header on the way out
/// (`vpc_errors::observe::ObserveLayer`).
pub fn answer(error: CommonError, cause: &str) -> Response {
    tracing::debug!(target: "server", code = error.code(), cause, "gateway refusal");
    error.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `gateway.lock` is the wire contract of `gateway.yaml`: a changed code, status or
    /// message must be a deliberate edit of both.
    #[test]
    fn the_gateway_contract_is_locked() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/server/gateway.lock");
        let locked = std::fs::read_to_string(path).expect("the lock is checked in");
        if let Err(drift) = vpc_errors::contract::check(&CATALOGUE, &locked) {
            panic!(
                "{path}: {drift}\nAccept a deliberate change by writing vpc_errors::contract::lock(..) to the file."
            );
        }
    }

    #[test]
    fn the_table_is_whole() {
        assert_eq!(CATALOGUE.entries.len(), 41);
        let codes: Vec<_> = CATALOGUE.entries.iter().map(|e| e.code).collect();
        assert_eq!(codes.first(), Some(&"APIGW.0101"));
        assert_eq!(codes.last(), Some(&"APIGW.0802"));
        let too_large = CATALOGUE.entries.iter().find(|e| e.has_status(494));
        assert_eq!(too_large.map(|e| e.name), Some("HeadersTooLarge"));
    }
}
