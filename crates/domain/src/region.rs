//! Countries and the regions of the world: what a masthead's `regions`
//! may name, for routing stories by where they happened.
//!
//! A country is its ISO 3166-1 alpha-2 code ([`CountryCode`]: `KE`,
//! `MU`). A region is a group of countries as the United Nations
//! Statistics Division's standard M49 ("Standard country or area codes
//! for statistical use") groups them: its five regions (`Africa`,
//! `Americas`, `Asia`, `Europe`, `Oceania`), their sub-regions
//! (`Sub-Saharan Africa`, `Southern Asia`, ...) and the intermediate
//! regions within two of those (`Eastern Africa`, `Caribbean`, ...; the
//! Channel Islands, two codes of Northern Europe, are left out). The
//! table below is ours, written from that list. Two departures: M49
//! lists Kosovo (`XK`, a code ISO has not assigned but news agencies use)
//! under no name, and Taiwan (`TW`) only within China; we put Kosovo in
//! Southern Europe and Taiwan in Eastern Asia, where readers look for
//! them. Antarctica (`AQ`) is a country code in no region, as in M49.
//!
//! [`Regions`] is a masthead's list, checked: codes and region names, in
//! any case, and `world`, which routes nothing (a masthead of world news
//! takes it from its sources only).

use serde::{Deserialize, Serialize};

/// An ISO 3166-1 alpha-2 country code that the region table knows:
/// two capital letters, such as `KE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// Accepts a country code, in any case (`ke` is `KE`); anything
    /// else, a code the table does not know included, is `None`.
    pub fn parse(text: &str) -> Option<Self> {
        let bytes = text.trim().as_bytes();
        let [a, b] = *bytes else {
            return None;
        };
        let code = Self([a.to_ascii_uppercase(), b.to_ascii_uppercase()]);
        AREAS
            .iter()
            .any(|area| area.countries.contains(&code.as_str()))
            .then_some(code)
            .or_else(|| (code.as_str() == ANTARCTICA).then_some(code))
    }

    /// The code's text: two capital letters.
    pub fn as_str(&self) -> &str {
        // Two ASCII capitals by construction.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// Every code the table knows, in alphabetical order.
    pub fn all() -> Vec<Self> {
        let mut all: Vec<Self> = AREAS
            .iter()
            .flat_map(|area| area.countries.iter())
            .chain(std::iter::once(&ANTARCTICA))
            .map(|code| Self(code.as_bytes().try_into().unwrap_or(*b"??")))
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }
}

impl std::fmt::Display for CountryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for CountryCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("{text:?} is not a known ISO 3166-1 country code"))
        })
    }
}

/// The entry of a masthead's `regions` that means "no routing by region".
pub const WORLD: &str = "world";

/// A masthead's `regions`, checked: the countries they cover.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Regions {
    /// As written in the config, in order.
    entries: Vec<String>,
    /// The countries covered, sorted, each once.
    countries: Vec<CountryCode>,
}

/// Why an entry of `regions` is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{entry:?} is neither an ISO 3166-1 country code (such as KE) nor a region of the UN M49 \
     list (such as \"Eastern Africa\" or \"Southern Asia\"); \"world\" routes nothing by region"
)]
pub struct RegionError {
    /// The entry as written.
    pub entry: String,
}

impl Regions {
    /// Reads a masthead's list: each entry a country code, a region name
    /// (any case, spaces as written) or `world`.
    pub fn parse(entries: &[String]) -> Result<Self, RegionError> {
        let mut countries: Vec<CountryCode> = Vec::new();
        for entry in entries {
            let trimmed = entry.trim();
            if trimmed.eq_ignore_ascii_case(WORLD) {
                continue;
            }
            if let Some(code) = CountryCode::parse(trimmed) {
                countries.push(code);
                continue;
            }
            let in_region = region_countries(trimmed).ok_or_else(|| RegionError {
                entry: entry.clone(),
            })?;
            countries.extend(in_region);
        }
        countries.sort_unstable();
        countries.dedup();
        Ok(Self {
            entries: entries.to_vec(),
            countries,
        })
    }

    /// The countries the list covers, sorted, each once; empty for a list
    /// of `world` alone (or nothing).
    pub fn countries(&self) -> &[CountryCode] {
        &self.countries
    }

    /// Whether stories filed in `country` are routed here.
    pub fn covers(&self, country: CountryCode) -> bool {
        self.countries.binary_search(&country).is_ok()
    }

    /// The entries as written in the config.
    pub fn entries(&self) -> &[String] {
        &self.entries
    }
}

/// The names of every region a masthead may list, larger first.
pub fn region_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    for area in AREAS {
        for name in area.within.iter().rev().chain(std::iter::once(&area.name)) {
            if !names.contains(name) {
                names.push(name);
            }
        }
    }
    names
}

