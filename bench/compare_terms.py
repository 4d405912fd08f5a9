#!/usr/bin/env python3
"""Compare two `jointstat terms` output folders: sha256 of the CSV files, and the Parquet tables
read with pyarrow (schema and every value equal; row-group layout may differ).

Usage: compare_terms.py DIR_A DIR_B   (exit 1 on any difference)
"""
import hashlib
import os
import sys

import pyarrow.parquet as pq


def sha(p):
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


def main():
    a, b = sys.argv[1], sys.argv[2]
    bad = 0
    for name in ("doc_terms", "corpus_terms"):
        ca, cb = os.path.join(a, name + ".csv"), os.path.join(b, name + ".csv")
        if os.path.isfile(ca) or os.path.isfile(cb):
            same = os.path.isfile(ca) and os.path.isfile(cb) and sha(ca) == sha(cb)
            print(f"{name}.csv: {'identical' if same else 'DIFFERENT'}")
            bad += not same
        ta, tb = pq.read_table(os.path.join(a, name + ".parquet")), pq.read_table(os.path.join(b, name + ".parquet"))
        same = ta.schema.equals(tb.schema) and ta.equals(tb)
        print(f"{name}.parquet: {'same schema and values' if same else 'DIFFERENT'} ({ta.num_rows} rows; {ta.schema.types})")
        bad += not same
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
