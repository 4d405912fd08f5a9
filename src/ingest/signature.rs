//! Parsing a signature block into signatories: who signed, in which office, for which side.
//!
//! The archive prints signature blocks in many layouts, all of them found in the reference corpus:
//!
//! - office and name on one line, one line per signatory (`中华人民共和国主席 江泽民（签字）`);
//! - offices on one line, names on the next, in columns (`中华人民共和国主席 哈萨克斯坦共和国总统` /
//!   `胡锦涛 努·纳扎尔巴耶夫`), sometimes with a second office line (`外交部长 外交部长`) above or
//!   below the names;
//! - office, name, office, name on lines of their own;
//! - everything glued together without spaces (`中华人民共和国主席江泽民哈萨克斯坦共和国总统纳扎尔巴耶夫`),
//!   also glued columns (`江泽民雅克·希拉克` under `中华人民共和国主席法兰西共和国总统`);
//! - names only (`江泽民 纳扎尔巴耶夫` / `（签字） （签字）`), or offices only (no names printed).
//!
//! A name is only ever accepted when it looks like a person's name. A piece that looks like an
//! office fragment (`阿拉伯`, `…共和国`, `…总统`), is too long, or cannot be separated from another
//! name is put into [`Signature::doubtful`]; ingest turns each into an input warning
//! (`doubtful_signatory`), and it is never used as a name or as an actor.
//!
//! Over 500 lines because about 200 of them are the unit tests, one per layout above; the
//! parser itself is about 400.

use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

/// Which side of the statement a signatory signed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The People's Republic of China.
    China,
    /// The partner state (or organisation).
    Partner,
}

/// One person who signed the statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signatory {
    /// The office printed with the name (`哈萨克斯坦共和国总统`); two office lines of one column
    /// are joined with a space (`中华人民共和国代表 外交部长`). `None` when only names are printed.
    pub office: Option<String>,
    /// The name as printed, without office, honorific and `（签字）` (`努·纳扎尔巴耶夫`).
    pub name: String,
    /// An honorific printed after the name (`博士`), if any.
    pub honorific: Option<String>,
    /// The side, when the office or a known Chinese signatory's name tells it.
    pub side: Option<Side>,
}

/// A piece of a signature block that was not accepted as a signatory's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DoubtfulSignatory {
    /// The piece as printed.
    pub text: String,
    /// Why it was not accepted.
    pub reason: String,
}

/// The signature block, parsed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Signature {
    /// The paragraphs of the block as printed (cleaned).
    pub lines: Vec<String>,
    /// The signatories, in printed order; only pieces that look like a person's name.
    pub signatories: Vec<Signatory>,
    /// Every office printed in the block, in printed order (`中华人民共和国主席`, `哈萨克斯坦共和国总统` …).
    pub offices: Vec<String>,
    /// Pieces that looked like names by position but not by form (an office fragment, names run
    /// together): reported as input warnings, never used as names or actors.
    pub doubtful: Vec<DoubtfulSignatory>,
    /// Place of signing (`阿斯塔纳`).
    pub place: Option<String>,
    /// Date of signing.
    pub date: Option<chrono::NaiveDate>,
    /// Where place/date came from: `signature`, `closing_sentence` or `title_dateline`.
    pub date_source: Option<String>,
}

impl Signature {
    /// The signatories' names, in printed order.
    pub fn names(&self) -> Vec<&str> {
        self.signatories.iter().map(|s| s.name.as_str()).collect()
    }

    /// The state names printed in the offices of one side's signatories (`吉尔吉斯共和国` from
    /// `吉尔吉斯共和国总统`), sorted and without duplicates: the partner's full name as the
    /// statement spells it, which the manifest's short name (吉尔吉斯斯坦) may not match.
    pub fn states(&self, side: Side) -> Vec<String> {
        let mut v: Vec<String> = self
            .signatories
            .iter()
            .filter(|s| s.side == Some(side))
            .filter_map(|s| s.office.as_deref())
            .filter_map(state_of_office)
            .collect();
        v.sort();
        v.dedup();
        v
    }
}

