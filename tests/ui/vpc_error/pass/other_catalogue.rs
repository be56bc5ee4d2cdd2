#![deny(warnings)]

mod gateway {
    vpc_errors::catalogue!("fixtures/gateway.yaml");
}

mod handlers {
    use vpc_errors::vpc_error;

    pub fn show(thing_id: String) -> crate::gateway::ShowThingError {
        vpc_error!(crate::gateway::ShowThing::ThingNotFound, thing_id)
    }

    pub fn common() -> super::gateway::CommonError {
        vpc_error!(super::gateway::Common, "APIG.0101")
    }
}

#[derive(Debug, vpc_errors::VpcError)]
#[vpc(operation = gateway::ShowThing)]
enum ShowFailure {
    #[vpc(name = ThingNotFound)]
    Gone { thing_id: String },
}

use vpc_errors::VpcError;

fn main() {
    let e = handlers::show("t-1".into());
    assert_eq!(
        e.body(),
        r#"{"error_code":"APIG.0404","error_msg":"Thing t-1 could not be found.","request_id":""}"#
    );
    assert_eq!(handlers::common().status(), 404);
    let derived = ShowFailure::Gone { thing_id: "t-2".into() };
    assert_eq!(derived.code(), "APIG.0404");
    let wire: gateway::ShowThingError = derived.into();
    assert_eq!(wire.status(), 404);
}
