//! Bad input: every case gets a fixture created in a temporary folder at test time (from the
//! seed statement of ../shared/corpus or from small hand-written text labelled as fixture).
//! Nothing may panic, nothing may be dropped silently: each skipped or doubted document appears
//! in tables/input_problems.csv, in the report and on stderr.

mod common;

use common::corpus;
use std::path::Path;

fn seed() -> String {
    std::fs::read_to_string(corpus().join("texts/2003-06-03_KZ.txt")).unwrap()
}

fn sha(bytes: &[u8]) -> String {
    jointstat::ingest::sha256_hex(bytes)
}

/// Write files and a manifest (`id,file,signed,partner,sha256` + optional extra header/rows).
fn make_corpus(dir: &Path, files: &[(&str, Vec<u8>)], manifest: Option<&str>) {
    std::fs::create_dir_all(dir.join("texts")).unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.join("texts").join(name), bytes).unwrap();
    }
    if let Some(m) = manifest {
        std::fs::write(dir.join("manifest.csv"), m).unwrap();
    }
}

struct Run {
    code: Option<i32>,
    stderr: String,
    problems: String,
    documents: String,
    report: String,
}

fn analyze(dir: &Path, extra: &[&str]) -> Run {
    let out = dir.join("out");
    let o = common::analyze(dir, &out, &[&["--name", "r"], extra].concat());
    let read = |p: &str| std::fs::read_to_string(out.join("r").join(p)).unwrap_or_default();
    let stderr = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    Run {
        code: o.status.code(),
        stderr,
        problems: read("tables/input_problems.csv"),
        documents: read("tables/documents.csv"),
        report: read("report.md"),
    }
}

fn has_problem(r: &Run, file: &str, code: &str) -> bool {
    r.problems.lines().any(|l| l.contains(file) && l.contains(&format!(",{code},")))
}