/// The state named at the start of an office (`哈萨克斯坦共和国总统` → `哈萨克斯坦共和国`), when it
/// ends like a state name (…国, …联邦, …王国); `None` for a bare office (`外交部长`).
pub fn state_of_office(office: &str) -> Option<String> {
    let first = office.split_whitespace().next()?;
    let first = first.strip_suffix("政府代表").or_else(|| first.strip_suffix("政府")).unwrap_or(first);
    let cut = OFFICE.find_iter(first).last().filter(|m| m.end() == first.len()).map_or(first.len(), |m| m.start());
    let state = first[..cut].trim_end_matches("国务院").trim_end_matches("内阁").trim_end_matches("政府");
    let is_state = ["国", "联邦", "联盟"].iter().any(|e| state.ends_with(e)) && state.chars().count() >= 2;
    is_state.then(|| state.to_string())
}

/// People who have signed joint statements for the PRC (heads of state and government, foreign
/// ministers, vice-premiers): used to separate a Chinese name from a glued neighbour
/// (`江泽民雅克·希拉克`, `江泽民阿拉伯埃及共和国总统`) and to tell the side of a bare name.
pub const PRC_SIGNATORIES: &[&str] = &[
    "毛泽东",
    "刘少奇",
    "朱德",
    "周恩来",
    "董必武",
    "宋庆龄",
    "叶剑英",
    "李先念",
    "杨尚昆",
    "江泽民",
    "胡锦涛",
    "习近平",
    "华国锋",
    "赵紫阳",
    "胡耀邦",
    "邓小平",
    "李鹏",
    "朱镕基",
    "温家宝",
    "李克强",
    "李强",
    "陈毅",
    "姬鹏飞",
    "乔冠华",
    "黄华",
    "吴学谦",
    "钱其琛",
    "唐家璇",
    "李肇星",
    "杨洁篪",
    "王毅",
    "秦刚",
    "戴秉国",
    "乌兰夫",
    "王震",
    "荣毅仁",
    "曾庆红",
    "王岐山",
    "韩正",
    "吴邦国",
    "贾庆林",
    "李瑞环",
    "乔石",
    "万里",
    "吴仪",
    "回良玉",
    "曾培炎",
];

/// Offices that end the office part of a signature chunk.
static OFFICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(主席|总统|总理大臣|外务大臣|总理|首相|外交部长|部长|代表|国务委员|元首|苏丹|国王|亲王|王储|秘书长|大臣|长官)")
        .unwrap()
});

/// Words that never occur in a person's name but do in offices and state names.
const OFFICE_WORDS: &[&str] = &[
    "共和国",
    "王国",
    "联邦",
    "合众国",
    "民国",
    "政府",
    "人民",
    "国务院",
    "外交部",
    "委员会",
    "大使",
    "主席",
    "总统",
    "总理",
    "首相",
    "部长",
    "大臣",
    "代表",
    "元首",
    "国王",
    "秘书长",
];

/// Endings of a state's name in an office (`…共和国总统`): an office with one is the partner's
/// when it is not China's.
const STATE_WORDS: &[&str] = &["共和国", "王国", "联邦", "合众国", "民国", "政府"];

/// Qualifiers printed before a state's short name in its full name (`阿拉伯埃及共和国`).
const STATE_QUALIFIERS: &[&str] = &["大不列颠及北爱尔兰", "阿拉伯", "大"];

/// Qualifiers that are never a name on their own (`阿拉伯` left over from `阿拉伯埃及共和国`).
const FRAGMENTS: &[&str] = &["大不列颠及北爱尔兰", "阿拉伯"];

/// Middle dots printed between the parts of a transliterated name (努·纳扎尔巴耶夫, 努•纳扎尔巴耶夫).
const NAME_DOTS: &[char] = &['·', '•', '・', '‧', '．', '-'];

/// Words that continue an office after an office word (国务委员兼外交部长, 苏丹和最高元首).
const OFFICE_CONTINUATIONS: &[&str] = &["兼", "和", "及", "暨", "、"];

