//! Writing outputs: tables as CSV and Parquet, and a report folder that replaces the previous
//! one atomically.
//!
//! Every table is written in a form every reader opens ([`portable`]): unsigned integers become
//! `Int64` (R's arrow reads `uint32` as double), empty strings become nulls (so CSV and Parquet
//! agree: an empty CSV field is a missing value), and the Parquet file's embedded Arrow schema
//! declares strings as `large_utf8` rather than polars' in-memory `string_view` (which
//! pyarrow < 15 and pandas 2.1 cannot read: "Unrecognized type: 24"). CSV floats have 6
//! decimals, except non-zero values below 1e-4 in magnitude (p-values): those are written in
//! scientific notation with 7 significant digits (`4.045790e-10`), so a p-value never prints as
//! `0.000000`. (Columns without such a value are written by polars' own fixed formatter; a
//! unit test checks that both give the same text.)
//!
//! A report is built in a hidden staging folder next to its destination
//! (`reports/.NAME.partial-PID`) and moved into place only when complete; an interrupted run
//! leaves the previous report untouched (and at worst a stale staging folder, removed by the
//! next run). Single files are written to a temporary file in the same folder and renamed.
//!
//! Longer than 500 lines because the block writer (shared by the term core and `analyze`'s large
//! tables), the atomic file and folder helpers and their unit tests belong together: every
//! byte a run writes goes through this one file.

use crate::error::{io, output, Error, Result};
use polars::prelude::*;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Decimal places of floats in CSV files (fixed, so output is byte-stable).
pub const CSV_FLOAT_DECIMALS: usize = 6;

/// Write `bytes` to `path` atomically (temporary file in the same folder, then rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".jointstat-")
        .tempfile_in(dir)
        .map_err(io("cannot create a temporary file in", dir))?;
    tmp.write_all(bytes).map_err(io("cannot write", path))?;
    tmp.as_file().sync_all().ok();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644)).ok();
    }
    tmp.persist(path).map_err(|e| io("cannot move the temporary file to", path)(e.error))?;
    Ok(())
}

