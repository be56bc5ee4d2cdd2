use vpc_errors::VpcError;

#[derive(Debug, VpcError)]
#[vpc(operation = ShowVpc)]
struct Failure {
    id: String,
}

fn main() {}
