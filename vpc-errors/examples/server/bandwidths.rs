//! Bandwidths: `ShowBandwidth`, `ListBandwidths` and `UpdateBandwidth` (`/v1`), and the
//! shared ones' `CreateSharedBandwidth`, `AddPublicipsIntoSharedBandwidth` and
//! `RemovePublicipsFromSharedBandwidth` (`/v2.0`).
//!
//! A bandwidth is a resource of its own, as in the cloud. Every EIP is in exactly one: its
//! dedicated (`PER`) bandwidth, created with it by `CreatePublicip` and deleted with it, or a
//! shared (`WHOLE`) one. Membership is the EIP's `bandwidth_id` and nothing else, so a
//! bandwidth's `publicip_info` is always read off the EIPs and cannot drift. Inserting an
//! EIP into a shared bandwidth deletes its dedicated one; removing it creates a new
//! dedicated one, with the charge mode and size the request gives. Shared bandwidths
//! count against the project's quota (`--shared-bandwidth-quota`, 5 by default as in the
//! cloud); none of the catalogue's operations deletes one.
//!
//! Sizes follow the cloud's default limits: dedicated 1 to 2000 Mbit/s billed by
//! bandwidth, 1 to 300 billed by traffic; shared 5 to 2000 (by bandwidth or `95peak_plus`);
//! above 300 Mbit/s in steps of 50, above 1000 in steps of 500.
//!
//! `CreateSharedBandwidth`'s table has a single row, its quota: a body it cannot use is
//! answered by the API gateway's parameter row (`APIGW.0201 API request error.`, or
//! `Request entity too large.` over the body limit; `gateway::bad_request`), a published
//! row every client decodes, rather than a row of another operation.

use axum::extract::rejection::RawPathParamsRejection;
use axum::extract::{RawPathParams, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use vpc_errors::extract::{Json, Path, Query};
use vpc_errors::{
    AddPublicipsIntoSharedBandwidthError, CreateSharedBandwidthError, ListBandwidthsError,
    RemovePublicipsFromSharedBandwidthError, ShowBandwidthError, UpdateBandwidthError, VpcError,
    vpc_error,
};

use crate::auth::Auth;
use crate::errors::ApiError;
use crate::gateway;
use crate::input::{self, Broken, EnterpriseProjectId, Id, Limit, Name};
use crate::state::{App, Project, Publicip, Timestamp};

/// A bandwidth: an EIP's dedicated one or a shared one.
pub struct Bandwidth {
    /// Its id, a UUID.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Mbit/s, within [`size_rule`] for its share type and charge mode.
    pub size: u32,
    /// Dedicated or shared.
    pub share_type: ShareType,
    /// How it is billed (billing itself is not modelled).
    pub charge_mode: ChargeMode,
    /// The cloud's `bandwidth_type`: `share` for a shared one, else the line of its EIP
    /// (`bgp`, `sbgp`).
    pub line: &'static str,
    /// `"0"` or an enterprise project's id.
    pub enterprise_project_id: String,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed (a rename, a resize, an EIP in or out).
    pub updated_at: Timestamp,
}

/// Whether a bandwidth is an EIP's own or shared by several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum ShareType {
    /// `PER`: one EIP's.
    #[serde(rename = "PER")]
    Dedicated,
    /// `WHOLE`: shared.
    #[serde(rename = "WHOLE")]
    Shared,
}

impl ShareType {
    const fn as_str(self) -> &'static str {
        match self {
            ShareType::Dedicated => "PER",
            ShareType::Shared => "WHOLE",
        }
    }
}

/// How a bandwidth is billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum ChargeMode {
    /// `bandwidth`: by size, the default.
    #[serde(rename = "bandwidth")]
    Bandwidth,
    /// `traffic`: by volume, dedicated bandwidths only.
    #[serde(rename = "traffic")]
    Traffic,
    /// `95peak_plus`: enhanced 95th percentile, shared bandwidths only.
    #[serde(rename = "95peak_plus")]
    Peak95Plus,
}

