//! [`AnyVpcError`]: any catalogue error, whichever operation it belongs to.

use std::borrow::Cow;
use std::error::Error;
use std::fmt::{self, Display};

use crate::json::write_bounded;
use crate::registry::{Catalogue, Entry, Operation};
use crate::{FromParts, MAX_ARGS, Parts, VpcError};

/// Any catalogue error, for handlers, middleware and channels that do not care which
/// operation's it is. It answers and converts exactly like the error it was made from: the
/// same code, status, message and body, and the same framework integrations.
///
/// Every generated error type and every `#[derive(VpcError)]` type converts into it with
/// `.into()` or `?`. It owns its template values, so it is `'static` and, unlike the
/// original, needs no lifetime; an error without values is taken over without allocating.
///
/// The source chain is kept: when the original error has a [`source`](Error::source) (a
/// derived error wrapping a backend failure, say) and is `Send + Sync`, the original is
/// kept in a box and [`AnyVpcError::source`](Error::source) returns its source, so the
/// chain stays available to logs. It never reaches a response body. (That original is also
/// why it is not `Clone`: the original need not be.)
///
/// ```
/// use vpc_errors::{AnyVpcError, DeleteVpcError, ShowVpcError, VpcError};
///
/// fn check(found: bool) -> Result<(), AnyVpcError> {
///     if !found {
///         Err(DeleteVpcError::VpcNotFound)?;
///     }
///     Ok(())
/// }
///
/// let e = check(false).unwrap_err();
/// assert_eq!(e.code(), "VPC.0003");
/// assert_eq!(e.status(), 404);
/// assert_eq!(e.operation().unwrap().name, "DeleteVpc");
/// // A common error can be asked back as any operation's type.
/// assert_eq!(e.to_typed::<ShowVpcError>(), Some(ShowVpcError::VpcNotFound));
/// ```
pub struct AnyVpcError {
    entry: &'static Entry,
    status: u16,
    operation: Option<&'static Operation>,
    args: Vec<Cow<'static, str>>,
    original: Option<Box<dyn Error + Send + Sync>>,
}

impl AnyVpcError {
    /// A copy of `error`'s row, status, operation and template values. The source chain is
    /// not kept: use [`from_error`](Self::from_error) (or `.into()`) for that.
    ///
    /// Each template value is stored as it will be rendered, so at most
    /// [`MAX_VALUE_BYTES`](crate::MAX_VALUE_BYTES) of it.
    #[must_use]
    pub fn new<E: VpcError + ?Sized>(error: &E) -> Self {
        Self::of_parts(&error.parts(), error.operation())
    }

    // Not generic: compiled once, not once per error type that converts.
    fn of_parts(parts: &Parts<'_>, operation: Option<&'static Operation>) -> Self {
        let args = parts
            .args()
            .iter()
            .map(|value| {
                let mut out = String::new();
                // Storing what rendering would write keeps the body identical to the
                // original's (bounding is idempotent: the cut value plus its mark is cut at
                // the same place again), without holding on to an unbounded value. A
                // failing `Display` keeps what it wrote, as rendering does.
                let _ = write_bounded(&mut out, *value);
                Cow::Owned(out)
            })
            .collect();
        AnyVpcError {
            entry: parts.entry(),
            status: parts.status(),
            operation,
            args,
            original: None,
        }
    }

    /// Like [`new`](Self::new), and when `error` has a source, keeps `error` itself so that
    /// [`source`](Error::source) still walks its chain. Only then does it allocate (one box).
    #[must_use]
    pub fn from_error<E>(error: E) -> Self
    where
        E: VpcError + Error + Send + Sync + 'static,
    {
        let mut any = Self::new(&error);
        if error.source().is_some() {
            any.original = Some(Box::new(error));
        }
        any
    }

