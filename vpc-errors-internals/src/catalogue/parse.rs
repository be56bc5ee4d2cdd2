//! YAML text to [`Catalogue`]: the file's shape (keys, types, nesting). What the values
//! mean is checked afterwards in `validate`.
//!
//! `yaml` keeps a line and column on every node: each problem here and in `validate` can
//! name the exact spot.

use super::diag::{Location, Problems, did_you_mean, one_of};
use crate::suggest::closest;
use crate::wire::{BodyShape, Wire};

use super::model::{Catalogue, Entry, Group, Language, Operation, Role, RoleRow, Spanned, Texts};
use super::validate;
use super::yaml::{self, MarkedYaml, YamlData};
use crate::template::Template;

/// Reads `source`; every shape problem is added to `problems`. Returns what could be read,
/// so validation can still report on the rest of the file, or `None` when the text is not
/// a YAML mapping at all (validating it would only repeat that).
pub fn catalogue(source: &str, problems: &mut Problems) -> Option<Catalogue> {
    let mut catalogue = Catalogue {
        service: String::new(),
        wire: Wire::DEFAULT,
        code_formats: Vec::new(),
        languages: vec![Language::Zh, Language::En],
        groups: Vec::new(),
        operations: Vec::new(),
        entries: Vec::new(),
    };
    let documents = match yaml::load(source) {
        Ok(documents) => documents,
        Err(e) => {
            problems.push(e.at, format!("this is not valid YAML: {}", e.message));
            return None;
        }
    };
    let Some(root) = documents.first() else {
        problems.push(
            Location { line: 1, column: 1 },
            "the file is empty; it needs `service:` and `groups:`",
        );
        return None;
    };
    if let Some(extra) = documents.get(1) {
        problems.push(
            location(extra),
            "a second YAML document (`---`); the catalogue is a single document",
        );
    }
    let top = Map::read(root, "the catalogue", HEADER_KEYS, problems)?;
    if let Some(service) = top.string("service", problems) {
        catalogue.service = service.value;
    }
    read_header(&top, &mut catalogue, problems);
    for group in top.sequence("groups", problems) {
        read_group(group, &mut catalogue, problems);
    }
    Some(catalogue)
}

const HEADER_KEYS: &[&str] = &[
    "service",
    "body",
    "request_id",
    "codes",
    "languages",
    "groups",
];

/// The optional keys that describe the service's wire format and the catalogue's text:
/// `body`, `request_id`, `codes` and `languages`.
fn read_header(top: &Map<'_, '_>, catalogue: &mut Catalogue, problems: &mut Problems) {
    if top.has("body")
        && let Some(shape) = top.string("body", problems)
    {
        match BodyShape::from_name(&shape.value) {
            Some(s) => catalogue.wire.shape = s,
            None => {
                let names: Vec<&str> = BodyShape::ALL.iter().map(|s| s.name()).collect();
                let shapes: Vec<String> = BodyShape::ALL
                    .iter()
                    .map(|s| format!("`{}` ({})", s.name(), s.example()))
                    .collect();
                let hint = closest(&shape.value, names);
                let fix = if hint.is_empty() {
                    format!("; the shapes are {}", shapes.join(", "))
                } else {
                    did_you_mean(&hint)
                };
                problems.push(
                    shape.at,
                    format!("unknown body shape `{}`{fix}", shape.value),
                );
            }
        }
    }
    if let Some(request_id) = top.optional_bool("request_id", problems) {
        catalogue.wire.request_id = request_id;
    }
    if top.has("codes") {
        catalogue.code_formats = top.strings("codes", problems);
        if catalogue.code_formats.is_empty() {
            problems.push(
                top.at,
                "`codes` is empty; give the pattern of the table's codes, e.g. `[\"APIGW.####\"]`, or remove it for `VPC.0504`-style codes",
            );
        }
    }
    if top.has("languages") {
        let mut languages = Vec::new();
        for key in top.strings("languages", problems) {
            match Language::from_key(&key.value) {
                Some(l) if languages.contains(&l) => {
                    problems.push(key.at, format!("`{}` is listed twice", key.value));
                }
                Some(l) => languages.push(l),
                None => problems.push(
                    key.at,
                    format!(
                        "unknown language `{}`; a catalogue's texts are in `zh`, `en` or both",
                        key.value
                    ),
                ),
            }
        }
        if languages.is_empty() {
            problems.push(
                top.at,
                "`languages` must name at least one of `zh` and `en`",
            );
        } else {
            catalogue.languages = languages;
        }
    }
}

