use vpc_errors::vpc_error;

fn main() {
    let _ = vpc_error!(
        ShowNetworkIpAvailabilities::NetworkNotFound,
        network_id = "n-1",
        network_id = "n-2"
    );
}
