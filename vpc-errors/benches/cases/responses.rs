//! The response cases of figures 1 and 2, shared by `responses.rs` (timed) and
//! `allocations.rs` (counted). Each builds one full response and returns it; the caller
//! drops it, as a server does once it has sent it.

use std::hint::black_box;

use axum::Json;
use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header::CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;
use vpc_errors::{DeletePublicipError, ErrorResponse, ShowNetworkIpAvailabilitiesError};

/// The template value of figure 2: a network id as a client sends it.
pub const NETWORK_ID: &str = "5e8f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b";

/// The baseline's hand-written body type: the least a user would derive.
#[derive(Serialize)]
struct ErrorBody {
    code: &'static str,
    message: &'static str,
}

/// The baseline's body type for a rendered message.
#[derive(Serialize)]
struct RenderedErrorBody {
    code: &'static str,
    message: String,
}

// Figure 1: `DeletePublicip`'s `VPC.0504`, a 404 with a fixed message.

/// Ours, through axum's `IntoResponse`.
pub fn static_ours_axum() -> Response {
    black_box(DeletePublicipError::PublicipNotFound).into_response()
}

/// Ours, through `http::Response` (`ErrorResponse::to_http_response`).
pub fn static_ours_http() -> axum::http::Response<Bytes> {
    ErrorResponse::new(&black_box(DeletePublicipError::PublicipNotFound)).to_http_response()
}

/// The hand-written axum idiom.
pub fn static_baseline_json_macro() -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({
            "code": black_box("VPC.0504"),
            "message": black_box("Floating IP could not be found."),
        })),
    )
        .into_response()
}

/// A serde-derived `{code, message}` struct in `Json`.
pub fn static_baseline_serde_struct() -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(ErrorBody {
            code: black_box("VPC.0504"),
            message: black_box("Floating IP could not be found."),
        }),
    )
        .into_response()
}

/// The floor, not a target: the same response built by hand around a static body, which
/// no error library can beat.
pub fn static_floor() -> Response {
    let mut response = Response::new(Body::from(black_box(
        r#"{"code":"VPC.0504","message":"Floating IP could not be found."}"#,
    )));
    *response.status_mut() = StatusCode::NOT_FOUND;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

// Figure 2: `ShowNetworkIpAvailabilities`' `VPC.2302`, `Network {network_id} could not be
// found.`. The value arrives as an owned `String`, as axum's `Path` extractor hands it over:
// ours moves it into the error, the baselines format it and drop it. Both pay for making it.

/// Ours, through axum's `IntoResponse`.
pub fn templated_ours_axum() -> Response {
    let network_id = String::from(black_box(NETWORK_ID));
    vpc_errors::vpc_error!(ShowNetworkIpAvailabilities::NetworkNotFound, network_id).into_response()
}

/// Ours, through `http::Response` (`vpc_errors::http::to_response`, which moves the
/// rendered body in; `ErrorResponse::to_http_response` borrows, so it would copy it).
pub fn templated_ours_http() -> axum::http::Response<Bytes> {
    let network_id = String::from(black_box(NETWORK_ID));
    let e = ShowNetworkIpAvailabilitiesError::NetworkNotFound {
        network_id: network_id.into(),
    };
    vpc_errors::http::to_response(&e)
}

/// `format!` and the hand-written axum idiom.
pub fn templated_baseline_json_macro() -> Response {
    let network_id = String::from(black_box(NETWORK_ID));
    (
        StatusCode::BAD_REQUEST,
        Json(json!({
            "code": "VPC.2302",
            "message": format!("Network {network_id} could not be found."),
        })),
    )
        .into_response()
}

/// `format!` and a serde-derived struct in `Json`.
pub fn templated_baseline_serde_struct() -> Response {
    let network_id = String::from(black_box(NETWORK_ID));
    (
        StatusCode::BAD_REQUEST,
        Json(RenderedErrorBody {
            code: "VPC.2302",
            message: format!("Network {network_id} could not be found."),
        }),
    )
        .into_response()
}
