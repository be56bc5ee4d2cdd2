//! EIPs: `CreatePublicip`, `ShowPublicip`, `ListPublicips`, `UpdatePublicip` (binding
//! to a port and unbinding) and `DeletePublicip`.
//!
//! Ports are not modelled: any id of the right shape is a port, and an EIP's binding is
//! only its `port_id`. What is checked is what the catalogue has errors for: one port per
//! EIP, one EIP per port (in the project), no deleting a bound EIP.

use std::net::Ipv4Addr;

use axum::extract::rejection::RawPathParamsRejection;
use axum::extract::{RawPathParams, State};
use axum::response::Response;
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use vpc_errors::extract::{Json, Path, Query};
use vpc_errors::{
    CreatePublicipError, DeletePublicipError, ListPublicipsError, ShowPublicipError,
    UpdatePublicipError, VpcError, vpc_error,
};

use crate::auth::Auth;
use crate::bandwidths::{self, ChargeMode, PublicipBandwidth};
use crate::cidr;
use crate::errors::ApiError;
use crate::input::{self, Broken, EnterpriseProjectId, Id, ListQuery, Name};
use crate::state::{App, Project, Publicip, Timestamp};
use crate::vpcs::ProjectPath;

/// `CreatePublicip`'s own failures.
#[derive(Debug, VpcError)]
#[vpc(operation = CreatePublicip)]
pub enum CreatePublicipFailure {
    /// An `ip_address` outside the pool: `VPC.0501` is the EIP parameter error (its only
    /// row here happens to mention `share_type`).
    #[vpc(name = PublicipParamInvalid)]
    Invalid(#[source] Broken),
    /// A bad or missing `bandwidth`: the bandwidth parameter error, `VPC.0301`.
    #[vpc(name = BandwidthParamInvalid)]
    BadBandwidth(#[source] serde_json::Error),
    /// A `bandwidth` whose size or charge mode breaks the rules of a dedicated one
    /// (`bandwidths::checked_size`): the same row.
    #[vpc(name = BandwidthParamInvalid)]
    BandwidthRule(#[source] Broken),
    /// The project has its quota of EIPs.
    #[vpc(name = PublicipQuotaExceeded)]
    QuotaReached {
        /// The quota.
        quota: usize,
    },
    /// The `ip_address` asked for is another EIP's.
    #[vpc(name = IpAddressInUse)]
    AddressInUse {
        /// The address.
        address: Ipv4Addr,
    },
    /// Every address of the pool is taken.
    #[vpc(name = IpPoolExhausted)]
    PoolExhausted {
        /// The pool.
        pool: Ipv4Net,
    },
}

/// `UpdatePublicip`'s own failures.
#[derive(Debug, VpcError)]
#[vpc(operation = UpdatePublicip)]
pub enum UpdatePublicipFailure {
    /// No EIP of the project has the id (a malformed id included: the operation has no
    /// invalid-id row, and no EIP has such an id).
    #[vpc(name = PublicipNotFound)]
    NotFound {
        /// The id asked for.
        publicip_id: String,
    },
    /// The EIP is bound already (to this port or another): unbind it first.
    #[vpc(name = PublicipAlreadyBound)]
    AlreadyBound {
        /// The port it is bound to.
        port_id: String,
    },
    /// Another EIP is bound to the port.
    #[vpc(name = PortAlreadyBound)]
    PortTaken {
        /// The port.
        port_id: String,
        /// The EIP bound to it.
        publicip_id: String,
    },
}

/// `DeletePublicip`'s own failures.
#[derive(Debug, VpcError)]
#[vpc(operation = DeletePublicip)]
pub enum DeletePublicipFailure {
    /// The EIP is bound to a port: unbind it first.
    #[vpc(name = PublicipBoundToServer)]
    Bound {
        /// The EIP.
        publicip_id: String,
        /// Its port.
        port_id: String,
    },
}

/// `/v1/{project_id}/publicips/{publicip_id}`.
#[derive(Debug, Deserialize)]
pub struct PublicipPath {
    project_id: String,
    publicip_id: Id,
}

/// A `CreatePublicip` body: `{"publicip": {"type", "ip_version"?, "ip_address"?},
/// "bandwidth": {"name", "size", "share_type": "PER", "charge_mode"?},
/// "enterprise_project_id"?}`.
#[derive(Debug, Deserialize)]
pub struct CreatePublicipRequest {
    publicip: NewPublicip,
    /// Read apart: a bad bandwidth has its own row (`VPC.0301`), not the body's.
    bandwidth: Option<serde_json::Value>,
    enterprise_project_id: Option<EnterpriseProjectId>,
}

#[derive(Debug, Deserialize)]
struct NewPublicip {
    #[serde(rename = "type")]
    line: Line,
    #[allow(dead_code, reason = "read to check it: IPv4 is the only one")]
    ip_version: Option<IpVersion>,
    ip_address: Option<Ipv4Addr>,
}

/// The EIP lines accepted in `publicip.type`: dynamic and static BGP, found in every
/// region.
#[derive(Debug, Clone, Copy, Deserialize)]
enum Line {
    #[serde(rename = "5_bgp")]
    Bgp,
    #[serde(rename = "5_sbgp")]
    StaticBgp,
}

/// `4`: IPv6 is not modelled.
#[derive(Debug, Deserialize)]
#[serde(try_from = "u8")]
struct IpVersion;

impl TryFrom<u8> for IpVersion {
    type Error = &'static str;

    fn try_from(version: u8) -> Result<Self, Self::Error> {
        if version == 4 {
            Ok(IpVersion)
        } else {
            Err("must be 4 (IPv6 is not modelled)")
        }
    }
}

/// The `bandwidth` of a `CreatePublicip` body: a dedicated (`PER`) one, its size and
/// charge mode within a dedicated bandwidth's rules (`bandwidths::checked_size`).
/// Creating an EIP straight into a shared bandwidth (`WHOLE`) is not modelled
/// (`AddPublicipsIntoSharedBandwidth` moves it there); billing is not modelled either.
#[derive(Debug, Deserialize)]
struct NewBandwidth {
    name: Name,
    size: u32,
    #[allow(dead_code, reason = "read to check it: `PER` is the only one")]
    share_type: ShareType,
    charge_mode: Option<ChargeMode>,
}

#[derive(Debug, Deserialize)]
enum ShareType {
    #[serde(rename = "PER")]
    Dedicated,
}

/// An `UpdatePublicip` body: `{"publicip": {"port_id": "<port>"}}` binds;
/// `port_id` absent, `null` or `""` unbinds.
#[derive(Debug, Deserialize)]
pub struct UpdatePublicipRequest {
    publicip: Binding,
}

#[derive(Debug, Deserialize)]
struct Binding {
    port_id: Option<PortId>,
}

/// A port id, or `""` for none.
#[derive(Debug, Deserialize)]
#[serde(try_from = "String")]
struct PortId(Option<Id>);

impl TryFrom<String> for PortId {
    type Error = &'static str;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        if text.is_empty() {
            return Ok(PortId(None));
        }
        Id::parse(&text)
            .map(|id| PortId(Some(id)))
            .ok_or("must be a port id or empty")
    }
}

/// `POST /v1/{project_id}/publicips`: `200 {"publicip": {...}}`.
pub async fn create(
    State(app): State<App>,
    _: Auth<CreatePublicipError>,
    Path(path, _): Path<CreatePublicipError, ProjectPath>,
    Json(body, _): Json<CreatePublicipError, CreatePublicipRequest>,
) -> Result<Response, ApiError<CreatePublicipError>> {
    let pool = app.config().publicip_pool;
    if let Some(address) = body.publicip.ip_address
        && !cidr::is_host(pool, address)
    {
        let rule = "a host address of the pool";
        return Err(CreatePublicipFailure::Invalid(Broken {
            field: "ip_address",
            rule,
        })
        .into());
    }
    let bandwidth: NewBandwidth = serde_json::from_value(body.bandwidth.unwrap_or_default())
        .map_err(CreatePublicipFailure::BadBandwidth)?;
    let dedicated = bandwidths::ShareType::Dedicated;
    let charge_mode = bandwidth
        .charge_mode
        .unwrap_or(ChargeMode::Bandwidth)
        .allowed(dedicated)
        .map_err(CreatePublicipFailure::BandwidthRule)?;
    let size = bandwidths::checked_size(dedicated, charge_mode, bandwidth.size)
        .map_err(CreatePublicipFailure::BandwidthRule)?;

    let mut store = app.store();
    let quota = app.config().publicip_quota;
    if store.project(&path.project_id).publicips.len() >= quota {
        return Err(CreatePublicipFailure::QuotaReached { quota }.into());
    }
    let address = match body.publicip.ip_address {
        Some(address) if store.addresses_in_use.contains(&address) => {
            return Err(CreatePublicipFailure::AddressInUse { address }.into());
        }
        Some(address) => address,
        None => cidr::hosts(pool)
            .find(|a| !store.addresses_in_use.contains(a))
            .ok_or(CreatePublicipFailure::PoolExhausted { pool })?,
    };
    store.addresses_in_use.insert(address);
    let mut publicip = Publicip {
        id: app.new_id(),
        kind: match body.publicip.line {
            Line::Bgp => "5_bgp",
            Line::StaticBgp => "5_sbgp",
        }
        .to_owned(),
        address,
        port_id: None,
        bandwidth_id: String::new(),
        enterprise_project_id: EnterpriseProjectId::or_default(body.enterprise_project_id),
        created_at: Timestamp::now(),
    };
    let bandwidth = bandwidths::dedicated(&app, &mut publicip, bandwidth.name.0, size, charge_mode);
    // The cloud answers a creation with fewer fields than a show.
    let response = crate::ok(&Created {
        publicip: CreatedView {
            id: &publicip.id,
            status: status(&publicip),
            kind: &publicip.kind,
            public_ip_address: publicip.address.to_string(),
            tenant_id: &path.project_id,
            ip_version: 4,
            bandwidth_size: bandwidth.size,
            create_time: publicip.created_at.spaced(),
            enterprise_project_id: &publicip.enterprise_project_id,
        },
    });
    let project = store.project(&path.project_id);
    project.publicips.push(publicip);
    project.bandwidths.push(bandwidth);
    Ok(response)
}

/// `GET /v1/{project_id}/publicips/{publicip_id}`: `200 {"publicip": {...}}`.
pub async fn show(
    State(app): State<App>,
    _: Auth<ShowPublicipError>,
    Path(path, _): Path<ShowPublicipError, PublicipPath>,
) -> Result<Response, ApiError<ShowPublicipError>> {
    let mut store = app.store();
    let project = &*store.project(&path.project_id);
    let publicip = project
        .publicip(path.publicip_id.as_str())
        .ok_or(vpc_error!(ShowPublicip::PublicipNotFound))?;
    Ok(crate::ok(&One {
        publicip: View::new(publicip, project, &path.project_id),
    }))
}

/// `GET /v1/{project_id}/publicips[?limit=&marker=]`: `200 {"publicips": [...]}`,
/// oldest first. The catalogue's only query-parameter row for this operation is
/// `Invalid limit.`, so a bad marker answers it too: its code is the operation's
/// parameter error.
pub async fn list(
    State(app): State<App>,
    auth: Auth<ListPublicipsError>,
    params: Result<RawPathParams, RawPathParamsRejection>,
    Query(query, _): Query<ListPublicipsError, ListQuery>,
) -> Result<Response, ApiError<ListPublicipsError>> {
    // The table has no path row: a project that is not UTF-8 is simply not the caller's.
    if input::raw_param(&params, "project_id") != Some(auth.caller.project.as_str()) {
        return Err(vpc_error!(Common::TenantIdMismatch).into());
    }
    let project = auth.caller.project;
    let mut store = app.store();
    let resources = &*store.project(&project);
    let publicips = input::page::<ListPublicipsError, _>(
        &resources.publicips,
        query.limit,
        query.marker.as_deref(),
        |p| &p.id,
    )?
    .into_iter()
    .map(|publicip| View::new(publicip, resources, &project))
    .collect();
    Ok(crate::ok(&Many { publicips }))
}

/// `PUT /v1/{project_id}/publicips/{publicip_id}`: `200 {"publicip": {...}}`.
pub async fn update(
    State(app): State<App>,
    auth: Auth<UpdatePublicipError>,
    params: Result<RawPathParams, RawPathParamsRejection>,
    Json(body, _): Json<UpdatePublicipError, UpdatePublicipRequest>,
) -> Result<Response, ApiError<UpdatePublicipError>> {
    // The table has no path row: an id that is not UTF-8 names no EIP.
    let publicip_id = input::raw_param(&params, "publicip_id").unwrap_or_default();
    let port_id = body
        .publicip
        .port_id
        .and_then(|PortId(id)| id)
        .map(|Id(id)| id);
    let project = auth.caller.project;
    let mut store = app.store();
    let resources = store.project(&project);
    let project_publicips = &mut resources.publicips;
    let Some(index) = project_publicips.iter().position(|p| p.id == publicip_id) else {
        let publicip_id = publicip_id.to_owned();
        return Err(UpdatePublicipFailure::NotFound { publicip_id }.into());
    };
    if let Some(port_id) = &port_id {
        if let Some(bound) = &project_publicips[index].port_id {
            let port_id = bound.clone();
            return Err(UpdatePublicipFailure::AlreadyBound { port_id }.into());
        }
        if let Some(other) = project_publicips
            .iter()
            .find(|p| p.port_id.as_ref() == Some(port_id))
        {
            return Err(UpdatePublicipFailure::PortTaken {
                port_id: port_id.clone(),
                publicip_id: other.id.clone(),
            }
            .into());
        }
    }
    project_publicips[index].port_id = port_id;
    let resources = &*resources;
    Ok(crate::ok(&One {
        publicip: View::new(&resources.publicips[index], resources, &project),
    }))
}

/// `DELETE /v1/{project_id}/publicips/{publicip_id}`: `204`, once it is unbound.
pub async fn delete(
    State(app): State<App>,
    _: Auth<DeletePublicipError>,
    Path(path, _): Path<DeletePublicipError, PublicipPath>,
) -> Result<Response, ApiError<DeletePublicipError>> {
    let publicip_id = path.publicip_id.as_str();
    let mut store = app.store();
    let project = store.project(&path.project_id);
    let Some(index) = project.publicips.iter().position(|p| p.id == publicip_id) else {
        return Err(vpc_error!(DeletePublicip::PublicipNotFound).into());
    };
    if let Some(port_id) = &project.publicips[index].port_id {
        return Err(DeletePublicipFailure::Bound {
            publicip_id: publicip_id.to_owned(),
            port_id: port_id.clone(),
        }
        .into());
    }
    let publicip = project.publicips.remove(index);
    project.release_bandwidth(&publicip);
    store.addresses_in_use.remove(&publicip.address);
    Ok(crate::no_content())
}

/// `bound` or not.
fn status(publicip: &Publicip) -> &'static str {
    if publicip.port_id.is_some() {
        "ACTIVE"
    } else {
        "DOWN"
    }
}

