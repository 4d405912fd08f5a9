//! `jointstat clauses` (its help text is the doc comment of its variant of `Cmd` in `cmd/mod.rs`).

use super::*;

// Arguments of `jointstat clauses` (their help: `jointstat clauses --help`).
#[derive(Args, Debug)]
pub struct ClausesArgs {
    /// Document id.
    pub id: String,
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub tokens: TokenArgs,
}

/// Run `jointstat clauses`.
pub fn run(args: ClausesArgs) -> Result<()> {
    let ClausesArgs { id, corpus, tokens } = args;
    let (c, tok) = one_doc(&corpus, &tokens, &id)?;
    let d = c.get(&id).expect("checked by one_doc");
    let rules = tokens.clause_rules()?;
    let seg = segment::segment(d);
    let dt = tok.tokenize_doc(d, &seg);
    let labels = jointstat::clauses::classify_doc(&rules, d, &seg, &dt);
    let profile = jointstat::clauses::one_china(&rules, d, &seg, &labels);
    let tty = output::colour_stdout();
    let paint = |code: &str, s: &str| output::paint(tty, code, s);
    let text: Vec<char> = d.body_text().chars().collect();
    println!(
        "{}",
        paint(
            "1",
            &format!(
                "{} — {} sentences, {} numbered articles ({})",
                d.id,
                labels.len(),
                seg.numbered_articles(),
                seg.scheme.name()
            )
        )
    );
    for l in &labels {
        let s = &seg.sentences[l.sentence];
        let art = &seg.articles[l.article];
        let num = art.number.map_or_else(|| art.kind.name().to_string(), |n| n.to_string());
        let actor = format!("{}{}", l.actor.name(), if l.actor_source == "inherited" { "^" } else { "" });
        let act = format!("{}{}", if l.negated { "!" } else { "" }, l.main_act);
        println!(
            "{} {} {} {} {} {}",
            paint("2", &format!("[{num}.{}]", l.sentence)),
            paint("1;34", &format!("{actor:<9}")),
            paint("1;32", &format!("{act:<15}")),
            paint("33", &format!("{{{}}}", l.topics.join(","))),
            paint("2", &format!("<{}>", l.act_rule)),
            text[s.char_start..s.char_end].iter().collect::<String>()
        );
    }
    let present: Vec<&str> = profile.features.iter().filter(|(_, v)| **v).map(|(k, _)| k.as_str()).collect();
    println!(
        "{} has_clause={} stated_by={} verb={} features=[{}] evidence sentences={:?}",
        paint("1", "One-China:"),
        profile.has_clause,
        profile.stated_by,
        profile.verb.as_deref().unwrap_or("–"),
        present.join(", "),
        profile.evidence
    );
    println!("(^ = actor inherited from the previous sentence; ! = negated act)");
    Ok(())
}