fn read_group(node: &MarkedYaml<'_>, catalogue: &mut Catalogue, problems: &mut Problems) {
    let Some(map) = Map::read(
        node,
        "a group",
        &["group", "common", "roles", "operations", "errors"],
        problems,
    ) else {
        return;
    };
    let index = catalogue.groups.len();
    let name = map.string("group", problems).unwrap_or_else(|| Spanned {
        value: String::new(),
        at: map.at,
    });
    let common = map.optional_bool("common", problems).unwrap_or(false);
    let roles = map
        .get("roles")
        .map(|node| read_roles(node, &Role::COMMON, problems))
        .unwrap_or_default();
    let mut group = Group {
        name,
        common,
        operations: Vec::new(),
        entries: Vec::new(),
        roles,
    };
    if map.has("operations") {
        for op in map.sequence("operations", problems) {
            if let Some(operation) = read_operation(op, index, problems) {
                group.operations.push(catalogue.operations.len());
                catalogue.operations.push(operation);
            }
        }
    }
    for e in map.sequence("errors", problems) {
        if let Some(entry) = read_entry(e, index, catalogue, problems) {
            group.entries.push(catalogue.entries.len());
            catalogue.entries.push(entry);
        }
    }
    catalogue.groups.push(group);
}

fn read_operation(
    node: &MarkedYaml<'_>,
    group: usize,
    problems: &mut Problems,
) -> Option<Operation> {
    let keys = ["name", "title", "service", "method", "path", "roles"];
    let map = Map::read(node, "an operation", &keys, problems)?;
    let roles = map
        .get("roles")
        .map(|node| read_roles(node, &Role::OPERATION, problems))
        .unwrap_or_default();
    Some(Operation {
        roles,
        name: map.string("name", problems)?,
        title: map.string("title", problems)?,
        service: map.string("service", problems)?,
        method: map.string("method", problems)?,
        path: map.string("path", problems)?,
        group,
    })
}

/// `roles: { body: InvalidParam, path: { name: InvalidParam, status: 400 } }`: each role
/// in `allowed` to a row by name, with the status when the row lists several.
fn read_roles(node: &MarkedYaml<'_>, allowed: &[Role], problems: &mut Problems) -> Vec<RoleRow> {
    let YamlData::Mapping(pairs) = &node.data else {
        problems.push(
            location(node),
            format!(
                "`roles` must map a role to a row's name, e.g. `roles: {{ {}: InvalidParam }}`, found {}",
                allowed[0].key(),
                kind(node)
            ),
        );
        return Vec::new();
    };
    let keys: Vec<&str> = allowed.iter().map(|r| r.key()).collect();
    let mut roles = Vec::new();
    for (key, value) in pairs {
        let Some(role) = key
            .data
            .as_str()
            .and_then(Role::from_key)
            .filter(|r| allowed.contains(r))
        else {
            let text = key.data.as_str().unwrap_or("");
            let hint = closest(text, keys.iter().copied());
            let fix = if hint.is_empty() {
                format!("; the roles here are {}", one_of(&keys))
            } else {
                did_you_mean(&hint)
            };
            let scope = if Role::from_key(text).is_some() {
                if allowed == Role::COMMON {
                    " of a common group (it belongs under an operation)"
                } else {
                    " of an operation (it belongs beside `common: true`)"
                }
            } else {
                ""
            };
            problems.push(location(key), format!("unknown role `{text}`{scope}{fix}"));
            continue;
        };
        let role = Spanned {
            value: role,
            at: location(key),
        };
        if let Some(name) = value.data.as_str() {
            roles.push(RoleRow {
                role,
                name: Spanned {
                    value: name.to_owned(),
                    at: location(value),
                },
                status: None,
            });
            continue;
        }
        let Some(row) = Map::read(value, "a role's row", &["name", "status"], problems) else {
            continue;
        };
        let name = row.string("name", problems);
        let status = row
            .has("status")
            .then(|| row.integer("status", problems))
            .flatten();
        let status = status.and_then(|s| match u16::try_from(s.value) {
            Ok(value) => Some(Spanned { value, at: s.at }),
            Err(_) => {
                problems.push(s.at, format!("status {} is not an HTTP status", s.value));
                None
            }
        });
        if let Some(name) = name {
            roles.push(RoleRow { role, name, status });
        }
    }
    roles
}

