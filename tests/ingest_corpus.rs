//! Ingest, segmentation and tokenization on the real reference corpus (`../shared/corpus`).
//! Expected values were checked by hand against the texts.

mod common;

use chrono::NaiveDate;
use jointstat::ingest::{load_corpus, Corpus, IngestOptions};
use jointstat::segment::segment;
use jointstat::tokenize::{Tokenizer, DEFAULT_STOPWORDS, DEFAULT_USERDICT};
use std::sync::OnceLock;

fn corpus() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(|| load_corpus(&common::corpus(), &IngestOptions::default()).expect("reference corpus loads"))
}

#[test]
fn seed_statement_is_cut_and_parsed() {
    let d = corpus().get("2003-06-03_KZ").expect("seed present");
    assert_eq!(d.date(), NaiveDate::from_ymd_opt(2003, 6, 3));
    assert_eq!(d.signature.date, NaiveDate::from_ymd_opt(2003, 6, 3));
    assert_eq!(d.signature.place.as_deref(), Some("阿斯塔纳"));
    assert_eq!(d.signature.names(), vec!["胡锦涛", "努·纳扎尔巴耶夫"]);
    assert_eq!(d.signature.offices, vec!["中华人民共和国主席", "哈萨克斯坦共和国总统"]);
    // the news lead ends at 全文如下：, the repeated title is cut, the body starts with the statement
    assert!(d.lead.last().unwrap().ends_with("全文如下："), "{:?}", d.lead);
    assert!(d.lead.iter().any(|l| l.starts_with("本报阿斯塔纳六月三日电")));
    assert_eq!(d.title_lines, vec!["中华人民共和国和哈萨克斯坦共和国联合声明"]);
    assert!(d.body[0].starts_with("应哈萨克斯坦共和国总统努尔苏丹·纳扎尔巴耶夫的邀请"), "{}", d.body[0]);
    assert!(d.body.last().unwrap().starts_with("十七、双方认为，亚洲相互协作与信任措施会议"));
    let body = d.body_text();
    assert!(!body.contains("胡锦涛 努·纳扎尔巴耶夫"), "signature left in the body");
    assert!(!body.contains("全文如下"));
    // 17 numbered articles 一、 … 十七、
    let s = segment(d);
    assert_eq!(s.numbered_articles(), 17);
    let numbers: Vec<u32> = s.articles.iter().filter_map(|a| a.number).collect();
    assert_eq!(numbers, (1..=17).collect::<Vec<_>>());
    // full-width digits normalised (二００三年 in the archive)
    assert!(body.contains("二00三年六月二日"));
}

#[test]
fn every_full_text_starts_at_the_statement_proper() {
    let c = corpus();
    let full: Vec<_> = c.docs.iter().filter(|d| !d.partial).collect();
    assert_eq!(full.len(), 49, "49 complete statements");
    let dateline = regex::Regex::new(r"^(新华社|本报)\S{0,20}?[电讯]").unwrap();
    for d in &full {
        assert!(!d.body.is_empty(), "{}: empty body", d.id);
        assert!(d.body.iter().all(|p| !dateline.is_match(p)), "{}: a news dateline is left in the body", d.id);
        assert!(d.body.iter().all(|p| !p.contains("全文如下")), "{}: lead marker left in the body", d.id);
        assert!(!d.body[0].starts_with('●'), "{}: summary bullet left", d.id);
        assert!(d.date().is_some(), "{}: no date", d.id);
    }
    let partial: Vec<&str> = c.docs.iter().filter(|d| d.partial).map(|d| d.id.as_str()).collect();
    assert_eq!(partial, vec!["1998-11-13_KR", "1998-11-26_JP", "1999-05-31_MY"]);
    assert!(c.problems.is_empty(), "the reference corpus reads without problems: {:?}", c.problems);
}

#[test]
fn trailers_and_html_are_handled() {
    let c = corpus();
    // photo caption after the signature
    let uz = c.get("1996-07-03_UZ").unwrap();
    assert_eq!(uz.trailer.first().map(String::as_str), Some("（附图片）"));
    assert_eq!(uz.signature.names(), vec!["江泽民", "卡里莫夫"]);
    // trailing dateline
    let eu = c.get("1998-04-02_EU").unwrap();
    assert_eq!(eu.trailer, vec!["（本报伦敦4月2日电）"]);
    // the HTML page: tags stripped, entities decoded, dateline as signature
    let ae = c.get("2019-07-23_AE").unwrap();
    assert!(ae.body.iter().all(|p| !p.contains('<') && !p.contains("&nbsp;")));
    assert!(ae.body[0].starts_with("应中华人民共和国主席习近平邀请"), "{}", ae.body[0]);
    assert_eq!(ae.signature.date, NaiveDate::from_ymd_opt(2019, 7, 23));
    assert_eq!(ae.signature.place.as_deref(), Some("北京"));
    // a section numeral run onto the previous paragraph (…环保合作。五) still opens article 五
    let ru = c.get("2002-12-02_RU").unwrap();
    let s = segment(ru);
    let numbers: Vec<u32> = s.articles.iter().filter_map(|a| a.number).collect();
    assert_eq!(numbers, (1..=8).collect::<Vec<_>>());
}

