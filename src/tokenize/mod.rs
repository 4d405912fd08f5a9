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
//!
//! Longer than 500 lines because the compact token store (`StoredToken`, `Vocab`, the views) and
//! the tokenizer that fills it are one unit, tested together on hand-written fixtures.

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

/// One token of a document, as callers see it: a borrowed view of a [`StoredToken`] with its
/// text and tag resolved through the document's [`Vocab`] (see [`DocTokens::iter`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// 0-based position among the document's kept tokens.
    pub position: u32,
    /// The token text.
    pub text: &'a str,
    /// jieba part-of-speech tag (`n`, `v`, `x` for unknown/punctuation …; user words carry the
    /// tag given in the user dictionary).
    pub pos: &'a str,
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

/// One token as stored: 24 bytes (the stopword and punctuation flags fit in the padding), its text and tag as ids into a [`Vocab`] (an archive of
/// 12,000 statements holds ≈ 12 million tokens, so two owned strings per token would cost
/// more than a gigabyte). Its position is its index in [`DocTokens::stored`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredToken {
    /// Id of the token text in [`Vocab::word`].
    pub term: u32,
    /// Character offset into the body text.
    pub char_start: u32,
    /// Article index (see [`Segmentation::articles`]).
    pub article: u32,
    /// Sentence index (see [`Segmentation::sentences`]).
    pub sentence: u32,
    /// Id of the part-of-speech tag in [`Vocab::tag`].
    pub tag: u32,
    /// Only punctuation or symbols.
    pub is_punct: bool,
    /// Stopword: in the list, or punctuation, or a numeral.
    pub is_stopword: bool,
}

/// Token texts and part-of-speech tags, each stored once: a [`StoredToken`] names them by id.
/// Ids are given in order of first occurrence (documents in input order, tokens in text
/// order), so they are the same on every run and for every number of threads; they carry no
/// meaning beyond identity (sort by the text, not by the id).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vocab {
    words: Vec<Box<str>>,
    tags: Vec<Box<str>>,
}

impl Vocab {
    /// The text of word id `id` (panics on an id not issued by this vocabulary).
    pub fn word(&self, id: u32) -> &str {
        &self.words[id as usize]
    }

    /// The tag of tag id `id` (panics on an id not issued by this vocabulary).
    pub fn tag(&self, id: u32) -> &str {
        &self.tags[id as usize]
    }

    /// Number of distinct token texts.
    pub fn words_len(&self) -> usize {
        self.words.len()
    }

    /// Every distinct token text, by id.
    pub fn words(&self) -> &[Box<str>] {
        &self.words
    }
}

/// Builds a [`Vocab`]: the id of a text is looked up, or issued when new.
#[derive(Default)]
struct VocabBuilder {
    vocab: Vocab,
    word_ids: rustc_hash::FxHashMap<Box<str>, u32>,
    tag_ids: rustc_hash::FxHashMap<Box<str>, u32>,
}

impl VocabBuilder {
    fn word(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.word_ids.get(w) {
            return id;
        }
        let id = u32::try_from(self.vocab.words.len()).expect("fewer than 2^32 distinct words");
        self.vocab.words.push(w.into());
        self.word_ids.insert(w.into(), id);
        id
    }

    fn tag(&mut self, t: &str) -> u32 {
        if let Some(&id) = self.tag_ids.get(t) {
            return id;
        }
        let id = u32::try_from(self.vocab.tags.len()).expect("fewer than 2^32 distinct tags");
        self.vocab.tags.push(t.into());
        self.tag_ids.insert(t.into(), id);
        id
    }
}

/// The tokens of one document: compact [`StoredToken`]s and the (shared) [`Vocab`] that names
/// their texts and tags. Read them with [`DocTokens::iter`] or [`DocTokens::get`].
#[derive(Debug, Clone)]
pub struct DocTokens {
    /// Document id.
    pub doc_id: String,
    /// Tokens in text order.
    tokens: Vec<StoredToken>,
    /// Texts and tags of the tokens (one vocabulary for the whole corpus when tokenized by
    /// [`tokenize_corpus`]).
    vocab: std::sync::Arc<Vocab>,
}

