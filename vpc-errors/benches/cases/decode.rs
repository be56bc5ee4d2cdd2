//! The decoding cases of figure 4, shared by `decode.rs` (timed) and `allocations.rs`
//! (counted).
//!
//! Ours does more than the baseline: it checks the body's shape, finds the catalogue row by
//! code, status and message, recovers template values and builds the typed error. The
//! baseline only parses.

use std::hint::black_box;

use serde::Deserialize;
use vpc_errors::client::{DecodeError, Decoded, decode};
use vpc_errors::{DeletePublicipError, ShowNetworkIpAvailabilitiesError};

/// A static error's body (`DeletePublicip`, 404).
pub const STATIC_BODY: &[u8] =
    br#"{"code":"VPC.0504","message":"Floating IP could not be found."}"#;

/// The static error's body spelled otherwise (members reordered, spaced): valid, but not
/// what the crate writes, so decoding takes the JSON parser rather than the canonical path.
pub const STATIC_BODY_SPACED: &[u8] =
    br#"{ "message": "Floating IP could not be found.", "code": "VPC.0504" }"#;

/// A templated error's body (`ShowNetworkIpAvailabilities`, 400).
pub const TEMPLATED_BODY: &[u8] = br#"{"code":"VPC.2302","message":"Network 5e8f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b could not be found."}"#;

/// The baseline's body type, as a client writes it to keep the error.
#[derive(Deserialize)]
#[allow(
    dead_code,
    reason = "parsed, as a client would, but not read by the benchmarks"
)]
pub struct ErrorBody {
    /// The wire code.
    pub code: String,
    /// The wire message.
    pub message: String,
}

/// Ours, a static error.
pub fn static_ours() -> Result<Decoded<DeletePublicipError>, DecodeError> {
    decode(black_box(404), black_box(STATIC_BODY))
}

/// Ours, the static error spelled otherwise.
pub fn static_spaced_ours() -> Result<Decoded<DeletePublicipError>, DecodeError> {
    decode(black_box(404), black_box(STATIC_BODY_SPACED))
}

/// Ours, a templated error.
pub fn templated_ours() -> Result<Decoded<ShowNetworkIpAvailabilitiesError>, DecodeError> {
    decode(black_box(400), black_box(TEMPLATED_BODY))
}

/// The baseline: `serde_json::from_slice` into the struct.
pub fn baseline(body: &[u8]) -> serde_json::Result<ErrorBody> {
    serde_json::from_slice(black_box(body))
}
