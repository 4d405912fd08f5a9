//! Two statements aligned article by article, then sentence by sentence (`jointstat diff A B`).
//!
//! 1. **Articles.** Every segment of each body (preamble, numbered articles, un-numbered
//!    paragraphs) is a unit. Two articles can be paired when the Dice coefficient of their sets
//!    of character 3-grams (normalised text) is at least [`AlignOptions::article_min`] (default
//!    0.3). Among all order-preserving pairings the one with the largest total Dice is chosen
//!    (Needleman–Wunsch with gap cost 0). Unpaired articles are inserted / deleted as a whole:
//!    an article split in two is shown as its best-matching half paired and the rest inserted;
//!    moved articles appear as a deletion plus an insertion.
//! 2. **Sentences.** Inside each pair of articles, sentences are aligned the same way, with
//!    normalised Levenshtein similarity as the score and [`AlignOptions::sentence_min`] (default
//!    0.5) as the least similarity of a pair (texts over [`text::MAX_COMPARE_CHARS`] characters
//!    pair only when identical).
//! 3. **Status.** A pair identical after normalisation is `unchanged`; any other pair is
//!    `reworded` and carries a character-level diff of the printed texts; unpaired sentences are
//!    `deleted` (only in A) or `inserted` (only in B).

use super::text::{self, Edit};
use crate::ingest::Document;
use crate::segment;
use std::collections::BTreeSet;
use std::fmt::Write;

/// Thresholds of [`align_docs`].
#[derive(Debug, Clone, PartialEq)]
pub struct AlignOptions {
    /// Least Dice coefficient on character 3-grams for two articles to be paired.
    pub article_min: f64,
    /// Least normalised Levenshtein similarity for two sentences to be paired.
    pub sentence_min: f64,
}

impl Default for AlignOptions {
    fn default() -> Self {
        AlignOptions { article_min: 0.3, sentence_min: 0.5 }
    }
}

/// What happened to a sentence between A and B.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Identical after normalisation.
    Unchanged,
    /// Paired, with changes.
    Reworded,
    /// Only in B.
    Inserted,
    /// Only in A.
    Deleted,
}

impl Status {
    /// Name used in tables.
    pub fn name(self) -> &'static str {
        match self {
            Status::Unchanged => "unchanged",
            Status::Reworded => "reworded",
            Status::Inserted => "inserted",
            Status::Deleted => "deleted",
        }
    }
}

/// A sentence's place: article label and sentence number (as in `jointstat clauses`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Article label: number, or `preamble` / `implicit` / `unnumbered`.
    pub article: String,
    /// Sentence number in the statement.
    pub sentence: usize,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.article, self.sentence)
    }
}

/// One row of an alignment.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Status.
    pub status: Status,
    /// Place in A (None when inserted).
    pub a: Option<Place>,
    /// Place in B (None when deleted).
    pub b: Option<Place>,
    /// Normalised Levenshtein similarity of the pair (0 for unpaired sentences).
    pub similarity: f64,
    /// The text: for a pair, the character diff A → B; otherwise the one sentence as `Same`.
    pub edits: Vec<Edit>,
}

/// Two articles paired (or one unpaired).
#[derive(Debug, Clone, PartialEq)]
pub struct ArticlePair {
    /// Article label in A.
    pub a: Option<String>,
    /// Article label in B.
    pub b: Option<String>,
    /// Dice on character 3-grams (0 for an unpaired article).
    pub similarity: f64,
}

/// The alignment of two statements.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    /// Id of A.
    pub a_id: String,
    /// Id of B.
    pub b_id: String,
    /// Articles, in alignment order.
    pub articles: Vec<ArticlePair>,
    /// Sentences, in alignment order.
    pub rows: Vec<Row>,
}

impl Alignment {
    /// Rows per status: unchanged, reworded, inserted, deleted.
    pub fn counts(&self) -> [usize; 4] {
        let mut c = [0; 4];
        for r in &self.rows {
            c[r.status as usize] += 1;
        }
        c
    }
}

