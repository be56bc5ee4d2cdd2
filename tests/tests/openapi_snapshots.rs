//! The `OpenAPI` documentation of a few operations, compared with checked-in snapshots so any
//! change to what the API documents shows up as a reviewed diff; and a check, over every
//! operation, that each documented example is a body the client decodes as that error.
//!
//! `UPDATE_SNAPSHOTS=1 cargo test -p vpc-errors-tests --test openapi_snapshots` rewrites
//! the files under `tests/snapshots/openapi/` and fails, so that the next run, without it,
//! checks them (refused under CI).

use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

use serde_json::Value;
use utoipa::IntoResponses;
use utoipa::openapi::{InfoBuilder, OpenApiBuilder};
use vpc_errors::client::{Decoded, decode_any};
use vpc_errors::openapi::{paths, responses_for};
use vpc_errors::{CATALOGUE, CommonError, OPERATIONS, VpcError};

const UPDATE: &str = "UPDATE_SNAPSHOTS";

fn snapshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("snapshots/openapi/{name}.json"))
}

/// Where `actual` first departs from `expected`, with a few lines of context around it.
fn difference(actual: &str, expected: &str) -> Option<String> {
    if actual == expected {
        return None;
    }
    let (a, e): (Vec<&str>, Vec<&str>) = (actual.lines().collect(), expected.lines().collect());
    let at = (0..a.len().max(e.len()))
        .find(|&i| a.get(i) != e.get(i))
        .unwrap_or(a.len().min(e.len()));
    let mut report = format!(
        "first difference at line {} (- snapshot, + rendered now):\n",
        at + 1
    );
    // Writing to a String cannot fail.
    let mut show = |mark: &str, lines: &[&str], range: std::ops::Range<usize>| {
        for (i, line) in lines.iter().enumerate().take(range.end).skip(range.start) {
            let _ = writeln!(report, "{mark} {:>5} {line}", i + 1);
        }
    };
    show(" ", &e, at.saturating_sub(3)..at);
    show("-", &e, at..at + 4);
    show("+", &a, at..at + 4);
    Some(report)
}

fn check_snapshot(name: &str, rendered: &str) {
    let path = snapshot_path(name);
    vpc_errors_tests::rewrite_if_requested(UPDATE, &path, rendered);
    let expected = fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}\nrun `{UPDATE}=1 cargo test -p vpc-errors-tests --test openapi_snapshots` to create it",
            path.display()
        )
    });
    if let Some(report) = difference(rendered, &expected) {
        panic!(
            "{} is out of date.\n{report}\nIf the change is intended, review it and rewrite the snapshots:\n`{UPDATE}=1 cargo test -p vpc-errors-tests --test openapi_snapshots`",
            path.display()
        );
    }
}

/// The document of `operations`, as an API would publish it.
fn document(operations: &[&str]) -> String {
    let operations = operations
        .iter()
        .map(|name| CATALOGUE.operation(name).unwrap());
    let doc = OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title(format!("{} errors", CATALOGUE.service))
                .version("1.0.0"),
        )
        .paths(paths(&CATALOGUE, operations))
        .build();
    doc.to_pretty_json().unwrap() + "\n"
}

#[test]
fn three_operations_on_one_path() {
    check_snapshot(
        "publicip",
        &document(&["ShowPublicip", "UpdatePublicip", "DeletePublicip"]),
    );
}

#[test]
fn a_row_listed_with_two_statuses() {
    check_snapshot("show_vpc", &document(&["ShowVpc"]));
}

#[test]
fn one_code_at_three_statuses_and_a_six_parameter_template() {
    check_snapshot("create_flow_log", &document(&["CreateFlowLog"]));
}

#[test]
fn one_code_and_status_with_three_messages() {
    check_snapshot(
        "create_security_group_rule",
        &document(&["CreateSecurityGroupRule"]),
    );
}

#[test]
fn the_common_errors_as_a_type_documents_them() {
    let responses = serde_json::to_string_pretty(&CommonError::responses()).unwrap() + "\n";
    check_snapshot("common_error", &responses);
}

#[test]
fn every_documented_example_decodes_as_its_error() {
    let mut examples = 0;
    for op in &OPERATIONS {
        let responses = serde_json::to_value(responses_for(&CATALOGUE, Some(op))).unwrap();
        let expected: usize = CATALOGUE
            .by_operation(op.name, true)
            .map(|e| e.statuses.len())
            .sum();
        let mut seen = 0;
        for (status, response) in responses.as_object().unwrap() {
            let status: u16 = status.parse().unwrap();
            let content = &response["content"]["application/json"];
            let codes = content["schema"]["properties"]["code"]["enum"]
                .as_array()
                .unwrap();
            for (name, example) in content["examples"].as_object().unwrap() {
                let body = serde_json::to_vec(&example["value"]).unwrap();
                let Ok(Decoded::Known(e)) = decode_any(op.name, status, &body) else {
                    panic!("{} {status} {name}: {example}", op.name);
                };
                assert_eq!(e.entry().name, name);
                assert!(codes.contains(&Value::from(e.code())));
                seen += 1;
            }
        }
        assert_eq!(seen, expected, "{}", op.name);
        examples += seen;
    }
    assert!(examples > 300, "{examples}");
}

/// A server's own error type: documented, but only as a generic error body, since which
/// rows it uses is known from its values alone.
#[derive(Debug, vpc_errors::VpcError)]
#[vpc(operation = DeleteVpc)]
enum DeleteVpcFailure {
    #[vpc(code = "VPC.0003")]
    Gone,
}

#[test]
fn a_derived_type_documents_a_generic_error_body() {
    assert_eq!(DeleteVpcFailure::Gone.code(), "VPC.0003");
    let responses = serde_json::to_value(DeleteVpcFailure::responses()).unwrap();
    let schema = &responses["default"]["content"]["application/json"]["schema"];
    assert_eq!(schema["required"], serde_json::json!(["code", "message"]));
    assert!(schema["properties"]["code"].get("enum").is_none());
    assert_eq!(responses.as_object().unwrap().len(), 1);
}

/// A handler documented the way a server using utoipa's macros documents one.
#[utoipa::path(
    delete,
    path = "/v1/{project_id}/publicips/{publicip_id}",
    responses((status = 204, description = "Deleted"), vpc_errors::DeletePublicipError)
)]
#[expect(dead_code, reason = "only its documentation is used")]
fn delete_publicip() {}

#[derive(utoipa::OpenApi)]
#[openapi(paths(delete_publicip))]
struct ApiDoc;

#[test]
fn utoipas_path_macro_takes_an_error_type_as_its_responses() {
    let doc = serde_json::to_value(<ApiDoc as utoipa::OpenApi>::openapi()).unwrap();
    let responses =
        &doc["paths"]["/v1/{project_id}/publicips/{publicip_id}"]["delete"]["responses"];
    assert_eq!(responses["204"]["description"], "Deleted");
    let op = CATALOGUE.operation("DeletePublicip").unwrap();
    let expected = serde_json::to_value(responses_for(&CATALOGUE, Some(op))).unwrap();
    for (status, response) in expected.as_object().unwrap() {
        assert_eq!(&responses[status], response, "{status}");
    }
    assert_eq!(
        responses.as_object().unwrap().len(),
        expected.as_object().unwrap().len() + 1
    );
}
