//! Ingestion: from a source's URL to stored stories.
//!
//! The line of small steps, each testable alone:
//! [`fetcher`] (HTTP with caps, timeouts, conditional requests and the
//! [`guard`] against private addresses) → [`feed`] (RSS, RDF, Atom, JSON
//! Feed into [`feed::FeedItem`]s, with [`html_text`] turning markup into
//! plain paragraphs, and [`filed`] reading where each happened from its
//! dateline, for routing by region) → [`pass`] (dedupe by storing, record each source's
//! health, go on past any broken source) → [`article`] (each new story's
//! page, fetched politely and its article extracted). [`politeness`] keeps
//! every fetch within per-origin limits and asks [`robots`] (the site's
//! robots.txt) before fetching a page. [`schedule`] decides when each
//! source is due again, and [`scheduler`] is a worker's loop over the due
//! sources, claimed with leases so that several workers share one
//! database safely; [`holders`] takes back at once the claims of a process
//! on this host that no longer runs.
//!
//! Around that line: [`discover`] finds the feed a web page announces, for
//! `source add`; [`opml`] reads and writes subscription lists, for
//! `source import` and `source export`.

pub mod article;
pub mod clock;
pub mod discover;
pub mod feed;
pub mod fetcher;
pub mod filed;
pub mod guard;
pub mod holders;
pub mod html_text;
pub mod opml;
pub mod pass;
pub mod politeness;
pub mod robots;
pub mod schedule;
pub mod scheduler;

pub use clock::{Clock, ManualClock, SystemClock};
pub use fetcher::{FetchError, FetchSettings, Fetcher};
pub use pass::{Ingest, PageReport, PassReport, SourceOutcome, SourceReport, run_pass};
pub use politeness::{Politeness, PolitenessSettings};
pub use schedule::Cadence;
pub use scheduler::Scheduler;
