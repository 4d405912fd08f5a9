//! Stage 1 — ingest: read the manifest (or a plain folder), decode and normalise every file,
//! parse its format, and cut the statement proper out of the article.
//!
//! The result is a [`Corpus`]: the usable [`Document`]s, sorted by date and id, and the list of
//! [`InputProblem`]s (files skipped or doubted). Documents are read and parsed in parallel.

pub mod confine;
pub mod cut;
pub mod decode;
pub mod manifest;
pub mod normalize;
pub mod parse;
pub mod partners;
pub mod signature;

use crate::error::{io, Error, Result};
use crate::problems::{InputProblem, Severity};
use chrono::{Datelike, NaiveDate};
use cut::{CutHints, LeadKind, Signature};
use manifest::ManifestRow;
use parse::Format;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Options for reading a corpus.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Files larger than this many bytes are refused (an error naming the limit and the flag).
    pub max_file_bytes: u64,
    /// Read files whose real path lies outside the corpus folder (`--allow-outside-corpus`);
    /// by default they are refused with the problem `outside_corpus` (see [`confine`]).
    pub allow_outside_corpus: bool,
}

impl IngestOptions {
    /// Options with a size limit in megabytes (as the `--max-file-mb` flag gives it).
    pub fn from_mb(max_file_mb: u64, allow_outside_corpus: bool) -> Self {
        IngestOptions { max_file_bytes: max_file_mb.saturating_mul(1024 * 1024), allow_outside_corpus }
    }
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions { max_file_bytes: 64 * 1024 * 1024, allow_outside_corpus: false }
    }
}

/// One statement, cut out of its article, with its metadata.
#[derive(Debug, Clone)]
pub struct Document {
    /// Unique id (manifest `id`, or the file stem for a folder without manifest).
    pub id: String,
    /// File path relative to the corpus folder.
    pub file: String,
    /// Metadata from the manifest (for a plain folder: derived from the file).
    pub meta: ManifestRow,
    /// sha256 of the file as read.
    pub sha256: String,
    /// Text encoding that was detected.
    pub encoding: String,
    /// Format that was parsed.
    pub format: Format,
    /// Newspaper headline (empty for formats without one).
    pub headline: String,
    /// Newspaper page number.
    pub page: Option<u32>,
    /// Newspaper column.
    pub column: Option<String>,
    /// Paragraphs cut as news lead (and headline repeats before it).
    pub lead: Vec<String>,
    /// How the lead was recognised.
    pub lead_kind: LeadKind,
    /// The statement's repeated title.
    pub title_lines: Vec<String>,
    /// The statement proper, one paragraph per element.
    pub body: Vec<String>,
    /// The signature block.
    pub signature: Signature,
    /// Trailing dateline or photo caption.
    pub trailer: Vec<String>,
    /// True when the source is an abridgement or summary (`completeness = partial`).
    pub partial: bool,
}

impl Document {
    /// The date the statement is analysed under: manifest `signed`, else the signature date,
    /// else the publication date.
    pub fn date(&self) -> Option<NaiveDate> {
        self.meta.signed.or(self.signature.date).or(self.meta.published)
    }

    /// Year of [`Document::date`].
    pub fn year(&self) -> Option<i32> {
        self.date().map(|d| d.year())
    }

    /// The document's five parts in reading order with their lines: lead, title, body,
    /// signature, trailer.
    pub fn parts(&self) -> [(&'static str, &Vec<String>); 5] {
        [
            ("lead", &self.lead),
            ("title", &self.title_lines),
            ("body", &self.body),
            ("signature", &self.signature.lines),
            ("trailer", &self.trailer),
        ]
    }

    /// The body as one string, paragraphs separated by `\n`.
    pub fn body_text(&self) -> String {
        self.body.join("\n")
    }

    /// Document type (`joint_statement`, `communique`, `declaration`), or `unknown`.
    pub fn doc_type(&self) -> &str {
        self.meta.doc_type.as_deref().unwrap_or("unknown")
    }

    /// Partner (Chinese name), or empty.
    pub fn partner(&self) -> &str {
        self.meta.partner.as_deref().unwrap_or("")
    }
}

/// A read corpus: usable documents and the problems met.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// The corpus folder.
    pub root: PathBuf,
    /// True when a `manifest.csv` was used.
    pub has_manifest: bool,
    /// Usable documents, sorted by date then id.
    pub docs: Vec<Document>,
    /// Everything skipped or doubted, sorted.
    pub problems: Vec<InputProblem>,
    /// sha256 of `manifest.csv` when there is one.
    pub manifest_sha256: Option<String>,
}

