//! `#[derive(VpcError)]`: a server's own error enum, carrying context, mapped variant by
//! variant onto catalogue entries with the same checks as `vpc_error!`.
//!
//! ```text
//! #[derive(Debug, VpcError)]
//! #[vpc(operation = DeleteVpc)]
//! enum DeleteVpcFailure {
//!     #[vpc(code = "VPC.0104")] HasSubnets { vpc_id: String },
//!     #[vpc(code = "VPC.0105", status = 500)] Backend(#[source] BackendError),
//!     #[vpc(name = TokenInvalid)] BadToken,
//! }
//! ```
//!
//! Generated: `VpcError` (so the enum is itself a response), `Display` (the wire text,
//! never the context or the source), `Error` with `source()`, `From<Enum>` for the
//! operation's generated error type, `From<Source>` for `#[from]` fields, and the
//! framework integrations enabled on `vpc-errors`.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned as _;
use syn::{Data, DeriveInput, Fields, Ident, LitInt, LitStr, Member};

use crate::diag::{closest, did_you_mean, one_of};
use crate::impls::ErrorType;
use crate::load::Loaded;
use crate::model::Catalogue;
use crate::resolve::{self, Resolved, Scope, Target};

/// Collects errors so one compile shows every problem of the enum.
#[derive(Default)]
struct Errors(Option<syn::Error>);

impl Errors {
    fn push(&mut self, e: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(e),
            None => self.0 = Some(e),
        }
    }

    fn finish(self) -> syn::Result<()> {
        self.0.map_or(Ok(()), Err)
    }
}

struct Container {
    /// Where the catalogue's items are: the module before the operation's name, or the
    /// bundled catalogue's.
    items: TokenStream,
    operation: Ident,
    exhaustive: Option<Ident>,
}

#[derive(Default)]
struct VariantAttr {
    target: Option<Target>,
    status: Option<LitInt>,
}

struct Field {
    member: Member,
    ty: syn::Type,
    /// The template parameter this field fills: its own name unless
    /// `#[vpc(param = …)]` says otherwise.
    param: Option<String>,
    /// Whether `param` was given with `#[vpc(param = …)]`, so a wrong name is an error
    /// rather than a context field.
    explicit: bool,
    source: bool,
    from: bool,
    span: Span,
}

struct Mapped<'c> {
    ident: Ident,
    fields: Vec<Field>,
    style: Style,
    resolved: Resolved<'c>,
}

#[derive(Clone, Copy)]
enum Style {
    Unit,
    Named,
    Tuple,
}

pub fn expand(loaded: &Loaded, input: &DeriveInput) -> TokenStream {
    let mut target = None;
    match checked(loaded, input, &mut target) {
        Ok(tokens) => tokens,
        Err(e) => {
            let errors = e.into_compile_error();
            let fallback = fallback(&input.ident, target.as_ref());
            quote!(#errors #fallback)
        }
    }
}

/// Like thiserror's fallback: with the errors, the impls the user's code relies on, so the
/// errors about the derive are the only ones shown. The bodies never run: the crate does
/// not compile.
fn fallback(ident: &Ident, target: Option<&TokenStream>) -> TokenStream {
    let into = target.map(|target| {
        quote! {
            impl ::core::convert::From<#ident> for #target {
                fn from(_: #ident) -> Self {
                    ::core::unreachable!()
                }
            }
        }
    });
    quote! {
        impl ::vpc_errors::VpcError for #ident {
            fn parts(&self) -> ::vpc_errors::Parts<'_> {
                ::core::unreachable!()
            }
        }

        impl ::core::fmt::Display for #ident {
            fn fmt(&self, _: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::unreachable!()
            }
        }

        impl ::std::error::Error for #ident {}

        #into
    }
}

