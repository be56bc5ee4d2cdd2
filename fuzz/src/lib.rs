//! What the fuzz targets share: the wire message of a catalogue row rendered without the
//! crate's help (the integration tests' renderer, re-exported), and the split of a message
//! into template values by brute force, as the client documentation states the rule.

use vpc_errors::registry::{Piece, Template};
use vpc_errors::{MAX_VALUE_BYTES, TRUNCATION_MARK};

pub use vpc_errors_tests::{bounded, expected_message};

/// Whether rendering can write `value` into a message.
pub fn renderable(value: &str) -> bool {
    value.len() <= MAX_VALUE_BYTES
        || (value.len() <= MAX_VALUE_BYTES + TRUNCATION_MARK.len()
            && value.ends_with(TRUNCATION_MARK))
}

/// How `message` splits into `template`'s values.
#[derive(Debug)]
pub struct Splits {
    /// How many splits reproduce the message, counting stops at 2.
    pub count: u8,
    /// The split with the shortest first value, then the shortest second, …: the one
    /// decoding documents. `None` when there is none.
    pub first: Option<Vec<String>>,
}

/// Every split of `message` into `template`'s values, counted over each value's possible
/// ends (a dynamic programme over positions, with prefix sums so that each parameter costs
/// one pass over the message rather than one per possible length).
pub fn splits(template: &Template, message: &str) -> Splits {
    let pieces = template.pieces;
    let n = message.len();
    let width = n + 1;
    let max_rendered = MAX_VALUE_BYTES + TRUNCATION_MARK.len();
    // `ways[i * width + p]`: the splits of `message[p..]` by `pieces[i..]`, at most 2.
    let mut ways = vec![0u8; (pieces.len() + 1) * width];
    ways[pieces.len() * width + n] = 1;
    for (i, piece) in pieces.iter().enumerate().rev() {
        let (row, next) = ways.split_at_mut((i + 1) * width);
        let row = &mut row[i * width..];
        let next = &next[..width];
        match *piece {
            Piece::Text(t) => {
                for p in 0..=n {
                    if message.is_char_boundary(p) && message[p..].starts_with(t) {
                        row[p] = next[p + t.len()];
                    }
                }
            }
            Piece::Param(_) => {
                // `sum[q]`: the ways of `next` at the character boundaries before `q`.
                let mut sum = vec![0u32; width + 1];
                for q in 0..=n {
                    let here = if message.is_char_boundary(q) {
                        u32::from(next[q])
                    } else {
                        0
                    };
                    sum[q + 1] = sum[q] + here;
                }
                for p in 0..=n {
                    if !message.is_char_boundary(p) {
                        continue;
                    }
                    // Values of at most `MAX_VALUE_BYTES`: every end up to there.
                    let short_end = (p + MAX_VALUE_BYTES).min(n);
                    let mut total = sum[short_end + 1] - sum[p];
                    // Longer ones only when they end with the mark.
                    for q in short_end + 1..=(p + max_rendered).min(n) {
                        if message.is_char_boundary(q) && renderable(&message[p..q]) {
                            total += u32::from(next[q]);
                        }
                    }
                    row[p] = u8::try_from(total.min(2)).unwrap_or(2);
                }
            }
        }
    }
    let count = ways[0];
    if count == 0 {
        return Splits { count, first: None };
    }
    let mut values: Vec<Option<String>> = vec![None; template.params.len()];
    let mut p = 0;
    for (i, piece) in pieces.iter().enumerate() {
        match *piece {
            Piece::Text(t) => p += t.len(),
            Piece::Param(j) => {
                let q = (p..=(p + max_rendered).min(n))
                    .find(|&q| {
                        message.is_char_boundary(q)
                            && renderable(&message[p..q])
                            && ways[(i + 1) * width + q] > 0
                    })
                    .expect("a counted split has a shortest value");
                let slot = &mut values[usize::from(j)];
                if slot.is_none() {
                    *slot = Some(message[p..q].to_owned());
                }
                p = q;
            }
        }
    }
    Splits {
        count,
        first: values.into_iter().collect(),
    }
}

/// `text` as a JSON string with every character escaped as `\uXXXX` (surrogate pairs past
/// the Basic Multilingual Plane): the same string, spelled as differently as JSON allows.
pub fn json_all_escaped(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        let mut units = [0u16; 2];
        for unit in c.encode_utf16(&mut units) {
            out.push_str(&format!("\\u{unit:04x}"));
        }
    }
    out.push('"');
    out
}