impl Corpus {
    /// Find a document by id.
    pub fn get(&self, id: &str) -> Option<&Document> {
        self.docs.iter().find(|d| d.id == id)
    }
}

/// Hex sha256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// What a corpus folder holds, before any document is read: the manifest rows (or one row per
/// file of a plain folder) and the problems found in the manifest and the folder listing.
#[derive(Debug, Clone)]
pub struct CorpusPlan {
    /// The corpus folder.
    pub root: PathBuf,
    /// Its real path (symlinks resolved): every input file must resolve inside it.
    pub root_real: PathBuf,
    /// True when a `manifest.csv` was used.
    pub has_manifest: bool,
    /// One row per document to read.
    pub rows: Vec<ManifestRow>,
    /// Problems found so far.
    pub problems: Vec<InputProblem>,
    /// sha256 of `manifest.csv` when there is one.
    pub manifest_sha256: Option<String>,
}

/// List what a corpus folder holds (see [`CorpusPlan`]).
pub fn plan_corpus(root: &Path) -> Result<CorpusPlan> {
    if !root.is_dir() {
        return Err(Error::Usage(format!(
            "corpus folder `{}` does not exist or is not a folder (set --corpus or JOINTSTAT_CORPUS)",
            root.display()
        )));
    }
    let root_real = std::fs::canonicalize(root).map_err(io("cannot resolve the corpus folder", root))?;
    let mut problems = Vec::new();
    let manifest_path = root.join("manifest.csv");
    let has_manifest = match std::fs::metadata(&manifest_path) {
        Ok(m) if m.is_file() => true,
        Ok(_) => {
            let (file, problem) = (manifest_path.display().to_string(), "manifest.csv is not a regular file".into());
            return Err(Error::Input { file, problem });
        }
        Err(_) => false,
    };
    let mut manifest_sha256 = None;
    let rows: Vec<ManifestRow> = if has_manifest {
        manifest_sha256 = Some(sha256_hex(&std::fs::read(&manifest_path).map_err(io("cannot read", &manifest_path))?));
        let rows = manifest::read_manifest(&manifest_path, &mut problems)?;
        // files on disk that the manifest does not list
        let listed: BTreeSet<String> = rows.iter().map(|r| r.file.clone()).collect();
        let (files, listing_problems) = list_text_files(root)?;
        problems.extend(listing_problems);
        for f in files {
            if !listed.contains(&f) {
                problems.push(InputProblem::new(
                    Severity::Warning,
                    &f,
                    "not_in_manifest",
                    "file is on disk but not listed in manifest.csv; not analysed",
                ));
            }
        }
        rows
    } else {
        folder_rows(root, &mut problems)?
    };
    Ok(CorpusPlan { root: root.to_path_buf(), root_real, has_manifest, rows, problems, manifest_sha256 })
}

/// Read, decode, parse and cut the documents of some rows of a plan, in parallel; documents and
/// problems come back in row order.
pub fn read_rows(plan: &CorpusPlan, rows: &[ManifestRow], opts: &IngestOptions) -> (Vec<Document>, Vec<InputProblem>) {
    let results: Vec<(Option<Document>, Vec<InputProblem>)> =
        rows.par_iter().map(|row| read_document(plan, row, opts)).collect();
    let mut docs = Vec::new();
    let mut problems = Vec::new();
    for (doc, probs) in results {
        problems.extend(probs);
        docs.extend(doc);
    }
    (docs, problems)
}