/// Order-preserving alignment of `n` × `m` items maximising the total score of the pairs
/// (gap cost 0; `score` None = may not be paired). Returns (Some(i), Some(j)) for pairs and
/// (Some(i), None) / (None, Some(j)) for unpaired items, in order; at equal totals, pairs come as
/// early as possible and deletions before insertions.
pub fn needleman_wunsch(
    n: usize,
    m: usize,
    score: impl Fn(usize, usize) -> Option<f64>,
) -> Vec<(Option<usize>, Option<usize>)> {
    // best[i][j]: best total for a[i..], b[j..]
    let w = m + 1;
    let mut best = vec![0.0f64; (n + 1) * w];
    let mut pair: Vec<Option<f64>> = vec![None; n * m];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let s = score(i, j);
            pair[i * m + j] = s;
            let mut v = best[(i + 1) * w + j].max(best[i * w + j + 1]);
            if let Some(s) = s {
                v = v.max(s + best[(i + 1) * w + j + 1]);
            }
            best[i * w + j] = v;
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m {
            let here = best[i * w + j];
            if let Some(s) = pair[i * m + j] {
                if s + best[(i + 1) * w + j + 1] >= here {
                    out.push((Some(i), Some(j)));
                    i += 1;
                    j += 1;
                    continue;
                }
            }
            if best[(i + 1) * w + j] >= here {
                out.push((Some(i), None));
                i += 1;
            } else {
                out.push((None, Some(j)));
                j += 1;
            }
        } else if i < n {
            out.push((Some(i), None));
            i += 1;
        } else {
            out.push((None, Some(j)));
            j += 1;
        }
    }
    out
}

/// Dice coefficient of two sorted, deduplicated sets.
fn dice(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let inter = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
    2.0 * inter as f64 / (a.len() + b.len()) as f64
}

/// A sentence cut for alignment: place, printed text, normalised text.
type CutSentence = (Place, String, Vec<char>);

/// An article cut for alignment: label, character 3-gram set, sentences.
type CutArticle = (String, Vec<u64>, Vec<CutSentence>);

/// A statement cut for alignment: articles, each with its sentences.
struct Cut {
    articles: Vec<CutArticle>,
}

fn cut(d: &Document) -> Cut {
    let seg = segment::segment(d);
    let body: Vec<char> = d.body_text().chars().collect();
    let mut articles: Vec<CutArticle> = seg
        .articles
        .iter()
        .map(|a| {
            let label = a.number.map_or_else(|| a.kind.name().to_string(), |n| n.to_string());
            let t: String = body[a.char_start..a.char_end].iter().collect();
            (label, text::shingles(&text::normalize(text::strip_label(&t)), 3), Vec::new())
        })
        .collect();
    for s in &seg.sentences {
        let t: String = body[s.char_start..s.char_end].iter().collect();
        let label = articles[s.article].0.clone();
        let norm = text::normalize(text::strip_label(&t));
        articles[s.article].2.push((Place { article: label, sentence: s.index }, t, norm));
    }
    Cut { articles }
}

