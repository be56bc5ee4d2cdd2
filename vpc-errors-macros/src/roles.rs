//! The row each request failure is answered with, as trait impls on the error types.
//!
//! For the roles an operation's `roles:` names (or reaches by their fallback), its error
//! type gets the extractor's trait from `vpc_errors::extract`, one function per role
//! building the row:
//!
//! ```text
//! impl ::vpc_errors::extract::PathRole for UpdateVpcError {
//!     fn bad_path(field: Cow<'static, str>) -> Self {
//!         Self::InvalidParam { field }
//!     }
//! }
//! ```
//!
//! So an extractor's rejection is fixed when compiling, and an extractor for a role the
//! operation lacks does not compile (the trait's `on_unimplemented` names the fix).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::expand::{status_enum_name, status_variant};
use crate::model::{Catalogue, Entry, Role};

/// The role traits of operation `o`'s error type `name`: `BodyRoles` when its body roles
/// resolve, `PathRole`, `QueryRole`, and `AuthRoles`.
pub fn operation(c: &Catalogue, o: usize, name: &Ident) -> TokenStream {
    let function = |role: Role, function: &str| {
        let (entry, status) = c.role_row(o, role)?;
        let value = construct(&c.entries[entry], status, true);
        let function = format_ident!("{function}");
        Some(quote! {
            fn #function(field: ::std::borrow::Cow<'static, str>) -> Self {
                #value
            }
        })
    };
    let body = [
        function(Role::Body, "bad_body"),
        function(Role::MissingField, "missing_field"),
        function(Role::BodyTooLarge, "body_too_large"),
        function(Role::ContentType, "bad_content_type"),
    ];
    // The three others fall back to `body`: all resolve, or (`body: none`) none does.
    let body = body.iter().all(Option::is_some).then(|| {
        quote! {
            impl ::vpc_errors::extract::BodyRoles for #name {
                #(#body)*
            }
        }
    });
    let path = function(Role::Path, "bad_path")
        .map(|f| quote!(impl ::vpc_errors::extract::PathRole for #name { #f }));
    let query = function(Role::Query, "bad_query")
        .map(|f| quote!(impl ::vpc_errors::extract::QueryRole for #name { #f }));
    let auth = authentication(c, name);
    quote! {
        #body
        #path
        #query
        #auth
    }
}

/// `AuthRoles` for an error type (each has the common rows), when the common groups name
/// all three authentication roles.
pub fn authentication(c: &Catalogue, name: &Ident) -> TokenStream {
    let rows = [
        Role::Unauthenticated,
        Role::ProjectMismatch,
        Role::Forbidden,
    ]
    .map(|role| {
        let (entry, status) = c.common_role_row(role)?;
        Some(construct(&c.entries[entry], status, false))
    });
    let [
        Some(unauthenticated),
        Some(project_mismatch),
        Some(forbidden),
    ] = rows
    else {
        return TokenStream::new();
    };
    quote! {
        impl ::vpc_errors::extract::AuthRoles for #name {
            fn unauthenticated() -> Self {
                #unauthenticated
            }

            fn project_mismatch() -> Self {
                #project_mismatch
            }

            fn forbidden() -> Self {
                #forbidden
            }
        }
    }
}

/// `Self::Row { status: Status400Or404::BadRequest, field }`: the row at `status`, its one
/// template parameter (validation allows no other) filled with `field`, when `with_field`.
fn construct(e: &Entry, status: u16, with_field: bool) -> TokenStream {
    let variant = format_ident!("{}", e.name.value);
    let status = (e.statuses.value.len() > 1).then(|| {
        let ty = status_enum_name(&e.statuses.value);
        let v = status_variant(status);
        quote!(status: #ty::#v,)
    });
    // Validation allows a parameter on operations' role rows only.
    let param = e.params().first().filter(|_| with_field).map(|p| {
        let p = format_ident!("{p}");
        quote!(#p: field,)
    });
    let body = if e.has_fields() {
        quote!(Self::#variant { #status #param })
    } else {
        quote!(Self::#variant)
    };
    if with_field && param.is_none() {
        // The row's message has no slot for the offending name: it stays in the logs.
        quote!({
            let _ = field;
            #body
        })
    } else {
        body
    }
}
