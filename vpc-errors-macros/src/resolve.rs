//! Resolving a reference to the catalogue (`DeletePublicip::PublicipNotFound`,
//! `DeletePublicip, "VPC.0504"`, a status, template values) to one entry, with the
//! diagnostics that `vpc_error!` and `#[derive(VpcError)]` share.

use std::fmt::Write as _;

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::{Ident, LitInt, LitStr};

use crate::diag::{closest, did_you_mean, one_of};
use crate::expand::{status_enum_name, status_variant};
use crate::model::{Catalogue, Entry};

/// The name that stands for the common errors in a reference: `Common::TokenInvalid`.
pub const COMMON: &str = "Common";

/// Which error of the operation: by variant name or by wire code.
pub enum Target {
    Name(Ident),
    Code(LitStr),
}

/// An operation of the catalogue, or the common errors.
#[derive(Clone, Copy)]
pub enum Scope {
    Operation(usize),
    Common,
}

/// A reference resolved to one entry and one status.
pub struct Resolved<'c> {
    pub scope: Scope,
    pub index: usize,
    pub entry: &'c Entry,
    pub status: u16,
}

pub fn scope(c: &Catalogue, operation: &Ident) -> syn::Result<Scope> {
    let name = operation.to_string();
    if name == COMMON {
        return Ok(Scope::Common);
    }
    if let Some((i, _)) = c.operation(&name) {
        return Ok(Scope::Operation(i));
    }
    let names = c
        .operations
        .iter()
        .map(|o| o.name.value.as_str())
        .chain([COMMON]);
    let hint = closest(&name, names);
    let fix = if hint.is_empty() {
        let examples: Vec<String> = c
            .operations
            .iter()
            .take(2)
            .map(|o| format!("`{}`", o.name.value))
            .collect();
        format!(
            "; operations are named as in the cloud's API ({}, …), and `Common` holds the errors every operation shares",
            examples.join(", ")
        )
    } else {
        did_you_mean(&hint)
    };
    Err(syn::Error::new(
        operation.span(),
        format!("unknown operation `{name}`{fix}"),
    ))
}

impl Scope {
    pub fn name(self, c: &Catalogue) -> &str {
        match self {
            Scope::Operation(o) => &c.operations[o].name.value,
            Scope::Common => COMMON,
        }
    }

    /// The entries a value of this scope's type can be, in variant order.
    pub fn entries(self, c: &Catalogue) -> Vec<usize> {
        match self {
            Scope::Operation(o) => c.entries_of(o).collect(),
            Scope::Common => c.common_entries().collect(),
        }
    }

    /// The generated type: `::vpc_errors::DeletePublicipError`.
    pub fn type_path(self, c: &Catalogue, items: &TokenStream, span: Span) -> TokenStream {
        let ty = match self {
            Scope::Operation(o) => {
                format_ident!("{}Error", c.operations[o].name.value, span = span)
            }
            Scope::Common => format_ident!("CommonError", span = span),
        };
        let items = respan(items, span);
        quote_spanned!(span=> #items::#ty)
    }
}

/// `tokens` with every token at `span`: a path to generated items that points at the
/// user's reference, so type errors underline it rather than the whole macro call.
fn respan(tokens: &TokenStream, span: Span) -> TokenStream {
    tokens
        .clone()
        .into_iter()
        .map(|mut tree| {
            tree.set_span(span);
            tree
        })
        .collect()
}

/// The path to the items `catalogue!` generated for the bundled catalogue. Another
/// catalogue's items are where the reference's module path says.
pub fn bundled_items() -> TokenStream {
    quote!(::vpc_errors)
}

/// Resolves `target` within `scope`, choosing among a code's rows with `status` when given.
pub fn entry<'c>(
    c: &'c Catalogue,
    scope: Scope,
    target: &Target,
    status: Option<&LitInt>,
) -> syn::Result<Resolved<'c>> {
    let candidates = scope.entries(c);
    let scope_name = scope.name(c);
    let index = match target {
        Target::Name(name) => by_name(c, scope_name, &candidates, name)?,
        Target::Code(code) => by_code(c, scope_name, &candidates, code, status)?,
    };
    let entry = &c.entries[index];
    let status = self::status(entry, scope_name, target, status)?;
    Ok(Resolved {
        scope,
        index,
        entry,
        status,
    })
}

