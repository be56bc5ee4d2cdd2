//! The structure: documents, block mappings and sequences by indentation, flow `[…]` and
//! `{…}`, each node built with the line and column it starts at.
//!
//! Recursive descent, one function per construct; `indent` is always the column of the
//! block that holds the node (-1 for a document's root). What YAML has but the catalogue
//! format does not use (anchors, aliases, tags, complex keys, directives) is an error
//! where it appears, never read as something else.

use std::borrow::Cow;

use super::cursor::{Cursor, blank};
use super::scalar::{self, at_value_indicator, flow_indicator};
use super::{Error, MarkedYaml, YamlData, resolve};

/// Collections nested deeper than this are refused: the reader recurses per level, and
/// a catalogue needs six.
const MAX_DEPTH: usize = 64;

/// Every document in `source`, in order.
pub(super) fn documents(source: &str) -> Result<Vec<MarkedYaml<'_>>, Error> {
    let mut p = Parser {
        cur: Cursor::new(source),
        depth: 0,
        quoted_indent: -1,
    };
    let mut documents = Vec::new();
    p.cur.skip_to_content()?;
    while !p.cur.at_end() {
        if p.cur.col() == 0 && p.cur.is('%') {
            return Err(p
                .cur
                .error("directives (`%YAML`, `%TAG`) are not part of the catalogue format"));
        }
        if p.cur.at_document_marker() && p.cur.is('.') {
            p.cur.bump_n(3);
            p.cur.finish_line()?;
            p.cur.skip_to_content()?;
            continue;
        }
        let explicit = p.cur.at_document_marker();
        let root = if explicit {
            p.cur.bump_n(3);
            p.cur.skip_spaces()?;
            if p.cur.is('#') || p.cur.at_line_end() {
                p.cur.skip_to_content()?;
                if p.cur.at_end() || p.cur.at_document_marker() {
                    null(p.cur.at())
                } else {
                    p.block_node(-1)?
                }
            } else {
                // Only a scalar or a flow collection may share the `---` line.
                p.inline_node(-1)?
            }
        } else {
            p.block_node(-1)?
        };
        documents.push(root);
        p.cur.skip_to_content()?;
        if !p.cur.at_end() && !p.cur.at_document_marker() {
            return Err(p.cur.error("did not find expected <document start>"));
        }
    }
    Ok(documents)
}

fn null(at: super::Location) -> MarkedYaml<'static> {
    MarkedYaml {
        data: YamlData::Null,
        at,
    }
}

struct Parser<'y> {
    cur: Cursor<'y>,
    depth: usize,
    /// The column a quoted scalar's continuation lines must reach where the value being
    /// read stands (see `scalar::quoted`).
    quoted_indent: isize,
}

impl<'y> Parser<'y> {
    /// The errors for what YAML has but the catalogue format leaves out, at a node's
    /// first character.
    fn refuse_unused(&self) -> Result<(), Error> {
        let message = match self.cur.peek() {
            Some('&') => {
                "anchors (`&name`) are not part of the catalogue format; write the value out"
            }
            Some('*') => {
                "aliases (`*name`) are not part of the catalogue format; write the value out"
            }
            Some('!') => "tags (`!name`) are not part of the catalogue format",
            Some('?') if blank(self.cur.peek_nth(1)) => {
                "explicit keys (`? key`) are not part of the catalogue format; keys are plain or quoted text"
            }
            Some(':') if blank(self.cur.peek_nth(1)) => {
                "an entry without a key is not part of the catalogue format"
            }
            Some('%' | '@' | '`') => {
                "a plain scalar cannot start with `%`, `@` or `` ` ``; quote it"
            }
            Some('\t') => return Err(self.cur.tab()),
            _ => return Ok(()),
        };
        Err(self.cur.error(message))
    }

