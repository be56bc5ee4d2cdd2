//! End to end: the server on an ephemeral port of 127.0.0.1, driven over real HTTP/1.1
//! by a small client written on tokio's `TcpStream`, each answer checked on its status
//! and exact body bytes. The error bodies are spelled out here, not taken from the
//! crate: the test checks the wire contract, not the code against itself.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU32, Ordering};

use std::fmt::Write as _;
use std::io::{Read as _, Write as _};

use serde_json::Value;
use tokio::net::TcpListener;

use crate::config::{Config, DEMO_PROJECT, DEMO_TOKEN, Grant};

/// Bandwidths, dedicated and shared, and their operations' rows.
mod bandwidths;
/// Flow logs.
mod flowlogs;
/// The API gateway's answers, and faults on demand.
mod gateway;
/// Private IPs, network IP availability and quotas.
mod privateips;
/// Every row of the operations here, by fault (`rows.md`).
mod rows;
/// Security groups and their rules.
mod securitygroups;
use crate::state::App;

/// The demo project: every path of the scenario is in it.
const P: &str = DEMO_PROJECT;

/// A server with small quotas, so the scenario reaches them, and a read-only token.
async fn start() -> SocketAddr {
    let mut config = Config {
        port: 0,
        vpc_quota: 2,
        publicip_quota: 2,
        ..Config::default()
    };
    config.tokens.insert(
        "reader".into(),
        Grant {
            project: P.into(),
            read_only: true,
        },
    );
    config.tokens.insert(
        "other".into(),
        Grant {
            project: "fedcba9876543210fedcba9876543210".into(),
            read_only: false,
        },
    );
    serve(config).await
}

async fn serve(config: Config) -> SocketAddr {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port))
        .await
        .expect("bind 127.0.0.1:0");
    let address = listener.local_addr().expect("local address");
    let app = crate::router(App::new(config));
    tokio::spawn(async move { axum::serve(listener, app).await });
    address
}

/// An HTTP response as it came off the wire.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    /// The status and exact body of a catalogue error, sent as JSON.
    #[track_caller]
    fn assert_error(&self, status: u16, body: &str) {
        assert_eq!(
            (self.status, self.body.as_str()),
            (status, body),
            "{self:?}"
        );
        assert_eq!(self.header("content-type"), Some("application/json"));
    }

    /// The status and exact body of an API gateway error: its code and message, and the
    /// response's request id, which the body repeats.
    #[track_caller]
    fn assert_gateway(&self, status: u16, code: &str, message: &str) {
        let id = self.header("x-request-id").expect("a request id");
        let body =
            format!(r#"{{"error_code":"{code}","error_msg":"{message}","request_id":"{id}"}}"#);
        self.assert_error(status, &body);
    }
}

/// One request on a fresh connection (`Connection: close`, so the response ends at EOF).
///
/// Plain blocking `std::net` I/O on tokio's blocking pool: it needs no more of tokio than
/// the server does, and the server keeps running on the runtime's own threads.
async fn send(
    address: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nhost: {address}\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        let _ = write!(request, "{name}: {value}\r\n");
    }
    request += "\r\n";
    let mut bytes = request.into_bytes();
    bytes.extend_from_slice(body);
    let raw = tokio::task::spawn_blocking(move || exchange(address, &bytes))
        .await
        .expect("the client thread");
    parse(&raw)
}

fn exchange(address: SocketAddr, request: &[u8]) -> Vec<u8> {
    let mut stream = std::net::TcpStream::connect(address).expect("connect");
    let mut writer = stream.try_clone().expect("a second handle");
    let request = request.to_vec();
    // Written beside the read: a server refusing an over-long body answers without
    // reading all of it, and a write of the rest could then block or fail. The writer is
    // joined only after the read, so the request is never half-closed early.
    let writing = std::thread::spawn(move || {
        let _ = writer.write_all(&request);
        writer
    });
    let mut raw = Vec::new();
    // A reset after the response (the server closing on an unread body) still leaves
    // what was read.
    let _ = stream.read_to_end(&mut raw);
    let _ = writing.join();
    raw
}

