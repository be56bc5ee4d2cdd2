//! The commands of `vpc-errors`, as functions from their arguments to the text they print
//! and their exit code, so they are tested without a process or a terminal.

use std::fmt::Write as _;
use std::path::Path;
use vpc_errors_internals::suggest::distance;

use vpc_errors::docs::{self, Lang};
use vpc_errors::import::{OperationMap, Options};
use vpc_errors::registry::{Catalogue, Entry, Operation};

/// Exit code of a command that found what it was asked for.
pub const SUCCESS: u8 = 0;
/// Exit code of a code, operation or text that matches nothing.
pub const NOT_FOUND: u8 = 1;
/// Exit code of an import that wrote a catalogue but left rows of the table out.
pub const ROWS_LEFT_OUT: u8 = 1;
/// Exit code of an input that could not be used: a catalogue file that does not load, a
/// table no catalogue could be made of.
pub const BAD_INPUT: u8 = 2;

/// How many close matches an unknown code or operation name is answered with.
const SUGGESTIONS: usize = 5;

/// What a command prints and how it exits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The text for standard output.
    pub stdout: String,
    /// The text for standard error.
    pub stderr: String,
    /// The process exit code.
    pub code: u8,
}

impl Outcome {
    fn found(stdout: String) -> Self {
        Outcome {
            stdout,
            stderr: String::new(),
            code: SUCCESS,
        }
    }

    fn not_found(stderr: String) -> Self {
        Outcome {
            stdout: String::new(),
            stderr,
            code: NOT_FOUND,
        }
    }
}

/// Terminal styling: ANSI escapes, or plain text when colour is off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Whether to emit colour escapes.
    pub color: bool,
}

impl Style {
    /// Plain text.
    #[cfg(test)]
    pub const PLAIN: Style = Style { color: false };

    /// Colour only when writing to a terminal and `NO_COLOR` is unset or empty, as
    /// <https://no-color.org> asks.
    pub fn detect(is_terminal: bool, no_color: Option<&std::ffi::OsStr>) -> Style {
        Style {
            color: is_terminal && no_color.is_none_or(std::ffi::OsStr::is_empty),
        }
    }

    fn paint(self, sgr: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{sgr}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }

    fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }

    fn code(self, text: &str) -> String {
        self.paint("1;36", text)
    }

    fn label(self, text: &str) -> String {
        self.paint("33", text)
    }

    fn error(self, text: &str) -> String {
        self.paint("1;31", text)
    }
}

/// `explain CODE`: every row with the code, in table order, in both languages.
pub fn explain(catalogue: &Catalogue, query: &str, style: Style) -> Outcome {
    let code = normalize_code(catalogue, query);
    let entries: Vec<&Entry> = catalogue.by_code(&code).collect();
    if entries.is_empty() {
        return Outcome::not_found(unknown_code(catalogue, query, style));
    }
    let mut out = String::new();
    let mut operations: Vec<&str> = entries
        .iter()
        .flat_map(|e| e.operations.iter().copied())
        .collect();
    operations.sort_unstable();
    operations.dedup();
    let scope = if entries.iter().any(|e| e.common) {
        "every operation".to_owned()
    } else {
        plural(operations.len(), "operation")
    };
    let _ = writeln!(
        out,
        "{}: {} in {scope}",
        style.code(&code),
        plural(entries.len(), "row")
    );
    for entry in &entries {
        out.push('\n');
        write_explanation(&mut out, catalogue, entry, style);
    }
    Outcome::found(out)
}

/// `explain --json`: the rows with the code as JSON.
pub fn explain_json(catalogue: &Catalogue, query: &str, style: Style) -> Outcome {
    let code = normalize_code(catalogue, query);
    let entries: Vec<&Entry> = catalogue.by_code(&code).collect();
    if entries.is_empty() {
        return Outcome::not_found(unknown_code(catalogue, query, style));
    }
    Outcome::found(json(&entries))
}

