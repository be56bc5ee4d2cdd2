//! Subnets: `CreateSubnet`, `ShowSubnet`, `ListSubnets`, `UpdateSubnet` and
//! `DeleteSubnet`.

use std::net::Ipv4Addr;

use axum::extract::State;
use axum::response::Response;
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use vpc_errors::extract::{Json, Path, Query};
use vpc_errors::{
    CreateSubnetError, DeleteSubnetError, ListSubnetsError, ShowSubnetError, UpdateSubnetError,
    VpcError, vpc_error,
};

use crate::auth::Auth;
use crate::cidr;
use crate::errors::ApiError;
use crate::input::{self, Broken, Description, Id, Limit, Name};
use crate::state::{App, Subnet, Timestamp};
use crate::vpcs::ProjectPath;

/// `CreateSubnet`'s own failures.
#[derive(Debug, VpcError)]
#[vpc(operation = CreateSubnet)]
pub enum CreateSubnetFailure {
    /// A parameter breaking a rule that spans fields (the gateway inside the range), or
    /// an availability zone that is not a name. The catalogue's only parameter row of
    /// `CreateSubnet` is `VPC.0201 Subnet name is invalid.`: its message names the name,
    /// but its code is the operation's parameter error.
    #[vpc(name = SubnetNameInvalid)]
    Invalid(#[source] Broken),
    /// The `cidr` is absent or not a subnet range.
    #[vpc(name = SubnetCidrInvalid)]
    BadCidr {
        /// What the body said.
        cidr: Option<String>,
    },
    /// `availability_zone` given, but empty.
    #[vpc(name = AvailabilityZoneMissing)]
    EmptyZone,
    /// No VPC of the project has the `vpc_id`.
    #[vpc(name = VpcNotFound)]
    NoVpc {
        /// The id asked for.
        vpc_id: String,
    },
    /// The range is not inside the VPC's.
    #[vpc(name = SubnetCidrOutOfVpc)]
    OutsideVpc {
        /// The range asked for.
        cidr: Ipv4Net,
        /// The VPC's.
        vpc_cidr: Ipv4Net,
    },
    /// The range overlaps another subnet's in the VPC.
    #[vpc(name = SubnetCidrConflict)]
    Overlaps {
        /// The range asked for.
        cidr: Ipv4Net,
        /// The subnet in the way.
        subnet_id: String,
        /// Its range.
        subnet_cidr: Ipv4Net,
    },
}

/// `UpdateSubnet`'s own failures past its parameters (`DeleteSubnet` has the same).
#[derive(Debug, VpcError)]
#[vpc(operation = UpdateSubnet)]
pub enum UpdateSubnetFailure {
    /// No subnet of the project has the id.
    #[vpc(name = NeutronError, status = 404)]
    NotFound {
        /// The id asked for.
        subnet_id: String,
    },
    /// The subnet is another VPC's.
    #[vpc(name = SubnetNotInVpc)]
    OtherVpc {
        /// The subnet.
        subnet_id: String,
        /// The VPC of the path.
        vpc_id: String,
        /// The subnet's own VPC.
        subnet_vpc_id: String,
    },
}

/// `DeleteSubnet`'s own failures past its parameters.
#[derive(Debug, VpcError)]
#[vpc(operation = DeleteSubnet)]
pub enum DeleteSubnetFailure {
    /// No subnet of the project has the id.
    #[vpc(name = NeutronError, status = 404)]
    NotFound {
        /// The id asked for.
        subnet_id: String,
    },
    /// The subnet is another VPC's.
    #[vpc(name = SubnetNotInVpc)]
    OtherVpc {
        /// The subnet.
        subnet_id: String,
        /// The VPC of the path.
        vpc_id: String,
        /// The subnet's own VPC.
        subnet_vpc_id: String,
    },
}

/// `/v1/{project_id}/subnets/{subnet_id}`.
#[derive(Debug, Deserialize)]
pub struct SubnetPath {
    project_id: String,
    subnet_id: Id,
}

/// `/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}`, for `UpdateSubnet`, whose table
/// has a row for a bad VPC id.
#[derive(Debug, Deserialize)]
#[allow(clippy::struct_field_names, reason = "the route's parameter names")]
pub struct VpcSubnetPath {
    project_id: String,
    vpc_id: Id,
    subnet_id: Id,
}

/// The same, for `DeleteSubnet`: its table has no invalid-VPC-id row, so a malformed VPC
/// id is read as it is and names no VPC ("VPC does not exist." is true of it).
#[derive(Debug, Deserialize)]
#[allow(clippy::struct_field_names, reason = "the route's parameter names")]
pub struct AnyVpcSubnetPath {
    project_id: String,
    vpc_id: String,
    subnet_id: Id,
}

/// `?vpc_id=&limit=&marker=` of `ListSubnets`.
#[derive(Debug, Deserialize)]
pub struct ListSubnetsQuery {
    vpc_id: Option<Id>,
    limit: Option<Limit>,
    marker: Option<String>,
}

/// A `CreateSubnet` body: `{"subnet": {"name", "cidr", "gateway_ip", "vpc_id",
/// "description"?, "dhcp_enable"?, "primary_dns"?, "secondary_dns"?,
/// "availability_zone"?}}`.
#[derive(Debug, Deserialize)]
pub struct CreateSubnetRequest {
    subnet: NewSubnet,
}

#[derive(Debug, Deserialize)]
struct NewSubnet {
    name: Name,
    /// Read as text: a bad range has its own row (`VPC.0212`), not the body's.
    cidr: Option<String>,
    gateway_ip: Ipv4Addr,
    vpc_id: Id,
    description: Option<Description>,
    dhcp_enable: Option<bool>,
    primary_dns: Option<Ipv4Addr>,
    secondary_dns: Option<Ipv4Addr>,
    /// Read as text: an empty one has its own row (`VPC.0002`).
    availability_zone: Option<String>,
}

/// An `UpdateSubnet` body: `{"subnet": {"name", "description"?, "dhcp_enable"?,
/// "primary_dns"?, "secondary_dns"?}}`. `name` is required, as in the cloud.
#[derive(Debug, Deserialize)]
pub struct UpdateSubnetRequest {
    subnet: Change,
}

#[derive(Debug, Deserialize)]
struct Change {
    name: Name,
    description: Option<Description>,
    dhcp_enable: Option<bool>,
    primary_dns: Option<Ipv4Addr>,
    secondary_dns: Option<Ipv4Addr>,
}

/// `POST /v1/{project_id}/subnets`: `200 {"subnet": {...}}`.
pub async fn create(
    State(app): State<App>,
    _: Auth<CreateSubnetError>,
    Path(path, _): Path<CreateSubnetError, ProjectPath>,
    Json(body, _): Json<CreateSubnetError, CreateSubnetRequest>,
) -> Result<Response, ApiError<CreateSubnetError>> {
    let new = body.subnet;
    // A subnet range: a canonical block no smaller than a `/28`, the cloud's limit.
    let cidr = match new.cidr.as_deref().map(cidr::parse) {
        Some(Ok(cidr)) if cidr.prefix_len() <= 28 => cidr,
        _ => return Err(CreateSubnetFailure::BadCidr { cidr: new.cidr }.into()),
    };
    if !cidr::is_host(cidr, new.gateway_ip) {
        let rule = "an address of the subnet's cidr other than its first and last";
        let broken = Broken {
            field: "gateway_ip",
            rule,
        };
        return Err(CreateSubnetFailure::Invalid(broken).into());
    }
    let availability_zone = match new.availability_zone {
        Some(zone) if zone.is_empty() => return Err(CreateSubnetFailure::EmptyZone.into()),
        Some(zone) => Some(Name::try_from(zone).map_err(|rule| {
            CreateSubnetFailure::Invalid(Broken {
                field: "availability_zone",
                rule,
            })
        })?),
        None => None,
    };
    let vpc_id = new.vpc_id.0;

    let mut store = app.store();
    let project = store.project(&path.project_id);
    let Some(vpc) = project.vpc(&vpc_id) else {
        return Err(CreateSubnetFailure::NoVpc { vpc_id }.into());
    };
    if !vpc.cidr.contains(&cidr) {
        let vpc_cidr = vpc.cidr;
        return Err(CreateSubnetFailure::OutsideVpc { cidr, vpc_cidr }.into());
    }
    if let Some(other) = project
        .subnets
        .iter()
        .find(|s| s.vpc_id == vpc_id && cidr::overlap(s.cidr, cidr))
    {
        return Err(CreateSubnetFailure::Overlaps {
            cidr,
            subnet_id: other.id.clone(),
            subnet_cidr: other.cidr,
        }
        .into());
    }
    let now = Timestamp::now();
    let subnet = Subnet {
        id: app.new_id(),
        neutron_subnet_id: app.new_id(),
        name: new.name.0,
        description: Description::or_empty(new.description),
        cidr,
        gateway_ip: new.gateway_ip,
        vpc_id,
        dhcp_enable: new.dhcp_enable.unwrap_or(true),
        primary_dns: new.primary_dns,
        secondary_dns: new.secondary_dns,
        availability_zone: availability_zone.map(|Name(zone)| zone),
        created_at: now,
        updated_at: now,
    };
    let response = crate::ok(&One {
        subnet: View::new(&subnet, &path.project_id),
    });
    project.subnets.push(subnet);
    Ok(response)
}

/// `GET /v1/{project_id}/subnets/{subnet_id}`: `200 {"subnet": {...}}`.
pub async fn show(
    State(app): State<App>,
    _: Auth<ShowSubnetError>,
    Path(path, _): Path<ShowSubnetError, SubnetPath>,
) -> Result<Response, ApiError<ShowSubnetError>> {
    let mut store = app.store();
    let subnet = store
        .project(&path.project_id)
        .subnet(path.subnet_id.as_str())
        .ok_or(vpc_error!(ShowSubnet::SubnetQueryFailed, status = 404))?;
    Ok(crate::ok(&One {
        subnet: View::new(subnet, &path.project_id),
    }))
}

/// `GET /v1/{project_id}/subnets[?vpc_id=&limit=&marker=]`: `200 {"subnets": [...]}`,
/// oldest first.
pub async fn list(
    State(app): State<App>,
    _: Auth<ListSubnetsError>,
    Path(path, _): Path<ListSubnetsError, ProjectPath>,
    Query(query, _): Query<ListSubnetsError, ListSubnetsQuery>,
) -> Result<Response, ApiError<ListSubnetsError>> {
    let mut store = app.store();
    let in_vpc = store
        .project(&path.project_id)
        .subnets
        .iter()
        .filter(|s| query.vpc_id.as_ref().is_none_or(|id| s.vpc_id == id.0));
    let subnets =
        input::page::<ListSubnetsError, _>(in_vpc, query.limit, query.marker.as_deref(), |s| {
            &s.id
        })?
        .into_iter()
        .map(|subnet| View::new(subnet, &path.project_id))
        .collect();
    Ok(crate::ok(&Many { subnets }))
}

/// `PUT /v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}`: `200 {"subnet": {"id",
/// "status"}}`, as the cloud answers this one.
pub async fn update(
    State(app): State<App>,
    _: Auth<UpdateSubnetError>,
    Path(path, _): Path<UpdateSubnetError, VpcSubnetPath>,
    Json(body, _): Json<UpdateSubnetError, UpdateSubnetRequest>,
) -> Result<Response, ApiError<UpdateSubnetError>> {
    let change = body.subnet;
    let (vpc_id, subnet_id) = (path.vpc_id.as_str(), path.subnet_id.as_str());
    let mut store = app.store();
    let project = store.project(&path.project_id);
    if project.vpc(vpc_id).is_none() {
        return Err(vpc_error!(Common::VpcNotFound).into());
    }
    let Some(subnet) = project.subnets.iter_mut().find(|s| s.id == subnet_id) else {
        let subnet_id = subnet_id.to_owned();
        return Err(UpdateSubnetFailure::NotFound { subnet_id }.into());
    };
    if subnet.vpc_id != vpc_id {
        return Err(UpdateSubnetFailure::OtherVpc {
            subnet_id: subnet_id.to_owned(),
            vpc_id: vpc_id.to_owned(),
            subnet_vpc_id: subnet.vpc_id.clone(),
        }
        .into());
    }
    subnet.name = change.name.0;
    if let Some(Description(description)) = change.description {
        subnet.description = description;
    }
    if let Some(dhcp_enable) = change.dhcp_enable {
        subnet.dhcp_enable = dhcp_enable;
    }
    if let Some(dns) = change.primary_dns {
        subnet.primary_dns = Some(dns);
    }
    if let Some(dns) = change.secondary_dns {
        subnet.secondary_dns = Some(dns);
    }
    subnet.updated_at = Timestamp::now();
    Ok(crate::ok(&Updated {
        subnet: Status {
            id: &subnet.id,
            status: "ACTIVE",
        },
    }))
}

/// `DELETE /v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}`: `204`.
pub async fn delete(
    State(app): State<App>,
    _: Auth<DeleteSubnetError>,
    Path(path, _): Path<DeleteSubnetError, AnyVpcSubnetPath>,
) -> Result<Response, ApiError<DeleteSubnetError>> {
    let (vpc_id, subnet_id) = (path.vpc_id.as_str(), path.subnet_id.as_str());
    let mut store = app.store();
    let project = store.project(&path.project_id);
    if project.vpc(vpc_id).is_none() {
        return Err(vpc_error!(Common::VpcNotFound).into());
    }
    let Some(index) = project.subnets.iter().position(|s| s.id == subnet_id) else {
        let subnet_id = subnet_id.to_owned();
        return Err(DeleteSubnetFailure::NotFound { subnet_id }.into());
    };
    let owner = &project.subnets[index].vpc_id;
    if owner != vpc_id {
        return Err(DeleteSubnetFailure::OtherVpc {
            subnet_id: subnet_id.to_owned(),
            vpc_id: vpc_id.to_owned(),
            subnet_vpc_id: owner.clone(),
        }
        .into());
    }
    // Its private IPs would be left without a subnet.
    if project.privateips.iter().any(|p| p.subnet_id == subnet_id) {
        return Err(vpc_error!(DeleteSubnet::SubnetHasPrivateips).into());
    }
    project.subnets.remove(index);
    Ok(crate::no_content())
}

/// A subnet as the API shows it.
#[derive(Serialize)]
struct View<'a> {
    id: &'a str,
    name: &'a str,
    description: &'a str,
    cidr: String,
    gateway_ip: String,
    /// IPv6 is not modelled.
    ipv6_enable: bool,
    dhcp_enable: bool,
    primary_dns: Option<String>,
    secondary_dns: Option<String>,
    #[serde(rename = "dnsList")]
    dns_list: Vec<String>,
    availability_zone: Option<&'a str>,
    vpc_id: &'a str,
    /// Always `ACTIVE`: creation is immediate here.
    status: &'static str,
    /// The cloud's subnet id is also its Neutron network's id.
    neutron_network_id: &'a str,
    neutron_subnet_id: &'a str,
    tenant_id: &'a str,
    created_at: String,
    updated_at: String,
}

