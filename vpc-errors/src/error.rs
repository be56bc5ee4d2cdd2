//! What every catalogue error has in common: its row, its status and its values.

use std::borrow::Cow;
use std::fmt::{self, Display, Write};

use vpc_errors_internals::escape::{JsonEscaped, LogSafe};

use crate::json::write_bounded;
use crate::registry::{Catalogue, Entry, Operation, Piece};

/// The most parameters one message may have.
pub const MAX_ARGS: usize = vpc_errors_internals::template::MAX_PARAMS;

/// A catalogue error: generated error enums, `#[derive(VpcError)]` types and
/// [`AnyVpcError`](crate::AnyVpcError) implement it.
///
/// Everything is derived from [`parts`](VpcError::parts): the row of the catalogue, the
/// status chosen among the row's, and the template values.
pub trait VpcError: fmt::Debug + Display {
    /// The catalogue row, status and template values of this error.
    fn parts(&self) -> Parts<'_>;

    /// The operation whose error type this is; `None` for [`CommonError`](crate::CommonError)
    /// and type-erased errors.
    fn operation(&self) -> Option<&'static Operation> {
        None
    }

    /// The catalogue row.
    fn entry(&self) -> &'static Entry {
        self.parts().entry()
    }

    /// The wire code, e.g. `VPC.0504`.
    fn code(&self) -> &'static str {
        self.parts().entry().code
    }

    /// The HTTP status.
    fn status(&self) -> u16 {
        self.parts().status()
    }

    /// The wire message, templates rendered. Borrowed (no allocation) when the row's
    /// message has no parameters.
    fn message(&self) -> Cow<'static, str> {
        self.parts().message()
    }

    /// The response body in the catalogue's shape (`{"code":"…","message":"…"}` for the
    /// bundled one). Prebuilt at compile time (no allocation) when the row's message has
    /// no parameters.
    fn body(&self) -> Cow<'static, str> {
        self.parts().body()
    }
}

/// A generated error type that can be rebuilt from a catalogue row: what client-side
/// decoding uses to turn a response back into a typed error.
pub trait FromParts: VpcError + Sized {
    /// The catalogue the type was generated from: where decoding looks a code up.
    const CATALOGUE: &'static Catalogue;

    /// The operation whose error type this is; `None` for [`CommonError`](crate::CommonError).
    const OPERATION: Option<&'static Operation>;

    /// The variant for `entry` answered with `status` and the template values `args` (in
    /// the template's parameter order); `None` if this type has no such variant, `entry`
    /// is a row of another catalogue, or the row does not list `status`.
    fn from_parts(entry: &'static Entry, status: u16, args: Vec<Cow<'static, str>>)
    -> Option<Self>;
}

/// A value for a message parameter in `vpc_error!`: text, borrowed when it is `'static`.
#[diagnostic::on_unimplemented(
    message = "a template value must be text, not `{Self}`",
    label = "this fills a `{{parameter}}` of the message",
    note = "pass a `String`, a `&String` or a `&'static str`; for other values write `value.to_string()`"
)]
pub trait TemplateValue {
    /// The value as the variant's field holds it.
    fn into_template_value(self) -> Cow<'static, str>;
}

impl TemplateValue for String {
    fn into_template_value(self) -> Cow<'static, str> {
        Cow::Owned(self)
    }
}

impl TemplateValue for &String {
    fn into_template_value(self) -> Cow<'static, str> {
        Cow::Owned(self.clone())
    }
}

impl TemplateValue for &'static str {
    fn into_template_value(self) -> Cow<'static, str> {
        Cow::Borrowed(self)
    }
}

impl TemplateValue for Cow<'static, str> {
    fn into_template_value(self) -> Cow<'static, str> {
        self
    }
}

impl TemplateValue for Box<str> {
    fn into_template_value(self) -> Cow<'static, str> {
        Cow::Owned(self.into())
    }
}

/// The row, status and template values behind one error value.
#[derive(Clone, Copy)]
pub struct Parts<'a> {
    entry: &'static Entry,
    status: u16,
    args: Args<'a>,
}

