//! The template renderer: any values for any row, in every type that carries the row.
//! The body is JSON with exactly `code` and `message`; the message is the one rendered
//! here independently (each value cut at `MAX_VALUE_BYTES` on a character boundary and
//! marked); `Display`, `message()` and `ErrorResponse` agree with it; and decoding the
//! body gives back the row and the values as rendered (the split the documentation
//! describes, and the values themselves whenever the message splits only one way).

#![no_main]

use std::borrow::Cow;
use std::fmt::Debug;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use vpc_errors::client::{Decoded, decode, decode_any};
use vpc_errors::registry::Entry;
use vpc_errors::{AnyVpcError, CATALOGUE, ENTRIES, ErrorResponse, FromParts, VpcError};
use vpc_errors_fuzz::{bounded, expected_message, splits};

#[derive(Debug, Arbitrary)]
struct Input {
    entry: u16,
    status: u8,
    values: Vec<Text>,
}

/// A value: arbitrary text, optionally padded with one character repeated, so that
/// values past the bound are as easy to reach as short ones.
#[derive(Debug, Arbitrary)]
struct Text {
    text: String,
    pad: Option<(char, u16)>,
}

impl Text {
    fn build(&self) -> String {
        let mut s = self.text.clone();
        if let Some((c, n)) = self.pad {
            s.extend(std::iter::repeat_n(c, usize::from(n % 400)));
        }
        s
    }
}

type Check = fn(&'static Entry, u16, &[String], &Rendered) -> bool;

/// What the row must render to.
struct Rendered {
    message: String,
    body: String,
    /// The values decoding must give back.
    values: Vec<String>,
    /// Whether the message splits only one way, so decoding gives the values as sent.
    unique: bool,
}

macro_rules! types {
    ($($ty:ident),* $(,)?) => {
        [$(check_typed::<vpc_errors::$ty> as Check),*]
    };
}

const TYPES: [Check; 37] = vpc_errors_tests::with_error_types!(types);

fuzz_target!(|input: Input| {
    // Every operation has its type above (and `CommonError`): a new operation fails here.
    assert_eq!(TYPES.len(), CATALOGUE.operations.len() + 1);
    let entry = &ENTRIES[usize::from(input.entry) % ENTRIES.len()];
    let status = entry.statuses[usize::from(input.status) % entry.statuses.len()];
    let mut values: Vec<String> = input.values.iter().map(Text::build).collect();
    values.resize(entry.message.params.len(), String::new());

    let message = expected_message(entry, &values);
    let body = format!(
        "{{\"code\":{},\"message\":{}}}",
        serde_json::to_string(entry.code).unwrap(),
        serde_json::to_string(&message).unwrap()
    );
    let bounded_values: Vec<String> = values.iter().map(|v| bounded(v)).collect();
    let split = splits(&entry.message, &message);
    assert!(split.count >= 1, "the rendered message splits: {message:?}");
    let unique = split.count == 1;
    let first = split.first.expect("a split");
    if unique {
        assert_eq!(first, bounded_values);
    }
    let rendered = Rendered {
        message,
        body,
        values: first,
        unique,
    };

    // `AnyVpcError` carries every row.
    let any = AnyVpcError::from_row(entry, status, to_cow(&values)).expect("a row and its status");
    same_wire(&any, &rendered);
    // It stores values bounded, as rendered.
    assert_eq!(AnyVpcError::new(&any).args(), bounded_values.as_slice());

    // Decoding as the row's operation gives back the row and the values.
    let op = if entry.common {
        CATALOGUE.operations[0].name
    } else {
        entry.operations[0]
    };
    let decoded = decode_any(op, status, rendered.body.as_bytes())
        .expect("a rendered body is within the contract")
        .into_known()
        .unwrap_or_else(|| panic!("{op} {}: {}", entry.name, rendered.body));
    assert!(
        std::ptr::eq(decoded.entry(), entry),
        "{} for {}",
        decoded.entry().name,
        entry.name
    );
    assert_eq!(decoded.args(), rendered.values.as_slice());
    assert_eq!(decoded.body(), rendered.body.as_str());

    let mut carriers = 0;
    for check in TYPES {
        if check(entry, status, &values, &rendered) {
            carriers += 1;
        }
    }
    let expected = if entry.common {
        TYPES.len()
    } else {
        entry.operations.len()
    };
    assert_eq!(carriers, expected, "the types carrying {}", entry.name);
});

fn to_cow(values: &[String]) -> Vec<Cow<'static, str>> {
    values.iter().cloned().map(Cow::Owned).collect()
}

/// The error's body, message, `Display` and response are the rendered ones.
fn same_wire<E: VpcError + std::error::Error>(e: &E, rendered: &Rendered) {
    let body = e.body();
    assert_eq!(body, rendered.body.as_str());
    let json: Value = serde_json::from_str(&body).expect("the body is JSON");
    let object = json.as_object().expect("the body is an object");
    assert_eq!(object.len(), 2, "{body}");
    assert_eq!(object["code"], e.code());
    assert_eq!(object["message"], rendered.message.as_str());
    assert_eq!(e.message(), rendered.message.as_str());
    assert_eq!(e.to_string(), format!("{}: {}", e.code(), rendered.message));
    let response = ErrorResponse::new(e);
    assert_eq!(
        (response.status(), response.body()),
        (e.status(), body.as_ref())
    );
}

/// Checks the row in `E`, if `E` carries it; whether it does.
fn check_typed<E: FromParts + PartialEq + Debug + std::error::Error>(
    entry: &'static Entry,
    status: u16,
    values: &[String],
    rendered: &Rendered,
) -> bool {
    let Some(e) = E::from_parts(entry, status, to_cow(values)) else {
        return false;
    };
    assert!(std::ptr::eq(e.entry(), entry));
    assert_eq!(e.status(), status);
    same_wire(&e, rendered);
    let decoded = decode::<E>(status, rendered.body.as_bytes())
        .expect("a rendered body is within the contract");
    let Decoded::Known(decoded) = decoded else {
        panic!(
            "{} does not decode into its own type: {decoded:?}",
            entry.name
        );
    };
    assert_eq!(decoded.body(), rendered.body.as_str());
    let expected = E::from_parts(entry, status, to_cow(&rendered.values)).expect("the same row");
    assert_eq!(decoded, expected);
    if rendered.unique && values.iter().all(|v| bounded(v) == *v) {
        // Nothing was cut and nothing is ambiguous: the error itself comes back.
        assert_eq!(decoded, e);
    }
    true
}
