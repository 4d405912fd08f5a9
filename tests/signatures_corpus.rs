//! Signature blocks of the reference corpus (`../shared/corpus`): every statement's signatories
//! with office and side. Expected values were read by hand from the signature blocks
//! (`jointstat ingest --show ID`, `grep -n '签字\|总统\|总理\|主席\|外长' texts/*`); the files
//! themselves are not copied here.

mod common;

use jointstat::ingest::cut::Side;
use jointstat::ingest::{load_corpus, Corpus, IngestOptions};
use std::sync::OnceLock;

fn corpus() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(|| load_corpus(&common::corpus(), &IngestOptions::default()).expect("reference corpus loads"))
}

/// (office, name, side) of a statement's signatories.
fn people(id: &str) -> Vec<(Option<String>, String, Option<Side>)> {
    let d = corpus().get(id).unwrap_or_else(|| panic!("{id} present"));
    d.signature.signatories.iter().map(|s| (s.office.clone(), s.name.clone(), s.side)).collect()
}

fn p(office: Option<&str>, name: &str, side: Side) -> (Option<String>, String, Option<Side>) {
    (office.map(str::to_string), name.to_string(), Some(side))
}

#[test]
fn every_layout_of_the_corpus() {
    use Side::{China, Partner};
    // columns: offices over names
    assert_eq!(
        people("2003-06-03_KZ"),
        vec![
            p(Some("中华人民共和国主席"), "胡锦涛", China),
            p(Some("哈萨克斯坦共和国总统"), "努·纳扎尔巴耶夫", Partner)
        ]
    );
    // office and name on one line, one line each, four signatories
    assert_eq!(
        people("1972-09-29_JP"),
        vec![
            p(Some("中华人民共和国国务院总理"), "周恩来", China),
            p(Some("中华人民共和国外交部长"), "姬鹏飞", China),
            p(Some("日本国内阁总理大臣"), "田中角荣", Partner),
            p(Some("日本国外务大臣"), "大平正芳", Partner),
        ]
    );
    // glued office + name + office + name on one line
    assert_eq!(
        people("1996-07-05_KZ"),
        vec![p(Some("中华人民共和国主席"), "江泽民", China), p(Some("哈萨克斯坦共和国总统"), "纳扎尔巴耶夫", Partner)]
    );
    // glued offices over glued names (formerly one signatory `江泽民雅克·希拉克`)
    assert_eq!(
        people("1997-05-16_FR"),
        vec![p(Some("中华人民共和国主席"), "江泽民", China), p(Some("法兰西共和国总统"), "雅克·希拉克", Partner)]
    );
    assert_eq!(
        people("2000-05-16_PH"),
        vec![p(Some("中华人民共和国代表"), "唐家璇", China), p(Some("菲律宾共和国代表"), "多明戈·西亚松", Partner)]
    );
    // office, name, office, name on lines of their own
    assert_eq!(
        people("1992-08-24_KR"),
        vec![p(Some("中华人民共和国政府代表"), "钱其琛", China), p(Some("大韩民国政府代表"), "李相玉", Partner)]
    );
    // two office rows per column (above the names, or one above and one below); 博士 is an honorific
    assert_eq!(
        people("2000-12-25_VN"),
        vec![
            p(Some("中华人民共和国代表 外交部长"), "唐家璇", China),
            p(Some("越南社会主义共和国代表 外交部长"), "阮颐年", Partner)
        ]
    );
    let id = corpus().get("2000-05-08_ID").unwrap();
    assert_eq!(id.signature.signatories[1].name, "阿尔维·谢哈布");
    assert_eq!(id.signature.signatories[1].honorific.as_deref(), Some("博士"));
    assert_eq!(id.signature.signatories[1].office.as_deref(), Some("印度尼西亚共和国代表 外交部长"));
    // names only, with （签字） below
    assert_eq!(
        people("1999-11-23_KZ"),
        vec![(None, "江泽民".into(), Some(China)), (None, "纳扎尔巴耶夫".into(), Some(Partner))]
    );
    // offices only: no signatory, no warning
    let gb = corpus().get("1984-09-26_GB").unwrap();
    assert!(gb.signature.signatories.is_empty());
    assert_eq!(gb.signature.offices, vec!["中华人民共和国政府", "代表", "大不列颠及北爱尔兰联合王国政府代表"]);
}

