//! N-grams and collocations.
//!
//! **N-grams** (n = 2–4): runs of consecutive word tokens inside one sentence; punctuation ends a
//! run (an n-gram never spans a comma). Stopwords are kept (lexical bundles such as 双方 将 继续
//! need them). Output: `ngram` (tokens separated by a space), `n`, `count`, `doc_freq`.
//!
//! **Collocates** of a node token within a window of `left`/`right` word tokens in the same
//! sentence (punctuation skipped, not counted). With f(n) the node's frequency, f(c) the
//! collocate's frequency, f(n,c) their co-occurrences in the window and N the word tokens of the
//! selection — the definitions of Sketch Engine (Rychlý 2008; Kilgarriff et al. 2014):
//! - MI = log2(f(n,c) · N / (f(n) · f(c)))
//! - t-score = (f(n,c) − f(n) f(c) / N) / √f(n,c)
//! - logDice = 14 + log2(2 f(n,c) / (f(n) + f(c)))

use crate::tokenize::DocTokens;
use anyhow::{anyhow, Result};
use polars::prelude::*;
use std::collections::HashMap;

fn pl(e: PolarsError) -> anyhow::Error {
    anyhow!("ngrams: {e}")
}

/// Word tokens of each sentence (punctuation splits a sentence into runs).
fn runs(t: &DocTokens) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    let mut sent = u32::MAX;
    for tk in &t.tokens {
        if tk.sentence != sent || tk.is_punct {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            sent = tk.sentence;
        }
        if !tk.is_punct {
            cur.push(&tk.text);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// N-gram frequencies over the documents, `n_min..=n_max`, at least `min_count` occurrences;
/// sorted by count (desc), n, ngram.
pub fn ngrams(docs: &[&DocTokens], n_min: usize, n_max: usize, min_count: u32) -> Result<DataFrame> {
    let mut counts: HashMap<(String, usize), (u32, u32, usize)> = HashMap::new(); // count, docs, last doc
    for (k, t) in docs.iter().enumerate() {
        for run in runs(t) {
            for n in n_min.max(1)..=n_max {
                for w in run.windows(n) {
                    let e = counts.entry((w.join(" "), n)).or_insert((0, 0, usize::MAX));
                    e.0 += 1;
                    if e.2 != k {
                        e.1 += 1;
                        e.2 = k;
                    }
                }
            }
        }
    }
    let mut rows: Vec<(String, usize, u32, u32)> =
        counts.into_iter().filter(|(_, v)| v.0 >= min_count).map(|((g, n), v)| (g, n, v.0, v.1)).collect();
    rows.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.cmp(&b.1)).then(a.0.cmp(&b.0)));
    DataFrame::new_infer_height(vec![
        Column::new("ngram".into(), rows.iter().map(|r| r.0.clone()).collect::<Vec<_>>()),
        Column::new("n".into(), rows.iter().map(|r| r.1 as u32).collect::<Vec<_>>()),
        Column::new("count".into(), rows.iter().map(|r| r.2).collect::<Vec<_>>()),
        Column::new("doc_freq".into(), rows.iter().map(|r| r.3).collect::<Vec<_>>()),
    ])
    .map_err(pl)
}

/// Association measures of one node–collocate pair (see the module docs).
pub fn association(f_nc: f64, f_n: f64, f_c: f64, n: f64) -> (f64, f64, f64) {
    let mi = (f_nc * n / (f_n * f_c)).log2();
    let t = (f_nc - f_n * f_c / n) / f_nc.sqrt();
    let log_dice = 14.0 + (2.0 * f_nc / (f_n + f_c)).log2();
    (mi, t, log_dice)
}

