//! A catalogue file read at run time (feature `import`): the `vpc-errors` command's
//! `--catalogue FILE`, and the check every imported catalogue goes through.
//!
//! The proc-macro crate cannot export its reader, so this module reads the file with the
//! same YAML crate and applies the same rules (`vpc-errors-macros/src/{parse,validate}.rs`):
//! keys, types, code patterns, statuses, names unique per operation counting the common
//! errors, templates and their table wording, numbered parts, texts in each declared
//! language. What it accepts, `catalogue!` accepts; each problem names its line and column.
//! A loaded catalogue is leaked into a `'static` [`Catalogue`], which is what the registry
//! queries and `docs` take: fine for a process that loads one file once.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fmt::Write as _;

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
use vpc_errors_internals::escape::JsonEscaped;
use vpc_errors_internals::template::{self, Template};
use vpc_errors_internals::wire::{BodyShape, Wire};

use crate::registry::{Catalogue, Entry, Operation, Piece, Texts};

/// One problem of a catalogue file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// A catalogue read and checked, not yet leaked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    service: String,
    wire: Wire,
    languages: Vec<&'static str>,
    codes: Vec<String>,
    groups: Vec<GroupModel>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct GroupModel {
    name: String,
    common: bool,
    operations: Vec<[String; 5]>,
    entries: Vec<EntryModel>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct EntryModel {
    line: usize,
    name: String,
    code: String,
    statuses: Vec<u16>,
    message: Template,
    table_message: Option<String>,
    table_part: Option<u8>,
    description: [String; 2],
    remedy: [String; 2],
}

struct Reader {
    problems: Vec<Problem>,
}

fn at(node: &MarkedYaml<'_>) -> (usize, usize) {
    (node.span.start.line(), node.span.start.col() + 1)
}

fn kind(node: &MarkedYaml<'_>) -> &'static str {
    match &node.data {
        YamlData::Mapping(_) => "a mapping",
        YamlData::Sequence(_) => "a list",
        YamlData::Value(Scalar::String(_)) => "a string",
        YamlData::Value(Scalar::Integer(_)) => "an integer",
        YamlData::Value(Scalar::Boolean(_)) => "a boolean",
        YamlData::Value(Scalar::Null) => "nothing (null)",
        _ => "another value",
    }
}

impl Reader {
    fn push(&mut self, (line, column): (usize, usize), message: impl Into<String>) {
        self.problems.push(Problem {
            line,
            column,
            message: message.into(),
        });
    }

    /// The mapping's entries, unknown and repeated keys reported.
    fn map<'n, 'y>(
        &mut self,
        node: &'n MarkedYaml<'y>,
        what: &str,
        allowed: &[&str],
    ) -> Option<HashMap<String, &'n MarkedYaml<'y>>> {
        let YamlData::Mapping(map) = &node.data else {
            self.push(
                at(node),
                format!("expected {what} (a mapping of keys), found {}", kind(node)),
            );
            return None;
        };
        let mut out = HashMap::new();
        for (k, v) in map {
            match k.data.as_str() {
                Some(key) if allowed.contains(&key) => {
                    out.insert(key.to_owned(), v);
                }
                Some(key) => self.push(at(k), format!("unknown key `{key}` in {what}")),
                None => self.push(at(k), format!("a key of {what} must be a string")),
            }
        }
        Some(out)
    }

    fn string(
        &mut self,
        map: &HashMap<String, &MarkedYaml<'_>>,
        key: &str,
        owner: (usize, usize),
        what: &str,
    ) -> Option<String> {
        let Some(node) = map.get(key) else {
            self.push(owner, format!("{what} is missing `{key}`"));
            return None;
        };
        if let Some(s) = node.data.as_str() {
            if s.trim().is_empty() {
                self.push(at(node), format!("`{key}` is empty; write it"));
            }
            Some(s.to_owned())
        } else {
            self.push(
                at(node),
                format!("`{key}` must be a string, found {}", kind(node)),
            );
            None
        }
    }
}

/// Reads and checks a catalogue's text.
///
/// # Errors
/// Every problem found, in file order.
pub fn parse(source: &str) -> Result<Model, Vec<Problem>> {
    let mut r = Reader {
        problems: Vec::new(),
    };
    let model = read(source, &mut r);
    r.problems.sort_by_key(|p| (p.line, p.column));
    match model {
        Some(model) if r.problems.is_empty() => Ok(model),
        _ => Err(r.problems),
    }
}

fn read(source: &str, r: &mut Reader) -> Option<Model> {
    let documents = match MarkedYaml::load_from_str(source) {
        Ok(d) => d,
        Err(e) => {
            let m = e.marker();
            r.push(
                (m.line(), m.col() + 1),
                format!("this is not valid YAML: {}", e.info()),
            );
            return None;
        }
    };
    let Some(root) = documents.first() else {
        r.push(
            (1, 1),
            "the file is empty; it needs `service:` and `groups:`",
        );
        return None;
    };
    let top = r.map(
        root,
        "the catalogue",
        &[
            "service",
            "body",
            "request_id",
            "codes",
            "languages",
            "groups",
        ],
    )?;
    let service = r.string(&top, "service", (1, 1), "the catalogue")?;
    let (wire, codes, languages) = read_header(r, &top);
    let Some(groups_node) = top.get("groups") else {
        r.push((1, 1), "the catalogue is missing `groups`");
        return None;
    };
    let YamlData::Sequence(items) = &groups_node.data else {
        r.push(at(groups_node), "`groups` must be a list");
        return None;
    };
    let mut groups = Vec::new();
    for node in items {
        if let Some(g) = group(r, node, &codes, &languages) {
            groups.push(g);
        }
    }
    let model = Model {
        service,
        wire,
        languages,
        codes,
        groups,
    };
    check(r, &model);
    Some(model)
}

/// The optional header keys: `body`, `request_id`, `codes` and `languages`.
fn read_header(
    r: &mut Reader,
    top: &HashMap<String, &MarkedYaml<'_>>,
) -> (Wire, Vec<String>, Vec<&'static str>) {
    let mut wire = Wire::DEFAULT;
    if let Some(node) = top.get("body") {
        match node.data.as_str().and_then(BodyShape::from_name) {
            Some(shape) => wire.shape = shape,
            None => r.push(
                at(node),
                "unknown body shape; the shapes are `code_message`, `error_code`, `nested`, `dual`",
            ),
        }
    }
    if let Some(node) = top.get("request_id") {
        match node.data.as_bool() {
            Some(b) => wire.request_id = b,
            None => r.push(at(node), "`request_id` must be `true` or `false`"),
        }
    }
    let codes = strings(r, top.get("codes").copied(), "codes");
    for (code, node) in &codes {
        let ok = code
            .chars()
            .all(|c| c == '#' || c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
            && code.contains('#')
            && !code.starts_with('#');
        if !ok {
            r.push(*node, format!("`{code}` is not a code pattern"));
        }
    }
    if top.contains_key("codes") && codes.is_empty() {
        r.push((1, 1), "`codes` is empty");
    }
    let mut languages: Vec<&'static str> = vec!["zh", "en"];
    if let Some(node) = top.get("languages") {
        languages.clear();
        for (l, pos) in strings(r, Some(node), "languages") {
            match l.as_str() {
                "zh" | "en" if languages.contains(&if l == "zh" { "zh" } else { "en" }) => {
                    r.push(pos, format!("`{l}` is listed twice"));
                }
                "zh" => languages.push("zh"),
                "en" => languages.push("en"),
                _ => r.push(pos, format!("unknown language `{l}`")),
            }
        }
        if languages.is_empty() {
            r.push(
                at(node),
                "`languages` must name at least one of `zh` and `en`",
            );
        }
    }
    let codes = codes.into_iter().map(|(c, _)| c).collect();
    (wire, codes, languages)
}

fn strings(
    r: &mut Reader,
    node: Option<&MarkedYaml<'_>>,
    key: &str,
) -> Vec<(String, (usize, usize))> {
    let Some(node) = node else {
        return Vec::new();
    };
    let YamlData::Sequence(items) = &node.data else {
        r.push(at(node), format!("`{key}` must be a list"));
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|i| match i.data.as_str() {
            Some(s) => Some((s.to_owned(), at(i))),
            None => {
                r.push(at(i), format!("`{key}` must list strings"));
                None
            }
        })
        .collect()
}

const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

fn is_upper_camel(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && s.chars().all(|c| c.is_ascii_alphanumeric())
}

fn group(
    r: &mut Reader,
    node: &MarkedYaml<'_>,
    codes: &[String],
    languages: &[&'static str],
) -> Option<GroupModel> {
    let pos = at(node);
    let map = r.map(
        node,
        "a group",
        &["group", "common", "operations", "errors"],
    )?;
    let name = r.string(&map, "group", pos, "a group")?;
    let common = match map.get("common") {
        None => false,
        Some(n) => n.data.as_bool().unwrap_or_else(|| {
            r.push(at(n), "`common` must be `true` or `false`");
            false
        }),
    };
    let mut operations = Vec::new();
    if let Some(ops) = map.get("operations") {
        let YamlData::Sequence(items) = &ops.data else {
            r.push(at(ops), "`operations` must be a list");
            return None;
        };
        for op in items {
            let opos = at(op);
            let keys = ["name", "title", "service", "method", "path"];
            let Some(fields) = r.map(op, "an operation", &keys) else {
                continue;
            };
            let fields = keys.map(|k| r.string(&fields, k, opos, "an operation"));
            let [
                Some(name),
                Some(title),
                Some(service),
                Some(method),
                Some(path),
            ] = fields
            else {
                continue;
            };
            if !is_upper_camel(&name) || name == "Common" {
                r.push(
                    opos,
                    format!("operation name `{name}` must be UpperCamelCase and not `Common`"),
                );
            }
            if !METHODS.contains(&method.as_str()) {
                r.push(opos, format!("`{method}` is not an HTTP method"));
            }
            if !path.starts_with('/') || path.contains(char::is_whitespace) {
                r.push(opos, format!("`{path}` is not a request path"));
            }
            operations.push([name, title, service, method, path]);
        }
    }
    match (common, operations.is_empty()) {
        (true, false) => r.push(
            pos,
            "a common group applies to every operation; remove its `operations`",
        ),
        (false, true) => r.push(
            pos,
            "this group has no `operations`; list them, or mark it `common: true`",
        ),
        _ => {}
    }
    let mut entries = Vec::new();
    if let Some(errors) = map.get("errors") {
        let YamlData::Sequence(items) = &errors.data else {
            r.push(at(errors), "`errors` must be a list");
            return None;
        };
        for e in items {
            if let Some(e) = entry(r, e, codes, languages) {
                entries.push(e);
            }
        }
    }
    if entries.is_empty() {
        r.push(pos, "this group has no errors; remove it or add its rows");
    }
    Some(GroupModel {
        name,
        common,
        operations,
        entries,
    })
}

fn matches_format(code: &str, pattern: &str) -> bool {
    code.len() == pattern.len()
        && code.bytes().zip(pattern.bytes()).all(|(c, p)| {
            if p == b'#' {
                c.is_ascii_digit()
            } else {
                c == p
            }
        })
}

fn is_code(s: &str) -> bool {
    s.split_once('.').is_some_and(|(prefix, number)| {
        !prefix.is_empty()
            && prefix.chars().all(|c| c.is_ascii_uppercase())
            && number.len() == 4
            && number.chars().all(|c| c.is_ascii_digit())
    })
}

fn entry(
    r: &mut Reader,
    node: &MarkedYaml<'_>,
    codes: &[String],
    languages: &[&'static str],
) -> Option<EntryModel> {
    let pos = at(node);
    let keys = [
        "name",
        "code",
        "status",
        "message",
        "table_message",
        "table_part",
        "description",
        "remedy",
    ];
    let map = r.map(node, "an error entry", &keys)?;
    let what = "an error entry";
    let name = r.string(&map, "name", pos, what);
    if let Some(n) = &name
        && !is_upper_camel(n)
    {
        r.push(pos, format!("error name `{n}` must be UpperCamelCase"));
    }
    let code = r.string(&map, "code", pos, what);
    if let Some(c) = &code {
        let ok = if codes.is_empty() {
            is_code(c)
        } else {
            codes.iter().any(|p| matches_format(c, p))
        };
        if !ok {
            r.push(
                pos,
                format!("`{c}` does not match the catalogue's code pattern"),
            );
        }
    }
    let statuses = statuses(r, map.get("status").copied(), pos);
    let message = r.string(&map, "message", pos, what).and_then(|m| {
        Template::parse(&m)
            .map_err(|why| {
                r.push(
                    pos,
                    format!("the message template is malformed: {}", why.join("; ")),
                );
            })
            .ok()
    });
    let table_message = map.get("table_message").and_then(|n| {
        let s = n.data.as_str().map(str::to_owned);
        if s.is_none() {
            r.push(at(n), "`table_message` must be a string");
        }
        s
    });
    if let (Some(t), Some(m)) = (&table_message, &message) {
        if !m.has_params() {
            r.push(pos, "`table_message` is only for templated messages");
        } else if !m.matches_table_wording(t) {
            r.push(pos, "`table_message` does not match the template");
        }
    }
    let table_part = map.get("table_part").and_then(|n| {
        let part = n.data.as_integer().and_then(|i| u8::try_from(i).ok());
        if part.is_none() {
            r.push(at(n), "`table_part` must be a small whole number");
        }
        part
    });
    let description = texts(
        r,
        map.get("description").copied(),
        "description",
        pos,
        languages,
    );
    let remedy = texts(r, map.get("remedy").copied(), "remedy", pos, languages);
    Some(EntryModel {
        line: pos.0,
        name: name?,
        code: code?,
        statuses: statuses?,
        message: message?,
        table_message,
        table_part,
        description: description?,
        remedy: remedy?,
    })
}

fn statuses(
    r: &mut Reader,
    node: Option<&MarkedYaml<'_>>,
    pos: (usize, usize),
) -> Option<Vec<u16>> {
    let Some(node) = node else {
        r.push(pos, "an error entry is missing `status`");
        return None;
    };
    let items: Vec<&MarkedYaml<'_>> = match &node.data {
        YamlData::Sequence(items) => items.iter().collect(),
        _ => vec![node],
    };
    let mut out = Vec::new();
    for item in items {
        match item.data.as_integer().and_then(|i| u16::try_from(i).ok()) {
            Some(s) if (400..=599).contains(&s) && !out.contains(&s) => out.push(s),
            _ => r.push(
                at(item),
                "a status is an error status (400 to 599), each listed once",
            ),
        }
    }
    (!out.is_empty()).then_some(out)
}

fn texts(
    r: &mut Reader,
    node: Option<&MarkedYaml<'_>>,
    key: &str,
    pos: (usize, usize),
    languages: &[&'static str],
) -> Option<[String; 2]> {
    let Some(node) = node else {
        r.push(pos, format!("an error entry is missing `{key}`"));
        return None;
    };
    let mut out = [String::new(), String::new()];
    let slot = |l: &str| usize::from(l == "en");
    if let ([only], Some(text)) = (languages, node.data.as_str()) {
        text.clone_into(&mut out[slot(only)]);
    } else {
        let map = r.map(node, &format!("a {key}"), &["zh", "en"])?;
        for k in map.keys() {
            if !languages.contains(&k.as_str()) {
                r.push(
                    at(node),
                    format!("`{k}` is not one of the catalogue's languages"),
                );
            }
        }
        for l in languages {
            out[slot(l)] = r.string(&map, l, at(node), &format!("a {key}"))?;
        }
    }
    for l in languages {
        if out[slot(l)].trim().is_empty() {
            r.push(at(node), format!("the `{l}` {key} is empty; write it"));
        }
    }
    Some(out)
}

/// The checks across entries: names and operations unique, numbered parts consecutive.
fn check(r: &mut Reader, m: &Model) {
    let mut operations = HashSet::new();
    for g in &m.groups {
        for op in &g.operations {
            if !operations.insert(op[0].as_str()) {
                r.push((1, 1), format!("operation `{}` is defined twice", op[0]));
            }
        }
    }
    let mut common = HashSet::new();
    for e in m
        .groups
        .iter()
        .filter(|g| g.common)
        .flat_map(|g| &g.entries)
    {
        if !common.insert(e.name.as_str()) {
            r.push(
                (e.line, 1),
                format!("error name `{}` is used twice in the common errors", e.name),
            );
        }
    }
    for g in &m.groups {
        if !g.common {
            let mut seen = HashSet::new();
            for e in &g.entries {
                if common.contains(e.name.as_str()) || !seen.insert(e.name.as_str()) {
                    r.push(
                        (e.line, 1),
                        format!("error name `{}` is used twice in this operation", e.name),
                    );
                }
            }
        }
        let mut expected = 1;
        let mut first: Option<&EntryModel> = None;
        for e in &g.entries {
            let Some(part) = e.table_part else {
                expected = 1;
                first = None;
                continue;
            };
            if part != expected && part != 1 {
                r.push(
                    (e.line, 1),
                    format!("`table_part: {part}` here should be {expected}"),
                );
            }
            if part == 1 {
                first = Some(e);
            } else if let Some(f) = first
                && (f.code != e.code || f.statuses != e.statuses)
            {
                r.push(
                    (e.line, 1),
                    "this part has a different code or status than part 1",
                );
            }
            expected = part.saturating_add(1);
        }
    }
}

fn leak<T>(v: Vec<T>) -> &'static [T] {
    Vec::leak(v)
}

fn leak_str(s: &str) -> &'static str {
    String::leak(s.to_owned())
}

impl Model {
    /// How many errors the catalogue has.
    #[must_use]
    pub fn entries(&self) -> usize {
        self.groups.iter().map(|g| g.entries.len()).sum()
    }

    /// The catalogue as registry data, leaked for the rest of the process.
    ///
    /// # Panics
    /// If the catalogue has more than `u16::MAX` entries.
    #[must_use]
    pub fn leak(self) -> &'static Catalogue {
        let mut operations = Vec::new();
        let mut entries = Vec::new();
        for (block, g) in self.groups.iter().enumerate() {
            let group = leak_str(&g.name);
            let names: Vec<&'static str> = g
                .operations
                .iter()
                .map(|[name, title, service, method, path]| {
                    let op = Operation {
                        name: leak_str(name),
                        group,
                        title: leak_str(title),
                        service: leak_str(service),
                        method: leak_str(method),
                        path: leak_str(path),
                    };
                    let name = op.name;
                    operations.push(op);
                    name
                })
                .collect();
            let names = leak(names);
            for e in &g.entries {
                let index = u16::try_from(entries.len()).expect("at most u16::MAX entries");
                let block = u16::try_from(block).expect("at most u16::MAX groups");
                entries.push(self.leak_entry(e, index, block, group, g.common, names));
            }
        }
        let entries = leak(entries);
        let mut by_code: Vec<u16> = (0..entries.len())
            .map(|i| u16::try_from(i).expect("at most u16::MAX entries"))
            .collect();
        by_code.sort_by(|&a, &b| {
            entries[usize::from(a)]
                .code
                .cmp(entries[usize::from(b)].code)
                .then(a.cmp(&b))
        });
        let by_code = leak(by_code);
        let code_slots = leak(crate::registry::code_slots_dynamic(entries, by_code));
        Box::leak(Box::new(Catalogue {
            service: leak_str(&self.service),
            wire: self.wire,
            languages: leak(self.languages),
            code_formats: leak(self.codes.iter().map(|c| leak_str(c)).collect()),
            operations: leak(operations),
            entries,
            by_code,
            code_slots,
        }))
    }

    fn leak_entry(
        &self,
        e: &EntryModel,
        index: u16,
        block: u16,
        group: &'static str,
        common: bool,
        names: &'static [&'static str],
    ) -> Entry {
        let pieces: Vec<Piece> = e
            .message
            .pieces
            .iter()
            .map(|p| match p {
                template::Piece::Text(t) => Piece::Text(leak_str(t)),
                template::Piece::Param(i) => {
                    Piece::Param(u8::try_from(*i).expect("at most 8 parameters"))
                }
            })
            .collect();
        let code = leak_str(&e.code);
        let literal = e.message.literal();
        let static_body = |wire: Wire| {
            let mut body = String::new();
            let _ = wire.write_body(&mut body, code, |w| JsonEscaped(w).write_str(&literal));
            leak_str(&body)
        };
        let body = (!e.message.has_params()).then(|| static_body(self.wire));
        let dual_body =
            (!e.message.has_params() && self.wire.shape != BodyShape::Nested).then(|| {
                static_body(Wire {
                    shape: BodyShape::Dual,
                    ..self.wire
                })
            });
        let source = leak_str(&e.message.source);
        Entry {
            index,
            name: leak_str(&e.name),
            code,
            statuses: leak(e.statuses.clone()),
            message: crate::registry::Template {
                source,
                pieces: leak(pieces),
                params: leak(e.message.params.iter().map(|p| leak_str(p)).collect()),
            },
            table_message: e.table_message.as_deref().map_or(source, leak_str),
            table_part: e.table_part,
            description: Texts {
                zh: leak_str(&e.description[0]),
                en: leak_str(&e.description[1]),
            },
            remedy: Texts {
                zh: leak_str(&e.remedy[0]),
                en: leak_str(&e.remedy[1]),
            },
            group,
            block,
            common,
            operations: if common { &[] } else { names },
            wire: self.wire,
            body,
            dual_body,
        }
    }
}

/// Why a catalogue file could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read.
    Io(std::io::Error),
    /// The file is not a valid catalogue.
    Invalid(Vec<Problem>),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io(e) => write!(f, "{e}"),
            LoadError::Invalid(problems) => {
                for (i, p) in problems.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\n")?;
                    }
                    write!(f, "{p}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// Reads, checks and leaks the catalogue file at `path`.
///
/// # Errors
/// If the file cannot be read or is not a valid catalogue.
pub fn load(path: &std::path::Path) -> Result<&'static Catalogue, LoadError> {
    let source = std::fs::read_to_string(path).map_err(LoadError::Io)?;
    parse(&source).map(Model::leak).map_err(LoadError::Invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_catalogue_loads_as_compiled() {
        let source = include_str!("../../catalogue.yaml");
        let loaded = parse(source).unwrap().leak();
        let compiled = &crate::CATALOGUE;
        assert_eq!(loaded.service, compiled.service);
        assert_eq!(loaded.operations, compiled.operations);
        assert_eq!(loaded.entries.len(), compiled.entries.len());
        for (a, b) in loaded.entries.iter().zip(compiled.entries) {
            assert_eq!(a, b);
        }
        assert_eq!(loaded.by_code, compiled.by_code);
        assert_eq!(loaded.by_code("VPC.0504").count(), 4);
        assert_eq!(
            loaded
                .lookup("CreateFlowLog", "VPC.3002", 404)
                .unwrap()
                .name,
            "ResourceNotFound"
        );
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let source = "service: \"t\"\ngroups:\n  - group: \"g\"\n    operations:\n      - { name: \"show\", title: \"t\", service: \"S\", method: \"FETCH\", path: \"x\" }\n    errors:\n      - name: \"Gone\"\n        code: \"VPC.01\"\n        status: 302\n        message: \"a {b\"\n        description: { zh: \"\", en: \"x\" }\n        remedy: { zh: \"x\", en: \"x\" }\n        mesage: \"x\"\n";
        let problems = parse(source).unwrap_err();
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        for expected in [
            "5:9: operation name `show`",
            "5:9: `FETCH` is not an HTTP method",
            "5:9: `x` is not a request path",
            "7:9: `VPC.01` does not match",
            "9:17: a status is an error status",
            "7:9: the message template is malformed",
            "11:22: the `zh` description is empty",
            "13:9: unknown key `mesage`",
        ] {
            assert!(
                text.iter().any(|t| t.starts_with(expected)),
                "{expected}: {text:#?}"
            );
        }
        assert!(
            parse("a: [").unwrap_err()[0]
                .message
                .contains("not valid YAML")
        );
        assert!(parse("").unwrap_err()[0].message.contains("empty"));
    }
}
