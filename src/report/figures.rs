//! The charts of the report (stage 5): one registry, [`FIGURES`], of every figure `analyze`
//! can draw — its file, what it shows and its draw function — in the order the report numbers
//! them. A draw function shapes its data, draws the chart through [`Ctx::save`] and returns the
//! caption, or `None` when the figure does not apply to the analysis (no focus, nothing to show).
//!
//! Longer than 500 lines because each chart's data shaping (per statement, or aggregated above
//! `--chart-statements`) sits next to its drawing call; the drawing itself is in `charts/`.

use super::markdown::{f64_col, str_col};
use super::ReportOptions;
use crate::analysis::Analysis;
use crate::charts::{self, PairedBar, Point};
use crate::compare::Grouping;
use crate::error::Result;
use chrono::Datelike;
use polars::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One figure of the report: where it is written, what it shows, and how it is drawn.
#[derive(Debug, Clone, Copy)]
pub struct Figure {
    /// File name under `charts/` (PNG; the SVG twin, when asked for, has the same stem).
    pub file: &'static str,
    /// What the figure shows, in a few words.
    pub about: &'static str,
    /// Draws the chart into [`Ctx::path`] and returns its caption; `None` when the figure does
    /// not apply to this analysis.
    draw: fn(&Ctx) -> Result<Option<String>>,
}

/// Every figure `analyze` can draw, in report order (Figure 1, 2, … number the ones drawn).
/// The report embeds them by file name; a figure not listed here is never drawn.
pub const FIGURES: &[Figure] = &[
    Figure {
        file: "focus_top_terms.png",
        about: "top terms of the focus statement vs the rest",
        draw: focus_top_terms,
    },
    Figure { file: "terms_heatmap.png", about: "top corpus terms × statements (or groups)", draw: terms_heatmap },
    Figure { file: "length_by_year.png", about: "statement length by date and document type", draw: length_by_year },
    Figure { file: "acts_by_statement.png", about: "speech-act mix of each statement", draw: acts_by_statement },
    Figure { file: "topics_heatmap.png", about: "topics × statements", draw: topics_heatmap },
    Figure { file: "one_china_matrix.png", about: "One-China clause elements × statements", draw: one_china_matrix },
    Figure {
        file: "partner_series.png",
        about: "topics in the focus partner's statements over time",
        draw: partner_series,
    },
    Figure {
        file: "designation_timeline.png",
        about: "relationship designations by partner and date",
        draw: designation_timeline,
    },
    Figure {
        file: "reuse_over_time.png",
        about: "text reused from earlier statements, by date",
        draw: reuse_over_time,
    },
    Figure { file: "keyness.png", about: "keyness of the focus statement (signed G²)", draw: keyness },
    Figure { file: "similarity_heatmap.png", about: "cosine similarity between statements", draw: similarity_heatmap },
    Figure { file: "dispersion.png", about: "where the top key term occurs in each statement", draw: dispersion },
    Figure { file: "trends.png", about: "key terms of the focus statement by decade", draw: trends },
];

/// What a figure's draw function works with.
struct Ctx<'a> {
    a: &'a Analysis,
    opts: &'a ReportOptions,
    /// The source line printed under every chart ([`source_line`]).
    source: &'a str,
    /// The PNG file the figure is written to.
    path: PathBuf,
}

impl Ctx<'_> {
    /// Draw `chart` into this figure's file, in every requested format.
    fn save<C: charts::Chart>(&self, chart: &C) -> Result<()> {
        charts::save(&self.path, &self.opts.chart_formats, chart)
    }
}

/// The source line printed under every chart.
pub(super) fn source_line(a: &Analysis) -> String {
    let folder =
        a.run.corpus_dir.file_name().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "corpus".into());
    let years: Vec<i32> = a.corpus.docs.iter().filter_map(|d| d.year()).collect();
    let span = match (years.iter().min(), years.iter().max()) {
        (Some(a), Some(b)) => format!(", {a}–{b}"),
        _ => String::new(),
    };
    let partial = a.corpus.docs.iter().filter(|d| d.partial).count();
    format!(
        "Source: corpus folder \"{folder}\" — {} statements ({} complete, {} partial){span}. Analysis: jointstat {}, jieba-rs segmentation with the project user dictionary.",
        a.corpus.docs.len(),
        a.corpus.docs.len() - partial,
        partial,
        env!("CARGO_PKG_VERSION")
    )
}

/// Draw every figure of [`FIGURES`] that applies into `dir`; returns the (file name, caption)
/// pairs drawn, in report order.
pub fn draw_charts(a: &Analysis, opts: &ReportOptions, dir: &Path) -> Result<Vec<(String, String)>> {
    let source = source_line(a);
    // the charts are independent files: drawn side by side, collected in FIGURES order (each
    // PNG is drawn by one thread, so its bytes do not depend on the thread count)
    use rayon::prelude::*;
    let drawn: Vec<Option<(String, String)>> = FIGURES
        .par_iter()
        .map(|f| {
            let cx = Ctx { a, opts, source: &source, path: dir.join(f.file) };
            Ok((f.draw)(&cx)?.map(|caption| (f.file.to_string(), caption)))
        })
        .collect::<Result<_>>()?;
    let out: Vec<(String, String)> = drawn.into_iter().flatten().collect();
    for (f, _) in &out {
        charts::check_png(&dir.join(f))?;
    }
    Ok(out)
}