fn checked(
    loaded: &Loaded,
    input: &DeriveInput,
    target: &mut Option<TokenStream>,
) -> syn::Result<TokenStream> {
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new(
            input.ident.span(),
            "`#[derive(VpcError)]` works on enums, one variant per catalogue error; for a single error use `vpc_error!`",
        ));
    };
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new(
            input.generics.span(),
            "`#[derive(VpcError)]` does not support generic enums; use concrete field types (a `Box<dyn Error + Send + Sync>` source works)",
        ));
    }
    if data.variants.is_empty() {
        return Err(syn::Error::new(
            input.ident.span(),
            "this enum has no variants, so no catalogue errors to map; add a variant per error",
        ));
    }
    let container = container(input)?;
    let c = crate::catalogue_or_error(loaded, container.operation.span())?;
    let scope = resolve::scope(c, &container.operation)?;
    let items = &container.items;
    *target = Some(scope.type_path(c, items, Span::call_site()));

    let mut errors = Errors::default();
    let mut mapped = Vec::new();
    for variant in &data.variants {
        match map_variant(c, scope, variant) {
            Ok(m) => mapped.push(m),
            Err(e) => errors.push(e),
        }
    }
    if let Some(flag) = &container.exhaustive
        && let Err(e) = exhaustive(c, scope, &mapped, flag)
    {
        errors.push(e);
    }
    errors.finish()?;
    Ok(generate(c, items, scope, &input.ident, &mapped))
}