fn read_entry(
    node: &MarkedYaml<'_>,
    group: usize,
    catalogue: &Catalogue,
    problems: &mut Problems,
) -> Option<Entry> {
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
    let map = Map::read(node, "an error entry", &keys, problems)?;
    let name = map.string("name", problems);
    let code = map.string("code", problems);
    let statuses = map.statuses(problems);
    let message = map.string("message", problems).and_then(|m| {
        Template::parse(&m.value)
            .map_err(|why| {
                for w in why {
                    problems.push(m.at, format!("the message template is malformed: {w}"));
                }
            })
            .ok()
            .map(|t| Spanned { value: t, at: m.at })
    });
    let table_message = map
        .has("table_message")
        .then(|| map.string("table_message", problems));
    let table_part = map
        .has("table_part")
        .then(|| map.integer("table_part", problems));
    let description = read_texts(&map, "description", &catalogue.languages, problems);
    let remedy = read_texts(&map, "remedy", &catalogue.languages, problems);
    let complete = name.is_some()
        && code.is_some()
        && statuses.is_some()
        && message.is_some()
        && description.is_some()
        && remedy.is_some();
    if !complete {
        // The entry is dropped from the model, so check what it does have here: one
        // compile then reports all of its problems, not the missing key alone.
        if let Some(n) = &name {
            validate::name(n, problems);
        }
        if let Some(c) = &code {
            validate::code(c, &catalogue.code_formats, problems);
        }
        if let Some(s) = &statuses {
            validate::statuses(s, problems);
        }
    }
    Some(Entry {
        name: name?,
        code: code?,
        statuses: statuses?,
        message: message?,
        table_message: table_message.flatten(),
        table_part: table_part.flatten().map(|p| Spanned {
            value: u32::try_from(p.value).unwrap_or(0),
            at: p.at,
        }),
        description: description?,
        remedy: remedy?,
        group,
        at: map.at,
    })
}

/// `description:` / `remedy:`: a mapping by language (`{ zh: "…", en: "…" }`), or, in a
/// catalogue of one language, the text itself. Which languages must be there is checked
/// in `validate`.
fn read_texts(
    map: &Map<'_, '_>,
    key: &str,
    languages: &[Language],
    problems: &mut Problems,
) -> Option<Texts> {
    let node = map.required(key, problems)?;
    let what = if key == "remedy" {
        "a remedy"
    } else {
        "a description"
    };
    if let [only] = languages
        && let Some(text) = map.optional_plain_string(key)
    {
        let mut texts = Texts { zh: None, en: None };
        match only {
            Language::Zh => texts.zh = Some(text),
            Language::En => texts.en = Some(text),
        }
        return Some(texts);
    }
    let keys: Vec<&str> = Language::ALL.iter().map(|l| l.key()).collect();
    let inner = Map::read(node, what, &keys, problems)?;
    for other in Language::ALL.into_iter().filter(|l| !languages.contains(l)) {
        if let Some(text) = inner.optional_plain_string(other.key()) {
            problems.push(
                text.at,
                format!(
                    "`{}` is not one of the catalogue's languages; remove it, or add it to `languages`",
                    other.key()
                ),
            );
        }
    }
    let read = |language: Language, problems: &mut Problems| {
        if languages.contains(&language) {
            inner.string(language.key(), problems)
        } else {
            None
        }
    };
    let zh = read(Language::Zh, problems);
    let en = read(Language::En, problems);
    Some(Texts { zh, en })
}

fn location(node: &MarkedYaml<'_>) -> Location {
    node.at
}

