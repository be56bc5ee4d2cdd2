//! The text of a scalar, in each style a catalogue is written in: plain, single- and
//! double-quoted (line folding, escapes) and block (`|`, `>`, with chomping).
//!
//! Each reader starts at the scalar's first character and leaves the cursor after it.
//! For plain and block text `indent` is the enclosing block's column (-1 at the top),
//! which continuation lines must be indented past; for quoted text it is the column they
//! must reach, which saphyr sets one further in a mapping's value than in a list's item.

use super::super::diag::Location;
use super::Error;
use super::cursor::{Cursor, blank};

/// Characters that end a plain scalar (and cannot start one) inside `[…]` and `{…}`.
pub(super) fn flow_indicator(c: Option<char>) -> bool {
    matches!(c, Some(',' | '[' | ']' | '{' | '}'))
}

/// At a `:` that ends a plain scalar: followed by a blank (in flow context, also by a
/// flow indicator).
pub(super) fn at_value_indicator(cur: &Cursor<'_>, flow: bool) -> bool {
    cur.is(':') && (blank(cur.peek_nth(1)) || (flow && flow_indicator(cur.peek_nth(1))))
}

/// From a line break: the breaks and blank lines up to the next line's first character.
/// `None` (cursor unmoved) when a scalar cannot go on there: the end of the text, a
/// document marker, a line not indented past `indent`, or for plain text a comment.
fn line_breaks(cur: &mut Cursor<'_>, indent: isize, plain: bool) -> Result<Option<usize>, Error> {
    let start = cur.mark();
    let mut breaks = 0;
    while cur.at_line_end() && !cur.at_end() {
        cur.bump();
        breaks += 1;
        let line_start = cur.mark();
        let mut spaces = 0;
        while cur.is(' ') {
            cur.bump();
            spaces += 1;
        }
        let tab = cur.mark();
        while matches!(cur.peek(), Some(' ' | '\t')) {
            cur.bump();
        }
        if cur.at_line_end() {
            continue;
        }
        let content = cur.mark();
        if plain && cur.col() != spaces {
            cur.reset(tab);
            return Err(cur.tab());
        }
        cur.reset(line_start);
        let marker = cur.at_document_marker();
        cur.reset(content);
        let outdented = if plain {
            spaces.cast_signed() <= indent
        } else {
            spaces.cast_signed() < indent
        };
        if marker || outdented || (plain && cur.is('#')) {
            break;
        }
        return Ok(Some(breaks));
    }
    cur.reset(start);
    Ok(None)
}

/// A plain scalar's text; several lines fold into one.
pub(super) fn plain(cur: &mut Cursor<'_>, indent: isize, flow: bool) -> Result<String, Error> {
    let mut out = String::new();
    loop {
        let mut pending = String::new();
        loop {
            match cur.peek() {
                None | Some('\n' | '\r') => break,
                Some(':') if at_value_indicator(cur, flow) => break,
                Some(c @ (' ' | '\t')) => {
                    pending.push(c);
                    cur.bump();
                    if cur.is('#') {
                        break;
                    }
                }
                c if flow && flow_indicator(c) => break,
                Some(c) => {
                    out.push_str(&pending);
                    pending.clear();
                    out.push(c);
                    cur.bump();
                }
            }
        }
        if !cur.at_line_end() {
            return Ok(out);
        }
        let before = (cur.mark(), out.len());
        let Some(breaks) = line_breaks(cur, indent, true)? else {
            return Ok(out);
        };
        push_folded(&mut out, breaks);
        // A line that holds no more of the scalar (`]`, `: `) ends it before its break.
        if cur.is(':') && at_value_indicator(cur, flow) || flow && flow_indicator(cur.peek()) {
            cur.reset(before.0);
            out.truncate(before.1);
            return Ok(out);
        }
    }
}

fn push_folded(out: &mut String, breaks: usize) {
    if breaks == 1 {
        out.push(' ');
    } else {
        out.extend(std::iter::repeat_n('\n', breaks - 1));
    }
}

