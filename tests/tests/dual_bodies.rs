//! `serve_dual_bodies`: every error response carries both pairs of members, through every
//! integration. A test binary of its own, because the switch is process-wide.

use std::borrow::Cow;

use vpc_errors::client::{Decoded, decode};
use vpc_errors::{
    DeleteVpcError, ErrorResponse, RequestId, ShowNetworkIpAvailabilitiesError, VpcError,
};

const PUBLISHED: &str =
    r#"{"code":"VPC.0104","message":"Router contains subnets, please delete subnet first."}"#;
const DUAL: &str = r#"{"code":"VPC.0104","message":"Router contains subnets, please delete subnet first.","error_code":"VPC.0104","error_msg":"Router contains subnets, please delete subnet first."}"#;
const DUAL_TEMPLATED: &str = r#"{"code":"VPC.2302","message":"Network n-\"1\" could not be found.","error_code":"VPC.2302","error_msg":"Network n-\"1\" could not be found."}"#;

fn templated() -> ShowNetworkIpAvailabilitiesError {
    ShowNetworkIpAvailabilitiesError::NetworkNotFound {
        network_id: "n-\"1\"".into(),
    }
}

#[tokio::test]
async fn every_response_carries_both_pairs_once_switched_on() {
    use axum::response::IntoResponse as _;

    // The published bytes are the default.
    assert_eq!(
        ErrorResponse::new(&DeleteVpcError::VpcHasSubnets).body(),
        PUBLISHED
    );

    vpc_errors::serve_dual_bodies(true);
    let response = ErrorResponse::new(&DeleteVpcError::VpcHasSubnets);
    assert_eq!(response.body(), DUAL);
    assert!(
        matches!(response.clone().into_body(), Cow::Borrowed(_)),
        "a static row's dual body is prebuilt"
    );
    // The error value itself still renders the published body.
    assert_eq!(DeleteVpcError::VpcHasSubnets.body(), PUBLISHED);
    assert_eq!(ErrorResponse::new(&templated()).body(), DUAL_TEMPLATED);
    let with_id = ErrorResponse::new(&templated()).with_request_id(RequestId::parse("r-1"));
    assert_eq!(with_id.body(), DUAL_TEMPLATED);

    // axum, actix-web and `http` all answer the dual body.
    let axum = DeleteVpcError::VpcHasSubnets.into_response();
    let bytes = axum::body::to_bytes(axum.into_body(), 1 << 16)
        .await
        .unwrap();
    assert_eq!(bytes, DUAL.as_bytes());
    let actix = actix_web::ResponseError::error_response(&templated());
    let bytes = actix_web::body::MessageBody::try_into_bytes(actix.into_body()).unwrap();
    assert_eq!(bytes, DUAL_TEMPLATED.as_bytes());
    let http: http::Response<String> = vpc_errors::http::to_response(&templated());
    assert_eq!(http.body(), DUAL_TEMPLATED);

    // Clients read it back, pairs checked against each other.
    assert_eq!(
        decode::<DeleteVpcError>(409, DUAL.as_bytes()).unwrap(),
        Decoded::Known(DeleteVpcError::VpcHasSubnets)
    );
    assert_eq!(
        decode::<ShowNetworkIpAvailabilitiesError>(400, DUAL_TEMPLATED.as_bytes()).unwrap(),
        Decoded::Known(templated())
    );
    let disagreeing = DUAL.replacen("VPC.0104", "VPC.0105", 1);
    assert!(
        !decode::<DeleteVpcError>(409, disagreeing.as_bytes())
            .unwrap()
            .is_known()
    );

    vpc_errors::serve_dual_bodies(false);
    assert_eq!(
        ErrorResponse::new(&DeleteVpcError::VpcHasSubnets).body(),
        PUBLISHED
    );
}