fn write_explanation(out: &mut String, catalogue: &Catalogue, entry: &Entry, style: Style) {
    let operations: Vec<&Operation> = entry
        .operations
        .iter()
        .filter_map(|name| catalogue.operation(name))
        .collect();
    if entry.common {
        let _ = writeln!(
            out,
            "{} {}",
            style.bold("every operation"),
            style.dim(&format!("({} · Common)", entry.group))
        );
    }
    for op in &operations {
        let _ = writeln!(
            out,
            "{} {}",
            style.bold(op.name),
            style.dim(&format!(
                "{} {} ({} · {})",
                op.method, op.path, op.group, op.title
            ))
        );
    }
    let mut field = |label: &str, value: &str| {
        let _ = writeln!(out, "  {}{value}", style.label(&format!("{label:<13}")));
    };
    let variants: Vec<String> = if entry.common {
        vec![format!("CommonError::{}", entry.name)]
    } else {
        operations
            .iter()
            .map(|op| format!("{}Error::{}", op.name, entry.name))
            .collect()
    };
    field("variant", &variants.join(", "));
    let statuses: Vec<String> = entry.statuses.iter().map(u16::to_string).collect();
    field("status", &statuses.join(" or "));
    field("message", entry.message.source);
    if entry.table_message != entry.message.source {
        field("table text", entry.table_message);
    }
    if let Some(part) = entry.table_part {
        let parts = catalogue
            .entries
            .iter()
            .filter(|e| e.table_part.is_some() && same_row(e, entry))
            .count();
        field(
            "table part",
            &format!("{part} of {parts} numbered messages in one row"),
        );
    }
    for (label, texts) in [
        ("description", &entry.description),
        ("remedy", &entry.remedy),
    ] {
        // A catalogue of one language has nothing to print in the other.
        let present: Vec<&str> = [texts.zh, texts.en]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect();
        for (i, text) in present.iter().enumerate() {
            field(if i == 0 { label } else { "" }, text);
        }
    }
}

/// Whether two entries come from one numbered cell of the table.
fn same_row(a: &Entry, b: &Entry) -> bool {
    a.code == b.code
        && a.statuses == b.statuses
        && a.operations == b.operations
        && a.group == b.group
}

/// The catalogue's spelling of a code typed as `VPC.0504`, `vpc.0504` or `0504`.
fn normalize_code(catalogue: &Catalogue, query: &str) -> String {
    let query = query.trim().to_ascii_uppercase();
    if query.contains('.') {
        return query;
    }
    catalogue
        .entries
        .iter()
        .map(|e| e.code)
        .find(|code| {
            code.rsplit_once('.')
                .is_some_and(|(_, number)| number == query)
        })
        .map_or(query, str::to_owned)
}

fn unknown_code(catalogue: &Catalogue, query: &str, style: Style) -> String {
    let typed = query.trim().to_ascii_uppercase();
    let mut codes: Vec<&str> = catalogue.entries.iter().map(|e| e.code).collect();
    codes.sort_unstable();
    codes.dedup();
    let distance = |code: &str| {
        // Compare like with like: a bare number with the codes' numbers.
        let target = if typed.contains('.') {
            code
        } else {
            code.rsplit_once('.').map_or(code, |(_, n)| n)
        };
        (distance(&typed, target), numeric_gap(&typed, target))
    };
    codes.sort_by_key(|code| distance(code));
    let mut out = format!(
        "{} no error has the code `{}`\n",
        style.error("error:"),
        query.trim()
    );
    out.push_str("\nclosest codes:\n");
    for code in codes.iter().take(SUGGESTIONS) {
        let first = catalogue.by_code(code).next().expect("a catalogue code");
        let _ = writeln!(out, "  {}  {}", style.code(code), first.table_message);
    }
    out
}

/// How far apart the numbers in two codes are, for ranking codes equally many edits away.
fn numeric_gap(a: &str, b: &str) -> u64 {
    let number = |s: &str| {
        s.chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
            .parse::<u64>()
            .ok()
    };
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x.abs_diff(y),
        _ => u64::MAX,
    }
}

/// Filters of `list`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// Only the errors this operation may return, common ones included.
    pub operation: Option<String>,
    /// Only the errors with this status.
    pub status: Option<u16>,
}