impl<'a> View<'a> {
    fn new(subnet: &'a Subnet, project: &'a str) -> Self {
        let primary_dns = subnet.primary_dns.map(|a| a.to_string());
        let secondary_dns = subnet.secondary_dns.map(|a| a.to_string());
        View {
            id: &subnet.id,
            name: &subnet.name,
            description: &subnet.description,
            cidr: subnet.cidr.to_string(),
            gateway_ip: subnet.gateway_ip.to_string(),
            ipv6_enable: false,
            dhcp_enable: subnet.dhcp_enable,
            dns_list: primary_dns.iter().chain(&secondary_dns).cloned().collect(),
            primary_dns,
            secondary_dns,
            availability_zone: subnet.availability_zone.as_deref(),
            vpc_id: &subnet.vpc_id,
            status: "ACTIVE",
            neutron_network_id: &subnet.id,
            neutron_subnet_id: &subnet.neutron_subnet_id,
            tenant_id: project,
            created_at: subnet.created_at.iso(),
            updated_at: subnet.updated_at.iso(),
        }
    }
}

/// `{"subnet": {...}}`.
#[derive(Serialize)]
struct One<'a> {
    subnet: View<'a>,
}

/// `{"subnets": [...]}`.
#[derive(Serialize)]
struct Many<'a> {
    subnets: Vec<View<'a>>,
}

/// `UpdateSubnet`'s answer, `{"subnet": {"id": "…", "status": "ACTIVE"}}`.
#[derive(Serialize)]
struct Updated<'a> {
    subnet: Status<'a>,
}

#[derive(Serialize)]
struct Status<'a> {
    id: &'a str,
    status: &'static str,
}
