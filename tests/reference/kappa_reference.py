"""Independent reference for tests/gold_agreement.rs: Cohen's κ between the two coders of
corpus/gold/ (clauses_gold.tsv vs clauses_second_coder.tsv), written from the textbook formula
κ = (p_o − p_e) / (1 − p_e), p_e = Σ_k p_k(a)·p_k(b) (Cohen 1960), sharing no code with jointstat.
Run: python3 tests/reference/kappa_reference.py"""
import csv
from collections import Counter


def read(path):
    rows = [l for l in open(path, encoding="utf-8") if not l.startswith("#")]
    return {(r["doc_id"], int(r["sentence"])): r for r in csv.DictReader(rows, delimiter="\t")}


first = read("corpus/gold/clauses_gold.tsv")
second = read("corpus/gold/clauses_second_coder.tsv")
keys = [k for k in second if k in first]
for field in ["actor", "main_act", "negated"]:
    a = [first[k][field] for k in keys]
    b = [second[k][field] for k in keys]
    n = len(a)
    po = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[k] / n * cb[k] / n for k in ca)
    print(f"{field}: n={n} p_o={po:.6f} p_e={pe:.6f} kappa={(po - pe) / (1 - pe):.6f}")
