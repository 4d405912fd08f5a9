#!/usr/bin/env python3
"""`just bench`: jointstat against the Python jieba + pandas reference pipeline, side by side.

1. Agreement: both pipelines on the reference corpus, with the same main dictionary (jieba-rs's
   dict.txt), user dictionary and stopwords; the cut bodies and the term tables are compared.
   Also reported: agreement when Python jieba uses its own bundled dictionary.
2. Workloads: the reference corpus, and corpora scaled to 10 MB, 100 MB and 1 GB by replicating
   the reference texts (built in a temporary folder, never committed). Each workload runs
   `jointstat terms`, the raw jieba-rs limit (`rawcut`, built next to jointstat: read + decode +
   jieba-rs `cut`, HMM on, same user dictionary, all cores, nothing else) and the Python
   pipeline alternately, several repetitions, and reports the median wall time, throughput (MB
   of input files per second), peak RSS and the ratio terms/raw throughput of the same run;
   Python runs up to 100 MB. Parallel efficiency: 1 thread (RAYON_NUM_THREADS=1,
   POLARS_MAX_THREADS=1) against all cores, for terms and rawcut on the largest workload Python
   also ran, and for analyze on the largest analyze folder.
3. `jointstat analyze` (report and charts included) on the reference corpus.
4. `jointstat analyze` at archive scale: flat folders (no manifest, unique file names) of about
   100, 1,200 and 12,000 statements made by replicating the reference texts; wall time and peak
   RSS (GNU time), per-stage timings from provenance.json, and the Python term pipeline on the
   1,200-statement folder in the same run. `--analyze-only` runs this part alone.

5. A summary of the issue-10 targets: measured value, target, met or not.

Usage: run.py JOINTSTAT_BINARY CORPUS [--work DIR] [--sizes 10,100,1000] [--reps 3]
              [--analyze-statements 104,1200,12000] [--analyze-only | --terms-only]
              [--no-python] [--keep]
Parts: `--sizes 100 --terms-only` runs one terms workload; `--analyze-only` the analyze series.
The scaled corpora are deleted at the end unless --keep.
"""
import argparse
import csv
import glob
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PY = os.path.join(HERE, ".venv", "bin", "python")
USERDICT = os.path.join(ROOT, "corpus", "userdict.txt")
STOPWORDS = os.path.join(ROOT, "corpus", "stopwords.txt")


def jieba_rs_dict():
    home = os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo"))
    found = sorted(glob.glob(os.path.join(home, "registry", "src", "*", "jieba-rs-0.11.0", "src", "data", "dict.txt")))
    if not found:
        sys.exit("bench: jieba-rs 0.11.0 sources not found under ~/.cargo/registry (run `cargo build` first)")
    return found[0]


