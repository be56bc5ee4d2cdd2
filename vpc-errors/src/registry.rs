//! The catalogue as static data, and the questions asked of it.
//!
//! Everything here is generated into `static` tables by `catalogue!`: no lookup builds a
//! map at run time or allocates. Lookups by code go through a hash table computed at
//! compile time (in a `static` of the generated code) from the code-sorted index, and beat a
//! `HashMap` built at start-up (see BENCHMARKS.md).

use std::cmp::Ordering;

use serde_core::ser::{Serialize, SerializeStruct, Serializer};
pub use vpc_errors_internals::wire::{BodyShape, Wire};

// `Serialize` by hand, as `#[derive(Serialize)]` would write it: the derive would make every
// user's build compile serde_derive (BENCHMARKS.md, figure 5). Fields missing from a list
// (`by_code`, `code_slots`, `pieces`, `body`, `dual_body`) are lookup aids, not part of the table.
// A field `as Wrapper` is serialized through a wrapper of this module: for types of
// another crate of ours, which cannot implement `Serialize` here.
macro_rules! serialize_fields {
    ($ty:ident { $($field:ident $(as $wrap:ident)?),* $(,)? }) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let fields = [$(stringify!($field)),*].len();
                let mut s = serializer.serialize_struct(stringify!($ty), fields)?;
                $(s.serialize_field(stringify!($field), &$($wrap)?(self.$field))?;)*
                s.end()
            }
        }
    };
}

/// A [`Wire`] as JSON: `{"shape": "code_message", "request_id": false}`.
struct WireJson(Wire);

impl Serialize for WireJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Wire", 2)?;
        s.serialize_field("shape", self.0.shape.name())?;
        s.serialize_field("request_id", &self.0.request_id)?;
        s.end()
    }
}

serialize_fields!(Catalogue {
    service,
    wire as WireJson,
    languages,
    code_formats,
    operations,
    entries
});
serialize_fields!(Operation {
    name,
    group,
    title,
    service,
    method,
    path
});
serialize_fields!(Entry {
    index,
    name,
    code,
    statuses,
    message,
    table_message,
    table_part,
    description,
    remedy,
    group,
    block,
    common,
    operations,
    wire as WireJson,
});
serialize_fields!(Texts { zh, en });
serialize_fields!(Template { source, params });

/// A whole catalogue: its operations and errors. [`crate::CATALOGUE`] is the bundled one.
#[derive(Debug)]
pub struct Catalogue {
    /// The API the catalogue describes.
    pub service: &'static str,
    /// How its error bodies are laid out on the wire.
    pub wire: Wire,
    /// The languages its descriptions and remedies are written in (`zh`, `en`); a
    /// [`Texts`] field of any other language is empty.
    pub languages: &'static [&'static str],
    /// The patterns of its codes (`APIGW.####`, `#` a digit); empty for the default, a
    /// prefix, a dot and four digits (`VPC.0504`).
    pub code_formats: &'static [&'static str],
    /// Operations in the published table's order.
    pub operations: &'static [Operation],
    /// Errors in the published table's order.
    pub entries: &'static [Entry],
    // The fields below are written by `catalogue!` and read by this module only: public
    // so a static in the user's crate can be built, hidden because they are not API.
    /// Indices into `entries`, sorted by code (then table order): the lookup index.
    #[doc(hidden)]
    pub by_code: &'static [u16],
    /// Open-addressing hash table from a code to its first position in `by_code` (plus
    /// one; 0 for an empty slot), computed at compile time by [`code_slots`].
    #[doc(hidden)]
    pub code_slots: &'static [u16],
}

/// One API operation and where it lives.
#[derive(Debug, PartialEq, Eq, Hash)]
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
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Entry {
    /// Position in the published table's order; see [`Entry::position`]. Written by
    /// `catalogue!`, not API.
    #[doc(hidden)]
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
    /// The body shape of the row's catalogue.
    pub wire: Wire,
    /// The response body, prebuilt, for a message without parameters; see
    /// [`VpcError::body`](crate::VpcError::body). Written by `catalogue!`, not API.
    #[doc(hidden)]
    pub body: Option<&'static str>,
    /// The same body with both the `code`/`message` and the `error_code`/`error_msg`
    /// pairs, prebuilt for a message without parameters (not for a nested catalogue); see
    /// [`ErrorResponse::dual`](crate::ErrorResponse::dual). Written by `catalogue!`, not API.
    #[doc(hidden)]
    pub dual_body: Option<&'static str>,
}