/// First characters that make a spreadsheet (Excel, LibreOffice, Google Sheets) read a CSV cell
/// as a formula: `=`, `+`, `-`, `@`, tab and carriage return (OWASP, "CSV injection").
pub const FORMULA_TRIGGERS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// A text cell made safe for spreadsheets: when it starts with one of [`FORMULA_TRIGGERS`] it
/// gets a leading apostrophe (`=HYPERLINK(…)` → `'=HYPERLINK(…)`), which spreadsheets show as
/// text; other cells are unchanged. Only CSV files are protected: Parquet keeps the raw value.
pub fn protect_cell(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(FORMULA_TRIGGERS) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// The frame with every text cell passed through [`protect_cell`] (columns without such a cell
/// are not copied).
pub fn protect_formulas(df: &DataFrame) -> Result<DataFrame> {
    let mut out = df.clone();
    for name in df.get_column_names_owned() {
        let c = df.column(&name).map_err(crate::error::polars("CSV"))?;
        if c.dtype() != &DataType::String {
            continue;
        }
        let ca = c.str().map_err(crate::error::polars("CSV"))?;
        if !ca.iter().flatten().any(|s| s.starts_with(FORMULA_TRIGGERS)) {
            continue;
        }
        let safe: StringChunked = ca.iter().map(|o| o.map(|s| protect_cell(s).into_owned())).collect();
        out.with_column(safe.with_name(name.clone()).into_column()).map_err(crate::error::polars("CSV"))?;
    }
    Ok(out)
}

/// Magnitude below which a non-zero float is written in scientific notation in CSV.
pub const CSV_SCIENTIFIC_BELOW: f64 = 1e-4;

fn pe(e: PolarsError) -> Error {
    crate::error::polars("table")(e)
}

/// The table as written: unsigned integers cast to `Int64`, empty strings replaced by nulls.
pub fn portable(df: &DataFrame) -> Result<DataFrame> {
    let mut cols = Vec::with_capacity(df.width());
    for c in df.columns() {
        let dt = c.dtype();
        let c = if dt.is_unsigned_integer() {
            c.cast(&DataType::Int64).map_err(pe)?
        } else if dt == &DataType::String {
            let ca = c.str().map_err(pe)?;
            if ca.iter().any(|v| v == Some("")) {
                let out: StringChunked = ca.iter().map(|v| v.filter(|x| !x.is_empty())).collect();
                out.with_name(c.name().clone()).into_column()
            } else {
                c.clone()
            }
        } else {
            c.clone()
        };
        cols.push(c);
    }
    DataFrame::new_infer_height(cols).map_err(pe)
}

/// A float as written in CSV (see the module docs): 6 decimals, or scientific notation with 7
/// significant digits for a non-zero value below 1e-4 in magnitude.
pub fn csv_float(v: f64) -> String {
    if v == 0.0 || !v.is_finite() || v.abs() >= CSV_SCIENTIFIC_BELOW {
        format!("{:.*}", CSV_FLOAT_DECIMALS, v)
    } else {
        format!("{:.*e}", CSV_FLOAT_DECIMALS, v)
    }
}

/// Serialise a DataFrame to CSV bytes (header; floats as [`csv_float`]; text cells protected
/// against formula injection by [`protect_formulas`]; see the module docs).
pub fn csv_bytes(df: &DataFrame) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    let mut cols = Vec::with_capacity(df.width());
    for c in protect_formulas(&portable(df)?)?.columns() {
        let tiny = |ca: &Float64Chunked| ca.iter().flatten().any(|v| v != 0.0 && v.abs() < CSV_SCIENTIFIC_BELOW);
        let c = match c.dtype() {
            DataType::Float64 | DataType::Float32 => {
                let f = c.cast(&DataType::Float64).map_err(pe)?;
                let ca = f.f64().map_err(pe)?;
                if tiny(ca) {
                    let s: StringChunked = ca.iter().map(|v| v.map(csv_float)).collect();
                    s.with_name(c.name().clone()).into_column()
                } else {
                    c.clone()
                }
            }
            _ => c.clone(),
        };
        cols.push(c);
    }
    let mut df = DataFrame::new_infer_height(cols).map_err(pe)?;
    CsvWriter::new(&mut buf)
        .include_header(true)
        .with_float_precision(Some(CSV_FLOAT_DECIMALS))
        .with_float_scientific(Some(false))
        .finish(&mut df)
        .map_err(crate::error::polars("CSV"))?;
    Ok(buf)
}

/// Standard base64 (RFC 4648, with padding), for the Parquet footer's Arrow schema.
fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for ch in bytes.chunks(3) {
        let n = (ch[0] as u32) << 16 | (*ch.get(1).unwrap_or(&0) as u32) << 8 | *ch.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= ch.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The `ARROW:schema` footer entry with the oldest Arrow types (`large_utf8`, no views), in the
/// encoding Arrow readers expect (IPC schema message with a continuation marker and length);
/// shared by every Parquet writer (this module's and the term core's streaming one).
pub fn arrow_schema_metadata(df: &DataFrame) -> (String, String) {
    let schema = df.schema().to_arrow(CompatLevel::oldest());
    let fields = polars_arrow::io::ipc::write::default_ipc_fields(schema.iter_values());
    let bytes = polars_arrow::io::ipc::write::schema_to_bytes(&schema, &fields, None);
    let mut framed = Vec::with_capacity(bytes.len() + 8);
    framed.extend_from_slice(&[255u8, 255, 255, 255]);
    framed.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    framed.extend_from_slice(&bytes);
    ("ARROW:schema".to_string(), base64(&framed))
}

/// Serialise a DataFrame to Parquet bytes (zstd; portable types, see the module docs).
pub fn parquet_bytes(df: &DataFrame) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    let mut d = portable(df)?;
    let meta = polars_io::parquet::write::KeyValueMetadata::from_static(vec![arrow_schema_metadata(&d)]);
    ParquetWriter::new(&mut buf)
        .with_compression(ParquetCompression::Zstd(None))
        .with_key_value_metadata(Some(meta))
        .finish(&mut d)
        .map_err(crate::error::polars("Parquet"))?;
    Ok(buf)
}

