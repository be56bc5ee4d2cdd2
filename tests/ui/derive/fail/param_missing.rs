use vpc_errors::VpcError;

#[derive(Debug, VpcError)]
#[vpc(operation = ShowNetworkIpAvailabilities)]
enum Failure {
    #[vpc(name = NetworkNotFound)]
    Missing { id: String },
}

fn main() {}
