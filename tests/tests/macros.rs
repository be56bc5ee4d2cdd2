//! `vpc_error!` and `#[derive(VpcError)]` produce exactly what writing the variants by
//! hand would, and derived errors answer with their catalogue row.

use std::borrow::Cow;
use std::error::Error as _;
use std::fmt;

use vpc_errors::{
    CommonError, CreateFlowLogError, DeletePublicipError, DeleteVpcError,
    ShowNetworkIpAvailabilitiesError, ShowVpcError, Status400Or404, Status404Or500, VpcError,
    vpc_error,
};

#[test]
fn vpc_error_is_the_hand_written_variant() {
    let by_name: DeletePublicipError = vpc_error!(DeletePublicip::PublicipNotFound);
    let by_code: DeletePublicipError = vpc_error!(DeletePublicip, "VPC.0504");
    assert_eq!(by_name, DeletePublicipError::PublicipNotFound);
    assert_eq!(by_code, DeletePublicipError::PublicipNotFound);

    let picked = vpc_error!(ShowVpc::NeutronError, status = 500);
    assert_eq!(
        picked,
        ShowVpcError::NeutronError {
            status: Status404Or500::InternalServerError
        }
    );
    assert_eq!(picked.status(), 500);

    let id = String::from("net-1");
    let templated = vpc_error!(
        ShowNetworkIpAvailabilities::NetworkNotFound,
        network_id = id.clone()
    );
    assert_eq!(
        templated,
        ShowNetworkIpAvailabilitiesError::NetworkNotFound {
            network_id: Cow::Owned(id.clone())
        }
    );
    let network_id = id;
    let shorthand = vpc_error!(ShowNetworkIpAvailabilities::NetworkNotFound, network_id);
    assert_eq!(shorthand, templated);
    assert_eq!(templated.message(), "Network net-1 could not be found.");

    assert_eq!(vpc_error!(Common::TokenInvalid), CommonError::TokenInvalid);
}

#[test]
fn common_errors_and_codes_resolve_within_an_operation() {
    assert_eq!(
        vpc_error!(DeleteVpc::TokenInvalid),
        DeleteVpcError::TokenInvalid
    );
    assert_eq!(
        vpc_error!(DeleteVpc, "VPC.0008"),
        DeleteVpcError::TokenInvalid
    );
    // A code with several rows in one operation, picked by status.
    let e = vpc_error!(
        CreateFlowLog,
        "VPC.3002",
        status = 404,
        resource_id = "port-1"
    );
    assert_eq!(
        e,
        CreateFlowLogError::ResourceNotFound {
            resource_id: "port-1".into()
        }
    );
    // Multi-status rows with a template: both fields, in any order.
    let e = vpc_error!(DeleteVpc::InvalidParam, field = "vpc_id", status = 404);
    assert_eq!(
        e,
        DeleteVpcError::InvalidParam {
            status: Status400Or404::NotFound,
            field: "vpc_id".into()
        }
    );
}

fn delete(token_ok: bool) -> Result<(), DeleteVpcError> {
    if !token_ok {
        // A common error becomes the operation's error through `?`.
        Err(vpc_error!(Common::TokenInvalid))?;
    }
    Err(vpc_error!(DeleteVpc::VpcHasSubnets))
}

#[test]
fn vpc_error_works_with_question_mark() {
    assert_eq!(delete(false), Err(DeleteVpcError::TokenInvalid));
    assert_eq!(delete(true), Err(DeleteVpcError::VpcHasSubnets));
}

#[derive(Debug)]
struct BackendError {
    connection: &'static str,
}

impl fmt::Display for BackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "backend unreachable at {}", self.connection)
    }
}

impl std::error::Error for BackendError {}

#[derive(Debug, vpc_errors::VpcError)]
#[vpc(operation = DeleteVpc)]
enum DeleteVpcFailure {
    #[vpc(code = "VPC.0104")]
    HasSubnets { vpc_id: String },
    #[vpc(code = "VPC.0105", status = 500)]
    Backend(#[source] BackendError),
    #[vpc(code = "VPC.0008")]
    BadToken,
    #[vpc(name = InvalidParam, status = 400)]
    BadField { field: String },
    #[vpc(name = DatabaseError)]
    Database(#[from] std::io::Error),
}

#[test]
fn derived_errors_answer_with_their_row() {
    let e = DeleteVpcFailure::HasSubnets {
        vpc_id: "vpc-1".into(),
    };
    assert_eq!(e.code(), "VPC.0104");
    assert_eq!(e.status(), 409);
    assert_eq!(
        e.to_string(),
        "VPC.0104: Router contains subnets, please delete subnet first."
    );
    let wire: DeleteVpcError = e.into();
    assert_eq!(wire, DeleteVpcError::VpcHasSubnets);

    let secret = DeleteVpcFailure::Backend(BackendError {
        connection: "postgres://admin:hunter2@db",
    });
    assert_eq!(secret.status(), 500);
    assert!(!secret.body().contains("hunter2"));
    assert!(!secret.to_string().contains("hunter2"));
    assert!(secret.source().unwrap().to_string().contains("hunter2"));

    let field = DeleteVpcFailure::BadField {
        field: "name".into(),
    };
    assert_eq!(field.message(), "Delete router error name is invalid.");
    assert_eq!(field.status(), 400);
    assert_eq!(
        DeleteVpcError::from(field),
        DeleteVpcError::InvalidParam {
            status: Status400Or404::BadRequest,
            field: "name".into()
        }
    );
    assert_eq!(
        DeleteVpcError::from(DeleteVpcFailure::BadToken),
        DeleteVpcError::TokenInvalid
    );

    let io = std::io::Error::other("disk full");
    let from: DeleteVpcFailure = io.into();
    assert_eq!(from.code(), "VPC.0111");
    assert_eq!(from.source().unwrap().to_string(), "disk full");
    assert_eq!(from.operation().unwrap().name, "DeleteVpc");
}
