//! A published error-code table turned into a catalogue that compiles as is (feature
//! `import`; the `vpc-errors import` command).
//!
//! [`import`] reads the first table of a document ([`table`]: Markdown pipe tables and
//! HTML `<table>`s, columns in any order, headers in English or Chinese), derives the
//! names ([`names`]), writes the YAML ([`catalogue`]) and reads it back with the same
//! rules as `catalogue!` ([`crate::file`]). Every row it cannot carry is reported with
//! its line in [`Imported::dropped`]; none is left out silently.

pub mod catalogue;
pub mod names;
pub mod table;

use std::collections::{HashMap, HashSet};
use std::fmt;

use self::catalogue::{Catalogue, Error, Group, Operation};
use self::table::{Row, Table, TableError};

/// What the importer is told besides the table.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The catalogue's `service`; by default the codes' prefix.
    pub service: Option<String>,
    /// The cloud's operations for the table's groups.
    pub map: Option<OperationMap>,
    /// Where the table came from, for the catalogue's first comment.
    pub origin: String,
}

/// The operations of each table group, read from a Markdown table with the columns
/// `table group`, `operation`, `service`, `method` and `path` (as `operations.md`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OperationMap {
    groups: Vec<(String, Operation)>,
}

impl OperationMap {
    /// Reads the map's table.
    ///
    /// # Errors
    /// If the text has no table or the table lacks one of the columns.
    pub fn read(source: &str) -> Result<OperationMap, TableError> {
        let t = table::read(source)?;
        let find = |names: &[&str]| {
            t.header
                .iter()
                .position(|h| names.contains(&h.to_lowercase().as_str()))
        };
        let column = |names: &[&str]| {
            find(names).ok_or_else(|| TableError {
                line: t.header_line,
                message: format!("the map has no `{}` column", names[0]),
            })
        };
        let group = column(&["table group", "group", "模块", "module", "category"])?;
        let name = column(&["operation", "name", "api"])?;
        let service = column(&["service"])?;
        let method = column(&["method"])?;
        let path = column(&["path", "uri"])?;
        let mut groups = Vec::new();
        for row in &t.rows {
            let cell = |i: usize| row.cells[i].trim_matches('`').trim().to_owned();
            groups.push((
                cell(group),
                Operation {
                    name: cell(name),
                    title: cell(group),
                    service: cell(service),
                    method: cell(method).to_ascii_uppercase(),
                    path: cell(path),
                    guessed: false,
                },
            ));
        }
        Ok(OperationMap { groups })
    }

    fn operations(&self, group: &str) -> Vec<Operation> {
        self.groups
            .iter()
            .filter(|(g, _)| g == group)
            .map(|(_, op)| op.clone())
            .collect()
    }
}

/// A row of the table that is not in the catalogue, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// The row's line in the table's document.
    pub line: usize,
    /// Why it was left out.
    pub reason: String,
}

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: row left out: {}", self.line, self.reason)
    }
}

/// An imported catalogue.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The catalogue, as written.
    pub catalogue: Catalogue,
    /// Its YAML text, validated.
    pub yaml: String,
    /// The table rows it read.
    pub rows: usize,
    /// The rows left out.
    pub dropped: Vec<Dropped>,
    /// What the importer assumed (a missing column, guessed methods), one sentence each.
    pub notes: Vec<String>,
}

impl Imported {
    /// How many errors the catalogue has (a numbered cell gives several).
    #[must_use]
    pub fn errors(&self) -> usize {
        self.catalogue.groups.iter().map(|g| g.errors.len()).sum()
    }
}

/// Why no catalogue could be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The line the problem is on (the table's, or the imported YAML's for a
    /// catalogue that did not validate).
    pub line: usize,
    /// What is wrong.
    pub message: String,
    /// The rows left out before the importer gave up.
    pub dropped: Vec<Dropped>,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ImportError {}

