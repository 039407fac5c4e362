//! What boilerplate looks like: class and id words, and short phrases.
//!
//! These lists are ours, grown from the shapes news sites share: share
//! bars, newsletter boxes, "related" lists, comment threads, promos. Long,
//! distinctive words match anywhere in a class or id (`relatedArticles`,
//! `c-share-bar`); short ones must be a whole word of it (`ad`, `nav`), so
//! `header` never matches inside `subheader-text` by accident of `head`.

/// Class/id fragments that mark boilerplate even beside an article word
/// (`relatedArticles`, `comment-body`).
const STRONG_NEGATIVE: &[&str] = &[
    "comment",
    "share",
    "sharing",
    "social",
    "related",
    "recommend",
    "newsletter",
    "subscri",
    "promo",
    "sponsor",
    "outbrain",
    "taboola",
    "sidebar",
    "breadcrumb",
    "disqus",
];

/// Class/id fragments that mark boilerplate wherever they appear.
const NEGATIVE_ANYWHERE: &[&str] = &[
    "signup",
    "sign-up",
    "advert",
    "widget",
    "footer",
    "popup",
    "modal",
    "cookie",
    "trending",
    "popular",
    "pagination",
    "masthead",
    "toolbar",
    "disclaimer",
    "byline",
    "caption",
    "newsfeed",
    "read-more",
    "readmore",
    "more-stories",
    "morestories",
    "most-read",
    "mostread",
    "author-bio",
    "authorbio",
    "paywall",
    "login",
    "rating",
    "overlay",
    "teaser",
    "navigation",
    "skiplink",
    "skip-link",
    "banner",
    "follow",
    "donate",
    "timestamp",
    "print-",
    "email-",
    "whatsapp",
    "facebook",
    "twitter",
    "linkedin",
    "pinterest",
    "visually-hidden",
    "sr-only",
    "tooltip",
    "copyright",
    "credits",
    "tags",
    "keywords",
    "topics",
];

/// Class/id words that mark boilerplate only as a whole word.
const NEGATIVE_WORDS: &[&str] = &[
    "subscribe",
    "subscription",
    "subscriptions",
    "ad",
    "ads",
    "adv",
    "adslot",
    "dfp",
    "nav",
    "menu",
    "tag",
    "bio",
    "meta",
    "tools",
    "share",
    "aside",
    "header",
    "footer",
    "foot",
    "hide",
    "hidden",
    "rail",
    "more",
    "extra",
    "sidebar",
    "sponsored",
    "promo",
    "author",
    "date",
    "time",
    "source",
    "credit",
    "photo",
    "gallery",
    "slideshow",
    "inline-ad",
    "wp-caption",
    "lede-art",
];

/// Class/id fragments that mark the article.
const POSITIVE: &[&str] = &[
    "article",
    "body",
    "content",
    "entry",
    "main",
    "post",
    "story",
    "text",
    "blog",
    "prose",
    "paragraph",
    "richtext",
    "rich-text",
];

/// A class/id's verdict: positive above zero, negative below.
pub fn class_weight(class_and_id: &str) -> i32 {
    if class_and_id.is_empty() {
        return 0;
    }
    let mut lower = class_and_id.to_ascii_lowercase();
    // Text for subscribers ("subscriber-only", "subscriber-premium") is the
    // article behind a paywall, not a pitch to subscribe.
    if lower.contains("subscriber") {
        lower = lower
            .split_whitespace()
            .filter(|class| !class.contains("subscriber"))
            .collect::<Vec<_>>()
            .join(" ");
    }
    let mut weight = 0;
    let negative = NEGATIVE_ANYWHERE.iter().any(|w| lower.contains(w))
        || lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|word| NEGATIVE_WORDS.contains(&word));
    // Strong boilerplate words win: "relatedArticles" is not the article;
    // weaker ones cancel an article word ("entry-content-read-more").
    if STRONG_NEGATIVE.iter().any(|w| lower.contains(w)) {
        return -25;
    }
    if negative {
        weight -= 25;
    }
    if POSITIVE.iter().any(|w| lower.contains(w)) {
        weight += 25;
    }
    weight
}

/// Whether a class/id holds one of the words that mark boilerplate even
/// beside an article word (`comments`, `related-posts`).
pub fn is_strongly_negative(class_and_id: &str) -> bool {
    let lower = class_and_id.to_ascii_lowercase();
    STRONG_NEGATIVE
        .iter()
        .any(|w| lower.contains(w) && !(*w == "subscri" && lower.contains("subscriber")))
}

/// Whether a class/id marks boilerplate outright (negative, not positive).
pub fn is_negative(class_and_id: &str) -> bool {
    class_weight(class_and_id) < 0
}

