"""Independent reference values for the collocation tests (src/compare/ngrams.rs).

Run: python3 tests/reference/collocates_reference.py   (needs numpy and scipy)

The fixture of `collocates_count_each_collocate_token_once` is re-counted here by brute force:
for every collocate token, is there a node occurrence (not itself) within left/right word tokens
in the same sentence? G² comes from scipy.stats.chi2_contingency on the 2x2 table
[[f(n,c), f(n) - f(n,c)], [f(c) - f(n,c), N - f(n) - f(c) + f(n,c)]].
"""
import math
import numpy as np
from scipy.stats import chi2, chi2_contingency

# (word, sentence); "，" is punctuation and is skipped
FIXTURE = [("甲", 0), ("合作", 0), ("乙", 0), ("合作", 0), ("丙", 0),
           ("合作", 1), ("合作", 1), ("甲", 1), ("，", 1), ("乙", 1),
           ("乙", 2), ("丁", 2), ("甲", 2),
           ("丙", 3), ("合作", 3)]


def measures(o, fn, fc, n):
    e = fn * fc / n
    table = np.array([[o, fn - o], [fc - o, n - fn - fc + o]], dtype=float)
    g2 = chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
    return dict(mi=math.log2(o / e), mi3=math.log2(o ** 3 / e), t=(o - e) / math.sqrt(o),
                z=(o - e) / math.sqrt(e), log_dice=14 + math.log2(2 * o / (fn + fc)),
                g2=g2, p_g2=chi2.sf(g2, 1))


def count(tokens, node, left, right):
    words = [(w, s) for w, s in tokens if w != "，"]
    sents = {}
    for w, s in words:
        sents.setdefault(s, []).append(w)
    co = {}
    for ws in sents.values():
        for j, w in enumerate(ws):
            if w == node:
                continue
            if any(ws[i] == node and -left <= j - i <= right for i in range(len(ws))):
                co[w] = co.get(w, 0) + 1
    freq = {}
    for w, _ in words:
        freq[w] = freq.get(w, 0) + 1
    return co, freq, len(words)


if __name__ == "__main__":
    co, freq, n = count(FIXTURE, "合作", 1, 1)
    print("co-occurrences", co, "freq", freq, "N", n)
    for c in sorted(co):
        print(c, {k: repr(v) for k, v in measures(co[c], freq["合作"], freq[c], n).items()})
    print("worked example 12/40/300/100000", measures(12, 40, 300, 100000))
