//! Byte-identity baseline: the sha256 of every output of `analyze` and of every subcommand on
//! the reference corpus, compared with `tests/baseline/checksums.txt` (text outputs: report.md,
//! every table as CSV and Parquet, datapackage.json, provenance.json with its run-specific
//! fields removed, the stdout of every subcommand and the files they export).
//!
//! PNG hashes depend on the font the charts are drawn with, so they live in
//! `tests/baseline/png_checksums.txt` together with the sha256 of the font file used; they are
//! compared only when the installed font has that hash (otherwise the test says so on stderr and
//! skips the PNG part).
//!
//! A refactor must leave every hash unchanged. A change that alters an output on purpose
//! regenerates the baseline deliberately:
//! `JOINTSTAT_UPDATE_BASELINE=1 cargo test --test checksums` (or `just baseline`), and the diff
//! of `tests/baseline/` in the commit shows which outputs changed.

mod common;

use common::corpus;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The default resources, as the justfile passes them (paths relative to the package root,
/// which is the working directory of integration tests).
const RESOURCES: &[&str] = &[
    "--userdict",
    "corpus/userdict.txt",
    "--stopwords",
    "corpus/stopwords.txt",
    "--rules",
    "corpus/clause_rules.toml",
];

/// Token resources for the commands that take no clause rules.
const TOKEN_RESOURCES: &[&str] = &["--userdict", "corpus/userdict.txt", "--stopwords", "corpus/stopwords.txt"];

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn baseline_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/baseline")
}

/// Run jointstat with `args` (corpus given by the caller); require success; return stdout.
fn run(args: &[&str]) -> Vec<u8> {
    let o = Command::new(env!("CARGO_BIN_EXE_jointstat"))
        .args(args)
        .env_remove("JOINTSTAT_FONT")
        .env_remove("JOINTSTAT_CORPUS")
        .output()
        .expect("run jointstat");
    assert!(o.status.success(), "jointstat {args:?} failed ({}):\n{}", o.status, String::from_utf8_lossy(&o.stderr));
    o.stdout
}

/// `provenance.json` without what differs from run to run or machine to machine: timings, the
/// git commit, the command line, the corpus path and the font path.
fn normalised_provenance(bytes: &[u8]) -> (Vec<u8>, PathBuf) {
    let mut v: serde_json::Value = serde_json::from_slice(bytes).expect("provenance.json is JSON");
    let font = PathBuf::from(v["options"]["font"].as_str().expect("options.font"));
    let o = v.as_object_mut().unwrap();
    o.remove("timings_seconds");
    o.remove("command_line");
    o["tool"].as_object_mut().unwrap().remove("git_commit");
    let opts = o["options"].as_object_mut().unwrap();
    opts.remove("corpus");
    opts.remove("font");
    (serde_json::to_string_pretty(&v).unwrap().into_bytes(), font)
}