/// Honorifics printed after a name.
const HONORIFICS: &[&str] = &["博士", "先生", "阁下", "殿下", "陛下"];

/// One piece of a signature line: an office or a name.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Office(String),
    Name(String),
}

/// Parse the signature lines (date and place lines already removed) into signatories, offices
/// and doubtful pieces. `partner` is the partner's Chinese short name from the manifest.
pub(crate) fn parse_people(lines: &[&str], partner: Option<&str>, s: &mut Signature) {
    let rows: Vec<Vec<Piece>> =
        lines.iter().map(|l| line_pieces(l, partner, &mut s.doubtful)).filter(|r| !r.is_empty()).collect();
    for r in &rows {
        for p in r {
            if let Piece::Office(o) = p {
                s.offices.push(o.clone());
            }
        }
    }
    let only = |r: &[Piece], office: bool| r.iter().all(|p| matches!(p, Piece::Office(_)) == office);
    let mut used = vec![false; rows.len()];
    let mut people: Vec<(Option<String>, String)> = Vec::new();
    for i in 0..rows.len() {
        let row = &rows[i];
        if only(row, true) {
            continue;
        }
        if !only(row, false) {
            // offices and names on one line: each name takes the office before it
            used[i] = true;
            let mut office: Option<String> = None;
            for p in row {
                match p {
                    Piece::Office(o) => office = Some(o.clone()),
                    Piece::Name(n) => people.push((office.take(), n.clone())),
                }
            }
            continue;
        }
        // a names-only row: the office rows in columns just above it (or the one just below)
        used[i] = true;
        let mut names: Vec<String> = row.iter().map(piece_text).collect();
        let mut above: Vec<usize> = Vec::new();
        let mut k = i;
        while k > 0 && !used[k - 1] && only(&rows[k - 1], true) {
            k -= 1;
            above.insert(0, k);
        }
        // the office row just below, unless it heads the next column of names
        let below =
            (i + 1 < rows.len() && only(&rows[i + 1], true) && !rows.get(i + 2).is_some_and(|n| only(n, false)))
                .then_some(i + 1);
        // a single office row above a single name pairs line by line (office / name / office / name)
        let width = above.last().map(|&a| rows[a].len()).or(below.map(|b| rows[b].len())).unwrap_or(0);
        if width > names.len() {
            names = split_glued_names(&names, width);
        }
        if width > names.len() {
            for n in &names {
                s.doubtful.push(DoubtfulSignatory {
                    text: n.clone(),
                    reason: format!("{} names printed under {width} offices: names run together", names.len()),
                });
            }
            continue;
        }
        let mut column_offices: Vec<Vec<String>> = vec![Vec::new(); names.len()];
        let office_rows: Vec<usize> = above
            .iter()
            .copied()
            .filter(|&a| rows[a].len() == names.len())
            .chain(below.filter(|&b| rows[b].len() == names.len()))
            .collect();
        for &r in &office_rows {
            used[r] = true;
            for (c, p) in rows[r].iter().enumerate() {
                column_offices[c].push(piece_text(p));
            }
        }
        for (n, o) in names.into_iter().zip(column_offices) {
            people.push(((!o.is_empty()).then(|| o.join(" ")), n));
        }
    }
    for (office, name) in people {
        accept(office, &name, partner, s);
    }
    // two signatories, one known to be China's: the other signed for the partner
    if s.signatories.len() == 2 {
        let china = s.signatories.iter().filter(|x| x.side == Some(Side::China)).count();
        if china == 1 {
            for x in &mut s.signatories {
                x.side.get_or_insert(Side::Partner);
            }
        }
    }
}

fn piece_text(p: &Piece) -> String {
    match p {
        Piece::Office(t) | Piece::Name(t) => t.clone(),
    }
}