/// Short paragraphs that are never article text.
const JUNK_STARTS: &[&str] = &[
    "originally published",
    "tell us what you think",
    "tags:",
    "tags ",
    "skip to content",
    "skip to main content",
    "tagged:",
    "filed under",
    "подписывайтесь",
    "подпишитесь",
    "abonnez-vous",
    "suscríbete",
    "abonnieren sie",
    "follow us on",
    "join us on",
    "this slideshow requires",
    "send us your",
    "share your thoughts",
    "publicité",
    "publicidad",
    "pubblicità",
    "anzeige",
    "werbung",
    "реклама",
    "广告",
    "advertisement",
    "advertising",
    "sponsored",
    "read more",
    "read also",
    "also read",
    "related:",
    "related stories",
    "related articles",
    "related coverage",
    "recommended",
    "sign up",
    "subscribe",
    "click here",
    "follow us",
    "share this",
    "share on",
    "continue reading",
    "story continues",
    "article continues",
    "scroll to continue",
    "more:",
    "more from",
    "see also",
    "don't miss",
    "do not miss",
    "listen to",
    "watch:",
    "watch the",
    "download the",
    "download our",
    "get the latest",
    "get our",
    "join our",
    "copyright",
    "©",
    "all rights reserved",
    "this article was",
    "this story was",
    "photo:",
    "image:",
    "pictured:",
    "(photo",
    "(image",
    "getty images",
    "file photo",
    "editor's note:",
    "click to",
    "tap here",
    "open in app",
    "you might also like",
    "you may also like",
    "trending now",
    "most read",
    "more stories",
    "latest news",
    "top stories",
    "next article",
    "previous article",
    "back to top",
    "print this",
    "email this",
    "comments",
    "leave a comment",
    "loading",
    "please enable javascript",
];

/// Whether a short paragraph is boilerplate by its wording.
pub fn is_junk_paragraph(text: &str) -> bool {
    let trimmed = text.trim();
    let chars = trimmed.chars().count();
    if chars == 0 {
        return true;
    }
    // A list of tags, however long ("Tags: port, ferries, Mombasa").
    let head = trimmed.chars().take(9).collect::<String>().to_lowercase();
    if ["tags", "tagged", "keywords", "topics"].iter().any(|w| {
        head.strip_prefix(w)
            .is_some_and(|rest| rest.starts_with([' ', ':']))
    }) && trimmed.matches(',').count() >= 2
        && !trimmed.contains(". ")
    {
        return true;
    }
    if chars > 140 {
        return false;
    }
    let lower = trimmed.to_lowercase();
    if JUNK_STARTS.iter().any(|j| lower.starts_with(j)) {
        return true;
    }
    // A whole paragraph that is only an ad label.
    if matches!(
        lower.trim_end_matches(['.', ':']),
        "advert"
            | "ad"
            | "ads"
            | "promoted"
            | "sponsored content"
            | "paid content"
            | "partner content"
    ) {
        return true;
    }
    // A machine label, not words ("medium-wide-browser-and-larger").
    if trimmed.matches('-').count() >= 2
        && trimmed.len() >= 15
        && trimmed.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
    {
        return true;
    }
    // A gallery's counter ("Image 3 of 5").
    if let Some((kind, count)) = lower.split_once(' ')
        && matches!(kind, "image" | "photo" | "picture" | "slide")
        && let Some((this, of_all)) = count.split_once(" of ")
        && this.trim().parse::<u32>().is_ok()
        && of_all.trim().parse::<u32>().is_ok()
    {
        return true;
    }
    // A short pitch that asks the reader to click somewhere.
    if chars <= 200 && (lower.contains("click here") || lower.contains("tap here")) {
        return true;
    }
    // Unrendered shortcodes left in the text ("[button link=...]").
    if let Some(rest) = trimmed.strip_prefix('[') {
        let name_len = rest.bytes().take_while(u8::is_ascii_lowercase).count();
        let after = &rest[name_len..];
        if name_len >= 2
            && after.starts_with(' ')
            && after.trim_start().split('=').next().is_some_and(|attr| {
                !attr.is_empty() && attr.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
            })
            && after.contains('=')
        {
            return true;
        }
    }
    // A lone word in Latin capitals with no sentence ("ADVERTISEMENT", "SHARE").
    chars < 30
        && !lower.contains(' ')
        && trimmed.chars().any(|c| c.is_ascii_uppercase())
        && trimmed
            .chars()
            .all(|c| !c.is_alphabetic() || c.is_ascii_uppercase())
}

