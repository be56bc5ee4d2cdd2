//! Heap allocations per operation, ours beside the baselines': the same cases as the
//! timed benchmarks, each run once under a counting allocator, and the counts printed
//! (BENCHMARKS.md), reallocations apart. Nothing is timed here: the counter's own cost
//! would weigh on whichever side allocates more, so the timed benchmarks run on the plain
//! system allocator. Our side's figures are asserted by the tests crate's
//! `tests/allocation_figures.rs`; this prints the table with the baselines beside them.
//!
//! `cargo bench -p vpc-errors --features axum,client --bench allocations`

use std::alloc::System;
use std::hint::black_box;

use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use vpc_errors::{CATALOGUE, DeletePublicipError, ErrorResponse, VpcError};

#[path = "cases/decode.rs"]
mod decode;
#[path = "cases/responses.rs"]
mod responses;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Allocations and reallocations made by one call of `f`, its result dropped inside the
/// count. The first call warms up anything lazily set up once per process; the second is
/// counted.
fn allocations<T>(mut f: impl FnMut() -> T) -> (usize, usize) {
    drop(black_box(f()));
    let region = Region::new(GLOBAL);
    drop(black_box(f()));
    let change = region.change();
    (change.allocations, change.reallocations)
}

fn row(what: &str, (allocations, reallocations): (usize, usize)) {
    println!("| {what} | {allocations} | {reallocations} |");
}

fn main() {
    // `cargo bench` passes `--bench`; a name filter is honoured as a substring.
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    if filter.is_some_and(|f| !"allocations".contains(&f)) {
        return;
    }
    println!("| operation | heap allocations | reallocations |");
    println!("|---|---|---|");
    let e = DeletePublicipError::PublicipNotFound;
    row(
        "1. static: body (`VpcError::body`)",
        allocations(|| e.body()),
    );
    row(
        "1. static: `ErrorResponse::new`",
        allocations(|| ErrorResponse::new(&e)),
    );
    row(
        "1. static: ours, axum `IntoResponse`",
        allocations(responses::static_ours_axum),
    );
    row(
        "1. static: ours, `to_http_response::<Bytes>`",
        allocations(responses::static_ours_http),
    );
    row(
        "1. static: baseline `json!` idiom",
        allocations(responses::static_baseline_json_macro),
    );
    row(
        "1. static: baseline serde struct",
        allocations(responses::static_baseline_serde_struct),
    );
    row(
        "1. static: floor, hand-built static response",
        allocations(responses::static_floor),
    );
    let templated = vpc_errors::ShowNetworkIpAvailabilitiesError::NetworkNotFound {
        network_id: responses::NETWORK_ID.into(),
    };
    row(
        "2. templated: body (`VpcError::body`)",
        allocations(|| templated.body()),
    );
    row(
        "2. templated: ours, axum `IntoResponse`",
        allocations(responses::templated_ours_axum),
    );
    row(
        "2. templated: ours, `http::to_response::<_, Bytes>`",
        allocations(responses::templated_ours_http),
    );
    row(
        "2. templated: baseline `format!` + `json!`",
        allocations(responses::templated_baseline_json_macro),
    );
    row(
        "2. templated: baseline `format!` + serde struct",
        allocations(responses::templated_baseline_serde_struct),
    );
    row(
        "3. `CATALOGUE.by_code(code).next()`",
        allocations(|| CATALOGUE.by_code(black_box("VPC.0504")).next()),
    );
    row(
        "3. `CATALOGUE.lookup(operation, code, status)`",
        allocations(|| CATALOGUE.lookup(black_box("DeletePublicip"), black_box("VPC.0504"), 404)),
    );
    row(
        "4. decode static: ours (canonical body)",
        allocations(decode::static_ours),
    );
    row(
        "4. decode static: baseline `from_slice`",
        allocations(|| decode::baseline(decode::STATIC_BODY)),
    );
    row(
        "4. decode static, spaced: ours (JSON parser)",
        allocations(decode::static_spaced_ours),
    );
    row(
        "4. decode static, spaced: baseline `from_slice`",
        allocations(|| decode::baseline(decode::STATIC_BODY_SPACED)),
    );
    row(
        "4. decode templated: ours (canonical body)",
        allocations(decode::templated_ours),
    );
    row(
        "4. decode templated: baseline `from_slice`",
        allocations(|| decode::baseline(decode::TEMPLATED_BODY)),
    );
}
