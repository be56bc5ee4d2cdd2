//! OpenAPI documentation of the error responses (utoipa 6), grouped by status.
//!
//! Several errors share a status (an operation's 400 may carry a dozen codes), and an
//! OpenAPI response is keyed by status alone, so utoipa's derive, which gives each status
//! one type and one example, cannot describe them. Here each status gets one response
//! listing every error it can carry: a schema whose `code` is one of those codes, and one
//! named example body per error (named after its variant), with its description and remedy.
//!
//! Every generated error type implements [`utoipa::IntoResponses`], so a handler's
//! documentation names it like any other response type:
//!
//! ```
//! use utoipa::IntoResponses;
//! use vpc_errors::DeletePublicipError;
//!
//! // #[utoipa::path(delete, path = "/v1/{project_id}/publicips/{publicip_id}",
//! //     responses((status = 204, description = "Deleted"), DeletePublicipError))]
//! let responses = DeletePublicipError::responses();
//! let not_found = serde_json::to_value(&responses["404"]).unwrap();
//! let example = &not_found["content"]["application/json"]["examples"]["PublicipNotFound"];
//! assert_eq!(
//!     example["value"],
//!     serde_json::json!({"code": "VPC.0504", "message": "Floating IP could not be found."})
//! );
//! ```
//!
//! The responses come from the catalogue alone, so the same document can be had without
//! naming the types: [`responses_for`] an operation, or [`paths`] for whole operations.

#![allow(clippy::doc_markdown, reason = "OpenAPI is a name, not code")]

use std::collections::BTreeMap;
use std::fmt::{Display, Write as _};
use std::ptr;

use serde_json::Value;
use utoipa::openapi::example::ExampleBuilder;
use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, Type};
use utoipa::openapi::{ContentBuilder, Paths, Required, Response, ResponseBuilder, Responses};

use crate::registry::{BodyShape, Catalogue, Entry, Operation};
use crate::{FromParts, MAX_ARGS, Parts};
use vpc_errors_internals::wire::REQUEST_ID_MEMBER;

/// The media type of every error body.
const JSON: &str = "application/json";

/// The responses of `operation`: its own errors and the common ones, one response per
/// status. `None` gives the common errors only, as [`CommonError`](crate::CommonError) has.
#[must_use]
pub fn responses_for(catalogue: &Catalogue, operation: Option<&Operation>) -> Responses {
    let entries: Vec<&'static Entry> = match operation {
        Some(op) => catalogue.by_operation(op.name, true).collect(),
        None => catalogue.entries.iter().filter(|e| e.common).collect(),
    };
    responses_of_entries(catalogue, &entries)
}

/// The responses of the error type `E`: every error of its catalogue
/// ([`FromParts::CATALOGUE`]) that `E` has a variant for, one response per status. What
/// [`utoipa::IntoResponses`] returns for the generated types.
///
/// If `E` has none of its catalogue's errors (a hand-written `FromParts`), the result is
/// the [`generic_responses`], which stay true of any error body.
#[must_use]
pub fn responses_of<E: FromParts>() -> Responses {
    let catalogue = E::CATALOGUE;
    let entries: Vec<&'static Entry> = catalogue
        .entries
        .iter()
        .filter(|e| has_entry::<E>(e))
        .collect();
    if entries.is_empty() {
        return generic_responses(catalogue);
    }
    responses_of_entries(catalogue, &entries)
}

/// One `default` response: a body of the catalogue's shape with a string code and
/// message, without listing the codes. What a type that is not generated from the catalogue (a `#[derive(VpcError)]`
/// enum) documents, since its errors are only known from its values.
#[must_use]
pub fn generic_responses(catalogue: &Catalogue) -> Responses {
    let schema = body_schema(None, catalogue);
    let response = ResponseBuilder::new()
        .description(format!(
            "An error of the {} API: `code` says which one (see the catalogue).",
            catalogue.service
        ))
        .content(JSON, ContentBuilder::new().schema(Some(schema)).build())
        .build();
    Responses::from_iter([("default", response)])
}

