//! Secrets never reach the wire: an error's source (a backend failure quoting a connection
//! string and a token) and a derived error's context fields stay with the error for the
//! logs, and are absent from everything a client sees: the body, `message()`, the
//! `Display` text of the wire error, `ErrorResponse` (its body, headers and `Display`),
//! and the responses of the `http`, axum and actix-web integrations.
//!
//! Checked for derived errors and for the generated errors they convert into, at 4xx and
//! 5xx statuses, directly and through `AnyVpcError` (which keeps a `Send + Sync` original
//! for its source chain, and drops one that is not).

use std::error::Error;
use std::fmt;

use axum::response::IntoResponse;
use vpc_errors::{AnyVpcError, DeleteVpcError, ErrorResponse, RequestId, VpcError};

/// An IAM-style token.
const TOKEN: &str = "MIIZkgYJKoZIhvcNAQcCoIIZgzCCGX8CAQExDTALBglghkgBZQMEAgEw-secret-token";
/// A connection string with a password.
const DSN: &str = "postgres://vpc_admin:S3cr3t-Pa55w0rd@db.internal.example:5432/vpc";
/// What must never appear: the token, the whole string, and the password alone.
const SECRETS: [&str; 3] = [TOKEN, DSN, "S3cr3t-Pa55w0rd"];

/// A backend failure that quotes everything it knows.
#[derive(Debug, Clone)]
struct BackendError {
    dsn: String,
    token: String,
}

impl BackendError {
    fn new() -> Self {
        BackendError {
            dsn: DSN.to_owned(),
            token: TOKEN.to_owned(),
        }
    }
}

impl fmt::Display for BackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "connect {} with token {} failed", self.dsn, self.token)
    }
}

impl Error for BackendError {}

/// A wrapper, so that the secret is two links down the source chain.
#[derive(Debug, Clone)]
struct PoolError(BackendError);

impl fmt::Display for PoolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("no connection from the pool")
    }
}

impl Error for PoolError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&self.0)
    }
}

