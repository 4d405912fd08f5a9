//! File formats: the People's Daily archive article, an HTML page body, and plain text.
//!
//! Each parser turns normalised text into a [`RawArticle`]: the newspaper's header fields (when
//! the format has them) and the body as a list of cleaned, non-empty paragraphs.

use crate::ingest::normalize::{clean_paragraph, parse_iso_date};
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

/// Input formats the tool reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// People's Daily archive article: `### headline`, date, `第N版(column)`, `专栏：`, body.
    PeoplesDaily,
    /// HTML page body: tags stripped, entities decoded, block elements become paragraphs.
    Html,
    /// Plain text: every non-empty line is a paragraph.
    Plain,
}

impl Format {
    /// Name as used in `manifest.csv` and the tables.
    pub fn name(self) -> &'static str {
        match self {
            Format::PeoplesDaily => "peoples-daily",
            Format::Html => "html",
            Format::Plain => "plain",
        }
    }

    /// Parse a manifest `format` value.
    pub fn from_name(s: &str) -> Option<Format> {
        match s.trim() {
            "peoples-daily" => Some(Format::PeoplesDaily),
            "html" => Some(Format::Html),
            "plain" | "txt" | "text" => Some(Format::Plain),
            _ => None,
        }
    }

    /// Guess the format from the file name and its (normalised) text.
    pub fn sniff(file_name: &str, text: &str) -> Format {
        let lower = file_name.to_ascii_lowercase();
        let head = text.trim_start();
        if lower.ends_with(".html") || lower.ends_with(".htm") || looks_like_html(head) {
            Format::Html
        } else if head.starts_with("### ") || head.starts_with("###") {
            Format::PeoplesDaily
        } else {
            Format::Plain
        }
    }
}

fn looks_like_html(head: &str) -> bool {
    let h: String = head.chars().take(200).collect::<String>().to_ascii_lowercase();
    h.starts_with("<!doctype html") || h.starts_with("<html") || h.starts_with("<p") || h.starts_with("<div")
}

/// A parsed article before the statement is cut out of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawArticle {
    /// Newspaper headline (`### …` line), cleaned; empty when the format has none.
    pub headline: String,
    /// Publication date line.
    pub published: Option<NaiveDate>,
    /// Page number from `第N版(…)`.
    pub page: Option<u32>,
    /// Column name from `第N版(column)`; `None` when the parentheses are empty.
    pub column: Option<String>,
    /// Body paragraphs, cleaned (trimmed, spaces collapsed), never empty.
    pub paragraphs: Vec<String>,
    /// Things the parser noticed (e.g. a missing header line), for the problems table.
    pub notes: Vec<(String, String)>,
}

static PAGE_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^第\s*(\d+)\s*版\s*[（(]([^）)]*)[）)]\s*$").unwrap());

/// Parse a People's Daily archive article (see the corpus README for the layout).
pub fn parse_peoples_daily(text: &str) -> RawArticle {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut art = RawArticle::default();
    let mut i = 0;
    // skip leading blank lines
    while i < lines.len() && lines[i].trim().is_empty() {
        i += 1;
    }
    if i < lines.len() && lines[i].trim_start().starts_with("###") {
        art.headline = clean_paragraph(lines[i].trim_start().trim_start_matches('#'));
        i += 1;
    } else {
        art.notes.push(("no_headline".into(), "no `### headline` line; parsed as plain text".into()));
        art.paragraphs = paragraphs(&lines[i..]);
        return art;
    }
    // header block: blank lines, date, page/column, 专栏：, until the first other line
    let mut header_end = i;
    let mut saw_column_line = false;
    for (k, raw) in lines.iter().enumerate().skip(i).take(8) {
        let l = raw.trim();
        if l.is_empty() {
            header_end = k + 1;
            if saw_column_line {
                break;
            }
            continue;
        }
        if let Some(d) = parse_iso_date(l) {
            art.published = Some(d);
        } else if let Some(c) = PAGE_RE.captures(l) {
            art.page = c[1].parse().ok();
            let col = c[2].trim();
            art.column = (!col.is_empty()).then(|| col.to_string());
        } else if l.starts_with("专栏") {
            saw_column_line = true;
        } else {
            break;
        }
        header_end = k + 1;
    }
    if art.published.is_none() {
        art.notes.push(("no_publication_date".into(), "no publication date line in the header".into()));
    }
    art.paragraphs = paragraphs(&lines[header_end..]);
    art
}

