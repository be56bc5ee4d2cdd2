//! What an error response says about itself, for logs and metrics (feature `observe`, which
//! `tracing` and `metrics` turn on).
//!
//! With the feature, every error response built by this crate's conversions (`http`, axum,
//! actix-web) carries an [`ErrorInfo`] extension: the catalogue row, the operation, the
//! status and, for a 5xx, the error's source chain. Any middleware can read it:
//!
//! ```
//! # #[cfg(feature = "http")] {
//! use vpc_errors::{DeletePublicipError, ErrorInfo};
//!
//! vpc_errors::observe::attach_error_info(true);
//! let response: http::Response<String> =
//!     vpc_errors::http::to_response(&DeletePublicipError::PublicipNotFound);
//! let info = response.extensions().get::<ErrorInfo>().unwrap();
//! assert_eq!((info.operation_name(), info.code(), info.status()), ("DeletePublicip", "VPC.0504", 404));
//! # }
//! ```
//!
//! The extension is inserted once [`attach_error_info`] has turned it on, which the
//! middlewares below do when they are built; a middleware of your own reading it calls
//! `attach_error_info(true)` at start-up. An `http` extension map costs three allocations
//! per response (BENCHMARKS.md), so neither the feature alone, turned on by some dependency,
//! nor a server without such a middleware pays for it: a static error's response then
//! allocates what it does without the feature.
//!
//! Two ready middlewares use it, one per stack:
//!
//! - [`ObserveLayer`] (features `observe` and `http`), a tower layer for axum, hyper and
//!   anything else built on tower: `Router::layer(ObserveLayer::new())`;
//! - [`actix`] (features `observe` and `actix-web`):
//!   `App::wrap(actix_web::middleware::from_fn(vpc_errors::observe::actix))`.
//!
//! Each, per request:
//!
//! 1. keeps the request's `X-Request-Id` if it has exactly one that
//!    [may be echoed](RequestId::is_valid), and otherwise sets a
//!    [generated](RequestId::generate) one on the request, before the handler runs, so the
//!    handler's `Option<RequestId>` (axum) or `vpc_errors::actix::request_id` sees it;
//! 2. echoes that id on the response (unless the response sets its own), and in the body's
//!    `request_id` member for a catalogue whose bodies carry one, as the `echo_request_id`
//!    middlewares do (use one or the other, not both);
//! 3. with feature `tracing`, records one event (target `vpc_errors`) per response: the
//!    fields `request_id`, `method`, `route` (the matched route where the framework knows
//!    it, else the path; log-escaped), `status`, `latency_us` and, for an error response,
//!    `operation`, `code`, `name` and, for a 5xx with a source, `source`. The level is
//!    `ERROR` for a 5xx (the server failed: someone should look), `INFO` for a 4xx (the
//!    client's mistake: routine, but what an API server's log is for) and `DEBUG` for the
//!    rest. This is the only event this crate records: building an [`ErrorResponse`] records
//!    nothing, so an error response is one event, with the request it answered;
//! 4. with feature `metrics`, increments the counter [`ERROR_RESPONSES_TOTAL`] labelled
//!    `operation`, `code` and `status` for an error response. Successful responses are not
//!    counted: any HTTP metrics middleware counts those.
//!
//! Everything written to a log whose text can come from outside (the path, the source
//! chain) is escaped as `Display` escapes template values: a newline, an ANSI escape or a
//! line separator in it cannot forge a log line.

use std::borrow::Cow;
use std::error::Error;
use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
#[cfg(any(feature = "http", feature = "actix-web"))]
use std::time::Duration;

use vpc_errors_internals::escape::LogSafe;

use crate::VpcError;
use crate::registry::{Entry, Operation};
#[cfg(feature = "http")]
use crate::request_id::RequestId;
use crate::response::ErrorResponse;
#[cfg(feature = "http")]
use crate::response::RequestIdSlot;

#[cfg(feature = "actix-web")]
mod actix;
#[cfg(feature = "http")]
mod tower;

#[cfg(feature = "actix-web")]
pub use actix::actix;
#[cfg(feature = "http")]
pub use tower::{Observe, ObserveLayer, ResponseFuture};

