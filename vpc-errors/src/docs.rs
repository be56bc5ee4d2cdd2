//! The catalogue rendered as the published error-code table.
//!
//! [`render_table`] writes one line per row of the published table, in its order and in
//! its exact layout, so the Chinese rendering of [`CATALOGUE`](crate::CATALOGUE) is the
//! published table byte for byte, and the English one is the same table translated:
//!
//! ```
//! use vpc_errors::docs::{Lang, table};
//!
//! let zh = table(&vpc_errors::CATALOGUE, Lang::Zh);
//! let mut lines = zh.lines();
//! assert_eq!(lines.next(), Some("模块 | 状态码 | 错误码 | 错误信息 | 描述 | 处理措施 |"));
//! assert_eq!(lines.next(), Some("|---|---|---|---|---|---|"));
//! assert_eq!(
//!     lines.next(),
//!     Some("公共 | 400 | VPC.0002 | Available zone Name is null. | 可用区为空 | 请确认创建子网的请求体中availability_zone字段是否为空 |"),
//! );
//!
//! let en = table(&vpc_errors::CATALOGUE, Lang::En);
//! assert!(en.starts_with("Module | Status | Code | Message | Description | Remedy |\n"));
//! ```

use std::borrow::Cow;
use std::error::Error;
use std::fmt::{self, Display, Write};
use std::str::FromStr;

use crate::registry::{Catalogue, Entry, Texts};

/// A language of the catalogue's texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Chinese, the published table's language.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Both languages, Chinese first.
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The language tag: `zh` or `en`.
    #[must_use]
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The table's column titles in this language.
    #[must_use]
    pub fn headers(self) -> [&'static str; 6] {
        match self {
            Lang::Zh => ["模块", "状态码", "错误码", "错误信息", "描述", "处理措施"],
            Lang::En => [
                "Module",
                "Status",
                "Code",
                "Message",
                "Description",
                "Remedy",
            ],
        }
    }

    /// This language's half of `texts`.
    #[must_use]
    pub fn pick(self, texts: &Texts) -> &'static str {
        match self {
            Lang::Zh => texts.zh,
            Lang::En => texts.en,
        }
    }
}

impl Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

impl FromStr for Lang {
    type Err = ParseLangError;

    /// Parses `zh` or `en`, in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::ALL
            .into_iter()
            .find(|lang| lang.tag().eq_ignore_ascii_case(s))
            .ok_or_else(|| ParseLangError {
                input: s.to_owned(),
            })
    }
}

/// The error of parsing a [`Lang`] from anything but `zh` or `en`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseLangError {
    input: String,
}

impl Display for ParseLangError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown language `{}`: expected `zh` or `en`",
            self.input
        )
    }
}

impl Error for ParseLangError {}

/// The title of `entry`'s group (模块) in `lang`.
///
/// In Chinese it is the table's 模块. In English it is the title of the operation the
/// group belongs to, the titles of all of them joined with ` / ` for a group shared by
/// several operations (as the table's 插入/移除 joins two), and `Common` for the errors
/// every operation may return.
#[must_use]
pub fn group_title(catalogue: &Catalogue, entry: &Entry, lang: Lang) -> Cow<'static, str> {
    match lang {
        Lang::Zh => Cow::Borrowed(entry.group),
        Lang::En if entry.common => Cow::Borrowed("Common"),
        Lang::En => {
            let mut titles = entry
                .operations
                .iter()
                .map(|name| catalogue.operation(name).map_or(*name, |op| op.title));
            match (titles.next(), entry.operations.len()) {
                (Some(only), 1) => Cow::Borrowed(only),
                (Some(first), _) => {
                    Cow::Owned(titles.fold(first.to_owned(), |all, t| all + " / " + t))
                }
                // An entry outside every operation and not common: all that is known of
                // its group is the table's name for it.
                (None, _) => Cow::Borrowed(entry.group),
            }
        }
    }
}