impl ChargeMode {
    const fn as_str(self) -> &'static str {
        match self {
            ChargeMode::Bandwidth => "bandwidth",
            ChargeMode::Traffic => "traffic",
            ChargeMode::Peak95Plus => "95peak_plus",
        }
    }

    /// `self` if a bandwidth of `share` type may be billed so.
    pub fn allowed(self, share: ShareType) -> Result<Self, Broken> {
        let rule = match (share, self) {
            (_, ChargeMode::Bandwidth)
            | (ShareType::Dedicated, ChargeMode::Traffic)
            | (ShareType::Shared, ChargeMode::Peak95Plus) => return Ok(self),
            (ShareType::Dedicated, _) => "bandwidth or traffic",
            (ShareType::Shared, _) => "bandwidth or 95peak_plus",
        };
        Err(Broken {
            field: "charge_mode",
            rule,
        })
    }
}

/// The sizes (Mbit/s) a bandwidth may have, and the rule's wording for the log.
pub const fn size_rule(
    share: ShareType,
    charge: ChargeMode,
) -> (std::ops::RangeInclusive<u32>, &'static str) {
    match (share, charge) {
        (ShareType::Shared, _) => (5..=2000, "5 to 2000 (Mbit/s) for a shared bandwidth"),
        (ShareType::Dedicated, ChargeMode::Traffic) => {
            (1..=300, "1 to 300 (Mbit/s) billed by traffic")
        }
        (ShareType::Dedicated, _) => (1..=2000, "1 to 2000 (Mbit/s) billed by bandwidth"),
    }
}

/// `size` if a bandwidth of this kind may have it: in [`size_rule`]'s range, and above
/// 300 Mbit/s a multiple of 50, above 1000 a multiple of 500 (the cloud's steps).
pub fn checked_size(share: ShareType, charge: ChargeMode, size: u32) -> Result<u32, Broken> {
    let (range, rule) = size_rule(share, charge);
    let rule = match size {
        _ if !range.contains(&size) => rule,
        301..=1000 if !size.is_multiple_of(50) => "a multiple of 50 between 300 and 1000 (Mbit/s)",
        1001.. if !size.is_multiple_of(500) => "a multiple of 500 above 1000 (Mbit/s)",
        _ => return Ok(size),
    };
    Err(Broken {
        field: "size",
        rule,
    })
}

/// A new dedicated bandwidth for `publicip`, which is then made to point to it.
pub fn dedicated(
    app: &App,
    publicip: &mut Publicip,
    name: String,
    size: u32,
    charge_mode: ChargeMode,
) -> Bandwidth {
    let now = Timestamp::now();
    let bandwidth = Bandwidth {
        id: app.new_id(),
        name,
        size,
        share_type: ShareType::Dedicated,
        charge_mode,
        line: publicip.kind.strip_prefix("5_").map_or("bgp", line),
        enterprise_project_id: publicip.enterprise_project_id.clone(),
        created_at: now,
        updated_at: now,
    };
    publicip.bandwidth_id.clone_from(&bandwidth.id);
    bandwidth
}

/// The `bandwidth_type` of a line (`bgp`, `sbgp`), as a static string.
fn line(line: &str) -> &'static str {
    if line == "sbgp" { "sbgp" } else { "bgp" }
}

impl Project {
    /// The bandwidth with this id.
    pub fn bandwidth(&self, id: &str) -> Option<&Bandwidth> {
        self.bandwidths.iter().find(|b| b.id == id)
    }

    /// Forgets the bandwidth of an EIP being deleted, if it was the EIP's own: a shared
    /// one simply no longer lists it.
    pub fn release_bandwidth(&mut self, publicip: &Publicip) {
        self.bandwidths
            .retain(|b| b.id != publicip.bandwidth_id || b.share_type == ShareType::Shared);
    }