/// The OpenAPI paths of `operations`: each at its method and path, with its path
/// parameters and its error responses ([`responses_for`]), for a document to merge with
/// the success responses a server documents itself.
#[must_use]
pub fn paths<'a>(
    catalogue: &Catalogue,
    operations: impl IntoIterator<Item = &'a Operation>,
) -> Paths {
    let mut paths = Paths::new();
    for op in operations {
        let mut operation = OperationBuilder::new()
            .operation_id(Some(op.name))
            .summary(Some(op.title))
            .description(Some(op.group))
            .tag(op.service)
            .responses(responses_for(catalogue, Some(op)));
        for name in path_parameters(op.path) {
            operation = operation.parameter(
                ParameterBuilder::new()
                    .name(name)
                    .parameter_in(ParameterIn::Path)
                    .required(Required::True)
                    .schema(Some(ObjectBuilder::new().schema_type(Type::String))),
            );
        }
        paths.add_path_operation(op.path, vec![http_method(op.method)], operation);
    }
    paths
}

/// The catalogue only admits these methods (its validation refuses others); `Get` stands in
/// for the impossible rest so that the operation still appears.
fn http_method(method: &str) -> HttpMethod {
    match method.to_ascii_uppercase().as_str() {
        "POST" => HttpMethod::Post,
        "PUT" => HttpMethod::Put,
        "DELETE" => HttpMethod::Delete,
        "PATCH" => HttpMethod::Patch,
        "HEAD" => HttpMethod::Head,
        "OPTIONS" => HttpMethod::Options,
        "TRACE" => HttpMethod::Trace,
        _ => HttpMethod::Get,
    }
}

/// `{project_id}` and `{publicip_id}` of `/v1/{project_id}/publicips/{publicip_id}`.
fn path_parameters(path: &str) -> impl Iterator<Item = &str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
}

fn has_entry<E: FromParts>(entry: &'static Entry) -> bool {
    let placeholders = vec![std::borrow::Cow::Borrowed(""); entry.message.params.len()];
    E::from_parts(entry, entry.statuses[0], placeholders)
        .is_some_and(|e| ptr::eq(crate::VpcError::entry(&e), entry))
}

