//! Multi-pattern matchers over the cue lists of the clause rules, built once per rules file
//! ([`ClauseRules::parse`](super::ClauseRules::parse)), so that a sentence is scanned once for
//! all its cues (an Aho-Corasick automaton) instead of once per cue (`str::find`). They only
//! make the matching faster: every function here finds exactly what the per-cue search finds
//! (all occurrences, overlapping ones included), and the labels are unchanged.

use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;

/// What an occurrence of one distinct pattern of [`Matchers::hits`] stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    /// An act cue of act rule `Some(i)`, or a light verb (`None`), of two or more characters.
    Cue(Option<usize>),
    /// A `not_cues` word.
    NotCue,
}

/// The automata of one rules file.
#[derive(Debug, Clone, Default)]
pub(super) struct Matchers {
    /// Act cues and light verbs of two or more characters, and the `not_cues` words (none empty).
    hits: Option<AhoCorasick>,
    /// Per distinct pattern of `hits`: its length in characters and what it stands for, in rule
    /// order (a string listed twice has two targets).
    hit_targets: Vec<(usize, Vec<Target>)>,
    /// The distinct patterns of `hits`, by pattern index.
    hit_patterns: Vec<String>,
    /// Topic matching, or `None` when some phrase is empty (then the plain search is used).
    topics: Option<TopicMatchers>,
}

/// Topic keywords, exclusions and boilerplate.
#[derive(Debug, Clone)]
pub(super) struct TopicMatchers {
    /// Every boilerplate phrase.
    boilerplate: AhoCorasick,
    /// Every distinct `exclude` phrase of every topic.
    exclude: AhoCorasick,
    /// Per distinct exclude phrase: the topics (indices) that list it.
    exclude_topics: Vec<Vec<usize>>,
    /// Every distinct keyword of every topic.
    keywords: AhoCorasick,
    /// Per topic, per keyword (in its order): the keyword's pattern index in `keywords`.
    keyword_ids: Vec<Vec<usize>>,
}

/// The distinct strings of `items` in first-seen order, and each item's index among them.
fn distinct<'a>(items: impl Iterator<Item = &'a str>) -> (Vec<&'a str>, Vec<usize>) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut out = Vec::new();
    let mut ids = Vec::new();
    for s in items {
        let id = *seen.entry(s).or_insert_with(|| {
            out.push(s);
            out.len() - 1
        });
        ids.push(id);
    }
    (out, ids)
}

/// An automaton that reports every occurrence of every pattern (standard semantics, overlapping
/// search).
fn automaton(patterns: &[&str]) -> Option<AhoCorasick> {
    AhoCorasick::builder().match_kind(MatchKind::Standard).build(patterns).ok()
}

impl Matchers {
    /// Build the automata of a parsed rules file.
    pub(super) fn new(r: &super::ClauseRules) -> Matchers {
        // act cues and light verbs that are matched on the text (two or more characters), and
        // the not_cues words
        let mut targets: Vec<(&str, Target)> = Vec::new();
        for (ri, a) in r.acts.iter().enumerate() {
            targets
                .extend(a.cues.iter().filter(|c| c.chars().count() > 1).map(|c| (c.as_str(), Target::Cue(Some(ri)))));
        }
        let am = &r.act_matching;
        targets
            .extend(am.light_verbs.iter().filter(|c| c.chars().count() > 1).map(|c| (c.as_str(), Target::Cue(None))));
        targets.extend(am.not_cues.iter().filter(|c| !c.is_empty()).map(|c| (c.as_str(), Target::NotCue)));
        let (patterns, ids) = distinct(targets.iter().map(|t| t.0));
        let mut hit_targets: Vec<(usize, Vec<Target>)> =
            patterns.iter().map(|p| (p.chars().count(), Vec::new())).collect();
        for (&id, (_, t)) in ids.iter().zip(&targets) {
            hit_targets[id].1.push(*t);
        }
        let hits = if patterns.is_empty() { None } else { automaton(&patterns) };
        let hit_patterns = patterns.iter().map(|p| p.to_string()).collect();
        Matchers { hit_targets, hit_patterns, hits, topics: TopicMatchers::new(r) }
    }

