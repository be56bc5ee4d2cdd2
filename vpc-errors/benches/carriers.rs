//! The run-time floor of each carrier (BENCHMARKS.md, figure 1b): a static error's response
//! through axum, `http` and actix-web, each beside the same response built by hand around
//! a `&'static str` body, which no error library can beat.
//!
//! `cargo bench -p vpc-errors --features axum,actix-web --bench carriers`; the built binary
//! run as `carriers CASE N` runs one case N times instead, for callgrind to count its
//! instructions (`carriers --list` names the cases).

use std::hint::black_box;

use actix_web::ResponseError;
use axum::body::Bytes;
use criterion::Criterion;
use vpc_errors::DeletePublicipError;

#[path = "cases/responses.rs"]
#[allow(dead_code)]
mod cases;

/// `DeletePublicip`'s `VPC.0504` body, as the floors write it.
const BODY: &str = r#"{"code":"VPC.0504","message":"Floating IP could not be found."}"#;

/// The `http` floor: an `http::Response<Bytes>` around the static body.
fn http_floor() -> axum::http::Response<Bytes> {
    let mut response = axum::http::Response::new(Bytes::from(black_box(BODY)));
    *response.status_mut() = axum::http::StatusCode::NOT_FOUND;
    response.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/json"),
    );
    response
}

/// Ours through `http`: `ErrorResponse::to_http_response`. Here beside its floor rather
/// than taken from `cases/responses.rs` (the same code), so that both are compiled in one
/// codegen unit: LLVM specialises the header map's insertion for a constant header name
/// only where every call in the unit passes one, and the shared cases' unit does not,
/// which would charge ours 31 instructions the floor does not pay for the same call.
fn http_ours() -> axum::http::Response<Bytes> {
    vpc_errors::ErrorResponse::new(&black_box(DeletePublicipError::PublicipNotFound))
        .to_http_response()
}

/// Ours through `http`, by value: `vpc_errors::http::to_response`.
fn http_ours_to_response() -> axum::http::Response<Bytes> {
    vpc_errors::http::to_response(&black_box(DeletePublicipError::PublicipNotFound))
}

/// Ours through actix-web: what a handler's `Err` becomes (`ResponseError::error_response`).
fn actix_ours() -> actix_web::HttpResponse {
    black_box(DeletePublicipError::PublicipNotFound).error_response()
}

/// The actix-web floor: an `HttpResponse` around the static body.
fn actix_floor() -> actix_web::HttpResponse {
    use actix_web::http::{StatusCode, header};
    let mut response = actix_web::HttpResponse::new(StatusCode::NOT_FOUND);
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    response.set_body(actix_web::body::BoxBody::new(black_box(BODY)))
}

/// The actix-web floor built the other way, the body given as the response is made
/// (`HttpResponse::with_body`, as ours is built) rather than set on an empty one: a lower
/// floor, so ours is reported against both.
fn actix_floor_with_body() -> actix_web::HttpResponse {
    use actix_web::http::{StatusCode, header};
    let mut response = actix_web::HttpResponse::with_body(
        StatusCode::NOT_FOUND,
        actix_web::body::BoxBody::new(black_box(BODY)),
    );
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    response
}

/// Every case: its name and one iteration, whose response is dropped as a server drops it
/// once sent.
fn cases() -> [(&'static str, fn()); 8] {
    [
        ("axum_ours", || drop(black_box(cases::static_ours_axum()))),
        ("axum_floor", || drop(black_box(cases::static_floor()))),
        ("http_ours", || drop(black_box(http_ours()))),
        ("http_ours_to_response", || {
            drop(black_box(http_ours_to_response()));
        }),
        ("http_floor", || drop(black_box(http_floor()))),
        ("actix_ours", || drop(black_box(actix_ours()))),
        ("actix_floor", || drop(black_box(actix_floor()))),
        ("actix_floor_with_body", || {
            drop(black_box(actix_floor_with_body()));
        }),
    ]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [list] if list == "--list" => {
            for (name, _) in cases() {
                println!("{name}");
            }
        }
        [case, n] if n.parse::<u64>().is_ok() => {
            let (_, run) = cases()
                .into_iter()
                .find(|(name, _)| name == case)
                .expect("a case named by --list");
            for _ in 0..n.parse::<u64>().unwrap_or(0) {
                run();
            }
        }
        _ => {
            let mut c = Criterion::default().configure_from_args();
            let mut g = c.benchmark_group("static_response_floor");
            for (name, run) in cases() {
                g.bench_function(name, |b| b.iter(run));
            }
            g.finish();
            c.final_summary();
        }
    }
}
