//! Shared helpers for the integration tests: where the reference corpus is, and running the CLI.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// The reference corpus: `JOINTSTAT_CORPUS`, else `../shared/corpus` beside the checkout.
pub fn corpus() -> PathBuf {
    let p = std::env::var_os("JOINTSTAT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    assert!(p.join("manifest.csv").is_file(), "reference corpus not found at {} (set JOINTSTAT_CORPUS)", p.display());
    p
}

/// Run the jointstat binary with arguments; returns its output.
pub fn jointstat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jointstat"))
        .args(args)
        .env_remove("JOINTSTAT_FONT")
        .output()
        .expect("run jointstat")
}

/// Run and require success, returning stdout.
pub fn ok(args: &[&str]) -> String {
    let o = jointstat(args);
    assert!(o.status.success(), "jointstat {:?} failed ({}):\n{}", args, o.status, String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).expect("utf-8 stdout")
}
