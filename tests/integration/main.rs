//! Integration tests: one binary (see `autotests = false` in Cargo.toml).
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

#[cfg(feature = "bedrock")]
mod bedrock;
mod cases;
mod cli;
mod evasion;
#[cfg(feature = "bedrock")]
mod faults;
mod hostile;
mod http;
mod layer;
mod properties;
mod rules;
#[cfg(all(feature = "serve", feature = "bedrock"))]
mod serve;
#[cfg(all(feature = "serve", feature = "bedrock"))]
mod serve_faults;
#[cfg(feature = "http")]
mod sse;
mod stream;
mod support;
mod words;
