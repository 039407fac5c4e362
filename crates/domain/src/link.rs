//! The canonical form of an article link, for deduplication.
//!
//! The same article reaches us under many spellings of its address:
//! `HTTP://Example.com:80/a#top`, `http://example.com/a?utm_source=x`. We
//! store each story once, so links are compared in a canonical form: scheme
//! and host lower case, default ports dropped, the fragment dropped, and
//! tracking parameters (`utm_*` and their kin) removed. The remaining query
//! parameters keep their order: some sites route by them.

use serde::{Deserialize, Serialize};
use url::Url;

/// Query parameters that only track the reader and never select content.
const TRACKING_PARAMS: &[&str] = &[
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid", "igshid",
    "yclid", "_ga", "_gl", "ref_src", "cmpid", "ocid", "smid", "sr_share",
];

/// A link in canonical form; two links to the same article compare equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CanonicalLink(String);

/// Why a link cannot be a story's link.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// The text is not an absolute URL.
    #[error("not an absolute URL: {0}")]
    NotAUrl(String),
    /// Only web links can be fetched and shown.
    #[error("not an http or https link: {0}")]
    NotWeb(String),
}

impl CanonicalLink {
    /// Parses and canonicalises an absolute http(s) link.
    pub fn parse(raw: &str) -> Result<Self, LinkError> {
        let mut url = Url::parse(raw.trim()).map_err(|_| LinkError::NotAUrl(raw.to_owned()))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(LinkError::NotWeb(raw.to_owned()));
        }
        // The url crate already lower-cases scheme and host and drops a
        // default port; we drop the fragment and the trackers.
        url.set_fragment(None);
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| !is_tracking_param(k))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(kept);
        }
        Ok(Self(url.into()))
    }

    /// The canonical text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn is_tracking_param(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("utm_") || TRACKING_PARAMS.contains(&lower.as_str())
}

impl std::fmt::Display for CanonicalLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> String {
        CanonicalLink::parse(s).unwrap().as_str().to_owned()
    }

    #[test]
    fn spellings_of_one_article_agree() {
        let want = "http://wire.example/2025/03/tea.html";
        assert_eq!(canon("HTTP://Wire.EXAMPLE:80/2025/03/tea.html#top"), want);
        assert_eq!(
            canon("http://wire.example/2025/03/tea.html?utm_source=x&UTM_Medium=feed&fbclid=1"),
            want
        );
        assert_eq!(
            canon("https://wire.example:443/a?id=7&utm_campaign=z"),
            "https://wire.example/a?id=7"
        );
    }

    #[test]
    fn content_parameters_stay_in_order() {
        assert_eq!(
            canon("https://wire.example/story?b=2&a=1"),
            "https://wire.example/story?b=2&a=1"
        );
    }

    #[test]
    fn non_web_links_are_refused() {
        assert!(matches!(
            CanonicalLink::parse("mailto:desk@wire.example"),
            Err(LinkError::NotWeb(_))
        ));
        assert!(matches!(
            CanonicalLink::parse("/relative/path"),
            Err(LinkError::NotAUrl(_))
        ));
    }
}
