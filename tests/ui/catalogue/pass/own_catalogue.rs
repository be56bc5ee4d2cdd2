#![deny(warnings)]

mod things {
    vpc_errors::catalogue!("fixtures/small.yaml");
}

use vpc_errors::VpcError;

fn main() {
    let e = things::ShowThingError::ThingNotFound {
        status: things::Status404Or410::Gone,
        thing_id: "t-1".into(),
    };
    assert_eq!(e.status(), 410);
    assert_eq!(e.body(), r#"{"code":"THG.0404","message":"Thing t-1 could not be found."}"#);
    let common: things::ShowThingError = things::CommonError::TokenInvalid.into();
    assert_eq!(common.to_string(), "THG.0001: Invalid token.");
    assert_eq!(things::CATALOGUE.entries.len(), 2);
}
