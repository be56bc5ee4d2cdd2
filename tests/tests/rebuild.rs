//! A crate that depends on vpc-errors and brings its own catalogue rebuilds when the
//! catalogue changes (no `cargo clean`, no build script), stays fresh when it does not,
//! and parses each catalogue once per compilation however many macros read it.
//!
//! This builds a small crate with cargo, so it takes a while the first time; its target
//! directory is kept under `CARGO_TARGET_TMPDIR` between runs. The build is hermetic: the
//! probe resolves against the workspace's `Cargo.lock`, offline, so it builds the very
//! dependency versions the workspace tests, never what the registry has today.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

const CATALOGUE: &str = r#"service: "Probe"
groups:
  - group: "查询"
    operations:
      - { name: "ShowThing", title: "Show a thing", service: "PRB", method: "GET", path: "/v1/things" }
    errors:
      - name: "ThingNotFound"
        code: "PRB.0404"
        status: 404
        message: "MESSAGE"
        description: { zh: "未找到", en: "Not found." }
        remedy: { zh: "无", en: "None." }
"#;

/// How many `vpc_error!` calls the probe makes: enough that parsing per call would show.
const USES: usize = 200;

#[test]
fn editing_a_catalogue_rebuilds_its_dependents_and_parses_once() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rebuild-probe");
    let log = dir.join("parses.log");
    write_probe(&dir);
    std::fs::write(
        dir.join("errors.yaml"),
        CATALOGUE.replace("MESSAGE", "First wording."),
    )
    .unwrap();
    let _ = std::fs::remove_file(&log);

    let (out, built) = build_and_run(&dir, &log);
    assert_eq!(out, "First wording.\n");
    assert!(built, "the first build compiles the probe");
    assert_parsed_once_per_compilation(&log);

    let (_, built) = build_and_run(&dir, &log);
    assert!(!built, "nothing changed: the probe must stay fresh");

    std::fs::write(
        dir.join("errors.yaml"),
        CATALOGUE.replace("MESSAGE", "Second wording."),
    )
    .unwrap();
    let (out, built) = build_and_run(&dir, &log);
    assert!(
        built,
        "an edited catalogue must rebuild the crate that reads it"
    );
    assert_eq!(
        out, "Second wording.\n",
        "the rebuilt crate must see the new catalogue"
    );
}

fn write_probe(dir: &Path) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let runtime = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../vpc-errors");
    let runtime = runtime.canonicalize().unwrap();
    let macros = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../vpc-errors-macros");
    let macros = macros.canonicalize().unwrap();
    // The macro crate logs its parses only with its internal `__parse-log` feature, which
    // the probe turns on by naming the crate itself (features unify with vpc-errors' use).
    let manifest = format!(
        "[package]\nname = \"rebuild-probe\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nvpc-errors = {{ path = {:?} }}\n\
         vpc-errors-macros = {{ path = {:?}, features = [\"__parse-log\"] }}\n\n[workspace]\n",
        runtime.display().to_string(),
        macros.display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    let mut main = String::from(
        "mod own {\n    vpc_errors::catalogue!(\"errors.yaml\");\n}\n\nuse vpc_errors::VpcError;\n\nfn main() {\n    let codes = [\n",
    );
    for i in 0..USES {
        let reference = if i % 2 == 0 {
            "DeletePublicip::PublicipNotFound"
        } else {
            "DeleteVpc, \"VPC.0104\""
        };
        writeln!(main, "        vpc_errors::vpc_error!({reference}).code(),").unwrap();
    }
    main.push_str(
        "    ];\n    assert!(codes.iter().all(|c| c.starts_with(\"VPC.\")));\n    println!(\"{}\", own::ShowThingError::ThingNotFound.message());\n}\n",
    );
    std::fs::write(dir.join("src/main.rs"), main).unwrap();
    lock_like_the_workspace(dir);
}