/// Read a corpus folder: with `manifest.csv` if present, otherwise every `.txt`/`.html` file.
pub fn load_corpus(root: &Path, opts: &IngestOptions) -> Result<Corpus> {
    let plan = plan_corpus(root)?;
    let (mut docs, more) = read_rows(&plan, &plan.rows, opts);
    let mut problems = plan.problems;
    problems.extend(more);
    docs.sort_by(|a, b| a.date().cmp(&b.date()).then_with(|| a.id.cmp(&b.id)));
    problems.sort();
    Ok(Corpus {
        root: plan.root,
        has_manifest: plan.has_manifest,
        docs,
        problems,
        manifest_sha256: plan.manifest_sha256,
    })
}

/// Text files below `root` (relative, `/`-separated, sorted), skipping hidden entries. Symbolic
/// links to files are listed (and confined when read); symbolic links to folders are not
/// followed (a warning `symlinked_folder`), so a link loop cannot trap the listing.
fn list_text_files(root: &Path) -> Result<(Vec<String>, Vec<InputProblem>)> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(io("cannot list", &dir))?;
        for e in entries {
            let e = e.map_err(io("cannot list", &dir))?;
            let p = e.path();
            let name = e.file_name().to_string_lossy().to_string();
            if name.starts_with('.') {
                continue;
            }
            let rel = p.strip_prefix(root).unwrap_or(&p).to_string_lossy().replace('\\', "/");
            let ft = e.file_type().map_err(io("cannot inspect", &p))?;
            if ft.is_dir() {
                stack.push(p);
                continue;
            }
            if ft.is_symlink() && p.is_dir() {
                problems.push(InputProblem::new(
                    Severity::Warning,
                    &rel,
                    "symlinked_folder",
                    "symbolic link to a folder: not followed, its files are not analysed",
                ));
                continue;
            }
            let lower = name.to_ascii_lowercase();
            if [".txt", ".html", ".htm"].iter().any(|x| lower.ends_with(x)) {
                out.push(rel);
            }
        }
    }
    out.sort();
    problems.sort();
    Ok((out, problems))
}

/// Manifest-like rows for a folder without a manifest: id = file stem, made a valid id
/// ([`confine::sanitize_id`], warning `id_sanitized`) and unique.
fn folder_rows(root: &Path, problems: &mut Vec<InputProblem>) -> Result<Vec<ManifestRow>> {
    let (files, listing_problems) = list_text_files(root)?;
    problems.extend(listing_problems);
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    Ok(files
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            let stem = Path::new(&f).file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
            let clean = confine::sanitize_id(&stem);
            if clean != stem {
                problems.push(
                    InputProblem::new(
                        Severity::Warning,
                        &f,
                        "id_sanitized",
                        format!("the file name does not make a valid id; the document is analysed as `{clean}`"),
                    )
                    .for_doc(&clean),
                );
            }
            let n = seen.entry(clean.clone()).or_insert(0);
            *n += 1;
            let id = if *n == 1 { clean } else { format!("{clean}_{n}") };
            ManifestRow { line: i + 1, id, file: f, ..Default::default() }
        })
        .collect())
}

/// Guess the document type from a title.
pub fn doc_type_from_title(t: &str) -> &'static str {
    if t.contains("公报") {
        "communique"
    } else if t.contains("宣言") {
        "declaration"
    } else {
        "joint_statement"
    }
}

fn read_document(plan: &CorpusPlan, row: &ManifestRow, opts: &IngestOptions) -> (Option<Document>, Vec<InputProblem>) {
    read_document_with(plan, row, opts, true)
}

/// Read, decode, parse and cut one row of a plan, for callers that only need the body (the
/// `terms` core): identical to what [`read_rows`] gives for that row, except that the file's
/// sha256 is computed only when the manifest row gives one to check (`Document::sha256` is
/// empty otherwise). The problems reported are the same.
pub fn read_row_body_only(
    plan: &CorpusPlan,
    row: &ManifestRow,
    opts: &IngestOptions,
) -> (Option<Document>, Vec<InputProblem>) {
    read_document_with(plan, row, opts, false)
}

