//! A published table as rows of text cells, each with the line it starts on: Markdown
//! pipe tables and HTML `<table>`s (inside Markdown or HTML), with `rowspan` and `colspan`
//! spread over the rows they cover, tags and anchors stripped, entities unescaped and
//! whitespace collapsed.
//!
//! A table that cannot be read whole (an unclosed tag, a cell spanning past the end, a
//! cell longer than [`MAX_CELL_BYTES`], no header) is an error naming its line, never a
//! partial table.

use std::fmt;

/// The longest cell accepted, in bytes of source text: a published cell is a sentence
/// or two; anything longer is not a table worth reading.
pub const MAX_CELL_BYTES: usize = 64 * 1024;

/// The most rows or columns one cell may span.
pub const MAX_SPAN: usize = 1000;

/// A table read from a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The header cells, as written.
    pub header: Vec<String>,
    /// The line of the header row.
    pub header_line: usize,
    /// The body rows, every one as wide as the header.
    pub rows: Vec<Row>,
    /// The line the table starts on (the text before it is the document's preamble).
    pub start_line: usize,
}

/// One body row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The line the row starts on.
    pub line: usize,
    /// Its cells, left to right; a cell spanned from a row above repeats its text.
    pub cells: Vec<String>,
    /// For each cell, whether it was spanned from a row above rather than given here.
    pub carried: Vec<bool>,
}

/// Why a table could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableError {
    /// The line the problem is on.
    pub line: usize,
    /// What is wrong, as a sentence.
    pub message: String,
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for TableError {}

fn error(line: usize, message: impl Into<String>) -> TableError {
    TableError {
        line,
        message: message.into(),
    }
}

/// Reads the first table of `source`: an HTML `<table>` if there is one, else a Markdown
/// pipe table.
///
/// # Errors
/// If there is no table, or the table is malformed; the error names the line.
pub fn read(source: &str) -> Result<Table, TableError> {
    match find_ignore_case(source, "<table") {
        Some(at) => html(source, at),
        None => pipe(source, 0),
    }
}

/// Every table of `source` in document order, each read or its error: the HTML tables if
/// there are any, else the Markdown pipe tables. A document may hold other tables (of
/// request parameters, say) before the error codes.
#[must_use]
pub fn read_all(source: &str) -> Vec<Result<Table, TableError>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = find_ignore_case(&source[from..], "<table").map(|i| from + i) {
        let read = html(source, at);
        out.push(read);
        // The next table starts after this one's `</table>`.
        match find_ignore_case(&source[at..], "</table").map(|i| at + i) {
            Some(end) => from = end + 1,
            None => break,
        }
    }
    if out.is_empty() {
        let lines: Vec<&str> = source.lines().collect();
        let mut from = 0;
        loop {
            let table = pipe(source, from);
            let next = table
                .as_ref()
                .ok()
                .map(|t| t.rows.last().map_or(t.header_line + 1, |r| r.line));
            out.push(table);
            match next {
                Some(last) if lines[last..].iter().any(|l| is_separator(l)) => from = last,
                _ => break,
            }
        }
    }
    out
}

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    h.windows(n.len()).position(|w| w.eq_ignore_ascii_case(n))
}

fn line_at(source: &str, offset: usize) -> usize {
    source[..offset].matches('\n').count() + 1
}

/// Collapses runs of whitespace to one space and trims the ends.
#[must_use]
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `&amp;`, `&lt;`, `&#39;`, `&#x27;`, `&nbsp;`… as the characters they stand for; an
/// unknown entity is kept as written.
#[must_use]
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|i| i + 1);
        let decoded = match end {
            Some(end) if rest.as_bytes()[end] == b';' => {
                entity(&rest[1..end]).map(|c| (c, end + 1))
            }
            _ => None,
        };
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "lsquo" => '\u{2018}',
        "rsquo" => '\u{2019}',
        "ldquo" => '\u{201c}',
        "rdquo" => '\u{201d}',
        "hellip" => '\u{2026}',
        _ => return None,
    })
}