/// The module of the catalogue `#[vpc(operation = gateway::ShowThing)]` names, when it
/// is not the bundled one. Malformed attributes are left for [`expand`] to report.
pub fn catalogue_module(input: &DeriveInput) -> Option<TokenStream> {
    let mut module = None;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("vpc")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("operation")
                && let Ok(path) = meta.value()?.call(syn::Path::parse_mod_style)
            {
                module = split_operation(&path).0;
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    module
}

/// `gateway::ShowThing` as the module and the operation's name.
fn split_operation(path: &syn::Path) -> (Option<TokenStream>, Ident) {
    let mut segments: Vec<Ident> = path.segments.iter().map(|s| s.ident.clone()).collect();
    let operation = segments.pop().expect("a path has a segment");
    let leading = path.leading_colon;
    let module = (!segments.is_empty()).then(|| quote!(#leading #(#segments)::*));
    (module, operation)
}

fn container(input: &DeriveInput) -> syn::Result<Container> {
    let mut operation = None;
    let mut exhaustive = None;
    let mut seen_attr = false;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("vpc")) {
        seen_attr = true;
        attr.parse_nested_meta(|meta| {
            let key = meta.path.require_ident()?.clone();
            if key == "operation" {
                let value = meta.value()?.call(syn::Path::parse_mod_style).map_err(|e| {
                    syn::Error::new(
                        e.span(),
                        "`operation` takes the operation's name, e.g. `operation = DeleteVpc` (or `operation = gateway::ShowThing` for another catalogue's)",
                    )
                })?;
                if operation.replace(split_operation(&value)).is_some() {
                    return Err(syn::Error::new(key.span(), "`operation` is given twice"));
                }
            } else if key == "exhaustive" {
                if exhaustive.replace(key.clone()).is_some() {
                    return Err(syn::Error::new(key.span(), "`exhaustive` is given twice"));
                }
            } else {
                return Err(unknown_key(
                    &key,
                    &["operation", "exhaustive"],
                    "on the enum",
                ));
            }
            Ok(())
        })?;
    }
    match operation {
        Some((module, operation)) => Ok(Container {
            items: module.unwrap_or_else(resolve::bundled_items),
            operation,
            exhaustive,
        }),
        None => Err(syn::Error::new(
            if seen_attr {
                input.ident.span()
            } else {
                Span::call_site()
            },
            "which operation are these errors of? add `#[vpc(operation = DeleteVpc)]` above the enum",
        )),
    }
}

fn unknown_key(key: &Ident, keys: &[&str], place: &str) -> syn::Error {
    let k = key.to_string();
    let hint = closest(&k, keys.iter().copied());
    let fix = if hint.is_empty() {
        format!("; the keys {place} are {}", one_of(keys))
    } else {
        did_you_mean(&hint)
    };
    syn::Error::new(
        key.span(),
        format!("unknown key `{k}` in `#[vpc(..)]` {place}{fix}"),
    )
}

fn variant_attr(variant: &syn::Variant) -> syn::Result<VariantAttr> {
    let mut out = VariantAttr::default();
    let keys = ["code", "name", "status"];
    for attr in variant.attrs.iter().filter(|a| a.path().is_ident("vpc")) {
        attr.parse_nested_meta(|meta| {
            let key = meta.path.require_ident()?.clone();
            let twice = || syn::Error::new(key.span(), format!("`{key}` is given twice"));
            if key == "code" {
                let code: LitStr = meta.value()?.parse().map_err(|e| {
                    syn::Error::new(
                        e.span(),
                        "`code` takes a string, e.g. `code = \"VPC.0104\"`",
                    )
                })?;
                if out.target.replace(Target::Code(code)).is_some() {
                    return Err(either_twice(&key));
                }
            } else if key == "name" {
                let name: Ident = meta.value()?.parse().map_err(|e| {
                    syn::Error::new(
                        e.span(),
                        "`name` takes the error's name, e.g. `name = VpcHasSubnets`",
                    )
                })?;
                if out.target.replace(Target::Name(name)).is_some() {
                    return Err(either_twice(&key));
                }
            } else if key == "status" {
                let status: LitInt = meta.value()?.parse().map_err(|e| {
                    syn::Error::new(e.span(), "`status` takes a number, e.g. `status = 500`")
                })?;
                if out.status.replace(status).is_some() {
                    return Err(twice());
                }
            } else {
                return Err(unknown_key(&key, &keys, "on a variant"));
            }
            Ok(())
        })?;
    }
    Ok(out)
}

fn either_twice(key: &Ident) -> syn::Error {
    syn::Error::new(
        key.span(),
        "the variant already names its error; give either `code = \"…\"` or `name = …`, once",
    )
}

fn map_variant<'c>(
    c: &'c Catalogue,
    scope: Scope,
    variant: &syn::Variant,
) -> syn::Result<Mapped<'c>> {
    let attr = variant_attr(variant)?;
    let Some(target) = &attr.target else {
        return Err(syn::Error::new(
            variant.ident.span(),
            format!(
                "`{}` is not mapped to a catalogue error: add `#[vpc(code = \"VPC.….\")]` or `#[vpc(name = …)]`",
                variant.ident
            ),
        ));
    };
    let resolved = resolve::entry(c, scope, target, attr.status.as_ref())?;
    let (style, mut fields) = fields(&variant.fields)?;
    let wanted = resolved.entry.params();
    // A field fills a parameter when it has the parameter's name or says so with
    // `#[vpc(param = …)]`; other fields are context and never reach the wire.
    for f in &mut fields {
        if !f.explicit && f.param.as_ref().is_some_and(|p| !wanted.contains(p)) {
            f.param = None;
        }
    }
    let fills: Vec<Ident> = fields
        .iter()
        .filter_map(|f| f.param.as_ref().map(|p| Ident::new(p, f.span)))
        .collect();
    let span = match target {
        Target::Name(n) => n.span(),
        Target::Code(code) => code.span(),
    };
    let hint = if matches!(style, Style::Tuple) {
        "; a tuple variant names the field that fills it with `#[vpc(param = …)]`"
    } else {
        " (a field of that name, or one marked `#[vpc(param = …)]`)"
    };
    resolve::params(&resolved, scope.name(c), &fills, span, hint)?;
    Ok(Mapped {
        ident: variant.ident.clone(),
        fields,
        style,
        resolved,
    })
}

