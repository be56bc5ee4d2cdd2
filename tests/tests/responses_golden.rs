//! Golden test of the responses: for every row of the catalogue, every status it lists and
//! every type that can carry it (its operations' error types, `CommonError` for a common
//! row, and `AnyVpcError`), the `http::Response` has the row's status, exactly one
//! `Content-Type: application/json` header and, byte for byte, the body
//! `{"code":"…","message":"…"}` that `serde_json` writes for the row's code and message.
//!
//! Template messages are rendered here independently of the crate (from the row's
//! `{param}` source, with `{{`/`}}` as literal braces and values cut as documented) with
//! values chosen to need escaping, and with values past the length limit.

use std::borrow::Cow;

use http::Response;
use vpc_errors::registry::Entry;
use vpc_errors::{AnyVpcError, CATALOGUE, ENTRIES, ErrorResponse, FromParts, VpcError};
use vpc_errors_tests::{VALUE_BOUND, expected_message};

/// One checker per generated error type; `operation_types_are_all_listed` fails when an
/// operation is added to the catalogue without being listed here.
type Check = fn(&'static Entry, u16, &[Cow<'static, str>]) -> Option<Checked>;

struct Checked {
    response: Response<Vec<u8>>,
    borrowed_body: bool,
    operation: Option<&'static str>,
}

fn check<E: FromParts + std::error::Error>(
    entry: &'static Entry,
    status: u16,
    values: &[Cow<'static, str>],
) -> Option<Checked> {
    let error = E::from_parts(entry, status, values.to_vec())?;
    assert!(std::ptr::eq(error.entry(), entry), "{}", entry.name);
    assert_eq!(error.status(), status, "{}", entry.name);
    Some(Checked {
        borrowed_body: matches!(error.body(), Cow::Borrowed(_)),
        operation: error.operation().map(|op| op.name),
        response: ErrorResponse::new(&error).into_http_response(),
    })
}

macro_rules! types {
    ($common:ident, $($ty:ident),* $(,)?) => {
        [
            (stringify!($common), check::<vpc_errors::$common> as Check),
            ("AnyVpcError", check::<vpc_errors::AnyVpcError> as Check),
            $((stringify!($ty), check::<vpc_errors::$ty> as Check)),*
        ]
    };
}

const TYPES: [(&str, Check); 38] = vpc_errors_tests::with_error_types!(types);

#[test]
fn operation_types_are_all_listed() {
    let mut listed: Vec<&str> = TYPES
        .iter()
        .filter_map(|(name, _)| name.strip_suffix("Error"))
        .filter(|name| !["Common", "AnyVpc"].contains(name))
        .collect();
    let mut operations: Vec<&str> = CATALOGUE.operations.iter().map(|op| op.name).collect();
    listed.sort_unstable();
    operations.sort_unstable();
    assert_eq!(listed, operations);
}

fn expected_body(code: &str, message: &str) -> String {
    format!(
        "{{\"code\":{},\"message\":{}}}",
        serde_json::to_string(code).unwrap(),
        serde_json::to_string(message).unwrap()
    )
}

/// Values for the row's parameters: short ones that need JSON escaping, or long ones.
fn sample_values(entry: &Entry, long: bool) -> Vec<Cow<'static, str>> {
    entry
        .message
        .params
        .iter()
        .enumerate()
        .map(|(i, name)| {
            Cow::Owned(if long {
                format!("{name}{}", "é😀\"".repeat(VALUE_BOUND / 4 + i))
            } else {
                format!("{name}-{i} \"q\" \\ \n\t\u{1}\u{7f} é中😀\u{202e}")
            })
        })
        .collect()
}

