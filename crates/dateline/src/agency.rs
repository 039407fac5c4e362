//! News agencies: the "(Reuters)" or "(ANI)" of a dateline.
//!
//! A bracketed text is an agency when it is one of the real wire agencies
//! we know (any case, "dpa" included), or a short run of capital letters
//! ("(SDN)", "(CWN)"): 2 to 10 letters. Several joined by a slash
//! ("(ANI/WAM)") are agencies when each one is. Regions ("(Uttar
//! Pradesh)", "(Maharashtra)") are not, and neither are common acronyms
//! of bodies that are not agencies ("(UN)", "(CIA)").

/// Wire agencies (and the press-release wires, whose credit stands where
/// an agency's does: "/PRNewswire/"), lower case, sorted.
const KNOWN: &[&str] = &[
    "aa",
    "aap",
    "accesswire",
    "afp",
    "agerpres",
    "akipress",
    "anadolu",
    "anadolu agency",
    "ani",
    "ansa",
    "antara",
    "ap",
    "apa",
    "app",
    "aps",
    "armenpress",
    "ata",
    "azertac",
    "bakhtar",
    "belga",
    "belta",
    "bernama",
    "bloomberg",
    "bna",
    "bss",
    "bta",
    "business wire",
    "businesswire",
    "canadian press",
    "cna",
    "cns",
    "cp",
    "ctk",
    "dpa",
    "efe",
    "ena",
    "fars",
    "fena",
    "globe newswire",
    "globenewswire",
    "hina",
    "ians",
    "interfax",
    "irna",
    "isna",
    "jiji",
    "kabar",
    "kazinform",
    "kcna",
    "kna",
    "kuna",
    "kyodo",
    "kyodo news",
    "lana",
    "lusa",
    "map",
    "mehr",
    "mena",
    "mia",
    "mti",
    "nan",
    "nna",
    "notimex",
    "ntb",
    "ona",
    "pa",
    "pa media",
    "pajhwok",
    "pap",
    "petra",
    "pna",
    "pr newswire",
    "prensa latina",
    "prnewswire",
    "pti",
    "qna",
    "reuters",
    "reuters breakingviews",
    "ria",
    "ria novosti",
    "ritzau",
    "rss",
    "saba",
    "sana",
    "sda",
    "spa",
    "sputnik",
    "sta",
    "suna",
    "tanjug",
    "tap",
    "tasnim",
    "tasr",
    "tass",
    "telam",
    "thomson reuters foundation",
    "tps",
    "trend",
    "tt",
    "ukrinform",
    "unb",
    "uni",
    "unian",
    "upi",
    "vna",
    "wafa",
    "wam",
    "xinhua",
    "yonhap",
];

/// Capitalised acronyms that are not agencies.
const NOT_AGENCIES: &[&str] = &[
    "AI", "CEO", "CIA", "EU", "FBI", "FSB", "GDP", "IMF", "IPO", "NATO", "PM", "SVR", "UAE", "UK",
    "UN", "US", "USA", "WHO",
];

/// Whether the text between round brackets names one or more agencies.
pub(crate) fn is_agency(text: &str) -> bool {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 40 {
        return false;
    }
    text.split('/').all(|part| is_one_agency(part.trim()))
}

/// A known agency, or 2 to 10 capital letters that are not a common acronym.
fn is_one_agency(part: &str) -> bool {
    if is_known(part) {
        return true;
    }
    (2..=10).contains(&part.len())
        && part.bytes().all(|b| b.is_ascii_uppercase())
        && !NOT_AGENCIES.contains(&part)
}

/// One of the known wire agencies, in any case.
pub(crate) fn is_known(part: &str) -> bool {
    let lower = part
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    KNOWN.binary_search(&lower.as_str()).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted() {
        assert!(KNOWN.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn agencies() {
        for text in [
            "AP",
            "Reuters",
            "ANI",
            "Xinhua",
            "AFP",
            "dpa",
            "IANS",
            "APP",
            "SDN",
            "CWN",
            "IOPA",
            "ANI/WAM",
            "RIA Novosti",
            "Kyodo",
            " Reuters ",
        ] {
            assert!(is_agency(text), "{text}");
        }
        assert!(is_known("XINHUA"));
        assert!(!is_known("SDN"));
    }

    #[test]
    fn not_agencies() {
        for text in [
            "",
            "Uttar Pradesh",
            "Maharashtra",
            "Kerala",
            "local time",
            "pictured",
            "UN",
            "CIA",
            "A",
            "ABCDEFGHIJK",
            "AP/",
            "Reuters/file",
            "AP Photo",
            "T1",
        ] {
            assert!(!is_agency(text), "{text}");
        }
    }
}