/// Align statement `a` (older) with `b` (newer); see the module docs.
pub fn align_docs(a: &Document, b: &Document, opts: &AlignOptions) -> Alignment {
    let (ca, cb) = (cut(a), cut(b));
    let art = needleman_wunsch(ca.articles.len(), cb.articles.len(), |i, j| {
        let s = dice(&ca.articles[i].1, &cb.articles[j].1);
        (s >= opts.article_min).then_some(s)
    });
    let mut articles = Vec::new();
    let mut rows = Vec::new();
    let single = |status: Status, p: &Place, t: &str, in_a: bool| Row {
        status,
        a: in_a.then(|| p.clone()),
        b: (!in_a).then(|| p.clone()),
        similarity: 0.0,
        edits: vec![Edit::Same(t.to_string())],
    };
    for (i, j) in art {
        match (i, j) {
            (Some(i), Some(j)) => {
                let (la, sa, xa) = &ca.articles[i];
                let (lb, sb, xb) = &cb.articles[j];
                articles.push(ArticlePair { a: Some(la.clone()), b: Some(lb.clone()), similarity: dice(sa, sb) });
                let sims: Vec<f64> = xa
                    .iter()
                    .flat_map(|(_, _, na)| xb.iter().map(move |(_, _, nb)| (na, nb)))
                    .map(|(na, nb)| {
                        if na.len().max(nb.len()) > text::MAX_COMPARE_CHARS {
                            f64::from(u8::from(na == nb))
                        } else {
                            text::similarity(na, nb)
                        }
                    })
                    .collect();
                let m = xb.len();
                let al = needleman_wunsch(xa.len(), m, |p, q| {
                    let s = sims[p * m + q];
                    (s >= opts.sentence_min).then_some(s)
                });
                for (p, q) in al {
                    match (p, q) {
                        (Some(p), Some(q)) => {
                            let (pa, ta, na) = &xa[p];
                            let (pb, tb, nb) = &xb[q];
                            let same = na == nb;
                            rows.push(Row {
                                status: if same { Status::Unchanged } else { Status::Reworded },
                                a: Some(pa.clone()),
                                b: Some(pb.clone()),
                                similarity: sims[p * m + q],
                                edits: if same { vec![Edit::Same(tb.clone())] } else { text::char_diff(ta, tb) },
                            });
                        }
                        (Some(p), None) => rows.push(single(Status::Deleted, &xa[p].0, &xa[p].1, true)),
                        (None, Some(q)) => rows.push(single(Status::Inserted, &xb[q].0, &xb[q].1, false)),
                        (None, None) => {}
                    }
                }
            }
            (Some(i), None) => {
                articles.push(ArticlePair { a: Some(ca.articles[i].0.clone()), b: None, similarity: 0.0 });
                for (p, t, _) in &ca.articles[i].2 {
                    rows.push(single(Status::Deleted, p, t, true));
                }
            }
            (None, Some(j)) => {
                articles.push(ArticlePair { a: None, b: Some(cb.articles[j].0.clone()), similarity: 0.0 });
                for (p, t, _) in &cb.articles[j].2 {
                    rows.push(single(Status::Inserted, p, t, false));
                }
            }
            (None, None) => {}
        }
    }
    Alignment { a_id: a.id.clone(), b_id: b.id.clone(), articles, rows }
}

fn place(p: &Option<Place>) -> String {
    p.as_ref().map_or_else(|| "–".to_string(), |p| p.to_string())
}

/// One-line summary of an alignment.
pub fn summary(al: &Alignment) -> String {
    let c = al.counts();
    let paired = al.articles.iter().filter(|a| a.a.is_some() && a.b.is_some()).count();
    let (a_only, b_only) =
        (al.articles.iter().filter(|a| a.b.is_none()).count(), al.articles.iter().filter(|a| a.a.is_none()).count());
    format!(
        "{} → {}: articles {} paired, {} only in {}, {} only in {}; sentences {} unchanged, {} reworded, {} inserted, {} deleted",
        al.a_id, al.b_id, paired, a_only, al.a_id, b_only, al.b_id, c[0], c[1], c[2], c[3]
    )
}

