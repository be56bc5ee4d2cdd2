//! Reading an error body: the members decoding uses, in any of the shapes the cloud's
//! services send, without building a JSON tree.
//!
//! A server of one catalogue sends one shape, but a client may face several (a gateway's
//! errors in front of a service's, an older deployment), so every shape is read, in the
//! precedence the official Huawei Cloud SDKs give them: `error_code`/`error_msg`, then
//! `errorCode`/`errorMsg`, then `code`/`message`, then a nested `error` object.

use std::borrow::Cow;
use std::fmt;

use serde_core::de::{
    self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use vpc_errors_internals::escape::next_escape;
use vpc_errors_internals::wire::{BodyShape, REQUEST_ID_MEMBER, Wire};

/// What the body is, before the catalogue is asked. An object's members are read into
/// a [`Fields`] the caller owns, so the (large) fields are never moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    Empty,
    NotJson,
    NotAnObject,
    Object,
}

/// Where a body carries its code and message, in the order the SDKs prefer them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pair {
    /// `error_code` / `error_msg`.
    ErrorCode,
    /// `errorCode` / `errorMsg`.
    Camel,
    /// `code` / `message`.
    Plain,
    /// `error.code` / `error.message`.
    Nested,
}

impl Pair {
    const ALL: [Pair; 4] = [Pair::ErrorCode, Pair::Camel, Pair::Plain, Pair::Nested];

    /// The member names, as a message about the body spells them.
    pub(super) const fn names(self) -> (&'static str, &'static str) {
        match self {
            Pair::ErrorCode => ("error_code", "error_msg"),
            Pair::Camel => ("errorCode", "errorMsg"),
            Pair::Plain => ("code", "message"),
            Pair::Nested => ("error.code", "error.message"),
        }
    }
}

/// One pair's members, if the body has them. They borrow the body unless they had escapes
/// to undo: a known error is decoded without copying them.
#[derive(Default)]
#[cfg_attr(test, derive(Debug, PartialEq))]
pub(super) struct Members<'de> {
    pub code: Option<Cow<'de, str>>,
    pub message: Option<Cow<'de, str>>,
}

impl Members<'_> {
    fn is_present(&self) -> bool {
        self.code.is_some() || self.message.is_some()
    }
}

/// The members of a JSON object body that decoding cares about.
#[derive(Default)]
#[cfg_attr(test, derive(Debug, PartialEq))]
pub(super) struct Fields<'de> {
    /// Each pair's members, indexed by [`Pair`].
    pub pairs: [Members<'de>; 4],
    /// Bit `pair` set when that pair has a member: which pairs to look at, without
    /// looking at all four.
    present: u8,
    /// The `request_id` member, for catalogues whose bodies carry one.
    pub request_id: Option<Cow<'de, str>>,
    /// The first code or message member that is not a string, and the JSON type it is.
    pub wrong_type: Option<(&'static str, &'static str)>,
    pub duplicate: Option<String>,
    pub extra: Option<String>,
}

impl<'de> Fields<'de> {
    /// The fields of a body with only `pair`'s code and message.
    #[cfg(test)]
    pub(super) fn with(pair: Pair, code: &'de str, message: &'de str) -> Self {
        let mut fields = Fields::default();
        fields.pairs[pair as usize] = Members {
            code: Some(Cow::Borrowed(code)),
            message: Some(Cow::Borrowed(message)),
        };
        fields.present = 1 << pair as u8;
        fields
    }

    /// The pair decoding reads (the first present in the SDKs' order), and the first other
    /// present pair that says something else, if any: a body whose pairs disagree is not
    /// resolved silently.
    pub(super) fn chosen(&mut self) -> (Pair, Members<'de>, Option<Pair>) {
        if self.present == 0 {
            return (Pair::Plain, Members::default(), None);
        }
        // `Pair::ALL` is in the SDKs' order, which is the bits' order.
        let first = Pair::ALL[self.present.trailing_zeros() as usize];
        let chosen = std::mem::take(&mut self.pairs[first as usize]);
        let others = self.present & !(1 << first as u8);
        let conflict = (others != 0)
            .then(|| {
                Pair::ALL.into_iter().find(|&p| {
                    let other = &self.pairs[p as usize];
                    others & (1 << p as u8) != 0
                        && (other.code != chosen.code || other.message != chosen.message)
                })
            })
            .flatten();
        (first, chosen, conflict)
    }
}