fn kind(node: &MarkedYaml<'_>) -> &'static str {
    match &node.data {
        YamlData::Mapping(_) => "a mapping",
        YamlData::Sequence(_) => "a list",
        YamlData::String(_) => "a string",
        YamlData::Integer(_) => "an integer",
        YamlData::Float(_) => "a number",
        YamlData::Boolean(_) => "a boolean",
        YamlData::Null => "nothing (null)",
    }
}

/// A YAML mapping whose keys have been checked against the ones allowed.
struct Map<'n, 'y> {
    node: &'n MarkedYaml<'y>,
    what: &'static str,
    at: Location,
}

impl<'n, 'y> Map<'n, 'y> {
    fn read(
        node: &'n MarkedYaml<'y>,
        what: &'static str,
        allowed: &[&str],
        problems: &mut Problems,
    ) -> Option<Self> {
        let YamlData::Mapping(map) = &node.data else {
            problems.push(
                location(node),
                format!("expected {what} (a mapping of keys), found {}", kind(node)),
            );
            return None;
        };
        for (key, _) in map {
            match key.data.as_str() {
                Some(k) if allowed.contains(&k) => {}
                Some(k) => {
                    let hint = closest(k, allowed.iter().copied());
                    let fix = if hint.is_empty() {
                        format!("; the keys of {what} are {}", one_of(allowed))
                    } else {
                        did_you_mean(&hint)
                    };
                    problems.push(location(key), format!("unknown key `{k}` in {what}{fix}"));
                }
                None => problems.push(location(key), format!("a key of {what} must be a string")),
            }
        }
        Some(Map {
            node,
            what,
            at: location(node),
        })
    }

    fn get(&self, key: &str) -> Option<&'n MarkedYaml<'y>> {
        let YamlData::Mapping(map) = &self.node.data else {
            return None;
        };
        map.iter()
            .find(|(k, _)| k.data.as_str() == Some(key))
            .map(|(_, v)| v)
    }

    fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    fn required(&self, key: &str, problems: &mut Problems) -> Option<&'n MarkedYaml<'y>> {
        let value = self.get(key);
        if value.is_none() {
            problems.push(self.at, format!("{} is missing `{key}`", self.what));
        }
        value
    }

    fn string(&self, key: &str, problems: &mut Problems) -> Option<Spanned<String>> {
        let node = self.required(key, problems)?;
        match node.data.as_str() {
            Some(s) => Some(Spanned {
                value: s.to_owned(),
                at: location(node),
            }),
            None => {
                problems.push(
                    location(node),
                    format!("`{key}` must be a string, found {}; quote it", kind(node)),
                );
                None
            }
        }
    }

    fn integer(&self, key: &str, problems: &mut Problems) -> Option<Spanned<i64>> {
        let node = self.required(key, problems)?;
        integer(node, key, problems)
    }

    fn optional_bool(&self, key: &str, problems: &mut Problems) -> Option<bool> {
        let node = self.get(key)?;
        let value = node.data.as_bool();
        if value.is_none() {
            problems.push(
                location(node),
                format!("`{key}` must be `true` or `false`, found {}", kind(node)),
            );
        }
        value
    }

    fn sequence(&self, key: &str, problems: &mut Problems) -> &'n [MarkedYaml<'y>] {
        let Some(node) = self.required(key, problems) else {
            return &[];
        };
        if let YamlData::Sequence(items) = &node.data {
            items
        } else {
            problems.push(
                location(node),
                format!("`{key}` must be a list (`- ` items), found {}", kind(node)),
            );
            &[]
        }
    }

    /// A list of strings (`codes: ["APIGW.####"]`); a single string counts as a list of one.
    fn strings(&self, key: &str, problems: &mut Problems) -> Vec<Spanned<String>> {
        let Some(node) = self.required(key, problems) else {
            return Vec::new();
        };
        let items: Vec<&MarkedYaml<'_>> = match &node.data {
            YamlData::Sequence(items) => items.iter().collect(),
            _ => vec![node],
        };
        items
            .into_iter()
            .filter_map(|item| match item.data.as_str() {
                Some(s) => Some(Spanned {
                    value: s.to_owned(),
                    at: location(item),
                }),
                None => {
                    problems.push(
                        location(item),
                        format!("`{key}` must list strings, found {}", kind(item)),
                    );
                    None
                }
            })
            .collect()
    }

    /// The value at `key` when it is a string (and nothing is reported when it is not).
    fn optional_plain_string(&self, key: &str) -> Option<Spanned<String>> {
        let node = self.get(key)?;
        node.data.as_str().map(|s| Spanned {
            value: s.to_owned(),
            at: location(node),
        })
    }

    /// `status: 404` or `status: [404, 500]`.
    fn statuses(&self, problems: &mut Problems) -> Option<Spanned<Vec<u16>>> {
        let node = self.required("status", problems)?;
        let items: Vec<&MarkedYaml<'_>> = match &node.data {
            YamlData::Sequence(items) => items.iter().collect(),
            _ => vec![node],
        };
        let mut statuses = Vec::new();
        for item in items {
            let n = integer(item, "status", problems)?;
            if let Ok(status) = u16::try_from(n.value) {
                statuses.push(status);
            } else {
                problems.push(n.at, format!("status {} is not an HTTP status", n.value));
                return None;
            }
        }
        Some(Spanned {
            value: statuses,
            at: location(node),
        })
    }
}

