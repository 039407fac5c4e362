//! Bad input: what a feed or a page can throw at the detector, each with
//! its outcome.

use newsdesk_wirecopy::{Copy, MemoryIndex, Sketched, Unsketchable, Verdict};
use proptest::prelude::*;

const STORY: &str = "The river burst its banks in three places on Sunday night, flooding farms \
    and two villages, district governor Ana Lima said on Monday.\n\
    Rescue teams in boats reached 140 families cut off by the water, and the army \
    sent two helicopters to the hills above the valley.\n\
    The weather office forecast 80 millimetres more rain by Wednesday and kept its \
    highest alert in place for the whole basin.";

fn sketched(headline: &str, text: &str) -> Sketched {
    Sketched::of(&Copy::new(headline, text)).expect("long enough to sketch")
}

fn same(a: &Sketched, b: &Sketched) -> bool {
    a.bands.shares_any(&b.bands) && a.sketch.compare(&b.sketch).verdict() == Verdict::SameCopy
}

#[test]
fn empty_and_one_word_texts_have_no_sketch_and_so_no_match() {
    for (headline, text) in [
        ("", ""),
        ("Breaking", ""),
        ("", "Breaking"),
        ("   ", "\n\n  \t"),
    ] {
        assert!(
            matches!(
                Sketched::of(&Copy::new(headline, text)),
                Err(Unsketchable::TooShort { .. })
            ),
            "{headline:?} {text:?}"
        );
    }
}

#[test]
fn a_thousand_identical_texts_form_one_cluster_cheaply() {
    let mut index = MemoryIndex::new();
    let first = sketched("Floods", STORY);
    index.insert(&first);
    for i in 1..1000 {
        let s = sketched(&format!("Floods ({i})"), STORY);
        // Each new copy is verified against at most the limit per key, and
        // finds the cluster.
        let found = index.near_copies(&s, 8);
        assert!(
            !found.is_empty() && found.len() <= 8 * 6,
            "copy {i}: {found:?}"
        );
        index.insert(&s);
    }
    assert_eq!(index.len(), 1000);
}

#[test]
fn chinese_japanese_and_thai_near_copies_are_found_and_other_texts_are_not() {
    let cases = [
        (
            "昨天晚上，河水在三个地方决堤，淹没了农田和两个村庄。区长说，救援队乘船到达了被洪水围困的一百四十户家庭，军队还派出两架直升机前往山区。气象局预报周三前还会有更多降雨。",
            "昨天晚上，河水在三个地方决堤，淹没了农田和两个村庄。区长说，救援队乘船到达了被洪水围困的一百四十户家庭，军队还派出两架直升机前往山区。",
            "中央银行周二将主要利率上调半个百分点，这是今年第三次加息。行长表示，如果通货膨胀在夏季持续高于目标，银行将再次采取行动，市场对此反应平静。",
        ),
        (
            "日曜日の夜、川が三か所で決壊し、農地と二つの村が浸水したと知事が月曜日に発表した。救助隊はボートで孤立した百四十世帯に到着し、自衛隊はヘリコプター二機を派遣した。",
            "日曜日の夜、川が三か所で決壊し、農地と二つの村が浸水したと知事が発表した。救助隊はボートで孤立した百四十世帯に到着し、自衛隊はヘリコプター二機を派遣した。気象庁は大雨警報を継続している。",
            "中央銀行は火曜日、政策金利を〇・五ポイント引き上げ、今年三回目の利上げとなった。総裁は物価上昇が続けば再び行動する用意があると述べ、市場は落ち着いた反応を見せた。",
        ),
        (
            "แม่น้ำเอ่อล้นตลิ่งสามจุดเมื่อคืนวันอาทิตย์ ทำให้น้ำท่วมไร่นาและหมู่บ้านสองแห่ง ผู้ว่าราชการจังหวัดกล่าวเมื่อวันจันทร์ว่าทีมกู้ภัยใช้เรือเข้าถึงครอบครัวที่ติดอยู่แล้ว",
            "แม่น้ำเอ่อล้นตลิ่งสามจุดเมื่อคืนวันอาทิตย์ ทำให้น้ำท่วมไร่นาและหมู่บ้านสองแห่ง ผู้ว่าราชการจังหวัดกล่าวว่าทีมกู้ภัยใช้เรือเข้าถึงครอบครัวที่ติดอยู่แล้ว และกองทัพส่งเฮลิคอปเตอร์สองลำ",
            "ธนาคารกลางขึ้นอัตราดอกเบี้ยนโยบายครึ่งเปอร์เซ็นต์เมื่อวันอังคาร ซึ่งเป็นการขึ้นครั้งที่สามของปีนี้ ผู้ว่าการกล่าวว่าพร้อมจะดำเนินการอีกหากเงินเฟ้อยังสูงอยู่",
        ),
    ];
    for (original, copy, other) in cases {
        let (a, b, c) = (
            sketched("", original),
            sketched("", copy),
            sketched("", other),
        );
        assert!(same(&a, &b), "{copy}");
        assert!(!same(&a, &c), "{other}");
    }
}

#[test]
fn a_five_megabyte_text_is_sketched_from_a_bounded_prefix() {
    let huge = STORY.repeat(5 * 1024 * 1024 / STORY.len() + 1);
    assert!(huge.len() > 5 * 1024 * 1024);
    let whole = sketched("", &huge);
    // The same as its first 64 KB: nothing past the bound is read.
    let prefix = sketched("", &huge[..newsdesk_wirecopy::text::MAX_TEXT_BYTES]);
    assert_eq!(whole, prefix);
}

#[test]
fn a_page_of_boilerplate_never_clusters() {
    let page = "By Staff Reporter\nRead more: top stories of the day\nFollow us on social media\n\
        Subscribe to our newsletter\n© 2025 Example Daily. All rights reserved.";
    assert!(Sketched::of(&Copy::new("Home page", page)).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A story is a near-copy of itself after changes of case (the whole
    /// text upper or lower case, as republishers and feeds do) and of the
    /// spacing between words. Line breaks are left out: a break moved
    /// before a name makes it open a paragraph, and a name that opens a
    /// paragraph is not counted among the salient words, so a copy
    /// rewrapped mid-sentence can differ in its names (a known miss).
    #[test]
    fn case_and_whitespace_never_part_a_copy(
        case in 0..3u8,
        spaces in proptest::collection::vec(prop_oneof![Just(" "), Just("  "), Just("\t"), Just("\u{a0}")], 64),
    ) {
        let mut changed = String::new();
        for (i, word) in STORY.split_whitespace().enumerate() {
            let word = match case { 0 => word.to_uppercase(), 1 => word.to_lowercase(), _ => word.to_owned() };
            changed.push_str(&word);
            changed.push_str(spaces[i % spaces.len()]);
        }
        let (a, b) = (sketched("", STORY), sketched("", &changed));
        prop_assert!(a.bands.shares_any(&b.bands));
        prop_assert_eq!(a.sketch.compare(&b.sketch).verdict(), Verdict::SameCopy);
    }
}
