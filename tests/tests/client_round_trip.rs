//! Round trip over the whole catalogue: every error of every operation's type, at each of
//! its statuses and with awkward template values, rendered as the server renders it and
//! decoded as a client decodes it, comes back as the same value.

use std::borrow::Cow;
use std::fmt::Debug;
use std::ptr;

use vpc_errors::client::{
    Decoded, MAX_BODY_BYTES, UnknownReason, decode, decode_any, match_message,
};
use vpc_errors::registry::{Entry, Piece};
use vpc_errors::{AnyVpcError, CATALOGUE, ENTRIES, FromParts, MAX_ARGS, OPERATIONS, VpcError};
use vpc_errors_tests::{CUT_MARK, VALUE_BOUND, bounded};

/// Values that stress escaping, Unicode and the length bound, plus each fixed piece of the
/// template and the template's own text, which a value may legitimately contain.
fn tricky_values(entry: &Entry) -> Vec<String> {
    let mut values: Vec<String> = vec![
        "net-1".into(),
        String::new(),
        r#"say "hi" \ back\\slash \u0041"#.into(),
        "\n\r\t\u{0}\u{8}\u{c}\u{1f}\u{7f}".into(),
        "😀 🇨🇳 e\u{301}".into(),
        "\u{202e}עברית\u{202c} العربية".into(),
        CUT_MARK.into(),
        "x".repeat(VALUE_BOUND),
        "y".repeat(VALUE_BOUND + 1),
        "é".repeat(VALUE_BOUND),
        format!("{}😀", "z".repeat(VALUE_BOUND - 1)),
        format!("{}{CUT_MARK}", "w".repeat(VALUE_BOUND - 3)),
        entry.message.source.into(),
    ];
    for piece in entry.message.pieces {
        if let Piece::Text(text) = piece {
            values.push((*text).to_owned());
        }
    }
    values
}

/// One set of values per tricky value, rotated so each parameter sees each value and the
/// parameters of one message get different ones.
fn value_sets(entry: &Entry) -> Vec<Vec<String>> {
    let n = entry.message.params.len();
    if n == 0 {
        return vec![Vec::new()];
    }
    let values = tricky_values(entry);
    (0..values.len())
        .map(|i| {
            (0..n)
                .map(|j| values[(i + j) % values.len()].clone())
                .collect()
        })
        .collect()
}

/// Whether the message splits one way only: no value contains the first character of a
/// fixed piece between two parameters, so no separator can start inside a value. Then
/// decoding must give back the values themselves, not just the same message.
fn unambiguous(entry: &Entry, values: &[String]) -> bool {
    let pieces = entry.message.pieces;
    let separators: Vec<char> = pieces
        .iter()
        .enumerate()
        .filter_map(|(i, piece)| match piece {
            Piece::Text(text)
                if i > 0
                    && matches!(pieces[i - 1], Piece::Param(_))
                    && matches!(pieces.get(i + 1), Some(Piece::Param(_))) =>
            {
                text.chars().next()
            }
            _ => None,
        })
        .collect();
    values
        .iter()
        .all(|v| !v.chars().any(|c| separators.contains(&c)))
}

fn owned(values: &[String]) -> Vec<Cow<'static, str>> {
    values.iter().cloned().map(Cow::Owned).collect()
}

/// The values as the documented bound cuts them, by the tests' own renderer.
fn cut(values: &[String]) -> Vec<Cow<'static, str>> {
    values.iter().map(|v| Cow::Owned(bounded(v))).collect()
}

/// Whether `E` has a variant for `entry`.
fn has<E: FromParts>(entry: &'static Entry) -> bool {
    let placeholders = vec![Cow::Borrowed(""); entry.message.params.len()];
    E::from_parts(entry, entry.statuses[0], placeholders).is_some()
}

/// Checks every error of `E`; returns `E`'s operation and how many bodies were decoded.
fn round_trip<E: FromParts + PartialEq + Debug>() -> (Option<&'static str>, usize) {
    let mut decoded_bodies = 0;
    for entry in ENTRIES.iter().filter(|e| has::<E>(e)) {
        for &status in entry.statuses {
            for values in value_sets(entry) {
                let original = E::from_parts(entry, status, owned(&values)).unwrap();
                let body = original.body();
                let decoded = match decode::<E>(status, body.as_bytes()) {
                    Ok(Decoded::Known(e)) => e,
                    other => panic!("{} at {status}: {body}\n{other:?}", entry.name),
                };
                assert!(ptr::eq(decoded.entry(), entry), "{body}");
                assert_eq!(decoded.status(), status);
                assert_eq!(decoded.body(), body, "{}", entry.name);
                if unambiguous(entry, &values) {
                    // What the server wrote: each value cut at the documented bound.
                    let expected = E::from_parts(entry, status, cut(&values)).unwrap();
                    assert_eq!(decoded, expected, "{body}");
                    if values.iter().all(|v| v.len() <= VALUE_BOUND) {
                        assert_eq!(decoded, original);
                    }
                }
                decoded_bodies += 1;
            }
        }
    }
    (E::OPERATION.map(|op| op.name), decoded_bodies)
}

macro_rules! every_type {
    ($($ty:ident),* $(,)?) => {
        vec![$(round_trip::<vpc_errors::$ty>()),*]
    };
}

