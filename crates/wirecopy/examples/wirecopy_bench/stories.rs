//! Stories made from the templates: events, an agency's wording of one,
//! and the templated releases and match reports.

use crate::lists::*;
use crate::releases;
use crate::rng::Rng;
use crate::templates::{KINDS, Kind};

/// A story as published: headline, dateline, paragraphs.
#[derive(Clone, Debug)]
pub struct Story {
    pub headline: String,
    /// The dateline opening the first paragraph, with its separator.
    pub dateline: String,
    pub paragraphs: Vec<String>,
}

impl Story {
    /// The text as a feed or a page gives it: paragraphs on lines.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (i, p) in self.paragraphs.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            if i == 0 {
                out.push_str(&self.dateline);
            }
            out.push_str(p);
        }
        out
    }
}

/// What happened: the facts every report of it shares.
#[derive(Clone, Debug)]
pub struct Event {
    pub kind: usize,
    pub place: usize,
    pub agency: usize,
    pub people: [String; 3],
    pub org: usize,
    pub numbers: [u32; 4],
    pub weekday: usize,
    pub month: usize,
    pub day: u32,
}

fn person(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(GIVEN), rng.pick(FAMILY))
}

impl Event {
    /// A random event of a kind.
    pub fn new(rng: &mut Rng, kind: usize) -> Self {
        Self {
            kind,
            place: rng.below(PLACES.len()),
            agency: rng.below(AGENCIES.len()),
            people: [person(rng), person(rng), person(rng)],
            org: rng.below(ORGS.len()),
            numbers: [
                rng.range(5, 60),
                rng.range(2, 95),
                rng.range(10, 90),
                rng.range(3, 40),
            ],
            weekday: rng.below(WEEKDAYS.len()),
            month: rng.below(MONTHS.len()),
            day: rng.range(1, 28),
        }
    }

    pub fn kind(&self) -> &'static Kind {
        &KINDS[self.kind]
    }

    /// A template with the event's facts filled in.
    pub fn fill(&self, template: &str) -> String {
        let (city, country) = PLACES[self.place];
        let mut s = template
            .replace("{city}", city)
            .replace("{country}", country)
            .replace("{a}", &self.people[0])
            .replace("{b}", &self.people[1])
            .replace("{c}", &self.people[2])
            .replace("{org}", ORGS[self.org])
            .replace("{weekday}", WEEKDAYS[self.weekday])
            .replace("{month}", MONTHS[self.month]);
        for (i, n) in self.numbers.iter().enumerate() {
            s = s.replace(&format!("{{n{i}}}"), &n.to_string());
        }
        s
    }

    /// A dateline in one of the agencies' styles.
    pub fn dateline(&self, style: usize) -> String {
        let (city, country) = PLACES[self.place];
        let month = MONTHS[self.month];
        let agency = AGENCIES[self.agency];
        match style % 3 {
            0 => format!(
                "{}, {month} {} ({agency}) - ",
                city.to_uppercase(),
                self.day
            ),
            1 => format!("{city} [{country}], {month} {} ({agency}): ", self.day),
            _ => format!("{city}, {country}, {month} {} ({agency}) -- ", self.day),
        }
    }

    /// The next day's version of the facts: numbers moved on.
    pub fn next_day(&self, rng: &mut Rng) -> Self {
        let mut e = self.clone();
        e.numbers[0] += rng.range(2, 9);
        e.numbers[1] += rng.range(5, 40);
        e.weekday = (e.weekday + 1) % WEEKDAYS.len();
        e.day += 1;
        e
    }
}

/// One agency's wording: a choice per slot.
pub type Wording = Vec<usize>;

/// A random wording; `avoid` gives another agency's, none of whose
/// choices are taken again.
pub fn wording(rng: &mut Rng, kind: &Kind, avoid: Option<&Wording>) -> Wording {
    kind.slots
        .iter()
        .enumerate()
        .map(|(i, slot)| match avoid {
            Some(other) => (other[i] + 1 + rng.below(slot.len() - 1)) % slot.len(),
            None => rng.below(slot.len()),
        })
        .collect()
}

/// The story an agency writes of an event in a wording.
pub fn write(event: &Event, wording: &Wording, style: usize) -> Story {
    let kind = event.kind();
    Story {
        headline: event.fill(kind.headlines[wording[0] % kind.headlines.len()]),
        dateline: event.dateline(style),
        paragraphs: kind
            .slots
            .iter()
            .zip(wording)
            .map(|(slot, &w)| event.fill(slot[w]))
            .collect(),
    }
}

