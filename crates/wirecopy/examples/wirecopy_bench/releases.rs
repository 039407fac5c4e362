//! Templated releases and match reports: texts that share their wording
//! and differ only in names and numbers (the hard negatives), written for
//! this benchmark.

/// An appointment release; `{company}`, `{person}`, `{role}`, `{city}`,
/// `{prev}`, `{n0}`..`{n2}`.
pub const APPOINTMENT: &[&str] = &[
    "{company} today announced the appointment of {person} as {role}, effective {n0} {month}. {person} succeeds {prev}, who is retiring after {n1} years with the company.",
    "{person} brings more than {n2} years of experience in finance and operations, most recently as a senior vice president at a leading regional group, where {person} led a team of {n1}0 people.",
    "\"We are delighted to welcome {person} to the leadership team,\" said the chairman of the board. \"{person}'s track record of disciplined growth makes this an ideal appointment at an exciting time for {company}.\"",
    "\"I am honoured to join {company} and look forward to working with its talented people to build on a strong foundation,\" said {person}.",
    "The board thanked {prev} for a long and distinguished career and wished {prev} well in retirement.",
    "About {company}: Founded in {city} in 19{n1}, {company} employs more than {n2}00 people and serves customers in {n0} countries. For more information, visit the company's website.",
];

/// An earnings release; `{company}`, `{city}`, `{n0}`..`{n3}`.
pub const RESULTS: &[&str] = &[
    "{company} today reported results for the quarter ended {n0} {month}, with revenue of {n1}.{n2} million dollars, up {n3} percent from the same period last year.",
    "Net income for the quarter was {n2}.{n0} million dollars, or {n3} cents per diluted share, compared with {n0}.{n3} million dollars a year earlier.",
    "\"This was another quarter of solid execution across our business,\" said {person}, chief executive of {company}. \"Demand remained strong and we continued to invest for growth.\"",
    "The company reaffirmed its full-year outlook and expects revenue of between {n1}0 and {n2}0 million dollars.",
    "{company} will hold a conference call for investors at {n0} a.m. local time to discuss the results.",
    "About {company}: Headquartered in {city}, {company} serves more than {n2},{n3}00 customers. Forward-looking statements in this release involve risks and uncertainties.",
];

/// A match report of one round; `{home}`, `{away}`, `{hg}`, `{ag}`,
/// `{s1}`, `{s2}`, `{m1}`, `{m2}`, `{ground}`, `{crowd}`, `{round}`, `{pts}`.
pub const MATCH: &[&str] = &[
    "{home} beat {away} {hg}-{ag} at {ground} on Saturday in round {round} of the Premier Division.",
    "{s1} opened the scoring in the {m1}th minute with a low shot from the edge of the area, and {s2} replied for the visitors in the {m2}th minute before the home side pulled away.",
    "The result leaves {home} on {pts} points, while {away} stay on {crowd_pts} after a third game without a win.",
    "A crowd of {crowd} watched the match, played in heavy rain.",
    "\"We showed character today and the players deserved the three points,\" said the {home} coach after the final whistle.",
    "{home} travel to face {away2} in round {next_round} next weekend, while {away} host {home2}.",
];
