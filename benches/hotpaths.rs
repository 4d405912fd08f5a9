//! Microbenchmarks of the hot paths (criterion): ingest/normalise, tokenize (against raw jieba-rs
//! `cut` on the same text), the polars aggregation, and chart rendering. Run with `just bench`
//! or `cargo bench --bench hotpaths`. Needs the reference corpus (JOINTSTAT_CORPUS or
//! ../shared/corpus).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jointstat::ingest::{load_corpus, normalize::normalize_text, IngestOptions};
use jointstat::segment::segment;
use jointstat::tokenize::{Tokenizer, DEFAULT_STOPWORDS, DEFAULT_USERDICT};
use std::path::PathBuf;

fn corpus_dir() -> PathBuf {
    std::env::var_os("JOINTSTAT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"))
}

fn benches(c: &mut Criterion) {
    let dir = corpus_dir();
    let corpus = load_corpus(&dir, &IngestOptions::default()).expect("reference corpus");
    let raw: String =
        corpus.docs.iter().map(|d| std::fs::read_to_string(dir.join(&d.file)).unwrap_or_default()).collect();
    let bodies: String = corpus.docs.iter().map(|d| d.body_text() + "\n").collect();

    let mut g = c.benchmark_group("ingest");
    g.throughput(Throughput::Bytes(raw.len() as u64));
    g.bench_function("normalize_text", |b| b.iter(|| normalize_text(&raw)));
    g.bench_function("load_corpus (read, decode, parse, cut)", |b| {
        b.iter(|| load_corpus(&dir, &IngestOptions::default()).unwrap())
    });
    g.finish();

    let tok = Tokenizer::from_texts(DEFAULT_USERDICT, DEFAULT_STOPWORDS).unwrap();
    let mut jieba = jieba_rs::Jieba::new();
    for (w, f, t) in jointstat::tokenize::parse_userdict(DEFAULT_USERDICT).unwrap() {
        jieba.add_word(&w, f, t.as_deref());
    }
    let segs: Vec<_> = corpus.docs.iter().map(segment).collect();
    let mut g = c.benchmark_group("tokenize");
    g.throughput(Throughput::Bytes(bodies.len() as u64));
    g.bench_function("raw jieba-rs cut (baseline)", |b| {
        b.iter(|| corpus.docs.iter().flat_map(|d| d.body.iter()).map(|p| jieba.cut(p, true).len()).sum::<usize>())
    });
    g.bench_function("Tokenizer::count_terms (jointstat terms)", |b| {
        b.iter(|| corpus.docs.iter().map(|d| tok.count_terms(d).0).sum::<u32>())
    });
    g.bench_function("raw jieba-rs tag (baseline with POS)", |b| {
        b.iter(|| corpus.docs.iter().flat_map(|d| d.body.iter()).map(|p| jieba.tag(p, true).len()).sum::<usize>())
    });
    g.bench_function("Tokenizer::tokenize_doc (analyze: POS, offsets, articles)", |b| {
        b.iter(|| corpus.docs.iter().zip(&segs).map(|(d, s)| tok.tokenize_doc(d, s).len()).sum::<usize>())
    });
    g.finish();

    let tokens = jointstat::tokenize::tokenize_corpus(&tok, &corpus.docs, &segs);
    let opts = jointstat::stats::StatsOptions { focus: "2003-06-03_KZ".into(), include_partial: false, min_count: 3 };
    let mut g = c.benchmark_group("statistics");
    g.bench_function("polars term statistics (stats::compute)", |b| {
        b.iter(|| jointstat::stats::compute(&corpus, &segs, &tokens, &opts).unwrap())
    });
    g.finish();

    let font = jointstat::charts::find_font(None).expect("a CJK font");
    jointstat::charts::register_font(&font).unwrap();
    let out = tempfile::tempdir().unwrap();
    let rows: Vec<String> = (0..25).map(|i| format!("术语{i}")).collect();
    let cols: Vec<String> = corpus.docs.iter().map(|d| d.id.clone()).collect();
    let values: Vec<Vec<f64>> = (0..25).map(|i| (0..cols.len()).map(|j| ((i * j) % 17) as f64).collect()).collect();
    let mut g = c.benchmark_group("charts");
    g.sample_size(10);
    g.bench_function("heatmap 25 × 52 PNG", |b| {
        b.iter(|| {
            let text = jointstat::charts::ChartText::new("标题", "", "source").axes("x", "y");
            let chart =
                jointstat::charts::Heatmap { text, rows: &rows, cols: &cols, values: &values, scale_label: "v".into() };
            jointstat::charts::write_png(&out.path().join("h.png"), &chart).unwrap()
        })
    });
    g.finish();
}

criterion_group!(hot, benches);
criterion_main!(hot);
