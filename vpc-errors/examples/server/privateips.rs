//! Private IP addresses: `CreatePrivateip`, `ShowPrivateip`, `ListPrivateips` and
//! `DeletePrivateip`.
//!
//! A private IP is an address of a subnet held for later use (a virtual IP, an ECS's
//! second address). Its id is also a port id: binding an EIP to it (`UpdatePublicip` with
//! `port_id` set to the private IP's id) puts it in use, and it cannot be deleted then.
//!
//! A subnet's addresses are its range less the reserved ones, as in the cloud: the network
//! and broadcast addresses, the gateway, and the two highest host addresses (the cloud's
//! system interface and DHCP server). A `/24` thus holds 251 private IPs.

use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use axum::extract::rejection::RawPathParamsRejection;
use axum::extract::{RawPathParams, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use vpc_errors::extract::{Json, Path, Query};
use vpc_errors::{
    CreatePrivateipError, DeletePrivateipError, ListPrivateipsError, ShowPrivateipError, VpcError,
    vpc_error,
};

use crate::auth::Auth;
use crate::cidr;
use crate::errors::ApiError;
use crate::gateway;
use crate::input::{self, Id, ListQuery};
use crate::state::{App, Project, Subnet};

/// A private IP address of a subnet.
pub struct Privateip {
    /// Its id, a UUID: the id of the port holding the address.
    pub id: String,
    /// The subnet it is in (the subnet's id, the cloud's `neutron_network_id`).
    pub subnet_id: String,
    /// The address.
    pub address: Ipv4Addr,
}

/// Who holds `address`, a host address of `subnet`, before any private IP does: the
/// gateway, or the cloud's system interface and DHCP server on the two highest host
/// addresses.
fn reserved(subnet: &Subnet, address: Ipv4Addr) -> Option<Holder> {
    let from_top = u32::from(subnet.cidr.broadcast()).wrapping_sub(u32::from(address));
    if address == subnet.gateway_ip {
        Some(Holder::Gateway)
    } else if from_top == 1 || from_top == 2 {
        Some(Holder::System)
    } else {
        None
    }
}

/// The addresses of `subnet` a private IP may have, lowest first.
pub fn assignable(subnet: &Subnet) -> impl Iterator<Item = Ipv4Addr> + '_ {
    cidr::hosts(subnet.cidr).filter(|&address| reserved(subnet, address).is_none())
}

/// How many of `subnet`'s addresses private IPs may have.
pub fn capacity(subnet: &Subnet) -> usize {
    assignable(subnet).count()
}

/// `CreatePrivateip`'s failures, each about one of the request's `privateips`.
#[derive(Debug, VpcError)]
#[vpc(operation = CreatePrivateip)]
pub enum CreatePrivateipFailure {
    /// No subnet of the project has the id (or it is not an id).
    #[vpc(name = SubnetNotFound)]
    NoSubnet {
        /// The id asked for.
        subnet_id: String,
    },
    /// The address is not an IPv4 address, or not one of the subnet's hosts.
    #[vpc(name = PrivateipNotInSubnet)]
    NotInSubnet {
        /// The address asked for, as sent.
        ip_address: String,
        /// The subnet's range.
        cidr: String,
    },
    /// The address is the gateway's, the system's, or another private IP's (possibly one
    /// earlier in the same request).
    #[vpc(name = PrivateipAlreadyUsed)]
    Taken {
        /// The address asked for.
        ip_address: Ipv4Addr,
        /// Who has it.
        by: Holder,
    },
    /// The subnet has no address left.
    #[vpc(name = IpAddressesExhausted)]
    Exhausted {
        /// The subnet, the message's `{network_id}`.
        network_id: String,
    },
}

/// Who holds an address a request asked for.
#[derive(Debug)]
pub enum Holder {
    /// The subnet's gateway.
    Gateway,
    /// The cloud's system interface or DHCP server.
    System,
    /// A private IP, by id; `None` for one earlier in the same request.
    Privateip(Option<String>),
}

/// `DeletePrivateip`'s own failures.
#[derive(Debug, VpcError)]
#[vpc(operation = DeletePrivateip)]
pub enum DeletePrivateipFailure {
    /// No private IP of the project has the id.
    #[vpc(name = PrivateipNotFound)]
    NotFound {
        /// The id asked for.
        privateip_id: String,
    },
    /// An EIP is bound to it.
    #[vpc(name = PrivateipInUse)]
    InUse {
        /// The private IP.
        privateip_id: String,
        /// The EIP bound to it.
        publicip_id: String,
    },
}

