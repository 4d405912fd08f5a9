//! Text normalisation and Chinese date parsing.
//!
//! What is normalised (and nothing else, so that the body stays the printed text):
//! - line endings: CRLF and lone CR become LF;
//! - full-width digits `０`–`９` and full-width Latin letters become ASCII;
//! - the ideographic space U+3000, no-break spaces and tabs become ASCII spaces, and runs of
//!   spaces inside a paragraph collapse to one (see [`clean_paragraph`]);
//! - the white circle `○` (U+25CB), used by the archive for the numeral zero, becomes `〇` (U+3007);
//! - in the statement body only ([`fold_cjk_punctuation`]): ASCII `,` `;` `:` `!` `?` written
//!   right after a Chinese character, and ASCII parentheses around Chinese text, become their
//!   full-width forms — web copies and NFKC-normalised archives print `双方认为,…`, and the clause
//!   rules read the full-width marks that official texts use.
//!
//! Chinese date expressions are not rewritten in the body; [`parse_cn_date`] turns them into
//! dates for metadata (signature date, place-and-date lines).

use chrono::NaiveDate;

/// Normalise a whole decoded file: line endings, full-width digits and letters, U+3000, `○`.
pub fn normalize_text(raw: &str) -> String {
    // Hot path of ingest: spans that need no change are copied as they are; only a character
    // whose first byte is one of CR, TAB, 0xC2 (U+00A0), 0xE2 (U+2002, U+2003, ○), 0xE3
    // (U+3000) or 0xEF (U+FEFF, full-width digits and letters) is decoded and looked at. Those
    // bytes are never UTF-8 continuation bytes, so `i` is then on a character boundary.
    let b = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if !matches!(b[i], b'\r' | b'\t' | 0xC2 | 0xE2 | 0xE3 | 0xEF) {
            i += 1;
            continue;
        }
        let Some(c) = raw[i..].chars().next() else { break };
        let n = c.len_utf8();
        let replacement = match c {
            '\r' => Some(if b.get(i + 1) == Some(&b'\n') { None } else { Some('\n') }),
            '\u{FEFF}' => Some(None), // stray byte-order marks
            _ => {
                let m = normalize_char(c);
                (m != c).then_some(Some(m))
            }
        };
        if let Some(r) = replacement {
            out.push_str(&raw[start..i]);
            if let Some(r) = r {
                out.push(r);
            }
            start = i + n;
        }
        i += n;
    }
    out.push_str(&raw[start..]);
    out
}

/// Map one character to its normalised form (see the module docs).
pub fn normalize_char(c: char) -> char {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFF10 + 0x30).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' | '\t' | '\u{2002}' | '\u{2003}' => ' ',
        '○' => '〇',
        _ => c,
    }
}

/// True for the spaces that separate fields inside a paragraph (after normalisation).
pub fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}' || c == '\t' || c == '\u{00A0}'
}

/// Trim a line and collapse runs of spaces to one ASCII space.
pub fn clean_paragraph(line: &str) -> String {
    // Hot path of ingest: runs of non-space characters are copied as spans. Only a byte that can
    // start a space ([`is_space`]: space, TAB, 0xC2 for U+00A0, 0xE3 for U+3000) is decoded;
    // those bytes are never UTF-8 continuation bytes, so `i` is then on a character boundary.
    let b = line.as_bytes();
    let mut out = String::with_capacity(line.len());
    let mut pending_space = false;
    // start of the current run of non-space characters
    let mut run: Option<usize> = None;
    let mut i = 0;
    while i < b.len() {
        let (space, n) = match b[i] {
            b' ' | b'\t' => (true, 1),
            0xC2 | 0xE3 => match line[i..].chars().next() {
                Some(c) => (is_space(c), c.len_utf8()),
                None => break,
            },
            _ => (false, 1),
        };
        if space {
            if let Some(s) = run.take() {
                out.push_str(&line[s..i]);
            }
            pending_space = !out.is_empty();
        } else if run.is_none() {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            run = Some(i);
        }
        i += n;
    }
    if let Some(s) = run {
        out.push_str(&line[s..]);
    }
    out
}

