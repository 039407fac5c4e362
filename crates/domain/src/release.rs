//! A news release: what an organisation sends the newsroom to publish,
//! and the words its life is told in.
//!
//! A release is submitted from a masthead's form, waits for its sender to
//! confirm their address (`Unconfirmed`), then waits for an editor
//! (`Pending`), who approves it for now or a later time (`Approved`) or
//! rejects it with a reason (`Rejected`); an approved release is
//! `Published` once its time comes. Content rules never drop a release:
//! they attach [`Flag`]s the editor reads beside it.

use serde::Serialize;

/// A release's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ReleaseId(pub i64);

impl std::fmt::Display for ReleaseId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What a release is about, as the submitter chose it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReleaseCategory {
    /// A business's news.
    Business,
    /// A community group's news.
    Community,
    /// A sports club's news.
    Sports,
    /// Someone appointed to a post.
    PersonnelAppointment,
    /// An event to come or just held.
    Event,
    /// Anything else.
    Other,
}

impl ReleaseCategory {
    /// Every category, in the form's order.
    pub const ALL: [Self; 6] = [
        Self::Business,
        Self::Community,
        Self::Sports,
        Self::PersonnelAppointment,
        Self::Event,
        Self::Other,
    ];

    /// The stored word (and the form's value).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Business => "business",
            Self::Community => "community",
            Self::Sports => "sports",
            Self::PersonnelAppointment => "personnel-appointment",
            Self::Event => "event",
            Self::Other => "other",
        }
    }

    /// The name readers see.
    pub fn display_name(self) -> &'static str {
        match self {
            Self::Business => "Business",
            Self::Community => "Community",
            Self::Sports => "Sports",
            Self::PersonnelAppointment => "Personnel appointment",
            Self::Event => "Event",
            Self::Other => "Other",
        }
    }

    /// Reads the stored word.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

/// Where a release stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReleaseStatus {
    /// Submitted; its sender has not yet confirmed their address, so no
    /// editor sees it.
    Unconfirmed,
    /// In the editors' queue.
    Pending,
    /// Approved, to be published at its time.
    Approved,
    /// Refused, with the editor's reason.
    Rejected,
    /// On the site.
    Published,
}

impl ReleaseStatus {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unconfirmed => "unconfirmed",
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Published => "published",
        }
    }

    /// Reads the stored word.
    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::Unconfirmed,
            Self::Pending,
            Self::Approved,
            Self::Rejected,
            Self::Published,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// Why a content rule wants an editor's closer look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flag {
    /// The headline or body is written mostly in capitals.
    Capitals,
    /// More links than a release needs.
    Links,
    /// A phrase seen in spam.
    SpamPhrase,
    /// Nearly the same text as an earlier release.
    NearCopy,
}

impl Flag {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Capitals => "capitals",
            Self::Links => "links",
            Self::SpamPhrase => "spam-phrase",
            Self::NearCopy => "near-copy",
        }
    }

    /// What the editor reads.
    pub fn reason(self) -> &'static str {
        match self {
            Self::Capitals => "written mostly in capital letters",
            Self::Links => "carries many links",
            Self::SpamPhrase => "uses a phrase common in spam",
            Self::NearCopy => "nearly repeats an earlier release",
        }
    }

    /// Reads the stored word.
    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::Capitals,
            Self::Links,
            Self::SpamPhrase,
            Self::NearCopy,
        ]
        .into_iter()
        .find(|f| f.as_str() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_words_read_back() {
        for c in ReleaseCategory::ALL {
            assert_eq!(ReleaseCategory::parse(c.as_str()), Some(c));
        }
        for f in [
            Flag::Capitals,
            Flag::Links,
            Flag::SpamPhrase,
            Flag::NearCopy,
        ] {
            assert_eq!(Flag::parse(f.as_str()), Some(f));
        }
        assert_eq!(
            ReleaseStatus::parse("published"),
            Some(ReleaseStatus::Published)
        );
        assert_eq!(ReleaseStatus::parse("Published"), None);
        assert_eq!(ReleaseCategory::parse(""), None);
    }
}