/// `list`: the entries the filter selects, as aligned columns or JSON.
pub fn list(catalogue: &Catalogue, filter: &ListFilter, as_json: bool, style: Style) -> Outcome {
    let operation = match &filter.operation {
        None => None,
        Some(name) => match resolve_operation(catalogue, name) {
            Some(op) => Some(op.name),
            None => return Outcome::not_found(unknown_operation(catalogue, name, style)),
        },
    };
    let entries: Vec<&Entry> = catalogue
        .entries
        .iter()
        .filter(|e| operation.is_none_or(|op| e.applies_to(op)))
        .filter(|e| filter.status.is_none_or(|s| e.has_status(s)))
        .collect();
    if entries.is_empty() {
        return Outcome::not_found("no errors match these filters\n".to_owned());
    }
    Outcome::found(if as_json {
        json(&entries)
    } else {
        columns(&entries, style)
    })
}

/// `search TEXT`: the entries whose code, name or texts contain `text`.
pub fn search(catalogue: &Catalogue, text: &str, as_json: bool, style: Style) -> Outcome {
    let entries: Vec<&Entry> = catalogue.search(text).collect();
    if entries.is_empty() {
        return Outcome::not_found(format!("no error mentions `{text}`\n"));
    }
    Outcome::found(if as_json {
        json(&entries)
    } else {
        columns(&entries, style)
    })
}

/// `docs --lang`: the catalogue as the published table.
pub fn docs(catalogue: &Catalogue, lang: Lang) -> Outcome {
    Outcome::found(docs::table(catalogue, lang))
}

/// `docs --format html`: the catalogue as one self-contained page.
pub fn docs_html(catalogue: &Catalogue, lang: Lang) -> Outcome {
    Outcome::found(docs::html_page(catalogue, lang))
}

/// The language `docs` uses unless told: Chinese, the published table's, unless the
/// catalogue has only one language.
pub fn default_lang(catalogue: &Catalogue) -> Lang {
    match catalogue.languages {
        ["en"] => Lang::En,
        _ => Lang::Zh,
    }
}

/// `import TABLE`: the catalogue on standard output, every row left out on standard error.
pub fn import(table: &Path, service: Option<String>, map: Option<&Path>) -> Outcome {
    let read = |path: &Path| {
        std::fs::read_to_string(path)
            .map_err(|e| format!("error: cannot read {}: {e}\n", path.display()))
    };
    let failed = |stderr: String| Outcome {
        stdout: String::new(),
        stderr,
        code: BAD_INPUT,
    };
    let source = match read(table) {
        Ok(s) => s,
        Err(e) => return failed(e),
    };
    let map = match map.map(|m| (m, read(m))) {
        None => None,
        Some((_, Err(e))) => return failed(e),
        Some((path, Ok(text))) => match OperationMap::read(&text) {
            Ok(map) => Some(map),
            Err(e) => return failed(format!("error: {}:{e}\n", path.display())),
        },
    };
    let origin = table.file_name().map_or_else(
        || table.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let options = Options {
        service,
        map,
        origin,
    };
    let name = table.display();
    match vpc_errors::import::import(&source, &options) {
        Ok(imported) => {
            let mut stderr = String::new();
            for d in &imported.dropped {
                let _ = writeln!(stderr, "{name}:{}: row left out: {}", d.line, d.reason);
            }
            for n in &imported.notes {
                let _ = writeln!(stderr, "note: {n}");
            }
            let _ = writeln!(
                stderr,
                "{name}: {} of {} rows imported as {}; {} left out",
                imported.rows - imported.dropped.len(),
                imported.rows,
                plural(imported.errors(), "error"),
                imported.dropped.len()
            );
            Outcome {
                stdout: imported.yaml,
                stderr,
                code: if imported.dropped.is_empty() {
                    SUCCESS
                } else {
                    ROWS_LEFT_OUT
                },
            }
        }
        Err(e) => {
            let mut stderr = String::new();
            for d in &e.dropped {
                let _ = writeln!(stderr, "{name}:{}: row left out: {}", d.line, d.reason);
            }
            let _ = writeln!(
                stderr,
                "error: {name}:{}: {}; no catalogue written",
                e.line, e.message
            );
            failed(stderr)
        }
    }
}

/// The operation called `name`: exactly, or else ignoring ASCII case.
fn resolve_operation(catalogue: &Catalogue, name: &str) -> Option<&'static Operation> {
    catalogue.operation(name).or_else(|| {
        catalogue
            .operations
            .iter()
            .find(|op| op.name.eq_ignore_ascii_case(name))
    })
}