/// A body exactly as this crate writes a flat one, `{"code":"…","message":"…"}` (or
/// `error_code`/`error_msg`, the catalogue's shape) without whitespace, escapes or control
/// characters: its code and message, read without a JSON parser. It is what servers of the
/// catalogue send, and what [`read_json`] would make of it (a test checks it). `None` for
/// any other body, which [`read_json`] reads.
pub(super) fn read_canonical(body: &[u8], wire: Wire) -> Option<(&str, &str)> {
    /// A JSON string's text up to its closing quote, if it has no escape and no control
    /// character (which JSON forbids unescaped), and what follows the quote.
    fn plain_string(s: &[u8]) -> Option<(&str, &[u8])> {
        let end = next_escape(s, 0)?;
        if s[end] != b'"' {
            return None;
        }
        Some((std::str::from_utf8(&s[..end]).ok()?, &s[end + 1..]))
    }
    /// Inlined into each arm below, so the member names are constants there and compare
    /// without a call.
    #[allow(
        clippy::inline_always,
        reason = "measured: a call per comparison otherwise (scripts/bench-instructions.sh)"
    )]
    #[inline(always)]
    fn pair<'b>(body: &'b [u8], open: &[u8], between: &[u8]) -> Option<(&'b str, &'b str)> {
        let rest = body.strip_prefix(open)?;
        let (code, rest) = plain_string(rest)?;
        let rest = rest.strip_prefix(between)?;
        let (message, rest) = plain_string(rest)?;
        (rest == b"}").then_some((code, message))
    }
    match wire.shape {
        BodyShape::CodeMessage => pair(body, br#"{"code":""#, br#","message":""#),
        BodyShape::ErrorCode => pair(body, br#"{"error_code":""#, br#","error_msg":""#),
        BodyShape::Nested | BodyShape::Dual => None,
    }
}

/// Any body, read as JSON.
pub(super) fn read_json<'de>(body: &'de [u8], fields: &mut Fields<'de>) -> Shape {
    if body
        .iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        return Shape::Empty;
    }
    // JSON text is UTF-8 throughout. Checked once here, the parser reads the body as a
    // `str` and does not check each string again (a slice reader validates every member
    // name and value on its own, measured as a sixth of a short body's decoding).
    let Ok(text) = std::str::from_utf8(body) else {
        return Shape::NotJson;
    };
    let mut de = serde_json::Deserializer::from_str(text);
    match de.deserialize_any(BodyVisitor { fields }) {
        // `end` refuses trailing text after the value.
        Ok(shape) if de.end().is_ok() => shape,
        _ => Shape::NotJson,
    }
}

/// Reads the top-level value without building a tree of it: other members are skipped, and
/// every member name is seen, so repeated ones are caught (a map would keep one silently).
struct BodyVisitor<'f, 'de> {
    fields: &'f mut Fields<'de>,
}

impl<'de> Visitor<'de> for BodyVisitor<'_, 'de> {
    type Value = Shape;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<Er: de::Error>(self, _: bool) -> Result<Self::Value, Er> {
        Ok(Shape::NotAnObject)
    }

    fn visit_i64<Er: de::Error>(self, _: i64) -> Result<Self::Value, Er> {
        Ok(Shape::NotAnObject)
    }

    fn visit_u64<Er: de::Error>(self, _: u64) -> Result<Self::Value, Er> {
        Ok(Shape::NotAnObject)
    }

    fn visit_f64<Er: de::Error>(self, _: f64) -> Result<Self::Value, Er> {
        Ok(Shape::NotAnObject)
    }

    fn visit_str<Er: de::Error>(self, _: &str) -> Result<Self::Value, Er> {
        Ok(Shape::NotAnObject)
    }

