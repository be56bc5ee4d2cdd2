//! The API's routes and middleware, and the two shapes of a success response.
//!
//! Apart from `main.rs` so that the router can be built without the binary around it:
//! the fuzz target `fuzz/fuzz_targets/server_request.rs` includes the server's modules
//! and drives this router in-process.

use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Extension, Router};
use serde::Serialize;
use vpc_errors::extract::BodyLimit;
use vpc_errors::observe::ObserveLayer;

use crate::state::App;
use crate::{
    availability, bandwidths, faults, flowlogs, gateway, input, privateips, publicips, quotas,
    securitygroups, subnets, vpcs,
};

/// The API, with its middleware: vpc-errors' `ObserveLayer` outermost (it gives every
/// request an id, echoes it, and logs every final response), then the body limit the
/// `Json` extractors obey. A path no route has, and a method a route's path has no
/// operation for, are answered by the API gateway's rows; every route takes faults on
/// demand (`--faults`).
pub fn router(app: App) -> Router {
    Router::new()
        .route("/v1/{project_id}/vpcs", get(vpcs::list).post(vpcs::create))
        .route(
            "/v1/{project_id}/vpcs/{vpc_id}",
            get(vpcs::show).put(vpcs::update).delete(vpcs::delete),
        )
        .route(
            "/v1/{project_id}/subnets",
            get(subnets::list).post(subnets::create),
        )
        .route("/v1/{project_id}/subnets/{subnet_id}", get(subnets::show))
        .route(
            "/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}",
            put(subnets::update).delete(subnets::delete),
        )
        .route(
            "/v1/{project_id}/publicips",
            get(publicips::list).post(publicips::create),
        )
        .route(
            "/v1/{project_id}/publicips/{publicip_id}",
            get(publicips::show)
                .put(publicips::update)
                .delete(publicips::delete),
        )
        .route(
            "/v1/{project_id}/security-groups",
            get(securitygroups::list).post(securitygroups::create),
        )
        .route(
            "/v1/{project_id}/security-groups/{security_group_id}",
            get(securitygroups::show),
        )
        .route(
            "/v1/{project_id}/security-group-rules",
            post(securitygroups::create_rule),
        )
        .route(
            "/v1/{project_id}/fl/flow_logs",
            get(flowlogs::list).post(flowlogs::create),
        )
        .route(
            "/v1/{project_id}/fl/flow_logs/{flowlog_id}",
            get(flowlogs::show)
                .put(flowlogs::update)
                .delete(flowlogs::delete),
        )
        .route("/v1/{project_id}/privateips", post(privateips::create))
        .route(
            "/v1/{project_id}/privateips/{privateip_id}",
            get(privateips::show).delete(privateips::delete),
        )
        .route(
            "/v1/{project_id}/subnets/{subnet_id}/privateips",
            get(privateips::list),
        )
        .route(
            "/v2.0/network-ip-availabilities/{network_id}",
            get(availability::show),
        )
        .route("/v1/{project_id}/quotas", get(quotas::show))
        .route("/v1/{project_id}/bandwidths", get(bandwidths::list))
        .route(
            "/v1/{project_id}/bandwidths/{bandwidth_id}",
            get(bandwidths::show).put(bandwidths::update),
        )
        .route(
            "/v2.0/{project_id}/bandwidths",
            post(bandwidths::create_shared),
        )
        .route(
            "/v2.0/{project_id}/bandwidths/{bandwidth_id}/insert",
            post(bandwidths::insert),
        )
        .route(
            "/v2.0/{project_id}/bandwidths/{bandwidth_id}/remove",
            post(bandwidths::remove),
        )
        .route_layer(from_fn(gateway::check_credentials))
        .route_layer(from_fn_with_state(app.clone(), faults::inject))
        .fallback(gateway::no_such_api)
        .method_not_allowed_fallback(gateway::no_such_method)
        .layer(Extension(BodyLimit(input::BODY_LIMIT)))
        .layer(ObserveLayer::new())
        .with_state(app)
}

/// A success, `200` with `body` as JSON: every operation here but the deletions answers so.
pub fn ok<T: Serialize>(body: &T) -> Response {
    // The views hold only strings, numbers, booleans and lists of them, which serde_json
    // cannot fail to write (it fails on non-string map keys and on `Serialize` impls that
    // fail); the empty fallback only keeps this path free of panics.
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    (
        StatusCode::OK,
        [(CONTENT_TYPE, vpc_errors::CONTENT_TYPE)],
        bytes,
    )
        .into_response()
}

/// A success without a body, as the cloud answers deletions.
#[must_use]
pub fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}
