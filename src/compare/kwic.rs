//! KWIC concordance. The search runs over the statement text itself (a plain string, or a
//! regular expression with `--regex`), so it finds every occurrence a plain text search finds —
//! also inside longer tokens (睦邻友好 inside 睦邻友好合作条约). The context is measured in tokens:
//! `width` tokens to the left and right (a token cut by the match counts as one), with paragraph
//! breaks shown as ` ¶ `. `--token` matches whole tokens only.

use crate::error::{Error, Result};
use crate::ingest::Document;
use crate::segment::Segmentation;
use crate::tokenize::DocTokens;
use polars::prelude::*;
use regex::Regex;

/// How concordance lines are sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KwicSort {
    /// Document order (date, id), then position.
    Doc,
    /// By the left context, nearest character first (as AntConc's 1L, 2L …).
    Left,
    /// By the right context, nearest character first.
    Right,
}

/// Options of a concordance.
#[derive(Debug, Clone)]
pub struct KwicOptions {
    /// The search string or pattern.
    pub pattern: String,
    /// `pattern` is a regular expression.
    pub regex: bool,
    /// Match whole tokens only (exact token text, or the regex matching a whole token).
    pub token: bool,
    /// Context tokens on each side.
    pub width: usize,
    /// Sort order.
    pub sort: KwicSort,
}

struct Line {
    doc_order: usize,
    doc_id: String,
    date: String,
    partner: String,
    article: Option<u32>,
    sentence: u32,
    char_start: u32,
    left: String,
    node: String,
    right: String,
}

/// Concordance over the given documents (with their segmentation and tokens, same order).
pub fn kwic(docs: &[&Document], segs: &[&Segmentation], toks: &[&DocTokens], opts: &KwicOptions) -> Result<DataFrame> {
    let re = if opts.regex {
        Some(
            Regex::new(&opts.pattern)
                .map_err(|e| Error::Usage(format!("kwic: bad regular expression `{}`: {e}", opts.pattern)))?,
        )
    } else {
        if opts.pattern.is_empty() {
            return Err(Error::Usage("kwic: empty search string".into()));
        }
        None
    };
    let mut lines = Vec::new();
    for (k, ((d, s), t)) in docs.iter().zip(segs).zip(toks).enumerate() {
        let text = d.body_text();
        let chars: Vec<char> = text.chars().collect();
        // byte offset → char offset
        let mut byte_to_char = vec![0usize; text.len() + 1];
        let mut ci = 0;
        for (b, c) in text.char_indices() {
            for x in byte_to_char.iter_mut().skip(b).take(c.len_utf8()) {
                *x = ci;
            }
            ci += 1;
        }
        byte_to_char[text.len()] = ci;
        let mut spans: Vec<(usize, usize)> = Vec::new();
        if opts.token {
            for tk in t.iter() {
                let hit = match &re {
                    Some(r) => r.find(tk.text).is_some_and(|m| m.start() == 0 && m.end() == tk.text.len()),
                    None => tk.text == opts.pattern,
                };
                if hit {
                    let cs = tk.char_start as usize;
                    spans.push((cs, cs + tk.text.chars().count()));
                }
            }
        } else {
            match &re {
                Some(r) => spans.extend(
                    r.find_iter(&text)
                        .filter(|m| !m.is_empty())
                        .map(|m| (byte_to_char[m.start()], byte_to_char[m.end()])),
                ),
                None => spans.extend(
                    text.match_indices(opts.pattern.as_str())
                        .map(|(b, m)| (byte_to_char[b], byte_to_char[b + m.len()])),
                ),
            }
        }
        let starts: Vec<usize> = t.iter().map(|x| x.char_start as usize).collect();
        let ends: Vec<usize> = t.iter().map(|x| x.char_start as usize + x.text.chars().count()).collect();
        for (cs, ce) in spans {
            // left: the width-th token ending at or before cs (a token cut by cs counts as one)
            let before = starts.partition_point(|&st| st < cs); // tokens starting before cs
            let lstart = if before == 0 || opts.width == 0 { cs } else { starts[before.saturating_sub(opts.width)] };
            let after = ends.partition_point(|&e| e <= ce); // first token ending after the match
            let rend = if after >= ends.len() || opts.width == 0 {
                ce
            } else {
                ends[(after + opts.width - 1).min(ends.len() - 1)]
            };
            let rend = rend.max(ce).min(chars.len());
            let show = |a: usize, b: usize| chars[a.min(b)..b].iter().collect::<String>().replace('\n', " ¶ ");
            let art = s.article_at(cs);
            lines.push(Line {
                doc_order: k,
                doc_id: d.id.clone(),
                date: d.date().map(|x| x.to_string()).unwrap_or_default(),
                partner: d.partner().to_string(),
                article: s.articles.get(art).and_then(|a| a.number),
                sentence: s.sentence_at(cs) as u32,
                char_start: cs as u32,
                left: show(lstart, cs),
                node: show(cs, ce),
                right: show(ce, rend),
            });
        }
    }
    match opts.sort {
        KwicSort::Doc => lines.sort_by(|a, b| a.doc_order.cmp(&b.doc_order).then(a.char_start.cmp(&b.char_start))),
        KwicSort::Left => lines.sort_by(|a, b| {
            a.left
                .chars()
                .rev()
                .cmp(b.left.chars().rev())
                .then(a.doc_order.cmp(&b.doc_order))
                .then(a.char_start.cmp(&b.char_start))
        }),
        KwicSort::Right => lines.sort_by(|a, b| {
            a.right.cmp(&b.right).then(a.doc_order.cmp(&b.doc_order)).then(a.char_start.cmp(&b.char_start))
        }),
    }
    DataFrame::new_infer_height(vec![
        Column::new("doc_id".into(), lines.iter().map(|l| l.doc_id.clone()).collect::<Vec<_>>()),
        Column::new("date".into(), lines.iter().map(|l| l.date.clone()).collect::<Vec<_>>()),
        Column::new("partner".into(), lines.iter().map(|l| l.partner.clone()).collect::<Vec<_>>()),
        Column::new("article".into(), lines.iter().map(|l| l.article).collect::<Vec<_>>()),
        Column::new("sentence".into(), lines.iter().map(|l| l.sentence).collect::<Vec<_>>()),
        Column::new("char_start".into(), lines.iter().map(|l| l.char_start).collect::<Vec<_>>()),
        Column::new("left".into(), lines.iter().map(|l| l.left.clone()).collect::<Vec<_>>()),
        Column::new("node".into(), lines.iter().map(|l| l.node.clone()).collect::<Vec<_>>()),
        Column::new("right".into(), lines.iter().map(|l| l.right.clone()).collect::<Vec<_>>()),
    ])
    .map_err(crate::error::polars("kwic"))
}
