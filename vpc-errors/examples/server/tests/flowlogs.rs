//! Flow logs: every row of `CreateFlowLog`, `ListFlowLogs`, `ShowFlowLog`,
//! `UpdateFlowLog` and `DeleteFlowLog`, by a real request where one produces it and by a
//! fault otherwise. Bodies are spelled out, as in the parent module.

use super::securitygroups::{fault, start_small};
use super::*;

const GROUP: &str = "0d1e2f3a-0000-4a4a-8b8b-000000000001";
const TOPIC: &str = "0d1e2f3a-0000-4a4a-8b8b-000000000002";
const MISSING: &str = "6f2a1c3e-1111-4a4a-9b9b-000000000000";

fn flow_log_body(resource_type: &str, resource_id: &str, traffic_type: &str) -> String {
    format!(
        r#"{{"flow_log": {{"name": "fl", "resource_type": "{resource_type}", "resource_id": "{resource_id}", "traffic_type": "{traffic_type}", "log_group_id": "{GROUP}", "log_topic_id": "{TOPIC}"}}}}"#
    )
}

async fn new_vpc(api: &Client) -> String {
    let vpc = api
        .post(
            &format!("/v1/{P}/vpcs"),
            r#"{"vpc": {"name": "v", "cidr": "10.0.0.0/16"}}"#,
        )
        .await;
    string(&vpc.json(), "/vpc/id")
}

