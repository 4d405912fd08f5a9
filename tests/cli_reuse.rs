//! `jointstat reuse` and `jointstat diff` on the real reference corpus. Every value asserted here
//! was checked by hand: the sentences with grep on the corpus texts, the similarities by counting
//! the edits (and by `tests/check_reuse_bruteforce.py`, an all-pairs search in Python that agrees
//! with the tool on every sentence of the reference corpus).

mod common;

use common::{corpus, jointstat, ok, read_csv};
use std::collections::HashMap;
use std::path::Path;

/// Run `reuse` on `corpus_dir` into `out` with extra arguments; the three CSV tables.
fn reuse_tables(corpus_dir: &Path, out: &Path, extra: &[&str]) -> HashMap<&'static str, Vec<Vec<String>>> {
    let mut args = vec!["reuse", "-q", "--corpus", corpus_dir.to_str().unwrap(), "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    ok(&args);
    ["sentence_reuse", "statement_reuse", "formula_lineage"]
        .into_iter()
        .map(|n| (n, read_csv(&out.join(format!("{n}.csv")))))
        .collect()
}

/// Rows as maps from column name to value.
fn records(rows: &[Vec<String>]) -> Vec<HashMap<&str, &str>> {
    rows[1..].iter().map(|r| rows[0].iter().map(String::as_str).zip(r.iter().map(String::as_str)).collect()).collect()
}

fn sentence<'a>(rows: &'a [HashMap<&'a str, &'a str>], doc: &str, s: u32) -> &'a HashMap<&'a str, &'a str> {
    let s = s.to_string();
    rows.iter().find(|r| r["doc_id"] == doc && r["sentence"] == s).unwrap_or_else(|| panic!("no sentence {doc} #{s}"))
}