fn responses_of_entries(catalogue: &Catalogue, entries: &[&'static Entry]) -> Responses {
    let mut by_status: BTreeMap<u16, Vec<&'static Entry>> = BTreeMap::new();
    for entry in entries {
        for &status in entry.statuses {
            by_status.entry(status).or_default().push(entry);
        }
    }
    by_status
        .into_iter()
        .map(|(status, entries)| {
            (
                status.to_string(),
                status_response(catalogue, status, &entries),
            )
        })
        .collect()
}

fn status_response(catalogue: &Catalogue, status: u16, entries: &[&'static Entry]) -> Response {
    let mut description = format!(
        "{}. The body's `code` (and, where a code repeats, its `message`) says which error:\n",
        reason_phrase(status)
    );
    let mut codes: Vec<&str> = Vec::new();
    let mut examples = BTreeMap::new();
    for entry in entries {
        let message = example_message(entry, status);
        // Writing to a String cannot fail.
        let _ = write!(
            description,
            "\n- `{}` {}: {}",
            entry.code,
            entry.name,
            code_span(&message)
        );
        if !codes.contains(&entry.code) {
            codes.push(entry.code);
        }
        let example = ExampleBuilder::new()
            .summary(format!("{}: {message}", entry.code))
            .description(example_description(entry))
            .value(Some(example_body(entry, status)));
        // Variant names are unique within a type; the code tells apart the rows of a
        // catalogue-wide listing that reuse a name.
        let key = if examples.contains_key(entry.name) {
            format!("{} ({})", entry.name, entry.code)
        } else {
            entry.name.to_owned()
        };
        examples.insert(key, example);
    }
    let content = ContentBuilder::new()
        .schema(Some(body_schema(Some(&codes), catalogue)))
        .examples_from_iter(examples)
        .build();
    ResponseBuilder::new()
        .description(description)
        .content(JSON, content)
        .build()
}

/// The description and remedy in each language the catalogue has.
fn example_description(entry: &Entry) -> String {
    let mut parts = Vec::new();
    if let Some(en) = entry.description.get("en") {
        parts.push(format!("{en} *Remedy:* {}", entry.remedy.en));
    }
    if let Some(zh) = entry.description.get("zh") {
        parts.push(format!("{zh} 处理措施：{}", entry.remedy.zh));
    }
    parts.join("\n\n")
}

/// The body as the wire carries it, each parameter shown as `{name}`: the catalogue's
/// own shape, because it is the very body the server writes.
fn example_body(entry: &'static Entry, status: u16) -> Value {
    let placeholders = placeholders(entry);
    let values: Vec<&dyn Display> = placeholders.iter().map(|p| p as &dyn Display).collect();
    let body = Parts::new(entry)
        .with_status(status)
        .with_args(&values)
        .body();
    // The renderer only writes valid JSON (a test of the renderer checks it).
    serde_json::from_str(&body).unwrap_or(Value::Null)
}

fn placeholders(entry: &Entry) -> Vec<String> {
    entry
        .message
        .params
        .iter()
        .take(MAX_ARGS)
        .map(|p| format!("{{{p}}}"))
        .collect()
}

/// The message with each parameter shown as `{name}`, as the catalogue writes templates.
fn example_message(entry: &'static Entry, status: u16) -> String {
    let placeholders = placeholders(entry);
    let values: Vec<&dyn Display> = placeholders.iter().map(|p| p as &dyn Display).collect();
    Parts::new(entry)
        .with_status(status)
        .with_args(&values)
        .message()
        .into_owned()
}

/// The catalogue's body shape (`{"code": "…", "message": "…"}` for the bundled one) and
/// nothing else; `codes` lists what the code may be.
fn body_schema(codes: Option<&[&str]>, catalogue: &Catalogue) -> ObjectBuilder {
    let example = catalogue.entries.first().map_or("VPC.0504", |e| e.code);
    let code = || {
        let code = ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(format!("The error code, e.g. `{example}`.")));
        match codes {
            Some(codes) => code.enum_values(Some(codes.iter().copied())),
            None => code,
        }
    };
    let message = || {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some("What went wrong, in English."))
    };
    let object = |members: Vec<(&str, ObjectBuilder)>| {
        members
            .into_iter()
            .fold(
                ObjectBuilder::new().schema_type(Type::Object),
                |object, (name, schema)| object.property(name, schema).required(name),
            )
            .additional_properties(Some(AdditionalProperties::FreeForm(false)))
    };
    let mut members: Vec<(&str, ObjectBuilder)> = match catalogue.wire.shape {
        BodyShape::CodeMessage => vec![("code", code()), ("message", message())],
        BodyShape::ErrorCode => vec![("error_code", code()), ("error_msg", message())],
        BodyShape::Nested => vec![(
            "error",
            object(vec![("code", code()), ("message", message())]),
        )],
        BodyShape::Dual => vec![
            ("code", code()),
            ("message", message()),
            ("error_code", code()),
            ("error_msg", message()),
        ],
    };
    if catalogue.wire.request_id {
        members.push((
            REQUEST_ID_MEMBER,
            ObjectBuilder::new()
                .schema_type(Type::String)
                .description(Some("The request's id, as in `X-Request-Id`.")),
        ));
    }
    object(members).description(Some(format!(
        "An error body of the {} API.",
        catalogue.service
    )))
}

/// Text as a Markdown code span, whatever backticks it contains.
fn code_span(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// The status's reason phrase, for a response's description.
fn reason_phrase(status: u16) -> &'static str {
    vpc_errors_internals::status::reason_phrase(status).unwrap_or("Error")
}

/// What the `utoipa` arm of `__integrations!` names.
#[doc(hidden)]
pub mod __private {
    use std::collections::BTreeMap;
    use std::marker::PhantomData;

    pub use ::utoipa;
    use utoipa::openapi::RefOr;
    use utoipa::openapi::response::Response;

    use crate::{CATALOGUE, FromParts, VpcError};

    /// The error type whose responses are asked for. A derived error type implements
    /// `VpcError` but not `FromParts`, and the arm cannot tell which it is given, so the
    /// expansion picks by method resolution on the concrete type: `Probe<T>` by value when
    /// `T: FromParts` (list its errors), else `&Probe<T>` through auto-ref (generic body).
    pub struct Probe<T>(PhantomData<fn() -> T>);

    impl<T> Probe<T> {
        /// The probe for `T`.
        #[must_use]
        pub const fn new() -> Self {
            Probe(PhantomData)
        }
    }

