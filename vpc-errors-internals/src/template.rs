//! Message templates: `Network {network_id} could not be found.`
//!
//! `{name}` is a parameter (a `snake_case` Rust identifier, because it becomes a field);
//! `{{` and `}}` are literal braces. Tables publish placeholders in their own ways (`xx`,
//! `xxx`, `%s`, `{id}`, `<x:x:x>`, `**`); [`Template::matches_table_wording`] accepts any
//! of them where a parameter stands.

/// One run of a template: literal text, or the index of a parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Literal text, braces unescaped.
    Text(String),
    /// The parameter at this index of [`Template::params`].
    Param(usize),
}

/// A parsed message: its pieces and its parameter names in order of first use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// As written in the catalogue.
    pub source: String,
    /// The message split at its parameters.
    pub pieces: Vec<Piece>,
    /// Parameter names, in order of appearance.
    pub params: Vec<String>,
}

/// The most parameters one message may have; the runtime keeps them in a fixed array.
pub const MAX_PARAMS: usize = 8;

impl Template {
    /// Parses `source`; each problem is returned as a sentence that says how to fix it.
    ///
    /// # Errors
    /// Every problem found, each a sentence that says how to fix it.
    pub fn parse(source: &str) -> Result<Template, Vec<String>> {
        let mut pieces = Vec::new();
        let mut params: Vec<String> = Vec::new();
        let mut problems = Vec::new();
        let mut text = String::new();
        let mut chars = source.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    text.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    text.push('}');
                }
                '}' => problems
                    .push("a lone `}` in the message; write `}}` for a literal brace".to_owned()),
                '{' => {
                    let mut name = String::new();
                    let mut closed = false;
                    for c in chars.by_ref() {
                        if c == '}' {
                            closed = true;
                            break;
                        }
                        name.push(c);
                    }
                    if !closed {
                        problems.push(format!(
                            "the parameter `{{{name}` is never closed; add `}}`, or write `{{{{` for a literal brace"
                        ));
                        continue;
                    }
                    if let Err(why) = check_param_name(&name) {
                        problems.push(why);
                        continue;
                    }
                    if params.contains(&name) {
                        problems.push(format!(
                            "the parameter `{{{name}}}` appears twice; give each placeholder its own name"
                        ));
                        continue;
                    }
                    if !text.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut text)));
                    }
                    pieces.push(Piece::Param(params.len()));
                    params.push(name);
                }
                c => text.push(c),
            }
        }
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        if params.len() > MAX_PARAMS {
            problems.push(format!(
                "the message has {} parameters; at most {MAX_PARAMS} are supported",
                params.len()
            ));
        }
        if problems.is_empty() {
            Ok(Template {
                source: source.to_owned(),
                pieces,
                params,
            })
        } else {
            Err(problems)
        }
    }

    /// Whether the message has parameters.
    #[must_use]
    pub fn has_params(&self) -> bool {
        !self.params.is_empty()
    }

    /// The message with braces unescaped, for a template without parameters.
    #[must_use]
    pub fn literal(&self) -> String {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.as_str(),
                Piece::Param(_) => "",
            })
            .collect()
    }

    /// Whether `table` is this template with each parameter replaced by some non-empty
    /// placeholder (`xx`, `xxx(tenant_id)`...): the published wording stays recoverable.
    #[must_use]
    pub fn matches_table_wording(&self, table: &str) -> bool {
        matches_from(&self.pieces, table)
    }
}

fn matches_from(pieces: &[Piece], rest: &str) -> bool {
    match pieces {
        [] => rest.is_empty(),
        [Piece::Text(t), tail @ ..] => rest
            .strip_prefix(t.as_str())
            .is_some_and(|r| matches_from(tail, r)),
        [Piece::Param(_), tail @ ..] => rest
            .char_indices()
            .skip(1)
            .map(|(i, _)| i)
            .chain(std::iter::once(rest.len()).filter(|&l| l > 0))
            .any(|i| matches_from(tail, &rest[i..])),
    }
}

/// Rust keywords cannot be field names; `status` is taken by the entry's status field.
const RESERVED: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "type", "unsafe",
    "use", "where", "while", "abstract", "become", "box", "do", "final", "macro", "override",
    "priv", "try", "typeof", "unsized", "virtual", "yield", "status",
];

fn check_param_name(name: &str) -> Result<(), String> {
    let snake = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if name.is_empty() {
        Err("an empty parameter `{}`; name it, e.g. `{network_id}`".to_owned())
    } else if !snake {
        Err(format!(
            "the parameter `{{{name}}}` is not a snake_case identifier; use lowercase letters, digits and `_`, e.g. `{{network_id}}`"
        ))
    } else if RESERVED.contains(&name) {
        Err(format!(
            "the parameter `{{{name}}}` is reserved (a Rust keyword, or the entry's `status` field); choose another name, e.g. `{{{name}_value}}`"
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_params_and_escapes() {
        let t = Template::parse("Network {network_id} could not be found {{ok}}.").unwrap();
        assert_eq!(t.params, ["network_id"]);
        assert_eq!(
            t.pieces,
            [
                Piece::Text("Network ".into()),
                Piece::Param(0),
                Piece::Text(" could not be found {ok}.".into()),
            ]
        );
        assert_eq!(Template::parse("a {{b}}").unwrap().literal(), "a {b}");
    }

    #[test]
    fn rejects_bad_templates_with_a_fix() {
        for (bad, hint) in [
            ("x {id", "never closed"),
            ("x } y", "lone `}`"),
            ("x {} y", "empty parameter"),
            ("{Id}", "snake_case"),
            ("{type}", "reserved"),
            ("{status}", "reserved"),
            ("{a} {a}", "twice"),
        ] {
            let problems = Template::parse(bad).unwrap_err();
            assert!(problems[0].contains(hint), "{bad}: {problems:?}");
        }
    }

    #[test]
    fn recognises_the_published_wording() {
        let t = Template::parse("Create flow log by {tenant_id} fail.").unwrap();
        assert!(t.matches_table_wording("Create flow log by xxx(tenant_id) fail."));
        assert!(!t.matches_table_wording("Create flow log by  fail."));
        assert!(!t.matches_table_wording("Update flow log by xxx fail."));
        let end = Template::parse("port id : {port_id}").unwrap();
        assert!(end.matches_table_wording("port id : xxx"));
        assert!(!end.matches_table_wording("port id : "));
    }
}
