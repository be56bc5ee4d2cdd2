//! What the API gateway answers (unknown paths and methods), and faults on demand: on and
//! off, a row the operation lacks, hostile header values. Bodies are spelled out, as in
//! the parent module.

use super::*;

const FAULT: &str = "x-vpc-fault";

/// A server answering `X-Vpc-Fault`.
pub(super) async fn with_faults() -> SocketAddr {
    serve(Config {
        port: 0,
        faults: true,
        ..Config::default()
    })
    .await
}

#[tokio::test]
async fn unknown_paths_and_methods_answer_the_gateways_rows() {
    let address = start().await;
    let token = [("x-auth-token", DEMO_TOKEN)];
    let missing = (
        "APIGW.0101",
        "The API does not exist or has not been published in the environment.",
    );
    for path in [
        format!("/v1/{P}/routers"),
        "/".to_owned(),
        "/v2.0/ports".to_owned(),
        format!("/v1/{P}/vpcs/a/b/c/d"),
        format!("/v1/{P}/%ff%00"),
    ] {
        let reply = send(address, "GET", &path, &token, b"").await;
        reply.assert_gateway(404, missing.0, missing.1);
    }
    // Without credentials too: the gateway knows no such API before it checks who asks.
    send(address, "POST", &format!("/v1/{P}/routers"), &[], b"{")
        .await
        .assert_gateway(404, missing.0, missing.1);

    for (method, path) in [
        ("PATCH", format!("/v1/{P}/vpcs")),
        ("DELETE", format!("/v1/{P}/vpcs")),
        ("POST", format!("/v1/{P}/subnets/s-1")),
        ("GET", format!("/v1/{P}/vpcs/v-1/subnets/s-1")),
    ] {
        let reply = send(address, method, &path, &token, b"").await;
        reply.assert_gateway(404, "APIGW.0101", "The API does not exist.");
    }

    // The id the caller sent is the one the body quotes.
    let reply = send(
        address,
        "GET",
        "/nowhere",
        &[("x-request-id", "trace-42")],
        b"",
    )
    .await;
    assert_eq!(reply.header("x-request-id"), Some("trace-42"));
    reply.assert_gateway(404, missing.0, missing.1);
}

#[tokio::test]
async fn faults_are_off_unless_asked_for() {
    let address = start().await;
    let api = [
        ("x-auth-token", DEMO_TOKEN),
        (FAULT, "VPC.0105; status=500"),
    ];
    let reply = send(address, "GET", &format!("/v1/{P}/vpcs"), &api, b"").await;
    assert_eq!((reply.status, reply.body.as_str()), (200, r#"{"vpcs":[]}"#));
    assert_eq!(reply.header("x-vpc-fault-error"), None);
}

#[tokio::test]
async fn a_fault_answers_exactly_the_row_named() {
    let address = with_faults().await;
    let token = ("x-auth-token", DEMO_TOKEN);
    let vpc = format!("/v1/{P}/vpcs/0b7e3c4a-1d2f-4e5a-8b9c-0d1e2f3a4b5c");
    for (spec, status) in [
        ("VPC.0105; status=500", 500),
        ("NeutronError; status=404", 404),
    ] {
        send(address, "GET", &vpc, &[token, (FAULT, spec)], b"")
            .await
            .assert_error(status, r#"{"code":"VPC.0105","message":"Neutron Error."}"#);
    }
    // A template value, and a gateway row, on other operations; no credentials needed.
    let subnet = format!("/v1/{P}/vpcs/v-1/subnets/s-1");
    send(
        address,
        "PUT",
        &subnet,
        &[(FAULT, "VPC.0201; field=gateway_ip")],
        b"not json",
    )
    .await
    .assert_error(
        400,
        r#"{"code":"VPC.0201","message":"gateway_ip is invalid."}"#,
    );
    send(address, "DELETE", &vpc, &[(FAULT, "APIGW.0308")], b"")
        .await
        .assert_gateway(
            429,
            "APIGW.0308",
            "The throttling threshold has been reached.",
        );

    // Nothing happened: the store is as it was.
    let list = send(address, "GET", &format!("/v1/{P}/subnets"), &[token], b"").await;
    assert_eq!(list.body, r#"{"subnets":[]}"#);
}

#[tokio::test]
async fn a_row_the_operation_lacks_is_refused_clearly() {
    let address = with_faults().await;
    let vpcs = format!("/v1/{P}/vpcs");
    let refused = |reply: &Reply| {
        reply.assert_gateway(400, "APIGW.0201", "API request error.");
        reply
            .header("x-vpc-fault-error")
            .expect("the reason")
            .to_owned()
    };
    // DeletePublicip's VPC.0517, asked of ListVpcs: the reason lists ListVpcs' rows.
    let reply = send(address, "GET", &vpcs, &[(FAULT, "VPC.0517")], b"").await;
    let reason = refused(&reply);
    assert!(
        reason.starts_with("ListVpcs has no row `VPC.0517`; its rows: "),
        "{reason}"
    );
    assert!(reason.contains("VPC.0008 TokenInvalid (401)"), "{reason}");
    // A row with two statuses needs one.
    let vpc = format!("{vpcs}/0b7e3c4a-1d2f-4e5a-8b9c-0d1e2f3a4b5c");
    let reply = send(address, "GET", &vpc, &[(FAULT, "VPC.0105")], b"").await;
    let reason = refused(&reply);
    assert_eq!(
        reason,
        "VPC.0105 NeutronError is answered with 404 or 500: add `; status=N`"
    );
}

#[tokio::test]
async fn hostile_fault_headers_are_refused_without_echoing_them() {
    let address = with_faults().await;
    let vpcs = format!("/v1/{P}/vpcs");
    let long = "A".repeat(6000);
    for spec in [
        long.as_str(),
        "VPC.0115\tnope",
        "\"><script>alert(1)</script>",
        ";;;;",
        "VPC.0115; status=99999999999",
        "VPC.0115; status=-1",
    ] {
        let reply = send(address, "POST", &vpcs, &[(FAULT, spec)], b"{}").await;
        reply.assert_gateway(400, "APIGW.0201", "API request error.");
        let reason = reply.header("x-vpc-fault-error").unwrap_or_default();
        assert!(
            !reason.is_empty() && reason.len() < 1000,
            "{spec:?}: {reason}"
        );
        assert!(!reply.body.contains("script"), "{reply:?}");
    }
    // Bytes that are not visible ASCII (obs-text, which HTTP lets through).
    let mut raw = format!(
        "POST {vpcs} HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-length: 0\r\n{FAULT}: VPC.0115"
    )
    .into_bytes();
    raw.extend_from_slice(b"\xff\xfe\r\n\r\n");
    let reply = parse(
        &tokio::task::spawn_blocking(move || exchange(address, &raw))
            .await
            .expect("the client thread"),
    );
    reply.assert_gateway(400, "APIGW.0201", "API request error.");
    let reason = reply.header("x-vpc-fault-error").unwrap_or_default();
    assert!(reason.contains("visible ASCII"), "{reason}");
}
