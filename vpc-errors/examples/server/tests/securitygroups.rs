//! Security groups and their rules: every row of `CreateSecurityGroup`,
//! `ShowSecurityGroup`, `ListSecurityGroups` and `CreateSecurityGroupRule`, by a real
//! request where one produces it and by a fault otherwise. Bodies are spelled out, as in
//! the parent module.

use super::*;

/// The fault request header.
const FAULT: &str = "x-vpc-fault";

/// Small quotas (two groups, ten rules: two groups' default rules and two more), faults on.
pub(super) async fn start_small() -> SocketAddr {
    serve(Config {
        port: 0,
        security_group_quota: 2,
        security_group_rule_quota: 10,
        faults: true,
        ..Config::default()
    })
    .await
}

fn group_body(name: &str) -> String {
    format!(r#"{{"security_group": {{"name": "{name}"}}}}"#)
}

fn rule_body(group: &str, extra: &str) -> String {
    format!(
        r#"{{"security_group_rule": {{"security_group_id": "{group}", "direction": "ingress"{extra}}}}}"#
    )
}

/// `method path` with `body` and `X-Vpc-Fault: spec`, as the demo token.
pub(super) async fn fault(
    address: SocketAddr,
    method: &str,
    path: &str,
    spec: &str,
    body: &str,
) -> Reply {
    let headers = [
        ("x-auth-token", DEMO_TOKEN),
        (FAULT, spec),
        ("content-type", "application/json"),
    ];
    send(address, method, path, &headers, body.as_bytes()).await
}

#[tokio::test]
#[allow(
    clippy::too_many_lines,
    reason = "one scenario, read best as one story"
)]
async fn a_group_gets_default_rules_and_takes_new_ones_until_the_quota() {
    let address = start_small().await;
    let api = Client::new(address, DEMO_TOKEN);
    let groups = format!("/v1/{P}/security-groups");
    let rules = format!("/v1/{P}/security-group-rules");

    let created = api.post(&groups, &group_body("web")).await;
    assert_eq!(created.status, 200, "{created:?}");
    let json = created.json();
    let id = string(&json, "/security_group/id");
    let rule = |n: usize| {
        string(
            &json,
            &format!("/security_group/security_group_rules/{n}/id"),
        )
    };
    let (r0, r1, r2, r3) = (rule(0), rule(1), rule(2), rule(3));
    assert_eq!(
        created.body,
        format!(
            concat!(
                r#"{{"security_group":{{"id":"{id}","name":"web","description":"","vpc_id":"","enterprise_project_id":"0","security_group_rules":["#,
                r#"{{"id":"{r0}","description":"","security_group_id":"{id}","direction":"egress","ethertype":"IPv6","protocol":null,"port_range_min":null,"port_range_max":null,"remote_ip_prefix":null,"remote_group_id":null,"remote_address_group_id":null,"tenant_id":"{P}"}},"#,
                r#"{{"id":"{r1}","description":"","security_group_id":"{id}","direction":"egress","ethertype":"IPv4","protocol":null,"port_range_min":null,"port_range_max":null,"remote_ip_prefix":null,"remote_group_id":null,"remote_address_group_id":null,"tenant_id":"{P}"}},"#,
                r#"{{"id":"{r2}","description":"","security_group_id":"{id}","direction":"ingress","ethertype":"IPv6","protocol":null,"port_range_min":null,"port_range_max":null,"remote_ip_prefix":null,"remote_group_id":"{id}","remote_address_group_id":null,"tenant_id":"{P}"}},"#,
                r#"{{"id":"{r3}","description":"","security_group_id":"{id}","direction":"ingress","ethertype":"IPv4","protocol":null,"port_range_min":null,"port_range_max":null,"remote_ip_prefix":null,"remote_group_id":"{id}","remote_address_group_id":null,"tenant_id":"{P}"}}]}}}}"#
            ),
            id = id,
            r0 = r0,
            r1 = r1,
            r2 = r2,
            r3 = r3,
            P = P,
        )
    );
    let group = format!("{groups}/{id}");
    let shown = api.get(&group).await;
    assert_eq!((shown.status, &shown.body), (200, &created.body));

    // A rule, then the same one again, and the default rules are rules like it.
    let ssh = rule_body(
        &id,
        r#", "protocol": "tcp", "port_range_min": 22, "port_range_max": 22, "remote_ip_prefix": "10.0.0.0/8", "description": "ssh""#,
    );
    let added = api.post(&rules, &ssh).await;
    assert_eq!(added.status, 200, "{added:?}");
    let rule_id = string(&added.json(), "/security_group_rule/id");
    assert_eq!(
        added.body,
        format!(
            r#"{{"security_group_rule":{{"id":"{rule_id}","description":"ssh","security_group_id":"{id}","direction":"ingress","ethertype":"IPv4","protocol":"tcp","port_range_min":22,"port_range_max":22,"remote_ip_prefix":"10.0.0.0/8","remote_group_id":null,"remote_address_group_id":null,"tenant_id":"{P}"}}}}"#
        )
    );
    let exists = r#"{"code":"VPC.0602","message":"Security group rule already exists."}"#;
    api.post(&rules, &ssh).await.assert_error(409, exists);
    // The same match spelled otherwise: protocol 6 is tcp, 0.0.0.0/0 is no prefix.
    api.post(
        &rules,
        &rule_body(
            &id,
            r#", "protocol": "6", "port_range_min": 22, "port_range_max": 22, "remote_ip_prefix": "10.0.0.0/8""#,
        ),
    )
    .await
    .assert_error(409, exists);
    api.post(
        &rules,
        &format!(
            r#"{{"security_group_rule": {{"security_group_id": "{id}", "direction": "egress", "remote_ip_prefix": "0.0.0.0/0"}}}}"#
        ),
    )
    .await
    .assert_error(409, exists);
    api.post(
        &rules,
        &rule_body(&id, &format!(r#", "remote_group_id": "{id}""#)),
    )
    .await
    .assert_error(409, exists);

    // A second group fills the group quota; its default rules bring the rules to 9.
    let second = api.post(&groups, &group_body("db")).await;
    assert_eq!(second.status, 200, "{second:?}");
    let second_id = string(&second.json(), "/security_group/id");
    api.post(&groups, &group_body("third")).await.assert_error(
        409,
        r#"{"code":"VPC.0604","message":"Quota exceeded for resources: ['security_group']."}"#,
    );
    // Ingress from the other group, over IPv6: the 10th rule; then the quota.
    let from_db = rule_body(
        &id,
        &format!(
            r#", "ethertype": "IPv6", "protocol": "udp", "port_range_min": 53, "port_range_max": 53, "remote_group_id": "{second_id}""#
        ),
    );
    let tenth = api.post(&rules, &from_db).await;
    assert_eq!(tenth.status, 200, "{tenth:?}");
    api.post(&rules, &rule_body(&id, r#", "protocol": "icmp""#))
        .await
        .assert_error(
            409,
            r#"{"code":"VPC.0602","message":"Quota exceeded for resources: ['security_group_rule']."}"#,
        );

    // The group shows its six rules; the list, both groups, oldest first, and pages.
    let shown = api.get(&group).await.json();
    let listed = shown["security_group"]["security_group_rules"]
        .as_array()
        .map(Vec::len);
    assert_eq!(listed, Some(6));
    let all = api.get(&groups).await.json();
    let names: Vec<_> = all["security_groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["web", "db"]);
    let page = api
        .get(&format!("{groups}?limit=1&marker={id}"))
        .await
        .json();
    assert_eq!(page["security_groups"][0]["id"], second_id.as_str());
    assert_eq!(page["security_groups"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn groups_and_their_filters() {
    let address = start_small().await;
    let api = Client::new(address, DEMO_TOKEN);
    let groups = format!("/v1/{P}/security-groups");
    let vpc = api
        .post(
            &format!("/v1/{P}/vpcs"),
            r#"{"vpc": {"name": "v", "cidr": "10.0.0.0/16"}}"#,
        )
        .await;
    let vpc_id = string(&vpc.json(), "/vpc/id");
    let in_vpc = api
        .post(
            &groups,
            &format!(r#"{{"security_group": {{"name": "in", "vpc_id": "{vpc_id}", "enterprise_project_id": "0"}}}}"#),
        )
        .await;
    assert_eq!(in_vpc.status, 200, "{in_vpc:?}");
    assert_eq!(in_vpc.json()["security_group"]["vpc_id"], vpc_id.as_str());
    // A VPC that is not there is the common row.
    api.post(
        &groups,
        r#"{"security_group": {"name": "x", "vpc_id": "6f2a1c3e-1111-4a4a-9b9b-000000000000"}}"#,
    )
    .await
    .assert_error(
        404,
        r#"{"code":"VPC.0003","message":"VPC does not exist."}"#,
    );
    api.post(&groups, &group_body("out")).await;
    let filtered = api.get(&format!("{groups}?vpc_id={vpc_id}")).await.json();
    assert_eq!(
        filtered["security_groups"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(filtered["security_groups"][0]["name"], "in");
    let none = api.get(&format!("{groups}?enterprise_project_id=x")).await;
    assert_eq!(none.body, r#"{"security_groups":[]}"#);
    // A VPC that a group names is not deleted (VPC.0112).
    api.delete(&format!("/v1/{P}/vpcs/{vpc_id}"))
        .await
        .assert_error(
            409,
            r#"{"code":"VPC.0112","message":"Delete the securitygroup first before deleting the router."}"#,
        );
}

#[tokio::test]
async fn bad_groups_and_queries_get_their_parameter_rows() {
    let address = start_small().await;
    let api = Client::new(address, DEMO_TOKEN);
    let groups = format!("/v1/{P}/security-groups");
    let name_invalid = r#"{"code":"VPC.0601","message":"Creating securitygroup name is invalid."}"#;
    for body in [
        group_body(""),
        group_body("a b"),
        group_body(&"n".repeat(65)),
        r#"{"security_group": {}}"#.to_owned(),
        r#"{"security_group": {"name": 5}}"#.to_owned(),
        r#"{"security_group": {"name": "a", "vpc_id": "v-1"}}"#.to_owned(),
        r#"{"security_group": {"name": "a", "enterprise_project_id": "e"}}"#.to_owned(),
        "{".to_owned(),
    ] {
        api.post(&groups, &body)
            .await
            .assert_error(400, name_invalid);
    }

    let limit_invalid =
        r#"{"code":"VPC.0601","message":"Query security groups error limit is invalid."}"#;
    for query in [
        "limit=-1",
        "limit=x",
        "limit=2147483648",
        "marker=6f2a1c3e-1111-4a4a-9b9b-000000000000",
    ] {
        api.get(&format!("{groups}?{query}"))
            .await
            .assert_error(400, limit_invalid);
    }

    let id_invalid = r#"{"code":"VPC.0601","message":"Securitygroup id is invalid."}"#;
    for id in ["sg-1", "6F2A1C3E-1111-4A4A-9B9B-000000000000"] {
        api.get(&format!("{groups}/{id}"))
            .await
            .assert_error(400, id_invalid);
    }
    api.get(&format!("{groups}/6f2a1c3e-1111-4a4a-9b9b-000000000000"))
        .await
        .assert_error(
            404,
            r#"{"code":"VPC.0603","message":"Securitygroup is not exist."}"#,
        );
}

#[tokio::test]
async fn rules_the_api_does_not_allow_are_refused_by_the_gateway() {
    let address = start_small().await;
    let api = Client::new(address, DEMO_TOKEN);
    let rules = format!("/v1/{P}/security-group-rules");
    let created = api
        .post(&format!("/v1/{P}/security-groups"), &group_body("g"))
        .await;
    let id = string(&created.json(), "/security_group/id");
    let missing = "6f2a1c3e-1111-4a4a-9b9b-000000000000";
    for body in [
        "{".to_owned(),
        r#"{"security_group_rule": {"direction": "ingress"}}"#.to_owned(),
        rule_body("sg-1", ""),
        rule_body(missing, ""),
        rule_body(&id, &format!(r#", "remote_group_id": "{missing}""#)),
        format!(r#"{{"security_group_rule": {{"security_group_id": "{id}", "direction": "in"}}}}"#),
        rule_body(&id, r#", "ethertype": "ipv4""#),
        rule_body(&id, r#", "protocol": "gre""#),
        rule_body(&id, r#", "protocol": "256""#),
        rule_body(
            &id,
            r#", "protocol": "tcp", "port_range_min": 80, "port_range_max": 79"#,
        ),
        rule_body(
            &id,
            r#", "protocol": "tcp", "port_range_min": 0, "port_range_max": 80"#,
        ),
        rule_body(
            &id,
            r#", "protocol": "tcp", "port_range_min": 1, "port_range_max": 65536"#,
        ),
        rule_body(&id, r#", "port_range_min": 80, "port_range_max": 80"#),
        rule_body(&id, r#", "protocol": "tcp", "port_range_min": 80"#),
        rule_body(&id, r#", "remote_ip_prefix": "10.0.0.1/8""#),
        rule_body(
            &id,
            r#", "ethertype": "IPv6", "remote_ip_prefix": "10.0.0.0/8""#,
        ),
        rule_body(
            &id,
            &format!(r#", "remote_ip_prefix": "10.0.0.0/8", "remote_group_id": "{id}""#),
        ),
        rule_body(&id, r#", "description": "<b>""#),
    ] {
        api.post(&rules, &body)
            .await
            .assert_gateway(400, "APIGW.0201", "API request error.");
    }
    // Nothing was added: the group has its four default rules.
    let shown = api
        .get(&format!("/v1/{P}/security-groups/{id}"))
        .await
        .json();
    let count = shown["security_group"]["security_group_rules"]
        .as_array()
        .map(Vec::len);
    assert_eq!(count, Some(4));
}

#[tokio::test]
async fn security_group_backend_failures_come_from_faults() {
    let address = start_small().await;
    let groups = format!("/v1/{P}/security-groups");
    let group = format!("{groups}/6f2a1c3e-1111-4a4a-9b9b-000000000000");
    for (method, path, spec, status, body) in [
        (
            "POST",
            groups.as_str(),
            "SecurityGroupCreateFailed",
            500,
            r#"{"code":"VPC.0602","message":"Add security group fail."}"#,
        ),
        (
            "GET",
            group.as_str(),
            "SecurityGroupQueryFailed",
            500,
            r#"{"code":"VPC.0602","message":"Query security group fail."}"#,
        ),
        (
            "GET",
            group.as_str(),
            "VPC.0612; status=404",
            404,
            r#"{"code":"VPC.0612","message":"Neutron Error."}"#,
        ),
        (
            "GET",
            group.as_str(),
            "VPC.0612; status=500",
            500,
            r#"{"code":"VPC.0612","message":"Neutron Error."}"#,
        ),
        (
            "GET",
            groups.as_str(),
            "SecurityGroupListFailed",
            500,
            r#"{"code":"VPC.0602","message":"Query security groups fail."}"#,
        ),
        (
            "POST",
            &format!("/v1/{P}/security-group-rules"),
            "RuleCreatedConcurrently",
            409,
            r#"{"code":"VPC.0602","message":"Failed to create the security group rule concurrently. The rule already exists."}"#,
        ),
    ] {
        fault(address, method, path, spec, "")
            .await
            .assert_error(status, body);
    }
}
