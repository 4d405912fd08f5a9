//! `manifest.csv`: one row per document with its metadata.
//!
//! Required columns: `id`, `file`. Known optional columns: `title`, `signed`, `published`,
//! `partner`, `partner_en`, `iso`, `region`, `doc_type`, `completeness`, `format`, `source`,
//! `sha256`, `note`. Unknown columns are kept (in [`ManifestRow::extra`]) and reported once as a
//! warning. Row-level problems (duplicate id, bad date, empty file name) are reported with
//! their line number; a row that cannot be used is skipped, never guessed.

use crate::error::{io, Error, Result};
use crate::ingest::normalize::parse_iso_date;
use crate::problems::{InputProblem, Severity};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Columns the tool knows (in the order the reference manifest uses).
pub const KNOWN_COLUMNS: &[&str] = &[
    "id",
    "file",
    "title",
    "signed",
    "published",
    "partner",
    "partner_en",
    "iso",
    "region",
    "doc_type",
    "completeness",
    "format",
    "source",
    "sha256",
    "note",
];

/// One usable row of the manifest.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ManifestRow {
    /// 1-based line number in `manifest.csv` (the header is line 1).
    pub line: usize,
    /// Document id (unique).
    pub id: String,
    /// File path relative to the corpus folder.
    pub file: String,
    /// The statement's own title.
    pub title: Option<String>,
    /// Signing or issue date.
    pub signed: Option<NaiveDate>,
    /// Date printed in the newspaper.
    pub published: Option<NaiveDate>,
    /// Partner (Chinese name).
    pub partner: Option<String>,
    /// Partner (English name).
    pub partner_en: Option<String>,
    /// ISO 3166 alpha-2 (`SU`, `EU` for the Soviet Union and the European Union).
    pub iso: Option<String>,
    /// World region.
    pub region: Option<String>,
    /// `joint_statement`, `communique` or `declaration`.
    pub doc_type: Option<String>,
    /// `full` or `partial`.
    pub completeness: Option<String>,
    /// `peoples-daily` or `html`.
    pub format: Option<String>,
    /// Where the text came from.
    pub source: Option<String>,
    /// Expected sha256 of the file as stored.
    pub sha256: Option<String>,
    /// Free-text note.
    pub note: Option<String>,
    /// Values of columns the tool does not know, by column name.
    pub extra: BTreeMap<String, String>,
}