/// Hand the memory freed so far back to the operating system (glibc's `malloc_trim`: free
/// pages at the top and inside every malloc arena), so that the resident size after a large
/// table or stage is dropped is what is still in use, not the allocator's free lists. Called
/// between the stages of `analyze` and after each large report table; a no-op on other C
/// libraries. It changes no output.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists; it is thread-safe.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Rows per block when [`write_table`] streams a large table (512², polars' own default row
/// group size).
pub const TABLE_BLOCK_ROWS: usize = 512 * 512;

/// Write a table as `NAME.csv` and `NAME.parquet` into `dir`. A table of more than
/// [`TABLE_BLOCK_ROWS`] rows is written in blocks of that many rows ([`write_table_blocks`]:
/// the same CSV text, one Parquet row group per block), so that its CSV text and the converted
/// copies are never held whole in memory.
pub fn write_table(df: &DataFrame, dir: &Path, name: &str) -> Result<()> {
    if df.height() > TABLE_BLOCK_ROWS {
        let n = df.height().div_ceil(TABLE_BLOCK_ROWS);
        return write_table_blocks(dir, name, &df.clear(), n, |i| {
            Ok(df.slice((i * TABLE_BLOCK_ROWS) as i64, TABLE_BLOCK_ROWS))
        });
    }
    write_atomic(&dir.join(format!("{name}.csv")), &csv_bytes(df)?)?;
    write_atomic(&dir.join(format!("{name}.parquet")), &parquet_bytes(df)?)?;
    Ok(())
}

/// One block of rows of a table written by [`write_blocks`]: the rows as CSV text (no
/// header) and the same rows as a frame for Parquet.
pub struct TableBlock {
    /// CSV rows, each ending in `\n` (ignored when no CSV file is written).
    pub csv: Vec<u8>,
    /// The same rows, in the column types of the Parquet file.
    pub parquet: DataFrame,
}

