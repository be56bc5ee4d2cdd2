//! YAML text to a small tree whose every node knows the line and column it starts at.
//!
//! `saphyr-parser` does the YAML itself (its event stream carries a span per event); this
//! module builds the tree `parse` reads, resolving scalars by YAML 1.2's core schema and
//! rejecting a mapping that repeats a key, which serde-style readers silently collapse.
//! It is what the full `saphyr` loader would give, without that crate's dependencies
//! (hash maps, ordered floats), which a user's clean build would otherwise compile.

use std::borrow::Cow;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span, Tag};

use super::diag::Location;

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
    /// A value with an application tag (`!thing …`): nothing the catalogue uses.
    Tagged,
    /// A core-schema tag its text does not fit (`!!int abc`), or an unknown alias.
    Invalid,
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

    fn size(&self) -> usize {
        1 + match self {
            YamlData::Mapping(pairs) => pairs
                .iter()
                .map(|(k, v)| k.data.size() + v.data.size())
                .sum(),
            YamlData::Sequence(items) => items.iter().map(|i| i.data.size()).sum(),
            _ => 0,
        }
    }
}

/// Why the text is not YAML, and where.
#[derive(Debug)]
pub struct Error {
    pub at: Location,
    pub message: String,
}

/// Nodes that aliases (`*name`) may copy in one file, all aliases together: a few nested
/// anchors could otherwise expand into an exponential number of nodes.
const ALIAS_BUDGET: usize = 100_000;

/// Every document in `source`, in order.
pub fn load(source: &str) -> Result<Vec<MarkedYaml<'_>>, Error> {
    let mut loader = Loader::default();
    let mut parser = Parser::new_from_str(source);
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| scan_error(&e))?;
        loader.event(event, span)?;
    }
    Ok(loader.documents)
}

fn scan_error(e: &ScanError) -> Error {
    Error {
        at: Location {
            line: e.marker().line(),
            column: e.marker().col() + 1,
        },
        message: e.info().to_owned(),
    }
}