#[test]
fn article_counts_checked_by_hand() {
    let c = corpus();
    for (id, n) in [
        ("2003-06-03_KZ", 17), // 一、 … 十七、
        ("1993-10-18_KZ", 18), // 一、 … 十八、
        ("1989-05-18_SU", 18), // 一、 … 十八、
        ("1996-07-04_KG", 20), // 一、 … 二十、
        ("1999-12-10_RU", 10), // bare numerals 一 … 十 on their own lines
        ("1954-06-28_IN", 8),  // first article unnumbered, then 二、 … 八、
        ("1972-09-19_TG", 0),  // un-numbered paragraphs
    ] {
        let d = c.get(id).unwrap_or_else(|| panic!("{id} missing"));
        assert_eq!(segment(d).numbered_articles(), n, "{id}");
    }
}

#[test]
fn dictionary_terms_come_out_whole() {
    let t = Tokenizer::from_texts(DEFAULT_USERDICT, DEFAULT_STOPWORDS).unwrap();
    let d = corpus().get("2003-06-03_KZ").unwrap();
    let s = segment(d);
    let toks = t.tokenize_doc(d, &s);
    let count = |w: &str| toks.iter().filter(|x| x.text == w).count();
    // counted by hand in the text: 上海合作组织 ×3 (article 十六), 三股势力 ×1 (八),
    // 东突伊斯兰运动 ×2 (八), 不扩散核武器条约 ×1 (五), 一个中国 ×1 (四)
    assert_eq!(count("上海合作组织"), 3);
    assert_eq!(count("三股势力"), 1);
    assert_eq!(count("东突伊斯兰运动"), 2);
    assert_eq!(count("不扩散核武器条约"), 1);
    assert_eq!(count("一个中国"), 1);
    // tokens know their article: 上海合作组织 only in article 十六
    assert!(toks
        .iter()
        .filter(|x| x.text == "上海合作组织")
        .all(|x| s.articles[x.article as usize].number == Some(16)));
    // dates and numerals are stopwords
    assert!(toks.iter().filter(|x| x.text == "十二月" || x.text == "三年").all(|x| x.is_stopword));
}

/// Without a manifest and without the ISO code in the file names (`doc00.txt` …), every one of the
/// 52 reference statements gets the manifest's partner, English name and region from the opening of
/// its text (corpus/partners.tsv), with no `no_partner` warning; the clause actor `partner` then
/// works as with the manifest (哈方 in 2003-06-03_KZ).
#[test]
fn a_plain_folder_without_codes_finds_every_partner_in_the_text() {
    let c = corpus();
    let dir = tempfile::tempdir().unwrap();
    let mut want = std::collections::BTreeMap::new();
    for (i, d) in c.docs.iter().enumerate() {
        let ext = std::path::Path::new(&d.file).extension().unwrap().to_str().unwrap();
        std::fs::copy(common::corpus().join(&d.file), dir.path().join(format!("doc{i:02}.{ext}"))).unwrap();
        want.insert(
            format!("doc{i:02}"),
            (d.meta.partner.clone(), d.meta.partner_en.clone(), d.meta.region.clone(), d.id.clone()),
        );
    }
    let plain = load_corpus(dir.path(), &IngestOptions::default()).unwrap();
    assert_eq!(plain.docs.len(), 52);
    assert!(!plain.problems.iter().any(|p| p.code == "no_partner"), "{:?}", plain.problems);
    for d in &plain.docs {
        let (partner, en, region, id) = &want[&d.id];
        assert!(partner.is_some(), "{id}");
        assert_eq!((&d.meta.partner, &d.meta.partner_en, &d.meta.region), (partner, en, region), "{id} ({})", d.id);
    }
}

/// A file whose name has no code and whose opening names no partner is analysed with a
/// `no_partner` warning that names the file (fixture text, not a statement).
#[test]
fn no_partner_is_a_warning_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("fixture.txt"),
        "双方联合声明\n\n一、双方认为，合作是有益的。\n\n二、双方将加强交流。\n",
    )
    .unwrap();
    let c = load_corpus(dir.path(), &IngestOptions::default()).unwrap();
    let p = c.problems.iter().find(|p| p.code == "no_partner").expect("no_partner warning");
    assert!(p.file.contains("fixture.txt"), "{p:?}");
}
