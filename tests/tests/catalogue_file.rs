//! `vpc_errors::file`, the run-time reader of catalogue files (`vpc-errors --catalogue`,
//! and the check of every imported catalogue), agrees with `catalogue!`: it accepts every
//! catalogue the macro compiles and rejects every fixture the macro refuses.

use std::fs;
use std::path::PathBuf;

use vpc_errors::file;

fn path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
}

#[test]
fn what_the_macro_compiles_loads() {
    for relative in [
        "../catalogue.yaml",
        "catalogues/ecs.yaml",
        "catalogues/gateway.yaml",
        "catalogues/imported/ecs.yaml",
        "catalogues/imported/elb-classic.yaml",
        "catalogues/imported/dns.yaml",
        "fixtures/braces.yaml",
        "ui/catalogue/fixtures/gateway.yaml",
        "ui/catalogue/fixtures/small.yaml",
    ] {
        let source = fs::read_to_string(path(relative)).unwrap();
        if let Err(problems) = file::parse(&source) {
            panic!("{relative}: {problems:#?}");
        }
    }
}

#[test]
fn what_the_macro_refuses_does_not_load() {
    for name in ["duplicate_key", "header", "not_yaml", "shape", "values"] {
        let relative = format!("ui/catalogue/fixtures/{name}.yaml");
        let source = fs::read_to_string(path(&relative)).unwrap();
        let problems = file::parse(&source).expect_err(&relative);
        // One reader: every problem is word for word what the macro reports.
        let expected =
            fs::read_to_string(path(&format!("ui/catalogue/fail/{name}.stderr"))).unwrap();
        for problem in &problems {
            assert!(
                expected.contains(&format!("error: fixtures/{name}.yaml:{problem}")),
                "{relative}: `{problem}` is not what the macro reports:\n{expected}"
            );
        }
    }
}

#[test]
fn the_loaded_bundled_catalogue_answers_like_the_compiled_one() {
    let loaded = file::load(&path("../catalogue.yaml")).unwrap();
    let compiled = &vpc_errors::CATALOGUE;
    for entry in compiled.entries {
        let mut a: Vec<&str> = loaded.by_code(entry.code).map(|e| e.name).collect();
        let mut b: Vec<&str> = compiled.by_code(entry.code).map(|e| e.name).collect();
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b, "{}", entry.code);
    }
    assert_eq!(loaded.code_slots.len(), compiled.code_slots.len());
    assert_eq!(
        vpc_errors::docs::table(loaded, vpc_errors::docs::Lang::Zh),
        vpc_errors::docs::table(compiled, vpc_errors::docs::Lang::Zh)
    );
}
