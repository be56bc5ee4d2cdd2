//! How a handler's error becomes a response.
//!
//! Handlers return `Result<Response, ApiError<XError>>`, `XError` being their operation's
//! generated type (`CreateVpcError`, …). `?` takes, into it, any catalogue error that
//! converts into `XError`: the operation's own (`vpc_error!(CreateVpc::VpcNameExists)`),
//! its `#[derive(VpcError)]` enum, for errors that carry context, and the common errors
//! (`vpc_error!(Common::VpcNotFound)`), which every operation accepts.
//!
//! The response is the catalogue error's own, rendered by vpc-errors' axum integration;
//! the log line for it is `vpc_errors::observe::ObserveLayer`'s. [`ApiError`] adds one
//! `DEBUG` event with the cause's context (`HasSubnets { vpc_id: "…", subnets: 2 }`),
//! which the response does not carry.
//!
//! An operation whose table has no row for a request it refuses (no parameter row, say)
//! answers the API gateway's instead (`gateway::bad_request`), as the cloud's gateway
//! checks requests against the API's definition before the service sees them.

use std::fmt;

use axum::response::{IntoResponse, Response};
use vpc_errors::VpcError;

use crate::gateway;

/// A handler's error: its operation's catalogue error `E`, or the API gateway's.
pub enum ApiError<E> {
    /// The operation's row.
    Row(E),
    /// The gateway's row, for a request the operation's table has no row for.
    Gateway(gateway::CommonError),
}

/// Any catalogue error `E` takes. One impl for all: it cannot overlap `From<T> for T`,
/// since `ApiError` is not itself a `VpcError`.
impl<E, C: VpcError + Into<E> + fmt::Debug> From<C> for ApiError<E> {
    fn from(cause: C) -> Self {
        // `Debug` quotes and escapes the strings of the context: request text cannot forge
        // a line of the log.
        tracing::debug!(target: "server", code = cause.code(), ?cause, "error cause");
        ApiError::Row(cause.into())
    }
}

impl<E: IntoResponse> IntoResponse for ApiError<E> {
    fn into_response(self) -> Response {
        match self {
            ApiError::Row(error) => error.into_response(),
            ApiError::Gateway(error) => error.into_response(),
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::http::StatusCode;
    use vpc_errors::{DeleteVpcError, vpc_error};

    use super::*;
    use crate::vpcs::DeleteVpcFailure;

    #[test]
    fn the_response_is_the_catalogue_errors() {
        let cases: [(ApiError<DeleteVpcError>, _); 2] = [
            (
                vpc_error!(Common::VpcNotFound).into(),
                StatusCode::NOT_FOUND,
            ),
            (
                DeleteVpcFailure::HasSubnets {
                    vpc_id: "v".into(),
                    subnets: 2,
                }
                .into(),
                StatusCode::CONFLICT,
            ),
        ];
        for (e, status) in cases {
            assert_eq!(e.into_response().status(), status);
        }
    }
}
