//! VPCs: `CreateVpc`, `ShowVpc`, `ListVpcs`, `UpdateVpc` and `DeleteVpc`.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Serialize;
use vpc_errors::{
    CreateVpcError, DeleteVpcError, ListVpcsError, ShowVpcError, UpdateVpcError, VpcError,
    vpc_error,
};

use crate::auth::{Access, Auth, Credentials};
use crate::cidr::Cidr;
use crate::errors::{ApiError, api_errors};
use crate::input::{self, BadInput, Object, PathIds};
use crate::state::{App, Timestamp, Vpc};

/// `CreateVpc`'s own failures, with their context for the log.
#[derive(Debug, VpcError)]
#[vpc(operation = CreateVpc)]
pub enum CreateVpcFailure {
    /// Malformed body, missing or mistyped field, or a value breaking its rule.
    #[vpc(name = InvalidParam)]
    Invalid(#[source] BadInput),
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
    /// `Update router {field} is invalid.`: the message names the parameter.
    #[vpc(name = InvalidParam)]
    Invalid {
        /// The parameter, the message's `{field}`.
        field: &'static str,
        /// Why.
        #[source]
        cause: BadInput,
    },
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
        cidr: Cidr,
        /// A subnet outside it.
        subnet_id: String,
        /// That subnet's range.
        subnet_cidr: Cidr,
    },
}

impl From<BadInput> for UpdateVpcFailure {
    fn from(cause: BadInput) -> Self {
        UpdateVpcFailure::Invalid {
            field: cause.field,
            cause,
        }
    }
}

/// `DeleteVpc`'s own failures.
#[derive(Debug, VpcError)]
#[vpc(operation = DeleteVpc)]
pub enum DeleteVpcFailure {
    /// `Delete router error {field} is invalid.`: the id in the path is not an id.
    #[vpc(name = InvalidParam, status = 400)]
    BadId {
        /// The message's `{field}`: `vpc_id`.
        field: &'static str,
        /// What the path said.
        id: String,
    },
    /// The VPC still has subnets.
    #[vpc(name = VpcHasSubnets)]
    HasSubnets {
        /// The VPC.
        vpc_id: String,
        /// How many.
        subnets: usize,
    },
}

api_errors! {
    CreateVpcError => CreateVpcError,
    CreateVpcFailure => CreateVpcError,
    ShowVpcError => ShowVpcError,
    ListVpcsError => ListVpcsError,
    UpdateVpcError => UpdateVpcError,
    UpdateVpcFailure => UpdateVpcError,
    DeleteVpcError => DeleteVpcError,
    DeleteVpcFailure => DeleteVpcError,
}

