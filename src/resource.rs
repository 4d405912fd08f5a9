//! Small types shared by every stage and the orchestration: where a resource (user dictionary,
//! stopword list, rules) comes from, and the wall time of a stage. Depends on nothing in the
//! crate, so any module may use it without importing one above it.

use crate::error::{io, Result};
use std::path::PathBuf;

/// Where the user dictionary or stopword list comes from.
#[derive(Debug, Clone)]
pub enum Resource {
    /// The copy built into the binary from `corpus/`.
    Builtin,
    /// A file given on the command line.
    File(PathBuf),
}

impl Resource {
    /// Read the text (built-in copy or file).
    pub fn text(&self, builtin: &'static str) -> Result<String> {
        match self {
            Resource::Builtin => Ok(builtin.to_string()),
            Resource::File(p) => std::fs::read_to_string(p).map_err(io("cannot read", p)),
        }
    }

    /// Human-readable origin.
    pub fn describe(&self, builtin_name: &str) -> String {
        match self {
            Resource::Builtin => format!("{builtin_name} (built in)"),
            Resource::File(p) => p.display().to_string(),
        }
    }
}

/// Wall time of one stage.
#[derive(Debug, Clone)]
pub struct Timing {
    /// Stage name.
    pub stage: &'static str,
    /// Seconds.
    pub seconds: f64,
}
