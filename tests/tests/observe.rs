//! The `observe` feature (issue 13): the `ErrorInfo` extension on every error response, and
//! the tower layer and actix-web middleware that give every request an id, echo it, and
//! record one event and one count per response, with nothing from the request or a source
//! chain reaching a log line unescaped.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use metrics::{Counter, CounterFn, Gauge, Histogram, Key, KeyName, Metadata, SharedString, Unit};
use tracing::Level;
use vpc_errors::observe::ERROR_RESPONSES_TOTAL;
use vpc_errors::{DeletePublicipError, ErrorInfo, ErrorResponse, RequestId, vpc_error};

#[path = "support/capture.rs"]
mod capture;

use capture::{Captured, captured};

/// A catalogue whose bodies carry the request id.
mod gateway {
    vpc_errors::catalogue!("catalogues/gateway.yaml");
}

/// A backend failure whose text tries to forge log lines.
#[derive(Debug)]
struct Hostile;

impl fmt::Display for Hostile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("db down\nERROR forged line\r\x1b[31mred\u{2028}next\u{202e}txt")
    }
}

impl std::error::Error for Hostile {}

#[derive(Debug, vpc_errors::VpcError)]
#[vpc(operation = ShowVpc)]
enum ShowVpcFailure {
    #[vpc(code = "VPC.0105", status = 500)]
    Backend(#[source] Hostile),
}

const PUBLICIP_ROUTE: &str = "/v1/{project_id}/publicips/{publicip_id}";
const VPC_ROUTE: &str = "/v1/{project_id}/vpcs/{vpc_id}";

/// Counters by name and labels, `name{label=value,…}`, as the facade hands them over.
#[derive(Clone, Default)]
struct Counts(Arc<Mutex<BTreeMap<String, u64>>>);

struct Count {
    key: String,
    counts: Counts,
}

impl CounterFn for Count {
    fn increment(&self, value: u64) {
        *self
            .counts
            .0
            .lock()
            .unwrap()
            .entry(self.key.clone())
            .or_default() += value;
    }

    fn absolute(&self, value: u64) {
        self.counts
            .0
            .lock()
            .unwrap()
            .insert(self.key.clone(), value);
    }
}

impl metrics::Recorder for Counts {
    fn describe_counter(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}
    fn describe_gauge(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}
    fn describe_histogram(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}

    fn register_counter(&self, key: &Key, _: &Metadata<'_>) -> Counter {
        let labels: Vec<String> = key
            .labels()
            .map(|l| format!("{}={}", l.key(), l.value()))
            .collect();
        Counter::from_arc(Arc::new(Count {
            key: format!("{}{{{}}}", key.name(), labels.join(",")),
            counts: self.clone(),
        }))
    }

    fn register_gauge(&self, _: &Key, _: &Metadata<'_>) -> Gauge {
        Gauge::noop()
    }