fn fields(fields: &Fields) -> syn::Result<(Style, Vec<Field>)> {
    let style = match fields {
        Fields::Unit => Style::Unit,
        Fields::Named(_) => Style::Named,
        Fields::Unnamed(_) => Style::Tuple,
    };
    let mut out = Vec::new();
    for (i, field) in fields.iter().enumerate() {
        let member = match &field.ident {
            Some(ident) => Member::Named(ident.clone()),
            None => Member::Unnamed(i.into()),
        };
        let mut param = field.ident.as_ref().map(ToString::to_string);
        let mut explicit = false;
        let mut param_span = None;
        let mut source = field.ident.as_ref().is_some_and(|i| i == "source");
        let mut from = false;
        for attr in &field.attrs {
            if attr.path().is_ident("source") {
                attr.meta.require_path_only()?;
                source = true;
            } else if attr.path().is_ident("from") {
                attr.meta.require_path_only()?;
                source = true;
                from = true;
            } else if attr.path().is_ident("vpc") {
                attr.parse_nested_meta(|meta| {
                    let key = meta.path.require_ident()?.clone();
                    if key == "param" {
                        let name: Ident = meta.value()?.parse().map_err(|e| {
                            syn::Error::new(e.span(), "`param` takes the template parameter's name, e.g. `param = network_id`")
                        })?;
                        param = Some(name.to_string());
                        param_span = Some(name.span());
                        explicit = true;
                        Ok(())
                    } else {
                        Err(unknown_key(&key, &["param"], "on a field"))
                    }
                })?;
            }
        }
        if source && param.as_deref() == Some("source") {
            param = None;
        }
        out.push(Field {
            member,
            ty: field.ty.clone(),
            param,
            explicit,
            source,
            from,
            span: param_span.unwrap_or_else(|| field.span()),
        });
    }
    if out.iter().filter(|f| f.source).count() > 1 {
        return Err(syn::Error::new(
            out.iter()
                .filter(|f| f.source)
                .nth(1)
                .map_or_else(Span::call_site, |f| f.span),
            "a variant has at most one `#[source]` (or `#[from]`) field",
        ));
    }
    Ok((style, out))
}