    fn visit_unit<Er: de::Error>(self) -> Result<Self::Value, Er> {
        Ok(Shape::NotAnObject)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Shape::NotAnObject)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let fields = self.fields;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            match key {
                Key::Code(pair) | Key::Message(pair) => {
                    let is_code = matches!(key, Key::Code(_));
                    let value = map.next_value_seed(StringOrType)?;
                    fields.member(pair, is_code, value);
                }
                Key::RequestId => {
                    let value = map.next_value_seed(StringOrType)?;
                    fields.seen(REQUEST_ID_MEMBER, fields.request_id.is_some());
                    match value {
                        Ok(id) => fields.request_id = Some(id),
                        // Not decoding's business beyond this: an odd request id is extra.
                        Err(_) => fields.extra(REQUEST_ID_MEMBER),
                    }
                }
                Key::Error => {
                    let seen = fields.pairs[Pair::Nested as usize].is_present();
                    fields.seen("error", seen);
                    match map.next_value_seed(NestedSeed)? {
                        Ok(nested) => nested.merge_into(fields),
                        Err(()) => fields.extra("error"),
                    }
                }
                Key::Other(name) => {
                    map.next_value::<IgnoredAny>()?;
                    fields.extra(&name);
                }
            }
        }
        Ok(Shape::Object)
    }
}

impl<'de> Fields<'de> {
    /// Records a code (`is_code`) or message member of `pair`.
    #[inline]
    fn member(&mut self, pair: Pair, is_code: bool, value: Result<Cow<'de, str>, &'static str>) {
        let members = &mut self.pairs[pair as usize];
        let slot = if is_code {
            &mut members.code
        } else {
            &mut members.message
        };
        let repeated = slot.is_some();
        let wrong = match value {
            Ok(text) => {
                *slot = Some(text);
                self.present |= 1 << pair as u8;
                None
            }
            Err(found) => {
                // A repeated member that was a string before is no longer one.
                *slot = None;
                Some(found)
            }
        };
        // Names only for what goes wrong: the common body pays nothing for them.
        if repeated || wrong.is_some() {
            let (code_name, message_name) = pair.names();
            let name = if is_code { code_name } else { message_name };
            if let Some(found) = wrong {
                self.wrong_type.get_or_insert((name, found));
            }
            self.seen(name, repeated);
        }
    }

    fn seen(&mut self, name: &str, repeated: bool) {
        if repeated && self.duplicate.is_none() {
            self.duplicate = Some(name.to_owned());
        }
    }

    fn extra(&mut self, name: &str) {
        if self.extra.is_none() {
            self.extra = Some(name.to_owned());
        }
    }
}

/// A member name: one decoding reads, or another, named without copying it unless the
/// body escaped it.
enum Key<'de> {
    Code(Pair),
    Message(Pair),
    RequestId,
    Error,
    Other(Cow<'de, str>),
}

impl<'de> Key<'de> {
    fn of(name: &str) -> Option<Key<'de>> {
        Some(match name {
            "error_code" => Key::Code(Pair::ErrorCode),
            "error_msg" => Key::Message(Pair::ErrorCode),
            "errorCode" => Key::Code(Pair::Camel),
            "errorMsg" => Key::Message(Pair::Camel),
            "code" => Key::Code(Pair::Plain),
            "message" => Key::Message(Pair::Plain),
            REQUEST_ID_MEMBER => Key::RequestId,
            "error" => Key::Error,
            _ => return None,
        })
    }
}

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key<'de>;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        de.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_borrowed_str<Er: de::Error>(self, v: &'de str) -> Result<Self::Value, Er> {
        Ok(Key::of(v).unwrap_or(Key::Other(Cow::Borrowed(v))))
    }

    fn visit_str<Er: de::Error>(self, v: &str) -> Result<Self::Value, Er> {
        Ok(Key::of(v).unwrap_or_else(|| Key::Other(Cow::Owned(v.to_owned()))))
    }
}

