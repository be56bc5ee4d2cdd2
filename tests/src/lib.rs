//! Support shared by the integration tests in `tests/`: the list of generated error types,
//! and the expected message of a row rendered without the crate's help.

use vpc_errors::registry::Entry;
use vpc_errors::{MAX_VALUE_BYTES, TRUNCATION_MARK};

/// Calls `$m!` with every generated error type: `CommonError`, then one per operation in
/// the table's order. `tests/tests/client_round_trip.rs` checks the list against
/// `OPERATIONS`, so a new operation cannot go unchecked.
#[macro_export]
macro_rules! with_error_types {
    ($m:ident) => {
        $m! {
            CommonError,
            CreateVpcError,
            ShowVpcError,
            ListVpcsError,
            DeleteVpcError,
            UpdateVpcError,
            CreateSubnetError,
            ShowSubnetError,
            ListSubnetsError,
            DeleteSubnetError,
            UpdateSubnetError,
            CreatePublicipError,
            ShowPublicipError,
            ListPublicipsError,
            DeletePublicipError,
            UpdatePublicipError,
            ShowBandwidthError,
            ListBandwidthsError,
            UpdateBandwidthError,
            CreateSharedBandwidthError,
            AddPublicipsIntoSharedBandwidthError,
            RemovePublicipsFromSharedBandwidthError,
            ShowQuotaError,
            CreatePrivateipError,
            ShowPrivateipError,
            ListPrivateipsError,
            DeletePrivateipError,
            CreateSecurityGroupError,
            ShowSecurityGroupError,
            ListSecurityGroupsError,
            CreateSecurityGroupRuleError,
            ShowNetworkIpAvailabilitiesError,
            CreateFlowLogError,
            ListFlowLogsError,
            ShowFlowLogError,
            UpdateFlowLogError,
            DeleteFlowLogError
        }
    };
}

/// The documented bound: at most `MAX_VALUE_BYTES`, cut on a character boundary, then `…`.
#[must_use]
pub fn bounded(value: &str) -> String {
    if value.len() <= MAX_VALUE_BYTES {
        return value.to_owned();
    }
    let mut cut = MAX_VALUE_BYTES;
    while !value.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{TRUNCATION_MARK}", &value[..cut])
}

/// The row's message with `values` (in its parameters' order), rendered from its `{param}`
/// source without the crate's help.
///
/// # Panics
/// If the source is malformed or `values` is shorter than its parameters: test input only.
#[must_use]
pub fn expected_message<V: AsRef<str>>(entry: &Entry, values: &[V]) -> String {
    let mut out = String::new();
    let mut rest = entry.message.source;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
        } else {
            let end = tail.find('}').expect("a parameter is closed");
            let at = entry
                .message
                .params
                .iter()
                .position(|p| *p == &tail[1..end])
                .expect("a known parameter");
            out.push_str(&bounded(values[at].as_ref()));
            rest = &tail[end + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// The README's Rust examples, compiled and run as doctests so they cannot rot.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
