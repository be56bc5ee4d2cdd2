#![cfg_attr(
    not(any(feature = "axum", feature = "actix-web")),
    allow(dead_code, unused_variables)
)]

//! From an HTTP request to the operation's row: typed extractors whose every rejection is
//! a row of the catalogue.
//!
//! An operation's `roles:` in `catalogue.yaml` say which of its rows answers each failure
//! of a request; `catalogue!` turns them into trait impls on the operation's error type:
//!
//! | catalogue role | when | trait (function) |
//! | --- | --- | --- |
//! | `body` | a body that is not JSON, truncated, too deeply nested, not UTF-8, or of the wrong shape | [`BodyRoles`] (`bad_body`) |
//! | `missing_field` (else `body`) | a required field is absent | [`BodyRoles`] (`missing_field`) |
//! | `body_too_large` (else `body`) | a body over the [`BodyLimit`] | [`BodyRoles`] (`body_too_large`) |
//! | `content_type` (else `body`) | a `Content-Type` that is not JSON | [`BodyRoles`] (`bad_content_type`) |
//! | `path` | a path parameter that does not parse | [`PathRole`] |
//! | `query` | a query string that does not parse | [`QueryRole`] |
//! | `unauthenticated`, `project_mismatch`, `forbidden` (common) | see [`Authenticated`] | [`AuthRoles`] |
//!
//! The row is chosen when compiling: a rejection costs no look-up. An extractor for a role
//! the operation's table has no row for does not compile, and says which role to add.
//!
//! A row answering a role may have one template parameter, `{field}` or `{list_param}`:
//! it is filled with the name of the offending field (`vpc.name`) or parameter (`limit`),
//! or `body`, `path`, `query` or `Content-Type` when the fault is not one field's. Nothing
//! else of the request reaches the body: serde's message, line and column are the
//! rejection's [`Error::source`](std::error::Error::source), for logs and tracing, escaped
//! there like every value ([`Detail`]).
//!
//! With the `axum` feature the extractors implement axum's `FromRequest(Parts)`; with
//! `actix-web`, actix-web's `FromRequest`. One type serves both.
//!
#![cfg_attr(feature = "axum", doc = "```")]
#![cfg_attr(not(feature = "axum"), doc = "```ignore")]
//! use serde::Deserialize;
//! use vpc_errors::UpdateVpcError;
//! use vpc_errors::extract::{Json, Path};
//!
//! #[derive(Deserialize)]
//! struct VpcPath { project_id: String, vpc_id: String }
//! #[derive(Deserialize)]
//! struct UpdateVpc { vpc: VpcFields }
//! #[derive(Deserialize)]
//! struct VpcFields { name: Option<String> }
//!
//! async fn update_vpc(
//!     Path(path, _): Path<UpdateVpcError, VpcPath>,
//!     Json(body, _): Json<UpdateVpcError, UpdateVpc>,
//! ) -> Result<String, UpdateVpcError> {
//!     Ok(format!("{} {:?}", path.vpc_id, body.vpc.name))
//! }
//! # let _: axum::routing::MethodRouter = axum::routing::put(update_vpc);
//! ```

use std::borrow::Cow;
#[cfg(feature = "extract")]
use std::marker::PhantomData;

#[cfg(feature = "extract")]
mod auth;
#[cfg(feature = "extract")]
mod detail;
#[cfg(feature = "extract")]
mod parse;

#[cfg(feature = "actix-web")]
mod actix;
#[cfg(feature = "axum")]
mod axum;

#[cfg(feature = "extract")]
pub use auth::{Authenticate, Authenticated, Denied, Headers};
#[cfg(feature = "extract")]
pub use detail::{Detail, Rejection};

