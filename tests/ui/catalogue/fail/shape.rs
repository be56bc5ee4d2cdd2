vpc_errors::catalogue!("fixtures/shape.yaml");

fn main() {}