/// Text in the languages of the catalogue.
///
/// A catalogue declares its languages ([`Catalogue::languages`]); the field of a language
/// it does not have is empty, and [`get`](Texts::get) says `None` for it.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Texts {
    /// Chinese, verbatim from the published table.
    pub zh: &'static str,
    /// English.
    pub en: &'static str,
}

impl Texts {
    /// The text in `language` (`"zh"` or `"en"`), if the catalogue has it.
    #[must_use]
    pub fn get(&self, language: &str) -> Option<&'static str> {
        let text = match language {
            "zh" => self.zh,
            "en" => self.en,
            _ => return None,
        };
        (!text.is_empty()).then_some(text)
    }
}

/// A wire message: fixed text, or text with named parameters.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Template {
    /// As written in the catalogue: `Network {network_id} could not be found.`
    pub source: &'static str,
    /// The message split at its parameters.
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
    /// Position in the published table's order (and in [`Catalogue::entries`]).
    #[must_use]
    pub fn position(&self) -> usize {
        usize::from(self.index)
    }

    /// Whether `status` is one of the row's statuses.
    #[must_use]
    #[inline]
    #[allow(
        clippy::manual_contains,
        reason = "a row has one or two statuses: comparing them costs a lookup by operation \
                  and code 5 % fewer instructions than `contains`, built for long slices \
                  (43,267 and 41,880 in scripts/bench-instructions.sh, both inlined)"
    )]
    pub fn has_status(&self, status: u16) -> bool {
        self.statuses.iter().any(|&s| s == status)
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
        let key = prefix_key(code);
        let start = self.find_code(code, key);
        index[start..]
            .iter()
            .map(move |&i| &entries[usize::from(i)])
            .take_while(move |e| same_code(e.code, code, key))
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

/// The first eight bytes of `s` as a big-endian integer, zero-padded: if two of these
/// differ, their strings compare the same way (a string that ends before eight bytes reads
/// as padded with NULs, which sort first); if they are equal, the strings may still differ.
const fn prefix_key(s: &str) -> u64 {
    let bytes = s.as_bytes();
    if let Some(head) = bytes.first_chunk::<8>() {
        return u64::from_be_bytes(*head);
    }
    let mut head = [0; 8];
    let mut i = 0;
    while i < bytes.len() {
        head[i] = bytes[i];
        i += 1;
    }
    u64::from_be_bytes(head)
}

/// How `a` and `b`, whose [`prefix_key`]s are equal, compare as `str`s: by what follows
/// their first eight bytes. Up to eight bytes long, the shorter is the smaller (the other
/// has only NULs after it); codes are eight bytes (`VPC.0504`), so this rarely reads text.
fn cmp_after_prefix(a: &str, b: &str) -> Ordering {
    if a.len() <= 8 || b.len() <= 8 {
        a.len().cmp(&b.len())
    } else {
        a.as_bytes()[8..].cmp(&b.as_bytes()[8..])
    }
}

/// Whether `a` equals `b`, whose [`prefix_key`] is `key`.
#[inline]
fn same_code(a: &str, b: &str, key: u64) -> bool {
    prefix_key(a) == key && cmp_after_prefix(a, b).is_eq()
}

/// The number of slots of the code table for `entries` entries: a power of two, at most
/// half full. The generated code sizes its `CODE_SLOTS` static with it.
#[doc(hidden)]
#[must_use]
pub const fn code_slots_len(entries: usize) -> usize {
    let slots = (entries * 2).next_power_of_two();
    if slots < 2 { 2 } else { slots }
}

#[allow(
    clippy::cast_possible_truncation,
    reason = "the top bits of the product, fewer than a usize holds"
)]
const fn code_hash(key: u64, len: usize, slots: usize) -> usize {
    // Fibonacci hashing: the top bits of the product depend on every bit of the key.
    let bits = slots.trailing_zeros();
    ((key ^ len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize
}

/// The code table of a catalogue's `entries` and code-sorted `by_code` index, computed
/// at compile time in the generated `CODE_SLOTS` static: a lookup hashes the code's first
/// eight bytes and length and probes a slot or two, where a binary search takes eight
/// dependent steps.
///
/// # Panics
/// At compile time, if there are more than `u16::MAX` entries or `SLOTS` is not a power
/// of two larger than the number of codes.
#[doc(hidden)]
#[must_use]
pub const fn code_slots<const SLOTS: usize>(entries: &[Entry], index: &[u16]) -> [u16; SLOTS] {
    assert!(SLOTS.is_power_of_two() && SLOTS > index.len());
    let mut slots = [0; SLOTS];
    fill_code_slots(entries, index, &mut slots);
    slots
}

/// [`code_slots`] for a catalogue read at run time ([`crate::file`]).
#[cfg(feature = "import")]
pub(crate) fn code_slots_dynamic(entries: &[Entry], index: &[u16]) -> Vec<u16> {
    let mut slots = vec![0; code_slots_len(entries.len())];
    fill_code_slots(entries, index, &mut slots);
    slots
}

#[allow(
    clippy::cast_possible_truncation,
    reason = "positions are checked to fit a u16; `From` is not `const`"
)]
const fn fill_code_slots(entries: &[Entry], index: &[u16], slots: &mut [u16]) {
    let len = slots.len();
    let mut position = 0;
    while position < index.len() {
        let code = entries[index[position] as usize].code;
        let first_of_code = position == 0 || {
            let previous = entries[index[position - 1] as usize].code;
            !const_str_eq(code, previous)
        };
        if first_of_code {
            let mut slot = code_hash(prefix_key(code), code.len(), len);
            while slots[slot] != 0 {
                slot = (slot + 1) % len;
            }
            assert!(position < u16::MAX as usize, "too many entries");
            slots[slot] = position as u16 + 1;
        }
        position += 1;
    }
}

