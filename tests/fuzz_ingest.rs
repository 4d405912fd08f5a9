//! Fuzzing of the ingest parser, the cutter, the segmenter, the tokenizer and the clause
//! classifier with proptest: arbitrary bytes, and strings built from the genre's own building
//! blocks (section numerals, dates, news datelines, 全文如下：, signatures, HTML tags …), which
//! reach far more code paths than random bytes. Properties: no panic, every case finishes within
//! a deadline (no infinite loop), and structural invariants hold (articles cover the body in
//! order, sentence offsets are in bounds, token offsets point at the token text).
//!
//! The manifest parser and the `--where` filter parser get the same treatment: CSV-shaped and
//! filter-shaped input built from hostile pieces (traversal, quotes, BOM, control characters);
//! properties: no panic, and every manifest row that comes back has a valid, unique id.
//!
//! CI runs 256 cases per property (proptest's default); set PROPTEST_CASES for a longer run,
//! e.g. `PROPTEST_CASES=20000 cargo test --release --test fuzz_ingest`.

use jointstat::clauses::{classify_doc, one_china, ClauseRules, DEFAULT_RULES};
use jointstat::compare::select::Filter;
use jointstat::ingest::confine::check_id;
use jointstat::ingest::document_from_bytes;
use jointstat::ingest::manifest::{read_manifest, ManifestRow};
use jointstat::segment::segment;
use jointstat::tokenize::{Tokenizer, DEFAULT_STOPWORDS, DEFAULT_USERDICT};
use proptest::prelude::*;
use std::sync::{mpsc, OnceLock};
use std::time::Duration;

fn tok() -> &'static Tokenizer {
    static T: OnceLock<Tokenizer> = OnceLock::new();
    T.get_or_init(|| Tokenizer::from_texts(DEFAULT_USERDICT, DEFAULT_STOPWORDS).unwrap())
}

fn rules() -> &'static ClauseRules {
    static R: OnceLock<ClauseRules> = OnceLock::new();
    R.get_or_init(|| ClauseRules::parse(DEFAULT_RULES, "rules").unwrap())
}

/// Run the whole per-document pipeline on bytes within a deadline; returns Err on a hang.
fn run_case(bytes: Vec<u8>, file: &'static str, format: Option<&'static str>) -> Result<(), String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let row = ManifestRow {
            id: "fuzz".into(),
            file: file.into(),
            partner: Some("哈萨克斯坦".into()),
            format: format.map(String::from),
            ..Default::default()
        };
        let (doc, _problems) = document_from_bytes(&row, true, &bytes);
        if let Some(d) = doc {
            let s = segment(&d);
            let body: Vec<char> = d.body_text().chars().collect();
            // articles tile the body in order; sentences and tokens are in bounds
            let mut prev = 0;
            for a in &s.articles {
                assert!(a.char_start >= prev && a.char_end >= a.char_start && a.char_end <= body.len(), "{a:?}");
                prev = a.char_start;
            }
            for x in &s.sentences {
                assert!(x.char_start < x.char_end && x.char_end <= body.len() && x.article < s.articles.len());
            }
            let t = tok().tokenize_doc(&d, &s);
            for k in t.iter() {
                let at: String = body[k.char_start as usize..].iter().take(k.text.chars().count()).collect();
                assert_eq!(at, k.text, "token offset");
            }
            let labels = classify_doc(rules(), &d, &s, &t);
            assert_eq!(labels.len(), s.sentences.len());
            let _ = one_china(rules(), &d, &s, &labels);
        }
        let _ = tx.send(());
    });
    match rx.recv_timeout(Duration::from_secs(20)) {
        Ok(()) => Ok(()),
        Err(mpsc::RecvTimeoutError::Timeout) => Err("case did not finish within 20 s (infinite loop?)".into()),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err("case panicked".into()),
    }
}