/// A follow-up the next day: new lead and paragraphs, two background
/// paragraphs of the first report repeated word for word.
pub fn follow_up(rng: &mut Rng, event: &Event, first: &Story) -> Story {
    let next = event.next_day(rng);
    let kind = event.kind();
    let mut paragraphs: Vec<String> = kind
        .follow_ups
        .iter()
        .map(|f| next.fill(f[rng.below(f.len())]))
        .collect();
    let n = first.paragraphs.len();
    paragraphs.push(first.paragraphs[n - 2].clone());
    paragraphs.push(first.paragraphs[n - 1].clone());
    Story {
        headline: format!(
            "{} (follow-up)",
            next.fill(kind.headlines[rng.below(kind.headlines.len())])
        ),
        dateline: next.dateline(rng.below(3)),
        paragraphs,
    }
}

/// One release of a template: random company, people and numbers.
pub fn release(rng: &mut Rng, template: &[&str], month: usize) -> Story {
    let company = *rng.pick(COMPANIES);
    let person = person(rng);
    let prev = person_other(rng, &person);
    let role = *rng.pick(ROLES);
    let city = rng.pick(PLACES).0;
    let n = [
        rng.range(1, 28),
        rng.range(10, 69),
        rng.range(11, 99),
        rng.range(2, 40),
    ];
    let fill = |t: &str| {
        let mut s = t
            .replace("{company}", company)
            .replace("{person}", &person)
            .replace("{prev}", &prev)
            .replace("{role}", role)
            .replace("{city}", city)
            .replace("{month}", MONTHS[month]);
        for (i, v) in n.iter().enumerate() {
            s = s.replace(&format!("{{n{i}}}"), &v.to_string());
        }
        s
    };
    let paragraphs: Vec<String> = template.iter().map(|t| fill(t)).collect();
    Story {
        headline: fill(
            if !template.is_empty() && template[0].contains("appointment") {
                "{company} appoints {person} as {role}"
            } else {
                "{company} reports quarterly revenue of {n1}.{n2} million dollars"
            },
        ),
        dateline: format!(
            "{}, {} {} /PRNewswire/ -- ",
            city.to_uppercase(),
            MONTHS[month],
            n[0]
        ),
        paragraphs,
    }
}

fn person_other(rng: &mut Rng, not: &str) -> String {
    loop {
        let p = person(rng);
        if p != not {
            return p;
        }
    }
}

/// Two match reports of one round of the league.
pub fn match_pair(rng: &mut Rng) -> (Story, Story) {
    let mut clubs: Vec<usize> = (0..CLUBS.len()).collect();
    rng.shuffle(&mut clubs);
    let round = rng.range(3, 30);
    let report = |rng: &mut Rng, home: usize, away: usize, others: (usize, usize)| {
        let (hg, ag) = (rng.range(1, 4), rng.range(0, 3));
        let fill = |t: &str, rng: &mut Rng| {
            t.replace("{home}", CLUBS[home])
                .replace("{away}", CLUBS[away])
                .replace("{away2}", CLUBS[others.0])
                .replace("{home2}", CLUBS[others.1])
                .replace("{ground}", GROUNDS[home])
                .replace("{hg}", &hg.to_string())
                .replace("{ag}", &ag.to_string())
                .replace("{s1}", &person(rng))
                .replace("{s2}", &person(rng))
                .replace("{m1}", &rng.range(4, 44).to_string())
                .replace("{m2}", &rng.range(46, 89).to_string())
                .replace(
                    "{crowd}",
                    &format!("{},{:03}", rng.range(3, 40), rng.range(0, 999)),
                )
                .replace("{round}", &round.to_string())
                .replace("{next_round}", &(round + 1).to_string())
                .replace("{pts}", &rng.range(10, 60).to_string())
                .replace("{crowd_pts}", &rng.range(5, 50).to_string())
        };
        let paragraphs: Vec<String> = releases::MATCH.iter().map(|t| fill(t, rng)).collect();
        Story {
            headline: format!("{} {hg}-{ag} {}", CLUBS[home], CLUBS[away]),
            dateline: String::new(),
            paragraphs,
        }
    };
    let a = report(rng, clubs[0], clubs[1], (clubs[4], clubs[5]));
    let b = report(rng, clubs[2], clubs[3], (clubs[6], clubs[7]));
    (a, b)
}

/// A base story for the near-copy pairs: most are agency news stories;
/// some are releases and match reports (republished too).
pub fn base(rng: &mut Rng) -> (Story, Option<(Event, Wording)>) {
    match rng.below(10) {
        0 => {
            let month = rng.below(12);
            (release(rng, releases::APPOINTMENT, month), None)
        }
        1 => (match_pair(rng).0, None),
        _ => {
            let kind = rng.below(KINDS.len());
            let event = Event::new(rng, kind);
            let w = wording(rng, event.kind(), None);
            let story = write(&event, &w, rng.below(3));
            (story, Some((event, w)))
        }
    }
}
