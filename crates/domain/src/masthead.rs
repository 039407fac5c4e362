//! Mastheads: the regional sites of one network.
//!
//! A masthead has an id (a slug, used in `/m/ID/` URLs), a name readers see,
//! the host name that selects it, the time zone its pages are written in,
//! the regions it covers and the sections it shows, in order.
//!
//! A masthead takes the stories of the sources assigned to it (or to no
//! masthead) and, by region, the stories whose dateline's place lies in
//! one of the countries of its `regions` ([`MastheadReach`]).

use crate::region::{CountryCode, Regions};
use crate::section::Section;
use crate::slug::{Slug, SlugError};
use crate::source::Source;
use crate::story::Story;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

/// A masthead's id: a slug such as `kenya-star`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MastheadId(Slug);

impl MastheadId {
    /// Accepts a masthead id.
    pub fn parse(text: &str) -> Result<Self, SlugError> {
        Slug::parse(text).map(Self)
    }

    /// The id's text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl std::fmt::Display for MastheadId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a masthead's settings cannot make a masthead. Each names the
/// masthead and the config key, so an operator knows what to change.
#[derive(Debug, thiserror::Error)]
pub enum MastheadError {
    /// The id is not a slug.
    #[error("masthead id: {0}")]
    Id(#[from] SlugError),
    /// The time zone is not in the IANA database.
    #[error(
        "masthead {id}: timezone: unknown time zone {zone:?} (use an IANA name such as Africa/Nairobi)"
    )]
    Zone {
        /// The masthead.
        id: String,
        /// The zone as written.
        zone: String,
    },
    /// A section name is not a slug.
    #[error("masthead {id}: sections: {source}")]
    Section {
        /// The masthead.
        id: String,
        /// What is wrong with the name.
        source: SlugError,
    },
    /// A key's value is not what it must be.
    #[error("masthead {id}: {key}: {problem}")]
    Key {
        /// The masthead.
        id: String,
        /// The config key.
        key: &'static str,
        /// What is wrong, and what would be right.
        problem: String,
    },
}

/// A masthead's settings as written in the config, before they are checked.
#[derive(Debug, Clone, Default)]
pub struct MastheadSettings {
    /// `id`: a slug.
    pub id: String,
    /// `name`: what readers see.
    pub name: String,
    /// `host`: the host name that selects it.
    pub host: String,
    /// `timezone`: an IANA zone.
    pub timezone: String,
    /// `language`: a BCP 47 tag; empty: `en`.
    pub language: String,
    /// `tagline`: a line under the name; may be empty.
    pub tagline: String,
    /// `accent`: `#rrggbb`; empty: the default accent.
    pub accent: String,
    /// `logo`: an absolute `https://` URL or a path on the site; may be empty.
    pub logo: String,
    /// `base_url`: the public address of the masthead (`https://host`);
    /// empty: `http://` and the request's host.
    pub base_url: String,
    /// `canonical_to_source`: republished copy names the original article
    /// as its canonical address.
    pub canonical_to_source: bool,
    /// `regions`: country codes, region names and `world` (see
    /// [`Regions`]).
    pub regions: Vec<String>,
    /// `local_section`: whether its front page has a "Local" section of
    /// the stories routed to it by region; `None`: when its regions cover
    /// any country.
    pub local_section: Option<bool>,
    /// `sections`: sections in the order of its navigation.
    pub sections: Vec<String>,
}

/// The accent of a masthead that names none: a dark red that keeps a 4.5:1
/// contrast on white and, lightened by the dark theme, on near-black.
pub const DEFAULT_ACCENT: &str = "#a4262c";

/// One regional site.
#[derive(Debug, Clone)]
pub struct Masthead {
    /// The id in `/m/ID/` URLs and in `--masthead ID`.
    pub id: MastheadId,
    /// The name readers see, e.g. "Kenya Star".
    pub name: String,
    /// The host name that selects this masthead (no port), lower case.
    pub host: String,
    /// The IANA name of the zone, e.g. `Australia/Brisbane`.
    pub timezone_name: String,
    /// The zone itself.
    pub timezone: TimeZone,
    /// The language of its pages, a BCP 47 tag such as `en` or `sw-KE`.
    pub language: String,
    /// The line under its name; may be empty.
    pub tagline: String,
    /// Its accent colour, `#rrggbb`.
    pub accent: String,
    /// Its logo: an absolute URL or a path on the site.
    pub logo: Option<String>,
    /// Its public address without a trailing slash (`https://kenyastar.example`),
    /// when configured.
    pub base_url: Option<String>,
    /// Whether republished copy names the original article as canonical.
    pub canonical_to_source: bool,
    /// The countries and regions it covers: stories filed there are
    /// routed to it whatever their source.
    pub regions: Regions,
    /// Whether its front page has a "Local" section (and a `/local` page
    /// with its feeds) of the stories filed in its regions' countries.
    pub local_section: bool,
    /// Sections it shows, in the order of its navigation and front page.
    pub sections: Vec<Section>,
}

