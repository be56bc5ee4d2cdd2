vpc_errors::catalogue!("fixtures/no_such_file.yaml");

fn main() {}
