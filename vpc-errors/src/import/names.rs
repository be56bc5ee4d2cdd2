//! Names the importer derives: templates from a table's placeholders, error names from
//! messages, operation names from group titles.

use std::collections::HashSet;

use vpc_errors_internals::template::{MAX_PARAMS, Template};

/// A message with its placeholders turned into named parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Templated {
    /// The catalogue's `message`: `{name}` parameters, literal braces doubled.
    pub source: String,
    /// The parameter names, in order.
    pub params: Vec<String>,
}

/// `listParam`, `tenant_id`, `Network ID` as `list_param`, `tenant_id`, `network_id`.
#[must_use]
pub fn snake_case(text: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && previous_lower && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            previous_lower = false;
        }
    }
    out.trim_end_matches('_').to_owned()
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The placeholder starting at `at`, if one does: its length and the name the table gives.
fn placeholder(text: &str, at: usize) -> Option<(usize, Option<String>)> {
    let bytes = text.as_bytes();
    let rest = &text[at..];
    let boundary_before = at == 0 || !is_word_byte(bytes[at - 1]);
    if rest.starts_with("%s") || rest.starts_with("%d") {
        return Some((2, None));
    }
    if rest.starts_with("**") {
        let len = rest.bytes().take_while(|&b| b == b'*').count();
        return Some((len, None));
    }
    if let Some(inner) = rest.strip_prefix('<') {
        let len = inner.find('>')?;
        let body = &inner[..len];
        if body.contains('x') && body.bytes().all(|b| b == b'x' || b == b':') {
            return Some((len + 2, None));
        }
        return None;
    }
    if let Some(inner) = rest.strip_prefix('{') {
        let len = inner.find('}')?;
        let name = &inner[..len];
        let ident = !name.is_empty()
            && name.bytes().all(is_word_byte)
            && !name.as_bytes()[0].is_ascii_digit();
        return ident.then(|| (len + 2, Some(name.to_owned())));
    }
    if boundary_before && (rest.starts_with("xx") || rest.starts_with("XX")) {
        let run = rest.bytes().take_while(|&b| b == b'x' || b == b'X').count();
        let after = rest.as_bytes().get(run).copied();
        if after == Some(b'(')
            && let Some(close) = rest[run..].find(')')
        {
            let name = &rest[run + 1..run + close];
            if !name.is_empty() && name.bytes().all(is_word_byte) {
                return Some((run + close + 1, Some(name.to_owned())));
            }
        }
        if after.is_none_or(|b| !is_word_byte(b)) {
            return Some((run, None));
        }
    }
    None
}

/// Turns the table's placeholders (`xx`, `xxx`, `%s`, `{id}`, `<x:x:x>`, `**`,
/// `xxx(name)`) into named parameters: the name the table gives, else `value`, `value2`…
///
/// # Errors
/// If the message has more than [`MAX_PARAMS`] placeholders, or the result is not a
/// template the catalogue accepts.
pub fn templatize(message: &str) -> Result<Templated, String> {
    let mut source = String::new();
    let mut params: Vec<String> = Vec::new();
    let mut unnamed = 0;
    let mut at = 0;
    while at < message.len() {
        if let Some((len, given)) = placeholder(message, at) {
            let name = param_name(given.as_deref(), &params, &mut unnamed);
            source.push('{');
            source.push_str(&name);
            source.push('}');
            params.push(name);
            at += len;
            continue;
        }
        let c = message[at..].chars().next().unwrap_or_default();
        match c {
            '{' => source.push_str("{{"),
            '}' => source.push_str("}}"),
            _ => source.push(c),
        }
        at += c.len_utf8();
    }
    if params.len() > MAX_PARAMS {
        return Err(format!(
            "the message has {} placeholders; a catalogue message has at most {MAX_PARAMS}",
            params.len()
        ));
    }
    let template = Template::parse(&source).map_err(|problems| problems.join("; "))?;
    if !params.is_empty() && !template.matches_table_wording(message) {
        return Err("the placeholders could not be told from the text around them".to_owned());
    }
    Ok(Templated { source, params })
}

