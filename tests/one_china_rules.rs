//! One-China element rules (src/clauses/onechina.rs, corpus/one_china_elements.toml): one
//! FIXTURE statement per rule class, hand-written for these tests (not corpus text), and the
//! in-sample agreement with the blind gold standard on the reference corpus.

mod common;

use jointstat::clauses::onechina::{ElementFinding, ElementRules, DEFAULT_ELEMENT_RULES};
use jointstat::clauses::{ClauseRules, DEFAULT_RULES};
use jointstat::ingest::{load_corpus, IngestOptions};
use jointstat::tokenize::{Tokenizer, DEFAULT_STOPWORDS, DEFAULT_USERDICT};

/// The element findings of a one-statement fixture corpus whose manifest names the partner
/// `partner` (short name, as the manifest of the reference corpus does).
fn findings(body: &str, partner: &str) -> Vec<ElementFinding> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("texts")).unwrap();
    std::fs::write(dir.path().join("texts/fx.txt"), body).unwrap();
    std::fs::write(
        dir.path().join("manifest.csv"),
        format!("id,file,title,signed,partner,doc_type,completeness\nfx,texts/fx.txt,示例联合声明,2000-01-01,{partner},joint_statement,full\n"),
    )
    .unwrap();
    common::first_statement_elements(dir.path())
}

/// (stance, stance as written, actor) of a present element.
fn got(f: &[ElementFinding], name: &str) -> (String, String, String) {
    let x = f.iter().find(|x| x.element == name).unwrap();
    assert!(x.present, "{name} not found: {f:?}");
    (x.stance.clone(), x.stance_text.clone(), x.actor.clone())
}

fn t(a: &str, b: &str, c: &str) -> (String, String, String) {
    (a.into(), b.into(), c.into())
}

#[test]
fn partner_stance_by_anaphora_is_preferred() {
    // §4.4: China states, the partner takes a stance on it in the next sentence
    let f = findings(
        "示例联合声明\n\n一、双方同意加强合作。\n\n二、中方重申，世界上只有一个中国，台湾是中国领土不可分割的一部分。示例方对此表示充分理解和尊重。\n",
        "示例",
    );
    assert_eq!(got(&f, "only_one_china"), t("respect", "理解和尊重", "partner"));
    assert_eq!(got(&f, "taiwan_part_of_china"), t("respect", "理解和尊重", "partner"));
    // two sentences of China's, then the partner's 支持…这一立场
    let f = findings(
        "示例联合声明\n\n一、中国方面重申：台湾是中华人民共和国领土不可分割的一部分。中国方面坚决反对制造“两个中国”的任何企图。示例方面支持中国政府的这一立场。\n",
        "示例",
    );
    assert_eq!(got(&f, "taiwan_part_of_china"), t("support", "支持", "partner"));
    assert_eq!(got(&f, "opposes_two_chinas"), t("support", "支持", "partner"));
    // 中方在台湾问题上的立场 refers back as well; 理解和支持: the stronger verb
    let f = findings(
        "示例联合声明\n\n一、中方重申，台湾是中国领土不可分割的一部分。示例国理解和支持中方在台湾问题上的立场。\n",
        "示例国",
    );
    assert_eq!(got(&f, "taiwan_part_of_china"), t("support", "理解和支持", "partner"));
    // without the anaphor China's own stance stays
    let f =
        findings("示例联合声明\n\n一、中方重申，台湾是中国领土不可分割的一部分。示例方表示支持两国合作。\n", "示例");
    assert_eq!(got(&f, "taiwan_part_of_china"), t("reaffirm", "重申", "china"));
}

#[test]
fn the_holder_is_the_subject_of_a_stance_verb() {
    // 中华人民共和国政府 is the subject of 是 inside the complement, not the holder of 确认
    let f = findings(
        "示例联合声明\n\n一、示例国承认，中华人民共和国政府是中国的唯一合法政府，台湾是中国领土不可分割的一部分，并确认不和台湾建立官方关系。\n",
        "示例国",
    );
    assert_eq!(got(&f, "no_official_relations"), t("confirm", "确认", "partner"));
    assert_eq!(got(&f, "taiwan_part_of_china"), t("recognize", "承认", "partner"));
}

#[test]
fn the_signature_spells_the_partner_state() {
    // the manifest says 示例斯坦, the text and the signature 示例共和国
    let f = findings(
        "示例联合声明\n\n一、示例共和国政府重申，中华人民共和国政府是中国唯一的合法政府。\n\n\
         二、示例共和国政府确认不和台湾建立任何形式的官方关系。\n\n\
         中华人民共和国主席 示例共和国总统\n\n张三 李四\n",
        "示例斯坦",
    );
    assert_eq!(got(&f, "sole_legal_government"), t("reaffirm", "重申", "partner"));
    assert_eq!(got(&f, "no_official_relations"), t("confirm", "确认", "partner"));
}

