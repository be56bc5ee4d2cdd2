//! Flow logs: `CreateFlowLog`, `ListFlowLogs`, `ShowFlowLog`, `UpdateFlowLog` and
//! `DeleteFlowLog`.
//!
//! A flow log records the traffic of a VPC, a subnet (`network`, by the subnet's id) or a
//! port of the project into a log group and topic of the cloud's log service, which is not
//! modelled: their ids need only be ids. The ports this server knows are those its EIPs
//! are bound to. `UpdateFlowLog` has no parameter row in the catalogue, so a body it
//! cannot read is refused by the API gateway's (`APIGW.0201`).

use std::fmt;

use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use vpc_errors::extract::{Json, Path, Query};
use vpc_errors::{
    CreateFlowLogError, DeleteFlowLogError, ListFlowLogsError, ShowFlowLogError,
    UpdateFlowLogError, VpcError, vpc_error,
};

use crate::auth::Auth;
use crate::errors::ApiError;
use crate::gateway;
use crate::input::{self, Description, Id, Limit, Name};
use crate::state::{App, Project, Timestamp};

/// A flow log.
pub struct FlowLog {
    /// Its id, a UUID.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Free text.
    pub description: String,
    /// `port`, `network` or `vpc`.
    pub resource_type: ResourceType,
    /// The port, subnet or VPC.
    pub resource_id: String,
    /// `all`, `accept` or `reject`.
    pub traffic_type: TrafficType,
    /// The log group it writes to.
    pub log_group_id: String,
    /// The log topic it writes to.
    pub log_topic_id: String,
    /// Whether it is on (`status` `ACTIVE`) or off (`DOWN`).
    pub admin_state: bool,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
}

/// Where flow logs are stored: the cloud's log service, the only kind it has.
const LOG_STORE_TYPE: &str = "lts";

/// What a flow log records the traffic of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResourceType {
    /// A port (one an EIP is bound to).
    Port,
    /// A subnet.
    Network,
    /// A VPC.
    Vpc,
}

impl ResourceType {
    fn as_str(self) -> &'static str {
        match self {
            ResourceType::Port => "port",
            ResourceType::Network => "network",
            ResourceType::Vpc => "vpc",
        }
    }
}

impl fmt::Display for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which traffic a flow log records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TrafficType {
    /// All of it.
    All,
    /// What the security groups let through.
    Accept,
    /// What they refuse.
    Reject,
}

impl TrafficType {
    fn as_str(self) -> &'static str {
        match self {
            TrafficType::All => "all",
            TrafficType::Accept => "accept",
            TrafficType::Reject => "reject",
        }
    }
}

/// `lts`, the only [`LOG_STORE_TYPE`]: read to check it.
#[derive(Debug, Deserialize)]
enum LogStoreType {
    #[serde(rename = "lts")]
    Lts,
}

/// A flow log's `status`: `ACTIVE` when on, `DOWN` when off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
enum Status {
    #[serde(rename = "ACTIVE")]
    Active,
    #[serde(rename = "DOWN")]
    Down,
}

/// `CreateFlowLog`'s own failures.
#[derive(Debug, VpcError)]
#[vpc(operation = CreateFlowLog)]
pub enum CreateFlowLogFailure {
    /// No resource of the type has the id in the project.
    #[vpc(name = ResourceNotFound)]
    NoResource {
        /// The id asked for.
        resource_id: String,
    },
    /// A flow log of the resource already writes this traffic to this topic.
    #[vpc(name = FlowLogDuplicate)]
    Duplicate {
        /// Of the request.
        resource_type: ResourceType,
        /// Of the request.
        resource_id: String,
        /// Of the request.
        log_group_id: String,
        /// Of the request.
        log_topic_id: String,
        /// Always `lts`.
        log_store_type: &'static str,
        /// The topic the logs are stored in, named by its id.
        log_store_name: String,
        /// The flow log it duplicates.
        flow_log_id: String,
    },
}

/// `{"flow_log": {"name", "description"?, "resource_type", "resource_id", "traffic_type",
/// "log_group_id", "log_topic_id", "log_store_type"?}}`: a bad one is answered by the
/// operation's only parameter row, `FlowLogParamInvalid`.
#[derive(Debug, Deserialize)]
pub struct CreateBody {
    flow_log: NewFlowLog,
}

#[derive(Debug, Deserialize)]
struct NewFlowLog {
    name: Name,
    description: Option<Description>,
    resource_type: ResourceType,
    resource_id: Id,
    traffic_type: TrafficType,
    log_group_id: Id,
    log_topic_id: Id,
    #[allow(dead_code, reason = "read to check it: `lts` is the only one")]
    log_store_type: Option<LogStoreType>,
}

