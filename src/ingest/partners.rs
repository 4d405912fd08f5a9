//! The partner of a statement whose manifest gives none (a plain folder of files, or an empty
//! `partner` cell): from the ISO code in the file name (`2003-06-03_KZ.txt`), else from the first
//! partner name in the opening of the text (title, lead, first sentence). The table is
//! `corpus/partners.tsv` (built in): code, Chinese short name, English name, world region, other
//! names. Clause actors need the partner (`哈方` is the partner only when the partner is known),
//! and so do the charts by partner and region.

use crate::error::Result;
use std::sync::LazyLock;

/// The built-in partner table (`corpus/partners.tsv`).
pub const DEFAULT_PARTNERS: &str = include_str!("../../corpus/partners.tsv");

/// How many characters of the opening of a text are searched for a partner name.
pub const OPENING_CHARS: usize = 400;

/// One partner of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerInfo {
    /// ISO 3166 alpha-2 code (or `SU`, `EU` …).
    pub iso: String,
    /// Chinese short name (`哈萨克斯坦`).
    pub partner: String,
    /// English name.
    pub partner_en: String,
    /// World region.
    pub region: String,
    /// Other names that identify the partner (`美利坚合众国`).
    pub aliases: Vec<String>,
}

/// Where a partner was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// The ISO code in the file name.
    FileName,
    /// A partner name in the opening of the text.
    Opening,
}

/// Parse a partner table (tab-separated, `#` comments, a header line); `source` names it in errors.
pub fn parse(text: &str, source: &str) -> Result<Vec<PartnerInfo>> {
    let mut out: Vec<PartnerInfo> = Vec::new();
    let mut header = false;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if !header {
            header = true;
            if line != "iso\tpartner\tpartner_en\tregion\taliases" {
                crate::bail_config!(
                    source,
                    "line {}: expected the header `iso partner partner_en region aliases` (tab-separated)",
                    i + 1
                );
            }
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 5 || f[..4].iter().any(|x| x.trim().is_empty()) {
            crate::bail_config!(source, "line {}: expected 5 tab-separated fields, the first four not empty", i + 1);
        }
        let aliases: Vec<String> =
            f[4].split(';').map(str::trim).filter(|a| !a.is_empty()).map(str::to_string).collect();
        for name in std::iter::once(f[1]).chain(aliases.iter().map(String::as_str)) {
            if out.iter().any(|p| p.partner == name || p.aliases.iter().any(|a| a == name)) {
                crate::bail_config!(source, "line {}: the name `{name}` is already another partner's", i + 1);
            }
        }
        if out.iter().any(|p| p.iso == f[0]) {
            crate::bail_config!(source, "line {}: the code `{}` is listed twice", i + 1, f[0]);
        }
        out.push(PartnerInfo {
            iso: f[0].to_string(),
            partner: f[1].to_string(),
            partner_en: f[2].to_string(),
            region: f[3].to_string(),
            aliases,
        });
    }
    Ok(out)
}

/// The built-in table, parsed once (a unit test checks that it parses).
pub fn table() -> &'static [PartnerInfo] {
    static T: LazyLock<Vec<PartnerInfo>> =
        LazyLock::new(|| parse(DEFAULT_PARTNERS, "corpus/partners.tsv").unwrap_or_default());
    &T
}

/// The ISO code of an id of the form `YYYY-MM-DD_CC` (optionally followed by `_b`, `_2` …).
pub fn iso_from_id(id: &str) -> Option<&str> {
    let mut parts = id.split('_');
    let date = parts.next()?;
    let code = parts.next()?;
    let is_date = date.len() == 10 && crate::ingest::normalize::parse_iso_date(date).is_some();
    (is_date && code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())).then_some(code)
}

/// The date of an id of the form `YYYY-MM-DD_…` (a plain folder's file name), if it is a real
/// calendar date.
pub fn date_from_id(id: &str) -> Option<chrono::NaiveDate> {
    let date = id.split('_').next()?;
    (date.len() == 10).then(|| crate::ingest::normalize::parse_iso_date(date)).flatten()
}

