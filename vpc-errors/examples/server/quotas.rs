//! Quotas: `ShowQuota`, each resource type's limit (from the configuration) beside what the
//! project has of it.

use axum::extract::rejection::RawPathParamsRejection;
use axum::extract::{RawPathParams, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use vpc_errors::extract::Query;
use vpc_errors::{ShowQuotaError, VpcError, vpc_error};

use crate::auth::Auth;
use crate::errors::ApiError;
use crate::input;
use crate::state::{App, Project};

/// A resource type of the quota API, as its `type` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `vpc`.
    Vpc,
    /// `subnet`.
    Subnet,
    /// `securityGroup`.
    SecurityGroup,
    /// `securityGroupRule`.
    SecurityGroupRule,
    /// `publicIp`: EIPs.
    PublicIp,
    /// `vpn`.
    Vpn,
    /// `vpngw`: VPN gateways.
    VpnGateway,
    /// `vpcPeer`: peering connections.
    VpcPeer,
    /// `firewall`.
    Firewall,
    /// `shareBandwidth`: shared bandwidths.
    ShareBandwidth,
    /// `shareBandwidthIP`: EIPs added to shared bandwidths.
    ShareBandwidthIp,
    /// `loadbalancer`.
    Loadbalancer,
    /// `listener`.
    Listener,
    /// `physicalConnect`: Direct Connect connections.
    PhysicalConnect,
    /// `virtualInterface`.
    VirtualInterface,
    /// `vpcContainRoutetable`: route tables per VPC.
    VpcContainRoutetable,
    /// `routetableContainRoutes`: routes per route table.
    RoutetableContainRoutes,
    /// `flow_log`: VPC flow logs.
    FlowLog,
}

impl Kind {
    /// Every type, in the order the cloud lists them. The first seventeen are the SDK's
    /// (`ShowQuotaRequest.type`); `flow_log` is in the API reference's list only.
    pub const ALL: [Kind; 18] = [
        Kind::Vpc,
        Kind::Subnet,
        Kind::SecurityGroup,
        Kind::SecurityGroupRule,
        Kind::PublicIp,
        Kind::Vpn,
        Kind::VpnGateway,
        Kind::VpcPeer,
        Kind::Firewall,
        Kind::ShareBandwidth,
        Kind::ShareBandwidthIp,
        Kind::Loadbalancer,
        Kind::Listener,
        Kind::PhysicalConnect,
        Kind::VirtualInterface,
        Kind::VpcContainRoutetable,
        Kind::RoutetableContainRoutes,
        Kind::FlowLog,
    ];

    /// The API's name for it.
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Vpc => "vpc",
            Kind::Subnet => "subnet",
            Kind::SecurityGroup => "securityGroup",
            Kind::SecurityGroupRule => "securityGroupRule",
            Kind::PublicIp => "publicIp",
            Kind::Vpn => "vpn",
            Kind::VpnGateway => "vpngw",
            Kind::VpcPeer => "vpcPeer",
            Kind::Firewall => "firewall",
            Kind::ShareBandwidth => "shareBandwidth",
            Kind::ShareBandwidthIp => "shareBandwidthIP",
            Kind::Loadbalancer => "loadbalancer",
            Kind::Listener => "listener",
            Kind::PhysicalConnect => "physicalConnect",
            Kind::VirtualInterface => "virtualInterface",
            Kind::VpcContainRoutetable => "vpcContainRoutetable",
            Kind::RoutetableContainRoutes => "routetableContainRoutes",
            Kind::FlowLog => "flow_log",
        }
    }

    /// The type the API calls `name`; names are case-sensitive, as the cloud's are.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// The cloud's default quota, from its API reference ("Querying Quotas"). VPCs and
    /// EIPs have flags of their own (`--vpc-quota`, `--publicip-quota`) whose defaults
    /// are the server's, kept small so that a demo reaches them. The reference gives no
    /// default for flow logs; 100 is this server's.
    pub const fn default_quota(self) -> usize {
        match self {
            Kind::Vpc | Kind::PublicIp | Kind::Vpn | Kind::ShareBandwidth => 5,
            Kind::Subnet | Kind::SecurityGroup | Kind::FlowLog => 100,
            Kind::SecurityGroupRule => 5000,
            Kind::VpnGateway => 2,
            Kind::VpcPeer | Kind::VirtualInterface => 50,
            Kind::Firewall | Kind::RoutetableContainRoutes => 200,
            Kind::ShareBandwidthIp => 20,
            Kind::Loadbalancer | Kind::Listener | Kind::PhysicalConnect => 10,
            Kind::VpcContainRoutetable => 1,
        }
    }
}

