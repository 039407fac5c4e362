//! The built-in gazetteer: which country a place lies in.
//!
//! The data is GeoNames' list of cities over 15,000 people (CC BY 4.0, see
//! `data/README.md`), plus our own short lists of regions and well-known
//! places that datelines name ("Balochistan", "Gaza Strip") and of older
//! spellings ("Kiev", "Bombay"). It is embedded in the binary and parsed
//! once, on first use of [`Gazetteer::global`].
//!
//! Names are matched through [`fold()`](crate::fold()): without case,
//! accents, full stops or apostrophes. A name can stand for places in
//! several countries ("Washington" is in the United States and in England);
//! answers list the most populous place first. Regions and well-known
//! places carry no population and come after the cities.

use std::fmt;
use std::sync::OnceLock;

use crate::fold::{fold, fold_into};

/// Cities: `name<TAB>country code<TAB>population`.
const PLACES_TSV: &str = include_str!("../data/places.tsv");
/// Countries: `code<TAB>name<TAB>capital<TAB>alternate|alternate`.
const COUNTRIES_TSV: &str = include_str!("../data/countries.tsv");

/// Places at or above this population count as notable.
const NOTABLE_POPULATION: u32 = 1_000_000;

/// One place of the gazetteer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place<'g> {
    /// The name as the gazetteer spells it: "Dar es Salaam".
    pub name: &'g str,
    /// ISO 3166-1 alpha-2 code of its country: "TZ".
    pub country_code: &'g str,
    /// People living there; 0 for regions and well-known non-cities.
    pub population: u32,
}

/// A country of the gazetteer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Country {
    code: &'static str,
    name: &'static str,
    capital: &'static str,
}

/// A folded name in the key buffer and the row it names.
#[derive(Debug, Clone, Copy)]
struct Key {
    start: u32,
    end: u32,
    row: u32,
}

/// Why embedded gazetteer data could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerError {
    /// Which file: `places.tsv` or `countries.tsv`.
    pub file: &'static str,
    /// The 1-based line.
    pub line: usize,
    /// What was wrong with it.
    pub reason: &'static str,
}

impl fmt::Display for GazetteerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} line {}: {}", self.file, self.line, self.reason)
    }
}

impl std::error::Error for GazetteerError {}

/// Places and countries, looked up by name.
#[derive(Default)]
pub struct Gazetteer {
    places: Vec<Place<'static>>,
    /// All folded place names, back to back.
    place_keys: String,
    /// Into `place_keys`, sorted by key, then most populous first.
    place_index: Vec<Key>,
    /// Sorted by code.
    countries: Vec<Country>,
    /// Folded country names and alternates, back to back.
    country_keys: String,
    /// Into `country_keys`, sorted by key; `row` indexes `countries`.
    country_index: Vec<Key>,
}

impl fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Tens of thousands of places are no help in a log line.
        f.debug_struct("Gazetteer")
            .field("places", &self.places.len())
            .field("countries", &self.countries.len())
            .finish()
    }
}