fn unknown_operation(catalogue: &Catalogue, name: &str, style: Style) -> String {
    let typed = name.to_ascii_lowercase();
    let mut names: Vec<&str> = catalogue.operations.iter().map(|op| op.name).collect();
    // Names that contain what was typed come first: `publicip` means one of the EIP ones.
    names.sort_by_key(|n| {
        let lower = n.to_ascii_lowercase();
        (!lower.contains(&typed), distance(&typed, &lower))
    });
    let mut out = format!(
        "{} no operation is named `{name}`\n\nclosest operations:\n",
        style.error("error:")
    );
    for n in names.iter().take(SUGGESTIONS) {
        let _ = writeln!(out, "  {}", style.bold(n));
    }
    out
}

fn json(entries: &[&Entry]) -> String {
    let mut text = serde_json::to_string_pretty(entries).expect("entries serialize");
    text.push('\n');
    text
}

/// Entries as aligned columns: code, status, operations, variant, message.
fn columns(entries: &[&Entry], style: Style) -> String {
    let rows: Vec<[String; 5]> = entries
        .iter()
        .map(|e| {
            let statuses: Vec<String> = e.statuses.iter().map(u16::to_string).collect();
            let operations = if e.common {
                "(every operation)".to_owned()
            } else {
                e.operations.join(", ")
            };
            [
                e.code.to_owned(),
                statuses.join("/"),
                operations,
                e.name.to_owned(),
                e.message.source.to_owned(),
            ]
        })
        .collect();
    let header = ["CODE", "STATUS", "OPERATION", "VARIANT", "MESSAGE"];
    let mut widths = header.map(display_width);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(display_width(cell));
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, cells: [&str; 5], paint: &dyn Fn(usize, &str) -> String| {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                out.push_str("  ");
            }
            out.push_str(&paint(i, cell));
            // The last column is not padded: no trailing blanks.
            if i + 1 < cells.len() {
                out.push_str(&" ".repeat(widths[i] - display_width(cell)));
            }
        }
        out.push('\n');
    };
    line(&mut out, header, &|_, cell| style.bold(cell));
    for row in &rows {
        let cells = [&*row[0], &*row[1], &*row[2], &*row[3], &*row[4]];
        line(&mut out, cells, &|i, cell| {
            if i == 0 {
                style.code(cell)
            } else {
                cell.to_owned()
            }
        });
    }
    let _ = writeln!(out, "{}", style.dim(&plural(rows.len(), "error")));
    out
}