    /// The error for `entry` answered with `status` and the template values `args` (in the
    /// template's parameter order), as a client decodes it; `None` if the row does not list
    /// `status` or `args` does not have one value per parameter.
    #[must_use]
    pub fn from_row(
        entry: &'static Entry,
        status: u16,
        args: Vec<Cow<'static, str>>,
    ) -> Option<Self> {
        (entry.has_status(status) && args.len() == entry.message.params.len()).then_some(
            AnyVpcError {
                entry,
                status,
                operation: None,
                args,
                original: None,
            },
        )
    }

    /// The template values, in the order of the template's parameters.
    #[must_use]
    pub fn args(&self) -> &[Cow<'static, str>] {
        &self.args
    }

    /// The same error as the generated (or other [`FromParts`]) type `E`, if `E` has it: an
    /// operation's type has its own rows and the common ones, [`CommonError`](crate::CommonError)
    /// only the common ones.
    #[must_use]
    pub fn to_typed<E: FromParts>(&self) -> Option<E> {
        E::from_parts(self.entry, self.status, self.args.clone())
    }
}

impl VpcError for AnyVpcError {
    fn parts(&self) -> Parts<'_> {
        let mut values: [&dyn Display; MAX_ARGS] = [&""; MAX_ARGS];
        for (slot, value) in values.iter_mut().zip(&self.args) {
            *slot = value;
        }
        Parts::new(self.entry)
            .with_status(self.status)
            .with_args(&values[..self.args.len().min(MAX_ARGS)])
    }

    fn operation(&self) -> Option<&'static Operation> {
        self.operation
    }
}

/// Decoding into `AnyVpcError` reads the bundled catalogue; `client::decode_in` reads
/// another.
impl FromParts for AnyVpcError {
    const CATALOGUE: &'static Catalogue = &crate::CATALOGUE;
    const OPERATION: Option<&'static Operation> = None;

    fn from_parts(
        entry: &'static Entry,
        status: u16,
        args: Vec<Cow<'static, str>>,
    ) -> Option<Self> {
        Self::from_row(entry, status, args)
    }
}

/// `VPC.0504: Floating IP could not be found.`, as the original error.
impl Display for AnyVpcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.parts().fmt(f)
    }
}

impl fmt::Debug for AnyVpcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AnyVpcError")
            .field("code", &self.entry.code)
            .field("name", &self.entry.name)
            .field("status", &self.status)
            .field("operation", &self.operation.map(|op| op.name))
            .field("args", &self.args)
            .field("original", &self.original)
            .finish()
    }
}

impl Error for AnyVpcError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        // The original is this same error in another type; its source is the next link.
        self.original
            .as_ref()
            .and_then(|original| original.source())
    }
}

crate::__integration_axum!(AnyVpcError);
crate::__integration_actix!(AnyVpcError);

/// What the per-type `From<T> for AnyVpcError` impl expands to.
///
/// The source chain can only be kept by boxing the original, which needs it to be
/// `Send + Sync` (so `AnyVpcError` stays usable across threads and in axum handlers); a
/// derived error may hold a plain `Box<dyn Error>`, which is not. Requiring the bounds
/// would make such a derive fail to compile, so the expansion picks by method resolution
/// on the concrete type: `Erase<T>` by value when the bounds hold (keep the chain), else
/// `&Erase<T>` through auto-ref (copy the row and values only).
#[doc(hidden)]
pub mod erase {
    use std::error::Error;

    use super::AnyVpcError;
    use crate::VpcError;

    /// The error being converted.
    pub struct Erase<E>(pub E);

    /// Chosen when the error is `Send + Sync + 'static`.
    pub trait KeepSource {
        /// The conversion.
        fn erase(self) -> AnyVpcError;
    }

