//! Security groups and their rules: `CreateSecurityGroup`, `ShowSecurityGroup`,
//! `ListSecurityGroups` and `CreateSecurityGroupRule`.
//!
//! A new group gets the cloud's default rules: egress to anywhere over IPv4 and IPv6, and
//! ingress from members of the group itself over both. They are rules like any other:
//! they count in the rule quota and a rule equal to one of them is a duplicate.
//!
//! `CreateSecurityGroupRule` has no parameter row in the catalogue (only its three `409`s),
//! so a rule that breaks the API's rules (an unknown direction or protocol, a port range
//! out of order, a remote prefix of the other IP version, two remotes at once, a group that
//! is not the project's) is refused by the API gateway's parameter row, `APIGW.0201`
//! `API request error.`, as the cloud's gateway refuses a request its API definition does
//! not allow.

use std::net::IpAddr;

use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use vpc_errors::extract::{Json, Path, Query};
use vpc_errors::{
    CreateSecurityGroupError, CreateSecurityGroupRuleError, ListSecurityGroupsError,
    ShowSecurityGroupError, VpcError, vpc_error,
};

use crate::auth::Auth;
use crate::errors::ApiError;
use crate::gateway;
use crate::input::{self, Broken, Description, EnterpriseProjectId, Id, Limit, Name};
use crate::state::{App, Project};

/// A security group. Its rules are the project's `security_group_rules` naming it.
pub struct SecurityGroup {
    /// Its id, a UUID.
    pub id: String,
    /// Its name; names may repeat, as in the cloud.
    pub name: String,
    /// The VPC it was created for, if the request named one.
    pub vpc_id: Option<String>,
    /// `"0"` or an enterprise project's id.
    pub enterprise_project_id: String,
}

/// A rule of a security group.
#[derive(Clone, PartialEq, Eq)]
pub struct SecurityGroupRule {
    /// Its id, a UUID.
    pub id: String,
    /// Free text.
    pub description: String,
    /// The group it belongs to.
    pub security_group_id: String,
    /// What it lets through; two rules with the same match are duplicates.
    pub matches: Match,
}

/// What a rule lets through, normalised so that equal matches compare equal: the
/// protocol as its number, an all-addresses prefix as no prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// `true` for `ingress`, `false` for `egress`.
    pub ingress: bool,
    /// `IPv4` or `IPv6`.
    pub ipv6: bool,
    /// The IP protocol number; `None` for any.
    pub protocol: Option<u8>,
    /// The ports (ICMP: type and code), if limited.
    pub ports: Option<(u16, u16)>,
    /// Whom the rule is about.
    pub remote: Remote,
}

/// Whom a rule is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Remote {
    /// Any address.
    Any,
    /// Addresses of a block, as given (`10.0.0.0/8`, `::/0` is [`Remote::Any`]).
    Prefix(String),
    /// Members of a security group.
    Group(String),
    /// An IP address group.
    AddressGroup(String),
}

/// `CreateSecurityGroup`'s own failures.
#[derive(Debug, VpcError)]
#[vpc(operation = CreateSecurityGroup)]
pub enum CreateSecurityGroupFailure {
    /// The project has its quota of groups.
    #[vpc(name = SecurityGroupQuotaExceeded)]
    QuotaReached {
        /// The quota.
        quota: usize,
    },
}

/// `CreateSecurityGroupRule`'s own failures.
#[derive(Debug, VpcError)]
#[vpc(operation = CreateSecurityGroupRule)]
pub enum CreateRuleFailure {
    /// A rule of the group has the same match.
    #[vpc(name = RuleAlreadyExists)]
    Duplicate {
        /// The rule it duplicates.
        rule_id: String,
    },
    /// The project has its quota of rules (default rules included).
    #[vpc(name = RuleQuotaExceeded)]
    QuotaReached {
        /// The quota.
        quota: usize,
    },
}

/// `{"security_group": {"name", "vpc_id"?, "enterprise_project_id"?}}`: a bad one is
/// answered by the operation's only parameter row, `SecurityGroupNameInvalid`.
#[derive(Debug, Deserialize)]
pub struct CreateBody {
    security_group: NewGroup,
}

#[derive(Debug, Deserialize)]
struct NewGroup {
    name: Name,
    vpc_id: Option<Id>,
    enterprise_project_id: Option<EnterpriseProjectId>,
}