/// `POST /v1/{project_id}/vpcs` with `{"vpc": {"name", "cidr", "description"?,
/// "enterprise_project_id"?}}`: `200 {"vpc": {...}}`.
pub async fn create(
    State(app): State<App>,
    credentials: Credentials,
    ids: PathIds,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError<CreateVpcError>> {
    let caller = credentials.authorize(&app, ids.project(), Access::Write)?;
    let body = input::json(body).map_err(CreateVpcFailure::Invalid)?;
    let new = NewVpc::read(Object::new(&body)).map_err(CreateVpcFailure::Invalid)?;

    let mut store = app.store();
    let project = store.project(&caller.project);
    if project.vpcs.iter().any(|v| v.name == new.name) {
        return Err(CreateVpcFailure::NameTaken { name: new.name }.into());
    }
    let quota = app.config().vpc_quota;
    if project.vpcs.len() >= quota {
        return Err(CreateVpcFailure::QuotaReached { quota }.into());
    }
    let now = Timestamp::now();
    let vpc = Vpc {
        id: app.new_id(),
        name: new.name,
        description: new.description,
        cidr: new.cidr,
        enterprise_project_id: new.enterprise_project_id,
        created_at: now,
        updated_at: now,
    };
    let response = crate::ok(&One::new(&vpc, &caller.project));
    project.vpcs.push(vpc);
    Ok(response)
}

/// `GET /v1/{project_id}/vpcs/{vpc_id}`: `200 {"vpc": {...}}`.
pub async fn show(
    State(app): State<App>,
    auth: Auth<ShowVpcError>,
    ids: PathIds,
) -> Result<Response, ApiError<ShowVpcError>> {
    let caller = auth.caller;
    let vpc_id = ids.id(0);
    if !input::is_uuid(vpc_id) {
        return Err(vpc_error!(ShowVpc::VpcIdInvalid).into());
    }
    let mut store = app.store();
    let vpc = store
        .project(&caller.project)
        .vpc(vpc_id)
        .ok_or(vpc_error!(Common::VpcNotFound))?;
    Ok(crate::ok(&One::new(vpc, &caller.project)))
}

/// `GET /v1/{project_id}/vpcs[?limit=&marker=]`: `200 {"vpcs": [...]}`, oldest first.
pub async fn list(
    State(app): State<App>,
    credentials: Credentials,
    ids: PathIds,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError<ListVpcsError>> {
    let caller = credentials.authorize(&app, ids.project(), Access::Read)?;
    let bad_query = |_: BadInput| vpc_error!(ListVpcs::VpcListQueryInvalid);
    let paging = input::params(query)
        .and_then(|params| params.paging())
        .map_err(bad_query)?;
    let mut store = app.store();
    let vpcs = paging
        .page(&store.project(&caller.project).vpcs, |v| &v.id)
        .map_err(bad_query)?;
    let vpcs = vpcs
        .into_iter()
        .map(|vpc| View::new(vpc, &caller.project))
        .collect();
    Ok(crate::ok(&Many { vpcs }))
}

/// `PUT /v1/{project_id}/vpcs/{vpc_id}` with `{"vpc": {"name"?, "description"?,
/// "cidr"?}}`: `200 {"vpc": {...}}`.
pub async fn update(
    State(app): State<App>,
    credentials: Credentials,
    ids: PathIds,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError<UpdateVpcError>> {
    let caller = credentials.authorize(&app, ids.project(), Access::Write)?;
    let vpc_id = ids.id(0);
    if !input::is_uuid(vpc_id) {
        let cause = BadInput::breaks("vpc_id", "a VPC id");
        return Err(UpdateVpcFailure::from(cause).into());
    }
    let body = input::json(body).map_err(UpdateVpcFailure::from)?;
    let change = Change::read(Object::new(&body)).map_err(UpdateVpcFailure::from)?;

    let mut store = app.store();
    let project = store.project(&caller.project);
    let Some(index) = project.vpcs.iter().position(|v| v.id == vpc_id) else {
        return Err(vpc_error!(Common::VpcNotFound).into());
    };
    if let Some(name) = &change.name
        && project
            .vpcs
            .iter()
            .any(|v| v.id != vpc_id && &v.name == name)
    {
        return Err(UpdateVpcFailure::NameTaken { name: name.clone() }.into());
    }
    if let Some(cidr) = change.cidr
        && let Some(outside) = project
            .subnets
            .iter()
            .find(|s| s.vpc_id == vpc_id && !cidr.contains_block(s.cidr))
    {
        return Err(UpdateVpcFailure::ExcludesSubnet {
            cidr,
            subnet_id: outside.id.clone(),
            subnet_cidr: outside.cidr,
        }
        .into());
    }
    let vpc = &mut project.vpcs[index];
    if let Some(name) = change.name {
        vpc.name = name;
    }
    if let Some(description) = change.description {
        vpc.description = description;
    }
    if let Some(cidr) = change.cidr {
        vpc.cidr = cidr;
    }
    vpc.updated_at = Timestamp::now();
    Ok(crate::ok(&One::new(vpc, &caller.project)))
}

/// `DELETE /v1/{project_id}/vpcs/{vpc_id}`: `204`, once it has no subnets.
pub async fn delete(
    State(app): State<App>,
    credentials: Credentials,
    ids: PathIds,
) -> Result<Response, ApiError<DeleteVpcError>> {
    let caller = credentials.authorize(&app, ids.project(), Access::Write)?;
    let vpc_id = ids.id(0);
    if !input::is_uuid(vpc_id) {
        return Err(DeleteVpcFailure::BadId {
            field: "vpc_id",
            id: vpc_id.to_owned(),
        }
        .into());
    }
    let mut store = app.store();
    let project = store.project(&caller.project);
    let Some(index) = project.vpcs.iter().position(|v| v.id == vpc_id) else {
        return Err(vpc_error!(Common::VpcNotFound).into());
    };
    let subnets = project
        .subnets
        .iter()
        .filter(|s| s.vpc_id == vpc_id)
        .count();
    if subnets > 0 {
        return Err(DeleteVpcFailure::HasSubnets {
            vpc_id: vpc_id.to_owned(),
            subnets,
        }
        .into());
    }
    project.vpcs.remove(index);
    Ok(crate::no_content())
}

/// A VPC range: inside a private block (`10.0.0.0/8`, `172.16.0.0/12`,
/// `192.168.0.0/16`) and no smaller than a `/24`, the cloud's rule.
pub fn vpc_cidr(field: &'static str, text: &str) -> Result<Cidr, BadInput> {
    const RULE: &str = "a block of 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 of /24 or larger";
    let private: [Cidr; 3] = [
        Cidr::new([10, 0, 0, 0].into(), 8),
        Cidr::new([172, 16, 0, 0].into(), 12),
        Cidr::new([192, 168, 0, 0].into(), 16),
    ];
    let cidr: Cidr = text.parse().map_err(|_| BadInput::breaks(field, RULE))?;
    if cidr.prefix() <= 24 && private.iter().any(|p| p.contains_block(cidr)) {
        Ok(cidr)
    } else {
        Err(BadInput::breaks(field, RULE))
    }
}

/// The `vpc` of a `CreateVpc` body.
struct NewVpc {
    name: String,
    description: String,
    cidr: Cidr,
    enterprise_project_id: String,
}

impl NewVpc {
    fn read(body: Object<'_>) -> Result<Self, BadInput> {
        let vpc = body.object("vpc")?;
        Ok(NewVpc {
            name: input::name("name", vpc.string("name")?)?,
            description: match vpc.opt_string("description")? {
                Some(text) => input::description("description", text)?,
                None => String::new(),
            },
            cidr: vpc_cidr("cidr", vpc.string("cidr")?)?,
            enterprise_project_id: input::enterprise_project_id(
                "enterprise_project_id",
                vpc.opt_string("enterprise_project_id")?,
            )?,
        })
    }
}

/// The `vpc` of an `UpdateVpc` body: what to change.
struct Change {
    name: Option<String>,
    description: Option<String>,
    cidr: Option<Cidr>,
}

impl Change {
    fn read(body: Object<'_>) -> Result<Self, BadInput> {
        let vpc = body.object("vpc")?;
        Ok(Change {
            name: vpc
                .opt_string("name")?
                .map(|name| input::name("name", name))
                .transpose()?,
            description: vpc
                .opt_string("description")?
                .map(|text| input::description("description", text))
                .transpose()?,
            cidr: vpc
                .opt_string("cidr")?
                .map(|cidr| vpc_cidr("cidr", cidr))
                .transpose()?,
        })
    }
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
