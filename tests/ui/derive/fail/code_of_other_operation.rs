use vpc_errors::VpcError;

#[derive(Debug, VpcError)]
#[vpc(operation = ShowVpc)]
enum Failure {
    #[vpc(code = "VPC.0104")]
    HasSubnets,
}

fn main() {}
