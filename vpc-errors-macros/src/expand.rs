//! Code generation for `catalogue!`: the static tables, one error enum per operation,
//! the common errors, and the enums that choose between a row's statuses.
//!
//! The output is what a person would write by hand: plain enums, one `match` per enum
//! mapping each variant to its row of the static `ENTRIES` table, and no run-time setup.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use syn::LitStr;
use vpc_errors_internals::escape::JsonEscaped;
use vpc_errors_internals::wire::{BodyShape, Wire};

use crate::diag::Problem;
use crate::impls::ErrorType;
use crate::load::Loaded;
use crate::model::{Catalogue, Entry, Language, Operation, Texts};
use crate::template::Piece;

/// Everything `catalogue!` emits for a loaded file: the generated items, or the
/// catalogue's problems plus empty tables so the crate around them does not add a
/// cascade of "cannot find" errors to the real ones.
pub fn catalogue(loaded: &Loaded, path: Option<&LitStr>, span: Span) -> TokenStream {
    let track = track(loaded);
    let reference_macro = path.map(reference_macro);
    match &loaded.catalogue {
        Ok(c) => {
            let tables = tables(c);
            let statuses = status_enums(c);
            let common = common_enum(c);
            let operations = (0..c.operations.len()).map(|o| operation_enum(c, o));
            quote! {
                #track
                #reference_macro
                #tables
                #statuses
                #common
                #(#operations)*
            }
        }
        Err(problems) => fallback(loaded, problems, span, &track),
    }
}