// ---------------------------------------------------------------- Markdown pipe tables

fn split_pipe_row(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = line.trim().chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cell)),
            _ => cell.push(c),
        }
    }
    cells.push(cell);
    let trimmed = line.trim();
    if trimmed.starts_with('|') {
        cells.remove(0);
    }
    if trimmed.ends_with('|') && trimmed.len() > 1 {
        cells.pop();
    }
    cells
        .iter()
        .map(|c| collapse(&unescape(&c.replace("<br>", " ").replace("<br/>", " "))))
        .collect()
}

fn is_separator(line: &str) -> bool {
    let cells = split_pipe_row(line);
    line.contains('|')
        && !cells.is_empty()
        && cells.iter().all(|c| {
            let c = c.trim_matches(':');
            !c.is_empty() && c.chars().all(|ch| ch == '-')
        })
}

/// Whether `cell` starts like a status cell (`404`, `404/500`, a mistyped `4O4`).
fn starts_with_digit(cell: &str) -> bool {
    cell.starts_with(|c: char| c.is_ascii_digit())
}

/// The first pipe table at or after line index `from` (0-based).
fn pipe(source: &str, from: usize) -> Result<Table, TableError> {
    let lines: Vec<&str> = source.lines().collect();
    let Some(sep) = lines
        .iter()
        .skip(from)
        .position(|l| is_separator(l))
        .map(|i| from + i)
    else {
        return Err(error(
            1,
            "no table found: neither an HTML `<table>` nor a Markdown `|---|` header separator",
        ));
    };
    if sep == from || lines[sep - 1].trim().is_empty() || !lines[sep - 1].contains('|') {
        return Err(error(
            sep + 1,
            "the table's `|---|` line has no header row above it",
        ));
    }
    let header = split_pipe_row(lines[sep - 1]);
    let width = header.len();
    let mut rows: Vec<Row> = Vec::new();
    for (i, line) in lines.iter().enumerate().skip(sep + 1) {
        if line.trim().is_empty() || !line.contains('|') {
            break;
        }
        if line.len() > MAX_CELL_BYTES {
            return Err(error(
                i + 1,
                format!("the row is longer than {MAX_CELL_BYTES} bytes"),
            ));
        }
        let mut cells = split_pipe_row(line);
        let mut carried = vec![false; width];
        // A row continuing the previous one's first column leaves it out (and pads an
        // empty cell at the end, as the published VPC table does): it starts with a
        // status (`404`, or a malformed one such as `4O4`, reported later), where the
        // rows above start with a title. In a table whose first column is the status,
        // every row starts with one, and none is shifted.
        let shifted = width > 1 && cells.first().is_some_and(|c| starts_with_digit(c));
        let previous_first = rows.last().map(|r| r.cells[0].clone());
        if shifted
            && let Some(first) = previous_first
            && !starts_with_digit(&first)
        {
            if cells.len() == width && cells.last().is_some_and(String::is_empty) {
                cells.pop();
            }
            if cells.len() + 1 == width {
                cells.insert(0, first);
                carried[0] = true;
            }
        }
        while cells.len() > width && cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        if cells.len() > width {
            return Err(error(
                i + 1,
                format!("the row has {} cells; the header has {width}", cells.len()),
            ));
        }
        // A short row keeps its missing cells empty: the importer reports the row.
        cells.resize(width, String::new());
        rows.push(Row {
            line: i + 1,
            cells,
            carried,
        });
    }
    Ok(Table {
        header,
        header_line: sep,
        rows,
        start_line: sep,
    })
}

// ---------------------------------------------------------------------- HTML tables

#[derive(Debug)]
enum Token<'s> {
    Start {
        name: String,
        attrs: &'s str,
        line: usize,
    },
    End {
        name: String,
        line: usize,
    },
    Text(&'s str),
}