fn by_name(c: &Catalogue, scope: &str, candidates: &[usize], name: &Ident) -> syn::Result<usize> {
    let wanted = name.to_string();
    if let Some(&i) = candidates
        .iter()
        .find(|&&i| c.entries[i].name.value == wanted)
    {
        return Ok(i);
    }
    let names = candidates.iter().map(|&i| c.entries[i].name.value.as_str());
    let mut message = format!("`{scope}` has no error named `{wanted}`");
    message.push_str(&did_you_mean(&closest(&wanted, names)));
    let elsewhere: Vec<&str> = c
        .operations
        .iter()
        .enumerate()
        .filter(|&(o, _)| {
            c.own_entries(o)
                .iter()
                .any(|&i| c.entries[i].name.value == wanted)
        })
        .map(|(_, op)| op.name.value.as_str())
        .collect();
    if !elsewhere.is_empty() {
        let _ = write!(
            message,
            "\n`{wanted}` is an error of {}; an operation can only return its own errors and the common ones",
            one_of(&elsewhere)
        );
    }
    Err(syn::Error::new(name.span(), message))
}

fn by_code(
    c: &Catalogue,
    scope: &str,
    candidates: &[usize],
    code: &LitStr,
    status: Option<&LitInt>,
) -> syn::Result<usize> {
    let wanted = code.value();
    let rows: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|&i| c.entries[i].code.value == wanted)
        .collect();
    if rows.is_empty() {
        return Err(syn::Error::new(
            code.span(),
            unknown_code(c, scope, candidates, &wanted),
        ));
    }
    if let [only] = rows.as_slice() {
        return Ok(*only);
    }
    // Several rows share the code: a status picks one if it is listed by exactly one.
    if let Some(status) = status.and_then(|s| s.base10_parse::<u16>().ok()) {
        let matching: Vec<usize> = rows
            .iter()
            .copied()
            .filter(|&i| c.entries[i].statuses.value.contains(&status))
            .collect();
        if let [only] = matching.as_slice() {
            return Ok(*only);
        }
    }
    let listed: Vec<String> = rows
        .iter()
        .map(|&i| {
            let e = &c.entries[i];
            format!(
                "\n  `{scope}::{}` ({}): {}",
                e.name.value,
                statuses_text(&e.statuses.value),
                e.message.value.source
            )
        })
        .collect();
    let first = &c.entries[rows[0]];
    Err(syn::Error::new(
        code.span(),
        format!(
            "`{wanted}` is ambiguous in `{scope}`: {} rows have it:{}\nname the one you mean, e.g. `vpc_error!({scope}::{}, ..)`, or pick it by status: `vpc_error!({scope}, \"{wanted}\", status = {}, ..)`",
            rows.len(),
            listed.concat(),
            first.name.value,
            first.statuses.value[0],
        ),
    ))
}

fn unknown_code(c: &Catalogue, scope: &str, candidates: &[usize], wanted: &str) -> String {
    let users: Vec<&str> = c
        .operations
        .iter()
        .enumerate()
        .filter(|&(o, _)| {
            c.own_entries(o)
                .iter()
                .any(|&i| c.entries[i].code.value == wanted)
        })
        .map(|(_, op)| op.name.value.as_str())
        .collect();
    if !users.is_empty() {
        let mut own: Vec<&str> = candidates
            .iter()
            .map(|&i| c.entries[i].code.value.as_str())
            .collect();
        own.dedup();
        return format!(
            "`{scope}` has no error with code `{wanted}`; it is an error of {}\n`{scope}` can return {}",
            one_of(&users),
            one_of(&own)
        );
    }
    // The operation's own codes first: on a tie, what it can return is the likelier fix.
    let own = candidates.iter().map(|&i| c.entries[i].code.value.as_str());
    let all = own.chain(c.entries.iter().map(|e| e.code.value.as_str()));
    let hint = closest(wanted, all);
    if hint.is_empty() {
        let example = c
            .entries
            .first()
            .map_or("VPC.0504", |e| e.code.value.as_str());
        format!("no error in the catalogue has code `{wanted}`; codes look like `{example}`")
    } else {
        format!(
            "no error in the catalogue has code `{wanted}`{}",
            did_you_mean(&hint)
        )
    }
}

