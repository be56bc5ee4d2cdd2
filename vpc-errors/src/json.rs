//! Writing template values into messages and JSON bodies: escaped, and bounded in length.

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

/// A writer that escapes what passes through it as the inside of a JSON string, as
/// `serde_json` does: `"`, `\` and control characters escaped, all else as is.
pub(crate) struct JsonEscaped<'w>(pub &'w mut dyn Write);

impl Write for JsonEscaped<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let mut plain = 0;
        for (i, b) in s.bytes().enumerate() {
            let escape = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..0x20 => "",
                _ => continue,
            };
            self.0.write_str(&s[plain..i])?;
            if escape.is_empty() {
                write!(self.0, "\\u{b:04x}")?;
            } else {
                self.0.write_str(escape)?;
            }
            plain = i + 1;
        }
        self.0.write_str(&s[plain..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(s: &str) -> String {
        let mut out = String::new();
        JsonEscaped(&mut out).write_str(s).unwrap();
        out
    }

    #[test]
    fn escapes_exactly_like_serde_json() {
        for s in [
            "plain",
            "q\"b\\s",
            "\n\r\t\u{8}\u{c}\u{0}\u{1f}",
            "é中😀\u{202e}",
            "\u{7f}",
        ] {
            let expected = serde_json::to_string(s).unwrap();
            assert_eq!(format!("\"{}\"", escaped(s)), expected, "{s:?}");
        }
    }

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
