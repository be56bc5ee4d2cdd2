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
    /// The authentication roles a common group's rows play (`roles:`); empty otherwise.
    pub roles: Vec<RoleRow>,
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub name: Spanned<String>,
    pub title: Spanned<String>,
    pub service: Spanned<String>,
    pub method: Spanned<String>,
    pub path: Spanned<String>,
    pub group: usize,
    /// Which of the operation's rows answers each request failure (`roles:`).
    pub roles: Vec<RoleRow>,
}

/// A failure a request can have before its handler runs, and which row answers it.
///
/// The first six are an operation's (`roles:` under the operation); the last three are the
/// common groups' (`roles:` beside `common: true`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// A body that is not JSON, is truncated, too deeply nested, not UTF-8, or of the wrong type.
    Body,
    /// A JSON body without a required field. Falls back to `body`.
    MissingField,
    /// A path parameter that does not parse.
    Path,
    /// A query string that does not parse.
    Query,
    /// A body over the size limit. Falls back to `body`.
    BodyTooLarge,
    /// A body whose `Content-Type` is not JSON. Falls back to `body`.
    ContentType,
    /// No credentials, or credentials that are not valid.
    Unauthenticated,
    /// The project in the URL is not the credentials' project.
    ProjectMismatch,
    /// Valid credentials without the right to do this.
    Forbidden,
}

impl Role {
    /// The roles an operation's rows can play.
    pub const OPERATION: [Role; 6] = [
        Role::Body,
        Role::MissingField,
        Role::Path,
        Role::Query,
        Role::BodyTooLarge,
        Role::ContentType,
    ];

    /// The roles the common rows can play.
    pub const COMMON: [Role; 3] = [
        Role::Unauthenticated,
        Role::ProjectMismatch,
        Role::Forbidden,
    ];

    /// The template parameters a role's row may have: the extractor fills each with the
    /// name of the offending field or parameter (`vpc.name`, `limit`), or `body` when the
    /// body as a whole is at fault. No other value of a request reaches a response body.
    pub const FILLED_PARAMS: [&'static str; 2] = ["field", "list_param"];

    /// The key the catalogue uses for it.
    pub fn key(self) -> &'static str {
        match self {
            Role::Body => "body",
            Role::MissingField => "missing_field",
            Role::Path => "path",
            Role::Query => "query",
            Role::BodyTooLarge => "body_too_large",
            Role::ContentType => "content_type",
            Role::Unauthenticated => "unauthenticated",
            Role::ProjectMismatch => "project_mismatch",
            Role::Forbidden => "forbidden",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::OPERATION
            .into_iter()
            .chain(Self::COMMON)
            .find(|r| r.key() == key)
    }

    /// The role whose row answers this one when the catalogue names none: a missing field,
    /// an oversized body and a wrong content type are all a bad body.
    pub fn fallback(self) -> Option<Role> {
        match self {
            Role::MissingField | Role::BodyTooLarge | Role::ContentType => Some(Role::Body),
            _ => None,
        }
    }
}

/// `body: InvalidParam` or `body: { name: InvalidParam, status: 400 }`, or `body: none`:
/// the published table has no row for this failure, so no extractor answers it.
#[derive(Debug, Clone)]
pub struct RoleRow {
    pub role: Spanned<Role>,
    /// The row's `name`.
    pub name: Spanned<String>,
    /// Which of the row's statuses, for a row that lists several.
    pub status: Option<Spanned<u16>>,
}

impl RoleRow {
    /// What `name` says when the table has no row for the role.
    pub const NONE: &'static str = "none";

    /// Whether this says the table has no row for the role.
    pub fn is_none(&self) -> bool {
        self.name.value == Self::NONE
    }
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

    /// The row (index into `entries`) and status answering `role` for `operation`, the
    /// role's fallback applied; `None` when neither is named or names no row of the
    /// operation (which validation reports).
    pub fn role_row(&self, operation: usize, role: Role) -> Option<(usize, u16)> {
        let roles = &self.operations[operation].roles;
        let named = roles.iter().find(|r| r.role.value == role).or_else(|| {
            let fallback = role.fallback()?;
            roles.iter().find(|r| r.role.value == fallback)
        })?;
        self.resolve_role(self.entries_of(operation), named)
    }

    /// The common row and status answering an authentication `role`.
    pub fn common_role_row(&self, role: Role) -> Option<(usize, u16)> {
        let named = self
            .groups
            .iter()
            .flat_map(|g| &g.roles)
            .find(|r| r.role.value == role)?;
        self.resolve_role(self.common_entries(), named)
    }

    fn resolve_role(
        &self,
        mut candidates: impl Iterator<Item = usize>,
        named: &RoleRow,
    ) -> Option<(usize, u16)> {
        if named.is_none() {
            return None;
        }
        let entry = candidates.find(|&i| self.entries[i].name.value == named.name.value)?;
        let statuses = &self.entries[entry].statuses.value;
        let status = match &named.status {
            Some(s) => s.value,
            None => *statuses.first()?,
        };
        statuses.contains(&status).then_some((entry, status))
    }

    /// Names of the operations an entry belongs to; empty for a common entry.
    pub fn operations_of(&self, entry: &Entry) -> impl Iterator<Item = &str> {
        self.groups[entry.group]
            .operations
            .iter()
            .map(|&o| self.operations[o].name.value.as_str())
    }
}
