//! The compile-fail and compile-pass (UI) tests of the vpc-errors macros live in `tests/ui.rs`.