/// A quoted scalar's text, from its opening quote; its lines reach column `indent`.
pub(super) fn quoted(cur: &mut Cursor<'_>, indent: isize) -> Result<String, Error> {
    let start = cur.at();
    let double = cur.is('"');
    cur.bump();
    let mut out = String::new();
    let mut pending = String::new();
    let unclosed = || Error {
        at: start,
        message: "a quoted scalar is not closed: its text ends, meets a document marker or \
                  a line not indented past its block before the closing quote"
            .to_owned(),
    };
    loop {
        match cur.peek() {
            None => return Err(unclosed()),
            Some('"') if double => {
                cur.bump();
                break;
            }
            Some('\'') if !double => {
                cur.bump();
                if !cur.is('\'') {
                    break;
                }
                out.push_str(&pending);
                pending.clear();
                out.push('\'');
                cur.bump();
            }
            Some('\\') if double => {
                out.push_str(&pending);
                pending.clear();
                cur.bump();
                if cur.at_line_end() {
                    // An escaped line break joins the lines without a space.
                    let breaks = line_breaks(cur, indent, false)?.ok_or_else(unclosed)?;
                    out.extend(std::iter::repeat_n('\n', breaks - 1));
                    skip_quoted_indent(cur);
                } else {
                    out.push(escape(cur)?);
                }
            }
            Some('\n' | '\r') => {
                pending.clear();
                let breaks = line_breaks(cur, indent, false)?.ok_or_else(unclosed)?;
                push_folded(&mut out, breaks);
                skip_quoted_indent(cur);
            }
            Some(c @ (' ' | '\t')) => {
                pending.push(c);
                cur.bump();
            }
            Some(c) => {
                out.push_str(&pending);
                pending.clear();
                out.push(c);
                cur.bump();
            }
        }
    }
    out.push_str(&pending);
    Ok(out)
}

fn skip_quoted_indent(cur: &mut Cursor<'_>) {
    while matches!(cur.peek(), Some(' ' | '\t')) {
        cur.bump();
    }
}

/// The character a `\` escape stands for; the cursor is just after the `\`.
fn escape(cur: &mut Cursor<'_>) -> Result<char, Error> {
    let at = cur.mark();
    let c = cur
        .peek()
        .ok_or_else(|| cur.error("an escape at the end of the text"))?;
    cur.bump();
    let digits = match c {
        '0' => return Ok('\0'),
        'a' => return Ok('\x07'),
        'b' => return Ok('\x08'),
        't' | '\t' => return Ok('\t'),
        'n' => return Ok('\n'),
        'v' => return Ok('\x0b'),
        'f' => return Ok('\x0c'),
        'r' => return Ok('\r'),
        'e' => return Ok('\x1b'),
        ' ' | '"' | '/' | '\\' => return Ok(c),
        'N' => return Ok('\u{85}'),
        '_' => return Ok('\u{a0}'),
        'L' => return Ok('\u{2028}'),
        'P' => return Ok('\u{2029}'),
        'x' => 2,
        'u' => 4,
        'U' => 8,
        _ => {
            cur.reset(at);
            return Err(cur.error(format!("unknown escape `\\{c}` in a double-quoted scalar")));
        }
    };
    let mut code = 0u32;
    for _ in 0..digits {
        let digit = cur
            .peek()
            .and_then(|d| d.to_digit(16))
            .ok_or_else(|| cur.error(format!("`\\{c}` needs {digits} hexadecimal digits")))?;
        code = code * 16 + digit;
        cur.bump();
    }
    char::from_u32(code).ok_or_else(|| {
        cur.reset(at);
        cur.error(format!("`\\{c}{code:X}` is not a Unicode scalar value"))
    })
}