impl DocTokens {
    /// Build a document's tokens from views (for tools and test fixtures): the texts and tags
    /// go into a vocabulary of this document alone; `position` is ignored (it is the index).
    pub fn from_tokens<'a>(doc_id: &str, tokens: impl IntoIterator<Item = Token<'a>>) -> DocTokens {
        let mut b = VocabBuilder::default();
        let tokens = tokens
            .into_iter()
            .map(|t| StoredToken {
                term: b.word(t.text),
                char_start: t.char_start,
                article: t.article,
                sentence: t.sentence,
                tag: b.tag(t.pos),
                is_punct: t.is_punct,
                is_stopword: t.is_stopword,
            })
            .collect();
        DocTokens { doc_id: doc_id.to_string(), tokens, vocab: std::sync::Arc::new(b.vocab) }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// True when the document has no token.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Token `i` (0-based position), if any.
    pub fn get(&self, i: usize) -> Option<Token<'_>> {
        self.tokens.get(i).map(|s| self.view(i, s))
    }

    /// Every token in text order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Token<'_>> + '_ {
        self.tokens.iter().enumerate().map(|(i, s)| self.view(i, s))
    }

    /// The compact tokens (texts and tags as ids into [`DocTokens::vocab`]).
    pub fn stored(&self) -> &[StoredToken] {
        &self.tokens
    }

    /// The vocabulary naming this document's token texts and tags.
    pub fn vocab(&self) -> &Vocab {
        &self.vocab
    }

    fn view(&self, i: usize, s: &StoredToken) -> Token<'_> {
        Token {
            position: i as u32,
            text: self.vocab.word(s.term),
            pos: self.vocab.tag(s.tag),
            char_start: s.char_start,
            article: s.article,
            sentence: s.sentence,
            is_punct: s.is_punct,
            is_stopword: s.is_stopword,
        }
    }
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

    /// Tokenize a document's body; `seg` places tokens in articles and sentences. The result
    /// has a vocabulary of its own (see [`tokenize_corpus`] for one shared by a corpus).
    pub fn tokenize_doc(&self, doc: &Document, seg: &Segmentation) -> DocTokens {
        let mut b = VocabBuilder::default();
        let tokens = self.stored_tokens(doc, seg, &mut b);
        DocTokens { doc_id: doc.id.clone(), tokens, vocab: std::sync::Arc::new(b.vocab) }
    }

    /// The tokens of a document with ids from `b`.
    fn stored_tokens(&self, doc: &Document, seg: &Segmentation, b: &mut VocabBuilder) -> Vec<StoredToken> {
        let mut tokens = Vec::new();
        let mut para_start = 0usize;
        for para in &doc.body {
            for t in self.jieba.tag(para, true) {
                if t.word.chars().all(char::is_whitespace) {
                    continue;
                }
                let char_start = para_start + t.start;
                let punct = is_punct(t.word);
                tokens.push(StoredToken {
                    term: b.word(t.word),
                    char_start: char_start as u32,
                    article: seg.article_at(char_start) as u32,
                    sentence: seg.sentence_at(char_start) as u32,
                    tag: b.tag(t.tag),
                    is_punct: punct,
                    is_stopword: punct || is_numeral(t.word) || self.stopwords.contains(t.word),
                });
            }
            para_start += para.chars().count() + 1;
        }
        tokens.shrink_to_fit();
        tokens
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
                if !ideograph
                    && ((w.len() == c0.len_utf8() && is_common_punct(c0))
                        || is_punct(w)
                        || w.chars().all(char::is_whitespace))
                {
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

/// Tokenize documents in parallel (one shared tokenizer), results in input order, with one
/// vocabulary for the whole corpus (see [`tokenize_corpus_with`]).
pub fn tokenize_corpus(tok: &Tokenizer, docs: &[Document], segs: &[Segmentation]) -> Vec<DocTokens> {
    tokenize_corpus_with(tok, docs, segs, || {})
}

/// [`tokenize_corpus`], calling `done` after each document (for a progress bar). Each document
/// is tokenized in parallel with a vocabulary of its own; the vocabularies are then merged in
/// input order into one corpus-wide [`Vocab`] and the ids renumbered, so the ids do not depend
/// on the number of threads.
pub fn tokenize_corpus_with(
    tok: &Tokenizer,
    docs: &[Document],
    segs: &[Segmentation],
    done: impl Fn() + Sync,
) -> Vec<DocTokens> {
    let local: Vec<(Vec<StoredToken>, Vocab)> = docs
        .par_iter()
        .zip(segs.par_iter())
        .map(|(d, s)| {
            let mut b = VocabBuilder::default();
            let t = tok.stored_tokens(d, s, &mut b);
            done();
            (t, b.vocab)
        })
        .collect();
    let mut global = VocabBuilder::default();
    let mut out: Vec<(String, Vec<StoredToken>)> = Vec::with_capacity(local.len());
    for (d, (mut tokens, v)) in docs.iter().zip(local) {
        let words: Vec<u32> = v.words.iter().map(|w| global.word(w)).collect();
        let tags: Vec<u32> = v.tags.iter().map(|t| global.tag(t)).collect();
        for t in &mut tokens {
            t.term = words[t.term as usize];
            t.tag = tags[t.tag as usize];
        }
        out.push((d.id.clone(), tokens));
    }
    let vocab = std::sync::Arc::new(global.vocab);
    out.into_iter().map(|(doc_id, tokens)| DocTokens { doc_id, tokens, vocab: vocab.clone() }).collect()
}

/// One user dictionary entry: the word, its frequency and its POS tag when given.
pub type UserWord = (String, Option<usize>, Option<String>);

/// Parse a jieba user dictionary: `word [freq] [tag]` per line, `#` comments.
pub fn parse_userdict(text: &str) -> Result<Vec<UserWord>> {
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

/// The punctuation marks that make up most non-word tokens of the statements, recognised
/// without the Unicode tables [`is_punct`] consults (none of them is alphanumeric, so
/// `is_punct` is true of each).
fn is_common_punct(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '《'
            | '》'
            | '（'
            | '）'
            | '！'
            | '？'
            | '—'
            | '…'
            | '·'
    )
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
    fn the_common_punctuation_fast_path_agrees_with_is_punct() {
        for c in ['，', '。', '、', '；', '：', '“', '”', '‘', '’', '《', '》', '（', '）', '！', '？', '—', '…', '·']
        {
            assert!(is_common_punct(c) && is_punct(c.encode_utf8(&mut [0; 4])), "{c}");
        }
        for c in ['〇', '々', '双', 'a', '1', ' '] {
            assert!(!is_common_punct(c), "{c}");
        }
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

    fn fixture(id: &str, body: &str) -> Document {
        // hand-written fixture statements (not corpus text)
        let row =
            crate::ingest::manifest::ManifestRow { id: id.into(), file: format!("{id}.txt"), ..Default::default() };
        let mut d =
            crate::ingest::document_from_bytes(&row, false, format!("{body}\n").as_bytes()).0.expect("fixture parses");
        d.body = body.split('\n').map(String::from).collect();
        d
    }

    #[test]
    fn one_vocabulary_for_the_corpus_and_the_same_views() {
        assert_eq!(std::mem::size_of::<StoredToken>(), 24);
        let t = Tokenizer::from_texts("上海合作组织 nt\n", "的\n").unwrap();
        let docs = vec![
            fixture("a", "双方认为，上海合作组织的作用重要。"),
            fixture("b", "上海合作组织成立于2001年。\n双方认为合作重要。"),
        ];
        let segs: Vec<Segmentation> = docs.iter().map(crate::segment::segment).collect();
        let all = tokenize_corpus(&t, &docs, &segs);
        assert_eq!(all.len(), 2);
        // every document reads its tokens through the same vocabulary
        assert!(std::sync::Arc::ptr_eq(&all[0].vocab, &all[1].vocab));
        for (i, (d, s)) in docs.iter().zip(&segs).enumerate() {
            // the views equal those of a document tokenized alone (its own vocabulary)
            let alone = t.tokenize_doc(d, s);
            assert_eq!(all[i].iter().collect::<Vec<_>>(), alone.iter().collect::<Vec<_>>());
            assert_eq!(all[i].doc_id, d.id);
        }
        let a: Vec<&str> = all[0].iter().map(|x| x.text).collect();
        assert_eq!(a, ["双方", "认为", "，", "上海合作组织", "的", "作用", "重要", "。"]);
        // ids in order of first occurrence over the corpus: 上海合作组织 is word 3 in both
        let sco: Vec<u32> = all
            .iter()
            .flat_map(|d| d.stored().iter().filter(|x| d.vocab().word(x.term) == "上海合作组织"))
            .map(|x| x.term)
            .collect();
        assert_eq!(sco, [3, 3]);
        assert_eq!(all[1].get(0).unwrap().pos, "nt");
        // flags and places survive: 的 is a listed stopword, 2001年 a numeral, ， punctuation
        let b: Vec<(&str, bool, bool, u32)> =
            all[1].iter().map(|x| (x.text, x.is_punct, x.is_stopword, x.char_start)).collect();
        assert!(b.contains(&("2001", false, true, 9)), "{b:?}");
        assert!(all[0].iter().any(|x| x.text == "的" && x.is_stopword && !x.is_punct));
        assert!(all[0].iter().any(|x| x.text == "，" && x.is_stopword && x.is_punct));
        // positions are indices; the second paragraph starts after the first (15 characters)
        // and its newline
        assert!(all[1].iter().enumerate().all(|(i, x)| x.position == i as u32));
        assert_eq!(all[1].iter().find(|x| x.text == "双方").unwrap().char_start, 16);
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