    /// How many shared bandwidths the project has: what their quota counts.
    pub fn shared_bandwidths(&self) -> usize {
        self.bandwidths
            .iter()
            .filter(|b| b.share_type == ShareType::Shared)
            .count()
    }

    /// How many of its EIPs are in a shared bandwidth.
    pub fn publicips_in_shared_bandwidths(&self) -> usize {
        self.publicips
            .iter()
            .filter(|p| {
                self.bandwidth(&p.bandwidth_id)
                    .is_some_and(|b| b.share_type == ShareType::Shared)
            })
            .count()
    }
}

/// What an EIP's view says of its bandwidth (`#[serde(flatten)]` into it).
#[derive(Serialize)]
#[allow(clippy::struct_field_names, reason = "the API's member names")]
pub struct PublicipBandwidth<'a> {
    bandwidth_id: &'a str,
    bandwidth_name: &'a str,
    bandwidth_share_type: &'static str,
    bandwidth_size: u32,
}

impl<'a> PublicipBandwidth<'a> {
    /// `publicip`'s bandwidth, in `project`.
    pub fn of(project: &'a Project, publicip: &'a Publicip) -> Self {
        // Every EIP has its bandwidth in the store (created and deleted with it, or a
        // shared one, which is never deleted); the defaults only keep this free of panics.
        let bandwidth = project.bandwidth(&publicip.bandwidth_id);
        PublicipBandwidth {
            bandwidth_id: &publicip.bandwidth_id,
            bandwidth_name: bandwidth.map_or("", |b| &b.name),
            bandwidth_share_type: bandwidth.map_or("PER", |b| b.share_type.as_str()),
            bandwidth_size: bandwidth.map_or(0, |b| b.size),
        }
    }
}

/// A refusal of `AddPublicipsIntoSharedBandwidth` or `RemovePublicipsFromSharedBandwidth`,
/// which share their rows; its `Debug` text is the log's cause.
#[derive(Debug)]
pub enum SharedRefusal {
    /// A value of the body breaking its rule (no EIP, one given twice, a dedicated
    /// bandwidth that cannot be given back): `VPC.0301 Invalid publicip_id`.
    PublicipId(Broken),
    /// No EIP of the project has this id.
    NoSuchPublicip {
        /// The id given.
        publicip_id: String,
    },
    /// The path names no shared bandwidth of the project: `VPC.0323`.
    NotShared {
        /// The id in the path.
        bandwidth_id: String,
    },
    /// Inserting an EIP already in a shared bandwidth, or removing one that is not in this
    /// one: `VPC.0323`.
    NotOperable {
        /// The EIP.
        publicip_id: String,
        /// The shared bandwidth it is in, if any.
        in_shared: Option<String>,
    },
}

impl From<SharedRefusal> for AddPublicipsIntoSharedBandwidthError {
    fn from(refusal: SharedRefusal) -> Self {
        match refusal {
            SharedRefusal::PublicipId(_) | SharedRefusal::NoSuchPublicip { .. } => {
                vpc_error!(AddPublicipsIntoSharedBandwidth::PublicipIdInvalid)
            }
            SharedRefusal::NotShared { .. } | SharedRefusal::NotOperable { .. } => {
                vpc_error!(AddPublicipsIntoSharedBandwidth::PublicipNotOperable)
            }
        }
    }
}

impl From<SharedRefusal> for RemovePublicipsFromSharedBandwidthError {
    fn from(refusal: SharedRefusal) -> Self {
        match refusal {
            SharedRefusal::PublicipId(_) | SharedRefusal::NoSuchPublicip { .. } => {
                vpc_error!(RemovePublicipsFromSharedBandwidth::PublicipIdInvalid)
            }
            SharedRefusal::NotShared { .. } | SharedRefusal::NotOperable { .. } => {
                vpc_error!(RemovePublicipsFromSharedBandwidth::PublicipNotOperable)
            }
        }
    }
}

