//! EIPs: `CreatePublicip`, `ShowPublicip`, `ListPublicips`, `UpdatePublicip` (binding
//! to a port and unbinding) and `DeletePublicip`.
//!
//! Ports are not modelled: any id of the right shape is a port, and an EIP's binding is
//! only its `port_id`. What is checked is what the catalogue has errors for: one port per
//! EIP, one EIP per port (in the project), no deleting a bound EIP.

use std::net::Ipv4Addr;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Serialize;
use vpc_errors::{
    CreatePublicipError, DeletePublicipError, ListPublicipsError, ShowPublicipError,
    UpdatePublicipError, VpcError, vpc_error,
};

use crate::auth::{Access, Credentials};
use crate::bandwidths::{self, ChargeMode, PublicipBandwidth, ShareType};
use crate::cidr::Cidr;
use crate::errors::{ApiError, api_errors};
use crate::input::{self, BadInput, Object, PathIds};
use crate::state::{App, Project, Publicip, Timestamp};

/// The EIP lines accepted in `publicip.type`: dynamic and static BGP, found in every
/// region.
const TYPES: [&str; 2] = ["5_bgp", "5_sbgp"];

/// `CreatePublicip`'s own failures.
#[derive(Debug, VpcError)]
#[vpc(operation = CreatePublicip)]
pub enum CreatePublicipFailure {
    /// A malformed body or a bad `publicip` field: `VPC.0501` is the EIP parameter error
    /// (its only row here happens to mention `share_type`).
    #[vpc(name = PublicipParamInvalid)]
    Invalid(#[from] BadInput),
    /// A bad `bandwidth` field: the bandwidth parameter error, `VPC.0301`.
    #[vpc(name = BandwidthParamInvalid)]
    BadBandwidth(#[source] BadInput),
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
        pool: Cidr,
    },
}

/// `UpdatePublicip`'s own failures.
#[derive(Debug, VpcError)]
#[vpc(operation = UpdatePublicip)]
pub enum UpdatePublicipFailure {
    /// A malformed body or `port_id`: the operation's only parameter row.
    #[vpc(name = PortIdInvalid)]
    Invalid(#[from] BadInput),
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

api_errors! {
    CreatePublicipError => CreatePublicipError,
    CreatePublicipFailure => CreatePublicipError,
    ShowPublicipError => ShowPublicipError,
    ListPublicipsError => ListPublicipsError,
    UpdatePublicipError => UpdatePublicipError,
    UpdatePublicipFailure => UpdatePublicipError,
    DeletePublicipError => DeletePublicipError,
    DeletePublicipFailure => DeletePublicipError,
}

/// `POST /v1/{project_id}/publicips` with `{"publicip": {"type", "ip_version"?,
/// "ip_address"?}, "bandwidth": {"name", "size", "share_type": "PER",
/// "charge_mode"?}, "enterprise_project_id"?}`: `200 {"publicip": {...}}`.
pub async fn create(
    State(app): State<App>,
    credentials: Credentials,
    ids: PathIds,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError<CreatePublicipError>> {
    let caller = credentials.authorize(&app, ids.project(), Access::Write)?;
    let body = input::json(body).map_err(CreatePublicipFailure::Invalid)?;
    let pool = app.config().publicip_pool;
    let new = NewPublicip::read(Object::new(&body), pool)?;

    let mut store = app.store();
    let quota = app.config().publicip_quota;
    if store.project(&caller.project).publicips.len() >= quota {
        return Err(CreatePublicipFailure::QuotaReached { quota }.into());
    }
    let address = match new.address {
        Some(address) if store.addresses_in_use.contains(&address) => {
            return Err(CreatePublicipFailure::AddressInUse { address }.into());
        }
        Some(address) => address,
        None => pool
            .hosts()
            .find(|a| !store.addresses_in_use.contains(a))
            .ok_or(CreatePublicipFailure::PoolExhausted { pool })?,
    };
    store.addresses_in_use.insert(address);
    let mut publicip = Publicip {
        id: app.new_id(),
        kind: new.kind,
        address,
        port_id: None,
        bandwidth_id: String::new(),
        enterprise_project_id: new.enterprise_project_id,
        created_at: Timestamp::now(),
    };
    let bandwidth = bandwidths::dedicated(
        &app,
        &mut publicip,
        new.bandwidth_name,
        new.bandwidth_size,
        new.charge_mode,
    );
    // The cloud answers a creation with fewer fields than a show.
    let response = crate::ok(&Created {
        publicip: CreatedView {
            id: &publicip.id,
            status: status(&publicip),
            kind: &publicip.kind,
            public_ip_address: publicip.address.to_string(),
            tenant_id: &caller.project,
            ip_version: 4,
            bandwidth_size: bandwidth.size,
            create_time: publicip.created_at.spaced(),
            enterprise_project_id: &publicip.enterprise_project_id,
        },
    });
    let project = store.project(&caller.project);
    project.publicips.push(publicip);
    project.bandwidths.push(bandwidth);
    Ok(response)
}

/// `GET /v1/{project_id}/publicips/{publicip_id}`: `200 {"publicip": {...}}`.
pub async fn show(
    State(app): State<App>,
    credentials: Credentials,
    ids: PathIds,
) -> Result<Response, ApiError<ShowPublicipError>> {
    let caller = credentials.authorize(&app, ids.project(), Access::Read)?;
    let publicip_id = ids.id(0);
    if !input::is_uuid(publicip_id) {
        return Err(vpc_error!(ShowPublicip::PublicipIdInvalid).into());
    }
    let mut store = app.store();
    let project = &*store.project(&caller.project);
    let publicip = project
        .publicip(publicip_id)
        .ok_or(vpc_error!(ShowPublicip::PublicipNotFound))?;
    Ok(crate::ok(&One {
        publicip: View::new(publicip, project, &caller.project),
    }))
}

/// `GET /v1/{project_id}/publicips[?limit=&marker=]`: `200 {"publicips": [...]}`,
/// oldest first.
pub async fn list(
    State(app): State<App>,
    credentials: Credentials,
    ids: PathIds,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError<ListPublicipsError>> {
    let caller = credentials.authorize(&app, ids.project(), Access::Read)?;
    // The catalogue's only query-parameter row for this operation is `Invalid limit.`,
    // so a bad marker answers it too: its code is the operation's parameter error.
    let bad_query = |_: BadInput| vpc_error!(ListPublicips::LimitInvalid);
    let paging = input::params(query)
        .and_then(|params| params.paging())
        .map_err(bad_query)?;
    let mut store = app.store();
    let project = &*store.project(&caller.project);
    let publicips = paging
        .page(&project.publicips, |p| &p.id)
        .map_err(bad_query)?
        .into_iter()
        .map(|publicip| View::new(publicip, project, &caller.project))
        .collect();
    Ok(crate::ok(&Many { publicips }))
}

/// `PUT /v1/{project_id}/publicips/{publicip_id}` with `{"publicip": {"port_id":
/// "<port>"}}` to bind, `{"publicip": {}}` (or `port_id` `null` or `""`) to unbind:
/// `200 {"publicip": {...}}`.
pub async fn update(
    State(app): State<App>,
    credentials: Credentials,
    ids: PathIds,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError<UpdatePublicipError>> {
    let caller = credentials.authorize(&app, ids.project(), Access::Write)?;
    let publicip_id = ids.id(0);
    let body = input::json(body).map_err(UpdatePublicipFailure::Invalid)?;
    let port_id = port_id(Object::new(&body)).map_err(UpdatePublicipFailure::Invalid)?;

    let mut store = app.store();
    let project = store.project(&caller.project);
    let Some(index) = project.publicips.iter().position(|p| p.id == publicip_id) else {
        return Err(UpdatePublicipFailure::NotFound {
            publicip_id: publicip_id.to_owned(),
        }
        .into());
    };
    if let Some(port_id) = &port_id {
        if let Some(bound) = &project.publicips[index].port_id {
            return Err(UpdatePublicipFailure::AlreadyBound {
                port_id: bound.clone(),
            }
            .into());
        }
        if let Some(other) = project
            .publicips
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
    project.publicips[index].port_id = port_id;
    let project = &*project;
    Ok(crate::ok(&One {
        publicip: View::new(&project.publicips[index], project, &caller.project),
    }))
}

/// `DELETE /v1/{project_id}/publicips/{publicip_id}`: `204`, once it is unbound.
pub async fn delete(
    State(app): State<App>,
    credentials: Credentials,
    ids: PathIds,
) -> Result<Response, ApiError<DeletePublicipError>> {
    let caller = credentials.authorize(&app, ids.project(), Access::Write)?;
    let publicip_id = ids.id(0);
    if !input::is_uuid(publicip_id) {
        return Err(vpc_error!(DeletePublicip::InvalidParam).into());
    }
    let mut store = app.store();
    let project = store.project(&caller.project);
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

/// The port an `UpdatePublicip` body binds to; `None` unbinds.
fn port_id(body: Object<'_>) -> Result<Option<String>, BadInput> {
    match body.object("publicip")?.opt_string("port_id")? {
        None | Some("") => Ok(None),
        Some(id) if input::is_uuid(id) => Ok(Some(id.to_owned())),
        Some(_) => Err(BadInput::breaks("port_id", "a port id")),
    }
}

/// A `CreatePublicip` body.
struct NewPublicip {
    kind: String,
    address: Option<Ipv4Addr>,
    bandwidth_name: String,
    bandwidth_size: u32,
    charge_mode: ChargeMode,
    enterprise_project_id: String,
}

impl NewPublicip {
    fn read(body: Object<'_>, pool: Cidr) -> Result<Self, CreatePublicipFailure> {
        let publicip = body.object("publicip")?;
        let kind = publicip.string("type")?;
        if !TYPES.contains(&kind) {
            return Err(BadInput::breaks("type", "5_bgp or 5_sbgp").into());
        }
        publicip.opt_integer("ip_version", 4..=4, "4 (IPv6 is not modelled)")?;
        let address = match publicip.opt_string("ip_address")? {
            Some(text) => {
                let address = input::ipv4("ip_address", text)?;
                if !pool.is_host(address) {
                    return Err(BadInput::breaks("ip_address", "a host address of the pool").into());
                }
                Some(address)
            }
            None => None,
        };
        let enterprise_project_id = input::enterprise_project_id(
            "enterprise_project_id",
            body.opt_string("enterprise_project_id")?,
        )?;
        let (bandwidth_name, bandwidth_size, charge_mode) =
            bandwidth(body).map_err(CreatePublicipFailure::BadBandwidth)?;
        Ok(NewPublicip {
            kind: kind.to_owned(),
            address,
            bandwidth_name,
            bandwidth_size,
            charge_mode,
            enterprise_project_id,
        })
    }
}

/// The `bandwidth` of a `CreatePublicip` body: a dedicated (`PER`) one of 1 to 2000
/// Mbit/s, its name, size and charge mode. Creating an EIP straight into a shared
/// bandwidth (`WHOLE`) is not modelled (`AddPublicipsIntoSharedBandwidth` moves it there);
/// billing is not modelled either.
fn bandwidth(body: Object<'_>) -> Result<(String, u32, ChargeMode), BadInput> {
    let bandwidth = body.object("bandwidth")?;
    let name = input::name("name", bandwidth.string("name")?)?;
    let size = bandwidth
        .opt_integer("size", 1..=2000, "1 to 2000 (Mbit/s)")?
        .ok_or(BadInput::breaks("size", "given"))?;
    if bandwidth.string("share_type")? != "PER" {
        return Err(BadInput::breaks("share_type", "PER"));
    }
    let charge_mode = ChargeMode::read(ShareType::Dedicated, bandwidth.opt_string("charge_mode")?)?;
    // In 1..=2000, so it fits.
    let size = u32::try_from(size).unwrap_or(2000);
    Ok((name, size, charge_mode))
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
