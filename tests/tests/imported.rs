//! The published tables in `../shared/tables/`, imported by `vpc-errors import` into
//! `catalogues/imported/`: each compiles as a catalogue beside the bundled one, and a fresh
//! import of each table gives the committed file, so the two cannot drift apart.

use std::path::{Path, PathBuf};
use std::{env, fs};

use vpc_errors::import::{Options, import};
use vpc_errors::{ErrorResponse, VpcError, vpc_error};

mod ecs {
    vpc_errors::catalogue!("catalogues/imported/ecs.yaml");
}

mod elb {
    vpc_errors::catalogue!("catalogues/imported/elb-classic.yaml");
}

mod dns {
    vpc_errors::catalogue!("catalogues/imported/dns.yaml");
}

/// Rows a table has that its catalogue does not: line, and the start of the reason.
type LeftOut = &'static [(usize, &'static str)];

/// Each imported table: its file in `shared/tables/`, the service given to the importer,
/// the committed catalogue, and the rows the importer reports as left out (line, reason).
const IMPORTS: &[(&str, &str, &str, LeftOut)] = &[
    (
        "otc-ecs-error-codes.md",
        "Elastic Cloud Server",
        "ecs.yaml",
        &[(1411, "status 202 is not an error status")],
    ),
    (
        "otc-elb-classic-error-codes.md",
        "Elastic Load Balance (classic)",
        "elb-classic.yaml",
        &[(188, "`4000` is not an HTTP status")],
    ),
    (
        "otc-dns-error-codes.md",
        "Domain Name Service",
        "dns.yaml",
        &[],
    ),
];

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn references_derives_and_bodies_of_imported_catalogues() {
    let e = vpc_error!(crate::ecs::Common::FailedAssignPermissions, value = "disk");
    assert_eq!(e.code(), "Ecs.0004");
    assert_eq!(
        e.body(),
        r#"{"code":"Ecs.0004","message":"Failed to assign permissions: disk"}"#
    );
    let by_code = vpc_error!(crate::ecs::Common, "Ecs.0001");
    assert_eq!(by_code.status(), 400);

    let e: elb::CreatingLoadBalancerError =
        vpc_error!(crate::elb::CreatingLoadBalancer::RequestParameterNotValid);
    assert_eq!(e.code(), "ELB.1001");
    assert_eq!(
        e.body(),
        r#"{"error":{"code":"ELB.1001","message":"Request parameter is not valid."}}"#
    );
    let common: elb::CreatingLoadBalancerError =
        vpc_error!(crate::elb::Common::ApiRequestNull).into();
    assert_eq!(common.code(), "ELB.0002");

    let in_use = vpc_error!(crate::dns::Common::ResourceInUse);
    let response = ErrorResponse::new(&in_use);
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.body(),
        r#"{"code":"DNS.0608","message":"This resource is in use."}"#
    );
    // The bundled catalogue is still there, beside them.
    assert_eq!(vpc_error!(DeleteVpc::VpcHasSubnets).code(), "VPC.0104");
}

#[derive(Debug, vpc_errors::VpcError)]
#[vpc(operation = elb::CreatingLoadBalancer)]
enum CreateLbFailure {
    #[vpc(name = RequestParameterNotValid)]
    BadName { name: String },
    #[vpc(name = ApiRequestNull)]
    Empty,
}

#[test]
fn a_derive_maps_onto_an_imported_operation() {
    let e = CreateLbFailure::BadName {
        name: "x".repeat(300),
    };
    assert_eq!(e.status(), 400);
    assert_eq!(e.code(), "ELB.1001");
    assert!(!e.body().contains("xxx"));
    assert_eq!(CreateLbFailure::Empty.code(), "ELB.0002");
    let wire: elb::CreatingLoadBalancerError = CreateLbFailure::Empty.into();
    assert_eq!(wire.code(), "ELB.0002");
}

#[test]
fn registries_of_imported_catalogues() {
    assert_eq!(ecs::CATALOGUE.entries.len(), 138);
    assert_eq!(elb::CATALOGUE.entries.len(), 110);
    assert_eq!(dns::CATALOGUE.entries.len(), 95);
    assert_eq!(
        ecs::CATALOGUE.code_formats,
        ["Ecs.####", "Pdp.####", "Common.####"]
    );
    assert_eq!(elb::CATALOGUE.by_code("ELB.1001").count(), 2);
    assert!(dns::CATALOGUE.operation("RecordSet").is_some());
}

fn tables_dir() -> Option<PathBuf> {
    // The workspace root is this crate's parent; `shared/` lies beside the workspace.
    let dir = manifest_dir().join("../../shared/tables");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        env::var_os("CI").is_none(),
        "the published tables {} are missing, and CI must import them",
        dir.display()
    );
    eprintln!(
        "note: {} not found; not re-importing the published tables",
        dir.display()
    );
    None
}

#[test]
fn a_fresh_import_of_each_table_is_the_committed_catalogue() {
    let Some(tables) = tables_dir() else { return };
    for (table, service, committed, left_out) in IMPORTS {
        let source = fs::read_to_string(tables.join(table)).unwrap();
        let options = Options {
            service: Some((*service).to_owned()),
            map: None,
            origin: (*table).to_owned(),
        };
        let imported = import(&source, &options).unwrap();
        let path = Path::new("catalogues/imported").join(committed);
        let expected = fs::read_to_string(manifest_dir().join(&path)).unwrap();
        assert!(
            imported.yaml == expected,
            "{} is not what importing {table} gives now; re-run `vpc-errors import` (see its first line)",
            path.display()
        );
        let reported: Vec<(usize, &str)> = imported
            .dropped
            .iter()
            .map(|d| (d.line, d.reason.as_str()))
            .collect();
        assert_eq!(reported.len(), left_out.len(), "{table}: {reported:?}");
        for ((line, reason), (want_line, want)) in reported.iter().zip(left_out.iter()) {
            assert_eq!(line, want_line, "{table}");
            assert!(reason.starts_with(want), "{table}: {reason}");
        }
        assert_eq!(
            imported.rows,
            imported.dropped.len() + distinct_rows(&imported),
            "{table}"
        );
    }
}

/// Table rows the catalogue holds (a numbered cell gives several errors on one line).
fn distinct_rows(imported: &vpc_errors::import::Imported) -> usize {
    let mut lines: Vec<usize> = imported
        .catalogue
        .groups
        .iter()
        .flat_map(|g| g.errors.iter().map(|e| e.line))
        .collect();
    lines.sort_unstable();
    lines.dedup();
    lines.len()
}