/// A refusal as the error of operation `E`: its row, the refusal's context in the log.
impl<E: From<SharedRefusal>> From<SharedRefusal> for ApiError<E> {
    fn from(refusal: SharedRefusal) -> Self {
        tracing::debug!(target: "server", ?refusal, "error cause");
        ApiError::Row(refusal.into())
    }
}

/// `UpdateBandwidth`'s own failures.
#[derive(Debug, VpcError)]
#[vpc(operation = UpdateBandwidth)]
pub enum UpdateBandwidthFailure {
    /// A value breaking its rule, or neither `name` nor `size`.
    #[vpc(name = BandwidthParamInvalid)]
    Invalid(#[source] Broken),
    /// No bandwidth of the project has the id: the table has no not-found row, and the id
    /// is the request's parameter.
    #[vpc(name = BandwidthParamInvalid)]
    NotFound {
        /// The id in the path.
        bandwidth_id: String,
    },
}

/// `CreateSharedBandwidth`'s own failure.
#[derive(Debug, VpcError)]
#[vpc(operation = CreateSharedBandwidth)]
pub enum CreateSharedBandwidthFailure {
    /// The project has its quota of shared bandwidths.
    #[vpc(name = SharedBandwidthQuotaExceeded)]
    QuotaReached {
        /// The quota.
        quota: usize,
    },
}

/// `/v1/{project_id}/bandwidths/{bandwidth_id}`.
#[derive(Debug, Deserialize)]
pub struct BandwidthPath {
    project_id: String,
    bandwidth_id: Id,
}

/// `GET /v1/{project_id}/bandwidths/{bandwidth_id}`: `200 {"bandwidth": {...}}`.
pub async fn show(
    State(app): State<App>,
    _: Auth<ShowBandwidthError>,
    Path(path, _): Path<ShowBandwidthError, BandwidthPath>,
) -> Result<Response, ApiError<ShowBandwidthError>> {
    let mut store = app.store();
    let project = &*store.project(&path.project_id);
    let bandwidth = project
        .bandwidth(path.bandwidth_id.as_str())
        .ok_or(vpc_error!(ShowBandwidth::BandwidthNotFound))?;
    Ok(crate::ok(&One {
        bandwidth: View::new(bandwidth, project, &path.project_id),
    }))
}

/// `ListBandwidths`' query; other parameters are ignored.
#[derive(Debug, Deserialize)]
pub struct ListBandwidthsQuery {
    limit: Option<Limit>,
    marker: Option<String>,
    share_type: Option<ShareType>,
    enterprise_project_id: Option<String>,
}

/// `GET /v1/{project_id}/bandwidths[?limit=&marker=&share_type=&enterprise_project_id=]`:
/// `200 {"bandwidths": [...]}`, oldest first. A marker that is no bandwidth of the list is
/// answered `VPC.0306`, the table's not-found row; every other bad parameter, the only
/// parameter row, `Get bandwidths error limit is invalid.`
pub async fn list(
    State(app): State<App>,
    auth: Auth<ListBandwidthsError>,
    params: Result<RawPathParams, RawPathParamsRejection>,
    Query(query, _): Query<ListBandwidthsError, ListBandwidthsQuery>,
) -> Result<Response, ApiError<ListBandwidthsError>> {
    // The table has no path row: a project that is not UTF-8 is simply not the caller's.
    if input::raw_param(&params, "project_id") != Some(auth.caller.project.as_str()) {
        return Err(vpc_error!(Common::TenantIdMismatch).into());
    }
    let tenant = auth.caller.project;
    let mut store = app.store();
    let project = &*store.project(&tenant);
    let listed = project.bandwidths.iter().filter(|b| {
        query.share_type.is_none_or(|t| b.share_type == t)
            && query
                .enterprise_project_id
                .as_ref()
                .is_none_or(|e| *e == b.enterprise_project_id)
    });
    if let Some(marker) = &query.marker
        && !listed.clone().any(|b| b.id == *marker)
    {
        return Err(vpc_error!(ListBandwidths::BandwidthNotFound).into());
    }
    let bandwidths =
        input::page::<ListBandwidthsError, _>(listed, query.limit, query.marker.as_deref(), |b| {
            &b.id
        })?
        .into_iter()
        .map(|b| View::new(b, project, &tenant))
        .collect();
    Ok(crate::ok(&Many { bandwidths }))
}

/// An `UpdateBandwidth` body: `{"bandwidth": {"name"?, "size"?, "charge_mode"?}}`, a name
/// or a size at least.
#[derive(Debug, Deserialize)]
pub struct UpdateBandwidthRequest {
    bandwidth: Change,
}

#[derive(Debug, Deserialize)]
struct Change {
    name: Option<NewName>,
    size: Option<u32>,
    charge_mode: Option<ChargeMode>,
}

/// A new name, or `""`, which the cloud reads as "keep the name".
#[derive(Debug, Deserialize)]
#[serde(try_from = "String")]
struct NewName(Option<Name>);

impl TryFrom<String> for NewName {
    type Error = &'static str;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        if text.is_empty() {
            return Ok(NewName(None));
        }
        Name::try_from(text).map(|name| NewName(Some(name)))
    }
}