/// Value of one Chinese or ASCII digit character (`〇○零一二…九`, `0`–`9`), if it is one.
pub fn digit_value(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '○' | '零' | '0' | '０' => 0,
        '一' | '1' | '１' => 1,
        '二' | '2' | '２' => 2,
        '三' | '3' | '３' => 3,
        '四' | '4' | '４' => 4,
        '五' | '5' | '５' => 5,
        '六' | '6' | '６' => 6,
        '七' | '7' | '７' => 7,
        '八' | '8' | '８' => 8,
        '九' | '9' | '９' => 9,
        _ => return None,
    })
}

/// Parse a Chinese numeral up to 99 (`十七`, `二十三`, `廿`) or a run of digits (`17`, `一七`).
pub fn parse_cn_number(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    if let Some(pos) = s.find('十') {
        let (tens, rest) = s.split_at(pos);
        let ones = &rest['十'.len_utf8()..];
        let t = if tens.is_empty() { 1 } else { parse_digits(tens)? };
        let o = if ones.is_empty() { 0 } else { parse_digits(ones)? };
        if t > 9 || o > 9 {
            return None;
        }
        return Some(t * 10 + o);
    }
    parse_digits(s)
}

/// Parse a run of digit characters positionally (`二〇〇三` → 2003, `2003` → 2003).
fn parse_digits(s: &str) -> Option<u32> {
    let mut v: u32 = 0;
    let mut any = false;
    for c in s.chars() {
        v = v.checked_mul(10)?.checked_add(digit_value(c)?)?;
        any = true;
    }
    any.then_some(v)
}

/// A date found in a text, with where it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// The calendar date.
    pub date: NaiveDate,
    /// Byte offset of the first character of the date expression.
    pub start: usize,
    /// Byte offset just past the `日` (or `号`) that closes the expression.
    pub end: usize,
}

/// Find the first full date `Y年M月D日` in `s`, with the year in Chinese numerals
/// (`二〇〇三`, `二○○三`, `二零零三`), ASCII or full-width digits, or a mix (`二００三`).
pub fn find_cn_date(s: &str) -> Option<FoundDate> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let n = chars.len();
    let mut i = 0;
    while i < n {
        // a year: four digit characters followed by 年
        if i + 4 < n
            && chars[i..i + 4].iter().all(|&(_, c)| digit_value(c).is_some())
            && chars[i + 4].1 == '年'
            && (i == 0 || digit_value(chars[i - 1].1).is_none())
        {
            let year: String = chars[i..i + 4].iter().map(|&(_, c)| c).collect();
            let year = parse_digits(&year)? as i32;
            // month
            let mut j = i + 5;
            let m_start = j;
            while j < n && (digit_value(chars[j].1).is_some() || chars[j].1 == '十') {
                j += 1;
            }
            if j < n && chars[j].1 == '月' && j > m_start {
                let month: String = chars[m_start..j].iter().map(|&(_, c)| c).collect();
                let d_start = j + 1;
                let mut k = d_start;
                while k < n && (digit_value(chars[k].1).is_some() || chars[k].1 == '十') {
                    k += 1;
                }
                if k < n && (chars[k].1 == '日' || chars[k].1 == '号') && k > d_start {
                    let day: String = chars[d_start..k].iter().map(|&(_, c)| c).collect();
                    if let (Some(m), Some(d)) = (parse_cn_number(&month), parse_cn_number(&day)) {
                        if let Some(date) = NaiveDate::from_ymd_opt(year, m, d) {
                            let end = chars[k].0 + chars[k].1.len_utf8();
                            return Some(FoundDate { date, start: chars[i].0, end });
                        }
                    }
                }
            }
        }
        i += 1;
    }
    None
}

