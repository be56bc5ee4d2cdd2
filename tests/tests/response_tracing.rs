//! Turning an error into a response records nothing (the `observe` middlewares record one
//! event per response, `tests/observe.rs`); once `attach_error_info` is on, the response
//! keeps a 5xx's source chain for its `ErrorInfo`, out of the body; and `AnyVpcError` keeps the chain of the error it was made
//! from.

use std::error::Error as _;
use std::fmt;

use vpc_errors::{AnyVpcError, DeletePublicipError, ErrorResponse, VpcError};

#[path = "support/capture.rs"]
mod capture;

use capture::captured;

#[derive(Debug)]
struct Wrapped {
    what: &'static str,
    inner: Option<Box<Wrapped>>,
}

impl fmt::Display for Wrapped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.what)
    }
}

impl std::error::Error for Wrapped {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner.as_deref().map(|e| e as _)
    }
}

fn backend() -> Wrapped {
    Wrapped {
        what: "query failed",
        inner: Some(Box::new(Wrapped {
            what: "password=hunter2 rejected",
            inner: None,
        })),
    }
}

#[derive(Debug, vpc_errors::VpcError)]
#[vpc(operation = ShowVpc)]
enum ShowVpcFailure {
    #[vpc(code = "VPC.0105", status = 500)]
    Backend(#[source] Wrapped),
    #[vpc(code = "VPC.0105", status = 404)]
    Gone,
}

/// A source that is not `Send`: the derive accepts it, so `AnyVpcError` must too.
#[derive(Debug, vpc_errors::VpcError)]
#[vpc(operation = ShowVpc)]
enum LocalFailure {
    #[vpc(code = "VPC.0105", status = 500)]
    Backend(#[source] Box<dyn std::error::Error>),
}

#[test]
fn building_a_response_records_nothing() {
    use actix_web::ResponseError;
    use axum::response::IntoResponse;

    vpc_errors::observe::attach_error_info(true);

    let events = captured(|| {
        let _ = ErrorResponse::new(&ShowVpcFailure::Backend(backend()));
        let _ = ShowVpcFailure::Backend(backend()).into_response();
        let _ = ShowVpcFailure::Backend(backend()).error_response();
        let _: http::Response<String> = vpc_errors::http::to_response(&ShowVpcFailure::Gone);
    });
    assert!(events.is_empty(), "{events:?}");
}

#[test]
fn a_5xx_keeps_its_source_chain_out_of_the_body() {
    vpc_errors::observe::attach_error_info(true);
    let response = ErrorResponse::new(&ShowVpcFailure::Backend(backend()));
    assert_eq!(
        response.body(),
        r#"{"code":"VPC.0105","message":"Neutron Error."}"#
    );
    let info = response.info();
    assert_eq!(
        (
            info.operation_name(),
            info.code(),
            info.name(),
            info.status()
        ),
        ("ShowVpc", "VPC.0105", "NeutronError", 500)
    );
    assert_eq!(
        info.source_chain(),
        Some("query failed: password=hunter2 rejected")
    );
}

#[test]
fn a_4xx_or_an_error_without_a_source_has_no_chain() {
    vpc_errors::observe::attach_error_info(true);
    assert_eq!(
        ErrorResponse::new(&ShowVpcFailure::Gone)
            .info()
            .source_chain(),
        None
    );
    let info = ErrorResponse::new(&DeletePublicipError::PublicipNotFound).info();
    assert_eq!(info.source_chain(), None);
    assert_eq!(info.operation_name(), "DeletePublicip");
    assert_eq!(
        ErrorResponse::new(&vpc_errors::CommonError::TokenInvalid)
            .info()
            .operation(),
        None
    );
}

#[test]
fn any_vpc_error_keeps_the_chain_of_a_send_error() {
    vpc_errors::observe::attach_error_info(true);
    let any = AnyVpcError::from(ShowVpcFailure::Backend(backend()));
    let source = any.source().expect("the derived error's source");
    assert_eq!(source.to_string(), "query failed");
    assert_eq!(
        source.source().map(ToString::to_string).as_deref(),
        Some("password=hunter2 rejected")
    );
    assert_eq!(
        any.body(),
        r#"{"code":"VPC.0105","message":"Neutron Error."}"#
    );
    assert!(!format!("{any}").contains("hunter2"));

    assert_eq!(
        ErrorResponse::new(&any).info().source_chain(),
        Some("query failed: password=hunter2 rejected")
    );
    // Without a source nothing is boxed.
    assert!(AnyVpcError::from(ShowVpcFailure::Gone).source().is_none());
}

#[test]
fn any_vpc_error_takes_a_non_send_error_without_its_chain() {
    let local = LocalFailure::Backend("not Send".into());
    assert!(local.source().is_some());
    let any = AnyVpcError::from(local);
    assert!(any.source().is_none());
    assert_eq!(any.code(), "VPC.0105");
    assert_eq!(any.status(), 500);
}