fn integer(node: &MarkedYaml<'_>, key: &str, problems: &mut Problems) -> Option<Spanned<i64>> {
    if let Some(n) = node.data.as_integer() {
        Some(Spanned {
            value: n,
            at: location(node),
        })
    } else {
        problems.push(
            location(node),
            format!("`{key}` must be a whole number, found {}", kind(node)),
        );
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems_of(source: &str) -> Vec<String> {
        let mut problems = Problems::default();
        catalogue(source, &mut problems);
        problems
            .into_sorted()
            .into_iter()
            .map(|p| format!("{}: {}", p.at, p.message))
            .collect()
    }

    const ENTRY: &str = r#"
service: "t"
groups:
  - group: "g"
    operations:
      - { name: "ShowThing", title: "t", service: "VPC", method: "GET", path: "/x" }
    errors:
      - name: "ThingNotFound"
        code: "VPC.0001"
        status: [404, 500]
        message: "Thing {thing_id} is gone."
        table_message: "Thing xxx is gone."
        description: { zh: "无", en: "None." }
        remedy: { zh: "无", en: "None." }
"#;

    #[test]
    fn reads_a_well_formed_catalogue() {
        let mut problems = Problems::default();
        let c = catalogue(ENTRY, &mut problems).unwrap();
        assert!(problems.is_empty(), "{:?}", problems.into_sorted());
        assert_eq!(c.operations[0].name.value, "ShowThing");
        let e = &c.entries[0];
        assert_eq!(e.statuses.value, [404, 500]);
        assert_eq!(e.params(), ["thing_id"]);
        assert_eq!(
            e.code.at,
            Location {
                line: 9,
                column: 15
            }
        );
    }

    #[test]
    fn reports_every_shape_problem_with_its_position() {
        let bad = ENTRY
            .replace("code: \"VPC.0001\"", "cod: \"VPC.0001\"")
            .replace("status: [404, 500]", "status: \"404\"");
        let found = problems_of(&bad);
        assert_eq!(
            found,
            [
                "8:9: an error entry is missing `code`",
                "9:9: unknown key `cod` in an error entry; did you mean `code`?",
                "10:17: `status` must be a whole number, found a string",
            ]
        );
    }

    #[test]
    fn an_incomplete_entry_still_has_its_fields_checked() {
        let bad = ENTRY
            .replace("code: \"VPC.0001\"", "code: \"VPC.01\"")
            .replace("        message: \"Thing {thing_id} is gone.\"\n", "");
        let found = problems_of(&bad);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("missing `message`"), "{found:?}");
        assert!(
            found[1].contains("`VPC.01` is not an error code"),
            "{found:?}"
        );
    }

    #[test]
    fn rejects_duplicate_keys_instead_of_keeping_one() {
        let dup = ENTRY.replace(
            "        code: \"VPC.0001\"\n",
            "        code: \"VPC.0001\"\n        code: \"VPC.0002\"\n",
        );
        let found = problems_of(&dup);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("10:9: this is not valid YAML: duplicated key"),
            "{found:?}"
        );
    }
}