fn status(entry: &Entry, scope: &str, target: &Target, given: Option<&LitInt>) -> syn::Result<u16> {
    let statuses = &entry.statuses.value;
    let what = format!("`{scope}::{}`", entry.name.value);
    let Some(given) = given else {
        if let [only] = statuses.as_slice() {
            return Ok(*only);
        }
        let span = match target {
            Target::Name(n) => n.span(),
            Target::Code(c) => c.span(),
        };
        let options: Vec<String> = statuses.iter().map(|s| format!("status = {s}")).collect();
        let options: Vec<&str> = options.iter().map(String::as_str).collect();
        return Err(syn::Error::new(
            span,
            format!(
                "{what} is answered with {}: say which with {}",
                statuses_text(statuses),
                one_of(&options)
            ),
        ));
    };
    let value = given.base10_parse::<u16>()?;
    if statuses.contains(&value) {
        Ok(value)
    } else {
        Err(syn::Error::new(
            given.span(),
            format!(
                "{what} is answered with {}, not {value}; the status of a response is the table's",
                statuses_text(statuses)
            ),
        ))
    }
}

/// Checks the template values a reference gives against the entry's parameters:
/// none missing, none unknown, none twice. `given` are the parameter names as written.
pub fn params(
    resolved: &Resolved<'_>,
    scope: &str,
    given: &[Ident],
    missing_span: Span,
    missing_hint: &str,
) -> syn::Result<()> {
    let entry = resolved.entry;
    let wanted = entry.params();
    let what = format!("`{scope}::{}`", entry.name.value);
    let mut errors: Vec<syn::Error> = Vec::new();
    for (i, name) in given.iter().enumerate() {
        let n = name.to_string();
        if wanted.is_empty() {
            errors.push(syn::Error::new(
                name.span(),
                format!(
                    "{what} takes no parameters: its message is fixed (`{}`); remove `{n}`",
                    entry.message.value.source
                ),
            ));
        } else if given[..i].iter().any(|g| *g == n) {
            errors.push(syn::Error::new(
                name.span(),
                format!("`{n}` is given twice; give each parameter once"),
            ));
        } else if !wanted.contains(&n) {
            let hint = closest(&n, wanted.iter().map(String::as_str));
            let names: Vec<&str> = wanted.iter().map(String::as_str).collect();
            let fix = if hint.is_empty() {
                format!("; its parameters are {}", one_of(&names))
            } else {
                did_you_mean(&hint)
            };
            errors.push(syn::Error::new(
                name.span(),
                format!(
                    "{what} has no parameter `{n}`{fix} (its message is `{}`)",
                    entry.message.value.source
                ),
            ));
        }
    }
    let missing: Vec<&str> = wanted
        .iter()
        .filter(|w| !given.iter().any(|g| g == w.as_str()))
        .map(String::as_str)
        .collect();
    // An unknown name is most likely a misspelt one, already reported with the right name.
    if !missing.is_empty() && errors.is_empty() {
        let add: Vec<String> = missing.iter().map(|m| format!("{m} = …")).collect();
        errors.push(syn::Error::new(
            missing_span,
            format!(
                "{what} needs {} for its message `{}`: add `{}`{missing_hint}",
                if missing.len() == 1 {
                    format!("the parameter `{}`", missing[0])
                } else {
                    format!("the parameters {}", one_of(&missing))
                },
                entry.message.value.source,
                add.join(", ")
            ),
        ));
    }
    let mut errors = errors.into_iter();
    match errors.next() {
        None => Ok(()),
        Some(mut first) => {
            first.extend(errors);
            Err(first)
        }
    }
}

/// `404/500`, `409`.
pub fn statuses_text(statuses: &[u16]) -> String {
    statuses
        .iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join("/")
}

/// The value of the variant's `status` field: `::vpc_errors::Status404Or500::NotFound`.
pub fn status_value(entry: &Entry, status: u16, items: &TokenStream, span: Span) -> TokenStream {
    let ty = status_enum_name(&entry.statuses.value);
    let variant = status_variant(status);
    let items = respan(items, span);
    quote_spanned!(span=> #items::#ty::#variant)
}

/// `::vpc_errors::DeletePublicipError::PublicipNotFound`, with the user's span on the
/// variant so editors jump to its documentation.
pub fn variant_path(
    c: &Catalogue,
    items: &TokenStream,
    resolved: &Resolved<'_>,
    span: Span,
) -> TokenStream {
    let ty = resolved.scope.type_path(c, items, span);
    let variant = Ident::new(&resolved.entry.name.value, span);
    quote!(#ty::#variant)
}
