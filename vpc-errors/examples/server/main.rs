//! A runnable Huawei Cloud VPC/EIP API server on in-memory state, built on vpc-errors:
//! every error it answers is a catalogue error, built with `vpc_error!` or
//! `#[derive(VpcError)]` and rendered by the crate's axum integration. Nothing here
//! writes an error body or status by hand.
//!
//! ```text
//! cargo run -p vpc-errors --example server --features axum,tracing [-- --port 8080 ...]
//! ```
//!
//! It listens on 127.0.0.1 (port 8080 by default, `--port 0` for a free one) and prints
//! the address, the demo token and a `curl` line to start with. Ctrl-C stops it after
//! the requests in flight. Options (`--help`): `--token TOKEN=PROJECT_ID[:ro]`
//! (repeatable), `--vpc-quota N`, `--publicip-quota N`, `--publicip-pool CIDR`,
//! `--security-group-quota N`, `--security-group-rule-quota N`, `--shared-bandwidth-quota N`,
//! `--quota TYPE=N` (repeatable: the other quota types, the cloud's defaults otherwise), each
//! also read from `VPC_SERVER_*` variables; `--dual-body`; `--faults` (see below);
//! `--log-json`.
//!
//! # Operations
//!
//! The `/v1` VPC and EIP operations, with the methods, paths and body keys of the cloud's
//! API, so its official SDKs can call it (only the fields listed are read; others are
//! ignored, as unknown fields are by the SDKs):
//!
//! | operation | request | answer |
//! |---|---|---|
//! | `CreateVpc` | `POST /v1/{project_id}/vpcs` `{"vpc": {"name", "cidr", "description"?, "enterprise_project_id"?}}` | `200 {"vpc": {...}}` |
//! | `ShowVpc` | `GET /v1/{project_id}/vpcs/{vpc_id}` | `200 {"vpc": {...}}` |
//! | `ListVpcs` | `GET /v1/{project_id}/vpcs?limit=&marker=` | `200 {"vpcs": [...]}` |
//! | `UpdateVpc` | `PUT /v1/{project_id}/vpcs/{vpc_id}` `{"vpc": {"name"?, "description"?, "cidr"?}}` | `200 {"vpc": {...}}` |
//! | `DeleteVpc` | `DELETE /v1/{project_id}/vpcs/{vpc_id}` | `204` |
//! | `CreateSubnet` | `POST /v1/{project_id}/subnets` `{"subnet": {"name", "cidr", "gateway_ip", "vpc_id", "description"?, "dhcp_enable"?, "primary_dns"?, "secondary_dns"?, "availability_zone"?}}` | `200 {"subnet": {...}}` |
//! | `ShowSubnet` | `GET /v1/{project_id}/subnets/{subnet_id}` | `200 {"subnet": {...}}` |
//! | `ListSubnets` | `GET /v1/{project_id}/subnets?vpc_id=&limit=&marker=` | `200 {"subnets": [...]}` |
//! | `UpdateSubnet` | `PUT /v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}` `{"subnet": {"name", "description"?, "dhcp_enable"?, "primary_dns"?, "secondary_dns"?}}` | `200 {"subnet": {"id", "status"}}` |
//! | `DeleteSubnet` | `DELETE /v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}` | `204` |
//! | `CreatePublicip` | `POST /v1/{project_id}/publicips` `{"publicip": {"type": "5_bgp", "ip_version"?, "ip_address"?}, "bandwidth": {"name", "size", "share_type": "PER", "charge_mode"?}, "enterprise_project_id"?}` | `200 {"publicip": {...}}` |
//! | `ShowPublicip` | `GET /v1/{project_id}/publicips/{publicip_id}` | `200 {"publicip": {...}}` |
//! | `ListPublicips` | `GET /v1/{project_id}/publicips?limit=&marker=` | `200 {"publicips": [...]}` |
//! | `UpdatePublicip` | `PUT /v1/{project_id}/publicips/{publicip_id}` `{"publicip": {"port_id": "…"}}` binds; `port_id` absent, `null` or `""` unbinds | `200 {"publicip": {...}}` |
//! | `DeletePublicip` | `DELETE /v1/{project_id}/publicips/{publicip_id}` | `204` |
//! | `CreateSecurityGroup` | `POST /v1/{project_id}/security-groups` `{"security_group": {"name", "vpc_id"?, "enterprise_project_id"?}}` | `200 {"security_group": {...}}`, with the cloud's four default rules |
//! | `ShowSecurityGroup` | `GET /v1/{project_id}/security-groups/{security_group_id}` | `200 {"security_group": {...}}` |
//! | `ListSecurityGroups` | `GET /v1/{project_id}/security-groups?limit=&marker=&vpc_id=&enterprise_project_id=` | `200 {"security_groups": [...]}` |
//! | `CreateSecurityGroupRule` | `POST /v1/{project_id}/security-group-rules` `{"security_group_rule": {"security_group_id", "direction", "ethertype"?, "protocol"?, "port_range_min"?, "port_range_max"?, "remote_ip_prefix"? \| "remote_group_id"? \| "remote_address_group_id"?, "description"?}}` | `200 {"security_group_rule": {...}}` |
//! | `CreateFlowLog` | `POST /v1/{project_id}/fl/flow_logs` `{"flow_log": {"name", "resource_type", "resource_id", "traffic_type", "log_group_id", "log_topic_id", "description"?}}` | `200 {"flow_log": {...}}` |
//! | `ListFlowLogs` | `GET /v1/{project_id}/fl/flow_logs?limit=&marker=&resource_type=&status=&…` | `200 {"flow_logs": [...]}` |
//! | `ShowFlowLog` | `GET /v1/{project_id}/fl/flow_logs/{flowlog_id}` | `200 {"flow_log": {...}}` |
//! | `UpdateFlowLog` | `PUT /v1/{project_id}/fl/flow_logs/{flowlog_id}` `{"flow_log": {"name"?, "description"?, "admin_state"?}}` | `200 {"flow_log": {...}}` |
//! | `DeleteFlowLog` | `DELETE /v1/{project_id}/fl/flow_logs/{flowlog_id}` | `204` |
//! | `CreatePrivateip` | `POST /v1/{project_id}/privateips` `{"privateips": [{"subnet_id", "ip_address"?}, ...]}` | `200 {"privateips": [...]}` |
//! | `ShowPrivateip` | `GET /v1/{project_id}/privateips/{privateip_id}` | `200 {"privateip": {...}}` |
//! | `ListPrivateips` | `GET /v1/{project_id}/subnets/{subnet_id}/privateips?limit=&marker=` | `200 {"privateips": [...]}` |
//! | `DeletePrivateip` | `DELETE /v1/{project_id}/privateips/{privateip_id}` | `204` |
//! | `ShowNetworkIpAvailabilities` | `GET /v2.0/network-ip-availabilities/{network_id}` (a subnet's id) | `200 {"network_ip_availability": {...}}` |
//! | `ShowQuota` | `GET /v1/{project_id}/quotas?type=` | `200 {"quotas": {"resources": [...]}}` |
//! | `ShowBandwidth` | `GET /v1/{project_id}/bandwidths/{bandwidth_id}` | `200 {"bandwidth": {...}}` |
//! | `ListBandwidths` | `GET /v1/{project_id}/bandwidths?limit=&marker=&share_type=&enterprise_project_id=` | `200 {"bandwidths": [...]}` |
//! | `UpdateBandwidth` | `PUT /v1/{project_id}/bandwidths/{bandwidth_id}` `{"bandwidth": {"name"?, "size"?, "charge_mode"?}}` | `200 {"bandwidth": {...}}` |
//! | `CreateSharedBandwidth` | `POST /v2.0/{project_id}/bandwidths` `{"bandwidth": {"name", "size", "charge_mode"?, "enterprise_project_id"?}}` | `200 {"bandwidth": {...}}` |
//! | `AddPublicipsIntoSharedBandwidth` | `POST /v2.0/{project_id}/bandwidths/{bandwidth_id}/insert` `{"bandwidth": {"publicip_info": [{"publicip_id"}]}}` | `200 {"bandwidth": {...}}` |
//! | `RemovePublicipsFromSharedBandwidth` | `POST /v2.0/{project_id}/bandwidths/{bandwidth_id}/remove` `{"bandwidth": {"publicip_info": [{"publicip_id"}], "charge_mode", "size"}}` | `204` |
//!
//! Resources are ready at once (`status` `OK` / `ACTIVE`; an unbound EIP is `DOWN`,
//! a bound one `ACTIVE`). Lists answer oldest first; `marker` must be an id of the list.
//! A private IP's id is a port id: binding an EIP to it puts it in use. A subnet's private
//! IPs leave out its reserved addresses (network, gateway, broadcast and the two highest
//! hosts), so a `/24` holds 251; `ShowNetworkIpAvailabilities` counts them, and
//! `ShowQuota` counts what the project holds. Every EIP is in a bandwidth of its own
//! (`PER`, created and deleted with it) or a shared one (`WHOLE`); see `bandwidths.rs`.
//! Not modelled: IPv6 subnets, routes, ports (any UUID is a port an EIP can be bound to;
//! a flow log knows the ports EIPs are bound to), the log service, billing.
//!
//! # Errors
//!
//! From the state of the store, never from a switch; each is its operation's row (see
//! the `…Failure` enums and `vpc_error!` calls in `vpcs.rs`, `subnets.rs`,
//! `publicips.rs`, `securitygroups.rs`, `flowlogs.rs`, `bandwidths.rs`; `rows.md` lists
//! every row with the test asserting it):
//!
//! - every operation: VPC.0008 an unknown token (no credentials or malformed ones are the
//!   gateway's, below); VPC.0007 the URL's project is not the token's; VPC.2701 a read-only token asked for a change;
//! - parameters (malformed JSON, a missing field, a wrong JSON type, a rule broken, a
//!   body over 64 KiB, a malformed id or query): the operation's parameter row —
//!   VPC.0101 for the VPC operations (`UpdateVpc`'s and `DeleteVpc`'s naming the
//!   field), VPC.0201 for the subnet ones (`UpdateSubnet`'s naming the field;
//!   `CreateSubnet` answers VPC.0212 for the `cidr` and VPC.0002 for an empty
//!   `availability_zone`), VPC.0501 for the EIP ones (VPC.0301 for `bandwidth`);
//!   `DeleteSubnet` answers VPC.0003 for a malformed VPC id (no VPC has it, and it
//!   has no row for an invalid VPC id);
//! - VPCs: VPC.0115 duplicate name, VPC.0114 quota, VPC.0003 not found, VPC.0104 still
//!   has subnets, VPC.0117 a new range leaving a subnet out;
//! - subnets: VPC.0203 outside the VPC, VPC.0204 overlapping another, VPC.0202 (404) not
//!   found, VPC.0207 not in the path's VPC;
//! - EIPs: VPC.0521 quota, VPC.0522 address taken, VPC.0532 pool exhausted, VPC.0504 not
//!   found, VPC.0510 already bound, VPC.0511 port bound to another EIP, VPC.0517 deleting
//!   a bound one;
//! - security groups: VPC.0604 quota, VPC.0603 not found, VPC.0003 an unknown `vpc_id`;
//!   rules: VPC.0602 a duplicate (the default rules count) or the rule quota; a rule the
//!   API does not allow is the gateway's `APIGW.0201`, the operation having no parameter row;
//! - flow logs: VPC.3002 (404) a VPC, subnet or port (one an EIP is bound to) the project
//!   lacks, VPC.3004 a duplicate, VPC.3002/VPC.3005 not found (Show / Update, Delete);
//!   `UpdateFlowLog`'s unreadable body is the gateway's `APIGW.0201`;
//! - private IPs: VPC.2204 no such subnet, VPC.0705 an address outside it, VPC.0701 an
//!   address taken (gateway, system, another private IP), VPC.0703 no address left,
//!   VPC.0704 not found, VPC.0702 a bad list request, VPC.0707 deleting one an EIP is bound
//!   to; VPC.0208 deleting a subnet with private IPs. `CreatePrivateip` has no parameter
//!   row: a body of another shape answers the gateway's `APIGW.0201`;
//! - VPC.2301 a malformed network id, VPC.2302 an unknown one; VPC.1207 an unknown quota
//!   type;
//! - bandwidths: VPC.0301 a bad id, query or body (each operation's own message), VPC.0306
//!   not found (or an unknown marker), VPC.0310 shared bandwidth quota, VPC.0323 inserting
//!   an EIP already in a shared bandwidth, removing one that is not in it, or naming what
//!   is no shared bandwidth. `CreateSharedBandwidth` has no parameter row: a body it
//!   cannot use answers the gateway's `APIGW.0201`.
//!
//! Where the catalogue gives an operation a single parameter row, that row answers every
//! parameter problem of the operation even when its message names one parameter
//! (`CreateSubnet`'s `Subnet name is invalid.`, `UpdatePublicip`'s `Port id is invalid.`,
//! `ListPublicips`' `Invalid limit.`): the code is the contract, and inventing a message
//! would break it. A body over the limit gets the parameter row too, rather than axum's
//! own `413` text, which no client of this API could decode.
//!
//! # The API gateway's errors
//!
//! What the cloud's API gateway answers before a request reaches the service is answered
//! with the gateway's published rows (`gateway.yaml`, a second catalogue, `gateway.rs`),
//! in its body `{"error_code","error_msg","request_id"}` with the response's request id:
//! a path no operation has, `APIGW.0101` `The API does not exist or has not been published
//! in the environment.`; a method the path has no operation for, `APIGW.0101` `The API does
//! not exist.` (both 404); no credentials, an `Authorization` that is not a signature, or
//! a signature without `X-Project-Id`, `APIGW.0301` (401).
//!
//! # Faults on demand
//!
//! With `--faults` (or `VPC_SERVER_FAULTS=1`; said at startup), a request whose
//! `X-Vpc-Fault` header names a row of its operation, or of the gateway, is answered with
//! exactly that row: `X-Vpc-Fault: VPC.0105; status=500`, `NeutronError; status=404`,
//! `VPC.0201; field=name` for a template. A row the operation does not have is refused with
//! the gateway's `APIGW.0201` (400), the reason and the operation's rows in the
//! `X-Vpc-Fault-Error` header and the log (`faults.rs`). Off, the header is ignored.
//!
//! # Authentication
//!
//! `X-Auth-Token` with a configured token (default: `demo-token` for project
//! `0123456789abcdef0123456789abcdef`), or the SDKs' `Authorization: SDK-HMAC-SHA256
//! Access=…, SignedHeaders=…, Signature=…` with `X-Project-Id`. **The signature is not
//! verified**: the server knows no secret keys, so a well-formed header is trusted. That
//! makes it a local test double, not something to expose.
//!
//! # Logs and request ids
//!
//! vpc-errors' `ObserveLayer` records one `tracing` event per response (request id,
//! method, matched route, status, latency and, for an error, its operation, code and
//! name), written on stderr by `tracing-subscriber`: human-readable lines, or JSON objects
//! with `--log-json`; `VPC_SERVER_DEBUG=1` adds each error's cause. Request text is
//! escaped in every line. A valid `X-Request-Id` is echoed on the response; a request
//! without one is given one, as the cloud does.