/// The workspace's `Cargo.lock`, cut down to the probe's dependencies.
///
/// `--locked` cannot take the workspace's lock as it is: the probe is a workspace of its
/// own (it cannot join this one without editing its manifest), so its lock drops what only
/// the workspace's other members use and gains the probe itself, and cargo refuses a
/// `--locked` build whose lock would change. So the workspace's lock is copied in and cargo
/// trims it offline (`cargo update --workspace` re-resolves the probe alone and keeps every
/// other locked version); the trimmed lock must then hold nothing the workspace's lock
/// does not, and the builds run `--offline --locked` on it.
fn lock_like_the_workspace(dir: &Path) {
    let workspace_lock = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    let workspace_lock = std::fs::read_to_string(&workspace_lock)
        .unwrap_or_else(|e| panic!("{}: {e}", workspace_lock.display()));
    std::fs::write(dir.join("Cargo.lock"), &workspace_lock).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let trim = Command::new(&cargo)
        // Re-resolves the probe itself only: every other package keeps its locked version,
        // and what the probe does not use is dropped. Unlike `cargo metadata`, it reads
        // only the index, so it needs no package that no build downloaded.
        .args(["update", "--offline", "--workspace", "--color=never"])
        .current_dir(dir)
        .output()
        .expect("run cargo update");
    assert!(
        trim.status.success(),
        "cargo could not resolve the probe offline from the workspace's lock:\n{}",
        String::from_utf8_lossy(&trim.stderr)
    );
    let probe_lock = std::fs::read_to_string(dir.join("Cargo.lock")).unwrap();
    let workspace = locked_packages(&workspace_lock);
    let probe = locked_packages(&probe_lock);
    assert!(
        probe.iter().any(|p| p.starts_with("vpc-errors ")),
        "{probe_lock}"
    );
    let foreign: Vec<&String> = probe
        .iter()
        .filter(|p| !p.starts_with("rebuild-probe ") && !workspace.contains(*p))
        .collect();
    assert!(
        foreign.is_empty(),
        "the probe's lock has packages or versions the workspace's does not: {foreign:?}"
    );
}

/// `name version` of every package in a `Cargo.lock`.
fn locked_packages(lock: &str) -> std::collections::BTreeSet<String> {
    let mut packages = std::collections::BTreeSet::new();
    let mut name = None;
    for line in lock.lines() {
        if let Some(value) = line.strip_prefix("name = ") {
            name = Some(value.trim_matches('"').to_owned());
        } else if let Some(value) = line.strip_prefix("version = ")
            && let Some(name) = name.take()
        {
            packages.insert(format!("{name} {}", value.trim_matches('"')));
        }
    }
    assert!(
        packages.len() > 1,
        "no packages read from the lock:\n{lock}"
    );
    packages
}

/// Builds and runs the probe; returns its output and whether cargo compiled it.
fn build_and_run(dir: &Path, log: &Path) -> (String, bool) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rebuild-target");
    let build = Command::new(&cargo)
        .args(["build", "--color=never", "-v", "--offline", "--locked"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", &target)
        .env("VPC_ERRORS_PARSE_LOG", log)
        .output()
        .expect("run cargo");
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(
        build.status.success(),
        "the probe failed to build:\n{stderr}"
    );
    let compiled = stderr.contains("Running `") && stderr.contains("--crate-name rebuild_probe");
    let run = Command::new(target.join("debug/rebuild-probe"))
        .output()
        .expect("run the probe");
    assert!(run.status.success());
    (String::from_utf8(run.stdout).unwrap(), compiled)
}

/// Each compiling process appears once per catalogue it read.
fn assert_parsed_once_per_compilation(log: &Path) {
    let text = std::fs::read_to_string(log).expect("the macros wrote the parse log");
    let mut parses: HashMap<&str, usize> = HashMap::new();
    for line in text.lines() {
        *parses.entry(line).or_default() += 1;
    }
    assert!(parses.keys().any(|l| l.ends_with(" errors.yaml")), "{text}");
    let probe_pid = text
        .lines()
        .find(|l| l.ends_with(" errors.yaml"))
        .and_then(|l| l.split(' ').next())
        .unwrap();
    let probe_lines: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with(&format!("{probe_pid} ")))
        .collect();
    assert_eq!(
        probe_lines.len(),
        2,
        "the probe's compilation parses its own catalogue and the bundled one once each, for {USES} vpc_error! calls:\n{text}"
    );
    for (line, count) in parses {
        assert_eq!(
            count, 1,
            "{line} was parsed {count} times in one compilation:\n{text}"
        );
    }
}
