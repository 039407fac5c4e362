//! Finding a dateline at the start of a paragraph.
//!
//! [`find`] cuts the paragraph at its first separator (module
//! `separator`), takes the text before it apart (module `head`) and then
//! decides, with the gazetteer's help, whether it really is a dateline.
//! Precision matters more than recall: an ordinary sentence must not pass. The place must be shaped like a name
//! and must not open with a word that opens sentences ("However", "The",
//! "In"), and there must be evidence besides:
//!
//! - a country in square brackets (`Port Louis [Mauritius]:`), or
//! - a date (`Islamabad, Mar 12 (APP):`), or
//! - an agency, with the place in capitals, known to the gazetteer or
//!   qualified (`London (Reuters) -`, `KYIV, Ukraine (AFP) -`): "Tesla
//!   (TSLA) -" is a share price and "John Smith (AP) -" a byline, or
//! - a comma qualifier, with the place in capitals (`AUSTIN, Texas —`) or
//!   known to the gazetteer and the qualifier a country
//!   (`BRUSSELS, Belgium:`), or
//! - for a place alone, capitals and the gazetteer's knowledge
//!   (`TOKYO —`); before a colon the place must also be a capital or a
//!   city of a million people (`ISLAMABAD:` but not `LINCOLN:`, which is
//!   how transcripts name speakers), and a few place names that are also
//!   common words or names ("NICE", "MOBILE", "MALE", "VICTORIA") never
//!   stand alone.

use crate::agency;
use crate::dateline::{Dateline, Found};
use crate::gazetteer::Gazetteer;
use crate::head::Parts;
use crate::region::countries_of_region;
use crate::separator::{Separator, split};
use crate::words::{first_word, is_all_caps, is_name_shaped, is_stopword, title_case};

/// Place names that are also common English words, labels or given
/// names: never a dateline when they stand alone.
const BARE_BLOCKLIST: &[&str] = &[
    "bath",
    "battle",
    "best",
    "concord",
    "deal",
    "female",
    "file",
    "hamilton",
    "hull",
    "independence",
    "kingston",
    "liberty",
    "male",
    "mobile",
    "nice",
    "of",
    "orange",
    "police",
    "reading",
    "sale",
    "split",
    "union",
    "victoria",
    "wells",
];

/// Most words in a place or a qualifier.
const MAX_NAME_WORDS: usize = 6;

/// Finds the dateline at the very start of a paragraph, using the built-in
/// gazetteer.
pub fn find(paragraph: &str) -> Option<Found> {
    find_with(Gazetteer::global(), paragraph)
}

/// Finds the dateline at the very start of a paragraph, using the given
/// gazetteer.
pub fn find_with(gazetteer: &Gazetteer, paragraph: &str) -> Option<Found> {
    let trimmed = paragraph.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let lead = paragraph.len() - trimmed.len();
    let cut = split(trimmed)?;
    let head = trimmed.get(..cut.head_end)?.trim_end();
    let parts = Parts::parse(head)?;
    let dateline = resolve(gazetteer, head, &parts, cut.kind)?;
    Some(Found {
        dateline,
        body_start: lead + cut.body_start,
    })
}

/// Decides whether the parts make a dateline, and fills it in.
fn resolve(
    gazetteer: &Gazetteer,
    head: &str,
    parts: &Parts<'_>,
    separator: Separator,
) -> Option<Dateline> {
    let place = parts.place;
    if !is_name_shaped(place, MAX_NAME_WORDS) {
        return None;
    }
    let caps = is_all_caps(place);
    let place_codes = gazetteer.countries_of_place(place);
    let known = !place_codes.is_empty();
    let several_words = place.split_whitespace().nth(1).is_some();
    if is_stopword(&first_word(place)) && !(several_words && known) {
        return None;
    }
    if agency::is_known(place) {
        // "Xinhua, Beijing, March 12 -": an agency's credit, not a place.
        return None;
    }
    let names_shaped = parts
        .region
        .iter()
        .chain(&parts.bracketed_country)
        .all(|name| is_name_shaped(name, MAX_NAME_WORDS))
        && parts
            .qualifiers
            .iter()
            .all(|q| is_name_shaped(q, MAX_NAME_WORDS) && !is_stopword(&first_word(q)));
    if !names_shaped {
        return None;
    }

    let named = Named::sort(gazetteer, parts, &place_codes)?;
    let evidence = Evidence {
        caps,
        known,
        comma_country: named.comma_country,
    };
    if !evidence.is_enough(gazetteer, parts, separator) {
        return None;
    }
    let located = named.locate(gazetteer, &place_codes);
    let country_code = located.code;

    Some(Dateline {
        text: head.to_owned(),
        place: if caps {
            spelling(gazetteer, place, country_code)
        } else {
            place.to_owned()
        },
        region: named.region.map(str::to_owned),
        country: located.country,
        country_code: country_code.map(str::to_owned),
        place_country: located
            .place_code
            .and_then(|code| gazetteer.country_name(code))
            .map(str::to_owned),
        place_country_code: located.place_code.map(str::to_owned),
        agency: parts.agency.map(str::to_owned),
        date: parts.date.map(|date| date.to_mm_dd()),
        consistent: located.consistent,
    })
}