/// Writes `catalogue` as the published error-code table in `lang`.
///
/// The layout is the published table's, which is not quite Markdown: a header line, a
/// `|---|` line, then one line per row in table order. A block's first row starts with
/// its 模块 and ends with ` |`; the rows after it start with the status and end with
/// ` | |` (an empty sixth cell), except the very last row, which has no empty cell and
/// ends with ` |`. Statuses are joined with `/`
/// (`404/500`), templated messages appear in the table's wording (`Network xxx could not
/// be found.`), and entries split from one numbered cell (`table_part` 1, 2, 3) are joined
/// back into one row, `1.… 2.… 3.…`, in each of the message, description and remedy
/// columns. Messages are the wire text, the same in both languages.
///
/// # Errors
///
/// Only the errors of `out`.
pub fn render_table(catalogue: &Catalogue, lang: Lang, out: &mut impl Write) -> fmt::Result {
    let headers = lang.headers();
    writeln!(out, "{} |", headers.join(" | "))?;
    writeln!(out, "|{}", "---|".repeat(headers.len()))?;
    let rows = rows(catalogue.entries);
    let last = rows.len().saturating_sub(1);
    for (i, row) in rows.iter().enumerate() {
        let first = row.entries[0];
        if row.starts_block {
            write!(out, "{} | ", group_title(catalogue, first, lang))?;
        }
        let statuses = first.statuses.iter().map(u16::to_string);
        write!(
            out,
            "{} | {}",
            statuses.collect::<Vec<_>>().join("/"),
            first.code
        )?;
        write!(out, " | ")?;
        write_cell(out, &row.entries, |e| e.table_message)?;
        write!(out, " | ")?;
        write_cell(out, &row.entries, |e| lang.pick(&e.description))?;
        write!(out, " | ")?;
        write_cell(out, &row.entries, |e| lang.pick(&e.remedy))?;
        // The published table pads a row without 模块 with an empty sixth cell, but not
        // its last row.
        let tail = if row.starts_block || i == last {
            " |"
        } else {
            " | |"
        };
        writeln!(out, "{tail}")?;
    }
    Ok(())
}

/// [`render_table`] into a new string.
#[must_use]
pub fn table(catalogue: &Catalogue, lang: Lang) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail, and render_table adds no errors of its own.
    let _ = render_table(catalogue, lang, &mut out);
    out
}

/// One line of the published table.
struct Row {
    /// The entries the row holds: one, or the parts of a numbered cell in order.
    entries: Vec<&'static Entry>,
    /// Whether the row opens a block and so carries the 模块 cell.
    starts_block: bool,
}

fn rows(entries: &'static [Entry]) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::with_capacity(entries.len());
    let mut previous: Option<&Entry> = None;
    for entry in entries {
        if let (Some(row), Some(part)) = (rows.last_mut(), entry.table_part) {
            let before = row.entries[row.entries.len() - 1];
            if continues_cell(before, entry, part) {
                row.entries.push(entry);
                previous = Some(entry);
                continue;
            }
        }
        rows.push(Row {
            entries: vec![entry],
            starts_block: previous.is_none_or(|p| starts_block(p, entry)),
        });
        previous = Some(entry);
    }
    rows
}

/// Whether `entry`, numbered `part`, is the next message of the numbered cell whose
/// previous part is `before`.
fn continues_cell(before: &Entry, entry: &Entry, part: u8) -> bool {
    before
        .table_part
        .is_some_and(|p| p.checked_add(1) == Some(part))
        && before.code == entry.code
        && before.statuses == entry.statuses
        && before.group == entry.group
        && before.operations == entry.operations
}

fn starts_block(previous: &Entry, entry: &Entry) -> bool {
    previous.block != entry.block
}