/// The name of the counter the middlewares increment per error response (feature
/// `metrics`), labelled `operation` (empty for an error of no operation), `code` and
/// `status`.
#[cfg(feature = "metrics")]
pub const ERROR_RESPONSES_TOTAL: &str = "vpc_errors_error_responses_total";

/// Whether error responses carry [`ErrorInfo`] and keep a 5xx's source chain for it.
static ATTACH: AtomicBool = AtomicBool::new(false);

/// Makes every error response built from now on, in this process, carry an [`ErrorInfo`]
/// extension (through the `http`, axum and actix-web conversions) and keep a 5xx's source
/// chain for it; `false` stops it. [`ObserveLayer`] and [`actix`] turn it on themselves; a
/// middleware of your own that reads the extension calls this at start-up.
pub fn attach_error_info(on: bool) {
    ATTACH.store(on, Ordering::Relaxed);
}

/// Whether [`attach_error_info`] is on.
#[inline]
pub(crate) fn attaching() -> bool {
    ATTACH.load(Ordering::Relaxed)
}

/// The catalogue row, operation, status and (for a 5xx) source chain of an error response:
/// a response extension on every error response this crate's conversions build, with
/// feature `observe`, once [`attach_error_info`] is on. See the [module](self)
/// documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorInfo {
    entry: &'static Entry,
    status: u16,
    origin: Origin,
    /// The body as built, for a body with an empty `request_id` member: the tower layer
    /// fills it without reading the response body back. Borrowed for a static row.
    unfilled: Option<Cow<'static, str>>,
}

impl ErrorInfo {
    /// The catalogue row.
    #[must_use]
    pub const fn entry(&self) -> &'static Entry {
        self.entry
    }

    /// The wire code, e.g. `VPC.0504`.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        self.entry.code
    }

    /// The row's variant name, e.g. `PublicipNotFound`.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        self.entry.name
    }

    /// The operation whose error it is; `None` for an error of no operation
    /// ([`CommonError`](crate::CommonError), a type-erased error built from one).
    #[must_use]
    pub const fn operation(&self) -> Option<&'static Operation> {
        self.origin.operation
    }

    /// The operation's name, e.g. `DeletePublicip`, or `""` for an error of no operation.
    #[must_use]
    pub fn operation_name(&self) -> &'static str {
        self.origin.operation.map_or("", |op| op.name)
    }

    /// The HTTP status.
    #[must_use]
    pub const fn status(&self) -> u16 {
        self.status
    }

    /// For a 5xx, the error's chain of [`Error::source`]s, outermost first, joined by `: `
    /// and escaped for a log line; `None` for anything else, an error without a source, or
    /// a response built while [`attach_error_info`] was off.
    /// It is for logs only: it never reaches a response body.
    #[must_use]
    pub fn source_chain(&self) -> Option<&str> {
        self.origin.source.as_deref()
    }

    /// The response body before a request id was filled in, if it has a `request_id`
    /// member to fill.
    #[cfg(feature = "http")]
    pub(crate) fn unfilled(&self) -> Option<&str> {
        self.unfilled.as_deref()
    }
}

/// What an [`ErrorResponse`] keeps of its error for [`ErrorInfo`], beside its row and
/// status: the error itself is gone once the response exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Origin {
    operation: Option<&'static Operation>,
    source: Option<Arc<str>>,
}

impl Origin {
    /// The operation of `error` and, for a 5xx, its source chain: rendered now, while the
    /// error is at hand. A 4xx's cause is the request, which the log line already shows.
    pub(crate) fn of<E: VpcError + Error + ?Sized>(error: &E, status: u16) -> Self {
        let source = if status >= 500 && attaching() {
            error.source().map(|source| Arc::from(source_chain(source)))
        } else {
            None
        };
        Origin {
            operation: error.operation(),
            source,
        }
    }
}