impl From<TableError> for ImportError {
    fn from(e: TableError) -> Self {
        ImportError {
            line: e.line,
            message: e.message,
            dropped: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Module,
    Status,
    Code,
    Message,
    Description,
    Remedy,
}

const HEADERS: &[(Column, &[&str])] = &[
    (
        Column::Module,
        &["模块", "分类", "module", "category", "api", "operation"],
    ),
    (
        Column::Status,
        &[
            "状态码",
            "status",
            "status code",
            "http status code",
            "http status",
        ],
    ),
    (Column::Code, &["错误码", "error code", "code"]),
    (
        Column::Message,
        &[
            "错误信息",
            "error message",
            "message",
            "error information",
            "error info",
        ],
    ),
    (
        Column::Description,
        &["描述", "description", "error description"],
    ),
    (
        Column::Remedy,
        &[
            "处理措施",
            "solution",
            "handling measure",
            "measure",
            "measures",
            "remedy",
        ],
    ),
];

struct Columns {
    at: HashMap<usize, Column>,
}

impl Columns {
    fn read(t: &Table) -> Result<Columns, ImportError> {
        let mut at = HashMap::new();
        let mut seen = HashSet::new();
        for (i, h) in t.header.iter().enumerate() {
            let lower = h.trim().to_lowercase();
            let known = HEADERS
                .iter()
                .find(|(_, names)| names.contains(&lower.as_str()));
            match known {
                Some((column, _)) if seen.insert(*column) => {
                    at.insert(i, *column);
                }
                Some(_) => {
                    return Err(TableError {
                        line: t.header_line,
                        message: format!("the header `{h}` names a column twice"),
                    }
                    .into());
                }
                None => {}
            }
        }
        for (required, name) in [
            (Column::Status, "status (状态码)"),
            (Column::Code, "error code (错误码)"),
            (Column::Message, "error message (错误信息)"),
        ] {
            if !seen.contains(&required) {
                return Err(TableError {
                    line: t.header_line,
                    message: format!(
                        "the table has no {name} column; its headers are {:?}",
                        t.header
                    ),
                }
                .into());
            }
        }
        Ok(Columns { at })
    }

    fn index(&self, column: Column) -> Option<usize> {
        self.at.iter().find(|(_, c)| **c == column).map(|(i, _)| *i)
    }
}

/// One table cell split into its numbered messages (`1.… 2.… 3.…`), or itself.
fn numbered_parts(cell: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest = cell;
    let mut n = 1;
    if !rest.starts_with("1.") {
        return vec![cell.to_owned()];
    }
    rest = &rest[2..];
    loop {
        n += 1;
        let marker = format!(" {n}.");
        match rest.find(&marker) {
            Some(at) => {
                parts.push(rest[..at].trim().to_owned());
                rest = &rest[at + marker.len()..];
            }
            None => {
                parts.push(rest.trim().to_owned());
                break;
            }
        }
    }
    if parts.len() < 2 || parts.iter().any(String::is_empty) {
        return vec![cell.to_owned()];
    }
    parts
}

fn statuses(cell: &str) -> Result<Vec<u16>, String> {
    if cell.trim().is_empty() {
        return Err("the status cell is empty".to_owned());
    }
    let mut out = Vec::new();
    for part in cell.split(['/', ',']).map(str::trim) {
        let status: u16 = part
            .parse()
            .ok()
            .filter(|s| (100..=599).contains(s))
            .ok_or_else(|| format!("`{cell}` is not an HTTP status"))?;
        if !(400..=599).contains(&status) {
            return Err(format!(
                "status {status} is not an error status (a catalogue holds 400 to 599)"
            ));
        }
        if !out.contains(&status) {
            out.push(status);
        }
    }
    Ok(out)
}

/// The code's pattern (`ELB.####`), if the code is one a catalogue can hold.
fn code_pattern(code: &str) -> Option<String> {
    let ok = code.bytes().any(|b| b.is_ascii_digit())
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        && !code.as_bytes()[0].is_ascii_digit();
    ok.then(|| {
        code.chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect()
    })
}

fn is_default_pattern(pattern: &str) -> bool {
    pattern.split_once('.').is_some_and(|(prefix, digits)| {
        !prefix.is_empty() && prefix.bytes().all(|b| b.is_ascii_uppercase()) && digits == "####"
    })
}

fn is_cjk(c: char) -> bool {
    matches!(u32::from(c), 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// The body shape the document's example body shows, if it shows one.
fn body_shape(preamble: &str) -> Option<&'static str> {
    if preamble.contains("\"error_code\"") {
        return Some("error_code");
    }
    let at = preamble.find("\"error\"")?;
    let after = preamble[at + 7..].trim_start().strip_prefix(':')?;
    after.trim_start().starts_with('{').then_some("nested")
}

/// One row read into its errors (several for a numbered cell).
struct Read {
    title: String,
    starts_block: bool,
    errors: Vec<Error>,
}

fn read_row(row: &Row, columns: &Columns, notes: &mut Vec<String>) -> Result<Read, String> {
    let cell = |c: Column| columns.index(c).map(|i| row.cells[i].trim());
    let module = columns.index(Column::Module);
    let title = module.map_or("", |i| row.cells[i].trim()).to_owned();
    if module.is_some() && title.is_empty() {
        return Err("the module cell is empty".to_owned());
    }
    let statuses = statuses(cell(Column::Status).unwrap_or_default())?;
    let code = cell(Column::Code).unwrap_or_default();
    if code.is_empty() {
        return Err("the error code cell is empty".to_owned());
    }
    if code_pattern(code).is_none() {
        return Err(format!(
            "`{code}` is not an error code (letters, digits, `.`, `-`, `_`, with digits, not starting with one)"
        ));
    }
    let message = cell(Column::Message).unwrap_or_default();
    if message.is_empty() {
        return Err("the error message cell is empty".to_owned());
    }
    let description = match cell(Column::Description) {
        Some("") => return Err("the description cell is empty".to_owned()),
        Some(d) => d.to_owned(),
        None => {
            note(
                notes,
                "the table has no description column: each error's message is its description",
            );
            message.to_owned()
        }
    };
    let remedy = match cell(Column::Remedy) {
        Some("") => return Err("the remedy (处理措施, solution) cell is empty".to_owned()),
        Some(r) => r.to_owned(),
        None => {
            note(
                notes,
                "the table has no remedy column: each error's description is its remedy",
            );
            description.clone()
        }
    };
    let messages = numbered_parts(message);
    let split = |text: &str| {
        let parts = numbered_parts(text);
        if parts.len() == messages.len() {
            parts
        } else {
            vec![text.to_owned(); messages.len()]
        }
    };
    let (descriptions, remedies) = (split(&description), split(&remedy));
    let numbered = messages.len() > 1;
    let mut errors = Vec::new();
    for (i, text) in messages.iter().enumerate() {
        let templated = names::templatize(text)?;
        let name = names::error_name(text).unwrap_or_else(|| names::name_from_code(code));
        errors.push(Error {
            line: row.line,
            name,
            code: code.to_owned(),
            statuses: statuses.clone(),
            table_message: (!templated.params.is_empty() && templated.source != *text)
                .then(|| text.clone()),
            message: templated.source,
            table_part: numbered.then_some(i + 1),
            description: descriptions[i].clone(),
            remedy: remedies[i].clone(),
        });
    }
    let starts_block = module.is_none_or(|i| !row.carried[i]);
    Ok(Read {
        title,
        starts_block,
        errors,
    })
}

fn note(notes: &mut Vec<String>, text: &str) {
    if !notes.iter().any(|n| n == text) {
        notes.push(text.to_owned());
    }
}

/// Imports the first table of `source`.
///
/// # Errors
/// If the document has no readable table, no row could be carried, or (a bug of the
/// importer, never to be shipped as a catalogue) the result does not validate.
pub fn import(source: &str, options: &Options) -> Result<Imported, ImportError> {
    let (t, columns) = error_table(source)?;
    let mut notes = Vec::new();
    let mut dropped = Vec::new();
    let mut groups = group_rows(&t, &columns, &mut notes, &mut dropped);
    if groups.is_empty() {
        return Err(ImportError {
            line: t.header_line,
            message: format!(
                "no row of the table could be imported ({} left out)",
                dropped.len()
            ),
            dropped,
        });
    }
    name_errors(&mut groups);
    name_operations(&mut groups, options, &mut notes);
    let codes = code_patterns(&groups);
    let cjk = groups
        .iter()
        .flat_map(|g| &g.errors)
        .flat_map(|e| [&e.description, &e.remedy])
        .any(|t| t.chars().any(is_cjk));
    let language = if cjk { "zh" } else { "en" };
    let preamble: String = source
        .lines()
        .take(t.start_line.saturating_sub(1))
        .collect::<Vec<_>>()
        .join("\n");
    let service = options.service.clone().unwrap_or_else(|| {
        let code = &groups[0].errors[0].code;
        code.split(['.', '-', '_'])
            .next()
            .unwrap_or(code)
            .to_owned()
    });
    let catalogue = Catalogue {
        service,
        body: body_shape(&preamble),
        codes,
        language,
        groups,
    };
    let mut origin = if options.origin.is_empty() {
        "a published table".to_owned()
    } else {
        options.origin.clone()
    };
    if let Some(service) = &options.service {
        origin.push_str(" --service ");
        origin.push_str(&catalogue::quote(service));
    }
    if options.map.is_some() {
        origin.push_str(" --map …");
    }
    let yaml = catalogue.to_yaml(&origin);
    if let Err(problems) = crate::file::parse(&yaml) {
        let first = &problems[0];
        return Err(ImportError {
            line: first.at.line,
            message: format!(
                "the imported catalogue does not validate (an importer bug; nothing written): {}",
                problems
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            dropped,
        });
    }
    Ok(Imported {
        catalogue,
        yaml,
        rows: t.rows.len(),
        dropped,
        notes,
    })
}

/// The rows read into groups: a row whose module cell is carried from above continues
/// the group; an operation's group seen before takes its rows back; rows that cannot be
/// carried go to `dropped`.
fn group_rows(
    t: &Table,
    columns: &Columns,
    notes: &mut Vec<String>,
    dropped: &mut Vec<Dropped>,
) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let has_module = columns.index(Column::Module).is_some();
    if !has_module {
        note(
            notes,
            "the table has no module column: every error is a common one",
        );
    }
    for row in &t.rows {
        let read = match read_row(row, columns, notes) {
            Ok(read) => read,
            Err(reason) => {
                dropped.push(Dropped {
                    line: row.line,
                    reason,
                });
                continue;
            }
        };
        let title = if has_module {
            read.title
        } else {
            "Common".to_owned()
        };
        let common = !has_module || names::is_common_title(&title);
        let continues = groups.last().is_some_and(|g| g.title == title) && !read.starts_block;
        let earlier = (!common)
            .then(|| groups.iter().position(|g| !g.common && g.title == title))
            .flatten();
        if continues {
            groups
                .last_mut()
                .expect("a last group")
                .errors
                .extend(read.errors);
        } else if let Some(i) = earlier {
            groups[i].errors.extend(read.errors);
        } else {
            groups.push(Group {
                title,
                common,
                operations: Vec::new(),
                errors: read.errors,
            });
        }
    }
    groups
}

/// The first table of the document with the columns of an error-code table (status, code,
/// message). A table that cannot be read is an error: it may have been that one.
fn error_table(source: &str) -> Result<(Table, Columns), ImportError> {
    let mut first_mismatch = None;
    for table in table::read_all(source) {
        let table = table?;
        match Columns::read(&table) {
            Ok(columns) => return Ok((table, columns)),
            Err(e) => {
                first_mismatch.get_or_insert(e);
            }
        }
    }
    Err(first_mismatch.unwrap_or_else(|| {
        ImportError::from(TableError {
            line: 1,
            message: "no table found".to_owned(),
        })
    }))
}

/// Unique names: the common errors among themselves, each operation's against its own
/// and the common ones.
fn name_errors(groups: &mut [Group]) {
    let mut common = HashSet::new();
    for g in groups.iter_mut().filter(|g| g.common) {
        for e in &mut g.errors {
            e.name = names::unique(std::mem::take(&mut e.name), &e.code, &mut common);
        }
    }
    for g in groups.iter_mut().filter(|g| !g.common) {
        let mut taken = common.clone();
        for e in &mut g.errors {
            e.name = names::unique(std::mem::take(&mut e.name), &e.code, &mut taken);
        }
    }
}

fn name_operations(groups: &mut [Group], options: &Options, notes: &mut Vec<String>) {
    let mut taken: HashSet<String> = HashSet::new();
    let mut unnamed = 0;
    for g in groups.iter_mut().filter(|g| !g.common) {
        let mapped = options
            .map
            .as_ref()
            .map(|m| m.operations(&g.title))
            .unwrap_or_default();
        if !mapped.is_empty() {
            for op in &mapped {
                taken.insert(op.name.clone());
            }
            g.operations = mapped;
            continue;
        }
        if options.map.is_some() {
            notes.push(format!(
                "the map has no operation for the group `{}`",
                g.title
            ));
        }
        let name = names::operation_name(&g.title).unwrap_or_else(|| {
            unnamed += 1;
            format!("Operation{unnamed}")
        });
        let name = names::unique(name, "", &mut taken);
        let code = &g.errors[0].code;
        g.operations = vec![Operation {
            name,
            title: g.title.clone(),
            service: code
                .split(['.', '-', '_'])
                .next()
                .unwrap_or(code)
                .to_ascii_uppercase(),
            method: names::method_from_title(&g.title).to_owned(),
            path: "/".to_owned(),
            guessed: true,
        }];
    }
    if groups
        .iter()
        .any(|g| g.operations.iter().any(|o| o.guessed))
    {
        note(
            notes,
            "operation methods and paths are guessed from the group titles (path `/`): give --map for the cloud's own",
        );
    }
}

fn code_patterns(groups: &[Group]) -> Vec<String> {
    let mut patterns: Vec<String> = Vec::new();
    for e in groups.iter().flat_map(|g| &g.errors) {
        if let Some(p) = code_pattern(&e.code)
            && !patterns.contains(&p)
        {
            patterns.push(p);
        }
    }
    if patterns.iter().all(|p| is_default_pattern(p)) {
        Vec::new()
    } else {
        patterns
    }
}

#[cfg(test)]
mod tests;