/// Writes one cell: the text of a single entry, or the numbered texts of a merged cell.
fn write_cell(
    out: &mut impl Write,
    entries: &[&'static Entry],
    text: impl Fn(&'static Entry) -> &'static str,
) -> fmt::Result {
    if let [only] = entries
        && only.table_part.is_none()
    {
        return out.write_str(text(only));
    }
    for (i, entry) in entries.iter().enumerate() {
        if i > 0 {
            out.write_char(' ')?;
        }
        let part = entry.table_part.map_or(i + 1, usize::from);
        write!(out, "{part}.{}", text(entry))?;
    }
    Ok(())
}

/// `text` escaped for HTML text and attribute values.
#[must_use]
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The page's style and its filter: inline, so the page needs nothing else to work.
const PAGE_STYLE: &str = "body{font:15px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1b1b}\
h1{font-size:1.4rem}input{font:inherit;padding:.4rem .6rem;width:min(32rem,100%);margin-bottom:1rem}\
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top}\
th{background:#f3f3f3;position:sticky;top:0}td.code{font-family:ui-monospace,monospace;white-space:nowrap}\
tr.hidden{display:none}#count{color:#666;margin-left:.75rem}";

const PAGE_SCRIPT: &str = "const q=document.getElementById('q'),n=document.getElementById('count'),\
rows=[...document.querySelectorAll('tbody tr')];function f(){const t=q.value.trim().toLowerCase();\
let shown=0;for(const r of rows){const hit=!t||r.textContent.toLowerCase().includes(t);\
r.classList.toggle('hidden',!hit);if(hit)shown++;}n.textContent=shown+' / '+rows.length;}\
q.addEventListener('input',f);f();";

/// `catalogue` as one self-contained HTML page (inline style and script, no external
/// resources): the table in `lang`, one row per error, and a search box that filters the
/// rows as you type. Every text of the table is escaped.
#[must_use]
pub fn html_page(catalogue: &Catalogue, lang: Lang) -> String {
    let title = escape_html(catalogue.service);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}: error codes</title>\n<style>{PAGE_STYLE}</style>\n</head>\n<body>\n\
         <h1>{title}: error codes</h1>\n\
         <input id=\"q\" type=\"search\" placeholder=\"Search codes, messages, descriptions\" autofocus>\
         <span id=\"count\"></span>\n<table>\n<thead><tr>",
        lang.tag()
    );
    for header in lang.headers() {
        let _ = write!(out, "<th>{}</th>", escape_html(header));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for e in catalogue.entries {
        let statuses: Vec<String> = e.statuses.iter().map(u16::to_string).collect();
        let _ = writeln!(
            out,
            "<tr id=\"{id}-{index}\"><td>{group}</td><td>{status}</td><td class=\"code\">{code}</td>\
             <td>{message}</td><td>{description}</td><td>{remedy}</td></tr>",
            id = escape_html(e.code),
            index = e.index,
            group = escape_html(&group_title(catalogue, e, lang)),
            status = statuses.join("/"),
            code = escape_html(e.code),
            message = escape_html(e.table_message),
            description = escape_html(lang.pick(&e.description)),
            remedy = escape_html(lang.pick(&e.remedy)),
        );
    }
    let _ = write!(
        out,
        "</tbody>\n</table>\n<script>{PAGE_SCRIPT}</script>\n</body>\n</html>\n"
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CATALOGUE;

    fn zh() -> String {
        table(&CATALOGUE, Lang::Zh)
    }

    fn en() -> String {
        table(&CATALOGUE, Lang::En)
    }

    #[test]
    fn lang_parses_its_tags_in_any_case() {
        assert_eq!("zh".parse(), Ok(Lang::Zh));
        assert_eq!("EN".parse(), Ok(Lang::En));
        let err = "fr".parse::<Lang>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown language `fr`: expected `zh` or `en`"
        );
        for lang in Lang::ALL {
            assert_eq!(lang.to_string().parse(), Ok(lang));
        }
    }

    #[test]
    fn one_line_per_table_row_after_the_header() {
        // 133 table rows: the catalogue's entries less the two extra parts of the one
        // numbered cell.
        let extra_parts = CATALOGUE
            .entries
            .iter()
            .filter(|e| e.table_part.is_some_and(|p| p > 1))
            .count();
        assert_eq!(extra_parts, 2);
        for text in [zh(), en()] {
            assert_eq!(
                text.lines().count(),
                2 + CATALOGUE.entries.len() - extra_parts
            );
            assert_eq!(text.lines().count(), 2 + 133);
            assert!(text.ends_with('\n'));
        }
    }

    #[test]
    fn blocks_open_with_their_group_and_rows_end_as_the_table_does() {
        let zh = zh();
        let lines: Vec<&str> = zh.lines().collect();
        assert_eq!(lines[1], "|---|---|---|---|---|---|");
        let openers: Vec<&str> = lines[2..]
            .iter()
            .map(|l| l.split(" | ").next().unwrap())
            .filter(|first| !first.starts_with(|c: char| c.is_ascii_digit()))
            .collect();
        for line in &lines[2..lines.len() - 1] {
            let opens = !line.starts_with(|c: char| c.is_ascii_digit());
            assert_eq!(line.ends_with(" | |"), !opens, "{line}");
        }
        // 35 groups of operations and 公共 twice, in table order.
        assert_eq!(openers.len(), 37);
        assert_eq!(&openers[..3], ["公共", "公共", "创建VPC"]);
        assert_eq!(openers[36], "删除流日志");
        assert_eq!(
            lines[3],
            "404 | VPC.0003 | VPC does not exist. | VPC不存在 | 请确认VPC的id是否填写正确或该租户下是否确实存在该VPC | |"
        );
        assert_eq!(
            lines[lines.len() - 2],
            "404 | VPC.3005 | Flow log xxx could not be found. | 流日志不存在 | 请确认流日志是否存在或id是否正确 | |"
        );
        assert_eq!(
            lines[lines.len() - 1],
            "500 | VPC.3002 | Delete flow log by xxx(tenant_id) fail. | 调用后台服务异常 | 请重试或联系技术支持 |"
        );
    }

    #[test]
    fn statuses_templates_and_numbered_cells_are_written_as_the_table_words_them() {
        let zh = zh();
        assert!(zh.contains("\n404/500 | VPC.0105 | Neutron Error. | "));
        assert!(zh.contains(" | VPC.2302 | Network xxx could not be found. | "));
        assert!(zh.contains(
            "\n创建安全组规则 | 409 | VPC.0602 | 1.Security group rule already exists. 2.Quota exceeded for resources: ['security_group_rule']. 3.Failed to create the security group rule concurrently. The rule already exists. | 1.安全组规则已存在 2."
        ));
        let en = en();
        assert!(en.contains(" | VPC.0602 | 1.Security group rule already exists. 2.Quota"));
        assert!(en.contains(" | 1.The security group rule already exists. 2.The security group rule quota is insufficient. 3."));
    }

    #[test]
    fn english_rows_have_english_groups_and_texts() {
        let en = en();
        assert!(en.contains("\nCommon | 400 | VPC.0002 | Available zone Name is null. | The availability zone is empty. | "));
        assert!(en.contains("\nAdd EIPs to a shared bandwidth / Remove EIPs from a shared bandwidth | 400 | VPC.0301 | Invalid publicip_id | "));
        assert!(en.contains("\nDelete an EIP | 400 | VPC.0501 | Invalid param. | "));
        // Messages are English on the wire, so nothing in the English table is Chinese.
        let chinese = en.chars().find(|c| ('\u{4e00}'..='\u{9fff}').contains(c));
        assert_eq!(chinese, None);
    }

    #[test]
    fn the_common_rows_are_two_blocks_as_in_the_table() {
        let common: Vec<u16> = CATALOGUE
            .entries
            .iter()
            .filter(|e| e.common)
            .map(|e| e.block)
            .collect();
        assert_eq!(common, [0, 0, 0, 0, 0, 1, 1, 1]);
    }

    #[test]
    fn group_titles_follow_the_language() {
        let e = &CATALOGUE.entries[0];
        assert_eq!(group_title(&CATALOGUE, e, Lang::Zh), "公共");
        assert_eq!(group_title(&CATALOGUE, e, Lang::En), "Common");
        let op = CATALOGUE
            .by_operation("DeletePublicip", false)
            .next()
            .unwrap();
        assert_eq!(group_title(&CATALOGUE, op, Lang::Zh), "删除弹性公网IP");
        assert_eq!(group_title(&CATALOGUE, op, Lang::En), "Delete an EIP");
    }

    #[test]
    fn a_catalogue_ending_on_a_block_opener_ends_it_as_any_opener() {
        let one = Catalogue {
            service: "x",
            wire: CATALOGUE.wire,
            languages: CATALOGUE.languages,
            code_formats: &[],
            operations: CATALOGUE.operations,
            entries: &CATALOGUE.entries[..1],
            by_code: &[0],
            code_slots: &[],
        };
        assert_eq!(
            table(&one, Lang::Zh).lines().nth(2),
            Some(
                "公共 | 400 | VPC.0002 | Available zone Name is null. | 可用区为空 | 请确认创建子网的请求体中availability_zone字段是否为空 |"
            )
        );
    }

    #[test]
    fn the_html_page_escapes_every_text_and_loads_nothing() {
        assert_eq!(
            escape_html("<script>\"a\" & 'b'</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
        let page = html_page(&crate::CATALOGUE, Lang::Zh);
        assert_eq!(
            page.matches("<tr id=").count(),
            crate::CATALOGUE.entries.len()
        );
        assert_eq!(page.matches("<script>").count(), 1);
        assert!(!page.contains("src=") && !page.contains("href="));
        assert!(page.contains("<td>公共</td><td>400</td><td class=\"code\">VPC.0002</td>"));
    }
}
