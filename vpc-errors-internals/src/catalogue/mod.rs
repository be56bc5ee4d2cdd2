//! Reading a catalogue file: its YAML into a marked tree (`yaml`), the tree into the
//! catalogue's shape (`parse`), and what its values must mean (`validate`), every problem
//! collected with its line and column (`diag`). `model` is what readers get.
//!
//! One reader, two users: the proc macros, which turn the catalogue into types when
//! compiling, and the `vpc-errors` command, which loads one at run time (`--catalogue`)
//! and checks every table it imports. What one accepts, the other does.

// The items are documented where they say something a reader of this crate needs; the
// model's plain fields are the catalogue's keys, described in catalogue.schema.json.
#![allow(
    missing_docs,
    clippy::missing_errors_doc,
    clippy::missing_panics_doc,
    clippy::must_use_candidate
)]

pub mod diag;
pub mod model;
pub mod parse;
pub mod validate;
mod yaml;

use diag::{Problem, Problems};
use model::Catalogue;

/// Parses and validates catalogue text: the catalogue, or every problem in file order.
pub fn read(source: &str) -> Result<Catalogue, Vec<Problem>> {
    let mut problems = Problems::default();
    let catalogue = parse::catalogue(source, &mut problems);
    if let Some(c) = &catalogue {
        validate::catalogue(c, &mut problems);
    }
    match catalogue {
        Some(c) if problems.is_empty() => Ok(c),
        _ => Err(problems.into_sorted()),
    }
}
