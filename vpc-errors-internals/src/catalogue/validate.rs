//! What the catalogue's values must mean, beyond its shape: each check names the fix.

use std::collections::HashMap;

use super::diag::{Location, Problems, one_of};
use super::model::{Catalogue, Entry, Language, Spanned, Texts};

const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

pub fn catalogue(c: &Catalogue, problems: &mut Problems) {
    if c.service.trim().is_empty() {
        problems.push(
            Location { line: 1, column: 1 },
            "`service` is empty; name the API this catalogue describes",
        );
    }
    code_formats(&c.code_formats, problems);
    operations(c, problems);
    for group in &c.groups {
        if group.name.value.trim().is_empty() {
            problems.push(
                group.name.at,
                "the group name is empty; copy the table's 模块 cell",
            );
        }
        match (group.common, group.operations.is_empty()) {
            (true, false) => problems.push(
                group.name.at,
                "a common group applies to every operation; remove its `operations`",
            ),
            (false, true) => problems.push(
                group.name.at,
                "this group has no `operations`; list the operations its errors belong to, or mark it `common: true`",
            ),
            _ => {}
        }
        if group.entries.is_empty() {
            problems.push(
                group.name.at,
                "this group has no errors; remove it or add its rows",
            );
        }
        table_parts(c, &group.entries, problems);
    }
    for entry in &c.entries {
        self::entry(c, entry, problems);
    }
    names(c, problems);
}

fn operations(c: &Catalogue, problems: &mut Problems) {
    let mut seen: HashMap<&str, Location> = HashMap::new();
    for op in &c.operations {
        let name = &op.name;
        if !is_upper_camel(&name.value) {
            problems.push(
                name.at,
                format!(
                    "operation name `{}` must be UpperCamelCase, as the cloud's SDKs name it (e.g. `DeletePublicip`)",
                    name.value
                ),
            );
        }
        if name.value == "Common" {
            problems.push(
                name.at,
                "`Common` is reserved for the common errors; rename the operation",
            );
        }
        if let Some(first) = seen.insert(&name.value, name.at) {
            problems.push(
                name.at,
                format!(
                    "operation `{}` is defined twice (first at line {}); merge the groups or rename one",
                    name.value, first.line
                ),
            );
        }
        not_empty(&op.title, "the operation's `title`", problems);
        not_empty(&op.service, "the operation's `service`", problems);
        if !METHODS.contains(&op.method.value.as_str()) {
            problems.push(
                op.method.at,
                format!(
                    "`{}` is not an HTTP method; use one of {}",
                    op.method.value,
                    METHODS.join(", ")
                ),
            );
        }
        if !op.path.value.starts_with('/') || op.path.value.contains(char::is_whitespace) {
            problems.push(
                op.path.at,
                format!(
                    "`{}` is not a request path; write it as the API reference does, e.g. `/v1/{{project_id}}/vpcs`",
                    op.path.value
                ),
            );
        }
    }
}

fn entry(c: &Catalogue, e: &Entry, problems: &mut Problems) {
    name(&e.name, problems);
    code(&e.code, &c.code_formats, problems);
    statuses(&e.statuses, problems);
    let message = &e.message;
    if message.value.source.trim().is_empty() {
        problems.push(
            message.at,
            "the message is empty; copy the table's 错误信息 cell",
        );
    }
    // A template without `table_message` is published as written (`{id}`).
    match (&e.table_message, message.value.has_params()) {
        (Some(t), false) => problems.push(
            t.at,
            "`table_message` is only for templated messages; this message has no `{parameter}`, remove it",
        ),
        (Some(t), true) if !message.value.matches_table_wording(&t.value) => problems.push(
            t.at,
            format!(
                "`table_message` does not match the template `{}`: outside the placeholders both must be the same text",
                message.value.source
            ),
        ),
        _ => {}
    }
    texts(&e.description, "description", &c.languages, problems);
    texts(&e.remedy, "remedy", &c.languages, problems);
}