/// `outer: middle: root`, each part log-escaped.
fn source_chain(error: &(dyn Error + '_)) -> String {
    let mut out = String::new();
    let mut log = LogSafe(&mut out);
    let _ = write!(log, "{error}");
    let mut next = error.source();
    while let Some(source) = next {
        let _ = write!(log, ": {source}");
        next = source.source();
    }
    out
}

impl ErrorResponse {
    /// The [`ErrorInfo`] this response's conversions put in the response's extensions
    /// (when [`attach_error_info`] is on).
    #[must_use]
    pub fn info(&self) -> ErrorInfo {
        let (entry, status, origin, body, slot) = self.observed();
        ErrorInfo {
            entry,
            status,
            origin: origin.clone(),
            unfilled: slot.map(|_| body.clone()),
        }
    }
}

/// Text from outside (a path, a route) as a log field: escaped as `LogSafe` escapes.
#[cfg(feature = "tracing")]
pub(crate) struct Escaped<'a>(pub(crate) &'a str);

#[cfg(feature = "tracing")]
impl std::fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        LogSafe(f).write_str(self.0)
    }
}

/// The error body `info` kept, with `id` in its `request_id` member: what
/// [`RequestIdSlot::fill`] makes of the body bytes the `echo_request_id` middlewares read
/// back.
#[cfg(feature = "http")]
pub(crate) fn filled_body(info: &ErrorInfo, slot: RequestIdSlot, id: &RequestId) -> Option<String> {
    slot.fill(info.unfilled()?.as_bytes(), id)
}

/// One response, as the middlewares saw it.
#[cfg(any(feature = "http", feature = "actix-web"))]
#[cfg_attr(not(feature = "tracing"), expect(dead_code))]
pub(crate) struct Answered<'a> {
    pub(crate) request_id: &'a str,
    pub(crate) method: &'a str,
    pub(crate) route: &'a str,
    pub(crate) status: u16,
    pub(crate) latency: Duration,
    pub(crate) info: Option<&'a ErrorInfo>,
}

/// Records `answered`: one `tracing` event (feature `tracing`) and, for an error response,
/// one count (feature `metrics`); nothing with neither.
#[cfg(any(feature = "http", feature = "actix-web"))]
pub(crate) fn record(answered: &Answered<'_>) {
    #[cfg(not(any(feature = "tracing", feature = "metrics")))]
    let _ = answered;
    #[cfg(feature = "tracing")]
    trace(answered);
    #[cfg(feature = "metrics")]
    if let Some(info) = answered.info {
        metrics::counter!(
            ERROR_RESPONSES_TOTAL,
            "operation" => info.operation_name(),
            "code" => info.code(),
            "status" => answered.status.to_string(),
        )
        .increment(1);
    }
}

#[cfg(feature = "tracing")]
fn trace(answered: &Answered<'_>) {
    let info = answered.info;
    let latency_us = u64::try_from(answered.latency.as_micros()).unwrap_or(u64::MAX);
    // `event!` needs its level as a constant, hence one expansion per level.
    macro_rules! event {
        ($level:expr) => {
            tracing::event!(
                target: "vpc_errors",
                $level,
                request_id = answered.request_id,
                method = answered.method,
                route = tracing::field::display(Escaped(answered.route)),
                status = answered.status,
                latency_us,
                operation = info.map(ErrorInfo::operation_name),
                code = info.map(ErrorInfo::code),
                name = info.map(ErrorInfo::name),
                source = info.and_then(ErrorInfo::source_chain),
                "{} {} {}",
                answered.method,
                Escaped(answered.route),
                answered.status,
            )
        };
    }
    match answered.status {
        500.. => event!(tracing::Level::ERROR),
        400..500 => event!(tracing::Level::INFO),
        _ => event!(tracing::Level::DEBUG),
    }
}

#[cfg(all(test, feature = "tracing"))]
mod tests {
    use super::*;

    #[test]
    fn escaped_text_stays_on_one_line() {
        let hostile = "/v1/a\nERROR forged\r\x1b[31mred\u{2028}x\u{202e}";
        let shown = Escaped(hostile).to_string();
        assert!(
            !shown
                .chars()
                .any(|c| c.is_control() || c == '\u{2028}' || c == '\u{202e}'),
            "{shown:?}"
        );
        assert!(shown.starts_with("/v1/a\\u{a}ERROR forged"), "{shown}");
    }
}
