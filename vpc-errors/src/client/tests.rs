//! Decoding, end to end and piece by piece.

use std::borrow::Cow;

use super::body::{Fields, Pair, Shape, read_canonical, read_json};
use super::matching::{match_general, match_single, single_param};
use super::*;
use crate::registry::{Entry, Piece, Template, Wire};
use crate::{
    CommonError, CreateFlowLogError, DeleteVpcError, ENTRIES, Parts, ShowVpcError, Status400Or404,
    Status404Or500,
};

fn template(pieces: &'static [Piece], params: &'static [&'static str]) -> Template {
    Template {
        source: "",
        pieces,
        params,
    }
}

#[test]
fn unknown_errors_display_server_text_safely() {
    let body = "{\"code\":\"VPC.9\\n999\",\"message\":\"ok\\r\\nFAKE LOG LINE \\u202e\"}";
    let Decoded::Unknown(u) = decode::<ShowVpcError>(500, body.as_bytes()).unwrap() else {
        panic!("an unknown code decodes as Unknown");
    };
    assert_eq!(u.message(), Some("ok\r\nFAKE LOG LINE \u{202e}"));
    let shown = u.to_string();
    assert!(!shown.contains(['\n', '\r', '\u{202e}']), "{shown}");
    assert!(
        shown.starts_with("HTTP 500 VPC.9\\u{a}999: ok\\u{d}\\u{a}FAKE LOG LINE \\u{202e}"),
        "{shown}"
    );
}

fn flow_log_duplicate() -> &'static Entry {
    ENTRIES
        .iter()
        .find(|e| e.name == "FlowLogDuplicate")
        .unwrap()
}

fn render(entry: &'static Entry, values: &[&str]) -> String {
    let values: Vec<&dyn Display> = values.iter().map(|v| v as &dyn Display).collect();
    Parts::new(entry).with_args(&values).message().into_owned()
}

#[test]
fn a_value_may_hold_the_text_that_follows_it() {
    let network = CATALOGUE.by_code("VPC.2302").next().unwrap();
    for value in [
        "",
        " could not be found.",
        "Network x could not be found.",
        "a could not be found. b",
    ] {
        let message = render(network, &[value]);
        assert_eq!(
            match_message(&network.message, &message),
            Some(vec![value.to_owned()])
        );
    }
    // A template that starts, or ends, with its parameter.
    let leading = ENTRIES
        .iter()
        .find(|e| e.message.source == "{field} is invalid.")
        .unwrap();
    let message = render(leading, &[" is invalid. is invalid."]);
    assert_eq!(
        match_message(&leading.message, &message).unwrap(),
        [" is invalid. is invalid."]
    );
    let trailing = ENTRIES
        .iter()
        .find(|e| e.message.source.ends_with("port id : {port_id}"))
        .unwrap();
    let message = render(trailing, &["port id : 7"]);
    assert_eq!(
        match_message(&trailing.message, &message).unwrap(),
        ["port id : 7"]
    );
    assert_eq!(
        match_message(&network.message, "Network x could not be found"),
        None
    );
    assert_eq!(
        match_message(&network.message, "network x could not be found."),
        None
    );
}

