//! Writing template values into messages and JSON bodies, bounded in length (escaping is
//! `vpc_errors_internals::escape`, shared with the macros).

use std::fmt::{self, Write};

/// The most bytes of one template value that reach a message. A longer value is cut at
/// the last character boundary within the limit and followed by `…` (U+2026), so a
/// hostile or runaway value cannot blow up a response.
pub const MAX_VALUE_BYTES: usize = 256;

/// The marker written after a value cut at [`MAX_VALUE_BYTES`].
pub const TRUNCATION_MARK: &str = "…";

/// Writes `value` through `out`, at most [`MAX_VALUE_BYTES`] of it.
pub(crate) fn write_bounded(out: &mut dyn Write, value: &dyn fmt::Display) -> fmt::Result {
    let mut bounded = Bounded {
        inner: out,
        remaining: MAX_VALUE_BYTES,
        truncated: false,
        failed: false,
    };
    // A `Display` that fails midway leaves what it wrote; the message stays well-formed.
    let _ = write!(bounded, "{value}");
    if bounded.failed {
        return Err(fmt::Error);
    }
    if bounded.truncated {
        bounded.inner.write_str(TRUNCATION_MARK)?;
    }
    Ok(())
}

struct Bounded<'w> {
    inner: &'w mut dyn Write,
    remaining: usize,
    truncated: bool,
    failed: bool,
}

impl Write for Bounded<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if self.truncated {
            return Ok(());
        }
        let cut = if s.len() <= self.remaining {
            s.len()
        } else {
            self.truncated = true;
            (0..=self.remaining)
                .rev()
                .find(|&i| s.is_char_boundary(i))
                .unwrap_or(0)
        };
        self.remaining -= cut;
        self.inner
            .write_str(&s[..cut])
            .inspect_err(|_| self.failed = true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_on_a_char_boundary() {
        let long = "é".repeat(MAX_VALUE_BYTES); // 2 bytes each
        let mut out = String::new();
        write_bounded(&mut out, &long).unwrap();
        assert!(out.ends_with(TRUNCATION_MARK));
        let kept = out.strip_suffix(TRUNCATION_MARK).unwrap();
        assert_eq!(kept.len(), MAX_VALUE_BYTES);
        let mut short = String::new();
        write_bounded(&mut short, &"abc").unwrap();
        assert_eq!(short, "abc");
        let mut exact = String::new();
        write_bounded(&mut exact, &"x".repeat(MAX_VALUE_BYTES)).unwrap();
        assert_eq!(exact.len(), MAX_VALUE_BYTES);
    }
}
