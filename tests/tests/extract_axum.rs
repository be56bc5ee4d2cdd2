//! The extractors in an axum app: every class of bad request answered with the exact
//! status and bytes of its role's catalogue row (cases in `extract/mod.rs`).

mod extract;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::Request;
use axum::routing::{get, put};
use tower::ServiceExt;
use vpc_errors::extract::BodyLimit;

use extract::{Case, LIMIT, Tokens, cases, create_vpc, list_flow_logs, list_publicips, update_vpc};

fn app() -> Router {
    Router::new()
        .route("/v1/{project_id}/vpcs/{vpc_id}", put(update_vpc))
        .route("/v1/{project_id}/vpcs", axum::routing::post(create_vpc))
        .route("/v1/{project_id}/publicips", get(list_publicips))
        .route("/v1/{project_id}/fl/flow_logs", get(list_flow_logs))
        .layer(axum::Extension(BodyLimit(LIMIT)))
        .with_state(Tokens)
}

async fn answer(case: &Case) -> (u16, String) {
    let mut request = Request::builder().method(case.method).uri(case.uri);
    if let Some(token) = case.token {
        request = request.header("x-auth-token", token);
    }
    if let Some(content_type) = case.content_type {
        request = request.header("content-type", content_type);
    }
    let request = request.body(Body::from(case.body.clone())).unwrap();
    let response = app().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

#[tokio::test]
async fn every_rejection_is_its_role_row() {
    let mut wrong = Vec::new();
    for case in cases() {
        let got = answer(&case).await;
        wrong.extend(case.mismatch(&got));
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[tokio::test]
async fn an_invalid_utf8_path_parameter_is_the_path_row() {
    let case = Case {
        name: "percent-encoded non-UTF-8 id",
        method: "PUT",
        uri: "/v1/p1/vpcs/%FF",
        token: Some("t-p1"),
        content_type: Some("application/json"),
        body: br#"{"vpc":{"name":"a"}}"#.to_vec(),
        status: 400,
        answer: r#"{"code":"VPC.0101","message":"Update router path is invalid."}"#.to_owned(),
    };
    assert_eq!(answer(&case).await, (case.status, case.answer));
}
