//! The catalogue as the generator sees it: groups of the published table, the operations
//! they belong to, and one entry per error, each remembering where it was written.

use crate::diag::Location;
use crate::template::Template;

/// A value and the position in the catalogue file where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub at: Location,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Texts {
    pub zh: Spanned<String>,
    pub en: Spanned<String>,
}

/// One block of the published table (`模块`): the common errors, or one operation's.
#[derive(Debug, Clone)]
pub struct Group {
    pub name: Spanned<String>,
    pub common: bool,
    /// Indices into [`Catalogue::operations`]; empty for a common group.
    pub operations: Vec<usize>,
    /// Indices into [`Catalogue::entries`], in table order.
    pub entries: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub name: Spanned<String>,
    pub title: Spanned<String>,
    pub service: Spanned<String>,
    pub method: Spanned<String>,
    pub path: Spanned<String>,
    pub group: usize,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub name: Spanned<String>,
    pub code: Spanned<String>,
    pub statuses: Spanned<Vec<u16>>,
    pub message: Spanned<Template>,
    /// The published wording of a templated message (`Network xxx could not be found.`).
    pub table_message: Option<Spanned<String>>,
    /// Position within a table cell that numbers several messages (`1.… 2.…`).
    pub table_part: Option<Spanned<u32>>,
    pub description: Texts,
    pub remedy: Texts,
    pub group: usize,
    /// Where the entry starts, for messages about the entry as a whole.
    pub at: Location,
}

#[derive(Debug, Clone)]
pub struct Catalogue {
    pub service: String,
    pub groups: Vec<Group>,
    pub operations: Vec<Operation>,
    pub entries: Vec<Entry>,
}

impl Entry {
    pub fn params(&self) -> &[String] {
        &self.message.value.params
    }

    /// The message as the published table words it.
    pub fn table_wording(&self) -> &str {
        self.table_message
            .as_ref()
            .map_or(&self.message.value.source, |t| &t.value)
    }

    /// Whether the value carries data (a status choice or template values), so the
    /// generated variant has fields.
    pub fn has_fields(&self) -> bool {
        self.statuses.value.len() > 1 || self.message.value.has_params()
    }
}

impl Catalogue {
    pub fn is_common(&self, entry: &Entry) -> bool {
        self.groups[entry.group].common
    }

    pub fn operation(&self, name: &str) -> Option<(usize, &Operation)> {
        self.operations
            .iter()
            .enumerate()
            .find(|(_, op)| op.name.value == name)
    }

    /// Indices of the common entries, in table order.
    pub fn common_entries(&self) -> impl Iterator<Item = usize> + '_ {
        self.groups
            .iter()
            .filter(|g| g.common)
            .flat_map(|g| g.entries.iter().copied())
    }

    /// Indices of an operation's own entries (without the common ones), in table order.
    pub fn own_entries(&self, operation: usize) -> &[usize] {
        &self.groups[self.operations[operation].group].entries
    }

    /// An operation's own entries followed by the common ones: its generated enum's variants.
    pub fn entries_of(&self, operation: usize) -> impl Iterator<Item = usize> + '_ {
        self.own_entries(operation)
            .iter()
            .copied()
            .chain(self.common_entries())
    }

    /// Names of the operations an entry belongs to; empty for a common entry.
    pub fn operations_of(&self, entry: &Entry) -> impl Iterator<Item = &str> {
        self.groups[entry.group]
            .operations
            .iter()
            .map(|&o| self.operations[o].name.value.as_str())
    }
}
