//! What every catalogue error has in common: its row, its status and its values.

use std::borrow::Cow;
use std::fmt::{self, Display, Write};

use crate::json::{JsonEscaped, write_bounded};
use crate::registry::{Entry, Operation, Piece};

/// The most parameters one message may have.
pub const MAX_ARGS: usize = 8;

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

    /// The response body `{"code":"…","message":"…"}`. Prebuilt at compile time (no
    /// allocation) when the row's message has no parameters.
    fn body(&self) -> Cow<'static, str> {
        self.parts().body()
    }
}

/// A generated error type that can be rebuilt from a catalogue row: what client-side
/// decoding uses to turn a response back into a typed error.
pub trait FromParts: VpcError + Sized {
    /// The operation whose error type this is; `None` for [`CommonError`](crate::CommonError).
    const OPERATION: Option<&'static Operation>;

    /// The variant for `entry` answered with `status` and the template values `args` (in
    /// the template's parameter order); `None` if this type has no such variant or the
    /// row does not list `status`.
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
    args: [&'a dyn Display; MAX_ARGS],
    len: usize,
}

impl<'a> Parts<'a> {
    /// The parts of an error with `entry`'s first status and no values.
    #[must_use]
    pub const fn new(entry: &'static Entry) -> Self {
        Parts {
            entry,
            status: entry.statuses[0],
            args: [&""; MAX_ARGS],
            len: 0,
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
        self.args[..args.len()].copy_from_slice(args);
        self.len = args.len();
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
        &self.args[..self.len]
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

    /// The response body, `{"code":"…","message":"…"}`, always valid JSON.
    #[must_use]
    pub fn body(&self) -> Cow<'static, str> {
        if let Some(body) = self.entry.body {
            return Cow::Borrowed(body);
        }
        let mut out = String::with_capacity(self.entry.message.source.len() + 64);
        // Writing to a String only fails if a value's `Display` fails; the body is
        // still closed below, so it stays valid JSON.
        let _ = self.write_body(&mut out);
        Cow::Owned(out)
    }

    fn write_body(&self, out: &mut String) -> fmt::Result {
        out.push_str("{\"code\":\"");
        JsonEscaped(out).write_str(self.entry.code)?;
        out.push_str("\",\"message\":\"");
        let result = (|| {
            for piece in self.entry.message.pieces {
                match *piece {
                    Piece::Text(text) => JsonEscaped(out).write_str(text)?,
                    Piece::Param(i) => write_bounded(&mut JsonEscaped(out), self.arg(i))?,
                }
            }
            Ok(())
        })();
        out.push_str("\"}");
        result
    }

    fn arg(&self, i: u8) -> &'a dyn Display {
        // A missing value renders as empty text rather than panicking in a response path.
        self.args().get(usize::from(i)).copied().unwrap_or(&"")
    }
}

/// `VPC.0504: Floating IP could not be found.`
impl Display for Parts<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.entry.code)?;
        f.write_str(": ")?;
        self.write_message(f)
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