/// Checks the header's `codes` patterns.
fn code_formats(formats: &[Spanned<String>], problems: &mut Problems) {
    for f in formats {
        let prefix_ok = f
            .value
            .chars()
            .all(|c| c == '#' || c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
        if !prefix_ok || !f.value.contains('#') || f.value.starts_with('#') {
            problems.push(
                f.at,
                format!(
                    "`{}` is not a code pattern; write the code's fixed text with `#` for each digit, e.g. `APIGW.####` or `Ecs.####`",
                    f.value
                ),
            );
        }
    }
}

/// Checks an entry's `name`: it becomes an enum variant. Also run on entries that could
/// not be read whole, so one compile reports every problem.
pub fn name(name: &Spanned<String>, problems: &mut Problems) {
    if !is_upper_camel(&name.value) {
        problems.push(
            name.at,
            format!(
                "error name `{}` must be UpperCamelCase (it becomes an enum variant), e.g. `PublicipNotFound`",
                name.value
            ),
        );
    }
}

/// Checks an entry's `code` against the catalogue's code patterns (the default: a prefix,
/// a dot and four digits).
pub fn code(code: &Spanned<String>, formats: &[Spanned<String>], problems: &mut Problems) {
    if formats.is_empty() {
        if !is_code(&code.value) {
            problems.push(
                code.at,
                format!(
                    "`{}` is not an error code; codes are a prefix, a dot and four digits, e.g. `VPC.0504` (a catalogue with other codes declares them: `codes: [\"Ecs.####\"]`)",
                    code.value
                ),
            );
        }
        return;
    }
    if !formats
        .iter()
        .any(|f| matches_format(&code.value, &f.value))
    {
        let patterns: Vec<&str> = formats.iter().map(|f| f.value.as_str()).collect();
        problems.push(
            code.at,
            format!(
                "`{}` does not match the catalogue's code pattern {} (`#` is a digit); fix the code, or add its pattern to `codes`",
                code.value,
                one_of(&patterns)
            ),
        );
    }
}

/// Whether `code` is `pattern` with a digit at each `#`.
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

/// Checks an entry's `status`: error statuses, none twice.
pub fn statuses(statuses: &Spanned<Vec<u16>>, problems: &mut Problems) {
    if statuses.value.is_empty() {
        problems.push(
            statuses.at,
            "`status` is an empty list; give the row's status",
        );
    }
    for (i, &s) in statuses.value.iter().enumerate() {
        if !(400..=599).contains(&s) {
            problems.push(
                statuses.at,
                format!("status {s} is not an error status; error responses use 400 to 599"),
            );
        }
        if statuses.value[..i].contains(&s) {
            problems.push(statuses.at, format!("status {s} is listed twice"));
        }
    }
}

/// Each language's text is there (a missing one is reported where the file is read) and
/// not empty.
fn texts(t: &Texts, what: &str, languages: &[Language], problems: &mut Problems) {
    for &language in languages {
        if let Some(text) = t.get(language) {
            let label = format!("the {} {what} (`{}`)", language.adjective(), language.key());
            not_empty(text, &label, problems);
        }
    }
}

fn not_empty(s: &Spanned<String>, what: &str, problems: &mut Problems) {
    if s.value.trim().is_empty() {
        problems.push(s.at, format!("{what} is empty; write it"));
    }
}

/// Names are unique within each operation, counting the common errors, which every
/// operation's enum also has.
fn names(c: &Catalogue, problems: &mut Problems) {
    let mut common: HashMap<&str, Location> = HashMap::new();
    for i in c.common_entries() {
        let name = &c.entries[i].name;
        if let Some(first) = common.insert(&name.value, name.at) {
            problems.push(name.at, duplicate(&name.value, first, "the common errors"));
        }
    }
    for group in c.groups.iter().filter(|g| !g.common) {
        let mut seen: HashMap<&str, Location> = HashMap::new();
        for &i in &group.entries {
            let name = &c.entries[i].name;
            if let Some(&first) = common.get(name.value.as_str()) {
                problems.push(
                    name.at,
                    format!(
                        "`{}` is already the name of a common error (line {}), which every operation has; choose another name",
                        name.value, first.line
                    ),
                );
            } else if let Some(first) = seen.insert(&name.value, name.at) {
                problems.push(name.at, duplicate(&name.value, first, "this operation"));
            }
        }
    }
}

fn duplicate(name: &str, first: Location, scope: &str) -> String {
    format!(
        "error name `{name}` is used twice in {scope} (first at line {}); each entry needs its own name",
        first.line
    )
}

/// `table_part: 1, 2, 3` on consecutive entries that share a code and statuses: one table
/// cell holding several numbered messages.
fn table_parts(c: &Catalogue, entries: &[usize], problems: &mut Problems) {
    let mut expected = 1;
    let mut first: Option<&Entry> = None;
    for &i in entries {
        let e = &c.entries[i];
        let Some(part) = &e.table_part else {
            expected = 1;
            first = None;
            continue;
        };
        if part.value != expected && part.value != 1 {
            problems.push(
                part.at,
                format!(
                    "`table_part: {}` here should be {expected}: the parts of one table cell are consecutive entries numbered from 1",
                    part.value
                ),
            );
        }
        if part.value == 1 {
            first = Some(e);
        } else if let Some(f) = first
            && (f.code.value != e.code.value || f.statuses.value != e.statuses.value)
        {
            problems.push(
                part.at,
                format!(
                    "this part has a different code or status than part 1 (line {}); parts of one table cell share both",
                    f.at.line
                ),
            );
        }
        expected = part.value + 1;
    }
}

fn is_upper_camel(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && s.chars().all(|c| c.is_ascii_alphanumeric())
}

fn is_code(s: &str) -> bool {
    s.split_once('.').is_some_and(|(prefix, number)| {
        !prefix.is_empty()
            && prefix.chars().all(|c| c.is_ascii_uppercase())
            && number.len() == 4
            && number.chars().all(|c| c.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn check(source: &str) -> Vec<String> {
        let mut problems = Problems::default();
        if let Some(c) = parse::catalogue(source, &mut problems) {
            catalogue(&c, &mut problems);
        }
        problems
            .into_sorted()
            .into_iter()
            .map(|p| format!("{}: {}", p.at.line, p.message))
            .collect()
    }

    #[test]
    fn the_bundled_catalogue_is_valid() {
        let source = include_str!("../../../catalogue.yaml");
        assert_eq!(check(source), Vec::<String>::new());
    }

    #[test]
    fn codes_look_like_the_published_ones() {
        assert!(is_code("VPC.0504"));
        for bad in ["VPC0504", "vpc.0504", "VPC.504", "VPC.05045", ".0504"] {
            assert!(!is_code(bad), "{bad}");
        }
    }

    #[test]
    fn reports_all_problems_not_just_the_first() {
        let source = r#"
service: "t"
groups:
  - group: "g"
    operations:
      - { name: "show_thing", title: "t", service: "VPC", method: "FETCH", path: "x" }
    errors:
      - name: "Gone"
        code: "VPC.01"
        status: 302
        message: "Thing {id} is gone."
        description: { zh: "", en: "x" }
        remedy: { zh: "x", en: "x" }
      - name: "Gone"
        code: "VPC.0002"
        status: 404
        message: "Fine."
        table_message: "Fine."
        description: { zh: "x", en: "x" }
        remedy: { zh: "x", en: "x" }
"#;
        let found = check(source);
        let expected = [
            "6: operation name `show_thing` must be UpperCamelCase",
            "6: `FETCH` is not an HTTP method",
            "6: `x` is not a request path",
            "9: `VPC.01` is not an error code",
            "10: status 302 is not an error status",
            "12: the Chinese description (`zh`) is empty",
            "14: error name `Gone` is used twice in this operation (first at line 8)",
            "18: `table_message` is only for templated messages",
        ];
        assert_eq!(found.len(), expected.len(), "{found:#?}");
        for (f, e) in found.iter().zip(expected) {
            assert!(f.starts_with(e), "{f}\n  expected to start with {e}");
        }
    }
}