/// `vpc_error!(gateway::ShowThing::ThingNotFound)` and `#[vpc(operation = gateway::…)]`
/// name a catalogue by the module its items are in, but a proc macro cannot read a module:
/// so the module carries a macro that hands the reference back with the catalogue's path.
/// `pub(crate) use` lets any module of the crate reach it by path.
fn reference_macro(path: &LitStr) -> TokenStream {
    quote! {
        #[doc(hidden)]
        macro_rules! __vpc_errors_catalogue {
            (reference $($input:tt)*) => { ::vpc_errors::__vpc_error_in! { #path $($input)* } };
            (derive $($input:tt)*) => { ::vpc_errors::__derive_in! { #path $($input)* } };
        }
        #[doc(hidden)]
        #[allow(unused_imports)]
        pub(crate) use __vpc_errors_catalogue;
    }
}

/// `include_bytes!` of the catalogue puts it in rustc's dep-info: editing the file
/// rebuilds this crate, and nothing lands in the binary.
pub fn track(loaded: &Loaded) -> TokenStream {
    let path = loaded.path.display().to_string();
    quote! { const _: &[u8] = ::core::include_bytes!(#path); }
}

fn fallback(loaded: &Loaded, problems: &[Problem], span: Span, track: &TokenStream) -> TokenStream {
    let errors = crate::diag::catalogue_errors(&loaded.display, problems, span);
    quote! {
        #errors
        #track
        /// Empty: the catalogue has errors.
        pub static ENTRIES: [::vpc_errors::registry::Entry; 0] = [];
        /// Empty: the catalogue has errors.
        pub static OPERATIONS: [::vpc_errors::registry::Operation; 0] = [];
        /// Empty: the catalogue has errors.
        pub static CATALOGUE: ::vpc_errors::registry::Catalogue = ::vpc_errors::registry::Catalogue {
            service: "",
            wire: ::vpc_errors::registry::Wire::DEFAULT,
            languages: &[],
            code_formats: &[],
            operations: &OPERATIONS,
            entries: &ENTRIES,
            by_code: &[],
            code_slots: &[],
        };
    }
}

fn tables(c: &Catalogue) -> TokenStream {
    let operations = c.operations.iter().map(|op| operation_row(c, op));
    let entries = c
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| entry_row(c, i, e));
    let mut by_code: Vec<usize> = (0..c.entries.len()).collect();
    by_code.sort_by(|&a, &b| {
        c.entries[a]
            .code
            .value
            .cmp(&c.entries[b].code.value)
            .then(a.cmp(&b))
    });
    let by_code = by_code.iter().map(|&i| number(index_u16(i)));
    let (n_ops, n_entries) = (c.operations.len(), c.entries.len());
    let service = &c.service;
    let wire = wire(c.wire);
    let languages = c.languages.iter().map(|l| l.key());
    let code_formats = c.code_formats.iter().map(|f| &f.value);
    let catalogue_doc = format!(
        "The {service} error catalogue: {n_ops} operations and {n_entries} errors, in the published table's order."
    );
    quote! {
        #[doc = #catalogue_doc]
        pub static CATALOGUE: ::vpc_errors::registry::Catalogue = ::vpc_errors::registry::Catalogue {
            service: #service,
            wire: #wire,
            languages: &[#(#languages),*],
            code_formats: &[#(#code_formats),*],
            operations: &OPERATIONS,
            entries: &ENTRIES,
            by_code: &BY_CODE,
            code_slots: &CODE_SLOTS,
        };
        /// Positions in `ENTRIES`, sorted by code: the lookup index of `CATALOGUE`.
        static BY_CODE: [u16; #n_entries] = [#(#by_code),*];
        /// `CATALOGUE`'s code table, computed when compiling.
        static CODE_SLOTS: [u16; ::vpc_errors::registry::code_slots_len(#n_entries)] =
            ::vpc_errors::registry::code_slots(&ENTRIES, &BY_CODE);
        /// Every operation of the catalogue, in the published table's order.
        pub static OPERATIONS: [::vpc_errors::registry::Operation; #n_ops] = [#(#operations),*];
        /// Every error of the catalogue (one per table row; a cell with numbered messages
        /// gives one per message), in the published table's order.
        pub static ENTRIES: [::vpc_errors::registry::Entry; #n_entries] = [#(#entries),*];
    }
}

fn operation_row(c: &Catalogue, op: &Operation) -> TokenStream {
    let name = &op.name.value;
    let group = &c.groups[op.group].name.value;
    let title = &op.title.value;
    let service = &op.service.value;
    let method = &op.method.value;
    let path = &op.path.value;
    quote! {
        ::vpc_errors::registry::Operation {
            name: #name,
            group: #group,
            title: #title,
            service: #service,
            method: #method,
            path: #path,
        }
    }
}

fn entry_row(c: &Catalogue, index: usize, e: &Entry) -> TokenStream {
    let index = number(index_u16(index));
    let name = &e.name.value;
    let code = &e.code.value;
    let statuses = e.statuses.value.iter().map(|&s| number(s));
    let template = &e.message.value;
    let source = &template.source;
    let pieces = template.pieces.iter().map(|p| match p {
        Piece::Text(t) => quote!(::vpc_errors::registry::Piece::Text(#t)),
        Piece::Param(i) => {
            let i = u8::try_from(*i).expect("validated: at most MAX_PARAMS parameters");
            quote!(::vpc_errors::registry::Piece::Param(#i))
        }
    });
    let params = &template.params;
    let table_message = e.table_wording();
    let table_part = match &e.table_part {
        Some(p) => {
            let p = u8::try_from(p.value).unwrap_or(u8::MAX);
            quote!(::core::option::Option::Some(#p))
        }
        None => quote!(::core::option::Option::None),
    };
    let (dzh, den) = (
        e.description.text(Language::Zh),
        e.description.text(Language::En),
    );
    let (rzh, ren) = (e.remedy.text(Language::Zh), e.remedy.text(Language::En));
    let group = &c.groups[e.group].name.value;
    let block = number(index_u16(e.group));
    let common = c.is_common(e);
    let operations = c.operations_of(e);
    let body = if template.has_params() {
        quote!(::core::option::Option::None)
    } else {
        let body = json_body(c.wire, code, &template.literal());
        quote!(::core::option::Option::Some(#body))
    };
    // The same body with both pairs, for servers whose clients read only one of them
    // (`ErrorResponse::dual`); prebuilt too, so a static row's stays a `&'static str`.
    let dual_body = if template.has_params() || c.wire.shape == BodyShape::Nested {
        quote!(::core::option::Option::None)
    } else {
        let dual = Wire {
            shape: BodyShape::Dual,
            ..c.wire
        };
        let body = json_body(dual, code, &template.literal());
        quote!(::core::option::Option::Some(#body))
    };
    let wire = wire(c.wire);
    quote! {
        ::vpc_errors::registry::Entry {
            index: #index,
            name: #name,
            code: #code,
            statuses: &[#(#statuses),*],
            message: ::vpc_errors::registry::Template {
                source: #source,
                pieces: &[#(#pieces),*],
                params: &[#(#params),*],
            },
            table_message: #table_message,
            table_part: #table_part,
            description: ::vpc_errors::registry::Texts { zh: #dzh, en: #den },
            remedy: ::vpc_errors::registry::Texts { zh: #rzh, en: #ren },
            group: #group,
            block: #block,
            common: #common,
            operations: &[#(#operations),*],
            wire: #wire,
            body: #body,
            dual_body: #dual_body,
        }
    }
}

fn index_u16(i: usize) -> u16 {
    u16::try_from(i).expect("a catalogue has fewer than 65536 entries")
}

/// A number as a person writes it (`71`, not `71usize`), in the generated code.
pub fn number(n: impl Into<u64>) -> proc_macro2::Literal {
    proc_macro2::Literal::u64_unsuffixed(n.into())
}

/// The wire body (`{"code":"…","message":"…"}` or the catalogue's shape), built once
/// here so a static error's response is a `&'static str`.
fn json_body(wire: Wire, code: &str, message: &str) -> String {
    let mut body = String::new();
    // Writing to a `String` cannot fail.
    let _ = wire.write_body(&mut body, code, |out| JsonEscaped(out).write_str(message));
    body
}

/// `Wire { shape: BodyShape::ErrorCode, request_id: true }`, as the runtime spells it.
fn wire(wire: Wire) -> TokenStream {
    let shape = match wire.shape {
        BodyShape::CodeMessage => quote!(CodeMessage),
        BodyShape::ErrorCode => quote!(ErrorCode),
        BodyShape::Nested => quote!(Nested),
        BodyShape::Dual => quote!(Dual),
    };
    let request_id = wire.request_id;
    quote! {
        ::vpc_errors::registry::Wire {
            shape: ::vpc_errors::registry::BodyShape::#shape,
            request_id: #request_id,
        }
    }
}

/// The name of the enum choosing between `statuses`, e.g. `Status404Or500`.
pub fn status_enum_name(statuses: &[u16]) -> Ident {
    let joined: Vec<String> = statuses.iter().map(u16::to_string).collect();
    format_ident!("Status{}", joined.join("Or"))
}

/// The variant for `status` in a status enum: its reason phrase, e.g. `NotFound`.
pub fn status_variant(status: u16) -> Ident {
    format_ident!("{}", vpc_errors_internals::status::variant_name(status))
}

fn status_enums(c: &Catalogue) -> TokenStream {
    let sets: BTreeSet<&Vec<u16>> = c
        .entries
        .iter()
        .map(|e| &e.statuses.value)
        .filter(|s| s.len() > 1)
        .collect();
    sets.into_iter()
        .map(|set| {
            let name = status_enum_name(set);
            let listed: Vec<String> = set.iter().map(u16::to_string).collect();
            let doc = format!(
                "The status of an error that the table gives as {}: the server says which one it returns.",
                listed.join("/")
            );
            let variants: Vec<Ident> = set.iter().map(|&s| status_variant(s)).collect();
            let codes: Vec<proc_macro2::Literal> = set.iter().map(|&s| number(s)).collect();
            let docs = set.iter().map(|s| format!("HTTP {s}."));
            quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
                pub enum #name {
                    #(#[doc = #docs] #variants,)*
                }

                impl #name {
                    /// The HTTP status code.
                    #[must_use]
                    pub const fn as_u16(self) -> u16 {
                        match self {
                            #(Self::#variants => #codes,)*
                        }
                    }
                }

                impl ::core::convert::TryFrom<u16> for #name {
                    type Error = u16;

                    /// The variant for `status`, or `status` back if the row does not list it.
                    fn try_from(status: u16) -> ::core::result::Result<Self, u16> {
                        match status {
                            #(#codes => ::core::result::Result::Ok(Self::#variants),)*
                            other => ::core::result::Result::Err(other),
                        }
                    }
                }
            }
        })
        .collect()
}

fn common_enum(c: &Catalogue) -> TokenStream {
    let entries: Vec<usize> = c.common_entries().collect();
    let doc = format!(
        "The common errors of the {} API: any operation may return them, and each operation's error type converts from this one with `.into()` or `?`.",
        c.service
    );
    let name = format_ident!("CommonError");
    let enum_tokens = error_enum(c, &name, &doc, &entries, None);
    let auth = crate::roles::authentication(c, &name);
    quote! {
        #enum_tokens
        #auth
    }
}

fn operation_enum(c: &Catalogue, o: usize) -> TokenStream {
    let op = &c.operations[o];
    let name = format_ident!("{}Error", op.name.value);
    let own = c.own_entries(o).len();
    let doc = format!(
        "Errors of `{}` ({} · {}): `{} {}`.\n\nThe first {own} variants are this operation's rows of the table; the rest are the common errors.",
        op.name.value,
        c.groups[op.group].name.value,
        op.title.value,
        op.method.value,
        op.path.value,
    );
    let entries: Vec<usize> = c.entries_of(o).collect();
    let enum_tokens = error_enum(c, &name, &doc, &entries, Some(o));
    let from_common = from_common(c, &name);
    let roles = crate::roles::operation(c, o, &name);
    quote! {
        #enum_tokens
        #from_common
        #roles
    }
}

/// One error enum, its `VpcError`, `Display` and `Error` impls.
fn error_enum(
    c: &Catalogue,
    name: &Ident,
    doc: &str,
    entries: &[usize],
    operation: Option<usize>,
) -> TokenStream {
    let variants = entries.iter().map(|&i| {
        let e = &c.entries[i];
        let variant = format_ident!("{}", e.name.value);
        let doc = variant_doc(e);
        let fields = variant_fields(e);
        quote! {
            #[doc = #doc]
            #variant #fields
        }
    });
    let from_arms = entries.iter().map(|&i| from_parts_arm(&c.entries[i], i));
    let operation = match operation {
        Some(o) => {
            let o = number(index_u16(o));
            quote!(::core::option::Option::Some(&OPERATIONS[#o]))
        }
        None => quote!(::core::option::Option::None),
    };
    let impls = ErrorType {
        ident: name,
        parts_arms: entries
            .iter()
            .map(|&i| parts_arm(&c.entries[i], i))
            .collect(),
        operation: operation.clone(),
        source_arms: Vec::new(),
        all_have_sources: false,
    }
    .impls();
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants,)*
        }

        #impls

        impl ::vpc_errors::FromParts for #name {
            const CATALOGUE: &'static ::vpc_errors::registry::Catalogue = &CATALOGUE;
            const OPERATION: ::core::option::Option<&'static ::vpc_errors::registry::Operation> = #operation;

            fn from_parts(
                entry: &'static ::vpc_errors::registry::Entry,
                status: u16,
                args: ::std::vec::Vec<::std::borrow::Cow<'static, str>>,
            ) -> ::core::option::Option<Self> {
                // A row of another catalogue may have the same position: only a row of
                // this catalogue's own table is ours.
                if !ENTRIES.as_ptr_range().contains(&::core::ptr::from_ref(entry)) {
                    return ::core::option::Option::None;
                }
                let mut args = args.into_iter();
                let value = match entry.index {
                    #(#from_arms)*
                    _ => return ::core::option::Option::None,
                };
                ::core::option::Option::Some(value)
            }
        }
    }
}

/// `{ status: Status404Or500, network_id: Cow<'static, str> }`, or nothing for a row with
/// one status and a fixed message.
pub fn variant_fields(e: &Entry) -> TokenStream {
    if !e.has_fields() {
        return TokenStream::new();
    }
    let status = (e.statuses.value.len() > 1).then(|| {
        let ty = status_enum_name(&e.statuses.value);
        quote!(
            /// Which of the row's statuses the response has.
            status: #ty,
        )
    });
    let params = e.params().iter().map(|p| {
        let doc = format!("The value of `{{{p}}}` in the message.");
        let p = format_ident!("{p}");
        quote!(#[doc = #doc] #p: ::std::borrow::Cow<'static, str>,)
    });
    quote!({ #status #(#params)* })
}

/// The pattern binding a variant's fields: `{ status, network_id }`.
fn field_pattern(e: &Entry) -> TokenStream {
    if !e.has_fields() {
        return TokenStream::new();
    }
    let status = (e.statuses.value.len() > 1).then(|| quote!(status,));
    let params = e.params().iter().map(|p| format_ident!("{p}"));
    quote!({ #status #(#params,)* })
}

fn parts_arm(e: &Entry, index: usize) -> TokenStream {
    let index = number(index_u16(index));
    let variant = format_ident!("{}", e.name.value);
    let pattern = field_pattern(e);
    let status = (e.statuses.value.len() > 1).then(|| quote!(.with_status(status.as_u16())));
    let args = e.message.value.has_params().then(|| {
        let params = e.params().iter().map(|p| format_ident!("{p}"));
        quote!(.with_args(&[#(#params),*]))
    });
    quote! {
        Self::#variant #pattern => ::vpc_errors::Parts::new(&ENTRIES[#index])#status #args,
    }
}

/// Rebuilds a variant from its row, status and values (client-side decoding).
fn from_parts_arm(e: &Entry, index: usize) -> TokenStream {
    let index = number(index_u16(index));
    let variant = format_ident!("{}", e.name.value);
    let single = number(e.statuses.value.first().copied().unwrap_or_default());
    let status_check = if e.statuses.value.len() > 1 {
        quote!()
    } else {
        quote!(if status != #single { return ::core::option::Option::None; })
    };
    let fields = e.has_fields().then(|| {
        let status = (e.statuses.value.len() > 1)
            .then(|| quote!(status: ::core::convert::TryFrom::try_from(status).ok()?,));
        let params = e.params().iter().map(|p| {
            let p = format_ident!("{p}");
            quote!(#p: args.next()?,)
        });
        quote!({ #status #(#params)* })
    });
    quote! {
        #index => {
            #status_check
            Self::#variant #fields
        }
    }
}

fn from_common(c: &Catalogue, name: &Ident) -> TokenStream {
    let arms = c.common_entries().map(|i| {
        let e = &c.entries[i];
        let variant = format_ident!("{}", e.name.value);
        let pattern = field_pattern(e);
        quote!(CommonError::#variant #pattern => Self::#variant #pattern,)
    });
    quote! {
        impl ::core::convert::From<CommonError> for #name {
            fn from(common: CommonError) -> Self {
                match common {
                    #(#arms)*
                }
            }
        }
    }
}

/// Rustdoc for a variant: what IDE hover shows before the error is returned.
fn variant_doc(e: &Entry) -> String {
    let statuses: Vec<String> = e.statuses.value.iter().map(u16::to_string).collect();
    let mut doc = format!(
        "**{}** · `{}` · {}",
        statuses.join("/"),
        e.code.value,
        code_span(&e.message.value.source)
    );
    if e.table_message.is_some() {
        let _ = write!(doc, "\n\nPublished as {}.", code_span(e.table_wording()));
    }
    let _ = write!(
        doc,
        "\n\n{}\n\n*Remedy:* {}",
        both_languages(&e.description),
        both_languages(&e.remedy),
    );
    if e.statuses.value.len() > 1 {
        doc.push_str("\n\nThe `status` field says which of the row's statuses is returned.");
    }
    doc
}

/// `English — 中文`, or the one language the catalogue has.
fn both_languages(texts: &Texts) -> String {
    [Language::En, Language::Zh]
        .into_iter()
        .filter_map(|l| texts.get(l))
        .map(|t| markdown_text(&t.value))
        .collect::<Vec<_>>()
        .join(" — ")
}

/// Text as a Markdown code span, whatever backticks it contains.
fn code_span(text: &str) -> String {
    let fence = if text.contains('`') { "`` " } else { "`" };
    let close = if text.contains('`') { " ``" } else { "`" };
    format!("{fence}{text}{close}")
}

/// Free text with Markdown's active characters escaped, so rustdoc shows it as written.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_escaped_like_serde_json() {
        assert_eq!(
            json_body(Wire::DEFAULT, "VPC.0001", "a \"b\" \\ \n\u{1}é"),
            r#"{"code":"VPC.0001","message":"a \"b\" \\ \n\u0001é"}"#
        );
    }

    #[test]
    fn status_names_read_as_http() {
        assert_eq!(status_enum_name(&[404, 500]).to_string(), "Status404Or500");
        assert_eq!(status_variant(409).to_string(), "Conflict");
        assert_eq!(status_variant(499).to_string(), "Status499");
    }

    #[test]
    fn docs_survive_markdown() {
        assert_eq!(code_span("a`b"), "`` a`b ``");
        assert_eq!(markdown_text("[x]_y"), "\\[x\\]\\_y");
    }
}
