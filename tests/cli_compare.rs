//! The comparison subcommands on the real reference corpus. Expected counts were checked with a
//! plain text search (grep) of the statement files.

mod common;

use common::{corpus, ok};
use jointstat::ingest::{load_corpus, IngestOptions};

fn csv(args: &[&str]) -> Vec<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t.csv");
    let c = corpus();
    let mut a: Vec<&str> = args.to_vec();
    a.extend(["--corpus", c.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    ok(&a);
    let text = std::fs::read_to_string(&out).unwrap();
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    rdr.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect()
}

fn field(rows: &[Vec<String>], key: &str, col: &str) -> String {
    let i = rows[0].iter().position(|h| h == col).unwrap_or_else(|| panic!("no column {col}"));
    rows.iter().skip(1).find(|r| r[0] == key).unwrap_or_else(|| panic!("no row {key}"))[i].clone()
}

#[test]
fn kwic_finds_every_occurrence_a_plain_search_finds() {
    let corp = load_corpus(&corpus(), &IngestOptions::default()).unwrap();
    for term in ["上海合作组织", "睦邻友好", "一个中国", "双方", "台湾"] {
        let rows = csv(&["kwic", term, "--include-partial"]);
        let plain: usize = corp.docs.iter().map(|d| d.body_text().matches(term).count()).sum();
        assert_eq!(rows.len() - 1, plain, "{term}: kwic lines vs plain search of the statement bodies");
        assert!(rows.iter().skip(1).all(|r| r[7] == term), "{term}: node column");
    }
    // 上海合作组织 occurs 15 times in the texts (grep), all of them inside statement bodies
    assert_eq!(csv(&["kwic", "上海合作组织"]).len() - 1, 15);
    // regex and sorting
    let rows = csv(&["kwic", "一个中国(的)?(原则|政策)", "--regex", "--sort", "right"]);
    assert!(rows.len() > 5);
    let rights: Vec<&String> = rows.iter().skip(1).map(|r| &r[8]).collect();
    assert!(rights.windows(2).all(|w| w[0] <= w[1]), "sorted by right context");
}

#[test]
fn keyness_of_the_seed() {
    let rows = csv(&["keyness", "--target", "2003-06-03_KZ"]);
    assert_eq!(rows[0][0], "term");
    // 中哈 occurs 12 times in the seed (grep); far more than in the rest: over-used
    assert_eq!(field(&rows, "中哈", "target_count"), "12");
    assert_eq!(field(&rows, "中哈", "direction"), "over");
    assert_eq!(field(&rows, "上海合作组织", "target_count"), "3");
    // the first row is the most over-used term
    assert_eq!(rows[1][0], "中哈");
    // group keyness: Central Asia vs Europe
    let rows = csv(&["keyness", "--target", "region=Central Asia", "--reference", "region=Europe", "--min-count", "5"]);
    assert!(rows.len() > 10);
}

#[test]
fn similarity_ngrams_collocates_dispersion_trend() {
    // the nearest statement to the 2003 Kazakhstan statement is another Kazakhstan statement
    let rows = csv(&["similar", "2003-06-03_KZ"]);
    assert!(rows[1][1].ends_with("_KZ") || rows[1][1].ends_with("_KZ_b"), "{:?}", rows[1]);
    let all = csv(&["similar"]);
    assert_eq!(all.len() - 1, 49 * 49, "every ordered pair of the 49 complete statements");

    let rows = csv(&["ngrams", "--min-n", "2", "--max-n", "3", "--min-count", "2"]);
    assert!(rows.iter().skip(1).all(|r| r[3].parse::<u32>().unwrap() <= 49));

    let rows = csv(&["collocates", "合作", "--min-count", "3"]);
    assert_eq!(rows[0][0], "collocate");
    assert!(rows.len() > 10);

    // 一个中国: 3 occurrences in the 1970s (1972-02-28_US ×2, 1978-12-16_US ×1, by grep)
    let rows = csv(&["trend", "一个中国", "--by", "decade"]);
    let r = rows.iter().find(|r| r[0] == "1970s").unwrap();
    assert_eq!((r[2].as_str(), r[5].as_str(), r[6].as_str()), ("3", "4", "2"));

    let rows = csv(&["dispersion", "恐怖主义"]);
    assert!(rows.len() > 10);
    assert!(rows.iter().skip(1).all(|r| (0.0..1.0).contains(&r[2].parse::<f64>().unwrap())));
}

#[test]
fn bad_filters_are_clear_errors() {
    let c = corpus();
    let o = common::jointstat(&["keyness", "--corpus", c.to_str().unwrap(), "--target", "colour=red"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown column `colour`"));
    let o = common::jointstat(&["kwic", "(", "--regex", "--corpus", c.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("bad regular expression"));
}
