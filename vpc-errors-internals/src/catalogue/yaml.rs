//! YAML text to a small tree whose every node knows the line and column it starts at.
//!
//! The reader is our own and reads what a catalogue is written in: comments, block and
//! flow collections, plain, quoted and block scalars, one document. `cursor` tracks the
//! position, `scalar` reads a scalar's text, `parser` the structure; this module holds the
//! tree, resolves plain scalars by YAML 1.2's core schema and defines when two keys are
//! the same, so that a mapping repeating a key is refused (serde-style readers silently
//! keep one). What YAML has and a catalogue does not use (anchors, aliases, tags, complex
//! keys, directives, tabs as indentation) is an error at its line and column, never a
//! silent misread. A parser crate would put its own dependencies (saphyr-parser brings
//! thiserror and its proc macro) on every user's critical path; this one costs nothing.

use std::borrow::Cow;

use super::diag::Location;

mod cursor;
mod parser;
mod scalar;

#[cfg(test)]
mod differential;

/// A YAML node and where it starts in the file.
#[derive(Debug, Clone)]
pub struct MarkedYaml<'y> {
    pub data: YamlData<'y>,
    pub at: Location,
}

/// What a node holds.
#[derive(Debug, Clone)]
pub enum YamlData<'y> {
    /// Key and value pairs, in file order; no key appears twice.
    Mapping(Vec<(MarkedYaml<'y>, MarkedYaml<'y>)>),
    Sequence(Vec<MarkedYaml<'y>>),
    String(Cow<'y, str>),
    Integer(i64),
    Float(f64),
    Boolean(bool),
    Null,
}

impl YamlData<'_> {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            YamlData::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_integer(&self) -> Option<i64> {
        match self {
            YamlData::Integer(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            YamlData::Boolean(b) => Some(*b),
            _ => None,
        }
    }

    /// Equal as YAML values (positions aside): what makes two keys the same key.
    fn same(&self, other: &Self) -> bool {
        match (self, other) {
            (YamlData::Mapping(a), YamlData::Mapping(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|(x, y)| x.0.data.same(&y.0.data) && x.1.data.same(&y.1.data))
            }
            (YamlData::Sequence(a), YamlData::Sequence(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.data.same(&y.data))
            }
            (YamlData::String(a), YamlData::String(b)) => a == b,
            (YamlData::Integer(a), YamlData::Integer(b)) => a == b,
            (YamlData::Float(a), YamlData::Float(b)) => a.to_bits() == b.to_bits(),
            (YamlData::Boolean(a), YamlData::Boolean(b)) => a == b,
            (YamlData::Null, YamlData::Null) => true,
            _ => false,
        }
    }
}

/// Why the text is not YAML the catalogue format reads, and where.
#[derive(Debug)]
pub struct Error {
    pub at: Location,
    pub message: String,
}

/// Every document in `source`, in order.
pub fn load(source: &str) -> Result<Vec<MarkedYaml<'_>>, Error> {
    parser::documents(source)
}

/// A plain scalar's value under YAML 1.2's core schema: null, a boolean, an integer or a
/// float when it reads as one, else a string. (Quoted text is always a string.)
fn resolve(text: Cow<'_, str>) -> YamlData<'_> {
    let s = &*text;
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return YamlData::Null,
        "true" | "True" | "TRUE" => return YamlData::Boolean(true),
        "false" | "False" | "FALSE" => return YamlData::Boolean(false),
        _ => {}
    }
    let radix = |prefix: &str, radix: u32| {
        s.strip_prefix(prefix)
            .filter(|digits| !digits.starts_with(['+', '-']))
            .and_then(|digits| i64::from_str_radix(digits, radix).ok())
    };
    if let Some(n) = radix("0x", 16).or_else(|| radix("0o", 8)) {
        return YamlData::Integer(n);
    }
    if let Ok(n) = s.parse::<i64>() {
        return YamlData::Integer(n);
    }
    if let Some(f) = float(s) {
        return YamlData::Float(f);
    }
    YamlData::String(text)
}

