//! Mastheads: the regional sites of one network.
//!
//! A masthead has an id (a slug, used in `/m/ID/` URLs), a name readers see,
//! the host name that selects it, the time zone its pages are written in,
//! the regions it covers and the sections it shows, in order.

use crate::section::Section;
use crate::slug::{Slug, SlugError};
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

/// Why a masthead's settings cannot make a masthead.
#[derive(Debug, thiserror::Error)]
pub enum MastheadError {
    /// The id is not a slug.
    #[error("masthead id: {0}")]
    Id(#[from] SlugError),
    /// The time zone is not in the IANA database.
    #[error("masthead {id}: unknown time zone {zone:?} (use an IANA name such as Africa/Nairobi)")]
    Zone {
        /// The masthead.
        id: String,
        /// The zone as written.
        zone: String,
    },
    /// A section name is not a slug.
    #[error("masthead {id}: section {source}")]
    Section {
        /// The masthead.
        id: String,
        /// What is wrong with the name.
        source: SlugError,
    },
    /// The name is empty.
    #[error("masthead {0}: the name is empty")]
    EmptyName(String),
}

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
    /// Country codes and region names it covers.
    pub regions: Vec<String>,
    /// Sections it shows, in the order of its front page.
    pub sections: Vec<Section>,
}

impl Masthead {
    /// Checks a masthead's settings.
    pub fn new(
        id: &str,
        name: &str,
        host: &str,
        timezone_name: &str,
        regions: Vec<String>,
        sections: &[String],
    ) -> Result<Self, MastheadError> {
        let id = MastheadId::parse(id)?;
        if name.trim().is_empty() {
            return Err(MastheadError::EmptyName(id.to_string()));
        }
        let timezone = TimeZone::get(timezone_name).map_err(|_| MastheadError::Zone {
            id: id.to_string(),
            zone: timezone_name.to_owned(),
        })?;
        let sections = sections
            .iter()
            .map(|s| Section::parse(s))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|source| MastheadError::Section {
                id: id.to_string(),
                source,
            })?;
        Ok(Self {
            id,
            name: name.trim().to_owned(),
            host: host.trim().to_ascii_lowercase(),
            timezone_name: timezone_name.to_owned(),
            timezone,
            regions,
            sections,
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn kenya_star() -> Masthead {
        Masthead::new(
            "kenya-star",
            "Kenya Star",
            "KenyaStar.localhost",
            "Australia/Brisbane",
            vec!["KE".into()],
            &["world".into(), "business".into()],
        )
        .unwrap()
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
        let err = Masthead::new("k", "K", "k", "Mars/Olympus", vec![], &[]).unwrap_err();
        assert!(err.to_string().contains("Mars/Olympus"));
        let err = Masthead::new("K S", "K", "k", "UTC", vec![], &[]).unwrap_err();
        assert!(err.to_string().contains("not a slug"));
    }
}
