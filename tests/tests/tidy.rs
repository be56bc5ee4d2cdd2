//! Tidy checks of the catalogue and of what covers it:
//!
//! - every entry has its description and remedy in both languages;
//! - every entry is in the golden tables (`tests/golden/table.*.txt`), in table order,
//!   with its statuses, code, table wording, description and remedy, and the response
//!   golden test (`responses_golden.rs`) walks all of `ENTRIES`;
//! - the entries the example server never produces are the ones listed in
//!   `tests/server_never_produces.txt`, no more and no fewer: a static scan of
//!   `vpc-errors/examples/server/*.rs` for `vpc_error!(Op::Name …)`,
//!   `vpc_error!(Op, "CODE" …)` and `#[derive(VpcError)]` enums (`#[vpc(operation = Op)]`
//!   with `#[vpc(name = …)]` or `#[vpc(code = …)]` variants), common errors included;
//!   rows a fault (`--faults`) answers do not count, as no state of the server produces
//!   them, and `crate::…` paths name another catalogue's rows. A
//!   row the server stops producing, or starts producing, fails until the list is updated
//!   (`UPDATE_TIDY=1`, which rewrites it and fails; rerun without it). To see the list:
//!
//! ```text
//! cargo test -p vpc-errors-tests --test tidy -- --nocapture
//! ```
//!
//! The scan fails loudly when it finds no reference at all, or one it cannot read or
//! resolve, so that it cannot rot into listing everything.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use vpc_errors::registry::Entry;
use vpc_errors::{CATALOGUE, ENTRIES};

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

/// The server's source without comments and without its tests: what it runs.
fn server_code(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap();
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") {
            continue;
        }
        if trimmed == "#[cfg(test)]" {
            match lines.next().map(str::trim) {
                // `mod tests;` (or a `use`): that line only; `tests.rs` itself is not scanned.
                Some(next) if next.ends_with(';') => continue,
                // `mod tests {` (or an item): up to its closing brace, the first one in
                // column 0 as rustfmt writes it (CI checks the formatting).
                Some(_) => {
                    for skipped in lines.by_ref() {
                        if skipped == "}" {
                            break;
                        }
                    }
                    continue;
                }
                None => break,
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// `text` (which starts just past an opening parenthesis) up to its closing one.
fn inside_parens(text: &str) -> &str {
    let mut depth = 1;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth -= 1;
                if depth == 0 {
                    return &text[..i];
                }
            }
            _ => {}
        }
    }
    panic!("unclosed parenthesis in {text:.80}")
}

/// Top-level comma-separated arguments, trimmed.
fn arguments(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(text[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(text[start..].trim());
    out.retain(|a| !a.is_empty());
    out
}

/// `key = value` of an attribute or macro argument.
fn key_value(argument: &str) -> Option<(&str, &str)> {
    let (key, value) = argument.split_once('=')?;
    Some((key.trim(), value.trim()))
}

/// One reference the server makes to the catalogue.
#[derive(Debug)]
struct Reference {
    file: String,
    operation: String,
    name: Option<String>,
    code: Option<String>,
    status: Option<u16>,
}

impl Reference {
    /// The entries it can mean: by name (the operation's own row first, then a common
    /// one), or by code (and status, when given).
    fn resolve(&self) -> Vec<&'static Entry> {
        let op = self.operation.as_str();
        let candidates: Vec<&'static Entry> = if op == "Common" {
            ENTRIES.iter().filter(|e| e.common).collect()
        } else {
            assert!(
                CATALOGUE.operation(op).is_some(),
                "{}: `{op}` is not an operation",
                self.file
            );
            let own = CATALOGUE.by_operation(op, false);
            own.chain(ENTRIES.iter().filter(|e| e.common)).collect()
        };
        let mut found: Vec<&'static Entry> = candidates
            .into_iter()
            .filter(|e| self.name.as_deref().is_none_or(|n| e.name == n))
            .filter(|e| self.code.as_deref().is_none_or(|c| e.code == c))
            .filter(|e| self.status.is_none_or(|s| e.has_status(s)))
            .collect();
        if self.name.is_some() {
            // A name picks one row: the operation's own before a common one.
            found.truncate(1);
        }
        found
    }
}

fn string_literal(text: &str) -> Option<String> {
    text.strip_prefix('"')?.strip_suffix('"').map(str::to_owned)
}

