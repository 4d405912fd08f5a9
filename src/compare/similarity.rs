//! Document similarity: cosine on relative-frequency vectors and on TF-IDF vectors, Jaccard on
//! term sets, for every pair of the selected statements (computed in polars by a self-join of
//! the document × term table on the term); and an ordering of statements by average-linkage
//! hierarchical clustering for the heatmap.
//!
//! - cosine(x, y) = Σ xᵢyᵢ / (‖x‖ ‖y‖), over terms (stopwords, punctuation, numerals excluded);
//!   x = per-10k relative frequencies, or TF-IDF weights (count × log10(N/df));
//! - Jaccard(A, B) = |A ∩ B| / |A ∪ B| over the sets of terms.

use anyhow::{anyhow, Result};
use polars::prelude::*;

fn pl(e: PolarsError) -> anyhow::Error {
    anyhow!("similarity: {e}")
}

/// The statement × statement table: `doc_a, doc_b, cosine_relfreq, cosine_tfidf, jaccard,
/// shared_terms`, every ordered pair of `ids` (including a document with itself), sorted by
/// `doc_a`, `doc_b` in the order of `ids`.
pub fn similarity(doc_terms: &DataFrame, ids: &[String]) -> Result<DataFrame> {
    let sel = Series::new("ids".into(), ids.to_vec());
    let dt = doc_terms.clone().lazy().filter(col("doc_id").is_in(lit(sel).implode(false), false)).select([
        col("doc_id"),
        col("term"),
        col("per_10k").alias("w"),
        col("tfidf").fill_null(lit(0.0)).alias("v"),
    ]);
    let norms = dt.clone().group_by([col("doc_id")]).agg([
        (col("w") * col("w")).sum().sqrt().alias("nw"),
        (col("v") * col("v")).sum().sqrt().alias("nv"),
        len().cast(DataType::UInt32).alias("types"),
    ]);
    let pairs = dt
        .clone()
        .join(
            dt.clone().select([
                col("doc_id").alias("doc_b"),
                col("term"),
                col("w").alias("w_b"),
                col("v").alias("v_b"),
            ]),
            [col("term")],
            [col("term")],
            JoinArgs::new(JoinType::Inner),
        )
        .group_by([col("doc_id"), col("doc_b")])
        .agg([
            (col("w") * col("w_b")).sum().alias("dw"),
            (col("v") * col("v_b")).sum().alias("dv"),
            len().cast(DataType::UInt32).alias("shared_terms"),
        ]);
    let order = DataFrame::new_infer_height(vec![
        Column::new("doc_id".into(), ids.to_vec()),
        Column::new("ord".into(), (0..ids.len() as u32).collect::<Vec<_>>()),
    ])
    .map_err(pl)?;
    let grid = order
        .clone()
        .lazy()
        .cross_join(order.lazy().select([col("doc_id").alias("doc_b"), col("ord").alias("ord_b")]), None);
    let nb = norms.clone().select([
        col("doc_id").alias("doc_b"),
        col("nw").alias("nw_b"),
        col("nv").alias("nv_b"),
        col("types").alias("types_b"),
    ]);
    let out = grid
        .join(pairs, [col("doc_id"), col("doc_b")], [col("doc_id"), col("doc_b")], JoinArgs::new(JoinType::Left))
        .join(norms, [col("doc_id")], [col("doc_id")], JoinArgs::new(JoinType::Left))
        .join(nb, [col("doc_b")], [col("doc_b")], JoinArgs::new(JoinType::Left))
        .with_columns([
            col("dw").fill_null(lit(0.0)),
            col("dv").fill_null(lit(0.0)),
            col("shared_terms").fill_null(lit(0u32)),
            col("types").fill_null(lit(0u32)),
            col("types_b").fill_null(lit(0u32)),
        ])
        .with_columns([
            when((col("nw") * col("nw_b")).gt(lit(0.0)))
                .then(col("dw") / (col("nw") * col("nw_b")))
                .otherwise(lit(0.0))
                .alias("cosine_relfreq"),
            when((col("nv") * col("nv_b")).gt(lit(0.0)))
                .then(col("dv") / (col("nv") * col("nv_b")))
                .otherwise(lit(0.0))
                .alias("cosine_tfidf"),
            when((col("types") + col("types_b")).gt(lit(0u32)))
                .then(
                    col("shared_terms").cast(DataType::Float64)
                        / (col("types").cast(DataType::Float64) + col("types_b").cast(DataType::Float64)
                            - col("shared_terms").cast(DataType::Float64)),
                )
                .otherwise(lit(0.0))
                .alias("jaccard"),
        ])
        .sort(["ord", "ord_b"], SortMultipleOptions::default())
        .select([
            col("doc_id").alias("doc_a"),
            col("doc_b"),
            col("cosine_relfreq"),
            col("cosine_tfidf"),
            col("jaccard"),
            col("shared_terms"),
        ])
        .collect()
        .map_err(pl)?;
    Ok(out)
}

