//! `jointstat designations` on the reference corpus, against readings checked by hand in the texts
//! (grep): 1996-04-25_RU "宣布决心发展平等信任的、面向二十一世纪的战略协作伙伴关系" (the statement
//! that set up the Sino-Russian strategic coordination partnership), 2003-07-08_KR
//! "两国领导人一致同意并宣布，…建立中韩全面合作伙伴关系", 2019-07-23_AE "在2012年两国建立战略伙伴关系后
//! 进一步深化" (a reference to an earlier act) and "访问期间两国宣布建立全面战略伙伴关系".

mod common;

fn table(args: &[&str]) -> Vec<Vec<String>> {
    let mut a = vec!["designations"];
    a.extend_from_slice(args);
    let mut rows = common::export_rows(&a);
    let h = rows.remove(0);
    assert_eq!(
        h,
        ["doc_id", "date", "partner", "designation", "level", "verb", "cue", "scope", "sentence", "phrase", "evidence"]
    );
    rows
}

#[test]
fn designation_per_statement() {
    let t = table(&[]);
    let row = |id: &str| t.iter().find(|r| r[0] == id).unwrap_or_else(|| panic!("{id} missing")).clone();
    let ru = row("1996-04-25_RU");
    assert_eq!((ru[3].as_str(), ru[4].as_str(), ru[5].as_str()), ("战略协作伙伴关系", "6", "establish"));
    assert!(ru[10].contains("宣布决心发展平等信任的、面向二十一世纪的战略协作伙伴关系"));
    let kr = row("2003-07-08_KR");
    assert_eq!((kr[3].as_str(), kr[4].as_str(), kr[5].as_str()), ("全面合作伙伴关系", "4", "establish"));
    let ae = row("2019-07-23_AE");
    assert_eq!((ae[3].as_str(), ae[5].as_str()), ("全面战略伙伴关系", "establish"));
    // statements of the 1950s–80s name no partnership
    for id in ["1954-06-28_IN", "1972-02-28_US", "1989-05-18_SU"] {
        let r = row(id);
        assert_eq!((r[3].as_str(), r[5].as_str()), ("", "none"), "{id}");
    }
    // partial texts are outside the default selection
    assert!(t.iter().all(|r| r[0] != "1998-11-13_KR"));
}

#[test]
fn every_mention_with_references_and_third_parties() {
    let t = table(&["--mentions", "--where", "partner=阿联酋|俄罗斯"]);
    let ae: Vec<&Vec<String>> = t.iter().filter(|r| r[0] == "2019-07-23_AE").collect();
    assert!(ae.iter().any(|r| r[3] == "战略伙伴关系" && r[5] == "reference" && r[9].contains("2012年")), "{ae:?}");
    // 亚欧新型平等伙伴关系 (2002-12-02_RU) is another pair's partnership
    assert!(t.iter().any(|r| r[0] == "2002-12-02_RU" && r[7] == "other" && r[9].contains("亚欧")), "{t:?}");
}
