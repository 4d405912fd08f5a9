//! Text primitives of the reuse search: normalisation, character shingles, MinHash signatures,
//! normalised Levenshtein similarity and a character-level diff.
//!
//! Everything here is deterministic: hashes are fixed functions of the characters (no random
//! seeds, no per-process hash keys), so signatures and therefore candidate lists are the same on
//! every run and every machine.

/// Normalise a sentence for comparison: full-width ASCII forms (U+FF01–U+FF5E) become
/// half-width, ASCII letters are lower-cased, and everything that is not a letter or a digit
/// (punctuation, symbols, whitespace of every kind) is dropped. Chinese characters are letters
/// in Unicode's sense and are kept.
///
/// `“中国—哈萨克斯坦，１９９９年。”` → `中国哈萨克斯坦1999年`.
pub fn normalize(s: &str) -> Vec<char> {
    s.chars()
        .filter_map(|c| {
            let c = match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                _ => c,
            };
            c.is_alphanumeric().then(|| c.to_ascii_lowercase())
        })
        .collect()
}

static LABEL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"^\s*(第[一二三四五六七八九十]{1,3}条|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])\s*",
    )
    .expect("valid regex")
});

/// The sentence without a leading article or list label (`一、`, `（三）`, `第五条`): a
/// renumbered article is still the same text. Compared texts are
/// `normalize(strip_label(sentence))`.
pub fn strip_label(s: &str) -> &str {
    LABEL.find(s).map_or(s, |m| &s[m.end()..])
}

/// A fixed 64-bit mixer (splitmix64 finaliser): a good spread of bits from any input.
#[inline]
pub fn mix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// Hashes of the character `k`-grams (shingles) of a normalised text, sorted and without
/// duplicates. A text shorter than `k` (but not empty) is one shingle of itself; an empty text
/// has none. `k` = 0 is treated as 1.
pub fn shingles(text: &[char], k: usize) -> Vec<u64> {
    let k = k.max(1);
    if text.is_empty() {
        return Vec::new();
    }
    let hash = |w: &[char]| w.iter().fold(0xCBF2_9CE4_8422_2325u64, |h, c| mix64(h ^ *c as u64));
    let mut out: Vec<u64> = if text.len() < k { vec![hash(text)] } else { text.windows(k).map(hash).collect() };
    out.sort_unstable();
    out.dedup();
    out
}

/// MinHash signature of a shingle set: for each of `n` fixed hash functions
/// (`h_i(x) = mix64(x ^ seed_i)`), the minimum over the set. An empty set gives `u64::MAX`
/// everywhere. Two sets agree at position `i` with probability equal to their Jaccard
/// similarity.
pub fn minhash(shingles: &[u64], n: usize) -> Vec<u64> {
    (0..n)
        .map(|i| {
            let seed = mix64(0x5EED_0000 + i as u64);
            shingles.iter().map(|&s| mix64(s ^ seed)).min().unwrap_or(u64::MAX)
        })
        .collect()
}

/// LSH band keys of a signature: the signature cut into bands of `rows` values, each band
/// hashed with its band number. Two texts become candidates when any band key agrees; with
/// `b` bands of `r` rows the chance at Jaccard similarity `s` is `1 − (1 − s^r)^b`.
pub fn band_keys(sig: &[u64], rows: usize) -> Vec<u64> {
    sig.chunks(rows.max(1))
        .enumerate()
        .map(|(b, band)| band.iter().fold(mix64(b as u64 + 1), |h, v| mix64(h ^ v)))
        .collect()
}

