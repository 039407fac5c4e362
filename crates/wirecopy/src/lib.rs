//! Wire copy, once: finding the stories that are the same agency copy.
//!
//! One agency's story reaches a network many times: republished by five
//! outlets under five links, with a headline reworded, a paragraph cut, a
//! byline or a dateline changed, an "(UPDATE 2)" or a correction added.
//! This crate decides which stories are such near-copies, cheaply enough
//! to run on every stored story, and which version of a cluster leads.
//! It is pure: no I/O, no database; the store keeps what it computes.
//!
//! ```
//! use newsdesk_wirecopy::{Copy, Sketched, Verdict};
//!
//! let body = "The central bank raised its main interest rate by half a point to 6.5 \
//!     percent on Tuesday, its third increase this year, citing food prices.\n\
//!     Governor Amina Okafor told reporters the bank would act again if inflation \
//!     stayed above 8 percent through the summer months.";
//! let wire = Sketched::of(&Copy::new("Bank raises rate to 6.5%", body)).unwrap();
//! let republished = Sketched::of(&Copy::new(
//!     "Central bank lifts rates again",
//!     &format!("By Staff Reporter\nLAGOS, March 12 (Reuters) - {body}\nRead more: markets"),
//! ))
//! .unwrap();
//! assert!(wire.bands.shares_any(&republished.bands)); // found by an index probe
//! assert_eq!(wire.sketch.compare(&republished.sketch).verdict(), Verdict::SameCopy);
//! ```
//!
//! A tour, in the order a story goes through:
//!
//! - [`text`]: the story as compared: HTML entities decoded, bylines,
//!   datelines, "Read more" lines, update and correction notes dropped;
//!   case and accents folded; words (or, in Chinese, Japanese, Thai and
//!   other scripts written without spaces, single characters) hashed;
//! - [`shingle`]: runs of three words (or characters), hashed;
//! - [`sketch`]: MinHash of the shingles, kept as one byte per hash, and
//!   of the story's names and numbers on their own;
//! - [`bands`]: the banded LSH keys, plain integers for a database index;
//! - [`verify`]: a candidate found by a band is the same copy only if the
//!   sketches agree on the words *and* on the names and numbers;
//! - [`revision`]: "(UPDATE 2)", "Correction:" read from a headline or text;
//! - [`lead`]: which version of a cluster leads;
//! - [`index`]: an in-memory band index, the reference for the table
//!   the store will keep (`docs/ARCHITECTURE.md`, "Wire copy").

pub mod bands;
pub mod index;
pub mod lead;
pub mod revision;
pub mod shingle;
pub mod sketch;
pub mod text;
pub mod verify;

pub use bands::BandKeys;
pub use index::MemoryIndex;
pub use lead::{Version, lead};
pub use revision::Revision;
pub use sketch::{Sketch, Sketched, Unsketchable};
pub use text::Copy;
pub use verify::{Comparison, Verdict};
