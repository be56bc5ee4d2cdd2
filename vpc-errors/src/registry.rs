//! The catalogue as static data, and the questions asked of it.
//!
//! Everything here is generated into `static` tables by `catalogue!`: no lookup builds a
//! map or allocates. Lookups by code binary-search a code-sorted index generated with
//! the tables, which beats hashing for a table this size (see BENCHMARKS.md).

use serde::Serialize;

/// A whole catalogue: its operations and errors. [`crate::CATALOGUE`] is the bundled one.
#[derive(Debug, Serialize)]
pub struct Catalogue {
    /// The API the catalogue describes.
    pub service: &'static str,
    /// Operations in the published table's order.
    pub operations: &'static [Operation],
    /// Errors in the published table's order.
    pub entries: &'static [Entry],
    /// Indices into `entries`, sorted by code (then table order): the lookup index.
    #[serde(skip)]
    pub by_code: &'static [u16],
}

/// One API operation and where it lives.
#[derive(Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Operation {
    /// The cloud's own API name, e.g. `DeletePublicip`.
    pub name: &'static str,
    /// The published table's group (模块), e.g. `删除弹性公网IP`.
    pub group: &'static str,
    /// An English title, e.g. `Delete an EIP`.
    pub title: &'static str,
    /// The service the operation belongs to (`VPC`, `EIP`).
    pub service: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The request path, with `{parameters}`.
    pub path: &'static str,
}

/// One error of the catalogue: one row of the published table.
#[derive(Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Entry {
    /// Position in the published table's order (and in [`Catalogue::entries`]).
    pub index: u16,
    /// The name of the generated variant, e.g. `PublicipNotFound`.
    pub name: &'static str,
    /// The wire code, e.g. `VPC.0504`.
    pub code: &'static str,
    /// The HTTP statuses the table gives (two for rows such as `404/500`).
    pub statuses: &'static [u16],
    /// The wire message; a template for rows with placeholders.
    pub message: Template,
    /// The message exactly as the published table words it (`Network xxx could not be found.`).
    pub table_message: &'static str,
    /// For a table cell holding several numbered messages, this one's number.
    pub table_part: Option<u8>,
    /// What the error means.
    pub description: Texts,
    /// What to do about it.
    pub remedy: Texts,
    /// The published table's group (模块) the row is in.
    pub group: &'static str,
    /// Which block of the published table the row is in, counting from 0. The table lists
    /// its common rows in two blocks, both titled 公共: the group alone cannot tell them apart.
    pub block: u16,
    /// Whether every operation may return this error.
    pub common: bool,
    /// The operations whose table group lists the row; empty for a common error.
    pub operations: &'static [&'static str],
    /// The response body, prebuilt, for a message without parameters.
    #[serde(skip)]
    pub body: Option<&'static str>,
}

/// Text in both languages of the catalogue.
#[derive(Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Texts {
    /// Chinese, verbatim from the published table.
    pub zh: &'static str,
    /// English.
    pub en: &'static str,
}

/// A wire message: fixed text, or text with named parameters.
#[derive(Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Template {
    /// As written in the catalogue: `Network {network_id} could not be found.`
    pub source: &'static str,
    /// The message split at its parameters.
    #[serde(skip)]
    pub pieces: &'static [Piece],
    /// Parameter names, in order of appearance.
    pub params: &'static [&'static str],
}

/// A run of a [`Template`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Piece {
    /// Literal text.
    Text(&'static str),
    /// The parameter at this index of [`Template::params`].
    Param(u8),
}

impl Template {
    /// The message, when it has no parameters.
    #[must_use]
    pub fn as_static(&self) -> Option<&'static str> {
        match self.pieces {
            [] => Some(""),
            [Piece::Text(text)] => Some(text),
            _ => None,
        }
    }
}

impl Entry {
    /// Whether `status` is one of the row's statuses.
    #[must_use]
    pub fn has_status(&self, status: u16) -> bool {
        self.statuses.contains(&status)
    }

    /// Whether `operation` may return this error (its own row, or a common one).
    #[must_use]
    pub fn applies_to(&self, operation: &str) -> bool {
        self.common || self.operations.contains(&operation)
    }
}