/// The alignment as terminal text: one line per sentence, `A-place B-place status text`; with
/// `colour`, deletions red and struck through, insertions green and underlined; without, the
/// markers `[-deleted-]` and `{+inserted+}` (as `wdiff`).
pub fn render_terminal(al: &Alignment, colour: bool) -> String {
    let mut out = String::new();
    let paint = |code: &str, s: &str| if colour { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() };
    let _ = writeln!(out, "{}", paint("1", &summary(al)));
    for r in &al.rows {
        let mut t = String::new();
        for e in &r.edits {
            match e {
                Edit::Same(s) => t.push_str(s),
                Edit::Del(s) => t.push_str(&if colour { paint("9;31", s) } else { format!("[-{s}-]") }),
                Edit::Ins(s) => t.push_str(&if colour { paint("4;32", s) } else { format!("{{+{s}+}}") }),
            }
        }
        let (code, mark) = match r.status {
            Status::Unchanged => ("2", "="),
            Status::Reworded => ("33", "~"),
            Status::Inserted => ("32", "+"),
            Status::Deleted => ("31", "-"),
        };
        let head = format!("{mark} {:>8} {:>8} {:<9}", place(&r.a), place(&r.b), r.status.name());
        let _ = writeln!(out, "{} {}", paint(code, &head), t);
    }
    out
}

fn md_cell(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|").replace('*', "\\*").replace('~', "\\~").replace('\n', " ")
}

/// The alignment as a Markdown table (deletions `~~struck~~`, insertions `**bold**`).
pub fn render_markdown(al: &Alignment) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# {} → {}\n\n{}\n", al.a_id, al.b_id, summary(al));
    let _ = writeln!(md, "Deleted text is ~~struck through~~, inserted text **bold**.\n");
    let _ = writeln!(md, "| {} | {} | status | similarity | text |", md_cell(&al.a_id), md_cell(&al.b_id));
    let _ = writeln!(md, "|---|---|---|---:|---|");
    for r in &al.rows {
        let mut t = String::new();
        for e in &r.edits {
            match e {
                Edit::Same(s) => t.push_str(&md_cell(s)),
                Edit::Del(s) => t.push_str(&format!("~~{}~~", md_cell(s))),
                Edit::Ins(s) => t.push_str(&format!("**{}**", md_cell(s))),
            }
        }
        let sim = if r.a.is_some() && r.b.is_some() { format!("{:.3}", r.similarity) } else { String::new() };
        let _ = writeln!(md, "| {} | {} | {} | {} | {} |", place(&r.a), place(&r.b), r.status.name(), sim, t);
    }
    md
}