/// `POST /v1/{project_id}/security-groups`: `200 {"security_group": {...}}`, with its
/// default rules.
pub async fn create(
    State(app): State<App>,
    auth: Auth<CreateSecurityGroupError>,
    Json(body, _): Json<CreateSecurityGroupError, CreateBody>,
) -> Result<Response, ApiError<CreateSecurityGroupError>> {
    let new = body.security_group;
    let mut store = app.store();
    let project = store.project(&auth.caller.project);
    if let Some(vpc_id) = &new.vpc_id
        && project.vpc(vpc_id.as_str()).is_none()
    {
        return Err(vpc_error!(Common::VpcNotFound).into());
    }
    let quota = app.config().security_group_quota;
    if project.security_groups.len() >= quota {
        return Err(CreateSecurityGroupFailure::QuotaReached { quota }.into());
    }
    let group = SecurityGroup {
        id: app.new_id(),
        name: new.name.0,
        vpc_id: new.vpc_id.map(|id| id.0),
        enterprise_project_id: EnterpriseProjectId::or_default(new.enterprise_project_id),
    };
    for (ingress, ipv6) in [(false, true), (false, false), (true, true), (true, false)] {
        let remote = if ingress {
            Remote::Group(group.id.clone())
        } else {
            Remote::Any
        };
        project.security_group_rules.push(SecurityGroupRule {
            id: app.new_id(),
            description: String::new(),
            security_group_id: group.id.clone(),
            matches: Match {
                ingress,
                ipv6,
                protocol: None,
                ports: None,
                remote,
            },
        });
    }
    let response = crate::ok(&OneGroup {
        security_group: GroupView::new(&group, project, &auth.caller.project),
    });
    project.security_groups.push(group);
    Ok(response)
}

/// `{project_id}` and `{security_group_id}`.
#[derive(Debug, Deserialize)]
pub struct GroupPath {
    security_group_id: Id,
}

/// `GET /v1/{project_id}/security-groups/{security_group_id}`:
/// `200 {"security_group": {...}}`.
pub async fn show(
    State(app): State<App>,
    auth: Auth<ShowSecurityGroupError>,
    Path(path, _): Path<ShowSecurityGroupError, GroupPath>,
) -> Result<Response, ApiError<ShowSecurityGroupError>> {
    let mut store = app.store();
    let project = store.project(&auth.caller.project);
    let group = project
        .security_groups
        .iter()
        .find(|g| g.id == path.security_group_id.as_str())
        .ok_or(vpc_error!(ShowSecurityGroup::SecurityGroupNotFound))?;
    Ok(crate::ok(&OneGroup {
        security_group: GroupView::new(group, project, &auth.caller.project),
    }))
}

/// `ListSecurityGroups`' query: paging, and filters. The operation's one parameter row
/// answers every bad parameter (and an unknown marker), its message naming `limit` or not.
#[derive(Debug, Deserialize)]
pub struct GroupQuery {
    limit: Option<Limit>,
    marker: Option<String>,
    vpc_id: Option<String>,
    enterprise_project_id: Option<String>,
}

/// `GET /v1/{project_id}/security-groups[?limit=&marker=&vpc_id=&enterprise_project_id=]`:
/// `200 {"security_groups": [...]}`, oldest first. The filters match exactly.
pub async fn list(
    State(app): State<App>,
    auth: Auth<ListSecurityGroupsError>,
    Query(query, _): Query<ListSecurityGroupsError, GroupQuery>,
) -> Result<Response, ApiError<ListSecurityGroupsError>> {
    let mut store = app.store();
    let project = store.project(&auth.caller.project);
    let chosen = project.security_groups.iter().filter(|g| {
        query
            .vpc_id
            .as_deref()
            .is_none_or(|id| g.vpc_id.as_deref() == Some(id))
            && query
                .enterprise_project_id
                .as_deref()
                .is_none_or(|id| g.enterprise_project_id == id)
    });
    let security_groups = input::page::<ListSecurityGroupsError, _>(
        chosen,
        query.limit,
        query.marker.as_deref(),
        |g| &g.id,
    )?
    .into_iter()
    .map(|group| GroupView::new(group, project, &auth.caller.project))
    .collect();
    Ok(crate::ok(&ManyGroups { security_groups }))
}