#[test]
fn signatory_counts_over_the_corpus() {
    let c = corpus();
    let with: Vec<&str> =
        c.docs.iter().filter(|d| !d.signature.signatories.is_empty()).map(|d| d.id.as_str()).collect();
    // 29 statements print signatories' names; 1972-09-29_JP has four, all others two
    assert_eq!(with.len(), 29, "{with:?}");
    let total: usize = c.docs.iter().map(|d| d.signature.signatories.len()).sum();
    assert_eq!(total, 60);
    // every signatory of the corpus has a side, and exactly one per side except JP (2 + 2)
    for d in &c.docs {
        let china = d.signature.signatories.iter().filter(|s| s.side == Some(Side::China)).count();
        let partner = d.signature.signatories.iter().filter(|s| s.side == Some(Side::Partner)).count();
        assert_eq!(china + partner, d.signature.signatories.len(), "{}", d.id);
        if !d.signature.signatories.is_empty() {
            let n = if d.id == "1972-09-29_JP" { 2 } else { 1 };
            assert_eq!((china, partner), (n, n), "{}", d.id);
        }
    }
    // the corpus has no doubtful piece left after the parse
    assert!(c.problems.iter().all(|p| p.code != jointstat::problems::DOUBTFUL_SIGNATORY), "{:?}", c.problems);
}

/// A FIXTURE statement (hand-written, not corpus text) whose signature block leaves an office
/// fragment where a name should be: an input warning naming the file and the text, shown by
/// `jointstat ingest`, and never a signatory or an actor cue.
#[test]
fn an_office_fragment_is_a_warning_not_a_signatory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("texts")).unwrap();
    std::fs::write(
        dir.path().join("texts/fx.txt"),
        "示例联合声明\n\n一、双方认为，合作很重要。\n\n二、阿拉伯国家的合作很重要。\n\n\
         中华人民共和国主席 江泽民\n\n阿拉伯 埃及共和国总统 穆巴拉克\n\n2000年1月1日于北京\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("manifest.csv"),
        "id,file,title,signed,partner,doc_type,completeness\nfx,texts/fx.txt,示例联合声明,2000-01-01,埃及,joint_statement,full\n",
    )
    .unwrap();
    let c = load_corpus(dir.path(), &IngestOptions::default()).unwrap();
    let d = &c.docs[0];
    assert_eq!(d.signature.names(), vec!["江泽民", "穆巴拉克"]);
    assert_eq!(d.signature.signatories[1].side, Some(Side::Partner));
    let p: Vec<_> = c.problems.iter().filter(|p| p.code == jointstat::problems::DOUBTFUL_SIGNATORY).collect();
    assert_eq!(p.len(), 1, "{:?}", c.problems);
    assert_eq!(p[0].file, "texts/fx.txt");
    assert_eq!(p[0].doc_id.as_deref(), Some("fx"));
    assert!(p[0].message.contains("`阿拉伯`"), "{}", p[0].message);
    // the CLI lists it with the file
    let out = common::jointstat(&["ingest", "--corpus", dir.path().to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("texts/fx.txt") && err.contains("阿拉伯") && err.contains("doubtful_signatory"), "{err}");
    // not an actor: the sentence opening with 阿拉伯 keeps the statement's voice
    use jointstat::clauses::{classify_doc, ClauseRules, DEFAULT_RULES};
    use jointstat::tokenize::{Tokenizer, DEFAULT_STOPWORDS, DEFAULT_USERDICT};
    let rules = ClauseRules::parse(DEFAULT_RULES, "rules").unwrap();
    let tok = Tokenizer::from_texts(DEFAULT_USERDICT, DEFAULT_STOPWORDS).unwrap();
    let s = jointstat::segment::segment(d);
    let labels = classify_doc(&rules, d, &s, &tok.tokenize_doc(d, &s));
    assert!(labels.iter().all(|l| l.actor_cue != "阿拉伯"), "{labels:?}");
}
