//! How a handler's error becomes a response, and every request a log line.
//!
//! Handlers return `Result<Response, ApiError<XError>>`, `XError` being their operation's
//! generated type (`CreateVpcError`, …). `?` takes, into it:
//!
//! - the operation's own errors, built with `vpc_error!`;
//! - its `#[derive(VpcError)]` enum, for errors that carry context;
//! - common errors (`vpc_error!(Common::VpcNotFound)`) and auth refusals, which every
//!   operation accepts; a refusal the VPC table has no row for is the API gateway's
//!   (`crate::gateway`), as in the cloud.
//!
//! The response is the catalogue error's own, rendered by vpc-errors' axum integration;
//! [`ApiError`] only notes its code and cause for the access log.

use std::fmt::{self, Write as _};

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use vpc_errors::{CommonError, REQUEST_ID_HEADER, RequestId, VpcError};

use crate::auth::{Denied, Refusal};
use crate::gateway;
use crate::state::App;

/// A handler's error: its operation's catalogue error `E` (or the gateway's, for a request
/// the gateway would have refused), and what caused it, for the log.
pub struct ApiError<E> {
    error: Answer<E>,
    cause: String,
}

/// Whose row answers.
enum Answer<E> {
    Operation(E),
    Gateway(gateway::CommonError),
}

impl<E> ApiError<E> {
    /// `cause` as the operation's error. Its `Debug` text, the variant with its context
    /// (`HasSubnets { vpc_id: "…", subnets: 2 }`), goes to the log line only.
    pub fn new<C: Into<E> + fmt::Debug>(cause: C) -> Self {
        ApiError {
            cause: bounded(format!("{cause:?}")),
            error: Answer::Operation(cause.into()),
        }
    }

    /// The API gateway's `error`, for a request the operation's table has no row for
    /// (a malformed body where the table has no parameter row), with its `cause` for the
    /// log.
    pub fn gateway(error: gateway::CommonError, cause: impl fmt::Debug) -> Self {
        ApiError {
            cause: bounded(format!("{cause:?}")),
            error: Answer::Gateway(error),
        }
    }
}

/// Common errors: every operation's type takes them.
impl<E: From<CommonError>> From<CommonError> for ApiError<E> {
    fn from(error: CommonError) -> Self {
        ApiError::new(error)
    }
}

/// Auth refusals, logged with why (the common error alone would not say which header).
impl<E: From<CommonError>> From<Denied> for ApiError<E> {
    fn from(denied: Denied) -> Self {
        let cause = bounded(format!("{denied:?}"));
        let error = match denied.refusal() {
            Refusal::Vpc(error) => Answer::Operation(error.into()),
            Refusal::Gateway(error) => Answer::Gateway(error),
        };
        ApiError { error, cause }
    }
}

/// `From<T> for ApiError<Op>` for an operation's generated type and its derived enum, so
/// `?` takes them. Listed per type: a blanket `impl<C: Into<E>> From<C>` would overlap
/// the ones above.
macro_rules! api_errors {
    ($($from:ty => $op:ty),* $(,)?) => {$(
        impl From<$from> for $crate::errors::ApiError<$op> {
            fn from(error: $from) -> Self {
                $crate::errors::ApiError::new(error)
            }
        }
    )*};
}
pub(crate) use api_errors;

impl<E: VpcError + IntoResponse> IntoResponse for ApiError<E> {
    fn into_response(self) -> Response {
        let error = match self.error {
            Answer::Operation(error) => error,
            Answer::Gateway(error) => return gateway::answer(error, &self.cause),
        };
        let note = Logged {
            code: error.code(),
            cause: self.cause,
        };
        // Status, headers and body: the catalogue's, from the crate's integration.
        let mut response = error.into_response();
        response.extensions_mut().insert(note);
        response
    }
}

/// What [`access_log`] writes about an error response.
#[derive(Debug, Clone)]
pub struct Logged {
    /// `VPC.0104`.
    pub code: &'static str,
    /// The cause, with its context.
    pub cause: String,
}

/// Middleware: one line per request on stderr, `method path status [code cause]
/// x-request-id=…`. It also gives a request without a usable `X-Request-Id` one, as
/// the cloud does, so that every response carries an id to quote and the log line
/// shows it.
pub async fn access_log(State(app): State<App>, mut request: Request, next: Next) -> Response {
    let id = match RequestId::from_headers(request.headers()) {
        Some(id) => id.as_str().to_owned(),
        None => {
            // 32 hex digits, like the cloud's request ids.
            let id = app.new_id().replace('-', "");
            if let Ok(value) = HeaderValue::from_str(&id) {
                request.headers_mut().insert(REQUEST_ID_HEADER, value);
            }
            id
        }
    };
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let note = response.extensions().get::<Logged>();
    eprintln!("{}", line(&method, &path, response.status(), note, &id));
    response
}

/// One access-log line.
pub fn line(
    method: &Method,
    path: &str,
    status: StatusCode,
    note: Option<&Logged>,
    request_id: &str,
) -> String {
    let mut line = format!("{method} {path} {}", status.as_u16());
    if let Some(Logged { code, cause }) = note {
        let _ = write!(line, " {code} {cause}");
    }
    let _ = write!(line, " x-request-id={request_id}");
    line
}

/// At most 300 bytes of `text`, cut at a character boundary: a cause quotes request
/// values, and a log line should stay a line.
fn bounded(mut text: String) -> String {
    const MAX: usize = 300;
    if text.len() > MAX {
        let mut end = MAX;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push('…');
    }
    text
}

#[cfg(test)]
mod tests {
    use vpc_errors::{DeleteVpcError, vpc_error};

    use super::*;

    #[test]
    fn lines_name_the_code_and_cause_of_errors() {
        let note = Logged {
            code: "VPC.0104",
            cause: "HasSubnets { subnets: 2 }".into(),
        };
        assert_eq!(
            line(
                &Method::DELETE,
                "/v1/p/vpcs/v",
                StatusCode::CONFLICT,
                Some(&note),
                "r1"
            ),
            "DELETE /v1/p/vpcs/v 409 VPC.0104 HasSubnets { subnets: 2 } x-request-id=r1"
        );
        assert_eq!(
            line(&Method::GET, "/v1/p/vpcs", StatusCode::OK, None, "r2"),
            "GET /v1/p/vpcs 200 x-request-id=r2"
        );
    }

    #[test]
    fn the_response_is_the_catalogue_error_with_a_note() {
        let cases: [(ApiError<DeleteVpcError>, _, _, _); 3] = [
            (
                vpc_error!(Common::VpcNotFound).into(),
                StatusCode::NOT_FOUND,
                "VPC.0003",
                "VpcNotFound",
            ),
            (
                Denied::ReadOnly.into(),
                StatusCode::FORBIDDEN,
                "VPC.2701",
                "ReadOnly",
            ),
            // A refusal the VPC table has no row for is the gateway's.
            (
                Denied::NoCredentials.into(),
                StatusCode::UNAUTHORIZED,
                "APIGW.0301",
                "NoCredentials",
            ),
        ];
        for (e, status, code, cause) in cases {
            let response = e.into_response();
            assert_eq!(response.status(), status);
            let note = response.extensions().get::<Logged>().unwrap();
            assert_eq!((note.code, note.cause.as_str()), (code, cause));
        }
    }

    #[test]
    fn causes_stay_short() {
        assert_eq!(bounded("short".into()), "short");
        let long = bounded("é".repeat(400));
        assert!(long.len() <= 300 + '…'.len_utf8());
        assert!(long.ends_with('…'));
    }
}