fn location(span: Span) -> Location {
    Location {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

/// A mapping or sequence still being read.
struct Open<'y> {
    node: MarkedYaml<'y>,
    anchor: usize,
    /// Its application tag, if any: the node becomes [`YamlData::Tagged`] when it closes.
    tagged: bool,
    /// In a mapping: the key read, waiting for its value.
    key: Option<MarkedYaml<'y>>,
}

#[derive(Default)]
struct Loader<'y> {
    documents: Vec<MarkedYaml<'y>>,
    open: Vec<Open<'y>>,
    /// The document's root, once read.
    root: Option<MarkedYaml<'y>>,
    anchors: Vec<(usize, MarkedYaml<'y>)>,
    alias_budget_used: usize,
}

impl<'y> Loader<'y> {
    fn event(&mut self, event: Event<'y>, span: Span) -> Result<(), Error> {
        let at = location(span);
        match event {
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentStart(_) => {}
            Event::DocumentEnd => {
                let root = self.root.take().unwrap_or(MarkedYaml {
                    data: YamlData::Invalid,
                    at,
                });
                self.documents.push(root);
            }
            Event::MappingStart(anchor, tag) => {
                self.open(YamlData::Mapping(Vec::new()), at, anchor, tag.as_deref());
            }
            Event::SequenceStart(anchor, tag) => {
                self.open(YamlData::Sequence(Vec::new()), at, anchor, tag.as_deref());
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let open = self
                    .open
                    .pop()
                    .expect("the parser balances starts and ends");
                let mut node = open.node;
                if open.tagged {
                    node.data = YamlData::Tagged;
                }
                self.insert(node, open.anchor)?;
            }
            Event::Scalar(text, style, anchor, tag) => {
                let data = scalar(text, style, tag.as_deref());
                self.insert(MarkedYaml { data, at }, anchor)?;
            }
            Event::Alias(anchor) => {
                let node = match self.anchors.iter().rev().find(|(id, _)| *id == anchor) {
                    Some((_, node)) => {
                        self.alias_budget_used += node.data.size();
                        if self.alias_budget_used > ALIAS_BUDGET {
                            return Err(Error {
                                at,
                                message: "aliases expand to too many nodes".to_owned(),
                            });
                        }
                        MarkedYaml {
                            data: node.data.clone(),
                            at,
                        }
                    }
                    None => MarkedYaml {
                        data: YamlData::Invalid,
                        at,
                    },
                };
                self.insert(node, 0)?;
            }
        }
        Ok(())
    }

    fn open(&mut self, data: YamlData<'y>, at: Location, anchor: usize, tag: Option<&Tag>) {
        self.open.push(Open {
            node: MarkedYaml { data, at },
            anchor,
            tagged: tag.is_some_and(|t| !t.is_yaml_core_schema()),
            key: None,
        });
    }

    /// Adds a finished node to the collection it is in, or makes it the document's root.
    fn insert(&mut self, node: MarkedYaml<'y>, anchor: usize) -> Result<(), Error> {
        if anchor > 0 {
            self.anchors.push((anchor, node.clone()));
        }
        let Some(parent) = self.open.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        match &mut parent.node.data {
            YamlData::Sequence(items) => items.push(node),
            YamlData::Mapping(pairs) => match parent.key.take() {
                None => parent.key = Some(node),
                Some(key) => {
                    if pairs.iter().any(|(k, _)| k.data.same(&key.data)) {
                        return Err(Error {
                            at: key.at,
                            message: "duplicated key in mapping".to_owned(),
                        });
                    }
                    pairs.push((key, node));
                }
            },
            _ => unreachable!("only collections are open"),
        }
        Ok(())
    }
}

/// A scalar's value under YAML 1.2's core schema: quoted text is a string; plain text is
/// null, a boolean, an integer or a float when it reads as one, else a string.
fn scalar<'y>(text: Cow<'y, str>, style: ScalarStyle, tag: Option<&Tag>) -> YamlData<'y> {
    match tag {
        Some(tag) if !tag.is_yaml_core_schema() => YamlData::Tagged,
        Some(tag) => {
            let parsed = match tag.suffix.as_str() {
                "str" => Some(YamlData::String(text)),
                "int" => text.parse().ok().map(YamlData::Integer),
                "float" => float(&text).map(YamlData::Float),
                "bool" => text.parse().ok().map(YamlData::Boolean),
                "null" => matches!(&*text, "~" | "null").then_some(YamlData::Null),
                _ => None,
            };
            parsed.unwrap_or(YamlData::Invalid)
        }
        None if style != ScalarStyle::Plain => YamlData::String(text),
        None => plain(text),
    }
}

fn plain(text: Cow<'_, str>) -> YamlData<'_> {
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
        let doc =
            root("[404, '404', 0x1F, -3, 1.5, .inf, true, False, ~, abc, !!str 12, !!int x, !t 1]");
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
                "Integer(-3)",
                "Float(1.5)",
                "Float(inf)",
                "Boolean(true)",
                "Boolean(false)",
                "Null",
                "String(\"abc\")",
                "String(\"12\")",
                "Invalid",
                "Tagged",
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
    fn copies_aliases_within_a_budget() {
        let doc = root("a: &x [1, 2]\nb: *x\n");
        let YamlData::Mapping(pairs) = &doc.data else {
            panic!()
        };
        assert!(pairs[0].1.data.same(&pairs[1].1.data));
        // Nine levels of ten aliases each: 10^9 nodes if copied in full.
        let mut lines = vec![String::from("l0: &l0 [a, a, a, a, a, a, a, a, a, a]")];
        for i in 1..9 {
            let alias = format!("*l{}", i - 1);
            let items = [alias.as_str(); 10].join(", ");
            lines.push(format!("l{i}: &l{i} [{items}]"));
        }
        let laughs = lines.join("\n");
        assert!(load(&laughs).is_err());
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
