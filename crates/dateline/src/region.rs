//! Regions named in datelines: states, provinces, territories.
//!
//! A region qualifies a place ("AUSTIN, Texas", "Lucknow (Uttar Pradesh)")
//! and helps pick the right country when a place name exists in several
//! ("PARIS, Texas" is not in France). Regions come from the gazetteer,
//! and the Associated Press abbreviations of the states of the United
//! States ("Ill.", "Calif.", "N.Y.") are known here.

use crate::gazetteer::Gazetteer;

/// AP-style abbreviations of US states, and "DC".
const US_STATE_ABBREVIATIONS: &[&str] = &[
    "Ala.", "Ariz.", "Ark.", "Calif.", "Colo.", "Conn.", "D.C.", "DC", "Del.", "Fla.", "Ga.",
    "Ill.", "Ind.", "Kan.", "Ky.", "La.", "Mass.", "Md.", "Mich.", "Minn.", "Miss.", "Mo.",
    "Mont.", "N.C.", "N.D.", "N.H.", "N.J.", "N.M.", "N.Y.", "Neb.", "Nev.", "Okla.", "Ore.",
    "Pa.", "R.I.", "S.C.", "S.D.", "Tenn.", "Va.", "Vt.", "W.Va.", "Wash.", "Wis.", "Wyo.",
];

/// The countries a region may lie in, most likely first: regions of that
/// name (which carry no population in the gazetteer) before cities
/// ("Ontario" is a Canadian province before a Californian city).
pub(crate) fn countries_of_region<'g>(gazetteer: &'g Gazetteer, region: &str) -> Vec<&'g str> {
    if US_STATE_ABBREVIATIONS.contains(&region.trim()) {
        return vec!["US"];
    }
    let mut places = gazetteer.places(region);
    places.sort_by_key(|place| place.population != 0);
    let mut codes: Vec<&str> = Vec::new();
    for place in places {
        if !codes.contains(&place.country_code) {
            codes.push(place.country_code);
        }
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_and_gazetteer_regions() {
        let g = Gazetteer::global();
        assert_eq!(countries_of_region(g, "Ill."), ["US"]);
        assert_eq!(countries_of_region(g, "Texas"), ["US"]);
        assert_eq!(countries_of_region(g, "Uttar Pradesh"), ["IN"]);
        assert_eq!(countries_of_region(g, "Ontario")[0], "CA");
        assert_eq!(countries_of_region(g, "Georgia")[0], "US");
        assert!(countries_of_region(g, "Nowhereland").is_empty());
    }
}
