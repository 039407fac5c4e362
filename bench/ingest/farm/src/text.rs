//! Made-up news text: a seeded random stream and the word lists it draws from.
//!
//! Every word list here was written for this benchmark. The sentences are
//! grammatical enough to read as news copy and varied enough that no two
//! paragraphs of a run repeat, which is all the extractor needs: prose of a
//! realistic length among a page's boilerplate.

/// A small, fast, seeded random stream (splitmix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A stream for one purpose of one item: the same inputs give the same text.
    pub fn new(seed: u64, a: u64, b: u64, purpose: u64) -> Self {
        let mut rng = Rng(seed ^ 0x6a09_e667_f3bc_c908);
        for part in [a, b, purpose] {
            rng.0 ^= part.wrapping_mul(0x9e37_79b9_7f4a_7c15);
            rng.next();
        }
        rng
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    /// One element of a list.
    pub fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[(self.next() % list.len() as u64) as usize]
    }

    /// True one time in `n`.
    pub fn one_in(&mut self, n: u64) -> bool {
        self.next().is_multiple_of(n)
    }
}

/// Given names.
pub const GIVEN: &[&str] = &[
    "Amina", "Brendan", "Chidi", "Dalia", "Esther", "Farid", "Grace", "Hamisi", "Ines", "Joel",
    "Kerubo", "Lior", "Makena", "Nasser", "Odile", "Pavel", "Quentin", "Rehema", "Sipho", "Tamsin",
    "Umar", "Vera", "Wanjiru", "Xavier", "Yusuf", "Zawadi", "Anika", "Bruno", "Cyrus", "Delphine",
];

/// Family names.
pub const FAMILY: &[&str] = &[
    "Achieng",
    "Baptiste",
    "Castellano",
    "Dlamini",
    "Eriksen",
    "Fofana",
    "Gathoni",
    "Haddad",
    "Ibarra",
    "Juma",
    "Kowalczyk",
    "Lindqvist",
    "Mwangi",
    "Nakamura",
    "Okonkwo",
    "Pereira",
    "Quaye",
    "Rosenthal",
    "Saidi",
    "Tembo",
    "Uchenna",
    "Varga",
    "Wekesa",
    "Yilmaz",
    "Zimmer",
];

/// Dateline places, as a wire writes them.
pub const PLACES: &[&str] = &[
    "NAIROBI",
    "MOMBASA",
    "KAMPALA",
    "DAR ES SALAAM",
    "KIGALI",
    "ADDIS ABABA",
    "LAGOS",
    "ACCRA",
    "JOHANNESBURG",
    "CAIRO",
    "PORT LOUIS",
    "VICTORIA",
    "PERTH",
    "JAKARTA",
    "MUMBAI",
    "COLOMBO",
    "DUBAI",
    "LISBON",
    "OSLO",
    "MONTREAL",
    "LIMA",
    "MANILA",
    "HANOI",
    "WELLINGTON",
];

/// Sections, as feed categories.
pub const SECTIONS: &[&str] = &[
    "world",
    "business",
    "sports",
    "politics",
    "science",
    "health",
    "culture",
    "technology",
];

/// Bodies that act in a story.
pub const ACTORS: &[&str] = &[
    "the port authority",
    "the regional council",
    "the central bank",
    "a coalition of farmers",
    "the transport ministry",
    "the national rail operator",
    "a group of fishing cooperatives",
    "the water utility",
    "the health department",
    "the electoral commission",
    "the chamber of commerce",
    "the teachers' union",
    "a consortium of solar firms",
    "the coast guard",
    "the weather service",
    "the city planning office",
    "the football league",
    "the statistics bureau",
    "a panel of independent auditors",
    "the parks service",
];

/// Things a story is about.
pub const THINGS: &[&str] = &[
    "the new ferry timetable",
    "grain storage capacity",
    "a revised fuel levy",
    "the coastal road project",
    "rainfall forecasts for the long season",
    "the budget for rural clinics",
    "import rules for spare parts",
    "the school meals scheme",
    "ticket prices on the commuter line",
    "a plan to dredge the harbour",
    "power cuts in the eastern districts",
    "the tea auction results",
    "the fishing quota",
    "a shortage of exam papers",
    "the stadium renovation",
    "the mobile money tax",
    "a new cold storage depot",
    "the census timetable",
    "flood defences along the river",
    "the pension reform bill",
];

/// Verbs in the past tense, taking an object.
pub const DID: &[&str] = &[
    "approved",
    "questioned",
    "delayed",
    "announced",
    "defended",
    "rejected",
    "reviewed",
    "welcomed",
    "criticised",
    "expanded",
    "suspended",
    "costed",
    "published",
    "revised",
    "challenged",
    "extended",
];

/// Verbs in the present tense, for headlines.
pub const DOES: &[&str] = &[
    "backs",
    "weighs",
    "delays",
    "unveils",
    "defends",
    "rejects",
    "reviews",
    "welcomes",
    "questions",
    "expands",
    "suspends",
    "revises",
    "extends",
    "opens talks on",
];

/// Speech verbs.
pub const SAID: &[&str] = &[
    "said",
    "told reporters",
    "said in a statement",
    "wrote in a letter seen by the desk",
    "said on Tuesday",
    "told a briefing",
    "said late on Monday",
];

/// Roles of people quoted.
pub const ROLES: &[&str] = &[
    "a spokesperson for",
    "the chair of",
    "an economist who advises",
    "a senior engineer at",
    "the deputy head of",
    "a lawyer representing",
    "a former director of",
    "an analyst covering",
];

