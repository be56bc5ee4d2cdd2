//! Flow logs: `CreateFlowLog`, `ListFlowLogs`, `ShowFlowLog`, `UpdateFlowLog` and
//! `DeleteFlowLog`.
//!
//! A flow log records the traffic of a VPC, a subnet (`network`, by the subnet's id) or a
//! port of the project into a log group and topic of the cloud's log service, which is not
//! modelled: their ids need only be ids. The ports this server knows are those its EIPs
//! are bound to. `UpdateFlowLog` has no parameter row in the catalogue, so a body it
//! cannot read is refused by the API gateway's (`APIGW.0201`).

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use vpc_errors::extract::{Json, Path, Query};
use vpc_errors::{
    CreateFlowLogError, DeleteFlowLogError, ListFlowLogsError, ShowFlowLogError,
    UpdateFlowLogError, VpcError, vpc_error,
};

use crate::auth::Auth;
use crate::errors::{ApiError, api_errors};
use crate::gateway;
use crate::input::{self, BadInput, Id, Paging};
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
    pub resource_type: &'static str,
    /// The port, subnet or VPC.
    pub resource_id: String,
    /// `all`, `accept` or `reject`.
    pub traffic_type: &'static str,
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

const RESOURCE_TYPES: [&str; 3] = ["port", "network", "vpc"];
const TRAFFIC_TYPES: [&str; 3] = ["all", "accept", "reject"];
const STATUSES: [&str; 2] = ["ACTIVE", "DOWN"];