#[test]
fn reuse_on_the_reference_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let t = reuse_tables(&corpus(), dir.path(), &[]);
    let sr = records(&t["sentence_reuse"]);
    assert_eq!(
        t["sentence_reuse"][0],
        [
            "doc_id",
            "date",
            "sentence",
            "article",
            "chars",
            "class",
            "similarity",
            "source_doc",
            "source_sentence",
            "source_date",
            "text"
        ]
    );
    // the 49 complete statements (partial texts are left out by default), 1,908 sentences
    assert_eq!(sr.len(), 1908);
    let classes = |c: &str| sr.iter().filter(|r| r["class"] == c).count();
    assert_eq!((classes("verbatim"), classes("near"), classes("new"), classes("short")), (16, 28, 1772, 92));

    // A verbatim pair found with grep: 与此同时，双方均不采取使争端复杂化或扩大化的行动，不诉诸武力或以武力
    // 相威胁。 occurs once in 1999-02-27_VN.txt and once in 2000-12-25_VN.txt (and in no other text).
    let r = sentence(&sr, "2000-12-25_VN", 34);
    assert!(r["text"].starts_with("与此同时，双方均不采取使争端复杂化或扩大化的行动"));
    assert_eq!(
        (r["class"], r["similarity"], r["source_doc"], r["source_sentence"], r["source_date"]),
        ("verbatim", "1.000000", "1999-02-27_VN", "15", "1999-02-27")
    );
    // Same-date statements: 2000-07-18_RU comes before 2000-07-18_RU_b (by id), so the sentence
    // 对当前国际现实的分析表明，… (grep: in those two files only) is verbatim in _b, from _RU.
    let r = sentence(&sr, "2000-07-18_RU_b", 18);
    assert!(r["text"].starts_with("对当前国际现实的分析表明"));
    assert_eq!((r["class"], r["source_doc"], r["source_sentence"]), ("verbatim", "2000-07-18_RU", "11"));
    let r = sentence(&sr, "2000-07-18_RU", 11);
    assert_ne!(r["source_doc"], "2000-07-18_RU_b", "never a source on the same date with a later id");

    // 2003-06-03_KZ #9 (四、哈方重申，世界上只有一个中国，中华人民共和国政府是代表全中国的唯一合法政府，台湾
    // 是中国领土不可分割的一部分。) against 2002-12-02_RU #19 (俄方重申，中华人民共和国政府是代表全中国的唯一合法
    // 政府，台湾是中国领土不可分割的一部分。): label 四、 stripped, 50 vs 41 normalised characters, 俄→哈 and
    // 世界上只有一个中国 inserted = 10 edits, similarity 1 − 10/50 = 0.8 (near, exactly at the threshold).
    let r = sentence(&sr, "2003-06-03_KZ", 9);
    assert_eq!(
        (r["chars"], r["class"], r["similarity"], r["source_doc"], r["source_sentence"]),
        ("50", "near", "0.800000", "2002-12-02_RU", "19")
    );
    // The same sentence in 1999-11-23_KZ_b (#20: 哈方重申，中华人民共和国政府是中国唯一合法政府，台湾是中国不可
    // 分割的一部分。, 35 characters) is 15 edits away: 1 − 15/50 = 0.70, so RU, not KZ_b, is the source.
    // #38 (双方强调，运用政治和外交手段，通过对话和谈判的途径解决地区冲突应成为国际关系的准则。) vs 2002-12-02_RU
    // #73 (…以政治和外交手段，通过对话和谈判解决地区冲突应成为国际关系准则。): 以→运用 (2), 的途径 (3),
    // 的 (1) = 6 edits over 39 characters: 1 − 6/39 = 0.846154.
    let r = sentence(&sr, "2003-06-03_KZ", 38);
    assert_eq!(
        (r["chars"], r["class"], r["similarity"], r["source_doc"], r["source_sentence"]),
        ("39", "near", "0.846154", "2002-12-02_RU", "73")
    );

    // Per statement: 2003-06-03_KZ has 44 sentences, 2,356 normalised characters; reused: 50 + 39
    // = 89 characters, all near-verbatim, all from 2002-12-02_RU: 89 / 2356 = 0.037776. Nothing
    // of it reaches 0.8 against 1999-11-23_KZ_b: its share from KZ_b is 0.
    let st = records(&t["statement_reuse"]);
    assert_eq!(st.len(), 49);
    let kz = st.iter().find(|r| r["doc_id"] == "2003-06-03_KZ").unwrap();
    assert_eq!(
        (kz["sentences"], kz["chars"], kz["share_chars_verbatim"], kz["share_chars_near"], kz["share_reused"]),
        ("44", "2356", "0.000000", "0.037776", "0.037776")
    );
    assert_eq!((kz["top_source_doc"], kz["top_source_share"], kz["sources"]), ("2002-12-02_RU", "0.037776", "1"));
    let from_kz_b: u32 = sr
        .iter()
        .filter(|r| r["doc_id"] == "2003-06-03_KZ" && r["source_doc"] == "1999-11-23_KZ_b" && r["class"] != "new")
        .map(|r| r["chars"].parse::<u32>().unwrap())
        .sum();
    assert_eq!(from_kz_b, 0);
    // 1978-12-16_US takes 31.7% of its text from the Shanghai communiqué of 1972.
    let us = st.iter().find(|r| r["doc_id"] == "1978-12-16_US").unwrap();
    assert_eq!((us["share_reused"], us["top_source_doc"]), ("0.317143", "1972-02-28_US"));

    // Formulae: the Taiwan formula of 1999-11-23_KZ_b #20 links to 2002-12-02_RU #19 (0.829) and
    // on to 2003-06-03_KZ #9 (0.800): three statements, two partners.
    let fl = records(&t["formula_lineage"]);
    let f = fl.iter().find(|r| r["first_doc"] == "1999-11-23_KZ_b" && r["first_sentence"] == "20").unwrap();
    assert_eq!((f["statements"], f["partners"], f["last_date"]), ("3", "俄罗斯; 哈萨克斯坦", "2003-06-03"));
}

#[test]
fn reuse_is_deterministic_across_runs_and_thread_counts() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let c = corpus();
    ok(&["reuse", "-q", "--corpus", c.to_str().unwrap(), "--out", a.path().to_str().unwrap()]);
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_jointstat"))
        .args(["reuse", "-q", "--corpus", c.to_str().unwrap(), "--out", b.path().to_str().unwrap()])
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .unwrap();
    assert!(o.status.success());
    for n in ["sentence_reuse", "statement_reuse", "formula_lineage"] {
        for ext in ["csv", "parquet"] {
            let f = format!("{n}.{ext}");
            assert_eq!(std::fs::read(a.path().join(&f)).unwrap(), std::fs::read(b.path().join(&f)).unwrap(), "{f}");
        }
    }
}

