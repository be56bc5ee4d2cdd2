//! A catalogue file read at run time (feature `import`): the `vpc-errors` command's
//! `--catalogue FILE`, and the check every imported catalogue goes through.
//!
//! The file is read by the very reader `catalogue!` uses when compiling
//! (`vpc_errors_internals::catalogue`): what one accepts the other does, and each problem
//! reads the same, with its line and column. A loaded catalogue is leaked into a
//! `'static` [`Catalogue`], which is what the registry queries and `docs` take: fine for a
//! process that loads one file once.

use std::fmt;
use std::fmt::Write as _;

use vpc_errors_internals::catalogue::model::{self, Language};
use vpc_errors_internals::escape::JsonEscaped;
use vpc_errors_internals::template;
use vpc_errors_internals::wire::{BodyShape, Wire};

pub use vpc_errors_internals::catalogue::diag::Problem;

use crate::registry::{Catalogue, Entry, Operation, Piece, Texts};

/// A catalogue read and checked, not yet leaked.
#[derive(Debug, Clone)]
pub struct Model(model::Catalogue);

/// Reads and checks catalogue text, as `catalogue!` does.
///
/// # Errors
/// Every problem, in file order.
pub fn parse(source: &str) -> Result<Model, Vec<Problem>> {
    vpc_errors_internals::catalogue::read(source).map(Model)
}

fn leak<T>(v: Vec<T>) -> &'static [T] {
    Vec::leak(v)
}

fn leak_str(s: &str) -> &'static str {
    String::leak(s.to_owned())
}

impl Model {
    /// How many errors the catalogue has.
    #[must_use]
    pub fn entries(&self) -> usize {
        self.0.entries.len()
    }

    /// The catalogue as registry data, leaked for the rest of the process.
    ///
    /// # Panics
    /// If the catalogue has more than `u16::MAX` entries.
    #[must_use]
    pub fn leak(self) -> &'static Catalogue {
        let c = &self.0;
        let groups: Vec<&'static str> = c.groups.iter().map(|g| leak_str(&g.name.value)).collect();
        let operations: Vec<Operation> = c
            .operations
            .iter()
            .map(|op| Operation {
                name: leak_str(&op.name.value),
                group: groups[op.group],
                title: leak_str(&op.title.value),
                service: leak_str(&op.service.value),
                method: leak_str(&op.method.value),
                path: leak_str(&op.path.value),
            })
            .collect();
        let operation_names: Vec<&'static [&'static str]> = c
            .groups
            .iter()
            .map(|g| leak(g.operations.iter().map(|&o| operations[o].name).collect()))
            .collect();
        let entries: Vec<Entry> = c
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let index = u16::try_from(i).expect("at most u16::MAX entries");
                let common = c.is_common(e);
                let names = if common {
                    &[][..]
                } else {
                    operation_names[e.group]
                };
                leak_entry(c.wire, e, index, groups[e.group], common, names)
            })
            .collect();
        let entries = leak(entries);
        let mut by_code: Vec<u16> = (0..entries.len())
            .map(|i| u16::try_from(i).expect("at most u16::MAX entries"))
            .collect();
        by_code.sort_by(|&a, &b| {
            entries[usize::from(a)]
                .code
                .cmp(entries[usize::from(b)].code)
                .then(a.cmp(&b))
        });
        let by_code = leak(by_code);
        let code_slots = leak(crate::registry::code_slots_dynamic(entries, by_code));
        Box::leak(Box::new(Catalogue {
            service: leak_str(&c.service),
            wire: c.wire,
            languages: leak(c.languages.iter().map(|l| l.key()).collect()),
            code_formats: leak(c.code_formats.iter().map(|f| leak_str(&f.value)).collect()),
            operations: leak(operations),
            entries,
            by_code,
            code_slots,
        }))
    }
}

