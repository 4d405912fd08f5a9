//! Pure statistical formulas, without polars: the 2×2 contingency table of a term in a target
//! against a reference (G² with and without Williams' correction, chi² with and without Yates,
//! log ratio with its confidence interval, %DIFF), the chi² p-value with one degree of freedom,
//! and quanteda's keyness conventions. The formulas and their sources are documented in
//! [`crate::compare::keyness`], whose tables call these functions (as do `stats` and
//! `compare::ngrams`). Also the dispersion measures of a term over parts — Gries' DP and
//! Juilland's D ([`gries_dp`], [`juilland_d`]; documented in [`crate::compare::dispersion`]).

/// Which correction the `g2` and `chi2` columns carry (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Correction {
    /// No correction (textbook G² and chi²).
    #[default]
    None,
    /// Williams' q on G² (chi² uncorrected).
    Williams,
    /// Yates: every cell moved 0.5 towards its expected count, for G² and chi².
    Yates,
    /// quanteda.textstats `correction = "default"` (= `"yates"`): conditional Yates shift, ε in the log.
    Quanteda,
    /// quanteda.textstats `correction = "williams"`: q = 1 with a zero cell, chi² multiplied by q.
    QuantedaWilliams,
    /// quanteda.textstats `correction = "none"`: ε = 10⁻⁹ inside the logarithm.
    QuantedaNone,
}

impl Correction {
    /// The name used on the command line and in the `correction` column.
    pub fn name(self) -> &'static str {
        match self {
            Correction::None => "none",
            Correction::Williams => "williams",
            Correction::Yates => "yates",
            Correction::Quanteda => "quanteda",
            Correction::QuantedaWilliams => "quanteda-williams",
            Correction::QuantedaNone => "quanteda-none",
        }
    }
}

/// The 2×2 statistics of one term.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    /// Log-likelihood G².
    pub g2: f64,
    /// G² with Williams' correction.
    pub g2_williams: f64,
    /// G² of the table with Yates' continuity correction (cells moved 0.5 towards expected).
    pub g2_yates: f64,
    /// Pearson chi².
    pub chi2: f64,
    /// chi² with Yates' correction.
    pub chi2_yates: f64,
    /// Hardie's log ratio.
    pub log_ratio: f64,
    /// Standard error of the log ratio (log2 scale).
    pub log_ratio_se: f64,
    /// %DIFF (infinite when the reference count is 0).
    pub pct_diff: f64,
}

/// z for a two-sided 95% interval (the 0.975 quantile of the standard normal distribution).
pub const Z_95: f64 = 1.959963984540054;

impl Cell {
    /// Lower and upper bound of the 95% confidence interval of the log ratio.
    pub fn log_ratio_ci(&self) -> (f64, f64) {
        (self.log_ratio - Z_95 * self.log_ratio_se, self.log_ratio + Z_95 * self.log_ratio_se)
    }
}

/// Upper-tail probability of the chi-square distribution with 1 degree of freedom.
pub fn p_chi2_1df(x: f64) -> f64 {
    if x <= 0.0 {
        1.0
    } else {
        libm::erfc((x / 2.0).sqrt())
    }
}

/// All statistics of a 2×2 table (see the module docs); a, b counts, c, d sizes.
pub fn two_by_two(a: f64, b: f64, c: f64, d: f64) -> Cell {
    let n = c + d;
    let r1 = a + b;
    let r2 = n - r1;
    let o = [a, b, c - a, d - b];
    let e = [c * r1 / n, d * r1 / n, c * r2 / n, d * r2 / n];
    let mut g2 = 0.0;
    let mut g2_yates = 0.0;
    let mut chi2 = 0.0;
    let mut yates = 0.0;
    for (o, e) in o.iter().zip(e.iter()) {
        if *o > 0.0 {
            g2 += o * (o / e).ln();
        }
        if *e > 0.0 {
            chi2 += (o - e).powi(2) / e;
            yates += ((o - e).abs() - 0.5).max(0.0).powi(2) / e;
            // the observed count moved towards its expected count by at most 0.5
            let oy = if o > e { o - (o - e).min(0.5) } else { o + (e - o).min(0.5) };
            if oy > 0.0 {
                g2_yates += oy * (oy / e).ln();
            }
        }
    }
    g2 *= 2.0;
    g2_yates *= 2.0;
    let q = 1.0 + (n / r1 + n / r2 - 1.0) * (n / c + n / d - 1.0) / (6.0 * n);
    let fa = if a > 0.0 { a } else { 0.5 };
    let fb = if b > 0.0 { b } else { 0.5 };
    let log_ratio = ((fa / c) / (fb / d)).log2();
    let log_ratio_se = (1.0 / fa + 1.0 / fb).sqrt() / std::f64::consts::LN_2;
    let pct_diff = if b > 0.0 { 100.0 * (a / c - b / d) / (b / d) } else { f64::INFINITY };
    Cell { g2, g2_williams: g2 / q, g2_yates, chi2, chi2_yates: yates, log_ratio, log_ratio_se, pct_diff }
}