fn param_name(given: Option<&str>, taken: &[String], unnamed: &mut usize) -> String {
    let usable = given
        .map(snake_case)
        .filter(|n| Template::parse(&format!("{{{n}}}")).is_ok() && !n.is_empty());
    let base = match (given.map(snake_case), usable) {
        (_, Some(name)) => name,
        (Some(name), None) if !name.is_empty() => format!("{name}_value"),
        _ => {
            *unnamed += 1;
            if *unnamed == 1 {
                "value".to_owned()
            } else {
                format!("value{unnamed}")
            }
        }
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

/// Words that say little in a name.
const FILLER: &[&str] = &[
    "a", "an", "the", "is", "are", "was", "were", "be", "been", "please", "to", "of", "for", "and",
    "with", "by", "this", "that", "it", "its",
];

/// How many words a derived name keeps.
const NAME_WORDS: usize = 5;

/// `UpperCamelCase` of the message's first significant words (`Floating IP could not be
/// found.` → `FloatingIpCouldNotFound`), placeholders left out; `None` when the message
/// has no ASCII words.
#[must_use]
pub fn error_name(message: &str) -> Option<String> {
    let mut plain = String::new();
    let mut at = 0;
    while at < message.len() {
        if let Some((len, _)) = placeholder(message, at) {
            plain.push(' ');
            at += len;
            continue;
        }
        let c = message[at..].chars().next().unwrap_or_default();
        plain.push(c);
        at += c.len_utf8();
    }
    let words: Vec<&str> = plain
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .skip_while(|w| w.as_bytes()[0].is_ascii_digit())
        .filter(|w| !FILLER.contains(&w.to_ascii_lowercase().as_str()))
        .take(NAME_WORDS)
        .collect();
    let name = upper_camel(&words);
    (!name.is_empty()).then(|| avoid_reserved(name))
}

fn upper_camel(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + &chars.as_str().to_ascii_lowercase()
            })
        })
        .collect()
}

fn avoid_reserved(name: String) -> String {
    if matches!(name.as_str(), "Common" | "Self") {
        name + "Error"
    } else {
        name
    }
}

/// A name for a row whose message has no ASCII words: from its code (`Ecs.0001` →
/// `Ecs0001`).
#[must_use]
pub fn name_from_code(code: &str) -> String {
    let alnum: String = code.chars().filter(char::is_ascii_alphanumeric).collect();
    let name = upper_camel(&[alnum.as_str()]);
    if name.starts_with(|c: char| c.is_ascii_uppercase()) {
        name
    } else {
        format!("Code{name}")
    }
}

