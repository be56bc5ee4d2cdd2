//! Several catalogues in one crate: each gets checked references from any module, the
//! derive, responses in its own body shape, client decoding, the registry, `OpenAPI` and
//! the docs, and no value of one can pass for another's.

use std::borrow::Cow;

use vpc_errors::client::{Decoded, UnknownReason, decode, decode_in};
use vpc_errors::registry::BodyShape;
use vpc_errors::{ErrorResponse, FromParts, RequestId, VpcError, vpc_error};

/// The API gateway's errors: `{"error_code","error_msg","request_id"}`, English only.
mod gateway {
    vpc_errors::catalogue!("catalogues/gateway.yaml");
}

/// ECS errors: `{"error":{"code","message"}}`, `Ecs.####` codes.
mod ecs {
    vpc_errors::catalogue!("catalogues/ecs.yaml");
}

/// References from a module that is neither catalogue's, as handlers are.
mod handlers {
    use vpc_errors::vpc_error;

    pub fn quota() -> crate::ecs::CreateServersError {
        vpc_error!(crate::ecs::CreateServers::QuotaExceeded)
    }

    pub fn permission(detail: String) -> crate::ecs::CreateServersError {
        vpc_error!(super::ecs::CreateServers, "Ecs.0004", status = 403, detail)
    }

    pub fn no_route() -> crate::gateway::CommonError {
        vpc_error!(crate::gateway::Common::MethodNotFound)
    }

    /// The bundled catalogue, beside the others, still needs no module.
    pub fn vpc() -> vpc_errors::DeleteVpcError {
        vpc_error!(DeleteVpc::VpcHasSubnets)
    }
}

#[derive(Debug, vpc_errors::VpcError)]
#[vpc(operation = ecs::CreateServers)]
enum CreateFailure {
    #[vpc(code = "Ecs.0001")]
    Quota { used: u32 },
    #[vpc(name = PermissionFailed, status = 400)]
    Permission { detail: String },
    #[vpc(name = RequestError)]
    BadBatch,
}

#[test]
fn each_catalogue_writes_its_own_body_shape() {
    let quota = handlers::quota();
    assert_eq!(quota.status(), 400);
    assert_eq!(
        quota.body(),
        r#"{"error":{"code":"Ecs.0001","message":"The number of ECSs is beyond the quota limit."}}"#
    );
    assert!(
        matches!(quota.body(), Cow::Borrowed(_)),
        "a static body is prebuilt"
    );
    let permission = handlers::permission("role \"op\" missing".into());
    assert_eq!(permission.status(), 403);
    assert_eq!(
        permission.body(),
        r#"{"error":{"code":"Ecs.0004","message":"Failed to assign permissions: role \"op\" missing"}}"#
    );
    let route = handlers::no_route();
    assert_eq!(
        route.body(),
        r#"{"error_code":"APIG.0101","error_msg":"The API does not exist.","request_id":""}"#
    );
    assert_eq!(
        handlers::vpc().body(),
        r#"{"code":"VPC.0104","message":"Router contains subnets, please delete subnet first."}"#
    );
    assert_eq!(route.to_string(), "APIG.0101: The API does not exist.");
}

#[test]
fn a_request_id_fills_the_body_member_and_the_header() {
    let id = RequestId::parse("0a1b2c3d").unwrap();
    let response = ErrorResponse::new(&handlers::no_route()).with_request_id(id);
    assert_eq!(
        response.body(),
        r#"{"error_code":"APIG.0101","error_msg":"The API does not exist.","request_id":"0a1b2c3d"}"#
    );
    assert!(
        response
            .headers()
            .any(|h| h == ("x-request-id", "0a1b2c3d"))
    );
    // A catalogue without the member is untouched but for the header.
    let id = RequestId::parse("r-2").unwrap();
    let vpc = ErrorResponse::new(&handlers::vpc()).with_request_id(id);
    assert_eq!(vpc.body(), handlers::vpc().body());
}

#[tokio::test]
async fn the_axum_echo_middleware_fills_the_body_member() {
    use axum::Router;
    use axum::body::Body;
    use axum::routing::get;
    use tower::ServiceExt as _;

    async fn missing() -> Result<(), gateway::CommonError> {
        Err(vpc_error!(gateway::Common::ApiNotFound))
    }
    let app = Router::new()
        .route("/x", get(missing))
        .layer(axum::middleware::from_fn(vpc_errors::axum::echo_request_id));
    let request = http::Request::get("/x")
        .header("x-request-id", "req-77")
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(response.headers()["x-request-id"], "req-77");
    let body = axum::body::to_bytes(response.into_body(), 1 << 16)
        .await
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&body),
        r#"{"error_code":"APIG.0101","error_msg":"The API does not exist or has not been published in the environment.","request_id":"req-77"}"#
    );
    // Without an id the member stays empty, and the body valid.
    let request = http::Request::get("/x").body(Body::empty()).unwrap();
    let response = app.oneshot(request).await.unwrap();
    let body = axum::body::to_bytes(response.into_body(), 1 << 16)
        .await
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(value["request_id"], "");
}

