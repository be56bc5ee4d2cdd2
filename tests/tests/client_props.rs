//! Property tests of decoding: random template values always come back (or at least
//! render back to the same message), and random bodies never panic and are never lost.

use std::borrow::Cow;

use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{FileFailurePersistence, TestCaseError};
use serde_json::{Map, Value};
use vpc_errors::client::{DecodeError, Decoded, MAX_BODY_BYTES, decode, decode_any, match_message};
use vpc_errors::registry::{Entry, Piece, Template};
use vpc_errors::{AnyVpcError, CATALOGUE, ENTRIES, ShowVpcError, VpcError};
use vpc_errors_tests::{CUT_MARK, VALUE_BOUND, bounded};

/// Few cases: the CI machine has two cores, and the round-trip test covers the catalogue
/// exhaustively; these look for the inputs nobody thought of. A failing case's seed is
/// saved in the checked-in `tests/proptest-regressions/client_props.txt`, and every run
/// replays the seeds there first.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 192,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/proptest-regressions/client_props.txt"
        )))),
        ..ProptestConfig::default()
    }
}

/// Text a hostile or unlucky value may hold: quotes, backslashes, control characters,
/// emoji, right-to-left text, the truncation mark, pieces of the catalogue's own messages
/// and JSON syntax, at lengths up to well past the bound.
fn value() -> impl Strategy<Value = String> {
    let fragments: Vec<String> = [
        "\"",
        "\\",
        "\\u0041",
        "\n",
        "\r",
        "\t",
        "\u{0}",
        "\u{1f}",
        "\u{7f}",
        "😀",
        "🇨🇳",
        "e\u{301}",
        "\u{202e}",
        "עברית",
        "العربية",
        CUT_MARK,
        "{",
        "}",
        "{{",
        ":",
        ",",
        " ",
        ".",
        "x",
        "é",
        "中",
    ]
    .into_iter()
    .map(str::to_owned)
    .chain(ENTRIES.iter().flat_map(|e| {
        e.message.pieces.iter().filter_map(|p| match p {
            Piece::Text(t) => Some((*t).to_owned()),
            Piece::Param(_) => None,
        })
    }))
    .collect();
    prop_oneof![
        any::<String>(),
        prop::collection::vec(select(fragments), 0..40).prop_map(|parts| parts.concat()),
        (1usize..400, any::<char>()).prop_map(|(n, c)| c.to_string().repeat(n)),
    ]
}

/// Four times in five an entry with a template (where random values go), else any entry.
/// Drawn uniformly, only about one case in nine would carry a value.
fn entry() -> BoxedStrategy<&'static Entry> {
    prop_oneof![
        4 => select(vpc_errors_tests::templated_entries()),
        1 => select(ENTRIES.iter().collect::<Vec<_>>()),
    ]
    .boxed()
}

/// An entry, one of its statuses, one value per parameter, and an operation it belongs to.
fn error() -> impl Strategy<Value = (&'static Entry, u16, Vec<String>, &'static str)> {
    error_of(entry())
}

/// [`error`] with the entry drawn from `entries`.
fn error_of(
    entries: BoxedStrategy<&'static Entry>,
) -> impl Strategy<Value = (&'static Entry, u16, Vec<String>, &'static str)> {
    entries.prop_flat_map(|entry| {
        let ops: Vec<&'static str> = if entry.common {
            CATALOGUE.operations.iter().map(|op| op.name).collect()
        } else {
            entry.operations.to_vec()
        };
        (
            Just(entry),
            select(entry.statuses.to_vec()),
            prop::collection::vec(value(), entry.message.params.len()),
            select(ops),
        )
    })
}

/// The members a body may have, with values of every JSON type.
fn member() -> impl Strategy<Value = (String, Value)> {
    let name = prop_oneof![
        Just("code".to_owned()),
        Just("message".to_owned()),
        Just("request_id".to_owned()),
        Just("error".to_owned()),
        "[a-z_]{1,8}",
    ];
    let code = select(ENTRIES.iter().map(|e| e.code).collect::<Vec<_>>());
    let message = select(ENTRIES.iter().map(|e| e.message.source).collect::<Vec<_>>());
    let leaf = prop_oneof![
        code.prop_map(Value::from),
        message.prop_map(Value::from),
        value().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        Just(Value::Null),
    ];
    let json = leaf.prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,4}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    });
    (name, json)
}

/// A JSON object body, written member by member so that a member may repeat.
fn object_body() -> impl Strategy<Value = (Vec<(String, Value)>, Vec<u8>)> {
    prop::collection::vec(member(), 0..5).prop_map(|members| {
        let inner: Vec<String> = members
            .iter()
            .map(|(k, v)| format!("{}:{v}", Value::from(k.as_str())))
            .collect();
        let body = format!("{{{}}}", inner.join(",")).into_bytes();
        (members, body)
    })
}