/// `name`, or `name` with the code's digits or a number appended, whichever is not taken.
pub fn unique<S: std::hash::BuildHasher>(
    name: String,
    code: &str,
    taken: &mut HashSet<String, S>,
) -> String {
    if taken.insert(name.clone()) {
        return name;
    }
    let digits: String = code.chars().filter(char::is_ascii_digit).collect();
    let with_code = format!("{name}{digits}");
    if taken.insert(with_code.clone()) {
        return with_code;
    }
    let mut n = 2;
    loop {
        let candidate = format!("{with_code}N{n}");
        if taken.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

/// An operation name from a group title (`Creating a load balancer` →
/// `CreatingLoadBalancer`); `None` when the title is not English (`创建VPC`): its ASCII
/// words alone would not tell operations apart.
#[must_use]
pub fn operation_name(title: &str) -> Option<String> {
    if !title.is_ascii() {
        return None;
    }
    let words: Vec<&str> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .skip_while(|w| w.as_bytes()[0].is_ascii_digit())
        .filter(|w| !FILLER.contains(&w.to_ascii_lowercase().as_str()))
        .collect();
    let name = upper_camel(&words);
    (!name.is_empty()).then(|| avoid_reserved(name))
}

/// Whether a group title names the errors every operation shares.
#[must_use]
pub fn is_common_title(title: &str) -> bool {
    let lower = title.trim().to_lowercase();
    ["公共", "通用", "common", "general"]
        .iter()
        .any(|w| lower == *w || lower.starts_with(&format!("{w} ")))
}

/// The HTTP method an operation title suggests, for a table imported without a map.
#[must_use]
pub fn method_from_title(title: &str) -> &'static str {
    let lower = title.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).collect();
    let starts = |prefixes: &[&str]| {
        words
            .iter()
            .any(|w| prefixes.iter().any(|p| w.starts_with(p)))
    };
    let has = |texts: &[&str]| texts.iter().any(|t| lower.contains(t));
    if starts(&["delet", "remov"]) || has(&["删除", "移除"]) {
        "DELETE"
    } else if starts(&["updat", "modif", "chang"]) || has(&["更新", "修改"]) {
        "PUT"
    } else if starts(&["quer"])
        || words.iter().any(|w| {
            matches!(
                *w,
                "show" | "showing" | "list" | "listing" | "get" | "getting"
            )
        })
        || has(&["查询"])
    {
        "GET"
    } else {
        "POST"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(message: &str) -> (String, Vec<String>) {
        let t = templatize(message).unwrap();
        (t.source, t.params)
    }

    #[test]
    fn placeholders_become_named_parameters() {
        assert_eq!(
            t("Network xxx could not be found.").0,
            "Network {value} could not be found."
        );
        assert_eq!(
            t("by xxx(tenant_id) and xxx(listParam), xx, %s, **, <x:x:x>, {id}").0,
            "by {tenant_id} and {list_param}, {value}, {value2}, {value3}, {value4}, {id}"
        );
        assert_eq!(t("xx is invalid.").1, ["value"]);
        assert_eq!(t("a {b c} }").0, "a {{b c}} }}");
        assert_eq!(t("box xxxy exx").1, Vec::<String>::new());
        assert_eq!(t("{type} {id} {id}").1, ["type_value", "id", "id2"]);
        assert!(
            templatize(&"xx ".repeat(9))
                .unwrap_err()
                .contains("at most 8")
        );
    }

    #[test]
    fn names_come_from_the_message() {
        assert_eq!(
            error_name("Floating IP could not be found.").unwrap(),
            "FloatingIpCouldNotFound"
        );
        assert_eq!(error_name("xx is invalid.").unwrap(), "Invalid");
        assert_eq!(error_name("1.Quota exceeded").unwrap(), "QuotaExceeded");
        assert_eq!(error_name("公共"), None);
        assert_eq!(error_name("Common").unwrap(), "CommonError");
        assert_eq!(name_from_code("Ecs.0001"), "Ecs0001");
        assert_eq!(name_from_code("0001"), "Code0001");
        let mut taken = HashSet::new();
        assert_eq!(unique("Gone".into(), "A.0001", &mut taken), "Gone");
        assert_eq!(unique("Gone".into(), "A.0002", &mut taken), "Gone0002");
        assert_eq!(unique("Gone".into(), "A.0002", &mut taken), "Gone0002N2");
    }

    #[test]
    fn operations_and_common_groups() {
        assert_eq!(
            operation_name("Creating a load balancer").unwrap(),
            "CreatingLoadBalancer"
        );
        assert_eq!(operation_name("创建VPC"), None);
        assert!(is_common_title("Common part") && is_common_title("公共"));
        assert!(is_common_title("General") && !is_common_title("Generalized"));
        assert_eq!(method_from_title("Deleting a listener"), "DELETE");
        assert_eq!(method_from_title("Adding a listener"), "POST");
        assert_eq!(method_from_title("Querying listeners"), "GET");
        assert_eq!(snake_case("listParam"), "list_param");
    }
}