/// Every file under `dir`, relative path → bytes, sorted.
fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The outputs: (text hashes, PNG hashes, font file used for the PNGs).
fn outputs() -> (BTreeMap<String, String>, BTreeMap<String, String>, PathBuf) {
    let c = corpus();
    let c = c.to_str().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let t = |name: &str| tmp.path().join(name).to_string_lossy().into_owned();
    let mut text = BTreeMap::new();
    let mut png = BTreeMap::new();

    // analyze: every file of the report folder
    let reports = t("reports");
    let mut a = vec!["analyze", "--corpus", c, "--out", &reports, "--focus", "2003-06-03_KZ", "-q"];
    a.extend(RESOURCES);
    run(&a);
    let mut font = PathBuf::new();
    for (rel, bytes) in files_under(&Path::new(&reports).join("2003-06-03_KZ")) {
        let key = format!("analyze/{rel}");
        // report.html embeds the PNGs, so its bytes depend on the font like theirs
        if rel.ends_with(".png") || rel.ends_with("report.html") {
            png.insert(key, sha256(&bytes));
        } else if rel == "provenance.json" {
            let (norm, f) = normalised_provenance(&bytes);
            font = f;
            text.insert(key, sha256(&norm));
        } else {
            text.insert(key, sha256(&bytes));
        }
    }

    // subcommands: stdout, and the files they export
    let exp = |name: &str| t(name);
    let comparisons: Vec<(&str, Vec<String>, Vec<&str>)> = vec![
        ("keyness_focus", vec!["keyness".into(), "--target".into(), "2003-06-03_KZ".into()], vec!["keyness_focus.csv"]),
        (
            "keyness_groups",
            vec![
                "keyness".into(),
                "--target".into(),
                "region=Central Asia".into(),
                "--reference".into(),
                "region=Europe".into(),
                "--correction".into(),
                "williams".into(),
            ],
            vec!["keyness_groups.csv"],
        ),
        ("similar_focus", vec!["similar".into(), "2003-06-03_KZ".into()], vec!["similar_focus.csv"]),
        ("similar_pairs", vec!["similar".into(), "--measure".into(), "jaccard".into()], vec!["similar_pairs.csv"]),
        (
            "similar_topk",
            vec!["similar".into(), "--all-pairs-max".into(), "10".into(), "--top-k".into(), "3".into()],
            vec!["similar_topk.csv"],
        ),
        ("kwic_plain", vec!["kwic".into(), "上海合作组织".into()], vec!["kwic_plain.csv"]),
        (
            "kwic_regex",
            vec![
                "kwic".into(),
                "一个中国(原则|政策)".into(),
                "--regex".into(),
                "--sort".into(),
                "right".into(),
                "--width".into(),
                "8".into(),
            ],
            vec!["kwic_regex.csv"],
        ),
        (
            "ngrams",
            vec!["ngrams".into(), "--min-n".into(), "3".into(), "--max-n".into(), "4".into()],
            vec!["ngrams.csv"],
        ),
        (
            "collocates",
            vec!["collocates".into(), "合作".into(), "--left".into(), "3".into(), "--right".into(), "3".into()],
            vec!["collocates.csv"],
        ),
        (
            "dispersion",
            vec!["dispersion".into(), "恐怖主义".into()],
            vec!["dispersion.csv", "dispersion.dispersion.csv"],
        ),
        (
            "trend",
            vec!["trend".into(), "伙伴关系".into(), "战略".into(), "恐怖主义".into(), "--by".into(), "decade".into()],
            vec!["trend.csv"],
        ),
        (
            "trend_region",
            vec!["trend".into(), "合作".into(), "--by".into(), "region".into(), "--where".into(), "year<2005".into()],
            vec!["trend_region.csv"],
        ),
        ("designations", vec!["designations".into()], vec!["designations.csv"]),
        ("designations_mentions", vec!["designations".into(), "--mentions".into()], vec!["designations_mentions.csv"]),
    ];
    for (name, args, exports) in &comparisons {
        let mut a: Vec<&str> = args.iter().map(String::as_str).collect();
        a.extend(["--corpus", c]);
        a.extend(TOKEN_RESOURCES);
        let first = exp(exports[0]);
        a.extend(["--out", &first]);
        text.insert(format!("{name}/stdout"), sha256(&run(&a)));
        for e in exports {
            text.insert(format!("{name}/{e}"), sha256(&std::fs::read(exp(e)).unwrap()));
        }
    }

    // terms: the scalable core, Parquet and CSV
    let terms = t("terms");
    let mut a = vec!["terms", "--corpus", c, "--out", &terms, "--csv", "-q"];
    a.extend(TOKEN_RESOURCES);
    text.insert("terms/stdout".into(), sha256(&run(&a)));
    for (rel, bytes) in files_under(Path::new(&terms)) {
        text.insert(format!("terms/{rel}"), sha256(&bytes));
    }

    // single-document and corpus listing commands
    let mut a = vec!["clauses", "2003-06-03_KZ", "--corpus", c];
    a.extend(RESOURCES);
    text.insert("clauses/stdout".into(), sha256(&run(&a)));
    let mut a = vec!["tokenize", "2003-06-03_KZ", "--corpus", c];
    a.extend(RESOURCES);
    text.insert("tokenize/stdout".into(), sha256(&run(&a)));
    let validation = exp("validation.md");
    let mut a = vec!["validate", "--corpus", c, "--out", &validation];
    a.extend(RESOURCES);
    text.insert("validate/stdout".into(), sha256(&run(&a)));
    text.insert("validate/validation.md".into(), sha256(&std::fs::read(&validation).unwrap()));
    let bodies = exp("bodies.txt");
    text.insert("ingest/stdout".into(), sha256(&run(&["ingest", "--corpus", c, "--dump-bodies", &bodies])));
    text.insert("ingest/bodies.txt".into(), sha256(&std::fs::read(&bodies).unwrap()));
    text.insert("ingest_show/stdout".into(), sha256(&run(&["ingest", "--corpus", c, "--show", "2003-06-03_KZ"])));
    // text reuse (three tables, CSV and Parquet) and the alignment of two statements
    let reuse = t("reuse");
    text.insert(
        "reuse/stdout".into(),
        sha256(&run(&["reuse", "--corpus", c, "--out", &reuse, "--focus", "2003-06-03_KZ"])),
    );
    for (rel, bytes) in files_under(Path::new(&reuse)) {
        text.insert(format!("reuse/{rel}"), sha256(&bytes));
    }
    text.insert("diff/stdout".into(), sha256(&run(&["diff", "1999-11-23_KZ_b", "2003-06-03_KZ", "--corpus", c])));
    let diff_md = exp("diff.md");
    run(&["diff", "1999-11-23_KZ_b", "2003-06-03_KZ", "--corpus", c, "--format", "md", "--out", &diff_md]);
    text.insert("diff/diff.md".into(), sha256(&std::fs::read(&diff_md).unwrap()));
    (text, png, font)
}

