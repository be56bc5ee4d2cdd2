#![deny(warnings)]

use std::error::Error as _;

use vpc_errors::{DeleteVpcError, ShowQuotaError, VpcError};

#[derive(Debug, VpcError)]
#[vpc(operation = DeleteVpc)]
enum DeleteVpcFailure {
    #[vpc(code = "VPC.0104")]
    HasSubnets { vpc_id: String },
    #[vpc(code = "VPC.0105", status = 500)]
    Backend(#[source] std::io::Error),
    #[vpc(code = "VPC.0008")]
    BadToken,
    #[vpc(name = InvalidParam, status = 404)]
    Invalid { field: &'static str, attempt: u32 },
    #[vpc(name = DatabaseError)]
    Database { source: std::io::Error },
    #[vpc(name = ElbError)]
    Elb(#[from] std::fmt::Error),
}

/// Every row of ShowQuota is mapped: `exhaustive` compiles.
#[derive(Debug, VpcError)]
#[vpc(operation = ShowQuota, exhaustive)]
enum ShowQuotaFailure {
    #[vpc(code = "VPC.1207")]
    BadType(String),
}

fn main() {
    let e = DeleteVpcFailure::Invalid { field: "cidr", attempt: 2 };
    assert_eq!(e.status(), 404);
    assert_eq!(e.message(), "Delete router error cidr is invalid.");
    let wire: DeleteVpcError = e.into();
    assert_eq!(wire.code(), "VPC.0101");
    let db = DeleteVpcFailure::Database { source: std::io::Error::other("x") };
    assert!(db.source().is_some());
    let elb: DeleteVpcFailure = std::fmt::Error.into();
    assert_eq!(elb.code(), "VPC.0119");
    let _ = ShowQuotaError::from(ShowQuotaFailure::BadType(String::new()));
    let _ = (DeleteVpcFailure::HasSubnets { vpc_id: String::new() }, DeleteVpcFailure::BadToken);
    let _ = DeleteVpcFailure::Backend(std::io::Error::other("y"));
}