/// Where a dateline puts its place, and where the place lies.
struct Located<'g> {
    /// The country's name, as written or the gazetteer's.
    country: Option<String>,
    /// The named country's code, else the place's.
    code: Option<&'g str>,
    /// The code of the country the place lies in.
    place_code: Option<&'g str>,
    /// Whether the place can lie in the named country.
    consistent: bool,
}

/// The country and region a dateline names, from brackets or commas.
struct Named<'a> {
    /// The country as written, bracketed or after a comma.
    country: Option<&'a str>,
    /// The region as written, in round brackets or after a comma.
    region: Option<&'a str>,
    /// Whether the country came after a comma (not in brackets).
    comma_country: bool,
}

impl<'a> Named<'a> {
    /// Sorts the comma qualifiers into a country and a region. A
    /// qualifier is the country when the gazetteer knows it as one, unless
    /// it is also a region that the place lies in ("ATLANTA, Georgia").
    /// `None` when there are more names than a country and a region.
    fn sort(gazetteer: &Gazetteer, parts: &Parts<'a>, place_codes: &[&str]) -> Option<Self> {
        let mut named = Self {
            country: parts.bracketed_country,
            region: parts.region,
            comma_country: false,
        };
        for &qualifier in &parts.qualifiers {
            let as_country = gazetteer.country_codes(qualifier);
            let region_here = !place_codes.is_empty()
                && !as_country.iter().any(|code| place_codes.contains(code))
                && countries_of_region(gazetteer, qualifier)
                    .iter()
                    .any(|code| place_codes.contains(code));
            if named.country.is_none() && !as_country.is_empty() && !region_here {
                named.country = Some(qualifier);
                named.comma_country = true;
            } else if named.region.is_none() {
                named.region = Some(qualifier);
            } else {
                return None;
            }
        }
        Some(named)
    }

    /// The country's name and code, where the place lies, and whether
    /// the place can lie in the named country.
    ///
    /// A named country is kept as written; its code is the one the place
    /// lies in when the name stands for two ("Congo"). With no country
    /// named, the place's country (in the region's country if the place
    /// name exists in several) is the gazetteer's. The place lies in the
    /// named country when it can, or when the gazetteer does not know it;
    /// otherwise where the gazetteer puts it, whatever the dateline says.
    fn locate<'g>(&self, gazetteer: &'g Gazetteer, place_codes: &[&'g str]) -> Located<'g> {
        let region_codes = self
            .region
            .map(|region| countries_of_region(gazetteer, region))
            .unwrap_or_default();
        let place_code = place_codes
            .iter()
            .find(|code| region_codes.contains(code))
            .or(place_codes.first())
            .copied();
        if let Some(name) = self.country {
            let codes = gazetteer.country_codes(name);
            let code = codes
                .iter()
                .find(|code| place_codes.contains(code))
                .or(codes.first())
                .copied();
            let consistent = match code {
                Some(code) if !place_codes.is_empty() => place_codes.contains(&code),
                _ => true,
            };
            let place_code = match code {
                Some(code) if place_codes.is_empty() || place_codes.contains(&code) => Some(code),
                _ => place_code,
            };
            return Located {
                country: Some(name.to_owned()),
                code,
                place_code,
                consistent,
            };
        }
        let code = place_code.or(region_codes.first().copied());
        let name = code.and_then(|code| gazetteer.country_name(code));
        Located {
            country: name.map(str::to_owned),
            code,
            place_code: code,
            consistent: true,
        }
    }
}

/// What is known of the place besides the parts themselves.
struct Evidence {
    /// The place is written in capitals.
    caps: bool,
    /// The gazetteer knows the place.
    known: bool,
    /// A comma qualifier names a country.
    comma_country: bool,
}

impl Evidence {
    /// Whether the parts are a dateline rather than an ordinary sentence
    /// (the rules in this module's doc).
    fn is_enough(&self, gazetteer: &Gazetteer, parts: &Parts<'_>, separator: Separator) -> bool {
        if parts.bracketed_country.is_some() || parts.date.is_some() {
            return true;
        }
        if parts.agency.is_some() {
            return self.caps || self.known || !parts.qualifiers.is_empty();
        }
        if !parts.qualifiers.is_empty() {
            return self.caps || (self.comma_country && self.known);
        }
        self.caps
            && self.known
            && !BARE_BLOCKLIST.contains(&first_word(parts.place).as_str())
            && (separator != Separator::Colon || gazetteer.is_notable(parts.place))
    }
}

/// How to write a place given in capitals: the gazetteer's spelling (of
/// the place in that country if there is one), unless that spelling has
/// letters beyond Latin-1 ("Rafaḩ"), else title case.
fn spelling(gazetteer: &Gazetteer, place: &str, country_code: Option<&str>) -> String {
    let places = gazetteer.places(place);
    let best = places
        .iter()
        .find(|p| Some(p.country_code) == country_code)
        .or(places.first());
    match best {
        Some(p) if p.name.chars().all(|c| (c as u32) < 0x100) => p.name.to_owned(),
        _ => title_case(place),
    }
}

#[cfg(test)]
mod tests;
