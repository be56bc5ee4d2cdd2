// Operations whose table has the rows get the extractors.
use vpc_errors::extract::{Json, Path, Query};
use vpc_errors::{CreateVpcError, ListPublicipsError, ShowVpcError};

fn main() {
    let _ = Json::<CreateVpcError, String>::from_bytes(Some(b"application/json"), b"\"x\"");
    let _ = Path::<ShowVpcError, String>::from_pairs([("vpc_id", "x")]);
    let _ = Query::<ListPublicipsError, String>::from_query("");
}