/// quanteda's ε inside the logarithm of its G² ("the same value as R code").
const QUANTEDA_EPS: f64 = 0.000000001;

/// quanteda's conditional Yates shift δ (`yates_correction`): 0.5 when |ad − bc| ≥ N/2 and an
/// expected count is below 5, else 0. Cells as in quanteda: a, b counts, c, d the rest of each side.
fn quanteda_delta(a: f64, b: f64, c: f64, d: f64) -> f64 {
    let n = a + b + c + d;
    let small = (a + b) * (a + c) / n < 5.0
        || (a + b) * (b + d) / n < 5.0
        || (a + c) * (c + d) / n < 5.0
        || (c + d) * (b + d) / n < 5.0;
    if (a * d - b * c).abs() >= n / 2.0 && small {
        0.5
    } else {
        0.0
    }
}

/// quanteda's Williams q (`williams_correction`): 1 when any cell is 0.
fn quanteda_q(a: f64, b: f64, c: f64, d: f64) -> f64 {
    if a * b * c * d == 0.0 {
        return 1.0;
    }
    let n = a + b + c + d;
    1.0 + (n / (a + b) + n / (c + d) - 1.0) * (n / (a + c) + n / (b + d) - 1.0) / (6.0 * n)
}

/// quanteda.textstats' signed G² and chi² for one term (`lr_lambda`, `chisq_lambda`): a, b
/// counts in target and reference, `tn`, `rn` their sizes. `correction` must be one of the
/// `Quanteda*` variants (others are treated as `QuantedaNone`). Positive when the target uses
/// the term more than expected.
pub fn quanteda_keyness(a: f64, b: f64, tn: f64, rn: f64, correction: Correction) -> (f64, f64) {
    let (c, d) = (tn - a, rn - b);
    let n = a + b + c + d;
    let e = (a + b) * (a + c) / n;
    let sign = if a > e { 1.0 } else { -1.0 };
    let yates = correction == Correction::Quanteda;
    let williams = correction == Correction::QuantedaWilliams;
    let delta = if yates { quanteda_delta(a, b, c, d) } else { 0.0 };
    let q = if williams { quanteda_q(a, b, c, d) } else { 1.0 };
    // chi² (chisq_lambda): q multiplies, as `den / q` does in quanteda
    let chi2 = n * ((a * d - b * c).abs() - n * delta).powi(2) / ((a + b) * (c + d) * (a + c) * (b + d)) * q * sign;
    // G² (lr_lambda)
    let (mut aa, mut bb, mut cc, mut dd) = (a, b, c, d);
    if yates {
        let s = if a * d - b * c > 0.0 { 1.0 } else { -1.0 };
        aa -= s * delta;
        bb += s * delta;
        cc += s * delta;
        dd -= s * delta;
    }
    let t = |x: f64, ex: f64| if x == 0.0 { 0.0 } else { x * (x / ex + QUANTEDA_EPS).ln() };
    let mut g2 = 2.0
        * (t(aa, (aa + bb) * (aa + cc) / n)
            + t(bb, (aa + bb) * (bb + dd) / n)
            + t(cc, (aa + cc) * (cc + dd) / n)
            + t(dd, (bb + dd) * (cc + dd) / n))
        * sign;
    if williams {
        g2 /= quanteda_q(a, b, c, d);
    }
    (g2, chi2)
}

/// The unsigned (G², chi²) that the `g2` and `chi2` columns carry under `correction`.
pub fn corrected(a: f64, b: f64, c: f64, d: f64, x: &Cell, correction: Correction) -> (f64, f64) {
    match correction {
        Correction::None => (x.g2, x.chi2),
        Correction::Williams => (x.g2_williams, x.chi2),
        Correction::Yates => (x.g2_yates, x.chi2_yates),
        Correction::Quanteda | Correction::QuantedaWilliams | Correction::QuantedaNone => {
            let (g, k) = quanteda_keyness(a, b, c, d, correction);
            (g.abs(), k.abs())
        }
    }
}

/// Whether a term with per-part frequencies `freqs` over parts of `sizes` tokens has a
/// dispersion: it occurs, there are at least two parts, and they hold tokens.
fn dispersion_defined(freqs: &[f64], sizes: &[f64]) -> bool {
    freqs.iter().sum::<f64>() != 0.0 && freqs.len() >= 2 && sizes.iter().sum::<f64>() != 0.0
}

