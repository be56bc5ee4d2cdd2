use vpc_errors::vpc_error;

fn main() {
    let status = 500;
    let _ = vpc_error!(ShowVpc::NeutronError, status = status);
}
