//! Golden test: the registry rendered as the published table, compared with checked-in
//! files, so any drift in the catalogue or the generator shows up as a reviewed diff.
//!
//! `UPDATE_GOLDEN=1 cargo test -p vpc-errors-tests --test golden_table` rewrites the files
//! and fails, so that the next run, without it, checks them (refused under CI).

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

use vpc_errors::CATALOGUE;
use vpc_errors::docs::{Lang, table};

/// The published table, beside the repository as `shared/` is laid out for a checkout.
const SEED: &str = "../shared/seed/000_7664917104e424c5.txt";

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn golden_path(lang: Lang) -> PathBuf {
    manifest_dir().join(format!("golden/table.{lang}.txt"))
}

/// The first line where `actual` and `expected` differ, as a diff-style report.
fn first_difference(actual: &str, expected: &str) -> Option<String> {
    if actual == expected {
        return None;
    }
    let (mut a, mut e) = (actual.split('\n'), expected.split('\n'));
    for number in 1.. {
        match (a.next(), e.next()) {
            (Some(x), Some(y)) if x == y => {}
            (x, y) => {
                let show =
                    |line: Option<&str>| line.map_or("<end of text>".into(), |l| format!("{l:?}"));
                return Some(format!(
                    "first difference at line {number}:\n- expected: {}\n+ actual:   {}",
                    show(y),
                    show(x)
                ));
            }
        }
    }
    unreachable!("two different texts differ at some line")
}

fn check_golden(lang: Lang) {
    let path = golden_path(lang);
    let rendered = table(&CATALOGUE, lang);
    vpc_errors_tests::rewrite_if_requested("UPDATE_GOLDEN", &path, &rendered);
    let golden = fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}\nrun `UPDATE_GOLDEN=1 cargo test -p vpc-errors-tests --test golden_table` to create it",
            path.display()
        )
    });
    if let Some(diff) = first_difference(&rendered, &golden) {
        panic!(
            "the {lang} table rendered from the catalogue differs from {}\n{diff}\n\
             if the change is intended, review it and run \
             `UPDATE_GOLDEN=1 cargo test -p vpc-errors-tests --test golden_table`",
            path.display()
        );
    }
}

#[test]
fn chinese_table_matches_its_golden_file() {
    check_golden(Lang::Zh);
}

#[test]
fn english_table_matches_its_golden_file() {
    check_golden(Lang::En);
}

/// The lines of the published document that make up its table: from the header line to
/// the blank line after the last row.
fn table_lines(document: &str) -> String {
    let start = document
        .find("模块 | 状态码 |")
        .expect("the published document has the table's header line");
    let table = &document[start..];
    let end = table.find("\n\n").map_or(table.len(), |i| i + 1);
    table[..end].to_owned()
}

#[test]
fn chinese_golden_file_is_the_published_table() {
    // The workspace root is this crate's parent; `shared/` lies beside the workspace.
    let seed = manifest_dir().join("..").join(SEED);
    let Ok(document) = fs::read_to_string(&seed) else {
        assert!(
            env::var_os("CI").is_none(),
            "the published table {} is missing, and CI must compare against it",
            seed.display()
        );
        eprintln!(
            "note: {} not found; not comparing the golden file with the published table",
            seed.display()
        );
        return;
    };
    let golden = fs::read_to_string(golden_path(Lang::Zh)).unwrap();
    let published = table_lines(&document);
    assert_eq!(published.lines().count(), 2 + 133, "the table's 133 rows");
    if let Some(diff) = first_difference(&golden, &published) {
        panic!(
            "the zh golden file differs from the published table {}\n{diff}",
            seed.display()
        );
    }
}

#[test]
fn differences_are_reported_at_their_first_line() {
    assert_eq!(first_difference("a\nb\n", "a\nb\n"), None);
    assert_eq!(
        first_difference("a\nx\nc\n", "a\nb\nc\n").unwrap(),
        "first difference at line 2:\n- expected: \"b\"\n+ actual:   \"x\""
    );
    assert_eq!(
        first_difference("a\n", "a\nb\n").unwrap(),
        "first difference at line 2:\n- expected: \"b\"\n+ actual:   \"\""
    );
    assert_eq!(
        first_difference("a", "a\n").unwrap(),
        "first difference at line 2:\n- expected: \"\"\n+ actual:   <end of text>"
    );
}
