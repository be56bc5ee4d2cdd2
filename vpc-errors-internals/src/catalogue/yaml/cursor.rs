//! Where the reader is in the text: the byte offset, and the line and column every node
//! and error is reported at.

use super::super::diag::Location;
use super::Error;

/// A position in the text; copied to look ahead and come back.
#[derive(Debug, Clone, Copy)]
pub(super) struct Mark {
    pos: usize,
    line: usize,
    /// 0-based, in characters.
    col: usize,
}

pub(super) struct Cursor<'y> {
    src: &'y str,
    mark: Mark,
}

/// A space, a tab, a line break or the end of the text: what ends a token.
pub(super) fn blank(c: Option<char>) -> bool {
    matches!(c, None | Some(' ' | '\t' | '\n' | '\r'))
}

impl Mark {
    pub fn offset(self) -> usize {
        self.pos
    }
}

impl<'y> Cursor<'y> {
    pub fn new(src: &'y str) -> Self {
        let pos = if src.starts_with('\u{feff}') { 3 } else { 0 };
        Cursor {
            src,
            mark: Mark {
                pos,
                line: 1,
                col: 0,
            },
        }
    }

    pub fn mark(&self) -> Mark {
        self.mark
    }

    pub fn reset(&mut self, mark: Mark) {
        self.mark = mark;
    }

    pub fn col(&self) -> usize {
        self.mark.col
    }

    pub fn at(&self) -> Location {
        Location {
            line: self.mark.line,
            column: self.mark.col + 1,
        }
    }

    pub fn error(&self, message: impl Into<String>) -> Error {
        Error {
            at: self.at(),
            message: message.into(),
        }
    }

    pub fn rest(&self) -> &'y str {
        &self.src[self.mark.pos..]
    }

    /// The text from `start` to here.
    pub fn slice_from(&self, start: Mark) -> &'y str {
        &self.src[start.pos..self.mark.pos]
    }

    pub fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    pub fn peek_nth(&self, n: usize) -> Option<char> {
        self.rest().chars().nth(n)
    }

    pub fn is(&self, c: char) -> bool {
        self.peek() == Some(c)
    }

    pub fn at_end(&self) -> bool {
        self.mark.pos >= self.src.len()
    }

    /// At a line break or the end of the text.
    pub fn at_line_end(&self) -> bool {
        matches!(self.peek(), None | Some('\n' | '\r'))
    }

    /// At `---` or `...` in the first column, followed by a blank: a document's edge.
    pub fn at_document_marker(&self) -> bool {
        let rest = self.rest();
        self.mark.col == 0
            && (rest.starts_with("---") || rest.starts_with("..."))
            && blank(rest[3..].chars().next())
    }

    /// Moves over one character; a `\r\n` pair is one line break.
    pub fn bump(&mut self) {
        let Some(c) = self.peek() else { return };
        self.mark.pos += c.len_utf8();
        match c {
            '\r' if self.is('\n') => self.mark.pos += 1,
            '\n' | '\r' => {}
            _ => {
                self.mark.col += 1;
                return;
            }
        }
        self.mark.line += 1;
        self.mark.col = 0;
    }

    pub fn bump_n(&mut self, n: usize) {
        for _ in 0..n {
            self.bump();
        }
    }

    /// Skips spaces on this line; a tab is refused, since the catalogue format indents
    /// and separates with spaces only (YAML forbids tabs in indentation).
    pub fn skip_spaces(&mut self) -> Result<(), Error> {
        loop {
            match self.peek() {
                Some(' ') => self.bump(),
                Some('\t') => return Err(self.tab()),
                _ => return Ok(()),
            }
        }
    }

    pub fn tab(&self) -> Error {
        self.error("tabs are not part of the catalogue format outside quoted text; indent and separate with spaces")
    }

    /// Skips a comment up to the end of its line (not the break).
    pub fn skip_comment(&mut self) {
        if self.is('#') {
            while !self.at_line_end() {
                self.bump();
            }
        }
    }

    /// Skips a comment, which YAML wants separated from what it follows by a blank.
    pub fn comment(&mut self) -> Result<(), Error> {
        if self.is('#') {
            let before = self.src[..self.mark.pos].chars().next_back();
            if !blank(before) {
                return Err(
                    self.error("a comment must be separated from what it follows by a space")
                );
            }
            self.skip_comment();
        }
        Ok(())
    }

    /// Skips spaces, comments and line breaks up to the next content (or the end).
    pub fn skip_to_content(&mut self) -> Result<(), Error> {
        loop {
            self.skip_spaces()?;
            self.skip_comment();
            if self.at_end() || !self.at_line_end() {
                return Ok(());
            }
            self.bump();
        }
    }

    /// After a node in block context: only spaces and a comment may follow on its line.
    pub fn finish_line(&mut self) -> Result<(), Error> {
        self.skip_spaces()?;
        self.comment()?;
        if self.at_line_end() {
            Ok(())
        } else if self.is(':') {
            Err(self.error("mapping values are not allowed in this context"))
        } else {
            Err(self.error("did not find the end of the line after a value"))
        }
    }
}
