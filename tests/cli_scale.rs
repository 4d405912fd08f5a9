//! Similarity as sparse products and the archive-scale views of `analyze`, on the real
//! reference corpus (the thresholds are lowered so the 52 statements take the large-corpus path).

mod common;

use common::{corpus, export_rows as csv, ok, read_csv};
use std::collections::HashMap;

fn col(rows: &[Vec<String>], name: &str) -> usize {
    rows[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"))
}

#[test]
fn partial_statement_is_scored_against_the_analysis_set_idf() {
    // 1998-11-13_KR is a partial text: before the fix its TF-IDF vector was all zeros and every
    // cosine on TF-IDF printed 0.000.
    let rows = csv(&["similar", "1998-11-13_KR"]);
    let (b, cv) = (col(&rows, "doc_b"), col(&rows, "cosine_tfidf"));
    assert_eq!(rows.len() - 1, 49, "the 49 complete statements");
    let v: HashMap<&str, f64> = rows.iter().skip(1).map(|r| (r[b].as_str(), r[cv].parse().unwrap())).collect();
    assert!(v.values().all(|x| *x > 0.0), "every cosine on TF-IDF is positive: {v:?}");
    // Independent check (Python, from the tool's own tables/doc_terms.csv of `jointstat analyze`):
    // idf = log10(49 / doc_freq) over the 49 complete statements; tfidf = count × idf for both
    // statements (partial or not); cosine = Σ v_a v_b / (‖v_a‖ ‖v_b‖):
    //   import pandas as pd, numpy as np
    //   t = pd.read_csv("tables/doc_terms.csv"); full = set(documents[documents.in_analysis].doc_id)
    //   df = t[t.doc_id.isin(full)].groupby("term").size(); idf = np.log10(49 / df)
    //   vec = lambda d: t[t.doc_id == d].set_index("term")["count"].mul(idf).dropna()
    //   a, b = vec("1998-11-13_KR"), vec("1992-08-24_KR"); a.mul(b).sum() / norm(a) / norm(b)
    //   → 1992-08-24_KR 0.0672511…; nearest 2003-07-08_KR 0.3704257…; farthest 1999-11-23_KZ 0.0073115…
    let printed: HashMap<&str, &str> = rows.iter().skip(1).map(|r| (r[b].as_str(), r[cv].as_str())).collect();
    assert_eq!(printed["1992-08-24_KR"], "0.067251");
    assert_eq!((rows[1][b].as_str(), rows[1][cv].as_str()), ("2003-07-08_KR", "0.370426"), "nearest");
    assert_eq!((rows[49][b].as_str(), rows[49][cv].as_str()), ("1999-11-23_KZ", "0.007312"), "farthest");
}

#[test]
fn top_k_table_holds_the_k_nearest_of_the_all_pairs_table() {
    let all = csv(&["similar"]);
    let top = csv(&["similar", "--all-pairs-max", "10", "--top-k", "3"]);
    assert_eq!(all.len() - 1, 49 * 49);
    assert_eq!(top.len() - 1, 49 * 3, "3 neighbours of each of the 49 complete statements");
    assert_eq!(all[0], top[0], "same columns in both views");
    let cv = col(&all, "cosine_tfidf");
    let pairs: HashMap<(&str, &str), &Vec<String>> =
        all.iter().skip(1).map(|r| ((r[0].as_str(), r[1].as_str()), r)).collect();
    let mut by_a: HashMap<&str, Vec<&Vec<String>>> = HashMap::new();
    for r in top.iter().skip(1) {
        assert_ne!(r[0], r[1], "a statement is not its own neighbour");
        // every measure of a top-k row equals the all-pairs row, to the last printed digit
        assert_eq!(r, pairs[&(r[0].as_str(), r[1].as_str())]);
        by_a.entry(r[0].as_str()).or_default().push(r);
    }
    for (a, rows) in &by_a {
        let chosen: Vec<f64> = rows.iter().map(|r| r[cv].parse().unwrap()).collect();
        assert!(chosen.windows(2).all(|w| w[0] >= w[1]), "{a}: sorted by cosine on TF-IDF");
        let worst = chosen.iter().cloned().fold(f64::INFINITY, f64::min);
        let best_left = all
            .iter()
            .skip(1)
            .filter(|r| r[0] == *a && r[1] != *a && !rows.iter().any(|x| x[1] == r[1]))
            .map(|r| r[cv].parse::<f64>().unwrap())
            .fold(f64::NEG_INFINITY, f64::max);
        assert!(worst >= best_left, "{a}: a statement left out is closer ({best_left}) than a neighbour ({worst})");
    }
}

#[test]
fn analyze_switches_to_archive_scale_views_and_says_so() {
    let c = corpus();
    let out = tempfile::tempdir().unwrap();
    ok(&[
        "analyze",
        "--corpus",
        c.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--all-pairs-max",
        "10",
        "--top-k",
        "3",
        "--chart-statements",
        "20",
        "-q",
    ]);
    let dir = out.path().join("2003-06-03_KZ");
    let sim = read_csv(&dir.join("tables/similarity.csv"));
    assert_eq!(sim.len() - 1, 49 * 3, "top-3 view of the 49 complete statements");
    let near = read_csv(&dir.join("tables/nearest.csv"));
    assert_eq!(near.len() - 1, 48, "the focus against every other statement");
    let report = std::fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(report.contains("**Archive-scale views.**"), "the report says which views it chose");
    assert!(report.contains("holds the 3 nearest neighbours of every statement"), "similarity view explained");
    assert!(report.contains("Aggregated view: 52 statements exceed the 20"), "chart view explained");
    assert!(report.contains("The first 20 of 52 rows are shown"));
    for png in [
        "terms_heatmap.png",
        "acts_by_statement.png",
        "topics_heatmap.png",
        "similarity_heatmap.png",
        "one_china_matrix.png",
        "dispersion.png",
    ] {
        let (w, h) = jointstat::charts::check_png(&dir.join("charts").join(png)).unwrap();
        assert_eq!(w, jointstat::charts::WIDTH, "{png}");
        assert!(h >= 600, "{png} height {h}");
    }
    let prov = std::fs::read_to_string(dir.join("provenance.json")).unwrap();
    assert!(prov.contains("\"similarity_table\": \"top_3\""), "{prov}");
    assert!(prov.contains("\"charts\": \"by_partner\""), "{prov}");
}

#[test]
fn report_on_a_partial_focus_names_a_real_nearest_statement() {
    // issue 14: the report used to say "closest … (cosine on TF-IDF 0.000)" for a partial focus
    let c = corpus();
    let out = tempfile::tempdir().unwrap();
    ok(&[
        "analyze",
        "--corpus",
        c.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--focus",
        "1998-11-13_KR",
        "-q",
    ]);
    let report = std::fs::read_to_string(out.path().join("1998-11-13_KR/report.md")).unwrap();
    // the same values as `similar 1998-11-13_KR` (checked in Python, see the test above)
    assert!(
        report.contains("The statement closest to 1998-11-13_KR is **2003-07-08_KR** (cosine on TF-IDF 0.370); the most distant is 1999-11-23_KZ (0.007)."),
        "{}",
        report.lines().find(|l| l.contains("closest")).unwrap_or("")
    );
}
