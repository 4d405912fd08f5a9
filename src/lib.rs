//! jointstat — comparative corpus analytics for bilateral joint statements of the People's
//! Republic of China.
//!
//! The pipeline runs in one direction through one module per stage:
//! [`ingest`] → [`segment`] → [`tokenize`] → [`clauses`] → [`stats`] → [`charts`] → [`report`], orchestrated
//! by [`pipeline`]. Problems with the input are collected in [`problems`]; files are written
//! through [`output`] (atomic, deterministic).
pub mod charts;
pub mod clauses;
pub mod compare;
pub mod ingest;
pub mod output;
pub mod pipeline;
pub mod problems;
pub mod report;
pub mod reuse;
pub mod segment;
pub mod stats;
pub mod tokenize;