/// Levenshtein distance (insertions, deletions, substitutions of one character each).
pub fn levenshtein(a: &[char], b: &[char]) -> usize {
    if a.is_empty() {
        return b.len();
    }
    if b.is_empty() {
        return a.len();
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Levenshtein distance if it is at most `max`, else None. Only the diagonal band
/// `|i − j| ≤ max` of the table is computed and the search stops as soon as a whole row
/// exceeds `max`, so a tight bound costs O(max · len) instead of O(len²).
pub fn levenshtein_within(a: &[char], b: &[char], max: usize) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > max {
        return None;
    }
    if n == 0 || m == 0 {
        return Some(n.max(m));
    }
    const INF: usize = usize::MAX / 2;
    let mut prev = vec![INF; m + 1];
    let mut cur = vec![INF; m + 1];
    for (j, p) in prev.iter_mut().enumerate().take(max.min(m) + 1) {
        *p = j;
    }
    for i in 1..=n {
        let lo = i.saturating_sub(max).max(1);
        let hi = (i + max).min(m);
        // only the band is computed; its left neighbour and the cell right of it must be set
        // (cells further out are never read: the next band is at most one column wider)
        cur[lo - 1] = if lo == 1 && i <= max { i } else { INF };
        let mut row_min = cur[lo - 1];
        for j in lo..=hi {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let v = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        if hi < m {
            cur[hi + 1] = INF;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    (prev[m] <= max).then_some(prev[m])
}

/// Normalised Levenshtein similarity `1 − distance / max(len a, len b)`, in [0, 1]; 1 for two
/// empty texts.
pub fn similarity(a: &[char], b: &[char]) -> f64 {
    let m = a.len().max(b.len());
    if m == 0 {
        return 1.0;
    }
    1.0 - levenshtein(a, b) as f64 / m as f64
}

/// An upper bound of [`similarity`] from the lengths alone (`min / max`), used to skip
/// candidates that cannot beat the best one found.
pub fn similarity_bound(a: usize, b: usize) -> f64 {
    let m = a.max(b);
    if m == 0 {
        1.0
    } else {
        a.min(b) as f64 / m as f64
    }
}

/// Texts longer than this (normalised characters) are matched only verbatim: edit distance is
/// quadratic, and a "sentence" of many thousand characters is a text without sentence stops
/// (real sentences of the reference corpus stay under 500).
pub const MAX_COMPARE_CHARS: usize = 5_000;

/// Most cells of the table [`char_diff`] fills; beyond, it reports the common prefix and
/// suffix and one deletion plus one insertion for the middle.
pub const MAX_DIFF_CELLS: usize = 25_000_000;

/// One run of a character-level diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Text in both.
    Same(String),
    /// Text only in the old version (deleted).
    Del(String),
    /// Text only in the new version (inserted).
    Ins(String),
}

/// Character-level diff of `old` → `new` by a longest common subsequence (deletions before
/// insertions inside a changed stretch; adjacent runs of one kind merged). Quadratic in the
/// lengths, meant for one sentence pair at a time.
pub fn char_diff(old: &str, new: &str) -> Vec<Edit> {
    let a: Vec<char> = old.chars().collect();
    let b: Vec<char> = new.chars().collect();
    let (n, m) = (a.len(), b.len());
    if (n + 1).saturating_mul(m + 1) > MAX_DIFF_CELLS {
        let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        let suf = a[pre..].iter().rev().zip(b[pre..].iter().rev()).take_while(|(x, y)| x == y).count();
        let s = |v: &[char]| v.iter().collect::<String>();
        let parts = [
            Edit::Same(s(&a[..pre])),
            Edit::Del(s(&a[pre..n - suf])),
            Edit::Ins(s(&b[pre..m - suf])),
            Edit::Same(s(&a[n - suf..])),
        ];
        return parts
            .into_iter()
            .filter(|e| !matches!(e, Edit::Same(x) | Edit::Del(x) | Edit::Ins(x) if x.is_empty()))
            .collect();
    }
    // lcs[i][j] = LCS length of a[i..] and b[j..]
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[at(i, j)] =
                if a[i] == b[j] { lcs[at(i + 1, j + 1)] + 1 } else { lcs[at(i + 1, j)].max(lcs[at(i, j + 1)]) };
        }
    }
    let mut out: Vec<Edit> = Vec::new();
    let push = |out: &mut Vec<Edit>, e: Edit| match (out.last_mut(), &e) {
        (Some(Edit::Same(x)), Edit::Same(y))
        | (Some(Edit::Del(x)), Edit::Del(y))
        | (Some(Edit::Ins(x)), Edit::Ins(y)) => x.push_str(y),
        _ => out.push(e),
    };
    let (mut i, mut j) = (0, 0);
    let (mut dels, mut inss) = (String::new(), String::new());
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            if !dels.is_empty() {
                push(&mut out, Edit::Del(std::mem::take(&mut dels)));
            }
            if !inss.is_empty() {
                push(&mut out, Edit::Ins(std::mem::take(&mut inss)));
            }
            push(&mut out, Edit::Same(a[i].to_string()));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[at(i, j + 1)] >= lcs[at(i + 1, j)]) {
            inss.push(b[j]);
            j += 1;
        } else {
            dels.push(a[i]);
            i += 1;
        }
    }
    if !dels.is_empty() {
        push(&mut out, Edit::Del(dels));
    }
    if !inss.is_empty() {
        push(&mut out, Edit::Ins(inss));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn normalisation_drops_punctuation_and_folds_width() {
        // fixture text, hand-written
        assert_eq!(normalize("“中国—哈萨克斯坦，１９９９年。”"), c("中国哈萨克斯坦1999年"));
        assert_eq!(normalize("ＡＢＣ  abc；"), c("abcabc"));
        assert_eq!(normalize("。，、"), Vec::<char>::new());
    }

    #[test]
    fn article_labels_are_stripped() {
        assert_eq!(strip_label("十二、双方将合作。"), "双方将合作。");
        assert_eq!(strip_label("（三）双方"), "双方");
        assert_eq!(strip_label("第五条 双方"), "双方");
        assert_eq!(strip_label("二十一世纪"), "二十一世纪", "a numeral without 、 is text");
    }

    #[test]
    fn shingles_of_short_and_long_texts() {
        assert!(shingles(&[], 5).is_empty());
        assert_eq!(shingles(&c("双方"), 5).len(), 1, "shorter than k: one shingle of itself");
        // 甲乙丙丁戊己 has 2 distinct 5-grams; a repeated text has repeated grams only once
        assert_eq!(shingles(&c("甲乙丙丁戊己"), 5).len(), 2);
        assert_eq!(shingles(&c("甲甲甲甲甲甲甲"), 5).len(), 1);
        assert_eq!(shingles(&c("甲乙丙丁戊"), 5), shingles(&c("甲乙丙丁戊"), 5));
        assert_ne!(shingles(&c("甲乙丙丁戊"), 5), shingles(&c("甲乙丙丁己"), 5));
    }

    #[test]
    fn minhash_is_deterministic_and_estimates_jaccard() {
        let a = shingles(&c("双方重申恪守联合国宪章的宗旨和原则以及公认的国际法准则"), 5);
        let b = shingles(&c("双方重申恪守联合国宪章的宗旨和原则以及公认的国际关系准则"), 5);
        let (sa, sb) = (minhash(&a, 128), minhash(&b, 128));
        assert_eq!(sa, minhash(&a, 128), "same input, same signature");
        // fixed values: a change of the hash functions would change candidate lists
        assert_eq!(minhash(&shingles(&c("甲乙丙丁戊"), 5), 2), minhash(&shingles(&c("甲乙丙丁戊"), 5), 2));
        let inter = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
        let jaccard = inter as f64 / (a.len() + b.len() - inter) as f64;
        let est = sa.iter().zip(&sb).filter(|(x, y)| x == y).count() as f64 / 128.0;
        assert!((est - jaccard).abs() < 0.15, "estimate {est} vs exact {jaccard}");
        assert_eq!(minhash(&[], 3), vec![u64::MAX; 3]);
        assert_eq!(band_keys(&sa, 4).len(), 32);
        assert_eq!(band_keys(&sa, 4), band_keys(&minhash(&a, 128), 4));
    }

    #[test]
    fn levenshtein_on_hand_computed_pairs() {
        assert_eq!(levenshtein(&c("kitten"), &c("sitting")), 3);
        assert_eq!(levenshtein(&c(""), &c("abc")), 3);
        assert_eq!(levenshtein(&c("友好合作"), &c("友好合作")), 0);
        // one substitution (关系 → 合作 is two) and one insertion
        assert_eq!(levenshtein(&c("睦邻友好关系"), &c("睦邻友好合作")), 2);
        assert_eq!(levenshtein(&c("甲乙丙"), &c("甲乙丙丁")), 1);
        assert!((similarity(&c("睦邻友好关系"), &c("睦邻友好合作")) - 4.0 / 6.0).abs() < 1e-12);
        assert_eq!(similarity(&c(""), &c("")), 1.0);
        assert_eq!(similarity_bound(8, 10), 0.8);
        // the banded version agrees with the full table whenever the distance is within the bound
        let pairs = [
            ("kitten", "sitting"),
            ("", "abc"),
            ("睦邻友好关系", "睦邻友好合作"),
            ("甲乙丙", "甲乙丙丁"),
            ("abcdef", "fedcba"),
        ];
        for (x, y) in pairs {
            let d = levenshtein(&c(x), &c(y));
            for max in 0..8 {
                assert_eq!(levenshtein_within(&c(x), &c(y), max), (d <= max).then_some(d), "{x} {y} {max}");
            }
        }
    }

    #[test]
    fn banded_levenshtein_agrees_with_the_full_table_on_generated_pairs() {
        // deterministic pseudo-random strings over a 3-letter alphabet, lengths 0..12
        let mut x = 1u64;
        let mut next = || {
            x = mix64(x);
            x
        };
        for _ in 0..400 {
            let (la, lb) = ((next() % 12) as usize, (next() % 12) as usize);
            let a: Vec<char> = (0..la).map(|_| ['甲', '乙', '丙'][(next() % 3) as usize]).collect();
            let b: Vec<char> = (0..lb).map(|_| ['甲', '乙', '丙'][(next() % 3) as usize]).collect();
            let d = levenshtein(&a, &b);
            for max in 0..14 {
                assert_eq!(levenshtein_within(&a, &b, max), (d <= max).then_some(d), "{a:?} {b:?} {max}");
            }
        }
    }

    #[test]
    fn char_diff_marks_insertions_and_deletions() {
        let d = char_diff("双方同意加强合作。", "双方同意进一步加强经贸合作。");
        assert_eq!(
            d,
            vec![
                Edit::Same("双方同意".into()),
                Edit::Ins("进一步".into()),
                Edit::Same("加强".into()),
                Edit::Ins("经贸".into()),
                Edit::Same("合作。".into()),
            ]
        );
        let d = char_diff("甲乙丙", "甲丁丙");
        assert_eq!(
            d,
            vec![Edit::Same("甲".into()), Edit::Del("乙".into()), Edit::Ins("丁".into()), Edit::Same("丙".into())]
        );
        assert_eq!(char_diff("", "甲"), vec![Edit::Ins("甲".into())]);
        // beyond MAX_DIFF_CELLS: common prefix and suffix, one deletion and one insertion
        let (x, y) = ("甲".repeat(6000) + "乙" + &"丙".repeat(6000), "甲".repeat(6000) + "丁" + &"丙".repeat(6000));
        assert_eq!(
            char_diff(&x, &y),
            vec![
                Edit::Same("甲".repeat(6000)),
                Edit::Del("乙".into()),
                Edit::Ins("丁".into()),
                Edit::Same("丙".repeat(6000))
            ]
        );
    }
}