impl Gazetteer {
    /// The gazetteer built from the embedded GeoNames data, loaded once.
    ///
    /// Never panics: should the embedded data fail to parse (a test makes
    /// sure it does not), the answer is an empty gazetteer.
    pub fn global() -> &'static Gazetteer {
        static GLOBAL: OnceLock<Gazetteer> = OnceLock::new();
        GLOBAL.get_or_init(|| Self::parse(PLACES_TSV, COUNTRIES_TSV).unwrap_or_default())
    }

    /// Builds a gazetteer from data in the format of the embedded files.
    pub fn parse(places: &'static str, countries: &'static str) -> Result<Self, GazetteerError> {
        let mut gazetteer = Self {
            places: parse_places(places)?,
            ..Self::default()
        };
        let country_rows = parse_countries(countries)?;

        gazetteer.place_keys.reserve(places.len());
        gazetteer.place_index.reserve(gazetteer.places.len());
        for (row, place) in gazetteer.places.iter().enumerate() {
            let key = push_key(&mut gazetteer.place_keys, place.name, row);
            gazetteer.place_index.push(key);
        }
        let (keys, places) = (&gazetteer.place_keys, &gazetteer.places);
        gazetteer.place_index.sort_unstable_by(|a, b| {
            key_str(keys, a)
                .cmp(key_str(keys, b))
                .then(
                    places[b.row as usize]
                        .population
                        .cmp(&places[a.row as usize].population),
                )
                .then(a.row.cmp(&b.row))
        });

        let mut sorted: Vec<(Country, Vec<&'static str>)> = country_rows;
        sorted.sort_unstable_by_key(|(country, _)| country.code);
        for (row, (country, alternates)) in sorted.iter().enumerate() {
            for name in std::iter::once(&country.name).chain(alternates.iter()) {
                let key = push_key(&mut gazetteer.country_keys, name, row);
                gazetteer.country_index.push(key);
            }
        }
        let keys = &gazetteer.country_keys;
        gazetteer
            .country_index
            .sort_by(|a, b| key_str(keys, a).cmp(key_str(keys, b)));
        gazetteer.countries = sorted.into_iter().map(|(country, _)| country).collect();
        Ok(gazetteer)
    }

    /// How many places (cities, regions, other spellings) it holds.
    pub fn place_count(&self) -> usize {
        self.places.len()
    }

    /// Every place of that name, most populous first; case and accents do
    /// not count.
    pub fn places(&self, name: &str) -> Vec<Place<'_>> {
        let key = fold(name);
        if key.is_empty() {
            return Vec::new();
        }
        let keys = &self.place_keys;
        let first = self
            .place_index
            .partition_point(|k| key_str(keys, k) < key.as_str());
        self.place_index[first..]
            .iter()
            .take_while(|k| key_str(keys, k) == key)
            .map(|k| self.places[k.row as usize])
            .collect()
    }

    /// The codes of the countries with a place of that name, most populous
    /// place first, each code once.
    pub fn countries_of_place(&self, name: &str) -> Vec<&str> {
        let mut codes: Vec<&str> = Vec::new();
        for place in self.places(name) {
            if !codes.contains(&place.country_code) {
                codes.push(place.country_code);
            }
        }
        codes
    }

    /// The code of a country named in full or by a common alternate
    /// ("Ivory Coast", "UK", "USA", "Vatican"); case and accents do not
    /// count. A name that stands for two countries ("Congo") gives the
    /// first by code; [`Gazetteer::country_codes`] gives both.
    pub fn country_code(&self, country_name: &str) -> Option<&str> {
        self.country_codes(country_name).into_iter().next()
    }

    /// The codes of every country this name stands for, by code.
    pub fn country_codes(&self, country_name: &str) -> Vec<&str> {
        let key = fold(country_name);
        if key.is_empty() {
            return Vec::new();
        }
        let keys = &self.country_keys;
        let first = self
            .country_index
            .partition_point(|k| key_str(keys, k) < key.as_str());
        let mut codes: Vec<&str> = Vec::new();
        for k in self.country_index[first..]
            .iter()
            .take_while(|k| key_str(keys, k) == key)
        {
            let code = self.countries[k.row as usize].code;
            if !codes.contains(&code) {
                codes.push(code);
            }
        }
        codes
    }

    /// Every country code the gazetteer knows, in order.
    pub fn known_country_codes(&self) -> impl Iterator<Item = &str> {
        self.countries.iter().map(|country| country.code)
    }

    /// The country's usual English name, from its code ("MU" gives "Mauritius").
    pub fn country_name(&self, code: &str) -> Option<&str> {
        self.country(code).map(|country| country.name)
    }

    /// The country's capital, from its code ("KE" gives "Nairobi").
    pub fn capital(&self, code: &str) -> Option<&str> {
        self.country(code)
            .map(|country| country.capital)
            .filter(|capital| !capital.is_empty())
    }

    /// Whether the name is a capital or a city of a million people or more.
    pub fn is_notable(&self, name: &str) -> bool {
        let key = fold(name);
        self.places(name).iter().any(|place| {
            place.population >= NOTABLE_POPULATION
                || self
                    .capital(place.country_code)
                    .is_some_and(|capital| fold(capital) == key)
        })
    }

    /// The country with this code, in any case.
    fn country(&self, code: &str) -> Option<&Country> {
        let code = code.trim();
        if code.len() != 2 || !code.is_ascii() {
            return None;
        }
        let upper = code.to_ascii_uppercase();
        self.countries
            .binary_search_by(|country| country.code.cmp(upper.as_str()))
            .ok()
            .map(|at| &self.countries[at])
    }
}

/// Appends the folded `name` to `keys` and says where it is.
fn push_key(keys: &mut String, name: &str, row: usize) -> Key {
    let start = keys.len();
    fold_into(name, keys);
    Key {
        start: to_u32(start),
        end: to_u32(keys.len()),
        row: to_u32(row),
    }
}

