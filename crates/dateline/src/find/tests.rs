//! The table of dateline forms, the ordinary sentences that must not pass,
//! and a property test of `find` on any text.

use super::*;
use proptest::prelude::*;

/// One dateline form and what it must give.
#[derive(Debug, Clone, Copy)]
struct Case {
    input: &'static str,
    text: &'static str,
    place: &'static str,
    region: Option<&'static str>,
    country: Option<&'static str>,
    code: Option<&'static str>,
    agency: Option<&'static str>,
    date: Option<&'static str>,
    consistent: bool,
    /// Where the place lies, when not in `code`'s country.
    placed_in: Option<&'static str>,
    /// What the body text starts with.
    body: &'static str,
}

const NONE: Case = Case {
    input: "",
    text: "",
    place: "",
    region: None,
    country: None,
    code: None,
    agency: None,
    date: None,
    consistent: true,
    placed_in: None,
    body: "",
};

const MAR_12: Option<&str> = Some("03-12");

const CASES: &[Case] = &[
    // The seed page's real forms.
    Case {
        input: "Port Louis [Mauritius], March 12 (ANI): Mauritus Prime Minister Navinchandra Ramgoolam said on Wednesday that Prime Minister Narendra...",
        text: "Port Louis [Mauritius], March 12 (ANI)",
        place: "Port Louis",
        country: Some("Mauritius"),
        code: Some("MU"),
        agency: Some("ANI"),
        date: MAR_12,
        body: "Mauritus Prime Minister",
        ..NONE
    },
    Case {
        input: "Lucknow (Uttar Pradesh) [India], March 12 (ANI): Uttar Pradesh Chief Minister Yogi Adityanath on Wednesday said that people should...",
        text: "Lucknow (Uttar Pradesh) [India], March 12 (ANI)",
        place: "Lucknow",
        region: Some("Uttar Pradesh"),
        country: Some("India"),
        code: Some("IN"),
        agency: Some("ANI"),
        date: MAR_12,
        body: "Uttar Pradesh Chief Minister",
        ..NONE
    },
    Case {
        input: "Port Blair [Mauritius], March 12 (ANI): Prime Minister Narendra Modi's visit to Mauritius saw the inking of various Memorandums of...",
        text: "Port Blair [Mauritius], March 12 (ANI)",
        place: "Port Blair",
        country: Some("Mauritius"),
        code: Some("MU"),
        agency: Some("ANI"),
        date: MAR_12,
        consistent: false,
        placed_in: Some("IN"),
        body: "Prime Minister Narendra Modi's",
        ..NONE
    },
    Case {
        input: "New Delhi [India], March 12 (ANI): The 20-year-old forward Arshdeep Singh has recently been in the spotlight...",
        text: "New Delhi [India], March 12 (ANI)",
        place: "New Delhi",
        country: Some("India"),
        code: Some("IN"),
        agency: Some("ANI"),
        date: MAR_12,
        body: "The 20-year-old",
        ..NONE
    },
    Case {
        input: "Balochistan [Pakistan], March 12 (ANI): Pakistan security forces on Wednesday successfully rescued 155 hostages...",
        text: "Balochistan [Pakistan], March 12 (ANI)",
        place: "Balochistan",
        country: Some("Pakistan"),
        code: Some("PK"),
        agency: Some("ANI"),
        date: MAR_12,
        body: "Pakistan security forces",
        ..NONE
    },
    Case {
        input: "BRUSSELS, Belgium: The United States has withdrawn from the board of a U.N. climate fund...",
        text: "BRUSSELS, Belgium",
        place: "Brussels",
        country: Some("Belgium"),
        code: Some("BE"),
        body: "The United States has withdrawn",
        ..NONE
    },
    Case {
        input: "Port Louis [Mauritius], March 12 (IOPA): Trade ministers from the region met...",
        text: "Port Louis [Mauritius], March 12 (IOPA)",
        place: "Port Louis",
        country: Some("Mauritius"),
        code: Some("MU"),
        agency: Some("IOPA"),
        date: MAR_12,
        body: "Trade ministers",
        ..NONE
    },
    // The wire agencies' own forms.
    Case {
        input: "WASHINGTON (AP) — President Donald Trump said on Tuesday...",
        text: "WASHINGTON (AP)",
        place: "Washington",
        country: Some("United States"),
        code: Some("US"),
        agency: Some("AP"),
        body: "President Donald Trump",
        ..NONE
    },
    Case {
        input: "LONDON, March 12 (Reuters) - Britain's economy shrank...",
        text: "LONDON, March 12 (Reuters)",
        place: "London",
        country: Some("United Kingdom"),
        code: Some("GB"),
        agency: Some("Reuters"),
        date: MAR_12,
        body: "Britain's economy",
        ..NONE
    },
    Case {
        input: "NAIROBI, Kenya, Mar 12 (Xinhua) -- Kenya's central bank held its rate...",
        text: "NAIROBI, Kenya, Mar 12 (Xinhua)",
        place: "Nairobi",
        country: Some("Kenya"),
        code: Some("KE"),
        agency: Some("Xinhua"),
        date: MAR_12,
        body: "Kenya's central bank",
        ..NONE
    },
    Case {
        input: "KYIV, Ukraine (AFP) - Russian drones struck the capital overnight.",
        text: "KYIV, Ukraine (AFP)",
        place: "Kyiv",
        country: Some("Ukraine"),
        code: Some("UA"),
        agency: Some("AFP"),
        body: "Russian drones",
        ..NONE
    },
    Case {
        input: "NEW DELHI, March 12 (IANS) -- The Supreme Court on Wednesday...",
        text: "NEW DELHI, March 12 (IANS)",
        place: "New Delhi",
        country: Some("India"),
        code: Some("IN"),
        agency: Some("IANS"),
        date: MAR_12,
        body: "The Supreme Court",
        ..NONE
    },
    Case {
        input: "SAN FRANCISCO/BEIJING (Reuters) - Apple is in talks with...",
        text: "SAN FRANCISCO/BEIJING (Reuters)",
        place: "San Francisco",
        country: Some("United States"),
        code: Some("US"),
        agency: Some("Reuters"),
        body: "Apple is in talks",
        ..NONE
    },
    Case {
        input: "TOKYO — Japan's exports rose for a fifth month.",
        text: "TOKYO",
        place: "Tokyo",
        country: Some("Japan"),
        code: Some("JP"),
        body: "Japan's exports",
        ..NONE
    },
    Case {
        input: "PARIS, 12 March (AFP) - France's prime minister...",
        text: "PARIS, 12 March (AFP)",
        place: "Paris",
        country: Some("France"),
        code: Some("FR"),
        agency: Some("AFP"),
        date: MAR_12,
        body: "France's prime minister",
        ..NONE
    },
    Case {
        input: "Islamabad, Mar 12 (APP): Prime Minister Shehbaz Sharif on Wednesday...",
        text: "Islamabad, Mar 12 (APP)",
        place: "Islamabad",
        country: Some("Pakistan"),
        code: Some("PK"),
        agency: Some("APP"),
        date: MAR_12,
        body: "Prime Minister Shehbaz",
        ..NONE
    },
    Case {
        input: "ANTANANARIVO (SDN) — Madagascar's government announced...",
        text: "ANTANANARIVO (SDN)",
        place: "Antananarivo",
        country: Some("Madagascar"),
        code: Some("MG"),
        agency: Some("SDN"),
        body: "Madagascar's government",
        ..NONE
    },
    Case {
        input: "DAR ES SALAAM, March 12 (CWN) - Tanzania's parliament...",
        text: "DAR ES SALAAM, March 12 (CWN)",
        place: "Dar es Salaam",
        country: Some("Tanzania"),
        code: Some("TZ"),
        agency: Some("CWN"),
        date: MAR_12,
        body: "Tanzania's parliament",
        ..NONE
    },
    // Separators written tight, and the other dashes.
    Case {
        input: "WASHINGTON (AP)— The Senate voted...",
        text: "WASHINGTON (AP)",
        place: "Washington",
        country: Some("United States"),
        code: Some("US"),
        agency: Some("AP"),
        body: "The Senate",
        ..NONE
    },
    Case {
        input: "TOKYO—Japan's central bank...",
        text: "TOKYO",
        place: "Tokyo",
        country: Some("Japan"),
        code: Some("JP"),
        body: "Japan's central bank",
        ..NONE
    },
    Case {
        input: "LONDON (Reuters)- Shares fell...",
        text: "LONDON (Reuters)",
        place: "London",
        country: Some("United Kingdom"),
        code: Some("GB"),
        agency: Some("Reuters"),
        body: "Shares fell",
        ..NONE
    },
    Case {
        input: "MOSCOW, March 12 (TASS) – Russia's foreign ministry...",
        text: "MOSCOW, March 12 (TASS)",
        place: "Moscow",
        country: Some("Russia"),
        code: Some("RU"),
        agency: Some("TASS"),
        date: MAR_12,
        body: "Russia's foreign ministry",
        ..NONE
    },
    Case {
        input: "BEIJING, March 12 (Xinhua)--China's top legislature...",
        text: "BEIJING, March 12 (Xinhua)",
        place: "Beijing",
        country: Some("China"),
        code: Some("CN"),
        agency: Some("Xinhua"),
        date: MAR_12,
        body: "China's top legislature",
        ..NONE
    },
    // Other date forms.
    Case {
        input: "SEOUL, Sept. 3 (Yonhap) -- North Korea fired...",
        text: "SEOUL, Sept. 3 (Yonhap)",
        place: "Seoul",
        country: Some("South Korea"),
        code: Some("KR"),
        agency: Some("Yonhap"),
        date: Some("09-03"),
        body: "North Korea fired",
        ..NONE
    },
    Case {
        input: "GENEVA, March 12, 2025 (Xinhua) -- The World Health Organization...",
        text: "GENEVA, March 12, 2025 (Xinhua)",
        place: "Geneva",
        country: Some("Switzerland"),
        code: Some("CH"),
        agency: Some("Xinhua"),
        date: MAR_12,
        body: "The World Health",
        ..NONE
    },
    Case {
        input: "JERUSALEM, Wednesday, Dec. 25 (AP) — Christians gathered...",
        text: "JERUSALEM, Wednesday, Dec. 25 (AP)",
        place: "Jerusalem",
        country: Some("Israel"),
        code: Some("IL"),
        agency: Some("AP"),
        date: Some("12-25"),
        body: "Christians gathered",
        ..NONE
    },
    Case {
        input: "Kabul [Afghanistan], 1st May (ANI): The Taliban...",
        text: "Kabul [Afghanistan], 1st May (ANI)",
        place: "Kabul",
        country: Some("Afghanistan"),
        code: Some("AF"),
        agency: Some("ANI"),
        date: Some("05-01"),
        body: "The Taliban",
        ..NONE
    },
    // Agencies in mixed case, several agencies.
    Case {
        input: "Berlin (dpa) - Germany's chancellor said...",
        text: "Berlin (dpa)",
        place: "Berlin",
        country: Some("Germany"),
        code: Some("DE"),
        agency: Some("dpa"),
        body: "Germany's chancellor",
        ..NONE
    },
    Case {
        input: "Kyiv (AFP) – Ukraine's president...",
        text: "Kyiv (AFP)",
        place: "Kyiv",
        country: Some("Ukraine"),
        code: Some("UA"),
        agency: Some("AFP"),
        body: "Ukraine's president",
        ..NONE
    },
    Case {
        input: "Kathmandu [Nepal], March 12 (ANI/RSS): Nepal's foreign minister...",
        text: "Kathmandu [Nepal], March 12 (ANI/RSS)",
        place: "Kathmandu",
        country: Some("Nepal"),
        code: Some("NP"),
        agency: Some("ANI/RSS"),
        date: MAR_12,
        body: "Nepal's foreign minister",
        ..NONE
    },
    Case {
        input: "Dubai [UAE], March 12 (ANI/WAM): The UAE Cabinet...",
        text: "Dubai [UAE], March 12 (ANI/WAM)",
        place: "Dubai",
        country: Some("UAE"),
        code: Some("AE"),
        agency: Some("ANI/WAM"),
        date: MAR_12,
        body: "The UAE Cabinet",
        ..NONE
    },
    Case {
        input: "Tel Aviv [Israel], March 12 (ANI/TPS): Israeli officials...",
        text: "Tel Aviv [Israel], March 12 (ANI/TPS)",
        place: "Tel Aviv",
        country: Some("Israel"),
        code: Some("IL"),
        agency: Some("ANI/TPS"),
        date: MAR_12,
        body: "Israeli officials",
        ..NONE
    },
    Case {
        input: "Beijing [China], March 12 (ANI): China's foreign ministry...",
        text: "Beijing [China], March 12 (ANI)",
        place: "Beijing",
        country: Some("China"),
        code: Some("CN"),
        agency: Some("ANI"),
        date: MAR_12,
        body: "China's foreign ministry",
        ..NONE
    },
    // Regions.
    Case {
        input: "Srinagar (Jammu and Kashmir) [India], March 12 (ANI): Security forces...",
        text: "Srinagar (Jammu and Kashmir) [India], March 12 (ANI)",
        place: "Srinagar",
        region: Some("Jammu and Kashmir"),
        country: Some("India"),
        code: Some("IN"),
        agency: Some("ANI"),
        date: MAR_12,
        body: "Security forces",
        ..NONE
    },
    Case {
        input: "Mumbai (Maharashtra) [India], March 12 (ANI): The Bombay High Court...",
        text: "Mumbai (Maharashtra) [India], March 12 (ANI)",
        place: "Mumbai",
        region: Some("Maharashtra"),
        country: Some("India"),
        code: Some("IN"),
        agency: Some("ANI"),
        date: MAR_12,
        body: "The Bombay High Court",
        ..NONE
    },
    Case {
        input: "AUSTIN, Texas (AP) — Texas lawmakers...",
        text: "AUSTIN, Texas (AP)",
        place: "Austin",
        region: Some("Texas"),
        country: Some("United States"),
        code: Some("US"),
        agency: Some("AP"),
        body: "Texas lawmakers",
        ..NONE
    },
    Case {
        input: "PARIS, Texas (AP) — A small town...",
        text: "PARIS, Texas (AP)",
        place: "Paris",
        region: Some("Texas"),
        country: Some("United States"),
        code: Some("US"),
        agency: Some("AP"),
        body: "A small town",
        ..NONE
    },
    Case {
        input: "LONDON, Ontario (AP) — Police in the Canadian city...",
        text: "LONDON, Ontario (AP)",
        place: "London",
        region: Some("Ontario"),
        country: Some("Canada"),
        code: Some("CA"),
        agency: Some("AP"),
        body: "Police in the Canadian city",
        ..NONE
    },
    Case {
        input: "SPRINGFIELD, Ill. (AP) — Illinois lawmakers...",
        text: "SPRINGFIELD, Ill. (AP)",
        place: "Springfield",
        region: Some("Ill."),
        country: Some("United States"),
        code: Some("US"),
        agency: Some("AP"),
        body: "Illinois lawmakers",
        ..NONE
    },
    Case {
        input: "ATLANTA, Georgia (AP) — Georgia's governor...",
        text: "ATLANTA, Georgia (AP)",
        place: "Atlanta",
        region: Some("Georgia"),
        country: Some("United States"),
        code: Some("US"),
        agency: Some("AP"),
        body: "Georgia's governor",
        ..NONE
    },
    Case {
        input: "McALLEN, Texas (AP) — Border agents...",
        text: "McALLEN, Texas (AP)",
        place: "McAllen",
        region: Some("Texas"),
        country: Some("United States"),
        code: Some("US"),
        agency: Some("AP"),
        body: "Border agents",
        ..NONE
    },
    Case {
        input: "GAZA CITY, Gaza Strip (AP) — Palestinians returned...",
        text: "GAZA CITY, Gaza Strip (AP)",
        place: "Gaza City",
        region: Some("Gaza Strip"),
        country: Some("Palestine"),
        code: Some("PS"),
        agency: Some("AP"),
        body: "Palestinians returned",
        ..NONE
    },
    Case {
        input: "RAFAH, Gaza Strip (AP) — Aid trucks crossed...",
        text: "RAFAH, Gaza Strip (AP)",
        place: "Rafah",
        region: Some("Gaza Strip"),
        country: Some("Palestine"),
        code: Some("PS"),
        agency: Some("AP"),
        body: "Aid trucks",
        ..NONE
    },
    Case {
        input: "Washington, DC [US], March 12 (ANI): US President Donald Trump...",
        text: "Washington, DC [US], March 12 (ANI)",
        place: "Washington",
        region: Some("DC"),
        country: Some("US"),
        code: Some("US"),
        agency: Some("ANI"),
        date: MAR_12,
        body: "US President",
        ..NONE
    },
    // Spellings of places in capitals.
    Case {
        input: "ST. LOUIS (AP) — A jury...",
        text: "ST. LOUIS (AP)",
        place: "St. Louis",
        country: Some("United States"),
        code: Some("US"),
        agency: Some("AP"),
        body: "A jury",
        ..NONE
    },
    Case {
        input: "SÃO PAULO (Reuters) - Brazil's real fell...",
        text: "SÃO PAULO (Reuters)",
        place: "São Paulo",
        country: Some("Brazil"),
        code: Some("BR"),
        agency: Some("Reuters"),
        body: "Brazil's real",
        ..NONE
    },
    Case {
        input: "SAO PAULO (Reuters) - Brazil's real rose...",
        text: "SAO PAULO (Reuters)",
        place: "São Paulo",
        country: Some("Brazil"),
        code: Some("BR"),
        agency: Some("Reuters"),
        body: "Brazil's real",
        ..NONE
    },
    Case {
        input: "RIO DE JANEIRO (AP) — Carnival...",
        text: "RIO DE JANEIRO (AP)",
        place: "Rio de Janeiro",
        country: Some("Brazil"),
        code: Some("BR"),
        agency: Some("AP"),
        body: "Carnival",
        ..NONE
    },
    Case {
        input: "MEXICO CITY, March 12 (Reuters) - Mexico's president...",
        text: "MEXICO CITY, March 12 (Reuters)",
        place: "Mexico City",
        country: Some("Mexico"),
        code: Some("MX"),
        agency: Some("Reuters"),
        date: MAR_12,
        body: "Mexico's president",
        ..NONE
    },
    Case {
        input: "HONG KONG, March 12 (Reuters) - Hong Kong stocks...",
        text: "HONG KONG, March 12 (Reuters)",
        place: "Hong Kong",
        country: Some("Hong Kong"),
        code: Some("HK"),
        agency: Some("Reuters"),
        date: MAR_12,
        body: "Hong Kong stocks",
        ..NONE
    },
    Case {
        input: "NEW YORK (AP) — Stocks rallied...",
        text: "NEW YORK (AP)",
        place: "New York",
        country: Some("United States"),
        code: Some("US"),
        agency: Some("AP"),
        body: "Stocks rallied",
        ..NONE
    },
    Case {
        input: "KIEV, Ukraine, March 12 (Reuters) - Ukraine said...",
        text: "KIEV, Ukraine, March 12 (Reuters)",
        place: "Kiev",
        country: Some("Ukraine"),
        code: Some("UA"),
        agency: Some("Reuters"),
        date: MAR_12,
        body: "Ukraine said",
        ..NONE
    },
    Case {
        input: "UNITED NATIONS (AP) — The Security Council...",
        text: "UNITED NATIONS (AP)",
        place: "United Nations",
        country: Some("United States"),
        code: Some("US"),
        agency: Some("AP"),
        body: "The Security Council",
        ..NONE
    },
    Case {
        input: "VATICAN CITY (AP) — Pope Francis...",
        text: "VATICAN CITY (AP)",
        place: "Vatican City",
        country: Some("Vatican"),
        code: Some("VA"),
        agency: Some("AP"),
        body: "Pope Francis",
        ..NONE
    },
    // Places alone, before a colon: capitals or big cities only.
    Case {
        input: "ISLAMABAD: Prime Minister Shehbaz Sharif on Wednesday...",
        text: "ISLAMABAD",
        place: "Islamabad",
        country: Some("Pakistan"),
        code: Some("PK"),
        body: "Prime Minister",
        ..NONE
    },
    Case {
        input: "KARACHI: The Sindh government...",
        text: "KARACHI",
        place: "Karachi",
        country: Some("Pakistan"),
        code: Some("PK"),
        body: "The Sindh government",
        ..NONE
    },
    Case {
        input: "Paris, France: The French government...",
        text: "Paris, France",
        place: "Paris",
        country: Some("France"),
        code: Some("FR"),
        body: "The French government",
        ..NONE
    },
    // Consistency.
    Case {
        input: "Port Blair [India], March 12 (ANI): The Andaman administration...",
        text: "Port Blair [India], March 12 (ANI)",
        place: "Port Blair",
        country: Some("India"),
        code: Some("IN"),
        agency: Some("ANI"),
        date: MAR_12,
        body: "The Andaman",
        ..NONE
    },
    Case {
        input: "Nairobi [Uganda], March 12 (ANI): A mislabelled story...",
        text: "Nairobi [Uganda], March 12 (ANI)",
        place: "Nairobi",
        country: Some("Uganda"),
        code: Some("UG"),
        agency: Some("ANI"),
        date: MAR_12,
        consistent: false,
        placed_in: Some("KE"),
        body: "A mislabelled story",
        ..NONE
    },
    Case {
        input: "Port Louis [Mauritus], March 12 (ANI): A misspelled country...",
        text: "Port Louis [Mauritus], March 12 (ANI)",
        place: "Port Louis",
        country: Some("Mauritus"),
        agency: Some("ANI"),
        date: MAR_12,
        placed_in: Some("MU"),
        body: "A misspelled country",
        ..NONE
    },
    Case {
        input: "Nowhereville [Kenya], March 12 (ANI): An unknown place...",
        text: "Nowhereville [Kenya], March 12 (ANI)",
        place: "Nowhereville",
        country: Some("Kenya"),
        code: Some("KE"),
        agency: Some("ANI"),
        date: MAR_12,
        body: "An unknown place",
        ..NONE
    },
    Case {
        input: "Kashmir [Pakistan], March 12 (ANI): Both claim it...",
        text: "Kashmir [Pakistan], March 12 (ANI)",
        place: "Kashmir",
        country: Some("Pakistan"),
        code: Some("PK"),
        agency: Some("ANI"),
        date: MAR_12,
        body: "Both claim it",
        ..NONE
    },
    // Leading space and a byte-order mark before the dateline.
    Case {
        input: "  \u{feff}WASHINGTON (AP) — Leading space...",
        text: "WASHINGTON (AP)",
        place: "Washington",
        country: Some("United States"),
        code: Some("US"),
        agency: Some("AP"),
        body: "Leading space",
        ..NONE
    },
    // A credit with nothing after it, as some Indian wires file.
    Case {
        input: "New Delhi, March 12 (IANS) The Railway Ministry said it would run more trains.",
        text: "New Delhi, March 12 (IANS)",
        place: "New Delhi",
        country: Some("India"),
        code: Some("IN"),
        agency: Some("IANS"),
        date: MAR_12,
        body: "The Railway Ministry",
        ..NONE
    },
    // A press-release wire's credit between slashes.
    Case {
        input: "NAIROBI, Kenya, March 12, 2025 /PRNewswire/ -- Savanna Cold Chain Ltd. today opened a depot.",
        text: "NAIROBI, Kenya, March 12, 2025 /PRNewswire/",
        place: "Nairobi",
        country: Some("Kenya"),
        code: Some("KE"),
        agency: Some("PRNewswire"),
        date: MAR_12,
        body: "Savanna Cold Chain",
        ..NONE
    },
    // French copy: the day first, the month in French, the year after.
    Case {
        input: "Lyon, 12 mars 2025 (AFP) - La métropole va tester des navettes fluviales.",
        text: "Lyon, 12 mars 2025 (AFP)",
        place: "Lyon",
        country: Some("France"),
        code: Some("FR"),
        agency: Some("AFP"),
        date: MAR_12,
        body: "La métropole",
        ..NONE
    },
];

