//! The labelled set: pairs of stories, each a near-copy or not, by kind.

use crate::lists::{AGENCIES, FAMILY};
use crate::releases;
use crate::rng::Rng;
use crate::stories::{self, Event, Story};
use crate::templates::{BOILERPLATE_AFTER, BOILERPLATE_BEFORE, KINDS};

/// One labelled pair.
pub struct Pair {
    pub kind: &'static str,
    pub same: bool,
    pub a: (String, String),
    pub b: (String, String),
}

/// Kinds of near-copies: the edit a republisher made.
pub const COPY_KINDS: &[&str] = &[
    "headline reworded",
    "paragraphs cut",
    "cut to its lead",
    "paragraphs reordered",
    "boilerplate added",
    "dateline and byline changed",
    "update",
    "correction",
    "entities, encodings, whitespace",
    "several edits",
];

/// Kinds of hard negatives.
pub const OTHER_KINDS: &[&str] = &[
    "same event, two agencies",
    "follow-up next day",
    "templated release",
    "sports results, one round",
    "same kind, another event",
];

/// The whole set: `per_kind` pairs of each kind, from `seed`.
pub fn labelled_set(seed: u64, per_kind: usize) -> Vec<Pair> {
    let mut rng = Rng::new(seed);
    let mut pairs = Vec::new();
    for &kind in COPY_KINDS {
        for _ in 0..per_kind {
            let (a, facts) = stories::base(&mut rng);
            let b = edit(&mut rng, kind, &a, facts.as_ref());
            pairs.push(Pair {
                kind,
                same: true,
                a: published(&a),
                b: published(&b),
            });
        }
    }
    for &kind in OTHER_KINDS {
        for _ in 0..per_kind {
            let (a, b) = other(&mut rng, kind);
            pairs.push(Pair {
                kind,
                same: false,
                a: published(&a),
                b: published(&b),
            });
        }
    }
    pairs
}

fn published(s: &Story) -> (String, String) {
    (s.headline.clone(), s.text())
}

/// A near-copy of `a` made by one kind of edit.
fn edit(rng: &mut Rng, kind: &str, a: &Story, facts: Option<&(Event, stories::Wording)>) -> Story {
    let mut b = a.clone();
    match kind {
        "headline reworded" => reword(rng, &mut b, facts),
        "paragraphs cut" => cut(rng, &mut b),
        "cut to its lead" => b.paragraphs.truncate(3),
        "paragraphs reordered" => reorder(rng, &mut b),
        "boilerplate added" => boilerplate(rng, &mut b, facts),
        "dateline and byline changed" => {
            redateline(rng, &mut b, facts);
            byline(rng, &mut b, facts);
        }
        "update" => update(rng, &mut b, facts),
        "correction" => correction(rng, &mut b, facts),
        "entities, encodings, whitespace" => encode(rng, &mut b),
        _ => {
            reword(rng, &mut b, facts);
            cut(rng, &mut b);
            redateline(rng, &mut b, facts);
            boilerplate(rng, &mut b, facts);
            encode(rng, &mut b);
        }
    }
    b
}

fn reword(rng: &mut Rng, b: &mut Story, facts: Option<&(Event, stories::Wording)>) {
    b.headline = match facts {
        Some((event, _)) => {
            let heads = event.kind().headlines;
            let other: Vec<&&str> = heads
                .iter()
                .filter(|h| event.fill(h) != b.headline)
                .collect();
            event.fill(other[rng.below(other.len())])
        }
        None => format!("In brief: {}", b.headline.to_lowercase()),
    };
}

fn cut(rng: &mut Rng, b: &mut Story) {
    let n = 1 + rng.below(2);
    for _ in 0..n {
        if b.paragraphs.len() > 3 {
            let i = 1 + rng.below(b.paragraphs.len() - 1);
            b.paragraphs.remove(i);
        }
    }
}

fn reorder(rng: &mut Rng, b: &mut Story) {
    let n = b.paragraphs.len();
    let (i, j) = (1 + rng.below(n - 1), 1 + rng.below(n - 1));
    b.paragraphs.swap(i, j);
    if n > 4 {
        b.paragraphs[2..n - 1].reverse();
    }
}

fn fill(text: &str, facts: Option<&(Event, stories::Wording)>) -> String {
    match facts {
        Some((event, _)) => event.fill(text),
        None => text
            .replace("{country}", "the region")
            .replace("{b}", "Staff")
            .replace("{c}", "Desk"),
    }
}

fn boilerplate(rng: &mut Rng, b: &mut Story, facts: Option<&(Event, stories::Wording)>) {
    let before = fill(
        BOILERPLATE_BEFORE[rng.below(BOILERPLATE_BEFORE.len())],
        facts,
    );
    b.paragraphs[0] = format!("{}{}", b.dateline, b.paragraphs[0]);
    b.dateline = String::new();
    b.paragraphs.insert(0, before);
    for _ in 0..1 + rng.below(3) {
        let after = fill(BOILERPLATE_AFTER[rng.below(BOILERPLATE_AFTER.len())], facts);
        let at = if rng.chance(30) {
            2 + rng.below(b.paragraphs.len() - 2)
        } else {
            b.paragraphs.len()
        };
        b.paragraphs.insert(at, after);
    }
}