/// `CreateFlowLog`'s own failures.
#[derive(Debug, VpcError)]
#[vpc(operation = CreateFlowLog)]
pub enum CreateFlowLogFailure {
    /// A type or id that is not one, or a name or description breaking its rule: the
    /// operation's only parameter row.
    #[vpc(name = FlowLogParamInvalid)]
    Invalid(#[source] BadInput),
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
        resource_type: &'static str,
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

api_errors! {
    CreateFlowLogError => CreateFlowLogError,
    CreateFlowLogFailure => CreateFlowLogError,
    ListFlowLogsError => ListFlowLogsError,
    ShowFlowLogError => ShowFlowLogError,
    UpdateFlowLogError => UpdateFlowLogError,
    DeleteFlowLogError => DeleteFlowLogError,
}

/// `{"flow_log": {"name", "description"?, "resource_type", "resource_id", "traffic_type",
/// "log_group_id", "log_topic_id", "log_store_type"?}}`.
#[derive(Deserialize)]
pub struct CreateBody {
    flow_log: NewFlowLog,
}

#[derive(Deserialize)]
struct NewFlowLog {
    name: String,
    description: Option<String>,
    resource_type: String,
    resource_id: String,
    traffic_type: String,
    log_group_id: String,
    log_topic_id: String,
    log_store_type: Option<String>,
}

/// `POST /v1/{project_id}/fl/flow_logs`: `200 {"flow_log": {...}}`.
pub async fn create(
    State(app): State<App>,
    auth: Auth<CreateFlowLogError>,
    Json(body, _): Json<CreateFlowLogError, CreateBody>,
) -> Result<Response, ApiError<CreateFlowLogError>> {
    let new = body.flow_log;
    let invalid = CreateFlowLogFailure::Invalid;
    let name = input::name("name", &new.name).map_err(invalid)?;
    let description = new
        .description
        .as_deref()
        .map(|text| input::description("description", text))
        .transpose()
        .map_err(invalid)?
        .unwrap_or_default();
    let resource_type =
        one_of("resource_type", &new.resource_type, &RESOURCE_TYPES).map_err(invalid)?;
    let traffic_type =
        one_of("traffic_type", &new.traffic_type, &TRAFFIC_TYPES).map_err(invalid)?;
    if new
        .log_store_type
        .as_deref()
        .is_some_and(|t| t != LOG_STORE_TYPE)
    {
        return Err(invalid(BadInput::breaks("log_store_type", "`lts`")).into());
    }
    for (field, id) in [
        ("resource_id", &new.resource_id),
        ("log_group_id", &new.log_group_id),
        ("log_topic_id", &new.log_topic_id),
    ] {
        if !input::is_uuid(id) {
            return Err(invalid(BadInput::breaks(field, "an id")).into());
        }
    }

    let mut store = app.store();
    let project = store.project(&auth.caller.project);
    if !has_resource(project, resource_type, &new.resource_id) {
        return Err(CreateFlowLogFailure::NoResource {
            resource_id: new.resource_id,
        }
        .into());
    }
    if let Some(same) = project.flow_logs.iter().find(|f| {
        f.resource_type == resource_type
            && f.resource_id == new.resource_id
            && f.traffic_type == traffic_type
            && f.log_group_id == new.log_group_id
            && f.log_topic_id == new.log_topic_id
    }) {
        return Err(CreateFlowLogFailure::Duplicate {
            resource_type,
            resource_id: new.resource_id,
            log_group_id: new.log_group_id,
            log_store_name: new.log_topic_id.clone(),
            log_topic_id: new.log_topic_id,
            log_store_type: LOG_STORE_TYPE,
            flow_log_id: same.id.clone(),
        }
        .into());
    }
    let now = Timestamp::now();
    let flow_log = FlowLog {
        id: app.new_id(),
        name,
        description,
        resource_type,
        resource_id: new.resource_id,
        traffic_type,
        log_group_id: new.log_group_id,
        log_topic_id: new.log_topic_id,
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

/// `value` if it is one of `allowed`, as the static text.
fn one_of(
    field: &'static str,
    value: &str,
    allowed: &[&'static str],
) -> Result<&'static str, BadInput> {
    allowed
        .iter()
        .find(|a| **a == value)
        .copied()
        .ok_or(BadInput::breaks(field, "one of the API's values"))
}

/// Whether the project has a resource of `kind` with `id`: a VPC, a subnet (`network`), or
/// a port one of its EIPs is bound to.
fn has_resource(project: &Project, kind: &str, id: &str) -> bool {
    match kind {
        "vpc" => project.vpc(id).is_some(),
        "network" => project.subnet(id).is_some(),
        _ => project
            .publicips
            .iter()
            .any(|p| p.port_id.as_deref() == Some(id)),
    }
}

/// `ListFlowLogs`' query: paging, and filters that match exactly.
#[derive(Deserialize)]
pub struct ListQuery {
    limit: Option<u32>,
    marker: Option<String>,
    id: Option<String>,
    name: Option<String>,
    resource_type: Option<String>,
    resource_id: Option<String>,
    traffic_type: Option<String>,
    log_group_id: Option<String>,
    log_topic_id: Option<String>,
    log_store_type: Option<String>,
    status: Option<String>,
}

/// `GET /v1/{project_id}/fl/flow_logs[?limit=&marker=&…]`: `200 {"flow_logs": [...]}`,
/// oldest first.
pub async fn list(
    State(app): State<App>,
    auth: Auth<ListFlowLogsError>,
    Query(query, _): Query<ListFlowLogsError, ListQuery>,
) -> Result<Response, ApiError<ListFlowLogsError>> {
    let bad = |e: BadInput| vpc_error!(ListFlowLogs::ListParamInvalid, list_param = e.field);
    for (field, value, allowed) in [
        ("resource_type", &query.resource_type, &RESOURCE_TYPES[..]),
        ("traffic_type", &query.traffic_type, &TRAFFIC_TYPES[..]),
        (
            "log_store_type",
            &query.log_store_type,
            &[LOG_STORE_TYPE][..],
        ),
        ("status", &query.status, &STATUSES[..]),
    ] {
        if let Some(value) = value {
            one_of(field, value, allowed).map_err(bad)?;
        }
    }
    let paging = Paging::new(query.limit, query.marker.clone()).map_err(bad)?;
    let mut store = app.store();
    let project = store.project(&auth.caller.project);
    let is = |filter: &Option<String>, value: &str| filter.as_deref().is_none_or(|f| f == value);
    let chosen = project.flow_logs.iter().filter(|f| {
        is(&query.id, &f.id)
            && is(&query.name, &f.name)
            && is(&query.resource_type, f.resource_type)
            && is(&query.resource_id, &f.resource_id)
            && is(&query.traffic_type, f.traffic_type)
            && is(&query.log_group_id, &f.log_group_id)
            && is(&query.log_topic_id, &f.log_topic_id)
            && is(&query.status, status(f))
    });
    let flow_logs = paging
        .page(chosen, |f| &f.id)
        .map_err(bad)?
        .into_iter()
        .map(|f| View::new(f, &auth.caller.project))
        .collect();
    Ok(crate::ok(&Many { flow_logs }))
}

/// `{project_id}` and `{flowlog_id}`.
#[derive(Deserialize)]
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
    let Some(flow_log) = project.flow_logs.iter().find(|f| f.id == *path.flowlog_id) else {
        let flow_log_id = path.flowlog_id.0;
        return Err(vpc_error!(ShowFlowLog::FlowLogNotFound, flow_log_id).into());
    };
    Ok(crate::ok(&One {
        flow_log: View::new(flow_log, &auth.caller.project),
    }))
}

/// `{"flow_log": {"name"?, "description"?, "admin_state"?}}`.
#[derive(Debug, Deserialize)]
struct UpdateBody {
    flow_log: Change,
}

#[derive(Debug, Deserialize)]
struct Change {
    name: Option<String>,
    description: Option<String>,
    admin_state: Option<bool>,
}

/// `PUT /v1/{project_id}/fl/flow_logs/{flowlog_id}`: `200 {"flow_log": {...}}`.
pub async fn update(
    State(app): State<App>,
    auth: Auth<UpdateFlowLogError>,
    Path(path, _): Path<UpdateFlowLogError, FlowLogPath>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError<UpdateFlowLogError>> {
    let change = read_change(body)?;
    let mut store = app.store();
    let project = store.project(&auth.caller.project);
    let Some(flow_log) = project
        .flow_logs
        .iter_mut()
        .find(|f| f.id == *path.flowlog_id)
    else {
        let flow_log_id = path.flowlog_id.0;
        return Err(vpc_error!(UpdateFlowLog::FlowLogNotFound, flow_log_id).into());
    };
    if let Some(name) = change.name {
        flow_log.name = name;
    }
    if let Some(description) = change.description {
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

/// The change an `UpdateFlowLog` body asks for, its name and description checked.
fn read_change(
    body: Result<Bytes, BytesRejection>,
) -> Result<Change, ApiError<UpdateFlowLogError>> {
    let UpdateBody { flow_log: change } = gateway::json_body(body)?;
    if let Some(name) = &change.name {
        input::name("name", name).map_err(gateway::bad_request)?;
    }
    if let Some(description) = &change.description {
        input::description("description", description).map_err(gateway::bad_request)?;
    }
    Ok(change)
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
        .position(|f| f.id == *path.flowlog_id)
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
            resource_type: flow_log.resource_type,
            resource_id: &flow_log.resource_id,
            traffic_type: flow_log.traffic_type,
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
