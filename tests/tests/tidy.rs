//! Tidy checks of the catalogue and of what covers it:
//!
//! - every entry has its description and remedy in both languages;
//! - every entry is in the golden tables (`tests/golden/table.*.txt`), in table order,
//!   with its statuses, code, table wording, description and remedy, and the response
//!   golden test (`responses_golden.rs`) walks all of `ENTRIES`;
//! - every row is reachable on the example server: `vpc-errors/examples/server/rows.md`
//!   names, for each of the catalogue's rows, the request that produces it (`real:` a
//!   condition of the server's state or input, or `fault:` the `X-Vpc-Fault` header of a
//!   server started with `--faults`) and the server test asserting it; the check fails for a
//!   row with neither, a line naming no row of its operation or a status the row does not
//!   have, and a test that does not exist or never names the row's code or name.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use vpc_errors::ENTRIES;
use vpc_errors::registry::Entry;

fn repository() -> PathBuf {
    // The tests crate is `tests/`, beside `vpc-errors/`.
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

#[test]
fn every_entry_is_described_in_both_languages() {
    let mut missing = Vec::new();
    for e in &ENTRIES {
        for (what, zh, en) in [
            ("description", e.description.zh, e.description.en),
            ("remedy", e.remedy.zh, e.remedy.en),
        ] {
            if zh.trim().is_empty() || !zh.chars().any(is_cjk) {
                missing.push(format!("{} {}: {what}.zh {zh:?}", e.code, e.name));
            }
            if en.trim().is_empty() || en.chars().any(is_cjk) {
                missing.push(format!("{} {}: {what}.en {en:?}", e.code, e.name));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "entries without a Chinese and an English description and remedy \
         (catalogue.yaml):\n{}",
        missing.join("\n")
    );
}

/// A table cell of the row: the text, numbered when the row is one part of a cell.
fn cell(entry: &Entry, text: &str) -> String {
    match entry.table_part {
        Some(part) => format!("{part}.{text}"),
        None => text.to_owned(),
    }
}

fn check_golden_table(lang: &str, description: fn(&Entry) -> &str, remedy: fn(&Entry) -> &str) {
    let path = repository().join(format!("tests/golden/table.{lang}.txt"));
    let table =
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let lines: Vec<&str> = table.lines().collect();
    // Rows are in table order: each entry is on the line of the one before (a cell
    // holding several numbered messages) or after it.
    let mut at = 0;
    for e in &ENTRIES {
        let statuses: Vec<String> = e.statuses.iter().map(u16::to_string).collect();
        // The status cell starts the line, or follows the group's.
        let status_and_code = format!("{} | {} | ", statuses.join("/"), e.code);
        let needles = [
            cell(e, e.table_message),
            cell(e, description(e)),
            cell(e, remedy(e)),
        ];
        let found = lines[at..].iter().position(|line| {
            (line.starts_with(&status_and_code) || line.contains(&format!("| {status_and_code}")))
                && needles.iter().all(|n| line.contains(n.as_str()))
        });
        let Some(offset) = found else {
            panic!(
                "{}: entry {} {} ({}) is not in the golden table at or after line {}, \
                 looking for {status_and_code:?} and {needles:?}; run \
                 `UPDATE_GOLDEN=1 cargo test -p vpc-errors-tests --test golden_table`",
                path.display(),
                e.index,
                e.code,
                e.name,
                at + 1
            )
        };
        at += offset;
    }
}

#[test]
fn every_entry_is_in_the_golden_tables() {
    check_golden_table("en", |e| e.description.en, |e| e.remedy.en);
    check_golden_table("zh", |e| e.description.zh, |e| e.remedy.zh);
}

#[test]
fn the_response_golden_test_walks_every_entry() {
    let path = repository().join("tests/tests/responses_golden.rs");
    let source = fs::read_to_string(&path).unwrap();
    // Its two per-row tests, each over the whole of `ENTRIES`, unfiltered.
    for test in [
        "fn every_row_answers_with_its_status_content_type_and_exact_body()",
        "fn every_body_is_json_with_exactly_code_and_message()",
    ] {
        let start = source
            .find(test)
            .unwrap_or_else(|| panic!("{} has no `{test}`", path.display()));
        let body = &source[start..];
        let body = &body[..body.find("\n}\n").unwrap_or(body.len())];
        assert!(
            body.contains("for entry in &ENTRIES {"),
            "`{test}` in {} no longer walks every entry",
            path.display()
        );
    }
    for narrowing in [".take(", ".skip(", ".step_by(", "ENTRIES[.."] {
        assert!(
            !source.contains(narrowing),
            "{} narrows the entries it checks (`{narrowing}`)",
            path.display()
        );
    }
}

/// One line of `rows.md`: a row, the request that produces it and the test asserting it.
struct Reached {
    section: String,
    code: String,
    name: String,
    status: String,
    produced_by: String,
    test: String,
    line: usize,
}

/// The tables of `vpc-errors/examples/server/rows.md`, one `## Operation` (or `## Common`)
/// section each.
fn reached_rows(text: &str) -> Vec<Reached> {
    let mut section = None;
    let mut out = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if let Some(title) = line.strip_prefix("## ") {
            section = Some(title.trim().to_owned());
            continue;
        }
        let Some(row) = line.strip_prefix('|') else {
            continue;
        };
        let cells: Vec<&str> = row
            .trim_end_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        if cells
            .first()
            .is_some_and(|c| *c == "code" || c.starts_with("---"))
        {
            continue;
        }
        let section = section.clone().unwrap_or_else(|| {
            panic!(
                "rows.md:{}: a table line before any `## ` section",
                number + 1
            )
        });
        assert_eq!(
            cells.len(),
            5,
            "rows.md:{}: want 5 cells, found {}: {line}",
            number + 1,
            cells.len()
        );
        let unquote = |cell: &str| cell.trim_matches('`').to_owned();
        out.push(Reached {
            section,
            code: unquote(cells[0]),
            name: unquote(cells[1]),
            status: unquote(cells[2]),
            produced_by: cells[3].to_owned(),
            test: unquote(cells[4]),
            line: number + 1,
        });
    }
    out
}

/// The text of `fn name(` in `source`, up to its closing brace: the first line after it that
/// is that brace alone at the function's indentation, as rustfmt writes it (CI checks the
/// formatting). Counting braces instead would trip on the tests' truncated JSON strings.
fn function_body<'s>(source: &'s str, name: &str) -> Option<&'s str> {
    let at = source.find(&format!("fn {name}("))?;
    let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let indent: String = source[line_start..at]
        .chars()
        .take_while(|c| *c == ' ')
        .collect();
    let close = format!("\n{indent}}}\n");
    let end = at + source[at..].find(&close)?;
    Some(&source[at..end])
}