/// The partner named first in `text` (ties: the longest name, so 印度尼西亚 beats 印度 and 南苏丹
/// beats 苏丹); `None` when no name of the table occurs.
pub fn first_named<'a>(table: &'a [PartnerInfo], text: &str) -> Option<&'a PartnerInfo> {
    let mut best: Option<(usize, usize, &PartnerInfo)> = None;
    for p in table {
        for name in std::iter::once(&p.partner).chain(&p.aliases) {
            if let Some(pos) = text.find(name.as_str()) {
                let better = match best {
                    None => true,
                    Some((bp, bl, _)) => pos < bp || (pos == bp && name.len() > bl),
                };
                if better {
                    best = Some((pos, name.len(), p));
                }
            }
        }
    }
    best.map(|(_, _, p)| p)
}

/// The partner of a document without one: from the ISO code of its id, else the first partner
/// named in the first [`OPENING_CHARS`] characters of the `opening` lines joined by `\n` (read
/// only when the id gives no code).
pub fn infer<'a, 'b>(
    table: &'a [PartnerInfo],
    id: &str,
    opening: impl IntoIterator<Item = &'b str>,
) -> Option<(&'a PartnerInfo, Found)> {
    if let Some(p) = iso_from_id(id).and_then(|c| table.iter().find(|p| p.iso == c)) {
        return Some((p, Found::FileName));
    }
    let mut head = String::new();
    let mut left = OPENING_CHARS;
    for (i, line) in opening.into_iter().enumerate() {
        if i > 0 && left > 0 {
            head.push('\n');
            left -= 1;
        }
        let part: String = line.chars().take(left).collect();
        left -= part.chars().count();
        head.push_str(&part);
        if left == 0 {
            break;
        }
    }
    first_named(table, &head).map(|p| (p, Found::Opening))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_table_parses_and_matches_the_reference_manifest_names() {
        let t = parse(DEFAULT_PARTNERS, "corpus/partners.tsv").unwrap();
        assert!(t.len() > 190, "{}", t.len());
        let kz = t.iter().find(|p| p.iso == "KZ").unwrap();
        assert_eq!(
            (kz.partner.as_str(), kz.partner_en.as_str(), kz.region.as_str()),
            ("哈萨克斯坦", "Kazakhstan", "Central Asia")
        );
        assert_eq!(t.iter().find(|p| p.iso == "SU").unwrap().partner, "苏联");
    }

    #[test]
    fn codes_come_from_project_style_ids_only() {
        assert_eq!(iso_from_id("2003-06-03_KZ"), Some("KZ"));
        assert_eq!(iso_from_id("1994-09-03_RU_b"), Some("RU"));
        assert_eq!(iso_from_id("statement_KZ"), None);
        assert_eq!(iso_from_id("2003-06-03_kz"), None);
        assert_eq!(iso_from_id("2003-06-03"), None);
        assert_eq!(date_from_id("2025-04-17_MY"), chrono::NaiveDate::from_ymd_opt(2025, 4, 17));
        assert_eq!(date_from_id("2003-06-03"), chrono::NaiveDate::from_ymd_opt(2003, 6, 3));
        assert_eq!(date_from_id("2003-02-30_KZ"), None);
        assert_eq!(date_from_id("doc00"), None);
    }

    // fixture openings (hand-written, not statements)
    #[test]
    fn the_first_and_longest_name_wins() {
        let t = table();
        let f = |s: &str| first_named(t, s).map(|p| p.iso.as_str());
        assert_eq!(f("中华人民共和国和印度尼西亚共和国联合声明"), Some("ID"));
        assert_eq!(f("应美利坚合众国总统的邀请，中华人民共和国主席"), Some("US"));
        assert_eq!(f("中华人民共和国和南苏丹共和国联合声明"), Some("SS"));
        assert_eq!(f("中非合作论坛"), None);
        assert_eq!(f("中华人民共和国政府声明"), None);
        let (p, how) = infer(t, "note", ["甲乙两国联合声明", "应哈萨克斯坦共和国总统邀请"]).unwrap();
        assert_eq!((p.iso.as_str(), how), ("KZ", Found::Opening));
        assert_eq!(infer(t, "2003-06-03_KZ", ["应美利坚合众国"]).unwrap().1, Found::FileName);
    }

    #[test]
    fn a_bad_table_is_an_error_naming_the_line() {
        let e = parse("iso\tpartner\tpartner_en\tregion\taliases\nKZ\t哈萨克斯坦\tKazakhstan\n", "p.tsv").unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
        let dup = "iso\tpartner\tpartner_en\tregion\taliases\nKZ\t哈\tK\tA\t\nKG\t哈\tK\tA\t\n";
        assert!(parse(dup, "p.tsv").unwrap_err().to_string().contains("already"));
    }
}
