//! The in-memory store: every project's VPCs, subnets and EIPs, the quotas, and the ids
//! and timestamps resources get.

use std::collections::hash_map::RandomState;
use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasher, Hasher};
use std::net::Ipv4Addr;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::cidr::Cidr;
use crate::config::Config;
use crate::privateips::Privateip;

/// The shared state handlers get: configuration, store and id source.
#[derive(Clone)]
pub struct App(Arc<Shared>);

struct Shared {
    config: Config,
    store: Mutex<Store>,
    ids: Ids,
}

impl App {
    /// An empty cloud with these settings.
    pub fn new(config: Config) -> Self {
        App(Arc::new(Shared {
            config,
            store: Mutex::new(Store::default()),
            ids: Ids::new(),
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

    /// A fresh resource id.
    pub fn new_id(&self) -> String {
        self.0.ids.next()
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
    /// Private IP addresses of its subnets.
    pub privateips: Vec<Privateip>,
}

impl Project {
    /// Whether it has no resources at all: then it is the same as a project never used.
    pub fn is_empty(&self) -> bool {
        self.vpcs.is_empty()
            && self.subnets.is_empty()
            && self.publicips.is_empty()
            && self.privateips.is_empty()
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
    pub cidr: Cidr,
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
    pub cidr: Cidr,
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
    /// Its dedicated bandwidth.
    pub bandwidth: Bandwidth,
    /// `"0"` or an enterprise project's id.
    pub enterprise_project_id: String,
    /// When it was created.
    pub created_at: Timestamp,
}

/// An EIP's dedicated (`PER`) bandwidth.
pub struct Bandwidth {
    /// Its id, a UUID.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Mbit/s.
    pub size: u32,
}

/// Unique ids in the UUID v4 shape the cloud uses.
///
/// An id is a counter run through a keyed bijection (the finaliser of the `SplitMix` generator), so two ids
/// never repeat within a run and successive ones look unrelated, without a random-number
/// crate: the key comes from std's randomly seeded hasher.
struct Ids {
    key: u64,
    next: AtomicU64,
}

impl Ids {
    fn new() -> Self {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u128(
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        Ids {
            key: hasher.finish(),
            next: AtomicU64::new(0),
        }
    }

    fn next(&self) -> String {
        let n = self.next.fetch_add(2, Ordering::Relaxed);
        let high = mix(self.key ^ n);
        let low = mix(self.key ^ (n + 1));
        // Version 4 and the RFC 4122 variant, as in the cloud's ids.
        let high = (high & !0xf000) | 0x4000;
        let low = (low & !(0b11 << 62)) | (0b10 << 62);
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            high >> 32,
            (high >> 16) & 0xffff,
            high & 0xffff,
            low >> 48,
            low & 0xffff_ffff_ffff
        )
    }
}

/// The output function of the `SplitMix` generator: a bijection on `u64` that scatters its input's bits.
const fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Seconds since the Unix epoch, rendered in the two forms the API uses (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp(u64);

impl Timestamp {
    /// Now.
    pub fn now() -> Self {
        Timestamp(
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
        )
    }

    /// `2024-05-01T12:30:00`, as VPCs' and subnets' `created_at` and `updated_at`.
    pub fn iso(self) -> String {
        let (date, time) = self.parts();
        format!("{date}T{time}")
    }

    /// `2024-05-01 12:30:00`, as EIPs' `create_time`.
    pub fn spaced(self) -> String {
        let (date, time) = self.parts();
        format!("{date} {time}")
    }

    fn parts(self) -> (String, String) {
        let (days, secs) = (self.0 / 86_400, self.0 % 86_400);
        let (year, month, day) = civil_from_days(days);
        (
            format!("{year:04}-{month:02}-{day:02}"),
            format!(
                "{:02}:{:02}:{:02}",
                secs / 3600,
                secs % 3600 / 60,
                secs % 60
            ),
        )
    }
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's
/// `civil_from_days`, for non-negative days).
const fn civil_from_days(days: u64) -> (u64, u64, u64) {
    // Shift the epoch to 0000-03-01 so leap days fall at the end of a year.
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + (month <= 2) as u64;
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_render_in_utc() {
        assert_eq!(Timestamp(0).iso(), "1970-01-01T00:00:00");
        assert_eq!(Timestamp(951_782_400).spaced(), "2000-02-29 00:00:00");
        assert_eq!(Timestamp(1_709_251_199).iso(), "2024-02-29T23:59:59");
        assert_eq!(Timestamp(1_735_689_600).iso(), "2025-01-01T00:00:00");
        assert_eq!(
            Timestamp(4_102_444_800 + 3661).spaced(),
            "2100-01-01 01:01:01"
        );
    }

    #[test]
    fn ids_are_distinct_uuids() {
        let ids = Ids::new();
        let all: BTreeSet<String> = (0..1000).map(|_| ids.next()).collect();
        assert_eq!(all.len(), 1000);
        for id in &all {
            assert!(crate::input::is_uuid(id), "{id}");
            assert_eq!(&id[14..15], "4");
            assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "{id}");
        }
    }
}
