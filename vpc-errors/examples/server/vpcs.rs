//! VPCs: `CreateVpc`, `ShowVpc`, `ListVpcs`, `UpdateVpc` and `DeleteVpc`.

use std::net::Ipv4Addr;

use axum::extract::State;
use axum::response::Response;
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use vpc_errors::extract::{Json, Path, Query};
use vpc_errors::{
    CreateVpcError, DeleteVpcError, ListVpcsError, ShowVpcError, UpdateVpcError, VpcError,
    vpc_error,
};

use crate::auth::Auth;
use crate::cidr;
use crate::errors::ApiError;
use crate::input::{self, Description, EnterpriseProjectId, Id, ListQuery, Name};
use crate::state::{App, Timestamp, Vpc};

/// `CreateVpc`'s own failures, with their context for the log.
#[derive(Debug, VpcError)]
#[vpc(operation = CreateVpc)]
pub enum CreateVpcFailure {
    /// Another VPC of the project has this name.
    #[vpc(name = VpcNameExists)]
    NameTaken {
        /// The name asked for.
        name: String,
    },
    /// The project has its quota of VPCs.
    #[vpc(name = VpcQuotaExceeded)]
    QuotaReached {
        /// The quota.
        quota: usize,
    },
}

/// `UpdateVpc`'s own failures.
#[derive(Debug, VpcError)]
#[vpc(operation = UpdateVpc)]
pub enum UpdateVpcFailure {
    /// Another VPC of the project has this name.
    #[vpc(name = VpcNameExists)]
    NameTaken {
        /// The name asked for.
        name: String,
    },
    /// The new range would leave a subnet outside the VPC.
    #[vpc(name = CidrExcludesSubnets)]
    ExcludesSubnet {
        /// The range asked for.
        cidr: Ipv4Net,
        /// A subnet outside it.
        subnet_id: String,
        /// That subnet's range.
        subnet_cidr: Ipv4Net,
    },
}

/// `DeleteVpc`'s own failures.
#[derive(Debug, VpcError)]
#[vpc(operation = DeleteVpc)]
pub enum DeleteVpcFailure {
    /// The VPC still has subnets.
    #[vpc(name = VpcHasSubnets)]
    HasSubnets {
        /// The VPC.
        vpc_id: String,
        /// How many.
        subnets: usize,
    },
    /// Security groups still name the VPC (their `vpc_id`).
    #[vpc(name = VpcHasSecurityGroups)]
    HasSecurityGroups {
        /// The VPC.
        vpc_id: String,
        /// How many.
        security_groups: usize,
    },
}

/// `/v1/{project_id}/vpcs`.
#[derive(Debug, Deserialize)]
pub struct ProjectPath {
    /// The caller's project ([`Auth`] checks it).
    pub project_id: String,
}

/// `/v1/{project_id}/vpcs/{vpc_id}`.
#[derive(Debug, Deserialize)]
pub struct VpcPath {
    /// The caller's project.
    pub project_id: String,
    /// The VPC.
    pub vpc_id: Id,
}

/// A `CreateVpc` body: `{"vpc": {"name", "cidr", "description"?, "enterprise_project_id"?}}`.
#[derive(Debug, Deserialize)]
pub struct CreateVpcRequest {
    vpc: NewVpc,
}

#[derive(Debug, Deserialize)]
struct NewVpc {
    name: Name,
    cidr: VpcCidr,
    description: Option<Description>,
    enterprise_project_id: Option<EnterpriseProjectId>,
}

/// An `UpdateVpc` body: `{"vpc": {"name"?, "description"?, "cidr"?}}`, what to change.
#[derive(Debug, Deserialize)]
pub struct UpdateVpcRequest {
    vpc: Change,
}

#[derive(Debug, Deserialize)]
struct Change {
    name: Option<Name>,
    description: Option<Description>,
    cidr: Option<VpcCidr>,
}

/// A VPC range: inside a private block (`10.0.0.0/8`, `172.16.0.0/12`,
/// `192.168.0.0/16`) and no smaller than a `/24`, the cloud's rule.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(try_from = "String")]
pub struct VpcCidr(pub Ipv4Net);