/// Similarity as a dense matrix (rows and columns in the order of `ids`) for one measure column.
pub fn matrix(sim: &DataFrame, ids: &[String], measure: &str) -> Result<Vec<Vec<f64>>> {
    let n = ids.len();
    let v: Vec<f64> = sim.column(measure).map_err(pl)?.f64().map_err(pl)?.iter().map(|x| x.unwrap_or(0.0)).collect();
    if v.len() != n * n {
        return Err(anyhow!("similarity: expected {} pairs, got {}", n * n, v.len()));
    }
    Ok((0..n).map(|i| v[i * n..(i + 1) * n].to_vec()).collect())
}

/// Leaf order of average-linkage agglomerative clustering on distance 1 − similarity
/// (deterministic: ties broken by the lower index).
pub fn cluster_order(sim: &[Vec<f64>]) -> Vec<usize> {
    let n = sim.len();
    let mut clusters: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let dist = |a: &Vec<usize>, b: &Vec<usize>| -> f64 {
        let mut s = 0.0;
        for &i in a {
            for &j in b {
                s += 1.0 - sim[i][j];
            }
        }
        s / (a.len() * b.len()) as f64
    };
    while clusters.len() > 1 {
        let mut best = (f64::INFINITY, 0, 1);
        for i in 0..clusters.len() {
            for j in i + 1..clusters.len() {
                let d = dist(&clusters[i], &clusters[j]);
                if d < best.0 - 1e-15 {
                    best = (d, i, j);
                }
            }
        }
        let (_, i, j) = best;
        let b = clusters.remove(j);
        clusters[i].extend(b);
    }
    clusters.pop().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_and_jaccard_by_hand() {
        // x = (1, 2, 0), y = (2, 0, 1) over terms 甲 乙 丙: cos = 2 / (√5 √5) = 0.4; Jaccard = 1/3
        let dt = df!(
            "doc_id" => ["x", "x", "y", "y"],
            "term" => ["甲", "乙", "甲", "丙"],
            "per_10k" => [1.0, 2.0, 2.0, 1.0],
            "tfidf" => [1.0, 2.0, 2.0, 1.0],
        )
        .unwrap();
        let ids = vec!["x".to_string(), "y".to_string()];
        let s = similarity(&dt, &ids).unwrap();
        let m = matrix(&s, &ids, "cosine_relfreq").unwrap();
        assert!((m[0][1] - 0.4).abs() < 1e-12 && (m[1][0] - 0.4).abs() < 1e-12);
        assert!((m[0][0] - 1.0).abs() < 1e-12);
        let j = matrix(&s, &ids, "jaccard").unwrap();
        assert!((j[0][1] - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn clustering_groups_similar_items() {
        // 0 and 2 are close, 1 and 3 are close
        let s = vec![
            vec![1.0, 0.1, 0.9, 0.2],
            vec![0.1, 1.0, 0.2, 0.8],
            vec![0.9, 0.2, 1.0, 0.1],
            vec![0.2, 0.8, 0.1, 1.0],
        ];
        assert_eq!(cluster_order(&s), vec![0, 2, 1, 3]);
    }
}