/// `PUT /v1/{project_id}/bandwidths/{bandwidth_id}`: `200 {"bandwidth": {...}}`.
pub async fn update(
    State(app): State<App>,
    _: Auth<UpdateBandwidthError>,
    Path(path, _): Path<UpdateBandwidthError, BandwidthPath>,
    Json(body, _): Json<UpdateBandwidthError, UpdateBandwidthRequest>,
) -> Result<Response, ApiError<UpdateBandwidthError>> {
    let Change {
        name,
        size,
        charge_mode,
    } = body.bandwidth;
    let name = name.and_then(|NewName(name)| name);
    if name.is_none() && size.is_none() {
        let rule = "given a name or a size";
        let cause = Broken {
            field: "bandwidth",
            rule,
        };
        return Err(UpdateBandwidthFailure::Invalid(cause).into());
    }

    let mut store = app.store();
    let project = store.project(&path.project_id);
    let bandwidth_id = path.bandwidth_id.as_str();
    let Some(index) = project.bandwidths.iter().position(|b| b.id == bandwidth_id) else {
        let bandwidth_id = bandwidth_id.to_owned();
        return Err(UpdateBandwidthFailure::NotFound { bandwidth_id }.into());
    };
    let bandwidth = &project.bandwidths[index];
    let charge_mode = charge_mode
        .unwrap_or(bandwidth.charge_mode)
        .allowed(bandwidth.share_type)
        .map_err(UpdateBandwidthFailure::Invalid)?;
    // A new charge mode may rule out the size kept, so the size is checked either way.
    let size = checked_size(
        bandwidth.share_type,
        charge_mode,
        size.unwrap_or(bandwidth.size),
    )
    .map_err(UpdateBandwidthFailure::Invalid)?;
    let bandwidth = &mut project.bandwidths[index];
    if let Some(Name(name)) = name {
        bandwidth.name = name;
    }
    bandwidth.size = size;
    bandwidth.charge_mode = charge_mode;
    bandwidth.updated_at = Timestamp::now();
    let project = &*project;
    Ok(crate::ok(&One {
        bandwidth: View::new(&project.bandwidths[index], project, &path.project_id),
    }))
}

/// A `CreateSharedBandwidth` body.
#[derive(Debug, Deserialize)]
pub struct CreateSharedBandwidthRequest {
    bandwidth: NewShared,
}