/// One row as registry data: what `catalogue!` writes into its static table.
fn leak_entry(
    wire: Wire,
    e: &model::Entry,
    index: u16,
    group: &'static str,
    common: bool,
    operations: &'static [&'static str],
) -> Entry {
    let message = &e.message.value;
    let pieces: Vec<Piece> = message
        .pieces
        .iter()
        .map(|p| match p {
            template::Piece::Text(t) => Piece::Text(leak_str(t)),
            template::Piece::Param(i) => {
                Piece::Param(u8::try_from(*i).expect("at most 8 parameters"))
            }
        })
        .collect();
    let code = leak_str(&e.code.value);
    let literal = message.literal();
    let static_body = |wire: Wire| {
        let mut body = String::new();
        let _ = wire.write_body(&mut body, code, |w| JsonEscaped(w).write_str(&literal));
        leak_str(&body)
    };
    let body = (!message.has_params()).then(|| static_body(wire));
    let dual_body = (!message.has_params() && wire.shape != BodyShape::Nested).then(|| {
        static_body(Wire {
            shape: BodyShape::Dual,
            ..wire
        })
    });
    let source = leak_str(&message.source);
    let texts = |t: &model::Texts| Texts {
        zh: leak_str(t.text(Language::Zh)),
        en: leak_str(t.text(Language::En)),
    };
    Entry {
        index,
        name: leak_str(&e.name.value),
        code,
        statuses: leak(e.statuses.value.clone()),
        message: crate::registry::Template {
            source,
            pieces: leak(pieces),
            params: leak(message.params.iter().map(|p| leak_str(p)).collect()),
        },
        table_message: e
            .table_message
            .as_ref()
            .map_or(source, |t| leak_str(&t.value)),
        table_part: e
            .table_part
            .as_ref()
            .map(|p| u8::try_from(p.value).unwrap_or(u8::MAX)),
        description: texts(&e.description),
        remedy: texts(&e.remedy),
        group,
        block: u16::try_from(e.group).expect("at most u16::MAX groups"),
        common,
        operations,
        wire,
        body,
        dual_body,
    }
}

/// Why a catalogue file could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read.
    Io(std::io::Error),
    /// The file is not a valid catalogue.
    Invalid(Vec<Problem>),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io(e) => write!(f, "{e}"),
            LoadError::Invalid(problems) => {
                for (i, p) in problems.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\n")?;
                    }
                    write!(f, "{p}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// Reads, checks and leaks the catalogue file at `path`.
///
/// # Errors
/// If the file cannot be read or is not a valid catalogue.
pub fn load(path: &std::path::Path) -> Result<&'static Catalogue, LoadError> {
    let source = std::fs::read_to_string(path).map_err(LoadError::Io)?;
    parse(&source).map(Model::leak).map_err(LoadError::Invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_catalogue_loads_as_compiled() {
        let source = include_str!("../../catalogue.yaml");
        let loaded = parse(source).unwrap().leak();
        let compiled = &crate::CATALOGUE;
        assert_eq!(loaded.service, compiled.service);
        assert_eq!(loaded.operations, compiled.operations);
        assert_eq!(loaded.entries.len(), compiled.entries.len());
        for (a, b) in loaded.entries.iter().zip(compiled.entries) {
            assert_eq!(a, b);
        }
        assert_eq!(loaded.by_code, compiled.by_code);
        assert_eq!(loaded.by_code("VPC.0504").count(), 4);
        assert_eq!(
            loaded
                .lookup("CreateFlowLog", "VPC.3002", 404)
                .unwrap()
                .name,
            "ResourceNotFound"
        );
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let source = "service: \"t\"\ngroups:\n  - group: \"g\"\n    operations:\n      - { name: \"show\", title: \"t\", service: \"S\", method: \"FETCH\", path: \"x\" }\n    errors:\n      - name: \"Gone\"\n        code: \"VPC.01\"\n        status: 302\n        message: \"a {b\"\n        description: { zh: \"\", en: \"x\" }\n        remedy: { zh: \"x\", en: \"x\" }\n        mesage: \"x\"\n";
        let problems = parse(source).unwrap_err();
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        for expected in [
            "5:17: operation name `show`",
            "5:59: `FETCH` is not an HTTP method",
            "5:74: `x` is not a request path",
            "8:15: `VPC.01` is not an error code",
            "9:17: status 302 is not an error status",
            "10:18: the message template is malformed",
            "3:12: this group has no errors",
            "13:9: unknown key `mesage` in an error entry; did you mean `message`?",
        ] {
            assert!(
                text.iter().any(|t| t.starts_with(expected)),
                "{expected}: {text:#?}"
            );
        }
        assert!(
            parse("a: [").unwrap_err()[0]
                .message
                .contains("not valid YAML")
        );
        assert!(parse("").unwrap_err()[0].message.contains("empty"));
    }
}
