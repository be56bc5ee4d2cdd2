use vpc_errors::VpcError;

#[derive(Debug, VpcError)]
#[vpc(operation = DeleteVpc)]
enum Failure {
    #[vpc(cod = "VPC.0104")]
    HasSubnets,
}

fn main() {}
