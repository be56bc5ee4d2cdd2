#![deny(warnings)]

use vpc_errors::{CommonError, DeletePublicipError, ShowVpcError, VpcError, vpc_error};

fn show(found: bool, token: bool) -> Result<&'static str, ShowVpcError> {
    if !token {
        Err(vpc_error!(Common::TokenInvalid))?;
    }
    if !found {
        return Err(vpc_error!(ShowVpc::NeutronError, status = 404));
    }
    Ok("vpc")
}

fn main() {
    let by_name: DeletePublicipError = vpc_error!(DeletePublicip::PublicipNotFound);
    let by_code: DeletePublicipError = vpc_error!(DeletePublicip, "VPC.0504");
    assert_eq!(by_name, by_code);
    let id = String::from("net-1");
    let e = vpc_error!(ShowNetworkIpAvailabilities::NetworkNotFound, network_id = id);
    assert_eq!(e.message(), "Network net-1 could not be found.");
    let network_id = "net-2";
    let e = vpc_error!(ShowNetworkIpAvailabilities::NetworkNotFound, network_id,);
    assert_eq!(e.status(), 400);
    let e = vpc_error!(CreateFlowLog, "VPC.3002", status = 500, tenant_id = "t");
    assert_eq!(e.status(), 500);
    let common: CommonError = vpc_error!(Common::TokenInvalid);
    assert_eq!(common.code(), "VPC.0008");
    assert_eq!(show(false, true).unwrap_err().status(), 404);
    assert_eq!(show(true, false).unwrap_err().code(), "VPC.0008");
}
