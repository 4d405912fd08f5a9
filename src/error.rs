//! Typed errors of the library: [`Error`], [`Result`], and the converters every stage uses
//! ([`polars`], [`io`]).
//!
//! The library returns `crate::Result<T>`; only the binary (`main.rs`, `cmd/`) uses `anyhow`.
//! The binary maps every error to an exit code ([`Error::Strict`] → 2, anything else → 1).
//! Every message names the file, table or id concerned, and carries the cause in its text (no
//! `source()` chain), so `{e}` and anyhow's `{e:#}` print the same line.

use crate::problems::InputProblem;
use polars::prelude::PolarsError;
use std::path::PathBuf;

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

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
    /// Reading, writing, creating or moving a file or folder failed.
    #[error("{doing} {}: {error}", path.display())]
    Io {
        /// What was being done (`cannot read`, `cannot create`, …).
        doing: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The I/O error.
        error: std::io::Error,
    },
    /// No statement with this id in the corpus.
    #[error("no statement `{0}`")]
    NotFound(String),
    /// An input file (corpus folder, manifest, document) cannot be used.
    #[error("{file}: {problem}")]
    Input {
        /// The file or folder.
        file: String,
        /// What is wrong with it.
        problem: String,
    },
    /// A resource file (clause rules or designations TOML, user dictionary, stopwords, gold
    /// TSV, font) cannot be used.
    #[error("{file}: {problem}")]
    Config {
        /// The file (or the built-in resource's name).
        file: String,
        /// What is wrong with it.
        problem: String,
    },
    /// A chart cannot be drawn, written or checked.
    #[error("{file}: {problem}")]
    Chart {
        /// The chart file (or `chart` while it is drawn in memory).
        file: String,
        /// What went wrong.
        problem: String,
    },
    /// An output file cannot be encoded or written (other than an I/O error).
    #[error("{file}: {problem}")]
    Output {
        /// The output file.
        file: String,
        /// What went wrong.
        problem: String,
    },
    /// A statistic or table cannot be computed from the data it was given.
    #[error("{what}: {problem}")]
    Data {
        /// The statistic or table (`similarity`, `keyness`, …).
        what: &'static str,
        /// What is wrong.
        problem: String,
    },
    /// An option or argument cannot be used (a filter, a pattern, a file name, a column).
    #[error("{0}")]
    Usage(String),
    /// `--strict` and input problems of severity error (exit code 2).
    #[error(transparent)]
    Strict(#[from] StrictError),
}

/// Error raised by `--strict` when input problems occurred (exit code 2); carries every
/// input problem so that the caller can show them (the library prints nothing).
#[derive(Debug, thiserror::Error)]
#[error("{errors} input problem(s) of severity error (see input_problems.csv); --strict makes this fatal")]
pub struct StrictError {
    /// Problems of severity error.
    pub errors: usize,
    /// Every input problem, in order.
    pub problems: Vec<InputProblem>,
}

/// The converter of polars errors, used by every stage: `.map_err(polars("keyness"))`.
pub fn polars(what: &'static str) -> impl Fn(PolarsError) -> Error {
    move |error| Error::Polars { what, error }
}

/// A polars error without a named table (`?` on a polars result): prefer [`polars`].
impl From<PolarsError> for Error {
    fn from(error: PolarsError) -> Self {
        Error::Polars { what: "table operation", error }
    }
}

/// The converter of I/O errors: `.map_err(io("cannot read", &path))`.
pub fn io(doing: &'static str, path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.into();
    move |error| Error::Io { doing, path, error }
}

/// The converter of errors of a resource file: `.map_err(config(origin, "invalid clause
/// rules"))` gives `ORIGIN: invalid clause rules: CAUSE`.
pub fn config<E: std::fmt::Display>(file: &str, what: impl Into<String>) -> impl FnOnce(E) -> Error {
    let (file, what) = (file.to_string(), what.into());
    move |e| Error::Config { file, problem: format!("{what}: {e}") }
}

/// The converter of encoding errors of an output file: `.map_err(output(&path, "Parquet"))`
/// gives `PATH: Parquet: CAUSE`.
pub fn output<'a, E: std::fmt::Display>(file: &'a std::path::Path, what: &'static str) -> impl Fn(E) -> Error + 'a {
    move |e| Error::Output { file: file.display().to_string(), problem: format!("{what}: {e}") }
}

/// Return early with an [`Error::Config`] naming the resource file:
/// `bail_config!(origin, "line {}: bad fold", n)`.
#[macro_export]
macro_rules! bail_config {
    ($file:expr, $($fmt:tt)+) => {
        return Err($crate::Error::Config { file: $file.to_string(), problem: format!($($fmt)+) })
    };
}

/// Return early with an [`Error::Data`]: `bail_data!("similarity", "ids are not distinct")`.
#[macro_export]
macro_rules! bail_data {
    ($what:expr, $($fmt:tt)+) => {
        return Err($crate::Error::Data { what: $what, problem: format!($($fmt)+) })
    };
}

/// Return early with an [`Error::Usage`]: `bail_usage!("empty filter")`.
#[macro_export]
macro_rules! bail_usage {
    ($($fmt:tt)+) => {
        return Err($crate::Error::Usage(format!($($fmt)+)))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_what_failed() {
        let e = polars("keyness")(PolarsError::ComputeError("bad".into()));
        assert_eq!(e.to_string(), "keyness: bad");
        assert_eq!(Error::NotFound("X".into()).to_string(), "no statement `X`");
        let e = io("cannot read", "/x/manifest.csv")(std::io::Error::new(std::io::ErrorKind::NotFound, "gone"));
        assert_eq!(e.to_string(), "cannot read /x/manifest.csv: gone");
        let e = Error::Input { file: "a.txt".into(), problem: "not UTF-8".into() };
        assert_eq!(e.to_string(), "a.txt: not UTF-8");
        // anyhow prints the same single line (no source chain to repeat)
        assert_eq!(format!("{:#}", anyhow::Error::from(e)), "a.txt: not UTF-8");
        let s = Error::from(StrictError { errors: 2, problems: Vec::new() });
        assert!(s.to_string().starts_with("2 input problem(s) of severity error"));
    }
}
