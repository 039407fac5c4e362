//! Turning what a row holds into our types: times are whole seconds since
//! the epoch on both backends, and a value the store itself wrote that no
//! longer reads back is [`StoreError::Corrupt`]; and the numbered
//! placeholders of a list of bound values.

use crate::StoreError;
use jiff::Timestamp;

/// A value read back from the database that does not make sense.
pub(crate) fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

/// A stored time.
pub(crate) fn ts(seconds: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_second(seconds).map_err(|e| corrupt(format!("time {seconds}: {e}")))
}

/// A stored time that may be missing; one out of range reads as missing.
pub(crate) fn to_ts(seconds: Option<i64>) -> Option<Timestamp> {
    seconds.and_then(|s| Timestamp::from_second(s).ok())
}

/// `$FIRST, $FIRST+1, …` for `count` bound values: an `IN (...)` list.
pub(crate) fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}