impl Project {
    /// How much of `kind` the project uses: what `ShowQuota` answers as `used`.
    ///
    /// The types whose resources this server does not hold answer 0; each arm names the
    /// store's list that will count it once the server has one.
    #[allow(
        clippy::match_same_arms,
        reason = "an arm per list the store will hold, each filled in when it does"
    )]
    pub fn usage(&self, kind: Kind) -> usize {
        match kind {
            Kind::Vpc => self.vpcs.len(),
            Kind::Subnet => self.subnets.len(),
            Kind::PublicIp => self.publicips.len(),
            Kind::SecurityGroup => self.security_groups.len(),
            Kind::SecurityGroupRule => self.security_group_rules.len(),
            Kind::FlowLog => self.flow_logs.len(),
            Kind::ShareBandwidth => self.shared_bandwidths(),
            Kind::ShareBandwidthIp => self.publicips_in_shared_bandwidths(),
            // A VPC's one route table is its default one, which this server does not
            // model (no routes), and neither VPNs, peerings, firewalls, load balancers
            // nor Direct Connect.
            Kind::Vpn
            | Kind::VpnGateway
            | Kind::VpcPeer
            | Kind::Firewall
            | Kind::Loadbalancer
            | Kind::Listener
            | Kind::PhysicalConnect
            | Kind::VirtualInterface
            | Kind::VpcContainRoutetable
            | Kind::RoutetableContainRoutes => 0,
        }
    }
}

/// `ShowQuota`'s own failures.
#[derive(Debug, VpcError)]
#[vpc(operation = ShowQuota)]
pub enum ShowQuotaFailure {
    /// `type` names no resource type.
    #[vpc(name = ResourceTypeInvalid)]
    UnknownType {
        /// What the query said.
        given: String,
    },
}

/// `ShowQuota`'s query string.
#[derive(Debug, Deserialize)]
pub struct QuotaQuery {
    /// One resource type to show, else all.
    #[serde(rename = "type")]
    kind: Option<String>,
}

/// `GET /v1/{project_id}/quotas[?type=]`: `200 {"quotas": {"resources": [...]}}`, every
/// type or the one asked for.
pub async fn show(
    State(app): State<App>,
    auth: Auth<ShowQuotaError>,
    params: Result<RawPathParams, RawPathParamsRejection>,
    Query(query, _): Query<ShowQuotaError, QuotaQuery>,
) -> Result<Response, ApiError<ShowQuotaError>> {
    // The table has no path row: a project that is not UTF-8 is simply not the caller's.
    if input::raw_param(&params, "project_id") != Some(auth.caller.project.as_str()) {
        return Err(vpc_error!(Common::TenantIdMismatch).into());
    }
    let kinds = match query.kind {
        None => &Kind::ALL[..],
        Some(given) => match Kind::ALL.iter().position(|kind| kind.name() == given) {
            Some(i) => &Kind::ALL[i..=i],
            None => return Err(ShowQuotaFailure::UnknownType { given }.into()),
        },
    };
    let mut store = app.store();
    let project = store.project(&auth.caller.project);
    let resources = kinds
        .iter()
        .map(|&kind| Resource {
            kind: kind.name(),
            used: project.usage(kind),
            quota: app.config().quota(kind),
            min: 0,
        })
        .collect();
    Ok(crate::ok(&Body {
        quotas: Quotas { resources },
    }))
}

/// One type's line.
#[derive(Serialize)]
struct Resource {
    #[serde(rename = "type")]
    kind: &'static str,
    used: usize,
    quota: usize,
    /// The least the quota may be lowered to; the cloud answers 0.
    min: usize,
}

/// `{"resources": [...]}`.
#[derive(Serialize)]
struct Quotas {
    resources: Vec<Resource>,
}

/// `{"quotas": {...}}`.
#[derive(Serialize)]
struct Body {
    quotas: Quotas,
}