/// The key's text. Keys are made by [`push_key`] on this very buffer.
fn key_str<'k>(keys: &'k str, key: &Key) -> &'k str {
    keys.get(key.start as usize..key.end as usize).unwrap_or("")
}

/// Offsets and rows fit in 32 bits for any data this crate embeds.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Reads `places.tsv`.
fn parse_places(text: &'static str) -> Result<Vec<Place<'static>>, GazetteerError> {
    let error = |line: usize, reason| GazetteerError {
        file: "places.tsv",
        line: line + 1,
        reason,
    };
    let mut places = Vec::with_capacity(text.len() / 20);
    for (n, line) in text.lines().enumerate() {
        if line.is_empty() {
            continue;
        }
        let mut fields = line.split('\t');
        let (Some(name), Some(code), Some(population), None) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(error(n, "expected three tab-separated fields"));
        };
        if name.trim().is_empty() {
            return Err(error(n, "empty name"));
        }
        if !is_country_code(code) {
            return Err(error(n, "country code is not two capital letters"));
        }
        let population = population
            .parse()
            .map_err(|_| error(n, "population is not a whole number"))?;
        places.push(Place {
            name,
            country_code: code,
            population,
        });
    }
    Ok(places)
}

/// Reads `countries.tsv`: each country and its alternate names.
fn parse_countries(
    text: &'static str,
) -> Result<Vec<(Country, Vec<&'static str>)>, GazetteerError> {
    let error = |line: usize, reason| GazetteerError {
        file: "countries.tsv",
        line: line + 1,
        reason,
    };
    let mut countries = Vec::with_capacity(260);
    for (n, line) in text.lines().enumerate() {
        if line.is_empty() {
            continue;
        }
        let mut fields = line.split('\t');
        let (Some(code), Some(name), Some(capital), Some(alternates), None) = (
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
        ) else {
            return Err(error(n, "expected four tab-separated fields"));
        };
        if !is_country_code(code) {
            return Err(error(n, "country code is not two capital letters"));
        }
        if name.trim().is_empty() {
            return Err(error(n, "empty name"));
        }
        let alternates = alternates
            .split('|')
            .filter(|alternate| !alternate.trim().is_empty())
            .collect();
        countries.push((
            Country {
                code,
                name,
                capital,
            },
            alternates,
        ));
    }
    Ok(countries)
}

