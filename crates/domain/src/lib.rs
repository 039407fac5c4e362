//! The newsroom's plain types and rules, with no I/O.
//!
//! Everything here can be tested alone: a [`Masthead`] and how it writes
//! time, the countries and regions it covers, a [`Story`] as stored, the canonical form of a link, the key that
//! tells two headlines apart, the "More Information" teaser rules, and
//! a daily-email reader's checked address, a news release's words, and
//! the roles of the people who run the admin.
//! The other crates (store, ingest, web) speak in these types.

pub mod headline;
pub mod link;
pub mod masthead;
pub mod masthead_look;
pub mod more_information;
pub mod region;
pub mod release;
pub mod section;
pub mod slug;
pub mod source;
pub mod story;
pub mod subscriber;
pub mod teaser;
pub mod user;
pub mod zone_time;

pub use headline::HeadlineKey;
pub use link::CanonicalLink;
pub use masthead::{Masthead, MastheadId, MastheadReach, MastheadSettings};
pub use masthead_look::{LookError, MastheadLook};
pub use region::{CountryCode, Regions};
pub use release::{Flag, ReleaseCategory, ReleaseId, ReleaseStatus};
pub use section::Section;
pub use slug::Slug;
pub use source::{FeedUrl, NewSource, Source, SourceId, SourceState};
pub use story::{ArticlePage, BodySource, Filed, NewStory, Story, StoryId, StoryWords, WordsError};
pub use subscriber::{Email, EmailError, SubscriberId, SubscriberStatus};
pub use teaser::Teaser;
pub use user::{PasswordError, Role, UserId};
