//! The trait impls every catalogue error type gets, whether `catalogue!` generated it or
//! `#[derive(VpcError)]` maps a user's enum: `VpcError`, `Display` (the wire text),
//! `std::error::Error` and the enabled framework integrations. Written once, so the two
//! kinds of type cannot drift apart.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// What differs between the types: how each variant maps to its row, which operation
/// the type belongs to, and where its source errors are.
pub struct ErrorType<'a> {
    pub ident: &'a Ident,
    /// `Self::Variant { .. } => ::vpc_errors::Parts::new(..)…,` per variant.
    pub parts_arms: Vec<TokenStream>,
    /// An `Option<&'static Operation>` expression.
    pub operation: TokenStream,
    /// `pattern => Some(source),` per variant with a source error; none for the
    /// generated types, which carry no sources.
    pub source_arms: Vec<TokenStream>,
    /// Whether every variant has a source arm (so `source` needs no fallback arm).
    pub all_have_sources: bool,
}

impl ErrorType<'_> {
    pub fn impls(&self) -> TokenStream {
        let ident = self.ident;
        let operation = &self.operation;
        let arms = &self.parts_arms;
        // An enum without variants (a catalogue without common errors gives an empty
        // `CommonError`) can only be matched as `*self`.
        let scrutinee = if arms.is_empty() {
            quote!(*self)
        } else {
            quote!(self)
        };
        let error = self.error_impl();
        quote! {
            impl ::vpc_errors::VpcError for #ident {
                fn parts(&self) -> ::vpc_errors::Parts<'_> {
                    match #scrutinee {
                        #(#arms)*
                    }
                }

                fn operation(&self) -> ::core::option::Option<&'static ::vpc_errors::registry::Operation> {
                    #operation
                }
            }

            impl ::core::fmt::Display for #ident {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    ::core::fmt::Display::fmt(&::vpc_errors::VpcError::parts(self), f)
                }
            }

            #error

            ::vpc_errors::__integrations!(#ident);
        }
    }

    /// `std::error::Error`, with `source()` when a variant has a source.
    fn error_impl(&self) -> TokenStream {
        let ident = self.ident;
        if self.source_arms.is_empty() {
            return quote!(impl ::std::error::Error for #ident {});
        }
        let arms = &self.source_arms;
        let rest = (!self.all_have_sources).then(|| quote!(_ => ::core::option::Option::None,));
        quote! {
            impl ::std::error::Error for #ident {
                fn source(&self) -> ::core::option::Option<&(dyn ::std::error::Error + 'static)> {
                    match self {
                        #(#arms)*
                        #rest
                    }
                }
            }
        }
    }
}
