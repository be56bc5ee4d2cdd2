//! Support shared by the integration tests in `tests/`: the list of generated error types,
//! the expected message of a row rendered without the crate's help, and the one way a test
//! rewrites a checked-in expectation.

use std::env;
use std::fs;
use std::path::Path;

use vpc_errors::registry::Entry;

/// The documented bound on one template value in a message, in bytes (README,
/// "Responses"). Written out here, not imported: a change to the crate's bound must fail
/// the tests, not move their expectations along with it.
pub const VALUE_BOUND: usize = 256;

/// What follows a value cut at [`VALUE_BOUND`]: U+2026 HORIZONTAL ELLIPSIS, three bytes.
pub const CUT_MARK: &str = "\u{2026}";

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

/// The documented bound: at most [`VALUE_BOUND`] bytes, cut on a character boundary,
/// then [`CUT_MARK`].
#[must_use]
pub fn bounded(value: &str) -> String {
    if value.len() <= VALUE_BOUND {
        return value.to_owned();
    }
    let mut cut = VALUE_BOUND;
    while !value.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{CUT_MARK}", &value[..cut])
}

/// The row's message with `values` (in its parameters' order), rendered from its `{param}`
/// source without the crate's help.
///
/// # Panics
/// If the source is malformed or `values` is shorter than its parameters: test input only.
#[must_use]
pub fn expected_message<V: AsRef<str>>(entry: &Entry, values: &[V]) -> String {
    render(entry, values, bounded)
}

/// What an error's `Display` shows: `CODE: message`, each value cut as on the wire and then
/// made log-safe (control characters, line and paragraph separators and bidirectional
/// overrides as `\u{…}`), written here without the crate's help.
#[must_use]
pub fn expected_display<V: AsRef<str>>(entry: &Entry, values: &[V]) -> String {
    let message = render(entry, values, |v| log_safe(&bounded(v)));
    format!("{}: {message}", entry.code)
}

/// `text` with what could break or reorder a log line escaped as `\u{…}`.
#[must_use]
pub fn log_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            let breaks = c.is_control()
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            if breaks {
                format!("\\u{{{:x}}}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The message of `entry` with each value put through `value`.
fn render<V: AsRef<str>>(entry: &Entry, values: &[V], value: impl Fn(&str) -> String) -> String {
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
            out.push_str(&value(values[at].as_ref()));
            rest = &tail[end + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// Rewrites the checked-in expectation at `path` with `contents` when the environment
/// variable `var` is set (`UPDATE_GOLDEN`, `UPDATE_CONTRACT`, …), and then fails the test:
/// a rewrite is never a pass, so a variable left set in a shell cannot turn a check off.
/// Under CI (`CI` set) the rewrite is refused. Without `var` it does nothing, and the
/// caller compares.
///
/// # Panics
/// Whenever `var` is set: after writing ("written; rerun without …"), or at once under CI.
#[track_caller]
pub fn rewrite_if_requested(var: &str, path: &Path, contents: &str) {
    let requested = env::var_os(var).is_some();
    let ci = env::var_os("CI").is_some();
    if let Err(report) = rewrite(requested, ci, var, path, contents) {
        panic!("{report}");
    }
}

/// [`rewrite_if_requested`] with the environment read: `Err` is the failure to report.
fn rewrite(
    requested: bool,
    ci: bool,
    var: &str,
    path: &Path,
    contents: &str,
) -> Result<(), String> {
    if !requested {
        return Ok(());
    }
    if ci {
        return Err(format!(
            "{var} is set under CI: checked-in expectations are not rewritten there \
             ({} left as it is)",
            path.display()
        ));
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Err(format!(
        "{var} is set: {} written; review the diff, then rerun without {var} to check it",
        path.display()
    ))
}

/// The README's Rust examples, compiled and run as doctests so they cannot rot.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// The rows whose message has parameters: where random and hostile values go, so the
/// property tests draw mostly from these (uniformly, only about one case in nine would
/// carry a value).
#[must_use]
pub fn templated_entries() -> Vec<&'static Entry> {
    vpc_errors::ENTRIES
        .iter()
        .filter(|e| !e.message.params.is_empty())
        .collect()
}

/// The catalogue's row with the most parameters (six): `CreateFlowLog`'s `VPC.3004`,
/// which the property tests cover in every run.
///
/// # Panics
/// If that is no longer the row with the most parameters.
#[must_use]
pub fn six_parameter_entry() -> &'static Entry {
    let entry = vpc_errors::ENTRIES
        .iter()
        .max_by_key(|e| e.message.params.len())
        .expect("the catalogue has rows");
    assert_eq!(
        (entry.code, entry.name, entry.message.params.len()),
        ("VPC.3004", "FlowLogDuplicate", 6)
    );
    entry
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rewrite_never_passes_and_is_refused_under_ci() {
        let dir = env::temp_dir().join(format!("rewrite-helper-{}", std::process::id()));
        let path = dir.join("sub/expected.txt");
        let _ = fs::remove_dir_all(&dir);

        assert_eq!(rewrite(false, false, "UPDATE_X", &path, "new"), Ok(()));
        assert_eq!(rewrite(false, true, "UPDATE_X", &path, "new"), Ok(()));
        assert!(!path.exists());

        let refused = rewrite(true, true, "UPDATE_X", &path, "new").unwrap_err();
        assert!(refused.starts_with("UPDATE_X is set under CI"), "{refused}");
        assert!(!path.exists());

        let written = rewrite(true, false, "UPDATE_X", &path, "new").unwrap_err();
        assert!(written.contains("written"), "{written}");
        assert!(
            written.ends_with("rerun without UPDATE_X to check it"),
            "{written}"
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_bound_cuts_on_a_character_boundary_and_marks_the_cut() {
        assert_eq!(CUT_MARK.len(), 3);
        let exact = "a".repeat(256);
        assert_eq!(bounded(&exact), exact);
        assert_eq!(bounded(&"a".repeat(257)), format!("{exact}\u{2026}"));
        // 85 three-byte characters are 255 bytes; the 86th would cross 256.
        let han = "中".repeat(90);
        assert_eq!(bounded(&han), format!("{}\u{2026}", "中".repeat(85)));
    }
}