fn float(s: &str) -> Option<f64> {
    match s {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => Some(f64::NAN),
        // Rust reads `inf` and `nan` as floats; YAML does not.
        _ if s.bytes().any(|b| b.is_ascii_digit()) => s.parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(source: &str) -> MarkedYaml<'_> {
        load(source).unwrap().remove(0)
    }

    #[test]
    fn resolves_scalars_by_the_core_schema() {
        let doc = root("[404, '404', 0x1F, 0o17, -3, 1.5, .inf, true, False, ~, abc, \"12\"]");
        let YamlData::Sequence(items) = doc.data else {
            panic!("{doc:?}")
        };
        let found: Vec<String> = items.iter().map(|i| format!("{:?}", i.data)).collect();
        assert_eq!(
            found,
            [
                "Integer(404)",
                "String(\"404\")",
                "Integer(31)",
                "Integer(15)",
                "Integer(-3)",
                "Float(1.5)",
                "Float(inf)",
                "Boolean(true)",
                "Boolean(false)",
                "Null",
                "String(\"abc\")",
                "String(\"12\")",
            ]
        );
    }

    #[test]
    fn marks_every_node_with_its_line_and_column() {
        let doc = root("a:\n  - b: 1\n    c: { d: x }\n");
        let YamlData::Mapping(top) = &doc.data else {
            panic!()
        };
        assert_eq!((doc.at.line, doc.at.column), (1, 1));
        let YamlData::Sequence(items) = &top[0].1.data else {
            panic!()
        };
        let YamlData::Mapping(item) = &items[0].data else {
            panic!()
        };
        assert_eq!((item[0].0.at.line, item[0].0.at.column), (2, 5));
        assert_eq!((item[1].1.at.line, item[1].1.at.column), (3, 8));
    }

    #[test]
    fn rejects_a_repeated_key_at_the_repetition() {
        let e = load("a: 1\nb: 2\n'a': 3\n").unwrap_err();
        assert_eq!((e.at.line, e.at.column), (3, 1));
        assert_eq!(e.message, "duplicated key in mapping");
        assert!(
            load("1: a\n'1': b\n").is_ok(),
            "an integer and a string differ"
        );
    }

    #[test]
    fn refuses_what_the_catalogue_format_does_not_use_where_it_is() {
        for (source, at, says) in [
            ("a: &x 1\n", (1, 4), "anchors"),
            ("a: 1\nb: *x\n", (2, 4), "aliases"),
            ("a: !!str 1\n", (1, 4), "tags"),
            ("? a\n: b\n", (1, 1), "explicit keys"),
            ("[a, b]: c\n", (1, 7), "a collection as a key"),
            ("%YAML 1.2\n---\na: 1\n", (1, 1), "directives"),
            ("a:\n\tb: 1\n", (2, 1), "tabs"),
            ("a: |2\n  x\n", (1, 5), "indentation indicator"),
        ] {
            let e = load(source).unwrap_err();
            assert_eq!((e.at.line, e.at.column), at, "{source:?}: {e:?}");
            assert!(e.message.contains(says), "{source:?}: {e:?}");
        }
    }

    #[test]
    fn bounds_the_nesting_depth() {
        let deep = "[".repeat(100_000);
        let e = load(&deep).unwrap_err();
        assert!(e.message.contains("nested deeper"), "{e:?}");
        let mut block = String::new();
        for level in 0..200 {
            block.push_str(&" ".repeat(level));
            block.push_str("- \n");
        }
        assert!(load(&block).is_err());
    }

    #[test]
    fn counts_documents() {
        assert_eq!(load("").unwrap().len(), 0);
        let YamlData::Mapping(pairs) = root("a:\n").data else {
            panic!()
        };
        assert!(matches!(pairs[0].1.data, YamlData::Null));
        assert_eq!(load("a: 1\n---\nb: 2\n").unwrap().len(), 2);
    }
}