/// Which stories a masthead takes, as the store asks it: those of the
/// sources assigned to it (by its id) or to no masthead, and those whose
/// dateline's place lies in one of its countries.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MastheadReach {
    /// The masthead.
    pub id: MastheadId,
    /// The countries of its regions, sorted, each once; empty: it takes
    /// nothing by region.
    pub countries: Vec<CountryCode>,
}

impl MastheadReach {
    /// The reach of masthead `id` over `countries` (sorted and made
    /// unique here).
    pub fn new(id: MastheadId, mut countries: Vec<CountryCode>) -> Self {
        countries.sort_unstable();
        countries.dedup();
        Self { id, countries }
    }
}

impl Masthead {
    /// Checks a masthead's settings.
    pub fn new(settings: MastheadSettings) -> Result<Self, MastheadError> {
        let id = MastheadId::parse(&settings.id)?;
        let key = |key: &'static str, problem: String| MastheadError::Key {
            id: id.to_string(),
            key,
            problem,
        };
        if settings.name.trim().is_empty() {
            return Err(key("name", "the name is empty".into()));
        }
        let timezone = TimeZone::get(&settings.timezone).map_err(|_| MastheadError::Zone {
            id: id.to_string(),
            zone: settings.timezone.clone(),
        })?;
        let sections = settings
            .sections
            .iter()
            .map(|s| Section::parse(s))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|source| MastheadError::Section {
                id: id.to_string(),
                source,
            })?;
        let language = match settings.language.trim() {
            "" => "en".to_owned(),
            tag if is_language_tag(tag) => tag.to_owned(),
            tag => {
                return Err(key(
                    "language",
                    format!("{tag:?} is not a language tag such as en or sw-KE"),
                ));
            }
        };
        let accent = match settings.accent.trim() {
            "" => DEFAULT_ACCENT.to_owned(),
            colour if is_hex_colour(colour) => colour.to_ascii_lowercase(),
            colour => {
                return Err(key(
                    "accent",
                    format!("{colour:?} is not a colour written #rrggbb, such as #a4262c"),
                ));
            }
        };
        let logo = match settings.logo.trim() {
            "" => None,
            logo if is_logo(logo) => Some(logo.to_owned()),
            logo => {
                return Err(key(
                    "logo",
                    format!("{logo:?} is neither an https:// URL nor a path starting with /"),
                ));
            }
        };
        let regions =
            Regions::parse(&settings.regions).map_err(|error| key("regions", error.to_string()))?;
        let local_section = settings
            .local_section
            .unwrap_or(!regions.countries().is_empty());
        let base_url = match settings.base_url.trim().trim_end_matches('/') {
            "" => None,
            url if is_base_url(url) => Some(url.to_owned()),
            url => {
                return Err(key(
                    "base_url",
                    format!("{url:?} is not an address such as https://kenyastar.example"),
                ));
            }
        };
        Ok(Self {
            id,
            name: settings.name.trim().to_owned(),
            host: settings.host.trim().to_ascii_lowercase(),
            timezone_name: settings.timezone,
            timezone,
            language,
            tagline: settings.tagline.trim().to_owned(),
            accent,
            logo,
            base_url,
            canonical_to_source: settings.canonical_to_source,
            regions,
            local_section,
            sections,
        })
    }

    /// Which stories it takes, for the store's queries.
    pub fn reach(&self) -> MastheadReach {
        MastheadReach {
            id: self.id.clone(),
            countries: self.regions.countries().to_vec(),
        }
    }

    /// Whether it takes `story`, which came from `source`: the source
    /// feeds it, or the story was filed in one of its countries. The
    /// store's lists hold the same rule in SQL (`listing::masthead_takes`).
    pub fn takes(&self, source: &Source, story: &Story) -> bool {
        source.feeds(&self.id) || self.takes_by_region(story)
    }

    /// Whether `story` was filed in one of its countries.
    pub fn takes_by_region(&self, story: &Story) -> bool {
        story
            .filed
            .country
            .is_some_and(|country| self.regions.covers(country))
    }

    /// Whether a request's `Host` header (perhaps with a port) names this masthead.
    pub fn serves_host(&self, host_header: &str) -> bool {
        let host = host_header
            .rsplit_once(':')
            .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
            .map_or(host_header, |(h, _)| h);
        host.eq_ignore_ascii_case(&self.host)
    }
}

/// `en`, `sw-KE`, `zh-Hant-TW`: letters and digits in hyphenated parts,
/// the first of 2 to 3 letters.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or_default();
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

