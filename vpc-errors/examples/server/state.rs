//! The in-memory store: every project's resources, the quotas, and the ids
//! and timestamps resources get.

use std::collections::{BTreeSet, HashMap};
use std::net::Ipv4Addr;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use ipnet::Ipv4Net;

use crate::bandwidths::Bandwidth;
use crate::config::Config;
use crate::privateips::Privateip;

/// The shared state handlers get: configuration, store and id source.
#[derive(Clone)]
pub struct App(Arc<Shared>);

struct Shared {
    config: Config,
    store: Mutex<Store>,
}

impl App {
    /// An empty cloud with these settings.
    pub fn new(config: Config) -> Self {
        App(Arc::new(Shared {
            config,
            store: Mutex::new(Store::default()),
        }))
    }

    /// The settings.
    pub fn config(&self) -> &Config {
        &self.0.config
    }

    /// The store, locked. Handlers hold it for a check-then-change and never across an
    /// `.await`, so one lock for everything is simple and never contended for long.
    pub fn store(&self) -> StoreGuard<'_> {
        // A poisoned lock means a handler panicked mid-change; the handlers do not panic,
        // and answering from the data as it stands beats failing every later request.
        StoreGuard(self.0.store.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// A fresh resource id: a random (version 4) UUID, as the cloud's ids are.
    #[allow(clippy::unused_self, reason = "ids may come from the state one day")]
    pub fn new_id(&self) -> String {
        uuid::Uuid::new_v4().to_string()
    }
}

/// The locked store. Unlocking it forgets the project the request looked at if it has no
/// resources (left): any project is accepted with a signature, so requests naming ever
/// new projects (reads, refused changes) would otherwise grow the store without end.
pub struct StoreGuard<'a>(MutexGuard<'a, Store>);

impl Deref for StoreGuard<'_> {
    type Target = Store;

    fn deref(&self) -> &Store {
        &self.0
    }
}

impl DerefMut for StoreGuard<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        &mut self.0
    }
}

impl Drop for StoreGuard<'_> {
    fn drop(&mut self) {
        let store = &mut *self.0;
        if let Some(name) = store.touched.take()
            && store.projects.get(&name).is_some_and(Project::is_empty)
        {
            store.projects.remove(&name);
        }
    }
}

/// Every project's resources, and the EIP addresses in use across all of them.
#[derive(Default)]
pub struct Store {
    /// Only projects with resources are kept (see [`StoreGuard`]).
    projects: HashMap<String, Project>,
    /// EIP addresses are unique across projects, like real public addresses.
    pub addresses_in_use: BTreeSet<Ipv4Addr>,
    /// The project this lock's holder asked for, if any.
    touched: Option<String>,
}

impl Store {
    /// `project`'s resources; a project nobody has used yet is empty.
    pub fn project(&mut self, project: &str) -> &mut Project {
        self.touched = Some(project.to_owned());
        self.projects.entry(project.to_owned()).or_default()
    }

    /// How many projects are kept.
    #[cfg(test)]
    pub fn project_count(&self) -> usize {
        self.projects.len()
    }
}

/// One project's resources, each list in creation order (the order lists answer in).
#[derive(Default)]
pub struct Project {
    /// VPCs.
    pub vpcs: Vec<Vpc>,
    /// Subnets of all its VPCs.
    pub subnets: Vec<Subnet>,
    /// EIPs.
    pub publicips: Vec<Publicip>,
    /// Security groups.
    pub security_groups: Vec<crate::securitygroups::SecurityGroup>,
    /// The rules of all its security groups, their default rules included.
    pub security_group_rules: Vec<crate::securitygroups::SecurityGroupRule>,
    /// Flow logs.
    pub flow_logs: Vec<crate::flowlogs::FlowLog>,
    /// Private IP addresses of its subnets.
    pub privateips: Vec<Privateip>,
    /// Bandwidths: the EIPs' dedicated ones and shared ones (`crate::bandwidths`).
    pub bandwidths: Vec<Bandwidth>,
}

impl Project {
    /// Whether it has no resources at all: then it is the same as a project never used.
    pub fn is_empty(&self) -> bool {
        self.vpcs.is_empty()
            && self.subnets.is_empty()
            && self.publicips.is_empty()
            && self.security_groups.is_empty()
            && self.security_group_rules.is_empty()
            && self.flow_logs.is_empty()
            && self.privateips.is_empty()
            && self.bandwidths.is_empty()
    }

