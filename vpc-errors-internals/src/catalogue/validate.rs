//! What the catalogue's values must mean, beyond its shape: each check names the fix.

use std::collections::HashMap;

use super::diag::{Location, Problems, did_you_mean, one_of};
use super::model::{Catalogue, Entry, Language, Role, RoleRow, Spanned, Texts};
use crate::suggest::closest;

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
    roles(c, problems);
}

/// Methods whose requests carry a body, so a catalogue with roles must say which row
/// answers a bad one.
const BODY_METHODS: &[&str] = &["POST", "PUT", "PATCH"];

/// Each role names a row the operation has (its group's or a common one), with a status
/// the row lists, and a template the extractor can fill; no role twice. Once a catalogue
/// uses roles, every operation taking a body needs a `body` role: a catalogue without
/// any (an imported table, say) has no extractors and stays valid.
fn roles(c: &Catalogue, problems: &mut Problems) {
    let uses_roles = c.operations.iter().any(|op| !op.roles.is_empty());
    for (o, op) in c.operations.iter().enumerate() {
        let candidates: Vec<usize> = c.entries_of(o).collect();
        role_rows(c, &op.roles, &candidates, "this operation", problems);
        let takes_body = BODY_METHODS.contains(&op.method.value.as_str());
        let has_body = op.roles.iter().any(|r| r.role.value == Role::Body);
        if uses_roles && takes_body && !has_body {
            let rows: Vec<&str> = c
                .own_entries(o)
                .iter()
                .map(|&i| &c.entries[i])
                .filter(|e| e.statuses.value.contains(&400) && fillable(e))
                .map(|e| e.name.value.as_str())
                .collect();
            let fix = if rows.is_empty() {
                "name the row that answers a malformed body, e.g. `roles: { body: InvalidParam }`, or write `roles: { body: none }` if the table has no row for it".to_owned()
            } else {
                format!(
                    "add `roles: {{ body: {} }}` (its 400 rows: {}), or `roles: {{ body: none }}` if the table has no row for it",
                    rows[0],
                    one_of(&rows)
                )
            };
            problems.push(
                op.name.at,
                format!(
                    "operation `{}` takes a body ({}) but no row answers a malformed one; {fix}",
                    op.name.value, op.method.value
                ),
            );
        }
    }
    let common: Vec<usize> = c.common_entries().collect();
    let mut seen: HashMap<Role, Location> = HashMap::new();
    for group in &c.groups {
        if !group.roles.is_empty() && !group.common {
            problems.push(
                group.name.at,
                "only a common group (`common: true`) names authentication roles; put an operation's roles under the operation",
            );
        }
        for r in &group.roles {
            // Two common groups may each have `roles:`.
            if let Some(first) = seen.insert(r.role.value, r.role.at) {
                problems.push(
                    r.role.at,
                    format!(
                        "role `{}` is already given at line {}; name it once",
                        r.role.value.key(),
                        first.line
                    ),
                );
            }
        }
        role_rows(c, &group.roles, &common, "the common errors", problems);
    }
}

fn role_rows(
    c: &Catalogue,
    roles: &[RoleRow],
    candidates: &[usize],
    scope: &str,
    problems: &mut Problems,
) {
    // A role cannot be given twice in one mapping: the YAML reader rejects repeated keys.
    for r in roles.iter().filter(|r| !r.is_none()) {
        let Some(entry) = candidates
            .iter()
            .map(|&i| &c.entries[i])
            .find(|e| e.name.value == r.name.value)
        else {
            let names: Vec<&str> = candidates
                .iter()
                .map(|&i| c.entries[i].name.value.as_str())
                .collect();
            let hint = closest(&r.name.value, names.iter().copied());
            let fix = if hint.is_empty() {
                format!("; its rows are {}", one_of(&names))
            } else {
                did_you_mean(&hint)
            };
            problems.push(
                r.name.at,
                format!("`{}` is not a row of {scope}{fix}", r.name.value),
            );
            continue;
        };
        let statuses = &entry.statuses.value;
        match &r.status {
            None if statuses.len() > 1 => problems.push(
                r.name.at,
                format!(
                    "`{}` is listed with statuses {}; say which one answers this role: `{{ name: {}, status: {} }}`",
                    entry.name.value,
                    join_statuses(statuses),
                    entry.name.value,
                    statuses[0]
                ),
            ),
            Some(s) if !statuses.contains(&s.value) => problems.push(
                s.at,
                format!(
                    "`{}` is not listed with status {}; use one of {}",
                    entry.name.value,
                    s.value,
                    join_statuses(statuses)
                ),
            ),
            _ => {}
        }
        if Role::COMMON.contains(&r.role.value) && entry.message.value.has_params() {
            problems.push(
                r.name.at,
                format!(
                    "`{}` cannot answer role `{}`: an authentication failure has no field to fill its message's parameters; choose a row with a fixed message",
                    entry.name.value,
                    r.role.value.key()
                ),
            );
        } else if !fillable(entry) {
            let filled: Vec<&str> = Role::FILLED_PARAMS.to_vec();
            problems.push(
                r.name.at,
                format!(
                    "`{}` cannot answer role `{}`: its message has parameters {} but the extractor fills one at most, named {} (the offending field or parameter); choose a row whose message it can fill",
                    entry.name.value,
                    r.role.value.key(),
                    one_of(&entry.params().iter().map(String::as_str).collect::<Vec<_>>()),
                    one_of(&filled)
                ),
            );
        }
    }
}