/// The countries of the region of that name (any case, spaces trimmed),
/// or `None` when no region has that name.
pub fn region_countries(name: &str) -> Option<Vec<CountryCode>> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut found = false;
    let mut countries = Vec::new();
    for area in AREAS {
        let named = std::iter::once(&area.name)
            .chain(area.within)
            .any(|n| n.eq_ignore_ascii_case(&name));
        if named {
            found = true;
            countries.extend(area.countries.iter().filter_map(|c| CountryCode::parse(c)));
        }
    }
    found.then_some(countries)
}

/// Antarctica: a country code in no region.
const ANTARCTICA: &str = "AQ";

/// The smallest regions of M49 (an intermediate region where a
/// sub-region is split into them, else the sub-region), each with its
/// countries and the larger regions it lies in, nearest first.
struct Area {
    name: &'static str,
    within: &'static [&'static str],
    countries: &'static [&'static str],
}

const AFRICA: &[&str] = &["Africa"];
const SUB_SAHARAN: &[&str] = &["Sub-Saharan Africa", "Africa"];
const LATIN: &[&str] = &["Latin America and the Caribbean", "Americas"];
const AMERICAS: &[&str] = &["Americas"];
const ASIA: &[&str] = &["Asia"];
const EUROPE: &[&str] = &["Europe"];
const OCEANIA: &[&str] = &["Oceania"];

