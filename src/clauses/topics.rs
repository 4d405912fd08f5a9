//! Topics of one sentence (corpus/codebook.md, "Field 4: topics"; the lexicons are the
//! `[[topics]]` of corpus/clause_rules.toml, the matching options its `[topic_matching]`).
//!
//! 1. **Keywords.** The stock formulae (`boilerplate`: 维护地区和平、安全与稳定) are removed from
//!    the sentence, then for each topic its own `exclude` phrases (投资环境 is no environment);
//!    the topic fires when one of its keywords occurs in what is left.
//! 2. **The partner's name is no evidence.** A keyword that is the statement's partner (its
//!    manifest name or one of its aliases) does not fire: 柬埔寨 is a regional conflict in the
//!    1989 Sino-Soviet communiqué, but the partner itself in the 2000 China–Cambodia statement.
//! 3. **Anaphora.** A sentence with no keyword of its own that refers back to what the previous
//!    sentence of the same article said (an `anaphors` phrase: 上述立场, 这一问题, 对此; or an
//!    `anaphor_openers` word opening it: 这将有助于…) addresses the topics of that sentence:
//!    日方充分理解和尊重中方的这一立场 after 台湾是中国领土不可分割的一部分 is about Taiwan. Its
//!    keywords record why: `taiwan_sovereignty:<inherited:#15:这一>`.

use super::{strip_label, ClauseRules, SentenceLabel};

