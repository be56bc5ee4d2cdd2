mod gateway {
    vpc_errors::catalogue!("fixtures/gateway.yaml");
}

#[derive(Debug, vpc_errors::VpcError)]
#[vpc(operation = gateway::ShowThng)]
enum ShowFailure {
    #[vpc(code = "APIG.0404")]
    Gone { thing_id: String },
}

fn main() {}
