//! Where a story happened, read from its dateline: the route step.
//!
//! A story's dateline (`Port Blair [Mauritius], March 12 (ANI):`) is
//! looked for at the start of its text when its feed item is stored, and
//! again in its page's text when that replaces the feed's. What routing
//! by region reads of it is a [`Filed`]: the country the *place* lies in
//! (India for Port Blair, whatever the bracket says; a place the
//! gazetteer does not know is taken to be in the country named), and
//! whether the dateline names another country than the place's, which
//! editors are asked to check. A masthead takes the stories filed in the
//! countries of its `regions` besides those of its sources.

use newsdesk_dateline::Dateline;
use newsdesk_domain::{CountryCode, Filed};

/// Paragraphs of a text a dateline may open (extraction reads as many).
const PARAGRAPHS_READ: usize = 2;

/// What routing reads of `dateline`.
pub fn filed(dateline: &Dateline) -> Filed {
    Filed {
        country: dateline
            .place_country_code
            .as_deref()
            .and_then(CountryCode::parse),
        to_check: !dateline.consistent,
    }
}

/// A dateline as the store keeps it: a JSON object.
pub fn to_json(dateline: &Dateline) -> Option<String> {
    serde_json::to_string(dateline).ok()
}

/// The dateline of a feed item, as stored, and where it puts the story:
/// the first of the body's opening paragraphs that opens with one, else
/// the standfirst's first paragraph.
pub fn in_feed_text(standfirst: &str, body: &str) -> (Option<String>, Filed) {
    let found = body
        .split("\n\n")
        .take(PARAGRAPHS_READ)
        .chain(standfirst.split("\n\n").take(1))
        .find_map(newsdesk_dateline::find)
        .map(|found| found.dateline);
    match found {
        Some(dateline) => (to_json(&dateline), filed(&dateline)),
        None => (None, Filed::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn country(code: &str) -> Option<CountryCode> {
        CountryCode::parse(code)
    }

    #[test]
    fn a_wrongly_named_country_routes_by_the_place_and_is_to_check() {
        let (json, filed) = in_feed_text(
            "Port Blair [Mauritius], March 12 (ANI): The islands' first undersea cable landed.",
            "",
        );
        assert_eq!(filed.country, country("IN"));
        assert!(filed.to_check);
        let json: serde_json::Value = serde_json::from_str(&json.unwrap()).unwrap();
        assert_eq!(json["country"], "Mauritius");
        assert_eq!(json["place_country"], "India");
    }

    #[test]
    fn the_body_is_read_before_the_standfirst() {
        let (_, filed) = in_feed_text(
            "A summary that opens with no dateline.",
            "NAIROBI, March 12 (Reuters) - Matatu owners suspended a strike.\n\nMore.",
        );
        assert_eq!(
            filed,
            Filed {
                country: country("KE"),
                to_check: false
            }
        );
        let (_, filed) = in_feed_text(
            "MOMBASA (KNA) - Port traffic rose.",
            "An opening paragraph.\n\nA second one.\n\nA third.",
        );
        assert_eq!(filed.country, country("KE"));
    }

    #[test]
    fn no_dateline_routes_nowhere() {
        let (json, filed) = in_feed_text("The minister said: no.", "However, it rained.");
        assert_eq!((json, filed), (None, Filed::default()));
    }

    #[test]
    fn every_country_of_the_gazetteer_can_be_routed() {
        let unknown: Vec<&str> = newsdesk_dateline::Gazetteer::global()
            .known_country_codes()
            .filter(|code| CountryCode::parse(code).is_none())
            .collect();
        // Two codes ISO has withdrawn, which no place of the gazetteer uses.
        assert_eq!(unknown, ["AN", "CS"]);
    }
}
