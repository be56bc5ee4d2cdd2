//! The wire contract, locked: the body shape and every (operation, error name, code,
//! statuses, message) of the catalogue are recorded in `tests/contract.lock`
//! ([`vpc_errors::contract`]), and this test fails on any drift.
//!
//! Clients match on these bytes. Like rustc, which never removes an error code, a change
//! here must be deliberate: run `UPDATE_CONTRACT=1 cargo test -p vpc-errors-tests --test
//! contract` (it writes the lock and fails; refused under CI), rerun without it, commit the
//! new lock, and say in the commit why clients can take it.

use std::path::PathBuf;

use vpc_errors::CATALOGUE;
use vpc_errors::contract;

fn lock_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("contract.lock")
}

#[test]
fn the_wire_contract_does_not_drift() {
    vpc_errors_tests::rewrite_if_requested(
        "UPDATE_CONTRACT",
        &lock_path(),
        &contract::lock(&CATALOGUE),
    );
    let text = std::fs::read_to_string(lock_path()).expect("tests/contract.lock is checked in");
    if let Err(drift) = contract::check(&CATALOGUE, &text) {
        panic!(
            "{drift}\n\nIf this is deliberate, accept it: UPDATE_CONTRACT=1 cargo test -p vpc-errors-tests \
             --test contract, then commit tests/contract.lock and say why clients can take the change."
        );
    }
}

#[test]
fn the_lock_covers_every_row_of_the_table() {
    // 135 entries, the two shared-bandwidth rows counted for both operations, and the
    // body shape.
    assert_eq!(CATALOGUE.entries.len(), 135);
    let text = std::fs::read_to_string(lock_path()).expect("tests/contract.lock is checked in");
    let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(lines.len(), 1 + 137);
    assert_eq!(lines[0], "@body\tcode_message\trequest_id=false");
}