/// Check a name and add it as a signatory, or as a doubtful piece.
fn accept(office: Option<String>, raw: &str, partner: Option<&str>, s: &mut Signature) {
    let (name, honorific) = match HONORIFICS.iter().find(|h| raw.ends_with(*h) && raw.len() > h.len()) {
        Some(h) => (&raw[..raw.len() - h.len()], Some(h.to_string())),
        None => (raw, None),
    };
    let state = partner.filter(|p| p.chars().count() >= 2 && name.contains(*p));
    if let Some(reason) =
        doubt(name).or_else(|| state.map(|p| format!("holds the partner's name {p}: a state, not a person")))
    {
        s.doubtful.push(DoubtfulSignatory { text: raw.to_string(), reason });
        return;
    }
    let side = match office.as_deref() {
        Some(o) if o.starts_with("中华人民共和国") || o.starts_with("中国") || o.starts_with("国务院") => {
            Some(Side::China)
        }
        Some(o) if partner.is_some_and(|p| !p.is_empty() && o.contains(p)) => Some(Side::Partner),
        Some(o) if STATE_WORDS.iter().any(|w| o.contains(w)) || o.contains('国') => Some(Side::Partner),
        _ if PRC_SIGNATORIES.contains(&name) => Some(Side::China),
        _ => None,
    };
    s.signatories.push(Signatory { office, name: name.to_string(), honorific, side });
}

/// Why `name` does not look like a person's name, or `None` when it does.
pub fn doubt(name: &str) -> Option<String> {
    let chars: Vec<char> = name.chars().filter(|c| !NAME_DOTS.contains(c)).collect();
    if chars.len() < 2 {
        return Some("too short for a name".into());
    }
    if let Some(w) = OFFICE_WORDS.iter().find(|w| name.contains(*w)) {
        return Some(format!("looks like an office, not a name (contains {w})"));
    }
    if name.ends_with('国') && !PRC_SIGNATORIES.contains(&name) {
        return Some("looks like a state name, not a person's name (ends with 国)".into());
    }
    if let Some(w) = FRAGMENTS.iter().find(|w| name == **w) {
        return Some(format!("looks like a fragment of a state name ({w})"));
    }
    if !chars.iter().all(|c| ('\u{4e00}'..='\u{9fff}').contains(c)) {
        return Some("holds characters other than Chinese characters and ·".into());
    }
    let parts: Vec<&str> = name.split(NAME_DOTS).collect();
    if parts.iter().any(|p| p.is_empty()) {
        return Some("an empty part between ·".into());
    }
    if chars.len() > 20 || parts.iter().any(|p| p.chars().count() > 8) {
        return Some(format!("too long for a name ({} characters)", chars.len()));
    }
    if let Some(k) = PRC_SIGNATORIES.iter().find(|k| name != **k && (name.starts_with(*k) || name.ends_with(*k))) {
        return Some(format!("{k} run together with another name"));
    }
    None
}

/// Cut a signature line into office and name pieces.
fn line_pieces(line: &str, partner: Option<&str>, doubtful: &mut Vec<DoubtfulSignatory>) -> Vec<Piece> {
    let cleaned = line.replace("（签字）", " ").replace("(签字)", " ");
    let mut out = Vec::new();
    for chunk in cleaned.split_whitespace() {
        let chunk = chunk.trim_matches(|c: char| matches!(c, '（' | '）' | '(' | ')' | '：' | ':'));
        if chunk.is_empty() {
            continue;
        }
        if chunk.ends_with("政府") {
            // a government named on its own line (中华人民共和国政府 / 代表)
            out.push(Piece::Office(chunk.to_string()));
            continue;
        }
        let ends: Vec<usize> = OFFICE.find_iter(chunk).map(|m| m.end()).collect();
        if ends.is_empty() {
            out.push(Piece::Name(chunk.to_string()));
            continue;
        }
        // without a name after the last office the chunk is a row of offices (`…主席法兰西共和国总统`)
        let offices_only = *ends.last().expect("not empty") == chunk.len();
        let mut start = 0;
        for (i, &end) in ends.iter().enumerate() {
            let seg = &chunk[start..end];
            let continued = match out.last_mut() {
                Some(Piece::Office(prev)) if i > 0 && OFFICE_CONTINUATIONS.iter().any(|c| seg.starts_with(c)) => {
                    prev.push_str(seg);
                    true
                }
                _ => false,
            };
            if continued {
                // 兼外交部长 joined the office before it
            } else if i == 0 {
                out.push(Piece::Office(seg.to_string()));
            } else {
                match split_name_office(seg, partner) {
                    Some((name, office)) => {
                        out.push(Piece::Name(name.to_string()));
                        out.push(Piece::Office(office.to_string()));
                    }
                    None if offices_only || starts_state(seg, partner) => out.push(Piece::Office(seg.to_string())),
                    None => {
                        // an office word inside what follows an office: a name and the next office
                        // run together where neither a known name nor a state name tells the cut
                        doubtful.push(DoubtfulSignatory {
                            text: seg.to_string(),
                            reason: "a name and the next office run together and could not be separated".into(),
                        });
                        out.push(Piece::Office(String::new()));
                    }
                }
            }
            start = end;
        }
        let tail = &chunk[start..];
        if !tail.is_empty() {
            out.push(Piece::Name(tail.to_string()));
        }
    }
    out.retain(|p| !matches!(p, Piece::Office(o) if o.is_empty()));
    out
}

