use vpc_errors::VpcError;

#[derive(Debug, VpcError)]
#[vpc(operation = Common)]
enum Failure {
    #[vpc(code = "VPC.0008")]
    BadToken,
}

fn main() {}
