//! The client decoder on any status and body: it never panics, keeps an unknown body
//! whole, and a known error is exactly what the body said: its message re-renders to the
//! message received, and its own body decodes to it again.
//!
//! Besides raw bytes, the input can be a body built around a catalogue row (its code and
//! its template filled with arbitrary values, possibly edited, spelled in JSON's various
//! ways), so that the fuzzer reaches the matching code and not only the JSON reader.

#![no_main]

use std::fmt::Debug;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use vpc_errors::client::{DecodeError, Decoded, MAX_BODY_BYTES, decode, decode_any};
use vpc_errors::registry::{Entry, Piece};
use vpc_errors::{
    AnyVpcError, CATALOGUE, CommonError, CreateFlowLogError, DeleteVpcError, ENTRIES, FromParts,
    ShowNetworkIpAvailabilitiesError, ShowVpcError, UpdateSubnetError, VpcError,
};
use vpc_errors_fuzz::{bounded, json_all_escaped};

#[derive(Debug, Arbitrary)]
struct Input {
    status: Status,
    body: Body,
    /// Which operation `decode_any` is asked for.
    operation: u8,
}

#[derive(Debug, Arbitrary)]
enum Status {
    /// One of the row's statuses (or the first status of the catalogue for a raw body).
    OfRow(u8),
    Any(u16),
}

#[derive(Debug, Arbitrary)]
enum Body {
    Raw(Vec<u8>),
    Row {
        entry: u16,
        values: Vec<String>,
        /// Whether the values are bounded as rendering bounds them (else a value past the
        /// bound is not something rendering writes, and must not decode).
        bound: bool,
        /// Text inserted into the message at a byte offset (moved to a char boundary).
        insert: Option<(u16, String)>,
        escape_everything: bool,
        message_first: bool,
        whitespace: bool,
        extra: Option<(String, String)>,
        /// The code member written as this instead.
        code: Option<String>,
    },
}

fuzz_target!(|input: Input| {
    let (status, body, faithful) = build(&input);
    let op = &CATALOGUE.operations[usize::from(input.operation) % CATALOGUE.operations.len()];
    if let Some(entry) = faithful {
        // A rendering of the row, however JSON spells it, decodes as the row's operation.
        let own = if entry.common {
            op.name
        } else {
            entry.operations[0]
        };
        let decoded = decode_any(own, status, &body)
            .expect("a rendered body is within the contract")
            .into_known()
            .unwrap_or_else(|| panic!("{own} {}: {}", entry.name, String::from_utf8_lossy(&body)));
        assert_eq!(decoded.code(), entry.code);
        assert_eq!(decoded.entry().message, entry.message);
    }
    check::<ShowVpcError>(status, &body, PartialEq::eq);
    check::<DeleteVpcError>(status, &body, PartialEq::eq);
    check::<UpdateSubnetError>(status, &body, PartialEq::eq);
    check::<CreateFlowLogError>(status, &body, PartialEq::eq);
    check::<ShowNetworkIpAvailabilitiesError>(status, &body, PartialEq::eq);
    check::<CommonError>(status, &body, PartialEq::eq);
    check::<AnyVpcError>(status, &body, same_any);
    // `decode_any`: the same properties, and only the operation's rows or common ones.
    match decode_any(op.name, status, &body) {
        Ok(Decoded::Known(e)) => {
            assert!(
                e.entry().applies_to(op.name),
                "{} for {}",
                e.entry().name,
                op.name
            );
            known_is_what_was_sent(&e, status, &body);
            let again = decode_any(op.name, status, e.body().as_bytes())
                .expect("a rendered body is within the contract")
                .into_known()
                .expect("a rendered body decodes");
            assert!(same_any(&again, &e), "{again:?} != {e:?}");
        }
        other => unknown_or_breach(other, status, &body),
    }
});

