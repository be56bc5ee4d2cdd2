use vpc_errors::VpcError;

#[derive(Debug, VpcError)]
#[vpc(operation = DeleteVpc)]
enum Failure {
    #[vpc(code = 104)]
    HasSubnets,
}

fn main() {}