#[test]
fn one_parameter_templates_match_as_the_general_match_does() {
    static PAIR: [Piece; 3] = [Piece::Param(0), Piece::Text("-"), Piece::Param(1)];
    static REPEATED: [Piece; 3] = [Piece::Param(0), Piece::Text("="), Piece::Param(0)];
    static SECOND: [Piece; 2] = [Piece::Text("x"), Piece::Param(1)];
    let full = "v".repeat(MAX_VALUE_BYTES);
    let values = [
        String::new(),
        "net-1".into(),
        "a\"b\\c\n é😀".into(),
        full.clone(),
        format!("{full}v"),
        format!("{full}{TRUNCATION_MARK}"),
        format!("{full}v{TRUNCATION_MARK}"),
        format!("{}{TRUNCATION_MARK}", "é".repeat(MAX_VALUE_BYTES / 2)),
    ];
    let mut single = 0;
    for entry in &ENTRIES {
        let t = &entry.message;
        let texts: Vec<&str> = t
            .pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Text(text) => Some(*text),
                Piece::Param(_) => None,
            })
            .collect();
        let mut messages = vec![
            String::new(),
            t.source.to_owned(),
            entry.table_message.to_owned(),
        ];
        for value in &values {
            // Rendered as the template writes it, and with the value written raw (a
            // long one is then more than rendering writes).
            messages.push(render(entry, &[value]));
            let mut raw = String::new();
            for p in t.pieces {
                match p {
                    Piece::Text(text) => raw.push_str(text),
                    Piece::Param(_) => raw.push_str(value),
                }
            }
            messages.push(raw);
            // The fixed text around the value repeated inside it, and cut short.
            for text in &texts {
                messages.push(render(entry, &[&format!("{value}{text}")]));
                messages.push(render(entry, &[&format!("{text}{value}")]));
            }
        }
        for m in messages.clone() {
            let mut chars = m.chars();
            chars.next_back();
            messages.push(chars.as_str().to_owned());
            let mut chars = m.chars();
            chars.next();
            messages.push(chars.as_str().to_owned());
        }
        let Some((before, after)) = single_param(t) else {
            continue;
        };
        single += 1;
        for m in &messages {
            let fast = match_single(before, after, m).map(|v| vec![v.to_owned()]);
            assert_eq!(fast, match_general(t, m), "{:?} {m:?}", t.source);
        }
    }
    assert!(single > 10, "{single} one-parameter templates");
    // Templates with other shapes take the general match.
    assert!(single_param(&template(&PAIR, &["a", "b"])).is_none());
    assert!(single_param(&template(&REPEATED, &["a"])).is_none());
    assert!(single_param(&template(&SECOND, &["a", "b"])).is_none());
    assert!(single_param(&template(&[], &[])).is_none());
}

#[test]
fn of_several_splits_the_first_value_is_shortest() {
    let row = flow_log_duplicate();
    let plain = ["vpc", "id-1", "lg", "lt", "lts", "name"];
    let message = render(row, &plain);
    assert_eq!(match_message(&row.message, &message).unwrap(), plain);
    // The first value holds the separator that follows it: the message is ambiguous,
    // and the shorter first value is taken. It still renders to the same message.
    let tricky = ["a, reousce id b", "c", "d", "e", "f", "g"];
    let message = render(row, &tricky);
    let values = match_message(&row.message, &message).unwrap();
    assert_eq!(values, ["a", "b, reousce id c", "d", "e", "f", "g"]);
    let values: Vec<&str> = values.iter().map(String::as_str).collect();
    assert_eq!(render(row, &values), message);
    // Only the last value can hold the final text unambiguously.
    let tail = ["a", "b", "c", "d", "e", "f, log store name g."];
    let message = render(row, &tail);
    assert_eq!(match_message(&row.message, &message).unwrap(), tail);
}