/// `vpc_error!(Op::Name, …)` and `vpc_error!(Op, "CODE", …)`. A module path
/// (`crate::gateway::Common::ApiNotFound`) names a row of another catalogue (the server's
/// API gateway table), not of this one: skipped.
fn macro_references(file: &str, code: &str) -> Vec<Reference> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices("vpc_error!(") {
        let args = arguments(inside_parens(&code[at + "vpc_error!(".len()..]));
        let bad = || panic!("{file}: cannot read `vpc_error!({})`", args.join(", "));
        let Some(first) = args.first() else { bad() };
        if first.starts_with("crate::") {
            continue;
        }
        let status = args
            .iter()
            .filter_map(|a| key_value(a))
            .find(|(k, _)| *k == "status")
            .map(|(_, v)| v.parse().unwrap_or_else(|_| bad()));
        let reference = match first.split_once("::") {
            Some((op, name)) => Reference {
                file: file.to_owned(),
                operation: op.trim().to_owned(),
                name: Some(name.trim().to_owned()),
                code: None,
                status,
            },
            None => Reference {
                file: file.to_owned(),
                operation: (*first).to_owned(),
                name: None,
                code: Some(
                    args.get(1)
                        .and_then(|c| string_literal(c))
                        .unwrap_or_else(|| bad()),
                ),
                status,
            },
        };
        out.push(reference);
    }
    out
}

/// The variants of `#[derive(VpcError)]` enums: `#[vpc(operation = Op)]`, then each
/// variant's `#[vpc(name = …)]` or `#[vpc(code = "…")]`, up to the enum's closing brace.
fn derive_references(file: &str, code: &str) -> Vec<Reference> {
    let mut out = Vec::new();
    let mut operations: Option<Vec<String>> = None;
    let mut in_macro: Option<&str> = None;
    for line in code.lines() {
        if line == "}" {
            operations = None;
            in_macro = None;
            continue;
        }
        if let Some(name) = line.strip_prefix("macro_rules! ") {
            in_macro = name.strip_suffix(" {");
            continue;
        }
        let Some(rest) = line.trim().strip_prefix("#[vpc(") else {
            continue;
        };
        let attribute = rest
            .strip_suffix(")]")
            .unwrap_or_else(|| panic!("{file}: cannot read `{line}`"));
        let pairs: Vec<(&str, &str)> = arguments(attribute)
            .into_iter()
            .filter_map(key_value)
            .collect();
        let get = |key: &str| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
        if let Some(op) = get("operation") {
            operations = Some(match (op.strip_prefix('$'), in_macro) {
                // `#[vpc(operation = $operation)]` in a `macro_rules!`: the operations
                // the file invokes the macro with.
                (Some(_), Some(name)) => macro_operations(code, name),
                _ => vec![op.to_owned()],
            });
            continue;
        }
        if get("name").is_none() && get("code").is_none() {
            // A field's `#[vpc(param = …)]`.
            continue;
        }
        let ops = operations
            .as_ref()
            .unwrap_or_else(|| panic!("{file}: `{line}` outside a `#[vpc(operation = …)]` enum"));
        for op in ops {
            out.push(Reference {
                file: file.to_owned(),
                operation: op.clone(),
                name: get("name").map(str::to_owned),
                code: get("code").map(|c| {
                    string_literal(c).unwrap_or_else(|| panic!("{file}: cannot read `{line}`"))
                }),
                status: get("status").map(|s| {
                    s.parse()
                        .unwrap_or_else(|_| panic!("{file}: cannot read `{line}`"))
                }),
            });
        }
    }
    out
}

/// The operations `code` invokes its `macro_rules! name` with: each invocation's last
/// argument (`name!(Failure, Operation);`).
fn macro_operations(code: &str, name: &str) -> Vec<String> {
    let operations: Vec<String> = code
        .split(&format!("{name}!("))
        .skip(1)
        .filter_map(|rest| {
            let arguments = &rest[..rest.find(");")?];
            Some(arguments.rsplit(',').next()?.trim().to_owned())
        })
        .collect();
    assert!(!operations.is_empty(), "`{name}!` is never invoked");
    operations
}

