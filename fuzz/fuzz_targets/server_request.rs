//! The example server's request handling, end to end but in-process: its own modules
//! (`vpc-errors/examples/server/`) are compiled in and its axum router is called with
//! tower's `oneshot`, a sequence of requests against a fresh store per input, so that
//! later requests can use the ids earlier ones created.
//!
//! No request may make it panic. Every answer carries an `X-Request-Id`; a success is
//! JSON (or `204` without a body); every other answer has a catalogue error body, with
//! `Content-Type: application/json`, that decodes either as a row of the API gateway's
//! catalogue (a path or method outside the API, missing credentials, a refused fault
//! request) or as one of the requested operation's errors (its own rows or the common
//! ones) with the status it came with; and no error body quotes the token it was sent.

#![no_main]
// The server's `main` and command line are not part of the router.
#![allow(dead_code)]

#[path = "../../vpc-errors/examples/server/auth.rs"]
mod auth;
#[path = "../../vpc-errors/examples/server/availability.rs"]
mod availability;
#[path = "../../vpc-errors/examples/server/bandwidths.rs"]
mod bandwidths;
#[path = "../../vpc-errors/examples/server/cidr.rs"]
mod cidr;
#[path = "../../vpc-errors/examples/server/config.rs"]
mod config;
#[path = "../../vpc-errors/examples/server/errors.rs"]
mod errors;
#[path = "../../vpc-errors/examples/server/faults.rs"]
mod faults;
// Its `catalogue!("examples/server/gateway.yaml")` is read relative to this crate's
// manifest: `fuzz/examples/server/gateway.yaml` links to the server's.
#[path = "../../vpc-errors/examples/server/flowlogs.rs"]
mod flowlogs;
#[path = "../../vpc-errors/examples/server/gateway.rs"]
mod gateway;
#[path = "../../vpc-errors/examples/server/input.rs"]
mod input;
#[path = "../../vpc-errors/examples/server/privateips.rs"]
mod privateips;
#[path = "../../vpc-errors/examples/server/publicips.rs"]
mod publicips;
#[path = "../../vpc-errors/examples/server/quotas.rs"]
mod quotas;
#[path = "../../vpc-errors/examples/server/routes.rs"]
mod routes;
#[path = "../../vpc-errors/examples/server/securitygroups.rs"]
mod securitygroups;
#[path = "../../vpc-errors/examples/server/state.rs"]
mod state;
#[path = "../../vpc-errors/examples/server/subnets.rs"]
mod subnets;
#[path = "../../vpc-errors/examples/server/vpcs.rs"]
mod vpcs;

// As `main.rs` has them: the handlers call `crate::ok` and `crate::no_content`.
pub use routes::{no_content, ok, router};

use std::fmt::Write as _;
use std::net::Ipv4Addr;
use std::sync::OnceLock;

use arbitrary::Arbitrary;
use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Method, Request, Uri};
use ipnet::Ipv4Net;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use tower::ServiceExt as _;
use vpc_errors::client::{Decoded, decode, decode_any, decode_in};
use vpc_errors::{AnyVpcError, VpcError as _};

use crate::config::{Config, DEMO_PROJECT, DEMO_TOKEN, Grant};
use crate::state::App;

const OTHER_PROJECT: &str = "fedcba9876543210fedcba9876543210";

/// Body keys the server reads, so that structured bodies reach its rules.
const KEYS: &[&str] = &[
    "vpc",
    "subnet",
    "publicip",
    "bandwidth",
    "name",
    "cidr",
    "description",
    "enterprise_project_id",
    "gateway_ip",
    "vpc_id",
    "dhcp_enable",
    "primary_dns",
    "secondary_dns",
    "availability_zone",
    "type",
    "ip_version",
    "ip_address",
    "size",
    "share_type",
    "charge_mode",
    "port_id",
];

/// Values those keys take.
const STRINGS: &[&str] = &[
    "web",
    "生产网络",
    "10.0.0.0/16",
    "10.0.1.0/24",
    "10.0.1.1",
    "10.0.2.0/24",
    "10.0.2.1",
    "192.168.0.0/16",
    "172.16.0.0/12",
    "10.0.0.0/8",
    "10.0.0.0/33",
    "198.51.100.2",
    "198.51.100.0",
    "8.8.8.8",
    "5_bgp",
    "5_sbgp",
    "PER",
    "WHOLE",
    "bandwidth",
    "traffic",
    "0",
    "",
    "<b>",
];

