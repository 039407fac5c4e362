//! Wire copy for the clustering tests: three agency stories of our own
//! writing, the versions republishers make of them, and a report of one
//! of the same events written by another agency (the same event, not the
//! same copy).

/// One agency story: a headline and its paragraphs.
#[derive(Debug, Clone, Copy)]
pub struct WireStory {
    /// The agency's headline.
    pub headline: &'static str,
    /// The paragraphs, dateline first.
    pub paragraphs: &'static [&'static str],
}

/// Dock workers strike at Mombasa.
pub const PORT_STRIKE: WireStory = WireStory {
    headline: "Mombasa dock workers walk out over unpaid overtime",
    paragraphs: &[
        "MOMBASA, Kenya, March 12 (Harbour Wire) - About 4,000 dock workers at the port of \
         Mombasa stopped work on Wednesday morning, saying the port authority owes them three \
         months of overtime pay, and ships queued outside the harbour by the afternoon.",
        "The Dock Workers Union said its members would stay off the quays until the Kenya \
         Ports Authority paid the 310 million shillings it says is owed, and asked transport \
         firms not to send trucks to the container terminal.",
        "Port authority spokeswoman Wanjiru Odhiambo said talks with the union had been \
         arranged for Thursday and that the authority expected most of the cranes to be \
         working again before the weekend.",
        "Mombasa handles most of the imports of Uganda, Rwanda and South Sudan, and shipping \
         agents said a strike lasting more than two days would leave fuel and grain stranded \
         on vessels waiting at anchor.",
        "The last walkout at the port, in 2019, lasted six days and cost importers an estimated \
         2 billion shillings in demurrage charges, according to the Shippers Council of \
         Eastern Africa.",
    ],
};

/// The same strike, reported by another agency in its own words: the same
/// event, a different story.
pub const PORT_STRIKE_OTHER_AGENCY: WireStory = WireStory {
    headline: "Strike halts cargo handling at Kenya's main port",
    paragraphs: &[
        "MOMBASA, March 12 (Coast Press) - Cargo handling at Kenya's busiest seaport came to a \
         standstill on Wednesday as stevedores downed tools in a row over overtime arrears.",
        "Union officials told Coast Press that workers had not been paid for extra shifts since \
         December. Management declined to comment on the sum involved.",
        "Queues of lorries formed along the Port Reitz road while several vessels were \
         diverted to anchorages offshore, a harbour pilot said.",
        "Regional traders fear delays for goods bound for Kampala and Kigali, which depend on \
         the corridor through Mombasa for much of their trade.",
    ],
};

/// A central bank raises its rate.
pub const RATE_RISE: WireStory = WireStory {
    headline: "Mauritius central bank lifts key rate to 4.5 percent",
    paragraphs: &[
        "PORT LOUIS, Mauritius, March 12 (Harbour Wire) - The Bank of Mauritius raised its key \
         rate by 50 basis points to 4.5 percent on Wednesday, its first increase in two years, \
         saying imported food and fuel prices had pushed inflation above its target.",
        "Governor Rama Sithanen told a news conference in Port Louis that consumer prices rose \
         7.2 percent in the year to February and that the bank would watch the rupee closely \
         in the coming months.",
        "Economists had been split on the decision, with five of nine polled by the Port Louis \
         Chamber of Commerce expecting the bank to hold its rate until the budget in June.",
        "Tourism, which earns about a quarter of the island's foreign currency, has recovered \
         to its level before the pandemic, but import bills for rice and diesel have grown \
         faster than earnings.",
    ],
};

/// A cyclone nears Madagascar.
pub const CYCLONE: WireStory = WireStory {
    headline: "Cyclone Belna heads for Madagascar's northwest coast",
    paragraphs: &[
        "ANTANANARIVO, March 12 (Harbour Wire) - Cyclone Belna strengthened over the \
         Mozambique Channel on Wednesday and was expected to reach the coast near Mahajanga \
         late on Thursday with winds of up to 180 kilometres an hour, the weather service said.",
        "Authorities in Boeny region ordered schools closed and asked fishing crews to stay \
         in port, while the Red Cross moved emergency shelters and water tanks into towns \
         along the coast.",
        "Forecasters said rainfall of 250 millimetres in 24 hours could flood rice fields \
         around Marovoay, which supply much of the island's grain.",
        "Madagascar is struck by several storms in most cyclone seasons; Cyclone Batsirai \
         killed more than 120 people in 2022 and destroyed tens of thousands of homes.",
    ],
};

impl WireStory {
    /// The text as the agency sent it: paragraphs between blank lines.
    pub fn text(&self) -> String {
        self.paragraphs.join("\n\n")
    }

    /// A republisher's version: its own headline, its byline on top, its
    /// sign-off below, and the last `cut` paragraphs left out.
    pub fn republished(&self, headline: &str, outlet: &str, cut: usize) -> (String, String) {
        let kept = &self.paragraphs[..self.paragraphs.len().saturating_sub(cut).max(1)];
        let text = format!(
            "By {outlet} Staff\n\n{}\n\nRead more news from {outlet} every morning.",
            kept.join("\n\n")
        );
        (headline.to_owned(), text)
    }

    /// The agency's update: "(UPDATE 1)" in the headline and a paragraph
    /// of news on top of the first version.
    pub fn update(&self, news: &str) -> (String, String) {
        (
            format!("{} (UPDATE 1)", self.headline),
            format!("{}\n\n{news}", self.text()),
        )
    }
}
