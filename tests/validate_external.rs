//! `jointstat validate --coding-sheet` and `--external`: hand-labelling statements outside the
//! reference gold and scoring the tool on them.

mod common;
use common::{corpus, jointstat, ok};
use std::collections::BTreeMap;

/// The built-in gold: (doc_id, sentence) → text_sha.
fn gold_shas() -> BTreeMap<(String, String), String> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/gold/clauses_gold.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("doc_id\t"))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            ((f[0].to_string(), f[1].to_string()), f[2].to_string())
        })
        .collect()
}

#[test]
fn the_coding_sheet_lists_every_sentence_with_the_gold_hashes_and_no_label() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("sheet.tsv");
    let c = corpus();
    ok(&["validate", "--corpus", c.to_str().unwrap(), "--coding-sheet", sheet.to_str().unwrap()]);
    let text = std::fs::read_to_string(&sheet).unwrap();
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    assert_eq!(lines.next(), Some("doc_id\tsentence\ttext_sha\tarticle\ttext"), "header: no label column");
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    assert!(rows.iter().all(|r| r.len() == 5), "5 columns per row (tabs in texts are replaced)");
    // the gold standard labels every sentence of the reference corpus: the sheet has the same
    // 1,971 sentences with the same hashes, so a coder's labels of the sheet score like the gold
    let gold = gold_shas();
    assert_eq!(rows.len(), 1971);
    assert_eq!(gold.len(), 1971);
    for r in &rows {
        assert_eq!(gold.get(&(r[0].to_string(), r[1].to_string())).map(String::as_str), Some(r[2]), "{r:?}");
    }
    // the first sentence of the founding text (verified by reading 2003-06-03_KZ.txt)
    let kz: Vec<&Vec<&str>> = rows.iter().filter(|r| r[0] == "2003-06-03_KZ").collect();
    assert!(kz[0][4].starts_with("应哈萨克斯坦共和国总统"), "{:?}", kz[0]);
}

/// A hand-written FIXTURE (not a real statement): four sentences in a plain folder whose file
/// name gives the date and the partner (Kazakhstan).
const FIXTURE: &str = "中华人民共和国和哈萨克斯坦共和国联合声明\n双方重申，将继续深化全面战略伙伴关系。\n中方重申，台湾是中国领土不可分割的一部分。\n哈方重申坚持一个中国原则，反对任何形式的“台湾独立”。\n双方将加强经贸合作。\n";

