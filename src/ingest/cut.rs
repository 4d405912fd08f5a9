//! Cutting the statement proper out of a newspaper article.
//!
//! An archived article is: optional headline repeats and summary bullets, a news lead
//! (`新华社北京…电 …全文如下：`), the statement's own title (sometimes running straight into
//! its first sentence), the statement, a signature block (offices, names, `…于阿斯塔纳`), and
//! optionally a dateline `（本报…电）` or a photo caption `（附图片）`. [`cut`] splits the
//! paragraphs into these parts; every paragraph lands in exactly one part, so the report can
//! show what was cut and nothing disappears.

use crate::ingest::normalize::find_cn_date;
use chrono::NaiveDate;
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

/// How the news lead was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadKind {
    /// A `…全文如下：` marker (or `…如下：` at the end of a news-agency paragraph).
    FullTextMarker,
    /// A news-agency dateline paragraph (`新华社…电`, `本报…讯`) without a marker.
    NewsDateline,
    /// No lead: the article starts with the statement (after any title lines).
    None,
}

impl LeadKind {
    /// Name used in tables.
    pub fn name(self) -> &'static str {
        match self {
            LeadKind::FullTextMarker => "full_text_marker",
            LeadKind::NewsDateline => "news_dateline",
            LeadKind::None => "none",
        }
    }
}

pub use super::signature::{DoubtfulSignatory, Side, Signatory, Signature};

/// An article cut into its parts. Every input paragraph is in exactly one part.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cut {
    /// The news lead and everything before it (headline repeats, summary bullets).
    pub lead: Vec<String>,
    /// How the lead was found.
    pub lead_kind: Option<LeadKind>,
    /// The statement's repeated title lines (and a title prefix cut off the first sentence).
    pub title: Vec<String>,
    /// The statement proper.
    pub body: Vec<String>,
    /// Signature block.
    pub signature: Signature,
    /// Trailing dateline or photo caption.
    pub trailer: Vec<String>,
}

/// What the cutter may use besides the paragraphs.
#[derive(Debug, Clone, Default)]
pub struct CutHints<'a> {
    /// The newspaper headline.
    pub headline: &'a str,
    /// The statement's own title from the manifest.
    pub title: Option<&'a str>,
    /// The partner's Chinese name (helps split run-together signature lines).
    pub partner: Option<&'a str>,
}

/// How many leading paragraphs may hold the lead.
const LEAD_WINDOW: usize = 12;