#[test]
fn verb_scope_rules() {
    // 考虑到 is a premise: it does not govern the main clause after its comma (§4.3)
    let f = findings(
        "示例联合声明\n\n一、考虑到台湾是中国领土不可分割的一部分，示例国不同台湾建立任何形式的官方关系。\n",
        "示例国",
    );
    assert_eq!(got(&f, "no_official_relations"), t("none", "-", "partner"));
    assert_eq!(got(&f, "taiwan_part_of_china"), t("consider", "考虑到", "partner"));
    // a verb in a 是…的 relative clause governs only inside it; the policy takes 忆及
    let f = findings(
        "示例联合声明\n\n一、示例国忆及示例国是最早承认只有一个中国的国家之一，其一个中国的政策没有改变。\n",
        "示例国",
    );
    assert_eq!(got(&f, "policy"), t("state", "忆及", "partner"));
    assert_eq!(got(&f, "only_one_china"), t("recognize", "承认", "partner"));
    // a view of people who are no party (所有中国人都认为) is not a stance: the reporting verb is
    let f = findings(
        "示例联合声明\n\n一、示例方面声明：示例国认识到，在海峡两边的所有中国人都认为只有一个中国。\n",
        "示例国",
    );
    assert_eq!(got(&f, "only_one_china"), t("take_note", "认识到", "partner"));
    // a pattern's group is the element: 坚持 governs the bare 一个中国 of a 立场
    let f = findings(
        "示例联合声明\n\n一、示例国重申坚持一个中国、中华人民共和国政府是全中国人民的唯一合法代表的立场。\n",
        "示例国",
    );
    assert_eq!(got(&f, "only_one_china"), t("adhere", "坚持", "partner"));
    assert_eq!(f.iter().find(|x| x.element == "only_one_china").unwrap().evidence, "一个中国");
}

/// In-sample: every rule class above was found by listing the disagreements with the gold
/// (`jointstat validate`), so these figures are not an out-of-sample estimate. Before the rule
/// classes: present 0.997, stance 0.895, actor 0.911 (124 rows both present).
#[test]
fn in_sample_agreement_with_the_gold() {
    use jointstat::clauses::validate::{one_china_section, read_element_gold, DEFAULT_ONE_CHINA_GOLD};
    let c = load_corpus(&common::corpus(), &IngestOptions::default()).unwrap();
    let rules = ClauseRules::parse(DEFAULT_RULES, "rules").unwrap();
    let er = ElementRules::parse(DEFAULT_ELEMENT_RULES, "elements").unwrap();
    let tok = Tokenizer::from_texts(DEFAULT_USERDICT, DEFAULT_STOPWORDS).unwrap();
    let gold = read_element_gold(DEFAULT_ONE_CHINA_GOLD, "gold").unwrap();
    let md = one_china_section(&c, &rules, &er, &tok, &gold);
    for row in [
        "| present | 572 | 1.000 |",
        "| stance (both present) | 126 | 1.000 |",
        "| actor (both present) | 126 | 1.000 |",
        "| negated (both present) | 126 | 1.000 |",
    ] {
        assert!(md.contains(row), "{row} missing in\n{md}");
    }
    assert!(md.contains("disagreements with the gold: 0 rows"), "{md}");
}

/// Inter-coder agreement of a second coder's One-China file: a FIXTURE pair of coders
/// (not real codings), agreement and κ computed by hand in the comments.
#[test]
fn second_coder_agreement_on_a_fixture() {
    use jointstat::clauses::validate::{one_china_coder_section, read_element_gold};
    let head = "# fixture\ndoc_id\telement\tpresent\tstance\tstance_text\tactor\tnegated\tsentence_sha16\tnote\n";
    let row = |d: &str, e: &str, p: bool, st: &str, a: &str| {
        if p {
            format!("{d}\t{e}\ttrue\t{st}\tx\t{a}\tfalse\t0\t\n")
        } else {
            format!("{d}\t{e}\tfalse\t-\t-\t-\tfalse\t-\t\n")
        }
    };
    let first = format!(
        "{head}{}{}{}{}{}{}{}",
        row("A", "e1", true, "recognize", "partner"),
        row("A", "e2", true, "reaffirm", "china"),
        row("A", "e3", false, "", ""),
        row("B", "e1", true, "support", "joint"),
        row("B", "e2", false, "", ""),
        row("B", "e3", false, "", ""),
        row("C", "e1", true, "adhere", "partner"),
    );
    // the second coder covers A and B only; it marks A/e3 present and holds A/e2 partner
    let second = format!(
        "{head}{}{}{}{}{}{}",
        row("A", "e1", true, "recognize", "partner"),
        row("A", "e2", true, "reaffirm", "partner"),
        row("A", "e3", true, "state", "joint"),
        row("B", "e1", true, "support", "joint"),
        row("B", "e2", false, "", ""),
        row("B", "e3", false, "", ""),
    );
    let g = read_element_gold(&first, "first").unwrap();
    let md = one_china_coder_section(&g, Some(&second), "second.tsv").unwrap();
    assert!(md.contains("6 (statement, element) rows of 2 statements"), "{md}");
    // presence 5/6 = 0.833; κ = (5/6 − 1/2) / (1 − 1/2) = 0.667 (p_e = 3/6·4/6 + 3/6·2/6)
    assert!(
        md.contains("| present | 6 | 0.833 |")
            && md.lines().any(|l| l.starts_with("| present") && l.contains("| 0.667 |")),
        "{md}"
    );
    // on the 3 rows both mark present: stance 3/3; holder 2/3, κ = (2/3 − 1/3) / (1 − 1/3) = 0.5
    assert!(md.contains("| stance (both present) | 3 | 1.000 |"), "{md}");
    assert!(
        md.lines().any(|l| l.starts_with("| holder (both present) | 3 | 0.667 |") && l.contains("| 0.500 |")),
        "{md}"
    );
    // absent file: said plainly; a row the gold does not have: an error naming the file
    assert!(one_china_coder_section(&g, None, "x.tsv").unwrap().contains("No second coder's file (x.tsv)"));
    let bad = format!("{head}{}", row("Z", "e1", true, "recognize", "partner"));
    let e = one_china_coder_section(&g, Some(&bad), "bad.tsv").unwrap_err().to_string();
    assert!(e.contains("bad.tsv") && e.contains("(Z, e1)"), "{e}");
}
