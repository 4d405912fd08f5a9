//! Unit tests of the chart module: SVG output and its well-formedness check. The data are small
//! hand-written fixtures.

use super::*;

fn font() {
    let f = find_font(None).expect("a CJK font (just setup installs one)");
    register_font(&f).unwrap();
}

fn fixture_heatmap<'a>(rows: &'a [String], cols: &'a [String], values: &'a [Vec<f64>]) -> Heatmap<'a> {
    Heatmap {
        text: ChartText::new("文件相似度 / fixture <similarity> & more", "a subtitle", "fixture source")
            .axes("Statement", "Term"),
        rows,
        cols,
        values,
        scale_label: "cosine (TF-IDF)".into(),
    }
}

#[test]
fn svg_is_well_formed_deterministic_and_keeps_cjk_as_text() {
    font();
    let rows = vec!["伙伴关系".to_string(), "合作".to_string()];
    let cols = vec!["2003-06-03_KZ".to_string(), "1996-04-25_RU".to_string(), "x".to_string()];
    let values = vec![vec![1.0, 0.5, 0.0], vec![0.25, 0.0, 2.0]];
    let chart = fixture_heatmap(&rows, &cols, &values);
    let svg = svg_string(&chart).unwrap();
    assert_eq!(svg, svg_string(&chart).unwrap(), "two renderings differ");
    let s = check_svg(&svg).unwrap();
    assert_eq!(s.size, chart.size());
    assert_eq!(s.size.0, WIDTH);
    // the title is the first text, escaped in the file and decoded by the check
    assert_eq!(s.texts[0], "文件相似度 / fixture <similarity> & more");
    assert!(svg.contains("fixture &lt;similarity&gt; &amp; more"));
    for label in ["伙伴关系", "合作", "2003-06-03_KZ", "Statement", "Term", "cosine (TF-IDF)", "fixture source"] {
        assert!(s.texts.iter().any(|t| t == label), "no <text> {label}: {:?}", s.texts);
    }
    // every text element carries the CJK font-family list, none the bare registered family
    let n_text = svg.matches("<text ").count();
    assert_eq!(n_text, s.texts.len());
    assert_eq!(svg.matches(&format!("font-family=\"{SVG_FONT_FAMILY}\"")).count(), n_text);
    assert!(!svg.contains("font-family=\"sans-serif\""));
}

#[test]
fn save_writes_the_png_and_with_svg_the_svg_beside_it() {
    font();
    let rows = vec!["和平".to_string()];
    let cols = vec!["a".to_string()];
    let values = vec![vec![3.0]];
    let chart = fixture_heatmap(&rows, &cols, &values);
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("h.png");
    save(&png, &[ChartFormat::Png], &chart).unwrap();
    assert!(!dir.path().join("h.svg").exists());
    let png_only = std::fs::read(&png).unwrap();
    save(&png, &[ChartFormat::Png, ChartFormat::Svg], &chart).unwrap();
    assert_eq!(std::fs::read(&png).unwrap(), png_only, "the PNG must not depend on --chart-format");
    assert_eq!(check_png(&png).unwrap(), chart.size());
    let svg = std::fs::read_to_string(dir.path().join("h.svg")).unwrap();
    assert_eq!(svg, svg_string(&chart).unwrap());
    // no temporary file left behind
    let names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn check_svg_rejects_malformed_documents() {
    let ok = r#"<svg width="10" height="20" xmlns="http://www.w3.org/2000/svg">
<rect x="0" y="0"/>
<text x="1">
A &amp; 中
</text>
</svg>
"#;
    let s = check_svg(ok).unwrap();
    assert_eq!(s.size, (10, 20));
    assert_eq!(s.texts, vec!["A & 中".to_string()]);
    for (bad, why) in [
        (r#"<svg width="1" height="1"><text>x</svg>"#, "closed by"),
        (r#"<svg width="1" height="1"><text>x</text>"#, "never closed"),
        (r#"<svg width="1" height="1"></svg></svg>"#, "closes nothing"),
        (r#"<svg width="1" height="1"><rect x=0/></svg>"#, "unquoted"),
        (r#"<svg width="1" height="1"><text>a &nbsp; b</text></svg>"#, "unknown entity"),
        (r#"<svg width="1" height="1"/><svg width="1" height="1"/>"#, "one root"),
        (r#"<g width="1" height="1"></g>"#, "one root"),
        (r#"<svg width="1" height="1"><rect x="1"</svg>"#, "unquoted"),
        (r#"<svg><rect/></svg>"#, "width and height"),
    ] {
        let e = check_svg(bad).expect_err(bad).to_string();
        assert!(e.contains(why), "{bad}: {e}");
    }
}

#[test]
fn chart_text_builders() {
    let t = ChartText::new("T", "", "S").axes("x", "y");
    assert_eq!(
        t,
        ChartText {
            title: "T".into(),
            subtitle: String::new(),
            x_label: "x".into(),
            y_label: "y".into(),
            source: "S".into()
        }
    );
}

/// x of the `<text>` element whose content is `label`.
fn text_x(svg: &str, label: &str) -> i32 {
    let i = svg.find(&format!(">\n{label}\n</text>")).unwrap_or_else(|| panic!("no text {label}"));
    let start = svg[..i].rfind("<text ").unwrap();
    let x = &svg[start..i];
    let x = &x[x.find(" x=\"").unwrap() + 4..];
    x[..x.find('"').unwrap()].parse().unwrap()
}

#[test]
fn heatmap_colour_bar_label_stays_inside_the_chart() {
    font();
    let rows = vec!["乌克兰".to_string(), "俄罗斯".to_string()];
    let values = vec![vec![0.55, 0.2], vec![0.2, 0.3]];
    let draw = |label: &str| {
        let mut c = fixture_heatmap(&rows, &rows, &values);
        c.scale_label = label.into();
        svg_string(&c).unwrap()
    };
    // labels that fit start above the colour bar (x = 1900 at 2100 px), as before the fix
    for short in ["cosine (TF-IDF)", "per 10,000 tokens"] {
        assert_eq!(text_x(&draw(short), short), 1900, "{short}");
    }
    // the aggregated similarity heatmap's label was cut at the right edge; now it ends inside
    let long = "mean cosine (TF-IDF)";
    let (w, _) = super::font(SMALL_PX).font.box_size(long).unwrap();
    assert!(1900 + w as i32 > WIDTH as i32, "the fixture label must be one that used to be clipped ({w} px)");
    let x = text_x(&draw(long), long);
    assert!(x < 1900 && x + w as i32 <= WIDTH as i32 - 20, "x = {x}, width {w}");
}
