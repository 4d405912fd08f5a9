//! `report.md`, section by section, written from the numbers of the [`Analysis`]; and the
//! tables under `tables/` with their `datapackage.json`.
//!
//! Longer than 500 lines because every section's sentences are written from its numbers
//! (and say when a section is skipped and why) next to the table it shows.

use super::markdown::{bool_col, f64_col, md_table, str_col};
use super::package::{write_datapackage, JIEBA_VERSION};
use super::tables::{written, Built};
use super::ReportOptions;
use crate::analysis::Analysis;
use crate::error::Result;
use crate::output::{write_atomic, write_table};
use crate::problems::Severity;
use polars::prelude::*;
use std::fmt::Write as _;
use std::path::Path;

/// Write `report.md` and every table into `dir`.
pub fn write_report(a: &Analysis, opts: &ReportOptions, dir: &Path) -> Result<()> {
    let st = &a.stats;
    let tables = dir.join("tables");
    let built = Built::new(a, &tables)?;
    // without a focus, or without anything to compare the focus with, its tables are not written
    let all = written(a, &built);
    // the tables are independent files: written side by side (each file's bytes do not depend
    // on the order), the first error in table order reported
    use rayon::prelude::*;
    let done: Vec<Result<()>> = all
        .par_iter()
        .map(|(name, df)| {
            if a.written_ahead.contains(name) {
                // written by the pipeline as soon as its last reader was done (`write_ahead`)
                Ok(())
            } else if *name == "tokens" {
                // streamed from the compact tokens (a.token_df only has the columns)
                crate::stats::write_token_table(&a.tokens, &tables, name)
            } else if !Built::WRITTEN.contains(name) {
                write_table(df, &tables, name)
            } else {
                Ok(())
            }
        })
        .collect();
    done.into_iter().collect::<Result<()>>()?;
    write_datapackage(&all, a, dir)?;

    let focus = a.focus_doc();
    let docs = &a.corpus.docs;
    let n_partial = docs.iter().filter(|d| d.partial).count();
    let total_tokens: f64 = f64_col(&st.documents, "tokens")?.iter().sum();
    let folder = a.run.corpus_dir.file_name().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let mut md = String::new();
    match focus {
        Some(focus) => {
            let _ = writeln!(md, "# jointstat report — focus: {}\n", focus.meta.title.as_deref().unwrap_or(&focus.id));
        }
        None => {
            let _ = writeln!(md, "# jointstat report — corpus: {folder}\n");
        }
    }
    let focus_line = match focus {
        Some(focus) => format!(
            "Focus statement: **{}** ({}, {}, {}).",
            focus.id,
            focus.partner(),
            focus.date().map(|d| d.to_string()).unwrap_or_else(|| "no date".into()),
            focus.doc_type()
        ),
        None => format!(
            "**No focus statement**: this is a corpus-level report, and the sections that compare one statement with the rest (its terms, keyness, nearest statements, dispersion and trends of its key terms, its clause profile) are left out. Add one with `--focus ID`, e.g. `jointstat analyze --corpus {folder} --focus {}`.",
            docs.first().map_or("ID", |d| d.id.as_str())
        ),
    };
    let _ = writeln!(
        md,
        "Corpus: {} statements ({} complete, {} partial) read from `{}`{}. {focus_line}\n",
        docs.len(),
        docs.len() - n_partial,
        n_partial,
        folder,
        if a.corpus.has_manifest { " with its manifest.csv" } else { " (no manifest: metadata taken from the files)" },
    );
    let _ = writeln!(
        md,
        "Corpus-level figures use the **{} statements of the analysis set** ({}). In all, {} tokens (punctuation excluded) were analysed.\n",
        st.n_analysis,
        if a.run.include_partial { "partial texts included by --include-partial" } else { "complete statements only; partial texts are shown but not pooled" },
        total_tokens as u64
    );
    scale_note(&mut md, a, opts);

    // input problems
    let _ = writeln!(md, "## Input problems\n");
    if a.corpus.problems.is_empty() {
        let _ = writeln!(md, "None: every file listed was read, decoded and cut without a warning.\n");
    } else {
        let errs = a.corpus.problems.iter().filter(|p| p.severity == Severity::Error).count();
        let _ = writeln!(
            md,
            "{} problem(s): {} error(s) (document skipped), {} warning(s) (document analysed). Also in `tables/input_problems.csv`.\n",
            a.corpus.problems.len(),
            errs,
            a.corpus.problems.len() - errs
        );
        md.push_str(&md_table(
            &built.problems,
            &[
                ("severity", "severity"),
                ("action", "action"),
                ("file", "file"),
                ("manifest_line", "manifest line"),
                ("code", "code"),
                ("message", "message"),
            ],
            usize::MAX,
            2,
        )?);
        md.push('\n');
    }

    // corpus table
    let _ = writeln!(md, "## Corpus\n");
    let _ = writeln!(
        md,
        "One row per statement, by date. *lead cut*: a news lead (and headline repeats) was removed before the statement proper; *articles*: numbered articles found. Full table: `tables/documents.csv`; every removed line: `tables/cuts.csv`.\n"
    );
    md.push_str(&md_table(
        &st.documents,
        &[
            ("doc_id", "id"),
            ("date", "date"),
            ("partner", "partner"),
            ("doc_type", "type"),
            ("completeness", "text"),
            ("tokens", "tokens"),
            ("articles", "articles"),
            ("lead_cut", "lead cut"),
        ],
        rows_shown(st.documents.height(), opts),
        2,
    )?);
    md.push('\n');
    shown_note(&mut md, st.documents.height(), opts, "tables/documents.csv");
    let lens = f64_col(&st.documents, "tokens")?;
    let ids = str_col(&st.documents, "doc_id")?;
    let in_an = bool_col(&st.documents, "in_analysis")?;
    let mut an: Vec<(f64, &String)> =
        lens.iter().zip(&ids).zip(&in_an).filter(|(_, b)| **b).map(|((l, i), _)| (*l, i)).collect();
    an.sort_by(|x, y| x.0.total_cmp(&y.0).then_with(|| x.1.cmp(y.1)));
    if let (Some(min), Some(max)) = (an.first(), an.last()) {
        let median =
            if an.len() % 2 == 1 { an[an.len() / 2].0 } else { (an[an.len() / 2 - 1].0 + an[an.len() / 2].0) / 2.0 };
        let _ = writeln!(
            md,
            "Complete statements run from {} tokens ({}) to {} tokens ({}); the median is {:.1}.\n",
            min.0 as u64, min.1, max.0 as u64, max.1, median
        );
    }

    // focus (only with one)
    if let Some(focus) = focus {
        let _ = writeln!(md, "## Focus statement: {}\n", focus.id);
        let _ = writeln!(md, "- Title: {}", focus.meta.title.as_deref().unwrap_or("–"));
        let _ = writeln!(md, "- Newspaper headline: {}", if focus.headline.is_empty() { "–" } else { &focus.headline });
        let _ = writeln!(
            md,
            "- Signed: {}{}; signatories: {}",
            focus.signature.date.map(|d| d.to_string()).unwrap_or_else(|| "–".into()),
            focus.signature.place.as_deref().map(|p| format!(" at {p}")).unwrap_or_default(),
            if focus.signature.signatories.is_empty() { "–".into() } else { focus.signature.names().join(", ") }
        );
        let seg = &a.segs[a.corpus.docs.iter().position(|d| d.id == focus.id).unwrap_or(0)];
        let _ = writeln!(
            md,
            "- Structure: {} numbered articles ({}), {} sentences, {} paragraphs",
            seg.numbered_articles(),
            seg.scheme.name(),
            seg.sentences.len(),
            focus.body.len()
        );
        if !focus.lead.is_empty() {
            let _ = writeln!(md, "- Cut as news lead ({}):", focus.lead_kind.name());
            for l in &focus.lead {
                let _ = writeln!(md, "  > {l}");
            }
        }
        md.push('\n');
        figure(&mut md, a, "focus_top_terms.png");
        {}
        if st.focus_terms.width() == 0 {
            let _ = writeln!(
                md,
                "Its terms are not compared with the rest of the corpus: the analysis set holds no other statement.\n"
            );
        } else {
            let top = st.focus_terms.head(Some(opts.top_n));
            if top.height() > 0 {
                let t = str_col(&top, "term")?;
                let lr = f64_col(&top, "log_ratio")?;
                let (best, best_lr) =
                    t.iter().zip(&lr).max_by(|x, y| x.1.total_cmp(y.1).then_with(|| y.0.cmp(x.0))).expect("non-empty");
                let _ = writeln!(
                    md,
                    "Its most frequent term is **{}**; among its top {} terms, **{}** is the most over-represented against the rest of the corpus (log ratio {:.2}, i.e. {:.1}× the relative frequency).\n",
                    t[0],
                    top.height(),
                    best,
                    best_lr,
                    2f64.powf(*best_lr)
                );
            }
            md.push_str(&md_table(
                &top,
                &[
                    ("term", "term"),
                    ("focus_count", "count"),
                    ("focus_per_10k", "per 10k"),
                    ("rest_count", "rest count"),
                    ("rest_per_10k", "rest per 10k"),
                    ("log_ratio", "log ratio"),
                    ("g2", "G²"),
                    ("direction", "use"),
                    ("tfidf", "TF-IDF"),
                ],
                opts.top_n,
                2,
            )?);
            md.push('\n');
        }
    }

    // corpus terms
    let _ = writeln!(md, "## Corpus terms\n");
    let ct = st.corpus_terms.head(Some(opts.heat_terms));
    if ct.height() > 0 {
        let t = str_col(&ct, "term")?;
        let share = f64_col(&ct, "doc_share")?;
        let _ = writeln!(
            md,
            "The most frequent term of the analysis set is **{}**, found in {:.0}% of its statements.\n",
            t[0],
            share[0] * 100.0
        );
    }
    md.push_str(&md_table(
        &ct,
        &[
            ("term", "term"),
            ("pos", "POS"),
            ("count", "count"),
            ("per_10k", "per 10k"),
            ("doc_freq", "statements"),
            ("doc_share", "share"),
            ("idf", "IDF"),
        ],
        opts.heat_terms,
        3,
    )?);
    md.push('\n');
    figure(&mut md, a, "terms_heatmap.png");
    {}
    let _ = writeln!(md, "## Statement length\n");
    figure(&mut md, a, "length_by_year.png");
    {}

    clause_section(&mut md, a, opts)?;
    reuse_section(&mut md, a);
    comparison_section(&mut md, a, opts)?;

    // methods
    let _ = writeln!(md, "## Methods\n");
    let _ = writeln!(md, "- Segmentation: jieba-rs {} with HMM, its bundled dictionary plus {} user-dictionary entries (sha256 `{}`); stopwords sha256 `{}`.", JIEBA_VERSION, a.run.user_words, &a.run.userdict.sha256[..16], &a.run.stopwords.sha256[..16]);
    let _ = writeln!(md, "- *Tokens*: word tokens with punctuation excluded (denominator of every per-10,000 figure). *Terms*: tokens that are not stopwords, punctuation or numerals.");
    let _ = writeln!(
        md,
        "- TF-IDF = count × log10(N / df), N = statements in the analysis set (quanteda `dfm_tfidf()` default)."
    );
    let _ = writeln!(md, "- Focus vs rest: log-likelihood G² (Dunning 1993, without Williams' correction) and log ratio (Hardie 2014: log2 of the ratio of relative frequencies, 0.5 added to a zero count).");
    let _ = writeln!(md, "- Clauses: rules version {} (sha256 `{}`): actor from sentence-initial cues (inherited within an article), speech acts from token cues (main act = first after the actor), negation, multi-label topic lexicons, One-China features by regular expression — see `corpus/clause_rules.toml`.", a.rules.version, &a.run.rules.sha256[..16]);
    let _ = writeln!(md, "- Tables (CSV and Parquet) in `tables/`: {}. Column meanings: `reports/README.md` in the jointstat repository.", all.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "));
    write_atomic(&dir.join("report.md"), md.as_bytes())?;
    let title = md.lines().next().unwrap_or("jointstat report").trim_start_matches("# ");
    write_atomic(&dir.join("report.html"), super::html::render(&md, dir, title)?.as_bytes())
}

/// The report's comparison section.
fn comparison_section(md: &mut String, a: &Analysis, opts: &ReportOptions) -> Result<()> {
    let cmp = &a.comparison;
    match a.focus_doc() {
        Some(focus) => {
            let _ = writeln!(md, "## Comparison: {} against the other statements\n", focus.id);
        }
        None => {
            let _ = writeln!(md, "## Comparison of the statements\n");
            let _ = writeln!(
                md,
                "Keyness, the nearest statements, and the dispersion and trends of key terms compare a focus statement with the rest: skipped, as this report has no focus statement (add one with `--focus ID`).\n"
            );
        }
    }
    if a.focus.is_some() && !cmp.has_keyness() {
        let _ = writeln!(
            md,
            "Keyness, the nearest statements, and the dispersion and trends of key terms are skipped: keyness needs a non-empty reference, and the analysis set holds no statement besides the focus.\n"
        );
    }
    if cmp.has_keyness() {
        let k = &cmp.keyness;
        let sig = bool_col(k, "significant")?.iter().filter(|b| **b).count();
        let _ = writeln!(
            md,
            "Keyness (focus vs the rest of the analysis set, terms with at least 3 occurrences): {} terms tested, {} significant after Bonferroni correction (p < 0.05). Full table with G² (with and without Williams' correction), chi² (with and without Yates), log ratio, %DIFF and p-values: `tables/keyness.csv`.\n",
            k.height(),
            sig
        );
        let over = k.clone().lazy().filter(col("direction").eq(lit("over"))).limit(15).collect()?;
        let cols = [
            ("term", "term"),
            ("target_count", "focus"),
            ("reference_count", "rest"),
            ("target_per_10k", "focus per 10k"),
            ("reference_per_10k", "rest per 10k"),
            ("g2", "G²"),
            ("p_bonferroni", "p (Bonf.)"),
            ("log_ratio", "log ratio"),
            ("pct_diff", "%DIFF"),
        ];
        md.push_str(&md_table(&over, &cols, 15, 2)?);
        md.push('\n');
        figure(md, a, "keyness.png");
    }
    if cmp.sim_ids.len() < 2 {
        let _ = writeln!(
            md,
            "Similarity between statements is skipped: it needs at least 2 statements in the analysis set ({} here).\n",
            cmp.sim_ids.len()
        );
    }
    let near = &cmp.nearest;
    if near.height() > 0 {
        let ids = str_col(near, "doc_b")?;
        let cos = f64_col(near, "cosine_tfidf")?;
        let table = match cmp.similarity_view {
            crate::compare::SimilarityView::AllPairs => {
                "All pairs with cosine on relative frequencies, on TF-IDF, and Jaccard: `tables/similarity.csv`.".to_string()
            }
            crate::compare::SimilarityView::TopK(k) => format!(
                "`tables/similarity.csv` holds the {k} nearest neighbours of every statement (cosine on TF-IDF; with cosine on relative frequencies and Jaccard), not every pair: {} statements exceed the {} for which all {} pairs are written (--all-pairs-max; --top-k sets k). The focus statement's row against every other statement is `tables/nearest.csv`.",
                cmp.sim_ids.len(),
                opts.scale.all_pairs_max,
                cmp.sim_ids.len() * cmp.sim_ids.len()
            ),
        };
        let _ = writeln!(
            md,
            "The statement closest to {} is **{}** (cosine on TF-IDF {:.3}); the most distant is {} ({:.3}). {table}\n",
            a.focus_id(),
            ids[0],
            cos[0],
            ids[ids.len() - 1],
            cos[cos.len() - 1]
        );
        md.push_str(&md_table(
            near,
            &[
                ("doc_b", "statement"),
                ("cosine_tfidf", "cosine (TF-IDF)"),
                ("cosine_relfreq", "cosine (rel. freq.)"),
                ("jaccard", "Jaccard"),
                ("shared_terms", "shared terms"),
            ],
            10,
            3,
        )?);
        md.push('\n');
    }
    figure(md, a, "similarity_heatmap.png");
    if !cmp.key_terms.is_empty() {
        let _ = writeln!(
            md,
            "Dispersion of the focus statement's top key terms across the statements (Gries' DP: 0 = spread as the statement sizes predict, 1 = concentrated; Juilland's D: 1 = even):\n"
        );
        md.push_str(&md_table(&cmp.dispersion_summary, DISPERSION_COLUMNS, usize::MAX, 3)?);
        md.push('\n');
        // drawn only with key terms, like the trends
        figure(md, a, "dispersion.png");
        let _ = writeln!(
            md,
            "Trends by decade of the key terms (`tables/trend.csv` also holds counts, tokens and statements per decade):\n"
        );
        figure(md, a, "trends.png");
    }
    Ok(())
}

/// The columns of the dispersion table shown in the report (column, header).
const DISPERSION_COLUMNS: &[(&str, &str)] = &[
    ("term", "term"),
    ("count", "count"),
    ("statements_with_term", "statements with it"),
    ("statements", "statements"),
    ("dp", "DP"),
    ("dp_norm", "DP norm."),
    ("juilland_d", "Juilland's D"),
];

/// The report's clause section: charts, summary sentences written from the numbers, tables.
fn clause_section(md: &mut String, a: &Analysis, opts: &ReportOptions) -> Result<()> {
    let cs = &a.clause_stats;
    let _ = writeln!(md, "## Clauses: who says what\n");
    let _ = writeln!(
        md,
        "Each sentence is labelled with its actor, its main speech act and its topics (rules: `corpus/clause_rules.toml`, version {}). All sentences with their labels: `tables/clauses.csv`.\n",
        a.rules.version
    );
    if let Some(focus_i) = a.focus.as_ref().map(|f| f.index) {
        let fl = &a.labels[focus_i];
        let n = fl.len().max(1) as f64;
        let pct = |k: usize| 100.0 * k as f64 / n;
        let count_actor = |x: &str| fl.iter().filter(|l| l.actor.name() == x).count();
        let neg = fl.iter().filter(|l| l.negated).count();
        let _ = writeln!(
            md,
            "In {}, {} sentences: {:.0}% are spoken by both sides jointly, {:.0}% by China alone and {:.0}% by the partner alone; {} carry a negated commitment or agreement (e.g. 将不参加, 将不允许).\n",
            a.focus_id(),
            fl.len(),
            pct(count_actor("joint")),
            pct(count_actor("china")),
            pct(count_actor("partner")),
            neg
        );
        // over- and under-use from the focus profile
        let fp = &cs.focus_profile;
        let dims = str_col(fp, "dimension")?;
        let cats = str_col(fp, "category")?;
        let fshare = f64_col(fp, "focus_share")?;
        let means = f64_col(fp, "corpus_mean")?;
        for (dim, what) in [("act", "speech act"), ("topic", "topic")] {
            let rows: Vec<usize> = (0..dims.len()).filter(|&i| dims[i] == dim).collect();
            if let (Some(&hi), Some(&lo)) = (rows.first(), rows.last()) {
                let _ = writeln!(
                    md,
                    "Against the mean statement, it over-uses the {what} **{}** ({:.1}% of its sentences vs a corpus mean of {:.1}%) and under-uses **{}** ({:.1}% vs {:.1}%).\n",
                    cats[hi], 100.0 * fshare[hi], 100.0 * means[hi], cats[lo], 100.0 * fshare[lo], 100.0 * means[lo]
                );
            }
        }
        let _ = writeln!(md, "Focus statement against the corpus mean (share of sentences; every statement weighs the same; `tables/focus_profile.csv`):\n");
        md.push_str(&md_table(
            fp,
            &[
                ("dimension", "dimension"),
                ("category", "category"),
                ("focus_sentences", "sentences"),
                ("focus_share", "focus share"),
                ("corpus_mean", "corpus mean"),
                ("corpus_sd", "sd"),
                ("diff", "difference"),
                ("z", "z"),
                ("direction", "use"),
            ],
            usize::MAX,
            3,
        )?);
        md.push('\n');
    }
    figure(md, a, "acts_by_statement.png");
    figure(md, a, "topics_heatmap.png");
    figure(md, a, "partner_series.png");
    one_china_summary(md, a, opts)?;
    figure(md, a, "one_china_matrix.png");
    designation_section(md, a)?;
    validation_note(md, a);
    Ok(())
}

/// How far to trust the clause shares: the labels' agreement with the blind gold standard.
fn validation_note(md: &mut String, a: &Analysis) {
    let _ = writeln!(md, "### How far to trust the clause labels\n");
    match &a.validation {
        Some(v) => {
            let _ = writeln!(md, "{v}\nMeasured in this run with these rules on the reference corpus's gold standard (`corpus/gold/`, coded blind to the tool's output; codebook `corpus/codebook.md`); per-label precision, recall and F1 with intervals: `jointstat validate`.\n");
        }
        None => {
            let _ = writeln!(md, "This corpus does not hold every statement of the gold standard (`corpus/gold/`, which labels the reference corpus), so the labels' agreement cannot be measured on it.");
            match &a.validation_recorded {
                Some(r) => {
                    let _ = writeln!(md, "The same clause rules, user dictionary and model were measured on the reference corpus (record `corpus/gold/heldout_agreement.md`, keyed by their sha256; `jointstat validate --corpus ../shared/corpus` recomputes it). Statements unlike the reference corpus (other decades, genres or partners) may fare worse:\n\n{r}");
                }
                None => {
                    let _ = writeln!(md, "These clause rules or this user dictionary differ from the ones whose held-out agreement is recorded (`corpus/gold/heldout_agreement.md`), so no agreement figure applies: run `jointstat validate --corpus ../shared/corpus --rules RULES --userdict DICT` to measure them.\n");
                }
            }
        }
    }
    if let Some(x) = &a.validation_external {
        let _ = writeln!(md, "**Statements outside the reference corpus.** The same rules, user dictionary and model were also scored on later statements that no rule was developed on (record `corpus/gold/external/agreement.md`; sources and protocol in `corpus/gold/external/README.md`):\n\n{x}");
    }
}

/// The partnership each statement establishes, upgrades or carries on, with the timeline chart.
fn designation_section(md: &mut String, a: &Analysis) -> Result<()> {
    let df = &a.designations;
    if df.height() == 0 {
        return Ok(());
    }
    let _ = writeln!(md, "### Relationship designations\n");
    let verbs = str_col(df, "verb")?;
    let with: Vec<usize> = (0..df.height()).filter(|&i| verbs[i] != "none").collect();
    let count = |v: &str| with.iter().filter(|&&i| verbs[i] == v).count();
    let _ = writeln!(
        md,
        "{} of the {} statements of the analysis set name a bilateral partnership (伙伴关系 …): {} establish one, {} upgrade one and {} carry one on (rules and ordinal levels: `corpus/designations.toml`; every statement with its evidence sentence: `tables/designations.csv`; every mention: `jointstat designations --mentions`).\n",
        with.len(),
        df.height(),
        count("establish"),
        count("upgrade"),
        count("develop")
    );
    if !with.is_empty() {
        let idx = IdxCa::new("idx".into(), with.iter().map(|&i| i as IdxSize).collect::<Vec<_>>());
        let shown = df.take(&idx)?;
        md.push_str(&md_table(
            &shown,
            &[
                ("doc_id", "statement"),
                ("date", "date"),
                ("partner", "partner"),
                ("designation", "designation"),
                ("level", "level"),
                ("verb", "verb"),
                ("cue", "cue"),
            ],
            usize::MAX,
            0,
        )?);
        md.push('\n');
    }
    figure(md, a, "designation_timeline.png");
    Ok(())
}

/// A paragraph saying which archive-scale views were chosen and why (nothing for a corpus small
/// enough to show statement by statement).
fn scale_note(md: &mut String, a: &Analysis, opts: &ReportOptions) {
    let n = a.corpus.docs.len();
    let sc = &opts.scale;
    let mut parts = Vec::new();
    if n > sc.chart_statements {
        let by = a.comparison.sim_heatmap.grouped_by.clone().unwrap_or_else(|| "group".into());
        parts.push(format!(
            "with {n} statements, more than the {} a chart can draw one by one (--chart-statements), the per-statement charts show groups of statements (by {by}: pooled or mean values), the focus partner's series is averaged by year when it is that long, the dispersion chart shows the statements that use the term most, and the report's per-statement tables show their first rows (all rows are in `tables/`)",
            sc.chart_statements
        ));
    }
    if let crate::compare::SimilarityView::TopK(k) = a.comparison.similarity_view {
        parts.push(format!(
            "with {} statements compared, more than {} (--all-pairs-max), `tables/similarity` holds each statement's {k} nearest neighbours instead of all {} pairs",
            a.comparison.sim_ids.len(),
            sc.all_pairs_max,
            a.comparison.sim_ids.len() * a.comparison.sim_ids.len()
        ));
    }
    if !parts.is_empty() {
        let _ = writeln!(md, "**Archive-scale views.** {}.\n", capitalize(&parts.join("; ")));
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

/// Rows of a one-row-per-statement table printed in the report: all, or the first
/// `--chart-statements` when there are more (the full table is in `tables/`).
fn rows_shown(n: usize, opts: &ReportOptions) -> usize {
    if n > opts.scale.chart_statements {
        opts.scale.chart_statements
    } else {
        usize::MAX
    }
}

/// Say that a one-row-per-statement table was cut to its first rows, and where the rest is.
fn shown_note(md: &mut String, n: usize, opts: &ReportOptions, file: &str) {
    if n > opts.scale.chart_statements {
        let _ = writeln!(
            md,
            "The first {} of {n} rows are shown (more statements than --chart-statements {}); all rows: `{file}`.\n",
            opts.scale.chart_statements, opts.scale.chart_statements
        );
    }
}

/// Embed a chart by file name, numbered by its position among the charts drawn.
fn figure(md: &mut String, a: &Analysis, file: &str) {
    debug_assert!(super::FIGURES.iter().any(|f| f.file == file), "{file} is not in report::FIGURES");
    if let Some((i, (f, c))) = a.charts.iter().enumerate().find(|(_, (f, _))| f == file) {
        let _ = writeln!(md, "![{c}](charts/{f})\n\n*Figure {}.* {c}\n", i + 1);
    }
}

fn one_china_summary(md: &mut String, a: &Analysis, opts: &ReportOptions) -> Result<()> {
    let _ = writeln!(md, "### The One-China clause\n");
    let full: Vec<usize> = a.analysis_set();
    let with: Vec<usize> = full.iter().copied().filter(|&i| a.profiles[i].has_clause).collect();
    let by_partner = with.iter().filter(|&&i| a.profiles[i].stated_by == "partner").count();
    let _ = writeln!(
        md,
        "{} of the {} statements of the analysis set hold a One-China clause; in {} of them the partner states it. Statements without one: {}.\n",
        with.len(),
        full.len(),
        by_partner,
        {
            let without: Vec<&str> =
                full.iter().filter(|&&i| !a.profiles[i].has_clause).map(|&i| a.corpus.docs[i].id.as_str()).collect();
            let k = rows_shown(without.len(), opts);
            if without.len() > k {
                format!("{} … and {} more (`tables/one_china.csv`)", without[..k].join(", "), without.len() - k)
            } else {
                without.join(", ")
            }
        }
    );
    if let Some(i) = a.focus.as_ref().map(|f| f.index) {
        let p = &a.profiles[i];
        let present: Vec<String> = a
            .rules
            .one_china
            .features
            .iter()
            .filter(|f| *p.features.get(&f.name).unwrap_or(&false))
            .map(|f| f.label.clone())
            .collect();
        if p.has_clause {
            let _ = writeln!(
                md,
                "In {} the clause is stated by the **{}** side (verb: {}), with: {}.\n",
                a.focus_id(),
                p.stated_by,
                p.verb.as_deref().unwrap_or("–"),
                present.join("; ")
            );
        } else {
            let _ = writeln!(md, "{} holds no One-China clause.\n", a.focus_id());
        }
    }
    let mut cols: Vec<(&str, &str)> =
        vec![("doc_id", "statement"), ("has_clause", "clause"), ("stated_by", "stated by"), ("verb", "verb")];
    let names: Vec<String> = a.rules.feature_names().iter().map(|s| s.to_string()).collect();
    for n in &names {
        cols.push((n.as_str(), n.as_str()));
    }
    let n = a.clause_stats.one_china.height();
    md.push_str(&md_table(&a.clause_stats.one_china, &cols, rows_shown(n, opts), 2)?);
    md.push('\n');
    shown_note(md, n, opts, "tables/one_china.csv");
    one_china_elements(md, a, opts)
}

/// The One-China elements: graded stance, governing verb and holder per element.
fn one_china_elements(md: &mut String, a: &Analysis, opts: &ReportOptions) -> Result<()> {
    let _ = writeln!(
        md,
        "#### Elements of the clause: who takes which stance
"
    );
    let _ = writeln!(
        md,
        "Each of the {} elements of `corpus/one_china_elements.toml` is looked for in every statement, with the verb that governs it (graded stance: 反对 oppose, 不支持 not support, 承认 recognise, 尊重 respect, 理解 understand, 注意到 take note …), its holder, negation and the evidence span; one row per statement × element in `tables/one_china_elements.csv`. Agreement with the blind gold standard and between two coders: `jointstat validate`.\n",
        a.clause_stats.one_china_elements.column("element").map(|c| c.n_unique().unwrap_or(0)).unwrap_or(0)
    );
    let ids: Vec<String> = a.analysis_set().iter().map(|&i| a.corpus.docs[i].id.clone()).collect();
    let summary = crate::stats::clauses::one_china_element_summary(&a.clause_stats.one_china_elements, &ids)?;
    let n = summary.height();
    let cols = [
        ("element", "element"),
        ("stance", "stance"),
        ("actor", "holder"),
        ("negated", "negated"),
        ("statements", "statements"),
    ];
    md.push_str(&md_table(&summary, &cols, rows_shown(n, opts), 0)?);
    md.push('\n');
    shown_note(md, n, opts, "tables/one_china_elements.csv");
    if let Some(f) = a.focus.as_ref() {
        let e = &a.clause_stats.one_china_elements;
        let focus = e.filter(&e.column("doc_id")?.str()?.equal(f.id.as_str()))?;
        let focus = focus.filter(focus.column("present")?.bool()?)?;
        if focus.height() > 0 {
            let _ = writeln!(md, "Elements in {}:\n", f.id);
            let cols = [
                ("element", "element"),
                ("stance", "stance"),
                ("stance_text", "verb"),
                ("actor", "holder"),
                ("negated", "negated"),
                ("evidence", "evidence"),
            ];
            md.push_str(&md_table(&focus, &cols, focus.height(), 0)?);
            md.push('\n');
        }
    }
    Ok(())
}

/// Text reuse: how much of each statement repeats earlier ones, and the focus statement's lineage.
fn reuse_section(md: &mut String, a: &Analysis) {
    if a.reuse.docs.len() < 2 {
        return;
    }
    let _ = writeln!(md, "## Text reuse\n");
    let _ = writeln!(
        md,
        "Every sentence is compared with the sentences of earlier statements (MinHash/LSH candidates over character 4-grams, then normalised Levenshtein similarity on the candidates; `jointstat reuse` for other thresholds). Per sentence: `tables/sentence_reuse.csv`; per statement: `tables/statement_reuse.csv`; recurring formulae and their first appearance: `tables/formula_lineage.csv`; two statements side by side: `jointstat diff A B`.\n"
    );
    md.push_str(&crate::reuse::markdown_snippet(&a.reuse, a.focus.as_ref().map(|f| f.id.as_str())));
    md.push('\n');
    figure(md, a, "reuse_over_time.png");
}
