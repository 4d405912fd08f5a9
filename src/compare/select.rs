//! Selecting documents by metadata: `--where partner=哈萨克斯坦`, `--where "decade>=1990s"`,
//! `--target 2003-06-03_KZ`, `--by region`.
//!
//! A filter is one or more conditions joined by `&` (all must hold). A condition is
//! `column OP value` with OP one of `=`, `!=`, `>=`, `<=`, `>`, `<`; for `=` and `!=` the value may
//! list alternatives separated by `|` (`region=Central Asia|South Asia`). Columns are those of
//! `tables/documents` plus `decade` (`1990s`); comparisons are numeric when both sides are
//! numbers (`year>=2000`), else by text (`decade>=1990s`, ISO dates compare as text).
//! A bare value without an operator selects a document id (`2003-06-03_KZ`).

use crate::bail_usage;
use crate::error::Result;
use std::collections::BTreeMap;

/// One document's metadata as text, by column name.
pub type Meta = BTreeMap<String, String>;

/// A parsed filter.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    conds: Vec<Cond>,
    /// The filter as written.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
struct Cond {
    col: String,
    op: Op,
    values: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Eq,
    Ne,
    Ge,
    Le,
    Gt,
    Lt,
}

impl Filter {
    /// Parse a filter (see the module docs).
    pub fn parse(text: &str) -> Result<Filter> {
        let mut conds = Vec::new();
        for part in text.split('&').map(str::trim).filter(|p| !p.is_empty()) {
            let ops = [("!=", Op::Ne), (">=", Op::Ge), ("<=", Op::Le), ("=", Op::Eq), (">", Op::Gt), ("<", Op::Lt)];
            let found = ops
                .iter()
                .filter_map(|(s, op)| part.find(s).map(|i| (i, *s, *op)))
                .min_by_key(|x| (x.0, -(x.1.len() as i32)));
            match found {
                Some((i, s, op)) => {
                    let col = part[..i].trim().to_string();
                    let val = part[i + s.len()..].trim();
                    if col.is_empty() || val.is_empty() {
                        bail_usage!("filter `{part}`: expected COLUMN{s}VALUE");
                    }
                    let values = if matches!(op, Op::Eq | Op::Ne) {
                        val.split('|').map(|v| v.trim().to_string()).collect()
                    } else {
                        vec![val.to_string()]
                    };
                    conds.push(Cond { col, op, values });
                }
                None => conds.push(Cond { col: "doc_id".into(), op: Op::Eq, values: vec![part.to_string()] }),
            }
        }
        if conds.is_empty() {
            bail_usage!("empty filter");
        }
        Ok(Filter { conds, text: text.to_string() })
    }

    /// Check that every column exists (one document's metadata gives the columns).
    pub fn check_columns(&self, example: &Meta) -> Result<()> {
        for c in &self.conds {
            if !example.contains_key(&c.col) {
                bail_usage!(
                    "filter `{}`: unknown column `{}` (columns: {})",
                    self.text,
                    c.col,
                    example.keys().cloned().collect::<Vec<_>>().join(", ")
                );
            }
        }
        Ok(())
    }

    /// Does any condition test this column?
    pub fn mentions(&self, col: &str) -> bool {
        self.conds.iter().any(|c| c.col == col)
    }

    /// Does a document match?
    pub fn matches(&self, m: &Meta) -> bool {
        self.conds.iter().all(|c| {
            let v = m.get(&c.col).map(String::as_str).unwrap_or("");
            match c.op {
                Op::Eq => c.values.iter().any(|x| x == v),
                Op::Ne => c.values.iter().all(|x| x != v),
                op => {
                    let x = &c.values[0];
                    let ord = match (v.parse::<f64>(), x.parse::<f64>()) {
                        (Ok(a), Ok(b)) => a.partial_cmp(&b),
                        _ => Some(v.cmp(x.as_str())),
                    };
                    match (op, ord) {
                        (_, None) => false,
                        (Op::Ge, Some(o)) => o != std::cmp::Ordering::Less,
                        (Op::Le, Some(o)) => o != std::cmp::Ordering::Greater,
                        (Op::Gt, Some(o)) => o == std::cmp::Ordering::Greater,
                        (Op::Lt, Some(o)) => o == std::cmp::Ordering::Less,
                        _ => unreachable!("equality handled above"),
                    }
                }
            }
        })
    }
}

/// The decade label of a year: 1996 → `1990s`.
pub fn decade(year: i32) -> String {
    format!("{}s", year.div_euclid(10) * 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(pairs: &[(&str, &str)]) -> Meta {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn conditions() {
        let m = meta(&[
            ("doc_id", "2003-06-03_KZ"),
            ("partner", "哈萨克斯坦"),
            ("year", "2003"),
            ("decade", "2000s"),
            ("region", "Central Asia"),
        ]);
        assert!(Filter::parse("partner=哈萨克斯坦").unwrap().matches(&m));
        assert!(Filter::parse("region=South Asia|Central Asia").unwrap().matches(&m));
        assert!(!Filter::parse("region!=South Asia|Central Asia").unwrap().matches(&m));
        assert!(Filter::parse("year>=2000 & year<2010").unwrap().matches(&m));
        assert!(!Filter::parse("year>2003").unwrap().matches(&m));
        assert!(Filter::parse("decade>=1990s").unwrap().matches(&m));
        assert!(Filter::parse("2003-06-03_KZ").unwrap().matches(&m));
        assert!(!Filter::parse("1996-07-05_KZ").unwrap().matches(&m));
        let e = Filter::parse("colour=red").unwrap().check_columns(&m).unwrap_err().to_string();
        assert!(e.contains("unknown column `colour`"), "{e}");
        assert!(Filter::parse("partner=").is_err());
        assert_eq!(decade(1996), "1990s");
        assert_eq!(decade(2003), "2000s");
    }
}
