//! The allocation figures BENCHMARKS.md states for our side, asserted: each case of
//! `vpc-errors/benches/allocations.rs` that is ours, run under a counting allocator, with
//! its heap allocations and reallocations compared with the documented numbers. The
//! decoding cases are the benchmarks' own (`benches/cases/decode.rs`); the response cases
//! are the benchmarks' ones written again here, since those live beside their baselines.
//!
//! The counting allocator is process-wide, so this file holds a single test: no other test
//! thread allocates while it counts.

use std::alloc::System;
use std::hint::black_box;

use axum::body::Bytes;
use axum::response::{IntoResponse, Response};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use vpc_errors::{
    CATALOGUE, DeletePublicipError, ErrorResponse, ShowNetworkIpAvailabilitiesError, VpcError,
};

#[path = "../../vpc-errors/benches/cases/decode.rs"]
#[allow(
    dead_code,
    reason = "the baseline's case is the benchmark's, not asserted here"
)]
mod decode;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Heap allocations and reallocations of one call of `f`, its result dropped inside the
/// count. The first call warms up anything set up once per process; the second is counted.
fn counted<T>(mut f: impl FnMut() -> T) -> (usize, usize) {
    drop(black_box(f()));
    let region = Region::new(GLOBAL);
    drop(black_box(f()));
    let change = region.change();
    (change.allocations, change.reallocations)
}

/// Figure 2's value, as a client sends it (BENCHMARKS.md: a 36-byte network id).
const NETWORK_ID: &str = "5e8f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b";

fn templated_ours_axum() -> Response {
    let network_id = String::from(black_box(NETWORK_ID));
    vpc_errors::vpc_error!(ShowNetworkIpAvailabilities::NetworkNotFound, network_id).into_response()
}

fn templated_ours_http() -> http::Response<Bytes> {
    let network_id = String::from(black_box(NETWORK_ID));
    let e = ShowNetworkIpAvailabilitiesError::NetworkNotFound {
        network_id: network_id.into(),
    };
    vpc_errors::http::to_response(&e)
}

#[test]
fn the_documented_allocation_counts_hold() {
    let e = DeletePublicipError::PublicipNotFound;
    let templated = ShowNetworkIpAvailabilitiesError::NetworkNotFound {
        network_id: NETWORK_ID.into(),
    };
    // (BENCHMARKS.md's row, allocations, reallocations)
    let figures = [
        ("1. static: body", counted(|| e.body()), (0, 0)),
        (
            "1. static: ErrorResponse::new",
            counted(|| ErrorResponse::new(&e)),
            (0, 0),
        ),
        (
            "1. static: ours, axum IntoResponse",
            counted(|| black_box(DeletePublicipError::PublicipNotFound).into_response()),
            (3, 0),
        ),
        (
            "1. static: ours, to_http_response::<Bytes>",
            counted(|| -> http::Response<Bytes> {
                ErrorResponse::new(&black_box(DeletePublicipError::PublicipNotFound))
                    .to_http_response()
            }),
            (2, 0),
        ),
        ("2. templated: body", counted(|| templated.body()), (1, 0)),
        (
            "2. templated: ours, axum IntoResponse",
            counted(templated_ours_axum),
            (5, 0),
        ),
        (
            "2. templated: ours, http::to_response::<_, Bytes>",
            counted(templated_ours_http),
            (4, 0),
        ),
        (
            "3. CATALOGUE.by_code(code).next()",
            counted(|| CATALOGUE.by_code(black_box("VPC.0504")).next()),
            (0, 0),
        ),
        (
            "3. CATALOGUE.lookup(operation, code, status)",
            counted(|| CATALOGUE.lookup(black_box("DeletePublicip"), black_box("VPC.0504"), 404)),
            (0, 0),
        ),
        (
            "4. decode static: ours (canonical body)",
            counted(decode::static_ours),
            (0, 0),
        ),
        (
            "4. decode static, spaced: ours (JSON parser)",
            counted(decode::static_spaced_ours),
            (0, 0),
        ),
        (
            "4. decode templated: ours (canonical body)",
            counted(decode::templated_ours),
            (2, 0),
        ),
    ];
    let mut wrong = Vec::new();
    for (what, counted, documented) in figures {
        println!(
            "{what}: {} allocations, {} reallocations",
            counted.0, counted.1
        );
        if counted != documented {
            wrong.push(format!(
                "{what}: {counted:?} (allocations, reallocations), BENCHMARKS.md says {documented:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The cases decode what they should, so the counts are of real work.
    assert!(matches!(
        decode::static_ours(),
        Ok(vpc_errors::client::Decoded::Known(
            DeletePublicipError::PublicipNotFound
        ))
    ));
    assert!(matches!(
        decode::static_spaced_ours(),
        Ok(vpc_errors::client::Decoded::Known(_))
    ));
    let Ok(vpc_errors::client::Decoded::Known(decoded)) = decode::templated_ours() else {
        panic!("the templated body decodes");
    };
    assert_eq!(decoded, templated);
    assert_eq!(
        CATALOGUE.by_code("VPC.0504").next().unwrap().code,
        "VPC.0504"
    );
    assert!(
        CATALOGUE
            .lookup("DeletePublicip", "VPC.0504", 404)
            .is_some()
    );

    attached_error_info_costs_three_allocations(&e);
}

/// With the `observe` extension attached (a middleware in use), each framework response
/// carries it: the `http` extension map, its table and the boxed `ErrorInfo`. Called from
/// the one test, after the figures above, as the switch is process-wide.
fn attached_error_info_costs_three_allocations(e: &DeletePublicipError) {
    vpc_errors::observe::attach_error_info(true);
    let attached = [
        counted(|| black_box(DeletePublicipError::PublicipNotFound).into_response()),
        counted(|| ErrorResponse::new(black_box(e)).to_http_response::<Bytes>()),
    ];
    vpc_errors::observe::attach_error_info(false);
    assert_eq!(attached, [(6, 0), (5, 0)], "BENCHMARKS.md, Allocations");
}