/// Query keys the lists read.
const QUERY_KEYS: &[&str] = &["limit", "marker", "vpc_id"];

#[derive(Debug, Arbitrary)]
struct Input {
    requests: Vec<Req>,
}

#[derive(Debug, Arbitrary)]
struct Req {
    method: M,
    path: PathSpec,
    query: Option<QuerySpec>,
    auth: Auth,
    request_id: Option<String>,
    /// `Content-Type: application/json`, as the SDKs send: the `Json` extractors refuse
    /// a body without it before reading it, so most inputs should have it.
    untyped: bool,
    headers: Vec<(String, Vec<u8>)>,
    body: BodySpec,
}

#[derive(Debug, Arbitrary)]
enum M {
    Get,
    Post,
    Put,
    Delete,
    Head,
    Patch,
    Options,
    Other(String),
}

#[derive(Debug, Arbitrary)]
enum PathSpec {
    Api {
        project: Project,
        collection: Collection,
        ids: Vec<Id>,
        trailing_slash: bool,
    },
    Raw(String),
}

#[derive(Debug, Arbitrary)]
enum Project {
    Demo,
    Other,
    Text(String),
}

#[derive(Debug, Arbitrary)]
enum Collection {
    Vpcs,
    Subnets,
    Publicips,
    Bandwidths,
    /// `/v2.0/{project_id}/bandwidths[/{bandwidth_id}/insert|remove]`, by the number mod 3.
    SharedBandwidths(u8),
    /// `vpcs/{vpc_id}/subnets/{subnet_id}`.
    VpcSubnets,
    Text(String),
}

#[derive(Debug, Arbitrary)]
enum Id {
    /// An id an earlier response of this input carried.
    Seen(u8),
    /// A well-formed id nobody has.
    Fresh(u128),
    Text(String),
}

#[derive(Debug, Arbitrary)]
enum QuerySpec {
    Pairs(Vec<(u8, QueryValue)>),
    Raw(String),
}

#[derive(Debug, Arbitrary)]
enum QueryValue {
    Number(i64),
    Id(Id),
    Text(String),
}

#[derive(Debug, Arbitrary)]
enum Auth {
    None,
    Demo,
    ReadOnly,
    OtherProject,
    /// A token nobody configured; it must never be quoted back.
    Secret(String),
    /// The SDKs' signature header with `X-Project-Id`.
    Signature {
        project: Project,
        signature: Option<String>,
    },
    Raw(Vec<u8>),
}

#[derive(Debug, Arbitrary)]
enum BodySpec {
    Empty,
    Raw(Vec<u8>),
    Json(Json),
    /// Past the server's limit, in KiB over it.
    Huge(u8),
}

#[derive(Debug, Arbitrary)]
enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Str),
    Array(Vec<Json>),
    Object(Vec<(Key, Json)>),
}

#[derive(Debug, Arbitrary)]
enum Key {
    Known(u8),
    Text(String),
}

#[derive(Debug, Arbitrary)]
enum Str {
    Known(u8),
    Id(Id),
    Text(String),
}

/// What the requests of one input share: the ids seen so far.
struct Seen(Vec<String>);

impl Seen {
    fn id(&self, id: &Id) -> String {
        match id {
            Id::Seen(i) if !self.0.is_empty() => self.0[usize::from(*i) % self.0.len()].clone(),
            Id::Seen(_) => "0b7e3c4a-1d2f-4e5a-8b9c-0d1e2f3a4b5c".to_owned(),
            Id::Fresh(n) => {
                let hex = format!("{n:032x}");
                format!(
                    "{}-{}-{}-{}-{}",
                    &hex[..8],
                    &hex[8..12],
                    &hex[12..16],
                    &hex[16..20],
                    &hex[20..]
                )
            }
            Id::Text(text) => text.clone(),
        }
    }

