//! Delivery status notifications (RFC 3464): the reports a mail server
//! sends back when it could not deliver, read for `newsdesk mail bounce`.
//!
//! A report is a `multipart/report; report-type=delivery-status` message.
//! Its `message/delivery-status` part holds one group of fields for the
//! message, then one per recipient: `Final-Recipient` (the address),
//! `Action` (`failed`, `delayed`, ...) and `Status` (`5.x.x` permanent,
//! `4.x.x` temporary). A third part, when the server included it, is the
//! original message or its headers: its `List-Id` names the masthead the
//! digest came from.
//!
//! [`read`] only reads: it says what the report means and changes
//! nothing. A file that is not such a report is [`MailError::NotAReport`],
//! with the reason, before anything is counted.

use crate::MailError;
use newsdesk_domain::{Email, MastheadId};

/// What a delivery status notification says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryReport {
    /// One entry per recipient the report is about.
    pub recipients: Vec<RecipientStatus>,
    /// The masthead of the original message, from its `List-Id`, when the
    /// report carries the original's headers and they are ours.
    pub masthead: Option<MastheadId>,
}

/// One recipient's fate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipientStatus {
    /// The address (`Final-Recipient`, else `Original-Recipient`).
    pub address: Email,
    /// `Action`, in lower case: `failed`, `delayed`, `delivered`, ...
    pub action: String,
    /// `Status`: `5.1.1`, `4.2.2`, ...
    pub status: String,
}

impl RecipientStatus {
    /// A permanent failure: the address refused for good (`failed`, `5.x.x`).
    pub fn is_permanent(&self) -> bool {
        self.action == "failed" && self.status.starts_with('5')
    }
}

/// Reads a delivery status notification from a whole message.
pub fn read(message: &[u8]) -> Result<DeliveryReport, MailError> {
    let not = |why: String| MailError::NotAReport(why);
    let text = String::from_utf8_lossy(message).replace("\r\n", "\n");
    let (headers, body) = split_entity(&text);
    let headers = fields(headers);
    let content_type = field(&headers, "content-type")
        .ok_or_else(|| not("it has no Content-Type: it is not a MIME report".into()))?;
    let (kind, params) = content_type_of(content_type);
    let report_type = params.iter().find(|(k, _)| k == "report-type");
    if kind != "multipart/report"
        || !report_type.is_some_and(|(_, v)| v.eq_ignore_ascii_case("delivery-status"))
    {
        return Err(not(format!(
            "its type is {kind}, not multipart/report with report-type=delivery-status"
        )));
    }
    let boundary = params
        .iter()
        .find(|(k, _)| k == "boundary")
        .map(|(_, v)| v.as_str())
        .filter(|b| !b.is_empty())
        .ok_or_else(|| not("its Content-Type has no boundary".into()))?;

    let mut recipients = None;
    let mut masthead = None;
    for part in parts(body, boundary) {
        let (part_headers, part_body) = split_entity(part);
        let part_headers = fields(part_headers);
        let kind = field(&part_headers, "content-type")
            .map(|t| content_type_of(t).0)
            .unwrap_or_else(|| "text/plain".into());
        match kind.as_str() {
            "message/delivery-status" | "message/global-delivery-status" => {
                recipients = Some(statuses(part_body)?);
            }
            "message/rfc822" | "text/rfc822-headers" | "message/global-headers" => {
                let (original, _) = split_entity(part_body);
                masthead = field(&fields(original), "list-id").and_then(masthead_of_list);
            }
            _ => {}
        }
    }
    let recipients =
        recipients.ok_or_else(|| not("it has no message/delivery-status part".into()))?;
    if recipients.is_empty() {
        return Err(not("its delivery status names no recipient".into()));
    }
    Ok(DeliveryReport {
        recipients,
        masthead,
    })
}

/// The per-recipient groups of a `message/delivery-status` body.
fn statuses(body: &str) -> Result<Vec<RecipientStatus>, MailError> {
    let mut groups = body
        .split("\n\n")
        .map(|g| g.trim_matches(['\n', ' ', '\t']))
        .filter(|g| !g.is_empty());
    // The first group is about the message as a whole.
    groups.next();
    let mut found = Vec::new();
    for group in groups {
        let group = fields(group);
        let Some(recipient) =
            field(&group, "final-recipient").or_else(|| field(&group, "original-recipient"))
        else {
            continue;
        };
        // `rfc822; reader@mail.example`: the address type, then the address.
        let address = recipient
            .split_once(';')
            .map_or(recipient, |(_, a)| a)
            .trim()
            .trim_matches(['<', '>']);
        let address = Email::parse(address).map_err(|e| {
            MailError::NotAReport(format!("its recipient {address:?} is not an address: {e}"))
        })?;
        let action = field(&group, "action")
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        // A status may carry a comment: `5.1.1 (no such mailbox)`.
        let status = field(&group, "status")
            .and_then(|s| s.split_whitespace().next())
            .unwrap_or_default()
            .to_owned();
        let well_formed = status.split('.').count() == 3
            && status.split('.').all(|n| n.parse::<u16>().is_ok())
            && matches!(status.as_bytes().first(), Some(b'2' | b'4' | b'5'));
        if action.is_empty() || !well_formed {
            return Err(MailError::NotAReport(format!(
                "the entry for {address} lacks an Action or a Status such as 5.1.1"
            )));
        }
        found.push(RecipientStatus {
            address,
            action,
            status,
        });
    }
    Ok(found)
}

/// The masthead of our `List-Id`: `Name daily email <digest.ID.domain>`.
fn masthead_of_list(list_id: &str) -> Option<MastheadId> {
    let inside = list_id.rsplit_once('<')?.1.split_once('>')?.0;
    let id = inside.strip_prefix("digest.")?.split('.').next()?;
    MastheadId::parse(id).ok()
}

/// An entity's header block and body (split at the first empty line).
fn split_entity(text: &str) -> (&str, &str) {
    let text = text.strip_prefix('\n').unwrap_or(text);
    text.split_once("\n\n").unwrap_or((text, ""))
}

/// Header fields, unfolded, names in lower case.
fn fields(block: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in block.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = out.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            out.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    out
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// A Content-Type's type (lower case) and its parameters (names in lower
/// case, values unquoted).
fn content_type_of(value: &str) -> (String, Vec<(String, String)>) {
    let mut pieces = value.split(';');
    let kind = pieces
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let params = pieces
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| {
            (
                k.trim().to_ascii_lowercase(),
                v.trim().trim_matches('"').to_owned(),
            )
        })
        .collect();
    (kind, params)
}

/// The parts of a multipart body, between its boundary lines.
fn parts<'a>(body: &'a str, boundary: &str) -> Vec<&'a str> {
    let open = format!("--{boundary}");
    let mut found = Vec::new();
    let mut start = None;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == open || bare == format!("{open}--") {
            if let Some(from) = start {
                // The line break before a boundary belongs to the boundary.
                let part = &body[from..offset];
                found.push(part.strip_suffix('\n').unwrap_or(part));
            }
            if bare != open {
                return found;
            }
            start = Some(offset + line.len());
        }
        offset += line.len();
    }
    found
}
