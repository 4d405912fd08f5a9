//! `jointstat terms` (the streaming term core, `src/termcore`): the output is byte-identical to
//! the earlier polars join/sort implementation, and independent of threads and chunk size.

mod common;
use common::{corpus, jointstat, ok, read_csv};
use std::path::Path;

/// sha256 of the tables written by the polars join/sort implementation (commit ffa701d) on the
/// reference corpus; the streaming core must reproduce them byte for byte.
const DOC_TERMS_SHA256: &str = "64ff8a0ade942c93572823ff2224e10549767e7a683ba884c67a49c88001d551";
const CORPUS_TERMS_SHA256: &str = "7065f22b931524d72ba67eb250874324e42eb2f356c4ba1537c497f3e3f3c1ed";

fn sha(p: &Path) -> String {
    jointstat::ingest::sha256_hex(&std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
}

fn terms(out: &Path, extra: &[&str], threads: Option<&str>) {
    let c = corpus();
    let mut args = vec!["terms", "--corpus", c.to_str().unwrap(), "--out", out.to_str().unwrap(), "--csv", "-q"];
    args.extend_from_slice(extra);
    match threads {
        None => {
            ok(&args);
        }
        Some(n) => {
            let o = std::process::Command::new(env!("CARGO_BIN_EXE_jointstat"))
                .args(&args)
                .env("RAYON_NUM_THREADS", n)
                .env("POLARS_MAX_THREADS", n)
                .output()
                .unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        }
    }
}

#[test]
fn tables_are_byte_identical_to_the_join_implementation() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t");
    terms(&out, &[], None);
    assert_eq!(sha(&out.join("doc_terms.csv")), DOC_TERMS_SHA256);
    assert_eq!(sha(&out.join("corpus_terms.csv")), CORPUS_TERMS_SHA256);
    // values checked by hand: in the body of 2003-06-03_KZ (`jointstat ingest --dump-bodies`),
    // `grep -o 双方` finds 39 and `grep -o 中哈` 12; 双方 is in 44 of the 52 documents
    // (idf = log10(52/44) = 0.072551); the statement has 1,134 word tokens (39/1134 × 10^4).
    let rows = read_csv(&out.join("doc_terms.csv"));
    assert_eq!(rows[0], ["doc_id", "term", "count", "per_10k", "tfidf"]);
    let find = |t: &str| rows.iter().find(|r| r[0] == "2003-06-03_KZ" && r[1] == t).cloned().unwrap();
    assert_eq!(find("双方")[2..], ["39", "343.915344", "2.829476"]);
    assert_eq!(find("中哈")[2], "12");
    let ct = read_csv(&out.join("corpus_terms.csv"));
    assert_eq!(ct[1], ["双方", "991", "44", "0.072551"]);
    // the Parquet file holds the same rows (row groups are written block by block)
    let pq = std::fs::read(out.join("doc_terms.parquet")).unwrap();
    assert_eq!(&pq[..4], b"PAR1");
    assert_eq!(&pq[pq.len() - 4..], b"PAR1");
}

#[test]
fn output_does_not_depend_on_threads_or_chunk_size() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one");
    let small = dir.path().join("small");
    terms(&one, &[], Some("1"));
    // chunks of 5 documents: terms are interned across many chunks
    terms(&small, &["--chunk", "5"], Some("2"));
    for out in [&one, &small] {
        assert_eq!(sha(&out.join("doc_terms.csv")), DOC_TERMS_SHA256, "{}", out.display());
        assert_eq!(sha(&out.join("corpus_terms.csv")), CORPUS_TERMS_SHA256, "{}", out.display());
    }
}

#[test]
fn a_wrong_manifest_checksum_is_still_reported() {
    // the term core hashes a file only when the manifest gives a checksum to compare
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("texts")).unwrap();
    std::fs::write(dir.path().join("texts/a.txt"), "双方同意加强合作。\n").unwrap();
    std::fs::write(dir.path().join("texts/b.txt"), "双方认为合作重要。\n").unwrap();
    std::fs::write(
        dir.path().join("manifest.csv"),
        format!("id,file,sha256\na,texts/a.txt,\nb,texts/b.txt,{}\n", "0".repeat(64)),
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = jointstat(&["terms", "--corpus", dir.path().to_str().unwrap(), "--out", out.to_str().unwrap(), "--csv"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    let mismatches: Vec<&str> = err.lines().filter(|l| l.contains("sha256_mismatch")).collect();
    assert_eq!(mismatches.len(), 1, "{err}");
    assert!(mismatches[0].contains("texts/b.txt"), "{err}");
    let rows = read_csv(&out.join("doc_terms.csv"));
    // a: 双方 同意 加强 合作; b: 双方 认为 合作 重要 (checked against `jointstat tokenize`)
    assert!(rows.iter().any(|r| r[0] == "a" && r[1] == "合作" && r[2] == "1"), "{rows:?}");
}
