#![deny(warnings)]

use vpc_errors::{CommonError, DeleteVpcError, VpcError};

/// Authentication failures, shared by every operation.
#[derive(Debug, VpcError)]
#[vpc(operation = Common, exhaustive)]
enum Denied {
    #[vpc(name = AvailabilityZoneMissing)]
    NoZone,
    #[vpc(name = VpcNotFound)]
    NoVpc { vpc_id: String },
    #[vpc(name = VpcNotActive)]
    Inactive,
    #[vpc(name = UserRestricted)]
    Restricted,
    #[vpc(name = RealNameAuthFailed)]
    NotVerified,
    #[vpc(name = TenantIdMismatch)]
    WrongProject { url: String, token: String },
    #[vpc(code = "VPC.0008")]
    BadToken,
    #[vpc(code = "VPC.2701")]
    Forbidden,
}

fn delete() -> Result<(), DeleteVpcError> {
    Err(CommonError::from(Denied::BadToken))?;
    Ok(())
}

fn main() {
    let denied = Denied::WrongProject { url: "a".into(), token: "b".into() };
    assert_eq!(denied.code(), "VPC.0007");
    assert!(denied.operation().is_none());
    assert_eq!(delete(), Err(DeleteVpcError::TokenInvalid));
    let _ = (Denied::NoZone, Denied::NoVpc { vpc_id: String::new() }, Denied::Inactive);
    let _ = (Denied::Restricted, Denied::NotVerified, Denied::Forbidden);
}
