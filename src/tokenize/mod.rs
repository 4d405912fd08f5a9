//! Stage 3 — tokenize: jieba segmentation with the project's user dictionary and stopwords.
//!
//! One [`Tokenizer`] (one `jieba_rs::Jieba` with the user dictionary loaded) is built once and
//! shared by reference across rayon workers; documents are tokenized in parallel and collected
//! in input order, so the result does not depend on the number of threads.
//!
//! Every token keeps its part-of-speech tag from jieba (`Jieba::tag`, HMM on), its character
//! offset in the body text, and its article and sentence index from the segmenter. Pure
//! white-space tokens are not kept (they are layout, not text); everything else is, with two
//! flags: `is_punct` (only punctuation/symbols) and `is_stopword` (in the stopword list, or
//! punctuation, or a numeral).

use crate::bail_config;
use crate::error::{io, Result};
use crate::ingest::{sha256_hex, Document};
use crate::segment::Segmentation;

/// The project's user dictionary (`corpus/userdict.txt`), built into the binary.
pub const DEFAULT_USERDICT: &str = include_str!("../../corpus/userdict.txt");
/// The project's stopword list (`corpus/stopwords.txt`), built into the binary.
pub const DEFAULT_STOPWORDS: &str = include_str!("../../corpus/stopwords.txt");
use jieba_rs::Jieba;
use rayon::prelude::*;
use std::path::Path;

/// One token of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// 0-based position among the document's kept tokens.
    pub position: u32,
    /// The token text.
    pub text: String,
    /// jieba part-of-speech tag (`n`, `v`, `x` for unknown/punctuation …; user words carry the
    /// tag given in the user dictionary).
    pub pos: String,
    /// Character offset into the body text.
    pub char_start: u32,
    /// Article index (see [`Segmentation::articles`]).
    pub article: u32,
    /// Sentence index (see [`Segmentation::sentences`]).
    pub sentence: u32,
    /// Only punctuation or symbols.
    pub is_punct: bool,
    /// Stopword: in the list, or punctuation, or a numeral.
    pub is_stopword: bool,
}

/// The tokens of one document.
#[derive(Debug, Clone)]
pub struct DocTokens {
    /// Document id.
    pub doc_id: String,
    /// Tokens in text order.
    pub tokens: Vec<Token>,
}

/// A jieba instance with the user dictionary, plus the stopword list.
pub struct Tokenizer {
    jieba: Jieba,
    stopwords: rustc_hash::FxHashSet<String>,
    /// sha256 of the user dictionary text.
    pub userdict_sha256: String,
    /// sha256 of the stopword list text.
    pub stopwords_sha256: String,
    /// Number of user dictionary entries loaded.
    pub user_words: usize,
}