    /// Every occurrence in `text` of an act cue or light verb of two or more characters, as
    /// `(char position, char length, rule, cue)`, and of a `not_cues` word, as a blocked
    /// `(start, end)` character span; in no particular order. `None` when there is no automaton
    /// (no such pattern, or it could not be built): the caller then searches cue by cue.
    #[allow(clippy::type_complexity)]
    pub(super) fn hits(&self, text: &str) -> Option<(Vec<(usize, usize, Option<usize>, &str)>, Vec<(usize, usize)>)> {
        let ac = self.hits.as_ref()?;
        // character index of each byte offset that starts a character
        let mut char_at = vec![0usize; text.len() + 1];
        for (ci, (b, _)) in text.char_indices().enumerate() {
            char_at[b] = ci;
        }
        let mut hits = Vec::new();
        let mut blocked = Vec::new();
        for m in ac.find_overlapping_iter(text) {
            let (n, targets) = &self.hit_targets[m.pattern().as_usize()];
            let pos = char_at[m.start()];
            for t in targets {
                match t {
                    Target::Cue(rule) => hits.push((pos, *n, *rule, &self.hit_patterns[m.pattern().as_usize()][..])),
                    Target::NotCue => blocked.push((pos, pos + n)),
                }
            }
        }
        Some((hits, blocked))
    }

    /// The topic automata, if they apply (no empty phrase in the topic rules).
    pub(super) fn topics(&self) -> Option<&TopicMatchers> {
        self.topics.as_ref()
    }
}

impl TopicMatchers {
    /// `None` when a boilerplate, exclude or keyword phrase is empty (an empty phrase changes
    /// every sentence or matches everywhere: the plain search handles that case) or an
    /// automaton cannot be built.
    fn new(r: &super::ClauseRules) -> Option<TopicMatchers> {
        let tm = &r.topic_matching;
        let all = tm.boilerplate.iter().chain(r.topics.iter().flat_map(|t| t.keywords.iter().chain(&t.exclude)));
        if all.clone().any(|s| s.is_empty()) {
            return None;
        }
        let bp: Vec<&str> = tm.boilerplate.iter().map(String::as_str).collect();
        let (ex, ex_ids) = distinct(r.topics.iter().flat_map(|t| t.exclude.iter().map(String::as_str)));
        let mut exclude_topics: Vec<Vec<usize>> = vec![Vec::new(); ex.len()];
        let owners = r.topics.iter().enumerate().flat_map(|(ti, t)| t.exclude.iter().map(move |_| ti));
        for (&id, ti) in ex_ids.iter().zip(owners) {
            if !exclude_topics[id].contains(&ti) {
                exclude_topics[id].push(ti);
            }
        }
        let (kw, kw_ids) = distinct(r.topics.iter().flat_map(|t| t.keywords.iter().map(String::as_str)));
        let mut it = kw_ids.into_iter();
        let keyword_ids = r.topics.iter().map(|t| it.by_ref().take(t.keywords.len()).collect()).collect();
        Some(TopicMatchers {
            boilerplate: automaton(&bp)?,
            exclude: automaton(&ex)?,
            exclude_topics,
            keywords: automaton(&kw)?,
            keyword_ids,
        })
    }

    /// Whether any boilerplate phrase occurs in `text`.
    pub(super) fn has_boilerplate(&self, text: &str) -> bool {
        self.boilerplate.is_match(text)
    }

    /// Per topic: whether one of its `exclude` phrases occurs in `text`.
    pub(super) fn excluded(&self, text: &str, n_topics: usize) -> Vec<bool> {
        let mut out = vec![false; n_topics];
        for m in self.exclude.find_overlapping_iter(text) {
            for &t in &self.exclude_topics[m.pattern().as_usize()] {
                out[t] = true;
            }
        }
        out
    }

    /// Per distinct keyword: whether it occurs in `text`.
    pub(super) fn keywords_in(&self, text: &str) -> Vec<bool> {
        let mut out = vec![false; self.keywords.patterns_len()];
        for m in self.keywords.find_overlapping_iter(text) {
            out[m.pattern().as_usize()] = true;
        }
        out
    }

