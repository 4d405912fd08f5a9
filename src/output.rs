//! Writing outputs: tables as CSV and Parquet, and a report folder that replaces the previous
//! one atomically.
//!
//! A report is built in a hidden staging folder next to its destination
//! (`reports/.NAME.partial-PID`) and moved into place only when complete; an interrupted run
//! leaves the previous report untouched (and at worst a stale staging folder, removed by the
//! next run). Single files are written to a temporary file in the same folder and renamed.

use anyhow::{anyhow, Context, Result};
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
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    tmp.write_all(bytes).with_context(|| format!("cannot write {}", path.display()))?;
    tmp.as_file().sync_all().ok();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644)).ok();
    }
    tmp.persist(path).map_err(|e| anyhow!("cannot move the temporary file to {}: {}", path.display(), e.error))?;
    Ok(())
}

/// Serialise a DataFrame to CSV bytes (header, floats with [`CSV_FLOAT_DECIMALS`] decimals).
pub fn csv_bytes(df: &DataFrame) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    let mut df = df.clone();
    CsvWriter::new(&mut buf)
        .include_header(true)
        .with_float_precision(Some(CSV_FLOAT_DECIMALS))
        .with_float_scientific(Some(false))
        .finish(&mut df)
        .map_err(|e| anyhow!("CSV: {e}"))?;
    Ok(buf)
}

/// Serialise a DataFrame to Parquet bytes (zstd).
pub fn parquet_bytes(df: &DataFrame) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    let mut d = df.clone();
    ParquetWriter::new(&mut buf)
        .with_compression(ParquetCompression::Zstd(None))
        .finish(&mut d)
        .map_err(|e| anyhow!("Parquet: {e}"))?;
    Ok(buf)
}

/// Write a table as `NAME.csv` and `NAME.parquet` into `dir`.
pub fn write_table(df: &DataFrame, dir: &Path, name: &str) -> Result<()> {
    write_atomic(&dir.join(format!("{name}.csv")), &csv_bytes(df)?)?;
    write_atomic(&dir.join(format!("{name}.parquet")), &parquet_bytes(df)?)?;
    Ok(())
}

/// Export one table to a file whose extension chooses the format: `.csv` or `.parquet`.
pub fn export(df: &DataFrame, path: &Path) -> Result<()> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let bytes = match ext.as_str() {
        "csv" => csv_bytes(df)?,
        "parquet" | "pq" => parquet_bytes(df)?,
        _ => anyhow::bail!("--out {}: the file name must end in .csv or .parquet", path.display()),
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
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
    /// Start building the report `out/name`.
    pub fn new(out: &Path, name: &str) -> Result<Staging> {
        std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
        // remove stale staging folders of earlier interrupted runs
        if let Ok(entries) = std::fs::read_dir(out) {
            for e in entries.flatten() {
                let n = e.file_name().to_string_lossy().to_string();
                if n.starts_with(&format!(".{name}.partial-")) || n.starts_with(&format!(".{name}.old-")) {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        let dir = out.join(format!(".{name}.partial-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("tables")).with_context(|| format!("cannot create {}", dir.display()))?;
        std::fs::create_dir_all(dir.join("charts")).with_context(|| format!("cannot create {}", dir.display()))?;
        Ok(Staging { dir, dest: out.join(name) })
    }

    /// Final location of the report.
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// Move the finished report into place, replacing the previous one.
    pub fn commit(self) -> Result<PathBuf> {
        let old = self.dest.with_file_name(format!(
            ".{}.old-{}",
            self.dest.file_name().map(|s| s.to_string_lossy().to_string()).unwrap_or_default(),
            std::process::id()
        ));
        if self.dest.exists() {
            std::fs::rename(&self.dest, &old)
                .with_context(|| format!("cannot move the old report {}", self.dest.display()))?;
        }
        std::fs::rename(&self.dir, &self.dest)
            .with_context(|| format!("cannot move the report into {}", self.dest.display()))?;
        if old.exists() {
            std::fs::remove_dir_all(&old).ok();
        }
        Ok(self.dest.clone())
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

/// Open a file for writing with a helpful error.
pub fn create(path: &Path) -> Result<File> {
    File::create(path).with_context(|| format!("cannot create {}", path.display()))
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
