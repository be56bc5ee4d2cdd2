//! Subnets: `CreateSubnet`, `ShowSubnet`, `ListSubnets`, `UpdateSubnet` and
//! `DeleteSubnet`.

use std::net::Ipv4Addr;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Serialize;
use vpc_errors::{
    CreateSubnetError, DeleteSubnetError, ListSubnetsError, ShowSubnetError, UpdateSubnetError,
    VpcError, vpc_error,
};

use crate::auth::{Access, Credentials};
use crate::cidr::Cidr;
use crate::errors::{ApiError, api_errors};
use crate::input::{self, BadInput, Object, PathIds};
use crate::state::{App, Subnet, Timestamp};

/// `CreateSubnet`'s own failures.
#[derive(Debug, VpcError)]
#[vpc(operation = CreateSubnet)]
pub enum CreateSubnetFailure {
    /// Any parameter but the range. The catalogue's only parameter row of `CreateSubnet`
    /// is `VPC.0201 Subnet name is invalid.`: its message names the name, but its code is
    /// the operation's parameter error, so a malformed body or gateway answers it too.
    #[vpc(name = SubnetNameInvalid)]
    Invalid(#[from] BadInput),
    /// The `cidr` is not a subnet range.
    #[vpc(name = SubnetCidrInvalid)]
    BadCidr(#[source] BadInput),
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
        cidr: Cidr,
        /// The VPC's.
        vpc_cidr: Cidr,
    },
    /// The range overlaps another subnet's in the VPC.
    #[vpc(name = SubnetCidrConflict)]
    Overlaps {
        /// The range asked for.
        cidr: Cidr,
        /// The subnet in the way.
        subnet_id: String,
        /// Its range.
        subnet_cidr: Cidr,
    },
}

/// `UpdateSubnet`'s own failures.
#[derive(Debug, VpcError)]
#[vpc(operation = UpdateSubnet)]
pub enum UpdateSubnetFailure {
    /// `{field} is invalid.`: the message names the parameter.
    #[vpc(name = InvalidParam)]
    Invalid {
        /// The parameter, the message's `{field}`.
        field: &'static str,
        /// Why.
        #[source]
        cause: BadInput,
    },
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

impl From<BadInput> for UpdateSubnetFailure {
    fn from(cause: BadInput) -> Self {
        UpdateSubnetFailure::Invalid {
            field: cause.field,
            cause,
        }
    }
}

/// `DeleteSubnet`'s own failures.
#[derive(Debug, VpcError)]
#[vpc(operation = DeleteSubnet)]
pub enum DeleteSubnetFailure {
    /// The subnet id in the path is not an id.
    #[vpc(name = SubnetIdInvalid)]
    BadId {
        /// What the path said.
        subnet_id: String,
    },
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

api_errors! {
    CreateSubnetError => CreateSubnetError,
    CreateSubnetFailure => CreateSubnetError,
    ShowSubnetError => ShowSubnetError,
    ListSubnetsError => ListSubnetsError,
    UpdateSubnetError => UpdateSubnetError,
    UpdateSubnetFailure => UpdateSubnetError,
    DeleteSubnetError => DeleteSubnetError,
    DeleteSubnetFailure => DeleteSubnetError,
}

/// `POST /v1/{project_id}/subnets` with `{"subnet": {"name", "cidr", "gateway_ip",
/// "vpc_id", "description"?, "dhcp_enable"?, "primary_dns"?, "secondary_dns"?,
/// "availability_zone"?}}`: `200 {"subnet": {...}}`.
pub async fn create(
    State(app): State<App>,
    credentials: Credentials,
    ids: PathIds,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError<CreateSubnetError>> {
    let caller = credentials.authorize(&app, ids.project(), Access::Write)?;
    let body = input::json(body).map_err(CreateSubnetFailure::Invalid)?;
    let new = NewSubnet::read(Object::new(&body))?;

    let mut store = app.store();
    let project = store.project(&caller.project);
    let Some(vpc) = project.vpc(&new.vpc_id) else {
        return Err(CreateSubnetFailure::NoVpc { vpc_id: new.vpc_id }.into());
    };
    if !vpc.cidr.contains_block(new.cidr) {
        return Err(CreateSubnetFailure::OutsideVpc {
            cidr: new.cidr,
            vpc_cidr: vpc.cidr,
        }
        .into());
    }
    if let Some(other) = project
        .subnets
        .iter()
        .find(|s| s.vpc_id == new.vpc_id && s.cidr.overlaps(new.cidr))
    {
        return Err(CreateSubnetFailure::Overlaps {
            cidr: new.cidr,
            subnet_id: other.id.clone(),
            subnet_cidr: other.cidr,
        }
        .into());
    }
    let now = Timestamp::now();
    let subnet = Subnet {
        id: app.new_id(),
        neutron_subnet_id: app.new_id(),
        name: new.name,
        description: new.description,
        cidr: new.cidr,
        gateway_ip: new.gateway_ip,
        vpc_id: new.vpc_id,
        dhcp_enable: new.dhcp_enable,
        primary_dns: new.primary_dns,
        secondary_dns: new.secondary_dns,
        availability_zone: new.availability_zone,
        created_at: now,
        updated_at: now,
    };
    let response = crate::ok(&One {
        subnet: View::new(&subnet, &caller.project),
    });
    project.subnets.push(subnet);
    Ok(response)
}

/// `GET /v1/{project_id}/subnets/{subnet_id}`: `200 {"subnet": {...}}`.
pub async fn show(
    State(app): State<App>,
    credentials: Credentials,
    ids: PathIds,
) -> Result<Response, ApiError<ShowSubnetError>> {
    let caller = credentials.authorize(&app, ids.project(), Access::Read)?;
    let subnet_id = ids.id(0);
    if !input::is_uuid(subnet_id) {
        return Err(vpc_error!(ShowSubnet::SubnetIdInvalid).into());
    }
    let mut store = app.store();
    let subnet = store
        .project(&caller.project)
        .subnet(subnet_id)
        .ok_or(vpc_error!(ShowSubnet::SubnetQueryFailed, status = 404))?;
    Ok(crate::ok(&One {
        subnet: View::new(subnet, &caller.project),
    }))
}

/// `GET /v1/{project_id}/subnets[?vpc_id=&limit=&marker=]`: `200 {"subnets": [...]}`,
/// oldest first.
pub async fn list(
    State(app): State<App>,
    credentials: Credentials,
    ids: PathIds,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError<ListSubnetsError>> {
    let caller = credentials.authorize(&app, ids.project(), Access::Read)?;
    let bad_query = |_: BadInput| vpc_error!(ListSubnets::SubnetListQueryInvalid);
    let params = input::params(query).map_err(bad_query)?;
    let paging = params.paging().map_err(bad_query)?;
    let vpc_id = params.get("vpc_id").map_err(bad_query)?;
    if vpc_id.is_some_and(|id| !input::is_uuid(id)) {
        return Err(vpc_error!(ListSubnets::SubnetListQueryInvalid).into());
    }
    let mut store = app.store();
    let in_vpc = store
        .project(&caller.project)
        .subnets
        .iter()
        .filter(|s| vpc_id.is_none_or(|id| s.vpc_id == id));
    let subnets = paging
        .page(in_vpc, |s| &s.id)
        .map_err(bad_query)?
        .into_iter()
        .map(|subnet| View::new(subnet, &caller.project))
        .collect();
    Ok(crate::ok(&Many { subnets }))
}

/// `PUT /v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}` with `{"subnet": {"name",
/// "description"?, "dhcp_enable"?, "primary_dns"?, "secondary_dns"?}}`:
/// `200 {"subnet": {"id", "status"}}`, as the cloud answers this one.
pub async fn update(
    State(app): State<App>,
    credentials: Credentials,
    ids: PathIds,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError<UpdateSubnetError>> {
    let caller = credentials.authorize(&app, ids.project(), Access::Write)?;
    let (vpc_id, subnet_id) = (ids.id(0), ids.id(1));
    if !input::is_uuid(vpc_id) {
        return Err(UpdateSubnetFailure::from(BadInput::breaks("vpc_id", "a VPC id")).into());
    }
    if !input::is_uuid(subnet_id) {
        let cause = BadInput::breaks("subnet_id", "a subnet id");
        return Err(UpdateSubnetFailure::from(cause).into());
    }
    let body = input::json(body).map_err(UpdateSubnetFailure::from)?;
    let change = Change::read(Object::new(&body)).map_err(UpdateSubnetFailure::from)?;

    let mut store = app.store();
    let project = store.project(&caller.project);
    if project.vpc(vpc_id).is_none() {
        return Err(vpc_error!(Common::VpcNotFound).into());
    }
    let Some(subnet) = project.subnets.iter_mut().find(|s| s.id == subnet_id) else {
        return Err(UpdateSubnetFailure::NotFound {
            subnet_id: subnet_id.to_owned(),
        }
        .into());
    };
    if subnet.vpc_id != vpc_id {
        return Err(UpdateSubnetFailure::OtherVpc {
            subnet_id: subnet_id.to_owned(),
            vpc_id: vpc_id.to_owned(),
            subnet_vpc_id: subnet.vpc_id.clone(),
        }
        .into());
    }
    subnet.name = change.name;
    if let Some(description) = change.description {
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
    credentials: Credentials,
    ids: PathIds,
) -> Result<Response, ApiError<DeleteSubnetError>> {
    let caller = credentials.authorize(&app, ids.project(), Access::Write)?;
    let (vpc_id, subnet_id) = (ids.id(0), ids.id(1));
    if !input::is_uuid(subnet_id) {
        return Err(DeleteSubnetFailure::BadId {
            subnet_id: subnet_id.to_owned(),
        }
        .into());
    }
    let mut store = app.store();
    let project = store.project(&caller.project);
    // A malformed VPC id names no VPC: the catalogue has no invalid-VPC-id row for this
    // operation, and "VPC does not exist." is true of it.
    if project.vpc(vpc_id).is_none() {
        return Err(vpc_error!(Common::VpcNotFound).into());
    }
    let Some(index) = project.subnets.iter().position(|s| s.id == subnet_id) else {
        return Err(DeleteSubnetFailure::NotFound {
            subnet_id: subnet_id.to_owned(),
        }
        .into());
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

/// The `subnet` of a `CreateSubnet` body.
struct NewSubnet {
    name: String,
    description: String,
    cidr: Cidr,
    gateway_ip: Ipv4Addr,
    vpc_id: String,
    dhcp_enable: bool,
    primary_dns: Option<Ipv4Addr>,
    secondary_dns: Option<Ipv4Addr>,
    availability_zone: Option<String>,
}

impl NewSubnet {
    fn read(body: Object<'_>) -> Result<Self, CreateSubnetFailure> {
        let subnet = body.object("subnet")?;
        let name = input::name("name", subnet.string("name")?)?;
        let cidr = subnet
            .string("cidr")
            .and_then(|text| subnet_cidr("cidr", text))
            .map_err(CreateSubnetFailure::BadCidr)?;
        let gateway_ip = input::ipv4("gateway_ip", subnet.string("gateway_ip")?)?;
        if !cidr.is_host(gateway_ip) {
            return Err(BadInput::breaks(
                "gateway_ip",
                "an address of the subnet's cidr other than its first and last",
            )
            .into());
        }
        let vpc_id = subnet.string("vpc_id")?;
        if !input::is_uuid(vpc_id) {
            return Err(BadInput::breaks("vpc_id", "a VPC id").into());
        }
        let availability_zone = match subnet.opt_string("availability_zone")? {
            Some("") => return Err(CreateSubnetFailure::EmptyZone),
            Some(zone) => Some(input::name("availability_zone", zone)?),
            None => None,
        };
        Ok(NewSubnet {
            name,
            description: match subnet.opt_string("description")? {
                Some(text) => input::description("description", text)?,
                None => String::new(),
            },
            cidr,
            gateway_ip,
            vpc_id: vpc_id.to_owned(),
            dhcp_enable: subnet.opt_bool("dhcp_enable")?.unwrap_or(true),
            primary_dns: dns(subnet, "primary_dns")?,
            secondary_dns: dns(subnet, "secondary_dns")?,
            availability_zone,
        })
    }
}

/// The `subnet` of an `UpdateSubnet` body. `name` is required, as in the cloud.
struct Change {
    name: String,
    description: Option<String>,
    dhcp_enable: Option<bool>,
    primary_dns: Option<Ipv4Addr>,
    secondary_dns: Option<Ipv4Addr>,
}

impl Change {
    fn read(body: Object<'_>) -> Result<Self, BadInput> {
        let subnet = body.object("subnet")?;
        Ok(Change {
            name: input::name("name", subnet.string("name")?)?,
            description: subnet
                .opt_string("description")?
                .map(|text| input::description("description", text))
                .transpose()?,
            dhcp_enable: subnet.opt_bool("dhcp_enable")?,
            primary_dns: dns(subnet, "primary_dns")?,
            secondary_dns: dns(subnet, "secondary_dns")?,
        })
    }
}

fn dns(subnet: Object<'_>, field: &'static str) -> Result<Option<Ipv4Addr>, BadInput> {
    subnet
        .opt_string(field)?
        .map(|text| input::ipv4(field, text))
        .transpose()
}

/// A subnet range: a canonical block no smaller than a `/28`, the cloud's limit.
fn subnet_cidr(field: &'static str, text: &str) -> Result<Cidr, BadInput> {
    const RULE: &str = "an IPv4 CIDR block of /28 or larger, host bits zero";
    match text.parse::<Cidr>() {
        Ok(cidr) if cidr.prefix() <= 28 => Ok(cidr),
        _ => Err(BadInput::breaks(field, RULE)),
    }
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