/// Building blocks of archived joint statements.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("### 中哈联合声明".to_string()),
        Just("2003-06-04".to_string()),
        Just("第1版(要闻)".to_string()),
        Just("专栏：".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("    ".to_string()),
        Just("\u{3000}\u{3000}".to_string()),
        Just("本报阿斯塔纳六月三日电".to_string()),
        Just("新华社北京12月2日电".to_string()),
        Just("全文如下：".to_string()),
        Just("如下：".to_string()),
        Just("一、".to_string()),
        Just("十七、".to_string()),
        Just("（一）".to_string()),
        Just("第三条".to_string()),
        Just("五".to_string()),
        Just("双方认为，".to_string()),
        Just("哈方重申，世界上只有一个中国".to_string()),
        Just("双方将不允许".to_string()),
        Just("确认不同台湾建立官方关系".to_string()),
        Just("。".to_string()),
        Just("；".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("中华人民共和国主席 哈萨克斯坦共和国总统".to_string()),
        Just("胡锦涛（签字）努·纳扎尔巴耶夫".to_string()),
        Just("二○○三年六月三日于阿斯塔纳".to_string()),
        Just("２００３年６月３日".to_string()),
        Just("（附图片）".to_string()),
        Just("（本报伦敦4月2日电）".to_string()),
        Just("●".to_string()),
        Just("<P align=center>".to_string()),
        Just("</P>".to_string()),
        Just("&nbsp;&#12288;&ldquo;".to_string()),
        Just("<!--".to_string()),
        Just("<script>".to_string()),
        "[\\u{4e00}-\\u{4e80}]{1,6}",
        "[0-9年月日〇○零一二三四五六七八九十]{1,5}",
        any::<char>().prop_map(|c| c.to_string()),
    ]
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic_or_hang(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        prop_assert_eq!(run_case(bytes, "x.txt", None), Ok(()));
    }

    #[test]
    fn genre_shaped_text_never_panics_or_hangs(parts in proptest::collection::vec(piece(), 0..120)) {
        let text = parts.concat();
        prop_assert_eq!(run_case(text.clone().into_bytes(), "x.txt", Some("peoples-daily")), Ok(()));
        prop_assert_eq!(run_case(text.clone().into_bytes(), "x.txt", None), Ok(()));
        prop_assert_eq!(run_case(text.into_bytes(), "x.html", Some("html")), Ok(()));
    }

    #[test]
    fn utf16_and_gbk_of_genre_text(parts in proptest::collection::vec(piece(), 0..60)) {
        let text = parts.concat();
        let mut le = vec![0xFF, 0xFE];
        for u in text.encode_utf16() { le.extend_from_slice(&u.to_le_bytes()); }
        prop_assert_eq!(run_case(le, "x.txt", None), Ok(()));
        let (gb, _, _) = encoding_rs::GB18030.encode(&text);
        prop_assert_eq!(run_case(gb.into_owned(), "x.txt", None), Ok(()));
    }
}

/// Pieces of hostile manifests.
fn manifest_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("id,file,signed,partner\n".to_string()),
        Just("id".to_string()),
        Just("file".to_string()),
        Just(",".to_string()),
        Just("\"".to_string()),
        Just("\"\"".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\u{feff}".to_string()),
        Just("../".to_string()),
        Just("..\\".to_string()),
        Just("/etc/passwd".to_string()),
        Just("texts/a.txt".to_string()),
        Just("2003-06-03".to_string()),
        Just("2003-13-45".to_string()),
        Just("哈萨克斯坦".to_string()),
        Just("=HYPERLINK(".to_string()),
        "[a-z0-9_.-]{0,6}",
        any::<char>().prop_map(|c| c.to_string()),
    ]
}

/// Pieces of `--where` filters.
fn filter_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("partner".to_string()),
        Just("decade".to_string()),
        Just("year".to_string()),
        Just("=".to_string()),
        Just("!=".to_string()),
        Just(">=".to_string()),
        Just("<=".to_string()),
        Just("<".to_string()),
        Just(">".to_string()),
        Just("&".to_string()),
        Just("|".to_string()),
        Just(" ".to_string()),
        Just("1990s".to_string()),
        Just("哈萨克斯坦".to_string()),
        "[a-z0-9]{0,4}",
        any::<char>().prop_map(|c| c.to_string()),
    ]
}

proptest! {
    #[test]
    fn hostile_manifests_never_panic_and_keep_ids_valid(parts in proptest::collection::vec(manifest_piece(), 0..80)) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("manifest.csv");
        std::fs::write(&p, parts.concat()).unwrap();
        let mut problems = Vec::new();
        if let Ok(rows) = read_manifest(&p, &mut problems) {
            let mut seen = std::collections::BTreeSet::new();
            for r in rows {
                prop_assert_eq!(check_id(&r.id), Ok(()), "row id {:?}", r.id);
                prop_assert!(!r.file.is_empty());
                prop_assert!(seen.insert(r.id.clone()), "duplicate id {:?}", r.id);
            }
        }
    }

    #[test]
    fn arbitrary_manifest_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("manifest.csv");
        std::fs::write(&p, bytes).unwrap();
        let _ = read_manifest(&p, &mut Vec::new());
    }

    #[test]
    fn where_filters_never_panic(parts in proptest::collection::vec(filter_piece(), 0..30)) {
        let _ = Filter::parse(&parts.concat());
    }
}