/// `{"security_group_rule": {...}}`, read as the cloud's API defines it.
#[derive(Debug, Deserialize)]
pub struct RuleBody {
    security_group_rule: NewRule,
}

#[derive(Debug, Deserialize)]
struct NewRule {
    security_group_id: Id,
    description: Option<Description>,
    direction: String,
    ethertype: Option<String>,
    protocol: Option<String>,
    port_range_min: Option<u16>,
    port_range_max: Option<u16>,
    remote_ip_prefix: Option<String>,
    remote_group_id: Option<Id>,
    remote_address_group_id: Option<Id>,
}

/// `POST /v1/{project_id}/security-group-rules`: `200 {"security_group_rule": {...}}`.
pub async fn create_rule(
    State(app): State<App>,
    auth: Auth<CreateSecurityGroupRuleError>,
    Json(body, _): Json<gateway::CommonError, RuleBody>,
) -> Result<Response, ApiError<CreateSecurityGroupRuleError>> {
    let new = body.security_group_rule;
    let matches = Match::read(&new).map_err(gateway::bad_request)?;

    let mut store = app.store();
    let project = store.project(&auth.caller.project);
    for id in std::iter::once(&new.security_group_id).chain(&new.remote_group_id) {
        if !project.security_groups.iter().any(|g| g.id == id.as_str()) {
            return Err(gateway::bad_request(format_args!(
                "no security group of the project has the id {}",
                id.0
            )));
        }
    }
    let quota = app.config().security_group_rule_quota;
    if project.security_group_rules.len() >= quota {
        return Err(CreateRuleFailure::QuotaReached { quota }.into());
    }
    if let Some(same) = project
        .security_group_rules
        .iter()
        .find(|r| r.security_group_id == new.security_group_id.as_str() && r.matches == matches)
    {
        return Err(CreateRuleFailure::Duplicate {
            rule_id: same.id.clone(),
        }
        .into());
    }
    let rule = SecurityGroupRule {
        id: app.new_id(),
        description: Description::or_empty(new.description),
        security_group_id: new.security_group_id.0,
        matches,
    };
    let response = crate::ok(&OneRule {
        security_group_rule: RuleView::new(&rule, &auth.caller.project),
    });
    project.security_group_rules.push(rule);
    Ok(response)
}

/// `field` must be `rule`.
fn breaks(field: &'static str, rule: &'static str) -> Broken {
    Broken { field, rule }
}

/// Protocols known by name, and their numbers.
const PROTOCOLS: [(&str, u8); 4] = [("icmp", 1), ("tcp", 6), ("udp", 17), ("icmpv6", 58)];

impl Match {
    /// The match a request asks for, if it keeps to the API's rules.
    fn read(rule: &NewRule) -> Result<Self, Broken> {
        let ingress = match rule.direction.as_str() {
            "ingress" => true,
            "egress" => false,
            _ => return Err(breaks("direction", "`ingress` or `egress`")),
        };
        let ipv6 = match rule.ethertype.as_deref() {
            None | Some("IPv4") => false,
            Some("IPv6") => true,
            Some(_) => return Err(breaks("ethertype", "`IPv4` or `IPv6`")),
        };
        let protocol = match rule.protocol.as_deref() {
            None | Some("") => None,
            Some(name) => Some(protocol_number(name)?),
        };
        let ports = ports(protocol, rule.port_range_min, rule.port_range_max)?;
        let remotes = usize::from(rule.remote_ip_prefix.is_some())
            + usize::from(rule.remote_group_id.is_some())
            + usize::from(rule.remote_address_group_id.is_some());
        if remotes > 1 {
            return Err(breaks(
                "remote_ip_prefix",
                "at most one of remote_ip_prefix, remote_group_id, remote_address_group_id",
            ));
        }
        let remote = if let Some(prefix) = &rule.remote_ip_prefix {
            remote_prefix(prefix, ipv6)?
        } else if let Some(id) = &rule.remote_group_id {
            Remote::Group(id.0.clone())
        } else if let Some(id) = &rule.remote_address_group_id {
            Remote::AddressGroup(id.0.clone())
        } else {
            Remote::Any
        };
        Ok(Match {
            ingress,
            ipv6,
            protocol,
            ports,
            remote,
        })
    }
}