#[test]
fn the_derive_maps_onto_another_catalogues_operation() {
    let e = CreateFailure::Quota { used: 40 };
    assert_eq!(e.code(), "Ecs.0001");
    let wire: ecs::CreateServersError = e.into();
    assert_eq!(wire, ecs::CreateServersError::QuotaExceeded);
    let e = CreateFailure::Permission { detail: "x".into() };
    assert_eq!(e.status(), 400);
    assert_eq!(
        e.body(),
        r#"{"error":{"code":"Ecs.0004","message":"Failed to assign permissions: x"}}"#
    );
    assert_eq!(CreateFailure::BadBatch.entry().name, "RequestError");
    assert_eq!(e.operation().map(|op| op.name), Some("CreateServers"));
}

#[test]
fn clients_decode_each_catalogue_with_its_own_types() {
    let body =
        br#"{"error":{"message":"Failed to assign permissions: no role","code":"Ecs.0004"}}"#;
    let decoded = decode::<ecs::CreateServersError>(403, body).unwrap();
    assert_eq!(
        decoded,
        Decoded::Known(ecs::CreateServersError::PermissionFailed {
            status: ecs::Status400Or403::Forbidden,
            detail: "no role".into(),
        })
    );
    let gw =
        br#"{"error_code":"APIG.0201","error_msg":"Request entity too large.","request_id":"abc"}"#;
    assert_eq!(
        decode::<gateway::CommonError>(413, gw).unwrap(),
        Decoded::Known(gateway::CommonError::EntityTooLarge)
    );
    let any = decode_in(&gateway::CATALOGUE, 413, gw)
        .unwrap()
        .into_known()
        .unwrap();
    assert_eq!(any.entry().name, "EntityTooLarge");
    // A VPC body is nothing the ECS types know, and the other way round.
    let vpc = handlers::vpc().body();
    let Decoded::Unknown(u) = decode::<ecs::CreateServersError>(409, vpc.as_bytes()).unwrap()
    else {
        panic!("a VPC error decoded as an ECS one")
    };
    assert_eq!(u.reason(), &UnknownReason::UnknownCode);
    let quota = handlers::quota().body();
    assert!(
        !decode::<vpc_errors::DeleteVpcError>(400, quota.as_bytes())
            .unwrap()
            .is_known()
    );
}

#[test]
fn a_row_of_one_catalogue_never_rebuilds_another_catalogues_error() {
    // The same positions in the tables, rows of different catalogues.
    for (i, entry) in gateway::CATALOGUE.entries.iter().enumerate() {
        let args = vec![Cow::Borrowed("x"); entry.message.params.len()];
        assert_eq!(
            ecs::CommonError::from_parts(entry, entry.statuses[0], args.clone()),
            None
        );
        assert_eq!(
            vpc_errors::CommonError::from_parts(entry, entry.statuses[0], args),
            None,
            "row {i}"
        );
    }
    let own = &ecs::CATALOGUE.entries[0];
    assert_eq!(
        ecs::CommonError::from_parts(own, 400, vec![]),
        Some(ecs::CommonError::RequestError)
    );
    assert!(std::ptr::eq(
        <ecs::CreateServersError as FromParts>::CATALOGUE,
        &raw const ecs::CATALOGUE
    ));
}

#[test]
fn the_registry_describes_each_catalogue() {
    assert_eq!(gateway::CATALOGUE.service, "Huawei Cloud API Gateway");
    assert_eq!(gateway::CATALOGUE.wire.shape, BodyShape::ErrorCode);
    assert!(gateway::CATALOGUE.wire.request_id);
    assert_eq!(gateway::CATALOGUE.languages, ["en"]);
    assert_eq!(gateway::CATALOGUE.code_formats, ["APIG.####"]);
    let names: Vec<&str> = gateway::CATALOGUE
        .by_code("APIG.0101")
        .map(|e| e.name)
        .collect();
    assert_eq!(names, ["ApiNotFound", "MethodNotFound"]);
    let entry = ecs::CATALOGUE.by_code("Ecs.0004").next().unwrap();
    assert_eq!(entry.table_message, "Failed to assign permissions: %s");
    assert_eq!(entry.description.get("en"), Some("Authentication failed."));
    assert_eq!(entry.description.get("zh"), None);
    assert_eq!(vpc_errors::CATALOGUE.wire.shape, BodyShape::CodeMessage);
    assert_eq!(vpc_errors::CATALOGUE.languages, ["zh", "en"]);
}

