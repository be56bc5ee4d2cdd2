use vpc_errors::vpc_error;

fn main() {
    let _ = vpc_error!(CreateFlowLog, "VPC.3002", port_id = "p");
}
