//! `vpc_error!`: a checked reference to one catalogue entry, expanded to the variant
//! a person would have written.
//!
//! ```text
//! vpc_error!(DeletePublicip::PublicipNotFound)
//! vpc_error!(DeletePublicip, "VPC.0504")
//! vpc_error!(ShowVpc::NeutronError, status = 500)
//! vpc_error!(ShowNetworkIpAvailabilities::NetworkNotFound, network_id = id)
//! vpc_error!(Common::TokenInvalid)
//! ```

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned as _;
use syn::{Expr, Ident, LitInt, LitStr, Path, Token};

use crate::load::Loaded;
use crate::resolve::{self, Target};

pub struct Reference {
    /// The module where `catalogue!` generated the catalogue's items (`gateway` in
    /// `gateway::ShowThing::ThingNotFound`); `None` for the bundled catalogue.
    pub module: Option<TokenStream>,
    operation: Ident,
    target: Target,
    status: Option<LitInt>,
    params: Vec<(Ident, Expr)>,
}

impl Parse for Reference {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let usage = "expected `Operation::ErrorName` or `Operation, \"VPC.0504\"`, e.g. `vpc_error!(DeletePublicip::PublicipNotFound)`; another catalogue's operations start with its module: `vpc_error!(gateway::ShowThing::ThingNotFound)`";
        let path = Path::parse_mod_style(input).map_err(|e| syn::Error::new(e.span(), usage))?;
        let mut segments: Vec<Ident> = path.segments.iter().map(|s| s.ident.clone()).collect();
        let by_code = input.peek(Token![,]) && input.peek2(LitStr);
        let target = if by_code {
            input.parse::<Token![,]>()?;
            Target::Code(input.parse()?)
        } else if segments.len() >= 2 {
            Target::Name(segments.pop().expect("two segments"))
        } else {
            return Err(syn::Error::new(path.span(), usage));
        };
        let operation = segments.pop().expect("a segment is left");
        let module = (!segments.is_empty()).then(|| {
            let leading = path.leading_colon;
            quote!(#leading #(#segments)::*)
        });
        let mut status = None;
        let mut params = Vec::new();
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: Ident = input.parse().map_err(|e| {
                syn::Error::new(
                    e.span(),
                    "expected `status = 404` or a template parameter such as `network_id = id`",
                )
            })?;
            if key == "status" {
                input.parse::<Token![=]>()?;
                let lit: LitInt = input.parse().map_err(|e| {
                    syn::Error::new(
                        e.span(),
                        "the status must be a number literal, e.g. `status = 500`, so it is checked when compiling",
                    )
                })?;
                if status.is_some() {
                    return Err(syn::Error::new(lit.span(), "`status` is given twice"));
                }
                status = Some(lit);
            } else if input.peek(Token![=]) {
                input.parse::<Token![=]>()?;
                params.push((key, input.parse()?));
            } else {
                // Shorthand, as in struct literals: `network_id` means `network_id = network_id`.
                let value = Expr::Path(syn::ExprPath {
                    attrs: Vec::new(),
                    qself: None,
                    path: key.clone().into(),
                });
                params.push((key, value));
            }
        }
        Ok(Reference {
            module,
            operation,
            target,
            status,
            params,
        })
    }
}

/// The variant `reference` names, checked against the catalogue `loaded`, whose items are
/// at `items`.
pub fn expand(
    loaded: &Loaded,
    items: &TokenStream,
    reference: &Reference,
) -> syn::Result<TokenStream> {
    let c = crate::catalogue_or_error(loaded, reference.operation.span())?;
    let scope = resolve::scope(c, &reference.operation)?;
    let resolved = resolve::entry(c, scope, &reference.target, reference.status.as_ref())?;
    let names: Vec<Ident> = reference.params.iter().map(|(k, _)| k.clone()).collect();
    let target_span = match &reference.target {
        Target::Name(n) => n.span(),
        Target::Code(c) => c.span(),
    };
    resolve::params(&resolved, scope.name(c), &names, target_span, "")?;

    let path = resolve::variant_path(c, items, &resolved, target_span);
    let entry = resolved.entry;
    if !entry.has_fields() {
        return Ok(path);
    }
    let status = (entry.statuses.value.len() > 1).then(|| {
        let span = reference.status.as_ref().map_or(target_span, LitInt::span);
        let value = resolve::status_value(entry, resolved.status, items, span);
        quote!(status: #value,)
    });
    // Fields in the template's order, whatever order they were given in.
    let params = entry.params().iter().filter_map(|p| {
        let (key, value) = reference.params.iter().find(|(k, _)| k == p)?;
        Some(quote_spanned!(value.span()=>
            #key: ::vpc_errors::TemplateValue::into_template_value(#value),
        ))
    });
    Ok(quote!(#path { #status #(#params)* }))
}