/// Read and validate a manifest. A missing required column or an unreadable file is an error;
/// row problems become [`InputProblem`]s and the row is skipped.
pub fn read_manifest(path: &Path, problems: &mut Vec<InputProblem>) -> Result<Vec<ManifestRow>> {
    let fname = path.display().to_string();
    let bytes = std::fs::read(path).map_err(io("cannot read", path))?;
    let text = crate::ingest::decode::decode(&bytes)
        .map_err(|e| Error::Input { file: fname.clone(), problem: e.to_string() })?
        .text;
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| Error::Input { file: fname.clone(), problem: format!("cannot read the header line: {e}") })?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    for required in ["id", "file"] {
        if !headers.iter().any(|h| h == required) {
            return Err(Error::Input {
                file: fname,
                problem: format!("required column `{required}` is missing (header has: {})", headers.join(", ")),
            });
        }
    }
    let unknown: Vec<&String> = headers.iter().filter(|h| !KNOWN_COLUMNS.contains(&h.as_str())).collect();
    if !unknown.is_empty() {
        problems.push(
            InputProblem::new(
                Severity::Warning,
                "manifest.csv",
                "unknown_column",
                format!(
                    "unknown column(s) {} kept as extra metadata",
                    unknown.iter().map(|u| format!("`{u}`")).collect::<Vec<_>>().join(", ")
                ),
            )
            .at_line(1),
        );
    }
    let mut rows = Vec::new();
    let mut seen_ids: BTreeSet<String> = BTreeSet::new();
    for (i, rec) in rdr.records().enumerate() {
        let line = i + 2;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                problems.push(
                    InputProblem::new(Severity::Error, "manifest.csv", "bad_csv_row", e.to_string()).at_line(line),
                );
                continue;
            }
        };
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if rec.len() != headers.len() {
            problems.push(
                InputProblem::new(
                    Severity::Warning,
                    "manifest.csv",
                    "field_count",
                    format!("row has {} fields, header has {}", rec.len(), headers.len()),
                )
                .at_line(line),
            );
        }
        let mut row = ManifestRow { line, ..Default::default() };
        let mut bad = false;
        for (h, v) in headers.iter().zip(rec.iter()) {
            let v = v.trim();
            let opt = (!v.is_empty()).then(|| v.to_string());
            match h.as_str() {
                "id" => row.id = v.to_string(),
                "file" => row.file = normalize_file(v),
                "title" => row.title = opt,
                "signed" | "published" => {
                    let date = match opt.as_deref() {
                        None => None,
                        Some(s) => match parse_iso_date(s) {
                            Some(d) => Some(d),
                            None => {
                                problems.push(
                                    InputProblem::new(
                                        Severity::Warning,
                                        "manifest.csv",
                                        "bad_date",
                                        format!("column `{h}`: `{s}` is not a date YYYY-MM-DD; left empty"),
                                    )
                                    .at_line(line)
                                    .for_doc(rec.get(0).unwrap_or("")),
                                );
                                None
                            }
                        },
                    };
                    if h == "signed" {
                        row.signed = date;
                    } else {
                        row.published = date;
                    }
                }
                "partner" => row.partner = opt,
                "partner_en" => row.partner_en = opt,
                "iso" => row.iso = opt,
                "region" => row.region = opt,
                "doc_type" => row.doc_type = opt,
                "completeness" => row.completeness = opt,
                "format" => row.format = opt,
                "source" => row.source = opt,
                "sha256" => row.sha256 = opt.map(|s| s.to_ascii_lowercase()),
                "note" => row.note = opt,
                other => {
                    row.extra.insert(other.to_string(), v.to_string());
                }
            }
        }
        if row.id.is_empty() {
            problems.push(
                InputProblem::new(Severity::Error, "manifest.csv", "missing_id", "row has no `id`").at_line(line),
            );
            bad = true;
        }
        if !bad {
            if let Err(why) = crate::ingest::confine::check_id(&row.id) {
                problems.push(
                    InputProblem::new(
                        Severity::Error,
                        "manifest.csv",
                        "bad_id",
                        format!("id `{}` {why}; ids become file names, so this row is skipped", row.id.escape_debug()),
                    )
                    .at_line(line),
                );
                bad = true;
            }
        }
        if row.file.is_empty() {
            problems.push(
                InputProblem::new(Severity::Error, "manifest.csv", "missing_file_name", "row has no `file`")
                    .at_line(line)
                    .for_doc(&row.id),
            );
            bad = true;
        }
        if !bad && !seen_ids.insert(row.id.clone()) {
            problems.push(
                InputProblem::new(
                    Severity::Error,
                    &row.file,
                    "duplicate_id",
                    format!("id `{}` appears again; this row is skipped", row.id),
                )
                .at_line(line)
                .for_doc(&row.id),
            );
            bad = true;
        }
        if !bad {
            rows.push(row);
        }
    }
    Ok(rows)
}

/// A manifest `file` as a `/`-separated path: Windows separators become `/` and leading `./`
/// are dropped (the path is still confined to the corpus folder when it is read).
fn normalize_file(v: &str) -> String {
    let mut f = v.replace('\\', "/");
    while let Some(rest) = f.strip_prefix("./") {
        f = rest.to_string();
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> (Result<Vec<ManifestRow>>, Vec<InputProblem>) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("manifest.csv");
        std::fs::write(&p, s).unwrap();
        let mut probs = Vec::new();
        let r = read_manifest(&p, &mut probs);
        (r, probs)
    }

    #[test]
    fn reads_rows_and_flags_row_problems() {
        let (rows, probs) = read(
            "id,file,signed,color\n\
             a,texts/a.txt,2003-06-03,red\n\
             a,texts/b.txt,2003-06-04,\n\
             c,texts/c.txt,2003-13-40,\n",
        );
        let rows = rows.unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].signed, NaiveDate::from_ymd_opt(2003, 6, 3));
        assert_eq!(rows[0].extra.get("color").map(String::as_str), Some("red"));
        assert_eq!(rows[1].signed, None);
        let codes: Vec<(&str, Option<usize>)> = probs.iter().map(|p| (p.code.as_str(), p.manifest_line)).collect();
        assert_eq!(codes, vec![("unknown_column", Some(1)), ("duplicate_id", Some(3)), ("bad_date", Some(4))]);
    }

    #[test]
    fn missing_required_column_is_an_error() {
        let (r, _) = read("id,title\na,x\n");
        let msg = format!("{:#}", r.unwrap_err());
        assert!(msg.contains("required column `file` is missing"), "{msg}");
    }
}