    fn register_histogram(&self, _: &Key, _: &Metadata<'_>) -> Histogram {
        Histogram::noop()
    }
}

/// What one exchange produced: the events, the counts and whatever `run` returned.
fn observed<T>(run: impl FnOnce() -> T) -> (T, Vec<Captured>, BTreeMap<String, u64>) {
    let counts = Counts::default();
    let mut out = None;
    let events = captured(|| {
        metrics::with_local_recorder(&counts, || out = Some(run()));
    });
    let counts = counts.0.lock().unwrap().clone();
    (out.unwrap(), events, counts)
}

fn is_generated(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// No field of `event` holds anything a terminal or a line-based log reader would act on.
fn assert_one_line(event: &Captured) {
    for (name, value) in &event.fields {
        assert!(
            !value.chars().any(|c| c.is_control()
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}')),
            "{name} = {value:?}"
        );
    }
}

#[test]
fn every_conversion_carries_the_error_info() {
    use actix_web::ResponseError;
    use axum::response::IntoResponse;

    vpc_errors::observe::attach_error_info(true);
    let error = DeletePublicipError::PublicipNotFound;
    let expected = ErrorResponse::new(&error).info();
    assert_eq!(
        (
            expected.operation_name(),
            expected.code(),
            expected.status()
        ),
        ("DeletePublicip", "VPC.0504", 404)
    );
    let axum = DeletePublicipError::PublicipNotFound.into_response();
    assert_eq!(axum.extensions().get::<ErrorInfo>(), Some(&expected));
    let http: http::Response<String> = ErrorResponse::new(&error).to_http_response();
    assert_eq!(http.extensions().get::<ErrorInfo>(), Some(&expected));
    let actix = error.error_response();
    assert_eq!(actix.extensions().get::<ErrorInfo>(), Some(&expected));

    let common = vpc_errors::CommonError::TokenInvalid.into_response();
    let info = common.extensions().get::<ErrorInfo>().unwrap();
    assert_eq!((info.operation_name(), info.code()), ("", "VPC.0008"));
}

/// What a test app answered.
struct Answer {
    status: u16,
    request_id: String,
    info: Option<ErrorInfo>,
    body: String,
}

/// One request to a test app: its path and the `X-Request-Id` headers it sends.
type Send = fn(&str, &[&str]) -> Answer;

fn a_4xx_is_one_info_event_with_its_row_and_one_count(send: Send) {
    let (answer, events, counts) = observed(|| send("/v1/p-1/publicips/ip-1", &["abc-123"]));
    assert_eq!(answer.status, 404);
    assert_eq!(answer.request_id, "abc-123");
    let info = answer
        .info
        .expect("the extension stays for outer middleware");
    assert_eq!(
        (info.operation_name(), info.code()),
        ("DeletePublicip", "VPC.0504")
    );
    let [event] = events.as_slice() else {
        panic!("one event expected: {events:?}");
    };
    assert_eq!(event.level, Level::INFO);
    assert_eq!(event.target, "vpc_errors");
    for (field, value) in [
        ("request_id", "abc-123"),
        ("method", "GET"),
        ("route", PUBLICIP_ROUTE),
        ("status", "404"),
        ("operation", "DeletePublicip"),
        ("code", "VPC.0504"),
        ("name", "PublicipNotFound"),
    ] {
        assert_eq!(event.field(field), Some(value), "{field}: {event:?}");
    }
    assert!(event.field("latency_us").is_some());
    assert!(event.field("source").is_none());
    assert_eq!(
        counts,
        BTreeMap::from([(
            format!("{ERROR_RESPONSES_TOTAL}{{operation=DeletePublicip,code=VPC.0504,status=404}}"),
            1
        )])
    );
}

fn a_5xx_is_one_error_event_with_its_source_chain_escaped(send: Send) {
    let (answer, events, counts) = observed(|| send("/v1/p-1/vpcs/v-1", &[]));
    assert_eq!(answer.status, 500);
    assert!(!answer.body.contains("forged"), "{}", answer.body);
    assert!(is_generated(&answer.request_id));
    let [event] = events.as_slice() else {
        panic!("one event expected: {events:?}");
    };
    assert_eq!(event.level, Level::ERROR);
    assert_eq!(event.field("route"), Some(VPC_ROUTE));
    assert_eq!(event.field("code"), Some("VPC.0105"));
    let source = event.field("source").expect("a 5xx's source chain");
    assert!(
        source.starts_with("db down\\u{a}ERROR forged line\\u{d}\\u{1b}[31mred\\u{2028}next"),
        "{source}"
    );
    assert_one_line(event);
    assert_eq!(
        counts,
        BTreeMap::from([(
            format!("{ERROR_RESPONSES_TOTAL}{{operation=ShowVpc,code=VPC.0105,status=500}}"),
            1
        )])
    );
}

fn an_id_is_generated_when_none_or_an_invalid_one_was_sent(send: Send) {
    for sent in [&[][..], &["bad id"], &["two", "ids"]] {
        let (answer, events, counts) = observed(|| send("/who", sent));
        assert_eq!(answer.status, 200);
        assert!(
            is_generated(&answer.request_id),
            "{sent:?}: {}",
            answer.request_id
        );
        // The handler saw the id the response echoes.
        assert_eq!(answer.body, answer.request_id);
        let [event] = events.as_slice() else {
            panic!("one event expected: {events:?}");
        };
        assert_eq!(event.level, Level::DEBUG);
        assert_eq!(event.field("request_id"), Some(answer.request_id.as_str()));
        assert!(event.field("code").is_none() && event.field("operation").is_none());
        assert!(counts.is_empty(), "successes are not counted: {counts:?}");
    }
    assert_ne!(send("/who", &[]).request_id, send("/who", &[]).request_id);
    // A valid one is kept.
    assert_eq!(send("/who", &["client-7"]).body, "client-7");
}

fn the_body_request_id_member_is_filled(send: Send) {
    let answer = send("/gateway", &[]);
    assert_eq!(answer.status, 404);
    let body: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(body["request_id"], answer.request_id.as_str());
    assert!(is_generated(&answer.request_id));
    let answer = send("/gateway", &["gw-1"]);
    assert!(
        answer.body.ends_with(r#","request_id":"gw-1"}"#),
        "{}",
        answer.body
    );
}

mod on_axum {
    use axum::Router;
    use axum::body::Body;
    use axum::routing::get;
    use tower::ServiceExt as _;
    use vpc_errors::observe::ObserveLayer;

    use super::*;

    async fn not_found() -> Result<(), DeletePublicipError> {
        Err(DeletePublicipError::PublicipNotFound)
    }

    async fn failing() -> Result<(), ShowVpcFailure> {
        Err(ShowVpcFailure::Backend(Hostile))
    }

    /// Answers with the request id the handler saw.
    async fn who(request_id: Option<RequestId>) -> String {
        request_id.map(|id| id.to_string()).unwrap_or_default()
    }

    async fn gateway() -> Result<(), gateway::CommonError> {
        Err(vpc_error!(gateway::Common::ApiNotFound))
    }

    fn send(uri: &str, request_ids: &[&str]) -> Answer {
        let app = Router::new()
            .route(PUBLICIP_ROUTE, get(not_found))
            .route(VPC_ROUTE, get(failing))
            .route("/who", get(who))
            .route("/gateway", get(gateway))
            .layer(ObserveLayer::new());
        let mut request = http::Request::get(uri);
        for id in request_ids {
            request = request.header("x-request-id", *id);
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            let response = app
                .oneshot(request.body(Body::empty()).unwrap())
                .await
                .unwrap();
            let (parts, body) = response.into_parts();
            let body = axum::body::to_bytes(body, 1 << 16).await.unwrap();
            Answer {
                status: parts.status.as_u16(),
                request_id: parts.headers["x-request-id"].to_str().unwrap().to_owned(),
                info: parts.extensions.get::<ErrorInfo>().cloned(),
                body: String::from_utf8(body.to_vec()).unwrap(),
            }
        })
    }

    #[test]
    fn a_4xx_is_one_info_event() {
        a_4xx_is_one_info_event_with_its_row_and_one_count(send);
    }

    #[test]
    fn a_5xx_is_one_error_event() {
        a_5xx_is_one_error_event_with_its_source_chain_escaped(send);
    }

    #[test]
    fn request_ids() {
        an_id_is_generated_when_none_or_an_invalid_one_was_sent(send);
    }

    #[test]
    fn the_body_member() {
        the_body_request_id_member_is_filled(send);
    }

    #[test]
    fn an_unmatched_path_is_logged_escaped() {
        let (answer, events, _) = observed(|| send("/no/%0A%1B/where", &[]));
        assert_eq!(answer.status, 404);
        let [event] = events.as_slice() else {
            panic!("one event expected: {events:?}");
        };
        assert_eq!(event.field("route"), Some("/no/%0A%1B/where"));
        assert_one_line(event);
    }
}

mod on_actix {
    use actix_web::{App, HttpRequest, test, web};

    use super::*;

    async fn not_found() -> Result<&'static str, DeletePublicipError> {
        Err(DeletePublicipError::PublicipNotFound)
    }

    async fn failing() -> Result<&'static str, ShowVpcFailure> {
        Err(ShowVpcFailure::Backend(Hostile))
    }

