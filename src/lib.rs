//! jointstat — comparative corpus analytics for bilateral joint statements of the People's
//! Republic of China.
//!
//! The pipeline runs in one direction through one module per stage:
//! [`ingest`] → [`segment`] → [`tokenize`] → [`clauses`] → [`stats`] → [`compare`] → [`analysis`]
//! → [`charts`] / [`report`], orchestrated by [`pipeline`]; no module imports one above it
//! (ARCHITECTURE.md). Problems with the input are collected in [`problems`]; files are written
//! through [`output`] (atomic, deterministic).
pub mod analysis;
pub mod charts;
pub mod clauses;
pub mod compare;
pub mod error;
pub mod ingest;
pub mod output;
pub mod pipeline;
pub mod problems;
pub mod report;
pub mod resource;
pub mod reuse;
pub mod segment;
pub mod stats;
pub mod termcore;
pub mod tokenize;

pub use error::{Error, Result};
