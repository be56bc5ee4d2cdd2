//! A catalogue of its own (`tests/fixtures/braces.yaml`) whose messages hold literal
//! braces, written `{{` and `}}` in the template: no row of the published table has one, so
//! only this fixture reaches that branch of the generator, the renderer and the decoder.
//! The expected messages and bodies are spelled out here.

use vpc_errors::VpcError;
use vpc_errors::client::{Decoded, decode};
use vpc_errors_tests::expected_message;

mod fixture {
    vpc_errors::catalogue!("fixtures/braces.yaml");
}

use fixture::{CommonError, ShowSelectorError};

const FILTER_BODY: &str =
    r#"{"code":"FIX.0001","message":"A filter such as {\"tag\": \"x\"} is required."}"#;

#[test]
fn a_fixed_message_with_literal_braces() {
    let e = CommonError::FilterMissing;
    assert_eq!(e.message(), r#"A filter such as {"tag": "x"} is required."#);
    assert_eq!(e.body(), FILTER_BODY);
    assert_eq!(e.status(), 400);
    let entry = e.entry();
    assert_eq!(
        expected_message::<&str>(entry, &[]),
        r#"A filter such as {"tag": "x"} is required."#
    );
    let decoded = decode::<CommonError>(400, FILTER_BODY.as_bytes());
    assert_eq!(decoded.unwrap(), Decoded::Known(CommonError::FilterMissing));
    // The same code at another status is not this row.
    let other = decode::<CommonError>(404, FILTER_BODY.as_bytes());
    assert!(matches!(other, Ok(Decoded::Unknown(_))), "{other:?}");
}

#[test]
fn a_template_with_literal_braces_around_and_beside_its_values() {
    let e = ShowSelectorError::SelectorInvalid {
        status: fixture::Status400Or422::UnprocessableContent,
        value: "prod\"}".into(),
        selector_id: "sel-1".into(),
    };
    let message = r#"Selector {key=prod"}} of sel-1 is invalid; write {key=value}."#;
    let body = r#"{"code":"FIX.0400","message":"Selector {key=prod\"}} of sel-1 is invalid; write {key=value}."}"#;
    assert_eq!(e.message(), message);
    assert_eq!(e.body(), body);
    assert_eq!(e.status(), 422);
    assert_eq!(
        e.to_string(),
        format!("FIX.0400: {message}"),
        "Display is the code and the message"
    );
    assert_eq!(expected_message(e.entry(), &["prod\"}", "sel-1"]), message);

    let decoded = decode::<ShowSelectorError>(422, body.as_bytes());
    assert_eq!(decoded.unwrap(), Decoded::Known(e));
    // A brace dropped from the fixed text is another message, not this row.
    let changed = body.replace("write {key=value}", "write key=value}");
    let decoded = decode::<ShowSelectorError>(422, changed.as_bytes());
    assert!(matches!(decoded, Ok(Decoded::Unknown(_))), "{decoded:?}");
}