#[test]
fn entries_the_example_server_never_produces_are_listed() {
    let dir = repository().join("vpc-errors/examples/server");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .filter(|p| p.file_name().is_some_and(|n| n != "tests.rs"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no sources in {}", dir.display());

    let mut references = Vec::new();
    for path in &files {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let code = server_code(path);
        references.extend(macro_references(&file, &code));
        references.extend(derive_references(&file, &code));
    }
    assert!(
        !references.is_empty(),
        "the scan of {} found no `vpc_error!` and no `#[derive(VpcError)]` variant: \
         the scanner no longer reads the server",
        dir.display()
    );

    let mut produced = BTreeSet::new();
    for reference in &references {
        let entries = reference.resolve();
        assert!(
            !entries.is_empty(),
            "the scan read {reference:?}, which names no catalogue entry: fix the scanner"
        );
        produced.extend(entries.iter().map(|e| e.index));
    }

    let never: Vec<&Entry> = ENTRIES
        .iter()
        .filter(|e| !produced.contains(&e.index))
        .collect();
    println!(
        "The example server produces {} of the catalogue's {} entries ({} references in {} files).",
        produced.len(),
        ENTRIES.len(),
        references.len(),
        files.len()
    );
    println!("It never produces these {}:", never.len());
    for e in &never {
        let statuses: Vec<String> = e.statuses.iter().map(u16::to_string).collect();
        let operations = if e.common {
            "common".to_owned()
        } else {
            e.operations.join(", ")
        };
        println!(
            "  {} {:<7} {:<32} [{operations}] {}",
            e.code,
            statuses.join("/"),
            e.name,
            e.message.source
        );
    }
    // The list is checked in: a row that becomes unreachable, or reachable, is acknowledged
    // by updating it.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("server_never_produces.txt");
    let now: Vec<String> = never
        .iter()
        .map(|e| {
            let operations = if e.common {
                "common".to_owned()
            } else {
                e.operations.join(",")
            };
            format!("{}\t{}\t{operations}", e.code, e.name)
        })
        .collect();
    let text = format!("{NEVER_HEADER}{}\n", now.join("\n"));
    vpc_errors_tests::rewrite_if_requested("UPDATE_TIDY", &path, &text);
    let listed =
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let listed: BTreeSet<&str> = listed
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let now: BTreeSet<&str> = now.iter().map(String::as_str).collect();
    let reachable: Vec<&&str> = listed.difference(&now).collect();
    let unreachable: Vec<&&str> = now.difference(&listed).collect();
    assert!(
        reachable.is_empty() && unreachable.is_empty(),
        "the rows the example server never produces changed (see {}):\n\
         now produced, still listed: {reachable:#?}\n\
         no longer produced, not listed: {unreachable:#?}\n\
         if intended, run `UPDATE_TIDY=1 cargo test -p vpc-errors-tests --test tidy`, \
         then rerun without it",
        path.display()
    );
}

const NEVER_HEADER: &str = "# The catalogue rows the example server never produces: code, name, operations.\n\
# Checked by tests/tests/tidy.rs; update it deliberately (see that file).\n";

#[test]
fn the_scanner_reads_every_form_it_claims_to() {
    let code = r#"
pub enum X {}
fn f() {
    let a = vpc_error!(ShowVpc::VpcIdInvalid).into();
    let b = vpc_error!(CreateFlowLog, "VPC.3002", status = 404, resource_id = id.clone());
    let c = vpc_error!(Common::TokenInvalid);
}
#[derive(Debug, VpcError)]
#[vpc(operation = DeleteVpc, exhaustive)]
pub enum DeleteVpcFailure {
    #[vpc(status = 400, name = InvalidParam)]
    BadId {
        #[vpc(param = field)]
        which: &'static str,
    },
    #[vpc(code = "VPC.0104")]
    HasSubnets,
}
"#;
    let mut refs = macro_references("x.rs", code);
    refs.extend(derive_references("x.rs", code));
    let resolved: Vec<(String, &str, &str)> = refs
        .iter()
        .flat_map(|r| {
            r.resolve()
                .into_iter()
                .map(move |e| (r.operation.clone(), e.code, e.name))
        })
        .collect();
    assert_eq!(
        resolved,
        [
            ("ShowVpc".to_owned(), "VPC.0101", "VpcIdInvalid"),
            ("CreateFlowLog".to_owned(), "VPC.3002", "ResourceNotFound"),
            ("Common".to_owned(), "VPC.0008", "TokenInvalid"),
            ("DeleteVpc".to_owned(), "VPC.0101", "InvalidParam"),
            ("DeleteVpc".to_owned(), "VPC.0104", "VpcHasSubnets"),
        ]
    );
    // Comments and test modules are not what the server runs.
    let dir = std::env::temp_dir().join(format!("tidy-scan-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join("x.rs");
    fs::write(
        &file,
        "//! `vpc_error!(Common::VpcNotFound)`\nfn f() {}\n\n#[cfg(test)]\nmod tests {\n    fn g() { vpc_error!(Common::TokenInvalid); }\n}\n",
    )
    .unwrap();
    let code = server_code(&file);
    fs::remove_dir_all(&dir).unwrap();
    assert_eq!(code, "fn f() {}\n\n");
}