    fn enter(&mut self) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.cur.error(format!(
                "collections nested deeper than {MAX_DEPTH} levels; a catalogue needs a handful"
            )));
        }
        Ok(())
    }

    fn at_sequence_entry(&self) -> bool {
        self.cur.is('-') && blank(self.cur.peek_nth(1))
    }

    /// A node starting at the cursor (its first character, on its own line or after
    /// `- `): a block sequence or mapping starting here, or a value on this line.
    fn block_node(&mut self, indent: isize) -> Result<MarkedYaml<'y>, Error> {
        self.refuse_unused()?;
        let column = self.cur.col();
        if self.at_sequence_entry() {
            return self.block_sequence(column, false);
        }
        if self.key_here()? {
            return self.block_mapping(column);
        }
        let node = self.inline_node(indent)?;
        Ok(node)
    }

    /// Whether a `key:` starts at the cursor; the cursor does not move.
    fn key_here(&mut self) -> Result<bool, Error> {
        let start = self.cur.mark();
        let found = match self.cur.peek() {
            Some('"' | '\'') => {
                let line = self.cur.at().line;
                scalar::quoted(&mut self.cur, -1).is_ok() && {
                    let one_line = self.cur.at().line == line;
                    self.cur.skip_spaces().is_ok() && at_value_indicator(&self.cur, false) && {
                        if !one_line {
                            self.cur.reset(start);
                            return Err(self.cur.error("a key must be on one line"));
                        }
                        true
                    }
                }
            }
            Some('[' | '{' | '|' | '>') => false,
            _ => {
                let key = scalar::plain(&mut self.cur, isize::MAX, false)?;
                !key.is_empty() && at_value_indicator(&self.cur, false)
            }
        };
        self.cur.reset(start);
        Ok(found)
    }

    /// A scalar or flow collection, then the end of its line.
    fn inline_node(&mut self, indent: isize) -> Result<MarkedYaml<'y>, Error> {
        self.refuse_unused()?;
        if self.at_sequence_entry() {
            return Err(self
                .cur
                .error("block sequence entries are not allowed in this context"));
        }
        let node = match self.cur.peek() {
            Some('|' | '>') => {
                let (text, at) = scalar::block(&mut self.cur, indent)?;
                return Ok(MarkedYaml {
                    data: YamlData::String(Cow::Owned(text)),
                    at,
                });
            }
            Some('[' | '{') => {
                let node = self.flow_collection(indent)?;
                self.cur.skip_spaces()?;
                if at_value_indicator(&self.cur, true) {
                    return Err(self.cur.error(
                        "a collection as a key is not part of the catalogue format; keys are plain or quoted text",
                    ));
                }
                node
            }
            _ => self.scalar(indent, false)?,
        };
        self.cur.finish_line()?;
        Ok(node)
    }

    /// A plain or quoted scalar, resolved by the core schema.
    fn scalar(&mut self, indent: isize, flow: bool) -> Result<MarkedYaml<'y>, Error> {
        let at = self.cur.at();
        if matches!(
            self.cur.peek(),
            Some(',' | '[' | ']' | '{' | '}' | '#' | '|' | '>')
        ) {
            return Err(self.cur.error("did not find expected node content"));
        }
        let data = if matches!(self.cur.peek(), Some('"' | '\'')) {
            YamlData::String(Cow::Owned(scalar::quoted(
                &mut self.cur,
                self.quoted_indent,
            )?))
        } else {
            let start = self.cur.mark();
            let text = scalar::plain(&mut self.cur, indent, flow)?;
            if text.is_empty() {
                self.cur.reset(start);
                return Err(self.cur.error("did not find expected node content"));
            }
            resolve(Cow::Owned(text))
        };
        Ok(MarkedYaml { data, at })
    }

    /// A sequence of `- ` entries in `column`; `indentless` when it is a mapping value at
    /// the mapping's own column, which saphyr places at its first entry's content.
    fn block_sequence(&mut self, column: usize, indentless: bool) -> Result<MarkedYaml<'y>, Error> {
        self.enter()?;
        let mut at = self.cur.at();
        let indent = column.cast_signed();
        let mut items = Vec::new();
        loop {
            self.cur.bump();
            let entry = self.cur.at();
            self.quoted_indent = indent;
            self.cur.skip_spaces()?;
            let item = if self.cur.is('#') || self.cur.at_line_end() {
                self.cur.skip_to_content()?;
                if !self.cur.at_end() && !self.cur.at_document_marker() && self.cur.col() > column {
                    self.block_node(indent)?
                } else {
                    null(entry)
                }
            } else {
                self.block_node(indent)?
            };
            if indentless && items.is_empty() {
                at = item.at;
            }
            items.push(item);
            self.cur.skip_to_content()?;
            if self.cur.at_end() || self.cur.at_document_marker() || self.cur.col() < column {
                break;
            }
            if self.cur.col() > column {
                return Err(self.cur.error(
                    "did not find expected '-' indicator: this line is indented past the list's",
                ));
            }
            if !self.at_sequence_entry() {
                break;
            }
        }
        self.depth -= 1;
        Ok(MarkedYaml {
            data: YamlData::Sequence(items),
            at,
        })
    }

    fn block_mapping(&mut self, column: usize) -> Result<MarkedYaml<'y>, Error> {
        self.enter()?;
        let at = self.cur.at();
        let indent = column.cast_signed();
        let mut pairs = Vec::new();
        loop {
            self.refuse_unused()?;
            if self.at_sequence_entry() || !self.key_here()? {
                return Err(self.cur.error("did not find expected key"));
            }
            let key = self.scalar(-1, false)?;
            self.cur.skip_spaces()?;
            let colon = self.cur.at();
            self.cur.bump();
            self.quoted_indent = indent + 1;
            self.cur.skip_spaces()?;
            let value = if self.cur.is('#') || self.cur.at_line_end() {
                self.cur.skip_to_content()?;
                let below = !self.cur.at_end() && !self.cur.at_document_marker();
                if below && self.cur.col() > column {
                    self.block_node(indent)?
                } else if below && self.cur.col() == column && self.at_sequence_entry() {
                    self.block_sequence(column, true)?
                } else {
                    null(colon)
                }
            } else {
                self.inline_node(indent)?
            };
            insert(&mut pairs, key, value)?;
            self.cur.skip_to_content()?;
            if self.cur.at_end() || self.cur.at_document_marker() || self.cur.col() < column {
                break;
            }
            if self.cur.col() > column {
                return Err(self
                    .cur
                    .error("mapping values are not allowed in this context: this line is indented past its mapping's keys"));
            }
        }
        self.depth -= 1;
        Ok(MarkedYaml {
            data: YamlData::Mapping(pairs),
            at,
        })
    }

    /// Spaces, line breaks and comments inside `[…]` or `{…}`; lines must stay indented
    /// past the enclosing block.
    fn skip_flow_space(&mut self, indent: isize) -> Result<(), Error> {
        loop {
            self.cur.skip_spaces()?;
            self.cur.comment()?;
            if self.cur.at_end() {
                return Err(self.cur.error("the text ends inside a flow collection"));
            }
            if !self.cur.at_line_end() {
                return Ok(());
            }
            self.cur.bump();
            while self.cur.is(' ') {
                self.cur.bump();
            }
            if self.cur.at_document_marker() {
                return Err(self.cur.error("a document marker inside a flow collection"));
            }
            // saphyr wants flow content indented past the block, and lets a line start
            // with `,`, `]` or `}` at the block's column.
            let column = self.cur.col().cast_signed();
            let outdented = if matches!(self.cur.peek(), Some(',' | ']' | '}')) {
                column < indent
            } else {
                column <= indent
            };
            if !self.cur.at_line_end() && !self.cur.is('\t') && outdented {
                // saphyr is not consistent here (it reads some such lines in a plain
                // scalar and refuses others), so neither reading can be trusted.
                return Err(self.cur.error(
                    "a line of a flow collection not indented past its block is not part of the catalogue format; indent it",
                ));
            }
        }
    }

    fn flow_collection(&mut self, indent: isize) -> Result<MarkedYaml<'y>, Error> {
        self.enter()?;
        let at = self.cur.at();
        let mapping = self.cur.is('{');
        let (close, what) = if mapping {
            (
                '}',
                "while parsing a flow mapping, did not find expected ',' or '}'",
            )
        } else {
            (
                ']',
                "while parsing a flow sequence, did not find expected ',' or ']'",
            )
        };
        self.cur.bump();
        let mut pairs = Vec::new();
        let mut items = Vec::new();
        loop {
            self.skip_flow_space(indent)?;
            if self.cur.is(close) {
                break;
            }
            let node = self.flow_node(indent)?;
            self.skip_flow_space(indent)?;
            if mapping {
                let value = if self.cur.is(':') {
                    let colon = self.cur.at();
                    self.cur.bump();
                    self.skip_flow_space(indent)?;
                    if self.cur.is(',') || self.cur.is('}') {
                        null(colon)
                    } else {
                        let value = self.flow_node(indent)?;
                        self.skip_flow_space(indent)?;
                        value
                    }
                } else {
                    null(self.cur.at())
                };
                insert(&mut pairs, node, value)?;
            } else {
                if self.cur.is(':') {
                    return Err(self.cur.error(
                        "a `key: value` pair directly in a flow list is not part of the catalogue format; write `{ key: value }`",
                    ));
                }
                items.push(node);
            }
            if self.cur.is(',') {
                self.cur.bump();
            } else if !self.cur.is(close) {
                return Err(self.cur.error(what));
            }
        }
        self.cur.bump();
        self.depth -= 1;
        let data = if mapping {
            YamlData::Mapping(pairs)
        } else {
            YamlData::Sequence(items)
        };
        Ok(MarkedYaml { data, at })
    }

    fn flow_node(&mut self, indent: isize) -> Result<MarkedYaml<'y>, Error> {
        self.refuse_unused()?;
        match self.cur.peek() {
            Some('[' | '{') => {
                let node = self.flow_collection(indent)?;
                Ok(node)
            }
            Some('|' | '>') => Err(self
                .cur
                .error("a block scalar (`|`, `>`) inside a flow collection is not part of the catalogue format")),
            Some(',' | ']' | '}') => Err(self.cur.error("did not find expected node content")),
            Some('-' | ':') if blank(self.cur.peek_nth(1)) || flow_indicator(self.cur.peek_nth(1)) => {
                Err(self.cur.error("did not find expected node content"))
            }
            _ => self.scalar(indent, true),
        }
    }
}

/// Adds a pair, refusing a key the mapping already has (at the repetition).
fn insert<'y>(
    pairs: &mut Vec<(MarkedYaml<'y>, MarkedYaml<'y>)>,
    key: MarkedYaml<'y>,
    value: MarkedYaml<'y>,
) -> Result<(), Error> {
    if !matches!(
        key.data,
        YamlData::String(_)
            | YamlData::Integer(_)
            | YamlData::Boolean(_)
            | YamlData::Null
            | YamlData::Float(_)
    ) {
        return Err(Error {
            at: key.at,
            message: "a collection as a key is not part of the catalogue format; keys are plain or quoted text".to_owned(),
        });
    }
    if pairs.iter().any(|(k, _)| k.data.same(&key.data)) {
        return Err(Error {
            at: key.at,
            message: "duplicated key in mapping".to_owned(),
        });
    }
    pairs.push((key, value));
    Ok(())
}
