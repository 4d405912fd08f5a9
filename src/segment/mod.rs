//! Stage 2 — segment: a statement's body into preamble, articles and sentences.
//!
//! Offsets are in characters (Unicode scalar values) into [`Document::body_text`], the body
//! paragraphs joined by `\n`; token offsets from the tokenizer use the same scale, so every
//! token can be placed in its article and sentence.
//!
//! Article numbering schemes, tried in this order, the first that forms a sequence wins:
//! `一、` at the start of a paragraph; a paragraph holding only a numeral (`一`); `（一）`;
//! `第一条`. A numeral that the archive ran onto the end of the previous paragraph
//! (`…环保合作。五`) is recognised when it is the next number expected. A sequence that starts
//! at 二 (the 1954 statements) makes the text before it article 一 (`implicit`). Without any
//! scheme, the body is one run of un-numbered paragraphs: each paragraph is an article with no
//! number.

use crate::ingest::normalize::parse_cn_number;
use crate::ingest::Document;
use regex::Regex;
use std::sync::LazyLock;

/// What a segment of the body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleKind {
    /// Text before the first numbered article.
    Preamble,
    /// A numbered article (`一、…`).
    Numbered,
    /// Article 一 of a sequence printed from 二 (the text before 二).
    Implicit,
    /// A paragraph of a statement without numbered articles.
    Unnumbered,
}

impl ArticleKind {
    /// Name used in tables.
    pub fn name(self) -> &'static str {
        match self {
            ArticleKind::Preamble => "preamble",
            ArticleKind::Numbered => "numbered",
            ArticleKind::Implicit => "implicit",
            ArticleKind::Unnumbered => "unnumbered",
        }
    }
}

/// The numbering scheme a statement uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// `一、`
    Enumerated,
    /// A numeral alone on a line.
    Bare,
    /// `（一）`
    Parenthesised,
    /// `第一条`
    Clause,
    /// No numbering.
    None,
}

impl Scheme {
    /// Name used in tables.
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Enumerated => "enumerated",
            Scheme::Bare => "bare_numeral",
            Scheme::Parenthesised => "parenthesised",
            Scheme::Clause => "di_tiao",
            Scheme::None => "none",
        }
    }
}

/// One article (or preamble / un-numbered paragraph) of a statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// 0-based order in the document.
    pub index: usize,
    /// Printed number (`十七` → 17), `None` for preamble and un-numbered paragraphs.
    pub number: Option<u32>,
    /// Kind of segment.
    pub kind: ArticleKind,
    /// Character offset of the first character (including the number label).
    pub char_start: usize,
    /// Character offset just past the last character.
    pub char_end: usize,
}

/// One sentence: text up to and including `。`, `！` or `？` (or the end of a paragraph).
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// 0-based order in the document.
    pub index: usize,
    /// Index of the article it belongs to.
    pub article: usize,
    /// Character offset of the first character.
    pub char_start: usize,
    /// Character offset just past the last character.
    pub char_end: usize,
    /// Coordinate sub-clauses joined by `；` (character spans); one span when there is no `；`.
    pub subclauses: Vec<(usize, usize)>,
}

/// A segmented document.
#[derive(Debug, Clone)]
pub struct Segmentation {
    /// The numbering scheme found.
    pub scheme: Scheme,
    /// Preamble and articles in order; together they cover the body.
    pub articles: Vec<Article>,
    /// Sentences in order.
    pub sentences: Vec<Sentence>,
}

impl Segmentation {
    /// Number of numbered articles (including an implicit article 一).
    pub fn numbered_articles(&self) -> usize {
        self.articles.iter().filter(|a| matches!(a.kind, ArticleKind::Numbered | ArticleKind::Implicit)).count()
    }

