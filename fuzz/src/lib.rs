//! The logic of shardring's fuzz targets, kept in a library so that the
//! targets in `fuzz_targets/` are one line each and `cargo test` replays the
//! committed inputs in `regressions/` through exactly the same code.
//!
//! - [`ops`]: a sequence of operations on a `HashRing` and on the reference
//!   ring of `tests/common/naive.rs`, compared after every step.
//! - [`diff`]: migration plans between two rings, checked position by
//!   position against both rings' owners.
//!
//! Each takes the raw bytes libFuzzer gives and decodes them with
//! `arbitrary` ([`OpsInput::decode`], [`DiffInput::decode`]); bytes that do
//! not decode are skipped.

#![forbid(unsafe_code)]

// The reference ring the crate's own tests use, shared as it is.
#[path = "../../tests/common/naive.rs"]
#[allow(clippy::len_without_is_empty)]
mod naive;

// The plan-shape checks the crate's own tests use, shared as they are.
#[path = "../../tests/common/plan_shape.rs"]
mod plan_shape;

pub mod check;
pub mod diff;
pub mod hasher;
pub mod input;
pub mod ops;

pub use hasher::{Coarse, FuzzHasher};
pub use input::{DiffInput, OpsInput};
pub use naive::NaiveRing;

/// The `ops` target: decodes `data` as an [`OpsInput`] and runs it.
pub fn ops(data: &[u8]) {
    if let Ok(input) = OpsInput::decode(data) {
        ops::run(FuzzHasher::new(input.hasher), &input);
    }
}

/// The `diff` target: decodes `data` as a [`DiffInput`] and runs it.
pub fn diff(data: &[u8]) {
    if let Ok(input) = DiffInput::decode(data) {
        diff::run(FuzzHasher::new(input.hasher), &input);
    }
}