#[tokio::test]
#[allow(
    clippy::too_many_lines,
    reason = "one scenario, read best as one story"
)]
async fn a_flow_log_from_creation_to_deletion() {
    let address = start().await;
    let api = Client::new(address, DEMO_TOKEN);
    let flow_logs = format!("/v1/{P}/fl/flow_logs");
    let vpc_id = new_vpc(&api).await;

    let created = api
        .post(&flow_logs, &flow_log_body("vpc", &vpc_id, "all"))
        .await;
    assert_eq!(created.status, 200, "{created:?}");
    let json = created.json();
    let id = string(&json, "/flow_log/id");
    let at = string(&json, "/flow_log/created_at");
    assert_eq!(
        created.body,
        format!(
            r#"{{"flow_log":{{"id":"{id}","name":"fl","tenant_id":"{P}","description":"","resource_type":"vpc","resource_id":"{vpc_id}","traffic_type":"all","log_group_id":"{GROUP}","log_topic_id":"{TOPIC}","log_store_type":"lts","created_at":"{at}","updated_at":"{at}","admin_state":true,"status":"ACTIVE"}}}}"#
        )
    );
    let flow_log = format!("{flow_logs}/{id}");
    let shown = api.get(&flow_log).await;
    assert_eq!((shown.status, &shown.body), (200, &created.body));

    // The same traffic of the same VPC into the same topic again.
    api.post(&flow_logs, &flow_log_body("vpc", &vpc_id, "all"))
        .await
        .assert_error(
            409,
            &format!(
                r#"{{"code":"VPC.3004","message":"Content of flow log is duplicate: resource type vpc, reousce id {vpc_id}, traffic type all, log group id {GROUP}, log topic id {TOPIC}, log store type lts, log store name {TOPIC}."}}"#
            ),
        );
    // Other traffic of it is another flow log.
    let rejected = api
        .post(&flow_logs, &flow_log_body("vpc", &vpc_id, "reject"))
        .await;
    assert_eq!(rejected.status, 200, "{rejected:?}");

    // Resources that are not the project's.
    let subnet_body = subnet_body("s", "10.0.1.0/24", "10.0.1.1", &vpc_id);
    let subnet = api.post(&format!("/v1/{P}/subnets"), &subnet_body).await;
    let subnet_id = string(&subnet.json(), "/subnet/id");
    for (kind, id) in [
        ("vpc", MISSING),
        ("network", MISSING),
        ("network", vpc_id.as_str()),
        ("port", MISSING),
        ("vpc", subnet_id.as_str()),
    ] {
        api.post(&flow_logs, &flow_log_body(kind, id, "all"))
            .await
            .assert_error(
                404,
                &format!(
                    r#"{{"code":"VPC.3002","message":"Port/Network/Vpc {id} could not be found."}}"#
                ),
            );
    }
    // A subnet is a network; a port is known once an EIP is bound to it.
    let on_subnet = api
        .post(&flow_logs, &flow_log_body("network", &subnet_id, "accept"))
        .await;
    assert_eq!(on_subnet.status, 200, "{on_subnet:?}");
    let eip = api.post(&format!("/v1/{P}/publicips"), EIP).await;
    let eip_id = string(&eip.json(), "/publicip/id");
    let bound = api
        .put(
            &format!("/v1/{P}/publicips/{eip_id}"),
            &format!(r#"{{"publicip": {{"port_id": "{MISSING}"}}}}"#),
        )
        .await;
    assert_eq!(bound.status, 200, "{bound:?}");
    let on_port = api
        .post(&flow_logs, &flow_log_body("port", MISSING, "all"))
        .await;
    assert_eq!(on_port.status, 200, "{on_port:?}");

    // Lists filter and page.
    let list = api
        .get(&format!("{flow_logs}?resource_type=vpc"))
        .await
        .json();
    let ids: Vec<_> = list["flow_logs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["traffic_type"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["all", "reject"]);
    let page = api
        .get(&format!("{flow_logs}?limit=1&marker={id}"))
        .await
        .json();
    assert_eq!(page["flow_logs"][0]["traffic_type"], "reject");
    assert_eq!(page["flow_logs"].as_array().map(Vec::len), Some(1));

    // Turned off, renamed; then it lists as DOWN.
    let updated = api
        .put(
            &flow_log,
            r#"{"flow_log": {"name": "off", "description": "paused", "admin_state": false}}"#,
        )
        .await;
    assert_eq!(updated.status, 200, "{updated:?}");
    let json = updated.json();
    assert_eq!(json["flow_log"]["name"], "off");
    assert_eq!(json["flow_log"]["description"], "paused");
    assert_eq!(json["flow_log"]["status"], "DOWN");
    assert_eq!(json["flow_log"]["admin_state"], false);
    let down = api.get(&format!("{flow_logs}?status=DOWN")).await.json();
    assert_eq!(down["flow_logs"][0]["id"], id.as_str());
    assert_eq!(down["flow_logs"].as_array().map(Vec::len), Some(1));

    // Deleted, it is gone for every operation.
    let deleted = api.delete(&flow_log).await;
    assert_eq!((deleted.status, deleted.body.as_str()), (204, ""));
    let show_gone =
        format!(r#"{{"code":"VPC.3002","message":"Flow log {id} could not be found."}}"#);
    let gone = format!(r#"{{"code":"VPC.3005","message":"Flow log {id} could not be found."}}"#);
    api.get(&flow_log).await.assert_error(404, &show_gone);
    api.put(&flow_log, r#"{"flow_log": {"name": "x"}}"#)
        .await
        .assert_error(404, &gone);
    api.delete(&flow_log).await.assert_error(404, &gone);
}

#[tokio::test]
async fn bad_flow_logs_ids_and_queries_get_their_rows() {
    let address = start().await;
    let api = Client::new(address, DEMO_TOKEN);
    let flow_logs = format!("/v1/{P}/fl/flow_logs");
    let vpc_id = new_vpc(&api).await;

    let invalid = r#"{"code":"VPC.3001","message":"resource_type/log_store_type/traffic_type/log_group_id/log_topic_id is invalid"}"#;
    let body = flow_log_body("vpc", &vpc_id, "all");
    for bad in [
        flow_log_body("router", &vpc_id, "all"),
        flow_log_body("VPC", &vpc_id, "all"),
        flow_log_body("vpc", &vpc_id, "some"),
        flow_log_body("vpc", "vpc-1", "all"),
        body.replace(GROUP, "g-1"),
        body.replace(TOPIC, "t-1"),
        body.replace(r#""name": "fl""#, r#""name": "a b""#),
        body.replace(
            r#""name": "fl""#,
            r#""name": "fl", "log_store_type": "obs""#,
        ),
        body.replace(r#""name": "fl""#, r#""name": "fl", "description": "<x>""#),
        body.replace(r#", "traffic_type": "all""#, ""),
        "{".to_owned(),
    ] {
        api.post(&flow_logs, &bad).await.assert_error(400, invalid);
    }

    for (query, param) in [
        ("limit=-1", "limit"),
        ("limit=2147483648", "limit"),
        ("marker=6f2a1c3e-1111-4a4a-9b9b-000000000000", "marker"),
        ("resource_type=router", "resource_type"),
        ("traffic_type=x", "traffic_type"),
        ("status=ERROR2", "status"),
        ("log_store_type=obs", "log_store_type"),
    ] {
        api.get(&format!("{flow_logs}?{query}")).await.assert_error(
            404,
            &format!(
                r#"{{"code":"VPC.3001","message":"resource could not be found, {param} is invalid"}}"#
            ),
        );
    }

    let id_invalid =
        r#"{"code":"VPC.3001","message":"resource could not be found, flowlog id is invalid."}"#;
    let bad_id = format!("{flow_logs}/fl-1");
    api.get(&bad_id).await.assert_error(404, id_invalid);
    api.put(&bad_id, r#"{"flow_log": {"name": "x"}}"#)
        .await
        .assert_error(404, id_invalid);
    api.delete(&bad_id).await.assert_error(404, id_invalid);

    // UpdateFlowLog has no parameter row: a body it cannot read is the gateway's.
    let created = api.post(&flow_logs, &body).await;
    let flow_log = format!("{flow_logs}/{}", string(&created.json(), "/flow_log/id"));
    for bad in [
        "{",
        r#"{"flow_log": {"admin_state": "off"}}"#,
        r#"{"flow_log": {"name": "a b"}}"#,
        r#"{"flow_log": {"description": "<x>"}}"#,
        "{}",
    ] {
        api.put(&flow_log, bad)
            .await
            .assert_gateway(400, "APIGW.0201", "API request error.");
    }
    let unchanged = api.get(&flow_log).await;
    assert_eq!(unchanged.body, created.body);
}

#[tokio::test]
async fn flow_log_backend_failures_come_from_faults() {
    let address = start_small().await;
    let flow_logs = format!("/v1/{P}/fl/flow_logs");
    let flow_log = format!("{flow_logs}/{MISSING}");
    for (method, path, spec, status, body) in [
        (
            "POST",
            flow_logs.as_str(),
            "PortNotSupported; port_id=p-1",
            400,
            r#"{"code":"VPC.3002","message":"Port does not support flow log, port id : p-1"}"#,
        ),
        (
            "POST",
            flow_logs.as_str(),
            &format!("BackendFailed; tenant_id={P}"),
            500,
            &format!(r#"{{"code":"VPC.3002","message":"Create flow log by {P} fail."}}"#),
        ),
        (
            "GET",
            flow_logs.as_str(),
            "NeutronError",
            500,
            r#"{"code":"VPC.3002","message":"Neutron Error."}"#,
        ),
        (
            "PUT",
            flow_log.as_str(),
            &format!("BackendFailed; tenant_id={P}"),
            500,
            &format!(r#"{{"code":"VPC.3002","message":"Update flow log by {P} fail."}}"#),
        ),
        (
            "DELETE",
            flow_log.as_str(),
            &format!("BackendFailed; tenant_id={P}"),
            500,
            &format!(r#"{{"code":"VPC.3002","message":"Delete flow log by {P} fail."}}"#),
        ),
    ] {
        fault(address, method, path, spec, "")
            .await
            .assert_error(status, body);
    }
}
