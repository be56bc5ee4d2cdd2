//! Cases of the other body shapes: the same work as figures 1, 2 and 4, on catalogues that
//! answer `{"error":{"code","message"}}` (ECS) and `{"error_code","error_msg","request_id"}`
//! (the API gateway), to set beside the bundled catalogue's figures.

use std::hint::black_box;

use axum::body::Bytes;
use axum::response::{IntoResponse, Response};
use vpc_errors::ErrorResponse;
use vpc_errors::client::{DecodeError, Decoded, decode};

/// The nested shape, `Ecs.####` codes.
pub mod ecs {
    vpc_errors::catalogue!("../tests/catalogues/ecs.yaml");
}

/// The `error_code` shape with a request id member.
pub mod gateway {
    vpc_errors::catalogue!("../tests/catalogues/gateway.yaml");
}

/// A nested static body, as the ECS catalogue writes it.
pub const NESTED_BODY: &[u8] =
    br#"{"error":{"code":"Ecs.0001","message":"The number of ECSs is beyond the quota limit."}}"#;

/// An `error_code` body, as the gateway writes one (request id filled).
pub const ERROR_CODE_BODY: &[u8] =
    br#"{"error_code":"APIG.0201","error_msg":"Request entity too large.","request_id":"0a1b2c3d"}"#;

/// A static error of the nested shape, through axum.
pub fn nested_static_axum() -> Response {
    black_box(ecs::CreateServersError::QuotaExceeded).into_response()
}

/// A templated error of the nested shape, through `http`.
pub fn nested_templated_http() -> axum::http::Response<Bytes> {
    let e = ecs::CreateServersError::PermissionFailed {
        status: ecs::Status400Or403::Forbidden,
        detail: black_box(super::responses::NETWORK_ID).into(),
    };
    ErrorResponse::new(&e).into_http_response()
}

/// A static error of the `error_code` shape with its request id filled, through `http`.
pub fn error_code_static_with_request_id() -> axum::http::Response<Bytes> {
    let id = vpc_errors::RequestId::parse(black_box("0a1b2c3d"));
    ErrorResponse::new(&black_box(gateway::CommonError::EntityTooLarge))
        .with_request_id(id)
        .into_http_response()
}

/// Decoding a nested body.
pub fn decode_nested() -> Result<Decoded<ecs::CreateServersError>, DecodeError> {
    decode(black_box(400), black_box(NESTED_BODY))
}

/// Decoding an `error_code` body with a request id.
pub fn decode_error_code() -> Result<Decoded<gateway::CommonError>, DecodeError> {
    decode(black_box(413), black_box(ERROR_CODE_BODY))
}
