//! Typed errors of the library, and the one converter of polars errors.
//!
//! The stages still return `anyhow::Result` (an [`Error`] converts into it); the binary maps
//! every error to an exit code (`pipeline::StrictError` → 2, anything else → 1). Messages name
//! the table, file or id concerned.

use polars::prelude::PolarsError;
use std::path::PathBuf;

/// An error of the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A polars operation failed while building the named table or statistic.
    #[error("{what}: {error}")]
    Polars {
        /// What was being computed (`keyness`, `doc_terms table`, …).
        what: &'static str,
        /// The polars error.
        error: PolarsError,
    },
    /// Reading or writing a file failed.
    #[error("{}: {error}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        error: std::io::Error,
    },
    /// No statement with this id in the corpus.
    #[error("no statement `{0}`")]
    NotFound(String),
}

/// The converter of polars errors, used by every stage: `.map_err(polars("keyness"))`.
pub fn polars(what: &'static str) -> impl Fn(PolarsError) -> anyhow::Error {
    move |error| Error::Polars { what, error }.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_what_failed() {
        let e = polars("keyness")(PolarsError::ComputeError("bad".into()));
        assert_eq!(format!("{e:#}"), "keyness: bad");
        assert_eq!(Error::NotFound("X".into()).to_string(), "no statement `X`");
    }
}
