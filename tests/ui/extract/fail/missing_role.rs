// The published table has no row for a bad body of CreateSharedBandwidth (`body: none`),
// a bad path of ShowPrivateip, or a bad query of ShowVpc: their extractors do not compile.
use vpc_errors::extract::{Json, Path, Query};
use vpc_errors::{CreateSharedBandwidthError, ShowPrivateipError, ShowVpcError};

fn main() {
    let _ = Json::<CreateSharedBandwidthError, String>::from_bytes(None, b"\"x\"");
    let _ = Path::<ShowPrivateipError, String>::from_pairs([("privateip_id", "x")]);
    let _ = Query::<ShowVpcError, String>::from_query("");
}
