//! Input problems: everything the pipeline skipped, degraded or doubted, so that nothing is
//! dropped silently. Every stage appends to one list; the report prints it as "Input problems"
//! and writes it to `tables/input_problems.csv`.

use serde::Serialize;
use std::fmt;

/// Problem code of a signature-block piece that sits where a name should be but does not look
/// like a person's name (an office fragment such as `阿拉伯`, names run together): the document is
/// analysed, the piece is never used as a signatory's name or as an actor.
pub const DOUBTFUL_SIGNATORY: &str = "doubtful_signatory";

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document was analysed, but something about it is doubtful or was repaired.
    Warning,
    /// The document (or manifest row) could not be used and was skipped.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One problem with the input, naming the file (and manifest row) it concerns.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct InputProblem {
    /// Warning (kept) or error (skipped).
    pub severity: Severity,
    /// File the problem concerns, relative to the corpus folder where possible.
    pub file: String,
    /// 1-based line of `manifest.csv` (header is line 1), when the problem comes from the manifest.
    pub manifest_line: Option<usize>,
    /// Document id, when known.
    pub doc_id: Option<String>,
    /// Short machine-readable code, e.g. `sha256_mismatch`, `binary_file`, `no_lead_marker`.
    pub code: String,
    /// Human-readable explanation.
    pub message: String,
}

impl InputProblem {
    /// A new problem.
    pub fn new(severity: Severity, file: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        InputProblem {
            severity,
            file: file.into(),
            manifest_line: None,
            doc_id: None,
            code: code.to_string(),
            message: message.into(),
        }
    }

    /// Attach a manifest line number.
    pub fn at_line(mut self, line: usize) -> Self {
        self.manifest_line = Some(line);
        self
    }

    /// Attach a document id.
    pub fn for_doc(mut self, id: &str) -> Self {
        self.doc_id = Some(id.to_string());
        self
    }

    /// What happened to the document because of this problem.
    pub fn action(&self) -> &'static str {
        match self.severity {
            Severity::Warning => "analysed",
            Severity::Error => "skipped",
        }
    }
}

impl fmt::Display for InputProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.severity, self.file)?;
        if let Some(l) = self.manifest_line {
            write!(f, " (manifest.csv line {l})")?;
        }
        write!(f, ": {} [{}]", self.message, self.code)
    }
}
