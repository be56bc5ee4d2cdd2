//! Faults on demand: with `--faults`, a request whose `X-Vpc-Fault` header names an error
//! row is answered with exactly that row, for rows no real condition of this server
//! produces (a backend failure such as `Neutron Error.`, the 500s, the gateway's 429).
//!
//! ```text
//! X-Vpc-Fault: VPC.0105                    the row by code
//! X-Vpc-Fault: NeutronError                by name (the generated variant's)
//! X-Vpc-Fault: VPC.0504; status=500        the status, where the row lists several
//! X-Vpc-Fault: VPC.0206; network_id=n-1    the values of the row's message template
//! ```
//!
//! The rows are those of the request's operation (its own and the common ones) and the API
//! gateway's; the operation is the catalogue's own for the route's method and path, so every
//! route the catalogue has an operation for takes faults with no code of its own. The fault
//! is answered before the handler runs (credentials are not looked at, nothing changes).
//!
//! A header that names no row of the operation, or not exactly one, is refused with the
//! gateway's parameter row (`APIGW.0201`, 400 `API request error.`): a catalogue row, so a
//! client decodes it like any other, while what was wrong, with the operation's rows, is in
//! the `X-Vpc-Fault-Error` response header and the access log. Without `--faults` the
//! header is ignored.

use std::borrow::Cow;
use std::fmt::Write as _;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use vpc_errors::registry::{Entry, Operation};
use vpc_errors::{AnyVpcError, VpcError, vpc_error};

use crate::gateway;
use crate::state::App;

/// The request header that names a fault.
pub const FAULT_HEADER: HeaderName = HeaderName::from_static("x-vpc-fault");

/// The response header that says why a fault request was refused.
pub const FAULT_ERROR_HEADER: HeaderName = HeaderName::from_static("x-vpc-fault-error");

/// At most this many bytes of the request's own text are quoted back in a refusal.
const QUOTE_LIMIT: usize = 64;

/// Middleware for the routes (a route layer, so the matched path is known): answers the
/// fault the request names, when faults are on and the route is a catalogue operation.
pub async fn inject(State(app): State<App>, request: Request, next: Next) -> Response {
    if !app.config().faults {
        return next.run(request).await;
    }
    let Some(spec) = request.headers().get(FAULT_HEADER) else {
        return next.run(request).await;
    };
    let matched = request.extensions().get::<MatchedPath>();
    let Some(operation) = matched.and_then(|path| operation(request.method(), path.as_str()))
    else {
        // A method the path has no operation for: the gateway's fallback answers.
        return next.run(request).await;
    };
    match fault(operation, spec) {
        Ok(error) => {
            tracing::debug!(target: "server", code = error.code(), "fault requested by {FAULT_HEADER}");
            error.into_response()
        }
        Err(refused) => refusal(&refused),
    }
}

/// The catalogue operation served at `method` and the route `path`
/// (`/v1/{project_id}/vpcs`), written as the catalogue writes it.
pub fn operation(method: &Method, path: &str) -> Option<&'static Operation> {
    vpc_errors::CATALOGUE
        .operations
        .iter()
        .find(|op| op.method == method.as_str() && op.path == path)
}

/// The error `spec` (an `X-Vpc-Fault` value) names for `operation`, or why it names none.
pub fn fault(operation: &'static Operation, spec: &HeaderValue) -> Result<AnyVpcError, String> {
    let Ok(spec) = spec.to_str() else {
        return Err(format!(
            "{FAULT_HEADER} must be visible ASCII: ROW[; status=N][; name=value]..."
        ));
    };
    let mut parts = spec.split(';').map(str::trim);
    let row = parts.next().unwrap_or_default();
    if row.is_empty() {
        return Err(format!(
            "{FAULT_HEADER} names no row: ROW[; status=N][; name=value]..."
        ));
    }
    let mut status = None;
    let mut values: Vec<(&str, &str)> = Vec::new();
    for part in parts.filter(|p| !p.is_empty()) {
        let Some((key, value)) = part.split_once('=') else {
            return Err(format!("`{}` is not name=value", quote(part)));
        };
        let (key, value) = (key.trim(), value.trim());
        if key == "status" {
            let parsed = value
                .parse::<u16>()
                .map_err(|_| format!("status `{}` is not a number", quote(value)))?;
            status = Some(parsed);
        } else if values.iter().any(|(k, _)| *k == key) {
            return Err(format!("`{}` is given twice", quote(key)));
        } else {
            values.push((key, value));
        }
    }
    let entry = row_of(operation, row, status)?;
    let status = match (status, entry.statuses) {
        (Some(status), _) => status,
        (None, [only]) => *only,
        (None, statuses) => {
            return Err(format!(
                "{} {} is answered with {}: add `; status=N`",
                entry.code,
                entry.name,
                list_statuses(statuses)
            ));
        }
    };
    let params = entry.message.params;
    if let Some((key, _)) = values.iter().find(|(k, _)| !params.contains(k)) {
        return Err(format!(
            "{} {} has no template value `{}`; {}",
            entry.code,
            entry.name,
            quote(key),
            needs(params)
        ));
    }
    let args = params
        .iter()
        .map(|param| {
            values
                .iter()
                .find(|(k, _)| k == param)
                .map(|(_, v)| Cow::Owned((*v).to_owned()))
        })
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| format!("{} {} {}", entry.code, entry.name, needs(params)))?;
    AnyVpcError::from_row(entry, status, args)
        .ok_or_else(|| format!("{} {} cannot be built", entry.code, entry.name))
}