    /// Every `"id"` of a response, at any depth.
    fn collect(&mut self, value: &Value) {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    match value {
                        Value::String(id) if key == "id" && !self.0.contains(id) => {
                            self.0.push(id.clone());
                        }
                        other => self.collect(other),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| self.collect(v)),
            _ => {}
        }
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn project(p: &Project) -> String {
    match p {
        Project::Demo => DEMO_PROJECT.to_owned(),
        Project::Other => OTHER_PROJECT.to_owned(),
        Project::Text(text) => text.clone(),
    }
}

fn path(spec: &PathSpec, seen: &Seen) -> String {
    match spec {
        PathSpec::Raw(text) => text.clone(),
        PathSpec::Api {
            project: p,
            collection,
            ids,
            trailing_slash,
        } => {
            let version = if matches!(collection, Collection::SharedBandwidths(_)) {
                "v2.0"
            } else {
                "v1"
            };
            let mut out = format!("/{version}/{}", encode(&project(p)));
            let id = |i: usize| ids.get(i).map(|id| encode(&seen.id(id)));
            let mut push = |segment: &str| {
                out.push('/');
                out.push_str(segment);
            };
            match collection {
                Collection::Vpcs => push("vpcs"),
                Collection::Subnets => push("subnets"),
                Collection::Publicips => push("publicips"),
                Collection::Bandwidths => push("bandwidths"),
                Collection::SharedBandwidths(action) => {
                    push("bandwidths");
                    if let Some(id) = id(0) {
                        push(&id);
                        match action % 3 {
                            1 => push("insert"),
                            2 => push("remove"),
                            _ => {}
                        }
                    }
                }
                Collection::VpcSubnets => {
                    push("vpcs");
                    push(&id(0).unwrap_or_default());
                    push("subnets");
                    if let Some(id) = id(1) {
                        push(&id);
                    }
                }
                Collection::Text(text) => push(&encode(text)),
            }
            if !matches!(
                collection,
                Collection::VpcSubnets | Collection::SharedBandwidths(_)
            ) && let Some(id) = id(0)
            {
                push(&id);
            }
            if *trailing_slash {
                out.push('/');
            }
            out
        }
    }
}

fn query(spec: &QuerySpec, seen: &Seen) -> String {
    match spec {
        QuerySpec::Raw(text) => text.clone(),
        QuerySpec::Pairs(pairs) => pairs
            .iter()
            .map(|(key, value)| {
                let key = QUERY_KEYS[usize::from(*key) % QUERY_KEYS.len()];
                let value = match value {
                    QueryValue::Number(n) => n.to_string(),
                    QueryValue::Id(id) => encode(&seen.id(id)),
                    QueryValue::Text(text) => encode(text),
                };
                format!("{key}={value}")
            })
            .collect::<Vec<_>>()
            .join("&"),
    }
}

fn json(value: &Json, seen: &Seen) -> Value {
    match value {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Int(n) => Value::from(*n),
        Json::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        Json::Str(Str::Known(i)) => Value::from(STRINGS[usize::from(*i) % STRINGS.len()]),
        Json::Str(Str::Id(id)) => Value::from(seen.id(id)),
        Json::Str(Str::Text(text)) => Value::from(text.as_str()),
        Json::Array(items) => Value::Array(items.iter().map(|v| json(v, seen)).collect()),
        Json::Object(members) => Value::Object(
            members
                .iter()
                .map(|(key, value)| {
                    let key = match key {
                        Key::Known(i) => KEYS[usize::from(*i) % KEYS.len()].to_owned(),
                        Key::Text(text) => text.clone(),
                    };
                    (key, json(value, seen))
                })
                .collect(),
        ),
    }
}

fn body(spec: &BodySpec, seen: &Seen) -> Vec<u8> {
    match spec {
        BodySpec::Empty => Vec::new(),
        BodySpec::Raw(bytes) => bytes.clone(),
        BodySpec::Json(value) => json(value, seen).to_string().into_bytes(),
        BodySpec::Huge(kib) => {
            let pad = "d".repeat(input::BODY_LIMIT + 1024 * usize::from(*kib % 8));
            format!(
                r#"{{"vpc": {{"name": "web", "cidr": "10.0.0.0/16", "description": "{pad}"}}}}"#
            )
            .into_bytes()
        }
    }
}

/// The operation a route serves, as the router's table says.
fn operation(method: &Method, path: &str) -> Option<&'static str> {
    let segments: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
    if segments.iter().any(|s| s.is_empty()) {
        return None;
    }
    let m = method.as_str();
    Some(match (segments.as_slice(), m) {
        (["v1", _, "vpcs"], "GET") => "ListVpcs",
        (["v1", _, "vpcs"], "POST") => "CreateVpc",
        (["v1", _, "vpcs", _], "GET") => "ShowVpc",
        (["v1", _, "vpcs", _], "PUT") => "UpdateVpc",
        (["v1", _, "vpcs", _], "DELETE") => "DeleteVpc",
        (["v1", _, "subnets"], "GET") => "ListSubnets",
        (["v1", _, "subnets"], "POST") => "CreateSubnet",
        (["v1", _, "subnets", _], "GET") => "ShowSubnet",
        (["v1", _, "vpcs", _, "subnets", _], "PUT") => "UpdateSubnet",
        (["v1", _, "vpcs", _, "subnets", _], "DELETE") => "DeleteSubnet",
        (["v1", _, "publicips"], "GET") => "ListPublicips",
        (["v1", _, "publicips"], "POST") => "CreatePublicip",
        (["v1", _, "publicips", _], "GET") => "ShowPublicip",
        (["v1", _, "publicips", _], "PUT") => "UpdatePublicip",
        (["v1", _, "publicips", _], "DELETE") => "DeletePublicip",
        (["v1", _, "security-groups"], "GET") => "ListSecurityGroups",
        (["v1", _, "security-groups"], "POST") => "CreateSecurityGroup",
        (["v1", _, "security-groups", _], "GET") => "ShowSecurityGroup",
        (["v1", _, "security-group-rules"], "POST") => "CreateSecurityGroupRule",
        (["v1", _, "fl", "flow_logs"], "GET") => "ListFlowLogs",
        (["v1", _, "fl", "flow_logs"], "POST") => "CreateFlowLog",
        (["v1", _, "fl", "flow_logs", _], "GET") => "ShowFlowLog",
        (["v1", _, "fl", "flow_logs", _], "PUT") => "UpdateFlowLog",
        (["v1", _, "fl", "flow_logs", _], "DELETE") => "DeleteFlowLog",
        (["v1", _, "privateips"], "POST") => "CreatePrivateip",
        (["v1", _, "privateips", _], "GET") => "ShowPrivateip",
        (["v1", _, "privateips", _], "DELETE") => "DeletePrivateip",
        (["v1", _, "subnets", _, "privateips"], "GET") => "ListPrivateips",
        (["v2.0", "network-ip-availabilities", _], "GET") => "ShowNetworkIpAvailabilities",
        (["v1", _, "quotas"], "GET") => "ShowQuota",
        (["v1", _, "bandwidths"], "GET") => "ListBandwidths",
        (["v1", _, "bandwidths", _], "GET") => "ShowBandwidth",
        (["v1", _, "bandwidths", _], "PUT") => "UpdateBandwidth",
        (["v2.0", _, "bandwidths"], "POST") => "CreateSharedBandwidth",
        (["v2.0", _, "bandwidths", _, "insert"], "POST") => "AddPublicipsIntoSharedBandwidth",
        (["v2.0", _, "bandwidths", _, "remove"], "POST") => "RemovePublicipsFromSharedBandwidth",
        _ => return None,
    })
}

