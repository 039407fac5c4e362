//! Forms posted to the admin: the [`Posted`] extractor every admin POST
//! takes.
//!
//! Three checks, each enough alone against a forged form, all kept:
//! 1. the session (as for any admin page, with its role);
//! 2. Fetch Metadata: the browser's `Sec-Fetch-Site` (or `Origin`) says
//!    the form came from this site ([`crate::email::from_this_site`]);
//! 3. the form's hidden `form_token` equals the session's: a value derived
//!    from the cookie's secret, which no other site can read, so no other
//!    site can write it; a form from before the last sign-in carries a
//!    stale one.
//!
//! A check that fails answers with a 403 page ([`super::page::stale_form`])
//! and changes nothing. The body is read up to [`MAX_FORM_BYTES`]; a field
//! longer than [`super::MAX_FIELD_BYTES`] is refused as it is read.

use super::page;
use super::password::same;
use super::session::{AnyRole, Need, Signed};
use crate::email::{form_fields, from_this_site};
use crate::state::AppState;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::response::{IntoResponse, Response};

/// The largest form body taken.
pub const MAX_FORM_BYTES: usize = 256 * 1024;

/// The one field longer than [`super::MAX_FIELD_BYTES`] may be: a news
/// release's body, which its edit form checks in characters.
pub const LONG_FIELD: &str = "body";

/// The longest [`LONG_FIELD`] taken, in bytes (four for each of a
/// release body's characters at most).
pub const MAX_LONG_FIELD_BYTES: usize = 4 * crate::releases::submission::Limits::BODY;

/// The name of the hidden field that carries the form token.
pub const TOKEN_FIELD: &str = "form_token";

/// A form posted by the person signed in, checked.
#[derive(Debug)]
pub struct Posted<N: Need = AnyRole> {
    /// Who sent it.
    pub signed: Signed<N>,
    /// Its fields, in order.
    pub fields: Vec<(String, String)>,
}

impl<N: Need> Posted<N> {
    /// A field's first value (empty when absent).
    pub fn field(&self, name: &str) -> &str {
        field(&self.fields, name)
    }
}

/// A field's first value in `fields` (empty when absent).
pub fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    crate::email::field(fields, name).unwrap_or_default()
}

impl<N: Need> FromRequest<AppState> for Posted<N> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        let signed = Signed::<N>::from_request_parts(&mut parts, state).await?;
        if !from_this_site(&parts.headers) {
            return Err(page::stale_form(state));
        }
        let fields = read_form(Request::from_parts(parts, body), state).await?;
        let sent = field(&fields, TOKEN_FIELD);
        if sent.is_empty() || !same(sent, &signed.form_token) {
            return Err(page::stale_form(state));
        }
        Ok(Self { signed, fields })
    }
}

/// A form's fields, each at most [`super::MAX_FIELD_BYTES`] (but
/// [`LONG_FIELD`]); a body too
/// large or a field too long is answered with what to fix.
pub async fn read_form(
    request: Request,
    state: &AppState,
) -> Result<Vec<(String, String)>, Response> {
    let body = axum::body::to_bytes(request.into_body(), MAX_FORM_BYTES)
        .await
        .map_err(|_| page::bad_field(state, "The form is larger than the admin takes."))?;
    let fields = form_fields(&body);
    if fields.iter().any(|(name, value)| {
        let most = if name == LONG_FIELD {
            MAX_LONG_FIELD_BYTES
        } else {
            super::MAX_FIELD_BYTES
        };
        name.len() > 64 || value.len() > most
    }) {
        return Err(page::bad_field(
            state,
            "A field is longer than the admin takes; shorten it.",
        ));
    }
    Ok(fields)
}

/// Refuses a form from another site with the same 403 as a stale token
/// (for forms with no session: sign-in, invitation).
pub fn cross_site(state: &AppState) -> Response {
    page::stale_form(state).into_response()
}