/// Splits `source[from..]` into tags and text, up to the `</table>` closing the first
/// table (nested tables are refused by the caller).
fn tokens(source: &str, from: usize) -> Result<Vec<Token<'_>>, TableError> {
    let mut out = Vec::new();
    let mut at = from;
    let mut line = line_at(source, from);
    let bytes = source.as_bytes();
    while at < bytes.len() {
        let Some(lt) = source[at..].find('<').map(|i| at + i) else {
            out.push(Token::Text(&source[at..]));
            break;
        };
        if lt > at {
            out.push(Token::Text(&source[at..lt]));
            line += source[at..lt].matches('\n').count();
        }
        if source[lt..].starts_with("<!--") {
            let Some(end) = source[lt..].find("-->") else {
                return Err(error(line, "a comment `<!--` is never closed"));
            };
            line += source[lt..lt + end].matches('\n').count();
            at = lt + end + 3;
            continue;
        }
        let Some(gt) = source[lt..].find('>').map(|i| lt + i) else {
            return Err(error(line, "a tag `<` is never closed with `>`"));
        };
        let inner = &source[lt + 1..gt];
        let tag_line = line;
        line += inner.matches('\n').count();
        at = gt + 1;
        if let Some(name) = inner.strip_prefix('/') {
            out.push(Token::End {
                name: name.trim().to_ascii_lowercase(),
                line: tag_line,
            });
            if name.trim().eq_ignore_ascii_case("table") {
                break;
            }
            continue;
        }
        let name_end = inner
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(inner.len());
        let name = inner[..name_end].to_ascii_lowercase();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
            // `<` in text that is not a tag (`a < b`): keep it as text.
            out.push(Token::Text(&source[lt..=gt]));
            continue;
        }
        out.push(Token::Start {
            name,
            attrs: &inner[name_end..],
            line: tag_line,
        });
    }
    Ok(out)
}

/// The value of attribute `name` in `attrs` (`rowspan="3"`, `rowspan=3`).
fn attribute<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let lower = attrs.to_ascii_lowercase();
    let mut search = 0;
    while let Some(i) = lower[search..].find(name).map(|i| search + i) {
        search = i + name.len();
        let before_ok = i == 0 || lower.as_bytes()[i - 1].is_ascii_whitespace();
        let rest = lower[search..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_start = attrs.len() - rest.len() + 1;
        let value = attrs[value_start..].trim_start();
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap_or(""),
        });
    }
    None
}

fn span(attrs: &str, name: &str, line: usize) -> Result<usize, TableError> {
    match attribute(attrs, name) {
        None => Ok(1),
        Some(v) => match v.trim().parse::<usize>() {
            Ok(0) => Ok(1),
            Ok(n) if n <= MAX_SPAN => Ok(n),
            _ => Err(error(
                line,
                format!("`{name}=\"{v}\"` is not a span of 1 to {MAX_SPAN}"),
            )),
        },
    }
}

/// A cell as written: its text and spans.
struct RawCell {
    text: String,
    line: usize,
    rowspan: usize,
    colspan: usize,
}

struct RawRow {
    line: usize,
    cells: Vec<RawCell>,
    header: bool,
}

