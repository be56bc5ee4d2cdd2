//! `ShowNetworkIpAvailabilities`: how many of a network's addresses are in use.
//!
//! A network is a subnet as the cloud's Neutron API sees it (the subnet's id is its
//! `neutron_network_id`), with one IPv4 Neutron subnet. The totals leave out the addresses
//! the system reserves (network, gateway, broadcast and the two it keeps for itself, see
//! `privateips.rs`), as the cloud's do; the used ones are the private IPs allocated.

use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use vpc_errors::extract::Path;
use vpc_errors::{ShowNetworkIpAvailabilitiesError, VpcError};

use crate::auth::Auth;
use crate::errors::ApiError;
use crate::input::Id;
use crate::privateips;
use crate::state::App;

/// `ShowNetworkIpAvailabilities`' own failures.
#[derive(Debug, VpcError)]
#[vpc(operation = ShowNetworkIpAvailabilities)]
pub enum AvailabilityFailure {
    /// No subnet of the project has the id.
    #[vpc(name = NetworkNotFound)]
    NotFound {
        /// The id asked for, the message's `{network_id}`.
        network_id: String,
    },
}

/// The path: a network id that is not an id answers the `path` row (`VPC.2301`).
#[derive(Debug, Deserialize)]
pub struct NetworkPath {
    network_id: Id,
}

/// `GET /v2.0/network-ip-availabilities/{network_id}`:
/// `200 {"network_ip_availability": {...}}`. The path has no project: the network is
/// looked for among the caller's.
pub async fn show(
    State(app): State<App>,
    auth: Auth<ShowNetworkIpAvailabilitiesError>,
    Path(path, _): Path<ShowNetworkIpAvailabilitiesError, NetworkPath>,
) -> Result<Response, ApiError<ShowNetworkIpAvailabilitiesError>> {
    let caller = auth.caller;
    let mut store = app.store();
    let project = store.project(&caller.project);
    let Some(subnet) = project.subnet(path.network_id.as_str()) else {
        return Err(AvailabilityFailure::NotFound {
            network_id: path.network_id.0,
        }
        .into());
    };
    let total_ips = privateips::capacity(subnet);
    let used_ips = project
        .privateips
        .iter()
        .filter(|p| p.subnet_id == subnet.id)
        .count();
    Ok(crate::ok(&Body {
        network_ip_availability: Totals {
            network_id: &subnet.id,
            network_name: &subnet.name,
            tenant_id: &caller.project,
            total_ips,
            used_ips,
            subnet_ip_availability: [SubnetAvailability {
                used_ips,
                subnet_id: &subnet.neutron_subnet_id,
                subnet_name: &subnet.name,
                ip_version: 4,
                cidr: subnet.cidr.to_string(),
                total_ips,
            }],
        },
    }))
}

/// `{"network_ip_availability": {...}}`.
#[derive(Serialize)]
struct Body<'a> {
    network_ip_availability: Totals<'a>,
}

/// A network's totals, and its subnets'.
#[derive(Serialize)]
struct Totals<'a> {
    network_id: &'a str,
    network_name: &'a str,
    tenant_id: &'a str,
    total_ips: usize,
    used_ips: usize,
    /// One: every subnet here is a single IPv4 Neutron subnet.
    subnet_ip_availability: [SubnetAvailability<'a>; 1],
}

/// One Neutron subnet's totals.
#[derive(Serialize)]
struct SubnetAvailability<'a> {
    used_ips: usize,
    subnet_id: &'a str,
    subnet_name: &'a str,
    ip_version: u8,
    cidr: String,
    total_ips: usize,
}
