//! JSON string escaping, exactly as `serde_json` writes strings: `"`, `\` and control
//! characters escaped, everything else (non-ASCII included) as is.

use std::fmt::{self, Write};

/// A writer that escapes what passes through it as the inside of a JSON string.
///
/// Text is scanned eight bytes at a time for a byte to escape and copied in runs: a body is
/// mostly plain text, and this is the hot loop of rendering a templated error.
pub struct JsonEscaped<W>(pub W);

impl<W: Write> Write for JsonEscaped<W> {
    #[inline]
    fn write_str(&mut self, s: &str) -> fmt::Result {
        match next_escape(s.as_bytes(), 0) {
            None => self.0.write_str(s),
            Some(first) => self.write_escaping(s, first),
        }
    }
}

impl<W: Write> JsonEscaped<W> {
    /// Writes `s`, whose first byte to escape is at `first`.
    #[inline(never)]
    fn write_escaping(&mut self, s: &str, first: usize) -> fmt::Result {
        let bytes = s.as_bytes();
        let mut plain = 0;
        let mut next = Some(first);
        while let Some(i) = next {
            self.0.write_str(&s[plain..i])?;
            let b = bytes[i];
            let escape = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                _ => "",
            };
            if escape.is_empty() {
                write!(self.0, "\\u{b:04x}")?;
            } else {
                self.0.write_str(escape)?;
            }
            plain = i + 1;
            next = next_escape(bytes, plain);
        }
        self.0.write_str(&s[plain..])
    }
}

/// A writer that makes text safe for a log line or a terminal: control characters (a
/// newline among them), line and paragraph separators and bidirectional overrides are
/// written as `\u{…}` escapes, so a
/// value cannot forge a log line or reorder what a terminal shows; everything else
/// passes as is.
pub struct LogSafe<W>(pub W);

impl<W: Write> Write for LogSafe<W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let unsafe_char = |c: char| {
            c.is_control()
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        };
        let mut rest = s;
        while let Some((at, c)) = rest.char_indices().find(|&(_, c)| unsafe_char(c)) {
            self.0.write_str(&rest[..at])?;
            write!(self.0, "{}", c.escape_unicode())?;
            rest = &rest[at + c.len_utf8()..];
        }
        self.0.write_str(rest)
    }
}

/// `s` escaped as the inside of a JSON string.
#[must_use]
pub fn escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Writing to a `String` cannot fail.
    let _ = JsonEscaped(&mut out).write_str(s);
    out
}

/// Whether JSON needs `b` escaped inside a string.
#[inline]
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// The index of the first byte at or after `from` that JSON needs escaped.
#[inline]
#[must_use]
pub fn next_escape(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    /// The high bit of some byte is set if and only if a byte of `w` is zero.
    fn zero_byte(w: u64) -> u64 {
        w.wrapping_sub(ONES) & !w & HIGH
    }
    /// Whether one of the eight bytes needs escaping: a byte below 0x20 (bytes of 0x80
    /// and up, UTF-8, are masked out by `!w`), a `"`, a `\`. Each test is exact about
    /// whether the word has such a byte, though not about which.
    fn needs_any(chunk: [u8; 8]) -> bool {
        let w = u64::from_le_bytes(chunk);
        let control = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
        let quote = zero_byte(w ^ (ONES * u64::from(b'"')));
        let backslash = zero_byte(w ^ (ONES * u64::from(b'\\')));
        control | quote | backslash != 0
    }
    let mut i = from;
    while let Some(&chunk) = bytes.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        if needs_any(chunk) {
            return first_escape(bytes, i);
        }
        i += 8;
    }
    // Fewer than eight bytes left: none, or all clean if the last eight of the text (some
    // of them seen already) are.
    if i >= bytes.len() {
        return None;
    }
    if let Some(&last) = bytes.last_chunk::<8>()
        && !needs_any(last)
    {
        return None;
    }
    first_escape(bytes, i)
}

/// [`next_escape`], a byte at a time.
#[inline]
fn first_escape(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    rest.iter().position(|&b| needs_escape(b)).map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_safe_text_cannot_break_a_line() {
        let mut out = String::new();
        LogSafe(&mut out)
            .write_str("a\nFAKE\r\u{1b}[31m \u{202e}\u{2028}é中")
            .unwrap();
        assert_eq!(out, "a\\u{a}FAKE\\u{d}\\u{1b}[31m \\u{202e}\\u{2028}é中");
    }

    #[test]
    fn escapes_exactly_like_serde_json() {
        for s in [
            "plain",
            "q\"b\\s",
            "\n\r\t\u{8}\u{c}\u{0}\u{1f}",
            "é中😀\u{202e}",
            "\u{7f}",
            // Long enough for the eight-byte scan.
            "Network 5e8f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b could not be found.",
            "0123456\"89abcdef\\0123\u{1f}é\n",
            "01234567\"9abcdef0\u{0}23456789abcdef\u{7f}\u{80}\u{ff}",
        ] {
            let expected = serde_json::to_string(s).unwrap();
            assert_eq!(format!("\"{}\"", escaped(s)), expected, "{s:?}");
        }
    }

    #[test]
    fn every_byte_is_escaped_in_every_position_of_a_word() {
        for b in 0..=0x7f_u8 {
            for at in 0..20 {
                for len in [at + 1, at + 9, 24] {
                    let mut s = "x".repeat(len);
                    s.replace_range(at..=at, char::from(b).encode_utf8(&mut [0; 4]));
                    let expected = serde_json::to_string(&s).unwrap();
                    assert_eq!(format!("\"{}\"", escaped(&s)), expected, "{s:?}");
                }
            }
        }
    }
}