impl Tokenizer {
    /// Build a tokenizer from files (see [`Tokenizer::from_texts`]).
    pub fn new(userdict: Option<&Path>, stopwords: Option<&Path>) -> Result<Tokenizer> {
        let read = |p: Option<&Path>, what: &'static str| -> Result<String> {
            match p {
                Some(p) => std::fs::read_to_string(p).map_err(io(what, p)),
                None => Ok(String::new()),
            }
        };
        let ud = read(userdict, "cannot read user dictionary")?;
        let sw = read(stopwords, "cannot read stopword list")?;
        let file = userdict.map_or("the user dictionary".to_string(), |p| p.display().to_string());
        Tokenizer::from_texts(&ud, &sw).map_err(|e| crate::Error::Config { file, problem: e.to_string() })
    }

    /// Build a tokenizer: jieba's bundled dictionary, then the user dictionary entries
    /// (`word [freq] [tag]` lines) and the stopword list (one per line); `#` starts a comment.
    pub fn from_texts(userdict: &str, stopwords: &str) -> Result<Tokenizer> {
        let mut jieba = Jieba::new();
        let mut user_words = 0;
        for (word, freq, tag) in parse_userdict(userdict)? {
            jieba.add_word(&word, freq, tag.as_deref());
            user_words += 1;
        }
        let sw: rustc_hash::FxHashSet<String> = stopwords
            .lines()
            .map(str::trim)
            .filter(|w| !w.is_empty() && !w.starts_with('#'))
            .map(str::to_string)
            .collect();
        Ok(Tokenizer {
            jieba,
            stopwords: sw,
            userdict_sha256: sha256_hex(userdict.as_bytes()),
            stopwords_sha256: sha256_hex(stopwords.as_bytes()),
            user_words,
        })
    }

    /// True when `w` is a stopword (list, punctuation or numeral).
    pub fn is_stopword(&self, w: &str) -> bool {
        is_punct(w) || is_numeral(w) || self.stopwords.contains(w)
    }

    /// Tokenize a document's body; `seg` places tokens in articles and sentences.
    pub fn tokenize_doc(&self, doc: &Document, seg: &Segmentation) -> DocTokens {
        let mut tokens = Vec::new();
        let mut para_start = 0usize;
        for para in &doc.body {
            for t in self.jieba.tag(para, true) {
                if t.word.chars().all(char::is_whitespace) {
                    continue;
                }
                let char_start = para_start + t.start;
                let punct = is_punct(t.word);
                tokens.push(Token {
                    position: tokens.len() as u32,
                    text: t.word.to_string(),
                    pos: t.tag.to_string(),
                    char_start: char_start as u32,
                    article: seg.article_at(char_start) as u32,
                    sentence: seg.sentence_at(char_start) as u32,
                    is_punct: punct,
                    is_stopword: punct || is_numeral(t.word) || self.stopwords.contains(t.word),
                });
            }
            para_start += para.chars().count() + 1;
        }
        DocTokens { doc_id: doc.id.clone(), tokens }
    }

    /// Term counts of a document for the scalable `terms` command: jieba `cut` (HMM on, no POS
    /// tags) over each body paragraph; returns the word tokens (punctuation excluded) and the
    /// non-stopword terms with their counts (in a deterministic, unsorted order).
    pub fn count_terms(&self, doc: &Document) -> (u32, Vec<(String, u32)>) {
        let mut counts: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::default();
        let words = self.for_each_term(doc, |w| *counts.entry(w).or_insert(0) += 1);
        // stopwords are checked once per distinct word; FxHash has no random seed, so the order
        // is the same on every run (callers sort anyway)
        let out =
            counts.into_iter().filter(|(k, _)| !self.stopwords.contains(*k)).map(|(k, c)| (k.to_string(), c)).collect();
        (words, out)
    }

    /// The hot loop of [`Tokenizer::count_terms`] without the counting: jieba `cut` (HMM on)
    /// over each body paragraph; calls `f` with every term candidate (a word token that is not
    /// punctuation, white space or a numeral — stopwords from the list are NOT removed here, see
    /// [`Tokenizer::stopword_list`]) in text order, and returns the number of word tokens
    /// (punctuation and white space excluded, numerals and stopwords included).
    pub fn for_each_term<'a>(&self, doc: &'a Document, mut f: impl FnMut(&'a str)) -> u32 {
        let mut words = 0u32;
        for para in &doc.body {
            for t in self.jieba.cut(para, true) {
                let w = t.word;
                let Some(c0) = w.chars().next() else { continue };
                // fast path: a token opening with a CJK ideograph is a word (most tokens)
                let ideograph = ('\u{4E00}'..='\u{9FFF}').contains(&c0);
                if !ideograph && (is_punct(w) || w.chars().all(char::is_whitespace)) {
                    continue;
                }
                words += 1;
                if !(is_numeral_char(c0) && is_numeral(w)) {
                    f(w);
                }
            }
        }
        words
    }

    /// The stopword list as loaded (one entry per distinct word, in no particular order).
    pub fn stopword_list(&self) -> impl Iterator<Item = &str> {
        self.stopwords.iter().map(String::as_str)
    }

    /// Plain segmentation of a string (no tags), for tools and tests.
    pub fn cut<'a>(&self, s: &'a str) -> Vec<&'a str> {
        self.jieba.cut(s, true).into_iter().map(|t| t.word).collect()
    }
}