#[test]
fn encodings_are_detected_and_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let text = seed();
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
        be.extend_from_slice(&u.to_be_bytes());
    }
    let (gb, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    // Big5 fixture: a hand-written traditional-Chinese paragraph (not a real statement)
    let trad = "### 測試標題\n\n2003-06-04\n第1版(要聞)\n專欄：\n\n    雙方認為，兩國關係發展良好。雙方重申，將繼續加強合作。\n";
    let (big5, _, unmappable) = encoding_rs::BIG5.encode(trad);
    assert!(!unmappable);
    make_corpus(
        dir.path(),
        &[
            ("utf8.txt", text.clone().into_bytes()),
            ("bom.txt", bom),
            ("le.txt", le),
            ("be.txt", be),
            ("gb.txt", gb.into_owned()),
            ("big5.txt", big5.into_owned()),
        ],
        None,
    );
    let r = analyze(dir.path(), &["--focus", "utf8", "-q"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let row = |id: &str| {
        r.documents
            .lines()
            .find(|l| l.starts_with(&format!("{id},")))
            .unwrap_or_else(|| panic!("{id} missing"))
            .to_string()
    };
    assert!(row("bom").contains(",UTF-8 (BOM),"));
    assert!(row("le").contains(",UTF-16LE,"));
    assert!(row("be").contains(",UTF-16BE,"));
    assert!(row("gb").contains(",GBK,") || row("gb").contains(",gb18030,"), "{}", row("gb"));
    assert!(row("big5").contains(",Big5,"), "{}", row("big5"));
    // the decoded texts give the same token counts as the UTF-8 original
    let tokens = |id: &str| row(id).split(',').rev().nth(4).unwrap().to_string();
    for id in ["bom", "le", "be", "gb"] {
        assert_eq!(tokens(id), tokens("utf8"), "{id}");
    }
}

#[test]
fn broken_files_are_skipped_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let text = seed();
    let truncated: String =
        text.chars().take(text.chars().count() * 2 / 3).collect::<String>().trim_end_matches('。').to_string()
            + "双方认为";
    let mut lone_surrogate = vec![0xFF, 0xFE];
    lone_surrogate.extend_from_slice(&[0x41, 0x00, 0x00, 0xD8, 0x42, 0x00]);
    // fixture: a People's Daily header with nothing after it
    let header_only = "### 题目\n\n2003-06-04\n第1版(要闻)\n专栏：\n\n".to_string();
    // fixture: un-numbered plain text (hand-written, not a real statement)
    let plain = "双方认为，合作很重要。双方同意加强交流。\n两国将继续保持高层往来。\n".to_string();
    make_corpus(
        dir.path(),
        &[
            ("good.txt", text.clone().into_bytes()),
            ("empty.txt", Vec::new()),
            ("blank.txt", b"  \n\t\n \xe3\x80\x80\n".to_vec()),
            ("fake.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00<<>>".to_vec()),
            ("surrogate.txt", lone_surrogate),
            ("header.txt", header_only.into_bytes()),
            ("plain.txt", plain.into_bytes()),
            ("truncated.txt", truncated.into_bytes()),
        ],
        None,
    );
    // a 200 MB file, sparse (no disk used): refused with the limit and the flag to raise it
    let big = std::fs::File::create(dir.path().join("texts/big.txt")).unwrap();
    big.set_len(200 * 1024 * 1024).unwrap();
    drop(big);
    let r = analyze(dir.path(), &["--focus", "good"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    for (file, code) in [
        ("texts/empty.txt", "empty_file"),
        ("texts/blank.txt", "blank_file"),
        ("texts/fake.txt", "binary_file"),
        ("texts/surrogate.txt", "undecodable"),
        ("texts/header.txt", "no_statement"),
        ("texts/big.txt", "file_too_large"),
        ("texts/truncated.txt", "truncated_text"),
    ] {
        assert!(has_problem(&r, file, code), "{file}: {code} not reported:\n{}", r.problems);
        assert!(r.report.contains(file), "{file} not in the report's Input problems");
    }
    assert!(r.problems.contains("--max-file-mb"));
    assert!(r.problems.contains("NUL byte at offset"));
    assert!(r.problems.contains("byte offset"));
    // skipped ones are not analysed; degraded ones are, with the warning
    for id in ["empty", "blank", "fake", "surrogate", "header", "big"] {
        assert!(!r.documents.lines().any(|l| l.starts_with(&format!("{id},"))), "{id} should be skipped");
    }
    for id in ["good", "plain", "truncated"] {
        assert!(r.documents.lines().any(|l| l.starts_with(&format!("{id},"))), "{id} should be analysed");
    }
    // no numbered articles: analysed with numbering none
    let plain = r.documents.lines().find(|l| l.starts_with("plain,")).unwrap();
    assert!(plain.contains(",none,0,"), "{plain}");
    // plain.txt has no date anywhere: analysed, with a no_date warning
    assert!(has_problem(&r, "texts/plain.txt", "no_date"));
    // …and names no partner (no manifest, no ISO code in its name, none in its opening)
    assert!(has_problem(&r, "texts/plain.txt", "no_partner"));
    assert!(!has_problem(&r, "texts/header.txt", "no_partner"), "a skipped file gets no partner warning");
    assert!(r.stderr.contains("jointstat: 9 input problem(s): 6 document(s) skipped, 3 warning(s)"), "{}", r.stderr);

    // --strict turns skipped documents into exit code 2
    let r = analyze(dir.path(), &["--focus", "good", "--strict", "-q"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("--strict"));
}

#[test]
fn manifest_problems_name_the_row_and_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = seed();
    let good_sha = sha(text.as_bytes());
    let manifest = format!(
        "id,file,signed,partner,sha256,colour\n\
         a,texts/a.txt,2003-06-03,哈萨克斯坦,{good_sha},red\n\
         b,texts/b.txt,2003-06-03,哈萨克斯坦,{bad},blue\n\
         a,texts/c.txt,2003-06-03,哈萨克斯坦,,\n\
         d,texts/d.txt,2003-13-45,哈萨克斯坦,,\n\
         e,texts/missing.txt,2003-06-03,哈萨克斯坦,,\n",
        bad = "0".repeat(64)
    );
    make_corpus(
        dir.path(),
        &[
            ("a.txt", text.clone().into_bytes()),
            ("b.txt", text.clone().into_bytes()),
            ("c.txt", text.clone().into_bytes()),
            ("d.txt", text.clone().into_bytes()),
            ("extra.txt", text.clone().into_bytes()),
        ],
        Some(&manifest),
    );
    let r = analyze(dir.path(), &["--focus", "a"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    for (needle, code) in [
        ("manifest.csv,1,", "unknown_column"),
        ("texts/b.txt,3,", "sha256_mismatch"),
        ("texts/c.txt,4,", "duplicate_id"),
        ("manifest.csv,5,", "bad_date"),
        ("texts/missing.txt,6,", "missing_file"),
        ("texts/extra.txt,,", "not_in_manifest"),
    ] {
        assert!(
            r.problems.lines().any(|l| l.contains(needle) && l.contains(&format!(",{code},"))),
            "{code} ({needle}) not reported:\n{}",
            r.problems
        );
    }
    // every manifest row is accounted for: analysed (a, b, d) or reported (a duplicate, e)
    let analysed: Vec<&str> = r.documents.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(analysed, vec!["a", "b", "d"]);

    // a missing required column is a clear, fatal error (exit 1)
    std::fs::write(dir.path().join("manifest.csv"), "id,title\na,x\n").unwrap();
    let r = analyze(dir.path(), &["--focus", "a"]);
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("required column `file` is missing"), "{}", r.stderr);
}

#[test]
fn an_interrupted_run_leaves_the_previous_report_intact() {
    let out = tempfile::tempdir().unwrap();
    let c = corpus();
    let args = ["analyze", "--corpus", c.to_str().unwrap(), "--out", out.path().to_str().unwrap(), "-q"];
    common::ok(&args);
    let report = out.path().join("2003-06-03_KZ/report.md");
    let before = std::fs::read(&report).unwrap();
    let listing = |p: &Path| {
        let mut v: Vec<String> =
            std::fs::read_dir(p).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
        v.sort();
        v
    };
    let tables_before = listing(&out.path().join("2003-06-03_KZ/tables"));
    for delay_ms in [150u64, 400, 800] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_jointstat")).args(args).spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(std::fs::read(&report).unwrap(), before, "report changed after a kill at {delay_ms} ms");
        assert_eq!(listing(&out.path().join("2003-06-03_KZ/tables")), tables_before);
    }
    // the next complete run cleans up the staging folders of killed runs
    common::ok(&args);
    assert_eq!(listing(out.path()), vec!["2003-06-03_KZ".to_string()]);
}
