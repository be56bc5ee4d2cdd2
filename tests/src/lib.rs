//! Integration and compile-fail tests of vpc-errors live in `tests/`.