/// Columns a terminal gives `text`: two for East Asian wide characters, one otherwise.
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| {
            let wide = matches!(u32::from(c),
                0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
                | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
                | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
            if wide { 2 } else { 1 }
        })
        .sum()
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::OsStr;

    use vpc_errors::CATALOGUE;

    use super::*;

    fn explain_plain(query: &str) -> Outcome {
        explain(&CATALOGUE, query, Style::PLAIN)
    }

    #[test]
    fn explain_accepts_a_code_in_any_spelling() {
        let full = explain_plain("VPC.0504");
        assert_eq!(full.code, SUCCESS);
        assert_eq!(explain_plain("vpc.0504"), full);
        assert_eq!(explain_plain(" 0504 "), full);
    }

    #[test]
    fn explain_shows_every_operation_using_the_code_in_both_languages() {
        let out = explain_plain("VPC.0504").stdout;
        assert!(
            out.starts_with("VPC.0504: 4 rows in 4 operations\n"),
            "{out}"
        );
        for op in [
            "CreatePublicip",
            "ShowPublicip",
            "DeletePublicip",
            "UpdatePublicip",
        ] {
            assert!(out.contains(&format!("\n{op} ")), "{op} missing:\n{out}");
        }
        assert!(out.contains("  variant      DeletePublicipError::PublicipNotFound\n"));
        assert!(out.contains("  status       404\n"));
        assert!(out.contains("  message      Floating IP could not be found.\n"));
        assert!(out.contains("  description  未找到弹性公网IP\n"));
        assert!(out.contains("  remedy       请确认传入的弹性公网IP的id是否正确\n"));
        let ops = out.find("CreatePublicip").unwrap() < out.find("UpdatePublicip").unwrap();
        assert!(ops, "table order");
    }

    #[test]
    fn explain_shows_templates_with_the_table_wording_and_numbered_parts() {
        let out = explain_plain("2302").stdout;
        assert!(out.contains("  message      Network {network_id} could not be found.\n"));
        assert!(out.contains("  table text   Network xxx could not be found.\n"));
        let out = explain_plain("0602").stdout;
        assert!(
            out.starts_with("VPC.0602: 6 rows in 4 operations\n"),
            "{out}"
        );
        assert!(out.contains("  table part   2 of 3 numbered messages in one row\n"));
        assert!(!explain_plain("0504").stdout.contains("table text"));
    }

    #[test]
    fn explain_marks_common_errors() {
        let out = explain_plain("VPC.0008").stdout;
        assert!(out.starts_with("VPC.0008: 1 row in every operation\n"));
        assert!(out.contains("\nevery operation (公共 · Common)\n"));
        assert!(out.contains("  variant      CommonError::TokenInvalid\n"));
    }

    #[test]
    fn an_unknown_code_gets_the_closest_ones() {
        let out = explain_plain("VPC.0599");
        assert_eq!(out.code, NOT_FOUND);
        assert!(out.stdout.is_empty());
        assert!(
            out.stderr
                .starts_with("error: no error has the code `VPC.0599`\n")
        );
        let suggested: Vec<&str> = out
            .stderr
            .lines()
            .skip_while(|l| *l != "closest codes:")
            .skip(1)
            .map(|l| l.split_whitespace().next().unwrap())
            .collect();
        assert_eq!(suggested.len(), SUGGESTIONS);
        assert_eq!(suggested[0], "VPC.0509", "{}", out.stderr);
        let bare = explain_plain("0599");
        assert_eq!(bare.code, NOT_FOUND);
        assert!(bare.stderr.contains("\n  VPC.0509  "), "{}", bare.stderr);
        assert!(explain_json(&CATALOGUE, "x", Style::PLAIN).code == NOT_FOUND);
    }

    #[test]
    fn list_filters_by_operation_and_status() {
        let filter = ListFilter {
            operation: Some("showquota".into()),
            status: None,
        };
        let out = list(&CATALOGUE, &filter, false, Style::PLAIN);
        assert_eq!(out.code, SUCCESS);
        let lines: Vec<&str> = out.stdout.lines().collect();
        assert!(
            lines[0].starts_with("CODE      STATUS  OPERATION"),
            "{}",
            lines[0]
        );
        assert_eq!(lines.last(), Some(&"9 errors"));
        assert!(out.stdout.contains("VPC.1207  400     ShowQuota"));
        let filter = ListFilter {
            operation: Some("ShowQuota".into()),
            status: Some(401),
        };
        let out = list(&CATALOGUE, &filter, false, Style::PLAIN);
        assert_eq!(out.stdout.lines().count(), 1 + 3 + 1, "{}", out.stdout);
        let none = ListFilter {
            operation: None,
            status: Some(418),
        };
        assert_eq!(list(&CATALOGUE, &none, false, Style::PLAIN).code, NOT_FOUND);
    }

    #[test]
    fn list_aligns_its_columns() {
        let out = list(&CATALOGUE, &ListFilter::default(), false, Style::PLAIN).stdout;
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 1 + CATALOGUE.entries.len() + 1);
        let column = lines[0].find("MESSAGE").unwrap();
        for line in &lines[1..lines.len() - 1] {
            assert_eq!(line.as_bytes()[column - 1], b' ', "{line}");
            assert_ne!(line.as_bytes()[column], b' ', "{line}");
            assert!(!line.ends_with(' '));
        }
    }

    #[test]
    fn an_unknown_operation_gets_the_closest_names() {
        let filter = ListFilter {
            operation: Some("DeletePublicIp2".into()),
            status: None,
        };
        let out = list(&CATALOGUE, &filter, false, Style::PLAIN);
        assert_eq!(out.code, NOT_FOUND);
        assert!(
            out.stderr
                .starts_with("error: no operation is named `DeletePublicIp2`\n")
        );
        assert!(
            out.stderr
                .contains("closest operations:\n  DeletePublicip\n"),
            "{}",
            out.stderr
        );
        let filter = ListFilter {
            operation: Some("publicip".into()),
            status: None,
        };
        let out = list(&CATALOGUE, &filter, false, Style::PLAIN).stderr;
        let suggested: Vec<&str> = out.lines().skip(3).map(str::trim).collect();
        assert!(suggested.iter().all(|s| s.contains("Publicip")), "{out}");
    }

    #[test]
    fn json_output_is_the_serialized_entries() {
        let filter = ListFilter {
            operation: Some("ShowNetworkIpAvailabilities".into()),
            status: Some(400),
        };
        let out = list(&CATALOGUE, &filter, true, Style::PLAIN).stdout;
        let value: serde_json::Value = serde_json::from_str(&out).unwrap();
        let codes: Vec<&str> = value
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["code"].as_str().unwrap())
            .collect();
        assert_eq!(
            codes,
            ["VPC.0002", "VPC.0004", "VPC.0007", "VPC.2301", "VPC.2302"]
        );
        assert_eq!(value[4]["message"]["params"][0], "network_id");
        assert_eq!(value[4]["table_message"], "Network xxx could not be found.");
        let explained = explain_json(&CATALOGUE, "0504", Style::PLAIN).stdout;
        let value: serde_json::Value = serde_json::from_str(&explained).unwrap();
        assert_eq!(value.as_array().unwrap().len(), 4);
    }

    #[test]
    fn search_finds_text_in_either_language() {
        let out = search(&CATALOGUE, "弹弹性", false, Style::PLAIN);
        assert!(out.stdout.contains("VPC.0517"));
        assert!(out.stdout.ends_with("1 error\n"));
        let out = search(&CATALOGUE, "no such text anywhere", false, Style::PLAIN);
        assert_eq!(out.code, NOT_FOUND);
        assert_eq!(out.stderr, "no error mentions `no such text anywhere`\n");
    }

    #[test]
    fn docs_prints_the_published_table() {
        let out = docs(&CATALOGUE, Lang::En);
        assert_eq!(out.stdout, docs::table(&CATALOGUE, Lang::En));
        assert_eq!(out.code, SUCCESS);
    }

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        assert!(Style::detect(true, None).color);
        assert!(Style::detect(true, Some(OsStr::new(""))).color);
        assert!(!Style::detect(true, Some(OsStr::new("1"))).color);
        assert!(!Style::detect(false, None).color);
        let coloured = explain(&CATALOGUE, "0504", Style { color: true }).stdout;
        assert!(coloured.starts_with("\x1b[1;36mVPC.0504\x1b[0m: "));
        assert!(!explain_plain("0504").stdout.contains('\x1b'));
    }

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(display_width("VPC"), 3);
        assert_eq!(display_width("公共"), 4);
        assert_eq!(display_width("删除VPC"), 7);
    }

    #[test]
    fn import_of_a_missing_or_broken_table_writes_nothing() {
        let out = import(Path::new("/nonexistent/table.md"), None, None);
        assert_eq!(out.code, BAD_INPUT);
        assert!(out.stdout.is_empty());
        assert!(
            out.stderr
                .starts_with("error: cannot read /nonexistent/table.md")
        );
        let dir = std::env::temp_dir().join(format!("vpc-errors-cli-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let table = dir.join("t.html");
        std::fs::write(&table, "<table><tr><th>Code</th><th>Status</th><th>Message</th></tr>\n<tr><td>A.0001</td><td>400").unwrap();
        let out = import(&table, None, None);
        assert_eq!(out.code, BAD_INPUT);
        assert!(out.stdout.is_empty());
        assert!(
            out.stderr
                .contains("t.html:2: the document ends inside the table"),
            "{}",
            out.stderr
        );
        let map = dir.join("map.md");
        std::fs::write(&map, "| a | b |\n|---|---|\n").unwrap();
        let out = import(&table, None, Some(&map));
        assert_eq!(out.code, BAD_INPUT);
        assert!(
            out.stderr.contains("the map has no `table group` column"),
            "{}",
            out.stderr
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn docs_default_to_a_one_language_catalogue_s_language() {
        assert_eq!(default_lang(&CATALOGUE), Lang::Zh);
        let page = docs_html(&CATALOGUE, Lang::En).stdout;
        assert!(page.contains("<html lang=\"en\">"));
    }
}
