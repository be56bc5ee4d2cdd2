//! An in-process actix-web app (actix-web's `test` utilities) returning generated, derived
//! and type-erased errors, checked on the status, headers and body bytes it answers with.

use std::fmt;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::header::HeaderMap;
use actix_web::{App, HttpRequest, HttpResponse, ResponseError, test, web};
use vpc_errors::{
    AnyVpcError, CommonError, DeletePublicipError, DeleteVpcError, ErrorResponse,
    ShowNetworkIpAvailabilitiesError, ShowVpcError, Status404Or500, VpcError,
};

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

async fn static_error() -> Result<HttpResponse, DeletePublicipError> {
    Err(DeletePublicipError::PublicipNotFound)
}

async fn templated(
    network_id: web::Path<String>,
) -> Result<HttpResponse, ShowNetworkIpAvailabilitiesError> {
    Err(ShowNetworkIpAvailabilitiesError::NetworkNotFound {
        network_id: network_id.into_inner().into(),
    })
}

async fn multi_status() -> Result<HttpResponse, ShowVpcError> {
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

async fn any() -> Result<HttpResponse, AnyVpcError> {
    Err(DeletePublicipError::PublicipNotFound)?
}

async fn derived() -> Result<HttpResponse, ShowVpcFailure> {
    Err(ShowVpcFailure::Backend(BackendError))
}

async fn derived_any() -> Result<HttpResponse, AnyVpcError> {
    Err(ShowVpcFailure::Backend(BackendError))?
}

async fn explicit_id(request: HttpRequest) -> ErrorResponse {
    ErrorResponse::new(&DeletePublicipError::PublicipNotFound)
        .with_request_id(vpc_errors::actix::request_id(&request))
}

async fn own_id() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("x-request-id", "own"))
        .body("ok")
}

fn routes(config: &mut web::ServiceConfig) {
    config
        .route("/static", web::get().to(static_error))
        .route("/networks/{id}", web::get().to(templated))
        .route("/multi", web::get().to(multi_status))
        .route("/common", web::get().to(common))
        .route("/any", web::get().to(any))
        .route("/derived", web::get().to(derived))
        .route("/derived-any", web::get().to(derived_any))
        .route("/explicit-id", web::get().to(explicit_id))
        .route("/ok", web::get().to(|| async { "ok" }))
        .route("/own-id", web::get().to(own_id));
}

struct Answer {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
}

