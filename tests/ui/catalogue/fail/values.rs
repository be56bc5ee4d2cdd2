vpc_errors::catalogue!("fixtures/values.yaml");

fn main() {}
