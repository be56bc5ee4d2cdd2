use vpc_errors::VpcError;

#[derive(Debug, VpcError)]
#[vpc(operation = DeleteVpc)]
enum Failure {
    #[vpc(code = "VPC.0104")]
    HasSubnets,
    Forgotten,
}

fn main() {}
