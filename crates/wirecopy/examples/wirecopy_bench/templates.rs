//! Sentence templates for news stories, written for this benchmark.
//!
//! Each kind of event has slots (lead, details, quotes, background), and
//! each slot several wordings: one agency's story takes one wording per
//! slot, another agency's report of the same event takes others. Slots
//! hold `{city}`, `{country}`, `{a}`, `{b}`, `{c}` (people), `{org}`,
//! `{n0}`..`{n3}` (numbers), `{weekday}`.

/// One kind of event: its headlines and its slots of wordings.
pub struct Kind {
    pub headlines: &'static [&'static str],
    pub slots: &'static [&'static [&'static str]],
    /// Paragraphs of a follow-up the next day, one wording each.
    pub follow_ups: &'static [&'static [&'static str]],
}

pub const KINDS: &[Kind] = &[
    Kind {
        headlines: &[
            "Floods kill {n0} in {country} as rivers burst banks",
            "{n0} dead after heavy rain floods {city}",
            "{country} floods: death toll reaches {n0}",
            "Flooding near {city} leaves {n0} dead, thousands homeless",
        ],
        slots: &[
            &[
                "At least {n0} people were killed and {n1} forced from their homes after days of heavy rain caused rivers to burst their banks around {city}, officials said on {weekday}.",
                "Floodwaters swept through villages outside {city} on {weekday}, killing no fewer than {n0} people and driving some {n1} residents to emergency shelters, the authorities said.",
                "The death toll from flooding in and around {city} rose to {n0} on {weekday}, with {n1} people displaced as torrential rain continued to fall across the region.",
                "Torrential downpours have left {n0} people dead near {city}, disaster officials reported on {weekday}, while {n1} others have had to abandon flooded homes.",
            ],
            &[
                "{a}, who heads the national disaster agency, said rescue teams had reached most of the cut-off districts but warned that the number of victims could still rise.",
                "Rescuers using boats and helicopters were still searching for the missing, according to {a}, the director of the disaster management office.",
                "The disaster management office, led by {a}, said {n2} rescue workers had been deployed and that several bridges had collapsed under the weight of the water.",
                "Emergency crews were struggling to reach remote hamlets where roads had been washed away, disaster chief {a} told a news conference.",
            ],
            &[
                "\"We have never seen water rise this fast,\" said {b}, a farmer whose fields were submerged. \"Everything we planted this season is gone.\"",
                "\"The water came in the night and we had only minutes to leave,\" {b}, a shopkeeper in the town, told reporters by telephone.",
                "{b}, a teacher sheltering in a school gymnasium with her family, said they had lost their house and their livestock in a single night.",
                "Residents described scenes of chaos. \"People were climbing onto roofs and calling for help,\" said {b}, who lives near the river.",
            ],
            &[
                "The weather service forecast a further {n3} millimetres of rain over the next two days and kept its highest alert in place for the river basin.",
                "Meteorologists said more storms were expected before the weekend, with up to {n3} millimetres of rainfall possible in the hardest-hit areas.",
                "Forecasters warned that rainfall of as much as {n3} millimetres could follow, raising fears of landslides on the slopes above the valley.",
                "The national weather office said the rains, driven by a slow-moving low-pressure system, could bring another {n3} millimetres by {weekday} night.",
            ],
            &[
                "The government has released emergency funds and asked the {org} for help with food, clean water and temporary shelter.",
                "Aid groups including the {org} said they were sending tents, water purification tablets and medical supplies to the affected districts.",
                "The {org} appealed for donations, saying that stocks of clean water and food in the shelters would last only a few more days.",
                "Officials said they were working with the {org} to set up field clinics, fearing outbreaks of waterborne disease.",
            ],
            &[
                "{country} is regularly hit by seasonal floods, but scientists say heavier and less predictable rainfall has made them more destructive in recent years.",
                "Floods are common in the region during the rainy season, though experts link their growing severity to deforestation and a changing climate.",
                "Similar floods three years ago killed hundreds of people and destroyed crops across the country, prompting calls for better flood defences.",
                "Critics have long accused successive governments of failing to invest in drainage and early warning systems along the river.",
            ],
        ],
        follow_ups: &[
            &[
                "Rescue teams near {city} pulled {n1} more survivors from collapsed buildings on {weekday} as the floodwaters began to recede, officials said, while the confirmed toll climbed to {n0}.",
            ],
            &[
                "The prime minister visited the worst-affected districts and promised to rebuild the destroyed bridges within months, though residents complained that help had arrived late.",
            ],
            &[
                "Health workers reported the first cases of diarrhoea in crowded shelters and began a vaccination campaign, according to a statement issued in the evening.",
            ],
        ],
    },
    Kind {
        headlines: &[
            "{country} central bank raises rates to {n0}.{n1}%",
            "Central bank lifts key rate again as inflation bites",
            "{country} hikes interest rate for third time this year",
            "Rate rise in {country} as bank fights {n2}% inflation",
        ],
        slots: &[
            &[
                "The central bank of {country} raised its main interest rate to {n0}.{n1} percent on {weekday}, its third increase this year, as it tries to bring down inflation running at {n2} percent.",
                "{country}'s central bank increased its benchmark lending rate on {weekday} to {n0}.{n1} percent, continuing a tightening campaign aimed at taming {n2} percent inflation.",
                "Policymakers in {city} lifted the key policy rate to {n0}.{n1} percent on {weekday}, saying annual inflation of {n2} percent remained far above their target.",
                "Borrowing costs in {country} rose again on {weekday} after the monetary policy committee voted to set the main rate at {n0}.{n1} percent, with consumer prices up {n2} percent from a year earlier.",
            ],
            &[
                "Governor {a} told reporters in {city} that the bank stood ready to act again if price pressures did not ease over the coming months.",
                "Speaking after the decision, governor {a} said the committee would not hesitate to tighten further should inflation expectations drift higher.",
                "The bank's governor, {a}, said food and fuel prices were the main drivers of inflation and that the committee would watch them closely.",
                "{a}, the governor, said the decision had been unanimous and that further increases could not be ruled out.",
            ],
            &[
                "Most economists polled ahead of the meeting had expected a smaller move, and the local currency strengthened by {n3} percent against the dollar after the announcement.",
                "The decision surprised markets, which had priced in a quarter-point rise; the currency gained {n3} percent in afternoon trading.",
                "Analysts had been split over the size of the increase, and the currency firmed {n3} percent as traders digested the statement.",
                "The move was larger than expected, and bond yields jumped while the currency climbed {n3} percent.",
            ],
            &[
                "\"This is a clear signal that the bank is losing patience,\" said {b}, chief economist at the {org}.",
                "{b}, an economist at the {org}, said the bank was trying to restore credibility after being slow to respond last year.",
                "\"Households will feel this in their mortgage payments within weeks,\" warned {b} of the {org}.",
                "The {org}'s {b} said higher rates risked slowing growth sharply in an economy that was already losing momentum.",
            ],
            &[
                "Business groups criticised the increase, saying small firms were already struggling with higher costs for credit and energy.",
                "Employers' associations urged the government to ease taxes to offset the impact of dearer borrowing on investment.",
                "Trade unions said the rise would hurt workers whose wages had not kept pace with prices.",
                "The finance ministry said it respected the bank's independence but hoped the cycle of increases was near its end.",
            ],
            &[
                "The bank has raised rates by a combined {n3} percentage points since it began tightening, one of the fastest cycles among emerging economies.",
                "Inflation in {country} has been driven by a weak currency, poor harvests and rising global energy prices.",
                "The next policy meeting is scheduled in six weeks, when new inflation and growth forecasts will be published.",
                "Growth slowed to its weakest pace in four years in the last quarter, official figures showed last month.",
            ],
        ],
        follow_ups: &[
            &[
                "A day after the central bank raised its rate to {n0}.{n1} percent, commercial lenders in {country} announced higher mortgage rates, passing on the increase to borrowers almost at once.",
            ],
            &[
                "Shares of banks rose while builders and retailers fell, and analysts cut their forecasts for consumer spending in the coming quarter.",
            ],
            &[
                "The opposition called for an inquiry into the cost of living and demanded that the governor appear before parliament to explain the decision.",
            ],
        ],
    },
    Kind {
        headlines: &[
            "{a} claims victory in {country} presidential vote",
            "{country} election: {a} leads with {n0}% of ballots counted",
            "Opposition cries foul as {a} heads for win in {country}",
            "{a} set to become {country} president after tight race",
        ],
        slots: &[
            &[
                "{a} claimed victory in {country}'s presidential election on {weekday}, with partial results giving the former finance minister {n0} percent of the vote against {n1} percent for {b}.",
                "Early results from {country}'s presidential election put {a} ahead with {n0} percent, while rival {b} trailed on {n1} percent, the electoral commission said on {weekday}.",
                "Former finance minister {a} was heading for the presidency of {country} on {weekday} after winning {n0} percent of ballots counted so far, compared with {n1} percent for {b}.",
                "With most votes counted, {a} held a lead of {n0} percent to {n1} percent over {b} in a presidential race that had been expected to go to a run-off.",
            ],
            &[
                "Turnout was about {n2} percent, the commission said, higher than at the last election.",
                "The electoral commission put participation at {n2} percent of registered voters, an increase on five years ago.",
                "Officials said {n2} percent of voters had cast ballots, despite long queues and heavy rain in some provinces.",
                "Around {n2} percent of the electorate voted, according to the commission's preliminary figures.",
            ],
            &[
                "\"Tonight the people have chosen change,\" {a} told cheering supporters in {city}. \"I will be the president of all citizens.\"",
                "Addressing a rally in the capital, {a} promised to fight corruption and to create jobs for young people.",
                "{a} thanked voters in a speech at party headquarters and pledged to form a government of national unity.",
                "In a brief statement, {a} said the result was a mandate to repair the economy and restore trust in institutions.",
            ],
            &[
                "{b} refused to concede, alleging irregularities at polling stations in several provinces, and said the party would challenge the results in court.",
                "The {b} campaign said it had evidence of ballot stuffing and called on the commission to halt the count.",
                "Supporters of {b} gathered outside the commission's offices, and the candidate said the party would not accept what it called a stolen vote.",
                "{b} told reporters the count had been marred by fraud and demanded a recount in disputed districts.",
            ],
            &[
                "Observers from the {org} said voting had been largely orderly, though they noted delays in opening some polling stations.",
                "An observer mission from the {org} said it had found no evidence of systematic fraud but criticised the media coverage of the campaign.",
                "The {org}, which deployed more than {n3} observers, said the election had been competitive and generally well run.",
                "Monitors from the {org} reported isolated incidents of intimidation but said they did not affect the overall result.",
            ],
            &[
                "Final results are due within a week. The new president will take office next month for a five-year term.",
                "The winner inherits an economy weighed down by debt, high unemployment and a shortage of foreign currency.",
                "The outgoing president was barred by the constitution from seeking a third term.",
                "The campaign was dominated by the cost of living, crime and the future of the country's oil revenues.",
            ],
        ],
        follow_ups: &[
            &[
                "A day after the vote, the electoral commission in {city} confirmed {a} as the winner with {n0} percent, rejecting the complaints filed by {b}'s party.",
            ],
            &[
                "Neighbouring governments sent their congratulations, and the currency rallied on hopes of a smooth transfer of power.",
            ],
            &[
                "Police dispersed a small protest by opposition supporters with tear gas, witnesses said, and several people were detained.",
            ],
        ],
    },
    Kind {
        headlines: &[
            "{country} court jails former minister {a} for {n0} years",
            "Ex-minister {a} sentenced to {n0} years for graft",
            "{a} found guilty of corruption in {city}",
            "Former {country} minister gets {n0}-year sentence",
        ],
        slots: &[
            &[
                "A court in {city} on {weekday} sentenced former transport minister {a} to {n0} years in prison for taking bribes worth {n1} million dollars in exchange for road contracts.",
                "Former transport minister {a} was jailed for {n0} years on {weekday} after judges in {city} found him guilty of accepting {n1} million dollars in kickbacks.",
                "Judges in {city} convicted {a}, a former transport minister, of corruption on {weekday} and handed down a {n0}-year prison term over bribes totalling {n1} million dollars.",
                "{a}, who served as transport minister, will spend {n0} years behind bars after a court in {city} ruled on {weekday} that he had pocketed {n1} million dollars in bribes.",
            ],
            &[
                "Presiding judge {b} said the evidence showed a pattern of payments routed through companies owned by the minister's relatives.",
                "In a ruling that took more than three hours to read, judge {b} said the defendant had abused public office for private gain.",
                "Judge {b} told the court that bank records and testimony from {n2} witnesses left no doubt about the defendant's guilt.",
                "The panel, led by judge {b}, also ordered the confiscation of properties and bank accounts linked to the scheme.",
            ],
            &[
                "{a}'s lawyer, {c}, said his client was innocent and would appeal.",
                "Defence lawyer {c} called the verdict political and said the case would be taken to the supreme court.",
                "\"This trial was decided before it began,\" defence counsel {c} said outside the courthouse.",
                "{c}, representing the former minister, told reporters an appeal would be lodged within days.",
            ],
            &[
                "Anti-corruption campaigners from the {org} welcomed the sentence as a sign that powerful officials were no longer above the law.",
                "The {org}, a watchdog group, said the case showed the justice system could hold senior politicians to account.",
                "Activists from the {org} gathered outside the court, some carrying banners calling for more prosecutions.",
                "The {org} said the verdict was important but that the companies that paid the bribes had yet to face charges.",
            ],
            &[
                "The case centred on {n3} highway contracts awarded between 2015 and 2019.",
                "Prosecutors said the bribes were paid on {n3} separate road-building deals over four years.",
                "Investigators traced payments linked to {n3} public contracts, according to the indictment.",
                "The contracts at the heart of the case, {n3} in all, were worth several hundred million dollars.",
            ],
            &[
                "{country} ranks poorly on international corruption indexes, and the government has promised to step up prosecutions.",
                "Several other former officials are awaiting trial in related cases.",
                "The president said after the verdict that no one was above the law.",
                "The former minister had denied all charges throughout the trial, which lasted more than a year.",
            ],
        ],
        follow_ups: &[
            &[
                "A day after former minister {a} was jailed for {n0} years, prosecutors in {city} opened a new investigation into the construction firms that paid the bribes.",
            ],
            &[
                "Two company executives were questioned and released, and the attorney general's office said charges could follow within weeks.",
            ],
            &[
                "The defence filed its appeal, arguing that key evidence had been obtained without a warrant.",
            ],
        ],
    },
    Kind {
        headlines: &[
            "Rail strike halts trains across {country}",
            "{country} rail workers walk out over pay",
            "Commuters stranded as {n0}-hour rail strike begins",
            "Train drivers in {country} strike for {n1}% raise",
        ],
        slots: &[
            &[
                "Train services across {country} were brought to a standstill on {weekday} as rail workers began a {n0}-hour strike to demand a {n1} percent pay rise.",
                "Rail workers in {country} walked off the job on {weekday}, starting a {n0}-hour stoppage that halted most trains, in a dispute over their demand for a {n1} percent raise.",
                "A {n0}-hour strike by railway staff paralysed the network in {country} on {weekday}, with unions seeking a wage increase of {n1} percent.",
                "Most trains in {country} stopped running on {weekday} when railway employees started a {n0}-hour walkout to press for {n1} percent higher pay.",
            ],
            &[
                "Union leader {a} said management had refused to improve an offer that did not match inflation.",
                "{a}, general secretary of the railway workers' union, said members had no choice after talks broke down.",
                "The union's head, {a}, accused the rail operator of bargaining in bad faith.",
                "\"Our members cannot live on these wages any more,\" union chief {a} told a rally at the main station in {city}.",
            ],
            &[
                "The state rail operator said only {n2} percent of services were running, mainly on suburban lines around {city}.",
                "The operator said about {n2} percent of scheduled trains ran, and advised passengers to postpone journeys.",
                "Roughly {n2} percent of trains were operating, the company said, warning of overcrowding.",
                "According to the rail company, {n2} percent of services ran, most of them with reduced capacity.",
            ],
            &[
                "Commuters crowded onto buses and roads into {city} were jammed for hours.",
                "Traffic on the main roads into the capital was heavy as commuters turned to cars and buses.",
                "\"I left home two hours early and I am still late,\" said {b}, waiting at a bus stop in {city}.",
                "{b}, a nurse, said she had paid for a taxi to reach her hospital shift.",
            ],
            &[
                "Transport minister {c} called the strike irresponsible and urged the union to return to talks.",
                "The government said it would not intervene in the dispute, but transport minister {c} appealed for calm.",
                "{c}, the transport minister, said the operator could not afford the union's demands.",
                "The transport ministry, headed by {c}, said it was drawing up plans to guarantee minimum service on future strike days.",
            ],
            &[
                "It is the {n3}th stoppage on the railways this year, and the union has threatened further action next month.",
                "Rail workers have struck {n3} times since January in the long-running dispute.",
                "The union said it had planned {n3} more days of action if no agreement was reached.",
                "Business groups estimate each strike day costs the economy tens of millions of dollars.",
            ],
        ],
        follow_ups: &[
            &[
                "Trains began running again in {country} on {weekday} after the {n0}-hour strike ended, though the union led by {a} said it would announce new dates soon.",
            ],
            &[
                "The rail operator said it would take until the evening to restore a full timetable because trains were out of position.",
            ],
            &[
                "Mediators invited both sides to talks at the labour ministry next week, the first meeting since negotiations collapsed.",
            ],
        ],
    },
];

/// Boilerplate a republisher adds: (before the text, after the text).
pub const BOILERPLATE_BEFORE: &[&str] = &[
    "By Staff Reporter",
    "By {b}, Correspondent",
    "Advertisement",
    "Photo: File photo",
];

pub const BOILERPLATE_AFTER: &[&str] = &[
    "Read more: Top stories from {country}",
    "Follow us on social media for the latest updates",
    "Also read: What we know so far",
    "© 2025 The Daily Ledger. All rights reserved.",
    "Subscribe to our newsletter for the morning briefing",
    "(Reporting by {b}; Editing by {c})",
    "Related: More news from the region",
    "Click here to share this story",
];