/// Gries' DP and DP_norm of a term with frequency `freqs[i]` in part `i` of `sizes[i]` tokens:
/// DP = ½ Σ |vᵢ/f − sᵢ| with sᵢ the part's share of all tokens, DP_norm = DP / (1 − min sᵢ)
/// (Gries 2008; Lijffijt & Gries 2012). 0 = spread as the part sizes predict, → 1 =
/// concentrated. `None` when the term does not occur, there are fewer than two parts, or no
/// tokens.
pub fn gries_dp(freqs: &[f64], sizes: &[f64]) -> Option<(f64, f64)> {
    if !dispersion_defined(freqs, sizes) {
        return None;
    }
    let f: f64 = freqs.iter().sum();
    let total: f64 = sizes.iter().sum();
    let s: Vec<f64> = sizes.iter().map(|x| x / total).collect();
    let dp = 0.5 * freqs.iter().zip(&s).map(|(v, si)| (v / f - si).abs()).sum::<f64>();
    let min_s = s.iter().cloned().fold(f64::INFINITY, f64::min);
    Some((dp, dp / (1.0 - min_s)))
}

/// Juilland's D of a term with frequency `freqs[i]` in part `i` of `sizes[i]` tokens:
/// D = 1 − V / √(n − 1), V = coefficient of variation (population sd / mean) of the relative
/// frequencies vᵢ / sizeᵢ over the n parts (Juilland & Chang-Rodríguez 1964). 1 = even,
/// 0 = uneven. `None` as for [`gries_dp`].
pub fn juilland_d(freqs: &[f64], sizes: &[f64]) -> Option<f64> {
    if !dispersion_defined(freqs, sizes) {
        return None;
    }
    let n = freqs.len();
    let rel: Vec<f64> = freqs.iter().zip(sizes).map(|(v, z)| if *z > 0.0 { v / z } else { 0.0 }).collect();
    let mean = rel.iter().sum::<f64>() / n as f64;
    let sd = (rel.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64).sqrt();
    Some(1.0 - (sd / mean) / ((n - 1) as f64).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    /// Three parts of 10, 20 and 10 tokens. By hand: the term occurs 2, 0, 1 times (f = 3);
    /// part shares s = (¼, ½, ¼); |vᵢ/f − sᵢ| = (5/12, 1/2, 1/12), sum 1, so DP = ½ and
    /// DP_norm = ½ / (1 − ¼) = ⅔. Relative frequencies (0.2, 0, 0.1): mean 0.1, population sd
    /// √(0.02/3), V = √(2/3), D = 1 − √(2/3)/√2 = 1 − 1/√3.
    #[test]
    fn dp_and_d_on_a_three_part_toy_example() {
        let (dp, dp_norm) = gries_dp(&[2.0, 0.0, 1.0], &[10.0, 20.0, 10.0]).unwrap();
        assert!(close(dp, 0.5), "{dp}");
        assert!(close(dp_norm, 2.0 / 3.0), "{dp_norm}");
        let d = juilland_d(&[2.0, 0.0, 1.0], &[10.0, 20.0, 10.0]).unwrap();
        assert!(close(d, 1.0 - 1.0 / 3f64.sqrt()), "{d}");
        // frequencies proportional to the part sizes: perfectly even
        let (dp, dp_norm) = gries_dp(&[1.0, 2.0, 1.0], &[10.0, 20.0, 10.0]).unwrap();
        assert!(close(dp, 0.0) && close(dp_norm, 0.0));
        assert!(close(juilland_d(&[1.0, 2.0, 1.0], &[10.0, 20.0, 10.0]).unwrap(), 1.0));
        // all in one part of three equal parts: DP = ½(⅔ + ⅓ + ⅓) = ⅔, DP_norm = 1, D = 0
        let (dp, dp_norm) = gries_dp(&[3.0, 0.0, 0.0], &[5.0, 5.0, 5.0]).unwrap();
        assert!(close(dp, 2.0 / 3.0) && close(dp_norm, 1.0), "{dp} {dp_norm}");
        assert!(close(juilland_d(&[3.0, 0.0, 0.0], &[5.0, 5.0, 5.0]).unwrap(), 0.0));
        // undefined: absent term, one part, no tokens
        assert_eq!(gries_dp(&[0.0, 0.0], &[5.0, 5.0]), None);
        assert_eq!(juilland_d(&[2.0], &[5.0]), None);
        assert_eq!(gries_dp(&[1.0, 1.0], &[0.0, 0.0]), None);
    }
}