#[test]
fn external_gold_is_scored_as_unseen_with_both_coders_and_one_china() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("mine");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("2030-01-01_KZ.txt"), FIXTURE).unwrap();
    let f = folder.to_str().unwrap();
    // the date comes from the file name (no manifest, no signature)
    let listing = ok(&["ingest", "--corpus", f]);
    assert!(listing.contains("2030-01-01_KZ\t2030-01-01\t哈萨克斯坦"), "{listing}");
    let sheet = dir.path().join("sheet.tsv");
    ok(&["validate", "--corpus", f, "--coding-sheet", sheet.to_str().unwrap()]);
    let shas: Vec<String> = std::fs::read_to_string(&sheet)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("2030"))
        .map(|l| l.split('\t').nth(2).unwrap().to_string())
        .collect();
    assert_eq!(shas.len(), 4);
    // coder 1 by hand (codebook): the last sentence is a commitment (将), but coder 1 labels it
    // `agreement` on purpose, so the tool's main act agrees on 3 of 4 sentences
    let acts = [
        ("joint", "reaffirmation", ""),
        ("china", "reaffirmation", "taiwan_sovereignty"),
        ("partner", "reaffirmation", "taiwan_sovereignty"),
        ("joint", "agreement", "economy_trade"),
    ];
    let mut g1 = String::from("# fixture gold\ndoc_id\tsentence\ttext_sha\tactor\tmain_act\tnegated\ttopics\n");
    for (i, (a, m, t)) in acts.iter().enumerate() {
        g1.push_str(&format!("2030-01-01_KZ\t{i}\t{}\t{a}\t{m}\tfalse\t{t}\n", shas[i]));
    }
    // coder 2 labels two sentences; it differs from coder 1 on the actor of sentence 2
    let g2 = format!(
        "doc_id\tsentence\ttext_sha\tactor\tmain_act\tnegated\ttopics\n2030-01-01_KZ\t0\t{}\tjoint\treaffirmation\tfalse\t\n2030-01-01_KZ\t2\t{}\tjoint\treaffirmation\tfalse\ttaiwan_sovereignty\n",
        shas[0], shas[2]
    );
    let oc = format!(
        "doc_id\telement\tpresent\tstance\tstance_text\tactor\tnegated\tsentence_sha16\tnote\n\
         2030-01-01_KZ\ttaiwan_part_of_china\ttrue\treaffirm\t重申\tchina\tfalse\t{}\t\n\
         2030-01-01_KZ\topposes_independence\ttrue\toppose\t反对\tpartner\tfalse\t{}\t\n\
         2030-01-01_KZ\tinternal_affair\tfalse\t-\t-\t-\tfalse\t-\t\n",
        shas[1], shas[2]
    );
    let (p1, p2, p3) = (dir.path().join("g1.tsv"), dir.path().join("g2.tsv"), dir.path().join("oc.tsv"));
    std::fs::write(&p1, g1).unwrap();
    std::fs::write(&p2, g2).unwrap();
    std::fs::write(&p3, oc).unwrap();
    let md = ok(&[
        "validate",
        "--corpus",
        f,
        "--external",
        "--gold",
        p1.to_str().unwrap(),
        "--second-coder",
        p2.to_str().unwrap(),
        "--one-china-gold",
        p3.to_str().unwrap(),
    ]);
    assert!(md.contains("none of these statements is in the reference gold"), "{md}");
    assert!(md.contains("### Outside the reference gold: 4 sentences of 1 statements"), "{md}");
    let row = |name: &str| md.lines().find(|l| l.starts_with(&format!("| {name} |"))).unwrap_or_default().to_string();
    assert!(row("actor").starts_with("| actor | 4 | 1.000 |"), "{md}");
    assert!(row("main act").starts_with("| main act | 4 | 0.750 |"), "{md}");
    // inter-coder: 2 sentences both coded, actor agrees on 1
    assert!(md.contains("### Inter-coder agreement: 2 sentences of 1 statements"), "{md}");
    // One-China: the three gold rows, out of sample
    assert!(
        md.contains("One-China elements against the blind gold standard: 3 (statement, element) rows of 1 statements"),
        "{md}"
    );
    assert!(md.contains("these figures are out of sample"), "{md}");
    // the compact record a report prints when its rules match
    let rec = dir.path().join("agreement.md");
    ok(&[
        "validate",
        "--corpus",
        f,
        "--external",
        "--gold",
        p1.to_str().unwrap(),
        "--record-external",
        rec.to_str().unwrap(),
    ]);
    let rec = std::fs::read_to_string(rec).unwrap();
    assert!(rec.starts_with("<!-- jointstat out-of-corpus agreement record; clause rules sha256 "), "{rec}");
    assert!(
        rec.contains("Out-of-corpus check: 4 sentences of 1 statements, 2030 that are not in the reference corpus"),
        "{rec}"
    );
    assert!(rec.contains("| main act | 0.750 |"), "{rec}");
}

#[test]
fn external_gold_of_reference_statements_is_flagged_as_not_unseen() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/gold/clauses_gold.tsv")).unwrap();
    let subset: String = text
        .lines()
        .filter(|l| l.starts_with("doc_id\t") || l.starts_with("2003-06-03_KZ\t"))
        .map(|l| format!("{l}\n"))
        .collect();
    let n = subset.lines().count() - 1;
    let p = dir.path().join("kz.tsv");
    std::fs::write(&p, subset).unwrap();
    let c = corpus();
    let md = ok(&["validate", "--corpus", c.to_str().unwrap(), "--external", "--gold", p.to_str().unwrap()]);
    assert!(md.contains("Caution: 1 of these statements are in the reference gold (2003-06-03_KZ)"), "{md}");
    assert!(md.contains(&format!("### Outside the reference gold: {n} sentences of 1 statements")), "{md}");
    // --external without --gold is refused by the argument parser
    assert!(!jointstat(&["validate", "--external"]).status.success());
}