/// The status and body, and the row when the body is a faithful rendering of it.
fn build(input: &Input) -> (u16, Vec<u8>, Option<&'static Entry>) {
    match &input.body {
        Body::Raw(bytes) => {
            let status = match input.status {
                Status::OfRow(i) => ENTRIES[usize::from(i) % ENTRIES.len()].statuses[0],
                Status::Any(s) => s,
            };
            (status, bytes.clone(), None)
        }
        Body::Row {
            entry,
            values,
            bound,
            insert,
            escape_everything,
            message_first,
            whitespace,
            extra,
            code,
        } => {
            let entry = &ENTRIES[usize::from(*entry) % ENTRIES.len()];
            let status = match input.status {
                Status::OfRow(i) => entry.statuses[usize::from(i) % entry.statuses.len()],
                Status::Any(s) => s,
            };
            let mut message = String::new();
            for piece in entry.message.pieces {
                match *piece {
                    Piece::Text(t) => message.push_str(t),
                    Piece::Param(i) => {
                        let value = values.get(usize::from(i)).map_or("", String::as_str);
                        if *bound {
                            message.push_str(&bounded(value));
                        } else {
                            message.push_str(value);
                        }
                    }
                }
            }
            if let Some((at, text)) = insert {
                let mut at = usize::from(*at).min(message.len());
                while !message.is_char_boundary(at) {
                    at -= 1;
                }
                message.insert_str(at, text);
            }
            let code = code.as_deref().unwrap_or(entry.code);
            let string = |s: &str| {
                if *escape_everything {
                    json_all_escaped(s)
                } else {
                    serde_json::to_string(s).expect("a string serialises")
                }
            };
            let sep = if *whitespace { " \n\t" } else { "" };
            let code_member = format!("{}{sep}:{sep}{}", string("code"), string(code));
            let message_member = format!("{}{sep}:{sep}{}", string("message"), string(&message));
            let mut members = if *message_first {
                vec![message_member, code_member]
            } else {
                vec![code_member, message_member]
            };
            if let Some((name, value)) = extra {
                members.push(format!("{}:{}", string(name), string(value)));
            }
            let body = format!("{sep}{{{sep}{}{sep}}}{sep}", members.join(","));
            let faithful = *bound
                && insert.is_none()
                && extra.is_none()
                && code == entry.code
                && matches!(input.status, Status::OfRow(_))
                && values.len() >= entry.message.params.len();
            (status, body.into_bytes(), faithful.then_some(entry))
        }
    }
}

fn same_any(a: &AnyVpcError, b: &AnyVpcError) -> bool {
    std::ptr::eq(a.entry(), b.entry()) && a.status() == b.status() && a.args() == b.args()
}

/// What every decoder must do with `body`.
fn check<E: FromParts + Debug>(status: u16, body: &[u8], eq: fn(&E, &E) -> bool) {
    match decode::<E>(status, body) {
        Ok(Decoded::Known(e)) => {
            known_is_what_was_sent(&e, status, body);
            let again = decode::<E>(status, e.body().as_bytes())
                .expect("a rendered body is within the contract")
                .into_known()
                .expect("a rendered body decodes");
            assert!(eq(&again, &e), "{again:?} != {e:?}");
        }
        other => unknown_or_breach(other, status, body),
    }
}

/// A known error is the body's code and message, exactly, with the status received.
fn known_is_what_was_sent<E: VpcError>(e: &E, status: u16, body: &[u8]) {
    let json: Value = serde_json::from_slice(body).expect("a known error came from valid JSON");
    let object = json.as_object().expect("a known error came from an object");
    assert_eq!(object.len(), 2, "{json}");
    assert_eq!(object["code"], e.code());
    assert_eq!(object["message"], e.message().as_ref(), "{e:?}");
    assert_eq!(e.status(), status);
    assert!(e.entry().has_status(status));
    assert_eq!(e.to_string(), format!("{}: {}", e.code(), e.message()));
}

fn unknown_or_breach<E: Debug>(result: Result<Decoded<E>, DecodeError>, status: u16, body: &[u8]) {
    match result {
        Ok(Decoded::Unknown(u)) => {
            assert_eq!(u.body(), body);
            assert_eq!(u.status(), status);
            // Display and the log form never panic, whatever the body.
            let _ = u.to_string();
            let _ = u.body_text();
        }
        Ok(Decoded::Known(e)) => unreachable!("handled by the caller: {e:?}"),
        Err(DecodeError::TooLarge { status: s, len }) => {
            assert_eq!((s, len), (status, body.len()));
            assert!(len > MAX_BODY_BYTES);
        }
        Err(DecodeError::WrongType {
            status: s, field, ..
        }) => {
            assert_eq!(s, status);
            assert!(field == "code" || field == "message");
        }
        Err(other) => panic!("{other:?} for a bundled type"),
    }
}
