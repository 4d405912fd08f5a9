# jointstat tasks. `just` itself is installed by the README's set-up commands
# (`python3 -m pip install rust-just`).

set shell := ["bash", "-euo", "pipefail", "-c"]

corpus := env_var_or_default("JOINTSTAT_CORPUS", "../shared/corpus")

# list the recipes
default:
    @just --list

# install what the pipeline needs and say so: a CJK font for the charts (Debian/Ubuntu: apt-get)
setup:
    #!/usr/bin/env bash
    set -euo pipefail
    command -v cargo >/dev/null || { echo "setup: cargo not found; install Rust from https://rustup.rs first" >&2; exit 1; }
    for f in /usr/share/fonts/truetype/wqy/wqy-microhei.ttc /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc "${JOINTSTAT_FONT:-/nonexistent}"; do
        if [ -f "$f" ]; then echo "setup: CJK font present: $f"; exit 0; fi
    done
    if command -v apt-get >/dev/null; then
        sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
        echo "setup: installing the CJK font package fonts-wqy-microhei (apt-get) for the charts"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq fonts-wqy-microhei >/dev/null
        echo "setup: installed /usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
    else
        echo "setup: no CJK font found and no apt-get here: install a CJK font (e.g. Noto Sans CJK) and set JOINTSTAT_FONT=/path/to/font" >&2
        exit 1
    fi

# build (release) and run the whole pipeline on the corpus → reports/<focus>/ ; extra args go to `jointstat analyze`
analyze *ARGS: setup
    cargo build --release --locked
    ./target/release/jointstat analyze --corpus "{{corpus}}" --out reports \
        --userdict corpus/userdict.txt --stopwords corpus/stopwords.txt --rules corpus/clause_rules.toml {{ARGS}}

# run every test (unit tests, and the CLI on the reference corpus in ../shared/corpus), then
# check that every table loads in pyarrow 14 and polars (check-tables)
test: setup setup-browser && check-tables
    cargo test --locked

# install headless Chromium (Debian package `chromium`, apt-get) for tests/html_report.rs, which
# opens report.html in it; skipped when a Chromium is already there (or $CHROMIUM names one)
setup-browser:
    #!/usr/bin/env bash
    set -euo pipefail
    for c in "${CHROMIUM:-/nonexistent}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
        if [ -x "$c" ]; then echo "setup-browser: headless browser present: $c"; exit 0; fi
    done
    if command -v apt-get >/dev/null; then
        sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
        echo "setup-browser: installing Chromium (apt-get install chromium) for the report.html test"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
        echo "setup-browser: installed /usr/bin/chromium"
    else
        echo "setup-browser: no Chromium and no apt-get: install Chromium and set CHROMIUM=/path, or set JOINTSTAT_SKIP_BROWSER_TEST=1 to skip the browser part of tests/html_report.rs" >&2
        exit 1
    fi

# load every table jointstat writes with pyarrow 14.0.2 and current polars (virtualenv in
# target/tablecheck-venv, created from PyPI on first use); fails when a table does not load,
# CSV and Parquet disagree, or a datapackage primary key is missing or not unique
check-tables:
    #!/usr/bin/env bash
    set -euo pipefail
    venv=target/tablecheck-venv
    if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import pyarrow, polars" 2>/dev/null; then
        echo "check-tables: creating $venv with pyarrow==14.0.2 and polars (PyPI)"
        rm -rf "$venv"
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet "pyarrow==14.0.2" "numpy<2" polars
    fi
    # the binary `cargo test` builds (a plain `cargo build` would resolve other features and rebuild polars)
    cargo test --locked --no-run --quiet
    "$venv/bin/python" tests/check_tables.py target/debug/jointstat "{{corpus}}"

# benchmarks: `jointstat terms` against the raw jieba-rs limit (`rawcut`: read + decode + cut,
# HMM on, same user dictionary, all cores) and the Python jieba + pandas pipeline side by side
# (reference corpus, 10 MB, 100 MB; 1 GB without Python), with the terms/raw ratio of the same run;
# parallel efficiency; `analyze` at 104 / 1,200 / 12,000 statements; a summary of the issue-10
# targets; then criterion microbenchmarks of the hot paths (skip: JOINTSTAT_BENCH_MICRO=0).
# Parts: `just bench 100 --terms-only`, `just bench 100 --analyze-only`, `--no-python`, `--reps N`.
# Installs GNU time (apt) and a virtualenv with jieba and pandas (PyPI) if missing. Takes ~30 min.
bench sizes="10,100,1000" *ARGS: setup
    #!/usr/bin/env bash
    set -euo pipefail
    if [ ! -x /usr/bin/time ]; then
        sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
        echo "bench: installing GNU time (apt-get install time)"
        $sudo apt-get install -y -qq time >/dev/null
    fi
    if [ ! -x bench/.venv/bin/python ]; then
        echo "bench: creating bench/.venv with jieba and pandas (PyPI)"
        python3 -m venv bench/.venv
        bench/.venv/bin/pip install --quiet jieba pandas
    fi
    # builds target/release/jointstat and target/release/rawcut (the raw jieba-rs reference)
    cargo build --release --locked
    bench/.venv/bin/python bench/run.py ./target/release/jointstat "{{corpus}}" --sizes "{{sizes}}" {{ARGS}}
    if [ "${JOINTSTAT_BENCH_MICRO:-1}" != "0" ]; then
        cargo bench --locked --bench hotpaths
    fi

# formatting and lints
lint:
    cargo fmt --check
    cargo clippy --all-targets --locked -- -D warnings

# record the byte-identity baseline deliberately (tests/baseline/: sha256 of every output of
# `analyze` and every subcommand on the reference corpus); commit the diff with the change that caused it
baseline:
    JOINTSTAT_UPDATE_BASELINE=1 cargo test --locked --test checksums -- --nocapture