/// Wire sign-offs and desk marks that close wire copy: "(Reporting by
/// ...)", "abc/xyz", "--IANS", "SOURCE ...", "Media contact: ...".
pub fn is_sign_off(text: &str) -> bool {
    static SIGN_OFF: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?ix)^(?:
                \(\s*(?:reporting|writing|editing|additional\ reporting|compiled|edited|translated)\ by\b.*\)
              | (?:reporting|writing|additional\ reporting)\ by\b[^.!?]*;\s*(?:editing|edited)\ by\b[^.!?]*\.?
              | \(\s*this\ (?:story|article|report)\ has\ not\ been\ edited\b.*\)
              | [a-z]{2,5}(?:/[a-z]{2,5})+
              | -{1,2}\s*[a-z]{2,6}
              | (?-i:SOURCE)\s.{1,80}
              | (?:media\ )?contacts?\s*:.*
              | for\ (?:more\ information|media\ inquiries).{0,200}
              | view\ original\ content\b.{0,200}
              | ©\s*.{0,60}
              | \(?end\)?
              | enditem
              | [（(]\s*(?:责任编辑|编辑|责编)\s*[：:].{1,30}[）)]
            )\s*$",
        )
        .expect("a valid pattern")
    });
    let trimmed = text.trim();
    trimmed.chars().count() <= 300 && SIGN_OFF.is_match(trimmed)
}

/// A trailing "Enditem" or "(END)" glued to the last paragraph.
pub fn strip_end_mark(text: &str) -> &str {
    let trimmed = text.trim_end();
    for mark in [" Enditem", " (END)", " END", "Enditem"] {
        if let Some(rest) = trimmed.strip_suffix(mark) {
            return rest.trim_end();
        }
    }
    trimmed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_are_weighed() {
        assert!(class_weight("article-body") > 0);
        assert!(class_weight("c-share-bar") < 0);
        assert!(class_weight("relatedArticles") < 0);
        assert!(class_weight("ad-slot") < 0);
        assert_eq!(class_weight("loaded"), 0, "ad only as a whole word");
        assert_eq!(class_weight("shadow"), 0);
        assert_eq!(class_weight("subscriber-only"), 0);
        assert!(class_weight("article-body subscriber-premium") > 0);
        assert!(class_weight("subscribe-box") < 0);
    }

    #[test]
    fn sign_offs() {
        for text in [
            "(Reporting by Joseph Kiprono; Editing by Helen Marsh)",
            "abc/xyz",
            "--IANS",
            "SOURCE Savanna Cold Chain Ltd.",
            "Media contact: Brenda Wafula, press@example.com",
            "View original content to download multimedia: https://wire.example/news/1",
            "(This story has not been edited by our staff and is auto-generated from a syndicated feed.)",
            "（责任编辑：王静）",
            "Reporting by Amina Odhiambo; additional reporting by Tom Becker; Editing by Helen Marsh",
        ] {
            assert!(is_sign_off(text), "{text}");
        }
        for text in [
            "Associated Press writer Tom Becker reported from Berlin.",
            "The source said prices rose.",
        ] {
            assert!(!is_sign_off(text), "{text}");
        }
        assert_eq!(
            strip_end_mark("according to the operator. Enditem"),
            "according to the operator."
        );
    }

    #[test]
    fn ad_labels_pitches_and_shortcodes() {
        assert!(is_junk_paragraph("Advert"));
        assert!(is_junk_paragraph("Image 3 of 5"));
        assert!(is_junk_paragraph(
            "Tags port, ferries, Mombasa, Likoni, harbour works, propeller shafts, engineers, commuters, repairs, night shifts, county government, transport"
        ));
        assert!(is_junk_paragraph("landscape-tablet-and-above"));
        assert!(!is_junk_paragraph("well-to-do"));
        assert!(!is_junk_paragraph("Photo of the harbour"));
        assert!(is_junk_paragraph(
            "Get the magazine delivered every month for £11.99. Click here for more information."
        ));
        assert!(is_junk_paragraph(
            "[button link=\"https://wire.example/submit\" type=\"big\"] Send us your review[/button]"
        ));
        assert!(!is_junk_paragraph(
            "[Entermedia=a columnist] Two weekend dramas went head to head on Saturday night."
        ));
        assert!(!is_junk_paragraph(
            "Ad hoc committees met twice on Monday to discuss the port budget."
        ));
    }

    #[test]
    fn junk_paragraphs() {
        assert!(!is_junk_paragraph("总事业费"));
        assert!(is_junk_paragraph("ADVERTISEMENT"));
        assert!(is_junk_paragraph("Read more: Port talks stall"));
        assert!(!is_junk_paragraph(
            "Read the full statement on the ministry's website, officials said on Tuesday, adding that the talks would resume."
        ));
        assert!(!is_junk_paragraph("Tea prices rose."));
    }
}