/// Two ASCII capital letters.
fn is_country_code(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn the_embedded_data_parses_and_loads_fast() {
        let started = Instant::now();
        let gazetteer = Gazetteer::parse(PLACES_TSV, COUNTRIES_TSV).unwrap();
        let took = started.elapsed();
        println!(
            "gazetteer: {} places loaded in {took:?} ({} build)",
            gazetteer.place_count(),
            if cfg!(debug_assertions) {
                "debug"
            } else {
                "release"
            },
        );
        assert!(took.as_secs() < 5, "loading took {took:?}");
        assert!(gazetteer.place_count() > 30_000);
        assert_eq!(gazetteer.countries.len(), 252);
    }

    #[test]
    fn the_data_is_sorted_as_rust_folds_it() {
        // The build script sorts with the same folding: when the two
        // disagree, loading has to sort for real and gets slower.
        let g = Gazetteer::global();
        let out_of_order = g
            .place_index
            .windows(2)
            .filter(|w| w[0].row > w[1].row)
            .map(|w| {
                (
                    g.places[w[0].row as usize].name,
                    g.places[w[1].row as usize].name,
                )
            })
            .take(5)
            .collect::<Vec<_>>();
        assert!(out_of_order.is_empty(), "{out_of_order:?}");
    }

    #[test]
    fn places_lie_in_their_countries() {
        let g = Gazetteer::global();
        assert_eq!(g.countries_of_place("Port Blair"), ["IN"]);
        assert_eq!(g.countries_of_place("Nairobi"), ["KE"]);
        assert_eq!(g.countries_of_place("Port Louis"), ["MU"]);
        assert_eq!(g.countries_of_place("Washington")[0], "US");
        assert!(g.countries_of_place("Washington").contains(&"GB"));
        assert_eq!(g.countries_of_place("Balochistan"), ["PK"]);
        assert_eq!(g.countries_of_place("Lucknow"), ["IN"]);
        assert_eq!(
            g.countries_of_place("Atlantis of the Sea"),
            Vec::<&str>::new()
        );
        assert_eq!(g.countries_of_place(""), Vec::<&str>::new());
    }

    #[test]
    fn names_match_without_case_or_accents() {
        let g = Gazetteer::global();
        assert_eq!(g.countries_of_place("BOGOTA"), ["CO"]);
        assert_eq!(g.countries_of_place("bogotá"), ["CO"]);
        assert_eq!(g.countries_of_place("SAO PAULO")[0], "BR");
        assert_eq!(g.countries_of_place("dar es salaam"), ["TZ"]);
        assert_eq!(g.places("DAR ES SALAAM")[0].name, "Dar es Salaam");
        assert_eq!(g.places("KIEV")[0].country_code, "UA");
        assert_eq!(g.places("NEW YORK")[0].country_code, "US");
    }

    #[test]
    fn most_populous_place_comes_first() {
        let g = Gazetteer::global();
        let paris = g.places("Paris");
        assert_eq!(paris[0].country_code, "FR");
        assert!(paris.windows(2).all(|w| w[0].population >= w[1].population));
        assert_eq!(g.countries_of_place("Paris"), ["FR", "US"]);
    }

    #[test]
    fn countries_by_name_and_alternate() {
        let g = Gazetteer::global();
        assert_eq!(g.country_code("Mauritius"), Some("MU"));
        assert_eq!(g.country_code("Ivory Coast"), Some("CI"));
        assert_eq!(g.country_code("Côte d'Ivoire"), Some("CI"));
        assert_eq!(g.country_code("UK"), Some("GB"));
        assert_eq!(g.country_code("Britain"), Some("GB"));
        assert_eq!(g.country_code("USA"), Some("US"));
        assert_eq!(g.country_code("U.S."), Some("US"));
        assert_eq!(g.country_code("Russia"), Some("RU"));
        assert_eq!(g.country_code("South Korea"), Some("KR"));
        assert_eq!(g.country_code("Vatican"), Some("VA"));
        assert_eq!(g.country_code("UAE"), Some("AE"));
        assert_eq!(g.country_code("india"), Some("IN"));
        assert_eq!(g.country_codes("Congo"), ["CD", "CG"]);
        assert_eq!(g.country_codes("Republic of the Congo"), ["CG"]);
        assert_eq!(g.country_code("Mauritus"), None);
        assert_eq!(g.country_code(""), None);
        assert_eq!(g.country_name("MU"), Some("Mauritius"));
        assert_eq!(g.country_name("mu"), Some("Mauritius"));
        assert_eq!(g.country_name("XX"), None);
        assert_eq!(g.country_name("Ü"), None);
        assert_eq!(g.capital("KE"), Some("Nairobi"));
    }

    #[test]
    fn notable_places_are_capitals_or_big_cities() {
        let g = Gazetteer::global();
        assert!(g.is_notable("ISLAMABAD"));
        assert!(g.is_notable("Karachi"));
        assert!(g.is_notable("Port Louis"));
        assert!(!g.is_notable("Lincoln"));
        assert!(!g.is_notable("Nowhere At All"));
    }

    #[test]
    fn bad_data_is_a_typed_error() {
        let err = Gazetteer::parse("Paris\tFR\tmany\n", "").unwrap_err();
        assert_eq!(err.file, "places.tsv");
        assert_eq!(err.line, 1);
        assert!(Gazetteer::parse("Paris\tfr\t1\n", "").is_err());
        assert!(Gazetteer::parse("Paris\tFR\n", "").is_err());
        assert!(Gazetteer::parse("", "FR\tFrance\n").is_err());
        let err = Gazetteer::parse("", "F1\tFrance\tParis\t\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "countries.tsv line 1: country code is not two capital letters"
        );
    }

    #[test]
    fn a_small_gazetteer_works_alone() {
        let g = Gazetteer::parse(
            "Springfield\tUS\t100\nSpringfield\tAU\t200\n",
            "AU\tAustralia\tCanberra\tOz\nUS\tUnited States\tWashington\tUSA\n",
        )
        .unwrap();
        assert_eq!(g.countries_of_place("springfield"), ["AU", "US"]);
        assert_eq!(g.country_code("oz"), Some("AU"));
        assert_eq!(g.country_name("US"), Some("United States"));
        assert_eq!(format!("{g:?}"), "Gazetteer { places: 2, countries: 2 }");
    }
}
