//! Proc macros behind [`vpc-errors`](https://docs.rs/vpc-errors): they read the error
//! catalogue at compile time and turn it into types, and check every reference to it.
//!
//! Use them through `vpc-errors`, which re-exports them and holds the types they name.
//!
//! The crate is split by phase: `load` finds and caches the file and has it read by the
//! catalogue reader it shares with the runtime crate (`vpc_errors_internals::catalogue`:
//! YAML, shape, meaning, model); `expand` writes the code, `impls` the trait impls every
//! error type gets; `reference`, `derive` and `resolve` check what users write against it.

mod derive;
mod diag;
mod expand;
mod impls;
mod load;
mod reference;
mod resolve;
mod roles;

use proc_macro::TokenStream;
use syn::{DeriveInput, LitStr};
use vpc_errors_internals::catalogue::model;
use vpc_errors_internals::template;

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
        Ok(loaded) => expand::catalogue(&loaded, path.as_ref(), span).into(),
        Err(why) => syn::Error::new(span, why).to_compile_error().into(),
    }
}

/// Builds one catalogue error, checked against the catalogue when compiling.
///
/// ```text
/// vpc_error!(DeletePublicip::PublicipNotFound)            // by name
/// vpc_error!(DeletePublicip, "VPC.0504")                  // by code
/// vpc_error!(ShowVpc::NeutronError, status = 500)         // a row with statuses 404/500: pick one
/// vpc_error!(ShowNetworkIpAvailabilities::NetworkNotFound, network_id = id)
/// vpc_error!(ShowNetworkIpAvailabilities::NetworkNotFound, network_id) // shorthand
/// vpc_error!(Common::TokenInvalid)                        // a common error
/// vpc_error!(gateway::ShowThing::ThingNotFound, id)       // another catalogue's, by its module
/// ```
///
/// It expands to the variant of the operation's generated error type, exactly as written by
/// hand (`DeletePublicipError::PublicipNotFound`), so it costs nothing at run time. Template
/// values are text (`vpc_errors::TemplateValue`: `String`, `&'static str`, `&String`…). A row listed
/// with several statuses needs `status = …` (there is no default: the wire status is part of
/// the contract, so the code says which). A code shared by several rows of one operation
/// is picked by name or by `status`.
///
/// Every mistake is a compile error on the offending token that says what to write instead:
/// unknown operations, names and codes (with the closest ones), codes of other operations,
/// ambiguous codes, statuses the row does not list, and missing, unknown or repeated
/// template parameters.
#[proc_macro]
pub fn vpc_error(input: TokenStream) -> TokenStream {
    let tokens = proc_macro2::TokenStream::from(input.clone());
    let reference = syn::parse_macro_input!(input as reference::Reference);
    if let Some(module) = &reference.module {
        // Another catalogue: its module knows its file (see `expand::reference_macro`).
        return forward(module, "reference", &tokens).into();
    }
    reference_in(None, &resolve::bundled_items(), &reference).into()
}

/// `vpc_error!` for the catalogue generated in another module: what that module's
/// `__vpc_errors_catalogue!` calls, with the path `catalogue!` was given.
#[doc(hidden)]
#[proc_macro]
pub fn __vpc_error_in(input: TokenStream) -> TokenStream {
    let InCatalogue(path, reference) =
        syn::parse_macro_input!(input as InCatalogue<reference::Reference>);
    let items = reference
        .module
        .clone()
        .unwrap_or_else(resolve::bundled_items);
    reference_in(Some(&path), &items, &reference).into()
}

