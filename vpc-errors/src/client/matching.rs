//! Matching a received message against a template and recovering its values.

use std::borrow::Cow;

use super::MAX_RENDERED_VALUE;
use crate::registry::{Piece, Template};
use crate::{MAX_VALUE_BYTES, TRUNCATION_MARK};

/// [`match_message`]'s values, as the variant's fields hold them.
pub(super) fn match_args(template: &Template, message: &str) -> Option<Vec<Cow<'static, str>>> {
    match single_param(template) {
        Some((before, after)) => {
            match_single(before, after, message).map(|v| vec![Cow::Owned(v.to_owned())])
        }
        None => match_general(template, message).map(owned_args),
    }
}

pub(super) fn owned_args(values: Vec<String>) -> Vec<Cow<'static, str>> {
    values.into_iter().map(Cow::Owned).collect()
}

/// Matches `message` against `template` and returns the parameter values, in the order of
/// [`Template::params`]; `None` if the message is not an instance of the template.
///
/// The rule is the one [described for decoding](crate::client#templates): every value is text that
/// rendering can produce (at most [`MAX_VALUE_BYTES`], or a cut value and
/// [`TRUNCATION_MARK`]), and of several splits the one with the shortest first value, then
/// the shortest second, is taken. Rendering the values through the template gives
/// `message` back. Each parameter is expected once, as `catalogue!` guarantees; a
/// hand-made template that repeats one matches only if the split taken gives every
/// occurrence the same value.
///
/// ```
/// use vpc_errors::client::match_message;
/// use vpc_errors::CATALOGUE;
///
/// let row = CATALOGUE.by_code("VPC.2302").next().unwrap();
/// let values = match_message(&row.message, "Network a could not be found. could not be found.");
/// assert_eq!(values.unwrap(), ["a could not be found."]);
/// assert_eq!(match_message(&row.message, "Network a is gone."), None);
/// ```
#[must_use]
pub fn match_message(template: &Template, message: &str) -> Option<Vec<String>> {
    match single_param(template) {
        Some((before, after)) => match_single(before, after, message).map(|v| vec![v.to_owned()]),
        None => match_general(template, message),
    }
}

/// [`match_message`] for any template.
pub(super) fn match_general(template: &Template, message: &str) -> Option<Vec<String>> {
    let pieces = template.pieces;
    let longest: usize = pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.len(),
            Piece::Param(_) => MAX_RENDERED_VALUE,
        })
        .sum();
    let n = message.len();
    if n > longest {
        return None;
    }
    // `fits[i * width + p]`: `pieces[i..]` match `message[p..]`. Filled from the end, it
    // lets the forward pass below pick each value's end without backtracking, and each row
    // takes one sweep, so the whole match is linear in pieces × length (bounded by
    // `longest`) even for a message built to make every split look possible.
    let width = n + 1;
    let mut fits = vec![false; (pieces.len() + 1) * width];
    fits[pieces.len() * width + n] = true;
    for (i, piece) in pieces.iter().enumerate().rev() {
        let (row, next) = fits.split_at_mut((i + 1) * width);
        let row = &mut row[i * width..];
        match *piece {
            Piece::Text(t) => {
                for (p, slot) in row.iter_mut().enumerate() {
                    *slot = message.as_bytes()[p..].starts_with(t.as_bytes()) && next[p + t.len()];
                }
            }
            Piece::Param(_) => {
                // The nearest end at or after `p` from which the rest matches: a value up to
                // MAX_VALUE_BYTES long ends there if it is in reach; only the few longer
                // ends (a cut value and its mark) need looking at one by one.
                let mut nearest = None;
                for p in (0..=n).rev() {
                    if next[p] && message.is_char_boundary(p) {
                        nearest = Some(p);
                    }
                    row[p] = message.is_char_boundary(p)
                        && (nearest.is_some_and(|q| q - p <= MAX_VALUE_BYTES)
                            || value_ends(message, p, MAX_VALUE_BYTES + 1).any(|q| next[q]));
                }
            }
        }
    }
    if !fits[0] {
        return None;
    }
    let mut values: Vec<Option<String>> = vec![None; template.params.len()];
    let mut p = 0;
    for (i, piece) in pieces.iter().enumerate() {
        match *piece {
            Piece::Text(t) => p += t.len(),
            Piece::Param(j) => {
                let next = &fits[(i + 1) * width..(i + 2) * width];
                let q = value_ends(message, p, 0).find(|&q| next[q])?;
                let value = &message[p..q];
                match values.get_mut(usize::from(j))? {
                    Some(seen) if seen.as_str() != value => return None,
                    slot => *slot = Some(value.to_owned()),
                }
                p = q;
            }
        }
    }
    values.into_iter().collect()
}

/// The fixed text before and after the parameter of a template with one parameter, used
/// once, which most are; `None` for other templates, which take the general match.
pub(super) fn single_param(template: &Template) -> Option<(&'static [Piece], &'static [Piece])> {
    let pieces = template.pieces;
    let at = pieces.iter().position(|p| matches!(p, Piece::Param(_)))?;
    let (before, after) = (&pieces[..at], &pieces[at + 1..]);
    let single = pieces[at] == Piece::Param(0)
        && template.params.len() == 1
        && after.iter().all(|p| matches!(p, Piece::Text(_)));
    single.then_some((before, after))
}

/// [`match_message`] for a template with one parameter: the fixed text `before` it must
/// start the message and the text `after` it end it, so the value is what lies between,
/// and the only question is whether rendering can write it.
pub(super) fn match_single<'m>(
    before: &[Piece],
    after: &[Piece],
    message: &'m str,
) -> Option<&'m str> {
    let text = |p: &Piece| match *p {
        Piece::Text(t) => t,
        Piece::Param(_) => "",
    };
    let mut value = message;
    for piece in before {
        value = value.strip_prefix(text(piece))?;
    }
    for piece in after.iter().rev() {
        value = value.strip_suffix(text(piece))?;
    }
    let renderable = value.len() <= MAX_VALUE_BYTES
        || (value.len() <= MAX_RENDERED_VALUE && value.ends_with(TRUNCATION_MARK));
    renderable.then_some(value)
}

/// The ends `q`, shortest first, for which `message[start..q]` is at least `min_len` bytes
/// and a value rendering can produce: at most [`MAX_VALUE_BYTES`], or up to
/// [`MAX_RENDERED_VALUE`] ending in the truncation mark.
fn value_ends(message: &str, start: usize, min_len: usize) -> impl Iterator<Item = usize> + '_ {
    let starts_a_char = message.is_char_boundary(start);
    let last = message.len().min(start + MAX_RENDERED_VALUE);
    (start + min_len..=last).filter(move |&q| {
        starts_a_char
            && message.is_char_boundary(q)
            && (q - start <= MAX_VALUE_BYTES || message[start..q].ends_with(TRUNCATION_MARK))
    })
}