#[test]
fn every_error_of_every_type_round_trips() {
    let checked = vpc_errors_tests::with_error_types!(every_type);
    // Every operation's type is in the list above, so a new operation cannot go unchecked.
    let mut listed: Vec<&str> = checked.iter().filter_map(|(op, _)| *op).collect();
    let mut all: Vec<&str> = OPERATIONS.iter().map(|op| op.name).collect();
    listed.sort_unstable();
    all.sort_unstable();
    assert_eq!(listed, all);
    for (op, count) in &checked {
        assert!(*count > 0, "{op:?} decoded nothing");
    }
}

#[test]
fn decode_any_round_trips_every_row_of_every_operation() {
    let mut rows = 0;
    for op in &OPERATIONS {
        for entry in CATALOGUE.by_operation(op.name, true) {
            for &status in entry.statuses {
                for values in value_sets(entry) {
                    let original = AnyVpcError::from_row(entry, status, owned(&values)).unwrap();
                    let body = original.body();
                    let decoded = decode_any(op.name, status, body.as_bytes())
                        .unwrap()
                        .into_known()
                        .unwrap_or_else(|| panic!("{} {}: {body}", op.name, entry.name));
                    // Catalogue-wide, without naming the operation: the same row comes
                    // back unless the code has other rows that read the same.
                    let anywhere = decode::<AnyVpcError>(status, body.as_bytes())
                        .unwrap()
                        .into_known()
                        .unwrap();
                    assert_eq!(anywhere.body(), body);
                    for decoded in [&decoded, &anywhere] {
                        assert_eq!(decoded.body(), body);
                        if unambiguous(entry, &values) {
                            assert_eq!(decoded.args(), &cut(&values)[..]);
                        }
                    }
                    assert!(ptr::eq(decoded.entry(), entry), "{} {body}", op.name);
                    rows += 1;
                }
            }
        }
    }
    assert!(rows > OPERATIONS.len() * 10, "{rows}");
}

#[test]
fn no_message_of_an_operation_can_be_read_as_another_with_its_code_and_status() {
    for op in &OPERATIONS {
        let entries: Vec<&Entry> = CATALOGUE.by_operation(op.name, true).collect();
        for a in &entries {
            for b in &entries {
                let shared = a.statuses.iter().any(|s| b.has_status(*s));
                if ptr::eq(*a, *b) || a.code != b.code || !shared {
                    continue;
                }
                if let Some(fixed) = b.message.as_static() {
                    assert_eq!(
                        match_message(&a.message, fixed),
                        None,
                        "{}: {} reads as {}",
                        op.name,
                        b.name,
                        a.name
                    );
                }
            }
        }
    }
}

#[test]
fn every_body_the_catalogue_writes_is_within_the_decoding_limit() {
    // The worst case: every value at the bound and every byte escaped as `\u00XX`.
    let worst = "\u{1}".repeat(VALUE_BOUND + 1);
    let longest = ENTRIES
        .iter()
        .map(|entry| {
            let values = vec![Cow::Owned(worst.clone()); entry.message.params.len()];
            let e = AnyVpcError::from_row(entry, entry.statuses[0], values).unwrap();
            e.body().len()
        })
        .max()
        .unwrap();
    let per_value = VALUE_BOUND * "\\u0001".len() + CUT_MARK.len();
    let longest_text = ENTRIES
        .iter()
        .map(|e| e.message.source.len())
        .max()
        .unwrap();
    assert!(
        longest <= MAX_ARGS * per_value + longest_text + 64,
        "{longest}"
    );
    assert!(MAX_ARGS * per_value + longest_text + 64 < MAX_BODY_BYTES / 4);
}

#[test]
fn another_operations_error_is_unknown_but_kept() {
    let e = vpc_errors::DeletePublicipError::PublicipNotFound;
    let body = e.body();
    let Decoded::Unknown(u) = decode::<vpc_errors::ShowVpcError>(404, body.as_bytes()).unwrap()
    else {
        panic!("ShowVpc has no VPC.0504")
    };
    assert_eq!(u.reason(), &UnknownReason::NotThisOperation);
    assert_eq!(u.code(), Some("VPC.0504"));
    assert_eq!(u.message(), Some("Floating IP could not be found."));
    assert_eq!(u.body(), body.as_bytes());
}

#[test]
fn http_responses_decode_without_being_consumed() {
    let e = vpc_errors::ShowNetworkIpAvailabilitiesError::NetworkNotFound {
        network_id: "n-1".into(),
    };
    let response = http::Response::builder()
        .status(400)
        .body(e.body().into_owned().into_bytes())
        .unwrap();
    let decoded = vpc_errors::client::decode_response(&response).unwrap();
    assert_eq!(decoded, Decoded::Known(e));
    assert_eq!(response.status(), 400);
    let gateway = http::Response::builder()
        .status(504)
        .body("upstream timed out")
        .unwrap();
    let unknown = vpc_errors::client::decode_response::<vpc_errors::ShowVpcError, _>(&gateway)
        .unwrap()
        .unknown()
        .cloned()
        .unwrap();
    assert_eq!(
        (unknown.status(), unknown.body()),
        (504, &b"upstream timed out"[..])
    );
}
