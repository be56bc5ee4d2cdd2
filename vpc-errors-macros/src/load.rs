//! Finding, reading and caching a catalogue file.
//!
//! rustc loads a proc-macro crate once per compilation and every macro call runs in that
//! process, so a process-wide cache makes a crate with a thousand `vpc_error!`s parse the
//! file once. rust-analyzer keeps the process alive across edits, so the cache is keyed by
//! path and re-checks the file's modification time and length on each use.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use crate::diag::Problem;
use crate::model::Catalogue;

/// The catalogue shipped with this crate (a link to the workspace's `catalogue.yaml`,
/// copied into the package on publish).
const BUNDLED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/catalogue.yaml");

/// A catalogue file after reading: the model, or every problem found in it.
#[derive(Debug)]
pub struct Loaded {
    /// Canonical absolute path: what `include_bytes!` names so cargo rebuilds on change.
    pub path: PathBuf,
    /// The path as a person should read it in a diagnostic.
    pub display: String,
    pub catalogue: Result<Catalogue, Vec<Problem>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
}

static CACHE: Mutex<Vec<(PathBuf, Stamp, Arc<Loaded>)>> = Mutex::new(Vec::new());
static PARSES: AtomicUsize = AtomicUsize::new(0);

/// How many times this process has parsed a catalogue file (not served it from the cache).
#[cfg(test)]
fn parse_count() -> usize {
    PARSES.load(Ordering::Relaxed)
}

/// Loads the catalogue at `relative` (to the calling crate's manifest directory), or the
/// bundled one. The error is a sentence for a `compile_error!`.
///
/// A cache hit costs one `stat`: a crate with a thousand `vpc_error!`s pays for the path
/// work and the parse once.
pub fn load(relative: Option<&str>) -> Result<Arc<Loaded>, String> {
    let requested = match relative {
        Some(rel) => std::env::var_os("CARGO_MANIFEST_DIR")
            .map_or_else(PathBuf::new, PathBuf::from)
            .join(rel),
        None => PathBuf::from(BUNDLED),
    };
    let shown = || relative.map_or_else(|| readable(&requested), str::to_owned);
    let stamp = stamp(&requested).map_err(|e| {
        format!(
            "cannot open the catalogue `{}` ({e}); the path is relative to the directory of the crate's Cargo.toml",
            shown()
        )
    })?;
    let mut cache = CACHE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, _, loaded)) = cache
        .iter()
        .find(|(p, s, _)| *p == requested && *s == stamp)
    {
        return Ok(Arc::clone(loaded));
    }
    let display = shown();
    let path = requested
        .canonicalize()
        .map_err(|e| format!("cannot open the catalogue `{display}` ({e})"))?;
    let source =
        std::fs::read_to_string(&path).map_err(|e| format!("cannot read `{display}`: {e}"))?;
    PARSES.fetch_add(1, Ordering::Relaxed);
    #[cfg(feature = "__parse-log")]
    log_parse(&display);
    let loaded = Arc::new(Loaded {
        catalogue: read(&source),
        path,
        display,
    });
    cache.retain(|(p, _, _)| *p != requested);
    cache.push((requested, stamp, Arc::clone(&loaded)));
    Ok(loaded)
}

/// With `VPC_ERRORS_PARSE_LOG=<file>` set, appends `<process id> <catalogue>` to the file
/// for every parse: the observable proof that a compilation parses each catalogue once,
/// however many macros read it. Not an `eprintln!`: cargo replays a macro's stderr.
///
/// Compiled only with the crate's internal `__parse-log` feature, which the rebuild test's
/// probe crate and `scripts/build-cost.sh` enable: a user's compilations never look the
/// variable up.
#[cfg(feature = "__parse-log")]
fn log_parse(display: &str) {
    use std::io::Write as _;
    let Some(log) = std::env::var_os("VPC_ERRORS_PARSE_LOG") else {
        return;
    };
    let line = format!("{} {display}\n", std::process::id());
    // Best effort: a log that cannot be written must not fail the build.
    if let Ok(mut file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
    {
        let _ = file.write_all(line.as_bytes());
    }
}

/// Parses and validates catalogue text.
pub fn read(source: &str) -> Result<Catalogue, Vec<Problem>> {
    vpc_errors_internals::catalogue::read(source)
}

fn stamp(path: &Path) -> std::io::Result<Stamp> {
    let meta = std::fs::metadata(path)?;
    Ok(Stamp {
        modified: meta.modified().ok(),
        len: meta.len(),
    })
}

/// Relative to the working directory when possible (cargo runs rustc from the workspace
/// root, so `catalogue.yaml:12:9` is clickable there), absolute otherwise.
fn readable(path: &Path) -> String {
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_owned());
    std::env::current_dir()
        .ok()
        .and_then(|cwd| canonical.strip_prefix(cwd).ok().map(Path::to_owned))
        .unwrap_or(canonical)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_once_and_notices_edits() {
        let dir = std::env::temp_dir().join(format!("vpc-errors-load-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("c.yaml");
        std::fs::write(&file, "service: \"a\"\ngroups: []\n").unwrap();
        let name = file.to_str().unwrap();
        let before = parse_count();
        let first = load(Some(name)).unwrap();
        let again = load(Some(name)).unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        assert_eq!(parse_count() - before, 1);
        assert_eq!(first.catalogue.as_ref().unwrap().service, "a");
        // A different length is noticed even where the clock is too coarse to.
        std::fs::write(&file, "service: \"abc\"\ngroups: []\n").unwrap();
        let edited = load(Some(name)).unwrap();
        assert_eq!(edited.catalogue.as_ref().unwrap().service, "abc");
        assert_eq!(parse_count() - before, 2);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_file_says_where_paths_start() {
        let err = load(Some("no/such/catalogue.yaml")).unwrap_err();
        assert!(
            err.contains("relative to the directory of the crate's Cargo.toml"),
            "{err}"
        );
    }
}
