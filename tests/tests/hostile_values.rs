//! Hostile template values, through every error type that can carry each row: the body is
//! JSON with exactly `code` and `message`, the message is exactly the one rendered here
//! independently of the crate, and decoding the body into the same type gives the error
//! back (with its values as rendered: cut at `VALUE_BOUND` and marked).
//!
//! `client_props.rs` covers decoding through `decode_any` and `AnyVpcError`, arbitrary
//! bytes and JSON objects, and the split rule; this file adds the generated types one by
//! one, `#[derive(VpcError)]` values, and damaged real bodies given to every decoder.

use std::borrow::Cow;
use std::fmt::Debug;

use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{FileFailurePersistence, TestCaseError};
use serde_json::Value;
use vpc_errors::client::{DecodeError, Decoded, decode, decode_any};
use vpc_errors::registry::{Entry, Piece};
use vpc_errors::{
    AnyVpcError, CATALOGUE, DeleteVpcError, ENTRIES, ErrorResponse, FromParts, Status400Or404,
    VpcError,
};
use vpc_errors_tests::{CUT_MARK, VALUE_BOUND, bounded, expected_message};

/// Modest for two CI cores: a case takes well under a millisecond, checking its row in
/// each type that carries it. A failing case's seed is saved in the checked-in
/// `tests/proptest-regressions/hostile_values.txt`, and every run replays the seeds there
/// first.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/proptest-regressions/hostile_values.txt"
        )))),
        ..ProptestConfig::default()
    }
}

/// Quotes, backslashes, every control character, emoji (with joiners, flags and skin
/// tones), right-to-left text and overrides, separators JSON and JavaScript disagree on,
/// a byte-order mark, the truncation mark, and JSON syntax.
fn hostile_fragment() -> impl Strategy<Value = String> {
    let fixed: Vec<String> = [
        "\"",
        "\\",
        "\\\"",
        "\\u0000",
        "\u{7f}",
        "\u{85}",
        "😀",
        "👩‍👩‍👧‍👦",
        "🇨🇳",
        "👍🏽",
        "\u{202e}",
        "\u{202b}",
        "\u{200f}",
        "\u{2067}",
        "עברית",
        "العربية",
        "\u{2028}",
        "\u{2029}",
        "\u{feff}",
        "\u{301}",
        CUT_MARK,
        "{\"code\":\"VPC.0000\"}",
        "</script>",
        "%s%n",
        "x",
        "中",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    prop_oneof![
        select(fixed),
        (0u8..0x20).prop_map(|b| char::from(b).to_string()),
        any::<char>().prop_map(String::from),
    ]
}

/// A value: hostile fragments, or one of them repeated to just below, at or past the bound.
fn hostile_value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::collection::vec(hostile_fragment(), 0..24).prop_map(|parts| parts.concat()),
        1 => (hostile_fragment(), VALUE_BOUND - 8..VALUE_BOUND + 300).prop_map(
            |(fragment, len)| {
                let mut value = String::new();
                while value.len() < len {
                    value.push_str(&fragment);
                }
                value
            }
        ),
        1 => any::<String>(),
    ]
}

/// A row: four times in five one with a template (where hostile values go), else any row.
/// Drawn uniformly, only about one case in nine would carry a value.
fn entry() -> BoxedStrategy<&'static Entry> {
    prop_oneof![
        4 => select(vpc_errors_tests::templated_entries()),
        1 => select(ENTRIES.iter().collect::<Vec<_>>()),
    ]
    .boxed()
}

/// A row, one of its statuses, and one value per parameter.
fn row() -> impl Strategy<Value = (&'static Entry, u16, Vec<String>)> {
    row_of(entry())
}

/// A row drawn from `entries`, one of its statuses, and one value per parameter.
fn row_of(
    entries: BoxedStrategy<&'static Entry>,
) -> impl Strategy<Value = (&'static Entry, u16, Vec<String>)> {
    entries.prop_flat_map(|entry| {
        (
            Just(entry),
            select(entry.statuses.to_vec()),
            prop::collection::vec(hostile_value(), entry.message.params.len()),
        )
    })
}

/// `{"code":…,"message":…}` as `serde_json` writes the two strings.
fn expected_body(code: &str, message: &str) -> String {
    format!(
        "{{\"code\":{},\"message\":{}}}",
        serde_json::to_string(code).unwrap(),
        serde_json::to_string(message).unwrap()
    )
}