fn parse(raw: &[u8]) -> Reply {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no complete response: {text:?}"));
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {head:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let reply = Reply {
        status,
        headers,
        body: body.to_owned(),
    };
    // Bodies must arrive whole, not chunked, for the byte comparisons to mean anything.
    if !reply.body.is_empty() {
        assert_eq!(
            reply.header("content-length"),
            Some(reply.body.len().to_string().as_str())
        );
    }
    reply
}

/// A client with a token, which sends a fresh `X-Request-Id` with every request and
/// checks it comes back.
struct Client {
    address: SocketAddr,
    token: &'static str,
    next_id: AtomicU32,
}

impl Client {
    fn new(address: SocketAddr, token: &'static str) -> Self {
        Client {
            address,
            token,
            next_id: AtomicU32::new(1),
        }
    }

    async fn call(&self, method: &str, path: &str, body: &str) -> Reply {
        let id = format!("test-{}", self.next_id.fetch_add(1, Ordering::Relaxed));
        let headers = [
            ("x-auth-token", self.token),
            ("x-request-id", id.as_str()),
            ("content-type", "application/json"),
        ];
        let reply = send(self.address, method, path, &headers, body.as_bytes()).await;
        assert_eq!(
            reply.header("x-request-id"),
            Some(id.as_str()),
            "{method} {path}"
        );
        reply
    }

    async fn get(&self, path: &str) -> Reply {
        self.call("GET", path, "").await
    }

    async fn post(&self, path: &str, body: &str) -> Reply {
        self.call("POST", path, body).await
    }

    async fn put(&self, path: &str, body: &str) -> Reply {
        self.call("PUT", path, body).await
    }

    async fn delete(&self, path: &str) -> Reply {
        self.call("DELETE", path, "").await
    }
}

fn string(value: &Value, pointer: &str) -> String {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no string at {pointer} in {value}"))
        .to_owned()
}

fn subnet_body(name: &str, cidr: &str, gateway: &str, vpc_id: &str) -> String {
    format!(
        r#"{{"subnet": {{"name": "{name}", "cidr": "{cidr}", "gateway_ip": "{gateway}", "vpc_id": "{vpc_id}"}}}}"#
    )
}

const EIP: &str = r#"{"publicip": {"type": "5_bgp"}, "bandwidth": {"name": "bw", "size": 5, "share_type": "PER"}}"#;

#[tokio::test]
#[allow(
    clippy::too_many_lines,
    reason = "one scenario, read best as one story"
)]
async fn a_vpc_its_subnets_and_an_eip_from_creation_to_deletion() {
    let address = start().await;
    let api = Client::new(address, DEMO_TOKEN);
    let vpcs = format!("/v1/{P}/vpcs");
    let subnets = format!("/v1/{P}/subnets");
    let publicips = format!("/v1/{P}/publicips");

    // CreateVpc: the whole answer, byte for byte, once the server's id and time are known.
    let created = api
        .post(
            &vpcs,
            r#"{"vpc": {"name": "web", "cidr": "10.0.0.0/16", "description": "front end"}}"#,
        )
        .await;
    assert_eq!(created.status, 200, "{created:?}");
    assert_eq!(created.header("content-type"), Some("application/json"));
    let json = created.json();
    let vpc_id = string(&json, "/vpc/id");
    let at = string(&json, "/vpc/created_at");
    assert!(crate::input::Id::parse(&vpc_id).is_some());
    assert_eq!(
        created.body,
        format!(
            r#"{{"vpc":{{"id":"{vpc_id}","name":"web","description":"front end","cidr":"10.0.0.0/16","status":"OK","routes":[],"enterprise_project_id":"0","tenant_id":"{P}","created_at":"{at}","updated_at":"{at}"}}}}"#
        )
    );
    let vpc = format!("{vpcs}/{vpc_id}");
    let shown = api.get(&vpc).await;
    assert_eq!((shown.status, &shown.body), (200, &created.body));

    // CreateSubnet: one inside the VPC, then each way a range can be refused.
    let subnet = api
        .post(
            &subnets,
            &subnet_body("a", "10.0.1.0/24", "10.0.1.1", &vpc_id),
        )
        .await;
    assert_eq!(subnet.status, 200, "{subnet:?}");
    let json = subnet.json();
    let subnet_id = string(&json, "/subnet/id");
    let neutron_subnet_id = string(&json, "/subnet/neutron_subnet_id");
    let at = string(&json, "/subnet/created_at");
    assert_eq!(
        subnet.body,
        format!(
            r#"{{"subnet":{{"id":"{subnet_id}","name":"a","description":"","cidr":"10.0.1.0/24","gateway_ip":"10.0.1.1","ipv6_enable":false,"dhcp_enable":true,"primary_dns":null,"secondary_dns":null,"dnsList":[],"availability_zone":null,"vpc_id":"{vpc_id}","status":"ACTIVE","neutron_network_id":"{subnet_id}","neutron_subnet_id":"{neutron_subnet_id}","tenant_id":"{P}","created_at":"{at}","updated_at":"{at}"}}}}"#
        )
    );
    api.post(
        &subnets,
        &subnet_body("b", "10.1.0.0/24", "10.1.0.1", &vpc_id),
    )
    .await
    .assert_error(
        400,
        r#"{"code":"VPC.0203","message":"Subnet is not in the range of VPC."}"#,
    );
    api.post(&subnets, &subnet_body("c", "10.0.1.128/25", "10.0.1.129", &vpc_id))
        .await
        .assert_error(
            400,
            r#"{"code":"VPC.0204","message":"The subnet has already existed in the VPC, or has been in conflict with the VPC subnet."}"#,
        );
    for cidr in ["10.0.2.0/33", "10.0.2.1/24", "10.0.2.0/29", "10.0.2.0"] {
        api.post(&subnets, &subnet_body("d", cidr, "10.0.2.1", &vpc_id))
            .await
            .assert_error(
                400,
                r#"{"code":"VPC.0212","message":"The subnet cidr is not valid."}"#,
            );
    }
    api.post(
        &subnets,
        &subnet_body("e", "10.0.2.0/24", "10.0.3.1", &vpc_id),
    )
    .await
    .assert_error(
        400,
        r#"{"code":"VPC.0201","message":"Subnet name is invalid."}"#,
    );
    let empty_zone = format!(
        r#"{{"subnet": {{"name": "f", "cidr": "10.0.2.0/24", "gateway_ip": "10.0.2.1", "vpc_id": "{vpc_id}", "availability_zone": ""}}}}"#
    );
    api.post(&subnets, &empty_zone).await.assert_error(
        400,
        r#"{"code":"VPC.0002","message":"Available zone Name is null."}"#,
    );
    let nowhere = "0b7e3c4a-1d2f-4e5a-8b9c-0d1e2f3a4b5c";
    api.post(
        &subnets,
        &subnet_body("g", "10.0.2.0/24", "10.0.2.1", nowhere),
    )
    .await
    .assert_error(
        404,
        r#"{"code":"VPC.0003","message":"VPC does not exist."}"#,
    );

    // DeleteVpc refused while the subnet is there.
    api.delete(&vpc).await.assert_error(
        409,
        r#"{"code":"VPC.0104","message":"Router contains subnets, please delete subnet first."}"#,
    );

    // Names are unique per project; the quota is 2.
    api.post(
        &vpcs,
        r#"{"vpc": {"name": "web", "cidr": "192.168.0.0/16"}}"#,
    )
    .await
    .assert_error(
        400,
        r#"{"code":"VPC.0115","message":"The router name has exist."}"#,
    );
    let db = api
        .post(
            &vpcs,
            r#"{"vpc": {"name": "db", "cidr": "192.168.0.0/16"}}"#,
        )
        .await;
    assert_eq!(db.status, 200, "{db:?}");
    let db_id = string(&db.json(), "/vpc/id");
    api.post(
        &vpcs,
        r#"{"vpc": {"name": "cache", "cidr": "172.16.0.0/12"}}"#,
    )
    .await
    .assert_error(
        409,
        r#"{"code":"VPC.0114","message":"Quota exceeded for resources: ['router']."}"#,
    );

    // ListVpcs, oldest first, and its paging.
    let names = |reply: &Reply| -> Vec<String> {
        let json = reply.json();
        json["vpcs"]
            .as_array()
            .map(|vpcs| vpcs.iter().map(|v| string(v, "/name")).collect())
            .unwrap_or_default()
    };
    assert_eq!(names(&api.get(&vpcs).await), ["web", "db"]);
    assert_eq!(names(&api.get(&format!("{vpcs}?limit=1")).await), ["web"]);
    let after = api.get(&format!("{vpcs}?marker={vpc_id}")).await;
    assert_eq!(names(&after), ["db"]);
    api.get(&format!("{vpcs}?limit=many")).await.assert_error(
        400,
        r#"{"code":"VPC.0101","message":"Query vpc list error."}"#,
    );
    api.get(&format!("{vpcs}?marker={nowhere}"))
        .await
        .assert_error(
            400,
            r#"{"code":"VPC.0101","message":"Query vpc list error."}"#,
        );

    // UpdateVpc: a range leaving the subnet out, a taken name, then a real change.
    api.put(&vpc, r#"{"vpc": {"cidr": "10.0.0.0/24"}}"#)
        .await
        .assert_error(
            400,
            r#"{"code":"VPC.0117","message":"Cidr can not contain subnetList cidr."}"#,
        );
    api.put(&vpc, r#"{"vpc": {"name": "db"}}"#)
        .await
        .assert_error(
            400,
            r#"{"code":"VPC.0115","message":"The router name has exist."}"#,
        );
    let renamed = api
        .put(&vpc, r#"{"vpc": {"name": "www", "cidr": "10.0.0.0/8"}}"#)
        .await;
    assert_eq!(renamed.status, 200, "{renamed:?}");
    let json = renamed.json();
    assert_eq!(
        (string(&json, "/vpc/name"), string(&json, "/vpc/cidr")),
        ("www".to_owned(), "10.0.0.0/8".to_owned())
    );

    // ListSubnets by VPC.
    let listed = api.get(&format!("{subnets}?vpc_id={vpc_id}")).await;
    assert_eq!(listed.status, 200);
    assert_eq!(listed.json()["subnets"][0]["id"], subnet_id.as_str());
    let listed = api.get(&format!("{subnets}?vpc_id={db_id}")).await;
    assert_eq!(listed.body, r#"{"subnets":[]}"#);

    // EIPs: create, bind, bind again, the port taken, the quota, delete while bound.
    let eip = api.post(&publicips, EIP).await;
    assert_eq!(eip.status, 200, "{eip:?}");
    let json = eip.json();
    let eip_id = string(&json, "/publicip/id");
    let at = string(&json, "/publicip/create_time");
    assert_eq!(
        eip.body,
        format!(
            r#"{{"publicip":{{"id":"{eip_id}","status":"DOWN","type":"5_bgp","public_ip_address":"198.51.100.1","tenant_id":"{P}","ip_version":4,"bandwidth_size":5,"create_time":"{at}","enterprise_project_id":"0"}}}}"#
        )
    );
    let eip_path = format!("{publicips}/{eip_id}");
    let port = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";
    let bind = format!(r#"{{"publicip": {{"port_id": "{port}"}}}}"#);
    let bound = api.put(&eip_path, &bind).await;
    assert_eq!(bound.status, 200, "{bound:?}");
    let json = bound.json();
    let bandwidth_id = string(&json, "/publicip/bandwidth_id");
    assert_eq!(
        bound.body,
        format!(
            r#"{{"publicip":{{"id":"{eip_id}","status":"ACTIVE","type":"5_bgp","public_ip_address":"198.51.100.1","port_id":"{port}","tenant_id":"{P}","create_time":"{at}","bandwidth_id":"{bandwidth_id}","bandwidth_name":"bw","bandwidth_share_type":"PER","bandwidth_size":5,"enterprise_project_id":"0","ip_version":4}}}}"#
        )
    );
    api.put(&eip_path, &bind).await.assert_error(
        409,
        r#"{"code":"VPC.0510","message":"Floatingip has already associated with port."}"#,
    );
    let second = api.post(&publicips, EIP).await;
    assert_eq!(
        string(&second.json(), "/publicip/public_ip_address"),
        "198.51.100.2"
    );
    let second_path = format!("{publicips}/{}", string(&second.json(), "/publicip/id"));
    api.put(&second_path, &bind).await.assert_error(
        409,
        r#"{"code":"VPC.0511","message":"Port has already associated with floatingip."}"#,
    );
    api.post(&publicips, EIP).await.assert_error(
        409,
        r#"{"code":"VPC.0521","message":"Quota exceeded for resources: ['floatingip']."}"#,
    );
    api.delete(&eip_path).await.assert_error(
        409,
        r#"{"code":"VPC.0517","message":"Floatingip has associated with port, please disassociate it firstly."}"#,
    );
    let unbound = api.put(&eip_path, r#"{"publicip": {}}"#).await;
    assert_eq!(string(&unbound.json(), "/publicip/status"), "DOWN");
    assert_eq!(unbound.json()["publicip"].get("port_id"), None);
    assert_eq!(api.delete(&eip_path).await.status, 204);
    api.get(&eip_path).await.assert_error(
        404,
        r#"{"code":"VPC.0504","message":"Floating IP could not be found."}"#,
    );
    // Its address is free again: the next EIP gets it.
    let third = api.post(&publicips, EIP).await;
    assert_eq!(
        string(&third.json(), "/publicip/public_ip_address"),
        "198.51.100.1"
    );

    // Subnets through the wrong VPC, then the real deletions.
    let wrong = format!("{vpcs}/{db_id}/subnets/{subnet_id}");
    api.put(&wrong, r#"{"subnet": {"name": "a2"}}"#)
        .await
        .assert_error(
            400,
            r#"{"code":"VPC.0207","message":"Subnet does not belong to the VPC."}"#,
        );
    api.delete(&wrong).await.assert_error(
        400,
        r#"{"code":"VPC.0207","message":"Subnet does not belong to the VPC."}"#,
    );
    let subnet_path = format!("{vpc}/subnets/{subnet_id}");
    let updated = api.put(&subnet_path, r#"{"subnet": {"name": "a2"}}"#).await;
    assert_eq!(
        (updated.status, updated.body.as_str()),
        (
            200,
            format!(r#"{{"subnet":{{"id":"{subnet_id}","status":"ACTIVE"}}}}"#).as_str()
        )
    );
    let delete = api.delete(&subnet_path).await;
    assert_eq!((delete.status, delete.body.as_str()), (204, ""));
    api.get(&format!("{subnets}/{subnet_id}"))
        .await
        .assert_error(404, r#"{"code":"VPC.0202","message":"Query subnet fail."}"#);
    api.delete(&subnet_path)
        .await
        .assert_error(404, r#"{"code":"VPC.0202","message":"Neutron Error."}"#);

    let delete = api.delete(&vpc).await;
    assert_eq!((delete.status, delete.body.as_str()), (204, ""));
    api.get(&vpc).await.assert_error(
        404,
        r#"{"code":"VPC.0003","message":"VPC does not exist."}"#,
    );
    api.delete(&vpc).await.assert_error(
        404,
        r#"{"code":"VPC.0003","message":"VPC does not exist."}"#,
    );
    assert_eq!(names(&api.get(&vpcs).await), ["db"]);
}

#[tokio::test]
async fn credentials_and_projects_are_checked_first() {
    let address = start().await;
    let vpcs = format!("/v1/{P}/vpcs");
    let invalid = r#"{"code":"VPC.0008","message":"Invalid token in the header."}"#;
    let (iam, iam_message) = ("APIGW.0301", "Incorrect IAM authentication information.");

    // No credentials, or a header that is not a signature: the gateway refuses them, as
    // the VPC table has no row for them. An unknown token is the VPC table's.
    send(address, "GET", &vpcs, &[], b"")
        .await
        .assert_gateway(401, iam, iam_message);
    send(address, "GET", &vpcs, &[("x-auth-token", "guess")], b"")
        .await
        .assert_error(401, invalid);
    send(
        address,
        "GET",
        &vpcs,
        &[("authorization", "Bearer abc")],
        b"",
    )
    .await
    .assert_gateway(401, iam, iam_message);

    // Even a malformed body is not looked at before the credentials.
    send(address, "POST", &vpcs, &[], b"{")
        .await
        .assert_gateway(401, iam, iam_message);
    send(address, "POST", &vpcs, &[("x-auth-token", "guess")], b"{")
        .await
        .assert_error(401, invalid);

    // The URL's project must be the token's.
    let mismatch = r#"{"code":"VPC.0007","message":"urlTenantId is not equal tokenTenantId"}"#;
    send(address, "GET", &vpcs, &[("x-auth-token", "other")], b"")
        .await
        .assert_error(400, mismatch);
    let elsewhere = "/v1/fedcba9876543210fedcba9876543210/vpcs";
    let api = Client::new(address, DEMO_TOKEN);
    api.get(elsewhere).await.assert_error(400, mismatch);
    assert_eq!(
        Client::new(address, "other").get(elsewhere).await.status,
        200
    );

    // The SDKs' signed header: the project comes from X-Project-Id; the signature is
    // taken as it is.
    let signature =
        "SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=host;x-sdk-date, Signature=00ff";
    let signed = send(
        address,
        "GET",
        &vpcs,
        &[("authorization", signature), ("x-project-id", P)],
        b"",
    )
    .await;
    assert_eq!(
        (signed.status, signed.body.as_str()),
        (200, r#"{"vpcs":[]}"#)
    );
    send(address, "GET", &vpcs, &[("authorization", signature)], b"")
        .await
        .assert_gateway(401, iam, iam_message);
    send(
        address,
        "GET",
        &vpcs,
        &[
            ("authorization", signature),
            ("x-project-id", "fedcba9876543210fedcba9876543210"),
        ],
        b"",
    )
    .await
    .assert_error(400, mismatch);

    // A read-only token reads, and may not change anything.
    let reader = Client::new(address, "reader");
    assert_eq!(reader.get(&vpcs).await.status, 200);
    reader
        .post(&vpcs, r#"{"vpc": {"name": "x", "cidr": "10.0.0.0/16"}}"#)
        .await
        .assert_error(
            403,
            r#"{"code":"VPC.2701","message":"Token not allowed to do this action."}"#,
        );
}

#[tokio::test]
#[allow(
    clippy::too_many_lines,
    reason = "a list of cases, one per line or two"
)]
async fn malformed_requests_get_their_operations_parameter_error() {
    let address = start().await;
    let api = Client::new(address, DEMO_TOKEN);
    let vpcs = format!("/v1/{P}/vpcs");
    let param = r#"{"code":"VPC.0101","message":"Param is invalid."}"#;

    // CreateVpc: malformed JSON, wrong shapes and types, missing fields, broken rules.
    for body in [
        "",
        "{",
        "not json",
        "[]",
        r#"{"vpc": "web"}"#,
        r#"{"subnet": {}}"#,
        r#"{"vpc": {"cidr": "10.0.0.0/16"}}"#,
        r#"{"vpc": {"name": 5, "cidr": "10.0.0.0/16"}}"#,
        r#"{"vpc": {"name": "a b", "cidr": "10.0.0.0/16"}}"#,
        r#"{"vpc": {"name": "web"}}"#,
        r#"{"vpc": {"name": "web", "cidr": "8.8.8.0/24"}}"#,
        r#"{"vpc": {"name": "web", "cidr": "10.0.0.0/25"}}"#,
        r#"{"vpc": {"name": "web", "cidr": "10.0.0.0/16", "description": "<b>"}}"#,
        r#"{"vpc": {"name": "web", "cidr": "10.0.0.0/16", "enterprise_project_id": "x"}}"#,
    ] {
        let reply = api.post(&vpcs, body).await;
        assert_eq!((reply.status, reply.body.as_str()), (400, param), "{body}");
    }
    // A body over the limit: the same catalogue error, not axum's 413 text.
    let huge = format!(
        r#"{{"vpc": {{"name": "web", "cidr": "10.0.0.0/16", "description": "{}"}}}}"#,
        "d".repeat(crate::input::BODY_LIMIT)
    );
    api.post(&vpcs, &huge).await.assert_error(400, param);
    // A body that does not say it is JSON: the same row, before it is read.
    let untyped = br#"{"vpc": {"name": "web", "cidr": "10.0.0.0/16"}}"#;
    send(
        address,
        "POST",
        &vpcs,
        &[("x-auth-token", DEMO_TOKEN)],
        untyped,
    )
    .await
    .assert_error(400, param);
    // A project that is not UTF-8 once decoded is not the caller's, even where the
    // operation has no row for a bad path parameter.
    api.get("/v1/%FF/publicips").await.assert_error(
        400,
        r#"{"code":"VPC.0007","message":"urlTenantId is not equal tokenTenantId"}"#,
    );
    // Nothing was created by any of them.
    assert_eq!(api.get(&vpcs).await.body, r#"{"vpcs":[]}"#);

    // Ids in paths, each operation with its own row.
    let bad = "not-a-uuid";
    api.get(&format!("{vpcs}/{bad}")).await.assert_error(
        400,
        r#"{"code":"VPC.0101","message":"getVpc error vpcId is invalid."}"#,
    );
    api.get(&format!("{vpcs}/%FF")).await.assert_error(
        400,
        r#"{"code":"VPC.0101","message":"getVpc error vpcId is invalid."}"#,
    );
    api.delete(&format!("{vpcs}/{bad}")).await.assert_error(
        400,
        r#"{"code":"VPC.0101","message":"Delete router error vpc_id is invalid."}"#,
    );
    api.put(&format!("{vpcs}/{bad}"), r#"{"vpc": {}}"#)
        .await
        .assert_error(
            400,
            r#"{"code":"VPC.0101","message":"Update router vpc_id is invalid."}"#,
        );
    api.get(&format!("/v1/{P}/subnets/{bad}"))
        .await
        .assert_error(
            400,
            r#"{"code":"VPC.0201","message":"Subnet ID is invalid."}"#,
        );
    api.get(&format!("/v1/{P}/publicips/{bad}"))
        .await
        .assert_error(
            400,
            r#"{"code":"VPC.0501","message":"Invalid floatingip_id."}"#,
        );
    api.delete(&format!("/v1/{P}/publicips/{bad}"))
        .await
        .assert_error(400, r#"{"code":"VPC.0501","message":"Invalid param."}"#);

    // UpdateVpc and UpdateSubnet name the parameter in their message.
    let created = api
        .post(&vpcs, r#"{"vpc": {"name": "web", "cidr": "10.0.0.0/16"}}"#)
        .await;
    let vpc_id = string(&created.json(), "/vpc/id");
    let vpc = format!("{vpcs}/{vpc_id}");
    api.put(&vpc, "[]").await.assert_error(
        400,
        r#"{"code":"VPC.0101","message":"Update router body is invalid."}"#,
    );
    api.put(&vpc, r#"{"vpc": {"name": 7}}"#).await.assert_error(
        400,
        r#"{"code":"VPC.0101","message":"Update router vpc.name is invalid."}"#,
    );
    api.put(&vpc, r#"{"vpc": {"cidr": "10.0.0.0/33"}}"#)
        .await
        .assert_error(
            400,
            r#"{"code":"VPC.0101","message":"Update router vpc.cidr is invalid."}"#,
        );
    let subnet = api
        .post(
            &format!("/v1/{P}/subnets"),
            &subnet_body("a", "10.0.1.0/24", "10.0.1.1", &vpc_id),
        )
        .await;
    let subnet_path = format!("{vpc}/subnets/{}", string(&subnet.json(), "/subnet/id"));
    api.put(
        &subnet_path,
        r#"{"subnet": {"name": "a", "dhcp_enable": "yes"}}"#,
    )
    .await
    .assert_error(
        400,
        r#"{"code":"VPC.0201","message":"subnet.dhcp_enable is invalid."}"#,
    );
    api.put(&subnet_path, r#"{"subnet": {}}"#)
        .await
        .assert_error(
            400,
            r#"{"code":"VPC.0201","message":"subnet.name is invalid."}"#,
        );
    api.put(&subnet_path, "{")
        .await
        .assert_error(400, r#"{"code":"VPC.0201","message":"body is invalid."}"#);
    api.post(&format!("/v1/{P}/subnets"), r#"{"subnet": "x"}"#)
        .await
        .assert_error(
            400,
            r#"{"code":"VPC.0201","message":"Subnet name is invalid."}"#,
        );

    // EIPs: the publicip and bandwidth parameter rows, and UpdatePublicip's only one.
    let publicips = format!("/v1/{P}/publicips");
    api.post(
        &publicips,
        r#"{"publicip": {"type": "5_bgp"}, "bandwidth": {"name": "bw", "size": 0, "share_type": "PER"}}"#,
    )
    .await
    .assert_error(
        400,
        r#"{"code":"VPC.0301","message":"Bandwidth name or share_type is invalid."}"#,
    );
    api.post(
        &publicips,
        r#"{"publicip": {"type": "5_bgp"}, "bandwidth": {"name": "bw", "size": 5, "share_type": "WHOLE"}}"#,
    )
    .await
    .assert_error(
        400,
        r#"{"code":"VPC.0301","message":"Bandwidth name or share_type is invalid."}"#,
    );
    api.post(
        &publicips,
        r#"{"publicip": {"type": "9_gold"}, "bandwidth": {"name": "bw", "size": 5, "share_type": "PER"}}"#,
    )
    .await
    .assert_error(400, r#"{"code":"VPC.0501","message":"Bandwidth share_type is invalid."}"#);
    api.post(&publicips, "{").await.assert_error(
        400,
        r#"{"code":"VPC.0501","message":"Bandwidth share_type is invalid."}"#,
    );
    let eip = api.post(&publicips, EIP).await;
    let eip_path = format!("{publicips}/{}", string(&eip.json(), "/publicip/id"));
    api.put(&eip_path, r#"{"publicip": {"port_id": "port-1"}}"#)
        .await
        .assert_error(
            400,
            r#"{"code":"VPC.0501","message":"Port id is invalid."}"#,
        );
    api.get(&format!("{publicips}?limit=-1"))
        .await
        .assert_error(400, r#"{"code":"VPC.0501","message":"Invalid limit."}"#);
    api.get(&format!("/v1/{P}/subnets?vpc_id=nope"))
        .await
        .assert_error(
            400,
            r#"{"code":"VPC.0201","message":"Query subnets list error."}"#,
        );
}

#[tokio::test]
async fn updates_and_deletions_of_what_is_not_there() {
    let address = start().await;
    let api = Client::new(address, DEMO_TOKEN);
    let vpcs = format!("/v1/{P}/vpcs");
    let created = api
        .post(&vpcs, r#"{"vpc": {"name": "web", "cidr": "10.0.0.0/16"}}"#)
        .await;
    let vpc_id = string(&created.json(), "/vpc/id");
    let nowhere = "0b7e3c4a-1d2f-4e5a-8b9c-0d1e2f3a4b5c";

    // UpdatePublicip: no EIP of the project has the id, well-formed or not (the operation
    // has no invalid-id row).
    for id in [nowhere, "not-a-uuid"] {
        api.put(&format!("/v1/{P}/publicips/{id}"), r#"{"publicip": {}}"#)
            .await
            .assert_error(
                404,
                r#"{"code":"VPC.0504","message":"Floating IP could not be found."}"#,
            );
    }

    // UpdateSubnet: a well-formed subnet id that names no subnet, in a VPC that exists.
    api.put(
        &format!("{vpcs}/{vpc_id}/subnets/{nowhere}"),
        r#"{"subnet": {"name": "a"}}"#,
    )
    .await
    .assert_error(404, r#"{"code":"VPC.0202","message":"Neutron Error."}"#);

    // DeleteSubnet: a subnet id that is not an id, refused before anything is looked up,
    // whether the VPC exists or not.
    for vpc in [vpc_id.as_str(), nowhere] {
        api.delete(&format!("{vpcs}/{vpc}/subnets/not-a-uuid"))
            .await
            .assert_error(
                400,
                r#"{"code":"VPC.0201","message":"Subnet ID is invalid."}"#,
            );
    }
}

#[tokio::test]
async fn addresses_run_out_and_can_be_asked_for() {
    let mut config = Config {
        port: 0,
        publicip_quota: 10,
        ..Config::default()
    };
    // A /30 has two host addresses.
    config.publicip_pool = "203.0.113.0/30".parse().expect("a block");
    let api = Client::new(serve(config).await, DEMO_TOKEN);
    let publicips = format!("/v1/{P}/publicips");
    let with_address = |address: &str| {
        format!(
            r#"{{"publicip": {{"type": "5_sbgp", "ip_address": "{address}"}}, "bandwidth": {{"name": "bw", "size": 1, "share_type": "PER"}}}}"#
        )
    };
    let asked = api.post(&publicips, &with_address("203.0.113.2")).await;
    assert_eq!(
        string(&asked.json(), "/publicip/public_ip_address"),
        "203.0.113.2"
    );
    api.post(&publicips, &with_address("203.0.113.2"))
        .await
        .assert_error(
            409,
            r#"{"code":"VPC.0522","message":"The IP address is in use."}"#,
        );
    api.post(&publicips, &with_address("203.0.113.3"))
        .await
        .assert_error(
            400,
            r#"{"code":"VPC.0501","message":"Bandwidth share_type is invalid."}"#,
        );
    let given = api.post(&publicips, EIP).await;
    assert_eq!(
        string(&given.json(), "/publicip/public_ip_address"),
        "203.0.113.1"
    );
    api.post(&publicips, EIP).await.assert_error(
        409,
        r#"{"code":"VPC.0532","message":"No more IP addresses available on network."}"#,
    );
}

#[tokio::test]
async fn request_ids_are_echoed_or_given() {
    let address = start().await;
    let vpcs = format!("/v1/{P}/vpcs");
    let token = ("x-auth-token", DEMO_TOKEN);

    // Echoed on successes and errors alike.
    let ok = send(
        address,
        "GET",
        &vpcs,
        &[token, ("x-request-id", "abc-123")],
        b"",
    )
    .await;
    assert_eq!(
        (ok.status, ok.header("x-request-id")),
        (200, Some("abc-123"))
    );
    let refused = send(address, "GET", &vpcs, &[("x-request-id", "abc-124")], b"").await;
    assert_eq!(
        (refused.status, refused.header("x-request-id")),
        (401, Some("abc-124"))
    );

    // Absent, or not fit to echo: the server gives one, 32 hex digits.
    for headers in [&[token][..], &[token, ("x-request-id", "<script>")][..]] {
        let reply = send(address, "GET", &vpcs, headers, b"").await;
        let id = reply.header("x-request-id").unwrap_or_default();
        assert_eq!(id.len(), 32, "{reply:?}");
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    }
}

#[tokio::test]
async fn requests_naming_new_projects_leave_nothing_behind() {
    // Any project is accepted with a (well-formed, unverified) signature: reads and
    // refused changes naming ever new projects must not grow the store.
    let app = App::new(Config {
        port: 0,
        ..Config::default()
    });
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .expect("bind 127.0.0.1:0");
    let address = listener.local_addr().expect("local address");
    let router = crate::router(app.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });
    let signature = "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=0a1b";
    let nowhere = "0b7e3c4a-1d2f-4e5a-8b9c-0d1e2f3a4b5c";
    for i in 0..20 {
        let project = format!("{i:032x}");
        let headers = [("authorization", signature), ("x-project-id", &project)];
        let listed = send(
            address,
            "GET",
            &format!("/v1/{project}/vpcs"),
            &headers,
            b"",
        )
        .await;
        assert_eq!(
            (listed.status, listed.body.as_str()),
            (200, r#"{"vpcs":[]}"#)
        );
        let path = format!("/v1/{project}/publicips/{nowhere}");
        let deleted = send(address, "DELETE", &path, &headers, b"").await;
        assert_eq!(deleted.status, 404, "{deleted:?}");
    }
    assert_eq!(app.store().project_count(), 0);

    // A project with a resource is kept, and forgotten once it has none.
    let headers = [
        ("x-auth-token", DEMO_TOKEN),
        ("content-type", "application/json"),
    ];
    let created = send(
        address,
        "POST",
        &format!("/v1/{P}/vpcs"),
        &headers,
        br#"{"vpc": {"name": "kept", "cidr": "10.0.0.0/16"}}"#,
    )
    .await;
    assert_eq!(created.status, 200, "{created:?}");
    assert_eq!(app.store().project_count(), 1);
    let vpc_id = string(&created.json(), "/vpc/id");
    let path = format!("/v1/{P}/vpcs/{vpc_id}");
    assert_eq!(
        send(address, "DELETE", &path, &headers, b"").await.status,
        204
    );
    assert_eq!(app.store().project_count(), 0);
}