const AREAS: &[Area] = &[
    Area {
        name: "Northern Africa",
        within: AFRICA,
        countries: &["DZ", "EG", "EH", "LY", "MA", "SD", "TN"],
    },
    Area {
        name: "Eastern Africa",
        within: SUB_SAHARAN,
        countries: &[
            "BI", "DJ", "ER", "ET", "IO", "KE", "KM", "MG", "MU", "MW", "MZ", "RE", "RW", "SC",
            "SO", "SS", "TF", "TZ", "UG", "YT", "ZM", "ZW",
        ],
    },
    Area {
        name: "Middle Africa",
        within: SUB_SAHARAN,
        countries: &["AO", "CD", "CF", "CG", "CM", "GA", "GQ", "ST", "TD"],
    },
    Area {
        name: "Southern Africa",
        within: SUB_SAHARAN,
        countries: &["BW", "LS", "NA", "SZ", "ZA"],
    },
    Area {
        name: "Western Africa",
        within: SUB_SAHARAN,
        countries: &[
            "BF", "BJ", "CI", "CV", "GH", "GM", "GN", "GW", "LR", "ML", "MR", "NE", "NG", "SH",
            "SL", "SN", "TG",
        ],
    },
    Area {
        name: "Caribbean",
        within: LATIN,
        countries: &[
            "AG", "AI", "AW", "BB", "BL", "BQ", "BS", "CU", "CW", "DM", "DO", "GD", "GP", "HT",
            "JM", "KN", "KY", "LC", "MF", "MQ", "MS", "PR", "SX", "TC", "TT", "VC", "VG", "VI",
        ],
    },
    Area {
        name: "Central America",
        within: LATIN,
        countries: &["BZ", "CR", "GT", "HN", "MX", "NI", "PA", "SV"],
    },
    Area {
        name: "South America",
        within: LATIN,
        countries: &[
            "AR", "BO", "BR", "BV", "CL", "CO", "EC", "FK", "GF", "GS", "GY", "PE", "PY", "SR",
            "UY", "VE",
        ],
    },
    Area {
        name: "Northern America",
        within: AMERICAS,
        countries: &["BM", "CA", "GL", "PM", "US"],
    },
    Area {
        name: "Central Asia",
        within: ASIA,
        countries: &["KG", "KZ", "TJ", "TM", "UZ"],
    },
    Area {
        name: "Eastern Asia",
        within: ASIA,
        countries: &["CN", "HK", "JP", "KP", "KR", "MN", "MO", "TW"],
    },
    Area {
        name: "South-eastern Asia",
        within: ASIA,
        countries: &[
            "BN", "ID", "KH", "LA", "MM", "MY", "PH", "SG", "TH", "TL", "VN",
        ],
    },
    Area {
        name: "Southern Asia",
        within: ASIA,
        countries: &["AF", "BD", "BT", "IN", "IR", "LK", "MV", "NP", "PK"],
    },
    Area {
        name: "Western Asia",
        within: ASIA,
        countries: &[
            "AE", "AM", "AZ", "BH", "CY", "GE", "IL", "IQ", "JO", "KW", "LB", "OM", "PS", "QA",
            "SA", "SY", "TR", "YE",
        ],
    },
    Area {
        name: "Eastern Europe",
        within: EUROPE,
        countries: &["BG", "BY", "CZ", "HU", "MD", "PL", "RO", "RU", "SK", "UA"],
    },
    Area {
        name: "Northern Europe",
        within: EUROPE,
        countries: &[
            "AX", "DK", "EE", "FI", "FO", "GB", "GG", "IE", "IM", "IS", "JE", "LT", "LV", "NO",
            "SE", "SJ",
        ],
    },
    Area {
        name: "Southern Europe",
        within: EUROPE,
        countries: &[
            "AD", "AL", "BA", "ES", "GI", "GR", "HR", "IT", "ME", "MK", "MT", "PT", "RS", "SI",
            "SM", "VA", "XK",
        ],
    },
    Area {
        name: "Western Europe",
        within: EUROPE,
        countries: &["AT", "BE", "CH", "DE", "FR", "LI", "LU", "MC", "NL"],
    },
    Area {
        name: "Australia and New Zealand",
        within: OCEANIA,
        countries: &["AU", "CC", "CX", "HM", "NF", "NZ"],
    },
    Area {
        name: "Melanesia",
        within: OCEANIA,
        countries: &["FJ", "NC", "PG", "SB", "VU"],
    },
    Area {
        name: "Micronesia",
        within: OCEANIA,
        countries: &["FM", "GU", "KI", "MH", "MP", "NR", "PW", "UM"],
    },
    Area {
        name: "Polynesia",
        within: OCEANIA,
        countries: &["AS", "CK", "NU", "PF", "PN", "TK", "TO", "TV", "WF", "WS"],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(list: &[CountryCode]) -> Vec<&str> {
        list.iter().map(CountryCode::as_str).collect()
    }

    fn regions(entries: &[&str]) -> Result<Regions, RegionError> {
        Regions::parse(&entries.iter().map(|e| (*e).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn every_country_is_in_one_smallest_region_at_most() {
        let all = CountryCode::all();
        // The 249 codes of ISO 3166-1, and Kosovo's.
        assert_eq!(all.len(), 250);
        let listed: usize = AREAS.iter().map(|a| a.countries.len()).sum();
        assert_eq!(listed, 249, "each code in one area (Antarctica in none)");
        for area in AREAS {
            assert!(
                area.countries.windows(2).all(|w| w[0] < w[1]),
                "{}: codes in order",
                area.name
            );
        }
    }

    #[test]
    fn codes_parse_in_any_case_and_unknown_ones_do_not() {
        assert_eq!(CountryCode::parse("KE").unwrap().as_str(), "KE");
        assert_eq!(CountryCode::parse(" in ").unwrap().as_str(), "IN");
        assert_eq!(CountryCode::parse("AQ").unwrap().as_str(), "AQ");
        for bad in ["", "K", "KEN", "XX", "AN", "1A", "É"] {
            assert_eq!(CountryCode::parse(bad), None, "{bad:?}");
        }
        let json = serde_json::to_string(&CountryCode::parse("mu")).unwrap();
        assert_eq!(json, "\"MU\"");
        assert!(serde_json::from_str::<CountryCode>("\"ZZ\"").is_err());
    }

    #[test]
    fn region_names_expand_to_their_countries() {
        let eastern = region_countries("eastern africa").unwrap();
        assert!(codes(&eastern).contains(&"KE") && codes(&eastern).contains(&"MU"));
        let africa = region_countries("Africa").unwrap();
        assert_eq!(africa.len(), 7 + 22 + 9 + 5 + 17);
        let sub_saharan = region_countries("Sub-Saharan  Africa").unwrap();
        assert!(!codes(&sub_saharan).contains(&"EG"));
        assert!(codes(&region_countries("Southern Asia").unwrap()).contains(&"IN"));
        assert_eq!(
            region_countries("Latin America and the Caribbean")
                .unwrap()
                .len(),
            52
        );
        assert_eq!(region_countries("Indian Ocean"), None);
        assert_eq!(region_countries("Atlantis"), None);
        let names = region_names();
        assert_eq!(names[0], "Africa");
        assert!(names.contains(&"South-eastern Asia") && names.contains(&"Oceania"));
        assert_eq!(names.len(), 5 + 2 + 22);
    }

    #[test]
    fn a_mastheads_list_is_codes_regions_and_world() {
        let ocean = regions(&["MU", "sc", "MG", "RE", "IN"]).unwrap();
        assert_eq!(codes(ocean.countries()), ["IN", "MG", "MU", "RE", "SC"]);
        assert!(ocean.covers(CountryCode::parse("IN").unwrap()));
        assert!(!ocean.covers(CountryCode::parse("KE").unwrap()));
        let star = regions(&["KE", "world"]).unwrap();
        assert_eq!(codes(star.countries()), ["KE"]);
        assert_eq!(star.entries(), ["KE", "world"]);
        assert!(regions(&["world"]).unwrap().countries().is_empty());
        assert!(regions(&[]).unwrap().countries().is_empty());
        let overlapping = regions(&["KE", "Eastern Africa", "East Africa"]);
        let error = overlapping.unwrap_err();
        assert_eq!(error.entry, "East Africa");
        assert!(
            error.to_string().starts_with("\"East Africa\" is neither"),
            "{error}"
        );
        let merged = regions(&["KE", "Eastern Africa"]).unwrap();
        assert_eq!(merged.countries().len(), 22);
        assert!(regions(&["XX"]).is_err());
    }
}