def timed(cmd, env=None):
    """Run a command under GNU time; return (wall seconds, peak RSS MB, CPU seconds = user + system).
    On a shared, loaded machine the CPU time is the steadier measure: it does not count the time
    the command waited for a core."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        full = ["/usr/bin/time", "-f", "%e %M %U %S", "-o", t.name] + cmd
        r = subprocess.run(full, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            sys.exit(f"bench: command failed: {' '.join(cmd)}\n{r.stderr[-2000:]}")
        wall, rss_kb, user, system = t.read().split()[-4:]
        return float(wall), int(rss_kb) / 1024.0, float(user) + float(system)


def one_thread_env():
    return dict(os.environ, RAYON_NUM_THREADS="1", POLARS_MAX_THREADS="1")


def rawcut_binary(jointstat):
    p = os.path.join(os.path.dirname(os.path.abspath(jointstat)), "rawcut")
    if not os.path.isfile(p):
        sys.exit(f"bench: {p} not found (cargo build --release --locked builds it next to jointstat)")
    return p


def input_mb(corpus):
    total = 0
    for dirpath, _, files in os.walk(corpus):
        for f in files:
            total += os.path.getsize(os.path.join(dirpath, f))
    return total / 1e6


def make_scaled(src, dst, target_mb):
    """Replicate the reference texts (with a manifest) until the files reach target_mb."""
    if os.path.isfile(os.path.join(dst, "manifest.csv")):
        return
    os.makedirs(os.path.join(dst, "texts"), exist_ok=True)
    with open(os.path.join(src, "manifest.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    fields = ["id", "file", "title", "signed", "partner", "partner_en", "iso", "region", "doc_type", "completeness", "format"]
    blobs = []
    for r in rows:
        with open(os.path.join(src, r["file"]), "rb") as fh:
            blobs.append((r, fh.read()))
    target = target_mb * 1e6
    total, k = 0, 0
    tmp = os.path.join(dst, "manifest.csv.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as out:
        w = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        while total < target:
            for r, data in blobs:
                ext = os.path.splitext(r["file"])[1]
                name = f"{r['id']}_r{k:06d}{ext}"
                sub = os.path.join("texts", f"{k // 1000:04d}")
                os.makedirs(os.path.join(dst, sub), exist_ok=True)
                with open(os.path.join(dst, sub, name), "wb") as fh:
                    fh.write(data)
                row = dict(r)
                row["id"] = f"{r['id']}_r{k:06d}"
                row["file"] = f"{sub}/{name}"
                w.writerow(row)
                total += len(data)
                if total >= target:
                    break
            k += 1
    os.replace(tmp, os.path.join(dst, "manifest.csv"))


def make_flat(src, dst, n):
    """A flat folder of n statements (no manifest): the reference texts (full and partial)
    replicated round-robin under unique names `<id>_r<k>.txt`; returns the first copy's ids."""
    files = sorted(glob.glob(os.path.join(src, "texts", "*"))) + sorted(glob.glob(os.path.join(src, "partial", "*")))
    if not files:
        sys.exit(f"bench: no texts under {src}/texts")
    done = os.path.join(dst, ".complete")
    if not os.path.isfile(done):
        os.makedirs(dst, exist_ok=True)
        for i in range(n):
            f = files[i % len(files)]
            stem, ext = os.path.splitext(os.path.basename(f))
            shutil.copyfile(f, os.path.join(dst, f"{stem}_r{i // len(files):05d}{ext}"))
        open(done, "w").close()