/// The shared bandwidth to create.
#[derive(Debug, Deserialize)]
struct NewShared {
    name: Name,
    size: u32,
    charge_mode: Option<ChargeMode>,
    enterprise_project_id: Option<EnterpriseProjectId>,
    #[allow(dead_code, reason = "read to check it: edge sites are not modelled")]
    public_border_group: Option<Center>,
    #[allow(dead_code, reason = "read to check it: `share` is the only one")]
    bandwidth_type: Option<Share>,
}

/// `center`: edge sites are not modelled.
#[derive(Debug, Deserialize)]
enum Center {
    #[serde(rename = "center")]
    Center,
}

/// `share`, the centre's shared bandwidth type.
#[derive(Debug, Deserialize)]
enum Share {
    #[serde(rename = "share")]
    Share,
}

/// `POST /v2.0/{project_id}/bandwidths` with `{"bandwidth": {"name", "size",
/// "charge_mode"?, "enterprise_project_id"?}}`: `200 {"bandwidth": {...}}`. The body is
/// the gateway's to refuse (see the module docs).
pub async fn create_shared(
    State(app): State<App>,
    auth: Auth<CreateSharedBandwidthError>,
    Json(body, _): Json<gateway::CommonError, CreateSharedBandwidthRequest>,
) -> Result<Response, ApiError<CreateSharedBandwidthError>> {
    let new = body.bandwidth;
    let charge_mode = new
        .charge_mode
        .unwrap_or(ChargeMode::Bandwidth)
        .allowed(ShareType::Shared)
        .map_err(gateway::bad_request)?;
    let size =
        checked_size(ShareType::Shared, charge_mode, new.size).map_err(gateway::bad_request)?;

    let mut store = app.store();
    let project = store.project(&auth.caller.project);
    let quota = app.config().shared_bandwidth_quota;
    if project.shared_bandwidths() >= quota {
        return Err(CreateSharedBandwidthFailure::QuotaReached { quota }.into());
    }
    let now = Timestamp::now();
    let bandwidth = Bandwidth {
        id: app.new_id(),
        name: new.name.0,
        size,
        share_type: ShareType::Shared,
        charge_mode,
        line: "share",
        enterprise_project_id: EnterpriseProjectId::or_default(new.enterprise_project_id),
        created_at: now,
        updated_at: now,
    };
    let response = crate::ok(&One {
        bandwidth: View::new(&bandwidth, project, &auth.caller.project),
    });
    project.bandwidths.push(bandwidth);
    Ok(response)
}

/// An `AddPublicipsIntoSharedBandwidth` body: `{"bandwidth": {"publicip_info":
/// [{"publicip_id"}]}}`.
#[derive(Debug, Deserialize)]
pub struct InsertRequest {
    bandwidth: Insertion,
}

#[derive(Debug, Deserialize)]
struct Insertion {
    publicip_info: Vec<PublicipRef>,
}

/// An EIP named in `publicip_info`; `publicip_type` is for IPv6 ports, not modelled.
#[derive(Debug, Deserialize)]
struct PublicipRef {
    publicip_id: Id,
}

/// A `RemovePublicipsFromSharedBandwidth` body: the EIPs, and the dedicated bandwidth
/// each gets back.
#[derive(Debug, Deserialize)]
pub struct RemoveRequest {
    bandwidth: Removal,
}

#[derive(Debug, Deserialize)]
struct Removal {
    publicip_info: Vec<PublicipRef>,
    charge_mode: ChargeMode,
    size: u32,
}