    /// The VPC with this id.
    pub fn vpc(&self, id: &str) -> Option<&Vpc> {
        self.vpcs.iter().find(|v| v.id == id)
    }

    /// The subnet with this id.
    pub fn subnet(&self, id: &str) -> Option<&Subnet> {
        self.subnets.iter().find(|s| s.id == id)
    }

    /// The EIP with this id.
    pub fn publicip(&self, id: &str) -> Option<&Publicip> {
        self.publicips.iter().find(|p| p.id == id)
    }
}

/// A VPC.
pub struct Vpc {
    /// Its id, a UUID.
    pub id: String,
    /// Unique in its project (VPC.0115).
    pub name: String,
    /// Free text.
    pub description: String,
    /// The range its subnets must fall in.
    pub cidr: Ipv4Net,
    /// `"0"` (the default enterprise project) or an enterprise project's id.
    pub enterprise_project_id: String,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
}

/// A subnet of a VPC.
pub struct Subnet {
    /// Its id, a UUID; the cloud also calls it the subnet's `neutron_network_id`.
    pub id: String,
    /// The id of the Neutron subnet behind it, the cloud's `neutron_subnet_id`.
    pub neutron_subnet_id: String,
    /// Its name.
    pub name: String,
    /// Free text.
    pub description: String,
    /// Inside its VPC's, overlapping no other subnet of the VPC.
    pub cidr: Ipv4Net,
    /// A host address of `cidr`.
    pub gateway_ip: Ipv4Addr,
    /// The VPC it belongs to.
    pub vpc_id: String,
    /// Whether DHCP is on.
    pub dhcp_enable: bool,
    /// DNS servers handed out by DHCP.
    pub primary_dns: Option<Ipv4Addr>,
    /// The second DNS server.
    pub secondary_dns: Option<Ipv4Addr>,
    /// The availability zone, if the request named one.
    pub availability_zone: Option<String>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
}

/// An EIP.
pub struct Publicip {
    /// Its id, a UUID.
    pub id: String,
    /// The line, e.g. `5_bgp`.
    pub kind: String,
    /// From the configured pool, unique across projects.
    pub address: Ipv4Addr,
    /// The port it is bound to, if any.
    pub port_id: Option<String>,
    /// The bandwidth it is in: its dedicated one, or a shared one (`crate::bandwidths`).
    pub bandwidth_id: String,
    /// `"0"` or an enterprise project's id.
    pub enterprise_project_id: String,
    /// When it was created.
    pub created_at: Timestamp,
}

/// A moment, to the second, rendered in the two forms the API uses (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp(jiff::Timestamp);

impl Timestamp {
    /// Now, to the second: the API shows no fractions.
    pub fn now() -> Self {
        let now = jiff::Timestamp::now();
        Timestamp(jiff::Timestamp::from_second(now.as_second()).unwrap_or(now))
    }

    /// `2026-11-27T04:17:21`, as VPCs' and subnets' `created_at` and `updated_at`.
    pub fn iso(self) -> String {
        self.0.strftime("%Y-%m-%dT%H:%M:%S").to_string()
    }

    /// `2026-11-27 04:17:21`, as EIPs' `create_time`.
    pub fn spaced(self) -> String {
        self.0.strftime("%Y-%m-%d %H:%M:%S").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_render_in_utc() {
        let at = |second| Timestamp(jiff::Timestamp::from_second(second).unwrap());
        assert_eq!(at(0).iso(), "1970-01-01T00:00:00");
        assert_eq!(at(951_782_400).spaced(), "2000-02-29 00:00:00");
        assert_eq!(at(1_709_251_199).iso(), "2024-02-29T23:59:59");
        assert_eq!(at(4_102_444_800 + 3661).spaced(), "2100-01-01 01:01:01");
        let now = Timestamp::now().iso();
        assert_eq!((now.len(), &now[10..11]), (19, "T"), "{now}");
    }

    #[test]
    fn ids_are_distinct_lower_case_v4_uuids() {
        let app = App::new(Config::default());
        let all: BTreeSet<String> = (0..1000).map(|_| app.new_id()).collect();
        assert_eq!(all.len(), 1000);
        for id in &all {
            assert!(crate::input::Id::parse(id).is_some(), "{id}");
            assert_eq!(&id[14..15], "4");
        }
    }
}