/// `DeleteVpc`'s failures, each carrying the secrets as a source or as context.
#[derive(Debug, vpc_errors::VpcError)]
#[vpc(operation = DeleteVpc)]
enum DeleteVpcFailure {
    /// 500, the secret in the source.
    #[vpc(code = "VPC.0105", status = 500)]
    Backend(#[source] BackendError),
    /// 500, the secret two links down, and as context.
    #[vpc(name = DatabaseError)]
    Database { source: PoolError, dsn: String },
    /// 400, a template value beside a source and a context field holding secrets.
    #[vpc(name = InvalidParam, status = 400)]
    BadField {
        field: &'static str,
        #[source]
        cause: BackendError,
        token: String,
    },
    /// 404 on a row with two statuses, the secret in the source.
    #[vpc(code = "VPC.0105", status = 404)]
    Gone(#[source] PoolError),
    /// 409, context only.
    #[vpc(code = "VPC.0104")]
    HasSubnets { vpc_id: String, token: String },
    /// 401, the rejected token as context.
    #[vpc(name = TokenInvalid)]
    BadToken { token: String },
}

/// A failure whose source is not `Send + Sync`: `AnyVpcError` cannot keep it, and drops it.
#[derive(Debug, vpc_errors::VpcError)]
#[vpc(operation = DeleteVpc)]
enum LocalFailure {
    #[vpc(name = DatabaseError)]
    Database(#[source] Box<dyn Error>),
}

fn failures() -> Vec<DeleteVpcFailure> {
    vec![
        DeleteVpcFailure::Backend(BackendError::new()),
        DeleteVpcFailure::Database {
            source: PoolError(BackendError::new()),
            dsn: DSN.to_owned(),
        },
        DeleteVpcFailure::BadField {
            field: "vpc_id",
            cause: BackendError::new(),
            token: TOKEN.to_owned(),
        },
        DeleteVpcFailure::Gone(PoolError(BackendError::new())),
        DeleteVpcFailure::HasSubnets {
            vpc_id: "0b7e3c4a-1d2f-4e5a-8b9c-0d1e2f3a4b5c".to_owned(),
            token: TOKEN.to_owned(),
        },
        DeleteVpcFailure::BadToken {
            token: TOKEN.to_owned(),
        },
    ]
}

#[track_caller]
fn assert_clean(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} leaks {secret:?}: {text}");
    }
}

/// Whether some secret is in `text`: what makes the checks above mean something.
fn holds_secret(text: &str) -> bool {
    SECRETS.iter().any(|s| text.contains(s))
}

/// The whole chain below `e`, as a log would print it.
fn chain(e: &dyn Error) -> String {
    let mut out = String::new();
    let mut next = e.source();
    while let Some(source) = next {
        out.push_str(&source.to_string());
        out.push_str(": ");
        next = source.source();
    }
    out
}

/// Everything a client can see of `error` through each integration, as text: status,
/// header values and body of each response, and the `Display` of the wire error.
async fn wire_texts<E>(make: impl Fn() -> E) -> Vec<(String, String)>
where
    E: VpcError + Error + IntoResponse + actix_web::ResponseError + 'static,
{
    let error = make();
    let mut seen = vec![
        ("body".to_owned(), error.body().into_owned()),
        ("message".to_owned(), error.message().into_owned()),
        ("Display".to_owned(), error.to_string()),
    ];
    let response = ErrorResponse::new(&error).with_request_id(RequestId::parse("req-4d3c1f0e9a8b"));
    seen.push(("ErrorResponse body".into(), response.body().to_owned()));
    seen.push(("ErrorResponse Display".into(), response.to_string()));
    for (name, value) in response.headers() {
        seen.push((format!("ErrorResponse header {name}"), value.to_owned()));
    }

    let http: http::Response<String> = response.into_http_response();
    for (name, value) in http.headers() {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        seen.push((format!("http header {name}"), value));
    }
    seen.push(("http body".into(), http.into_body()));

    let axum = make().into_response();
    for (name, value) in axum.headers() {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        seen.push((format!("axum header {name}"), value));
    }
    let body = axum::body::to_bytes(axum.into_body(), usize::MAX)
        .await
        .expect("an axum body");
    seen.push(("axum body".into(), String::from_utf8_lossy(&body).into()));

    let actix_responses = [
        ("actix ResponseError", make().error_response()),
        (
            "actix Error",
            actix_web::Error::from(make()).error_response(),
        ),
    ];
    for (what, response) in actix_responses {
        assert_eq!(response.status().as_u16(), error.status(), "{what}");
        for (name, value) in response.headers() {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            seen.push((format!("{what} header {name}"), value));
        }
        let body = actix_web::body::to_bytes(response.into_body())
            .await
            .unwrap_or_default();
        seen.push((
            format!("{what} body"),
            String::from_utf8_lossy(&body).into(),
        ));
    }
    seen
}

/// Checks every wire text of `make()`'s error, and returns its status.
async fn check<E>(kind: &str, make: impl Fn() -> E) -> u16
where
    E: VpcError + Error + IntoResponse + actix_web::ResponseError + 'static,
{
    let error = make();
    let status = error.status();
    let texts = wire_texts(make).await;
    // Every integration sent the same body: the catalogue's.
    let body = error.body();
    for (what, text) in &texts {
        assert_clean(&format!("{kind} {}: {what}", error.code()), text);
        if what.ends_with("body") {
            assert_eq!(text, &body, "{kind}: {what}");
        }
    }
    status
}

#[tokio::test]
async fn derived_errors_keep_their_secrets_off_the_wire() {
    let mut statuses = Vec::new();
    for (i, failure) in failures().iter().enumerate() {
        // The secrets are really there, for the logs: in the source chain or the context.
        let debug = format!("{failure:?}");
        assert!(holds_secret(&debug), "{debug}");
        if failure.source().is_some() {
            assert!(holds_secret(&chain(failure)), "{}", chain(failure));
        }
        statuses.push(check("derived", || failures().swap_remove(i)).await);
    }
    assert!(
        statuses.iter().any(|s| (400..500).contains(s)),
        "{statuses:?}"
    );
    assert!(
        statuses.iter().any(|s| (500..600).contains(s)),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn generated_errors_made_from_them_carry_none_of_it() {
    let mut statuses = Vec::new();
    for i in 0..failures().len() {
        let wire = DeleteVpcError::from(failures().swap_remove(i));
        // A generated error holds the row, the status and template values: not even its
        // `Debug` has the context or the source.
        assert_clean("generated Debug", &format!("{wire:?}"));
        assert!(wire.source().is_none());
        statuses.push(
            check("generated", || {
                DeleteVpcError::from(failures().swap_remove(i))
            })
            .await,
        );
    }
    assert!(
        statuses.iter().any(|s| (400..500).contains(s)),
        "{statuses:?}"
    );
    assert!(
        statuses.iter().any(|s| (500..600).contains(s)),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn type_erased_errors_keep_the_chain_for_logs_only() {
    for i in 0..failures().len() {
        let any = AnyVpcError::from(failures().swap_remove(i));
        if failures()[i].source().is_some() {
            // Kept for the logs...
            assert!(holds_secret(&chain(&any)), "{}", chain(&any));
        }
        // ...and nowhere a client looks.
        check("AnyVpcError", || {
            AnyVpcError::from(failures().swap_remove(i))
        })
        .await;
    }
    // A source that is not `Send + Sync` is dropped, and the wire is the same.
    let local = || LocalFailure::Database(Box::new(BackendError::new()));
    assert!(holds_secret(&chain(&local())));
    let any = AnyVpcError::from(local());
    assert!(any.source().is_none());
    assert_clean("AnyVpcError Debug", &format!("{any:?}"));
    assert_eq!(
        check("AnyVpcError", || AnyVpcError::from(local())).await,
        500
    );
    assert_eq!(check("derived", local).await, 500);
}