/// Openings of clauses that carry a quote or a claim.
pub const CLAIMS: &[&str] = &[
    "the change would take effect before the end of the quarter",
    "the figures showed a steady rise since the start of the year",
    "more consultation was needed before any vote",
    "the costs had been underestimated by a wide margin",
    "households in the north would feel the difference first",
    "the timetable could slip if the rains came early",
    "a second phase was already being planned",
    "the decision followed months of negotiation",
    "the numbers were broadly in line with expectations",
    "traders had been asking for clarity for weeks",
    "the plan had the support of most local leaders",
    "an independent review would be published next month",
];

/// Connectives between sentences.
pub const LINKS: &[&str] = &[
    "Meanwhile,",
    "By contrast,",
    "Earlier this month,",
    "According to officials,",
    "In a separate development,",
    "Last year,",
    "Even so,",
    "At the same time,",
    "So far,",
];

/// Quantities for facts.
pub const AMOUNTS: &[&str] = &[
    "about 40 percent",
    "nearly 2,000 people",
    "three of the five districts",
    "12 million",
    "a fifth of the total",
    "more than 600 tonnes",
    "roughly 90 kilometres",
    "two thirds",
    "almost 15,000 households",
    "at least 30 vessels",
];

/// Adjectives for headlines and standfirsts.
pub const ADJECTIVES: &[&str] = &[
    "sharp",
    "long-awaited",
    "disputed",
    "modest",
    "surprise",
    "cautious",
    "record",
    "delayed",
    "costly",
    "overdue",
];

/// Headline nouns.
pub const NOUNS: &[&str] = &[
    "rise",
    "plan",
    "deal",
    "cut",
    "review",
    "vote",
    "shortfall",
    "upgrade",
    "reform",
    "talks",
];

/// Capitalises the first letter.
pub fn capital(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A person's name.
pub fn person(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(GIVEN), rng.pick(FAMILY))
}

/// A headline, about eight to twelve words.
pub fn headline(rng: &mut Rng) -> String {
    match rng.range(0, 3) {
        0 => capital(&format!(
            "{} {} {}",
            strip_article(rng.pick(ACTORS)),
            rng.pick(DOES),
            rng.pick(THINGS)
        )),
        1 => capital(&format!(
            "{} {} expected as {} {} {}",
            rng.pick(ADJECTIVES),
            rng.pick(NOUNS),
            strip_article(rng.pick(ACTORS)),
            rng.pick(DOES).trim_end_matches(" on"),
            strip_article(rng.pick(THINGS))
        )),
        2 => format!(
            "{} in {} over {}",
            capital(&format!("{} {}", rng.pick(ADJECTIVES), rng.pick(NOUNS))),
            capital(&rng.pick(PLACES).to_lowercase()),
            strip_article(rng.pick(THINGS))
        ),
        _ => capital(&format!(
            "{} {} after {} {}",
            strip_article(rng.pick(ACTORS)),
            rng.pick(DID),
            rng.pick(ADJECTIVES),
            rng.pick(NOUNS)
        )),
    }
}

fn strip_article(s: &str) -> &str {
    s.strip_prefix("the ")
        .or_else(|| s.strip_prefix("a "))
        .unwrap_or(s)
}

/// One sentence of news copy.
pub fn sentence(rng: &mut Rng) -> String {
    let s = match rng.range(0, 5) {
        0 => format!(
            "{} {} {} on {}.",
            capital(rng.pick(ACTORS)),
            rng.pick(DID),
            rng.pick(THINGS),
            weekday(rng)
        ),
        1 => format!(
            "\u{201c}We believe {},\u{201d} {}, {} {}.",
            rng.pick(CLAIMS),
            person(rng),
            rng.pick(ROLES),
            rng.pick(ACTORS)
        ),
        2 => format!(
            "{} {} {} {}, {} {}.",
            rng.pick(LINKS),
            rng.pick(ACTORS),
            rng.pick(SAID),
            rng.pick(CLAIMS),
            "affecting",
            rng.pick(AMOUNTS)
        ),
        3 => format!(
            "The measure concerns {}, and {} {} that {}.",
            rng.pick(AMOUNTS),
            person(rng),
            rng.pick(SAID),
            rng.pick(CLAIMS)
        ),
        4 => format!(
            "{} has {} {} twice since {}, when {} {} it.",
            capital(rng.pick(ACTORS)),
            rng.pick(DID),
            rng.pick(THINGS),
            2015 + rng.range(0, 10),
            rng.pick(ACTORS),
            rng.pick(DID)
        ),
        _ => format!(
            "Figures released by {} put the total at {}, up from {} a year earlier.",
            rng.pick(ACTORS),
            rng.pick(AMOUNTS),
            rng.pick(AMOUNTS)
        ),
    };
    capital(&s)
}

/// A paragraph of three to six sentences.
pub fn paragraph(rng: &mut Rng) -> String {
    let n = rng.range(3, 6);
    let mut out = String::new();
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&sentence(rng));
    }
    out
}

fn weekday(rng: &mut Rng) -> &'static str {
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ][rng.range(0, 6)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_text() {
        let a = paragraph(&mut Rng::new(7, 1, 2, 3));
        let b = paragraph(&mut Rng::new(7, 1, 2, 3));
        let c = paragraph(&mut Rng::new(7, 1, 3, 3));
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn text_has_no_markup_characters() {
        let mut rng = Rng::new(1, 2, 3, 4);
        for _ in 0..500 {
            let s = paragraph(&mut rng) + &headline(&mut rng);
            assert!(!s.contains(['<', '>', '&', '"']), "{s}");
        }
    }
}