/// Whether the message can only split one way into the values: one parameter, or values
/// sharing no character with the fixed text around them.
fn unambiguous(entry: &Entry, values: &[String]) -> bool {
    let fixed: String = entry
        .message
        .pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Text(t) => Some(*t),
            Piece::Param(_) => None,
        })
        .collect();
    entry.message.params.len() <= 1
        || values
            .iter()
            .all(|v| !bounded(v).chars().any(|c| fixed.contains(c)))
}

fn cows(values: &[String]) -> Vec<Cow<'static, str>> {
    values.iter().cloned().map(Cow::Owned).collect()
}

/// What a row with its values must render to, in any type.
struct Expected<'a> {
    entry: &'static Entry,
    status: u16,
    values: &'a [String],
    message: String,
    body: String,
    unambiguous: bool,
}

/// The checks for one type; `false` when the type does not carry the row.
type Check = fn(&Expected<'_>) -> bool;

macro_rules! types {
    ($common:ident, $($ty:ident),* $(,)?) => {
        [
            (stringify!($common), check_typed::<vpc_errors::$common> as Check),
            ("AnyVpcError", check_typed::<vpc_errors::AnyVpcError> as Check),
            $((stringify!($ty), check_typed::<vpc_errors::$ty> as Check)),*
        ]
    };
}

const TYPES: [(&str, Check); 38] = vpc_errors_tests::with_error_types!(types);

/// The body, message, `Display` and responses of `e` are the expected ones.
fn renders_as_expected<E: VpcError + std::error::Error>(e: &E, expected: &Expected<'_>) {
    let body = e.body();
    let json: Value = serde_json::from_str(&body).expect("the body is JSON");
    let object = json.as_object().expect("the body is an object");
    assert_eq!(object.len(), 2, "{body}");
    assert_eq!(object["code"], expected.entry.code);
    assert_eq!(object["message"], expected.message.as_str());
    assert_eq!(body, expected.body.as_str());
    assert_eq!(e.message(), expected.message.as_str());
    assert_eq!(
        e.to_string(),
        vpc_errors_tests::expected_display(expected.entry, expected.values)
    );
    let response = ErrorResponse::new(e);
    assert_eq!(response.status(), expected.status);
    assert_eq!(response.body(), expected.body);
    let http: http::Response<String> = response.into_http_response();
    assert_eq!(http.status().as_u16(), expected.status);
    assert_eq!(http.body(), &expected.body);
}

fn check_typed<E: FromParts + Debug + std::error::Error + SameAs>(expected: &Expected<'_>) -> bool {
    let (entry, status) = (expected.entry, expected.status);
    let Some(e) = E::from_parts(entry, status, cows(expected.values)) else {
        return false;
    };
    assert!(std::ptr::eq(e.entry(), entry));
    assert_eq!(e.status(), status);
    renders_as_expected(&e, expected);
    let decoded = decode::<E>(status, expected.body.as_bytes())
        .expect("a rendered body is within the contract");
    let Decoded::Known(decoded) = decoded else {
        panic!("{} does not decode into its type: {decoded:?}", entry.name);
    };
    if E::EXACT_ROW {
        assert!(
            std::ptr::eq(decoded.entry(), entry),
            "{}",
            decoded.entry().name
        );
    } else {
        // `AnyVpcError` takes the first row in table order that reads the same.
        assert_eq!(decoded.entry().code, entry.code);
        assert_eq!(decoded.entry().message, entry.message);
    }
    assert_eq!(decoded.body(), expected.body.as_str());
    if expected.unambiguous {
        // The error comes back, its values as rendered.
        let bounded: Vec<String> = expected.values.iter().map(|v| bounded(v)).collect();
        let rendered = E::from_parts(entry, status, cows(&bounded)).expect("the same row");
        assert!(decoded.same_as(&rendered), "{decoded:?} != {rendered:?}");
        if bounded == expected.values {
            assert!(decoded.same_as(&e), "{decoded:?} != {e:?}");
        }
    }
    true
}

/// Equality for the check above: `PartialEq` for the generated types; for `AnyVpcError`,
/// which has no `PartialEq`, code, message, status and values.
trait SameAs {
    /// Whether decoding finds the very row, not only one that reads the same.
    const EXACT_ROW: bool = true;

    fn same_as(&self, other: &Self) -> bool;
}

macro_rules! same_as_eq {
    ($($ty:ident),* $(,)?) => {$(
        impl SameAs for vpc_errors::$ty {
            fn same_as(&self, other: &Self) -> bool {
                self == other
            }
        }
    )*};
}

vpc_errors_tests::with_error_types! { same_as_eq }

impl SameAs for AnyVpcError {
    const EXACT_ROW: bool = false;

    fn same_as(&self, other: &Self) -> bool {
        self.code() == other.code()
            && self.entry().message == other.entry().message
            && self.status() == other.status()
            && self.args() == other.args()
    }
}

/// A server's own error with a field filling the template and one that is context only.
#[derive(Debug, vpc_errors::VpcError)]
#[vpc(operation = DeleteVpc)]
enum DeleteVpcFailure {
    #[vpc(name = InvalidParam, status = 404)]
    BadField { field: String, raw: String },
}

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

/// The row with `values` renders exactly, and comes back, in every type that carries it.
fn check_row(entry: &'static Entry, status: u16, values: &[String]) -> Result<(), TestCaseError> {
    let message = expected_message(entry, values);
    let expected = Expected {
        entry,
        status,
        values,
        body: expected_body(entry.code, &message),
        message,
        unambiguous: unambiguous(entry, values),
    };
    let carriers: Vec<&str> = TYPES
        .iter()
        .filter(|(_, check)| check(&expected))
        .map(|(name, _)| *name)
        .collect();
    // `AnyVpcError`, `CommonError` and every operation for a common row; else
    // `AnyVpcError` and the row's operations.
    let expected_count = if entry.common {
        TYPES.len()
    } else {
        1 + entry.operations.len()
    };
    prop_assert_eq!(
        carriers.len(),
        expected_count,
        "{:?} carry {}",
        carriers,
        entry.name
    );
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn hostile_values_render_exactly_and_come_back_in_every_type((entry, status, values) in row()) {
        check_row(entry, status, &values)?;
    }

    /// Every run reaches the six-parameter row, whatever the draw above.
    #[test]
    fn hostile_values_in_the_six_parameter_row(
        (entry, status, values) in row_of(Just(vpc_errors_tests::six_parameter_entry()).boxed()),
    ) {
        check_row(entry, status, &values)?;
    }

    #[test]
    fn derived_errors_render_hostile_values_exactly(field in hostile_value(), raw in hostile_value()) {
        let failure = DeleteVpcFailure::BadField { field: field.clone(), raw: raw.clone() };
        let entry = failure.entry();
        let message = expected_message(entry, std::slice::from_ref(&field));
        let body = expected_body(entry.code, &message);
        prop_assert_eq!(failure.body(), body.as_str());
        prop_assert_eq!(
            failure.to_string(),
            vpc_errors_tests::expected_display(entry, std::slice::from_ref(&field))
        );
        let wire = DeleteVpcError::from(failure);
        prop_assert_eq!(wire.body(), body.as_str());
        let decoded = decode::<DeleteVpcError>(404, body.as_bytes()).unwrap().into_known();
        prop_assert_eq!(
            decoded,
            Some(DeleteVpcError::InvalidParam { status: Status400Or404::NotFound, field: bounded(&field).into() })
        );
    }

    #[test]
    fn damaged_real_bodies_never_panic_a_decoder(
        (entry, status, values) in row(),
        at in any::<Index>(),
        edit in 0u8..3,
        byte in any::<u8>(),
        other_status in 100u16..600,
    ) {
        let e = AnyVpcError::from_row(entry, status, cows(&values)).unwrap();
        let mut body = e.body().into_owned().into_bytes();
        let i = at.index(body.len());
        match edit {
            0 => body[i] = byte,
            1 => { body.remove(i); }
            _ => body.insert(i, byte),
        }
        let op = if entry.common { "ShowVpc" } else { entry.operations[0] };
        for status in [status, other_status] {
            match decode_any(op, status, &body) {
                Ok(Decoded::Known(known)) => {
                    // Known only if it is exactly what the body says.
                    let json: Value = serde_json::from_slice(&body).unwrap();
                    prop_assert_eq!(&json["code"], known.code());
                    let message = known.message();
                    prop_assert_eq!(&json["message"], message.as_ref());
                    prop_assert_eq!(known.status(), status);
                }
                Ok(Decoded::Unknown(unknown)) => prop_assert_eq!(unknown.body(), &body[..]),
                Err(DecodeError::WrongType { .. }) => {}
                Err(other) => prop_assert!(false, "{other:?}"),
            }
            // The typed decoders too: a panic in any fails the case.
            let _ = decode::<vpc_errors::CommonError>(status, &body);
            let _ = decode::<vpc_errors::CreateFlowLogError>(status, &body);
            let _ = decode::<DeleteVpcError>(status, &body);
            let _ = decode::<AnyVpcError>(status, &body);
        }
    }
}
