//! What `vpc-errors` and `vpc-errors-macros` must agree on, kept once: the shapes of an
//! error body and how one is written, JSON string escaping, message templates and their
//! limits, HTTP status names, and the edit distance behind every "did you mean".
//!
//! The proc macros use these facts when compiling (to prebuild static bodies, name status
//! variants, check templates) and the runtime crate when serving and decoding; were they
//! written twice, they would drift. This crate is an implementation detail of
//! `vpc-errors`: depend on that instead.

pub mod catalogue;
pub mod escape;
pub mod status;
pub mod suggest;
pub mod template;
pub mod wire;