/// `POST /v1/{project_id}/fl/flow_logs`: `200 {"flow_log": {...}}`.
pub async fn create(
    State(app): State<App>,
    auth: Auth<CreateFlowLogError>,
    Json(body, _): Json<CreateFlowLogError, CreateBody>,
) -> Result<Response, ApiError<CreateFlowLogError>> {
    let new = body.flow_log;
    let (resource_type, traffic_type) = (new.resource_type, new.traffic_type);
    let (resource_id, log_group_id, log_topic_id) =
        (new.resource_id.0, new.log_group_id.0, new.log_topic_id.0);
    let mut store = app.store();
    let project = store.project(&auth.caller.project);
    if !has_resource(project, resource_type, &resource_id) {
        return Err(CreateFlowLogFailure::NoResource { resource_id }.into());
    }
    if let Some(same) = project.flow_logs.iter().find(|f| {
        f.resource_type == resource_type
            && f.resource_id == resource_id
            && f.traffic_type == traffic_type
            && f.log_group_id == log_group_id
            && f.log_topic_id == log_topic_id
    }) {
        return Err(CreateFlowLogFailure::Duplicate {
            resource_type,
            resource_id,
            log_group_id,
            log_store_name: log_topic_id.clone(),
            log_topic_id,
            log_store_type: LOG_STORE_TYPE,
            flow_log_id: same.id.clone(),
        }
        .into());
    }
    let now = Timestamp::now();
    let flow_log = FlowLog {
        id: app.new_id(),
        name: new.name.0,
        description: Description::or_empty(new.description),
        resource_type,
        resource_id,
        traffic_type,
        log_group_id,
        log_topic_id,
        admin_state: true,
        created_at: now,
        updated_at: now,
    };
    let response = crate::ok(&One {
        flow_log: View::new(&flow_log, &auth.caller.project),
    });
    project.flow_logs.push(flow_log);
    Ok(response)
}

/// Whether the project has a resource of `kind` with `id`: a VPC, a subnet (`network`), or
/// a port one of its EIPs is bound to.
fn has_resource(project: &Project, kind: ResourceType, id: &str) -> bool {
    match kind {
        ResourceType::Vpc => project.vpc(id).is_some(),
        ResourceType::Network => project.subnet(id).is_some(),
        ResourceType::Port => project
            .publicips
            .iter()
            .any(|p| p.port_id.as_deref() == Some(id)),
    }
}

/// `ListFlowLogs`' query: paging, and filters that match exactly. A bad one is answered
/// by the operation's parameter row, naming it.
#[derive(Debug, Deserialize)]
pub struct FlowLogQuery {
    limit: Option<Limit>,
    marker: Option<String>,
    id: Option<String>,
    name: Option<String>,
    resource_type: Option<ResourceType>,
    resource_id: Option<String>,
    traffic_type: Option<TrafficType>,
    log_group_id: Option<String>,
    log_topic_id: Option<String>,
    #[allow(dead_code, reason = "read to check it: `lts` is the only one")]
    log_store_type: Option<LogStoreType>,
    status: Option<Status>,
}

/// `GET /v1/{project_id}/fl/flow_logs[?limit=&marker=&…]`: `200 {"flow_logs": [...]}`,
/// oldest first.
pub async fn list(
    State(app): State<App>,
    auth: Auth<ListFlowLogsError>,
    Query(query, _): Query<ListFlowLogsError, FlowLogQuery>,
) -> Result<Response, ApiError<ListFlowLogsError>> {
    let mut store = app.store();
    let project = store.project(&auth.caller.project);
    let is = |filter: &Option<String>, value: &str| filter.as_deref().is_none_or(|f| f == value);
    let chosen = project.flow_logs.iter().filter(|f| {
        is(&query.id, &f.id)
            && is(&query.name, &f.name)
            && query.resource_type.is_none_or(|t| t == f.resource_type)
            && is(&query.resource_id, &f.resource_id)
            && query.traffic_type.is_none_or(|t| t == f.traffic_type)
            && is(&query.log_group_id, &f.log_group_id)
            && is(&query.log_topic_id, &f.log_topic_id)
            && query
                .status
                .is_none_or(|s| (s == Status::Active) == f.admin_state)
    });
    let flow_logs =
        input::page::<ListFlowLogsError, _>(chosen, query.limit, query.marker.as_deref(), |f| {
            &f.id
        })?
        .into_iter()
        .map(|f| View::new(f, &auth.caller.project))
        .collect();
    Ok(crate::ok(&Many { flow_logs }))
}

/// `{project_id}` and `{flowlog_id}`.
#[derive(Debug, Deserialize)]
pub struct FlowLogPath {
    flowlog_id: Id,
}

