//! `report.html`: the Markdown report as one self-contained web page.
//!
//! The page is rendered from the same `report.md` text (CommonMark with tables, by
//! pulldown-cmark), so the two never disagree. Everything the page needs is inside the file:
//! every chart referenced by a relative path inside the report folder (`charts/*.png`,
//! `charts/*.svg`) is embedded as a `data:` URI, the style sheet and a small script are inline,
//! and nothing is fetched from the network — the file can be mailed, archived or opened offline.
//! Links to the tables (`tables/*.csv`) stay relative links: they work while the page sits in its
//! report folder.
//!
//! The script makes every table sortable: click (or Enter on) a column header to sort by it,
//! again to reverse; columns whose cells are all numbers (after removing thousands separators,
//! `%`, `×` and a trailing footnote mark) sort numerically, others by Unicode code point, and
//! ties keep the original row order (the sort is stable). Opened with `#selftest` after the
//! file name, the page checks itself — every image decoded, one table sorted — and writes the
//! result into an element `#selftest` (used by `tests/html_report.rs` in headless Chromium).
//!
//! Output is deterministic: the same `report.md` and chart files give the same bytes.

use std::fmt::Write as _;
use std::path::{Component, Path};

use crate::error::{io, Error, Result};
use base64::Engine as _;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};

/// Inline style sheet: readable measure, tables that scroll sideways on small screens, print
/// friendly.
const STYLE: &str = r#"
:root { --fg:#1b1b1b; --muted:#5a5a5a; --rule:#d0d0d0; --head:#f2f2f2; --accent:#0072b2; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","PingFang SC","Microsoft YaHei",system-ui,sans-serif;
       color: var(--fg); max-width: 70rem; margin: 2rem auto; padding: 0 1.25rem; line-height: 1.55; }
h1, h2, h3 { line-height: 1.25; }
h2 { border-bottom: 1px solid var(--rule); padding-bottom: .25rem; margin-top: 2.5rem; }
code { font-family: ui-monospace,"DejaVu Sans Mono",monospace; font-size: .92em; background: #f6f6f6; padding: 0 .2em; }
pre code { display: block; padding: .75rem; overflow-x: auto; }
img { max-width: 100%; height: auto; display: block; margin: 1rem auto; }
.table-wrap { overflow-x: auto; margin: 1rem 0; }
table { border-collapse: collapse; font-size: .9rem; }
th, td { border: 1px solid var(--rule); padding: .25rem .5rem; vertical-align: top; }
th { background: var(--head); position: sticky; top: 0; }
th.sortable { cursor: pointer; user-select: none; white-space: nowrap; }
th.sortable:focus { outline: 2px solid var(--accent); }
th.sortable::after { content: " ↕"; color: var(--muted); }
th[aria-sort="ascending"]::after { content: " ▲"; color: var(--accent); }
th[aria-sort="descending"]::after { content: " ▼"; color: var(--accent); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
footer { color: var(--muted); font-size: .85rem; margin-top: 3rem; border-top: 1px solid var(--rule); padding-top: .5rem; }
@media print { th.sortable::after { content: ""; } .table-wrap { overflow: visible; } }
"#;

/// Inline script: sortable tables and the `#selftest` check. No network, no globals but one.
const SCRIPT: &str = r##"
(function () {
  "use strict";
  function num(s) {
    var t = s.replace(/[\s,\u00a0]/g, "").replace(/[%×*†]+$/, "").replace(/^[+]/, "").replace(/−/g, "-");
    if (t === "" || !/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return null;
    return parseFloat(t);
  }
  function cellText(row, k) { var c = row.cells[k]; return c ? c.textContent.trim() : ""; }
  function sortTable(table, k, dir) {
    var body = table.tBodies[0]; if (!body) return;
    var rows = Array.prototype.slice.call(body.rows);
    var numeric = rows.every(function (r) { var s = cellText(r, k); return s === "" || num(s) !== null; });
    var keyed = rows.map(function (r, i) {
      var s = cellText(r, k); return { r: r, i: i, v: numeric ? (s === "" ? -Infinity : num(s)) : s };
    });
    keyed.sort(function (a, b) {
      var c = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
      return c !== 0 ? c * dir : a.i - b.i;
    });
    keyed.forEach(function (x) { body.appendChild(x.r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, j) {
      if (j === k) th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    });
  }
  function setup() {
    Array.prototype.forEach.call(document.querySelectorAll("table"), function (table) {
      if (!table.tHead || !table.tBodies[0]) return;
      var wrap = document.createElement("div"); wrap.className = "table-wrap";
      table.parentNode.insertBefore(wrap, table); wrap.appendChild(table);
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        Array.prototype.forEach.call(r.cells, function (c) { if (num(c.textContent.trim()) !== null) c.className = "num"; });
      });
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, k) {
        th.className = "sortable"; th.tabIndex = 0; th.setAttribute("role", "columnheader");
        th.title = "sort by this column";
        function go() { sortTable(table, k, th.getAttribute("aria-sort") === "ascending" ? -1 : 1); }
        th.addEventListener("click", go);
        th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); go(); } });
      });
    });
  }
  function selftest() {
    var imgs = Array.prototype.slice.call(document.images);
    var ok = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
    var sorted = "none";
    var tables = Array.prototype.slice.call(document.querySelectorAll("table"));
    for (var t = 0; t < tables.length && sorted === "none"; t++) {
      var table = tables[t], body = table.tBodies[0];
      if (!body || body.rows.length < 3) continue;
      for (var k = 0; k < table.tHead.rows[0].cells.length; k++) {
        var vals = Array.prototype.map.call(body.rows, function (r) { return num(cellText(r, k)); });
        if (vals.some(function (v) { return v === null; })) continue;
        table.tHead.rows[0].cells[k].click();
        table.tHead.rows[0].cells[k].click();
        var after = Array.prototype.map.call(body.rows, function (r) { return num(cellText(r, k)); });
        var desc = after.every(function (v, i) { return i === 0 || after[i - 1] >= v; });
        sorted = (desc ? "ok" : "wrong") + " table=" + t + " column=" + k + " rows=" + after.length;
        break;
      }
    }
    var out = document.createElement("pre"); out.id = "selftest";
    out.textContent = "images=" + ok + "/" + imgs.length + " tables=" + tables.length + " sort=" + sorted;
    document.body.appendChild(out);
  }
  setup();
  if (location.hash === "#selftest") {
    if (document.readyState === "complete") selftest(); else window.addEventListener("load", selftest);
  }
})();
"##;