async fn read<B: MessageBody>(response: ServiceResponse<B>) -> Answer {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = test::read_body(response).await.to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

/// Requests `uri` from the app, with the echo middleware when `echo`.
async fn send(echo: bool, uri: &str, request_id: Option<&str>) -> Answer {
    let mut request = test::TestRequest::get().uri(uri);
    if let Some(id) = request_id {
        request = request.insert_header(("x-request-id", id));
    }
    if echo {
        let app = test::init_service(
            App::new()
                .wrap(actix_web::middleware::from_fn(
                    vpc_errors::actix::echo_request_id,
                ))
                .configure(routes),
        )
        .await;
        read(app.call(request.to_request()).await.unwrap()).await
    } else {
        let app = test::init_service(App::new().configure(routes)).await;
        read(app.call(request.to_request()).await.unwrap()).await
    }
}

fn assert_error(answer: &Answer, status: u16, body: &str) {
    assert_eq!(answer.status, status);
    assert_eq!(
        answer.headers.get_all("content-type").collect::<Vec<_>>(),
        ["application/json"]
    );
    assert_eq!(String::from_utf8_lossy(&answer.body), body);
}

fn run(test: impl Future<Output = ()>) {
    actix_web::rt::System::new().block_on(test);
}

#[test]
fn generated_errors_answer_with_the_catalogue_bytes() {
    run(async {
        assert_error(&send(false, "/static", None).await, 404, NOT_FOUND);
        assert_error(&send(false, "/multi", None).await, 500, NEUTRON);
        assert_error(&send(false, "/common", None).await, 401, BAD_TOKEN);
        assert_error(
            &send(false, "/networks/net-%22x%22%5C%0A%E4%B8%AD", None).await,
            400,
            r#"{"code":"VPC.2302","message":"Network net-\"x\"\\\n中 could not be found."}"#,
        );
    });
}

#[test]
fn type_erased_and_derived_errors_answer_like_their_rows() {
    run(async {
        assert_error(&send(false, "/any", None).await, 404, NOT_FOUND);
        for uri in ["/derived", "/derived-any"] {
            let answer = send(false, uri, None).await;
            assert_error(&answer, 500, NEUTRON);
            assert_eq!(answer.headers.len(), 1, "{:?}", answer.headers);
            assert!(!String::from_utf8_lossy(&answer.body).contains("hunter2"));
        }
    });
}

#[test]
fn request_ids_are_echoed_when_valid() {
    run(async {
        let id = "4d3c1f0e9a8b7c6d5e4f3a2b1c0d9e8f";
        let answer = send(true, "/static", Some(id)).await;
        assert_error(&answer, 404, NOT_FOUND);
        assert_eq!(answer.headers.get("x-request-id").unwrap(), id);
        assert_eq!(
            send(true, "/ok", Some(id))
                .await
                .headers
                .get("x-request-id")
                .unwrap(),
            id
        );
        assert_eq!(
            send(true, "/own-id", Some(id))
                .await
                .headers
                .get("x-request-id")
                .unwrap(),
            "own"
        );
        for hostile in ["<script>alert(1)</script>", "a b", &"x".repeat(500)] {
            let answer = send(true, "/static", Some(hostile)).await;
            assert_error(&answer, 404, NOT_FOUND);
            assert!(answer.headers.get("x-request-id").is_none(), "{hostile}");
        }
        assert!(
            send(false, "/static", Some(id))
                .await
                .headers
                .get("x-request-id")
                .is_none()
        );

        let answer = send(false, "/explicit-id", Some(id)).await;
        assert_error(&answer, 404, NOT_FOUND);
        assert_eq!(answer.headers.get("x-request-id").unwrap(), id);
        let answer = send(false, "/explicit-id", Some("bad;id")).await;
        assert_error(&answer, 404, NOT_FOUND);
        assert!(answer.headers.get("x-request-id").is_none());
    });
}

/// actix-web's default `ResponseError` sends the `Display` text as `text/plain`; the
/// catalogue's types must not, however they are reached.
#[test]
fn the_display_text_never_becomes_the_body() {
    run(async {
        let e = ShowVpcFailure::Backend(BackendError);
        let display = e.to_string();
        let responses = [
            e.error_response(),
            AnyVpcError::from(ShowVpcFailure::Backend(BackendError)).error_response(),
            actix_web::Error::from(ShowVpcFailure::Backend(BackendError)).error_response(),
            ErrorResponse::new(&e).error_response(),
        ];
        for response in responses {
            assert_eq!(response.status().as_u16(), 500);
            let body = actix_web::body::to_bytes(response.into_body())
                .await
                .unwrap();
            assert_eq!(body, NEUTRON.as_bytes());
            assert_ne!(body, display.as_bytes());
        }
        assert_eq!(e.status_code().as_u16(), e.status());
    });
}

/// A request with two `X-Request-Id` headers has no single id: neither the middleware nor
/// `request_id` picks one, whichever comes first or is valid (as for `http` and axum).
#[test]
fn a_repeated_request_id_is_not_echoed() {
    run(async {
        let app = test::init_service(
            App::new()
                .wrap(actix_web::middleware::from_fn(
                    vpc_errors::actix::echo_request_id,
                ))
                .configure(routes),
        )
        .await;
        for (first, second) in [("id-1", "id-2"), ("id-1", "id-1"), ("id-1", "bad id")] {
            for uri in ["/static", "/ok", "/explicit-id"] {
                let request = test::TestRequest::get()
                    .uri(uri)
                    .append_header(("x-request-id", first))
                    .append_header(("x-request-id", second))
                    .to_request();
                let answer = read(app.call(request).await.unwrap()).await;
                assert!(
                    answer.headers.get("x-request-id").is_none(),
                    "{uri} {first:?} {second:?}: {:?}",
                    answer.headers
                );
                if uri != "/ok" {
                    assert_error(&answer, 404, NOT_FOUND);
                }
            }
        }
        // One of them alone is echoed, so the two above were refused for being two.
        let request = test::TestRequest::get()
            .uri("/static")
            .append_header(("x-request-id", "id-1"))
            .to_request();
        let answer = read(app.call(request).await.unwrap()).await;
        assert_eq!(answer.headers.get("x-request-id").unwrap(), "id-1");
    });
}
