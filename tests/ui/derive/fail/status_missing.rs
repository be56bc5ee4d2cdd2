use vpc_errors::VpcError;

#[derive(Debug, VpcError)]
#[vpc(operation = ShowVpc)]
enum Failure {
    #[vpc(name = NeutronError)]
    Backend,
}

fn main() {}