/// True when `seg` opens with a state name: China's, the partner's, or a qualifier before it.
fn starts_state(seg: &str, partner: Option<&str>) -> bool {
    state_start(seg, partner) == Some(0)
}

/// Byte offset where a state name starts in `seg` (the earliest of 中华人民共和国, 中国, the
/// partner's name, extended left over a qualifier such as 阿拉伯).
fn state_start(seg: &str, partner: Option<&str>) -> Option<usize> {
    let states = ["中华人民共和国", "中国"].into_iter().chain(partner.filter(|p| !p.is_empty()));
    let p = states.filter_map(|st| seg.find(st)).min()?;
    let before = &seg[..p];
    Some(STATE_QUALIFIERS.iter().find(|q| before.ends_with(*q)).map_or(p, |q| p - q.len()))
}

/// In `江泽民哈萨克斯坦共和国总统`, split the previous signatory's name from the next office: at
/// a known Chinese signatory's name, else where the state name starts.
fn split_name_office<'a>(seg: &'a str, partner: Option<&str>) -> Option<(&'a str, &'a str)> {
    if let Some(k) = PRC_SIGNATORIES.iter().filter(|k| seg.starts_with(*k)).max_by_key(|k| k.len()) {
        if seg.len() > k.len() {
            return Some(seg.split_at(k.len()));
        }
    }
    let p = state_start(seg, partner).filter(|&p| p > 0)?;
    Some(seg.split_at(p))
}

