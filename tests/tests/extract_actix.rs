//! The extractors in an actix-web app: the same requests as the axum test, the same exact
//! status and bytes of each role's catalogue row (cases in `extract/mod.rs`).

mod extract;

use actix_web::dev::Service as _;
use actix_web::{App, test, web};
use vpc_errors::extract::BodyLimit;

use extract::{Case, LIMIT, Tokens, cases, create_vpc, list_flow_logs, list_publicips, update_vpc};

async fn answer(case: &Case) -> (u16, String) {
    let app = test::init_service(
        App::new()
            .app_data(BodyLimit(LIMIT))
            .app_data(web::Data::new(Tokens))
            .route("/v1/{project_id}/vpcs/{vpc_id}", web::put().to(update_vpc))
            .route("/v1/{project_id}/vpcs", web::post().to(create_vpc))
            .route("/v1/{project_id}/publicips", web::get().to(list_publicips))
            .route(
                "/v1/{project_id}/fl/flow_logs",
                web::get().to(list_flow_logs),
            ),
    )
    .await;
    let method = actix_web::http::Method::from_bytes(case.method.as_bytes()).unwrap();
    let mut request = test::TestRequest::default()
        .method(method)
        .uri(case.uri)
        .set_payload(case.body.clone());
    if let Some(token) = case.token {
        request = request.insert_header(("x-auth-token", token));
    }
    if let Some(content_type) = case.content_type {
        request = request.insert_header(("content-type", content_type));
    }
    let response = app.call(request.to_request()).await.unwrap();
    let status = response.status().as_u16();
    let body = test::read_body(response).await;
    (status, String::from_utf8(body.to_vec()).unwrap())
}

/// actix-web's test server runs on its own single-threaded system.
fn run(test: impl Future<Output = ()>) {
    actix_web::rt::System::new().block_on(test);
}

#[test]
fn every_rejection_is_its_role_row() {
    run(every_rejection());
}

async fn every_rejection() {
    let mut wrong = Vec::new();
    for case in cases() {
        let got = answer(&case).await;
        wrong.extend(case.mismatch(&got));
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn a_route_without_the_authenticator_lets_nobody_in() {
    run(without_authenticator());
}

async fn without_authenticator() {
    let app = test::init_service(
        App::new().route("/v1/{project_id}/vpcs/{vpc_id}", web::put().to(update_vpc)),
    )
    .await;
    let request = test::TestRequest::put()
        .uri("/v1/p1/vpcs/1")
        .insert_header(("x-auth-token", "t-p1"))
        .to_request();
    let response = app.call(request).await.unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let body = test::read_body(response).await;
    assert_eq!(
        body,
        r#"{"code":"VPC.0008","message":"Invalid token in the header."}"#
    );
}
