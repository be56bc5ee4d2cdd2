//! Counts heap allocations and reallocations: a static error's body and `ErrorResponse`
//! allocate nothing, and its framework responses allocate no more than the same response
//! with an empty literal body would (their header maps and, for axum, the body box). A
//! templated error's body is one allocation, its `ErrorResponse` that one too, and each of
//! its framework responses exactly one more than the static error's: the rendered body,
//! taken over without a copy. Nothing reallocates.
//!
//! The counting allocator is process-wide, so this file holds a single test: no other test
//! thread can allocate while it measures.

use std::alloc::System;

use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use vpc_errors::{
    AnyVpcError, DeletePublicipError, ErrorResponse, ShowNetworkIpAvailabilitiesError,
    ShowVpcError, Status404Or500, VpcError,
};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Allocations made by `f`, and what it returned (dropped after counting). A reallocation
/// fails the test: none of these cases may grow a buffer.
#[track_caller]
fn allocations<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let region = Region::new(GLOBAL);
    let value = std::hint::black_box(f());
    let change = region.change();
    assert_eq!(change.reallocations, 0, "reallocations");
    (change.allocations, value)
}

fn axum_baseline() -> axum::response::Response {
    let mut response = axum::response::Response::new(axum::body::Body::from(""));
    *response.status_mut() = http::StatusCode::NOT_FOUND;
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    response
}

fn actix_baseline() -> actix_web::HttpResponse {
    actix_web::HttpResponse::NotFound()
        .insert_header((
            actix_web::http::header::CONTENT_TYPE,
            actix_web::http::header::HeaderValue::from_static("application/json"),
        ))
        .body("")
}

#[test]
fn static_errors_allocate_nothing_for_their_body() {
    let e = DeletePublicipError::PublicipNotFound;
    let multi = ShowVpcError::NeutronError {
        status: Status404Or500::InternalServerError,
    };

    // The very first response of the process: no one-time set-up hides in it either.
    let (first, _) = allocations(|| ErrorResponse::new(&e));
    println!("static ErrorResponse, first call: {first} allocations");
    assert_eq!(first, 0);

    for (what, count) in [
        ("body", allocations(|| e.body()).0),
        ("message", allocations(|| e.message()).0),
        ("ErrorResponse", allocations(|| ErrorResponse::new(&e)).0),
        ("multi-status body", allocations(|| multi.body()).0),
        (
            "multi-status ErrorResponse",
            allocations(|| ErrorResponse::new(&multi)).0,
        ),
        (
            "AnyVpcError",
            allocations(|| AnyVpcError::from(e.clone())).0,
        ),
        (
            "AnyVpcError ErrorResponse",
            allocations(|| ErrorResponse::new(&AnyVpcError::from(e.clone()))).0,
        ),
    ] {
        println!("static {what}: {count} allocations");
        assert_eq!(count, 0, "{what}");
    }

    let (ours, _) =
        allocations(|| -> http::Response<axum::body::Bytes> { vpc_errors::http::to_response(&e) });
    let (baseline, _) = allocations(|| {
        let mut response = http::Response::new(axum::body::Bytes::from_static(b""));
        response.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        );
        response
    });
    println!("static http::Response: {ours} allocations (hand-built, empty body: {baseline})");
    assert_eq!(ours, baseline);
    let static_http = ours;

    let (ours, _) = allocations(|| vpc_errors::axum::into_response(&e));
    let (baseline, _) = allocations(axum_baseline);
    println!("static axum Response: {ours} allocations (hand-built, empty body: {baseline})");
    assert_eq!(ours, baseline);
    let static_axum = ours;

    // actix-web keeps response heads in a thread-local pool; fill it before counting.
    drop(actix_baseline());
    let (ours, _) = allocations(|| vpc_errors::actix::error_response(&e));
    let (baseline, _) = allocations(actix_baseline);
    println!(
        "static actix-web HttpResponse: {ours} allocations (hand-built, empty body: {baseline})"
    );
    assert_eq!(ours, baseline);
    let static_actix = ours;

    let templated = ShowNetworkIpAvailabilitiesError::NetworkNotFound {
        network_id: "net-1".into(),
    };
    // One buffer for the rendered body, nothing else; the responses take it over.
    for (what, count, expected) in [
        ("body", allocations(|| templated.body()).0, 1),
        (
            "ErrorResponse",
            allocations(|| ErrorResponse::new(&templated)).0,
            1,
        ),
        (
            "http::Response",
            allocations(|| -> http::Response<axum::body::Bytes> {
                vpc_errors::http::to_response(&templated)
            })
            .0,
            static_http + 1,
        ),
        (
            "axum Response",
            allocations(|| vpc_errors::axum::into_response(&templated)).0,
            static_axum + 1,
        ),
        (
            "actix-web HttpResponse",
            allocations(|| vpc_errors::actix::error_response(&templated)).0,
            static_actix + 1,
        ),
    ] {
        println!("templated {what}: {count} allocations");
        assert_eq!(count, expected, "templated {what}");
    }
}
