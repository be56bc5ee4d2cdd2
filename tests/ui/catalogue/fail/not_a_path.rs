vpc_errors::catalogue!(errors.yaml);

fn main() {}
