//! Framework trait impls for every error type, generated or derived.
//!
//! Traits such as axum's `IntoResponse` are foreign, and so are the generic impls a blanket
//! `impl<E: VpcError>` would need, so each error type gets its own impls. The generator
//! and the derive call [`__integrations!`](crate::__integrations) once per type; which
//! impls it writes depends on *this* crate's features, so a user's crate gets exactly the
//! integrations it enabled on `vpc-errors`.

/// Implements every enabled framework integration for an error type.
#[doc(hidden)]
#[macro_export]
macro_rules! __integrations {
    ($ty:ty) => {
        $crate::__integration_axum!($ty);
        $crate::__integration_actix!($ty);
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
