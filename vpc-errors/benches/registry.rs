//! Registry lookups, ours beside a `HashMap` built once (BENCHMARKS.md, figure 3).
//!
//! `cargo bench -p vpc-errors --bench registry`
//!
//! Each iteration is 133 lookups (one per row); criterion's throughput line gives the
//! rate, and the time per lookup is the iteration's time divided by 133.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

#[path = "cases/registry.rs"]
mod cases;

/// The number of lookups in one iteration: one per row.
fn lookups() -> u64 {
    u64::try_from(vpc_errors::ENTRIES.len()).expect("a small table")
}

fn by_code(c: &mut Criterion) {
    let (queries, maps) = (cases::queries(), cases::maps());
    let mut g = c.benchmark_group("registry_by_code");
    g.throughput(Throughput::Elements(lookups()));
    g.bench_function("ours_by_code", |b| b.iter(|| cases::by_code_ours(&queries)));
    g.bench_function("baseline_hashmap", |b| {
        b.iter(|| cases::by_code_baseline(&queries, &maps));
    });
    g.bench_function("ours_by_code_other_catalogue", |b| {
        b.iter(|| cases::by_code_ours_searched(&queries));
    });
    g.finish();
}

fn by_operation_and_code(c: &mut Criterion) {
    let (queries, maps) = (cases::queries(), cases::maps());
    let mut g = c.benchmark_group("registry_by_operation_code");
    g.throughput(Throughput::Elements(lookups()));
    g.bench_function("ours_lookup", |b| b.iter(|| cases::lookup_ours(&queries)));
    g.bench_function("baseline_hashmap", |b| {
        b.iter(|| cases::lookup_baseline(&queries, &maps));
    });
    g.finish();
}

criterion_group!(benches, by_code, by_operation_and_code);
criterion_main!(benches);
