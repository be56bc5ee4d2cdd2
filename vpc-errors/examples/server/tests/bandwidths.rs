//! Bandwidths: EIPs' dedicated ones and shared ones, and every row of their six operations
//! (`rows.md` names the test asserting each). Bodies are spelled out, as in the parent
//! module.

use super::gateway::with_faults;
use super::*;

const FAULT: &str = "x-vpc-fault";

const BANDWIDTH_ID_INVALID: &str =
    r#"{"code":"VPC.0301","message":"getBandwidth error bandwidthId is invalid."}"#;
const BANDWIDTH_NOT_FOUND: &str =
    r#"{"code":"VPC.0306","message":"No Eip bandwidth exist with id."}"#;
const LIMIT_INVALID: &str =
    r#"{"code":"VPC.0301","message":"Get bandwidths error limit is invalid."}"#;
const UPDATE_INVALID: &str =
    r#"{"code":"VPC.0301","message":"updateBandwidth input param is invalid."}"#;
const PUBLICIP_ID_INVALID: &str = r#"{"code":"VPC.0301","message":"Invalid publicip_id"}"#;
const NOT_OPERABLE: &str =
    r#"{"code":"VPC.0323","message":"publicIp can not be operate with this bandwidth"}"#;

/// A well-formed id no resource has.
const NOWHERE: &str = "6f2a1c3e-1111-4a4a-9b9b-000000000000";

