use vpc_errors::vpc_error;

fn main() {
    let _ = vpc_error!(DeletePublicip::PublicipNotFound, publicip_id = "eip-1");
}