#[test]
fn values_are_bounded_as_rendering_bounds_them() {
    static PAIR: [Piece; 3] = [Piece::Param(0), Piece::Text("-"), Piece::Param(1)];
    let network = CATALOGUE.by_code("VPC.2302").next().unwrap();
    let t = &network.message;
    let wrap = |v: &str| format!("Network {v} could not be found.");
    let full = "x".repeat(MAX_VALUE_BYTES);
    assert_eq!(match_message(t, &wrap(&full)).unwrap(), [full.as_str()]);
    // One byte more is not something rendering writes...
    assert_eq!(match_message(t, &wrap(&format!("{full}x"))), None);
    // ...unless it is a cut value and the mark: that decodes to the text as it is.
    let cut = format!("{full}{TRUNCATION_MARK}");
    assert_eq!(match_message(t, &wrap(&cut)).unwrap(), [cut.as_str()]);
    assert_eq!(match_message(t, &wrap(&format!("x{cut}"))), None);
    // A cut before a multi-byte character leaves fewer bytes before the mark.
    let long = format!("{}😀😀", "y".repeat(MAX_VALUE_BYTES - 2));
    let rendered = render(network, &[&long]);
    let value = match_message(t, &rendered).unwrap().remove(0);
    assert_eq!(
        value,
        format!("{}{TRUNCATION_MARK}", "y".repeat(MAX_VALUE_BYTES - 2))
    );
    assert_eq!(render(network, &[&value]), rendered);
    // The bound also decides splits: the shortest first value would leave a second
    // one longer than rendering writes, so the first takes the separator instead.
    let pair = template(&PAIR, &["a", "b"]);
    let (a, b) = (format!("1-{}", "2".repeat(200)), "3".repeat(100));
    assert_eq!(match_message(&pair, &format!("{a}-{b}")).unwrap(), [a, b]);
}

#[test]
fn odd_templates_still_match_soundly() {
    static ADJACENT: [Piece; 3] = [Piece::Param(0), Piece::Param(1), Piece::Text("!")];
    static REPEATED: [Piece; 3] = [Piece::Param(0), Piece::Text("="), Piece::Param(0)];
    static AFTER_E: [Piece; 2] = [Piece::Param(0), Piece::Text("\u{301}z")];
    let t = template(&ADJACENT, &["a", "b"]);
    assert_eq!(match_message(&t, "xy!").unwrap(), ["", "xy"]);
    assert_eq!(match_message(&t, "xy"), None);
    let t = template(&REPEATED, &["a"]);
    assert_eq!(match_message(&t, "ab=ab").unwrap(), ["ab"]);
    assert_eq!(match_message(&t, "ab=cd"), None);
    let empty = template(&[], &[]);
    assert_eq!(match_message(&empty, "").unwrap(), Vec::<String>::new());
    assert_eq!(match_message(&empty, "x"), None);
    // A fixed piece is never matched from inside a character.
    let t = template(&AFTER_E, &["a"]);
    assert_eq!(match_message(&t, "e\u{301}z").unwrap(), ["e"]);
    assert_eq!(match_message(&t, "é\u{301}z").unwrap(), ["é"]);
}

#[test]
fn canonical_bodies_read_as_the_json_parser_reads_them() {
    let mut bodies: Vec<Vec<u8>> = Vec::new();
    // Every row's body, with values that need escaping and values that do not.
    for entry in &ENTRIES {
        for value in [
            "v", "", "a\"b", "a\\b", "\u{1}", "é😀", "\u{7f}", "}", "\",",
        ] {
            let values: Vec<&dyn Display> = vec![&value; entry.message.params.len()];
            let body = Parts::new(entry).with_args(&values).body();
            bodies.push(body.as_bytes().to_vec());
        }
    }
    // Near misses of a canonical body: cut short, spaced, reordered, repeated members,
    // other members, escapes, invalid UTF-8, raw control characters, trailing text.
    let base = br#"{"code":"VPC.0504","message":"Floating IP could not be found."}"#;
    for end in 0..base.len() {
        bodies.push(base[..end].to_vec());
    }
    for at in 0..=base.len() {
        for byte in [
            b'"', b'\\', b'}', b'{', b' ', b',', b':', 0x01, 0x7f, 0xff, b'x',
        ] {
            let mut inserted = base.to_vec();
            inserted.insert(at, byte);
            bodies.push(inserted);
            if at < base.len() {
                let mut replaced = base.to_vec();
                replaced[at] = byte;
                bodies.push(replaced);
            }
        }
    }
    for body in [
        r#"{"message":"Floating IP could not be found.","code":"VPC.0504"}"#,
        r#"{"code": "VPC.0504","message":"x"}"#,
        r#"{"code":"VPC.0504","code":"VPC.0504","message":"x"}"#,
        r#"{"code":"VPC.0504","message":"x","message":"x"}"#,
        r#"{"code":"VPC.0504","message":"x","detail":1}"#,
        r#"{"code":"\u0056PC.0504","message":"x"}"#,
        r#"{"code":"VPC.0504","message":"x"} "#,
        r#"{"code":"VPC.0504","message":"x"}}"#,
        r#"{"code":"","message":""}"#,
    ] {
        bodies.push(body.as_bytes().to_vec());
    }
    let mut canonical = 0;
    for body in &bodies {
        if let Some((code, message)) = read_canonical(body, Wire::DEFAULT) {
            canonical += 1;
            let text = String::from_utf8_lossy(body);
            let mut read = Fields::default();
            assert_eq!(read_json(body, &mut read), Shape::Object, "{text}");
            assert_eq!(read, Fields::with(Pair::Plain, code, message), "{text}");
        }
    }
    assert!(
        canonical > 2 * ENTRIES.len(),
        "{canonical} canonical bodies"
    );
    assert!(read_canonical(base, Wire::DEFAULT).is_some());
}

