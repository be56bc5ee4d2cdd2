//! The wire contract of a catalogue, as a text to check in: every operation's (name,
//! code, statuses, message) and the body shape, one line each, so that a change clients
//! would notice fails a test until someone accepts it.
//!
//! Like rustc, which never removes an error code, a catalogue should only grow: a lock
//! makes every removal or rewording a decision rather than an accident.
//!
//! ```
//! use vpc_errors::contract;
//!
//! let lock = contract::lock(&vpc_errors::CATALOGUE);
//! assert!(lock.contains("\nDeletePublicip\tPublicipNotFound\tVPC.0504\t404\tFloating IP could not be found.\n"));
//! assert_eq!(contract::check(&vpc_errors::CATALOGUE, &lock), Ok(()));
//!
//! // A lock written when the message read otherwise: the catalogue no longer keeps it.
//! let older = lock.replace("Floating IP could not be found.", "Floating IP not found.");
//! let drift = contract::check(&vpc_errors::CATALOGUE, &older).unwrap_err();
//! assert_eq!(drift.removed[0], "DeletePublicip\tPublicipNotFound\tVPC.0504\t404\tFloating IP not found.");
//! assert_eq!(drift.removed.len(), 3); // DeletePublicip, ShowPublicip, UpdatePublicip
//! ```

use std::collections::BTreeSet;
use std::fmt::{self, Display, Write as _};

use crate::registry::Catalogue;

/// The lock's lines: the body shape first, then one line per operation an entry belongs
/// to (`Common` for the common errors): `operation <TAB> name <TAB> code <TAB> statuses
/// <TAB> message`, in table order.
#[must_use]
pub fn lines(catalogue: &Catalogue) -> Vec<String> {
    let mut lines = vec![format!(
        "@body\t{}\trequest_id={}",
        catalogue.wire.shape.name(),
        catalogue.wire.request_id
    )];
    for e in catalogue.entries {
        let statuses: Vec<String> = e.statuses.iter().map(u16::to_string).collect();
        let operations: &[&str] = if e.common { &["Common"] } else { e.operations };
        for op in operations {
            lines.push(format!(
                "{op}\t{}\t{}\t{}\t{}",
                e.name,
                e.code,
                statuses.join("/"),
                e.message.source
            ));
        }
    }
    lines
}

/// The whole lock file: a header saying what it is, then [`lines`].
#[must_use]
pub fn lock(catalogue: &Catalogue) -> String {
    let mut text = format!(
        "# The wire contract of the {} catalogue: body shape, then operation, name, code, statuses, message.\n\
         # Change it only deliberately: clients match on these bytes.\n",
        catalogue.service
    );
    for line in lines(catalogue) {
        text.push_str(&line);
        text.push('\n');
    }
    text
}

/// Whether `catalogue` keeps the contract written in `locked` (a [`lock`] text; `#`
/// lines and blank lines are ignored).
///
/// # Errors
/// The [`Drift`]: what was removed or changed, what is new, or that only the order moved.
pub fn check(catalogue: &Catalogue, locked: &str) -> Result<(), Drift> {
    let now = lines(catalogue);
    let locked: Vec<&str> = locked
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect();
    let locked_set: BTreeSet<&str> = locked.iter().copied().collect();
    let now_set: BTreeSet<&str> = now.iter().map(String::as_str).collect();
    let drift = Drift {
        removed: locked_set
            .difference(&now_set)
            .map(|s| (*s).to_owned())
            .collect(),
        added: now_set
            .difference(&locked_set)
            .map(|s| (*s).to_owned())
            .collect(),
        reordered: false,
    };
    if !drift.removed.is_empty() || !drift.added.is_empty() {
        return Err(drift);
    }
    if locked.iter().copied().ne(now.iter().map(String::as_str)) {
        return Err(Drift {
            reordered: true,
            ..drift
        });
    }
    Ok(())
}

/// How a catalogue differs from its lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    /// Locked lines the catalogue no longer has: removed, or their code, status or
    /// message changed. Clients match on these, so each breaks them.
    pub removed: Vec<String>,
    /// Lines of the catalogue the lock does not have yet.
    pub added: Vec<String>,
    /// The same lines, in another order.
    pub reordered: bool,
}

impl Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut report = String::new();
        if !self.removed.is_empty() {
            report.push_str(
                "These errors were removed, or their code, status, message or body shape changed. \
                 Clients match on these exact bytes, so this breaks them:\n",
            );
            for line in &self.removed {
                let _ = writeln!(report, "  - {line}");
            }
        }
        if !self.added.is_empty() {
            report.push_str("These errors are new or changed, and not yet in the lock:\n");
            for line in &self.added {
                let _ = writeln!(report, "  + {line}");
            }
        }
        if self.reordered {
            report.push_str("The same entries, in another order: rewrite the lock to re-sort.\n");
        }
        f.write_str(report.trim_end())
    }
}

impl std::error::Error for Drift {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CATALOGUE;

    #[test]
    fn every_row_is_locked_once_per_operation() {
        let lines = lines(&CATALOGUE);
        assert_eq!(lines[0], "@body\tcode_message\trequest_id=false");
        // 135 entries, the two shared-bandwidth rows counted for both operations.
        assert_eq!(lines.len(), 1 + 137);
    }

    #[test]
    fn drift_is_reported_both_ways_and_in_order() {
        let lock = lock(&CATALOGUE);
        let mut moved: Vec<&str> = lock.lines().collect();
        moved.swap(3, 4);
        let drift = check(&CATALOGUE, &moved.join("\n")).unwrap_err();
        assert!(drift.reordered && drift.removed.is_empty() && drift.added.is_empty());
        let shape = lock.replace("@body\tcode_message", "@body\terror_code");
        let drift = check(&CATALOGUE, &shape).unwrap_err();
        assert_eq!(drift.removed, ["@body\terror_code\trequest_id=false"]);
        assert_eq!(drift.added, ["@body\tcode_message\trequest_id=false"]);
        assert!(drift.to_string().contains("body shape changed"));
    }
}
