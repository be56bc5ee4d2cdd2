use vpc_errors::VpcError;

#[derive(Debug, VpcError)]
#[vpc(operation = ShowNetworkIpAvailabilities)]
enum Failure {
    #[vpc(name = NetworkNotFound)]
    Missing(#[vpc(param = net_id)] String),
}

fn main() {}