#[test]
fn known_errors_decode_whatever_the_json_spelling() {
    let body = br#" { "message" : "Neutron Error." ,
        "code":"\u0056PC.0105" } "#;
    assert_eq!(
        decode::<ShowVpcError>(500, body).unwrap(),
        Decoded::Known(ShowVpcError::NeutronError {
            status: Status404Or500::InternalServerError
        })
    );
    let e = DeleteVpcError::InvalidParam {
        status: Status400Or404::NotFound,
        field: "a\"b\\c\n\u{1}é😀\u{202e}".into(),
    };
    let decoded = decode::<DeleteVpcError>(404, e.body().as_bytes()).unwrap();
    assert_eq!(decoded, Decoded::Known(e));
    assert_eq!(decoded.status(), 404);
    assert_eq!(decoded.code(), Some("VPC.0101"));
}

#[test]
fn common_errors_decode_into_every_type() {
    let body = CommonError::TokenInvalid.body();
    let common = decode::<CommonError>(401, body.as_bytes()).unwrap();
    assert_eq!(common, Decoded::Known(CommonError::TokenInvalid));
    let op = decode::<ShowVpcError>(401, body.as_bytes()).unwrap();
    assert_eq!(op, Decoded::Known(ShowVpcError::TokenInvalid));
    // An operation's own row is not a common error.
    let own = ShowVpcError::NeutronError {
        status: Status404Or500::NotFound,
    };
    let decoded = decode::<CommonError>(404, own.body().as_bytes()).unwrap();
    assert_eq!(
        decoded.unknown().unwrap().reason(),
        &UnknownReason::NotThisOperation
    );
}

#[test]
fn rows_of_one_code_are_told_apart_by_status_and_message() {
    let at = |status, message: &str| {
        let body = serde_json::json!({"code": "VPC.3002", "message": message}).to_string();
        decode::<CreateFlowLogError>(status, body.as_bytes()).unwrap()
    };
    assert_eq!(
        at(404, "Port/Network/Vpc p-1 could not be found."),
        Decoded::Known(CreateFlowLogError::ResourceNotFound {
            resource_id: "p-1".into()
        })
    );
    assert_eq!(
        at(500, "Create flow log by t-1 fail."),
        Decoded::Known(CreateFlowLogError::BackendFailed {
            tenant_id: "t-1".into()
        })
    );
    let wrong = at(500, "Port/Network/Vpc p-1 could not be found.");
    assert_eq!(
        wrong.unknown().unwrap().reason(),
        &UnknownReason::MessageMismatch
    );
    let wrong = at(401, "Create flow log by t-1 fail.");
    assert_eq!(
        wrong.unknown().unwrap().reason(),
        &UnknownReason::UnexpectedStatus
    );
}