impl TryFrom<String> for VpcCidr {
    type Error = &'static str;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        const PRIVATE: [Ipv4Net; 3] = [
            Ipv4Net::new_assert(Ipv4Addr::new(10, 0, 0, 0), 8),
            Ipv4Net::new_assert(Ipv4Addr::new(172, 16, 0, 0), 12),
            Ipv4Net::new_assert(Ipv4Addr::new(192, 168, 0, 0), 16),
        ];
        match cidr::parse(&text) {
            Ok(cidr)
                if cidr.prefix_len() <= 24 && PRIVATE.iter().any(|block| block.contains(&cidr)) =>
            {
                Ok(VpcCidr(cidr))
            }
            _ => Err(
                "must be a block of 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 of /24 or larger",
            ),
        }
    }
}

/// `POST /v1/{project_id}/vpcs`: `200 {"vpc": {...}}`.
pub async fn create(
    State(app): State<App>,
    _: Auth<CreateVpcError>,
    Path(path, _): Path<CreateVpcError, ProjectPath>,
    Json(body, _): Json<CreateVpcError, CreateVpcRequest>,
) -> Result<Response, ApiError<CreateVpcError>> {
    let new = body.vpc;
    let mut store = app.store();
    let project = store.project(&path.project_id);
    if project.vpcs.iter().any(|v| v.name == new.name.0) {
        return Err(CreateVpcFailure::NameTaken { name: new.name.0 }.into());
    }
    let quota = app.config().vpc_quota;
    if project.vpcs.len() >= quota {
        return Err(CreateVpcFailure::QuotaReached { quota }.into());
    }
    let now = Timestamp::now();
    let vpc = Vpc {
        id: app.new_id(),
        name: new.name.0,
        description: Description::or_empty(new.description),
        cidr: new.cidr.0,
        enterprise_project_id: EnterpriseProjectId::or_default(new.enterprise_project_id),
        created_at: now,
        updated_at: now,
    };
    let response = crate::ok(&One::new(&vpc, &path.project_id));
    project.vpcs.push(vpc);
    Ok(response)
}

/// `GET /v1/{project_id}/vpcs/{vpc_id}`: `200 {"vpc": {...}}`.
pub async fn show(
    State(app): State<App>,
    _: Auth<ShowVpcError>,
    Path(path, _): Path<ShowVpcError, VpcPath>,
) -> Result<Response, ApiError<ShowVpcError>> {
    let mut store = app.store();
    let vpc = store
        .project(&path.project_id)
        .vpc(path.vpc_id.as_str())
        .ok_or(vpc_error!(Common::VpcNotFound))?;
    Ok(crate::ok(&One::new(vpc, &path.project_id)))
}

/// `GET /v1/{project_id}/vpcs[?limit=&marker=]`: `200 {"vpcs": [...]}`, oldest first.
pub async fn list(
    State(app): State<App>,
    _: Auth<ListVpcsError>,
    Path(path, _): Path<ListVpcsError, ProjectPath>,
    Query(query, _): Query<ListVpcsError, ListQuery>,
) -> Result<Response, ApiError<ListVpcsError>> {
    let mut store = app.store();
    let vpcs = &store.project(&path.project_id).vpcs;
    let vpcs =
        input::page::<ListVpcsError, _>(vpcs, query.limit, query.marker.as_deref(), |v| &v.id)?
            .into_iter()
            .map(|vpc| View::new(vpc, &path.project_id))
            .collect();
    Ok(crate::ok(&Many { vpcs }))
}

