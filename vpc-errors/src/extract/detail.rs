//! What a rejected request answers (a row of the operation) and why (for the logs only).

use std::borrow::Cow;
use std::error::Error;
use std::fmt::{self, Display, Write as _};

use vpc_errors_internals::escape::LogSafe;

use crate::VpcError;
use crate::registry::Operation;

/// A request an extractor refused: the operation's row that answers it (its status and body
/// are the response) and the [`Detail`] of what was wrong, which is the error's
/// [`source`](Error::source) and never part of the body.
///
/// It is a [`VpcError`] and answers like `E`: with the `axum` feature it is
/// `IntoResponse`, with `actix-web` a `ResponseError`; with `tracing` the response records
/// the detail as the error's source.
#[derive(Debug)]
pub struct Rejection<E> {
    error: E,
    detail: Detail,
}

impl<E> Rejection<E> {
    /// `error`, answering a request for the reason `detail` gives.
    pub fn new(error: E, detail: Detail) -> Self {
        Rejection { error, detail }
    }

    /// The row's error.
    pub fn error(&self) -> &E {
        &self.error
    }

    /// Why the request was refused.
    pub fn detail(&self) -> &Detail {
        &self.detail
    }

    /// The row's error, for a handler that answers it itself.
    pub fn into_error(self) -> E {
        self.error
    }
}

impl<E: VpcError> VpcError for Rejection<E> {
    fn parts(&self) -> crate::Parts<'_> {
        self.error.parts()
    }

    fn operation(&self) -> Option<&'static Operation> {
        self.error.operation()
    }
}

/// The row's `Display`: `VPC.0101: Param is invalid.`; the detail is the source.
impl<E: Display> Display for Rejection<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

impl<E: Error> Error for Rejection<E> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&self.detail)
    }
}

/// Why an extractor refused a request, as logs see it: serde's message with the field's
/// path, line and column, the body limit, the content type, or the authenticator's
/// reason. Its `Display` escapes every character that could forge or hide a log line
/// (control characters, line separators, bidi overrides): it quotes the request.
#[derive(Debug)]
pub struct Detail {
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    ContentType(Option<String>),
    TooLarge(usize),
    Other {
        what: &'static str,
        error: Box<dyn Error + Send + Sync>,
    },
    Json {
        path: String,
        error: serde_json::Error,
    },
    Pairs {
        what: &'static str,
        path: String,
        error: serde_urlencoded::de::Error,
    },
    Denied(Cow<'static, str>),
    ProjectMismatch {
        url: String,
        credentials: String,
    },
}

/// Longest content type quoted in a log line: the header is the client's.
const MAX_QUOTED: usize = 128;

impl Detail {
    pub(crate) fn content_type(found: Option<&[u8]>) -> Self {
        let found = found.map(|v| {
            let text = String::from_utf8_lossy(&v[..v.len().min(MAX_QUOTED)]);
            text.into_owned()
        });
        Detail {
            kind: Kind::ContentType(found),
        }
    }

    pub(crate) fn too_large(limit: usize) -> Self {
        Detail {
            kind: Kind::TooLarge(limit),
        }
    }

    /// `what` (`reading the body`) failed with `error`, from the framework or the network.
    pub(crate) fn other(
        what: &'static str,
        error: impl Into<Box<dyn Error + Send + Sync>>,
    ) -> Self {
        Detail {
            kind: Kind::Other {
                what,
                error: error.into(),
            },
        }
    }

    pub(crate) fn json(path: String, error: serde_json::Error) -> Self {
        Detail {
            kind: Kind::Json { path, error },
        }
    }

    pub(crate) fn pairs(
        what: &'static str,
        path: String,
        error: serde_urlencoded::de::Error,
    ) -> Self {
        Detail {
            kind: Kind::Pairs { what, path, error },
        }
    }

    pub(crate) fn denied(reason: Cow<'static, str>) -> Self {
        Detail {
            kind: Kind::Denied(reason),
        }
    }

    pub(crate) fn project_mismatch(url: &str, credentials: &str) -> Self {
        Detail {
            kind: Kind::ProjectMismatch {
                url: url.to_owned(),
                credentials: credentials.to_owned(),
            },
        }
    }
}

impl Display for Detail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = LogSafe(f);
        match &self.kind {
            Kind::ContentType(Some(found)) => {
                write!(out, "content type `{found}` is not JSON")
            }
            Kind::ContentType(None) => out.write_str("no content type; expected JSON"),
            Kind::TooLarge(limit) => write!(out, "body over the limit of {limit} bytes"),
            Kind::Other { what, error } => write!(out, "{what} failed: {error}"),
            Kind::Json { path, error } => write!(out, "body at `{path}`: {error}"),
            Kind::Pairs { what, path, error } => write!(out, "{what} at `{path}`: {error}"),
            Kind::Denied(reason) => write!(out, "refused: {reason}"),
            Kind::ProjectMismatch { url, credentials } => write!(
                out,
                "the URL's project `{url}` is not the credentials' project `{credentials}`"
            ),
        }
    }
}

impl Error for Detail {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match &self.kind {
            // The message is in this one's `Display`; its causes, if any, follow.
            Kind::Other { error, .. } => error.source(),
            _ => None,
        }
    }
}
