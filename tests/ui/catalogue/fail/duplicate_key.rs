vpc_errors::catalogue!("fixtures/duplicate_key.yaml");

fn main() {}