impl Catalogue {
    /// The first position of `code` in `by_code`, or its length if no entry has the code.
    fn find_code(&self, code: &str, key: u64) -> usize {
        let (entries, index, slots) = (self.entries, self.by_code, self.code_slots);
        if slots.is_empty() {
            return index.len();
        }
        let mut slot = code_hash(key, code.len(), slots.len());
        loop {
            let Some(position) = usize::from(slots[slot]).checked_sub(1) else {
                return index.len();
            };
            if same_code(entries[usize::from(index[position])].code, code, key) {
                return position;
            }
            slot = (slot + 1) % slots.len();
        }
    }
}

/// `a == b`, in a `const fn`.
const fn const_str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
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
    fn by_code_compares_codes_as_str_does() {
        use super::prefix_key;
        // Prefix keys and what follows order strings as `str` does.
        let words = [
            "",
            "\0",
            "V",
            "VPC",
            "VPC\0",
            "VPC.",
            "VPC.0504",
            "VPC.0504\0",
            "VPC.05041",
            "VPC.0505",
            "VPC.9999",
            "EIP.0001",
            "é",
            "\u{ff}",
        ];
        for a in words {
            for b in words {
                let ours = prefix_key(a)
                    .cmp(&prefix_key(b))
                    .then_with(|| super::cmp_after_prefix(a, b));
                assert_eq!(ours, a.cmp(b), "{a:?} {b:?}");
            }
        }
        // Codes that are no catalogue code, shorter, longer or sharing a prefix, find nothing.
        for code in [
            "",
            "VPC",
            "VPC.050",
            "VPC.0504\0",
            "VPC.05040",
            "VPC.0504 ",
            "\u{ff}",
        ] {
            assert_eq!(CATALOGUE.by_code(code).count(), 0, "{code:?}");
        }
        assert_eq!(CATALOGUE.by_code("VPC.0504").count(), 4);
    }

    #[test]
    fn the_code_table_finds_what_a_scan_finds() {
        use super::prefix_key;
        let misses = [
            "",
            "VPC",
            "VPC.0504\0",
            "VPC.05040",
            "VPC.9999",
            "vpc.0504",
            "\u{ff}",
        ];
        let codes = CATALOGUE.entries.iter().map(|e| e.code).chain(misses);
        for code in codes {
            let expected = CATALOGUE
                .by_code
                .iter()
                .position(|&i| CATALOGUE.entries[usize::from(i)].code == code)
                .unwrap_or(CATALOGUE.by_code.len());
            assert_eq!(
                CATALOGUE.find_code(code, prefix_key(code)),
                expected,
                "{code:?}"
            );
        }
        assert!(CATALOGUE.code_slots.len().is_power_of_two());
        assert!(CATALOGUE.code_slots.len() > 2 * CATALOGUE.entries.len() - 1);
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
