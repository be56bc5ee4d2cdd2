//! The catalogue as the generator sees it: groups of the published table, the operations
//! they belong to, and one entry per error, each remembering where it was written.

use crate::wire::Wire;

use super::diag::Location;
use crate::template::Template;

/// A value and the position in the catalogue file where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub at: Location,
}

/// A description or remedy in the catalogue's languages; a language the catalogue does
/// not declare is `None` (validation checks each declared one is there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Texts {
    pub zh: Option<Spanned<String>>,
    pub en: Option<Spanned<String>>,
}

/// A language a catalogue's descriptions and remedies are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Zh,
    En,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::Zh, Language::En];

    /// The key the catalogue uses for it (`zh`, `en`).
    pub fn key(self) -> &'static str {
        match self {
            Language::Zh => "zh",
            Language::En => "en",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.key() == key)
    }

    /// How a message names it: `the Chinese description`.
    pub fn adjective(self) -> &'static str {
        match self {
            Language::Zh => "Chinese",
            Language::En => "English",
        }
    }
}

impl Texts {
    pub fn get(&self, language: Language) -> Option<&Spanned<String>> {
        match language {
            Language::Zh => self.zh.as_ref(),
            Language::En => self.en.as_ref(),
        }
    }

    /// The text in `language`, or empty when the catalogue does not have that language.
    pub fn text(&self, language: Language) -> &str {
        self.get(language).map_or("", |t| t.value.as_str())
    }
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
    /// The body shape and request id member of every response.
    pub wire: Wire,
    /// Patterns every code matches (`APIGW.####`: `#` a digit); empty for the default,
    /// an upper-case prefix, a dot and four digits (`VPC.0504`).
    pub code_formats: Vec<Spanned<String>>,
    /// The languages of descriptions and remedies, in the header's order.
    pub languages: Vec<Language>,
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