    /// Index of the article that holds character offset `pos`.
    pub fn article_at(&self, pos: usize) -> usize {
        match self.articles.binary_search_by(|a| {
            if a.char_end <= pos {
                std::cmp::Ordering::Less
            } else if a.char_start > pos {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        }) {
            Ok(i) => i,
            Err(i) => i.min(self.articles.len().saturating_sub(1)),
        }
    }

    /// Index of the sentence that holds character offset `pos`.
    pub fn sentence_at(&self, pos: usize) -> usize {
        let i = self.sentences.partition_point(|s| s.char_end <= pos);
        i.min(self.sentences.len().saturating_sub(1))
    }
}

static ENUMERATED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([一二三四五六七八九十]{1,3})、").unwrap());
static BARE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([一二三四五六七八九十]{1,3})$").unwrap());
static PAREN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[（(]([一二三四五六七八九十]{1,3})[）)]").unwrap());
static CLAUSE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^第([一二三四五六七八九十]{1,3})条").unwrap());
static RUN_ON: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[。！？”）]([一二三四五六七八九十]{1,3})$").unwrap());

/// A paragraph with its character offset into the body text.
struct Para<'a> {
    text: &'a str,
    start: usize,
}

fn marker(scheme: Scheme, p: &str) -> Option<u32> {
    let re = match scheme {
        Scheme::Enumerated => &*ENUMERATED,
        Scheme::Bare => &*BARE,
        Scheme::Parenthesised => &*PAREN,
        Scheme::Clause => &*CLAUSE,
        Scheme::None => return None,
    };
    re.captures(p).and_then(|c| parse_cn_number(&c[1]))
}

