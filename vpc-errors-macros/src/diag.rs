//! Diagnostics: the catalogue's problems as compile errors, and the phrasing every
//! reference error shares.
//!
//! A span cannot point into a YAML file, so each catalogue problem's message starts with
//! `path:LINE:COLUMN:`, which terminals and editors can follow.

use proc_macro2::{Span, TokenStream};
use quote::quote_spanned;

pub use vpc_errors_internals::catalogue::diag::{Problem, did_you_mean, one_of};

/// Renders catalogue problems as `compile_error!`s at `span`, each naming the file position.
pub fn catalogue_errors(display_path: &str, problems: &[Problem], span: Span) -> TokenStream {
    problems
        .iter()
        .map(|p| {
            let text = format!("{display_path}:{}: {}", p.at, p.message);
            quote_spanned!(span=> ::core::compile_error! { #text })
        })
        .collect()
}

pub use vpc_errors_internals::suggest::closest;