fn read_document_with(
    plan: &CorpusPlan,
    row: &ManifestRow,
    opts: &IngestOptions,
    always_hash: bool,
) -> (Option<Document>, Vec<InputProblem>) {
    let refused = |r: confine::Refusal| {
        let p = InputProblem::new(Severity::Error, &row.file, r.code, r.message).for_doc(&row.id);
        (None, vec![if plan.has_manifest { p.at_line(row.line) } else { p }])
    };
    let real = match confine::confine(&plan.root, &plan.root_real, &row.file, opts.allow_outside_corpus) {
        Ok(p) => p,
        Err(r) => return refused(r),
    };
    match confine::open_regular(&real, &row.file, opts.max_file_bytes) {
        Ok(bytes) => document_from_bytes_with(row, plan.has_manifest, &bytes, always_hash),
        Err(r) => refused(r),
    }
}

/// Parse one document from its bytes (decode, normalise, parse the format, cut the statement),
/// as if read from `row.file`. Never panics; problems are returned, not raised.
pub fn document_from_bytes(
    row: &ManifestRow,
    has_manifest: bool,
    bytes: &[u8],
) -> (Option<Document>, Vec<InputProblem>) {
    document_from_bytes_with(row, has_manifest, bytes, true)
}

fn document_from_bytes_with(
    row: &ManifestRow,
    has_manifest: bool,
    bytes: &[u8],
    always_hash: bool,
) -> (Option<Document>, Vec<InputProblem>) {
    let mut probs = Vec::new();
    let line = |p: InputProblem| if has_manifest { p.at_line(row.line) } else { p };
    let err = |code: &str, msg: String| line(InputProblem::new(Severity::Error, &row.file, code, msg).for_doc(&row.id));
    let warn =
        |code: &str, msg: String| line(InputProblem::new(Severity::Warning, &row.file, code, msg).for_doc(&row.id));
    let sha = if always_hash || row.sha256.is_some() { sha256_hex(bytes) } else { String::new() };
    if let Some(expected) = &row.sha256 {
        if *expected != sha {
            probs.push(warn("sha256_mismatch", format!("sha256 is {sha}, manifest says {expected}")));
        }
    }
    let decoded = match decode::decode(bytes) {
        Ok(d) => d,
        Err(e) => {
            let code = match e {
                decode::DecodeError::Empty => "empty_file",
                decode::DecodeError::Binary { .. } => "binary_file",
                decode::DecodeError::Undecodable { .. } => "undecodable",
            };
            probs.push(err(code, e.to_string()));
            return (None, probs);
        }
    };
    let text = normalize::normalize_text(&decoded.text);
    if text.trim().is_empty() {
        probs.push(err("blank_file", "the file holds only white space".into()));
        return (None, probs);
    }
    let format = match row.format.as_deref() {
        Some(f) => match Format::from_name(f) {
            Some(f) => f,
            None => {
                let sniffed = Format::sniff(&row.file, &text);
                probs.push(warn("unknown_format", format!("format `{f}` is unknown; read as {}", sniffed.name())));
                sniffed
            }
        },
        None => Format::sniff(&row.file, &text),
    };
    let raw = match format {
        Format::PeoplesDaily => parse::parse_peoples_daily(&text),
        Format::Html => parse::parse_html(&text),
        Format::Plain => parse::parse_plain(&text),
    };
    for (code, msg) in &raw.notes {
        probs.push(warn(code, msg.clone()));
    }
    // no partner in the manifest (a plain folder, or an empty cell): the file name's ISO code or
    // the first partner named in the opening (corpus/partners.tsv); clause actors need it
    let mut inferred = None;
    if row.partner.as_deref().is_none_or(|p| p.trim().is_empty()) {
        let opening = std::iter::once(raw.headline.as_str()).chain(raw.paragraphs.iter().map(String::as_str).take(8));
        inferred = partners::infer(partners::table(), &row.id, opening).map(|(p, _)| p);
    }
    let partner_hint = inferred.map(|p| p.partner.as_str()).or(row.partner.as_deref());
    let hints = CutHints { headline: &raw.headline, title: row.title.as_deref(), partner: partner_hint };
    let c = cut::cut(&raw.paragraphs, &hints);
    if c.body.is_empty() {
        probs.push(err("no_statement", "no statement text left after cutting lead, title and signature".into()));
        return (None, probs);
    }
    if inferred.is_none() && row.partner.as_deref().is_none_or(|p| p.trim().is_empty()) {
        probs.push(warn(
            "no_partner",
            "no partner in the manifest, and none found in the file name (`YYYY-MM-DD_CC`, ISO code) or in the \
             opening of the text (corpus/partners.tsv): the partner's sentences cannot be told from the joint voice \
             (actor `partner` is never assigned), and the statement has no partner or region"
                .into(),
        ));
    }
    let mut meta = row.clone();
    if !has_manifest {
        let title = c.title.first().cloned().filter(|t| !t.is_empty()).unwrap_or_else(|| raw.headline.clone());
        meta.title = (!title.is_empty()).then_some(title.clone());
        meta.published = raw.published;
        // the signature's date, else the file name's (`YYYY-MM-DD_…`), else the header's
        // publication date (Document::date)
        meta.signed = c.signature.date.or_else(|| partners::date_from_id(&row.id));
        meta.doc_type = Some(doc_type_from_title(if title.is_empty() { &raw.headline } else { &title }).to_string());
        meta.format = Some(format.name().to_string());
    }
    if meta.published.is_none() {
        meta.published = raw.published;
    }
    if let Some(p) = inferred {
        meta.partner = Some(p.partner.clone());
        for (field, value) in
            [(&mut meta.partner_en, &p.partner_en), (&mut meta.iso, &p.iso), (&mut meta.region, &p.region)]
        {
            if field.as_deref().is_none_or(|v| v.trim().is_empty()) {
                *field = Some(value.clone());
            }
        }
    }
    let partial = meta.completeness.as_deref() == Some("partial");
    let doc = Document {
        id: row.id.clone(),
        file: row.file.clone(),
        meta,
        sha256: sha,
        encoding: decoded.encoding,
        format,
        headline: raw.headline,
        page: raw.page,
        column: raw.column,
        lead: c.lead,
        lead_kind: c.lead_kind.unwrap_or(LeadKind::None),
        title_lines: c.title,
        // ASCII marks of a Chinese body (web copies) become the full-width ones the rules read
        body: c
            .body
            .into_iter()
            .map(|p| match normalize::fold_cjk_punctuation(&p) {
                std::borrow::Cow::Borrowed(_) => p,
                std::borrow::Cow::Owned(o) => o,
            })
            .collect(),
        signature: c.signature,
        trailer: c.trailer,
        partial,
    };
    for d in &doc.signature.doubtful {
        probs.push(warn(
            crate::problems::DOUBTFUL_SIGNATORY,
            format!("signature block: `{}` is not used as a signatory: {}", d.text, d.reason),
        ));
    }
    if let Some(last) = doc.body.last() {
        let end = last.chars().last().unwrap_or('。');
        if !matches!(end, '。' | '！' | '？' | '”' | '）' | '；' | '：' | '.' | '!' | '?')
            && doc.signature.lines.is_empty()
        {
            probs.push(warn(
                "truncated_text",
                format!(
                    "the statement ends mid-sentence (…{}): the file may be truncated",
                    last.chars().rev().take(12).collect::<Vec<_>>().into_iter().rev().collect::<String>()
                ),
            ));
        }
    }
    if doc.date().is_none() {
        probs.push(warn(
            "no_date",
            "no date in the manifest, the signature, the file name (`YYYY-MM-DD_…`) or the header".into(),
        ));
    }
    (Some(doc), probs)
}