/// A `CreatePrivateip` body.
#[derive(Deserialize)]
pub struct CreateBody {
    privateips: Vec<NewPrivateip>,
}

/// One address asked for.
#[derive(Deserialize)]
pub struct NewPrivateip {
    subnet_id: String,
    /// Absent or `null`: the lowest free address.
    ip_address: Option<String>,
}

/// `POST /v1/{project_id}/privateips` with `{"privateips": [{"subnet_id",
/// "ip_address"?}, ...]}`: `200 {"privateips": [...]}`, in the request's order. All or
/// nothing: one address that cannot be had refuses the request.
///
/// The catalogue has no parameter row for this operation, so a body that is not of this
/// shape (not JSON, no `privateips`, an empty list, a field of the wrong type) answers the
/// API gateway's `APIGW.0201`, as a request the gateway's validation refuses.
pub async fn create(
    State(app): State<App>,
    auth: Auth<CreatePrivateipError>,
    Json(request, _): Json<gateway::CommonError, CreateBody>,
) -> Result<Response, ApiError<CreatePrivateipError>> {
    if request.privateips.is_empty() {
        return Err(gateway::bad_request("no privateips"));
    }
    assign(&app, &auth.caller.project, request)
}

/// The private IPs `request` asks for, all or none.
fn assign(
    app: &App,
    project_id: &str,
    request: CreateBody,
) -> Result<Response, ApiError<CreatePrivateipError>> {
    let mut store = app.store();
    let project = store.project(project_id);
    let chosen = choose(project, &request.privateips)?;
    let created: Vec<Privateip> = request
        .privateips
        .into_iter()
        .zip(chosen)
        .map(|(new, address)| Privateip {
            id: app.new_id(),
            subnet_id: new.subnet_id,
            address,
        })
        .collect();
    let response = crate::ok(&Many {
        privateips: created
            .iter()
            .map(|ip| View::new(ip, project, project_id))
            .collect(),
    });
    project.privateips.extend(created);
    Ok(response)
}

/// The address each of `wanted` gets, or the first reason one cannot be had. The addresses
/// named are placed first, so that one left to choose never takes an address a later
/// entry names.
fn choose(
    project: &Project,
    wanted: &[NewPrivateip],
) -> Result<Vec<Ipv4Addr>, CreatePrivateipFailure> {
    let mut subnets = Vec::with_capacity(wanted.len());
    for new in wanted {
        let subnet =
            project
                .subnet(&new.subnet_id)
                .ok_or_else(|| CreatePrivateipFailure::NoSubnet {
                    subnet_id: new.subnet_id.clone(),
                })?;
        subnets.push(subnet);
    }
    let mut taken: BTreeSet<Ipv4Addr> = BTreeSet::new();
    let mut chosen = vec![None; wanted.len()];
    for (i, (new, subnet)) in wanted.iter().zip(&subnets).enumerate() {
        let Some(text) = &new.ip_address else {
            continue;
        };
        let not_in_subnet = || CreatePrivateipFailure::NotInSubnet {
            ip_address: text.clone(),
            cidr: subnet.cidr.to_string(),
        };
        let address: Ipv4Addr = text.parse().map_err(|_| not_in_subnet())?;
        if !cidr::is_host(subnet.cidr, address) {
            return Err(not_in_subnet());
        }
        let holder = reserved(subnet, address).or_else(|| {
            if taken.contains(&address) {
                return Some(Holder::Privateip(None));
            }
            project
                .privateips
                .iter()
                .find(|p| p.subnet_id == subnet.id && p.address == address)
                .map(|other| Holder::Privateip(Some(other.id.clone())))
        });
        if let Some(by) = holder {
            return Err(CreatePrivateipFailure::Taken {
                ip_address: address,
                by,
            });
        }
        taken.insert(address);
        chosen[i] = Some(address);
    }
    for (i, subnet) in subnets.iter().enumerate() {
        if chosen[i].is_some() {
            continue;
        }
        let free = assignable(subnet).find(|a| {
            !taken.contains(a)
                && !project
                    .privateips
                    .iter()
                    .any(|p| p.subnet_id == subnet.id && p.address == *a)
        });
        let Some(address) = free else {
            return Err(CreatePrivateipFailure::Exhausted {
                network_id: subnet.id.clone(),
            });
        };
        taken.insert(address);
        chosen[i] = Some(address);
    }
    Ok(chosen.into_iter().flatten().collect())
}