#[test]
fn dateline_forms() {
    assert!(CASES.len() >= 45, "{} cases", CASES.len());
    for case in CASES {
        let found = find(case.input).unwrap_or_else(|| panic!("no dateline in {:?}", case.input));
        let d = &found.dateline;
        let placed_in = case.placed_in.or(case.code);
        let expected = Dateline {
            text: case.text.to_owned(),
            place: case.place.to_owned(),
            region: case.region.map(str::to_owned),
            country: case.country.map(str::to_owned),
            country_code: case.code.map(str::to_owned),
            place_country: placed_in
                .and_then(|code| Gazetteer::global().country_name(code))
                .map(str::to_owned),
            place_country_code: placed_in.map(str::to_owned),
            agency: case.agency.map(str::to_owned),
            date: case.date.map(str::to_owned),
            consistent: case.consistent,
        };
        assert_eq!(d, &expected, "{:?}", case.input);
        assert!(
            case.input[found.body_start..].starts_with(case.body),
            "{:?}: body starts {:?}",
            case.input,
            &case.input[found.body_start..]
        );
    }
}

#[test]
fn the_place_country_is_where_the_place_lies() {
    let placed = |paragraph: &str| {
        let d = find(paragraph).unwrap().dateline;
        (d.place_country_code, d.consistent)
    };
    let code = |c: &str| Some(c.to_owned());
    // Routed by the place, not the bracket.
    assert_eq!(
        placed("Port Blair [Mauritius], March 12 (ANI): Text"),
        (code("IN"), false)
    );
    // A name in several countries: the named one when the place is there.
    assert_eq!(
        placed("Washington [UK], March 12 (PA): Text"),
        (code("GB"), true)
    );
    assert_eq!(placed("PARIS, Texas (AP) - Text"), (code("US"), true));
    // Named elsewhere: where the most populous place of that name lies.
    assert_eq!(
        placed("Paris [Kenya], March 12 (ANI): Text"),
        (code("FR"), false)
    );
    // A place the gazetteer does not know: the named country.
    assert_eq!(
        placed("Kilifi Creek [Kenya], March 12 (KNA): Text"),
        (code("KE"), true)
    );
    assert_eq!(
        placed("NAIROBI, March 12 (Reuters) - Text"),
        (code("KE"), true)
    );
}