fn shared_body(name: &str, size: u32) -> String {
    format!(r#"{{"bandwidth": {{"name": "{name}", "size": {size}}}}}"#)
}

/// `publicip_info`'s list.
fn publicip_info(ids: &[&str]) -> String {
    let info: Vec<String> = ids
        .iter()
        .map(|id| format!(r#"{{"publicip_id": "{id}"}}"#))
        .collect();
    info.join(", ")
}

fn eips_body(ids: &[&str]) -> String {
    format!(
        r#"{{"bandwidth": {{"publicip_info": [{}]}}}}"#,
        publicip_info(ids)
    )
}

fn removal_body(ids: &[&str], charge_mode: &str, size: u32) -> String {
    format!(
        r#"{{"bandwidth": {{"publicip_info": [{}], "charge_mode": "{charge_mode}", "size": {size}}}}}"#,
        publicip_info(ids)
    )
}

/// A new EIP's id and its bandwidth's id.
async fn new_eip(api: &Client) -> (String, String) {
    let created = api.post(&format!("/v1/{P}/publicips"), EIP).await;
    assert_eq!(created.status, 200, "{created:?}");
    let id = string(&created.json(), "/publicip/id");
    let shown = api.get(&format!("/v1/{P}/publicips/{id}")).await;
    (id, string(&shown.json(), "/publicip/bandwidth_id"))
}

/// A new shared bandwidth's id.
async fn new_shared(api: &Client, name: &str) -> String {
    let created = api
        .post(&format!("/v2.0/{P}/bandwidths"), &shared_body(name, 10))
        .await;
    assert_eq!(created.status, 200, "{created:?}");
    string(&created.json(), "/bandwidth/id")
}

#[tokio::test]
#[allow(
    clippy::too_many_lines,
    reason = "one scenario, read best as one story"
)]
async fn an_eips_bandwidth_moves_into_a_shared_one_and_back() {
    let address = start().await;
    let api = Client::new(address, DEMO_TOKEN);
    let (eip, dedicated) = new_eip(&api).await;
    let bandwidth = format!("/v1/{P}/bandwidths/{dedicated}");

    // ShowBandwidth: the EIP's dedicated bandwidth, byte for byte.
    let shown = api.get(&bandwidth).await;
    assert_eq!(shown.status, 200, "{shown:?}");
    let at = string(&shown.json(), "/bandwidth/created_at");
    assert_eq!(
        shown.body,
        format!(
            r#"{{"bandwidth":{{"id":"{dedicated}","name":"bw","size":5,"share_type":"PER","charge_mode":"bandwidth","bandwidth_type":"bgp","billing_info":"","publicip_info":[{{"publicip_id":"{eip}","publicip_address":"198.51.100.1","publicip_type":"5_bgp","ip_version":4}}],"tenant_id":"{P}","enterprise_project_id":"0","status":"NORMAL","enable_bandwidth_rules":false,"rule_quota":0,"bandwidth_rules":[],"created_at":"{at}","updated_at":"{at}","public_border_group":"center"}}}}"#
        )
    );

    // CreateSharedBandwidth: no EIP in it yet.
    let created = api
        .post(
            &format!("/v2.0/{P}/bandwidths"),
            r#"{"bandwidth": {"name": "shared-1", "size": 400, "charge_mode": "95peak_plus"}}"#,
        )
        .await;
    assert_eq!(created.status, 200, "{created:?}");
    let json = created.json();
    let shared = string(&json, "/bandwidth/id");
    let at = string(&json, "/bandwidth/created_at");
    assert_eq!(
        created.body,
        format!(
            r#"{{"bandwidth":{{"id":"{shared}","name":"shared-1","size":400,"share_type":"WHOLE","charge_mode":"95peak_plus","bandwidth_type":"share","billing_info":"","publicip_info":[],"tenant_id":"{P}","enterprise_project_id":"0","status":"NORMAL","enable_bandwidth_rules":false,"rule_quota":0,"bandwidth_rules":[],"created_at":"{at}","updated_at":"{at}","public_border_group":"center"}}}}"#
        )
    );

    // ListBandwidths: both, oldest first; by share type; a page after a marker.
    let ids = |reply: &Reply| -> Vec<String> {
        reply.json()["bandwidths"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|b| string(b, "/id"))
            .collect()
    };
    let list = format!("/v1/{P}/bandwidths");
    assert_eq!(
        ids(&api.get(&list).await),
        [dedicated.as_str(), shared.as_str()]
    );
    let whole = api.get(&format!("{list}?share_type=WHOLE")).await;
    assert_eq!(ids(&whole), [shared.as_str()]);
    let after = api.get(&format!("{list}?marker={dedicated}&limit=1")).await;
    assert_eq!(ids(&after), [shared.as_str()]);

    // AddPublicipsIntoSharedBandwidth: the EIP's own bandwidth is gone, the EIP is listed.
    let inserted = api
        .post(
            &format!("/v2.0/{P}/bandwidths/{shared}/insert"),
            &eips_body(&[&eip]),
        )
        .await;
    assert_eq!(inserted.status, 200, "{inserted:?}");
    assert_eq!(
        string(&inserted.json(), "/bandwidth/publicip_info/0/publicip_id"),
        eip
    );
    api.get(&bandwidth)
        .await
        .assert_error(404, BANDWIDTH_NOT_FOUND);
    let publicip = api.get(&format!("/v1/{P}/publicips/{eip}")).await.json();
    assert_eq!(string(&publicip, "/publicip/bandwidth_id"), shared);
    assert_eq!(string(&publicip, "/publicip/bandwidth_share_type"), "WHOLE");
    assert_eq!(publicip["publicip"]["bandwidth_size"], 400);
    assert_eq!(ids(&api.get(&list).await), [shared.as_str()]);
    // ShowQuota counts the shared bandwidth and the EIP in it.
    for (kind, used) in [("shareBandwidth", 1), ("shareBandwidthIP", 1)] {
        let quota = api.get(&format!("/v1/{P}/quotas?type={kind}")).await.json();
        assert_eq!(quota["quotas"]["resources"][0]["used"], used, "{kind}");
    }

    // RemovePublicipsFromSharedBandwidth: a new dedicated bandwidth, as asked for.
    let removed = api
        .post(
            &format!("/v2.0/{P}/bandwidths/{shared}/remove"),
            &removal_body(&[&eip], "traffic", 300),
        )
        .await;
    assert_eq!((removed.status, removed.body.as_str()), (204, ""));
    let publicip = api.get(&format!("/v1/{P}/publicips/{eip}")).await.json();
    let own = string(&publicip, "/publicip/bandwidth_id");
    assert_ne!(own, dedicated);
    assert_eq!(string(&publicip, "/publicip/bandwidth_share_type"), "PER");
    let own_view = api.get(&format!("/v1/{P}/bandwidths/{own}")).await.json();
    assert_eq!(string(&own_view, "/bandwidth/charge_mode"), "traffic");
    assert_eq!(own_view["bandwidth"]["size"], 300);
    let shared_view = api.get(&format!("/v1/{P}/bandwidths/{shared}")).await;
    assert_eq!(
        shared_view.json()["bandwidth"]["publicip_info"],
        Value::Array(vec![])
    );

    // UpdateBandwidth: rename and resize; a new charge mode is checked with the size.
    let updated = api
        .put(
            &format!("/v1/{P}/bandwidths/{own}"),
            r#"{"bandwidth": {"name": "renamed", "size": 120}}"#,
        )
        .await;
    assert_eq!(updated.status, 200, "{updated:?}");
    let json = updated.json();
    assert_eq!(string(&json, "/bandwidth/name"), "renamed");
    assert_eq!(json["bandwidth"]["size"], 120);
    let publicip = api.get(&format!("/v1/{P}/publicips/{eip}")).await.json();
    assert_eq!(string(&publicip, "/publicip/bandwidth_name"), "renamed");
    let to_bandwidth = api
        .put(
            &format!("/v1/{P}/bandwidths/{own}"),
            r#"{"bandwidth": {"size": 1500, "charge_mode": "bandwidth"}}"#,
        )
        .await;
    assert_eq!(
        string(&to_bandwidth.json(), "/bandwidth/charge_mode"),
        "bandwidth"
    );

    // DeletePublicip takes its dedicated bandwidth with it; the shared one stays.
    api.delete(&format!("/v1/{P}/publicips/{eip}")).await;
    assert_eq!(ids(&api.get(&list).await), [shared.as_str()]);
}

#[tokio::test]
async fn show_bandwidth_refuses_malformed_and_unknown_ids() {
    let address = start().await;
    let api = Client::new(address, DEMO_TOKEN);
    for bad in ["b-1", "6F2A1C3E-1111-4A4A-9B9B-000000000000", "%ff"] {
        api.get(&format!("/v1/{P}/bandwidths/{bad}"))
            .await
            .assert_error(400, BANDWIDTH_ID_INVALID);
    }
    api.get(&format!("/v1/{P}/bandwidths/{NOWHERE}"))
        .await
        .assert_error(404, BANDWIDTH_NOT_FOUND);
    // Another project's bandwidth is not there either.
    let (_, bandwidth) = new_eip(&api).await;
    let other = Client::new(address, "other");
    other
        .get(&format!(
            "/v1/fedcba9876543210fedcba9876543210/bandwidths/{bandwidth}"
        ))
        .await
        .assert_error(404, BANDWIDTH_NOT_FOUND);
}

#[tokio::test]
async fn list_bandwidths_refuses_bad_queries_and_unknown_markers() {
    let address = start().await;
    let api = Client::new(address, DEMO_TOKEN);
    let list = format!("/v1/{P}/bandwidths");
    for query in [
        "limit=-1",
        "limit=x",
        "limit=2147483648",
        "limit=",
        "share_type=ALL",
        "limit=1&limit=2",
    ] {
        api.get(&format!("{list}?{query}"))
            .await
            .assert_error(400, LIMIT_INVALID);
    }
    api.get(&format!("{list}?marker={NOWHERE}"))
        .await
        .assert_error(404, BANDWIDTH_NOT_FOUND);
    // A marker outside the filtered list is not one of its items.
    let (_, dedicated) = new_eip(&api).await;
    api.get(&format!("{list}?share_type=WHOLE&marker={dedicated}"))
        .await
        .assert_error(404, BANDWIDTH_NOT_FOUND);
    let all = api.get(&format!("{list}?limit=0")).await;
    assert_eq!(all.status, 200, "{all:?}");
}

#[tokio::test]
async fn update_bandwidth_checks_sizes_per_charge_mode_names_and_ids() {
    let address = start().await;
    let api = Client::new(address, DEMO_TOKEN);
    let (_, dedicated) = new_eip(&api).await;
    let shared = new_shared(&api, "s").await;
    let put = |id: &str| format!("/v1/{P}/bandwidths/{id}");
    for (id, body) in [
        // Neither a name nor a size.
        (&dedicated, r#"{"bandwidth": {}}"#),
        (&dedicated, r#"{"bandwidth": {"name": ""}}"#),
        (&dedicated, r#"{"bandwidth": {"name": "a b"}}"#),
        (&dedicated, r#"{"bandwidth": {"size": 0}}"#),
        (&dedicated, r#"{"bandwidth": {"size": 2001}}"#),
        (&dedicated, r#"{"bandwidth": {"size": -5}}"#),
        // Above 300 Mbit/s in steps of 50, above 1000 in steps of 500.
        (&dedicated, r#"{"bandwidth": {"size": 310}}"#),
        (&dedicated, r#"{"bandwidth": {"size": 1200}}"#),
        // Billed by traffic, a dedicated bandwidth is at most 300 Mbit/s.
        (
            &dedicated,
            r#"{"bandwidth": {"size": 350, "charge_mode": "traffic"}}"#,
        ),
        (
            &dedicated,
            r#"{"bandwidth": {"size": 5, "charge_mode": "95peak_plus"}}"#,
        ),
        // A shared bandwidth is 5 Mbit/s at least, and never billed by traffic.
        (&shared, r#"{"bandwidth": {"size": 4}}"#),
        (
            &shared,
            r#"{"bandwidth": {"size": 5, "charge_mode": "traffic"}}"#,
        ),
        (&dedicated, "{"),
        (&dedicated, r#"{"bandwidth": 5}"#),
    ] {
        api.put(&put(id), body)
            .await
            .assert_error(400, UPDATE_INVALID);
    }
    // The table has no not-found row: an unknown or malformed id is the invalid parameter.
    for id in [NOWHERE, "b-1"] {
        api.put(&put(id), r#"{"bandwidth": {"size": 10}}"#)
            .await
            .assert_error(400, UPDATE_INVALID);
    }
    // Nothing changed.
    let shown = api.get(&put(&dedicated)).await.json();
    assert_eq!(shown["bandwidth"]["size"], 5);
    assert_eq!(string(&shown, "/bandwidth/charge_mode"), "bandwidth");
    for (id, body) in [
        (
            &dedicated,
            r#"{"bandwidth": {"size": 300, "charge_mode": "traffic"}}"#,
        ),
        (
            &dedicated,
            r#"{"bandwidth": {"name": "", "size": 2000, "charge_mode": "bandwidth"}}"#,
        ),
        (&shared, r#"{"bandwidth": {"name": "s2", "size": 950}}"#),
    ] {
        let reply = api.put(&put(id), body).await;
        assert_eq!(reply.status, 200, "{body}: {reply:?}");
    }
}

#[tokio::test]
async fn shared_bandwidths_have_a_quota_and_checked_bodies() {
    let address = serve(Config {
        port: 0,
        shared_bandwidth_quota: 1,
        ..Config::default()
    })
    .await;
    let api = Client::new(address, DEMO_TOKEN);
    let create = format!("/v2.0/{P}/bandwidths");
    // The table's only row is the quota: a body it cannot use is the gateway's row.
    for body in [
        "{",
        r#"{"bandwidth": {"name": "s"}}"#,
        r#"{"bandwidth": {"name": "a b", "size": 10}}"#,
        r#"{"bandwidth": {"name": "s", "size": 4}}"#,
        r#"{"bandwidth": {"name": "s", "size": 333}}"#,
        r#"{"bandwidth": {"name": "s", "size": 10, "charge_mode": "traffic"}}"#,
        r#"{"bandwidth": {"name": "s", "size": 10, "enterprise_project_id": "x"}}"#,
        r#"{"bandwidth": {"name": "s", "size": 10, "public_border_group": "edge-1"}}"#,
    ] {
        api.post(&create, body)
            .await
            .assert_gateway(400, "APIGW.0201", "API request error.");
    }
    // EIPs' dedicated bandwidths do not count.
    new_eip(&api).await;
    new_shared(&api, "s").await;
    api.post(&create, &shared_body("t", 10)).await.assert_error(
        400,
        r#"{"code":"VPC.0310","message":"NO QUOTAS for shareBandwidth!"}"#,
    );
    let shared = api
        .get(&format!("/v1/{P}/bandwidths?share_type=WHOLE"))
        .await;
    assert_eq!(
        shared.json()["bandwidths"].as_array().map(Vec::len),
        Some(1)
    );
}

#[tokio::test]
async fn inserting_checks_the_eips_and_the_shared_bandwidth() {
    let address = start().await;
    let api = Client::new(address, DEMO_TOKEN);
    let (eip, dedicated) = new_eip(&api).await;
    let shared = new_shared(&api, "s").await;
    let other = new_shared(&api, "t").await;
    let insert = |id: &str| format!("/v2.0/{P}/bandwidths/{id}/insert");
    for body in [
        eips_body(&[]),
        eips_body(&["e-1"]),
        eips_body(&[NOWHERE]),
        eips_body(&[&eip, &eip]),
        "{".to_owned(),
        r#"{"bandwidth": {}}"#.to_owned(),
    ] {
        api.post(&insert(&shared), &body)
            .await
            .assert_error(400, PUBLICIP_ID_INVALID);
    }
    // No shared bandwidth of the project: unknown, dedicated, malformed.
    for id in [NOWHERE, dedicated.as_str(), "b-1"] {
        api.post(&insert(id), &eips_body(&[&eip]))
            .await
            .assert_error(400, NOT_OPERABLE);
    }
    let inserted = api.post(&insert(&shared), &eips_body(&[&eip])).await;
    assert_eq!(inserted.status, 200, "{inserted:?}");
    // Already in a shared bandwidth: this one or another.
    for id in [&shared, &other] {
        api.post(&insert(id), &eips_body(&[&eip]))
            .await
            .assert_error(400, NOT_OPERABLE);
    }
}

#[tokio::test]
async fn removing_checks_membership_and_the_bandwidth_given_back() {
    let address = start().await;
    let api = Client::new(address, DEMO_TOKEN);
    let (inside, _) = new_eip(&api).await;
    let (outside, _) = new_eip(&api).await;
    let shared = new_shared(&api, "s").await;
    let other = new_shared(&api, "t").await;
    let inserted = api
        .post(
            &format!("/v2.0/{P}/bandwidths/{shared}/insert"),
            &eips_body(&[&inside]),
        )
        .await;
    assert_eq!(inserted.status, 200, "{inserted:?}");
    let remove = |id: &str| format!("/v2.0/{P}/bandwidths/{id}/remove");
    for body in [
        removal_body(&[], "bandwidth", 5),
        removal_body(&[NOWHERE], "bandwidth", 5),
        removal_body(&["e-1"], "bandwidth", 5),
        // The dedicated bandwidth it gets back: by traffic at most 300 Mbit/s.
        removal_body(&[&inside], "traffic", 500),
        removal_body(&[&inside], "bandwidth", 0),
        removal_body(&[&inside], "95peak_plus", 5),
        eips_body(&[&inside]),
    ] {
        api.post(&remove(&shared), &body)
            .await
            .assert_error(400, PUBLICIP_ID_INVALID);
    }
    // Not in this shared bandwidth (in none, or in another), or no shared bandwidth.
    for (id, eip) in [(&shared, &outside), (&other, &inside)] {
        api.post(&remove(id), &removal_body(&[eip], "bandwidth", 5))
            .await
            .assert_error(400, NOT_OPERABLE);
    }
    api.post(&remove(NOWHERE), &removal_body(&[&inside], "bandwidth", 5))
        .await
        .assert_error(400, NOT_OPERABLE);
    // Refusals changed nothing: the EIP is still in the shared bandwidth.
    let publicip = api.get(&format!("/v1/{P}/publicips/{inside}")).await.json();
    assert_eq!(string(&publicip, "/publicip/bandwidth_id"), shared);
    let removed = api
        .post(
            &remove(&shared),
            &removal_body(&[&inside], "bandwidth", 2000),
        )
        .await;
    assert_eq!(removed.status, 204, "{removed:?}");
    api.post(&remove(&shared), &removal_body(&[&inside], "bandwidth", 5))
        .await
        .assert_error(400, NOT_OPERABLE);
}

#[tokio::test]
async fn bandwidth_backend_failures_are_faults() {
    let address = with_faults().await;
    let token = ("x-auth-token", DEMO_TOKEN);
    let bandwidth = format!("/v1/{P}/bandwidths/{NOWHERE}");
    let neutron = r#"{"code":"VPC.0302","message":"Neutron Error."}"#;
    for (method, path, fault, body) in [
        ("GET", bandwidth.as_str(), "NeutronError", neutron),
        ("GET", &format!("/v1/{P}/bandwidths"), "VPC.0302", neutron),
        ("PUT", bandwidth.as_str(), "NeutronError", neutron),
        (
            "PUT",
            bandwidth.as_str(),
            "VPC.0305",
            r#"{"code":"VPC.0305","message":"updateBandwidth error."}"#,
        ),
    ] {
        send(address, method, path, &[token, (FAULT, fault)], b"")
            .await
            .assert_error(500, body);
    }
}

#[tokio::test]
async fn create_publicip_takes_a_dedicated_bandwidths_sizes_and_charge_modes() {
    let address = start().await;
    let api = Client::new(address, DEMO_TOKEN);
    let publicips = format!("/v1/{P}/publicips");
    let body = |bandwidth: &str| {
        format!(
            r#"{{"publicip": {{"type": "5_bgp"}}, "bandwidth": {{"name": "bw", "share_type": "PER", {bandwidth}}}}}"#
        )
    };
    for bandwidth in [
        r#""size": 310"#,
        r#""size": 1200"#,
        r#""size": 350, "charge_mode": "traffic""#,
        r#""size": 5, "charge_mode": "95peak_plus""#,
    ] {
        api.post(&publicips, &body(bandwidth)).await.assert_error(
            400,
            r#"{"code":"VPC.0301","message":"Bandwidth name or share_type is invalid."}"#,
        );
    }
    let created = api
        .post(
            &publicips,
            &body(r#""size": 300, "charge_mode": "traffic""#),
        )
        .await;
    assert_eq!(created.status, 200, "{created:?}");
    let id = string(&created.json(), "/publicip/id");
    let shown = api.get(&format!("{publicips}/{id}")).await.json();
    let bandwidth_id = string(&shown, "/publicip/bandwidth_id");
    let bandwidth = api
        .get(&format!("/v1/{P}/bandwidths/{bandwidth_id}"))
        .await
        .json();
    assert_eq!(string(&bandwidth, "/bandwidth/charge_mode"), "traffic");
}