/// Write a table block by block, so that it is never held whole in memory: `block(i, buf)`
/// formats block `i` of `n_blocks` (its CSV rows go into `buf`, an empty buffer recycled from an
/// earlier block so that its memory is not mapped afresh each time); groups of blocks (one per
/// thread) are formatted, encoded and compressed in parallel, and written in order, each block
/// as one Parquet row group (zstd, the Arrow schema of `schema`, a frame with the table's
/// columns) and its CSV rows appended after `csv`'s header. The writing runs on a thread of its
/// own while the next group is formatted, so the serial copy into the files overlaps the
/// parallel work. Both files are written atomically. The bytes do not depend on the number of
/// threads; a table of one block is byte-identical to [`parquet_bytes`] / [`csv_bytes`] of the
/// same frame.
pub fn write_blocks(
    parquet: &Path,
    csv: Option<(&Path, &[u8])>,
    schema: &DataFrame,
    n_blocks: usize,
    block: impl Fn(usize, Vec<u8>) -> Result<TableBlock> + Sync,
) -> Result<()> {
    use rayon::prelude::*;
    use std::sync::{mpsc, Mutex};
    // a block's CSV rows and its encoded, compressed Parquet row group(s)
    type EncodedBlock = (Vec<u8>, Vec<polars_io::parquet::write::RowGroupIterColumns<'static, PolarsError>>);
    let mut pq_file = AtomicFile::new(parquet)?;
    let meta = polars_io::parquet::write::KeyValueMetadata::from_static(vec![arrow_schema_metadata(schema)]);
    let pq = ParquetWriter::new(pq_file.file()?)
        .with_compression(ParquetCompression::Zstd(None))
        .with_key_value_metadata(Some(meta))
        .batched(schema.schema())
        .map_err(output(parquet, "Parquet"))?;
    let csv_file = match csv {
        Some((p, header)) => {
            let mut f = AtomicFile::new(p)?;
            f.write(header)?;
            Some(f)
        }
        None => None,
    };
    // one block per thread at a time: the formatted blocks in flight (one group being
    // formatted, one group queued for the writer) are the writer's memory
    let group = rayon::current_num_threads().max(1);
    let ids: Vec<usize> = (0..n_blocks).collect();
    // CSV buffers handed back by the writer once written, for the next blocks
    let spare: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());
    let csv_file = std::thread::scope(|s| -> Result<Option<AtomicFile>> {
        let (tx, rx) = mpsc::sync_channel::<EncodedBlock>(group);
        let (pq_ref, spare_ref) = (&pq, &spare);
        let writer = s.spawn(move || -> Result<Option<AtomicFile>> {
            let mut csv_file = csv_file;
            for (mut csv_bytes, groups) in rx {
                if let Some(f) = csv_file.as_mut() {
                    f.write(&csv_bytes)?;
                }
                pq_ref.write_row_groups(groups).map_err(output(parquet, "Parquet"))?;
                csv_bytes.clear();
                spare_ref.lock().unwrap_or_else(|e| e.into_inner()).push(csv_bytes);
            }
            Ok(csv_file)
        });
        let mut failed: Option<Error> = None;
        'groups: for chunk in ids.chunks(group) {
            let done: Vec<Result<EncodedBlock>> = chunk
                .par_iter()
                .map(|&i| {
                    let buf = spare_ref.lock().unwrap_or_else(|e| e.into_inner()).pop().unwrap_or_default();
                    let b = block(i, buf)?;
                    let groups = pq_ref
                        .encode_and_compress(&b.parquet)
                        .collect::<PolarsResult<Vec<_>>>()
                        .map_err(output(parquet, "Parquet"))?;
                    Ok((b.csv, groups))
                })
                .collect();
            for b in done {
                match b {
                    // a failed send means the writer stopped on an error: it is reported below
                    Ok(b) => {
                        if tx.send(b).is_err() {
                            break 'groups;
                        }
                    }
                    Err(e) => {
                        failed = Some(e);
                        break 'groups;
                    }
                }
            }
        }
        drop(tx);
        // the writer's error comes first: it concerns an earlier block
        let csv_file = match writer.join() {
            Ok(r) => r?,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        match failed {
            Some(e) => Err(e),
            None => Ok(csv_file),
        }
    })?;
    pq.finish().map_err(output(parquet, "Parquet"))?;
    drop(pq);
    pq_file.commit()?;
    if let Some(f) = csv_file {
        f.commit()?;
    }
    Ok(())
}

/// Write a table as `NAME.csv` and `NAME.parquet` into `dir` from blocks of rows made by
/// `block(i)` for `i` in `0..n_blocks` (see [`write_blocks`]); each block goes through
/// [`portable`] and [`csv_bytes`] like a whole table in [`write_table`]. `schema` is an empty
/// frame with the table's columns. (The CSV float path is chosen per block — [`csv_float`] when
/// the block holds a value below 1e-4, polars' writer otherwise — and both write the same text
/// for every other value: the unit test `csv_writes_tiny_values_in_scientific_notation`.)
pub fn write_table_blocks(
    dir: &Path,
    name: &str,
    schema: &DataFrame,
    n_blocks: usize,
    block: impl Fn(usize) -> Result<DataFrame> + Sync,
) -> Result<()> {
    let schema = portable(schema)?;
    let header = csv_bytes(&schema)?;
    write_blocks(
        &dir.join(format!("{name}.parquet")),
        Some((&dir.join(format!("{name}.csv")), &header)),
        &schema,
        n_blocks,
        |i, _| {
            let df = block(i)?;
            let csv = csv_bytes(&df)?;
            // every block's CSV starts with the header line, already written once
            let body = csv.iter().position(|&b| b == b'\n').map_or(csv.len(), |p| p + 1);
            Ok(TableBlock { csv: csv[body..].to_vec(), parquet: portable(&df)? })
        },
    )
}

/// Export one table to a file whose extension chooses the format: `.csv` or `.parquet`.
pub fn export(df: &DataFrame, path: &Path) -> Result<()> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let bytes = match ext.as_str() {
        "csv" => csv_bytes(df)?,
        "parquet" | "pq" => parquet_bytes(df)?,
        _ => return Err(Error::Usage(format!("--out {}: the file name must end in .csv or .parquet", path.display()))),
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io("cannot create", dir))?;
    }
    write_atomic(path, &bytes)
}