/// The one row `row` (a code or a name) and `status` pick among `operation`'s rows (its own
/// and the common ones) or, when none of those is meant, the gateway's.
fn row_of(
    operation: &'static Operation,
    row: &str,
    status: Option<u16>,
) -> Result<&'static Entry, String> {
    let is_meant = |e: &&Entry| e.code == row || e.name == row;
    let mut found: Vec<&'static Entry> = vpc_errors::CATALOGUE
        .by_operation(operation.name, true)
        .filter(is_meant)
        .collect();
    if found.is_empty() {
        found = gateway::CATALOGUE.entries.iter().filter(is_meant).collect();
    }
    if found.is_empty() {
        return Err(format!(
            "{} has no row `{}`; its rows: {}; or any of the gateway's (APIGW.*)",
            operation.name,
            quote(row),
            rows_of(operation)
        ));
    }
    if let Some(status) = status {
        let all = found.clone();
        found.retain(|e| e.has_status(status));
        if found.is_empty() {
            let mut listed = String::new();
            for e in all {
                let _ = write!(
                    listed,
                    "{}{} {} ({})",
                    if listed.is_empty() { "" } else { ", " },
                    e.code,
                    e.name,
                    list_statuses(e.statuses)
                );
            }
            return Err(format!(
                "{} answers `{}` with no status {status}: {listed}",
                operation.name,
                quote(row)
            ));
        }
    }
    match found.as_slice() {
        [one] => Ok(one),
        several => {
            let names: Vec<_> = several.iter().map(|e| e.name).collect();
            Err(format!(
                "`{}` is several rows of {}: name one of {}",
                quote(row),
                operation.name,
                names.join(", ")
            ))
        }
    }
}

/// `operation`'s rows, `VPC.0101 InvalidParam (400)`, comma-separated.
fn rows_of(operation: &Operation) -> String {
    let mut out = String::new();
    for e in vpc_errors::CATALOGUE.by_operation(operation.name, true) {
        if !out.is_empty() {
            out.push_str(", ");
        }
        let _ = write!(out, "{} {} ({})", e.code, e.name, list_statuses(e.statuses));
    }
    out
}

fn list_statuses(statuses: &[u16]) -> String {
    let statuses: Vec<_> = statuses.iter().map(u16::to_string).collect();
    statuses.join(" or ")
}

fn needs(params: &[&str]) -> String {
    if params.is_empty() {
        "takes no template values".to_owned()
    } else {
        format!("needs `; {}=...`", params.join("=...; "))
    }
}

/// At most [`QUOTE_LIMIT`] bytes of the request's `text`, escaped to visible ASCII so it
/// can travel in a header and a log line whatever it holds.
fn quote(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if out.len() >= QUOTE_LIMIT {
            out.push_str("...");
            break;
        }
        if c == ' ' || c.is_ascii_graphic() && c != '\\' {
            out.push(c);
        } else {
            out.extend(c.escape_default());
        }
    }
    out
}