/// Render the Markdown report `md` as a self-contained HTML page. Relative image paths are read
/// from `report_dir` and embedded; `title` becomes the page title.
///
/// Errors name the image when a chart the report refers to cannot be read, or when an image path
/// leaves the report folder (absolute, `..`) — such a page would not be self-contained.
pub fn render(md: &str, report_dir: &Path, title: &str) -> Result<String> {
    let mut events = Vec::new();
    for ev in Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        events.push(match ev {
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let uri = data_uri(report_dir, &dest_url)?;
                Event::Start(Tag::Image { link_type, dest_url: CowStr::from(uri), title, id })
            }
            other => other,
        });
    }
    let mut body = String::with_capacity(md.len() * 2);
    pulldown_cmark::html::push_html(&mut body, events.into_iter());
    let mut page = String::with_capacity(body.len() + STYLE.len() + SCRIPT.len() + 512);
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"zh-Hans\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"jointstat {}\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}</main>\n\
         <footer>Written by jointstat {} from <code>report.md</code> in this folder; charts embedded, \
         tables sortable (click a column header); tables as CSV and Parquet in <code>tables/</code>.</footer>\n\
         <script>{SCRIPT}</script>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        html_escape::encode_text(title),
        env!("CARGO_PKG_VERSION"),
    );
    Ok(page)
}

/// An image `report.html` refuses to embed.
fn refused(problem: String) -> Error {
    Error::Output { file: "report.html".into(), problem }
}

/// The `data:` URI of the image at relative path `rel` inside `report_dir`; other URLs
/// (`http:`, `data:`) are refused so that the page never reaches the network.
fn data_uri(report_dir: &Path, rel: &str) -> Result<String> {
    if rel.starts_with("data:") {
        return Ok(rel.to_string());
    }
    if rel.contains(':') || rel.starts_with('/') {
        return Err(refused(format!(
            "image `{rel}` is not a file inside the report folder; the page would not be self-contained"
        )));
    }
    let path = Path::new(rel);
    if path.components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir)) {
        return Err(refused(format!("image path `{rel}` leaves the report folder")));
    }
    let mime = match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        Some("jpg" | "jpeg") => "image/jpeg",
        _ => return Err(refused(format!("image `{rel}` is not PNG, SVG or JPEG"))),
    };
    let full = report_dir.join(path);
    let bytes = std::fs::read(&full).map_err(io("report.html: cannot read chart", &full))?;
    Ok(format!("data:{mime};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1×1 PNG (fixture, hand-made bytes).
    const PNG_1X1: &[u8] = &[
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
        0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00,
        0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff,
        0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ];

    fn fixture() -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("charts")).unwrap();
        std::fs::write(d.path().join("charts/a.png"), PNG_1X1).unwrap();
        d
    }

    #[test]
    fn embeds_charts_and_renders_tables() {
        let d = fixture();
        let md = "# 报告 <x>\n\n![中哈 chart](charts/a.png)\n\n| term | n |\n|---|---|\n| 合作 | 12 |\n| 发展 | 3 |\n";
        let html = render(md, d.path(), "报告 <x>").unwrap();
        let b64 = base64::engine::general_purpose::STANDARD.encode(PNG_1X1);
        assert!(html.contains(&format!("src=\"data:image/png;base64,{b64}\"")), "{html}");
        assert!(!html.contains("charts/a.png"));
        assert!(html.contains("<title>报告 &lt;x&gt;</title>"));
        assert!(html.contains("<th>term</th>") && html.contains("<td>合作</td>"));
        assert!(!html.contains("http://") && !html.contains("https://"), "no network references");
        assert_eq!(html, render(md, d.path(), "报告 <x>").unwrap(), "deterministic");
    }

    #[test]
    fn refuses_images_outside_the_folder_or_on_the_network() {
        let d = fixture();
        for bad in ["../a.png", "/etc/a.png", "https://example.org/a.png", "charts/missing.png", "charts/a.gif"] {
            let e = render(&format!("![x]({bad})"), d.path(), "t").unwrap_err().to_string();
            assert!(e.contains("report.html"), "{bad}: {e}");
        }
    }
}
