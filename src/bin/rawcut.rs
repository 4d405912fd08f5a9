//! `rawcut`: the raw segmentation limit that `jointstat terms` is measured against (issue 10).
//!
//! Reads every `.txt`/`.html`/`.htm` file below a folder, decodes it (the same decoder as
//! `jointstat`: BOM, UTF-8, else detected legacy encoding) and cuts the whole text with jieba-rs
//! (the same crate version, HMM on, jieba's bundled dictionary plus the same user dictionary,
//! `corpus/userdict.txt` unless `--userdict FILE`), on all cores with rayon — nothing else: no
//! normalisation, no statement cut, no counting, no output. Prints one line:
//! `rawcut files=N bytes=B tokens=T seconds=S mb_per_s=M` (bytes of the input files; seconds
//! of the whole run, dictionary load included, like `jointstat terms`).
//!
//! Usage: `rawcut FOLDER [--userdict FILE]` (`RAYON_NUM_THREADS` sets the threads).

use jointstat::ingest::decode::decode;
use jointstat::tokenize::{parse_userdict, DEFAULT_USERDICT};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn list(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let p = e.path();
        let ft = e.file_type()?;
        if ft.is_dir() {
            list(&p, out)?;
        } else {
            let name = e.file_name().to_string_lossy().to_ascii_lowercase();
            if [".txt", ".html", ".htm"].iter().any(|x| name.ends_with(x)) {
                out.push(p);
            }
        }
    }
    Ok(())
}

fn main() {
    let t0 = Instant::now();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(folder) = args.first() else {
        eprintln!("usage: rawcut FOLDER [--userdict FILE]");
        std::process::exit(2);
    };
    let userdict = match args.iter().position(|a| a == "--userdict") {
        Some(i) => match args.get(i + 1).map(std::fs::read_to_string) {
            Some(Ok(s)) => s,
            Some(Err(e)) => {
                eprintln!("rawcut: cannot read the user dictionary: {e}");
                std::process::exit(2);
            }
            None => {
                eprintln!("rawcut: --userdict needs a file");
                std::process::exit(2);
            }
        },
        None => DEFAULT_USERDICT.to_string(),
    };
    let mut jieba = jieba_rs::Jieba::new();
    match parse_userdict(&userdict) {
        Ok(words) => {
            for (w, f, t) in words {
                jieba.add_word(&w, f, t.as_deref());
            }
        }
        Err(e) => {
            eprintln!("rawcut: user dictionary: {e:#}");
            std::process::exit(2);
        }
    }
    let mut files = Vec::new();
    if let Err(e) = list(Path::new(folder), &mut files) {
        eprintln!("rawcut: cannot list {folder}: {e}");
        std::process::exit(2);
    }
    let (bytes, tokens) = files
        .par_iter()
        .map(|p| {
            let raw = std::fs::read(p).unwrap_or_default();
            let n = raw.len() as u64;
            let tokens = match decode(&raw) {
                Ok(d) => jieba.cut(&d.text, true).len() as u64,
                Err(_) => 0,
            };
            (n, tokens)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    let s = t0.elapsed().as_secs_f64();
    println!(
        "rawcut files={} bytes={} tokens={} seconds={:.3} mb_per_s={:.1}",
        files.len(),
        bytes,
        tokens,
        s,
        bytes as f64 / 1e6 / s
    );
}