/// An EIP as the API shows it.
#[derive(Serialize)]
struct View<'a> {
    id: &'a str,
    status: &'static str,
    #[serde(rename = "type")]
    kind: &'a str,
    public_ip_address: String,
    /// Absent while unbound, as in the cloud.
    #[serde(skip_serializing_if = "Option::is_none")]
    port_id: Option<&'a str>,
    tenant_id: &'a str,
    create_time: String,
    #[serde(flatten)]
    bandwidth: PublicipBandwidth<'a>,
    enterprise_project_id: &'a str,
    ip_version: u8,
}

impl<'a> View<'a> {
    fn new(publicip: &'a Publicip, project: &'a Project, tenant: &'a str) -> Self {
        View {
            id: &publicip.id,
            status: status(publicip),
            kind: &publicip.kind,
            public_ip_address: publicip.address.to_string(),
            port_id: publicip.port_id.as_deref(),
            tenant_id: tenant,
            create_time: publicip.created_at.spaced(),
            bandwidth: PublicipBandwidth::of(project, publicip),
            enterprise_project_id: &publicip.enterprise_project_id,
            ip_version: 4,
        }
    }
}

/// What `CreatePublicip` answers, a subset of [`View`].
#[derive(Serialize)]
struct CreatedView<'a> {
    id: &'a str,
    status: &'static str,
    #[serde(rename = "type")]
    kind: &'a str,
    public_ip_address: String,
    tenant_id: &'a str,
    ip_version: u8,
    bandwidth_size: u32,
    create_time: String,
    enterprise_project_id: &'a str,
}

/// `{"publicip": {...}}` for a creation.
#[derive(Serialize)]
struct Created<'a> {
    publicip: CreatedView<'a>,
}

/// `{"publicip": {...}}`.
#[derive(Serialize)]
struct One<'a> {
    publicip: View<'a>,
}

/// `{"publicips": [...]}`.
#[derive(Serialize)]
struct Many<'a> {
    publicips: Vec<View<'a>>,
}