/// Ordinary paragraph openings that must not be read as datelines.
const NOT_DATELINES: &[&str] = &[
    "",
    "   ",
    "However, the minister said: the talks will resume next week.",
    "In 2023, the head of the SVR spoke with then-CIA Director William Burns.",
    "In 2023, the head of the SVR said: contacts will go on.",
    "Members of the Syrian security forces stand guard - officials said.",
    "The Kremlin has yet to respond - officials said",
    "Q: What happened?",
    "A: Nobody knows.",
    "Update: the story was corrected.",
    "Note: figures are provisional.",
    "UPDATE: The minister resigned.",
    "EDITOR'S NOTE: This story contains graphic content.",
    "WATCH: Video of the launch",
    "Sources: Reuters, AP",
    "Photo: AFP",
    "KEY POINTS: Rates held; inflation eased.",
    "BREAKING — Parliament dissolved",
    "NICE — the film was a hit.",
    "LINCOLN: Four score and seven years ago...",
    "JACKSON: I never said that.",
    "Tesla (TSLA) - shares fell 5% on Monday.",
    "Nvidia (NVDA) - the chipmaker reported...",
    "March 12 (Reuters) - Oil prices rose.",
    "He said: 'We will go on.'",
    "Mr Smith, 45, said - he was tired.",
    "Paris (pictured) - a city of lights.",
    "On Tuesday, March 11 (local time) - the talks resumed.",
    "Monday, March 12 (AP) — no place here.",
    "Tokyo — a city of 14 million.",
    "London: a tale of two cities.",
    "US — China talks resumed.",
    "John Smith, Kenya: We are ready.",
    "COVID-19: cases rise again.",
    "By Jane Doe (Reuters) - a report.",
    "Meanwhile, in London (Reuters) - prices rose.",
    "Prime Minister Narendra Modi: We will build.",
    "President Trump (AP) — said nothing.",
    "Foreign Intelligence Service (SVR): The agency said.",
    "Kenya's president said: we are ready.",
    "Yes - of course.",
    "More InformationBRUSSELS, Belgium: The United States has withdrawn...",
    "Port Louis [Mauritius], March 12 (ANI)",
    "Port Louis [Mauritius], March 12 (ANI):",
    "Lucknow (Uttar Pradesh): The chief minister said.",
    "NAIROBI, Kenya, March 32 (Xinhua) -- bad day.",
    "WASHINGTON AND THE REST OF THE COUNTRY AS WELL AS SEVERAL OTHER PLACES THAT ARE NOT NAMED HERE (AP) — x",
    "Reporting by John Smith; Editing by Jane Doe",
    "The Hague (pictured) - the court.",
    "Dear Editor: I write to complain.",
    "WARNING: This video contains graphic images.",
    "Xinhua, Beijing, March 12 - the agency said.",
    "John Smith (AP) — contributed to this report.",
    "BBC (UK) - reports say.",
    "Sen. Chuck Schumer (D-N.Y.) - said on Tuesday.",
    "Gov. Gavin Newsom (D): We will sue.",
    "Washington: Trump said the talks went well.",
    "Jackson, Mississippi - Officials said.",
    "Madrid, Spain's capital - is hot.",
    "Delhi High Court: The bench ruled.",
    "KENYA: Ruto signs the finance bill.",
    "MEXICO: The president spoke.",
    "GAZA: Aid arrives.",
    "VICTORIA: I agree with that.",
    "FILE - In this photo, people walk.",
    "Tokyo 2020: Games begin.",
    "Israel-Hamas war: latest.",
    "Why it matters: The vote is close.",
    "Arsenal 2 - 1 Chelsea",
    "AP PHOTOS: Scenes from the march.",
    "washington (ap) — lower case.",
];