#[test]
fn docs_render_another_catalogue_in_its_language() {
    let table = vpc_errors::docs::table(&ecs::CATALOGUE, vpc_errors::docs::Lang::En);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines[0],
        "Module | Status | Code | Message | Description | Remedy |"
    );
    assert_eq!(
        lines[3],
        "Create ECSs | 400 | Ecs.0001 | The number of ECSs is beyond the quota limit. | The number of ECSs has reached the maximum allowed. | Apply for a higher quota of the corresponding resource. |"
    );
    // The published layout: a block's later rows leave the module cell out.
    assert_eq!(
        lines[4],
        "400/403 | Ecs.0004 | Failed to assign permissions: %s | Authentication failed. | See the returned error message, or contact technical support. |"
    );
}

#[test]
fn openapi_examples_are_the_catalogues_own_bodies() {
    use utoipa::IntoResponses as _;
    let responses = ecs::CreateServersError::responses();
    let json = serde_json::to_value(&responses["403"]).unwrap();
    let example = &json["content"]["application/json"]["examples"]["PermissionFailed"]["value"];
    assert_eq!(
        example,
        &serde_json::json!({"error": {"code": "Ecs.0004", "message": "Failed to assign permissions: {detail}"}})
    );
    let schema = &json["content"]["application/json"]["schema"];
    assert_eq!(schema["required"], serde_json::json!(["error"]));
    let gw = serde_json::to_value(&gateway::CommonError::responses()["413"]).unwrap();
    let schema = &gw["content"]["application/json"]["schema"];
    assert_eq!(
        schema["required"],
        serde_json::json!(["error_code", "error_msg", "request_id"])
    );
}

#[test]
fn actix_and_http_answer_in_the_catalogues_shape() {
    use actix_web::ResponseError as _;
    use actix_web::body::MessageBody as _;

    let e = handlers::quota();
    let response = e.error_response();
    assert_eq!(response.status().as_u16(), 400);
    let body = response.into_body().try_into_bytes().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&body),
        r#"{"error":{"code":"Ecs.0001","message":"The number of ECSs is beyond the quota limit."}}"#
    );
    let response: http::Response<String> = vpc_errors::http::to_response(&handlers::no_route());
    assert_eq!(response.status(), 404);
    assert_eq!(
        response.body(),
        r#"{"error_code":"APIG.0101","error_msg":"The API does not exist.","request_id":""}"#
    );
}

#[test]
fn each_catalogue_has_its_contract_locked() {
    for (catalogue, file) in [
        (&gateway::CATALOGUE, "catalogues/gateway.lock"),
        (&ecs::CATALOGUE, "catalogues/ecs.lock"),
    ] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        let locked = std::fs::read_to_string(&path).expect("the lock is checked in");
        if let Err(drift) = vpc_errors::contract::check(catalogue, &locked) {
            panic!(
                "{}: {drift}\nAccept a deliberate change by writing vpc_errors::contract::lock(..) to the file.",
                path.display()
            );
        }
    }
}

#[test]
fn the_actix_echo_middleware_fills_the_body_member() {
    actix_web::rt::System::new().block_on(actix_echo_fills_the_body_member());
}

async fn actix_echo_fills_the_body_member() {
    use actix_web::{App, test, web};

    async fn missing() -> Result<&'static str, gateway::CommonError> {
        Err(vpc_error!(gateway::Common::ApiNotFound))
    }
    let app = test::init_service(App::new().route("/x", web::get().to(missing)).wrap(
        actix_web::middleware::from_fn(vpc_errors::actix::echo_request_id),
    ))
    .await;
    let request = test::TestRequest::get()
        .uri("/x")
        .insert_header(("x-request-id", "req-88"))
        .to_request();
    let response = test::call_service(&app, request).await;
    assert_eq!(response.status().as_u16(), 404);
    assert_eq!(response.headers().get("x-request-id").unwrap(), "req-88");
    let body = test::read_body(response).await;
    assert_eq!(
        String::from_utf8_lossy(&body),
        r#"{"error_code":"APIG.0101","error_msg":"The API does not exist or has not been published in the environment.","request_id":"req-88"}"#
    );
    // Without an id the member stays empty.
    let response = test::call_service(&app, test::TestRequest::get().uri("/x").to_request()).await;
    let body = test::read_body(response).await;
    let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(value["request_id"], "");
}