/// `tcp`, `udp`, `icmp`, `icmpv6` or a number from 0 to 255.
fn protocol_number(text: &str) -> Result<u8, Broken> {
    if let Some((_, number)) = PROTOCOLS.iter().find(|(name, _)| *name == text) {
        return Ok(*number);
    }
    // Digits only: `+6` or ` 6` are not protocol numbers.
    if text.bytes().all(|b| b.is_ascii_digit())
        && let Ok(number) = text.parse()
    {
        return Ok(number);
    }
    Err(breaks(
        "protocol",
        "tcp, udp, icmp, icmpv6 or a number from 0 to 255",
    ))
}

/// The port range: only for TCP and UDP (1 to 65535, in order) and ICMP (type and code,
/// 0 to 255); both ends or neither.
fn ports(
    protocol: Option<u8>,
    min: Option<u16>,
    max: Option<u16>,
) -> Result<Option<(u16, u16)>, Broken> {
    let (min, max) = match (min, max) {
        (None, None) => return Ok(None),
        (Some(min), Some(max)) => (min, max),
        (None, Some(_)) => {
            return Err(breaks("port_range_min", "given with port_range_max"));
        }
        (Some(_), None) => {
            return Err(breaks("port_range_max", "given with port_range_min"));
        }
    };
    match protocol {
        Some(6 | 17) if min >= 1 && min <= max => Ok(Some((min, max))),
        Some(6 | 17) => Err(breaks(
            "port_range_min",
            "from 1 to 65535, no more than port_range_max",
        )),
        Some(1 | 58) if min <= 255 && max <= 255 => Ok(Some((min, max))),
        Some(1 | 58) => Err(breaks(
            "port_range_min",
            "an ICMP type and code from 0 to 255",
        )),
        _ => Err(breaks(
            "port_range_min",
            "given only with tcp, udp, icmp or icmpv6",
        )),
    }
}

/// A remote prefix of the rule's IP version: an address or a canonical block (host bits
/// zero). The whole address space is the same as no prefix.
fn remote_prefix(text: &str, ipv6: bool) -> Result<Remote, Broken> {
    const RULE: &str = "an address or a block, host bits zero, of the rule's ethertype";
    let bad = || breaks("remote_ip_prefix", RULE);
    let (address, prefix) = match text.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix)),
        None => (text, None),
    };
    let address: IpAddr = address.parse().map_err(|_| bad())?;
    let (bits, width) = match address {
        IpAddr::V4(a) if !ipv6 => (u128::from(a.to_bits()) << 96, 32),
        IpAddr::V6(a) if ipv6 => (a.to_bits(), 128),
        _ => return Err(bad()),
    };
    let length = match prefix {
        None => width,
        Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && p.len() <= 3 => {
            p.parse::<u8>().map_err(|_| bad())?
        }
        Some(_) => return Err(bad()),
    };
    if length > width || bits.checked_shl(u32::from(length)).unwrap_or(0) != 0 {
        return Err(bad());
    }
    if length == 0 {
        return Ok(Remote::Any);
    }
    Ok(Remote::Prefix(match address {
        IpAddr::V4(a) => format!("{a}/{length}"),
        IpAddr::V6(a) => format!("{a}/{length}"),
    }))
}

/// A security group as the API shows it, with its rules.
#[derive(Serialize)]
struct GroupView<'a> {
    id: &'a str,
    name: &'a str,
    /// Not settable through this API; the cloud answers `""`.
    description: &'static str,
    vpc_id: &'a str,
    enterprise_project_id: &'a str,
    security_group_rules: Vec<RuleView<'a>>,
}

impl<'a> GroupView<'a> {
    fn new(group: &'a SecurityGroup, project: &'a Project, tenant: &'a str) -> Self {
        GroupView {
            id: &group.id,
            name: &group.name,
            description: "",
            vpc_id: group.vpc_id.as_deref().unwrap_or_default(),
            enterprise_project_id: &group.enterprise_project_id,
            security_group_rules: project
                .security_group_rules
                .iter()
                .filter(|r| r.security_group_id == group.id)
                .map(|rule| RuleView::new(rule, tenant))
                .collect(),
        }
    }
}

