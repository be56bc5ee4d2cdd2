//! Client-side decoding, ours beside `serde_json::from_slice` into a `{code, message}`
//! struct alone, the least a client can do (BENCHMARKS.md, figure 4).
//!
//! `cargo bench -p vpc-errors --features client --bench decode`

use criterion::{Criterion, criterion_group, criterion_main};

#[path = "cases/decode.rs"]
mod cases;

fn decode_static(c: &mut Criterion) {
    let mut g = c.benchmark_group("decode_static");
    g.bench_function("ours_decode", |b| {
        b.iter(cases::static_ours);
    });
    g.bench_function("baseline_from_slice", |b| {
        b.iter(|| cases::baseline(cases::STATIC_BODY));
    });
    g.finish();
}

/// Not a target: the static error's body spelled otherwise, which decoding reads with the
/// JSON parser rather than the canonical path.
fn decode_spaced(c: &mut Criterion) {
    let mut g = c.benchmark_group("decode_static_spaced");
    g.bench_function("ours_decode", |b| {
        b.iter(cases::static_spaced_ours);
    });
    g.bench_function("baseline_from_slice", |b| {
        b.iter(|| cases::baseline(cases::STATIC_BODY_SPACED));
    });
    g.finish();
}

fn decode_templated(c: &mut Criterion) {
    let mut g = c.benchmark_group("decode_templated");
    g.bench_function("ours_decode", |b| {
        b.iter(cases::templated_ours);
    });
    g.bench_function("baseline_from_slice", |b| {
        b.iter(|| cases::baseline(cases::TEMPLATED_BODY));
    });
    g.finish();
}

criterion_group!(benches, decode_static, decode_spaced, decode_templated);
criterion_main!(benches);