#[test]
fn every_row_answers_with_its_status_content_type_and_exact_body() {
    let mut responses = 0;
    for entry in &ENTRIES {
        let templated = !entry.message.params.is_empty();
        let value_sets = if templated {
            vec![sample_values(entry, false), sample_values(entry, true)]
        } else {
            vec![Vec::new()]
        };
        for &status in entry.statuses {
            for values in &value_sets {
                let message = expected_message(entry, values);
                let body = expected_body(entry.code, &message);
                if !templated {
                    assert_eq!(
                        entry.body,
                        Some(body.as_str()),
                        "prebuilt body of {}",
                        entry.name
                    );
                }
                let mut carriers = Vec::new();
                for (name, check) in TYPES {
                    let Some(checked) = check(entry, status, values) else {
                        continue;
                    };
                    carriers.push(name);
                    let context = format!("{name}::{} ({status})", entry.name);
                    let response = checked.response;
                    assert_eq!(response.status().as_u16(), status, "{context}");
                    let headers = response.headers();
                    assert_eq!(headers.len(), 1, "{context}: {headers:?}");
                    assert_eq!(
                        headers.get_all("content-type").iter().collect::<Vec<_>>(),
                        ["application/json"],
                        "{context}"
                    );
                    assert_eq!(
                        String::from_utf8(response.into_body()).unwrap(),
                        body,
                        "{context}"
                    );
                    assert_eq!(checked.borrowed_body, !templated, "{context}");
                    if let Some(operation) = checked.operation {
                        assert_eq!(format!("{operation}Error"), name, "{context}");
                    }
                    responses += 1;
                }
                let mut expected = vec!["AnyVpcError"];
                if entry.common {
                    expected.push("CommonError");
                    expected.extend(
                        TYPES
                            .iter()
                            .map(|(name, _)| *name)
                            .filter(|name| !["AnyVpcError", "CommonError"].contains(name)),
                    );
                } else {
                    expected.extend(TYPES.iter().map(|(name, _)| *name).filter(|name| {
                        entry
                            .operations
                            .iter()
                            .any(|op| format!("{op}Error") == **name)
                    }));
                }
                carriers.sort_unstable();
                expected.sort_unstable();
                assert_eq!(carriers, expected, "the types carrying {}", entry.name);
            }
        }
    }
    // Every row, status and value set, in each of its types: far more than the rows.
    assert!(
        responses > 2 * ENTRIES.len(),
        "{responses} responses checked"
    );
}

#[test]
fn every_body_is_json_with_exactly_code_and_message() {
    for entry in &ENTRIES {
        for long in [false, true] {
            let values = sample_values(entry, long);
            let error = AnyVpcError::from_row(entry, entry.statuses[0], values.clone()).unwrap();
            let parsed: serde_json::Value = serde_json::from_str(&error.body()).unwrap();
            let object = parsed.as_object().unwrap();
            assert_eq!(object.len(), 2, "{}", entry.name);
            assert_eq!(object["code"], entry.code);
            assert_eq!(object["message"], expected_message(entry, &values));
        }
    }
}

#[test]
fn the_whole_catalogue_exports_as_json_in_one_call() {
    let json = serde_json::to_string(&CATALOGUE).unwrap();
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed["service"], CATALOGUE.service);
    let entries = parsed["entries"].as_array().unwrap();
    assert_eq!(entries.len(), ENTRIES.len());
    for (json, entry) in entries.iter().zip(&ENTRIES) {
        assert_eq!(json["code"], entry.code);
        assert_eq!(json["message"]["source"], entry.message.source);
        assert_eq!(json["statuses"], serde_json::json!(entry.statuses));
    }
    assert_eq!(
        parsed["operations"].as_array().unwrap().len(),
        CATALOGUE.operations.len()
    );
}

/// The truncation rule, written out: the crate's bound and mark are the documented ones,
/// and one cut body is spelled byte for byte, not rendered.
#[test]
fn a_value_past_the_bound_is_cut_on_a_character_boundary_and_marked() {
    // The body of `value` below, written out: 254 bytes of it, then the mark.
    const BODY: &str = concat!(
        r#"{"code":"VPC.2302","message":"Network "#,
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd",
        "\u{2026}",
        r#" could not be found."}"#,
    );
    assert_eq!(vpc_errors::MAX_VALUE_BYTES, 256);
    assert_eq!(vpc_errors::TRUNCATION_MARK, "\u{2026}");
    // 254 ASCII bytes, then two three-byte characters: byte 256 falls inside the first of
    // them, so the value is cut after the 254th byte.
    let value = format!("{}中文", &"0123456789abcdef".repeat(16)[..254]);
    let e = vpc_errors::ShowNetworkIpAvailabilitiesError::NetworkNotFound {
        network_id: value.into(),
    };
    assert_eq!(e.body(), BODY);
    let response: Response<Vec<u8>> = ErrorResponse::new(&e).into_http_response();
    assert_eq!(response.status(), 400);
    assert_eq!(response.body(), BODY.as_bytes());
    // Exactly at the bound nothing is cut.
    let e = vpc_errors::ShowNetworkIpAvailabilitiesError::NetworkNotFound {
        network_id: "a".repeat(256).into(),
    };
    assert_eq!(
        e.message(),
        format!("Network {} could not be found.", "a".repeat(256))
    );
}