/// `PUT /v1/{project_id}/vpcs/{vpc_id}`: `200 {"vpc": {...}}`.
pub async fn update(
    State(app): State<App>,
    _: Auth<UpdateVpcError>,
    Path(path, _): Path<UpdateVpcError, VpcPath>,
    Json(body, _): Json<UpdateVpcError, UpdateVpcRequest>,
) -> Result<Response, ApiError<UpdateVpcError>> {
    let (change, vpc_id) = (body.vpc, path.vpc_id.as_str());
    let mut store = app.store();
    let project = store.project(&path.project_id);
    let Some(index) = project.vpcs.iter().position(|v| v.id == vpc_id) else {
        return Err(vpc_error!(Common::VpcNotFound).into());
    };
    if let Some(Name(name)) = &change.name
        && project
            .vpcs
            .iter()
            .any(|v| v.id != vpc_id && &v.name == name)
    {
        return Err(UpdateVpcFailure::NameTaken { name: name.clone() }.into());
    }
    if let Some(VpcCidr(cidr)) = change.cidr
        && let Some(outside) = project
            .subnets
            .iter()
            .find(|s| s.vpc_id == vpc_id && !cidr.contains(&s.cidr))
    {
        return Err(UpdateVpcFailure::ExcludesSubnet {
            cidr,
            subnet_id: outside.id.clone(),
            subnet_cidr: outside.cidr,
        }
        .into());
    }
    let vpc = &mut project.vpcs[index];
    if let Some(Name(name)) = change.name {
        vpc.name = name;
    }
    if let Some(Description(description)) = change.description {
        vpc.description = description;
    }
    if let Some(VpcCidr(cidr)) = change.cidr {
        vpc.cidr = cidr;
    }
    vpc.updated_at = Timestamp::now();
    Ok(crate::ok(&One::new(vpc, &path.project_id)))
}

/// `DELETE /v1/{project_id}/vpcs/{vpc_id}`: `204`, once it has no subnets and no security
/// group names it.
pub async fn delete(
    State(app): State<App>,
    _: Auth<DeleteVpcError>,
    Path(path, _): Path<DeleteVpcError, VpcPath>,
) -> Result<Response, ApiError<DeleteVpcError>> {
    let vpc_id = path.vpc_id.as_str();
    let mut store = app.store();
    let project = store.project(&path.project_id);
    let Some(index) = project.vpcs.iter().position(|v| v.id == vpc_id) else {
        return Err(vpc_error!(Common::VpcNotFound).into());
    };
    let subnets = project
        .subnets
        .iter()
        .filter(|s| s.vpc_id == vpc_id)
        .count();
    // The table has no operation deleting a security group: as in the cloud, a VPC that
    // groups name stays until they are deleted elsewhere.
    let security_groups = project
        .security_groups
        .iter()
        .filter(|g| g.vpc_id.as_deref() == Some(vpc_id))
        .count();
    let vpc_id = vpc_id.to_owned();
    if subnets > 0 {
        return Err(DeleteVpcFailure::HasSubnets { vpc_id, subnets }.into());
    }
    if security_groups > 0 {
        return Err(DeleteVpcFailure::HasSecurityGroups {
            vpc_id,
            security_groups,
        }
        .into());
    }
    project.vpcs.remove(index);
    Ok(crate::no_content())
}

/// A VPC as the API shows it.
#[derive(Serialize)]
struct View<'a> {
    id: &'a str,
    name: &'a str,
    description: &'a str,
    cidr: String,
    /// Always `OK`: creation is immediate here.
    status: &'static str,
    /// Custom routes are not modelled; the cloud answers `[]` for a VPC without any.
    routes: &'static [&'static str],
    enterprise_project_id: &'a str,
    tenant_id: &'a str,
    created_at: String,
    updated_at: String,
}

impl<'a> View<'a> {
    fn new(vpc: &'a Vpc, project: &'a str) -> Self {
        View {
            id: &vpc.id,
            name: &vpc.name,
            description: &vpc.description,
            cidr: vpc.cidr.to_string(),
            status: "OK",
            routes: &[],
            enterprise_project_id: &vpc.enterprise_project_id,
            tenant_id: project,
            created_at: vpc.created_at.iso(),
            updated_at: vpc.updated_at.iso(),
        }
    }
}

/// `{"vpc": {...}}`.
#[derive(Serialize)]
struct One<'a> {
    vpc: View<'a>,
}

impl<'a> One<'a> {
    fn new(vpc: &'a Vpc, project: &'a str) -> Self {
        One {
            vpc: View::new(vpc, project),
        }
    }
}

/// `{"vpcs": [...]}`.
#[derive(Serialize)]
struct Many<'a> {
    vpcs: Vec<View<'a>>,
}
