//! `analyze --chart-format`: every chart also as SVG on the real reference corpus.

mod common;

use common::corpus;
use std::path::{Path, PathBuf};

fn analyze(out: &Path, extra: &[&str]) -> PathBuf {
    common::analyze_reference(out, extra)
}

/// The chart files the report embeds, in report order.
fn charts_in_report(dir: &Path) -> Vec<String> {
    let md = std::fs::read_to_string(dir.join("report.md")).unwrap();
    md.split("](charts/").skip(1).map(|s| s[..s.find(')').unwrap()].to_string()).collect()
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn chart_format_svg_writes_a_valid_svg_beside_every_png() {
    let plain = tempfile::tempdir().unwrap();
    let with_svg = tempfile::tempdir().unwrap();
    let again = tempfile::tempdir().unwrap();
    let a = analyze(plain.path(), &[]);
    let b = analyze(with_svg.path(), &["--chart-format", "png,svg"]);
    let c = analyze(again.path(), &["--chart-format", "svg,png"]);
    let pngs = charts_in_report(&b);
    assert_eq!(pngs.len(), jointstat::report::FIGURES.len(), "{pngs:?}");
    let svg_count = |d: &Path| {
        std::fs::read_dir(d.join("charts"))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "svg"))
            .count()
    };
    assert_eq!(svg_count(&a), 0, "the default (png) writes no SVG");
    assert_eq!(svg_count(&b), jointstat::report::FIGURES.len());
    for png in &pngs {
        let (pa, pb) = (a.join("charts").join(png), b.join("charts").join(png));
        assert_eq!(std::fs::read(&pa).unwrap(), std::fs::read(&pb).unwrap(), "{png} depends on --chart-format");
        let svg_name = png.replace(".png", ".svg");
        let text = std::fs::read_to_string(b.join("charts").join(&svg_name)).unwrap();
        assert_eq!(
            text,
            std::fs::read_to_string(c.join("charts").join(&svg_name)).unwrap(),
            "{svg_name} not deterministic"
        );
        let s = jointstat::charts::check_svg(&text).unwrap_or_else(|e| panic!("{svg_name}: {e}"));
        assert_eq!(s.size, jointstat::charts::check_png(&pb).unwrap(), "{svg_name} size");
        // the first text is the bilingual title `中文 / English`
        assert!(s.texts[0].contains(" / ") && has_cjk(&s.texts[0]), "{svg_name} title {:?}", s.texts[0]);
        assert!(s.texts.iter().any(|t| t.contains("jointstat")), "{svg_name}: no source line");
        assert!(text.contains("font-family=\"'WenQuanYi Micro Hei', 'Noto Sans CJK SC'"), "{svg_name}");
    }
    let keyness = std::fs::read_to_string(b.join("charts/keyness.svg")).unwrap();
    let s = jointstat::charts::check_svg(&keyness).unwrap();
    assert_eq!(s.texts[0], "关键词 / Keyness of 2003-06-03_KZ against the rest of the corpus");
    // 中哈 is the focus statement's top key term (tables/keyness.csv): drawn as a row label
    assert!(s.texts.iter().any(|t| t == "中哈"), "{:?}", &s.texts[..10]);
}

#[test]
fn unknown_chart_format_is_refused() {
    let out = tempfile::tempdir().unwrap();
    let o = common::analyze(&corpus(), out.path(), &["--chart-format", "png,pdf"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("pdf") && err.contains("svg"), "{err}");
}

/// The designation timeline drawn from `jointstat designations` on the reference corpus; the
/// PNG and SVG stay in the test target folder for a look (`target/tmp/charts/`).
#[test]
fn designation_timeline_from_the_reference_corpus() {
    use jointstat::charts::{self, ChartFormat, ChartText, DesignationMark, DesignationTimeline};
    let rows = common::export_rows(&["designations"]);
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    let (id, date, partner, des, level, verb) =
        (col("doc_id"), col("date"), col("partner"), col("designation"), col("level"), col("verb"));
    let marks: Vec<DesignationMark> = rows[1..]
        .iter()
        .map(|r| DesignationMark {
            partner: r[partner].clone(),
            date: chrono::NaiveDate::parse_from_str(&r[date], "%Y-%m-%d").unwrap(),
            designation: r[des].clone(),
            level: r[level].parse().unwrap_or(0),
            verb: r[verb].clone(),
        })
        .collect();
    assert_eq!(marks.len(), 49, "the 49 complete statements (partial texts are left out by default)");
    let by_id = |i: &str| &marks[rows[1..].iter().position(|r| r[id] == i).unwrap()];
    // checked in the texts: 1996-04-25_RU 宣布决心发展…战略协作伙伴关系; 2003-07-08_KR 建立中韩全面合作伙伴关系
    assert_eq!(
        (
            by_id("1996-04-25_RU").designation.as_str(),
            by_id("1996-04-25_RU").level,
            by_id("1996-04-25_RU").verb.as_str()
        ),
        ("战略协作伙伴关系", 6, "establish")
    );
    assert_eq!((by_id("2003-07-08_KR").designation.as_str(), by_id("2003-07-08_KR").level), ("全面合作伙伴关系", 4));
    // no Kazakh statement of the corpus names a 伙伴关系 (grep -c 伙伴关系 texts/*KZ*.txt: 0)
    assert!(marks.iter().filter(|m| m.partner == "哈萨克斯坦").all(|m| m.level == 0 && m.designation.is_empty()));

    let font = charts::find_font(None).unwrap();
    charts::register_font(&font).unwrap();
    let chart = DesignationTimeline {
        text: ChartText::new(
            "伙伴关系 / Relationship designations by partner",
            "The designation each statement sets or carries on (jointstat designations); colour = ordinal level (corpus/designations.toml), shape = verb",
            "Source: reference corpus (test)",
        )
        .axes("Year of signing", ""),
        marks: &marks,
    };
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("charts");
    std::fs::create_dir_all(&dir).unwrap();
    let png = dir.join("designation_timeline.png");
    charts::save(&png, &[ChartFormat::Png, ChartFormat::Svg], &chart).unwrap();
    let (w, h) = charts::check_png(&png).unwrap();
    assert_eq!(w, charts::WIDTH);
    let svg = std::fs::read_to_string(dir.join("designation_timeline.svg")).unwrap();
    let s = charts::check_svg(&svg).unwrap();
    assert_eq!(s.size, (w, h));
    assert_eq!(s.texts[0], "伙伴关系 / Relationship designations by partner");
    let partners: std::collections::BTreeSet<&str> = marks.iter().map(|m| m.partner.as_str()).collect();
    for p in &partners {
        assert_eq!(s.texts.iter().filter(|t| t == p).count(), 1, "row label {p}");
    }
    // labels where a partner's designation changes; the legend with the full names
    assert!(s.texts.iter().any(|t| t == "战略协作"), "{:?}", s.texts);
    assert!(s.texts.iter().any(|t| t == "6 战略协作伙伴关系"));
    assert!(s.texts.iter().any(|t| t == "1 伙伴关系"));
    assert!(!s.texts.iter().any(|t| t.starts_with("7 ")), "no level-7 designation in the corpus");
}