fn config() -> Config {
    let mut config = Config {
        port: 0,
        vpc_quota: 2,
        publicip_quota: 2,
        publicip_pool: Ipv4Net::new_assert(Ipv4Addr::new(198, 51, 100, 0), 29),
        ..Config::default()
    };
    config.tokens.insert(
        "reader".into(),
        Grant {
            project: DEMO_PROJECT.into(),
            read_only: true,
        },
    );
    config.tokens.insert(
        "other".into(),
        Grant {
            project: OTHER_PROJECT.into(),
            read_only: false,
        },
    );
    config
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a current-thread runtime")
    })
}

fuzz_target!(|input: Input| {
    let app = App::new(config());
    let mut seen = Seen(Vec::new());
    for req in input.requests.iter().take(8) {
        run(&app, req, &mut seen);
    }
});

fn run(app: &App, req: &Req, seen: &mut Seen) {
    let method = match &req.method {
        M::Get => Method::GET,
        M::Post => Method::POST,
        M::Put => Method::PUT,
        M::Delete => Method::DELETE,
        M::Head => Method::HEAD,
        M::Patch => Method::PATCH,
        M::Options => Method::OPTIONS,
        M::Other(name) => match Method::from_bytes(name.as_bytes()) {
            Ok(method) => method,
            Err(_) => return,
        },
    };
    let mut target = path(&req.path, seen);
    if let Some(q) = &req.query {
        target.push('?');
        target.push_str(&query(q, seen));
    }
    // What the HTTP layer would refuse before the server sees it is not this test's.
    let Ok(uri) = target.parse::<Uri>() else {
        return;
    };
    let mut request = Request::builder().method(method.clone()).uri(uri);
    let mut secret = None;
    let token = |value: &[u8]| HeaderValue::from_bytes(value).ok();
    let mut auth_headers: Vec<(&str, HeaderValue)> = Vec::new();
    match &req.auth {
        Auth::None => {}
        Auth::Demo => auth_headers.push(("x-auth-token", HeaderValue::from_static(DEMO_TOKEN))),
        Auth::ReadOnly => auth_headers.push(("x-auth-token", HeaderValue::from_static("reader"))),
        Auth::OtherProject => {
            auth_headers.push(("x-auth-token", HeaderValue::from_static("other")));
        }
        Auth::Secret(text) => {
            let value = format!("SECRET-{text}");
            if let Some(value) = token(value.as_bytes()) {
                auth_headers.push(("x-auth-token", value));
                secret = Some("SECRET");
            }
        }
        Auth::Signature {
            project: p,
            signature,
        } => {
            let header = signature.clone().unwrap_or_else(|| {
                "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=0a1b".into()
            });
            if let Some(value) = token(header.as_bytes()) {
                auth_headers.push(("authorization", value));
            }
            if let Some(value) = token(project(p).as_bytes()) {
                auth_headers.push(("x-project-id", value));
            }
        }
        Auth::Raw(bytes) => {
            if let Some(value) = token(bytes) {
                auth_headers.push(("x-auth-token", value));
            }
        }
    }
    for (name, value) in auth_headers {
        request = request.header(name, value);
    }
    if let Some(id) = &req.request_id
        && let Some(value) = token(id.as_bytes())
    {
        request = request.header("x-request-id", value);
    }
    if !req.untyped {
        request = request.header("content-type", "application/json");
    }
    for (name, value) in req.headers.iter().take(4) {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_bytes(value),
        ) {
            request = request.header(name, value);
        }
    }
    let Ok(request) = request.body(Body::from(body(&req.body, seen))) else {
        return;
    };

    let response = runtime()
        .block_on(router(app.clone()).oneshot(request))
        .unwrap_or_else(|never| match never {});
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = runtime()
        .block_on(axum::body::to_bytes(response.into_body(), usize::MAX))
        .expect("a response body is readable");
    let context = || {
        format!(
            "{method} {target} -> {status} {}",
            String::from_utf8_lossy(&bytes)
        )
    };

    assert!(
        headers.contains_key("x-request-id"),
        "no request id: {}",
        context()
    );
    if method == Method::HEAD {
        return;
    }
    if (200..300).contains(&status) {
        if status == 204 {
            assert!(bytes.is_empty(), "{}", context());
        } else {
            let value: Value = serde_json::from_slice(&bytes)
                .unwrap_or_else(|e| panic!("a success that is not JSON ({e}): {}", context()));
            seen.collect(&value);
        }
        return;
    }
    assert!(!bytes.is_empty(), "a bare {status}: {}", context());
    assert_eq!(
        headers.get("content-type").map(HeaderValue::as_bytes),
        Some(&b"application/json"[..]),
        "{}",
        context()
    );
    let gateway = decode_in(&gateway::CATALOGUE, status, &bytes);
    let any = if let Ok(Decoded::Known(any)) = gateway {
        any
    } else {
        match decode::<AnyVpcError>(status, &bytes).expect("an error body within the contract") {
            Decoded::Known(any) => any,
            Decoded::Unknown(_) => panic!("not a catalogue error: {}", context()),
        }
    };
    if any.entry().code.starts_with("VPC.")
        && let Some(op) = operation(&method, uri_path(&target))
    {
        let decoded = decode_any(op, status, &bytes).expect("an error body within the contract");
        match decoded {
            Decoded::Known(e) => assert!(e.entry().applies_to(op)),
            Decoded::Unknown(u) => panic!("not an error of {op} ({}): {}", u.reason(), context()),
        }
    }
    if let Some(secret) = secret {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(secret),
            "the token is quoted back: {}",
            context()
        );
    }
    let _ = any.code();
}

fn uri_path(target: &str) -> &str {
    target.split(['?', '#']).next().unwrap_or_default()
}