#[allow(
    clippy::too_many_lines,
    reason = "one match over the tags a table holds reads best in one place"
)]
fn html(source: &str, start: usize) -> Result<Table, TableError> {
    let start_line = line_at(source, start);
    let tokens = tokens(source, start)?;
    let mut rows: Vec<RawRow> = Vec::new();
    let mut row: Option<RawRow> = None;
    let mut cell: Option<RawCell> = None;
    let mut closed = false;
    let mut in_thead = false;
    let finish_cell = |row: &mut Option<RawRow>, cell: &mut Option<RawCell>| {
        if let (Some(r), Some(mut c)) = (row.as_mut(), cell.take()) {
            c.text = collapse(&unescape(&c.text));
            r.cells.push(c);
        }
    };
    for token in &tokens[1..] {
        match token {
            Token::Start { name, attrs, line } => match name.as_str() {
                "table" => {
                    return Err(error(
                        *line,
                        "a table inside the table; only flat tables are read",
                    ));
                }
                "thead" => in_thead = true,
                "tbody" | "tfoot" => in_thead = false,
                "tr" => {
                    finish_cell(&mut row, &mut cell);
                    rows.extend(row.take());
                    row = Some(RawRow {
                        line: *line,
                        cells: Vec::new(),
                        header: in_thead,
                    });
                }
                "td" | "th" => {
                    finish_cell(&mut row, &mut cell);
                    let Some(r) = row.as_mut() else {
                        return Err(error(*line, format!("a `<{name}>` outside a `<tr>` row")));
                    };
                    if name == "th" {
                        r.header = true;
                    }
                    cell = Some(RawCell {
                        text: String::new(),
                        line: *line,
                        rowspan: span(attrs, "rowspan", *line)?,
                        colspan: span(attrs, "colspan", *line)?,
                    });
                }
                "br" | "p" | "li" | "div" => {
                    if let Some(c) = cell.as_mut() {
                        c.text.push(' ');
                    }
                }
                _ => {}
            },
            Token::End { name, line } => match name.as_str() {
                "table" => {
                    if cell.is_some() || row.is_some() {
                        finish_cell(&mut row, &mut cell);
                        rows.extend(row.take());
                    }
                    closed = true;
                }
                "td" | "th" => {
                    if cell.is_none() {
                        return Err(error(
                            *line,
                            format!("`</{name}>` closes no open cell (mis-nested tags)"),
                        ));
                    }
                    finish_cell(&mut row, &mut cell);
                }
                "tr" => {
                    if row.is_none() {
                        return Err(error(*line, "`</tr>` closes no open row (mis-nested tags)"));
                    }
                    finish_cell(&mut row, &mut cell);
                    rows.extend(row.take());
                }
                "thead" => in_thead = false,
                "p" | "li" | "div" => {
                    if let Some(c) = cell.as_mut() {
                        c.text.push(' ');
                    }
                }
                _ => {}
            },
            Token::Text(text) => {
                if let Some(c) = cell.as_mut() {
                    if c.text.len() + text.len() > MAX_CELL_BYTES {
                        return Err(error(
                            c.line,
                            format!("the cell is longer than {MAX_CELL_BYTES} bytes"),
                        ));
                    }
                    c.text.push_str(text);
                } else if !text.trim().is_empty() && row.is_some() {
                    let line = row.as_ref().map_or(start_line, |r| r.line);
                    return Err(error(line, "text inside a row but outside its cells"));
                }
            }
        }
    }
    if !closed {
        let end = line_at(source, source.trim_end().len());
        return Err(error(
            end,
            format!(
                "the document ends inside the table opened at line {start_line}: `</table>` is missing (a truncated table?)"
            ),
        ));
    }
    grid(&rows, start_line)
}

