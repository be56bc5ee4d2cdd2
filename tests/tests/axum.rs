//! An in-process axum app returning generated, derived and type-erased errors, checked on
//! the bytes it answers with: through `tower::ServiceExt::oneshot`, and once over a real
//! socket, where the status line and headers are as hyper writes them.

use std::fmt;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::Path;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::routing::get;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;
use vpc_errors::{
    AnyVpcError, CommonError, DeletePublicipError, DeleteVpcError, ErrorResponse, RequestId,
    ShowNetworkIpAvailabilitiesError, ShowVpcError, Status404Or500, VpcError,
};

/// A backend failure whose text must never reach a client.
#[derive(Debug)]
struct BackendError;

impl fmt::Display for BackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connect postgres://admin:hunter2@db failed")
    }
}

impl std::error::Error for BackendError {}

#[derive(Debug, VpcError)]
#[vpc(operation = ShowVpc)]
enum ShowVpcFailure {
    #[vpc(code = "VPC.0105", status = 500)]
    Backend(#[source] BackendError),
}

const NOT_FOUND: &str = r#"{"code":"VPC.0504","message":"Floating IP could not be found."}"#;
const NEUTRON: &str = r#"{"code":"VPC.0105","message":"Neutron Error."}"#;
const BAD_TOKEN: &str = r#"{"code":"VPC.0008","message":"Invalid token in the header."}"#;

async fn static_error() -> Result<(), DeletePublicipError> {
    Err(DeletePublicipError::PublicipNotFound)
}

async fn templated(Path(network_id): Path<String>) -> Result<(), ShowNetworkIpAvailabilitiesError> {
    Err(ShowNetworkIpAvailabilitiesError::NetworkNotFound {
        network_id: network_id.into(),
    })
}

async fn multi_status() -> Result<(), ShowVpcError> {
    Err(ShowVpcError::NeutronError {
        status: Status404Or500::InternalServerError,
    })
}

fn authenticate() -> Result<(), CommonError> {
    Err(CommonError::TokenInvalid)
}

async fn common() -> Result<&'static str, DeleteVpcError> {
    authenticate()?;
    Ok("deleted")
}

async fn into_error_response() -> Result<(), ErrorResponse> {
    authenticate()?;
    Ok(())
}

async fn any() -> Result<(), AnyVpcError> {
    Err(DeletePublicipError::PublicipNotFound)?
}

async fn derived() -> Result<(), ShowVpcFailure> {
    Err(ShowVpcFailure::Backend(BackendError))
}

async fn derived_any() -> Result<(), AnyVpcError> {
    Err(ShowVpcFailure::Backend(BackendError))?
}

async fn explicit_id(request_id: Option<RequestId>) -> Result<(), ErrorResponse> {
    Err(ErrorResponse::new(&DeletePublicipError::PublicipNotFound).with_request_id(request_id))
}

async fn own_id() -> (HeaderMap, &'static str) {
    let mut headers = HeaderMap::new();
    headers.insert("x-request-id", "own".parse().unwrap());
    (headers, "ok")
}

