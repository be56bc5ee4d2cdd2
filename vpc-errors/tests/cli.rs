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

/// A catalogue in the tests crate beside this one.
fn test_catalogue(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/catalogues")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn every_command_reads_another_catalogue() {
    let gateway = test_catalogue("gateway.yaml");
    let out = run(&["--catalogue", &gateway, "explain", "APIG.0101"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("APIG.0101: 2 rows in every operation\n"),
        "{}",
        stdout(&out)
    );
    assert!(
        !stdout(&out).contains("  description  \n"),
        "{}",
        stdout(&out)
    );
    let out = run(&["list", "--json", "--catalogue", &gateway]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .all(|r| r["code"].as_str().unwrap().starts_with("APIG."))
    );
    let dns = test_catalogue("imported/dns.yaml");
    let out = run(&["--catalogue", &dns, "search", "record set"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("DNS.0004"));
    // A one-language catalogue's docs are in its language unless told otherwise.
    let out = run(&["--catalogue", &dns, "docs"]);
    assert!(
        stdout(&out).starts_with("Module | Status | Code |"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("| DNS.0000 | Unknown error. | Unknown error. | Retry"));
    // The bundled catalogue's codes are not in it.
    let out = run(&["--catalogue", &dns, "explain", "VPC.0504"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_catalogue_that_does_not_load_is_reported_with_its_lines() {
    let dir = std::env::temp_dir().join(format!("vpc-errors-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.yaml");
    std::fs::write(&bad, "service: \"x\"\ngroups:\n  - group: \"g\"\n    common: true\n    errors:\n      - name: \"lower\"\n        code: \"X.1\"\n        status: 200\n        message: \"m\"\n        description: { zh: \"d\", en: \"d\" }\n        remedy: { zh: \"r\", en: \"r\" }\n").unwrap();
    let out = run(&["--catalogue", bad.to_str().unwrap(), "list"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("6:15: error name `lower` must be UpperCamelCase"),
        "{err}"
    );
    assert!(err.contains("7:15: `X.1` is not an error code"), "{err}");
    assert!(
        err.contains("8:17: status 200 is not an error status"),
        "{err}"
    );
    assert!(stdout(&out).is_empty());
    let out = run(&[
        "--catalogue",
        dir.join("missing.yaml").to_str().unwrap(),
        "list",
    ]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn docs_as_one_html_page_with_a_search_box() {
    let out = run(&["docs", "--format", "html", "--lang", "en"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = stdout(&out);
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(page.contains("<input id=\"q\" type=\"search\""));
    assert!(page.contains("<script>") && page.contains("<style>"));
    // Self-contained: nothing is fetched.
    for external in ["src=", "href=", "http://", "https://", "@import"] {
        assert!(!page.contains(external), "{external}");
    }
    // Table text is escaped: the `'router'` of VPC.0114 and the `&` nowhere raw.
    assert!(page.contains("Quota exceeded for resources: [&#39;router&#39;]."));
    assert_eq!(page.matches("<tr id=").count(), 135);
    let zh = run(&["docs", "--format", "html"]);
    assert!(stdout(&zh).contains("<th>模块</th>"));
}

#[test]
fn import_writes_a_catalogue_and_reports_what_it_left_out() {
    let dir = std::env::temp_dir().join(format!("vpc-errors-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let table = dir.join("t.md");
    std::fs::write(
        &table,
        "# Errors\n\n| Module | Status | Code | Message | Description | Solution |\n|---|---|---|---|---|---|\n| Common | 401 | X.0001 | Token xxx expired. | Expired. | Log in. |\n| Deleting a thing | 204 | X.0002 | Gone. | Gone. | None. |\n",
    )
    .unwrap();
    let out = run(&["import", table.to_str().unwrap(), "--service", "X"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("t.md:6: row left out: status 204 is not an error status"),
        "{err}"
    );
    assert!(
        err.contains("1 of 2 rows imported as 1 error; 1 left out"),
        "{err}"
    );
    let yaml = stdout(&out);
    assert!(
        yaml.contains(
            "message: \"Token {value} expired.\"\n        table_message: \"Token xxx expired.\""
        ),
        "{yaml}"
    );
    // The catalogue it wrote loads.
    let written = dir.join("x.yaml");
    std::fs::write(&written, yaml).unwrap();
    let out = run(&[
        "--catalogue",
        written.to_str().unwrap(),
        "explain",
        "X.0001",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));

    std::fs::write(&table, "<table><tr><th>Code</th><th>Status</th><th>Message</th></tr>\n<tr><td>X.0001</td><td rowspan=\"4\">400</td><td>m</td></tr></table>").unwrap();
    let out = run(&["import", table.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
    assert!(
        stderr(&out).contains("t.md:2: the cell spans 4 rows"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_published_table_imports_whole_with_the_operations_map() {
    // `shared/` lies beside the workspace, whose root is this crate's parent.
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    let seed = shared.join("seed/000_7664917104e424c5.txt");
    if !seed.is_file() {
        assert!(
            std::env::var_os("CI").is_none(),
            "the published table {} is missing, and CI must import it",
            seed.display()
        );
        eprintln!("note: {} not found; not importing it", seed.display());
        return;
    }
    let map = shared.join("operations.md");
    let out = run(&[
        "import",
        seed.to_str().unwrap(),
        "--map",
        map.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).ends_with("133 of 133 rows imported as 135 errors; 0 left out\n"),
        "{}",
        stderr(&out)
    );
    let yaml = stdout(&out);
    assert!(yaml.contains("languages: [zh]\n"));
    assert!(yaml.contains("name: \"AddPublicipsIntoSharedBandwidth\""));
    assert!(yaml.contains("name: \"RemovePublicipsFromSharedBandwidth\""));
}
