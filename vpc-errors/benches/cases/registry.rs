//! The registry cases of figure 3, shared by `registry.rs` (timed) and `instructions.rs`
//! (counted under callgrind).
//!
//! Each case looks up every row of the table once (133 lookups, in table order), so the
//! figure is the mix of codes a server sees, not one lucky or unlucky key. The baselines
//! use std's `HashMap` with its default hasher, built once, as a user would write it.

use std::collections::HashMap;
use std::hint::black_box;

use vpc_errors::registry::Entry;
use vpc_errors::{CATALOGUE, ENTRIES};

/// The same table expanded again by `catalogue!`: a catalogue other than the bundled one,
/// whose lookups by code binary-search the code-sorted index instead of hashing.
mod other {
    vpc_errors::catalogue!("../catalogue.yaml");
}

/// What the lookups ask for: each row's code, its first operation (`DeleteVpc` for a
/// common row) and its first status, as owned text so that nothing is `'static` by luck.
pub struct Queries(Vec<(String, String, u16)>);

/// The baseline's maps, built once.
pub struct Maps {
    /// code → its rows, in table order.
    by_code: HashMap<&'static str, Vec<&'static Entry>>,
    /// (operation, code, status) → the row.
    by_key: HashMap<(&'static str, &'static str, u16), &'static Entry>,
}

/// The lookups, one per row.
#[must_use]
pub fn queries() -> Queries {
    Queries(
        ENTRIES
            .iter()
            .map(|e| {
                let op = e.operations.first().copied().unwrap_or("DeleteVpc");
                (e.code.to_owned(), op.to_owned(), e.statuses[0])
            })
            .collect(),
    )
}

/// The baseline's maps: every operation's own rows and the common ones, as `lookup`
/// answers.
#[must_use]
pub fn maps() -> Maps {
    let mut by_code: HashMap<&'static str, Vec<&'static Entry>> = HashMap::new();
    for e in &ENTRIES {
        by_code.entry(e.code).or_default().push(e);
    }
    let mut by_key = HashMap::new();
    for op in CATALOGUE.operations {
        for e in ENTRIES.iter().filter(|e| e.applies_to(op.name)) {
            for &status in e.statuses {
                by_key.entry((op.name, e.code, status)).or_insert(e);
            }
        }
    }
    Maps { by_code, by_key }
}

/// Ours: the first row with each code, `CATALOGUE.by_code(code).next()`.
pub fn by_code_ours(q: &Queries) {
    for (code, _, _) in &q.0 {
        black_box(CATALOGUE.by_code(black_box(code)).next());
    }
}

/// Ours for a catalogue of another `catalogue!` expansion: binary search.
pub fn by_code_ours_searched(q: &Queries) {
    for (code, _, _) in &q.0 {
        black_box(other::CATALOGUE.by_code(black_box(code)).next());
    }
}

/// The baseline: `HashMap<&str, Vec<&Entry>>::get`.
pub fn by_code_baseline(q: &Queries, maps: &Maps) {
    for (code, _, _) in &q.0 {
        black_box(
            maps.by_code
                .get(black_box(code.as_str()))
                .and_then(|v| v.first()),
        );
    }
}

/// Ours: the row each operation answers with a code and status, `CATALOGUE.lookup`.
pub fn lookup_ours(q: &Queries) {
    for (code, op, status) in &q.0 {
        black_box(CATALOGUE.lookup(black_box(op), black_box(code), *status));
    }
}

/// The baseline: `HashMap<(&str, &str, u16), &Entry>::get`.
pub fn lookup_baseline(q: &Queries, maps: &Maps) {
    for (code, op, status) in &q.0 {
        let key = (black_box(op.as_str()), black_box(code.as_str()), *status);
        black_box(maps.by_key.get(&key));
    }
}
