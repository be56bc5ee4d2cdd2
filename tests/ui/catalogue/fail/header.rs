vpc_errors::catalogue!("fixtures/header.yaml");

fn main() {}