/// The alignment as one self-contained HTML page (inline CSS, no scripts, no network).
pub fn render_html(al: &Alignment) -> String {
    use html_escape::encode_text as esc;
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n<title>{a} → {b}</title>\n<style>\n\
         body{{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif;margin:2em}}\n\
         table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #ccc;padding:4px 6px;vertical-align:top}}\n\
         del{{background:#fdd;color:#900}}ins{{background:#dfd;color:#060;text-decoration:none}}\n\
         tr.unchanged td{{color:#777}}tr.inserted td{{background:#f4fff4}}tr.deleted td{{background:#fff4f4}}\n\
         </style>\n</head>\n<body>\n<h1>{a} → {b}</h1>\n<p>{s}</p>\n",
        a = esc(&al.a_id),
        b = esc(&al.b_id),
        s = esc(&summary(al))
    );
    let _ = writeln!(
        h,
        "<table>\n<thead><tr><th>{}</th><th>{}</th><th>status</th><th>similarity</th><th>text</th></tr></thead>\n<tbody>",
        esc(&al.a_id),
        esc(&al.b_id)
    );
    for r in &al.rows {
        let mut t = String::new();
        for e in &r.edits {
            match e {
                Edit::Same(s) => t.push_str(&esc(s)),
                Edit::Del(s) => t.push_str(&format!("<del>{}</del>", esc(s))),
                Edit::Ins(s) => t.push_str(&format!("<ins>{}</ins>", esc(s))),
            }
        }
        let sim = if r.a.is_some() && r.b.is_some() { format!("{:.3}", r.similarity) } else { String::new() };
        let _ = writeln!(
            h,
            "<tr class=\"{st}\"><td>{}</td><td>{}</td><td>{st}</td><td>{sim}</td><td>{t}</td></tr>",
            esc(&place(&r.a)),
            esc(&place(&r.b)),
            st = r.status.name()
        );
    }
    h.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    h
}

/// True when every sentence of A (`a_sentences` of them) and of B appears exactly once in the
/// alignment — a consistency check for tests.
pub fn covers_all(al: &Alignment, a_sentences: usize, b_sentences: usize) -> bool {
    let a: BTreeSet<usize> = al.rows.iter().filter_map(|r| r.a.as_ref().map(|p| p.sentence)).collect();
    let b: BTreeSet<usize> = al.rows.iter().filter_map(|r| r.b.as_ref().map(|p| p.sentence)).collect();
    let na = al.rows.iter().filter(|r| r.a.is_some()).count();
    let nb = al.rows.iter().filter(|r| r.b.is_some()).count();
    a.len() == a_sentences && na == a_sentences && b.len() == b_sentences && nb == b_sentences
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nw_pairs_in_order_and_leaves_gaps() {
        // fixture scores: 0↔0 and 2↔1 are good, 1 has no partner
        let s = [[0.9, 0.0], [0.0, 0.0], [0.1, 0.8]];
        let al = needleman_wunsch(3, 2, |i, j| (s[i][j] >= 0.5).then_some(s[i][j]));
        assert_eq!(al, vec![(Some(0), Some(0)), (Some(1), None), (Some(2), Some(1))]);
        // crossing pairs cannot both be kept: the heavier one wins
        let s = [[0.0, 0.9], [0.6, 0.0]];
        let al = needleman_wunsch(2, 2, |i, j| (s[i][j] >= 0.5).then_some(s[i][j]));
        assert_eq!(al, vec![(None, Some(0)), (Some(0), Some(1)), (Some(1), None)]);
        assert_eq!(needleman_wunsch(0, 2, |_, _| None), vec![(None, Some(0)), (None, Some(1))]);
    }

    fn doc(id: &str, body: &[&str]) -> Document {
        // hand-written fixture statements (not corpus text)
        let row =
            crate::ingest::manifest::ManifestRow { id: id.into(), file: format!("{id}.txt"), ..Default::default() };
        let mut d = crate::ingest::document_from_bytes(&row, false, "甲。\n".as_bytes()).0.expect("fixture parses");
        d.body = body.iter().map(|s| s.to_string()).collect();
        d
    }

    #[test]
    fn aligns_articles_then_sentences() {
        let a = doc(
            "A",
            &[
                "一、双方同意加强经贸合作。双方将扩大贸易规模。",
                "二、双方决定共同打击恐怖主义分裂主义和极端主义。",
                "三、这一条在新文本中被整体删除了。",
            ],
        );
        let b = doc(
            "B",
            &[
                "一、双方同意进一步加强经贸合作。双方将扩大贸易规模。中方欢迎对方企业来华投资。",
                "二、双方决定共同打击恐怖主义、分裂主义和极端主义。",
            ],
        );
        let al = align_docs(&a, &b, &AlignOptions::default());
        assert_eq!(al.articles.len(), 3);
        assert_eq!(al.articles[2], ArticlePair { a: Some("3".into()), b: None, similarity: 0.0 });
        let st: Vec<Status> = al.rows.iter().map(|r| r.status).collect();
        assert_eq!(st, [Status::Reworded, Status::Unchanged, Status::Inserted, Status::Unchanged, Status::Deleted]);
        assert_eq!(al.rows[0].edits[1], Edit::Ins("进一步".into()));
        assert!(covers_all(&al, 4, 4));
        let plain = render_terminal(&al, false);
        assert!(plain.contains("双方同意{+进一步+}加强经贸合作。"), "{plain}");
        assert!(!plain.contains('\x1b'));
        assert!(render_terminal(&al, true).contains("\x1b[4;32m进一步\x1b[0m"));
        assert!(render_markdown(&al).contains("双方同意**进一步**加强经贸合作。"));
        assert!(render_html(&al).contains("双方同意<ins>进一步</ins>加强经贸合作。"));
        assert_eq!(al.counts(), [2, 1, 1, 1]);
    }
}
