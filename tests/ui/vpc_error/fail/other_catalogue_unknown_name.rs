mod gateway {
    vpc_errors::catalogue!("fixtures/gateway.yaml");
}

mod handlers {
    pub fn show() -> crate::gateway::ShowThingError {
        vpc_errors::vpc_error!(crate::gateway::ShowThing::ThingNotFund, thing_id = "t-1")
    }

    pub fn missing() -> crate::gateway::ShowThingError {
        vpc_errors::vpc_error!(crate::gateway::ShowThing::ThingNotFound)
    }

    pub fn not_a_catalogue() -> crate::gateway::ShowThingError {
        vpc_errors::vpc_error!(crate::handlers::ShowThing::ThingNotFound)
    }
}

fn main() {}
