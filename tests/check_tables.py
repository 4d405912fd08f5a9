"""Every table jointstat writes loads in the readers researchers use (run by `just test`).

Usage: python tests/check_tables.py JOINTSTAT_BINARY CORPUS_DIR

Runs `jointstat analyze` and the comparison commands with --out into a temporary folder, then:
- reads every .parquet with pyarrow (pinned to 14.0.2 by `just test`: it cannot read Arrow
  string_view) and with polars; no unsigned integer and no view type in any schema;
- reads every .csv with polars and compares it with the .parquet of the same table (same
  columns, same values; floats within the CSV's precision, and a non-zero value never written
  as zero: p-values are in scientific notation);
- checks that datapackage.json declares a primary key for every table and that the key is
  unique and never missing.
Exits 1 with a message naming the table on the first failure.
"""
import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq




def fail(msg):
    print(f"check_tables: FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def check_parquet(path):
    try:
        t = pq.read_table(path)
    except Exception as e:  # noqa: BLE001 - any reader error is a failure
        fail(f"{path.name}: pyarrow {pa.__version__} cannot read it: {e}")
    for f in t.schema:
        if pa.types.is_unsigned_integer(f.type):
            fail(f"{path.name}: column {f.name} is {f.type} (unsigned; R reads it as double)")
        if str(f.type) in ("string_view", "binary_view"):
            fail(f"{path.name}: column {f.name} is {f.type}")
    try:
        df = pl.read_parquet(path)
    except Exception as e:  # noqa: BLE001
        fail(f"{path.name}: polars {pl.__version__} cannot read it: {e}")
    return t, df


def same_value(a, b):
    """a from CSV, b from Parquet."""
    if b is None or a is None:
        return a is None and b is None
    if isinstance(b, float):
        if math.isnan(b):
            return isinstance(a, float) and math.isnan(a)
        if math.isinf(b):
            return a == b
        a = float(a)
        if b != 0 and a == 0:
            return False
        if abs(b) >= 1e-4:
            return abs(a - b) <= 5.1e-7 + 1e-12 * abs(b)
        return abs(a - b) <= 1e-6 * abs(b)
    if isinstance(b, str) and b[:1] in FORMULA_TRIGGERS:
        # CSV protects such a cell against spreadsheet formula injection with a leading '
        return str(a) == "'" + b
    return str(a) == str(b)


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def check_csv(csv_path, pq_df):
    try:
        c = pl.read_csv(csv_path, infer_schema_length=None, try_parse_dates=True)
    except Exception as e:  # noqa: BLE001
        fail(f"{csv_path.name}: polars cannot read it: {e}")
    if c.columns != pq_df.columns or c.height != pq_df.height:
        fail(f"{csv_path.name}: columns/rows differ from the Parquet file: {c.columns} {c.height} vs {pq_df.columns} {pq_df.height}")
    for name in c.columns:
        for i, (a, b) in enumerate(zip(c[name].to_list(), pq_df[name].to_list())):
            if not same_value(a, b):
                fail(f"{csv_path.name}: column {name}, row {i + 1}: CSV {a!r} vs Parquet {b!r}")


def main():
    binary, corpus = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        def run(*a):
            r = subprocess.run([binary, *a, "--corpus", corpus], capture_output=True, text=True)
            if r.returncode != 0:
                fail(f"jointstat {' '.join(a)} exited {r.returncode}: {r.stderr.strip()}")
        run("analyze", "--out", str(tmp / "reports"), "-q")
        exports = tmp / "exports"
        for ext in ("csv", "parquet"):
            run("keyness", "--target", "2003-06-03_KZ", "--out", str(exports / f"keyness.{ext}"))
            run("keyness", "--target", "2003-06-03_KZ", "--correction", "quanteda", "--out", str(exports / f"keyness_quanteda.{ext}"))
            run("collocates", "合作", "--out", str(exports / f"collocates.{ext}"))
            run("dispersion", "恐怖主义", "--out", str(exports / f"positions.{ext}"))
            run("ngrams", "--out", str(exports / f"ngrams.{ext}"))
            run("trend", "伙伴关系", "--out", str(exports / f"trend.{ext}"))
            run("similar", "2003-06-03_KZ", "--out", str(exports / f"similar.{ext}"))
            run("kwic", "一个中国", "--out", str(exports / f"kwic.{ext}"))
        report = tmp / "reports" / "2003-06-03_KZ"
        pqs = sorted((report / "tables").glob("*.parquet")) + sorted(exports.glob("*.parquet"))
        if len(pqs) < 20:
            fail(f"only {len(pqs)} Parquet files written")
        frames = {}
        for p in pqs:
            t, df = check_parquet(p)
            frames[p] = t
            check_csv(p.with_suffix(".csv"), df)
        pkg = json.loads((report / "datapackage.json").read_text())
        for res in pkg["resources"]:
            key = res["schema"].get("primaryKey")
            if not key:
                fail(f"datapackage.json: {res['name']} declares no primary key")
            names = [f["name"] for f in res["schema"]["fields"]]
            if not set(key) <= set(names):
                fail(f"datapackage.json: {res['name']}: key {key} not among {names}")
            t = frames[report / (res["path"].removesuffix(".csv") + ".parquet")]
            rows = list(zip(*(t.column(k).to_pylist() for k in key)))
            if any(v is None for r in rows for v in r):
                fail(f"{res['name']}: primary key {key} has a missing value")
            if len(set(rows)) != len(rows):
                fail(f"{res['name']}: primary key {key} is not unique")
        print(f"check_tables: {len(pqs)} tables read with pyarrow {pa.__version__} and polars {pl.__version__}; "
              f"CSV = Parquet; {len(pkg['resources'])} primary keys unique")


if __name__ == "__main__":
    main()