mod auth;
mod availability;
mod bandwidths;
mod cidr;
mod config;
mod errors;
mod faults;
mod flowlogs;
mod gateway;
mod input;
mod privateips;
mod publicips;
mod quotas;
mod routes;
mod securitygroups;
mod state;
mod subnets;
mod vpcs;

#[cfg(test)]
mod tests;

use std::fmt::Write as _;
use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use clap::Parser as _;
use tokio::net::TcpListener;

use crate::config::{Config, DEMO_PROJECT, DEMO_TOKEN, Options};
pub use crate::routes::{no_content, ok, router};
use crate::state::App;

#[tokio::main]
async fn main() -> ExitCode {
    // `--help` and mistakes are clap's: usage on stdout, or the mistake on stderr and
    // exit code 2.
    let options = Options::parse();
    logs(options.log_json);
    let config = options.into_config();
    let listener = match TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await {
        Ok(listener) => listener,
        Err(e) => {
            tracing::error!(port = config.port, error = %e, "cannot listen on 127.0.0.1");
            return ExitCode::FAILURE;
        }
    };
    let address = match listener.local_addr() {
        Ok(address) => address,
        Err(e) => {
            tracing::error!(error = %e, "no local address");
            return ExitCode::FAILURE;
        }
    };
    if config.dual_body {
        vpc_errors::serve_dual_bodies(true);
    }
    print!("{}", banner(address, &config));
    let served = axum::serve(listener, router(App::new(config)))
        .with_graceful_shutdown(ctrl_c())
        .await;
    match served {
        Ok(()) => {
            println!("stopped");
            ExitCode::SUCCESS
        }
        Err(e) => {
            tracing::error!(error = %e, "serving failed");
            ExitCode::FAILURE
        }
    }
}

