//! With the `tracing` feature, turning an error into a response records one event with the
//! error's source chain, while the body stays the catalogue's; and `AnyVpcError` keeps the
//! chain of the error it was made from.

use std::error::Error as _;
use std::fmt;
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Level, Metadata, Subscriber};
use vpc_errors::{AnyVpcError, DeletePublicipError, ErrorResponse, VpcError};

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

#[derive(Debug, Clone)]
struct Captured {
    level: Level,
    target: String,
    fields: Vec<(String, String)>,
}

impl Captured {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<Captured>>>);

struct Fields<'a>(&'a mut Vec<(String, String)>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
}

impl Subscriber for Capture {
    fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
        Interest::always()
    }

    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Vec::new();
        event.record(&mut Fields(&mut fields));
        self.0.lock().unwrap().push(Captured {
            level: *event.metadata().level(),
            target: event.metadata().target().to_owned(),
            fields,
        });
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

fn captured(run: impl FnOnce()) -> Vec<Captured> {
    let capture = Capture::default();
    tracing::subscriber::with_default(capture.clone(), run);
    capture.0.lock().unwrap().clone()
}

#[test]
fn a_5xx_is_recorded_at_error_with_its_source_chain_and_no_leak() {
    let mut body = String::new();
    let events = captured(|| {
        body = ErrorResponse::new(&ShowVpcFailure::Backend(backend()))
            .body()
            .to_owned();
    });
    assert_eq!(body, r#"{"code":"VPC.0105","message":"Neutron Error."}"#);
    assert!(!body.contains("hunter2"));
    let [event] = events.as_slice() else {
        panic!("one event expected: {events:?}");
    };
    assert_eq!(event.level, Level::ERROR);
    assert_eq!(event.target, "vpc_errors");
    assert_eq!(event.field("message"), Some("VPC.0105: Neutron Error."));
    assert_eq!(event.field("code"), Some("VPC.0105"));
    assert_eq!(event.field("status"), Some("500"));
    assert_eq!(event.field("name"), Some("NeutronError"));
    assert_eq!(event.field("operation"), Some("ShowVpc"));
    assert_eq!(
        event.field("source"),
        Some("query failed: password=hunter2 rejected")
    );
}

#[test]
fn a_4xx_is_recorded_at_debug_without_a_source_field() {
    let events = captured(|| {
        let _ = ErrorResponse::new(&DeletePublicipError::PublicipNotFound);
        let _ = ErrorResponse::new(&ShowVpcFailure::Gone);
    });
    assert_eq!(events.len(), 2, "{events:?}");
    for event in &events {
        assert_eq!(event.level, Level::DEBUG);
        assert!(event.field("source").is_none());
    }
    assert_eq!(events[0].field("status"), Some("404"));
    assert_eq!(events[0].field("operation"), Some("DeletePublicip"));
}

#[test]
fn each_framework_records_once_per_response() {
    use actix_web::ResponseError;
    use axum::response::IntoResponse;

    let events = captured(|| {
        let _ = ShowVpcFailure::Backend(backend()).into_response();
        let _ = ShowVpcFailure::Backend(backend()).error_response();
        // `status_code` alone is not a response: actix-web also asks it for logging.
        let _ = ShowVpcFailure::Backend(backend()).status_code();
        let _: http::Response<String> = vpc_errors::http::to_response(&ShowVpcFailure::Gone);
    });
    let levels: Vec<Level> = events.iter().map(|e| e.level).collect();
    assert_eq!(levels, [Level::ERROR, Level::ERROR, Level::DEBUG]);
}

#[test]
fn any_vpc_error_keeps_the_chain_of_a_send_error() {
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

    let events = captured(|| {
        let _ = ErrorResponse::new(&any);
    });
    assert_eq!(
        events[0].field("source"),
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