/// (a) The focus statement's top terms against the rest (only with a focus and a rest).
fn focus_top_terms(cx: &Ctx) -> Result<Option<String>> {
    let (a, st) = (cx.a, &cx.a.stats);
    let Some(focus) = a.focus_doc().filter(|_| st.focus_terms.width() > 0) else {
        return Ok(None);
    };
    let terms = str_col(&st.focus_terms, "term")?;
    let fa = f64_col(&st.focus_terms, "focus_per_10k")?;
    let fb = f64_col(&st.focus_terms, "rest_per_10k")?;
    let bars: Vec<PairedBar> = terms
        .iter()
        .zip(fa.iter().zip(fb.iter()))
        .take(cx.opts.top_n)
        .map(|(t, (x, y))| PairedBar { label: t.clone(), a: *x, b: *y })
        .collect();
    let title = format!(
        "{} — 最常用的{}个词 / top {} terms",
        focus.meta.title.as_deref().unwrap_or(&focus.id),
        bars.len(),
        bars.len()
    );
    cx.save(&charts::PairedBars {
        text: charts::ChartText::new(
            title,
            format!(
                "Focus statement {} ({}, {}) against the other {} complete statements; stopwords, punctuation and numerals excluded",
                focus.id,
                focus.partner(),
                focus.date().map(|d| d.to_string()).unwrap_or_default(),
                st.n_analysis.saturating_sub(usize::from(!focus.partial || a.run.include_partial))
            ),
            cx.source,
        )
        .axes("Relative frequency (per 10,000 tokens)", ""),
        bars: &bars,
        legend: (format!("{} (focus)", focus.id), "rest of corpus".into()),
    })?;
    Ok(Some(format!(
        "The {} most frequent terms of {} (blue) and their frequency in the rest of the corpus (orange), per 10,000 tokens.",
        bars.len(),
        focus.id
    )))
}

/// (b) Heatmap: top corpus terms × statements by date (or × groups of statements).
fn terms_heatmap(cx: &Ctx) -> Result<Option<String>> {
    let (a, st, opts) = (cx.a, &cx.a.stats, cx.opts);
    let docs = st.documents.clone().lazy().filter(col("in_analysis")).collect()?;
    let doc_ids = str_col(&docs, "doc_id")?;
    let top_terms: Vec<String> = str_col(&st.corpus_terms, "term")?.into_iter().take(opts.heat_terms).collect();
    let top_sel = lit(Series::new("t".into(), top_terms.clone())).implode(false);
    if doc_ids.len() <= opts.scale.chart_statements {
        let cells = st.doc_terms.clone().lazy().filter(col("term").is_in(top_sel, false)).collect()?;
        let mut idx: HashMap<(String, String), f64> = HashMap::new();
        {
            let d = str_col(&cells, "doc_id")?;
            let t = str_col(&cells, "term")?;
            let v = f64_col(&cells, "per_10k")?;
            for ((d, t), v) in d.into_iter().zip(t).zip(v) {
                idx.insert((d, t), v);
            }
        }
        let values: Vec<Vec<f64>> = top_terms
            .iter()
            .map(|t| doc_ids.iter().map(|d| *idx.get(&(d.clone(), t.clone())).unwrap_or(&0.0)).collect())
            .collect();
        cx.save(&charts::Heatmap {
            text: charts::ChartText::new(
                format!("语料高频词 × 文件 / The {} most frequent terms across statements", top_terms.len()),
                "Relative frequency per 10,000 tokens; statements ordered by date; complete statements only",
                cx.source,
            )
            .axes("Statement (date_partner ISO code)", "Term"),
            rows: &top_terms,
            cols: &doc_ids,
            values: &values,
            scale_label: "per 10,000 tokens".into(),
        })?;
        return Ok(Some(format!(
            "Relative frequency (per 10,000 tokens) of the corpus's {} most frequent terms in each complete statement, ordered by date.",
            top_terms.len()
        )));
    }
    let an: Vec<usize> = a.analysis_set();
    let g = crate::compare::grouping(&crate::compare::metas(&a.corpus), &an);
    let groups = DataFrame::new_infer_height(vec![
        Column::new("doc_id".into(), an.iter().map(|&i| a.corpus.docs[i].id.as_str()).collect::<Vec<_>>()),
        Column::new("group".into(), g.of.iter().map(|&k| k as u32).collect::<Vec<_>>()),
    ])?;
    let join =
        |l: LazyFrame| l.join(groups.clone().lazy(), [col("doc_id")], [col("doc_id")], JoinArgs::new(JoinType::Inner));
    let tokens = join(st.documents.clone().lazy())
        .group_by([col("group")])
        .agg([col("tokens").cast(DataType::Float64).sum().alias("tokens")]);
    let cells = join(st.doc_terms.clone().lazy().filter(col("term").is_in(top_sel, false)))
        .group_by([col("group"), col("term")])
        .agg([col("count").cast(DataType::Float64).sum().alias("count")])
        .join(tokens, [col("group")], [col("group")], JoinArgs::new(JoinType::Inner))
        .select([col("group"), col("term"), (col("count") / col("tokens") * lit(10_000.0)).alias("per_10k")])
        .collect()?;
    let term_row: HashMap<&str, usize> = top_terms.iter().enumerate().map(|(i, t)| (t.as_str(), i)).collect();
    let mut values = vec![vec![0.0; g.names.len()]; top_terms.len()];
    let gs = f64_col(&cells, "group")?;
    for ((gi, t), v) in gs.iter().zip(str_col(&cells, "term")?).zip(f64_col(&cells, "per_10k")?) {
        if let Some(&r) = term_row.get(t.as_str()) {
            values[r][*gi as usize] = v;
        }
    }
    cx.save(&charts::Heatmap {
        text: charts::ChartText::new(
            format!("语料高频词 × {} / The {} most frequent terms by {}", g.column, top_terms.len(), g.column),
            format!(
                "Relative frequency per 10,000 tokens of all complete statements of each {} pooled; {} statements are too many for a column each (--chart-statements {})",
                g.column,
                doc_ids.len(),
                opts.scale.chart_statements
            ),
            cx.source,
        )
        .axes(format!("{} (all its statements pooled)", g.column), "Term"),
        rows: &top_terms,
        cols: &g.names,
        values: &values,
        scale_label: "per 10,000 tokens".into(),
    })?;
    Ok(Some(format!(
        "Relative frequency (per 10,000 tokens) of the corpus's {} most frequent terms by {} (its complete statements pooled). Aggregated view: {} statements exceed the {} a chart draws one by one (--chart-statements).",
        top_terms.len(),
        g.column,
        doc_ids.len(),
        opts.scale.chart_statements
    )))
}

