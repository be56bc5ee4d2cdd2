use vpc_errors::VpcError;

#[derive(Debug, VpcError)]
enum Failure {
    #[vpc(code = "VPC.0104")]
    HasSubnets,
}

fn main() {}