/// `GET /v1/{project_id}/fl/flow_logs/{flowlog_id}`: `200 {"flow_log": {...}}`.
pub async fn show(
    State(app): State<App>,
    auth: Auth<ShowFlowLogError>,
    Path(path, _): Path<ShowFlowLogError, FlowLogPath>,
) -> Result<Response, ApiError<ShowFlowLogError>> {
    let mut store = app.store();
    let project = store.project(&auth.caller.project);
    let Some(flow_log) = project
        .flow_logs
        .iter()
        .find(|f| f.id == path.flowlog_id.as_str())
    else {
        let flow_log_id = path.flowlog_id.0;
        return Err(vpc_error!(ShowFlowLog::FlowLogNotFound, flow_log_id).into());
    };
    Ok(crate::ok(&One {
        flow_log: View::new(flow_log, &auth.caller.project),
    }))
}

/// `{"flow_log": {"name"?, "description"?, "admin_state"?}}`.
#[derive(Debug, Deserialize)]
pub struct UpdateBody {
    flow_log: Change,
}

#[derive(Debug, Deserialize)]
struct Change {
    name: Option<Name>,
    description: Option<Description>,
    admin_state: Option<bool>,
}

/// `PUT /v1/{project_id}/fl/flow_logs/{flowlog_id}`: `200 {"flow_log": {...}}`.
pub async fn update(
    State(app): State<App>,
    auth: Auth<UpdateFlowLogError>,
    Path(path, _): Path<UpdateFlowLogError, FlowLogPath>,
    Json(body, _): Json<gateway::CommonError, UpdateBody>,
) -> Result<Response, ApiError<UpdateFlowLogError>> {
    let change = body.flow_log;
    let mut store = app.store();
    let project = store.project(&auth.caller.project);
    let Some(flow_log) = project
        .flow_logs
        .iter_mut()
        .find(|f| f.id == path.flowlog_id.as_str())
    else {
        let flow_log_id = path.flowlog_id.0;
        return Err(vpc_error!(UpdateFlowLog::FlowLogNotFound, flow_log_id).into());
    };
    if let Some(Name(name)) = change.name {
        flow_log.name = name;
    }
    if let Some(Description(description)) = change.description {
        flow_log.description = description;
    }
    if let Some(admin_state) = change.admin_state {
        flow_log.admin_state = admin_state;
    }
    flow_log.updated_at = Timestamp::now();
    Ok(crate::ok(&One {
        flow_log: View::new(flow_log, &auth.caller.project),
    }))
}

/// `DELETE /v1/{project_id}/fl/flow_logs/{flowlog_id}`: `204`.
pub async fn delete(
    State(app): State<App>,
    auth: Auth<DeleteFlowLogError>,
    Path(path, _): Path<DeleteFlowLogError, FlowLogPath>,
) -> Result<Response, ApiError<DeleteFlowLogError>> {
    let mut store = app.store();
    let project = store.project(&auth.caller.project);
    let Some(index) = project
        .flow_logs
        .iter()
        .position(|f| f.id == path.flowlog_id.as_str())
    else {
        let flow_log_id = path.flowlog_id.0;
        return Err(vpc_error!(DeleteFlowLog::FlowLogNotFound, flow_log_id).into());
    };
    project.flow_logs.remove(index);
    Ok(crate::no_content())
}

fn status(flow_log: &FlowLog) -> &'static str {
    if flow_log.admin_state {
        "ACTIVE"
    } else {
        "DOWN"
    }
}

/// A flow log as the API shows it.
#[derive(Serialize)]
struct View<'a> {
    id: &'a str,
    name: &'a str,
    tenant_id: &'a str,
    description: &'a str,
    resource_type: &'static str,
    resource_id: &'a str,
    traffic_type: &'static str,
    log_group_id: &'a str,
    log_topic_id: &'a str,
    log_store_type: &'static str,
    created_at: String,
    updated_at: String,
    admin_state: bool,
    status: &'static str,
}

impl<'a> View<'a> {
    fn new(flow_log: &'a FlowLog, tenant: &'a str) -> Self {
        View {
            id: &flow_log.id,
            name: &flow_log.name,
            tenant_id: tenant,
            description: &flow_log.description,
            resource_type: flow_log.resource_type.as_str(),
            resource_id: &flow_log.resource_id,
            traffic_type: flow_log.traffic_type.as_str(),
            log_group_id: &flow_log.log_group_id,
            log_topic_id: &flow_log.log_topic_id,
            log_store_type: LOG_STORE_TYPE,
            created_at: flow_log.created_at.iso(),
            updated_at: flow_log.updated_at.iso(),
            admin_state: flow_log.admin_state,
            status: status(flow_log),
        }
    }
}

/// `{"flow_log": {...}}`.
#[derive(Serialize)]
struct One<'a> {
    flow_log: View<'a>,
}

/// `{"flow_logs": [...]}`.
#[derive(Serialize)]
struct Many<'a> {
    flow_logs: Vec<View<'a>>,
}
