use vpc_errors::VpcError;

#[derive(Debug, VpcError)]
#[vpc(operation = ShowVpc, exhaustive)]
enum Failure {
    #[vpc(code = "VPC.0101")]
    BadId,
}

fn main() {}