/// Collocates of `node`; `terms_only` drops stopword collocates. Sorted by logDice (desc),
/// collocate.
pub fn collocates(
    docs: &[&DocTokens],
    node: &str,
    left: usize,
    right: usize,
    min_count: u32,
    terms_only: bool,
) -> Result<DataFrame> {
    let mut freq: HashMap<&str, u32> = HashMap::new();
    let mut stop: HashMap<&str, bool> = HashMap::new();
    let mut n_tokens = 0u64;
    let mut co: HashMap<&str, (u32, u32, u32)> = HashMap::new(); // total, left, right
    for t in docs {
        // word tokens per sentence
        let mut sents: Vec<Vec<&crate::tokenize::Token>> = Vec::new();
        let mut sent = u32::MAX;
        for tk in t.tokens.iter().filter(|x| !x.is_punct) {
            n_tokens += 1;
            *freq.entry(&tk.text).or_insert(0) += 1;
            stop.insert(&tk.text, tk.is_stopword);
            if tk.sentence != sent {
                sents.push(Vec::new());
                sent = tk.sentence;
            }
            sents.last_mut().expect("pushed").push(tk);
        }
        for s in &sents {
            for (i, tk) in s.iter().enumerate() {
                if tk.text != node {
                    continue;
                }
                for (j, other) in s.iter().enumerate().take((i + right + 1).min(s.len())).skip(i.saturating_sub(left)) {
                    if j == i {
                        continue;
                    }
                    let e = co.entry(&other.text).or_insert((0, 0, 0));
                    e.0 += 1;
                    if j < i {
                        e.1 += 1;
                    } else {
                        e.2 += 1;
                    }
                }
            }
        }
    }
    let f_n = *freq.get(node).unwrap_or(&0) as f64;
    let n = n_tokens as f64;
    let mut rows: Vec<(&str, u32, u32, u32, u32, f64, f64, f64)> = co
        .into_iter()
        .filter(|(c, v)| v.0 >= min_count && !(terms_only && *stop.get(c).unwrap_or(&false)))
        .map(|(c, v)| {
            let f_c = *freq.get(c).unwrap_or(&0) as f64;
            let (mi, t, ld) = association(v.0 as f64, f_n, f_c, n);
            (c, v.0, v.1, v.2, f_c as u32, mi, t, ld)
        })
        .collect();
    rows.sort_by(|a, b| b.7.total_cmp(&a.7).then(a.0.cmp(b.0)));
    DataFrame::new_infer_height(vec![
        Column::new("collocate".into(), rows.iter().map(|r| r.0.to_string()).collect::<Vec<_>>()),
        Column::new("cooccurrences".into(), rows.iter().map(|r| r.1).collect::<Vec<_>>()),
        Column::new("left".into(), rows.iter().map(|r| r.2).collect::<Vec<_>>()),
        Column::new("right".into(), rows.iter().map(|r| r.3).collect::<Vec<_>>()),
        Column::new("collocate_freq".into(), rows.iter().map(|r| r.4).collect::<Vec<_>>()),
        Column::new("node_freq".into(), vec![f_n as u32; rows.len()]),
        Column::new("tokens".into(), vec![n_tokens; rows.len()]),
        Column::new("mi".into(), rows.iter().map(|r| r.5).collect::<Vec<_>>()),
        Column::new("t_score".into(), rows.iter().map(|r| r.6).collect::<Vec<_>>()),
        Column::new("log_dice".into(), rows.iter().map(|r| r.7).collect::<Vec<_>>()),
    ])
    .map_err(pl)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::Token;

    fn doc(words: &[(&str, u32)]) -> DocTokens {
        DocTokens {
            doc_id: "d".into(),
            tokens: words
                .iter()
                .enumerate()
                .map(|(i, (w, s))| Token {
                    position: i as u32,
                    text: w.to_string(),
                    pos: "n".into(),
                    char_start: i as u32,
                    article: 0,
                    sentence: *s,
                    is_punct: crate::tokenize::is_punct(w),
                    is_stopword: crate::tokenize::is_punct(w),
                })
                .collect(),
        }
    }

    #[test]
    fn association_worked_example() {
        // f(n,c) = 12, f(n) = 40, f(c) = 300, N = 100,000 (checked by hand / in Python)
        let (mi, t, ld) = association(12.0, 40.0, 300.0, 100_000.0);
        assert!((mi - 6.643856189774724).abs() < 1e-12);
        assert!((t - 3.4294605989863776).abs() < 1e-12);
        assert!((ld - 10.175571564583453).abs() < 1e-12);
    }

    #[test]
    fn ngrams_stop_at_punctuation_and_sentences() {
        let d = doc(&[("双方", 0), ("将", 0), ("合作", 0), ("，", 0), ("双方", 0), ("将", 0), ("合作", 1)]);
        let g = ngrams(&[&d], 2, 3, 1).unwrap();
        let rows: Vec<(String, u32)> = g
            .column("ngram")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .zip(g.column("count").unwrap().u32().unwrap().iter())
            .map(|(a, b)| (a.unwrap().to_string(), b.unwrap()))
            .collect();
        assert_eq!(rows, vec![("双方 将".into(), 2), ("将 合作".into(), 1), ("双方 将 合作".into(), 1)]);
    }

    #[test]
    fn collocates_in_window() {
        let d = doc(&[("甲", 0), ("乙", 0), ("丙", 0), ("乙", 1), ("丁", 1)]);
        let c = collocates(&[&d], "乙", 1, 1, 1, false).unwrap();
        let names: Vec<&str> = c.column("collocate").unwrap().str().unwrap().iter().map(|x| x.unwrap()).collect();
        assert_eq!(names.len(), 3);
        assert!(names.contains(&"甲") && names.contains(&"丙") && names.contains(&"丁"));
    }
}
