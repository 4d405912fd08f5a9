//! `report.html` in a real browser: `jointstat analyze` on the reference corpus, then the page
//! opened in headless Chromium (Debian package `chromium`, installed by `just test`'s set-up).
//! The page's own `#selftest` check reports how many images decoded and whether clicking a
//! numeric column header sorted its table; Chromium's console log (`--enable-logging=stderr`)
//! must hold no message at all (the page logs nothing, so any line is an error or a warning).
//!
//! Without Chromium the test fails, naming the package — unless `JOINTSTAT_SKIP_BROWSER_TEST=1`
//! is set, which skips only the browser part, loudly.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn analyze(out: &Path) -> PathBuf {
    let root = env!("CARGO_MANIFEST_DIR");
    let report = common::analyze_reference(
        out,
        &[
            "--userdict",
            &format!("{root}/corpus/userdict.txt"),
            "--stopwords",
            &format!("{root}/corpus/stopwords.txt"),
            "--rules",
            &format!("{root}/corpus/clause_rules.toml"),
        ],
    );
    let dirs: Vec<PathBuf> =
        std::fs::read_dir(out).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    assert_eq!(dirs, std::slice::from_ref(&report), "one report folder");
    report
}

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

#[test]
fn report_html_is_self_contained_and_works_in_chromium() {
    let out = tempfile::tempdir().unwrap();
    let dir = analyze(out.path());
    let md = std::fs::read_to_string(dir.join("report.md")).unwrap();
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    let charts = std::fs::read_dir(dir.join("charts")).unwrap().count();
    let figures_in_md = md.matches("](charts/").count();
    // every figure of the registry applies to the reference corpus with its default focus
    assert_eq!(charts, jointstat::report::FIGURES.len(), "charts drawn");
    assert_eq!(figures_in_md, charts, "{charts} charts, {figures_in_md} figures in report.md");

    // self-contained: every chart embedded, nothing fetched
    assert_eq!(html.matches("src=\"data:image/png;base64,").count(), figures_in_md);
    assert!(
        !html.contains("src=\"charts/") && !html.contains("src=\"http") && !html.contains("<link"),
        "external reference"
    );
    // the same text as report.md: every section heading is there
    for h in md.lines().filter(|l| l.starts_with("## ")) {
        let text = h.trim_start_matches("## ");
        let escaped = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        assert!(html.contains(&format!("<h2>{escaped}</h2>")), "heading `{text}` missing from report.html");
    }

    let Some(chrome) = chromium() else {
        if std::env::var_os("JOINTSTAT_SKIP_BROWSER_TEST").is_some() {
            eprintln!("SKIPPED the browser part: JOINTSTAT_SKIP_BROWSER_TEST is set and no Chromium was found");
            return;
        }
        panic!("headless Chromium not found (install the Debian package `chromium`, as `just test` does, or set CHROMIUM=/path)");
    };
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}#selftest", dir.join("report.html").display());
    let o = Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=10000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--dump-dom", &url])
        .output()
        .expect("start chromium");
    let dom = String::from_utf8_lossy(&o.stdout);
    let log = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "chromium failed ({}):\n{log}", o.status);
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "console messages in report.html:\n{}", console.join("\n"));
    let start = dom.find("<pre id=\"selftest\">").unwrap_or_else(|| panic!("the page's self-test did not run:\n{log}"));
    let result = &dom[start + 19..];
    let result = &result[..result.find('<').unwrap()];
    assert!(result.starts_with(&format!("images={charts}/{charts} ")), "not every image loaded: {result}");
    assert!(result.contains(" sort=ok "), "sorting a numeric column failed: {result}");
    let tables: usize = result.split("tables=").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
    assert_eq!(tables, html.matches("<table>").count(), "{result}");
}
