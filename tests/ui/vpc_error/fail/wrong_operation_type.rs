use vpc_errors::{ShowVpcError, vpc_error};

fn show() -> Result<(), ShowVpcError> {
    Err(vpc_error!(DeleteVpc::VpcHasSubnets))
}

fn main() {
    let _ = show();
}