fn app() -> Router {
    Router::new()
        .route("/static", get(static_error))
        .route("/networks/{id}", get(templated))
        .route("/multi", get(multi_status))
        .route("/common", get(common))
        .route("/any", get(any))
        .route("/error-response", get(into_error_response))
        .route("/derived", get(derived))
        .route("/derived-any", get(derived_any))
        .route("/explicit-id", get(explicit_id))
        .route("/ok", get(|| async { "ok" }))
        .route("/own-id", get(own_id))
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

async fn send(app: Router, uri: &str, request_id: Option<&str>) -> Answer {
    let mut request = Request::get(uri);
    if let Some(id) = request_id {
        request = request.header("x-request-id", id);
    }
    let response = app
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (parts, body) = response.into_parts();
    Answer {
        status: parts.status,
        headers: parts.headers,
        body: to_bytes(body, usize::MAX).await.unwrap().to_vec(),
    }
}

fn assert_error(answer: &Answer, status: u16, body: &str) {
    assert_eq!(answer.status.as_u16(), status);
    assert_eq!(answer.headers["content-type"], "application/json");
    assert_eq!(answer.headers.get_all("content-type").iter().count(), 1);
    assert_eq!(String::from_utf8_lossy(&answer.body), body);
}

#[tokio::test]
async fn generated_errors_answer_with_the_catalogue_bytes() {
    assert_error(&send(app(), "/static", None).await, 404, NOT_FOUND);
    assert_error(&send(app(), "/multi", None).await, 500, NEUTRON);
    assert_error(&send(app(), "/common", None).await, 401, BAD_TOKEN);
    assert_error(&send(app(), "/error-response", None).await, 401, BAD_TOKEN);
    assert_error(
        &send(app(), "/networks/net-%22x%22%5C%0A%E4%B8%AD", None).await,
        400,
        r#"{"code":"VPC.2302","message":"Network net-\"x\"\\\n中 could not be found."}"#,
    );
}

#[tokio::test]
async fn type_erased_and_derived_errors_answer_like_their_rows() {
    assert_error(&send(app(), "/any", None).await, 404, NOT_FOUND);
    for uri in ["/derived", "/derived-any"] {
        let answer = send(app(), uri, None).await;
        assert_error(&answer, 500, NEUTRON);
        assert!(!String::from_utf8_lossy(&answer.body).contains("hunter2"));
        assert_eq!(answer.headers.len(), 2, "{:?}", answer.headers); // + content-length
    }
}

#[tokio::test]
async fn request_ids_are_echoed_when_valid() {
    let echoing = || app().layer(axum::middleware::from_fn(vpc_errors::axum::echo_request_id));
    let id = "4d3c1f0e-9a8b-7c6d-5e4f-3a2b1c0d9e8f";

    let answer = send(echoing(), "/static", Some(id)).await;
    assert_error(&answer, 404, NOT_FOUND);
    assert_eq!(answer.headers["x-request-id"], id);
    // On successes too, as the cloud's API does.
    assert_eq!(
        send(echoing(), "/ok", Some(id)).await.headers["x-request-id"],
        id
    );
    // A handler's own id wins.
    assert_eq!(
        send(echoing(), "/own-id", Some(id)).await.headers["x-request-id"],
        "own"
    );

    for hostile in ["<script>alert(1)</script>", "a b", &"x".repeat(500)] {
        let answer = send(echoing(), "/static", Some(hostile)).await;
        assert_error(&answer, 404, NOT_FOUND);
        assert!(answer.headers.get("x-request-id").is_none(), "{hostile}");
    }
    // Without the middleware nothing is echoed.
    assert!(
        send(app(), "/static", Some(id))
            .await
            .headers
            .get("x-request-id")
            .is_none()
    );

    // The extractor, for handlers that set it themselves.
    let answer = send(app(), "/explicit-id", Some(id)).await;
    assert_error(&answer, 404, NOT_FOUND);
    assert_eq!(answer.headers["x-request-id"], id);
    let answer = send(app(), "/explicit-id", Some("bad\tid")).await;
    assert_error(&answer, 404, NOT_FOUND);
    assert!(answer.headers.get("x-request-id").is_none());
    let answer = send(app(), "/explicit-id", None).await;
    assert!(answer.headers.get("x-request-id").is_none());
}

#[tokio::test]
async fn the_bytes_on_a_real_socket() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = app().layer(axum::middleware::from_fn(vpc_errors::axum::echo_request_id));
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream
        .write_all(
            b"GET /derived HTTP/1.1\r\nHost: test\r\nX-Request-Id: req-42\r\nConnection: close\r\n\r\n",
        )
        .await
        .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    server.abort();

    let raw = String::from_utf8(raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let mut lines = head.split("\r\n");
    assert_eq!(lines.next(), Some("HTTP/1.1 500 Internal Server Error"));
    let mut headers: Vec<&str> = lines.filter(|line| !line.starts_with("date: ")).collect();
    headers.sort_unstable();
    let length = format!("content-length: {}", NEUTRON.len());
    assert_eq!(
        headers,
        [
            "connection: close",
            length.as_str(),
            "content-type: application/json",
            "x-request-id: req-42",
        ]
    );
    assert_eq!(body, NEUTRON);
    assert!(!raw.contains("hunter2"));
}

#[tokio::test]
async fn into_response_is_the_same_for_every_way_in() {
    use axum::response::IntoResponse;

    let e = ShowNetworkIpAvailabilitiesError::NetworkNotFound {
        network_id: "n-1".into(),
    };
    let responses = [
        e.clone().into_response(),
        AnyVpcError::from(e.clone()).into_response(),
        ErrorResponse::new(&e).into_response(),
        vpc_errors::axum::into_response(&e),
    ];
    for response in responses {
        assert_eq!(response.status(), 400);
        assert_eq!(response.headers().len(), 1);
        assert_eq!(response.headers()["content-type"], "application/json");
        let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        assert_eq!(body, e.body().as_bytes());
    }
}

/// A request with two `X-Request-Id` headers has no single id: neither the middleware nor
/// the extractor picks one, whichever comes first or is valid.
#[tokio::test]
async fn a_repeated_request_id_is_not_echoed() {
    let echoing = || app().layer(axum::middleware::from_fn(vpc_errors::axum::echo_request_id));
    for (first, second) in [("id-1", "id-2"), ("id-1", "id-1"), ("id-1", "bad id")] {
        for uri in ["/static", "/ok", "/explicit-id"] {
            let request = Request::get(uri)
                .header("x-request-id", first)
                .header("x-request-id", second)
                .body(Body::empty())
                .unwrap();
            let response = echoing().oneshot(request).await.unwrap();
            assert!(
                response.headers().get("x-request-id").is_none(),
                "{uri} {first:?} {second:?}: {:?}",
                response.headers()
            );
        }
    }
    let answer = send(echoing(), "/static", Some("id-1")).await;
    assert_eq!(answer.headers["x-request-id"], "id-1");
}