/// Checks what decoding must do with any body: no panic, the body kept whole when unknown,
/// an error only for what the contract rules out.
fn check_any_body(status: u16, body: &[u8]) {
    match decode::<ShowVpcError>(status, body) {
        Ok(Decoded::Known(e)) => {
            let json: Value = serde_json::from_slice(body).expect("known from valid JSON");
            assert_eq!(json["code"], e.code());
            assert_eq!(json["message"], e.message().as_ref());
            assert_eq!(json.as_object().unwrap().len(), 2);
            assert_eq!(e.status(), status);
        }
        Ok(Decoded::Unknown(u)) => {
            assert_eq!(u.body(), body);
            assert_eq!(u.status(), status);
            if let Some(code) = u.code() {
                let json: Value = serde_json::from_slice(body).expect("a code from valid JSON");
                assert!(json.is_object());
                // With a repeated member the last one counts, as serde_json's map keeps it.
                assert_eq!(json["code"], code);
            }
        }
        Err(DecodeError::WrongType {
            status: s, field, ..
        }) => {
            assert_eq!(s, status);
            let json: Value = serde_json::from_slice(body).expect("a wrong type in valid JSON");
            let seen = json.get(field).expect("the member is there");
            // A repeated member may be a string the last time, but was not always one.
            let text = String::from_utf8_lossy(body);
            assert!(!seen.is_string() || text.matches(&format!("\"{field}\"")).count() > 1);
        }
        Err(other) => panic!("{other:?} for {body:?}"),
    }
}

/// The matching rule as the documentation states it, by brute force: every value is text
/// rendering can write, and the first value is shortest, then the second, and so on.
fn oracle(pieces: &[Piece], message: &str, values: &mut Vec<String>) -> bool {
    match pieces.split_first() {
        None => message.is_empty(),
        Some((Piece::Text(text), rest)) => message
            .strip_prefix(text)
            .is_some_and(|tail| oracle(rest, tail, values)),
        Some((Piece::Param(_), rest)) => {
            for end in (0..=message.len()).filter(|&end| message.is_char_boundary(end)) {
                let value = &message[..end];
                let renderable = value.len() <= VALUE_BOUND
                    || (value.len() <= VALUE_BOUND + CUT_MARK.len() && value.ends_with(CUT_MARK));
                if !renderable {
                    break;
                }
                values.push(value.to_owned());
                if oracle(rest, &message[end..], values) {
                    return true;
                }
                values.pop();
            }
            false
        }
    }
}

/// A template of one to three parameters whose fixed pieces are made of the characters the
/// values are made of, so that many messages split several ways.
fn synthetic_template() -> impl Strategy<Value = Template> {
    let text = select(vec!["-", "--", "-a", "a-", CUT_MARK, "é-", ""]);
    (
        select(vec!["", "<", "a"]),
        prop::collection::vec(text, 0..3),
        select(vec!["", ">", "-"]),
    )
        .prop_map(|(prefix, separators, suffix)| {
            let mut pieces = Vec::new();
            if !prefix.is_empty() {
                pieces.push(Piece::Text(prefix));
            }
            let params = separators.len() + 1;
            for (i, separator) in separators.iter().enumerate() {
                pieces.push(Piece::Param(u8::try_from(i).unwrap()));
                if !separator.is_empty() {
                    pieces.push(Piece::Text(separator));
                }
            }
            pieces.push(Piece::Param(u8::try_from(params - 1).unwrap()));
            if !suffix.is_empty() {
                pieces.push(Piece::Text(suffix));
            }
            let names: Vec<&'static str> = ["a", "b", "c"][..params].to_vec();
            // Leaked: templates are `'static` like the registry's, and a run makes a few
            // hundred small ones.
            Template {
                source: "",
                pieces: Box::leak(pieces.into_boxed_slice()),
                params: Box::leak(names.into_boxed_slice()),
            }
        })
}

/// The message `template` renders with `values`.
fn render(template: &Template, values: &[String]) -> String {
    template
        .pieces
        .iter()
        .map(|piece| match piece {
            Piece::Text(text) => (*text).to_owned(),
            Piece::Param(i) => bounded(&values[usize::from(*i)]),
        })
        .collect()
}

/// Values over the same few characters, some past the bound.
fn synthetic_value() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(select(vec!['a', '-', '…', 'é']), 0..12),
        prop::collection::vec(select(vec!['a', '-', '…', 'é']), 200..300),
    ]
    .prop_map(|chars| chars.into_iter().collect())
}

type Error = (&'static Entry, u16, Vec<String>, &'static str);