    async fn who(request: HttpRequest) -> String {
        vpc_errors::actix::request_id(&request)
            .map(|id| id.to_string())
            .unwrap_or_default()
    }

    async fn gateway() -> Result<&'static str, gateway::CommonError> {
        Err(vpc_error!(gateway::Common::ApiNotFound))
    }

    fn send(uri: &str, request_ids: &[&str]) -> Answer {
        actix_web::rt::System::new().block_on(async {
            let app = test::init_service(
                App::new()
                    .route(PUBLICIP_ROUTE, web::get().to(not_found))
                    .route(VPC_ROUTE, web::get().to(failing))
                    .route("/who", web::get().to(who))
                    .route("/gateway", web::get().to(gateway))
                    .wrap(actix_web::middleware::from_fn(vpc_errors::observe::actix)),
            )
            .await;
            let mut request = test::TestRequest::get().uri(uri);
            for id in request_ids {
                request = request.append_header(("x-request-id", *id));
            }
            let response = test::call_service(&app, request.to_request()).await;
            let status = response.status().as_u16();
            let request_id = response.headers().get("x-request-id").unwrap();
            let request_id = request_id.to_str().unwrap().to_owned();
            let info = response.response().extensions().get::<ErrorInfo>().cloned();
            let body = test::read_body(response).await;
            Answer {
                status,
                request_id,
                info,
                body: String::from_utf8(body.to_vec()).unwrap(),
            }
        })
    }

    #[test]
    fn a_4xx_is_one_info_event() {
        a_4xx_is_one_info_event_with_its_row_and_one_count(send);
    }

    #[test]
    fn a_5xx_is_one_error_event() {
        a_5xx_is_one_error_event_with_its_source_chain_escaped(send);
    }

    #[test]
    fn request_ids() {
        an_id_is_generated_when_none_or_an_invalid_one_was_sent(send);
    }

    #[test]
    fn the_body_member() {
        the_body_request_id_member_is_filled(send);
    }
}