/// `GET /v1/{project_id}/privateips/{privateip_id}`: `200 {"privateip": {...}}`.
///
/// The table has no row for a malformed id: it names no private IP, so it answers the
/// not-found row.
pub async fn show(
    State(app): State<App>,
    auth: Auth<ShowPrivateipError>,
    params: Result<RawPathParams, RawPathParamsRejection>,
) -> Result<Response, ApiError<ShowPrivateipError>> {
    let id = input::raw_param(&params, "privateip_id").unwrap_or_default();
    let caller = auth.caller;
    let mut store = app.store();
    let project = store.project(&caller.project);
    let privateip = project
        .privateips
        .iter()
        .find(|p| p.id == id)
        .ok_or(vpc_error!(ShowPrivateip::PrivateipNotFound))?;
    Ok(crate::ok(&One {
        privateip: View::new(privateip, project, &caller.project),
    }))
}

/// `GET /v1/{project_id}/subnets/{subnet_id}/privateips[?limit=&marker=]`:
/// `200 {"privateips": [...]}`, oldest first. The table's one row answers a malformed or
/// unknown subnet id as well as a bad query.
pub async fn list(
    State(app): State<App>,
    _: Auth<ListPrivateipsError>,
    Path(path, _): Path<ListPrivateipsError, SubnetPath>,
    Query(query, _): Query<ListPrivateipsError, ListQuery>,
) -> Result<Response, ApiError<ListPrivateipsError>> {
    let mut store = app.store();
    let project = store.project(&path.project_id);
    let subnet_id = path.subnet_id.as_str();
    if project.subnet(subnet_id).is_none() {
        return Err(vpc_error!(ListPrivateips::PrivateipListQueryInvalid).into());
    }
    let in_subnet = project
        .privateips
        .iter()
        .filter(|p| p.subnet_id == subnet_id);
    let privateips = input::page::<ListPrivateipsError, _>(
        in_subnet,
        query.limit,
        query.marker.as_deref(),
        |p| &p.id,
    )?
    .into_iter()
    .map(|ip| View::new(ip, project, &path.project_id))
    .collect();
    Ok(crate::ok(&Many { privateips }))
}

/// `DELETE /v1/{project_id}/privateips/{privateip_id}`: `204`, once no EIP is bound to it.
pub async fn delete(
    State(app): State<App>,
    auth: Auth<DeletePrivateipError>,
    params: Result<RawPathParams, RawPathParamsRejection>,
) -> Result<Response, ApiError<DeletePrivateipError>> {
    let id = input::raw_param(&params, "privateip_id").unwrap_or_default();
    let mut store = app.store();
    let project = store.project(&auth.caller.project);
    let Some(index) = project.privateips.iter().position(|p| p.id == id) else {
        return Err(DeletePrivateipFailure::NotFound {
            privateip_id: id.to_owned(),
        }
        .into());
    };
    if let Some(eip) = bound_eip(project, id) {
        return Err(DeletePrivateipFailure::InUse {
            publicip_id: eip.to_owned(),
            privateip_id: id.to_owned(),
        }
        .into());
    }
    project.privateips.remove(index);
    Ok(crate::no_content())
}

/// The id of the EIP bound to the private IP `id`, if any.
fn bound_eip<'a>(project: &'a Project, id: &str) -> Option<&'a str> {
    project
        .publicips
        .iter()
        .find(|eip| eip.port_id.as_deref() == Some(id))
        .map(|eip| eip.id.as_str())
}

/// `/v1/{project_id}/subnets/{subnet_id}/privateips`.
#[derive(Debug, Deserialize)]
pub struct SubnetPath {
    project_id: String,
    subnet_id: Id,
}

/// A private IP as the API shows it.
#[derive(Serialize)]
struct View<'a> {
    /// `ACTIVE` with an EIP bound to it, else `DOWN`.
    status: &'static str,
    id: &'a str,
    subnet_id: &'a str,
    tenant_id: &'a str,
    /// Empty: no server or service uses it here.
    device_owner: &'static str,
    ip_address: String,
}

impl<'a> View<'a> {
    fn new(ip: &'a Privateip, project: &Project, tenant: &'a str) -> Self {
        View {
            status: if bound_eip(project, &ip.id).is_some() {
                "ACTIVE"
            } else {
                "DOWN"
            },
            id: &ip.id,
            subnet_id: &ip.subnet_id,
            tenant_id: tenant,
            device_owner: "",
            ip_address: ip.address.to_string(),
        }
    }
}

/// `{"privateip": {...}}`.
#[derive(Serialize)]
struct One<'a> {
    privateip: View<'a>,
}

/// `{"privateips": [...]}`.
#[derive(Serialize)]
struct Many<'a> {
    privateips: Vec<View<'a>>,
}