/// The names of a statement's partner that are no topic evidence in it (rule 2): the manifest's
/// partner and its aliases, without the 方/方面 forms (empty when the partner is unknown).
pub(crate) fn partner_names(rules: &ClauseRules, partner: &str) -> Vec<String> {
    if partner.is_empty() {
        return Vec::new();
    }
    let mut names: Vec<String> = std::iter::once(partner.to_string())
        .chain(rules.partner_aliases(partner))
        .filter(|a| !a.ends_with('方') && !a.ends_with("方面"))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The anaphor by which a sentence refers back to the previous one, if any (rule 3).
fn anaphor(rules: &ClauseRules, text: &str) -> Option<String> {
    let tm = &rules.topic_matching;
    let mut t = text.to_string();
    for w in &tm.not_anaphors {
        t = t.replace(w.as_str(), "　");
    }
    let body = strip_label(t.trim_start());
    if let Some(o) = tm.anaphor_openers.iter().find(|o| body.starts_with(o.as_str())) {
        return Some(o.clone());
    }
    tm.anaphors.iter().filter(|a| t.contains(a.as_str())).min_by_key(|a| t.find(a.as_str())).cloned()
}

/// The topics of a sentence and the `topic:keyword` pairs that made them fire, in rule order.
/// `partner` is [`partner_names`] of the statement; `prev` is the label of the previous sentence
/// when it is in the same article (the only sentence an anaphor can take topics from).
pub(crate) fn sentence_topics(
    rules: &ClauseRules,
    text: &str,
    partner: &[String],
    prev: Option<&SentenceLabel>,
) -> (Vec<String>, Vec<String>) {
    // the automata (`matchers`) tell which phrases occur at all, in one scan each: a
    // replacement that cannot change the text is skipped, and a topic none of whose exclude
    // phrases occurs reads its keywords from that one scan; otherwise phrase by phrase
    let m = rules.matchers.topics();
    let mut ttext = text.to_string();
    if m.is_none_or(|m| m.has_boilerplate(text)) {
        for b in &rules.topic_matching.boilerplate {
            ttext = ttext.replace(b.as_str(), "　");
        }
    }
    let scanned = m.map(|m| (m, m.excluded(&ttext, rules.topics.len()), m.keywords_in(&ttext)));
    let mut topics = Vec::new();
    let mut keywords = Vec::new();
    for (ti, t) in rules.topics.iter().enumerate() {
        let fired: Vec<&String> = match &scanned {
            Some((m, excluded, found)) if !excluded[ti] => t
                .keywords
                .iter()
                .zip(m.keyword_ids(ti))
                .filter(|(k, &id)| found[id] && !partner.contains(k))
                .map(|(k, _)| k)
                .collect(),
            _ => {
                let mut own = ttext.clone();
                for e in &t.exclude {
                    own = own.replace(e.as_str(), "　");
                }
                t.keywords.iter().filter(|k| own.contains(k.as_str()) && !partner.contains(k)).collect()
            }
        };
        if !fired.is_empty() {
            topics.push(t.name.clone());
            keywords.extend(fired.iter().map(|k| format!("{}:{}", t.name, k)));
        }
    }
    if topics.is_empty() {
        if let (Some(p), Some(a)) = (prev.filter(|p| !p.topics.is_empty()), anaphor(rules, text)) {
            topics = p.topics.clone();
            keywords = topics.iter().map(|t| format!("{t}:<inherited:#{}:{a}>", p.sentence)).collect();
        }
    }
    (topics, keywords)
}

#[cfg(test)]
mod tests {
    //! Hand-written FIXTURE sentences (not corpus texts), scored with the built-in rules.
    use super::*;
    use crate::clauses::{Actor, DEFAULT_RULES};

    fn rules() -> ClauseRules {
        ClauseRules::parse(DEFAULT_RULES, "corpus/clause_rules.toml").unwrap()
    }

    /// The label of a previous sentence #`sentence` with these topics.
    fn prev(sentence: usize, topics: &[&str]) -> SentenceLabel {
        SentenceLabel {
            sentence,
            article: 1,
            actor: Actor::Joint,
            actor_source: "explicit",
            actor_cue: "双方".into(),
            main_act: "assessment".into(),
            act_rule: String::new(),
            acts: vec![],
            negated: false,
            topics: topics.iter().map(|t| t.to_string()).collect(),
            keywords: vec![],
            rules: None,
        }
    }

    #[test]
    fn keywords_after_boilerplate_and_excludes() {
        let r = rules();
        let (t, k) = sentence_topics(&r, "双方同意扩大两国经贸合作。", &[], None);
        assert_eq!((t, k), (vec!["economy_trade".to_string()], vec!["economy_trade:经贸".to_string()]));
        // the stock formula names security without being about it
        let (t, _) = sentence_topics(&r, "双方愿共同维护地区和平、安全与稳定。", &[], None);
        assert!(t.is_empty(), "{t:?}");
        // 国际政治经济新秩序 is the international order, not the economy
        let (t, _) = sentence_topics(&r, "双方主张建立公正合理的国际政治经济新秩序。", &[], None);
        assert_eq!(t, vec!["un_multilateral".to_string()]);
    }

    #[test]
    fn the_partner_name_is_no_evidence() {
        let r = rules();
        let text = "中方重申尊重柬埔寨的独立。";
        let (t, _) = sentence_topics(&r, text, &[], None);
        assert!(t.contains(&"security_military".to_string()), "a third country's conflict: {t:?}");
        let names = partner_names(&r, "柬埔寨");
        assert!(names.contains(&"柬埔寨".to_string()) && !names.iter().any(|n| n.ends_with('方')), "{names:?}");
        let (t, _) = sentence_topics(&r, text, &names, None);
        assert!(!t.contains(&"security_military".to_string()), "the partner itself: {t:?}");
        assert!(partner_names(&r, "").is_empty());
    }

    #[test]
    fn an_anaphor_takes_the_topics_of_the_previous_sentence() {
        let r = rules();
        let p = prev(7, &["taiwan_sovereignty"]);
        let (t, k) = sentence_topics(&r, "日方充分理解和尊重中方的这一立场。", &[], Some(&p));
        assert_eq!(t, vec!["taiwan_sovereignty".to_string()]);
        assert_eq!(k, vec!["taiwan_sovereignty:<inherited:#7:这一>".to_string()]);
        let (t, _) = sentence_topics(&r, "中方对此表示欢迎。", &[], Some(&p));
        assert_eq!(t, vec!["taiwan_sovereignty".to_string()]);
        // a pronoun opening the sentence, after a list label
        let (_, k) = sentence_topics(&r, "（三）这将有助于增进相互信任。", &[], Some(&p));
        assert_eq!(k, vec!["taiwan_sovereignty:<inherited:#7:这>".to_string()]);
        // no anaphor: nothing inherited; 应该 and 这次 are no anaphors
        for s in ["双方对会谈结果表示满意。", "两国应该世代友好。", "这次访问取得圆满成功。"]
        {
            assert!(sentence_topics(&r, s, &[], Some(&p)).0.is_empty(), "{s}");
        }
        // keywords of its own win; no previous sentence (a new article): nothing to inherit
        let (t, _) = sentence_topics(&r, "双方支持上述经贸合作。", &[], Some(&p));
        assert_eq!(t, vec!["economy_trade".to_string()]);
        assert!(sentence_topics(&r, "中方对此表示欢迎。", &[], None).0.is_empty());
    }
}
