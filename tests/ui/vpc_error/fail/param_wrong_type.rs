use vpc_errors::vpc_error;

fn main() {
    let id = 42_u32;
    let _ = vpc_error!(ShowNetworkIpAvailabilities::NetworkNotFound, network_id = id);
}
