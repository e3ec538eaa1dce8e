//! The black-box tests: the real binary run on the files in `tests/data/`, its stdout, stderr
//! and exit code asserted together ([`common::Run::expect`]), one module per command or
//! concern; and the engine's property tests against naive models written beside them. One
//! test binary, so `cargo test` links once.

mod common;

mod budget;
mod burn;
mod check;
mod ci_formats;
mod closed_pipe;
mod compressed;
mod config;
mod conventions;
mod credits;
mod docs_examples;
mod errors;
mod group_properties;
mod groups;
mod incidents;
mod input_formats;
mod instants;
mod keep_going;
mod large_files;
mod mapping;
mod periods;
mod precision;
mod properties;
mod semantics;
mod snapshots;
mod stale_data;