/// A report folder being built; [`Staging::commit`] moves it into place.
#[derive(Debug)]
pub struct Staging {
    /// The staging folder (write everything here).
    pub dir: PathBuf,
    dest: PathBuf,
}

impl Staging {
    /// Start building the report `out/name`. `name` must be a plain name
    /// ([`crate::ingest::confine::check_id`]): nothing is ever written outside `out`.
    pub fn new(out: &Path, name: &str) -> Result<Staging> {
        if let Err(why) = crate::ingest::confine::check_id(name) {
            let name = name.escape_debug();
            return Err(Error::Usage(format!("report name `{name}` {why}: it must be a plain folder name")));
        }
        std::fs::create_dir_all(out).map_err(io("cannot create", out))?;
        // remove stale staging folders of earlier interrupted runs — not those of a run that is
        // still going on (two runs on the same --out must not destroy each other's work)
        if let Ok(entries) = std::fs::read_dir(out) {
            for e in entries.flatten() {
                let n = e.file_name().to_string_lossy().to_string();
                let pid = n
                    .strip_prefix(&format!(".{name}.partial-"))
                    .or_else(|| n.strip_prefix(&format!(".{name}.old-")))
                    .and_then(|p| p.parse::<u32>().ok());
                if let Some(pid) = pid {
                    if !process_alive(pid) {
                        let _ = std::fs::remove_dir_all(e.path());
                    }
                }
            }
        }
        let dir = out.join(format!(".{name}.partial-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("tables")).map_err(io("cannot create", &dir))?;
        std::fs::create_dir_all(dir.join("charts")).map_err(io("cannot create", &dir))?;
        Ok(Staging { dir, dest: out.join(name) })
    }

    /// Final location of the report.
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// Move the finished report into place, replacing the previous one. Two runs that finish at
    /// the same moment on the same `--out` do not fail each other: the rename is retried, and the
    /// report in place is always one complete run's.
    pub fn commit(self) -> Result<PathBuf> {
        let old = self.dest.with_file_name(format!(
            ".{}.old-{}",
            self.dest.file_name().map(|s| s.to_string_lossy().to_string()).unwrap_or_default(),
            std::process::id()
        ));
        let mut last_err = None;
        for _ in 0..20 {
            if self.dest.exists() {
                match std::fs::rename(&self.dest, &old) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {} // another run moved it
                    Err(e) => return Err(io("cannot move the old report", &self.dest)(e)),
                }
            }
            match std::fs::rename(&self.dir, &self.dest) {
                Ok(()) => {
                    let _ = std::fs::remove_dir_all(&old);
                    return Ok(self.dest.clone());
                }
                // another run put its report in place between our two renames: try again
                Err(e) if self.dest.exists() => last_err = Some(e),
                Err(e) => {
                    let _ = std::fs::rename(&old, &self.dest); // put the previous report back
                    return Err(io("cannot move the report into", &self.dest)(e));
                }
            }
        }
        let _ = std::fs::remove_dir_all(&old);
        let e = last_err.unwrap_or_else(|| std::io::Error::other("rename kept failing"));
        Err(io("another run keeps replacing it; cannot move the report into", &self.dest)(e))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // a staging folder that was not committed (error, panic) is removed
        if self.dir.exists() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// True when a process with this id may still be running: on Linux, `/proc/PID` exists; elsewhere
/// every process is assumed alive, so a stale folder is left for the user to delete. Our own id
/// counts as dead: a folder with it was left by an earlier process that had the same id.
fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        proc.join(pid.to_string()).exists()
    } else {
        true
    }
}

/// A file written to a temporary name in its folder and renamed into place by
/// [`AtomicFile::commit`] (dropped without commit: removed).
pub struct AtomicFile {
    path: std::path::PathBuf,
    tmp: tempfile::NamedTempFile,
    out: Option<std::io::BufWriter<std::fs::File>>,
}

impl AtomicFile {
    /// A temporary file next to `path` (renamed to `path` by [`AtomicFile::commit`]).
    pub fn new(path: &Path) -> Result<AtomicFile> {
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let tmp = tempfile::Builder::new()
            .prefix(".jointstat-")
            .tempfile_in(dir)
            .map_err(io("cannot create a temporary file in", dir))?;
        Ok(AtomicFile { path: path.to_path_buf(), tmp, out: None })
    }