/// The example server's tests: `tests.rs` and the files of `tests/`.
fn server_tests() -> String {
    let dir = repository().join("vpc-errors/examples/server");
    let mut files = vec![dir.join("tests.rs")];
    let mut more: Vec<PathBuf> = fs::read_dir(dir.join("tests"))
        .map(|entries| entries.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    more.sort();
    files.extend(more);
    files
        .iter()
        .map(|path| {
            fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The tests' `const NAME: … = …;` items, by name: a test may name a row through one
/// (`assert_error(404, NO_SUBNET)`).
fn constants(source: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("const ") {
        let item = &rest[at + "const ".len()..];
        let name_end = item.find(':').unwrap_or(0);
        let end = item.find(";\n").unwrap_or(item.len());
        let name = item[..name_end].trim();
        if !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        {
            out.push((name, &item[..end]));
        }
        rest = &item[end..];
    }
    out
}

/// Whether `body` names the row: its code or name, or a constant whose value holds the code.
fn names_row(body: &str, constants: &[(&str, &str)], code: &str, name: &str) -> bool {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mentions = |word: &str| {
        body.match_indices(word).any(|(at, _)| {
            let before = body[..at].chars().next_back().is_none_or(|c| !is_word(c));
            let after = body[at + word.len()..]
                .chars()
                .next()
                .is_none_or(|c| !is_word(c));
            before && after
        })
    };
    body.contains(code)
        || body.contains(name)
        || constants
            .iter()
            .any(|(constant, value)| value.contains(code) && mentions(constant))
}

#[test]
fn every_row_has_a_request_that_produces_it_and_a_test_that_asserts_it() {
    let path = repository().join("vpc-errors/examples/server/rows.md");
    let text =
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let reached = reached_rows(&text);
    let tests = server_tests();
    let constants = constants(&tests);
    let mut covered = BTreeSet::new();
    let mut problems = Vec::new();
    for r in &reached {
        let at = format!("rows.md:{}", r.line);
        let candidates: Vec<&Entry> = ENTRIES
            .iter()
            .filter(|e| e.code == r.code && e.name == r.name)
            .filter(|e| {
                if r.section == "Common" {
                    e.common
                } else {
                    e.common || e.operations.contains(&r.section.as_str())
                }
            })
            .collect();
        let [entry] = candidates[..] else {
            problems.push(format!(
                "{at}: `{} {}` is {} row(s) of `{}`, not one",
                r.code,
                r.name,
                candidates.len(),
                r.section
            ));
            continue;
        };
        let statuses: Vec<String> = entry.statuses.iter().map(u16::to_string).collect();
        if !statuses.contains(&r.status) && r.status != statuses.join("/") {
            problems.push(format!(
                "{at}: status {} is not the row's ({})",
                r.status,
                statuses.join("/")
            ));
        }
        let how = r
            .produced_by
            .split_once(':')
            .map(|(how, what)| (how.trim(), what.trim()));
        match how {
            Some(("real" | "fault", what)) if !what.is_empty() => {}
            _ => problems.push(format!(
                "{at}: \"produced by\" must be `real: <request>` or `fault: <X-Vpc-Fault value>`, found `{}`",
                r.produced_by
            )),
        }
        match function_body(&tests, &r.test) {
            None => problems.push(format!("{at}: no server test `fn {}`", r.test)),
            Some(body) if !names_row(body, &constants, &r.code, &r.name) => {
                problems.push(format!(
                    "{at}: the test `{}` names neither `{}` nor `{}` (nor a constant holding the code)",
                    r.test, r.code, r.name
                ));
            }
            Some(_) => {}
        }
        covered.insert(entry.index);
    }
    let missing: Vec<String> = ENTRIES
        .iter()
        .filter(|e| !covered.contains(&e.index))
        .map(|e| {
            let owner = if e.common {
                "Common".to_owned()
            } else {
                e.operations.join(", ")
            };
            format!("{} {} [{owner}]", e.code, e.name)
        })
        .collect();
    println!(
        "{} of the catalogue's {} rows have a request that produces them ({} lines in rows.md).",
        covered.len(),
        ENTRIES.len(),
        reached.len()
    );
    assert!(
        problems.is_empty() && missing.is_empty(),
        "{}:\n{}\nrows with no request producing them:\n  {}",
        path.display(),
        problems.join("\n"),
        missing.join("\n  ")
    );
}
