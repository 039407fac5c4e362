//! A posted release form: read field by field within limits, then
//! checked, with what to fix for each field that fails.
//!
//! Every text field has a limit in characters ([`Limits`]); a value over
//! it is refused with the field named, never cut silently (a headline cut
//! in half would be published so). The form is shown again with what was
//! typed, so nothing is lost but the picture, which the browser must send
//! again.

use super::picture::MAX_BYTES;
use axum::extract::Multipart;
use newsdesk_domain::{Email, Masthead, MastheadId, ReleaseCategory};
use serde::Serialize;

/// The longest value of each field, in characters.
pub struct Limits;

impl Limits {
    /// The organisation's name.
    pub const ORGANISATION: usize = 120;
    /// The contact's name.
    pub const CONTACT: usize = 100;
    /// An email address.
    pub const EMAIL: usize = 254;
    /// A phone number.
    pub const PHONE: usize = 40;
    /// The headline.
    pub const HEADLINE: usize = 150;
    /// The standfirst.
    pub const STANDFIRST: usize = 400;
    /// The body.
    pub const BODY: usize = 20_000;
    /// Any other field (the category, a masthead id, the honeypot, the
    /// form's start token).
    pub const OTHER: usize = 200;
}

/// What the form held, as typed (each value at most its limit plus one
/// character, so an over-long value is known to be over).
#[derive(Debug, Default, Clone, Serialize)]
pub struct Draft {
    /// The organisation.
    pub organisation: String,
    /// The contact's name.
    pub contact_name: String,
    /// Their address.
    pub email: String,
    /// Their phone.
    pub phone: String,
    /// The category's value.
    pub category: String,
    /// The headline.
    pub headline: String,
    /// The standfirst.
    pub standfirst: String,
    /// The body.
    pub body: String,
    /// The masthead ids ticked.
    pub mastheads: Vec<String>,
    /// Whether consent was given.
    pub consent: bool,
    /// The honeypot: people never see it; anything in it came from a bot.
    #[serde(skip)]
    pub website: String,
    /// The signed time the form was shown.
    #[serde(skip)]
    pub started: String,
    /// The picture's bytes, if one was sent.
    #[serde(skip)]
    pub picture: Option<Vec<u8>>,
    /// Fields over their limit, by name.
    #[serde(skip)]
    pub too_long: Vec<&'static str>,
}

/// Why a posted form could not be read at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadError {
    /// Not a multipart form, or a broken one.
    Malformed,
    /// The picture is over [`MAX_BYTES`], or the whole form over its limit.
    TooLarge,
}

fn limit_of(name: &str) -> usize {
    match name {
        "organisation" => Limits::ORGANISATION,
        "contact_name" => Limits::CONTACT,
        "email" => Limits::EMAIL,
        "phone" => Limits::PHONE,
        "headline" => Limits::HEADLINE,
        "standfirst" => Limits::STANDFIRST,
        "body" => Limits::BODY,
        _ => Limits::OTHER,
    }
}

/// The name a field is spoken of by, for a field over its limit.
fn spoken(name: &str) -> &'static str {
    match name {
        "organisation" => "organisation",
        "contact_name" => "contact name",
        "email" => "email address",
        "phone" => "phone number",
        "headline" => "headline",
        "standfirst" => "standfirst",
        "body" => "release text",
        "category" => "category",
        "masthead" => "publication",
        _ => "form",
    }
}