/// (c) Statement length by year, coloured by doc_type.
fn length_by_year(cx: &Ctx) -> Result<Option<String>> {
    let all = &cx.a.stats.documents;
    let ids = str_col(all, "doc_id")?;
    let tokens = f64_col(all, "tokens")?;
    let types = str_col(all, "doc_type")?;
    let partial: Vec<bool> = str_col(all, "completeness")?.iter().map(|c| c == "partial").collect();
    let by_id: HashMap<&str, &crate::ingest::Document> = cx.a.corpus.docs.iter().map(|d| (d.id.as_str(), d)).collect();
    let points: Vec<Point> = ids
        .iter()
        .enumerate()
        .filter_map(|(i, id)| {
            let d = by_id.get(id.as_str())?.date()?;
            let x = d.year() as f64 + (d.ordinal0() as f64) / 366.0;
            Some(Point { x, y: tokens[i], group: types[i].clone(), hollow: partial[i] })
        })
        .collect();
    cx.save(&charts::Scatter {
        text: charts::ChartText::new(
            "文件长度 / Statement length by year",
            "Tokens per statement (punctuation excluded), by date of signing; colour = document type",
            cx.source,
        )
        .axes("Year", "Tokens"),
        points: &points,
        hollow_note: "partial text (abridged in the source)".into(),
    })?;
    Ok(Some(
        "Length of each statement in tokens (punctuation excluded) by date, coloured by document type; hollow markers are partial texts.".to_string(),
    ))
}

/// Column label of a document in clause charts (`*` marks a partial text).
fn doc_label(d: &crate::ingest::Document) -> String {
    format!("{}{}", d.id, if d.partial { "*" } else { "" })
}

/// The columns of the per-statement clause charts: one per statement (every statement, in date
/// order), or — above `--chart-statements` — one per group of statements, each the mean over
/// its statements.
struct StatementColumns {
    /// The grouping, when the statements are too many for a column each.
    grouped: Option<Grouping>,
    /// Column labels.
    labels: Vec<String>,
    /// Description of the x axis.
    x_label: String,
    /// How the columns are ordered or pooled (for subtitles).
    order_note: String,
    /// Statements in the corpus.
    n_docs: usize,
    /// `--chart-statements`.
    limit: usize,
}

