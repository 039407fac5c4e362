//! Wire-copy datelines: where, when and from whom a story was filed.
//!
//! Wire copy opens its first paragraph with a dateline:
//! `Port Louis [Mauritius], March 12 (ANI): Mauritius Prime Minister...`.
//! [`find()`] reads it into a [`Dateline`] (place, region, country, agency,
//! date) and says where the body text starts. The place is checked against
//! a built-in [`Gazetteer`] of GeoNames cities, so a dateline that puts a
//! place in the wrong country is flagged (`consistent: false`).
//!
//! ```
//! let paragraph = "Port Blair [Mauritius], March 12 (ANI): Prime Minister...";
//! let found = newsdesk_dateline::find(paragraph).unwrap();
//! assert_eq!(found.dateline.place, "Port Blair");
//! assert_eq!(found.dateline.country_code.as_deref(), Some("MU"));
//! assert_eq!(found.dateline.date.as_deref(), Some("03-12"));
//! assert!(!found.dateline.consistent); // Port Blair is in India,
//! assert_eq!(found.dateline.place_country_code.as_deref(), Some("IN")); // where it happened.
//! assert_eq!(&paragraph[found.body_start..], "Prime Minister...");
//!
//! assert!(newsdesk_dateline::find("However, the minister said: no.").is_none());
//! ```
//!
//! A tour, in the order a paragraph goes through:
//!
//! - `separator`: where the dateline ends (`:`, ` -`, `--`, `—`, `–`);
//! - `head`: its pieces (place, region, country, date, agency);
//! - [`find`](mod@find): whether the pieces really make a dateline, and what
//!   they mean, with the [`gazetteer`]'s help;
//! - [`date`], `agency`, `region`, `words`: the small readers;
//! - [`fold`](mod@fold): how names are compared (no case, no accents).
//!
//! The data files live in `data/` and are rebuilt by
//! `data/build_gazetteer.py` (see its doc and `data/README.md`).

mod agency;
pub mod date;
pub mod dateline;
pub mod find;
pub mod fold;
pub mod gazetteer;
mod head;
mod region;
mod separator;
mod words;

pub use date::MonthDay;
pub use dateline::{Dateline, Found};
pub use find::{find, find_with};
pub use fold::fold;
pub use gazetteer::{Gazetteer, GazetteerError, Place};

/// The longest dateline read, in characters before the separator.
pub const MAX_DATELINE_CHARS: usize = 100;