/// Article starts for one scheme: (character offset, number). Follows the sequence 1, 2, 3 …
/// (or 2, 3 … for an implicit first article) and accepts run-on numerals.
fn starts_for(scheme: Scheme, paras: &[Para<'_>]) -> Vec<(usize, u32)> {
    let mut out: Vec<(usize, u32)> = Vec::new();
    for p in paras {
        let expected = out.last().map_or(1, |&(_, n)| n + 1);
        if let Some(n) = marker(scheme, p.text) {
            if n == expected || (out.is_empty() && n == 2) {
                out.push((p.start, n));
                continue;
            }
        }
        if scheme == Scheme::Bare && !out.is_empty() {
            if let Some(c) = RUN_ON.captures(p.text) {
                let m = c.get(1).expect("group");
                if parse_cn_number(m.as_str()) == Some(expected) {
                    let off = p.start + p.text[..m.start()].chars().count();
                    out.push((off, expected));
                }
            }
        }
    }
    out
}

/// Segment a document's body.
pub fn segment(doc: &Document) -> Segmentation {
    segment_paragraphs(&doc.body)
}

/// Segment body paragraphs (joined by `\n` for offsets).
pub fn segment_paragraphs(body: &[String]) -> Segmentation {
    let mut paras = Vec::with_capacity(body.len());
    let mut off = 0;
    for p in body {
        paras.push(Para { text: p, start: off });
        off += p.chars().count() + 1;
    }
    let total = off.saturating_sub(1);
    let mut scheme = Scheme::None;
    let mut starts = Vec::new();
    for s in [Scheme::Enumerated, Scheme::Bare, Scheme::Parenthesised, Scheme::Clause] {
        let st = starts_for(s, &paras);
        if st.len() >= 2 {
            scheme = s;
            starts = st;
            break;
        }
    }
    let mut articles = Vec::new();
    if scheme == Scheme::None {
        for p in &paras {
            articles.push(Article {
                index: articles.len(),
                number: None,
                kind: ArticleKind::Unnumbered,
                char_start: p.start,
                char_end: p.start + p.text.chars().count(),
            });
        }
    } else {
        let first = starts[0];
        if first.0 > 0 {
            let kind = if first.1 == 2 { ArticleKind::Implicit } else { ArticleKind::Preamble };
            let number = (first.1 == 2).then_some(1);
            articles.push(Article { index: 0, number, kind, char_start: 0, char_end: first.0 });
        }
        for (k, &(s, n)) in starts.iter().enumerate() {
            let e = starts.get(k + 1).map_or(total, |&(e, _)| e);
            articles.push(Article {
                index: articles.len(),
                number: Some(n),
                kind: ArticleKind::Numbered,
                char_start: s,
                char_end: e,
            });
        }
    }
    // trim the joining newline off article ends
    let text: Vec<char> = body.join("\n").chars().collect();
    for a in &mut articles {
        while a.char_end > a.char_start && text[a.char_end - 1] == '\n' {
            a.char_end -= 1;
        }
    }
    let sentences = split_sentences(&text, &articles);
    Segmentation { scheme, articles, sentences }
}

/// Split every article into sentences at `。！？` and at paragraph breaks; a closing quote or
/// bracket right after the stop stays with the sentence.
fn split_sentences(text: &[char], articles: &[Article]) -> Vec<Sentence> {
    let mut out = Vec::new();
    for a in articles {
        let mut s = a.char_start;
        let mut i = a.char_start;
        while i < a.char_end {
            let c = text[i];
            let stop = matches!(c, '。' | '！' | '？' | '\n');
            if stop {
                let mut e = i + 1;
                while c != '\n' && e < a.char_end && matches!(text[e], '”' | '’' | '）' | '」' | '》') {
                    e += 1;
                }
                let end = if c == '\n' { i } else { e };
                push_sentence(&mut out, text, a.index, s, end);
                s = e;
                i = e;
            } else {
                i += 1;
            }
        }
        push_sentence(&mut out, text, a.index, s, a.char_end);
    }
    out
}

fn push_sentence(out: &mut Vec<Sentence>, text: &[char], article: usize, mut s: usize, mut e: usize) {
    while s < e && text[s].is_whitespace() {
        s += 1;
    }
    while e > s && text[e - 1].is_whitespace() {
        e -= 1;
    }
    if e > s {
        let mut subclauses = Vec::new();
        let mut cs = s;
        for (i, c) in text.iter().enumerate().take(e).skip(s) {
            if *c == '；' || *c == ';' {
                subclauses.push((cs, i + 1));
                cs = i + 1;
            }
        }
        if cs < e {
            subclauses.push((cs, e));
        }
        out.push(Sentence { index: out.len(), article, char_start: s, char_end: e, subclauses });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(x: &[&str]) -> Vec<String> {
        x.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn enumerated_articles_with_preamble() {
        let s = segment_paragraphs(&v(&["序言。", "一、甲。乙！", "续段。", "二、丙。", "三、丁。"]));
        assert_eq!(s.scheme, Scheme::Enumerated);
        assert_eq!(s.numbered_articles(), 3);
        assert_eq!(s.articles[0].kind, ArticleKind::Preamble);
        assert_eq!(s.articles[1].number, Some(1));
        // sentences: 序言。 / 一、甲。 / 乙！ / 续段。 / 二、丙。 / 三、丁。
        assert_eq!(s.sentences.len(), 6);
        assert_eq!(s.sentences[3].article, 1);
        assert_eq!(s.article_at(0), 0);
        assert_eq!(s.article_at(4), 1);
        let s = segment_paragraphs(&v(&["双方将甲；双方将乙。"]));
        assert_eq!(s.sentences[0].subclauses, vec![(0, 5), (5, 10)]);
    }

    #[test]
    fn bare_numerals_and_run_on() {
        let s = segment_paragraphs(&v(&["一", "甲。", "二", "乙。", "三", "丙合作。四", "丁。"]));
        assert_eq!(s.scheme, Scheme::Bare);
        let nums: Vec<Option<u32>> = s.articles.iter().map(|a| a.number).collect();
        assert_eq!(nums, vec![Some(1), Some(2), Some(3), Some(4)]);
        // article 三 ends before the run-on 四
        let body = "一\n甲。\n二\n乙。\n三\n丙合作。四\n丁。";
        let chars: Vec<char> = body.chars().collect();
        let a3 = &s.articles[2];
        let t: String = chars[a3.char_start..a3.char_end].iter().collect();
        assert_eq!(t, "三\n丙合作。");
    }

    #[test]
    fn implicit_first_article_and_unnumbered() {
        let s = segment_paragraphs(&v(&["甲。", "二、乙。", "三、丙。"]));
        assert_eq!(s.articles[0].kind, ArticleKind::Implicit);
        assert_eq!(s.numbered_articles(), 3);
        let s = segment_paragraphs(&v(&["甲。", "乙。"]));
        assert_eq!(s.scheme, Scheme::None);
        assert_eq!(s.articles.len(), 2);
        assert_eq!(s.numbered_articles(), 0);
        // a sub-list 一、 inside article 三 does not restart the sequence
        let s = segment_paragraphs(&v(&["一、甲。", "二、乙。", "三、丙：", "一、子。", "四、丁。"]));
        assert_eq!(s.numbered_articles(), 4);
    }
}