/// Spreads row and column spans over the rows and columns they cover.
fn grid(raw: &[RawRow], start_line: usize) -> Result<Table, TableError> {
    let Some(first) = raw.first() else {
        return Err(error(start_line, "the table has no rows"));
    };
    if !first.header {
        return Err(error(
            first.line,
            "the table has no header row (`<th>` cells or a `<thead>`); the importer needs the column names",
        ));
    }
    let header_line = first.line;
    let width: usize = first.cells.iter().map(|c| c.colspan).sum();
    let header: Vec<String> = first
        .cells
        .iter()
        .flat_map(|c| std::iter::repeat_n(c.text.clone(), c.colspan))
        .collect();
    // For each column: the text spanned down into it and how many more rows it covers.
    let mut carried: Vec<Option<(String, usize)>> = vec![None; width];
    let mut rows = Vec::new();
    let body = &raw[1..];
    for (index, raw_row) in body.iter().enumerate() {
        let mut cells: Vec<String> = Vec::with_capacity(width);
        let mut carried_here = vec![false; width];
        let mut given = raw_row.cells.iter();
        let mut column = 0;
        while column < width {
            if let Some((text, left)) = carried[column].as_mut() {
                cells.push(text.clone());
                carried_here[column] = true;
                *left -= 1;
                if *left == 0 {
                    carried[column] = None;
                }
                column += 1;
                continue;
            }
            let Some(cell) = given.next() else { break };
            if column + cell.colspan > width {
                return Err(error(
                    cell.line,
                    format!(
                        "the cell spans past the table's {width} columns (`colspan=\"{}\"` at column {})",
                        cell.colspan,
                        column + 1
                    ),
                ));
            }
            let rows_left = body.len() - index;
            if cell.rowspan > rows_left {
                return Err(error(
                    cell.line,
                    format!(
                        "the cell spans {} rows (`rowspan`), but the table ends {rows_left} row{} later",
                        cell.rowspan,
                        if rows_left == 1 { "" } else { "s" }
                    ),
                ));
            }
            for _ in 0..cell.colspan {
                cells.push(cell.text.clone());
                if cell.rowspan > 1 {
                    carried[column] = Some((cell.text.clone(), cell.rowspan - 1));
                }
                column += 1;
            }
        }
        if let Some(extra) = given.next() {
            return Err(error(
                extra.line,
                format!("the row has more cells than the header's {width} columns"),
            ));
        }
        cells.resize(width, String::new());
        rows.push(Row {
            line: raw_row.line,
            cells,
            carried: carried_here,
        });
    }
    Ok(Table {
        header,
        header_line,
        rows,
        start_line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_pipe_table_whose_rows_leave_out_a_carried_first_column() {
        let source = "intro\n模块 | 状态码 | 错误码 |\n|---|---|---|\n公共 | 400 | VPC.0002 |\n404 | VPC.0003 | |\n删除 | 409 | VPC.0103 |\n\nafter | x |\n";
        let t = read(source).unwrap();
        assert_eq!(t.header, ["模块", "状态码", "错误码"]);
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[1].cells, ["公共", "404", "VPC.0003"]);
        assert_eq!(t.rows[1].line, 5);
        assert_eq!(t.rows[2].cells, ["删除", "409", "VPC.0103"]);
    }

    #[test]
    fn a_table_whose_first_column_is_the_status_shifts_nothing() {
        let source = "Status | Code | Message |\n|---|---|---|\n400 | A.0001 | m |\n404 | A.0002 | |\n4O4 | A.0003 |\n";
        let t = read(source).unwrap();
        assert_eq!(t.rows[1].cells, ["404", "A.0002", ""]);
        assert_eq!(t.rows[2].cells, ["4O4", "A.0003", ""]);
        assert!(t.rows.iter().all(|r| r.carried.iter().all(|c| !c)));
        let seed_like =
            "Module | Status | Code |\n|---|---|---|\nM | 400 | A.0001 |\n4O4 | A.0002 | |\n";
        let t = read(seed_like).unwrap();
        assert_eq!(t.rows[1].cells, ["M", "4O4", "A.0002"]);
        assert!(t.rows[1].carried[0]);
    }

    #[test]
    fn reads_html_with_spans_entities_and_anchors() {
        let source = "# T\n<table><thead><tr><th>Module</th><th>Code</th><th>Message</th></tr></thead>\n<tbody><tr><td rowspan=\"2\"><p><a name=\"x\"></a>Common\n part</p></td><td>A.0001</td><td>a &amp; b&nbsp;&#39;c&#x27; &lt;x:x&gt;</td></tr>\n<tr><td colspan='2'>A.0002</td></tr>\n</tbody></table>";
        let t = read(source).unwrap();
        assert_eq!(t.header, ["Module", "Code", "Message"]);
        assert_eq!(t.header_line, 2);
        assert_eq!(
            t.rows[0].cells,
            ["Common part", "A.0001", "a & b 'c' <x:x>"]
        );
        assert_eq!(t.rows[1].cells, ["Common part", "A.0002", "A.0002"]);
        assert_eq!(t.rows[1].line, 5);
    }

    fn fails(source: &str) -> TableError {
        read(source).unwrap_err()
    }

    #[test]
    fn a_truncated_table_is_an_error_with_its_line() {
        let e = fails("x\n<table><tr><th>Code</th></tr>\n<tr><td>A.0001</td></tr>\n");
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("`</table>` is missing"), "{e}");
        let e = fails("<table><tr><th>Code</th></tr>\n<tr><td>A.0001</td");
        assert!(e.message.contains("never closed with `>`"), "{e}");
        assert_eq!(e.line, 2);
        let e = fails("<table><tr><th>Code</th></tr>\n<!-- x");
        assert!(e.message.contains("comment"), "{e}");
    }

    #[test]
    fn mis_nested_tags_are_errors() {
        let e = fails("<table><tr><th>C</th></tr>\n</td></table>");
        assert_eq!((e.line, e.message.contains("mis-nested")), (2, true), "{e}");
        let e = fails("<table><td>x</td></table>");
        assert!(e.message.contains("outside a `<tr>`"), "{e}");
        let e = fails("<table><tr><th>C</th></tr><tr><td><table></table></td></tr></table>");
        assert!(e.message.contains("inside the table"), "{e}");
    }

    #[test]
    fn cells_spanning_past_the_table_are_errors() {
        let e = fails(
            "<table><tr><th>A</th><th>B</th></tr>\n<tr><td rowspan=\"3\">x</td><td>y</td></tr>\n<tr><td>z</td></tr></table>",
        );
        assert_eq!(e.line, 2);
        assert!(e.message.contains("spans 3 rows"), "{e}");
        let e = fails("<table><tr><th>A</th></tr>\n<tr><td colspan=\"2\">x</td></tr></table>");
        assert!(e.message.contains("spans past"), "{e}");
        let e =
            fails("<table><tr><th>A</th></tr>\n<tr><td rowspan=\"99999999\">x</td></tr></table>");
        assert!(e.message.contains("not a span"), "{e}");
        let e = fails("<table><tr><th>A</th></tr>\n<tr><td>x</td><td>y</td></tr></table>");
        assert!(e.message.contains("more cells"), "{e}");
    }

    #[test]
    fn megabyte_cells_and_headerless_tables_are_errors() {
        let big = "x".repeat(1 << 20);
        let e = fails(&format!(
            "<table><tr><th>A</th></tr>\n<tr><td>{big}</td></tr></table>"
        ));
        assert_eq!(e.line, 2);
        assert!(e.message.contains("longer than"), "{e}");
        let e = fails(&format!("A | B |\n|---|---|\n{big} | y |\n"));
        assert_eq!(e.line, 3);
        let e = fails("<table><tr><td>A</td></tr></table>");
        assert!(e.message.contains("no header"), "{e}");
        let e = fails("just text\n");
        assert!(e.message.contains("no table"), "{e}");
        let e = fails("|---|---|\n");
        assert!(e.message.contains("no header row"), "{e}");
        let e = fails("<table></table>");
        assert!(e.message.contains("no rows"), "{e}");
    }

    #[test]
    fn every_table_of_a_document_is_read() {
        let html = "<table><tr><th>Name</th></tr><tr><td>x</td></tr></table>\n<TABLE><tr><th>Code</th></tr>\n<tr><td>A.0001</td></tr></TABLE>";
        let all = read_all(html);
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].as_ref().unwrap().rows[0].line, 3);
        let pipe = "a | b |\n|---|---|\n1 | 2 |\n\ntext\n\nc | d |\n|---|---|\n3 | 4 |\n";
        let all = read_all(pipe);
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].as_ref().unwrap().header, ["c", "d"]);
        assert_eq!(all[1].as_ref().unwrap().rows[0].line, 9);
        assert_eq!(read_all("nothing").len(), 1);
    }

    #[test]
    fn unknown_entities_and_stray_ampersands_stay() {
        assert_eq!(
            unescape("a & b &bogus; &#0; &#xZZ;"),
            "a & b &bogus; &#0; &#xZZ;"
        );
        assert_eq!(unescape("&lt;&gt;&quot;&apos;"), "<>\"'");
    }
}