/// The refusal of a fault request: the gateway's parameter row, the reason in
/// [`FAULT_ERROR_HEADER`] and the access log.
fn refusal(reason: &str) -> Response {
    let mut response = gateway::answer(
        vpc_error!(crate::gateway::Common::RequestError),
        &format!("{FAULT_HEADER} refused: {reason}"),
    );
    // The reason is built from catalogue names and escaped quotes: visible ASCII, so the
    // fallback never happens; it keeps this path free of panics.
    let value = HeaderValue::from_str(reason)
        .unwrap_or_else(|_| HeaderValue::from_static("the fault request was refused"));
    response.headers_mut().insert(FAULT_ERROR_HEADER, value);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(name: &str) -> &'static Operation {
        vpc_errors::CATALOGUE.operation(name).unwrap()
    }

    fn try_fault(operation: &str, spec: &str) -> Result<AnyVpcError, String> {
        fault(op(operation), &HeaderValue::from_str(spec).unwrap())
    }

    #[test]
    fn rows_are_named_by_code_or_name() {
        let by_code = try_fault("ShowVpc", "VPC.0105; status=500").unwrap();
        let by_name = try_fault("ShowVpc", " NeutronError ;status = 500 ").unwrap();
        assert_eq!(by_code.entry(), by_name.entry());
        assert_eq!((by_code.code(), by_code.status()), ("VPC.0105", 500));
        assert_eq!(by_code.message(), "Neutron Error.");
        // A common row, and a gateway row, for any operation.
        assert_eq!(try_fault("ShowVpc", "VPC.0008").unwrap().status(), 401);
        let throttled = try_fault("ShowVpc", "APIGW.0308").unwrap();
        assert_eq!((throttled.status(), throttled.code()), (429, "APIGW.0308"));
    }

    #[test]
    fn statuses_and_template_values_are_asked_for() {
        // Every row with several statuses needs one named, and answers the one named.
        let multi = vpc_errors::CATALOGUE
            .entries
            .iter()
            .find(|e| e.statuses.len() > 1 && !e.common && e.message.params.is_empty())
            .expect("the table has rows with several statuses");
        let operation = multi.operations[0];
        let e = try_fault(operation, multi.code).unwrap_err();
        assert!(e.contains("add `; status=N`"), "{e}");
        for &status in multi.statuses {
            let spec = format!("{}; status={status}", multi.name);
            assert_eq!(try_fault(operation, &spec).unwrap().status(), status);
        }
        let e = try_fault(operation, &format!("{}; status=299", multi.name)).unwrap_err();
        assert!(e.contains("no status 299"), "{e}");

        let template = vpc_errors::CATALOGUE
            .entries
            .iter()
            .find(|e| !e.common && e.message.params.len() == 1)
            .expect("the table has templates");
        let (operation, param) = (template.operations[0], template.message.params[0]);
        let status = template.statuses[0];
        let spec = format!("{}; status={status}; {param}=n-1", template.name);
        let e = try_fault(operation, &spec).unwrap();
        assert!(e.message().contains("n-1"), "{}", e.message());
        let e = try_fault(operation, &format!("{}; status={status}", template.name)).unwrap_err();
        assert!(e.contains(&format!("needs `; {param}=...`")), "{e}");
        let e = try_fault(operation, &format!("{spec}; other=1")).unwrap_err();
        assert!(e.contains("no template value `other`"), "{e}");
    }

    #[test]
    fn a_row_the_operation_lacks_is_refused_with_its_rows() {
        // DeletePublicip's own row, asked of CreateVpc.
        let e = try_fault("CreateVpc", "VPC.0517").unwrap_err();
        assert!(
            e.starts_with("CreateVpc has no row `VPC.0517`; its rows: "),
            "{e}"
        );
        assert!(e.contains("VPC.0115"), "{e}");
        assert!(!e.contains("VPC.0517 "), "{e}");
        for (spec, needle) in [
            ("", "names no row"),
            ("; status=500", "names no row"),
            ("VPC.0115; status=abc", "status `abc` is not a number"),
            ("VPC.0115; junk", "`junk` is not name=value"),
            ("VPC.0115; a=1; a=2", "`a` is given twice"),
        ] {
            let e = try_fault("CreateVpc", spec).unwrap_err();
            assert!(e.contains(needle), "{spec:?}: {e}");
        }
    }

    #[test]
    fn hostile_values_are_quoted_short_and_visible() {
        let long = "X".repeat(10_000);
        let e = try_fault("CreateVpc", &long).unwrap_err();
        assert!(e.len() < 4_000, "{}", e.len());
        assert!(HeaderValue::from_str(&e).is_ok());
        let tab = try_fault("CreateVpc", "VPC.\t0115\\").unwrap_err();
        assert!(tab.contains(r"`VPC.\t0115\\`"), "{tab}");
        let bytes = HeaderValue::from_bytes(b"VPC.0115\xff").unwrap();
        let e = fault(op("CreateVpc"), &bytes).unwrap_err();
        assert!(e.contains("visible ASCII"), "{e}");
    }

    #[test]
    fn every_operation_is_found_by_its_method_and_path() {
        for op in vpc_errors::CATALOGUE.operations {
            let method = Method::from_bytes(op.method.as_bytes()).unwrap();
            assert_eq!(operation(&method, op.path), Some(op));
        }
        assert_eq!(operation(&Method::PATCH, "/v1/{project_id}/vpcs"), None);
    }
}