/// `POST /v2.0/{project_id}/bandwidths/{bandwidth_id}/insert` with `{"bandwidth":
/// {"publicip_info": [{"publicip_id"}, ...]}}`: `200 {"bandwidth": {...}}`. Each EIP's
/// dedicated bandwidth is deleted.
pub async fn insert(
    State(app): State<App>,
    auth: Auth<AddPublicipsIntoSharedBandwidthError>,
    params: Result<RawPathParams, RawPathParamsRejection>,
    Json(body, _): Json<AddPublicipsIntoSharedBandwidthError, InsertRequest>,
) -> Result<Response, ApiError<AddPublicipsIntoSharedBandwidthError>> {
    let ids = publicip_ids(body.bandwidth.publicip_info)?;
    let mut store = app.store();
    let project = store.project(&auth.caller.project);
    let shared = shared_bandwidth(project, &params)?;
    for id in &ids {
        let publicip = member(project, id)?;
        if let Some(other) = project
            .bandwidth(&publicip.bandwidth_id)
            .filter(|b| b.share_type == ShareType::Shared)
        {
            return Err(SharedRefusal::NotOperable {
                publicip_id: id.clone(),
                in_shared: Some(other.id.clone()),
            }
            .into());
        }
    }
    for publicip in project.publicips.iter_mut().filter(|p| ids.contains(&p.id)) {
        let own = std::mem::replace(&mut publicip.bandwidth_id, shared.clone());
        project.bandwidths.retain(|b| b.id != own);
    }
    touch(project, &shared);
    let project = &*project;
    let bandwidth = project.bandwidth(&shared).ok_or(SharedRefusal::NotShared {
        bandwidth_id: shared.clone(),
    })?;
    Ok(crate::ok(&One {
        bandwidth: View::new(bandwidth, project, &auth.caller.project),
    }))
}

/// `POST /v2.0/{project_id}/bandwidths/{bandwidth_id}/remove` with `{"bandwidth":
/// {"publicip_info": [{"publicip_id"}, ...], "charge_mode", "size"}}`: `204`. Each EIP
/// gets a new dedicated bandwidth of that charge mode and size.
pub async fn remove(
    State(app): State<App>,
    auth: Auth<RemovePublicipsFromSharedBandwidthError>,
    params: Result<RawPathParams, RawPathParamsRejection>,
    Json(body, _): Json<RemovePublicipsFromSharedBandwidthError, RemoveRequest>,
) -> Result<Response, ApiError<RemovePublicipsFromSharedBandwidthError>> {
    let Removal {
        publicip_info,
        charge_mode,
        size,
    } = body.bandwidth;
    let ids = publicip_ids(publicip_info)?;
    let charge_mode = charge_mode
        .allowed(ShareType::Dedicated)
        .map_err(SharedRefusal::PublicipId)?;
    let size =
        checked_size(ShareType::Dedicated, charge_mode, size).map_err(SharedRefusal::PublicipId)?;
    let mut store = app.store();
    let project = store.project(&auth.caller.project);
    let shared = shared_bandwidth(project, &params)?;
    for id in &ids {
        let publicip = member(project, id)?;
        if publicip.bandwidth_id != shared {
            let in_shared = project
                .bandwidth(&publicip.bandwidth_id)
                .filter(|b| b.share_type == ShareType::Shared)
                .map(|b| b.id.clone());
            return Err(SharedRefusal::NotOperable {
                publicip_id: id.clone(),
                in_shared,
            }
            .into());
        }
    }
    let mut own = Vec::with_capacity(ids.len());
    for publicip in project.publicips.iter_mut().filter(|p| ids.contains(&p.id)) {
        // The console's naming for a bandwidth it creates.
        let name = format!("bandwidth-{}", &publicip.id[..4]);
        own.push(dedicated(&app, publicip, name, size, charge_mode));
    }
    project.bandwidths.extend(own);
    touch(project, &shared);
    Ok(crate::no_content())
}

/// The EIP ids of `publicip_info`: at least one, none twice.
fn publicip_ids(info: Vec<PublicipRef>) -> Result<Vec<String>, SharedRefusal> {
    let refused = |rule| {
        SharedRefusal::PublicipId(Broken {
            field: "publicip_info",
            rule,
        })
    };
    if info.is_empty() {
        return Err(refused("at least one EIP"));
    }
    let mut ids: Vec<String> = Vec::with_capacity(info.len());
    for PublicipRef {
        publicip_id: Id(id),
    } in info
    {
        if ids.contains(&id) {
            return Err(refused("each EIP once"));
        }
        ids.push(id);
    }
    Ok(ids)
}

