//! What a dateline says, once parsed.

use serde::Serialize;

/// A parsed dateline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dateline {
    /// The dateline as written, without the separator:
    /// `Port Louis [Mauritius], March 12 (ANI)`.
    pub text: String,
    /// The place: "Port Louis". Places written in capitals take the
    /// gazetteer's spelling, or title case: "WASHINGTON" gives
    /// "Washington", "DAR ES SALAAM" gives "Dar es Salaam".
    pub place: String,
    /// The region as written, when one is named: "Uttar Pradesh" in
    /// `Lucknow (Uttar Pradesh) [India]`, "Texas" in `AUSTIN, Texas`.
    pub region: Option<String>,
    /// The country as the dateline names it ("Mauritius"), else the
    /// gazetteer's name for the place's country.
    pub country: Option<String>,
    /// ISO 3166-1 alpha-2 code of the named country if one is named
    /// (and known), else of the place per the gazetteer.
    pub country_code: Option<String>,
    /// Where the place lies: the gazetteer's name of its country
    /// ("India" for `Port Blair [Mauritius]`). The named country when the
    /// place lies there too or the gazetteer does not know the place.
    pub place_country: Option<String>,
    /// ISO 3166-1 alpha-2 code of [`Dateline::place_country`]: where the
    /// story happened, whatever the dateline names ("IN" for `Port Blair
    /// [Mauritius]`). A place whose name is in several countries is taken
    /// in the named country when it is one of them, else in the named
    /// region's country, else where the most populous place of that name
    /// lies.
    pub place_country_code: Option<String>,
    /// The agency as written: "ANI", "AP", "Reuters", "ANI/WAM".
    pub agency: Option<String>,
    /// The date as "MM-DD": "03-12".
    pub date: Option<String>,
    /// False only when the place is known to lie in another country than
    /// the one named (`Port Blair [Mauritius]`: Port Blair is in India).
    pub consistent: bool,
}

/// A dateline found at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Found {
    /// The dateline.
    pub dateline: Dateline,
    /// Byte offset where the body text starts (after the separator and
    /// spaces); always a character boundary of the paragraph.
    pub body_start: usize,
}