/// Parse a string that is a Chinese date and nothing more (`二○○三年六月三日` → 2003-06-03).
pub fn parse_cn_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let f = find_cn_date(s)?;
    (f.start == 0 && f.end == s.len()).then_some(f.date)
}

/// Parse an ISO date `YYYY-MM-DD`.
pub fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// True for a Chinese character or a full-width closing mark after which an ASCII `,` `;` `:`
/// `!` `?` is the full-width mark of a Chinese text.
fn is_cjk_before_mark(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '〇' | '”' | '’' | '）' | '》' | '」' | '』' | '】')
}

/// True for a Chinese ideograph.
fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '〇')
}

/// The full-width punctuation of a Chinese paragraph written with ASCII marks: `,` `;` `:` `!`
/// `?` right after a Chinese character (or a full-width closing quote or bracket) become `，` `；`
/// `：` `！` `？`, and a pair `(…)` on one paragraph that encloses a Chinese character becomes
/// `（…）`. Everything else is kept (`1,000`, `A:B`, `(1)`, English text). Borrowed when there
/// is nothing to change.
pub fn fold_cjk_punctuation(p: &str) -> std::borrow::Cow<'_, str> {
    if !p.bytes().any(|b| matches!(b, b',' | b';' | b':' | b'!' | b'?' | b'(')) {
        return std::borrow::Cow::Borrowed(p);
    }
    let chars: Vec<char> = p.chars().collect();
    let mut out: Vec<char> = chars.clone();
    for i in 0..chars.len() {
        let full = match chars[i] {
            ',' => '，',
            ';' => '；',
            ':' => '：',
            '!' => '！',
            '?' => '？',
            '(' => {
                // the matching `)` before any other `(`; both change when the span holds Chinese
                if let Some(len) = chars[i + 1..].iter().position(|&c| c == '(' || c == ')') {
                    let close = i + 1 + len;
                    if chars[close] == ')' && chars[i + 1..close].iter().any(|&c| is_ideograph(c)) {
                        out[i] = '（';
                        out[close] = '）';
                    }
                }
                continue;
            }
            _ => continue,
        };
        if i > 0 && is_cjk_before_mark(out[i - 1]) {
            out[i] = full;
        }
    }
    if out == chars {
        std::borrow::Cow::Borrowed(p)
    } else {
        std::borrow::Cow::Owned(out.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character-by-character definition `normalize_text` must agree with.
    fn normalize_text_reference(raw: &str) -> String {
        let mut out = String::with_capacity(raw.len());
        let mut chars = raw.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' => {
                    if chars.peek() != Some(&'\n') {
                        out.push('\n');
                    }
                }
                '\u{FEFF}' => {}
                _ => out.push(normalize_char(c)),
            }
        }
        out
    }

    #[test]
    fn fast_normalisation_agrees_with_the_definition() {
        let cases = [
            "",
            "双方，同意。",
            "a\r\nb\rc\r",
            "\u{FEFF}第１２３条　ＡＢＣ ａｂｃ\t二○○三年\u{00A0}x\u{2002}y\u{2003}z",
            "“一个中国”原则；（二）、【】…—",
            "é ü € ★ ☆ ○○ 〇",
            "\r",
            "\r\n\r\n",
        ];
        for c in cases {
            assert_eq!(normalize_text(c), normalize_text_reference(c), "{c:?}");
        }
        // every character from U+0000 to U+FFFF (surrogates excluded) in one string
        let all: String = (0u32..0x10000).filter_map(char::from_u32).collect();
        assert_eq!(normalize_text(&all), normalize_text_reference(&all));
    }

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn chinese_dates_in_every_numeral_style() {
        assert_eq!(parse_cn_date("二○○三年六月三日"), Some(d(2003, 6, 3)));
        assert_eq!(parse_cn_date("二〇〇三年六月三日"), Some(d(2003, 6, 3)));
        assert_eq!(parse_cn_date("二零零三年十二月二十三日"), Some(d(2003, 12, 23)));
        assert_eq!(parse_cn_date("二００二年十二月二十三日"), Some(d(2002, 12, 23)));
        assert_eq!(parse_cn_date("２００３年６月３日"), Some(d(2003, 6, 3)));
        assert_eq!(parse_cn_date("2003年6月3日"), Some(d(2003, 6, 3)));
        assert_eq!(parse_cn_date("一九五四年六月二十八日"), Some(d(1954, 6, 28)));
        assert_eq!(parse_cn_date("一九七二年二月二十八日"), Some(d(1972, 2, 28)));
        assert_eq!(parse_cn_date("二○○三年二月三十日"), None, "no such day");
        assert_eq!(parse_cn_date("六月三日"), None, "no year");
    }

    #[test]
    fn finds_a_date_inside_a_place_line() {
        let s = "2003年6月3日于阿斯塔纳";
        let f = find_cn_date(s).unwrap();
        assert_eq!(f.date, d(2003, 6, 3));
        assert_eq!(&s[f.end..], "于阿斯塔纳");
        let s = "本宣言于二○○三年十一月三日在北京签订";
        assert_eq!(find_cn_date(s).unwrap().date, d(2003, 11, 3));
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_cn_number("十七"), Some(17));
        assert_eq!(parse_cn_number("十"), Some(10));
        assert_eq!(parse_cn_number("二十"), Some(20));
        assert_eq!(parse_cn_number("二十三"), Some(23));
        assert_eq!(parse_cn_number("五"), Some(5));
        assert_eq!(parse_cn_number("12"), Some(12));
        assert_eq!(parse_cn_number("十十"), None);
        assert_eq!(parse_cn_number(""), None);
    }

    #[test]
    fn normalises_width_space_and_line_endings() {
        assert_eq!(normalize_text("２００３年\r\nＡ　b\r"), "2003年\nA b\n");
        assert_eq!(normalize_text("二○○三"), "二〇〇三");
        assert_eq!(clean_paragraph("　　双方  认为，\u{3000}"), "双方 认为，");
        // the span copier agrees with the plain character loop it replaced (fixtures)
        let reference = |line: &str| {
            let mut out = String::new();
            let mut pending = false;
            for c in line.chars() {
                if is_space(c) {
                    pending = !out.is_empty();
                } else {
                    if pending {
                        out.push(' ');
                        pending = false;
                    }
                    out.push(c);
                }
            }
            out
        };
        for line in [
            "",
            " ",
            "\u{3000}\u{3000}",
            "双方",
            "　双方\t\u{00A0}认为 ，  ",
            "a\u{00A0}b\u{00A9}c\u{3001}d\u{3000}e",
            "Ｂ ©　¥\t一\u{2003}二",
            "  中华人民共和国 和 哈萨克斯坦共和国  ",
        ] {
            assert_eq!(clean_paragraph(line), reference(line), "{line:?}");
        }
    }

    #[test]
    fn ascii_marks_of_chinese_text_become_full_width() {
        // fixture fragments (hand-written)
        assert_eq!(
            fold_cjk_punctuation("双方认为,两国关系发展顺利;双方同意:"),
            "双方认为，两国关系发展顺利；双方同意："
        );
        assert_eq!(fold_cjk_punctuation("(2018年11月4日,北京)"), "（2018年11月4日，北京）");
        assert_eq!(fold_cjk_punctuation("“一带一路”,并"), "“一带一路”，并");
        // kept: numbers, Latin text, a numbered item in ASCII parentheses, a lone bracket
        for kept in ["共1,000人", "ratio 3:2, ok", "(1)加强合作", "见附件(", "已是全角，："] {
            assert_eq!(fold_cjk_punctuation(kept), kept);
            assert!(matches!(fold_cjk_punctuation(kept), std::borrow::Cow::Borrowed(_)));
        }
    }
}