/// With `exhaustive`, every row of the operation (its own rows; for `Common`, the common
/// ones) must be mapped by some variant.
fn exhaustive(c: &Catalogue, scope: Scope, mapped: &[Mapped<'_>], flag: &Ident) -> syn::Result<()> {
    let rows: Vec<usize> = match scope {
        Scope::Operation(o) => c.own_entries(o).to_vec(),
        Scope::Common => c.common_entries().collect(),
    };
    let missing: Vec<String> = rows
        .iter()
        .filter(|&&i| !mapped.iter().any(|m| m.resolved.index == i))
        .map(|&i| {
            let e = &c.entries[i];
            format!(
                "\n  `{}` ({}, {}): {}",
                e.name.value,
                e.code.value,
                resolve::statuses_text(&e.statuses.value),
                e.message.value.source
            )
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let op = scope.name(c);
    Err(syn::Error::new(
        flag.span(),
        format!(
            "`exhaustive`: {} of `{op}`'s errors {} not mapped:{}\nadd a variant with `#[vpc(name = …)]` for each, or remove `exhaustive`",
            missing.len(),
            if missing.len() == 1 { "is" } else { "are" },
            missing.concat()
        ),
    ))
}

fn generate(
    c: &Catalogue,
    items: &TokenStream,
    scope: Scope,
    ident: &Ident,
    mapped: &[Mapped<'_>],
) -> TokenStream {
    let operation = match scope {
        Scope::Operation(o) => {
            let o = crate::expand::number(u16::try_from(o).unwrap_or(u16::MAX));
            quote!(::core::option::Option::Some(&#items::OPERATIONS[#o]))
        }
        Scope::Common => quote!(::core::option::Option::None),
    };
    let parts_arms = mapped.iter().map(|m| {
        let pattern = pattern(ident, m);
        let index = crate::expand::number(u16::try_from(m.resolved.index).unwrap_or(u16::MAX));
        let status = (m.resolved.entry.statuses.value.len() > 1).then(|| {
            let status = crate::expand::number(m.resolved.status);
            quote!(.with_status(#status))
        });
        let params = m.resolved.entry.params();
        let args = (!params.is_empty()).then(|| {
            let args = params.iter().map(|p| binding(param_field(m, p)));
            quote!(.with_args(&[#(#args),*]))
        });
        quote! {
            #pattern => ::vpc_errors::Parts::new(&#items::ENTRIES[#index])#status #args,
        }
    });
    let into = into_generated(c, items, scope, ident, mapped);
    let from = from_sources(ident, mapped);
    let source_arms = source_arms(ident, mapped);
    let impls = ErrorType {
        ident,
        parts_arms: parts_arms.collect(),
        operation,
        all_have_sources: source_arms.len() == mapped.len(),
        source_arms,
    }
    .impls();
    quote! {
        #impls
        #into
        #from
    }
}

/// `From<Enum>` for the operation's generated error: what goes on the wire.
fn into_generated(
    c: &Catalogue,
    items: &TokenStream,
    scope: Scope,
    ident: &Ident,
    mapped: &[Mapped<'_>],
) -> TokenStream {
    let target = scope.type_path(c, items, Span::call_site());
    let arms = mapped.iter().map(|m| {
        let pattern = pattern(ident, m);
        let path = resolve::variant_path(c, items, &m.resolved, Span::call_site());
        let entry = m.resolved.entry;
        if !entry.has_fields() {
            return quote!(#pattern => #path,);
        }
        let status = (entry.statuses.value.len() > 1).then(|| {
            let v = resolve::status_value(entry, m.resolved.status, items, Span::call_site());
            quote!(status: #v,)
        });
        let params = entry.params().iter().map(|p| {
            let key = format_ident!("{p}");
            let b = binding(param_field(m, p));
            quote!(#key: ::std::borrow::Cow::Owned(::std::string::ToString::to_string(&#b)),)
        });
        quote!(#pattern => #path { #status #(#params)* },)
    });
    quote! {
        impl ::core::convert::From<#ident> for #target {
            fn from(error: #ident) -> Self {
                match error {
                    #(#arms)*
                }
            }
        }
    }
}

/// `pattern => Some(source),` for each variant with a source field.
fn source_arms(ident: &Ident, mapped: &[Mapped<'_>]) -> Vec<TokenStream> {
    mapped
        .iter()
        .filter_map(|m| {
            let field = m.fields.iter().find(|f| f.source)?;
            let pattern = pattern(ident, m);
            let b = binding(field);
            Some(
                quote_spanned!(field.span=> #pattern => ::core::option::Option::Some({
                use ::vpc_errors::__derive::AsDynError as _;
                #b.as_dyn_error()
            }),),
            )
        })
        .collect()
}

/// `From<Source>` for each `#[from]` field, so `?` wraps the source error.
fn from_sources(ident: &Ident, mapped: &[Mapped<'_>]) -> TokenStream {
    mapped
        .iter()
        .filter_map(|m| {
            let field = m.fields.iter().find(|f| f.from)?;
            let variant = &m.ident;
            let ty = &field.ty;
            let construct = match &field.member {
                Member::Named(name) => quote!(#ident::#variant { #name: source }),
                Member::Unnamed(_) => quote!(#ident::#variant(source)),
            };
            Some(quote! {
                impl ::core::convert::From<#ty> for #ident {
                    fn from(source: #ty) -> Self {
                        #construct
                    }
                }
            })
        })
        .collect()
}

/// `Self::Variant { a: __a, .. }` / `Self::Variant(__0, ..)`: binds every field by a
/// local name so arms can use any of them.
fn pattern(ty: &Ident, m: &Mapped<'_>) -> TokenStream {
    let variant = &m.ident;
    let bindings = m.fields.iter().map(|f| {
        let b = binding(f);
        match &f.member {
            Member::Named(name) => quote!(#name: #b),
            Member::Unnamed(_) => quote!(#b),
        }
    });
    match m.style {
        Style::Unit => quote!(#ty::#variant),
        Style::Named => quote!(#ty::#variant { #(#bindings),* }),
        Style::Tuple => quote!(#ty::#variant(#(#bindings),*)),
    }
}

fn binding(f: &Field) -> Ident {
    match &f.member {
        Member::Named(name) => format_ident!("__{}", name),
        Member::Unnamed(i) => format_ident!("__{}", i.index),
    }
}

fn param_field<'m>(m: &'m Mapped<'_>, param: &str) -> &'m Field {
    m.fields
        .iter()
        .find(|f| f.param.as_deref() == Some(param))
        .expect("resolve::params checked every parameter has a field")
}
