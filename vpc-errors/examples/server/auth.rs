//! Who is calling, and may they touch this project?
//!
//! Two ways in, as the cloud's own clients authenticate:
//!
//! - `X-Auth-Token: <token>`: an IAM token in the cloud; here one of the configured
//!   tokens, each mapped to a project (and possibly read-only);
//! - `Authorization: SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…` with
//!   `X-Project-Id`: what the official SDKs send with an access key. **The signature is
//!   not verified** (the server knows no secret keys): a well-formed header is accepted
//!   and the project is taken from `X-Project-Id`. Fine for a local test double, never
//!   for anything reachable by others.
//!
//! Either way the project in the URL must be the caller's (VPC.0007 otherwise), as in the
//! cloud, where a token is scoped to one project.
//!
//! Who answers a refusal follows the cloud too: the API gateway checks that credentials
//! are there and well-formed before the VPC service sees the request, so no credentials,
//! an `Authorization` that is not a signature, and a signature without `X-Project-Id`
//! answer the gateway's `APIGW.0301` (the VPC table has no row for them). A token that
//! is not a configured one answers the VPC table's own `VPC.0008`.

use axum::http::{HeaderMap, HeaderValue};
use vpc_errors::extract::{self, Authenticate, Authenticated, Headers};
use vpc_errors::registry::Operation;

use crate::state::App;

/// What a request wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Show and list.
    Read,
    /// Create, update and delete.
    Write,
}

/// An authorized caller.
pub struct Caller {
    /// Their project, the one in the URL.
    pub project: String,
}

/// Why a request is refused before anything else is looked at: the gateway's refusals
/// ([`gateway_refusal`]) and the VPC service's (through [`Auth`]).
#[derive(Debug)]
pub enum Denied {
    /// Neither `X-Auth-Token` nor `Authorization`.
    NoCredentials,
    /// An `X-Auth-Token` that is not a configured token.
    UnknownToken,
    /// An `Authorization` that is not an `SDK-HMAC-SHA256` signature header.
    NotASignature,
    /// A signed request without `X-Project-Id`.
    NoProjectHeader,
    /// A read-only token asked for a change.
    ReadOnly,
}

/// A handler's caller, authenticated for the operation whose error type is `E`: a refusal
/// answers `E`'s common rows (`VPC.0008`, `VPC.2701`, and `VPC.0007` for a URL naming
/// another project). What the gateway refuses never gets this far ([`gateway_refusal`]).
pub type Auth<E> = Authenticated<E, App>;

/// The server's credentials check for vpc-errors' `Authenticated` extractor: a show or list
/// (`GET`) reads, everything else changes.
impl Authenticate for App {
    type Caller = Caller;

    async fn authenticate(
        &self,
        headers: &Headers<'_>,
        operation: Option<&'static Operation>,
    ) -> Result<Caller, extract::Denied> {
        let access = match operation {
            Some(operation) if operation.method == "GET" => Access::Read,
            _ => Access::Write,
        };
        let header = |name| headers.get(name);
        match grant(
            self,
            header("x-auth-token"),
            header("authorization"),
            header("x-project-id"),
            access,
        ) {
            Ok(project) => Ok(Caller { project }),
            Err(Denied::ReadOnly) => Err(extract::Denied::forbidden(
                "a read-only token asked for a change",
            )),
            Err(denied) => Err(extract::Denied::unauthenticated(format!("{denied:?}"))),
        }
    }

    fn project(caller: &Caller) -> &str {
        &caller.project
    }
}

/// What the API gateway refuses before the service sees the request: no credentials, an
/// `Authorization` that is not a signature, a signature without `X-Project-Id`.
pub fn gateway_refusal(headers: &HeaderMap) -> Option<Denied> {
    let header = |name| headers.get(name).map(HeaderValue::as_bytes);
    if header("x-auth-token").is_some() {
        return None;
    }
    let Some(authorization) = header("authorization") else {
        return Some(Denied::NoCredentials);
    };
    if !std::str::from_utf8(authorization).is_ok_and(is_signature) {
        return Some(Denied::NotASignature);
    }
    match header("x-project-id") {
        Some(project) if !project.is_empty() && std::str::from_utf8(project).is_ok() => None,
        _ => Some(Denied::NoProjectHeader),
    }
}

/// The project the credentials (header values, as bytes) are for, if they may `access` it.
fn grant(
    app: &App,
    token: Option<&[u8]>,
    authorization: Option<&[u8]>,
    project: Option<&[u8]>,
    access: Access,
) -> Result<String, Denied> {
    fn text(value: &[u8]) -> Option<&str> {
        std::str::from_utf8(value).ok()
    }
    let (project, read_only) = if let Some(token) = token {
        // A token that is not visible ASCII cannot be a configured one.
        let grant = text(token)
            .and_then(|token| app.config().tokens.get(token))
            .ok_or(Denied::UnknownToken)?;
        (grant.project.clone(), grant.read_only)
    } else if let Some(authorization) = authorization {
        if !text(authorization).is_some_and(is_signature) {
            return Err(Denied::NotASignature);
        }
        let project = project
            .and_then(text)
            .filter(|p| !p.is_empty())
            .ok_or(Denied::NoProjectHeader)?;
        (project.to_owned(), false)
    } else {
        return Err(Denied::NoCredentials);
    };
    if read_only && access == Access::Write {
        return Err(Denied::ReadOnly);
    }
    Ok(project)
}

/// Whether `value` has the shape of the SDKs' signature header:
/// `SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=<hex>`.
/// Only the shape: the signature itself is not checked (see the module docs).
fn is_signature(value: &str) -> bool {
    let Some(params) = value.strip_prefix("SDK-HMAC-SHA256 ") else {
        return false;
    };
    let (mut access, mut signed_headers, mut signature) = (false, false, false);
    for param in params.split(',') {
        let Some((key, value)) = param.trim().split_once('=') else {
            return false;
        };
        if value.is_empty() {
            return false;
        }
        match key {
            "Access" => access = true,
            "SignedHeaders" => signed_headers = true,
            "Signature" => signature = value.bytes().all(|b| b.is_ascii_hexdigit()),
            _ => return false,
        }
    }
    access && signed_headers && signature
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_headers_are_recognised_by_shape() {
        assert!(is_signature(
            "SDK-HMAC-SHA256 Access=AKIDEXAMPLE, SignedHeaders=content-type;host;x-sdk-date, Signature=0a1b2c"
        ));
        for bad in [
            "",
            "Bearer abc",
            "SDK-HMAC-SHA256",
            "SDK-HMAC-SHA256 ",
            "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host",
            "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=",
            "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=xyz",
            "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=00, Extra=1",
            "SDK-HMAC-SHA256 Access, SignedHeaders=host, Signature=00",
        ] {
            assert!(!is_signature(bad), "{bad:?}");
        }
    }
}
