//! `jointstat analyze` on corpora other than the reference corpus (issue 12, item 1): without a
//! focus statement it writes a corpus-level report; a corpus of one statement gives a report
//! whose sections that need more are skipped with the reason. The statements are copied from
//! the reference corpus into temporary folders at test time (nothing is committed).

mod common;

use common::{analyze, corpus};
use std::path::Path;

/// A plain folder (no manifest) holding copies of these reference texts.
fn plain_folder(ids: &[&str]) -> tempfile::TempDir {
    let c = corpus();
    let dir = tempfile::tempdir().unwrap();
    for id in ids {
        let f = format!("{id}.txt");
        std::fs::copy(c.join("texts").join(&f), dir.path().join(&f)).unwrap();
    }
    dir
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn tables(dir: &Path) -> Vec<String> {
    let mut t: Vec<String> = std::fs::read_dir(dir.join("tables"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|f| f.strip_suffix(".csv").map(str::to_string))
        .collect();
    t.sort();
    t
}

#[test]
fn three_statements_without_focus_give_a_corpus_level_report() {
    let dir = plain_folder(&["1996-04-25_RU", "1999-11-23_KZ_b", "2003-07-08_KR"]);
    let out = tempfile::tempdir().unwrap();
    let o = analyze(dir.path(), out.path(), &[]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("no focus statement"), "{stderr}");
    assert!(stderr.contains("--focus 1996-04-25_RU"), "{stderr}");
    let rep = out.path().join("corpus");
    let md = read(&rep.join("report.md"));
    assert!(md.starts_with("# jointstat report — corpus: "), "{}", &md[..200]);
    assert!(md.contains("**No focus statement**"));
    assert!(md.contains("Add one with `--focus ID`"));
    assert!(md.contains("skipped, as this report has no focus statement"));
    assert!(!md.contains("## Focus statement"));
    // the clause section cannot measure agreement on three statements: it prints the held-out
    // agreement recorded on the reference corpus for these very rules (keyed by their sha256)
    let recorded =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/gold/heldout_agreement.md"))
            .unwrap();
    let body = recorded.split_once('\n').unwrap().1;
    assert!(md.contains("so the labels' agreement cannot be measured on it"), "{md}");
    assert!(md.contains(body), "the recorded held-out agreement is not in the report:\n{md}");
    // every table that needs no focus is there, none that does
    assert_eq!(
        tables(&rep),
        [
            "articles",
            "clauses",
            "corpus_terms",
            "cuts",
            "designations",
            "doc_acts",
            "doc_terms",
            "doc_topics",
            "documents",
            "formula_lineage",
            "input_problems",
            "one_china",
            "one_china_elements",
            "sentence_reuse",
            "similarity",
            "statement_reuse",
            "tokens"
        ]
    );
    // 3 statements: 3 × 3 ordered pairs (self-pairs included) in the similarity table
    assert_eq!(read(&rep.join("tables/similarity.csv")).lines().count(), 1 + 9);
    assert!(rep.join("charts/similarity_heatmap.png").is_file());
    assert!(!rep.join("charts/keyness.png").exists());
    assert!(!rep.join("charts/focus_top_terms.png").exists());
    let prov: serde_json::Value = serde_json::from_str(&read(&rep.join("provenance.json"))).unwrap();
    assert!(prov["options"]["focus"].is_null());
    let pkg = read(&rep.join("datapackage.json"));
    assert!(pkg.contains("\"name\": \"jointstat-corpus\""), "{pkg}");

    // the same folder with a focus compares it with the other two
    let o = analyze(dir.path(), out.path(), &["--focus", "2003-07-08_KR", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let rep = out.path().join("2003-07-08_KR");
    assert!(tables(&rep).contains(&"keyness".to_string()));
    assert!(read(&rep.join("report.md")).contains("## Comparison: 2003-07-08_KR against the other statements"));

    // an explicit focus that is absent stays an error
    let o = analyze(dir.path(), out.path(), &["--focus", "2003-06-03_KZ"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("focus statement `2003-06-03_KZ` is not in the corpus"));
}

#[test]
fn one_statement_gives_a_report_with_keyness_skipped() {
    let dir = plain_folder(&["1996-04-25_RU"]);
    let out = tempfile::tempdir().unwrap();
    // with the statement as focus: nothing to compare it with
    let o = analyze(dir.path(), out.path(), &["--focus", "1996-04-25_RU", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let rep = out.path().join("1996-04-25_RU");
    let md = read(&rep.join("report.md"));
    assert!(
        md.contains("keyness needs a non-empty reference, and the analysis set holds no statement besides the focus")
    );
    assert!(md.contains(
        "Similarity between statements is skipped: it needs at least 2 statements in the analysis set (1 here)."
    ));
    assert!(md.contains("Its terms are not compared with the rest of the corpus"));
    let t = tables(&rep);
    for absent in ["keyness", "focus_terms", "similarity", "nearest", "trend", "dispersion"] {
        assert!(!t.contains(&absent.to_string()), "{absent} written: {t:?}");
    }
    // 1996-04-25_RU: 1585 word tokens (as `jointstat ingest`/tables/documents count them)
    let docs = common::read_csv(&rep.join("tables/documents.csv"));
    let col = docs[0].iter().position(|h| h == "tokens").unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1][0], "1996-04-25_RU");
    assert_eq!(docs[1][col], "1585");
    assert!(!rep.join("charts/keyness.png").exists());

    // without a focus: a corpus-level report of one statement
    let o = analyze(dir.path(), out.path(), &["-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let md = read(&out.path().join("corpus/report.md"));
    assert!(md.contains("**No focus statement**"));
    assert!(md.contains("(1 here)"));
}

#[test]
fn no_focus_flag_on_the_reference_corpus() {
    let out = tempfile::tempdir().unwrap();
    let o = analyze(&corpus(), out.path(), &["--no-focus", "--name", "all", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let md = read(&out.path().join("all/report.md"));
    assert!(md.contains("**No focus statement**"));
    // --focus and --no-focus exclude each other
    let o = analyze(&corpus(), out.path(), &["--no-focus", "--focus", "2003-06-03_KZ"]);
    assert_eq!(o.status.code(), Some(1));
}
