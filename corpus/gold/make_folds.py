#!/usr/bin/env python3
"""Assign the statements of the gold standard to 5 cross-validation folds (run once, output committed).

Fixed, seeded shuffle of the statement ids (sorted first, so the draw depends only on the seed and
the set of ids), then round-robin: the i-th statement of the shuffled list goes to fold i % 5 + 1.
Folds 1-3 are TUNING folds (the tool's errors there may be inspected while rules are developed);
folds 4-5 are SEALED (scored once at the end, reported as the held-out figure). See corpus/codebook.md,
"Evaluation protocol".

Usage: python3 corpus/gold/make_folds.py > corpus/gold/folds.tsv
"""
import random
import sys

SEED = 20261130
K = 5

ids = set()
with open(sys.argv[1] if len(sys.argv) > 1 else "corpus/gold/clauses_gold.tsv", encoding="utf-8") as f:
    header = None
    for line in f:
        if line.startswith("#") or not line.strip():
            continue
        cells = line.rstrip("\n").split("\t")
        if header is None:
            header = cells
            continue
        ids.add(cells[header.index("doc_id")])
order = sorted(ids)
random.Random(SEED).shuffle(order)
print("# Statement-level folds for cross-validation of the clause labels (corpus/gold/make_folds.py,")
print(f"# seed {SEED}, round-robin over a seeded shuffle). Folds 1-3: tuning; folds 4-5: SEALED")
print("# (not inspected while developing rules; scored once at the end). See corpus/codebook.md.")
print("doc_id\tfold")
for i, d in sorted(((i, d) for i, d in enumerate(order)), key=lambda x: x[1]):
    print(f"{d}\t{i % K + 1}")
