use vpc_errors::vpc_error;

fn main() {
    let _ = vpc_error!(DeletePublicIp::PublicipNotFound);
}