fn reference_in(
    path: Option<&LitStr>,
    items: &proc_macro2::TokenStream,
    reference: &reference::Reference,
) -> proc_macro2::TokenStream {
    load::load(path.map(LitStr::value).as_deref())
        .map_err(|why| syn::Error::new(proc_macro2::Span::call_site(), why))
        .and_then(|loaded| reference::expand(&loaded, items, reference))
        .unwrap_or_else(|e| {
            // Several errors are several `compile_error!`s: a block keeps them one expression.
            let errors = e.into_compile_error();
            quote::quote!({ #errors })
        })
}

/// Hands `input` to the `__vpc_errors_catalogue!` that `catalogue!` wrote in `module`.
fn forward(
    module: &proc_macro2::TokenStream,
    kind: &str,
    input: &proc_macro2::TokenStream,
) -> proc_macro2::TokenStream {
    let kind = proc_macro2::Ident::new(kind, proc_macro2::Span::call_site());
    // Spanned on the module, so a module without a catalogue is underlined where written.
    let span = module
        .clone()
        .into_iter()
        .last()
        .map_or_else(proc_macro2::Span::call_site, |t| t.span());
    let callee = proc_macro2::Ident::new("__vpc_errors_catalogue", span);
    quote::quote!(#module::#callee! { #kind #input })
}

/// A catalogue path, then what a macro was given: `"gateway.yaml" gateway::ShowThing::…`.
struct InCatalogue<T>(LitStr, T);

impl<T: syn::parse::Parse> syn::parse::Parse for InCatalogue<T> {
    fn parse(input: syn::parse::ParseStream<'_>) -> syn::Result<Self> {
        Ok(InCatalogue(input.parse()?, input.parse()?))
    }
}

/// Maps a server's own error enum onto an operation's catalogue errors.
///
/// ```text
/// #[derive(Debug, VpcError)]
/// #[vpc(operation = DeleteVpc)]            // add `exhaustive` to require every row of DeleteVpc
/// enum DeleteVpcFailure {
///     #[vpc(code = "VPC.0104")]
///     HasSubnets { vpc_id: String },       // context: kept, never on the wire
///     #[vpc(code = "VPC.0105", status = 500)]
///     Backend(#[source] BackendError),     // the source error: for logs, never on the wire
///     #[vpc(name = TokenInvalid)]
///     BadToken,                            // a common error
///     #[vpc(name = InvalidParam, status = 400)]
///     BadField { field: String },          // fills the template parameter `{field}`
/// }
/// ```
///
/// `operation = Common` maps onto the common errors (into `CommonError`, which converts
/// into every operation's error). An operation of another catalogue starts with the module
/// its `catalogue!` is in: `#[vpc(operation = gateway::ShowThing)]`.
///
/// Each variant names its error by `code = "…"` or `name = …`, with `status = …` where the
/// row lists several. Template parameters are filled from the fields of the same name, or
/// from a field marked `#[vpc(param = name)]`; they need `Display`. A field named `source`,
/// or marked `#[source]` or `#[from]`, is the error's source (`#[from]` also writes
/// `From<ThatType>`).
///
/// Generated: `vpc_errors::VpcError`, `Display` (the wire text), `std::error::Error` with
/// `source()`, `From<Enum>` for the operation's generated error type, and the framework
/// integrations enabled on `vpc-errors`.
#[proc_macro_derive(VpcError, attributes(vpc, source, from))]
pub fn derive_vpc_error(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as DeriveInput);
    if let Some(module) = derive::catalogue_module(&input) {
        return forward(&module, "derive", &quote::quote!(#input)).into();
    }
    derive_in(None, &input).into()
}

/// `#[derive(VpcError)]` for an operation of the catalogue generated in another module:
/// what that module's `__vpc_errors_catalogue!` calls, with the path `catalogue!` was given.
#[doc(hidden)]
#[proc_macro]
pub fn __derive_in(input: TokenStream) -> TokenStream {
    let InCatalogue(path, input) = syn::parse_macro_input!(input as InCatalogue<DeriveInput>);
    derive_in(Some(&path), &input).into()
}

fn derive_in(path: Option<&LitStr>, input: &DeriveInput) -> proc_macro2::TokenStream {
    load::load(path.map(LitStr::value).as_deref()).map_or_else(
        |why| syn::Error::new(proc_macro2::Span::call_site(), why).into_compile_error(),
        |loaded| derive::expand(&loaded, input),
    )
}

/// The loaded catalogue, or one error saying it is broken: its problems are reported
/// once, where `catalogue!` expands, not again at every reference.
fn catalogue_or_error(
    loaded: &load::Loaded,
    span: proc_macro2::Span,
) -> syn::Result<&model::Catalogue> {
    loaded.catalogue.as_ref().map_err(|problems| {
        syn::Error::new(
            span,
            format!(
                "the catalogue `{}` has {} problem(s), reported where `catalogue!` expands (first: line {}: {})",
                loaded.display,
                problems.len(),
                problems[0].at,
                problems[0].message
            ),
        )
    })
}
