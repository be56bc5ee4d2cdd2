//! An error to a full HTTP response, ours beside what a user would otherwise write
//! (BENCHMARKS.md, figures 1 and 2).
//!
//! `cargo bench -p vpc-errors --features axum --bench responses`

use criterion::{Criterion, criterion_group, criterion_main};

#[path = "cases/responses.rs"]
mod cases;

fn static_response(c: &mut Criterion) {
    let mut g = c.benchmark_group("static_response");
    g.bench_function("ours_axum_into_response", |b| {
        b.iter(cases::static_ours_axum);
    });
    g.bench_function("ours_http_to_http_response", |b| {
        b.iter(cases::static_ours_http);
    });
    g.bench_function("baseline_json_macro", |b| {
        b.iter(cases::static_baseline_json_macro);
    });
    g.bench_function("baseline_serde_struct", |b| {
        b.iter(cases::static_baseline_serde_struct);
    });
    g.bench_function("floor_hand_built", |b| {
        b.iter(cases::static_floor);
    });
    g.finish();
}

fn templated_response(c: &mut Criterion) {
    let mut g = c.benchmark_group("templated_response");
    g.bench_function("ours_axum_into_response", |b| {
        b.iter(cases::templated_ours_axum);
    });
    g.bench_function("ours_http_to_response", |b| {
        b.iter(cases::templated_ours_http);
    });
    g.bench_function("baseline_format_json_macro", |b| {
        b.iter(cases::templated_baseline_json_macro);
    });
    g.bench_function("baseline_format_serde_struct", |b| {
        b.iter(cases::templated_baseline_serde_struct);
    });
    g.finish();
}

criterion_group!(benches, static_response, templated_response);
criterion_main!(benches);
