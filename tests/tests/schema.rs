//! `catalogue.schema.json` (for editors) against what the catalogue parser accepts: the
//! bundled catalogue and the valid fixtures validate; the fixtures the UI tests show the
//! parser rejecting are rejected; and for each rule of the parser the schema can state,
//! one valid document broken in that one way is rejected too. The YAML is read with
//! saphyr, the YAML crate the catalogue reader is tested against.
//!
//! What the schema cannot state is left to the parser alone: names unique within an
//! operation, a template's parameter names, `table_message` matching the template outside
//! its placeholders, and `table_part` numbering.

use std::fs;
use std::path::{Path, PathBuf};

use saphyr::{LoadableYamlNode, Scalar, Yaml};
use serde_json::{Map, Value, json};

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A YAML node as JSON: scalars as they resolve, mappings with string keys.
fn to_json(node: &Yaml<'_>) -> Value {
    match node {
        Yaml::Value(Scalar::Null) => Value::Null,
        Yaml::Value(Scalar::Boolean(b)) => Value::Bool(*b),
        Yaml::Value(Scalar::Integer(i)) => Value::from(*i),
        Yaml::Value(Scalar::FloatingPoint(f)) => Value::from(f.into_inner()),
        Yaml::Value(Scalar::String(s)) => Value::from(s.as_ref()),
        Yaml::Sequence(items) => items.iter().map(to_json).collect(),
        Yaml::Mapping(map) => {
            let mut object = Map::new();
            for (key, value) in map {
                let key = key
                    .as_str()
                    .unwrap_or_else(|| panic!("a mapping key that is not a string: {key:?}"));
                object.insert(key.to_owned(), to_json(value));
            }
            Value::Object(object)
        }
        other => panic!("a YAML node the catalogue does not use: {other:?}"),
    }
}

fn load(relative: &str) -> Value {
    let path = repository().join(relative);
    let text =
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let documents = Yaml::load_from_str(&text).unwrap_or_else(|e| panic!("{relative}: {e}"));
    assert_eq!(documents.len(), 1, "{relative}: one YAML document");
    to_json(&documents[0])
}

fn validator() -> jsonschema::Validator {
    let path = repository().join("catalogue.schema.json");
    let schema: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).expect("catalogue.schema.json is a valid schema")
}