/// Whether the extractor can fill the row's message: no parameters, or one it fills.
fn fillable(e: &Entry) -> bool {
    match e.params() {
        [] => true,
        [one] => Role::FILLED_PARAMS.contains(&one.as_str()),
        _ => false,
    }
}

fn join_statuses(statuses: &[u16]) -> String {
    statuses
        .iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join("/")
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
    fn every_bundled_operation_with_a_body_has_its_body_roles() {
        let c = super::super::read(include_str!("../../../catalogue.yaml")).unwrap();
        let mut with_rows = 0;
        for (o, op) in c.operations.iter().enumerate() {
            if !BODY_METHODS.contains(&op.method.value.as_str()) {
                continue;
            }
            let body = op.roles.iter().find(|r| r.role.value == Role::Body);
            let body = body.unwrap_or_else(|| panic!("{} has no body role", op.name.value));
            if body.is_none() {
                continue;
            }
            with_rows += 1;
            for role in [
                Role::Body,
                Role::MissingField,
                Role::BodyTooLarge,
                Role::ContentType,
            ] {
                let (entry, status) = c.role_row(o, role).unwrap();
                assert_eq!(status, 400, "{} {role:?}", op.name.value);
                assert!(c.own_entries(o).contains(&entry), "{}", op.name.value);
            }
        }
        // 15 operations take a body; the table has no parameter row for 4 of them.
        assert_eq!(with_rows, 11);
        for role in Role::COMMON {
            assert!(c.common_role_row(role).is_some(), "{role:?}");
        }
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

    const ROLES: &str = r#"
service: "t"
groups:
  - group: "c"
    common: true
    roles: { unauthenticated: TokenBad, forbiden: TokenBad }
    errors:
      - { name: "TokenBad", code: "VPC.0008", status: 401, message: "m", description: { zh: "x", en: "x" }, remedy: { zh: "x", en: "x" } }
  - group: "g"
    operations:
      - { name: "MakeThing", title: "t", service: "VPC", method: "POST", path: "/x", roles: { body: BadParm, path: Either, query: Filled, unauthenticated: TokenBad } }
      - { name: "PutThing", title: "t", service: "VPC", method: "PUT", path: "/x", roles: { path: Named } }
    errors:
      - { name: "BadParam", code: "VPC.0001", status: 400, message: "m", description: { zh: "x", en: "x" }, remedy: { zh: "x", en: "x" } }
      - { name: "Either", code: "VPC.0002", status: [400, 404], message: "m", description: { zh: "x", en: "x" }, remedy: { zh: "x", en: "x" } }
      - { name: "Filled", code: "VPC.0003", status: 400, message: "{thing} is bad", description: { zh: "x", en: "x" }, remedy: { zh: "x", en: "x" } }
      - { name: "Named", code: "VPC.0004", status: 400, message: "{field} is bad", description: { zh: "x", en: "x" }, remedy: { zh: "x", en: "x" } }
"#;

    #[test]
    fn every_kind_of_role_mistake_is_reported_with_its_fix() {
        let found = check(ROLES);
        let expected = [
            "6: unknown role `forbiden`; did you mean `forbidden`?",
            "11: unknown role `unauthenticated` of an operation (it belongs beside `common: true`)",
            "11: `BadParm` is not a row of this operation; did you mean `BadParam`?",
            "11: `Either` is listed with statuses 400/404; say which one answers this role: `{ name: Either, status: 400 }`",
            "11: `Filled` cannot answer role `query`: its message has parameters `thing`",
            "12: operation `PutThing` takes a body (PUT) but no row answers a malformed one; add `roles: { body: BadParam }`",
        ];
        assert_eq!(found.len(), expected.len(), "{found:#?}");
        // Several are on one line, ordered by column: look each up.
        for e in expected {
            assert!(
                found.iter().any(|f| f.starts_with(e)),
                "{e}\n  not in {found:#?}"
            );
        }
    }

    #[test]
    fn roles_resolve_with_their_fallbacks_and_none_opts_out() {
        let source = ROLES
            .replace("forbiden: TokenBad", "forbidden: TokenBad")
            .replace(
                "roles: { body: BadParm, path: Either, query: Filled, unauthenticated: TokenBad }",
                "roles: { body: BadParam, path: { name: Either, status: 404 } }",
            )
            .replace(
                "roles: { path: Named }",
                "roles: { body: none, query: Named }",
            );
        assert_eq!(check(&source), Vec::<String>::new());
        let c = super::super::read(&source).unwrap();
        assert_eq!(c.role_row(0, Role::MissingField), Some((1, 400)));
        assert_eq!(c.role_row(0, Role::Path), Some((2, 404)));
        assert_eq!(c.role_row(0, Role::Query), None);
        assert_eq!(c.role_row(1, Role::BodyTooLarge), None);
        assert_eq!(c.role_row(1, Role::Query), Some((4, 400)));
        assert_eq!(c.common_role_row(Role::Forbidden), Some((0, 401)));
        assert_eq!(c.common_role_row(Role::ProjectMismatch), None);
    }
}
