//! The shortest path to the crate's value: one operation of the VPC API, `ShowVpc`, whose
//! every answer that is not a success is a row of the published table, byte for byte.
//!
//! ```sh
//! cargo run -p vpc-errors --example minimal --features axum
//! curl -s localhost:8081/v1/p1/vpcs/demo -H 'X-Auth-Token: secret'  # 200
//! curl -s localhost:8081/v1/p1/vpcs/gone -H 'X-Auth-Token: secret'  # VPC.0003, 404
//! curl -s localhost:8081/v1/p2/vpcs/demo -H 'X-Auth-Token: secret'  # VPC.0007, 400
//! curl -s localhost:8081/v1/p1/vpcs/demo                            # VPC.0008, 401
//! ```

use serde::Deserialize;
use vpc_errors::extract::{Authenticate, Authenticated, Denied, Headers, Path};
use vpc_errors::registry::Operation;
use vpc_errors::{ShowVpcError, vpc_error};

/// The credentials check: here one token, for project `p1`.
#[derive(Clone)]
struct Tokens;

impl Authenticate for Tokens {
    type Caller = String;

    async fn authenticate(
        &self,
        headers: &Headers<'_>,
        _: Option<&'static Operation>,
    ) -> Result<String, Denied> {
        match headers.get_str("x-auth-token") {
            Some("secret") => Ok("p1".to_owned()),
            _ => Err(Denied::unauthenticated("no or unknown X-Auth-Token")),
        }
    }

    fn project(caller: &String) -> &str {
        caller
    }
}

/// The route's parameters.
#[derive(Deserialize)]
struct VpcPath {
    vpc_id: String,
}

/// `GET /v1/{project_id}/vpcs/{vpc_id}`: credentials, the URL's project and the path are
/// checked by the extractors, each refusal a catalogue row; the handler adds its own.
async fn show_vpc(
    _caller: Authenticated<ShowVpcError, Tokens>,
    Path(path, _): Path<ShowVpcError, VpcPath>,
) -> Result<axum::Json<serde_json::Value>, ShowVpcError> {
    if path.vpc_id != "demo" {
        return Err(vpc_error!(Common::VpcNotFound).into());
    }
    let vpc =
        serde_json::json!({"id": "demo", "name": "demo", "cidr": "10.0.0.0/16", "status": "OK"});
    Ok(axum::Json(serde_json::json!({ "vpc": vpc })))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let app = axum::Router::new()
        .route(
            "/v1/{project_id}/vpcs/{vpc_id}",
            axum::routing::get(show_vpc),
        )
        .with_state(Tokens);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:8081").await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await
}
