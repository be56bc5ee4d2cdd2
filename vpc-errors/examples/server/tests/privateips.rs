//! Private IPs, network IP availability and quotas: every row of `CreatePrivateip`,
//! `ShowPrivateip`, `ListPrivateips`, `DeletePrivateip`, `ShowNetworkIpAvailabilities` and
//! `ShowQuota`, each asserted on its exact status and body. Bodies are spelled out, as in
//! the parent module.

use super::*;

/// A VPC `10.0.0.0/16` with the subnet `10.0.1.0/28` (gateway `10.0.1.1`): eleven
/// addresses for private IPs, `10.0.1.2` to `10.0.1.12`. Returns (VPC id, subnet id).
async fn subnet(api: &Client, name: &str) -> (String, String) {
    subnet_of(api, P, name).await
}

/// [`subnet`] in `project`, the one `api`'s token is for.
async fn subnet_of(api: &Client, project: &str, name: &str) -> (String, String) {
    let vpc = api
        .post(
            &format!("/v1/{project}/vpcs"),
            &format!(r#"{{"vpc": {{"name": "{name}", "cidr": "10.0.0.0/16"}}}}"#),
        )
        .await;
    assert_eq!(vpc.status, 200, "{vpc:?}");
    let vpc_id = string(&vpc.json(), "/vpc/id");
    let subnet = api
        .post(
            &format!("/v1/{project}/subnets"),
            &subnet_body(name, "10.0.1.0/28", "10.0.1.1", &vpc_id),
        )
        .await;
    assert_eq!(subnet.status, 200, "{subnet:?}");
    (vpc_id, string(&subnet.json(), "/subnet/id"))
}

/// A `CreatePrivateip` body: one entry per address, `None` to let the server choose.
fn privateips(subnet_id: &str, addresses: &[Option<&str>]) -> String {
    let entries: Vec<String> = addresses
        .iter()
        .map(|address| match address {
            Some(ip) => format!(r#"{{"subnet_id": "{subnet_id}", "ip_address": "{ip}"}}"#),
            None => format!(r#"{{"subnet_id": "{subnet_id}"}}"#),
        })
        .collect();
    format!(r#"{{"privateips": [{}]}}"#, entries.join(", "))
}

/// One private IP of the subnet `subnet_id` of `project`: its id.
async fn assign(api: &Client, project: &str, subnet_id: &str) -> String {
    let created = api
        .post(
            &format!("/v1/{project}/privateips"),
            &privateips(subnet_id, &[None]),
        )
        .await;
    assert_eq!(created.status, 200, "{created:?}");
    string(&created.json(), "/privateips/0/id")
}

/// The addresses of a `{"privateips": [...]}` answer, in order.
fn addresses(reply: &Reply) -> Vec<String> {
    reply.json()["privateips"]
        .as_array()
        .unwrap_or_else(|| panic!("no privateips: {reply:?}"))
        .iter()
        .map(|ip| string(ip, "/ip_address"))
        .collect()
}

/// `(total_ips, used_ips)` of the network, checked equal to its one subnet's.
async fn availability(api: &Client, network_id: &str) -> (u64, u64) {
    let reply = api
        .get(&format!("/v2.0/network-ip-availabilities/{network_id}"))
        .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    let network = &reply.json()["network_ip_availability"];
    let totals = (network["total_ips"].as_u64(), network["used_ips"].as_u64());
    let subnet = &network["subnet_ip_availability"][0];
    assert_eq!(
        totals,
        (subnet["total_ips"].as_u64(), subnet["used_ips"].as_u64())
    );
    (totals.0.unwrap_or_default(), totals.1.unwrap_or_default())
}

const NOT_FOUND: &str = r#"{"code":"VPC.0704","message":"Query resource by id fail."}"#;
const USED: &str = r#"{"code":"VPC.0701","message":"The IP has been used."}"#;
const NOT_IN_SUBNET: &str =
    r#"{"code":"VPC.0705","message":"IP address is not a valid IP for the specified subnet."}"#;
const NO_SUBNET: &str = r#"{"code":"VPC.2204","message":"Query resource by id fail."}"#;
const LIST_ERROR: &str = r#"{"code":"VPC.0702","message":"query privateIps error."}"#;
const MISSING: &str = "6f2a1c3e-1111-4a4a-9b9b-000000000000";
/// The project of the token `other`.
const OTHER: &str = "fedcba9876543210fedcba9876543210";

#[tokio::test]
async fn private_ips_are_assigned_shown_listed_and_deleted() {
    let address = start().await;
    let api = Client::new(address, DEMO_TOKEN);
    let (vpc_id, subnet_id) = subnet(&api, "pip").await;
    assert_eq!(availability(&api, &subnet_id).await, (11, 0));

    // One chosen, one named: the chosen one is the lowest free address.
    let created = api
        .post(
            &format!("/v1/{P}/privateips"),
            &privateips(&subnet_id, &[None, Some("10.0.1.2")]),
        )
        .await;
    assert_eq!(created.status, 200, "{created:?}");
    assert_eq!(addresses(&created), ["10.0.1.3", "10.0.1.2"]);
    let first = &created.json()["privateips"][0];
    let id = string(first, "/id");
    assert!(crate::input::Id::parse(&id).is_some());
    assert_eq!(
        first.to_string(),
        format!(
            r#"{{"device_owner":"","id":"{id}","ip_address":"10.0.1.3","status":"DOWN","subnet_id":"{subnet_id}","tenant_id":"{P}"}}"#
        )
    );
    assert_eq!(availability(&api, &subnet_id).await, (11, 2));

    let shown = api.get(&format!("/v1/{P}/privateips/{id}")).await;
    assert_eq!(shown.status, 200);
    assert_eq!(shown.json()["privateip"], *first);

    let list = format!("/v1/{P}/subnets/{subnet_id}/privateips");
    assert_eq!(addresses(&api.get(&list).await), ["10.0.1.3", "10.0.1.2"]);
    assert_eq!(
        addresses(&api.get(&format!("{list}?limit=1")).await),
        ["10.0.1.3"]
    );
    assert_eq!(
        addresses(&api.get(&format!("{list}?marker={id}")).await),
        ["10.0.1.2"]
    );

    assert_eq!(
        api.delete(&format!("/v1/{P}/privateips/{id}")).await.status,
        204
    );
    assert_eq!(availability(&api, &subnet_id).await, (11, 1));
    // The freed address is the next one chosen.
    let again = api
        .post(
            &format!("/v1/{P}/privateips"),
            &privateips(&subnet_id, &[None]),
        )
        .await;
    assert_eq!(addresses(&again), ["10.0.1.3"]);

    // A subnet with private IPs cannot be deleted (DeleteSubnet's VPC.0208).
    let subnet_path = format!("/v1/{P}/vpcs/{vpc_id}/subnets/{subnet_id}");
    api.delete(&subnet_path).await.assert_error(
        500,
        r#"{"code":"VPC.0208","message":"Subnet is used by private IP, can not be deleted."}"#,
    );
    for ip in api.get(&list).await.json()["privateips"]
        .as_array()
        .unwrap()
    {
        let path = format!("/v1/{P}/privateips/{}", string(ip, "/id"));
        assert_eq!(api.delete(&path).await.status, 204);
    }
    assert_eq!(api.delete(&subnet_path).await.status, 204);
}

#[tokio::test]
async fn create_refuses_addresses_outside_taken_or_of_no_subnet() {
    let address = start().await;
    let api = Client::new(address, DEMO_TOKEN);
    let (_, subnet_id) = subnet(&api, "pip").await;
    let path = format!("/v1/{P}/privateips");
    let held = api
        .post(&path, &privateips(&subnet_id, &[Some("10.0.1.7")]))
        .await;
    assert_eq!(held.status, 200);

    // Not one of the subnet's host addresses, or not an address at all.
    for ip in ["10.0.2.5", "10.0.1.0", "10.0.1.15", "10.0.1", "::1", ""] {
        api.post(&path, &privateips(&subnet_id, &[Some(ip)]))
            .await
            .assert_error(400, NOT_IN_SUBNET);
    }
    // The gateway, the system's two addresses, another private IP, and an address named
    // twice in one request.
    for wanted in [
        &[Some("10.0.1.1")][..],
        &[Some("10.0.1.13")],
        &[Some("10.0.1.14")],
        &[Some("10.0.1.7")],
        &[Some("10.0.1.9"), None, Some("10.0.1.9")],
    ] {
        api.post(&path, &privateips(&subnet_id, wanted))
            .await
            .assert_error(500, USED);
    }
    // No such subnet: unknown, malformed, or another project's.
    let (_, theirs) = subnet_of(&Client::new(address, "other"), OTHER, "theirs").await;
    for id in [MISSING, "subnet-1", &theirs] {
        api.post(&path, &privateips(id, &[None]))
            .await
            .assert_error(404, NO_SUBNET);
    }
    // A refused request assigned nothing, even the entries before the one refused.
    let mixed = format!(
        r#"{{"privateips": [{{"subnet_id": "{subnet_id}"}}, {{"subnet_id": "{MISSING}"}}]}}"#
    );
    api.post(&path, &mixed).await.assert_error(404, NO_SUBNET);
    assert_eq!(availability(&api, &subnet_id).await, (11, 1));

    // Not the body's shape: the table has no parameter row; the gateway's answers.
    for body in [
        "",
        "not json",
        "{}",
        r#"{"privateips": []}"#,
        r#"{"privateips": [{"ip_address": "10.0.1.5"}]}"#,
        r#"{"privateips": [{"subnet_id": 5}]}"#,
    ] {
        api.post(&path, body)
            .await
            .assert_gateway(400, "APIGW.0201", "API request error.");
    }
    assert_eq!(availability(&api, &subnet_id).await, (11, 1));
}

#[tokio::test]
async fn a_subnet_runs_out_of_addresses() {
    let address = start().await;
    let api = Client::new(address, DEMO_TOKEN);
    let (_, subnet_id) = subnet(&api, "pip").await;
    let path = format!("/v1/{P}/privateips");
    let exhausted = format!(
        r#"{{"code":"VPC.0703","message":"No more IP addresses available on network {subnet_id}."}}"#
    );
    // Twelve at once do not fit in eleven: none is assigned.
    api.post(&path, &privateips(&subnet_id, &[None; 12]))
        .await
        .assert_error(409, &exhausted);
    assert_eq!(availability(&api, &subnet_id).await, (11, 0));

    // Ten chosen and the last one named: the chosen ones leave it free.
    let mut wanted = vec![None; 10];
    wanted.push(Some("10.0.1.2"));
    let all = api.post(&path, &privateips(&subnet_id, &wanted)).await;
    assert_eq!(all.status, 200, "{all:?}");
    let mut got = addresses(&all);
    assert_eq!(got.pop().as_deref(), Some("10.0.1.2"));
    assert_eq!(got.first().map(String::as_str), Some("10.0.1.3"));
    assert_eq!(got.last().map(String::as_str), Some("10.0.1.12"));
    assert_eq!(availability(&api, &subnet_id).await, (11, 11));

    api.post(&path, &privateips(&subnet_id, &[None]))
        .await
        .assert_error(409, &exhausted);
}

#[tokio::test]
async fn shows_lists_and_deletions_of_what_is_not_there() {
    let address = start().await;
    let api = Client::new(address, DEMO_TOKEN);
    let (_, subnet_id) = subnet(&api, "pip").await;

    // No row for a malformed id: it names no private IP.
    for id in [MISSING, "pip-1", "%ff"] {
        api.get(&format!("/v1/{P}/privateips/{id}"))
            .await
            .assert_error(404, NOT_FOUND);
        api.delete(&format!("/v1/{P}/privateips/{id}"))
            .await
            .assert_error(404, NOT_FOUND);
    }
    // Another project's private IP is not found either.
    let other = Client::new(address, "other");
    let (_, theirs) = subnet_of(&other, OTHER, "theirs").await;
    let their_ip = assign(&other, OTHER, &theirs).await;
    api.get(&format!("/v1/{P}/privateips/{their_ip}"))
        .await
        .assert_error(404, NOT_FOUND);

    // The list's one row: a malformed or unknown subnet, a bad limit or marker.
    for path in [
        format!("/v1/{P}/subnets/subnet-1/privateips"),
        format!("/v1/{P}/subnets/{MISSING}/privateips"),
        format!("/v1/{P}/subnets/{theirs}/privateips"),
        format!("/v1/{P}/subnets/{subnet_id}/privateips?limit=-1"),
        format!("/v1/{P}/subnets/{subnet_id}/privateips?limit=x"),
        format!("/v1/{P}/subnets/{subnet_id}/privateips?marker={MISSING}"),
        format!("/v1/{P}/subnets/{subnet_id}/privateips?limit=1&limit=2"),
    ] {
        api.get(&path).await.assert_error(400, LIST_ERROR);
    }
}

#[tokio::test]
async fn a_private_ip_with_an_eip_bound_is_in_use() {
    let address = start().await;
    let api = Client::new(address, DEMO_TOKEN);
    let (_, subnet_id) = subnet(&api, "pip").await;
    let id = assign(&api, P, &subnet_id).await;
    let eip = api.post(&format!("/v1/{P}/publicips"), EIP).await;
    let eip_id = string(&eip.json(), "/publicip/id");
    let eip_path = format!("/v1/{P}/publicips/{eip_id}");
    let bind = api
        .put(
            &eip_path,
            &format!(r#"{{"publicip": {{"port_id": "{id}"}}}}"#),
        )
        .await;
    assert_eq!(bind.status, 200, "{bind:?}");

    let path = format!("/v1/{P}/privateips/{id}");
    assert_eq!(
        string(&api.get(&path).await.json(), "/privateip/status"),
        "ACTIVE"
    );
    api.delete(&path).await.assert_error(
        409,
        r#"{"code":"VPC.0707","message":"privateIp is in use."}"#,
    );
    let unbind = api.put(&eip_path, r#"{"publicip": {}}"#).await;
    assert_eq!(unbind.status, 200, "{unbind:?}");
    assert_eq!(
        string(&api.get(&path).await.json(), "/privateip/status"),
        "DOWN"
    );
    assert_eq!(api.delete(&path).await.status, 204);
}

#[tokio::test]
async fn a_failed_deletion_is_a_fault() {
    let address = serve(Config {
        port: 0,
        faults: true,
        ..Config::default()
    })
    .await;
    let api = Client::new(address, DEMO_TOKEN);
    let (_, subnet_id) = subnet(&api, "pip").await;
    let id = assign(&api, P, &subnet_id).await;
    let path = format!("/v1/{P}/privateips/{id}");
    let headers = [
        ("x-auth-token", DEMO_TOKEN),
        ("x-vpc-fault", "PrivateipDeleteFailed"),
    ];
    send(address, "DELETE", &path, &headers, b"")
        .await
        .assert_error(500, r#"{"code":"VPC.0706","message":"Delete port fail."}"#);
    // Nothing happened.
    assert_eq!(api.get(&path).await.status, 200);
}

#[tokio::test]
async fn network_availability_of_what_is_not_there() {
    let address = start().await;
    let api = Client::new(address, DEMO_TOKEN);
    for id in ["network-1", "6F2A1C3E-1111-4A4A-9B9B-000000000000", "%ff"] {
        api.get(&format!("/v2.0/network-ip-availabilities/{id}"))
            .await
            .assert_error(
                400,
                r#"{"code":"VPC.2301","message":"parameter network_id is invalid."}"#,
            );
    }
    let (_, theirs) = subnet_of(&Client::new(address, "other"), OTHER, "theirs").await;
    for id in [MISSING, theirs.as_str()] {
        api.get(&format!("/v2.0/network-ip-availabilities/{id}"))
            .await
            .assert_error(
                400,
                &format!(r#"{{"code":"VPC.2302","message":"Network {id} could not be found."}}"#),
            );
    }
    // A /24 holds 251: less the network, gateway, broadcast and the system's two.
    let vpc = api
        .post(
            &format!("/v1/{P}/vpcs"),
            r#"{"vpc": {"name": "big", "cidr": "192.168.0.0/16"}}"#,
        )
        .await;
    let vpc_id = string(&vpc.json(), "/vpc/id");
    let subnet = api
        .post(
            &format!("/v1/{P}/subnets"),
            &subnet_body("big", "192.168.3.0/24", "192.168.3.1", &vpc_id),
        )
        .await;
    let subnet = subnet.json();
    let network = api
        .get(&format!(
            "/v2.0/network-ip-availabilities/{}",
            string(&subnet, "/subnet/id")
        ))
        .await;
    assert_eq!(
        network.body,
        format!(
            r#"{{"network_ip_availability":{{"network_id":"{}","network_name":"big","tenant_id":"{P}","total_ips":251,"used_ips":0,"subnet_ip_availability":[{{"used_ips":0,"subnet_id":"{}","subnet_name":"big","ip_version":4,"cidr":"192.168.3.0/24","total_ips":251}}]}}}}"#,
            string(&subnet, "/subnet/id"),
            string(&subnet, "/subnet/neutron_subnet_id"),
        )
    );
}

/// `(type, used, quota)` of every line of a `ShowQuota` answer.
fn quota_lines(reply: &Reply) -> Vec<(String, u64, u64)> {
    assert_eq!(reply.status, 200, "{reply:?}");
    reply.json()["quotas"]["resources"]
        .as_array()
        .unwrap_or_else(|| panic!("no resources: {reply:?}"))
        .iter()
        .map(|line| {
            assert_eq!(line["min"], 0);
            (
                string(line, "/type"),
                line["used"].as_u64().unwrap_or(u64::MAX),
                line["quota"].as_u64().unwrap_or(u64::MAX),
            )
        })
        .collect()
}

#[tokio::test]
async fn quotas_count_what_the_project_has() {
    let mut config = Config {
        port: 0,
        vpc_quota: 3,
        ..Config::default()
    };
    config.quotas.insert(crate::quotas::Kind::Subnet, 7);
    let address = serve(config).await;
    let api = Client::new(address, DEMO_TOKEN);
    let path = format!("/v1/{P}/quotas");

    let lines = quota_lines(&api.get(&path).await);
    let types: Vec<&str> = lines.iter().map(|(t, _, _)| t.as_str()).collect();
    assert_eq!(
        types,
        [
            "vpc",
            "subnet",
            "securityGroup",
            "securityGroupRule",
            "publicIp",
            "vpn",
            "vpngw",
            "vpcPeer",
            "firewall",
            "shareBandwidth",
            "shareBandwidthIP",
            "loadbalancer",
            "listener",
            "physicalConnect",
            "virtualInterface",
            "vpcContainRoutetable",
            "routetableContainRoutes",
            "flow_log",
        ]
    );
    assert!(lines.iter().all(|(_, used, _)| *used == 0));
    assert_eq!(lines[0], ("vpc".into(), 0, 3));
    assert_eq!(lines[1], ("subnet".into(), 0, 7));
    assert_eq!(lines[3], ("securityGroupRule".into(), 0, 5000));

    let (_, subnet_id) = subnet(&api, "pip").await;
    api.post(
        &format!("/v1/{P}/privateips"),
        &privateips(&subnet_id, &[None]),
    )
    .await;
    api.post(&format!("/v1/{P}/publicips"), EIP).await;
    let lines = quota_lines(&api.get(&path).await);
    assert_eq!(lines[0], ("vpc".into(), 1, 3));
    assert_eq!(lines[1], ("subnet".into(), 1, 7));
    assert_eq!(lines[4], ("publicIp".into(), 1, 5));

    // One type, by its exact name.
    assert_eq!(
        quota_lines(&api.get(&format!("{path}?type=subnet")).await),
        [("subnet".into(), 1, 7)]
    );
    for query in ["type=bogus", "type=", "type=Subnet", "type=vpc&type=subnet"] {
        api.get(&format!("{path}?{query}")).await.assert_error(
            400,
            r#"{"code":"VPC.1207","message":"resource type is invalid."}"#,
        );
    }
}

#[tokio::test]
async fn the_new_routes_check_credentials() {
    let address = start().await;
    let reader = Client::new(address, "reader");
    let (_, subnet_id) = subnet(&Client::new(address, DEMO_TOKEN), "pip").await;
    // A read-only token reads, but cannot assign or delete.
    assert_eq!(reader.get(&format!("/v1/{P}/quotas")).await.status, 200);
    let forbidden = r#"{"code":"VPC.2701","message":"Token not allowed to do this action."}"#;
    reader
        .post(
            &format!("/v1/{P}/privateips"),
            &privateips(&subnet_id, &[None]),
        )
        .await
        .assert_error(403, forbidden);
    reader
        .delete(&format!("/v1/{P}/privateips/{MISSING}"))
        .await
        .assert_error(403, forbidden);
    // Another project's URL.
    let mismatch = r#"{"code":"VPC.0007","message":"urlTenantId is not equal tokenTenantId"}"#;
    let api = Client::new(address, DEMO_TOKEN);
    for path in [
        format!("/v1/{OTHER}/quotas"),
        format!("/v1/{OTHER}/subnets/{subnet_id}/privateips"),
    ] {
        api.get(&path).await.assert_error(400, mismatch);
    }
    // No credentials: the gateway's.
    send(address, "GET", &format!("/v1/{P}/quotas"), &[], b"")
        .await
        .assert_gateway(
            401,
            "APIGW.0301",
            "Incorrect IAM authentication information.",
        );
}
