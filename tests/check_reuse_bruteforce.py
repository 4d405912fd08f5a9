"""Independent all-pairs check of `jointstat reuse` (not run by cargo test; ~25 s on the
reference corpus).

    jointstat reuse --out /tmp/r [--near X]
    python3 tests/check_reuse_bruteforce.py /tmp/r/sentence_reuse.csv [X]

For every sentence the tool wrote (its own segmentation), the best normalised Levenshtein
similarity to any sentence of an earlier statement is computed over ALL pairs (normalisation
re-implemented here, pruned only by exact bounds: length ratio and character-bag difference).
Reports every sentence where the tool's class differs, or where the tool's similarity differs
from the all-pairs best while that best is >= X (default 0.8). Exit status 1 on a mismatch.
"""
import csv, re, sys, unicodedata
from collections import Counter
rows = list(csv.DictReader(open(sys.argv[1])))
LABEL = re.compile(r"^\s*(第[一二三四五六七八九十]{1,3}条|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])\s*")
def norm(t):
    t = LABEL.sub("", t, count=1)
    out = []
    for c in t:
        if '\uff01' <= c <= '\uff5e': c = chr(ord(c) - 0xfee0)
        if c.isalnum(): out.append(c.lower() if c.isascii() else c)
    return "".join(out)
def lev(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a):
        cur = [i + 1]
        for j, cb in enumerate(b):
            cur.append(min(prev[j] + (ca != cb), prev[j + 1] + 1, cur[j] + 1))
        prev = cur
    return prev[-1]
docs = []
for r in rows:
    if not docs or docs[-1] != r["doc_id"]: docs.append(r["doc_id"])
rank = {d: i for i, d in enumerate(docs)}
S = [(rank[r["doc_id"]], int(r["sentence"]), norm(r["text"])) for r in rows]
bags = [Counter(s[2]) for s in S]
NEAR = float(sys.argv[2]) if len(sys.argv) > 2 else 0.8
mism = 0
for k, r in enumerate(rows):
    d, _, t = S[k]
    if len(t) < 10: 
        assert r["class"] == "short", r; continue
    best = 0.0; bestsrc = None
    for m in range(len(S)):
        d2, s2, u = S[m]
        if d2 >= d or not u: continue
        L = max(len(t), len(u))
        if min(len(t), len(u)) / L < max(NEAR, best) - 1e-12: continue
        diff = max(sum((bags[k] - bags[m]).values()), sum((bags[m] - bags[k]).values()))
        if 1 - diff / L < max(NEAR, best) - 1e-12: continue
        sim = 1 - lev(t, u) / L
        if sim > best + 1e-12: best, bestsrc = sim, (docs[d2], s2)
    want = "verbatim" if best == 1.0 else ("near" if best >= NEAR else "new")
    got = r["class"]
    if want != got or (want != "new" and abs(float(r["similarity"]) - best) > 1e-6):
        mism += 1
        print("MISMATCH", r["doc_id"], r["sentence"], "tool", got, r["similarity"], r["source_doc"], "brute", want, best, bestsrc)
print("sentences", len(rows), "mismatches", mism)
sys.exit(1 if mism else 0)
