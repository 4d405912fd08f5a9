"""Independent reference values for the keyness tests (src/compare/keyness.rs, tests/cli_compare.rs).

Run: python3 tests/reference/keyness_reference.py   (needs numpy and scipy)

Textbook statistics come from scipy.stats.chi2_contingency (Pearson and log-likelihood, with and
without Yates' continuity correction). The quanteda values come from a line-by-line Python port
of quanteda.textstats src/keyness.cpp (functions yates_correction, williams_correction,
chisq_lambda, lr_lambda), written from its published source, not from jointstat's Rust code.
Cell layout as in quanteda: a = target count, b = reference count, c = target size - a,
d = reference size - b.
"""
import math
import numpy as np
from scipy.stats import chi2, chi2_contingency

EPS = 0.000000001  # quanteda: "the same value as R code"


def q_yates(a, b, c, d):
    n = a + b + c + d
    if abs(a * d - b * c) >= n / 2 and (
        (a + b) * (a + c) / n < 5 or (a + b) * (b + d) / n < 5
        or (a + c) * (c + d) / n < 5 or (c + d) * (b + d) / n < 5):
        return 0.5
    return 0.0


def q_williams(a, b, c, d):
    if a * b * c * d == 0:
        return 1.0
    n = a + b + c + d
    return 1.0 + (n / (a + b) + n / (c + d) - 1.0) * (n / (a + c) + n / (b + d) - 1.0) / (6.0 * n)


def q_chi2(a, b, tn, rn, cor):
    c, d = tn - a, rn - b
    n = a + b + c + d
    e = (a + b) * (a + c) / n
    delta = q_yates(a, b, c, d) if cor in ("default", "yates") else 0.0
    q = q_williams(a, b, c, d) if cor == "williams" else 1.0
    num = n * (abs(a * d - b * c) - n * delta) ** 2
    den = (a + b) * (c + d) * (a + c) * (b + d) * (1.0 if a > e else -1.0) / q
    return num / den


def q_lr(a, b, tn, rn, cor):
    c, d = tn - a, rn - b
    n = a + b + c + d
    e = (a + b) * (a + c) / n
    aa, bb, cc, dd = a, b, c, d
    if cor in ("default", "yates"):
        delta = q_yates(a, b, c, d)
        sign = a * d - b * c > 0
        aa += -delta if sign else delta
        bb += delta if sign else -delta
        cc += delta if sign else -delta
        dd += -delta if sign else delta
    def t(x, e):
        return 0.0 if x == 0 else x * math.log(x / e + EPS)
    res = 2 * (t(aa, (aa + bb) * (aa + cc) / n) + t(bb, (aa + bb) * (bb + dd) / n)
               + t(cc, (aa + cc) * (cc + dd) / n) + t(dd, (bb + dd) * (cc + dd) / n))
    res *= 1.0 if a > e else -1.0
    if cor == "williams":
        res /= q_williams(a, b, c, d)
    return res


def textbook(a, b, tn, rn):
    obs = np.array([[a, b], [tn - a, rn - b]], dtype=float)
    g2 = chi2_contingency(obs, correction=False, lambda_="log-likelihood")[0]
    g2_y = chi2_contingency(obs, correction=True, lambda_="log-likelihood")[0]
    x2 = chi2_contingency(obs, correction=False)[0]
    x2_y = chi2_contingency(obs, correction=True)[0]
    n, r1, r2 = tn + rn, a + b, tn + rn - a - b
    q = 1 + (n / r1 + n / r2 - 1) * (n / tn + n / rn - 1) / (6 * n)
    fa, fb = (a or 0.5), (b or 0.5)
    lr = math.log2((fa / tn) / (fb / rn))
    se = math.sqrt(1 / fa + 1 / fb) / math.log(2)
    z = 1.959963984540054
    return dict(g2=g2, g2_yates=g2_y, g2_williams=g2 / q, chi2=x2, chi2_yates=x2_y,
                p_g2=chi2.sf(g2, 1), log_ratio=lr, lr_se=se, ci_low=lr - z * se, ci_high=lr + z * se)


if __name__ == "__main__":
    import sys
    cases = [(10, 20, 1000, 9000), (5, 0, 1000, 9000), (100, 300, 1000, 9000)]
    if len(sys.argv) == 5:
        cases = [tuple(float(x) for x in sys.argv[1:])]
    for a, b, tn, rn in cases:
        print(f"a={a} b={b} target={tn} reference={rn}")
        for k, v in textbook(a, b, tn, rn).items():
            print(f"  textbook {k:12s} {v!r}")
        for cor in ("default", "yates", "williams", "none"):
            print(f"  quanteda {cor:9s} G2 {q_lr(a, b, tn, rn, cor)!r}  chi2 {q_chi2(a, b, tn, rn, cor)!r}")
