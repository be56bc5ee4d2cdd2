//! The requests both framework tests send and the exact answers they expect: every class
//! of rejection, each answered with its role's catalogue row.

use serde::Deserialize;
use vpc_errors::extract::{Authenticate, Authenticated, Denied, Headers, Json, Path, Query};
use vpc_errors::registry::Operation;
use vpc_errors::{CreateVpcError, ListFlowLogsError, ListPublicipsError, UpdateVpcError};

/// The limit the test apps set, so a "huge" body need not be a megabyte.
pub const LIMIT: usize = 1024;

#[derive(Debug, Deserialize)]
pub struct VpcPath {
    pub project_id: String,
    pub vpc_id: u64,
}

#[derive(Debug, Deserialize)]
pub struct UpdateVpc {
    pub vpc: VpcFields,
}

#[derive(Debug, Deserialize)]
pub struct VpcFields {
    pub name: String,
    /// Any JSON: what reaches `serde_json`'s recursion limit. Only serde reads it.
    #[allow(dead_code)]
    pub tags: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
pub struct Limit {
    pub limit: Option<u32>,
}

/// `t-p1` is project p1's token, `t-p2` project p2's, `t-ro` a read-only token of p1.
#[derive(Clone)]
pub struct Tokens;

pub struct Caller {
    pub project: &'static str,
}

impl Authenticate for Tokens {
    type Caller = Caller;

    async fn authenticate(
        &self,
        headers: &Headers<'_>,
        operation: Option<&'static Operation>,
    ) -> Result<Caller, Denied> {
        let change = operation.is_some_and(|op| op.method != "GET");
        match headers.get_str("x-auth-token") {
            Some("t-ro") if change => Err(Denied::forbidden("read-only token")),
            Some("t-p1" | "t-ro") => Ok(Caller { project: "p1" }),
            Some("t-p2") => Ok(Caller { project: "p2" }),
            Some(_) => Err(Denied::unauthenticated("unknown token")),
            None => Err(Denied::unauthenticated("no X-Auth-Token")),
        }
    }