    /// A second handle on the temporary file (for writers that take ownership).
    pub fn file(&mut self) -> Result<std::fs::File> {
        self.tmp.as_file().try_clone().map_err(io("cannot write", &self.path))
    }

    /// Append `bytes` (buffered).
    pub fn write(&mut self, bytes: &[u8]) -> Result<()> {
        if self.out.is_none() {
            self.out = Some(std::io::BufWriter::with_capacity(1 << 20, self.file()?));
        }
        let out = self.out.as_mut().expect("just set");
        out.write_all(bytes).map_err(io("cannot write", &self.path))
    }

    /// Flush, sync and rename the file into place.
    pub fn commit(mut self) -> Result<()> {
        if let Some(mut out) = self.out.take() {
            out.flush().map_err(io("cannot write", &self.path))?;
        }
        let f = self.tmp.as_file();
        f.sync_all().ok();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            f.set_permissions(std::fs::Permissions::from_mode(0o644)).ok();
        }
        let path = self.path.clone();
        self.tmp.persist(&path).map_err(|e| io("cannot move the temporary file to", &path)(e.error))?;
        Ok(())
    }
}

/// Open a file for writing with a helpful error.
pub fn create(path: &Path) -> Result<File> {
    File::create(path).map_err(io("cannot create", path))
}

/// Whether terminal output gets ANSI colours: only when stdout is a terminal (piped or
/// redirected output stays plain text), and never when `NO_COLOR` is set (no-color.org).
pub fn colour_stdout() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