#[test]
fn reuse_filter_and_focus() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus();
    let out = ok(&[
        "reuse",
        "--corpus",
        c.to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
        "--where",
        "partner=哈萨克斯坦",
        "--focus",
        "2003-06-03_KZ",
    ]);
    let st = read_csv(&dir.path().join("statement_reuse.csv"));
    let ids: Vec<&str> = st[1..].iter().map(|r| r[0].as_str()).collect();
    // the Kazakh statements of the manifest, in date order (1999-11-23_KZ before _KZ_b)
    assert_eq!(
        ids,
        [
            "1992-01-03_KZ",
            "1993-10-18_KZ",
            "1995-09-11_KZ",
            "1996-07-05_KZ",
            "1999-11-23_KZ",
            "1999-11-23_KZ_b",
            "2003-06-03_KZ"
        ]
    );
    // without 2002-12-02_RU in the search, 2003-06-03_KZ #9 finds 1999-11-23_KZ_b #20 at 0.70: new
    assert!(out.contains("2003-06-03_KZ: 0.0% of its characters reused"), "{out}");
    let o = jointstat(&[
        "reuse",
        "--corpus",
        c.to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
        "--where",
        "colour=red",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown column `colour`"));
    let o = jointstat(&["reuse", "--corpus", c.to_str().unwrap(), "--near", "1.5"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--near 1.5 must lie between 0 and 1"));
}

#[test]
fn diff_shows_a_known_rewording() {
    let c = corpus();
    let text = ok(&["diff", "1999-11-23_KZ_b", "2003-06-03_KZ", "--corpus", c.to_str().unwrap()]);
    assert!(!text.contains('\x1b'), "no colour when piped");
    // 1999-11-23_KZ_b #20 (article 十一) → 2003-06-03_KZ #9 (article 四), checked with grep above
    let line = text.lines().find(|l| l.starts_with("~ ")).expect("a reworded sentence");
    assert!(line.contains("11.20") && line.contains("4.9"), "{line}");
    assert!(
        line.ends_with(
            "{+四、+}哈方重申，{+世界上只有一个+}中{+国，中+}华人民共和国政府是{+代表全+}中国{+的+}唯一合法政府，\
             台湾是中国{+领土+}不可分割的一部分。"
        ),
        "{line}"
    );
    // every sentence of both statements appears once: 24 of A deleted + 1 paired = 25 … (see counts)
    let head = text.lines().next().unwrap();
    assert!(head.ends_with("0 unchanged, 1 reworded, 43 inserted, 24 deleted"), "{head}");

    let dir = tempfile::tempdir().unwrap();
    let render = |fmt: &str| {
        let p = dir.path().join(format!("d.{fmt}"));
        let args = ["diff", "1999-11-23_KZ_b", "2003-06-03_KZ", "--corpus", c.to_str().unwrap(), "--format", fmt];
        ok(&[&args[..], &["--out", p.to_str().unwrap()]].concat());
        std::fs::read_to_string(&p).unwrap()
    };
    // similarity of the pair: 15 edits over 50 normalised characters = 0.700
    let md = render("md");
    assert!(md.contains("| 11.20 | 4.9 | reworded | 0.700 | **四、**哈方重申，**世界上只有一个**中"), "{md}");
    let html = render("html");
    assert!(html.starts_with("<!DOCTYPE html>") && !html.contains("<script") && !html.contains("http"));
    assert!(html.contains("<td>11.20</td><td>4.9</td><td>reworded</td><td>0.700</td><td><ins>四、</ins>哈方重申，<ins>世界上只有一个</ins>"));
    // a statement diffed with itself is unchanged throughout
    let same = ok(&["diff", "2003-06-03_KZ", "2003-06-03_KZ", "--corpus", c.to_str().unwrap()]);
    assert!(same.lines().next().unwrap().ends_with("44 unchanged, 0 reworded, 0 inserted, 0 deleted"));
    let o = jointstat(&["diff", "2003-06-03_KZ", "nope", "--corpus", c.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no document `nope`"));
}

/// A corpus of `copies` × the reference texts with a manifest: copy k of statement X is
/// `X_rK`, dated k days after X (distinct ids and dates), same text.
fn replicated(dst: &Path, copies: u32) {
    let src = corpus();
    let mut rdr = csv::Reader::from_path(src.join("manifest.csv")).unwrap();
    let head = rdr.headers().unwrap().clone();
    let (id, file, signed) = (
        head.iter().position(|h| h == "id").unwrap(),
        head.iter().position(|h| h == "file").unwrap(),
        head.iter().position(|h| h == "signed").unwrap(),
    );
    std::fs::create_dir_all(dst.join("texts")).unwrap();
    let mut w = csv::Writer::from_path(dst.join("manifest.csv")).unwrap();
    w.write_record(&head).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    for k in 0..copies {
        for r in &rows {
            let mut v: Vec<String> = r.iter().map(String::from).collect();
            let new_id = format!("{}_r{k}", v[id]);
            let ext = Path::new(&v[file]).extension().unwrap().to_str().unwrap().to_string();
            let new_file = format!("texts/{new_id}.{ext}");
            std::fs::copy(src.join(&v[file]), dst.join(&new_file)).unwrap();
            if let Ok(d) = chrono::NaiveDate::parse_from_str(&v[signed], "%Y-%m-%d") {
                v[signed] = (d + chrono::Days::new(k as u64)).to_string();
            }
            v[id] = new_id;
            v[file] = new_file;
            w.write_record(&v).unwrap();
        }
    }
    w.flush().unwrap();
}

#[test]
fn replicated_corpus_is_all_verbatim_after_the_first_copy() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("corpus");
    replicated(&c, 3);
    let t = reuse_tables(&c, &tmp.path().join("out"), &[]);
    let st = records(&t["statement_reuse"]);
    assert_eq!(st.len(), 49 * 3);
    let sr = records(&t["sentence_reuse"]);
    assert_eq!(sr.len(), 1908 * 3);
    for r in sr.iter().filter(|r| !r["doc_id"].ends_with("_r0") && r["class"] != "short") {
        assert_eq!(r["class"], "verbatim", "{r:?}");
        // the source is earlier: an earlier date, or the same date and a smaller id
        assert!((r["source_date"], r["source_doc"]) < (r["date"], r["doc_id"]), "{r:?}");
    }
    // a statement's copy 1 takes all its classified characters from its copy 0 (the most recent
    // earlier statement with the same sentences), e.g. 2003-06-03_KZ_r1 from 2003-06-03_KZ_r0
    let kz1 = st.iter().find(|r| r["doc_id"] == "2003-06-03_KZ_r1").unwrap();
    assert_eq!(kz1["top_source_doc"], "2003-06-03_KZ_r0");
    assert_eq!((kz1["share_reused"], kz1["share_chars_verbatim"]), ("1.000000", "1.000000"));
}

/// Scale check (ignored by default; ~5 s in a debug build for 1,200 statements): a replicated
/// corpus of `JOINTSTAT_REUSE_SCALE` statements (default 1,200) runs to completion with every
/// classified sentence after the first copy verbatim. Wall time and peak RSS: see the README
/// (`/usr/bin/time -v jointstat reuse --corpus DIR`).
#[test]
#[ignore]
fn reuse_scales_to_a_replicated_archive() {
    let n: u32 = std::env::var("JOINTSTAT_REUSE_SCALE").ok().and_then(|v| v.parse().ok()).unwrap_or(1200);
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("corpus");
    replicated(&c, n.div_ceil(49));
    let t0 = std::time::Instant::now();
    let t = reuse_tables(&c, &tmp.path().join("out"), &[]);
    eprintln!("reuse on {} statements: {:.1} s", n.div_ceil(49) * 49, t0.elapsed().as_secs_f64());
    let sr = records(&t["sentence_reuse"]);
    assert_eq!(sr.len(), 1908 * n.div_ceil(49) as usize);
    assert!(sr
        .iter()
        .filter(|r| !r["doc_id"].ends_with("_r0") && r["class"] != "short")
        .all(|r| r["class"] == "verbatim"));
}