/// A rule as the API shows it: what is not limited is `null`.
#[derive(Serialize)]
struct RuleView<'a> {
    id: &'a str,
    description: &'a str,
    security_group_id: &'a str,
    direction: &'static str,
    ethertype: &'static str,
    protocol: Option<String>,
    port_range_min: Option<u16>,
    port_range_max: Option<u16>,
    remote_ip_prefix: Option<&'a str>,
    remote_group_id: Option<&'a str>,
    remote_address_group_id: Option<&'a str>,
    tenant_id: &'a str,
}

impl<'a> RuleView<'a> {
    fn new(rule: &'a SecurityGroupRule, tenant: &'a str) -> Self {
        let m = &rule.matches;
        let remote = |want: fn(&Remote) -> Option<&String>| want(&m.remote).map(String::as_str);
        RuleView {
            id: &rule.id,
            description: &rule.description,
            security_group_id: &rule.security_group_id,
            direction: if m.ingress { "ingress" } else { "egress" },
            ethertype: if m.ipv6 { "IPv6" } else { "IPv4" },
            protocol: m.protocol.map(|number| {
                PROTOCOLS
                    .iter()
                    .find(|(_, n)| *n == number)
                    .map_or_else(|| number.to_string(), |(name, _)| (*name).to_owned())
            }),
            port_range_min: m.ports.map(|p| p.0),
            port_range_max: m.ports.map(|p| p.1),
            remote_ip_prefix: remote(|r| match r {
                Remote::Prefix(p) => Some(p),
                _ => None,
            }),
            remote_group_id: remote(|r| match r {
                Remote::Group(id) => Some(id),
                _ => None,
            }),
            remote_address_group_id: remote(|r| match r {
                Remote::AddressGroup(id) => Some(id),
                _ => None,
            }),
            tenant_id: tenant,
        }
    }
}

/// `{"security_group": {...}}`.
#[derive(Serialize)]
struct OneGroup<'a> {
    security_group: GroupView<'a>,
}

/// `{"security_groups": [...]}`.
#[derive(Serialize)]
struct ManyGroups<'a> {
    security_groups: Vec<GroupView<'a>>,
}

/// `{"security_group_rule": {...}}`.
#[derive(Serialize)]
struct OneRule<'a> {
    security_group_rule: RuleView<'a>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_prefixes_keep_to_their_ip_version() {
        assert_eq!(
            remote_prefix("10.0.0.0/8", false).unwrap(),
            Remote::Prefix("10.0.0.0/8".into())
        );
        assert_eq!(
            remote_prefix("10.0.0.1", false).unwrap(),
            Remote::Prefix("10.0.0.1/32".into())
        );
        assert_eq!(remote_prefix("0.0.0.0/0", false).unwrap(), Remote::Any);
        assert_eq!(remote_prefix("::/0", true).unwrap(), Remote::Any);
        assert_eq!(
            remote_prefix("2001:db8::/32", true).unwrap(),
            Remote::Prefix("2001:db8::/32".into())
        );
        for (bad, ipv6) in [
            ("10.0.0.1/8", false),
            ("10.0.0.0/33", false),
            ("10.0.0.0/", false),
            ("10.0.0.0/+8", false),
            ("2001:db8::/32", false),
            ("10.0.0.0/8", true),
            ("2001:db8::1/32", true),
            ("2001:db8::/129", true),
            ("x", false),
        ] {
            assert!(remote_prefix(bad, ipv6).is_err(), "{bad} {ipv6}");
        }
    }

    #[test]
    fn ports_go_with_their_protocols() {
        assert_eq!(ports(Some(6), Some(22), Some(22)).unwrap(), Some((22, 22)));
        assert_eq!(ports(None, None, None).unwrap(), None);
        assert_eq!(ports(Some(1), Some(8), Some(0)).unwrap(), Some((8, 0)));
        for (protocol, min, max) in [
            (Some(6), Some(0), Some(10)),
            (Some(17), Some(90), Some(80)),
            (Some(1), Some(256), Some(0)),
            (None, Some(1), Some(2)),
            (Some(47), Some(1), Some(2)),
            (Some(6), Some(1), None),
        ] {
            assert!(
                ports(protocol, min, max).is_err(),
                "{protocol:?} {min:?} {max:?}"
            );
        }
        assert_eq!(protocol_number("tcp").unwrap(), 6);
        assert_eq!(protocol_number("47").unwrap(), 47);
        for bad in ["TCP", "256", "+6", "-1", "gre"] {
            assert!(protocol_number(bad).is_err(), "{bad}");
        }
    }
}