pub(crate) fn is_hex_colour(text: &str) -> bool {
    text.len() == 7 && text.starts_with('#') && text[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// A logo is fetched by readers' browsers: https only, or our own path.
pub(crate) fn is_logo(text: &str) -> bool {
    let safe = !text
        .bytes()
        .any(|b| b.is_ascii_whitespace() || b"\"<>'".contains(&b));
    safe && ((text.starts_with('/') && !text.starts_with("//"))
        || url::Url::parse(text).is_ok_and(|u| u.scheme() == "https" && u.host_str().is_some()))
}

fn is_base_url(text: &str) -> bool {
    url::Url::parse(text).is_ok_and(|u| {
        matches!(u.scheme(), "http" | "https")
            && u.host_str().is_some()
            && u.path() == "/"
            && u.query().is_none()
    }) && !text.contains(['"', '<', '>', ' '])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> MastheadSettings {
        MastheadSettings {
            id: "kenya-star".into(),
            name: "Kenya Star".into(),
            host: "KenyaStar.localhost".into(),
            timezone: "Australia/Brisbane".into(),
            regions: vec!["KE".into()],
            sections: vec!["world".into(), "business".into()],
            ..MastheadSettings::default()
        }
    }

    fn kenya_star() -> Masthead {
        Masthead::new(settings()).unwrap()
    }

    #[test]
    fn host_matching_ignores_case_and_port() {
        let m = kenya_star();
        assert!(m.serves_host("kenyastar.localhost"));
        assert!(m.serves_host("KENYASTAR.localhost:8080"));
        assert!(!m.serves_host("other.localhost"));
    }

    #[test]
    fn bad_settings_say_what_is_wrong() {
        let with = |change: fn(&mut MastheadSettings)| {
            let mut s = settings();
            change(&mut s);
            Masthead::new(s).map(|_| ()).map_err(|e| e.to_string())
        };
        let err = with(|s| s.timezone = "Mars/Olympus".into()).unwrap_err();
        assert!(
            err.contains("kenya-star: timezone") && err.contains("Mars/Olympus"),
            "{err}"
        );
        let err = with(|s| s.id = "K S".into()).unwrap_err();
        assert!(err.contains("not a slug"), "{err}");
        let err = with(|s| s.accent = "red".into()).unwrap_err();
        assert!(err.starts_with("masthead kenya-star: accent:"), "{err}");
        let err = with(|s| s.logo = "javascript:alert(1)".into()).unwrap_err();
        assert!(err.starts_with("masthead kenya-star: logo:"), "{err}");
        let err = with(|s| s.language = "english please".into()).unwrap_err();
        assert!(err.starts_with("masthead kenya-star: language:"), "{err}");
        let err = with(|s| s.base_url = "kenyastar.example".into()).unwrap_err();
        assert!(err.starts_with("masthead kenya-star: base_url:"), "{err}");
        let err = with(|s| s.name = " ".into()).unwrap_err();
        assert!(err.starts_with("masthead kenya-star: name:"), "{err}");
        let err = with(|s| s.sections = vec!["World News".into()]).unwrap_err();
        assert!(err.starts_with("masthead kenya-star: sections:"), "{err}");
        let err = with(|s| s.regions = vec!["KE".into(), "East Afrika".into()]).unwrap_err();
        assert!(
            err.starts_with("masthead kenya-star: regions: \"East Afrika\" is neither"),
            "{err}"
        );
    }

    #[test]
    fn regions_give_the_countries_it_takes_and_the_local_section() {
        let star = kenya_star();
        assert_eq!(star.reach().countries, [CountryCode::parse("KE").unwrap()]);
        assert!(
            star.local_section,
            "on by default when a country is covered"
        );
        let mut s = settings();
        s.regions = vec!["world".into()];
        let world = Masthead::new(s.clone()).unwrap();
        assert!(world.reach().countries.is_empty());
        assert!(!world.local_section, "nothing to show without a country");
        s.regions = vec!["Eastern Africa".into(), "world".into()];
        s.local_section = Some(false);
        let off = Masthead::new(s).unwrap();
        assert_eq!(off.reach().countries.len(), 22);
        assert!(!off.local_section);
    }

    #[test]
    fn optional_settings_have_defaults_and_are_normalised() {
        let plain = kenya_star();
        assert_eq!(
            (plain.language.as_str(), plain.accent.as_str()),
            ("en", DEFAULT_ACCENT)
        );
        assert_eq!((plain.logo, plain.base_url), (None, None));
        let mut s = settings();
        s.accent = "#1A5FB4".into();
        s.logo = "/static/logo.svg".into();
        s.base_url = "https://kenyastar.example/".into();
        s.language = "sw-KE".into();
        let set = Masthead::new(s).unwrap();
        assert_eq!(set.accent, "#1a5fb4");
        assert_eq!(set.logo.as_deref(), Some("/static/logo.svg"));
        assert_eq!(set.base_url.as_deref(), Some("https://kenyastar.example"));
        assert_eq!(set.language, "sw-KE");
    }
}
