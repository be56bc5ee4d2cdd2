use vpc_errors::VpcError;

#[derive(Debug, VpcError)]
#[vpc(operation = ShowVpc)]
enum Failure {
    #[vpc(code = "VPC.0105", status = 404, status = 500)]
    Backend,
}

fn main() {}