/// The id of the shared bandwidth the path names, if the project has it. These
/// operations have no path row: a parameter that is not UTF-8 names no bandwidth.
fn shared_bandwidth(
    project: &Project,
    params: &Result<RawPathParams, RawPathParamsRejection>,
) -> Result<String, SharedRefusal> {
    let bandwidth_id = input::raw_param(params, "bandwidth_id")
        .unwrap_or_default()
        .to_owned();
    match project.bandwidth(&bandwidth_id) {
        Some(b) if b.share_type == ShareType::Shared => Ok(bandwidth_id),
        _ => Err(SharedRefusal::NotShared { bandwidth_id }),
    }
}

/// The project's EIP with this id.
fn member<'a>(project: &'a Project, id: &str) -> Result<&'a Publicip, SharedRefusal> {
    project
        .publicip(id)
        .ok_or_else(|| SharedRefusal::NoSuchPublicip {
            publicip_id: id.to_owned(),
        })
}

/// Notes a change of the bandwidth with this id.
fn touch(project: &mut Project, id: &str) {
    if let Some(bandwidth) = project.bandwidths.iter_mut().find(|b| b.id == id) {
        bandwidth.updated_at = Timestamp::now();
    }
}

/// A bandwidth as the API shows it (the SDK's `BandwidthResp`).
#[derive(Serialize)]
struct View<'a> {
    id: &'a str,
    name: &'a str,
    size: u32,
    share_type: &'static str,
    charge_mode: &'static str,
    bandwidth_type: &'static str,
    /// Empty: pay-per-use (yearly and monthly billing is not modelled).
    billing_info: &'static str,
    publicip_info: Vec<PublicipInfo<'a>>,
    tenant_id: &'a str,
    enterprise_project_id: &'a str,
    /// Always `NORMAL` (not frozen).
    status: &'static str,
    enable_bandwidth_rules: bool,
    rule_quota: u32,
    /// Quality-of-service rules are not modelled.
    bandwidth_rules: &'static [&'static str],
    created_at: String,
    updated_at: String,
    public_border_group: &'static str,
}

/// An EIP of a bandwidth (the SDK's `PublicipInfoResp`).
#[derive(Serialize)]
struct PublicipInfo<'a> {
    publicip_id: &'a str,
    publicip_address: String,
    publicip_type: &'a str,
    ip_version: u8,
}

impl<'a> View<'a> {
    fn new(bandwidth: &'a Bandwidth, project: &'a Project, tenant: &'a str) -> Self {
        View {
            id: &bandwidth.id,
            name: &bandwidth.name,
            size: bandwidth.size,
            share_type: bandwidth.share_type.as_str(),
            charge_mode: bandwidth.charge_mode.as_str(),
            bandwidth_type: bandwidth.line,
            billing_info: "",
            publicip_info: project
                .publicips
                .iter()
                .filter(|p| p.bandwidth_id == bandwidth.id)
                .map(|p| PublicipInfo {
                    publicip_id: &p.id,
                    publicip_address: p.address.to_string(),
                    publicip_type: &p.kind,
                    ip_version: 4,
                })
                .collect(),
            tenant_id: tenant,
            enterprise_project_id: &bandwidth.enterprise_project_id,
            status: "NORMAL",
            enable_bandwidth_rules: false,
            rule_quota: 0,
            bandwidth_rules: &[],
            created_at: bandwidth.created_at.iso(),
            updated_at: bandwidth.updated_at.iso(),
            public_border_group: "center",
        }
    }
}

/// `{"bandwidth": {...}}`.
#[derive(Serialize)]
struct One<'a> {
    bandwidth: View<'a>,
}

/// `{"bandwidths": [...]}`.
#[derive(Serialize)]
struct Many<'a> {
    bandwidths: Vec<View<'a>>,
}
