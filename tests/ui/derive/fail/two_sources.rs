use vpc_errors::VpcError;

#[derive(Debug, VpcError)]
#[vpc(operation = DeleteVpc)]
enum Failure {
    #[vpc(code = "VPC.0111")]
    Database(#[source] std::io::Error, #[source] std::fmt::Error),
}

fn main() {}