/// Logs on stderr: one human-readable line an event, or one JSON object with `--log-json`.
/// `INFO` and above (every error response is one `INFO` event of `ObserveLayer`'s);
/// `RUST_LOG=debug` would need the `env-filter` feature, so `VPC_SERVER_DEBUG=1` adds the
/// handlers' causes instead.
fn logs(json: bool) {
    let debug = std::env::var_os("VPC_SERVER_DEBUG").is_some_and(|v| v == "1");
    let level = if debug {
        tracing::Level::DEBUG
    } else {
        tracing::Level::INFO
    };
    let logs = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr);
    if json {
        logs.json().init();
    } else {
        logs.init();
    }
}

/// Resolves on Ctrl-C. If the handler cannot be installed, it never resolves (the server
/// then stops only when killed) rather than stopping at once.
async fn ctrl_c() {
    if let Err(e) = tokio::signal::ctrl_c().await {
        tracing::error!(error = %e, "cannot listen for Ctrl-C; stop the server with a signal");
        std::future::pending::<()>().await;
    }
    println!("Ctrl-C: finishing the requests in flight");
}

/// What the server prints once listening.
fn banner(address: SocketAddr, config: &Config) -> String {
    let mut tokens: Vec<_> = config.tokens.iter().collect();
    tokens.sort_by(|a, b| a.0.cmp(b.0));
    let (example_token, example_project) = if config.tokens.contains_key(DEMO_TOKEN) {
        (DEMO_TOKEN, DEMO_PROJECT)
    } else {
        // Configured tokens are secrets of their own: name the projects only.
        (
            "<your token>",
            tokens.first().map_or("", |(_, g)| g.project.as_str()),
        )
    };
    // Writing to a `String` cannot fail.
    let mut out = String::new();
    let _ = writeln!(
        out,
        "vpc-errors example server listening on http://{address} (Ctrl-C to stop)"
    );
    if config.tokens.contains_key(DEMO_TOKEN) {
        let _ = writeln!(
            out,
            "  demo token:  X-Auth-Token: {DEMO_TOKEN}  (project {DEMO_PROJECT})"
        );
    }
    for (token, grant) in &tokens {
        if token.as_str() != DEMO_TOKEN {
            let mode = if grant.read_only { ", read-only" } else { "" };
            let _ = writeln!(
                out,
                "  a configured token for project {}{mode}",
                grant.project
            );
        }
    }
    out += "  also accepted: Authorization: SDK-HMAC-SHA256 ... with X-Project-Id,\n";
    out += "                 WITHOUT verifying the signature (a local test double only)\n";
    let _ = writeln!(
        out,
        "  quotas per project: {} VPCs, {} EIPs, {} security groups, {} security group rules,\n  {} shared bandwidths; EIP addresses from {}",
        config.vpc_quota,
        config.publicip_quota,
        config.security_group_quota,
        config.security_group_rule_quota,
        config.shared_bandwidth_quota,
        config.publicip_pool
    );
    if config.dual_body {
        out += "  error bodies: code/message and error_code/error_msg (--dual-body)\n";
    }
    if config.faults {
        out += "  FAULTS ON (--faults): a request's X-Vpc-Fault header names the error row it\n";
        out += "                 is answered with, e.g. `X-Vpc-Fault: VPC.0105` (tests only)\n";
    }
    let _ = writeln!(
        out,
        "try:\n  curl -s -X POST http://{address}/v1/{example_project}/vpcs \\\n    -H 'X-Auth-Token: {example_token}' -H 'Content-Type: application/json' \\\n    -d '{{\"vpc\": {{\"name\": \"demo\", \"cidr\": \"10.0.0.0/16\"}}}}'"
    );
    out
}
