//! Huawei Cloud VPC/EIP API errors as compile-time checked Rust types.
//!
//! The published error-code table lives in `catalogue.yaml`; at compile time it becomes:
//!
//! - one error enum per operation ([`DeletePublicipError`], [`ShowVpcError`], …) whose
//!   variants are that operation's rows plus the common ones, each documented with its
//!   status, code, message, description and remedy in Chinese and English;
//! - [`CommonError`], the errors every operation may return (`.into()` or `?` turns one
//!   into any operation's error);
//! - the static tables [`CATALOGUE`], [`ENTRIES`] and [`OPERATIONS`], queried through
//!   [`registry`].
//!
//! Every error implements [`VpcError`]: its code, status, message and the exact response
//! body the published API sends.
//!
//! ```
//! use vpc_errors::{DeletePublicipError, VpcError};
//!
//! let e = DeletePublicipError::PublicipNotFound;
//! assert_eq!(e.status(), 404);
//! assert_eq!(e.to_string(), "VPC.0504: Floating IP could not be found.");
//! assert_eq!(e.body(), r#"{"code":"VPC.0504","message":"Floating IP could not be found."}"#);
//! ```
//!
//! ## Responses
//!
//! [`ErrorResponse`] is any error's status, headers and body, independent of a framework;
//! [`AnyVpcError`] holds any operation's error; [`RequestId`] is an `X-Request-Id` fit to
//! echo. Each framework integration is a feature, off by default:
//!
//! | feature | gives |
//! | --- | --- |
//! | `http` | `http::Response` for hyper, tower and the rest of the `http` 1 world (module `http`) |
//! | `axum` | axum 0.8 `IntoResponse` for every error type, an `Option<RequestId>` extractor and an echo middleware (module `axum`; implies `http`) |
//! | `actix-web` | actix-web 4 `ResponseError` for every error type, `Responder` for `ErrorResponse`, and an echo middleware (module `actix`) |
//! | `observe` | an `ErrorInfo` extension on every error response, and a tower layer and an actix-web middleware that give every request an id and echo it (module `observe`) |
//! | `tracing` | `observe`, whose layer and middleware record one event per response, with a 5xx's source chain |
//! | `metrics` | `observe`, whose layer and middleware count error responses per operation, code and status |
//!
//! With `axum` or `actix-web`, [`extract`] has request extractors (`Json`, `Path`, `Query`,
//! `Authenticated`) scoped by an operation's error type: each rejection is the row the
//! catalogue's `roles:` name for it, fixed when compiling.
//!
//! ## Clients and API documentation
//!
//! | feature | gives |
//! | --- | --- |
//! | `client` | decoding a response (status and body bytes) back into an operation's typed error, unknown errors kept whole (module `client`; with `http`, also from an `http::Response`) |
//! | `utoipa` | utoipa 6 `IntoResponses` for every error type: each status with every code it can carry and an example body per code (module `openapi`) |
//!
//! ## Other catalogues at run time
//!
//! | feature | gives |
//! | --- | --- |
//! | `import` | a published error-code table (Markdown or HTML) turned into a catalogue that compiles (module `import`), and a catalogue file read and checked at run time into a registry [`registry::Catalogue`] (module `file`) |

// On docs.rs every item is badged with the feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

// The generated code names this crate by its public path, as it does in users' crates.
extern crate self as vpc_errors;

#[cfg(feature = "actix-web")]
pub mod actix;
mod any;
#[cfg(feature = "axum")]
pub mod axum;
#[cfg(feature = "client")]
pub mod client;
pub mod contract;
pub mod docs;
mod error;
pub mod extract;
#[cfg(feature = "import")]
pub mod file;
#[cfg(feature = "http")]
pub mod http;
#[cfg(feature = "import")]
pub mod import;
mod integrations;
mod json;
#[cfg(feature = "observe")]
pub mod observe;
#[cfg(feature = "utoipa")]
pub mod openapi;
pub mod registry;
mod request_id;
mod response;

pub use any::AnyVpcError;
pub use error::{FromParts, MAX_ARGS, Parts, TemplateValue, VpcError};
pub use json::{MAX_VALUE_BYTES, TRUNCATION_MARK};
#[cfg(feature = "observe")]
pub use observe::ErrorInfo;
pub use request_id::{MAX_REQUEST_ID_LEN, REQUEST_ID_HEADER, RequestId};
pub use response::{CONTENT_TYPE, ErrorResponse, RequestIdSlot, serve_dual_bodies};
pub use vpc_errors_macros::{VpcError, catalogue, vpc_error};
// What another catalogue's `__vpc_errors_catalogue!` hands references to.
#[doc(hidden)]
pub use vpc_errors_macros::{__derive_in, __vpc_error_in};

#[doc(hidden)]
#[path = "derive_support.rs"]
pub mod __derive;

#[doc(hidden)]
pub use integrations::__private;

vpc_errors_macros::catalogue!();

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;

    #[test]
    fn static_errors_borrow_their_text() {
        let e = ShowVpcError::NeutronError {
            status: Status404Or500::InternalServerError,
        };
        assert_eq!(e.status(), 500);
        assert_eq!(e.code(), "VPC.0105");
        assert!(matches!(e.message(), Cow::Borrowed("Neutron Error.")));
        assert!(matches!(e.body(), Cow::Borrowed(_)));
        assert_eq!(e.operation().unwrap().name, "ShowVpc");
    }

    #[test]
    fn templates_render_their_values() {
        let e = ShowNetworkIpAvailabilitiesError::NetworkNotFound {
            network_id: "net-\"1\"".into(),
        };
        assert_eq!(e.message(), "Network net-\"1\" could not be found.");
        assert_eq!(
            e.to_string(),
            "VPC.2302: Network net-\"1\" could not be found."
        );
        assert_eq!(
            e.body(),
            r#"{"code":"VPC.2302","message":"Network net-\"1\" could not be found."}"#
        );
    }

    #[test]
    fn values_are_rebuilt_from_their_parts() {
        let e = DeleteVpcError::InvalidParam {
            status: Status400Or404::NotFound,
            field: "vpc_id".into(),
        };
        let entry = e.entry();
        let back = DeleteVpcError::from_parts(entry, 404, vec!["vpc_id".into()]);
        assert_eq!(back, Some(e));
        assert_eq!(
            DeleteVpcError::from_parts(entry, 500, vec!["x".into()]),
            None
        );
        assert_eq!(DeleteVpcError::from_parts(entry, 404, vec![]), None);
        let not_ours = &ENTRIES[0];
        assert_eq!(
            ShowVpcError::from_parts(not_ours, 400, vec![]),
            Some(ShowVpcError::AvailabilityZoneMissing)
        );
        assert_eq!(DeleteVpcError::OPERATION.unwrap().name, "DeleteVpc");
    }

    #[test]
    fn common_errors_convert_into_every_operation() {
        let e: DeleteVpcError = CommonError::TokenInvalid.into();
        assert_eq!(e, DeleteVpcError::TokenInvalid);
        assert_eq!(e.status(), 401);
        assert!(CommonError::TokenInvalid.operation().is_none());
    }
}