/// Split names printed together in one column (`江泽民雅克·希拉克`) at a known Chinese
/// signatory's name, when there are fewer names than offices.
fn split_glued_names(names: &[String], width: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        let known = PRC_SIGNATORIES.iter().filter(|k| n.len() > k.len()).find_map(|k| {
            if let Some(rest) = n.strip_prefix(*k) {
                Some(vec![k.to_string(), rest.to_string()])
            } else {
                n.strip_suffix(*k).map(|rest| vec![rest.to_string(), k.to_string()])
            }
        });
        match known {
            Some(v) if out.len() + v.len() <= width => out.extend(v),
            _ => out.push(n.clone()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Fixture signature blocks written for these tests in the layouts of the archive; the names
    // are those printed in such blocks, the lines are not copied from any statement file.
    fn parse(lines: &[&str], partner: &str) -> Signature {
        let mut s = Signature::default();
        parse_people(lines, Some(partner), &mut s);
        s
    }

    fn people(s: &Signature) -> Vec<(Option<&str>, &str, Option<Side>)> {
        s.signatories.iter().map(|x| (x.office.as_deref(), x.name.as_str(), x.side)).collect()
    }

    #[test]
    fn office_and_name_on_one_line() {
        let s = parse(&["中华人民共和国外交部长 姬鹏飞（签字）", "日本国外务大臣 大平正芳（签字）"], "日本");
        assert_eq!(
            people(&s),
            vec![
                (Some("中华人民共和国外交部长"), "姬鹏飞", Some(Side::China)),
                (Some("日本国外务大臣"), "大平正芳", Some(Side::Partner))
            ]
        );
        assert!(s.doubtful.is_empty());
    }

    #[test]
    fn columns_of_offices_and_names() {
        let s = parse(
            &["中华人民共和国主席 哈萨克斯坦共和国总统", "胡锦涛 努·纳扎尔巴耶夫", "（签字） （签字）"],
            "哈萨克斯坦",
        );
        assert_eq!(
            people(&s),
            vec![
                (Some("中华人民共和国主席"), "胡锦涛", Some(Side::China)),
                (Some("哈萨克斯坦共和国总统"), "努·纳扎尔巴耶夫", Some(Side::Partner))
            ]
        );
        // a second office row below the names joins its column's office; 博士 is an honorific
        let s = parse(
            &["中华人民共和国代表 印度尼西亚共和国代表", "唐家璇 阿尔维·谢哈布博士", "外交部长 外交部长"],
            "印度尼西亚",
        );
        assert_eq!(s.signatories[1].office.as_deref(), Some("印度尼西亚共和国代表 外交部长"));
        assert_eq!(s.signatories[1].name, "阿尔维·谢哈布");
        assert_eq!(s.signatories[1].honorific.as_deref(), Some("博士"));
        assert_eq!(s.offices.len(), 4);
    }

    #[test]
    fn office_name_office_name_lines() {
        let s = parse(&["中华人民共和国政府代表", "钱其琛", "大韩民国政府代表", "李相玉"], "韩国");
        assert_eq!(
            people(&s),
            vec![
                (Some("中华人民共和国政府代表"), "钱其琛", Some(Side::China)),
                (Some("大韩民国政府代表"), "李相玉", Some(Side::Partner))
            ]
        );
    }

    #[test]
    fn glued_office_name_office_name() {
        let s = parse(&["中华人民共和国主席江泽民哈萨克斯坦共和国总统纳扎尔巴耶夫"], "哈萨克斯坦");
        assert_eq!(s.names(), vec!["江泽民", "纳扎尔巴耶夫"]);
        assert_eq!(s.offices, vec!["中华人民共和国主席", "哈萨克斯坦共和国总统"]);
        // the issue's case: the state's full name starts with a qualifier before the short name
        let s = parse(&["中华人民共和国主席江泽民阿拉伯埃及共和国总统穆巴拉克"], "埃及");
        assert_eq!(s.names(), vec!["江泽民", "穆巴拉克"]);
        assert_eq!(s.signatories[1].office.as_deref(), Some("阿拉伯埃及共和国总统"));
        // an unknown Chinese name: the qualifier still goes to the office
        let s = parse(&["中华人民共和国主席张三阿拉伯埃及共和国总统穆巴拉克"], "埃及");
        assert_eq!(s.names(), vec!["张三", "穆巴拉克"]);
        assert!(s.doubtful.is_empty());
    }

    #[test]
    fn glued_names_under_glued_offices() {
        let s = parse(&["中华人民共和国主席法兰西共和国总统", "江泽民雅克·希拉克"], "法国");
        assert_eq!(
            people(&s),
            vec![
                (Some("中华人民共和国主席"), "江泽民", Some(Side::China)),
                (Some("法兰西共和国总统"), "雅克·希拉克", Some(Side::Partner))
            ]
        );
        // no known name to cut at: a warning, no signatory
        let s = parse(&["中华人民共和国代表菲律宾共和国代表", "张三多明戈·西亚松"], "菲律宾");
        assert!(s.signatories.is_empty());
        assert_eq!(s.doubtful.len(), 1);
        assert!(s.doubtful[0].reason.contains("names run together"), "{:?}", s.doubtful);
    }

    #[test]
    fn state_names_from_offices() {
        assert_eq!(state_of_office("吉尔吉斯共和国总统").as_deref(), Some("吉尔吉斯共和国"));
        assert_eq!(state_of_office("日本国内阁总理大臣").as_deref(), Some("日本国"));
        assert_eq!(state_of_office("大韩民国政府代表").as_deref(), Some("大韩民国"));
        assert_eq!(state_of_office("印度尼西亚共和国代表 外交部长").as_deref(), Some("印度尼西亚共和国"));
        assert_eq!(state_of_office("俄罗斯联邦总统").as_deref(), Some("俄罗斯联邦"));
        assert_eq!(state_of_office("外交部长"), None);
        let s = parse(&["中华人民共和国主席 吉尔吉斯共和国总统", "江泽民 阿卡耶夫"], "吉尔吉斯斯坦");
        assert_eq!(s.states(Side::Partner), vec!["吉尔吉斯共和国"]);
        assert_eq!(s.states(Side::China), vec!["中华人民共和国"]);
    }

    #[test]
    fn compound_offices_stay_one_office() {
        let s = parse(
            &["中华人民共和国国务委员兼外交部长王毅", "文莱达鲁萨兰国苏丹和最高元首 哈吉·哈桑纳尔·博尔基亚"],
            "文莱",
        );
        assert_eq!(
            people(&s),
            vec![
                (Some("中华人民共和国国务委员兼外交部长"), "王毅", Some(Side::China)),
                (Some("文莱达鲁萨兰国苏丹和最高元首"), "哈吉·哈桑纳尔·博尔基亚", Some(Side::Partner))
            ]
        );
        assert!(s.doubtful.is_empty(), "{:?}", s.doubtful);
    }

    #[test]
    fn names_only() {
        let s = parse(&["江泽民 纳扎尔巴耶夫", "（签字） （签字）"], "哈萨克斯坦");
        assert_eq!(people(&s), vec![(None, "江泽民", Some(Side::China)), (None, "纳扎尔巴耶夫", Some(Side::Partner))]);
    }

    #[test]
    fn offices_only_give_no_signatory() {
        let s =
            parse(&["中华人民共和国政府", "代表", "（签字）大不列颠及北爱尔兰联合王国政府代表", "（签字）"], "英国");
        assert!(s.signatories.is_empty());
        assert!(s.doubtful.is_empty());
        assert_eq!(s.offices.len(), 3);
    }

    #[test]
    fn office_fragments_are_doubtful_not_names() {
        // an office fragment left where a name should be, with no state name to cut at
        let s = parse(&["中华人民共和国主席江泽民阿拉伯埃及共和国总统穆巴拉克"], "");
        assert_eq!(s.names(), vec!["江泽民", "穆巴拉克"], "the known name still cuts it");
        let s = parse(&["中华人民共和国主席 阿拉伯", "埃及共和国总统 穆巴拉克"], "埃及");
        assert_eq!(s.names(), vec!["穆巴拉克"]);
        assert_eq!(s.doubtful[0].text, "阿拉伯");
        let s = parse(&["中华人民共和国主席 江泽民", "乌兹别克斯坦 总统 卡里莫夫"], "乌兹别克斯坦");
        assert_eq!(s.names(), vec!["江泽民", "卡里莫夫"]);
        assert!(s.doubtful[0].reason.contains("partner's name"), "{:?}", s.doubtful);
        let s = parse(&["中华人民共和国主席 江泽民", "某某共和国 总统府"], "某某");
        assert!(s.names() == vec!["江泽民"], "{:?}", s.signatories);
        for bad in ["哈萨克斯坦共和国", "总统", "中华人民共和", "江泽民雅克", "鲍里斯尼古拉耶维奇叶利钦", "A·B", "民"]
        {
            assert!(doubt(bad).is_some(), "{bad} should be doubtful");
        }
        for good in [
            "谢赫·哈利法·本·扎耶德·阿勒纳哈扬",
            "努•纳扎尔巴耶夫",
            "胡锦涛",
            "努·纳扎尔巴耶夫",
            "鲍里斯·尼古拉耶维奇·叶利钦",
            "纳扎尔巴耶夫",
            "吴邦国",
            "萨肯",
        ] {
            assert_eq!(doubt(good), None, "{good}");
        }
    }
}
