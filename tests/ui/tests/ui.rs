//! Compile-pass and compile-fail tests of the three macros, with the expected compiler
//! output checked in beside each case (`TRYBUILD=overwrite` rewrites it after a
//! deliberate change; read the diff as a newcomer would).

use std::path::{Path, PathBuf};

#[test]
fn ui() {
    stage_fixture_catalogues();
    let t = trybuild::TestCases::new();
    t.pass("vpc_error/pass/*.rs");
    t.compile_fail("vpc_error/fail/*.rs");
    t.pass("derive/pass/*.rs");
    t.compile_fail("derive/fail/*.rs");
    t.pass("catalogue/pass/*.rs");
    t.compile_fail("catalogue/fail/*.rs");
    t.pass("extract/pass/*.rs");
    t.compile_fail("extract/fail/*.rs");
}

/// `catalogue!("fixtures/x.yaml")` resolves against the manifest directory of the crate
/// being compiled, and trybuild compiles the cases as a crate of its own under
/// `<target>/tests/trybuild/<this crate>/`: the fixtures are copied there.
fn stage_fixture_catalogues() {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is <target>/tmp");
    let project = target.join("tests/trybuild").join(env!("CARGO_PKG_NAME"));
    let from = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("catalogue/fixtures");
    let to = project.join("fixtures");
    std::fs::create_dir_all(&to).expect("create the trybuild fixture directory");
    for file in std::fs::read_dir(&from).expect("read catalogue/fixtures") {
        let path = file.expect("list catalogue/fixtures").path();
        let dest = to.join(path.file_name().expect("a file name"));
        std::fs::copy(&path, &dest).expect("copy a fixture catalogue");
    }
}