/// Wrap `s` in the ANSI SGR code `code` (e.g. `1;31`) when `colour`, else return it as is.
pub fn paint(colour: bool, code: &str, s: &str) -> String {
    if colour {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

/// A progress bar for one stage on stderr: drawn when `enabled` and stderr is a terminal,
/// hidden otherwise (so piped and `-q` runs print nothing).
pub fn progress_bar(enabled: bool, len: u64, name: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !enabled || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let pb = indicatif::ProgressBar::new(len);
    pb.set_style(
        indicatif::ProgressStyle::with_template("{prefix:>10} [{bar:30}] {pos}/{len} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    pb.set_prefix(name.to_string());
    pb
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_is_fixed_precision() {
        let df = df!("a" => ["x"], "v" => [1.0f64 / 3.0]).unwrap();
        let s = String::from_utf8(csv_bytes(&df).unwrap()).unwrap();
        assert_eq!(s, "a,v\nx,0.333333\n");
    }

    #[test]
    fn csv_cells_cannot_become_formulas() {
        let df = df!(
            "t" => ["=1+2", "+x", "-y", "@SUM(A1)", "\tz", "\rw", "ok", "a=b"],
            "n" => [-1i64, 2, 3, 4, 5, 6, 7, 8]
        )
        .unwrap();
        let s = String::from_utf8(csv_bytes(&df).unwrap()).unwrap();
        assert_eq!(s, "t,n\n'=1+2,-1\n'+x,2\n'-y,3\n'@SUM(A1),4\n'\tz,5\n\"'\rw\",6\nok,7\na=b,8\n");
        // Parquet keeps the raw text
        let back = ParquetReader::new(std::io::Cursor::new(parquet_bytes(&df).unwrap())).finish().unwrap();
        assert_eq!(back.column("t").unwrap().str().unwrap().get(0), Some("=1+2"));
    }

    #[test]
    fn report_names_cannot_leave_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        for bad in ["../evil", "a/b", "..", "/abs", ""] {
            assert!(Staging::new(dir.path(), bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn csv_writes_tiny_values_in_scientific_notation() {
        let df = df!("p" => [4.0e-10f64, 0.5, 0.0], "q" => [0.25f64, 1.0, 2.0]).unwrap();
        let s = String::from_utf8(csv_bytes(&df).unwrap()).unwrap();
        assert_eq!(s, "p,q\n4.000000e-10,0.250000\n0.500000,1.000000\n0.000000,2.000000\n");
        // our fixed format is polars' fixed format
        let v = [1.0 / 3.0, -2.5, 123456.789, 1e-4, 0.0001234, 7.0, -0.0];
        let fixed = String::from_utf8(csv_bytes(&df!("v" => v).unwrap()).unwrap()).unwrap();
        let ours: Vec<String> = v.iter().map(|x| csv_float(*x)).collect();
        assert_eq!(fixed, format!("v\n{}\n", ours.join("\n")));
    }

    #[test]
    fn large_tables_are_written_in_blocks_with_the_same_csv() {
        // two blocks and a bit: a tiny float only in the last block, text needing protection
        let n = TABLE_BLOCK_ROWS * 2 + 3;
        let f: Vec<f64> = (0..n).map(|i| if i == n - 1 { 3e-7 } else { i as f64 / 7.0 }).collect();
        let s: Vec<&str> = (0..n).map(|i| if i % 100_000 == 1 { "=x" } else { "a,b" }).collect();
        let df = df!("i" => (0..n as u32).collect::<Vec<_>>(), "f" => f, "s" => s).unwrap();
        let dir = tempfile::tempdir().unwrap();
        write_table(&df, dir.path(), "t").unwrap();
        let csv = std::fs::read(dir.path().join("t.csv")).unwrap();
        let text = String::from_utf8(csv).unwrap();
        assert!(text.ends_with(&format!("{},3.000000e-7,\"a,b\"\n", n - 1)), "{}", &text[text.len() - 80..]);
        assert!(text.contains("\n1,0.142857,'=x\n"));
        // the same text as one whole-table conversion (which writes column f with csv_float
        // throughout, while only the last block does so here)
        assert_eq!(text.lines().count(), n + 1);
        let whole = String::from_utf8(csv_bytes(&df).unwrap()).unwrap();
        assert_eq!(text, whole);
        let back = ParquetReader::new(std::fs::File::open(dir.path().join("t.parquet")).unwrap()).finish().unwrap();
        assert!(back.equals_missing(&portable(&df).unwrap()));
    }

    #[test]
    fn portable_types() {
        let df = df!("n" => [1u32, 2], "s" => ["", "x"], "i" => [1i32, 2]).unwrap();
        let p = portable(&df).unwrap();
        assert_eq!(p.column("n").unwrap().dtype(), &DataType::Int64);
        assert_eq!(p.column("i").unwrap().dtype(), &DataType::Int32);
        assert_eq!(p.column("s").unwrap().str().unwrap().get(0), None);
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
        assert_eq!(base64(b""), "");
        // the footer declares large_utf8, never a view type; polars reads the file back
        let bytes = parquet_bytes(&df).unwrap();
        let back = ParquetReader::new(std::io::Cursor::new(bytes)).finish().unwrap();
        assert_eq!(back.column("s").unwrap().dtype(), &DataType::String);
        assert_eq!(back.column("n").unwrap().dtype(), &DataType::Int64);
        let schema = df.schema().to_arrow(CompatLevel::oldest());
        assert!(schema.iter_values().all(|f| !matches!(
            f.dtype,
            polars_arrow::datatypes::ArrowDataType::Utf8View | polars_arrow::datatypes::ArrowDataType::BinaryView
        )));
    }

    #[test]
    fn staging_replaces_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let s = Staging::new(dir.path(), "r").unwrap();
        write_atomic(&s.dir.join("report.md"), b"one").unwrap();
        let dest = s.commit().unwrap();
        assert_eq!(std::fs::read(dest.join("report.md")).unwrap(), b"one");
        // an abandoned second run leaves the first report in place
        let s2 = Staging::new(dir.path(), "r").unwrap();
        write_atomic(&s2.dir.join("report.md"), b"two").unwrap();
        drop(s2);
        assert_eq!(std::fs::read(dir.path().join("r/report.md")).unwrap(), b"one");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(left.len(), 1, "{left:?}");
    }
}