/// The template values. An enum rather than an array and a length so that a row without
/// values (most of them, and the response path's common case) writes one tag, not eight
/// placeholder values: `parts()` returns `Parts` through memory, and those were 16 stores
/// per response.
#[derive(Clone, Copy)]
enum Args<'a> {
    None,
    One(&'a dyn Display),
    Many([&'a dyn Display; MAX_ARGS], usize),
}

impl<'a> Parts<'a> {
    /// The parts of an error with `entry`'s first status and no values.
    #[must_use]
    pub const fn new(entry: &'static Entry) -> Self {
        Parts {
            entry,
            status: entry.statuses[0],
            args: Args::None,
        }
    }

    /// With the status the server chose among the row's.
    #[must_use]
    pub const fn with_status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    /// With the template values, in the order of the template's parameters.
    ///
    /// # Panics
    /// If there are more than [`MAX_ARGS`] values; the macros never generate that.
    #[must_use]
    pub fn with_args(mut self, args: &[&'a dyn Display]) -> Self {
        self.args = match *args {
            [] => Args::None,
            [one] => Args::One(one),
            _ => {
                let mut many: [&'a dyn Display; MAX_ARGS] = [&""; MAX_ARGS];
                many[..args.len()].copy_from_slice(args);
                Args::Many(many, args.len())
            }
        };
        self
    }

    /// The catalogue row.
    #[must_use]
    pub const fn entry(&self) -> &'static Entry {
        self.entry
    }

    /// The HTTP status.
    #[must_use]
    pub const fn status(&self) -> u16 {
        self.status
    }

    /// The template values.
    #[must_use]
    pub fn args(&self) -> &[&'a dyn Display] {
        match &self.args {
            Args::None => &[],
            Args::One(one) => std::slice::from_ref(one),
            Args::Many(many, len) => &many[..*len],
        }
    }

    /// The wire message, templates rendered.
    #[must_use]
    pub fn message(&self) -> Cow<'static, str> {
        match self.entry.message.as_static() {
            Some(message) => Cow::Borrowed(message),
            None => {
                let mut out = String::with_capacity(self.entry.message.source.len() + 32);
                // Writing to a String only fails if a value's `Display` fails.
                let _ = self.write_message(&mut out);
                Cow::Owned(out)
            }
        }
    }

    /// Writes the wire message, each template value at most
    /// [`MAX_VALUE_BYTES`](crate::MAX_VALUE_BYTES) long.
    ///
    /// # Errors
    /// If `out` fails, or a template value's `Display` does.
    pub fn write_message(&self, out: &mut dyn Write) -> fmt::Result {
        for piece in self.entry.message.pieces {
            match *piece {
                Piece::Text(text) => out.write_str(text)?,
                Piece::Param(i) => write_bounded(out, self.arg(i))?,
            }
        }
        Ok(())
    }

    /// The response body in the catalogue's shape (`{"code":"…","message":"…"}` for the
    /// bundled one), always valid JSON.
    ///
    /// A rendered body is allocated once, at its exact length: it is written on the stack
    /// first (or, if longer than fits there, to a growing `String`), so that the `Bytes`
    /// of an `http` or axum body can take it over without allocating again.
    #[must_use]
    #[inline]
    pub fn body(&self) -> Cow<'static, str> {
        // Inline, so that a static row's body is found without a call; rendering is
        // out of line.
        match self.entry.body {
            Some(body) => Cow::Borrowed(body),
            None => Cow::Owned(self.rendered_body()),
        }
    }

    /// The body of a row with template values: rendered.
    #[inline(never)]
    fn rendered_body(&self) -> String {
        let mut out = StackFirst::new();
        // Writing only fails if a value's `Display` fails; the body is still closed, so
        // it stays valid JSON.
        let _ = self.write_body(&mut out);
        out.into_string()
    }

    fn write_body(&self, out: &mut StackFirst) -> fmt::Result {
        self.entry
            .wire
            .write_body(out, self.entry.code, |out: &mut StackFirst| {
                for piece in self.entry.message.pieces {
                    match *piece {
                        Piece::Text(text) => JsonEscaped(&mut *out).write_str(text)?,
                        Piece::Param(i) => {
                            write_bounded(&mut JsonEscaped(&mut *out), self.arg(i))?;
                        }
                    }
                }
                Ok(())
            })
    }

    fn arg(&self, i: u8) -> &'a dyn Display {
        // A missing value renders as empty text rather than panicking in a response path.
        self.args().get(usize::from(i)).copied().unwrap_or(&"")
    }
}

/// Bytes of a rendered body kept on the stack before it is copied to the heap at its
/// exact length. Most bodies are well under this (`Network {network_id} could not be
/// found.` with a 36-byte id is 103 bytes).
const STACK_BODY: usize = 512;

/// A writer that keeps text on the stack while it fits and then moves to a `String`.
struct StackFirst {
    stack: [u8; STACK_BODY],
    len: usize,
    /// Everything written, once it no longer fits on the stack.
    heap: Option<String>,
}

impl StackFirst {
    fn new() -> Self {
        StackFirst {
            stack: [0; STACK_BODY],
            len: 0,
            heap: None,
        }
    }

    fn into_string(self) -> String {
        match self.heap {
            Some(heap) => heap,
            // Only whole `str`s are written, so this is UTF-8 (and the lossy conversion is
            // never taken); `to_owned` allocates exactly its length.
            None => match std::str::from_utf8(&self.stack[..self.len]) {
                Ok(text) => text.to_owned(),
                Err(_) => String::from_utf8_lossy(&self.stack[..self.len]).into_owned(),
            },
        }
    }
}