/// Parse plain text: every non-empty line is a paragraph.
pub fn parse_plain(text: &str) -> RawArticle {
    let lines: Vec<&str> = text.split('\n').collect();
    RawArticle { paragraphs: paragraphs(&lines), ..Default::default() }
}

fn paragraphs(lines: &[&str]) -> Vec<String> {
    lines.iter().map(|l| clean_paragraph(l)).filter(|p| !p.is_empty()).collect()
}

/// Elements whose end (or start) breaks a paragraph.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "br",
    "div",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "ul",
    "ol",
    "section",
    "article",
    "blockquote",
    "hr",
    "title",
];

/// Parse an HTML page: drop `<script>`, `<style>` and comments, break paragraphs at block
/// elements, strip the remaining tags and decode entities (`&nbsp;`, `&#12288;`, `&ldquo;` …).
pub fn parse_html(text: &str) -> RawArticle {
    let mut out = String::with_capacity(text.len());
    let lower = text.to_ascii_lowercase();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'<' {
            if lower[i..].starts_with("<!--") {
                i = lower[i..].find("-->").map_or(bytes.len(), |e| i + e + 3);
                continue;
            }
            let close = match text[i..].find('>') {
                Some(e) => i + e,
                None => {
                    // no '>' anywhere after this '<': the rest is text (one step, so that a file
                    // of many lone '<' stays linear)
                    out.push_str(&text[i..]);
                    break;
                }
            };
            let tag = &lower[i + 1..close];
            let name: String = tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            if !tag.starts_with('/') && (name == "script" || name == "style") {
                let end_tag = format!("</{name}");
                i = lower[close..].find(&end_tag).map_or(bytes.len(), |e| close + e);
                i = lower[i..].find('>').map_or(bytes.len(), |e| i + e + 1);
                continue;
            }
            if BLOCK_TAGS.contains(&name.as_str()) {
                out.push('\n');
            }
            i = close + 1;
        } else {
            let next = text[i..].find('<').map_or(bytes.len(), |e| i + e);
            out.push_str(&text[i..next]);
            i = next;
        }
    }
    let decoded = html_escape::decode_html_entities(&out);
    let normalised = crate::ingest::normalize::normalize_text(&decoded);
    parse_plain(&normalised)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Fixture: a hand-written People's Daily layout (not a real statement).
    const FIXTURE: &str = "### 标题  第二行\n\n2003-06-04\n第1版(要闻)\n专栏：\n\n    甲乙丙\n  丁戊 己\n\n";

    #[test]
    fn peoples_daily_header() {
        let a = parse_peoples_daily(FIXTURE);
        assert_eq!(a.headline, "标题 第二行");
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2003, 6, 4));
        assert_eq!(a.page, Some(1));
        assert_eq!(a.column.as_deref(), Some("要闻"));
        assert_eq!(a.paragraphs, vec!["甲乙丙", "丁戊 己"]);
        let b = parse_peoples_daily("### 题\n\n1954-06-29\n第1版()\n专栏：\n\n    正文。\n");
        assert_eq!(b.column, None);
        assert_eq!(b.paragraphs, vec!["正文。"]);
    }

    #[test]
    fn html_body() {
        let h = "<P style=\"x\" align=center>标题</P>\n<P>　　双方&ldquo;同意&rdquo;&nbsp;合作。<script>var a='<p>';</script></P><!-- c --><p>第二段 &amp; 完</p>";
        let a = parse_html(h);
        assert_eq!(a.paragraphs, vec!["标题", "双方“同意” 合作。", "第二段 & 完"]);
    }

    #[test]
    fn sniffing() {
        assert_eq!(Format::sniff("a.html", ""), Format::Html);
        assert_eq!(Format::sniff("a.txt", "### x"), Format::PeoplesDaily);
        assert_eq!(Format::sniff("a.txt", "双方"), Format::Plain);
        assert_eq!(Format::sniff("a.txt", "<p>双方</p>"), Format::Html);
    }
}