/// A rendered error decodes as its entry, the same body, and for one parameter the value
/// sent, cut at the documented bound.
fn values_come_back(error: Error) -> Result<(), TestCaseError> {
    let (entry, status, values, op) = error;
    let args: Vec<Cow<'static, str>> = values.iter().cloned().map(Cow::Owned).collect();
    let original = AnyVpcError::from_row(entry, status, args).unwrap();
    let body = original.body();
    prop_assert!(body.len() <= MAX_BODY_BYTES);
    let decoded = decode_any(op, status, body.as_bytes())
        .unwrap()
        .into_known();
    let decoded = decoded.unwrap_or_else(|| panic!("{op} {}: {body}", entry.name));
    prop_assert!(std::ptr::eq(decoded.entry(), entry));
    prop_assert_eq!(decoded.body(), body);
    if entry.message.params.len() <= 1 {
        // One value cannot be split two ways: it is the value the server sent, cut at
        // the documented bound.
        let sent: Vec<Cow<'static, str>> = values.iter().map(|v| Cow::Owned(bounded(v))).collect();
        prop_assert_eq!(decoded.args(), &sent[..]);
    }
    Ok(())
}

/// A change to a real body (text added to a fixed message, a member added) is noticed.
fn change_is_noticed(
    error: Error,
    cut: prop::sample::Index,
    extra: &str,
) -> Result<(), TestCaseError> {
    let (entry, status, values, op) = error;
    let args: Vec<Cow<'static, str>> = values.into_iter().map(Cow::Owned).collect();
    let original = AnyVpcError::from_row(entry, status, args).unwrap();
    let message = original.message();
    // Text dropped from, or added to, a fixed message no longer matches it.
    if let Some(fixed) = entry.message.as_static() {
        let at = cut.index(fixed.len() + 1);
        if fixed.is_char_boundary(at) && !extra.is_empty() {
            let changed = format!("{}{extra}{}", &fixed[..at], &fixed[at..]);
            let body = serde_json::json!({"code": entry.code, "message": changed}).to_string();
            let decoded = decode_any(op, status, body.as_bytes()).unwrap();
            if let Decoded::Known(other) = &decoded {
                // Only another row of the same code may read it, and then exactly.
                prop_assert!(!std::ptr::eq(other.entry(), entry));
                prop_assert_eq!(other.message(), changed.as_str());
            } else {
                prop_assert_eq!(decoded.unknown().unwrap().message(), Some(changed.as_str()));
            }
        }
    }
    // A member added to the object makes it unknown, with code and message kept.
    let body =
        serde_json::json!({"code": entry.code, "message": message, "extra": extra}).to_string();
    let unknown = decode_any(op, status, body.as_bytes()).unwrap();
    let unknown = unknown.unknown().unwrap();
    prop_assert_eq!(unknown.code(), Some(entry.code));
    prop_assert_eq!(unknown.message(), Some(message.as_ref()));
    prop_assert_eq!(unknown.body(), body.as_bytes());
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn matching_follows_the_documented_rule(
        t in synthetic_template(),
        values in prop::collection::vec(synthetic_value(), 3),
        noise in prop::collection::vec(select(vec!['a', '-', '<', '>', '…']), 0..8),
    ) {
        let rendered = render(&t, &values);
        let mut expected = Vec::new();
        prop_assert!(oracle(t.pieces, &rendered, &mut expected));
        let found = match_message(&t, &rendered);
        prop_assert_eq!(found.as_ref(), Some(&expected));
        // Whatever the split, it renders back to the message.
        prop_assert_eq!(render(&t, &expected), rendered.as_str());
        // Messages that are not renderings agree with the rule too, matching or not.
        let noisy = format!("{rendered}{}", noise.iter().collect::<String>());
        let mut expected = Vec::new();
        let matched = oracle(t.pieces, &noisy, &mut expected);
        prop_assert_eq!(match_message(&t, &noisy), matched.then_some(expected));
    }

    #[test]
    fn random_values_come_back(error in error()) {
        values_come_back(error)?;
    }

    /// Every run reaches the six-parameter entry, whatever the draw above.
    #[test]
    fn random_values_come_back_from_the_six_parameter_entry(
        error in error_of(Just(vpc_errors_tests::six_parameter_entry()).boxed()),
    ) {
        values_come_back(error)?;
    }

    #[test]
    fn random_bytes_never_panic_and_are_kept(status in 100u16..600, body in prop::collection::vec(any::<u8>(), 0..300)) {
        check_any_body(status, &body);
    }

    #[test]
    fn random_json_objects_are_decoded_or_kept((_, body) in object_body(), status in select(vec![400u16, 401, 403, 404, 409, 500])) {
        check_any_body(status, &body);
    }

    #[test]
    fn any_change_to_a_real_body_is_noticed(error in error(), cut in any::<prop::sample::Index>(), extra in value()) {
        change_is_noticed(error, cut, &extra)?;
    }

    #[test]
    fn any_change_to_a_six_parameter_body_is_noticed(
        error in error_of(Just(vpc_errors_tests::six_parameter_entry()).boxed()),
        cut in any::<prop::sample::Index>(),
        extra in value(),
    ) {
        change_is_noticed(error, cut, &extra)?;
    }
}