impl StatementColumns {
    fn new(a: &Analysis, opts: &ReportOptions) -> Self {
        let docs = &a.corpus.docs;
        let grouped = (docs.len() > opts.scale.chart_statements)
            .then(|| crate::compare::grouping(&crate::compare::metas(&a.corpus), &(0..docs.len()).collect::<Vec<_>>()));
        let labels: Vec<String> = match &grouped {
            None => docs.iter().map(doc_label).collect(),
            Some(g) => g.names.clone(),
        };
        let (x_label, order_note) = match &grouped {
            None => ("Statement".to_string(), "statements ordered by date (* = partial text)".to_string()),
            Some(g) => (
                format!("{} (mean over its statements)", g.column),
                format!("mean over the statements of each {} ({} statements)", g.column, docs.len()),
            ),
        };
        StatementColumns {
            grouped,
            labels,
            x_label,
            order_note,
            n_docs: docs.len(),
            limit: opts.scale.chart_statements,
        }
    }

    /// Per-statement values → the columns drawn (mean over a group's statements).
    fn columns(&self, per_doc: Vec<f64>) -> Vec<f64> {
        match &self.grouped {
            None => per_doc,
            Some(g) => group_means(&per_doc, &g.of, g.names.len()),
        }
    }

    /// The caption `text`, followed (in the aggregated view) by a note that the statements
    /// are too many for a column each, so `what` by group.
    fn caption(&self, text: &str, what: &str) -> Option<String> {
        Some(match &self.grouped {
            None => text.to_string(),
            Some(g) => format!(
                "{text} Aggregated view: {} statements exceed the {} a chart draws one by one (--chart-statements), so {what} by {}.",
                self.n_docs, self.limit, g.column
            ),
        })
    }
}

/// `scale` × the share of each statement's sentences in each of `cats`: `[category][statement]`,
/// statements in corpus order (0 for a statement without sentences). The sentence counts are
/// read from a table of [`crate::stats::clauses::ClauseStats`] (`doc_id`, `column`,
/// `sentences`; rows of the same document and category, e.g. of several actors, are added).
fn clause_shares(a: &Analysis, table: &DataFrame, column: &str, cats: &[&str], scale: f64) -> Result<Vec<Vec<f64>>> {
    let doc_index: HashMap<&str, usize> = a.corpus.docs.iter().enumerate().map(|(i, d)| (d.id.as_str(), i)).collect();
    let cat_index: HashMap<&str, usize> = cats.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    let mut counts = vec![vec![0.0; a.corpus.docs.len()]; cats.len()];
    let (ids, cat, n) = (str_col(table, "doc_id")?, str_col(table, column)?, f64_col(table, "sentences")?);
    for ((id, c), k) in ids.iter().zip(&cat).zip(n) {
        if let (Some(&d), Some(&c)) = (doc_index.get(id.as_str()), cat_index.get(c.as_str())) {
            counts[c][d] += k;
        }
    }
    let sentences: Vec<f64> = a.labels.iter().map(|ls| ls.len() as f64).collect();
    Ok(counts
        .into_iter()
        .map(|row| row.iter().zip(&sentences).map(|(k, n)| if *n == 0.0 { 0.0 } else { scale * k / n }).collect())
        .collect())
}

/// Share (%) of each statement's sentences touching each topic: `[topic][statement]`
/// (`doc_topics`).
fn topic_shares(a: &Analysis) -> Result<Vec<Vec<f64>>> {
    let topics: Vec<&str> = a.rules.topics.iter().map(|t| t.name.as_str()).collect();
    clause_shares(a, &a.clause_stats.doc_topics, "topic", &topics, 100.0)
}

/// (d) Speech-act mix per statement.
fn acts_by_statement(cx: &Ctx) -> Result<Option<String>> {
    let (a, sc) = (cx.a, StatementColumns::new(cx.a, cx.opts));
    let mut act_names: Vec<String> = a.rules.act_names().iter().map(|s| s.to_string()).collect();
    act_names.push("none".into());
    let acts: Vec<&str> = act_names.iter().map(String::as_str).collect();
    let shares = clause_shares(a, &a.clause_stats.doc_acts, "main_act", &acts, 1.0)?;
    let series: Vec<charts::Series> = act_names
        .iter()
        .zip(shares)
        .map(|(act, values)| charts::Series { name: act.clone(), values: sc.columns(values) })
        .collect();
    cx.save(&charts::StackedBars {
        text: charts::ChartText::new(
            "言语行为构成 / Speech-act mix of each statement",
            format!("Share of sentences by main speech act; {}", sc.order_note),
            cx.source,
        )
        .axes(&sc.x_label, "Share of sentences"),
        columns: &sc.labels,
        series: &series,
    })?;
    Ok(sc.caption(
        "Share of each statement's sentences by main speech act, statements ordered by date.",
        "the bars show the mean shares",
    ))
}