#[test]
fn ordinary_sentences_are_not_datelines() {
    for text in NOT_DATELINES {
        assert_eq!(find(text), None, "{text:?}");
    }
}

#[test]
fn body_start_is_past_the_separator_and_spaces() {
    let found = find("WASHINGTON (AP) — Body").unwrap();
    let d = found.dateline;
    assert_eq!(d.place, "Washington");
    assert_eq!(found.body_start, "WASHINGTON (AP) — ".len());
}

/// Pieces that datelines are made of, to reach deep into the parser.
fn dateline_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("WASHINGTON".to_owned()),
        Just("Port Louis".to_owned()),
        Just(" [Mauritius]".to_owned()),
        Just(" (Uttar Pradesh)".to_owned()),
        Just(", March 12".to_owned()),
        Just(", Kenya".to_owned()),
        Just(" (AP)".to_owned()),
        Just(" (ANI/WAM)".to_owned()),
        Just(": ".to_owned()),
        Just(" — ".to_owned()),
        Just("—".to_owned()),
        Just(" -".to_owned()),
        Just("--".to_owned()),
        Just("/".to_owned()),
        Just("(".to_owned()),
        Just("]".to_owned()),
        Just("São".to_owned()),
        Just("\u{301}".to_owned()),
        "\\PC{0,6}",
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

proptest! {
    #[test]
    fn find_never_panics_on_any_text(text in "\\PC{0,200}") {
        if let Some(found) = find(&text) {
            prop_assert!(found.body_start <= text.len());
            prop_assert!(text.is_char_boundary(found.body_start));
        }
    }

    #[test]
    fn find_never_panics_on_dateline_like_text(text in dateline_like()) {
        if let Some(found) = find(&text) {
            prop_assert!(found.body_start <= text.len());
            prop_assert!(text.is_char_boundary(found.body_start));
            prop_assert!(!text[found.body_start..].trim().is_empty());
            prop_assert!(found.dateline.text.chars().count() <= crate::MAX_DATELINE_CHARS);
        }
    }
}