    impl<E: VpcError + Error + Send + Sync + 'static> KeepSource for Erase<E> {
        fn erase(self) -> AnyVpcError {
            AnyVpcError::from_error(self.0)
        }
    }

    /// Chosen otherwise.
    pub trait DropSource {
        /// The conversion.
        fn erase(self) -> AnyVpcError;
    }

    impl<E: VpcError> DropSource for &Erase<E> {
        fn erase(self) -> AnyVpcError {
            AnyVpcError::new(&self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::{
        CommonError, DeleteVpcError, ENTRIES, ErrorResponse, MAX_VALUE_BYTES,
        ShowNetworkIpAvailabilitiesError, ShowVpcError, Status400Or404,
    };

    fn assert_same<E: VpcError + Error>(original: &E) {
        let any = AnyVpcError::new(original);
        assert_eq!(any.code(), original.code());
        assert_eq!(any.status(), original.status());
        assert_eq!(any.message(), original.message());
        assert_eq!(any.body(), original.body());
        assert_eq!(any.to_string(), original.to_string());
        assert_eq!(any.operation(), original.operation());
        assert!(std::ptr::eq(any.entry(), original.entry()));
        assert_eq!(ErrorResponse::new(&any), ErrorResponse::new(original));
    }

    #[test]
    fn answers_like_the_original() {
        assert_same(&DeleteVpcError::VpcNotFound);
        assert_same(&CommonError::TokenInvalid);
        assert_same(&DeleteVpcError::InvalidParam {
            status: Status400Or404::NotFound,
            field: "vpc_id".into(),
        });
        assert_same(&ShowNetworkIpAvailabilitiesError::NetworkNotFound {
            network_id: "\"quoted\" \\ \u{1} é".into(),
        });
    }

    #[test]
    fn long_values_render_exactly_as_in_the_original() {
        for long in [
            "x".repeat(MAX_VALUE_BYTES + 1),
            "é".repeat(MAX_VALUE_BYTES),
            format!("a{}", "😀".repeat(MAX_VALUE_BYTES)),
            "y".repeat(MAX_VALUE_BYTES),
        ] {
            assert_same(&ShowNetworkIpAvailabilitiesError::NetworkNotFound {
                network_id: long.into(),
            });
        }
    }

    #[test]
    fn static_errors_are_taken_over_without_values() {
        let any: AnyVpcError = DeleteVpcError::VpcNotFound.into();
        assert!(any.args().is_empty());
        assert_eq!(any.args.capacity(), 0);
        assert!(any.source().is_none());
        assert!(matches!(any.body(), Cow::Borrowed(_)));
    }

    #[test]
    fn converts_back_to_typed_errors() {
        let e = DeleteVpcError::InvalidParam {
            status: Status400Or404::NotFound,
            field: "vpc_id".into(),
        };
        let any = AnyVpcError::from(e.clone());
        assert_eq!(any.to_typed::<DeleteVpcError>(), Some(e));
        assert_eq!(any.to_typed::<ShowVpcError>(), None);
        assert_eq!(any.to_typed::<CommonError>(), None);
        let common = AnyVpcError::from(CommonError::TokenInvalid);
        assert_eq!(
            common.to_typed::<ShowVpcError>(),
            Some(ShowVpcError::TokenInvalid)
        );
        assert!(common.operation().is_none());
    }

    #[test]
    fn rows_are_checked_when_built_from_parts() {
        let row = DeleteVpcError::VpcNotFound.entry();
        assert!(AnyVpcError::from_row(row, 404, vec![]).is_some());
        assert!(AnyVpcError::from_row(row, 500, vec![]).is_none());
        assert!(AnyVpcError::from_row(row, 404, vec!["extra".into()]).is_none());
        let template = ENTRIES
            .iter()
            .find(|e| !e.message.params.is_empty())
            .unwrap();
        let status = template.statuses[0];
        assert!(AnyVpcError::from_row(template, status, vec![]).is_none());
        let values = vec![Cow::Borrowed("v"); template.message.params.len()];
        let any = AnyVpcError::from_parts(template, status, values).unwrap();
        assert!(any.message().contains('v'));
    }

    #[test]
    fn is_send_sync_and_static() {
        fn check<T: Send + Sync + 'static>() {}
        check::<AnyVpcError>();
    }
}