/// The rows answering a bad JSON body: generated from the operation's `body` role and its
/// fallbacks (`missing_field`, `body_too_large`, `content_type`).
#[diagnostic::on_unimplemented(
    message = "the catalogue names no row of `{Self}` for a bad request body",
    label = "this operation has no `body` role",
    note = "name the operation's row for an invalid parameter in catalogue.yaml: `roles: {{ body: <row> }}` under the operation; if the published table has none (`body: none`), the operation's body cannot be extracted as checked JSON"
)]
pub trait BodyRoles: Sized {
    /// A malformed, truncated, too deeply nested, non-UTF-8 or mistyped body.
    fn bad_body(field: Cow<'static, str>) -> Self;
    /// A body without a required field.
    fn missing_field(field: Cow<'static, str>) -> Self;
    /// A body over the limit.
    fn body_too_large(field: Cow<'static, str>) -> Self;
    /// A body whose `Content-Type` is not JSON.
    fn bad_content_type(field: Cow<'static, str>) -> Self;
}

/// The row answering a path parameter that does not parse: the operation's `path` role.
#[diagnostic::on_unimplemented(
    message = "the catalogue names no row of `{Self}` for an invalid path parameter",
    label = "this operation has no `path` role",
    note = "name the operation's row for an invalid id or parameter in catalogue.yaml: `roles: {{ path: <row> }}` under the operation; if the published table has none, take the parameters as `String`s and check them in the handler"
)]
pub trait PathRole: Sized {
    /// A path parameter that does not parse.
    fn bad_path(field: Cow<'static, str>) -> Self;
}

/// The row answering a query string that does not parse: the operation's `query` role.
#[diagnostic::on_unimplemented(
    message = "the catalogue names no row of `{Self}` for an invalid query parameter",
    label = "this operation has no `query` role",
    note = "name the operation's row for an invalid query parameter in catalogue.yaml: `roles: {{ query: <row> }}` under the operation"
)]
pub trait QueryRole: Sized {
    /// A query string that does not parse.
    fn bad_query(field: Cow<'static, str>) -> Self;
}

/// The common rows answering authentication failures: the common groups' `roles`.
#[diagnostic::on_unimplemented(
    message = "the catalogue names no common rows of `{Self}` for authentication failures",
    label = "no `unauthenticated`, `project_mismatch` and `forbidden` roles",
    note = "name them beside `common: true` in catalogue.yaml: `roles: {{ unauthenticated: <row>, project_mismatch: <row>, forbidden: <row> }}`"
)]
pub trait AuthRoles: Sized {
    /// No credentials, or credentials that are not valid.
    fn unauthenticated() -> Self;
    /// The project in the URL is not the credentials' project.
    fn project_mismatch() -> Self;
    /// Valid credentials without the right to do this.
    fn forbidden() -> Self;
}

/// The most body bytes the [`Json`] extractor reads when no [`BodyLimit`] is set: 1 MiB,
/// far above any request body of the VPC/EIP API (a few kilobytes at most).
pub const DEFAULT_BODY_LIMIT: usize = 1 << 20;

/// The most body bytes [`Json`] reads; more is answered with the `body_too_large` row.
///
/// axum: a request extension (`Router::layer(axum::Extension(BodyLimit(64 * 1024)))`);
/// actix-web: app data (`App::app_data(BodyLimit(64 * 1024))`). Without it,
/// [`DEFAULT_BODY_LIMIT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyLimit(pub usize);

/// A JSON body deserialized into `T`, every failure answered with a row of `E`, the
/// operation's error type: `Json(body, _): Json<CreateVpcError, CreateVpc>`.
///
/// Requires `Content-Type: application/json` (or `application/…+json`), reads at most the
/// [`BodyLimit`], and deserializes with `serde_json` (its recursion limit of 128 bounds
/// nesting), tracking the path of the field at fault.
#[cfg(feature = "extract")]
#[derive(Debug, Clone, Copy)]
pub struct Json<E, T>(pub T, pub PhantomData<fn() -> E>);

/// Path parameters deserialized into `T`, a struct whose fields are the route's parameter
/// names (`struct VpcPath { project_id: String, vpc_id: String }`): by name, never by
/// position. A parameter that does not parse is answered with `E`'s `path` row.
#[cfg(feature = "extract")]
#[derive(Debug, Clone, Copy)]
pub struct Path<E, T>(pub T, pub PhantomData<fn() -> E>);

/// The query string deserialized into `T` (`serde_urlencoded`); a parameter that does not
/// parse, or a required one missing, is answered with `E`'s `query` row.
#[cfg(feature = "extract")]
#[derive(Debug, Clone, Copy)]
pub struct Query<E, T>(pub T, pub PhantomData<fn() -> E>);

#[cfg(feature = "extract")]
macro_rules! extractor_common {
    ($name:ident) => {
        impl<E, T> $name<E, T> {
            /// The extracted value.
            pub fn into_inner(self) -> T {
                self.0
            }
        }

        impl<E, T> ::std::ops::Deref for $name<E, T> {
            type Target = T;

            fn deref(&self) -> &T {
                &self.0
            }
        }
    };
}

#[cfg(feature = "extract")]
extractor_common!(Json);
#[cfg(feature = "extract")]
extractor_common!(Path);
#[cfg(feature = "extract")]
extractor_common!(Query);