def analyze_series(a, out, say):
    """`jointstat analyze` on flat replicated folders; Python term pipeline at the middle size."""
    dict_rs = jieba_rs_dict()
    sizes = [int(x) for x in a.analyze_statements.split(",") if x.strip()]
    say("## `jointstat analyze` at archive scale (flat folders of replicated statements, no manifest)")
    say("| statements | input MB | wall s | peak RSS MB | ingest | tokenize | clauses | statistics | comparison | charts | report | views | Python terms s (same folder) | ratio |")
    say("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    prev = None
    growth = []
    for n in sizes:
        d = os.path.join(a.work, f"flat_{n}")
        print(f"building the {n}-statement folder in {d} …", flush=True)
        make_flat(a.corpus, d, n)
        mb = input_mb(d)
        rep = os.path.join(out, f"analyze_{n}")
        reps = a.reps if n <= 2000 else 1
        runs = [timed([a.binary, "analyze", "--corpus", d, "--out", rep, "--name", "bench", "--focus", "2003-06-03_KZ_r00000", "-q"]) for _ in range(reps)]
        wall, rss = median([x[0] for x in runs]), max(x[1] for x in runs)
        import json
        with open(os.path.join(rep, "bench", "provenance.json"), encoding="utf-8") as f:
            prov = json.load(f)
        t = prov.get("timings_seconds", {})
        views = prov.get("views", {})
        stages = " | ".join(f"{t.get(k, 0):.2f}" for k in ("ingest", "tokenize", "clauses", "statistics", "comparison", "charts", "report"))
        py, pw = "", None
        if n == sizes[len(sizes) // 2] and os.path.isfile(PY) and not a.no_python:
            pw = median([timed([PY, os.path.join(HERE, "pipeline.py"), d, os.path.join(out, "w_py_flat"), "--userdict", USERDICT, "--stopwords", STOPWORDS, "--dict", dict_rs])[0] for _ in range(reps)])
            py = f" {pw:.2f} | {pw / wall:.1f}× |"
        else:
            py = " – | – |"
        say(f"| {n:,} | {mb:.1f} | {wall:.2f} | {rss:.0f} | {stages} | {views.get('similarity_table', '?')}, charts {views.get('charts', '?')} |{py}")
        SUMMARY.setdefault("analyze", []).append((n, wall, rss, pw / wall if pw else None))
        if prev:
            growth.append((prev[0], n, wall / prev[1], rss / prev[2]))
        prev = (n, wall, rss)
    for a0, b0, gw, gr in growth:
        say(f"- {a0:,} → {b0:,} statements ({b0 / a0:.1f}×): wall time ×{gw:.1f}, peak RSS ×{gr:.1f}")
    if prev:
        n, wall, _ = prev
        d = os.path.join(a.work, f"flat_{n}")
        one = timed([a.binary, "analyze", "--corpus", d, "--out", os.path.join(out, f"analyze_{n}_1t"), "--name", "bench", "--focus", "2003-06-03_KZ_r00000", "-q"], env=one_thread_env())[0]
        cores = os.cpu_count() or 1
        eff = one / wall / cores
        say(f"- parallel: {n:,} statements, 1 thread {one:.2f} s vs all {cores} cores {wall:.2f} s: speedup {one / wall:.2f}, efficiency {eff:.2f}")
        SUMMARY["analyze_eff"] = (n, eff)
    say()


def compare_tables(a, b):
    """Share of (doc, term) rows with the same count, and total-token difference."""
    def load(p):
        with open(p, encoding="utf-8", newline="") as f:
            return {(r["doc_id"], r["term"]): int(r["count"]) for r in csv.DictReader(f)}
    x, y = load(a), load(b)
    keys = set(x) | set(y)
    same = sum(1 for k in keys if x.get(k) == y.get(k))
    return same / max(1, len(keys)), sum(x.values()), sum(y.values())


def median(xs):
    return statistics.median(xs)


SUMMARY = {}


def summary(say):
    """The issue-10 targets: measured, target, met."""
    say("## Targets (issue 10)")
    say("| target | measured | goal | met |")
    say("|---|---|---|---|")

    def row(name, val, goal, ok):
        say(f"| {name} | {val} | {goal} | {'yes' if ok else '**no**'} |")

    for name, (ratio, mb) in sorted(SUMMARY.get("ratio", {}).items(), key=lambda x: x[1][1]):
        if mb >= 50:
            row(f"terms / raw jieba-rs throughput ({name})", f"{ratio:.2f}", "≥ 0.80", ratio >= 0.8)
    for name, (rss, mb) in SUMMARY.get("rss", {}).items():
        if mb >= 500:
            row(f"terms peak RSS ({name})", f"{rss:,.0f} MB", "< 1,500 MB", rss < 1500)
    if "terms_eff" in SUMMARY:
        name, eff, raw_eff = SUMMARY["terms_eff"]
        row(f"terms parallel efficiency ({name}; raw jieba-rs: {raw_eff:.2f})", f"{eff:.2f}", "≥ 0.85", eff >= 0.85)
    if "analyze_eff" in SUMMARY:
        n, eff = SUMMARY["analyze_eff"]
        row(f"analyze parallel efficiency ({n:,} statements)", f"{eff:.2f}", "≥ 0.85", eff >= 0.85)
    for n, wall, rss, pyratio in SUMMARY.get("analyze", []):
        if pyratio is not None:
            row(f"analyze vs Python term pipeline ({n:,} statements)", f"{pyratio:.1f}×", "≥ 20×", pyratio >= 20)
        if 1000 <= n < 10000:
            row(f"analyze peak RSS ({n:,} statements)", f"{rss:,.0f} MB", "< 1,000 MB", rss < 1000)
        if n >= 10000:
            row(f"analyze peak RSS ({n:,} statements)", f"{rss:,.0f} MB", "< 2,000 MB", rss < 2000)
    say()


def finish(a, lines, name):
    with open(os.path.join(a.work, name), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"\nresults written to {os.path.join(a.work, name)}")
    if not a.keep:
        for d in glob.glob(os.path.join(a.work, "corpus_*mb")) + glob.glob(os.path.join(a.work, "flat_*")) + [os.path.join(a.work, "out")]:
            shutil.rmtree(d, ignore_errors=True)
        print(f"scaled corpora and outputs under {a.work} deleted (--keep keeps them)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("corpus")
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "jointstat-bench"))
    ap.add_argument("--sizes", default="10,100,1000", help="scaled corpus sizes in MB")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--python-max-mb", type=int, default=100)
    ap.add_argument("--analyze-statements", default="104,1200,12000", help="statements in the flat folders for the analyze series")
    ap.add_argument("--analyze-only", action="store_true", help="run only the analyze series")
    ap.add_argument("--terms-only", action="store_true", help="run only the terms workloads (no analyze)")
    ap.add_argument("--no-python", action="store_true", help="do not run the Python pipeline")
    ap.add_argument("--keep", action="store_true", help="keep the scaled corpora in --work")
    a = ap.parse_args()
    a.raw = rawcut_binary(a.binary)
    if a.no_python:
        a.python_max_mb = -1
    os.makedirs(a.work, exist_ok=True)
    dict_rs = jieba_rs_dict()
    out = os.path.join(a.work, "out")
    lines = []

    def say(s=""):
        print(s, flush=True)
        lines.append(s)

    say("(machine: %d cores, load average %s at the start)" % (os.cpu_count() or 1, " ".join(f"{x:.2f}" for x in os.getloadavg())))
    say()
    if a.analyze_only:
        analyze_series(a, out, say)
        summary(say)
        finish(a, lines, "results_analyze.md")
        return

    # 1. agreement on the reference corpus
    if not a.no_python and os.path.isfile(PY):
        agreement(a, out, dict_rs, say)
    terms_workloads(a, out, dict_rs, say)
    if not a.terms_only:
        # 3. analyze on the reference corpus
        ana = [timed([a.binary, "analyze", "--corpus", a.corpus, "--out", os.path.join(out, "analyze"), "-q"]) for _ in range(5)]
        say("## `jointstat analyze` on the reference corpus (report, 13 charts, 23 tables, report.html)")
        say(f"- median {median([x[0] for x in ana]):.2f} s, peak RSS {max(x[1] for x in ana):.0f} MB (5 runs)")
        say()
        # 4. analyze at archive scale
        analyze_series(a, out, say)
    summary(say)
    finish(a, lines, "results.md")


def agreement(a, out, dict_rs, say):
    rs_dir, py_dir, py_own = (os.path.join(out, x) for x in ("rs", "py", "py_owndict"))
    subprocess.run([a.binary, "terms", "--corpus", a.corpus, "--out", rs_dir, "--csv", "-q"], check=True)
    subprocess.run([a.binary, "ingest", "--corpus", a.corpus, "--dump-bodies", os.path.join(out, "rs_bodies.txt")], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([PY, os.path.join(HERE, "pipeline.py"), a.corpus, py_dir, "--userdict", USERDICT, "--stopwords", STOPWORDS, "--dict", dict_rs, "--bodies", os.path.join(out, "py_bodies.txt")], check=True, stderr=subprocess.DEVNULL)
    subprocess.run([PY, os.path.join(HERE, "pipeline.py"), a.corpus, py_own, "--userdict", USERDICT, "--stopwords", STOPWORDS], check=True, stderr=subprocess.DEVNULL)
    same_bodies = open(os.path.join(out, "rs_bodies.txt"), encoding="utf-8").read() == open(os.path.join(out, "py_bodies.txt"), encoding="utf-8").read()
    identical = open(os.path.join(rs_dir, "doc_terms.csv"), "rb").read() == open(os.path.join(py_dir, "doc_terms.csv"), "rb").read()
    share, t_rs, t_py = compare_tables(os.path.join(rs_dir, "doc_terms.csv"), os.path.join(py_dir, "doc_terms.csv"))
    share2, _, t_py2 = compare_tables(os.path.join(rs_dir, "doc_terms.csv"), os.path.join(py_own, "doc_terms.csv"))
    say("## Agreement on the reference corpus")
    say(f"- cut statement bodies identical: {'yes' if same_bodies else 'NO'}")
    say(f"- same dictionary (jieba-rs dict.txt) on both sides: doc_terms.csv byte-identical: {'yes' if identical else 'no'}; "
        f"{100 * share:.2f}% of (statement, term) counts equal; term tokens {t_rs} (jointstat) vs {t_py} (Python)")
    say(f"- Python jieba with its own bundled dictionary: {100 * share2:.2f}% of counts equal; term tokens {t_rs} vs {t_py2}")
    say()



def terms_workloads(a, out, dict_rs, say):
    """`jointstat terms`, raw jieba-rs and Python side by side; parallel efficiency."""
    workloads = [("reference", a.corpus, 0)]
    for mb in [int(x) for x in a.sizes.split(",") if x.strip()]:
        d = os.path.join(a.work, f"corpus_{mb}mb")
        print(f"building the {mb} MB corpus in {d} …", flush=True)
        make_scaled(a.corpus, d, mb)
        workloads.append((f"{mb} MB", d, mb))
    run_py_any = os.path.isfile(PY) and not a.no_python
    say("## `jointstat terms` against the raw jieba-rs limit and Python (median of the repetitions; alternating runs)")
    say("| workload | input MB | documents | terms s | terms MB/s | terms peak RSS MB | raw jieba-rs s | raw MB/s | raw peak RSS MB | **terms / raw** (by CPU time) | Python s | Python MB/s | Python peak RSS MB | terms vs Python |")
    say("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, corpus, nominal in workloads:
        mb = input_mb(corpus)
        with open(os.path.join(corpus, "manifest.csv"), encoding="utf-8") as f:
            ndocs = sum(1 for _ in f) - 1
        run_py = run_py_any and nominal <= a.python_max_mb
        reps = a.reps if mb < 500 else max(1, a.reps - 1)
        rs, raw, py = [], [], []
        for _ in range(reps):
            rs.append(timed([a.binary, "terms", "--corpus", corpus, "--out", os.path.join(out, "w_rs"), "--csv", "-q"]))
            raw.append(timed([a.raw, corpus]))
            if run_py:
                py.append(timed([PY, os.path.join(HERE, "pipeline.py"), corpus, os.path.join(out, "w_py"), "--userdict", USERDICT, "--stopwords", STOPWORDS, "--dict", dict_rs]))
        rw, rr = median([x[0] for x in rs]), max(x[1] for x in rs)
        ww, wr = median([x[0] for x in raw]), max(x[1] for x in raw)
        # ratio per repetition (each pair ran back to back), then the median
        ratio = median([r[0] / t[0] for t, r in zip(rs, raw)])
        # the same ratio on CPU time (user + system), less sensitive to other load on the machine
        ratio_cpu = median([r[2] / t[2] for t, r in zip(rs, raw)])
        row = f"| {name} | {mb:.1f} | {ndocs:,} | {rw:.2f} | {mb / rw:.1f} | {rr:.0f} | {ww:.2f} | {mb / ww:.1f} | {wr:.0f} | **{ratio:.2f}** (CPU {ratio_cpu:.2f}) |"
        if py:
            pw, pr = median([x[0] for x in py]), max(x[1] for x in py)
            row += f" {pw:.2f} | {mb / pw:.2f} | {pr:.0f} | {pw / rw:.1f}× |"
        else:
            row += " – | – | – | – |"
        SUMMARY.setdefault("ratio", {})[name] = (ratio, mb)
        SUMMARY.setdefault("rss", {})[name] = (rr, mb)
        say(row)
    say()

    # parallel efficiency on the largest workload up to 100 MB (or the largest run)
    small = [w for w in workloads if w[2] <= 100]
    target = small[-1] if small else workloads[-1]
    cores = os.cpu_count() or 1
    t1, tn, r1, rn = [], [], [], []
    for _ in range(a.reps):
        t1.append(timed([a.binary, "terms", "--corpus", target[1], "--out", os.path.join(out, "w_rs1"), "--csv", "-q"], env=one_thread_env())[0])
        tn.append(timed([a.binary, "terms", "--corpus", target[1], "--out", os.path.join(out, "w_rsn"), "--csv", "-q"])[0])
        r1.append(timed([a.raw, target[1]], env=one_thread_env())[0])
        rn.append(timed([a.raw, target[1]])[0])
    one, allc, rone, rall = median(t1), median(tn), median(r1), median(rn)
    say(f"## Parallel efficiency ({target[0]}, {cores} cores; 1 thread = RAYON_NUM_THREADS=1 POLARS_MAX_THREADS=1; load average now {os.getloadavg()[0]:.2f})")
    say(f"- jointstat terms: 1 thread {one:.2f} s; all cores {allc:.2f} s; speedup {one / allc:.2f}, efficiency **{one / allc / cores:.2f}**")
    say(f"- raw jieba-rs: 1 thread {rone:.2f} s; all cores {rall:.2f} s; speedup {rone / rall:.2f}, efficiency {rone / rall / cores:.2f}")
    say()
    SUMMARY["terms_eff"] = (target[0], one / allc / cores, rone / rall / cores)


if __name__ == "__main__":
    main()