    /// Per keyword of topic `t` (in its order): its index in [`TopicMatchers::keywords_in`].
    pub(super) fn keyword_ids(&self, t: usize) -> &[usize] {
        &self.keyword_ids[t]
    }
}

#[cfg(test)]
mod tests {
    //! Hand-written FIXTURE sentences (not corpus texts): the automata must find exactly what
    //! the cue-by-cue search finds.
    use super::*;
    use crate::clauses::{find_hits, topics, ClauseRules, DEFAULT_RULES};

    /// FIXTURE sentences: cues inside not_cues words and longer cues, overlapping and repeated
    /// cues, boilerplate, exclude phrases, a partner name, and none at all.
    const SENTENCES: [&str; 10] = [
        "双方对会谈结果表示满意，满意地指出两国关系不断发展。",
        "双方再次重申坚持一个中国原则，中方一贯坚决反对任何形式的分裂活动。",
        "本声明于二〇〇〇年在北京签署了，双方一致同意一致认为应加强经贸合作。",
        "双方愿共同维护地区和平、安全与稳定，并主张建立公正合理的国际政治经济新秩序。",
        "中方重申尊重柬埔寨的独立，双方相互理解，互相理解，理解理解。",
        "访问期间，两国领导人举行了会谈，会谈期间就投资环境交换了意见。",
        "（三）这将有助于增进相互信任。",
        "",
        "abc，d。",
        "双方高兴地宣布决不允许不得不不能接受不接受的做法，呼吁呼吁敦促各方。",
    ];

    fn rules() -> ClauseRules {
        ClauseRules::parse(DEFAULT_RULES, "corpus/clause_rules.toml").unwrap()
    }

    #[test]
    fn automata_find_what_the_cue_by_cue_search_finds() {
        let fast = rules();
        assert!(fast.matchers.hits.is_some() && fast.matchers.topics.is_some());
        let mut slow = fast.clone();
        slow.matchers = Matchers::default();
        let mut n_hits = 0;
        for s in SENTENCES {
            let chars: Vec<char> = s.chars().collect();
            let (a, b) = (find_hits(&fast, &chars, &[], 0), find_hits(&slow, &chars, &[], 0));
            assert_eq!(a, b, "{s}");
            n_hits += a.len();
            for partner in [vec![], topics::partner_names(&fast, "柬埔寨")] {
                assert_eq!(
                    topics::sentence_topics(&fast, s, &partner, None),
                    topics::sentence_topics(&slow, s, &partner, None),
                    "{s}"
                );
            }
        }
        // the fixtures do exercise the cues: 表示, 满意 (not inside 满意地), 重申 twice (also
        // inside 再次重申), …
        assert!(n_hits > 20, "{n_hits}");
        let chars: Vec<char> = SENTENCES[0].chars().collect();
        let cues: Vec<String> = find_hits(&fast, &chars, &[], 0).into_iter().map(|h| h.cue).collect();
        assert!(cues.contains(&"满意".to_string()) && cues.contains(&"表示".to_string()), "{cues:?}");
    }

    #[test]
    fn overlapping_and_repeated_patterns_are_all_reported() {
        // a FIXTURE pattern list: 理解 twice (two targets), 解理 overlapping it, a not-cue
        let m = Matchers {
            hits: automaton(&["理解", "解理", "相互理解"]),
            hit_targets: vec![
                (2, vec![Target::Cue(Some(0)), Target::Cue(Some(3))]),
                (2, vec![Target::Cue(None)]),
                (4, vec![Target::NotCue]),
            ],
            hit_patterns: vec!["理解".into(), "解理".into(), "相互理解".into()],
            topics: None,
        };
        let (mut hits, blocked) = m.hits("相互理解理解").unwrap();
        hits.sort();
        assert_eq!(
            hits,
            vec![
                (2, 2, Some(0), "理解"),
                (2, 2, Some(3), "理解"),
                (3, 2, None, "解理"),
                (4, 2, Some(0), "理解"),
                (4, 2, Some(3), "理解")
            ]
        );
        assert_eq!(blocked, vec![(0, 4)]);
    }
}
