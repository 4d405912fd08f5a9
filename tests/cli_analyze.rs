//! `jointstat analyze` end to end on the real reference corpus.

mod common;

use common::{corpus, jointstat, ok};
use std::path::Path;

/// Every chart of the report (all apply to the reference corpus with its default focus).
fn pngs() -> impl Iterator<Item = &'static str> {
    jointstat::report::FIGURES.iter().map(|f| f.file)
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn csv_field(csv: &str, key: &str, col: &str) -> String {
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let i = header.iter().position(|h| *h == col).unwrap_or_else(|| panic!("no column {col}"));
    let line = lines.find(|l| l.split(',').next() == Some(key)).unwrap_or_else(|| panic!("no row {key}"));
    line.split(',').nth(i).unwrap().to_string()
}

#[test]
fn analyze_writes_every_table_chart_and_the_report() {
    let out = tempfile::tempdir().unwrap();
    let c = corpus();
    let stdout = ok(&[
        "analyze",
        "--corpus",
        c.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--focus",
        "2003-06-03_KZ",
    ]);
    assert!(stdout.contains("report:"), "{stdout}");
    let dir = out.path().join("2003-06-03_KZ");
    for t in jointstat::report::TABLES {
        for ext in ["csv", "parquet"] {
            let p = dir.join("tables").join(format!("{}.{ext}", t.name));
            assert!(p.is_file(), "missing {}", p.display());
        }
    }
    for png in pngs() {
        let (w, h) = jointstat::charts::check_png(&dir.join("charts").join(png)).unwrap();
        assert_eq!(w, jointstat::charts::WIDTH);
        assert!(h >= 800, "{png} height {h}");
    }
    let report = read(&dir.join("report.md"));
    for png in pngs() {
        assert!(report.contains(&format!("](charts/{png})")), "report does not embed {png}");
    }
    assert!(report.contains("## Input problems"));
    assert!(report.contains("| 2003-06-03_KZ | 2003-06-03 | 哈萨克斯坦 | joint_statement | full |"));

    // term counts verified by hand in the seed text (see tests/ingest_corpus.rs)
    let focus = read(&dir.join("tables/focus_terms.csv"));
    assert_eq!(csv_field(&focus, "上海合作组织", "focus_count"), "3");
    assert_eq!(csv_field(&focus, "双方", "focus_count"), "39");
    assert_eq!(csv_field(&focus, "哈方", "focus_count"), "5");
    // 中哈 is far more frequent in the KZ statement than in the rest: positive log ratio
    assert_eq!(csv_field(&focus, "中哈", "direction"), "over");
    let docs = read(&dir.join("tables/documents.csv"));
    assert_eq!(csv_field(&docs, "2003-06-03_KZ", "articles"), "17");
    assert_eq!(csv_field(&docs, "2003-06-03_KZ", "lead_cut"), "true");
    assert_eq!(csv_field(&docs, "1998-11-13_KR", "completeness"), "partial");
    assert_eq!(csv_field(&docs, "1998-11-13_KR", "in_analysis"), "false");
    // document frequency over the 49 complete statements
    let terms = read(&dir.join("tables/corpus_terms.csv"));
    let df: u32 = csv_field(&terms, "上海合作组织", "doc_freq").parse().unwrap();
    assert!((1..=49).contains(&df));
    // the console's token count is the word-token count of tables/documents (punctuation excluded)
    let words: u64 = stdout
        .lines()
        .find_map(|l| l.split(" documents, ").nth(1).and_then(|r| r.split(' ').next()).map(|n| n.parse().unwrap()))
        .unwrap_or_else(|| panic!("no token count in {stdout}"));
    let mut lines = docs.lines();
    let ti = lines.next().unwrap().split(',').position(|h| h == "tokens").unwrap();
    let total: u64 = docs
        .lines()
        .skip(1)
        .map(|l| {
            let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(l.as_bytes());
            r.records().next().unwrap().unwrap()[ti].parse::<u64>().unwrap()
        })
        .sum();
    assert_eq!(words, total, "console tokens = Σ documents.tokens");
    assert!(stdout.contains("word tokens (punctuation excluded"), "{stdout}");
    // datapackage.json: every table has a primary key made of its columns
    let pkg: serde_json::Value = serde_json::from_str(&read(&dir.join("datapackage.json"))).unwrap();
    let res = pkg["resources"].as_array().unwrap();
    assert_eq!(res.len(), jointstat::report::TABLES.len());
    for r in res {
        let key = r["schema"]["primaryKey"].as_array().unwrap_or_else(|| panic!("{}: no primaryKey", r["name"]));
        assert!(!key.is_empty(), "{}: empty primaryKey", r["name"]);
        let fields: Vec<&str> =
            r["schema"]["fields"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert!(key.iter().all(|k| fields.contains(&k.as_str().unwrap())), "{}: {key:?} not in {fields:?}", r["name"]);
    }
    // focus_terms: p-values and the minimum frequency (focus + rest ≥ 3)
    let mut fl = focus.lines();
    let h: Vec<&str> = fl.next().unwrap().split(',').collect();
    let (fi, ri) =
        (h.iter().position(|x| *x == "focus_count").unwrap(), h.iter().position(|x| *x == "rest_count").unwrap());
    assert!(h.contains(&"p_g2") && h.contains(&"log_ratio_ci_low"));
    assert!(fl.all(|l| {
        let r: Vec<&str> = l.split(',').collect();
        r[fi].parse::<u32>().unwrap() + r[ri].parse::<u32>().unwrap() >= 3
    }));
    // One-China elements, checked by hand in the seed text (article 四: 哈方重申，世界上只有一个中国，
    // …哈方反对任何制造“两个中国”…哈方确认不同台湾建立任何形式的官方关系…) and in 1972-02-28_US
    // (美国方面声明：美国认识到，在台湾海峡两边的所有中国人都认为只有一个中国，台湾是中国的一部分)
    let el = common::read_csv(&dir.join("tables/one_china_elements.csv"));
    let row = |doc: &str, element: &str| -> Vec<String> {
        el.iter().find(|r| r[0] == doc && r[3] == element).unwrap_or_else(|| panic!("no row {doc} {element}")).clone()
    };
    assert_eq!(
        el[0][..11],
        [
            "doc_id",
            "year",
            "partner",
            "element",
            "present",
            "stance",
            "stance_text",
            "actor",
            "negated",
            "sentence",
            "evidence"
        ]
    );
    assert_eq!(el.len(), 1 + 52 * 11, "one row per statement × element");
    assert_eq!(row("2003-06-03_KZ", "only_one_china")[4..8], ["true", "reaffirm", "重申", "partner"]);
    assert_eq!(row("2003-06-03_KZ", "opposes_two_chinas")[4..8], ["true", "oppose", "反对", "partner"]);
    assert_eq!(row("2003-06-03_KZ", "no_official_relations")[4..8], ["true", "confirm", "确认", "partner"]);
    assert_eq!(row("2003-06-03_KZ", "internal_affair")[4..9], ["false", "", "", "", "false"]);
    assert_eq!(row("1972-02-28_US", "taiwan_part_of_china")[4..8], ["true", "take_note", "认识到", "partner"]);
    assert!(report.contains("#### Elements of the clause: who takes which stance"));
    assert!(report.contains("| no_official_relations | confirm | 确认 | partner | no |"));
    let prov = read(&dir.join("provenance.json"));
    assert!(prov.contains("\"one_china_element_rules\"") && prov.contains("\"clause_model\""));
    assert!(prov.contains("\"jieba-rs\": \"0.11.0\""));
    assert!(prov.contains("18ea8195ab502168e379b3a0465900ebd274d17cbcf6dd24c2db84a02ce93c80"));
}

#[test]
fn output_is_byte_identical_across_runs_and_thread_counts() {
    let c = corpus();
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    common::analyze_reference(a.path(), &[]);
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_jointstat"))
        .args(["analyze", "--corpus", c.to_str().unwrap(), "--out", b.path().to_str().unwrap(), "-q"])
        .env("RAYON_NUM_THREADS", "1")
        .env_remove("JOINTSTAT_FONT")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (da, db) = (a.path().join("2003-06-03_KZ"), b.path().join("2003-06-03_KZ"));
    let mut files = vec!["report.md".to_string()];
    files.extend(
        jointstat::report::TABLES
            .iter()
            .flat_map(|t| [format!("tables/{}.csv", t.name), format!("tables/{}.parquet", t.name)]),
    );
    files.extend(pngs().map(|p| format!("charts/{p}")));
    for f in files {
        let x = std::fs::read(da.join(&f)).unwrap();
        let y = std::fs::read(db.join(&f)).unwrap();
        assert!(x == y, "{f} differs between runs (1 thread vs default)");
    }
}

#[test]
fn clear_errors_for_user_mistakes() {
    let c = corpus();
    let out = tempfile::tempdir().unwrap();
    let o = jointstat(&[
        "analyze",
        "--corpus",
        c.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--focus",
        "1900-01-01_XX",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("focus statement `1900-01-01_XX` is not in the corpus"), "{err}");
    assert!(!err.contains("panicked"));

    let o = jointstat(&["analyze", "--corpus", "/nonexistent/corpus", "--out", out.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent/corpus"));

    let o = jointstat(&[
        "analyze",
        "--corpus",
        c.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--font",
        "/nonexistent/font.ttc",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--font /nonexistent/font.ttc: no such file"));

    let o = jointstat(&["analyse-typo"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn plain_folder_without_manifest() {
    // two reference texts copied to a temporary folder at test time (nothing is committed)
    let c = corpus();
    let dir = tempfile::tempdir().unwrap();
    for f in ["2003-06-03_KZ.txt", "1996-07-05_KZ.txt"] {
        std::fs::copy(c.join("texts").join(f), dir.path().join(f)).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    ok(&["analyze", "--corpus", dir.path().to_str().unwrap(), "--out", out.path().to_str().unwrap(), "-q"]);
    let docs = read(&out.path().join("2003-06-03_KZ/tables/documents.csv"));
    // metadata from the file: signature date, title from the repeated title line
    assert_eq!(csv_field(&docs, "2003-06-03_KZ", "date"), "2003-06-03");
    assert_eq!(csv_field(&docs, "2003-06-03_KZ", "title"), "中华人民共和国和哈萨克斯坦共和国联合声明");
    assert_eq!(csv_field(&docs, "1996-07-05_KZ", "date"), "1996-07-05");
    assert_eq!(csv_field(&docs, "2003-06-03_KZ", "articles"), "17");
}

#[test]
fn ingest_and_tokenize_subcommands() {
    let c = corpus();
    let out = ok(&["ingest", "--corpus", c.to_str().unwrap(), "--show", "2003-06-03_KZ"]);
    assert!(out.contains("--- signature (3 lines)"), "{out}");
    assert!(out.contains("signatories: 胡锦涛, 努·纳扎尔巴耶夫; place: 阿斯塔纳; date: 2003-06-03"));
    let list = ok(&["ingest", "--corpus", c.to_str().unwrap()]);
    assert_eq!(list.lines().count(), 1 + 52);
    let toks = ok(&["tokenize", "2003-06-03_KZ", "--corpus", c.to_str().unwrap()]);
    assert_eq!(toks.lines().count(), 18, "preamble + 17 articles");
    assert!(toks.lines().nth(16).unwrap().contains("上海合作组织/nt"));
}
