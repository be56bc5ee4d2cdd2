//! The built `vpc-errors` binary, run as a user runs it.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vpc-errors"))
        .args(args)
        // Colour would depend on the test runner's terminal; the plain text is tested.
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> &str {
    std::str::from_utf8(&output.stdout).unwrap()
}

fn stderr(output: &Output) -> &str {
    std::str::from_utf8(&output.stderr).unwrap()
}

#[test]
fn explain_prints_every_operation_using_the_code() {
    let out = run(&["explain", "0504"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("VPC.0504: 4 rows in 4 operations\n"),
        "{text}"
    );
    assert!(text.contains("DeletePublicip DELETE /v1/{project_id}/publicips/{publicip_id}"));
    assert!(text.contains("Floating IP could not be found."));
    // Output to a pipe is not coloured.
    assert!(!text.contains('\x1b'));
}

#[test]
fn an_unknown_code_fails_with_suggestions() {
    let out = run(&["explain", "VPC.0599"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    assert!(
        stderr(&out).contains("closest codes:\n  VPC.0509  "),
        "{}",
        stderr(&out)
    );
}

#[test]
fn list_prints_json_on_request() {
    let out = run(&[
        "list",
        "--operation",
        "DeletePublicip",
        "--status",
        "404",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["VPC.0003", "VPC.0504"]);
}

#[test]
fn an_unknown_operation_fails_with_suggestions() {
    let out = run(&["list", "--operation", "DeletPublicip"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("  DeletePublicip\n"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn search_and_docs_print_their_results() {
    let out = run(&["search", "Neutron"]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("VPC.0105"));
    // The checked-in tables, which `tests/tests/golden_table.rs` compares with the
    // published table: not the library function the binary calls.
    let zh = run(&["docs"]);
    assert!(zh.status.success(), "{}", stderr(&zh));
    assert_eq!(stdout(&zh), golden("zh"));
    let en = run(&["docs", "--lang", "en"]);
    assert!(en.status.success(), "{}", stderr(&en));
    assert!(stdout(&en).starts_with("Module | Status | Code |"));
    assert_eq!(stdout(&en), golden("en"));
}

/// The checked-in golden table, in the tests crate beside this one.
fn golden(lang: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../tests/golden/table.{lang}.txt"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn bad_arguments_are_usage_errors() {
    let out = run(&["docs", "--lang", "fr"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown language `fr`"),
        "{}",
        stderr(&out)
    );
    let out = run(&["list", "--status", "abc"]);
    assert_eq!(out.status.code(), Some(2));
}