fn reason(status: u16, body: &[u8]) -> UnknownReason {
    match decode::<ShowVpcError>(status, body) {
        Ok(Decoded::Unknown(u)) => {
            assert_eq!(u.body(), body);
            assert_eq!(u.status(), status);
            u.reason
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_kind_of_unknown_is_kept_with_its_reason() {
    use UnknownReason as R;
    let neutron = r#""code":"VPC.0105","message":"Neutron Error.""#;
    for (status, body, expected) in [
        (500, String::new(), R::EmptyBody),
        (500, " \n\t".into(), R::EmptyBody),
        (502, "<html>Bad Gateway</html>".into(), R::NotJson),
        (500, format!("{{{neutron}}} trailing"), R::NotJson),
        (500, format!("{{{neutron}"), R::NotJson),
        (500, "[1,2]".into(), R::NotAnObject),
        (500, "\"VPC.0105\"".into(), R::NotAnObject),
        (500, "null".into(), R::NotAnObject),
        (
            500,
            r#"{"message":"Neutron Error."}"#.into(),
            R::MissingCode,
        ),
        (500, r#"{"code":"VPC.0105"}"#.into(), R::MissingMessage),
        (
            500,
            format!(r#"{{{neutron},"code":"VPC.0105"}}"#),
            R::DuplicateField("code".into()),
        ),
        (
            500,
            format!(r#"{{{neutron},"detail":{{"a":[1]}}}}"#),
            R::ExtraField("detail".into()),
        ),
        (
            500,
            r#"{"error":{"message":"Neutron Error."}}"#.into(),
            R::MissingCode,
        ),
        (500, r#"{"error":"Neutron Error."}"#.into(), R::MissingCode),
        (
            500,
            format!(r#"{{{neutron},"error":"Neutron Error."}}"#),
            R::ExtraField("error".into()),
        ),
        (
            500,
            format!(r#"{{"error":{{{neutron},"detail":1}}}}"#),
            R::ExtraField("error.detail".into()),
        ),
        (
            500,
            format!(r#"{{"error_code":"VPC.0105","error_msg":"Neutron error.",{neutron}}}"#),
            R::ConflictingMembers {
                read: ("error_code", "error_msg"),
                other: ("code", "message"),
            },
        ),
        (
            500,
            r#"{"code":"VPC.9999","message":"x"}"#.into(),
            R::UnknownCode,
        ),
        (
            404,
            r#"{"code":"VPC.0504","message":"Floating IP could not be found."}"#.into(),
            R::NotThisOperation,
        ),
        (400, format!("{{{neutron}}}"), R::UnexpectedStatus),
        (
            500,
            r#"{"code":"VPC.0105","message":"Neutron error."}"#.into(),
            R::MessageMismatch,
        ),
    ] {
        assert_eq!(reason(status, body.as_bytes()), expected, "{body}");
    }
    assert_eq!(reason(500, b"\xff\xfe{}"), R::NotJson);
    assert_eq!(
        reason(500, b"{\"code\":\"VPC.0105\",\"message\":\"Neutron \xff\"}"),
        R::NotJson
    );
    // Skipped values are read without recursion, so no depth is too deep.
    let deep = format!("{}{}", "[".repeat(30_000), "]".repeat(30_000));
    assert_eq!(reason(500, deep.as_bytes()), R::NotAnObject);
    let deep = format!(
        r#"{{{neutron},"a":{}1{}}}"#,
        r#"{"b":"#.repeat(10_000),
        "}".repeat(10_000)
    );
    assert_eq!(reason(500, deep.as_bytes()), R::ExtraField("a".into()));
}

#[test]
fn unknowns_carry_the_code_and_message_they_had() {
    let body = br#"{"code":"VPC.9999","message":"New error.","trace":"r"}"#;
    let Decoded::Unknown(u) = decode::<ShowVpcError>(409, body).unwrap() else {
        panic!("known?")
    };
    assert_eq!(
        (u.code(), u.message()),
        (Some("VPC.9999"), Some("New error."))
    );
    assert_eq!(u.reason(), &UnknownReason::ExtraField("trace".into()));
    assert_eq!(
        u.to_string(),
        "HTTP 409 VPC.9999: New error. (unknown: unexpected member \"trace\")"
    );
    assert_eq!(u.clone().into_body(), body);
    let Decoded::Unknown(html) = decode::<ShowVpcError>(502, b"<p>\xff</p>").unwrap() else {
        panic!("known?")
    };
    assert_eq!(html.body_text(), "<p>\u{fffd}</p>");
    assert_eq!(
        html.to_string(),
        "HTTP 502 (unknown: the body is not JSON, 8 bytes)"
    );
}

#[test]
fn contract_breaches_are_errors() {
    for (body, field, found) in [
        (r#"{"code":502,"message":"Bad gateway"}"#, "code", "number"),
        (r#"{"code":"VPC.0105","message":null}"#, "message", "null"),
        (r#"{"code":{"id":1},"message":"x"}"#, "code", "object"),
        (r#"{"code":"VPC.0105","message":["x"]}"#, "message", "array"),
        (
            r#"{"code":"VPC.0105","code":true,"message":"x"}"#,
            "code",
            "boolean",
        ),
        (r#"{"code":1.5,"extra":1}"#, "code", "number"),
    ] {
        assert_eq!(
            decode::<ShowVpcError>(500, body.as_bytes()),
            Err(DecodeError::WrongType {
                status: 500,
                field,
                found
            }),
            "{body}"
        );
    }
    let padded = format!("{{}}{}", " ".repeat(MAX_BODY_BYTES - 1));
    let err = decode::<ShowVpcError>(500, padded.as_bytes()).unwrap_err();
    assert_eq!(
        err,
        DecodeError::TooLarge {
            status: 500,
            len: MAX_BODY_BYTES + 1
        }
    );
    assert!(err.to_string().contains("65536-byte limit"));
    // At the limit the body is still read.
    let body = r#"{"code":"VPC.0105","message":"Neutron Error."}"#;
    let at_limit = format!("{body}{}", " ".repeat(MAX_BODY_BYTES - body.len()));
    assert!(
        decode::<ShowVpcError>(500, at_limit.as_bytes())
            .unwrap()
            .is_known()
    );
}

#[test]
fn decode_any_knows_the_operation_and_its_rows() {
    let body = br#"{"code":"VPC.0504","message":"Floating IP could not be found."}"#;
    let e = decode_any("DeletePublicip", 404, body)
        .unwrap()
        .into_known()
        .unwrap();
    assert_eq!(e.entry().name, "PublicipNotFound");
    assert!(e.args().is_empty());
    let other = decode_any("ShowVpc", 404, body).unwrap();
    assert_eq!(
        other.unknown().unwrap().reason(),
        &UnknownReason::NotThisOperation
    );
    assert_eq!(
        decode_any("NoSuchOperation", 404, body).unwrap_err(),
        DecodeError::UnknownOperation("NoSuchOperation".into())
    );
    // Any error of the catalogue, whatever its operation.
    let any = decode::<AnyVpcError>(404, body)
        .unwrap()
        .into_known()
        .unwrap();
    assert_eq!(any.code(), "VPC.0504");
}

/// A hand-written `FromParts` that answers every row with the first row: what a type
/// generated from another catalogue does when handed this catalogue's rows.
#[derive(Debug)]
struct Foreign;

impl Display for Foreign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.parts().fmt(f)
    }
}

impl VpcError for Foreign {
    fn parts(&self) -> Parts<'_> {
        Parts::new(&ENTRIES[0])
    }
}

impl FromParts for Foreign {
    const CATALOGUE: &'static Catalogue = &crate::CATALOGUE;
    const OPERATION: Option<&'static crate::registry::Operation> = None;

    fn from_parts(_: &'static Entry, _: u16, _: Vec<Cow<'static, str>>) -> Option<Self> {
        Some(Foreign)
    }
}

/// An operation with the bundled table's name, but not in it.
static OTHER_OP: crate::registry::Operation = crate::registry::Operation {
    name: "ShowVpc",
    group: "",
    title: "",
    service: "",
    method: "GET",
    path: "/",
};
/// A type of an operation that is not the bundled table's.
struct OtherOp;
impl fmt::Debug for OtherOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OtherOp")
    }
}
impl Display for OtherOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OtherOp")
    }
}
impl VpcError for OtherOp {
    fn parts(&self) -> Parts<'_> {
        Parts::new(&ENTRIES[0])
    }
}
impl FromParts for OtherOp {
    const CATALOGUE: &'static Catalogue = &crate::CATALOGUE;
    const OPERATION: Option<&'static crate::registry::Operation> = Some(&OTHER_OP);

    fn from_parts(_: &'static Entry, _: u16, _: Vec<Cow<'static, str>>) -> Option<Self> {
        None
    }
}

#[test]
fn a_type_of_another_catalogue_is_refused() {
    let body = ShowVpcError::NeutronError {
        status: Status404Or500::NotFound,
    }
    .body();
    let err = decode::<Foreign>(404, body.as_bytes()).unwrap_err();
    assert!(
        matches!(err, DecodeError::CatalogueMismatch { type_name } if type_name.ends_with("Foreign"))
    );
    assert!(matches!(
        decode::<OtherOp>(404, body.as_bytes()),
        Err(DecodeError::CatalogueMismatch { .. })
    ));
    // The bundled types' operations are the bundled table's own.
    assert!(
        decode::<ShowVpcError>(404, body.as_bytes())
            .unwrap()
            .is_known()
    );
}

#[test]
fn every_published_shape_decodes_as_the_sdks_read_it() {
    let known = Decoded::Known(ShowVpcError::NeutronError {
        status: Status404Or500::InternalServerError,
    });
    for body in [
        r#"{"code":"VPC.0105","message":"Neutron Error."}"#,
        r#"{"error_code":"VPC.0105","error_msg":"Neutron Error."}"#,
        r#"{"errorCode":"VPC.0105","errorMsg":"Neutron Error."}"#,
        r#"{"error":{"code":"VPC.0105","message":"Neutron Error."}}"#,
        r#"{"error":{"message":"Neutron Error.","code":"VPC.0105"},"request_id":"r-1"}"#,
        r#"{"code":"VPC.0105","message":"Neutron Error.","error_code":"VPC.0105","error_msg":"Neutron Error."}"#,
        r#"{"error_code":"VPC.0105","error_msg":"Neutron Error.","request_id":"0a1b"}"#,
    ] {
        assert_eq!(
            decode::<ShowVpcError>(500, body.as_bytes()).unwrap(),
            known,
            "{body}"
        );
    }
}

#[test]
fn pairs_that_disagree_are_reported_not_resolved() {
    // `error_code` first, as the SDKs read it: the unknown keeps that pair.
    let body =
        br#"{"code":"VPC.0105","message":"Neutron Error.","errorCode":"VPC.0504","errorMsg":"x"}"#;
    let Decoded::Unknown(u) = decode::<ShowVpcError>(500, body).unwrap() else {
        panic!("pairs that disagree decoded")
    };
    assert_eq!((u.code(), u.message()), (Some("VPC.0504"), Some("x")));
    assert_eq!(
        u.reason(),
        &UnknownReason::ConflictingMembers {
            read: ("errorCode", "errorMsg"),
            other: ("code", "message"),
        }
    );
    assert!(
        u.to_string()
            .contains("`errorCode`/`errorMsg` and `code`/`message` disagree")
    );
    // A pair's member that is not a string is a broken contract, whichever pair.
    let wrong = br#"{"error":{"code":5,"message":"x"}}"#;
    assert_eq!(
        decode::<ShowVpcError>(500, wrong),
        Err(DecodeError::WrongType {
            status: 500,
            field: "error.code",
            found: "number"
        })
    );
}
