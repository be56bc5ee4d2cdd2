//! Proc macros behind [`vpc-errors`](https://docs.rs/vpc-errors): they read the error
//! catalogue at compile time and turn it into types, and check every reference to it.
//!
//! Use them through `vpc-errors`, which re-exports them and holds the types they name.
//!
//! The crate is split by phase: `load` finds and caches the file, `parse` reads its
//! shape, `validate` checks its meaning, `model` is what the generators see, and
//! `expand` writes the code.

mod diag;
mod expand;
mod load;
mod model;
mod parse;
mod template;
mod validate;

use proc_macro::TokenStream;
use syn::LitStr;

/// Generates the catalogue's types and tables where it is called.
///
/// `catalogue!()` reads the catalogue bundled with this crate; `catalogue!("path.yaml")`
/// reads another, relative to the calling crate's `Cargo.toml` directory. The expansion
/// holds `CATALOGUE`, `ENTRIES` and `OPERATIONS` (static tables), `CommonError`, one
/// `<Operation>Error` enum per operation, and a `Status…Or…` enum for each set of statuses
/// a row lists. Every problem in the file is reported as `file:LINE:COLUMN: what to fix`.
///
/// The calling crate must depend on `vpc-errors`, whose types the expansion names.
#[proc_macro]
pub fn catalogue(input: TokenStream) -> TokenStream {
    let path = if input.is_empty() {
        None
    } else {
        match syn::parse::<LitStr>(input) {
            Ok(lit) => Some(lit),
            Err(e) => {
                return syn::Error::new(
                    e.span(),
                    "expected the catalogue's path as a string, e.g. `catalogue!(\"errors.yaml\")`, or nothing for the bundled catalogue",
                )
                .to_compile_error()
                .into();
            }
        }
    };
    let span = path
        .as_ref()
        .map_or_else(proc_macro2::Span::call_site, LitStr::span);
    match load::load(path.as_ref().map(LitStr::value).as_deref()) {
        Ok(loaded) => expand::catalogue(&loaded, span).into(),
        Err(why) => syn::Error::new(span, why).to_compile_error().into(),
    }
}