/// Reads the posted form.
pub async fn read(mut form: Multipart) -> Result<Draft, ReadError> {
    let mut draft = Draft::default();
    while let Some(mut field) = form.next_field().await.map_err(|e| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            ReadError::TooLarge
        } else {
            ReadError::Malformed
        }
    })? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "picture" {
            let mut bytes = Vec::new();
            let mut over = false;
            while let Some(chunk) = field.chunk().await.map_err(|_| ReadError::TooLarge)? {
                // Read to the end (within the body limit), keeping nothing
                // past the limit, so the answer reaches the browser.
                over |= bytes.len() + chunk.len() > MAX_BYTES;
                if !over {
                    bytes.extend_from_slice(&chunk);
                }
            }
            if over {
                return Err(ReadError::TooLarge);
            }
            if !bytes.is_empty() {
                draft.picture = Some(bytes);
            }
            continue;
        }
        let limit = limit_of(&name);
        let mut bytes = Vec::new();
        let mut over = false;
        while let Some(chunk) = field.chunk().await.map_err(|_| ReadError::Malformed)? {
            // Four bytes a character at most: past that, it is over.
            if bytes.len() + chunk.len() > limit * 4 + 4 {
                over = true;
                continue;
            }
            bytes.extend_from_slice(&chunk);
        }
        let text = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
        let count = text.chars().count();
        let value: String = text.chars().take(limit + 1).collect();
        if over || count > limit {
            let spoken = spoken(&name);
            if !draft.too_long.contains(&spoken) {
                draft.too_long.push(spoken);
            }
        }
        match name.as_str() {
            "organisation" => draft.organisation = value,
            "contact_name" => draft.contact_name = value,
            "email" => draft.email = value,
            "phone" => draft.phone = value,
            "category" => draft.category = value,
            "headline" => draft.headline = value,
            "standfirst" => draft.standfirst = value,
            "body" => draft.body = value,
            "masthead" if draft.mastheads.len() < 64 => draft.mastheads.push(value),
            "consent" => draft.consent = value == "yes",
            "website" => draft.website = value,
            "started" => draft.started = value,
            _ => {}
        }
    }
    Ok(draft)
}

/// A checked release, ready for the rules and the store.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The organisation.
    pub organisation: String,
    /// The contact's name.
    pub contact_name: String,
    /// Their address.
    pub email: Email,
    /// Their phone; may be empty.
    pub phone: String,
    /// The category.
    pub category: ReleaseCategory,
    /// The headline, on one line.
    pub headline: String,
    /// The standfirst, on one line.
    pub standfirst: String,
    /// The body.
    pub body: String,
    /// The mastheads, each configured, each once.
    pub mastheads: Vec<MastheadId>,
}

/// One line: line breaks and control characters become spaces, runs of
/// spaces one, ends trimmed.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The body without control characters other than line breaks and tabs.
fn clean_body(text: &str) -> String {
    text.chars()
        .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Checks `draft` against the form's rules; on failure, every problem, in
/// the form's order, each saying what to fix.
pub fn check(draft: &Draft, mastheads: &[Masthead]) -> Result<Checked, Vec<String>> {
    let mut problems: Vec<String> = draft
        .too_long
        .iter()
        .map(|name| format!("The {name} is longer than this form takes; please shorten it."))
        .collect();
    let mut required = |value: &str, what: &str| {
        let value = one_line(value);
        if value.is_empty() {
            problems.push(format!("Please give {what}."));
        }
        value
    };
    let organisation = required(&draft.organisation, "the organisation's name");
    let contact_name = required(&draft.contact_name, "a contact name");
    let email = match Email::parse(draft.email.trim()) {
        Ok(email) => Some(email),
        Err(_) => {
            problems.push(
                "Please give an email address we can write to, like name@example.com.".into(),
            );
            None
        }
    };
    let phone = one_line(&draft.phone);
    if !phone
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c))
    {
        problems.push("A phone number has only digits, spaces and + - ( ).".into());
    }
    let category = ReleaseCategory::parse(&draft.category);
    if category.is_none() {
        problems.push("Please choose what the release is about.".into());
    }
    let headline = one_line(&draft.headline);
    if headline.is_empty() {
        problems.push("Please give a headline.".into());
    }
    let standfirst = one_line(&draft.standfirst);
    if standfirst.is_empty() {
        problems.push("Please give a standfirst: one or two sentences that sum it up.".into());
    }
    let body = clean_body(&draft.body);
    if body.is_empty() {
        problems.push("Please write the release's text.".into());
    }
    let mut chosen: Vec<MastheadId> = Vec::new();
    for id in &draft.mastheads {
        if let Some(m) = mastheads.iter().find(|m| m.id.as_str() == id)
            && !chosen.contains(&m.id)
        {
            chosen.push(m.id.clone());
        }
    }
    if chosen.is_empty() {
        problems.push("Please tick at least one publication.".into());
    }
    if !draft.consent {
        problems.push("Please tick the box that allows us to publish the release.".into());
    }
    match (email, category) {
        (Some(email), Some(category)) if problems.is_empty() => Ok(Checked {
            organisation,
            contact_name,
            email,
            phone,
            category,
            headline,
            standfirst,
            body,
            mastheads: chosen,
        }),
        _ => Err(problems),
    }
}
