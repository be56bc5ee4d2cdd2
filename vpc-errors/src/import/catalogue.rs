//! The imported catalogue and its YAML text.

use std::fmt::Write as _;

/// An operation of an imported group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// Its `UpperCamelCase` API name.
    pub name: String,
    /// Its title.
    pub title: String,
    /// Its service.
    pub service: String,
    /// Its HTTP method.
    pub method: String,
    /// Its request path.
    pub path: String,
    /// Whether method and path were guessed (no map gave them).
    pub guessed: bool,
}

/// A group of the table: its title cell and its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The table's module or category cell.
    pub title: String,
    /// Whether its errors are shared by every operation.
    pub common: bool,
    /// The operations it lists (none when common).
    pub operations: Vec<Operation>,
    /// Its errors.
    pub errors: Vec<Error>,
}

/// An imported error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The line of the table row.
    pub line: usize,
    /// Its variant name.
    pub name: String,
    /// Its code.
    pub code: String,
    /// Its statuses.
    pub statuses: Vec<u16>,
    /// The template.
    pub message: String,
    /// The table's wording, when it differs from `message`.
    pub table_message: Option<String>,
    /// The part of a numbered cell.
    pub table_part: Option<usize>,
    /// What it means.
    pub description: String,
    /// What to do.
    pub remedy: String,
}

/// The whole imported catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogue {
    /// The service.
    pub service: String,
    /// The body shape's header name, when not the default.
    pub body: Option<&'static str>,
    /// Code patterns, when the codes are not `PREFIX.NNNN`.
    pub codes: Vec<String>,
    /// The language of its texts: `zh` or `en`.
    pub language: &'static str,
    /// Its groups in table order.
    pub groups: Vec<Group>,
}

/// `text` as a YAML double-quoted scalar: `\` and `"` escaped, control characters and
/// the characters YAML treats as line breaks written as escapes.
#[must_use]
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{85}' => out.push_str("\\N"),
            '\u{a0}' => out.push_str("\\_"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if c.is_control() || c == '\u{feff}' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Catalogue {
    /// The catalogue as YAML, in the layout of `catalogue.yaml`; its first comment names
    /// the import (`origin`: the table and the options given).
    #[must_use]
    pub fn to_yaml(&self, origin: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# Imported by `vpc-errors import {origin}`: code, status and message are the table's own text."
        );
        let _ = writeln!(out, "service: {}", quote(&self.service));
        if let Some(body) = self.body {
            let _ = writeln!(out, "body: {}", quote(body));
        }
        if !self.codes.is_empty() {
            let codes: Vec<String> = self.codes.iter().map(|c| quote(c)).collect();
            let _ = writeln!(out, "codes: [{}]", codes.join(", "));
        }
        let _ = writeln!(out, "languages: [{}]", self.language);
        out.push_str("groups:\n");
        for group in &self.groups {
            let _ = writeln!(out, "  - group: {}", quote(&group.title));
            if group.common {
                out.push_str("    common: true\n");
            } else {
                out.push_str("    operations:\n");
                for op in &group.operations {
                    let _ = write!(
                        out,
                        "      - {{ name: {}, title: {}, service: {}, method: {}, path: {} }}",
                        quote(&op.name),
                        quote(&op.title),
                        quote(&op.service),
                        quote(&op.method),
                        quote(&op.path)
                    );
                    if op.guessed {
                        out.push_str(
                            "  # method and path guessed: import with --map for the real ones",
                        );
                    }
                    out.push('\n');
                }
            }
            out.push_str("    errors:\n");
            for e in &group.errors {
                let _ = writeln!(out, "      - name: {}", quote(&e.name));
                let _ = writeln!(out, "        code: {}", quote(&e.code));
                match e.statuses.as_slice() {
                    [one] => {
                        let _ = writeln!(out, "        status: {one}");
                    }
                    many => {
                        let list: Vec<String> = many.iter().map(u16::to_string).collect();
                        let _ = writeln!(out, "        status: [{}]", list.join(", "));
                    }
                }
                let _ = writeln!(out, "        message: {}", quote(&e.message));
                if let Some(t) = &e.table_message {
                    let _ = writeln!(out, "        table_message: {}", quote(t));
                }
                if let Some(part) = e.table_part {
                    let _ = writeln!(out, "        table_part: {part}");
                }
                let _ = writeln!(out, "        description: {}", quote(&e.description));
                let _ = writeln!(out, "        remedy: {}", quote(&e.remedy));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_what_yaml_would_read_otherwise() {
        assert_eq!(quote("a \"b\" \\c"), r#""a \"b\" \\c""#);
        assert_eq!(quote("x\ny\u{1}\u{2028}"), r#""x\ny\u0001\L""#);
        assert_eq!(quote("#: - ['x'] {y} 公共"), "\"#: - ['x'] {y} 公共\"");
        for text in [
            "a: b",
            "- x",
            "'q'",
            "\u{a0}x\r\t",
            "\u{85}\u{2029}\u{feff}",
            "",
        ] {
            // Read back by the catalogue reader itself.
            let yaml = format!("service: {}\ngroups: []\n", quote(text));
            let mut problems = vpc_errors_internals::catalogue::diag::Problems::default();
            let read = vpc_errors_internals::catalogue::parse::catalogue(&yaml, &mut problems);
            assert!(problems.is_empty(), "{yaml}");
            assert_eq!(read.map(|c| c.service).as_deref(), Some(text), "{yaml}");
        }
    }
}