    fn project(caller: &Caller) -> &str {
        caller.project
    }
}

// The handlers, the same for both frameworks: the extractor types are.

pub async fn update_vpc(
    auth: Authenticated<UpdateVpcError, Tokens>,
    Path(path, _): Path<UpdateVpcError, VpcPath>,
    Json(body, _): Json<UpdateVpcError, UpdateVpc>,
) -> String {
    assert_eq!(auth.caller.project, path.project_id);
    format!("{} {} {}", path.project_id, path.vpc_id, body.vpc.name)
}

pub async fn create_vpc(Json(body, _): Json<CreateVpcError, UpdateVpc>) -> String {
    body.vpc.name
}

pub async fn list_publicips(Query(query, _): Query<ListPublicipsError, Limit>) -> String {
    query.limit.map_or("-".to_owned(), |l| l.to_string())
}

pub async fn list_flow_logs(Query(query, _): Query<ListFlowLogsError, Limit>) -> String {
    format!("{:?}", query.limit)
}

pub struct Case {
    pub name: &'static str,
    pub method: &'static str,
    pub uri: &'static str,
    pub token: Option<&'static str>,
    pub content_type: Option<&'static str>,
    pub body: Vec<u8>,
    pub status: u16,
    pub answer: String,
}

impl Case {
    /// What differs when the app answered `got` (status, body), or `None`.
    pub fn mismatch(&self, got: &(u16, String)) -> Option<String> {
        (got.0 != self.status || got.1 != self.answer).then(|| {
            format!(
                "{}: got {got:?}, expected {} {}",
                self.name, self.status, self.answer
            )
        })
    }
}

fn update_vpc_row(field: &str) -> String {
    format!(r#"{{"code":"VPC.0101","message":"Update router {field} is invalid."}}"#)
}

const TOKEN_INVALID: &str = r#"{"code":"VPC.0008","message":"Invalid token in the header."}"#;
const TENANT_MISMATCH: &str =
    r#"{"code":"VPC.0007","message":"urlTenantId is not equal tokenTenantId"}"#;
const FORBIDDEN: &str = r#"{"code":"VPC.2701","message":"Token not allowed to do this action."}"#;
const CREATE_VPC: &str = r#"{"code":"VPC.0101","message":"Param is invalid."}"#;
const LIMIT_INVALID: &str = r#"{"code":"VPC.0501","message":"Invalid limit."}"#;

fn put(name: &'static str, body: impl Into<Vec<u8>>, status: u16, answer: String) -> Case {
    Case {
        name,
        method: "PUT",
        uri: "/v1/p1/vpcs/42",
        token: Some("t-p1"),
        content_type: Some("application/json"),
        body: body.into(),
        status,
        answer,
    }
}

fn get(name: &'static str, uri: &'static str, status: u16, answer: &str) -> Case {
    Case {
        name,
        method: "GET",
        uri,
        token: Some("t-p1"),
        content_type: None,
        body: Vec::new(),
        status,
        answer: answer.to_owned(),
    }
}

/// `{"vpc":{"name":"a","<key>":[[[…]]]}}`, `depth` arrays deep.
fn nested(key: &str, depth: usize) -> Vec<u8> {
    let mut body = format!(r#"{{"vpc":{{"name":"a","{key}":"#).into_bytes();
    body.extend(std::iter::repeat_n(b'[', depth));
    body.extend(std::iter::repeat_n(b']', depth));
    body.extend(b"}}");
    body
}

/// Every case: the routes are `PUT /v1/{project_id}/vpcs/{vpc_id}` (`UpdateVpc`:
/// `Authenticated`, `Path<VpcPath>`, `Json<UpdateVpc>`), `POST /v1/{project_id}/vpcs`
/// (`CreateVpc`: `Json<UpdateVpc>`), `GET /v1/{project_id}/publicips` (`ListPublicips`:
/// `Query<Limit>`) and `GET /v1/{project_id}/fl/flow_logs` (`ListFlowLogs`: `Query<Limit>`).
#[allow(clippy::too_many_lines)] // one line per case reads best as one list
pub fn cases() -> Vec<Case> {
    let mut huge = br#"{"vpc":{"name":""#.to_vec();
    huge.extend(std::iter::repeat_n(b'a', LIMIT + 1));
    huge.extend(br#""}}"#);
    let mut cases = vec![
        put(
            "valid",
            r#"{"vpc":{"name":"a"}}"#,
            200,
            "p1 42 a".to_owned(),
        ),
        put(
            "garbage",
            "\x00garbage<script>",
            400,
            update_vpc_row("body"),
        ),
        put(
            "truncated",
            r#"{"vpc":{"name":"a""#,
            400,
            update_vpc_row("body"),
        ),
        put("empty", "", 400, update_vpc_row("body")),
        put(
            "trailing",
            r#"{"vpc":{"name":"a"}} x"#,
            400,
            update_vpc_row("body"),
        ),
        put(
            "deeply nested",
            nested("tags", 100_000),
            400,
            update_vpc_row("body"),
        ),
        put(
            "deeply nested, ignored",
            nested("other", 100_000),
            400,
            update_vpc_row("body"),
        ),
        put("huge", huge, 400, update_vpc_row("body")),
        put(
            "mistyped",
            r#"{"vpc":{"name":7}}"#,
            400,
            update_vpc_row("vpc.name"),
        ),
        put(
            "missing field",
            r#"{"vpc":{}}"#,
            400,
            update_vpc_row("vpc.name"),
        ),
        put("missing object", "{}", 400, update_vpc_row("vpc")),
        put(
            "non-UTF-8",
            b"{\"vpc\":{\"name\":\"\xff\xfe\"}}".to_vec(),
            400,
            update_vpc_row("body"),
        ),
        // serde_json reads a struct from an array too: the first element is the `vpc` field.
        put("top-level array", "[1,2]", 400, update_vpc_row("[0]")),
        Case {
            uri: "/v1/p1/vpcs/forty-two",
            ..put(
                "bad path",
                r#"{"vpc":{"name":"a"}}"#,
                400,
                update_vpc_row("vpc_id"),
            )
        },
        Case {
            uri: "/v1/p1/vpcs/99999999999999999999999",
            ..put(
                "path overflow",
                r#"{"vpc":{"name":"a"}}"#,
                400,
                update_vpc_row("vpc_id"),
            )
        },
        Case {
            content_type: Some("text/plain"),
            ..put(
                "wrong content type",
                r#"{"vpc":{"name":"a"}}"#,
                400,
                update_vpc_row("Content-Type"),
            )
        },
        Case {
            content_type: None,
            ..put(
                "no content type",
                r#"{"vpc":{"name":"a"}}"#,
                400,
                update_vpc_row("Content-Type"),
            )
        },
        Case {
            token: None,
            ..put(
                "no token",
                r#"{"vpc":{"name":"a"}}"#,
                401,
                TOKEN_INVALID.to_owned(),
            )
        },
        Case {
            token: Some("forged-token"),
            ..put(
                "unknown token",
                r#"{"vpc":{"name":"a"}}"#,
                401,
                TOKEN_INVALID.to_owned(),
            )
        },
        Case {
            token: Some("t-p2"),
            ..put(
                "other project",
                r#"{"vpc":{"name":"a"}}"#,
                400,
                TENANT_MISMATCH.to_owned(),
            )
        },
        Case {
            token: Some("t-ro"),
            ..put(
                "read-only",
                r#"{"vpc":{"name":"a"}}"#,
                403,
                FORBIDDEN.to_owned(),
            )
        },
        Case {
            method: "POST",
            uri: "/v1/p1/vpcs",
            ..put(
                "static row",
                r#"{"vpc":{"name":5}}"#,
                400,
                CREATE_VPC.to_owned(),
            )
        },
        get("query ok", "/v1/p1/publicips?limit=5", 200, "5"),
        get("no query", "/v1/p1/publicips", 200, "-"),
        get(
            "bad query",
            "/v1/p1/publicips?limit=ten",
            400,
            LIMIT_INVALID,
        ),
        get(
            "negative query",
            "/v1/p1/publicips?limit=-1",
            400,
            LIMIT_INVALID,
        ),
        get(
            "non-UTF-8 query",
            "/v1/p1/publicips?limit=%FF%FE",
            400,
            LIMIT_INVALID,
        ),
        get(
            "templated query row",
            "/v1/p1/fl/flow_logs?limit=%0Abad",
            404,
            r#"{"code":"VPC.3001","message":"resource could not be found, limit is invalid"}"#,
        ),
    ];
    // A body a byte under the limit is read and answered by serde, not by the limit.
    let mut under = br#"{"vpc":{"name":""#.to_vec();
    under.extend(std::iter::repeat_n(b'a', LIMIT - 20));
    under.extend(br#""}}"#);
    assert_eq!(under.len(), LIMIT - 1);
    let answer = format!("p1 42 {}", "a".repeat(LIMIT - 20));
    cases.push(put("just under the limit", under, 200, answer));
    cases
}