/// The members of a nested `error` object, read as the top level is.
#[derive(Default)]
struct Nested<'de> {
    code: Option<Result<Cow<'de, str>, &'static str>>,
    message: Option<Result<Cow<'de, str>, &'static str>>,
    duplicate: Option<&'static str>,
    extra: Option<String>,
}

impl<'de> Nested<'de> {
    fn merge_into(self, fields: &mut Fields<'de>) {
        if let Some(code) = self.code {
            fields.member(Pair::Nested, true, code);
        }
        if let Some(message) = self.message {
            fields.member(Pair::Nested, false, message);
        }
        if let Some(name) = self.duplicate {
            fields.seen(name, true);
        }
        if let Some(name) = self.extra {
            fields.extra(&name);
        }
    }
}

/// A nested `error` member: its members if it is an object, `Err` otherwise.
struct NestedSeed;

impl<'de> DeserializeSeed<'de> for NestedSeed {
    type Value = Result<Nested<'de>, ()>;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NestedSeed {
    type Value = Result<Nested<'de>, ()>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut nested = Nested::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let (slot, name) = match key {
                Key::Code(Pair::Plain) => (&mut nested.code, "error.code"),
                Key::Message(Pair::Plain) => (&mut nested.message, "error.message"),
                other => {
                    map.next_value::<IgnoredAny>()?;
                    if nested.extra.is_none() {
                        let name = match other {
                            Key::Other(name) => name.into_owned(),
                            _ => "a member of `error`".to_owned(),
                        };
                        nested.extra = Some(format!("error.{name}"));
                    }
                    continue;
                }
            };
            if slot.is_some() {
                nested.duplicate.get_or_insert(name);
            }
            *slot = Some(map.next_value_seed(StringOrType)?);
        }
        Ok(Ok(nested))
    }

    fn visit_bool<Er: de::Error>(self, _: bool) -> Result<Self::Value, Er> {
        Ok(Err(()))
    }

    fn visit_i64<Er: de::Error>(self, _: i64) -> Result<Self::Value, Er> {
        Ok(Err(()))
    }

    fn visit_u64<Er: de::Error>(self, _: u64) -> Result<Self::Value, Er> {
        Ok(Err(()))
    }

    fn visit_f64<Er: de::Error>(self, _: f64) -> Result<Self::Value, Er> {
        Ok(Err(()))
    }

    fn visit_str<Er: de::Error>(self, _: &str) -> Result<Self::Value, Er> {
        Ok(Err(()))
    }

    fn visit_unit<Er: de::Error>(self) -> Result<Self::Value, Er> {
        Ok(Err(()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Err(()))
    }
}

/// A member that should be a string: the string (borrowed from the body when it had no
/// escapes), or the JSON type it is instead.
struct StringOrType;

impl<'de> DeserializeSeed<'de> for StringOrType {
    type Value = Result<Cow<'de, str>, &'static str>;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StringOrType {
    type Value = Result<Cow<'de, str>, &'static str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_borrowed_str<Er: de::Error>(self, v: &'de str) -> Result<Self::Value, Er> {
        Ok(Ok(Cow::Borrowed(v)))
    }

    fn visit_str<Er: de::Error>(self, v: &str) -> Result<Self::Value, Er> {
        Ok(Ok(Cow::Owned(v.to_owned())))
    }

    fn visit_string<Er: de::Error>(self, v: String) -> Result<Self::Value, Er> {
        Ok(Ok(Cow::Owned(v)))
    }

    fn visit_bool<Er: de::Error>(self, _: bool) -> Result<Self::Value, Er> {
        Ok(Err("boolean"))
    }

    fn visit_i64<Er: de::Error>(self, _: i64) -> Result<Self::Value, Er> {
        Ok(Err("number"))
    }

    fn visit_u64<Er: de::Error>(self, _: u64) -> Result<Self::Value, Er> {
        Ok(Err("number"))
    }

    fn visit_f64<Er: de::Error>(self, _: f64) -> Result<Self::Value, Er> {
        Ok(Err("number"))
    }

    fn visit_unit<Er: de::Error>(self) -> Result<Self::Value, Er> {
        Ok(Err("null"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Err("array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Err("object"))
    }
}