/// Parse `sha256  name` lines (comments start with `#`).
fn read_list(p: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(p).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (record the baseline with JOINTSTAT_UPDATE_BASELINE=1 cargo test --test checksums)",
            p.display()
        )
    });
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (h, n) = l.split_once("  ").unwrap_or_else(|| panic!("{}: bad line {l:?}", p.display()));
            (n.to_string(), h.to_string())
        })
        .collect()
}

fn write_list(p: &Path, header: &str, list: &BTreeMap<String, String>) {
    let mut s = String::from(header);
    for (n, h) in list {
        s.push_str(&format!("{h}  {n}\n"));
    }
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, s).unwrap();
}

/// Which entries differ: missing, new, changed.
fn diff(what: &str, want: &BTreeMap<String, String>, got: &BTreeMap<String, String>) -> Vec<String> {
    let mut out = Vec::new();
    for (n, h) in want {
        match got.get(n) {
            None => out.push(format!("{what}: missing output {n} (baseline {h})")),
            Some(g) if g != h => out.push(format!("{what}: CHANGED {n}\n    baseline {h}\n    now      {g}")),
            Some(_) => {}
        }
    }
    for (n, g) in got {
        if !want.contains_key(n) {
            out.push(format!("{what}: new output {n} ({g}) not in the baseline"));
        }
    }
    out
}

const TEXT_HEADER: &str = "\
# sha256 of every text output of jointstat on the reference corpus (../shared/corpus, 52
# statements; default resources corpus/userdict.txt, corpus/stopwords.txt,
# corpus/clause_rules.toml). Written by tests/checksums.rs with JOINTSTAT_UPDATE_BASELINE=1
# (`just baseline`); provenance.json is hashed without timings_seconds, command_line,
# tool.git_commit, options.corpus and options.font. `NAME/stdout` is a subcommand's stdout.
";

#[test]
fn outputs_match_the_recorded_baseline() {
    let (text, png, font) = outputs();
    let font_bytes = std::fs::read(&font).unwrap_or_else(|e| panic!("font {}: {e}", font.display()));
    let font_sha = sha256(&font_bytes);
    let text_path = baseline_dir().join("checksums.txt");
    let png_path = baseline_dir().join("png_checksums.txt");

    if std::env::var_os("JOINTSTAT_UPDATE_BASELINE").is_some_and(|v| v == "1") {
        write_list(&text_path, TEXT_HEADER, &text);
        let png_header = format!(
            "# sha256 of the PNG charts of `analyze` on the reference corpus; they depend on the font.\n\
             # font-sha256 {font_sha} {}\n",
            font.display()
        );
        write_list(&png_path, &png_header, &png);
        eprintln!(
            "checksums: baseline written: {} text outputs, {} PNGs (font {})",
            text.len(),
            png.len(),
            font.display()
        );
        return;
    }

    let mut problems = diff("text", &read_list(&text_path), &text);
    let png_text = std::fs::read_to_string(&png_path).unwrap_or_default();
    let want_font = png_text
        .lines()
        .find_map(|l| l.strip_prefix("# font-sha256 "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or("");
    if want_font == font_sha {
        problems.extend(diff("png", &read_list(&png_path), &png));
    } else {
        eprintln!(
            "checksums: PNG part skipped: the charts were drawn with {} (sha256 {font_sha}), the baseline with a font of sha256 {}",
            font.display(),
            if want_font.is_empty() { "(none recorded)" } else { want_font }
        );
    }
    assert!(
        problems.is_empty(),
        "{} output(s) differ from tests/baseline/ (if the change is intended: JOINTSTAT_UPDATE_BASELINE=1 cargo test --test checksums):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
