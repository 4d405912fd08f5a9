//! Markdown building blocks of the report: tables from polars frames with fixed float
//! formatting (a small p-value never prints as 0), and typed column readers.

use crate::error::Result;
use polars::prelude::*;
use std::fmt::Write as _;

/// A float for Markdown: `decimals` places, or two significant digits in scientific notation
/// for a non-zero value that would print as zero (a p-value of 4e-10 is `4.0e-10`, not `0.0000`).
fn md_float(f: f64, decimals: usize) -> String {
    if f != 0.0 && f.is_finite() && f.abs() < 0.5 * 10f64.powi(-(decimals as i32)) {
        format!("{f:.1e}")
    } else {
        format!("{:.*}", decimals, f)
    }
}

/// Format one cell of a DataFrame for Markdown (floats as [`md_float`]).
fn cell(v: &AnyValue<'_>, decimals: usize) -> String {
    match v {
        AnyValue::Null => "–".into(),
        AnyValue::Float64(f) => md_float(*f, decimals),
        AnyValue::Float32(f) => md_float(*f as f64, decimals),
        AnyValue::Boolean(b) => if *b { "yes" } else { "no" }.into(),
        AnyValue::String(s) => s.replace('|', "\\|"),
        AnyValue::StringOwned(s) => s.replace('|', "\\|"),
        other => other.to_string().trim_matches('"').to_string(),
    }
}

/// A Markdown table of the given columns (header names as given) of the first `limit` rows.
pub fn md_table(df: &DataFrame, cols: &[(&str, &str)], limit: usize, decimals: usize) -> Result<String> {
    let mut s = String::new();
    let _ = writeln!(s, "| {} |", cols.iter().map(|c| c.1).collect::<Vec<_>>().join(" | "));
    let _ = writeln!(s, "|{}|", cols.iter().map(|_| "---").collect::<Vec<_>>().join("|"));
    let columns: Vec<&Column> = cols.iter().map(|c| df.column(c.0)).collect::<PolarsResult<_>>()?;
    for i in 0..df.height().min(limit) {
        let row: Vec<String> =
            columns.iter().map(|c| c.get(i).map(|v| cell(&v, decimals)).unwrap_or_default()).collect();
        let _ = writeln!(s, "| {} |", row.join(" | "));
    }
    Ok(s)
}

/// A Markdown table of every column of the first `limit` rows (floats with 4 decimals).
pub fn md_table_all(df: &DataFrame, limit: usize) -> Result<String> {
    let names: Vec<String> = df.get_column_names().iter().map(|s| s.to_string()).collect();
    let cols: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), n.as_str())).collect();
    md_table(df, &cols, limit, 4)
}

pub(super) fn str_col(df: &DataFrame, name: &str) -> Result<Vec<String>> {
    Ok(df.column(name)?.str()?.iter().map(|v| v.unwrap_or("").to_string()).collect())
}

pub(super) fn f64_col(df: &DataFrame, name: &str) -> Result<Vec<f64>> {
    Ok(df.column(name)?.cast(&DataType::Float64)?.f64()?.iter().map(|v| v.unwrap_or(0.0)).collect())
}

pub(super) fn bool_col(df: &DataFrame, name: &str) -> Result<Vec<bool>> {
    Ok(df.column(name)?.bool()?.iter().map(|v| v.unwrap_or(false)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_never_prints_a_small_p_value_as_zero() {
        assert_eq!(md_float(4.045790e-10, 4), "4.0e-10");
        assert_eq!(md_float(0.00004, 4), "4.0e-5");
        assert_eq!(md_float(0.00005, 4), "0.0001");
        assert_eq!(md_float(0.0, 4), "0.0000");
        assert_eq!(md_float(39.090640045, 4), "39.0906");
    }
}