impl Catalogue {
    /// The operation named `name` (`DeletePublicip`).
    #[must_use]
    pub fn operation(&self, name: &str) -> Option<&'static Operation> {
        self.operations.iter().find(|op| op.name == name)
    }

    /// Every entry with `code`, in table order: each operation that uses it.
    pub fn by_code<'a>(&self, code: &'a str) -> impl Iterator<Item = &'static Entry> + use<'a> {
        let (entries, index) = (self.entries, self.by_code);
        let start = index.partition_point(|&i| entries[usize::from(i)].code < code);
        index[start..]
            .iter()
            .map(move |&i| &entries[usize::from(i)])
            .take_while(move |e| e.code == code)
    }

    /// The errors `operation` may return, in table order: its own and, with
    /// `include_common`, the common ones.
    pub fn by_operation<'a>(
        &self,
        operation: &'a str,
        include_common: bool,
    ) -> impl Iterator<Item = &'static Entry> + use<'a> {
        self.entries
            .iter()
            .filter(move |e| e.operations.contains(&operation) || (include_common && e.common))
    }

    /// Every entry one of whose statuses is `status`.
    pub fn by_status(&self, status: u16) -> impl Iterator<Item = &'static Entry> + use<> {
        self.entries.iter().filter(move |e| e.has_status(status))
    }

    /// The entries `operation` may answer with `code` (its own rows first, then common
    /// ones). Usually one; several where a row is repeated with other statuses
    /// (`CreateFlowLog`'s `VPC.3002`).
    pub fn find<'a>(
        &self,
        operation: &'a str,
        code: &'a str,
    ) -> impl Iterator<Item = &'static Entry> + use<'a> {
        self.by_code(code).filter(move |e| e.applies_to(operation))
    }

    /// The one entry `operation` answers with `code` and `status`, if any.
    #[must_use]
    pub fn lookup(&self, operation: &str, code: &str, status: u16) -> Option<&'static Entry> {
        self.find(operation, code).find(|e| e.has_status(status))
    }

    /// Entries whose message, table wording, description or remedy contains `text`, in
    /// either language; ASCII letters match regardless of case.
    pub fn search<'a>(&self, text: &'a str) -> impl Iterator<Item = &'static Entry> + use<'a> {
        self.entries.iter().filter(move |e| {
            [
                e.code,
                e.name,
                e.message.source,
                e.table_message,
                e.description.zh,
                e.description.en,
                e.remedy.zh,
                e.remedy.en,
            ]
            .iter()
            .any(|field| contains_ignore_ascii_case(field, text))
        })
    }
}

fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use crate::CATALOGUE;

    #[test]
    fn by_code_finds_every_operation_using_a_code() {
        let ops: Vec<_> = CATALOGUE
            .by_code("VPC.0504")
            .flat_map(|e| e.operations.iter().copied())
            .collect();
        assert_eq!(
            ops,
            [
                "CreatePublicip",
                "ShowPublicip",
                "DeletePublicip",
                "UpdatePublicip"
            ]
        );
        assert_eq!(CATALOGUE.by_code("VPC.9999").count(), 0);
    }

    #[test]
    fn lookup_tells_rows_of_one_code_apart_by_status() {
        let e = CATALOGUE.lookup("CreateFlowLog", "VPC.3002", 404).unwrap();
        assert_eq!(e.name, "ResourceNotFound");
        assert_eq!(CATALOGUE.find("CreateFlowLog", "VPC.3002").count(), 3);
        assert!(CATALOGUE.lookup("CreateFlowLog", "VPC.3002", 401).is_none());
        let common = CATALOGUE.lookup("DeleteVpc", "VPC.0008", 401).unwrap();
        assert!(common.common);
    }

    #[test]
    fn every_index_is_consistent() {
        assert_eq!(CATALOGUE.by_code.len(), CATALOGUE.entries.len());
        for (i, e) in CATALOGUE.entries.iter().enumerate() {
            assert_eq!(usize::from(e.index), i);
            assert!(CATALOGUE.by_code(e.code).any(|f| std::ptr::eq(e, f)));
        }
    }

    #[test]
    fn search_covers_both_languages() {
        assert!(CATALOGUE.search("弹弹性").any(|e| e.code == "VPC.0517"));
        assert!(
            CATALOGUE
                .search("floating ip COULD")
                .any(|e| e.code == "VPC.0504")
        );
        assert_eq!(CATALOGUE.by_operation("ShowQuota", false).count(), 1);
        assert_eq!(CATALOGUE.by_operation("ShowQuota", true).count(), 9);
    }
}
