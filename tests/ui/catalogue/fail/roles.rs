vpc_errors::catalogue!("fixtures/roles.yaml");

fn main() {}