static NEWS_DATELINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^●?\s*(新华社|本报)[^，。；]{0,40}?[电讯]").unwrap());
static FULL_TEXT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"全文如下\s*[：:]").unwrap());
static AS_FOLLOWS_END: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"如下\s*[：:]$").unwrap());
static TRAILING_DATELINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[（(](本报|新华社)[^）)]{0,40}[电讯][）)]$").unwrap());
static PHOTO: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[（(]?附图片[）)]?").unwrap());
static SECTION_START: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([一二三四五六七八九十]{1,3})(、|$)").unwrap());
static TITLE_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(联合声明|联合公报|建交公报|公报|宣言|声明)(\s*[（(][^）)]*[）)])?$").unwrap());
static TITLE_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([^，。；：、“”《》（）\s]{4,60}?(联合声明|联合公报|宣言))\p{Han}").unwrap());
static CLOSING_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[于在]([^，。；\s]{1,12}?)(签订|签署|发表|签字|用)").unwrap());
/// True when a paragraph has sentence punctuation (so it is prose, not a title or signature).
fn has_sentence_punct(p: &str) -> bool {
    p.chars().any(|c| matches!(c, '。' | '，' | '；' | '！' | '？' | '：' | '“' | '”' | '《' | '》' | ',' | ';'))
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A line that is only a date, optionally with a place: `2003年6月3日于阿斯塔纳`,
/// `一九八九年五月十八日 北京`, `（1982年8月17日）`.
fn date_place_line(p: &str) -> Option<(NaiveDate, Option<String>)> {
    let inner = p.trim().trim_start_matches(['（', '(']).trim_end_matches(['）', ')']).trim();
    let f = find_cn_date(inner)?;
    if f.start != 0 {
        return None;
    }
    let rest = inner[f.end..].trim();
    let rest = rest.trim_start_matches(['于', '在']).trim();
    let rest = rest.trim_end_matches("签订").trim_end_matches("签署").trim();
    if rest.chars().count() > 12 || has_sentence_punct(rest) {
        return None;
    }
    Some((f.date, (!rest.is_empty()).then(|| rest.to_string())))
}

fn is_section_start(p: &str) -> bool {
    SECTION_START.is_match(p)
}

/// Title-like: a repeated headline, a title ending in 声明/公报/宣言, a parenthesised note
/// such as `（草签文本）`, a date line, or a summary bullet `●…`.
fn is_title_line(p: &str, hints: &CutHints<'_>) -> bool {
    if is_section_start(p) {
        return false;
    }
    if p.starts_with('●') {
        return true;
    }
    if has_sentence_punct(p) {
        return false;
    }
    let sq = squash(p);
    let head = squash(hints.headline);
    if !sq.is_empty() && (head.contains(&sq) || hints.title.is_some_and(|t| squash(t).contains(&sq))) {
        return true;
    }
    if TITLE_END.is_match(p) && p.chars().count() <= 80 {
        return true;
    }
    if (p.starts_with('（') || p.starts_with('(')) && (p.ends_with('）') || p.ends_with(')')) {
        return p.chars().count() <= 40;
    }
    date_place_line(p).is_some()
}

/// Cut an article's paragraphs into lead, title, body, signature and trailer.
pub fn cut(paragraphs: &[String], hints: &CutHints<'_>) -> Cut {
    let mut c = Cut::default();
    let mut end = paragraphs.len();

    // 1. trailer: photo caption (and what follows it), trailing datelines
    loop {
        if end == 0 {
            break;
        }
        let lo = end.saturating_sub(4);
        if let Some(k) = (lo..end).find(|&k| PHOTO.is_match(&paragraphs[k])) {
            c.trailer.splice(0..0, paragraphs[k..end].iter().cloned());
            end = k;
            continue;
        }
        if TRAILING_DATELINE.is_match(&paragraphs[end - 1]) {
            c.trailer.insert(0, paragraphs[end - 1].clone());
            end -= 1;
            continue;
        }
        break;
    }

    // 2. lead
    let mut start = 0;
    let mut first_body_rest: Option<String> = None;
    let window = end.min(LEAD_WINDOW);
    let marker = (0..window).find(|&k| {
        let p = &paragraphs[k];
        FULL_TEXT.is_match(p) || (NEWS_DATELINE.is_match(p) && AS_FOLLOWS_END.is_match(p))
    });
    if let Some(k) = marker {
        c.lead_kind = Some(LeadKind::FullTextMarker);
        let p = &paragraphs[k];
        let m = FULL_TEXT.find(p).or_else(|| AS_FOLLOWS_END.find(p)).expect("matched above");
        let rest = p[m.end()..].trim();
        c.lead.extend(paragraphs[..k].iter().cloned());
        c.lead.push(p[..m.end()].to_string());
        if !rest.is_empty() {
            first_body_rest = Some(rest.to_string());
        }
        start = k + 1;
    } else if let Some(k) = (0..window).find(|&k| NEWS_DATELINE.is_match(&paragraphs[k])) {
        c.lead_kind = Some(LeadKind::NewsDateline);
        c.lead.extend(paragraphs[..=k].iter().cloned());
        start = k + 1;
    } else {
        c.lead_kind = Some(LeadKind::None);
    }

    // 3. title zone
    let mut body: Vec<String> = Vec::new();
    let mut rest_iter: Vec<String> = Vec::new();
    if let Some(r) = first_body_rest {
        rest_iter.push(r);
    }
    rest_iter.extend(paragraphs[start..end].iter().cloned());
    let mut k = 0;
    let mut title_date: Option<(NaiveDate, Option<String>)> = None;
    while k < rest_iter.len() {
        let p = &rest_iter[k];
        let joins_next_title = !has_sentence_punct(p)
            && !is_section_start(p)
            && p.chars().count() <= 30
            && rest_iter.get(k + 1).is_some_and(|n| TITLE_END.is_match(n) && !has_sentence_punct(n));
        if is_title_line(p, hints) || joins_next_title {
            if let Some(dp) = date_place_line(p) {
                title_date.get_or_insert(dp);
            }
            c.title.push(p.clone());
            k += 1;
        } else {
            break;
        }
    }
    if k < rest_iter.len() {
        // a title running straight into the first sentence
        let p = rest_iter[k].clone();
        let mut stripped = None;
        if let Some(t) = hints.title {
            let t = t.split(['（', '(']).next().unwrap_or(t).trim();
            if t.chars().count() >= 4 && p.starts_with(t) && p.len() > t.len() {
                stripped = Some(t.len());
            }
        }
        if stripped.is_none() {
            if let Some(m) = TITLE_PREFIX.captures(&p) {
                stripped = Some(m.get(1).expect("group 1").end());
            }
        }
        match stripped {
            Some(n) => {
                c.title.push(p[..n].to_string());
                body.push(p[n..].trim().to_string());
            }
            None => body.push(p),
        }
        body.extend(rest_iter[k + 1..].iter().cloned());
    }

    // 4. signature from the end of the body
    let mut sig_start = body.len();
    while sig_start > 0 {
        let p = &body[sig_start - 1];
        let short = p.chars().count() <= 60;
        let sig_like = short
            && !is_section_start(p)
            && (date_place_line(p).is_some() || !has_sentence_punct(&p.replace("（签字）", "")));
        if sig_like && sig_start > 1 {
            sig_start -= 1;
        } else {
            break;
        }
    }
    let mut sig_lines: Vec<String> = body.split_off(sig_start);
    // the archive sometimes runs the first signature line onto the last sentence
    // (…两种文本具有同等效力。中华人民共和国政府): move such a short, unpunctuated tail too
    if !sig_lines.is_empty() {
        if let Some(last) = body.last_mut() {
            if let Some(pos) = last.rfind(['。', '！', '？']) {
                let tail_start = pos + '。'.len_utf8();
                let tail = last[tail_start..].trim().to_string();
                if !tail.is_empty() && tail.chars().count() <= 20 && !has_sentence_punct(&tail) {
                    last.truncate(tail_start);
                    sig_lines.insert(0, tail);
                }
            }
        }
    }
    c.signature = parse_signature(&sig_lines, hints.partner);
    if c.signature.date.is_none() {
        // closing formula: 本联合声明于二〇〇三年…在北京签订
        if let Some((d, place)) = body.iter().rev().take(3).find_map(|p| closing_date(p)) {
            c.signature.date = Some(d);
            c.signature.place = c.signature.place.take().or(place);
            c.signature.date_source = Some("closing_sentence".into());
        } else if let Some((d, place)) = title_date {
            c.signature.date = Some(d);
            c.signature.place = c.signature.place.take().or(place);
            c.signature.date_source = Some("title_dateline".into());
        }
    }
    c.body = body;
    c
}

/// A signing date (and place) in a closing sentence such as `本宣言于二〇〇三年十一月三日在北京签订`.
fn closing_date(p: &str) -> Option<(NaiveDate, Option<String>)> {
    if !(p.contains("签订") || p.contains("签署") || p.contains("签字")) {
        return None;
    }
    let f = find_cn_date(p)?;
    // only the closing formula (本联合声明于…, 本宣言于…, or a sentence opening with the date),
    // not a body sentence that cites an earlier agreement's date
    let before = &p[..f.start];
    if !(before.is_empty() || (before.starts_with('本') && before.chars().count() <= 12)) {
        return None;
    }
    let after = &p[f.end..];
    let place =
        CLOSING_DATE.captures(after).filter(|c| c.get(0).is_some_and(|m| m.start() == 0)).map(|c| c[1].to_string());
    Some((f.date, place))
}

/// Parse signature lines into signatories (office, name, side), offices, doubtful pieces, date
/// and place (see [`super::signature`]).
pub fn parse_signature(lines: &[String], partner: Option<&str>) -> Signature {
    let mut s = Signature { lines: lines.to_vec(), ..Default::default() };
    let mut people: Vec<&str> = Vec::new();
    for line in lines {
        if let Some((d, place)) = date_place_line(line) {
            if s.date.is_none() {
                s.date = Some(d);
                s.place = place;
                s.date_source = Some("signature".into());
            }
            continue;
        }
        people.push(line);
    }
    super::signature::parse_people(&people, partner, &mut s);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(x: &[&str]) -> Vec<String> {
        x.iter().map(|s| s.to_string()).collect()
    }

    // Fixture paragraphs written for these tests in the shape of an archive article;
    // they are not a real statement.
    #[test]
    fn marker_lead_title_body_signature() {
        let p = v(&[
            "甲国主席与乙国总统签署",
            "甲乙两国联合声明",
            "本报某地六月三日电 正在这里访问的甲国主席签署了《甲乙两国联合声明》。全文如下：",
            "甲乙两国联合声明",
            "一、双方认为，合作很重要。",
            "二、双方将继续合作。",
            "中华人民共和国主席 哈萨克斯坦共和国总统",
            "胡锦涛 努·纳扎尔巴耶夫",
            "2003年6月3日于阿斯塔纳",
        ]);
        let hints =
            CutHints {
                headline: "甲国主席与乙国总统签署 甲乙两国联合声明", title: None, partner: Some("哈萨克斯坦")
            };
        let c = cut(&p, &hints);
        assert_eq!(c.lead_kind, Some(LeadKind::FullTextMarker));
        assert_eq!(c.lead.len(), 3);
        assert_eq!(c.title, v(&["甲乙两国联合声明"]));
        assert_eq!(c.body, v(&["一、双方认为，合作很重要。", "二、双方将继续合作。"]));
        assert_eq!(c.signature.names(), vec!["胡锦涛", "努·纳扎尔巴耶夫"]);
        assert_eq!(c.signature.offices, v(&["中华人民共和国主席", "哈萨克斯坦共和国总统"]));
        assert_eq!(c.signature.place.as_deref(), Some("阿斯塔纳"));
        assert_eq!(c.signature.date, NaiveDate::from_ymd_opt(2003, 6, 3));
    }

    #[test]
    fn run_together_signature_and_trailer() {
        let p = v(&[
            "双方认为，合作很重要。",
            "中华人民共和国主席江泽民哈萨克斯坦共和国总统纳扎尔巴耶夫",
            "1996年7月5日于阿拉木图",
            "（附图片）",
            "七月五日，两国元首签署了联合声明。新华社记者摄",
        ]);
        let c = cut(&p, &CutHints { headline: "", title: None, partner: Some("哈萨克斯坦") });
        assert_eq!(c.trailer.len(), 2);
        assert_eq!(c.signature.names(), vec!["江泽民", "纳扎尔巴耶夫"]);
        assert_eq!(c.body, v(&["双方认为，合作很重要。"]));
        assert_eq!(c.lead_kind, Some(LeadKind::None));
    }

    #[test]
    fn title_running_into_first_sentence() {
        let p = v(&["新华社某地电 两国签署了文件。全文如下：", "甲乙两国联合声明应甲国邀请，乙国总统进行了访问。"]);
        let c = cut(&p, &CutHints::default());
        assert_eq!(c.title, v(&["甲乙两国联合声明"]));
        assert_eq!(c.body, v(&["应甲国邀请，乙国总统进行了访问。"]));
    }

    #[test]
    fn closing_sentence_gives_the_date() {
        let p = v(&["双方认为，合作很重要。", "本宣言于二〇〇三年十一月三日在北京签订，一式两份。"]);
        let c = cut(&p, &CutHints::default());
        assert_eq!(c.signature.date, NaiveDate::from_ymd_opt(2003, 11, 3));
        assert_eq!(c.signature.place.as_deref(), Some("北京"));
        assert_eq!(c.body.len(), 2);
    }
}