fn redateline(rng: &mut Rng, b: &mut Story, facts: Option<&(Event, stories::Wording)>) {
    b.dateline = match facts {
        Some((event, _)) => {
            let mut e = event.clone();
            e.agency = (e.agency + 1 + rng.below(AGENCIES.len() - 1)) % AGENCIES.len();
            let current = b.dateline.clone();
            let mut d = e.dateline(rng.below(3));
            while d == current {
                d = e.dateline(rng.below(3));
            }
            d
        }
        None => String::new(),
    };
}

fn byline(rng: &mut Rng, b: &mut Story, facts: Option<&(Event, stories::Wording)>) {
    let line = fill(BOILERPLATE_BEFORE[rng.below(2)], facts);
    b.paragraphs[0] = format!("{}{}", b.dateline, b.paragraphs[0]);
    b.dateline = String::new();
    b.paragraphs.insert(0, line);
}

fn update(rng: &mut Rng, b: &mut Story, facts: Option<&(Event, stories::Wording)>) {
    let n = rng.range(1, 4);
    match facts {
        Some((event, wording)) => {
            let next = event.next_day(rng);
            let mut moved = event.clone();
            moved.numbers[0] = next.numbers[0];
            let mut updated = stories::write(&moved, wording, 0);
            updated.dateline = b.dateline.clone();
            let extra = event.kind().follow_ups[1 + rng.below(2)];
            updated.paragraphs.insert(2, moved.fill(extra[0]));
            *b = updated;
        }
        None => b
            .paragraphs
            .push("The company said further details would be published later.".into()),
    }
    b.headline = if rng.chance(50) {
        format!("UPDATE {n}-{}", b.headline)
    } else {
        format!("{} (UPDATE {n})", b.headline)
    };
}

fn correction(rng: &mut Rng, b: &mut Story, facts: Option<&(Event, stories::Wording)>) {
    if let Some((event, wording)) = facts {
        let mut fixed = event.clone();
        let wrong = fixed.people[1]
            .split(' ')
            .nth(1)
            .unwrap_or_default()
            .to_owned();
        let right = FAMILY
            .iter()
            .find(|f| **f != wrong && f.len() > 3)
            .copied()
            .unwrap_or("Smith");
        fixed.people[1] = fixed.people[1].replace(&wrong, right);
        let mut corrected = stories::write(&fixed, wording, 0);
        corrected.dateline = b.dateline.clone();
        corrected.headline = b.headline.clone();
        *b = corrected;
    }
    let note = "Correction: An earlier version of this story misspelt the name of a person quoted in the fourth paragraph.";
    if rng.chance(50) {
        b.paragraphs.push(note.into());
        b.headline = format!("CORRECTED-{}", b.headline);
    } else {
        b.paragraphs.insert(0, note.into());
    }
}

fn encode(rng: &mut Rng, b: &mut Story) {
    let entities = rng.chance(50);
    let html = rng.chance(30);
    b.headline = if rng.chance(30) {
        b.headline.to_uppercase()
    } else {
        format!("  {}  ", b.headline)
    };
    for p in &mut b.paragraphs {
        let mut s = p.replace("  ", " ");
        if entities {
            s = s
                .replace('&', "&amp;")
                .replace('"', "&quot;")
                .replace('\'', "&#8217;");
        } else {
            s = s
                .replace("\" ", "\u{201d} ")
                .replace(" \"", " \u{201c}")
                .replace('\'', "\u{2019}");
        }
        s = s.replace(". ", ".  ").replace(", ", ",\u{a0}");
        if html {
            s = format!("<p>{s}</p>");
        }
        *p = s;
    }
    if rng.chance(50) {
        let last = b.paragraphs.len() - 1;
        b.paragraphs[last].push('\r');
        b.paragraphs.insert(1, "   ".into());
    }
}

/// A hard negative of a kind.
fn other(rng: &mut Rng, kind: &str) -> (Story, Story) {
    match kind {
        "same event, two agencies" => {
            let kind = rng.below(KINDS.len());
            let event = Event::new(rng, kind);
            let w1 = stories::wording(rng, event.kind(), None);
            let w2 = stories::wording(rng, event.kind(), Some(&w1));
            let a = stories::write(&event, &w1, 0);
            let mut other_agency = event.clone();
            other_agency.agency = (event.agency + 1) % AGENCIES.len();
            let mut b = stories::write(&other_agency, &w2, 1);
            if b.paragraphs.len() > 4 {
                b.paragraphs[1..4].rotate_left(1);
            }
            (a, b)
        }
        "follow-up next day" => {
            let kind = rng.below(KINDS.len());
            let event = Event::new(rng, kind);
            let w = stories::wording(rng, event.kind(), None);
            let a = stories::write(&event, &w, rng.below(3));
            let b = stories::follow_up(rng, &event, &a);
            (a, b)
        }
        "templated release" => {
            let template = if rng.chance(50) {
                releases::APPOINTMENT
            } else {
                releases::RESULTS
            };
            let month = rng.below(12);
            (
                stories::release(rng, template, month),
                stories::release(rng, template, month),
            )
        }
        "sports results, one round" => stories::match_pair(rng),
        _ => {
            let kind = rng.below(KINDS.len());
            let e1 = Event::new(rng, kind);
            let mut e2 = Event::new(rng, kind);
            e2.agency = e1.agency;
            let w1 = stories::wording(rng, e1.kind(), None);
            let w2 = stories::wording(rng, e2.kind(), None);
            (stories::write(&e1, &w1, 0), stories::write(&e2, &w2, 0))
        }
    }
}