impl StackFirst {
    /// Appends `s`: on the stack while it fits.
    #[inline]
    fn push(&mut self, s: &str) {
        let end = self.len + s.len();
        match self.stack.get_mut(self.len..end) {
            Some(free) if self.heap.is_none() => {
                free.copy_from_slice(s.as_bytes());
                self.len = end;
            }
            _ => self.push_to_heap(s),
        }
    }

    #[cold]
    #[inline(never)]
    fn push_to_heap(&mut self, s: &str) {
        let stack = &self.stack[..self.len];
        self.heap
            .get_or_insert_with(|| {
                let mut heap = String::with_capacity(2 * (stack.len() + s.len()));
                heap.push_str(&String::from_utf8_lossy(stack));
                heap
            })
            .push_str(s);
    }
}

impl Write for StackFirst {
    #[inline]
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push(s);
        Ok(())
    }
}

/// `VPC.0504: Floating IP could not be found.`: the text for logs. Template values are
/// written log-safe (control characters and bidirectional overrides as `\u{…}`), so a value
/// holding a newline cannot forge a log line; [`Parts::message`] is the wire text.
impl Display for Parts<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.entry.code)?;
        f.write_str(": ")?;
        for piece in self.entry.message.pieces {
            match *piece {
                Piece::Text(text) => f.write_str(text)?,
                Piece::Param(i) => write_bounded(&mut LogSafe(&mut *f), self.arg(i))?,
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Parts<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Parts")
            .field("code", &self.entry.code)
            .field("name", &self.entry.name)
            .field("status", &self.status)
            .field("message", &self.message())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use crate::{ShowNetworkIpAvailabilitiesError, VpcError};

    fn body_of(network_id: &str) -> String {
        let e = ShowNetworkIpAvailabilitiesError::NetworkNotFound {
            network_id: network_id.to_owned().into(),
        };
        let Cow::Owned(body) = e.body() else {
            panic!("a templated body is rendered")
        };
        // Allocated once, at its exact length, when it fitted on the stack.
        if body.len() <= super::STACK_BODY {
            assert_eq!(body.len(), body.capacity(), "{body}");
        }
        let message = serde_json::json!(e.message()).to_string();
        assert_eq!(
            body,
            format!(r#"{{"code":"VPC.2302","message":{message}}}"#)
        );
        body
    }

    #[test]
    fn parts_keep_none_one_or_many_values_in_template_order() {
        let none = crate::DeleteVpcError::VpcHasSubnets;
        assert!(none.parts().args().is_empty());

        let one = ShowNetworkIpAvailabilitiesError::NetworkNotFound {
            network_id: "n-1".into(),
        };
        let values: Vec<String> = one.parts().args().iter().map(ToString::to_string).collect();
        assert_eq!(values, ["n-1"]);

        let many = crate::CreateFlowLogError::FlowLogDuplicate {
            resource_type: "vpc".into(),
            resource_id: "r".into(),
            log_group_id: "g".into(),
            log_topic_id: "t".into(),
            log_store_type: "lts".into(),
            log_store_name: "s".into(),
        };
        let values: Vec<String> = many
            .parts()
            .args()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(values, ["vpc", "r", "g", "t", "lts", "s"]);
        assert_eq!(
            many.message(),
            "Content of flow log is duplicate: resource type vpc, reousce id r, traffic type all, \
             log group id g, log topic id t, log store type lts, log store name s."
        );
    }

    #[test]
    fn display_is_log_safe_where_the_wire_text_is_not() {
        let e = ShowNetworkIpAvailabilitiesError::NetworkNotFound {
            network_id: "n\nVPC.0000: forged line\u{202e}".to_owned().into(),
        };
        assert_eq!(
            e.to_string(),
            "VPC.2302: Network n\\u{a}VPC.0000: forged line\\u{202e} could not be found."
        );
        assert_eq!(
            e.message(),
            "Network n\nVPC.0000: forged line\u{202e} could not be found."
        );
    }

    #[test]
    fn bodies_of_every_length_are_written_whole() {
        assert_eq!(body_of("n").len(), 61);
        body_of("");
        body_of(&"i".repeat(crate::MAX_VALUE_BYTES));
        // Across the stack's end (escaped, a `"` takes two bytes): fitting exactly,
        // spilling in the text after the value, and in the value.
        let mut lengths = Vec::new();
        for escaped in 440..480 {
            let id = format!("{}{}", "\"".repeat(escaped / 2), "i".repeat(escaped % 2));
            lengths.push(body_of(&id).len());
        }
        assert!(lengths.contains(&super::STACK_BODY) && lengths.contains(&(super::STACK_BODY + 1)));
        assert!(lengths.iter().any(|&len| len > super::STACK_BODY + 22));
        body_of(&"\"".repeat(crate::MAX_VALUE_BYTES));
        body_of(&"\u{1}".repeat(crate::MAX_VALUE_BYTES));
        body_of(&"é".repeat(crate::MAX_VALUE_BYTES));
    }
}