/// A block scalar's text, from its `|` or `>`, and where saphyr places it: at its first
/// line of text.
pub(super) fn block(cur: &mut Cursor<'_>, indent: isize) -> Result<(String, Location), Error> {
    let indicator = cur.at();
    let folded = cur.is('>');
    cur.bump();
    let mut chomp = '\0';
    if matches!(cur.peek(), Some('+' | '-')) {
        chomp = cur.peek().unwrap_or('\0');
        cur.bump();
    }
    if cur.peek().is_some_and(|c| c.is_ascii_digit()) {
        return Err(cur.error(
            "an indentation indicator on a block scalar is not part of the catalogue format; \
             indent its text instead",
        ));
    }
    let header_end = cur.mark();
    cur.skip_spaces()?;
    if cur.is('#') && cur.mark().offset() == header_end.offset() {
        return Err(cur.error("a comment must be separated from what it follows by a space"));
    }
    cur.skip_comment();
    if !cur.at_line_end() {
        return Err(
            cur.error("while scanning a block scalar, did not find expected comment or line break")
        );
    }
    // Lines as (spaces before the text, text); `None` text for an empty line.
    let mut lines: Vec<(usize, Option<&str>)> = Vec::new();
    let mut content_indent: Option<usize> = None;
    let mut at = None;
    let min_indent = usize::try_from(indent + 1).unwrap_or(0).max(1);
    let mut stopped_at = None;
    while !cur.at_end() {
        let line_end = cur.mark();
        cur.bump();
        let line_start = cur.mark();
        stopped_at = Some(cur.at());
        let mut spaces = 0;
        while cur.is(' ') && content_indent.is_none_or(|n| spaces < n) {
            cur.bump();
            spaces += 1;
        }
        if cur.at_line_end() {
            if cur.at_end() && spaces == 0 {
                break;
            }
            lines.push((spaces, None));
            continue;
        }
        let marker = {
            let here = cur.mark();
            cur.reset(line_start);
            let m = cur.at_document_marker();
            cur.reset(here);
            m
        };
        let n = match content_indent {
            Some(n) => n,
            None if cur.is('\t') => return Err(cur.tab()),
            None => {
                if spaces < min_indent || lines.iter().any(|(s, _)| *s > spaces) {
                    if lines.iter().any(|(s, _)| *s > spaces) && spaces >= min_indent {
                        return Err(cur.error(
                            "a block scalar's leading empty line is indented more than its first line",
                        ));
                    }
                    cur.reset(line_end);
                    break;
                }
                content_indent = Some(spaces);
                at = Some(cur.at());
                spaces
            }
        };
        if spaces < n || marker {
            cur.reset(line_end);
            break;
        }
        let text_start = cur.mark();
        while !cur.at_line_end() {
            cur.bump();
        }
        lines.push((spaces, Some(cur.slice_from(text_start))));
    }
    // A trailing empty line that stopped the scan is not the scalar's.
    let mut trailing = 0;
    while matches!(lines.last(), Some((_, None))) {
        lines.pop();
        trailing += 1;
    }
    let out = compose(&lines, folded, chomp, trailing);
    // Without text, saphyr places it where the text would have started, or at its
    // indicator when the file ends first.
    let stopped_at = stopped_at.filter(|_| !cur.at_end());
    Ok((out, at.or(stopped_at).unwrap_or(indicator)))
}

/// A block scalar's lines joined: literal keeps every break; folded makes one break
/// between two lines of text (neither indented more) a space. Then the chomping: strip
/// drops the final break, clip keeps one, keep keeps the `trailing` empty lines too.
fn compose(lines: &[(usize, Option<&str>)], folded: bool, chomp: char, trailing: usize) -> String {
    let mut out = String::new();
    let mut previous: Option<&str> = None;
    let mut empties = 0;
    for (_, text) in lines {
        let Some(text) = text else {
            empties += 1;
            continue;
        };
        match previous {
            None => out.extend(std::iter::repeat_n('\n', empties)),
            Some(prev) => {
                let more_indented = |s: &str| s.starts_with([' ', '\t']);
                if folded && !more_indented(prev) && !more_indented(text) {
                    push_folded(&mut out, empties + 1);
                } else {
                    out.extend(std::iter::repeat_n('\n', empties + 1));
                }
            }
        }
        out.push_str(text);
        previous = Some(text);
        empties = 0;
    }
    match chomp {
        '-' => {}
        '+' => {
            let breaks = trailing + usize::from(previous.is_some());
            out.extend(std::iter::repeat_n('\n', breaks));
        }
        _ if previous.is_some() => out.push('\n'),
        _ => {}
    }
    out
}
