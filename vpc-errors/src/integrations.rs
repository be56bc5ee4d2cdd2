//! Framework trait impls for every error type, generated or derived.
//!
//! Traits such as axum's `IntoResponse` are foreign, and so are the generic impls a blanket
//! `impl<E: VpcError>` would need, so each error type gets its own impls. The generator
//! and the derive call [`__integrations!`](crate::__integrations) once per type; which
//! impls it writes depends on *this* crate's features, so a user's crate gets exactly the
//! integrations it enabled on `vpc-errors`.
//!
//! The impls name the framework crates through [`__private`], so a user's crate needs no
//! dependency of its own on them, and each impl body is one call into the integration's
//! module: the logic lives (and is tested) once, in this crate.

/// Implements every enabled framework integration for an error type.
#[doc(hidden)]
#[macro_export]
macro_rules! __integrations {
    ($ty:ty) => {
        $crate::__integration_any!($ty);
        $crate::__integration_axum!($ty);
        $crate::__integration_actix!($ty);
        $crate::__integration_utoipa!($ty);
    };
}

/// What the expansions name: the framework crates, at the versions this crate was built
/// with, and the conversion helpers.
#[doc(hidden)]
pub mod __private {
    pub use crate::any::erase::{DropSource, Erase, KeepSource};
    #[cfg(feature = "actix-web")]
    pub use ::actix_web;
    #[cfg(feature = "axum")]
    pub use ::axum;
}

/// `From<T> for AnyVpcError`. A blanket `impl<E: VpcError> From<E>` would overlap the
/// reflexive `From<AnyVpcError>`, since `AnyVpcError` is a `VpcError` too.
#[doc(hidden)]
#[macro_export]
macro_rules! __integration_any {
    ($ty:ty) => {
        impl ::core::convert::From<$ty> for $crate::AnyVpcError {
            fn from(error: $ty) -> Self {
                // Only one of the two applies to a given type; see `Erase`.
                #[allow(unused_imports)]
                use $crate::__private::{DropSource as _, KeepSource as _};
                $crate::__private::Erase(error).erase()
            }
        }
    };
}

#[cfg(feature = "axum")]
#[doc(hidden)]
#[macro_export]
macro_rules! __integration_axum {
    ($ty:ty) => {
        impl $crate::__private::axum::response::IntoResponse for $ty {
            fn into_response(self) -> $crate::__private::axum::response::Response {
                $crate::axum::into_response(&self)
            }
        }
    };
}

#[cfg(feature = "actix-web")]
#[doc(hidden)]
#[macro_export]
macro_rules! __integration_actix {
    ($ty:ty) => {
        impl $crate::__private::actix_web::ResponseError for $ty {
            fn status_code(&self) -> $crate::__private::actix_web::http::StatusCode {
                $crate::actix::status_code(self)
            }

            fn error_response(&self) -> $crate::__private::actix_web::HttpResponse {
                $crate::actix::error_response(self)
            }
        }
    };
}

#[cfg(not(feature = "axum"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __integration_axum {
    ($ty:ty) => {};
}

#[cfg(not(feature = "actix-web"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __integration_actix {
    ($ty:ty) => {};
}

// The `utoipa` arm itself is in `openapi.rs`, beside the code it calls.
#[cfg(not(feature = "utoipa"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __integration_utoipa {
    ($ty:ty) => {};
}