    impl<T> Default for Probe<T> {
        fn default() -> Self {
            Self::new()
        }
    }

    /// The map utoipa's `IntoResponses` returns.
    pub type ResponseMap = BTreeMap<String, RefOr<Response>>;

    /// Chosen for generated types.
    pub trait ViaFromParts {
        /// The responses.
        fn vpc_error_responses(&self) -> ResponseMap;
    }

    impl<E: FromParts> ViaFromParts for Probe<E> {
        fn vpc_error_responses(&self) -> ResponseMap {
            super::responses_of::<E>().into()
        }
    }

    /// Chosen otherwise.
    pub trait ViaVpcError {
        /// The responses.
        fn vpc_error_responses(&self) -> ResponseMap;
    }

    impl<E: VpcError> ViaVpcError for &Probe<E> {
        fn vpc_error_responses(&self) -> ResponseMap {
            super::generic_responses(&CATALOGUE).into()
        }
    }
}

/// `utoipa::IntoResponses` for an error type: see the [module](crate::openapi).
#[doc(hidden)]
#[macro_export]
macro_rules! __integration_utoipa {
    ($ty:ty) => {
        impl $crate::openapi::__private::utoipa::IntoResponses for $ty {
            fn responses() -> $crate::openapi::__private::ResponseMap {
                // Only one of the two applies to a given type; see `Probe`.
                #[allow(unused_imports)]
                use $crate::openapi::__private::{ViaFromParts as _, ViaVpcError as _};
                (&$crate::openapi::__private::Probe::<$ty>::new()).vpc_error_responses()
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use utoipa::IntoResponses;
    use utoipa::openapi::RefOr;

    use super::*;
    use crate::{CATALOGUE, CommonError, CreateFlowLogError, ShowVpcError};

    fn json(responses: impl serde::Serialize) -> Value {
        serde_json::to_value(responses).unwrap()
    }

    #[test]
    fn each_status_lists_every_code_it_can_carry() {
        let op = CATALOGUE.operation("ShowVpc").unwrap();
        let responses = json(responses_for(&CATALOGUE, Some(op)));
        for entry in CATALOGUE.by_operation("ShowVpc", true) {
            for status in entry.statuses {
                let content = &responses[status.to_string()]["content"][JSON];
                let codes = content["schema"]["properties"]["code"]["enum"]
                    .as_array()
                    .unwrap();
                assert!(codes.contains(&Value::from(entry.code)), "{}", entry.name);
                let example = &content["examples"][entry.name]["value"];
                assert_eq!(example["code"], entry.code);
            }
        }
        // VPC.0105 is listed as 404/500: one example under each.
        for status in ["404", "500"] {
            assert_eq!(
                responses[status]["content"][JSON]["examples"]["NeutronError"]["value"]["message"],
                "Neutron Error."
            );
        }
    }

    #[test]
    fn templates_show_their_parameters() {
        let responses = json(CreateFlowLogError::responses());
        let example = &responses["404"]["content"][JSON]["examples"]["ResourceNotFound"];
        assert_eq!(
            example["value"]["message"],
            "Port/Network/Vpc {resource_id} could not be found."
        );
        assert_eq!(
            example["summary"],
            "VPC.3002: Port/Network/Vpc {resource_id} could not be found."
        );
    }

    #[test]
    fn generated_types_document_exactly_their_variants() {
        let common: BTreeMap<String, RefOr<Response>> = CommonError::responses();
        assert_eq!(json(&common), json(responses_for(&CATALOGUE, None)));
        assert!(common.contains_key("401"));
        let show_vpc = ShowVpcError::responses();
        let op = ShowVpcError::OPERATION.unwrap();
        assert_eq!(json(&show_vpc), json(responses_for(&CATALOGUE, Some(op))));
        assert!(show_vpc.contains_key("500") && !show_vpc.contains_key("default"));
    }

    #[test]
    fn path_parameters_are_found() {
        assert_eq!(
            path_parameters("/v1/{project_id}/publicips/{publicip_id}").collect::<Vec<_>>(),
            ["project_id", "publicip_id"]
        );
        assert_eq!(path_parameters("/v1/vpcs").count(), 0);
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code_span("a`b"), "`` a`b ``");
        assert_eq!(code_span("ab"), "`ab`");
    }
}