/// Tokenize documents in parallel (one shared tokenizer), results in input order.
pub fn tokenize_corpus(tok: &Tokenizer, docs: &[Document], segs: &[Segmentation]) -> Vec<DocTokens> {
    docs.par_iter().zip(segs.par_iter()).map(|(d, s)| tok.tokenize_doc(d, s)).collect()
}

/// Parse a jieba user dictionary: `word [freq] [tag]` per line, `#` comments.
pub fn parse_userdict(text: &str) -> Result<Vec<(String, Option<usize>, Option<String>)>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split_whitespace();
        let word = parts.next().expect("non-empty line").to_string();
        let mut freq = None;
        let mut tag = None;
        for p in parts {
            if freq.is_none() && tag.is_none() && p.chars().all(|c| c.is_ascii_digit()) {
                freq = Some(p.parse().map_err(|e| crate::Error::Config {
                    file: "user dictionary".into(),
                    problem: format!("line {}: bad frequency `{p}`: {e}", i + 1),
                })?);
            } else if tag.is_none() {
                tag = Some(p.to_string());
            } else {
                bail_config!("user dictionary", "line {}: expected `word [freq] [tag]`, got `{line}`", i + 1);
            }
        }
        out.push((word, freq, tag));
    }
    Ok(out)
}

/// Only punctuation or symbols (no letter, digit or CJK character).
pub fn is_punct(w: &str) -> bool {
    !w.is_empty() && w.chars().all(|c| !c.is_alphanumeric())
}

/// Only digits, Chinese numerals and number punctuation (`2003`, `二〇〇三`, `十七`, `3.5`, `30%`),
/// optionally followed by a date unit (`三年`, `十二月`, `二十三日`, `一九九五年`).
pub fn is_numeral(w: &str) -> bool {
    let w = w.strip_suffix(['年', '月', '日', '号']).unwrap_or(w);
    !w.is_empty()
        && w.chars().any(is_numeral_char)
        && w.chars().all(|c| is_numeral_char(c) || matches!(c, '.' | '%' | '．'))
}

/// A digit or a Chinese numeral character (`0`–`9`, 〇 零 一 … 十 百 千 万 亿 两).
pub fn is_numeral_char(c: char) -> bool {
    c.is_ascii_digit()
        || matches!(
            c,
            '〇' | '零'
                | '一'
                | '二'
                | '三'
                | '四'
                | '五'
                | '六'
                | '七'
                | '八'
                | '九'
                | '十'
                | '百'
                | '千'
                | '万'
                | '亿'
                | '两'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userdict_lines() {
        let d = parse_userdict("# c\n上海合作组织 nt\n一带一路 100 nz\n睦邻友好\n").unwrap();
        assert_eq!(d[0], ("上海合作组织".into(), None, Some("nt".into())));
        assert_eq!(d[1], ("一带一路".into(), Some(100), Some("nz".into())));
        assert_eq!(d[2], ("睦邻友好".into(), None, None));
        assert!(parse_userdict("a b c d\n").is_err());
    }

    #[test]
    fn punct_and_numerals() {
        assert!(is_punct("，"));
        assert!(is_punct("“"));
        assert!(is_punct("——"));
        assert!(!is_punct("双方"));
        assert!(is_numeral("二〇〇三"));
        assert!(is_numeral("17"));
        assert!(is_numeral("十七"));
        assert!(!is_numeral("两国"));
        assert!(!is_numeral("一个中国"));
        assert!(!is_numeral("、"));
        assert!(is_numeral("三年"));
        assert!(is_numeral("二十三日"));
        assert!(is_numeral("一九九五年"));
        assert!(!is_numeral("年"));
        assert!(!is_numeral("一部分"));
    }

    #[test]
    fn user_words_come_out_whole() {
        let dir = tempfile::tempdir().unwrap();
        let ud = dir.path().join("u.txt");
        std::fs::write(&ud, "上海合作组织 nt\n三股势力 nz\n").unwrap();
        let t = Tokenizer::new(Some(&ud), None).unwrap();
        assert_eq!(t.user_words, 2);
        let words = t.cut("双方认为，上海合作组织在打击三股势力方面发挥着重要作用。");
        assert!(words.contains(&"上海合作组织"), "{words:?}");
        assert!(words.contains(&"三股势力"), "{words:?}");
    }
}