fn problems(validator: &jsonschema::Validator, document: &Value) -> Vec<String> {
    validator
        .iter_errors(document)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn the_catalogues_the_parser_accepts_validate() {
    let validator = validator();
    for file in [
        "catalogue.yaml",
        "tests/fixtures/braces.yaml",
        "tests/ui/catalogue/fixtures/small.yaml",
        "tests/ui/catalogue/fixtures/gateway.yaml",
        "tests/catalogues/gateway.yaml",
        "tests/catalogues/ecs.yaml",
    ] {
        let document = load(file);
        let found = problems(&validator, &document);
        assert!(found.is_empty(), "{file}:\n{}", found.join("\n"));
    }
}

#[test]
fn the_catalogues_the_parser_rejects_are_rejected() {
    // Their errors are in tests/ui/catalogue/fail/{shape,values}.stderr.
    let validator = validator();
    for file in [
        "tests/ui/catalogue/fixtures/shape.yaml",
        "tests/ui/catalogue/fixtures/values.yaml",
    ] {
        assert!(!validator.is_valid(&load(file)), "{file} validates");
    }
}

/// A small valid catalogue, broken one way at a time below.
fn valid() -> Value {
    json!({
        "service": "Thing service",
        "groups": [
            {
                "group": "公共",
                "common": true,
                "errors": [{
                    "name": "TokenInvalid",
                    "code": "THG.0001",
                    "status": 401,
                    "message": "Invalid token.",
                    "description": { "zh": "token非法", "en": "The token is invalid." },
                    "remedy": { "zh": "请检查token", "en": "Check the token." }
                }]
            },
            {
                "group": "查询",
                "operations": [{
                    "name": "ShowThing", "title": "Show a thing", "service": "THG",
                    "method": "GET", "path": "/v1/things/{thing_id}"
                }],
                "errors": [{
                    "name": "ThingNotFound",
                    "code": "THG.0404",
                    "status": [404, 410],
                    "message": "Thing {thing_id} could not be found.",
                    "table_message": "Thing xxx could not be found.",
                    "table_part": 1,
                    "description": { "zh": "未找到", "en": "The thing was not found." },
                    "remedy": { "zh": "请检查id", "en": "Check the id." }
                }]
            }
        ]
    })
}

/// What the parser reports (abridged), and the document broken that way.
type Breakage = (&'static str, fn(&mut Value));

const BREAKAGES: &[Breakage] = &[
    ("unknown key in the catalogue", |d| d["version"] = json!(1)),
    ("unknown key in a group", |d| {
        d["groups"][1]["title"] = json!("x");
    }),
    ("unknown key in an operation", |d| {
        d["groups"][1]["operations"][0]["verb"] = json!("GET");
    }),
    ("unknown key `mesage` in an error entry", |d| {
        d["groups"][1]["errors"][0]["mesage"] = json!("x");
    }),
    ("unknown key in a description", |d| {
        d["groups"][1]["errors"][0]["description"]["fr"] = json!("x");
    }),
    ("the catalogue is missing `service`", |d| {
        d.as_object_mut().unwrap().remove("service");
    }),
    ("`service` is empty", |d| d["service"] = json!(" ")),
    ("the catalogue is missing `groups`", |d| {
        d.as_object_mut().unwrap().remove("groups");
    }),
    ("the group name is empty", |d| {
        d["groups"][0]["group"] = json!("");
    }),
    ("this group has no errors", |d| {
        d["groups"][1]["errors"] = json!([]);
    }),
    (
        "a common group applies to every operation; remove its `operations`",
        |d| {
            d["groups"][0]["operations"] = d["groups"][1]["operations"].clone();
        },
    ),
    ("this group has no `operations`", |d| {
        d["groups"][1].as_object_mut().unwrap().remove("operations");
    }),
    ("operation name must be UpperCamelCase", |d| {
        d["groups"][1]["operations"][0]["name"] = json!("show_thing");
    }),
    ("`Common` is reserved for the common errors", |d| {
        d["groups"][1]["operations"][0]["name"] = json!("Common");
    }),
    ("the operation's `title` is empty", |d| {
        d["groups"][1]["operations"][0]["title"] = json!("");
    }),
    ("the operation's `service` is empty", |d| {
        d["groups"][1]["operations"][0]["service"] = json!(" ");
    }),
    ("`FETCH` is not an HTTP method", |d| {
        d["groups"][1]["operations"][0]["method"] = json!("FETCH");
    }),
    ("`v1/things` is not a request path", |d| {
        d["groups"][1]["operations"][0]["path"] = json!("v1/things");
    }),
    ("a request path with whitespace is not one", |d| {
        d["groups"][1]["operations"][0]["path"] = json!("/v1/my things");
    }),
    ("an error entry is missing `message`", |d| {
        d["groups"][1]["errors"][0]
            .as_object_mut()
            .unwrap()
            .remove("message");
    }),
    ("an error entry is missing `remedy`", |d| {
        d["groups"][0]["errors"][0]
            .as_object_mut()
            .unwrap()
            .remove("remedy");
    }),
    ("error name must be UpperCamelCase", |d| {
        d["groups"][1]["errors"][0]["name"] = json!("thing_gone");
    }),
    ("`THG.404` is not an error code", |d| {
        d["groups"][1]["errors"][0]["code"] = json!("THG.404");
    }),
    ("`thg.0404` is not an error code", |d| {
        d["groups"][1]["errors"][0]["code"] = json!("thg.0404");
    }),
    ("`status` must be a whole number, found a string", |d| {
        d["groups"][0]["errors"][0]["status"] = json!("401");
    }),
    ("status 302 is not an error status", |d| {
        d["groups"][0]["errors"][0]["status"] = json!(302);
    }),
    ("status 600 is not an error status", |d| {
        d["groups"][0]["errors"][0]["status"] = json!(600);
    }),
    ("status 500 is listed twice", |d| {
        d["groups"][1]["errors"][0]["status"] = json!([500, 500]);
    }),
    ("`status` is an empty list", |d| {
        d["groups"][1]["errors"][0]["status"] = json!([]);
    }),
    ("the message is empty", |d| {
        d["groups"][0]["errors"][0]["message"] = json!("  ");
    }),
    ("`table_message` is only for templated messages", |d| {
        d["groups"][0]["errors"][0]["table_message"] = json!("Invalid token.");
    }),
    ("`table_part: 0` here should be 1", |d| {
        d["groups"][1]["errors"][0]["table_part"] = json!(0);
    }),
    ("a description is missing `en`", |d| {
        d["groups"][1]["errors"][0]["description"]
            .as_object_mut()
            .unwrap()
            .remove("en");
    }),
    ("the English description (`en`) is empty", |d| {
        d["groups"][1]["errors"][0]["description"]["en"] = json!("");
    }),
    (
        "expected a remedy (a mapping of keys), found a string",
        |d| {
            d["groups"][1]["errors"][0]["remedy"] = json!("Check the id.");
        },
    ),
];

#[test]
fn what_the_parser_rejects_the_schema_rejects() {
    let validator = validator();
    let base = valid();
    let found = problems(&validator, &base);
    assert!(found.is_empty(), "the base document:\n{}", found.join("\n"));
    let mut accepted = Vec::new();
    for (rule, breakage) in BREAKAGES {
        let mut document = base.clone();
        breakage(&mut document);
        assert_ne!(document, base, "{rule}: the breakage changed nothing");
        if validator.is_valid(&document) {
            accepted.push(*rule);
        }
    }
    assert!(
        accepted.is_empty(),
        "catalogue.schema.json accepts what the parser rejects:\n{}",
        accepted.join("\n")
    );
}

#[test]
fn literal_braces_do_not_make_a_message_a_template() {
    // `{{` is a literal brace: a fixed message with one needs no `table_message`, and may
    // not have one; `{{{name}` is a literal brace and then a parameter.
    let validator = validator();
    let mut document = valid();
    document["groups"][0]["errors"][0]["message"] = json!("Use {{\"a\": 1}}.");
    assert!(validator.is_valid(&document));
    document["groups"][0]["errors"][0]["table_message"] = json!("Use {\"a\": 1}.");
    assert!(
        !validator.is_valid(&document),
        "a fixed message with table_message"
    );
    // A template the table publishes as written needs no `table_message`.
    document["groups"][0]["errors"][0]
        .as_object_mut()
        .unwrap()
        .remove("table_message");
    document["groups"][0]["errors"][0]["message"] = json!("Use {{{a}}}.");
    assert!(validator.is_valid(&document));
}

#[test]
fn the_header_keys_are_described() {
    let validator = validator();
    let mut document = valid();
    document["body"] = json!("error_code");
    document["request_id"] = json!(true);
    document["codes"] = json!(["THG.####"]);
    assert!(validator.is_valid(&document));
    for (key, bad) in [
        ("body", json!("error-code")),
        ("codes", json!(["THG.*"])),
        ("languages", json!(["fr"])),
        ("request_id", json!("yes")),
    ] {
        let mut broken = document.clone();
        broken[key] = bad;
        assert!(!validator.is_valid(&broken), "{key}");
    }
    // Plain-string texts only in a catalogue of one language, as the parser reads them.
    document["groups"][0]["errors"][0]["remedy"] = json!("Check the token.");
    assert!(!validator.is_valid(&document));
    document["languages"] = json!(["en"]);
    for group in document["groups"].as_array_mut().unwrap() {
        for error in group["errors"].as_array_mut().unwrap() {
            for key in ["description", "remedy"] {
                let en = error[key]["en"].clone();
                if !en.is_null() {
                    error[key] = en;
                }
            }
        }
    }
    let found = problems(&validator, &document);
    assert!(found.is_empty(), "{}", found.join("\n"));
}
