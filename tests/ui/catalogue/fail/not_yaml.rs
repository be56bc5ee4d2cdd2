vpc_errors::catalogue!("fixtures/not_yaml.yaml");

fn main() {}