/// (e) Topics × statements.
fn topics_heatmap(cx: &Ctx) -> Result<Option<String>> {
    let (a, sc) = (cx.a, StatementColumns::new(cx.a, cx.opts));
    let topic_labels: Vec<String> = a.rules.topics.iter().map(|t| t.label.clone()).collect();
    let shown: Vec<Vec<f64>> = topic_shares(a)?.into_iter().map(|v| sc.columns(v)).collect();
    cx.save(&charts::Heatmap {
        text: charts::ChartText::new(
            "议题分布 / Topics across statements",
            match &sc.grouped {
                None => "Share of sentences that touch each topic (multi-label, keyword lexicons in corpus/clause_rules.toml); * = partial text".to_string(),
                Some(_) => format!("Share of sentences that touch each topic (multi-label, keyword lexicons in corpus/clause_rules.toml); {}", sc.order_note),
            },
            cx.source,
        )
        .axes(&sc.x_label, "Topic"),
        rows: &topic_labels,
        cols: &sc.labels,
        values: &shown,
        scale_label: "% of sentences".into(),
    })?;
    Ok(sc.caption(
        "Share of each statement's sentences touching each topic (a sentence can have several topics).",
        "the cells show the mean shares",
    ))
}

/// (f) One-China dot matrix (a share per group of statements at scale).
fn one_china_matrix(cx: &Ctx) -> Result<Option<String>> {
    let (a, sc) = (cx.a, StatementColumns::new(cx.a, cx.opts));
    let cats: Vec<String> = ["partner", "china", "joint", "other", "none"].iter().map(|s| s.to_string()).collect();
    let cat_labels: Vec<String> = [
        "partner states the clause",
        "China states it",
        "both sides state it",
        "a third party",
        "outside a One-China clause",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let feats = &a.rules.one_china.features;
    let rows: Vec<String> = feats.iter().map(|f| f.label.clone()).collect();
    let cells: Vec<Vec<Option<usize>>> = feats
        .iter()
        .map(|f| {
            a.profiles
                .iter()
                .map(|p| {
                    (*p.features.get(&f.name).unwrap_or(&false))
                        .then(|| cats.iter().position(|c| *c == p.stated_by).unwrap_or(4))
                })
                .collect()
        })
        .collect();
    let Some(g) = &sc.grouped else {
        cx.save(&charts::DotMatrix {
            text: charts::ChartText::new(
                "一个中国条款 / The One-China clause, statement by statement",
                "A dot where the statement holds the element; colour = who states the clause; statements ordered by date (* = partial text)",
                cx.source,
            )
            .axes("Statement", ""),
            rows: &rows,
            columns: &sc.labels,
            cells: &cells,
            categories: &cat_labels,
        })?;
        return Ok(Some("Elements of the One-China clause in each statement; colour shows who states it.".to_string()));
    };
    // share of each group's statements holding each element
    let shares: Vec<Vec<f64>> = cells
        .iter()
        .map(|row| sc.columns(row.iter().map(|c| if c.is_some() { 100.0 } else { 0.0 }).collect()))
        .collect();
    cx.save(&charts::Heatmap {
        text: charts::ChartText::new(
            "一个中国条款 / The One-China clause by group of statements",
            format!("Share of the statements of each {} that hold the element ({} statements)", g.column, sc.n_docs),
            cx.source,
        )
        .axes(format!("{} (share of its statements)", g.column), "Element"),
        rows: &rows,
        cols: &sc.labels,
        values: &shares,
        scale_label: "% of statements".into(),
    })?;
    Ok(sc.caption(
        "Share of statements holding each element of the One-China clause.",
        "the dots (who states each clause) become the share of statements holding each element",
    ))
}

/// (g) The focus partner's own series of topics (by year when there are too many statements).
fn partner_series(cx: &Ctx) -> Result<Option<String>> {
    let (a, opts) = (cx.a, cx.opts);
    let Some(focus) = a.focus_doc() else {
        return Ok(None);
    };
    let docs = &a.corpus.docs;
    let values = topic_shares(a)?;
    let idx: Vec<usize> =
        (0..docs.len()).filter(|&i| docs[i].partner() == focus.partner() && docs[i].date().is_some()).collect();
    let mut topic_means: Vec<(f64, usize)> =
        a.rules.topics.iter().enumerate().map(|(k, _)| (idx.iter().map(|&i| values[k][i]).sum::<f64>(), k)).collect();
    topic_means.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    let by_year = idx.len() > opts.scale.chart_statements;
    let (points, groups): (Vec<String>, Vec<Vec<usize>>) = if by_year {
        let mut years: Vec<i32> = idx.iter().filter_map(|&i| docs[i].year()).collect();
        years.dedup();
        let groups: Vec<Vec<usize>> =
            years.iter().map(|y| idx.iter().copied().filter(|&i| docs[i].year() == Some(*y)).collect()).collect();
        (years.iter().zip(&groups).map(|(y, g)| format!("{y} (n={})", g.len())).collect(), groups)
    } else {
        (idx.iter().map(|&i| doc_label(&docs[i])).collect(), idx.iter().map(|&i| vec![i]).collect())
    };
    let series: Vec<charts::Series> = topic_means
        .iter()
        .take(6)
        .map(|&(_, k)| charts::Series {
            name: a.rules.topics[k].label.clone(),
            values: groups
                .iter()
                .map(|g| g.iter().map(|&i| values[k][i] / 100.0).sum::<f64>() / g.len().max(1) as f64)
                .collect(),
        })
        .collect();
    let partner = if focus.partner().is_empty() { "the same partner (none recorded)" } else { focus.partner() };
    cx.save(&charts::LineChart {
        text: charts::ChartText::new(
            format!(
                "{} — 议题的变化 / Topics in the statements with {} over time",
                if focus.partner().is_empty() { "伙伴未知" } else { focus.partner() },
                focus.meta.partner_en.as_deref().unwrap_or(partner)
            ),
            format!(
                "Share of sentences touching each of the six most present topics; {} statements with this partner, {}",
                idx.len(),
                if by_year { "mean by year (n = statements)" } else { "by date" }
            ),
            cx.source,
        )
        .axes(if by_year { "Year" } else { "Statement (in date order)" }, "Share of sentences"),
        x_labels: &points,
        series: &series,
        percent: true,
    })?;
    Ok(Some(if by_year {
        format!(
            "The six most present topics across the {} statements with {partner}, mean by year. Aggregated view: {} statements exceed the {} a chart draws one by one (--chart-statements).",
            idx.len(),
            idx.len(),
            opts.scale.chart_statements
        )
    } else {
        format!("The six most present topics across the {} statements with {partner}, by date.", idx.len())
    }))
}

/// Mean of `per_doc` over the members of each group (`of[i]` = group of item i).
fn group_means(per_doc: &[f64], of: &[usize], n_groups: usize) -> Vec<f64> {
    let mut sum = vec![0.0; n_groups];
    let mut n = vec![0usize; n_groups];
    for (v, &g) in per_doc.iter().zip(of) {
        sum[g] += v;
        n[g] += 1;
    }
    sum.iter().zip(&n).map(|(s, &k)| if k > 0 { s / k as f64 } else { 0.0 }).collect()
}

/// Keyness of the focus statement: top 15 over-used, top 10 under-used terms by signed G².
fn keyness(cx: &Ctx) -> Result<Option<String>> {
    let (a, cmp) = (cx.a, &cx.a.comparison);
    if !cmp.has_keyness() {
        return Ok(None);
    }
    let k = &cmp.keyness;
    let terms = str_col(k, "term")?;
    let sg = f64_col(k, "signed_g2")?;
    let mut rows: Vec<(String, f64)> =
        terms.iter().zip(&sg).filter(|(_, v)| **v > 0.0).take(15).map(|(t, v)| (t.clone(), *v)).collect();
    let mut under: Vec<(String, f64)> =
        terms.iter().zip(&sg).filter(|(_, v)| **v < 0.0).map(|(t, v)| (t.clone(), *v)).collect();
    under.sort_by(|x, y| x.1.total_cmp(&y.1).then(x.0.cmp(&y.0)));
    under.truncate(10);
    under.reverse();
    rows.extend(under);
    cx.save(&charts::DivergingBars {
        text: charts::ChartText::new(
            format!("关键词 / Keyness of {} against the rest of the corpus", a.focus_id()),
            "Signed log-likelihood G² (4-term, quanteda/AntConc convention); top 15 over-used and top 10 under-used terms, min. 3 occurrences",
            cx.source,
        )
        .axes("Signed G² (positive: used more in the focus statement)", ""),
        rows: &rows,
        legend: (format!("over-used in {}", a.focus_id()), "under-used (more frequent in the rest)".into()),
    })?;
    Ok(Some(format!("Keyness of {} against the rest of the analysis set (signed G²).", a.focus_id())))
}

/// Similarity heatmap, ordered by clustering (statements, or groups of statements at scale).
fn similarity_heatmap(cx: &Ctx) -> Result<Option<String>> {
    let cmp = &cx.a.comparison;
    let hm = &cmp.sim_heatmap;
    if hm.labels.is_empty() {
        return Ok(None);
    }
    let (title, subtitle, axis, scale_label, caption) = match &hm.grouped_by {
        None => (
            "文件相似度 / Similarity between statements".to_string(),
            "Cosine similarity of TF-IDF vectors; statements ordered by average-linkage clustering (1 − cosine)".to_string(),
            "Statement",
            "cosine (TF-IDF)",
            "Cosine similarity (TF-IDF) between statements, ordered by hierarchical clustering.".to_string(),
        ),
        Some(by) => (
            format!("文件相似度 / Similarity between statements by {by}"),
            format!("Mean cosine (TF-IDF) over all pairs of statements of two groups (diagonal: within a group); clustered; {} statements", cmp.sim_ids.len()),
            by.as_str(),
            "mean cosine (TF-IDF)",
            format!(
                "Mean cosine similarity (TF-IDF) between and within groups of statements by {by}, ordered by hierarchical clustering. Aggregated view: {} statements exceed the {} a chart draws one by one (--chart-statements); the means cover every pair of statements (computed from sums of unit vectors, without the n² table).",
                cmp.sim_ids.len(),
                cx.opts.scale.chart_statements
            ),
        ),
    };
    cx.save(&charts::Heatmap {
        text: charts::ChartText::new(title, subtitle, cx.source).axes(axis, axis),
        rows: &hm.labels,
        cols: &hm.labels,
        values: &hm.values,
        scale_label: scale_label.into(),
    })?;
    Ok(Some(caption))
}

/// Dispersion of the top key term: a lane per statement, or the statements using it most.
fn dispersion(cx: &Ctx) -> Result<Option<String>> {
    let cmp = &cx.a.comparison;
    let Some(term) = cmp.key_terms.first() else {
        return Ok(None);
    };
    let pos_ids = str_col(&cmp.dispersion_positions, "doc_id")?;
    let rel = f64_col(&cmp.dispersion_positions, "rel_position")?;
    let mut by_doc: HashMap<&str, Vec<f64>> = HashMap::new();
    for (d, r) in pos_ids.iter().zip(&rel) {
        by_doc.entry(d.as_str()).or_default().push(*r);
    }
    let n = cmp.sim_ids.len();
    let limit = cx.opts.scale.chart_statements;
    let mut lane_ids: Vec<usize> = (0..n).collect();
    if n > limit {
        // the statements with the most occurrences (ties: date order), drawn in date order
        let count = |i: &usize| by_doc.get(cmp.sim_ids[*i].as_str()).map_or(0, |v| v.len());
        lane_ids.sort_by(|x, y| count(y).cmp(&count(x)).then(x.cmp(y)));
        lane_ids.truncate(limit);
        lane_ids.sort();
    }
    let lanes: Vec<(String, Vec<f64>)> = lane_ids
        .iter()
        .map(|&i| {
            let id = &cmp.sim_ids[i];
            (id.clone(), by_doc.get(id.as_str()).cloned().unwrap_or_default())
        })
        .collect();
    cx.save(&charts::DispersionPlot {
        text: charts::ChartText::new(
            format!("分布 / Where “{term}” occurs in each statement"),
            if n > limit {
                format!("One lane for each of the {limit} statements (of {n}) that use {term} most, by date; a tick per occurrence (the focus statement's top key term)")
            } else {
                format!("One lane per statement (by date), a tick per occurrence of {term} (the focus statement's top key term); occurrences in brackets")
            },
            cx.source,
        )
        .axes("Position in the statement (0 = start, 1 = end)", ""),
        lanes: &lanes,
    })?;
    Ok(Some(if n > limit {
        format!("Occurrences of {term} in the {limit} statements that use it most (of {n}), by relative position. Top-N view: {n} statements exceed the {limit} lanes a chart draws (--chart-statements); the dispersion measures cover all of them.")
    } else {
        format!("Occurrences of {term} across the statements, by relative position.")
    }))
}

/// Trends by decade of the focus statement's key terms.
fn trends(cx: &Ctx) -> Result<Option<String>> {
    let (a, cmp) = (cx.a, &cx.a.comparison);
    if cmp.key_terms.is_empty() {
        return Ok(None);
    }
    let tr = &cmp.trend;
    let periods = str_col(tr, "period")?;
    let tterms = str_col(tr, "term")?;
    let per = f64_col(tr, "per_10k")?;
    let nstat = f64_col(tr, "statements")?;
    // periods in table order, each once, with its number of statements
    let mut uniq: Vec<(String, f64)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (p, n) in periods.iter().zip(&nstat) {
        if seen.insert(p.as_str()) {
            uniq.push((p.clone(), *n));
        }
    }
    // (period, term) → per 10k, first row wins (one pass instead of a search per cell)
    let mut cell: HashMap<(&str, &str), f64> = HashMap::with_capacity(per.len());
    for ((p, t), v) in periods.iter().zip(&tterms).zip(&per) {
        cell.entry((p.as_str(), t.as_str())).or_insert(*v);
    }
    let series: Vec<charts::Series> = cmp
        .key_terms
        .iter()
        .map(|t| charts::Series {
            name: t.clone(),
            values: uniq.iter().map(|(p, _)| cell.get(&(p.as_str(), t.as_str())).copied().unwrap_or(0.0)).collect(),
        })
        .collect();
    cx.save(&charts::LineChart {
        text: charts::ChartText::new(
            format!("趋势 / Key terms of {} by decade", a.focus_id()),
            "Relative frequency of the focus statement's top key terms in each decade (n = statements in the decade)",
            cx.source,
        )
        .axes("Decade", "Relative frequency (per 10,000 tokens)"),
        x_labels: &uniq.iter().map(|(p, n)| format!("{p} (n={n})")).collect::<Vec<_>>(),
        series: &series,
        percent: false,
    })?;
    Ok(Some(
        "Relative frequency by decade of the focus statement's most key terms; n = statements per decade.".to_string(),
    ))
}

/// Most partners drawn as rows of the designation timeline.
const MAX_DESIGNATION_PARTNERS: usize = 40;

/// The relationship-designation timeline (one row per partner, a marker per statement); nothing
/// when no statement names a designation or none is dated. Above [`MAX_DESIGNATION_PARTNERS`]
/// partners, only the partners with the most statements naming a designation are drawn (the
/// subtitle says so).
fn designation_timeline(cx: &Ctx) -> Result<Option<String>> {
    let df = &cx.a.designations;
    if df.height() == 0 {
        return Ok(None);
    }
    let (partner, date, designation, verb) =
        (str_col(df, "partner")?, str_col(df, "date")?, str_col(df, "designation")?, str_col(df, "verb")?);
    let level: Vec<u32> = df.column("level")?.i64()?.iter().map(|v| v.unwrap_or(0) as u32).collect();
    let mut marks: Vec<charts::DesignationMark> = (0..df.height())
        .filter_map(|i| {
            let date = chrono::NaiveDate::parse_from_str(&date[i], "%Y-%m-%d").ok()?;
            Some(charts::DesignationMark {
                partner: if partner[i].is_empty() { "(no partner)".to_string() } else { partner[i].clone() },
                date,
                designation: designation[i].clone(),
                level: level[i],
                verb: verb[i].clone(),
            })
        })
        .collect();
    if !marks.iter().any(|m| !m.designation.is_empty()) {
        return Ok(None);
    }
    let mut per_partner: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for m in &marks {
        *per_partner.entry(m.partner.as_str()).or_default() += usize::from(!m.designation.is_empty());
    }
    let mut subtitle = "The designation each statement sets or carries on; colour = ordinal level (corpus/designations.toml), shape = verb (● establish, ▲ upgrade, ○ develop)".to_string();
    if per_partner.len() > MAX_DESIGNATION_PARTNERS {
        let mut ranked: Vec<(&str, usize)> =
            per_partner.iter().map(|(p, n)| (*p, *n)).filter(|(_, n)| *n > 0).collect();
        ranked.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
        let keep: std::collections::BTreeSet<String> =
            ranked.iter().take(MAX_DESIGNATION_PARTNERS).map(|(p, _)| p.to_string()).collect();
        subtitle = format!(
            "{subtitle}; the {} of {} partners with the most designated statements",
            keep.len(),
            per_partner.len()
        );
        marks.retain(|m| keep.contains(&m.partner));
    }
    cx.save(&charts::DesignationTimeline {
        text: charts::ChartText::new("伙伴关系 / Relationship designations by partner", subtitle, cx.source)
            .axes("Year of signing", "Partner"),
        marks: &marks,
    })?;
    Ok(Some(
        "Relationship designation (伙伴关系 …) of each statement by partner and date: colour = ordinal level, shape = whether the statement establishes, upgrades or carries the designation on; grey dots name none.".to_string(),
    ))
}

/// Share of each statement's text reused from earlier statements, by date, coloured by where
/// the largest part comes from (the same partner's statements, another partner's, or nothing
/// reused); nothing with fewer than two dated statements.
fn reuse_over_time(cx: &Ctx) -> Result<Option<String>> {
    let data = crate::reuse::chart_data(&cx.a.reuse);
    if data.len() < 2 {
        return Ok(None);
    }
    let points: Vec<Point> = data
        .iter()
        .map(|p| {
            let group = match &p.top_source_partner {
                None => "nothing reused",
                Some(sp) if *sp == p.partner => "mostly from the same partner's statements",
                Some(_) => "mostly from other partners' statements",
            };
            Point {
                x: p.date.year() as f64 + (p.date.ordinal0() as f64) / 366.0,
                y: 100.0 * p.share_reused,
                group: group.to_string(),
                hollow: false,
            }
        })
        .collect();
    cx.save(&charts::Scatter {
        text: charts::ChartText::new(
            "文本沿用 / Text reused from earlier statements",
            format!(
                "Share of each statement's characters in sentences verbatim or near-verbatim (similarity ≥ {:.2}) to an earlier statement's; colour = main source",
                cx.a.reuse.options.near
            ),
            cx.source,
        )
        .axes("Year of signing", "Characters reused (%)"),
        points: &points,
        hollow_note: String::new(),
    })?;
    Ok(Some(
        "Share of each statement's text (characters) reused verbatim or near-verbatim from earlier statements, by date; colour = whether most of it comes from the same partner's earlier statements or another partner's.".to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::FIGURES;

    #[test]
    fn every_figure_has_a_unique_png_file() {
        let mut files: Vec<&str> = FIGURES.iter().map(|f| f.file).collect();
        assert!(files.iter().all(|f| f.ends_with(".png") && !f.contains('/')), "{files:?}");
        files.sort_unstable();
        files.dedup();
        assert_eq!(files.len(), FIGURES.len(), "duplicate figure files");
        assert_eq!(FIGURES.len(), 13);
        assert!(FIGURES.iter().all(|f| !f.about.is_empty()));
    }
}
