//! The reader's side of the daily email, one action per file: the form on
//! every page ([`subscribe`]), the page that follows it ([`subscribed`]),
//! and the pages a signed link in an email opens ([`confirm`],
//! [`preferences`], [`unsubscribe`]).
//!
//! The rules these pages keep (docs/ARCHITECTURE.md, "The daily email"):
//! - **A GET never changes anything.** Mail scanners and link previews
//!   open every link in an email; a confirmation or an unsubscription
//!   happens only on the POST of the page's button. The one POST that
//!   needs no page is RFC 8058's one-click unsubscription, which mail
//!   providers send themselves.
//! - **Nobody learns whether an address reads the daily email.** The form
//!   answers every well-formed address with the same redirect to the same
//!   page, whether it was new, pending, confirmed or asked a second ago;
//!   whether an email goes out is decided in the database and the email is
//!   sent by another task, so the answer does not take longer when one
//!   does.
//! - **Forms are posted from the site only.** A form POST from another
//!   site is refused by its `Sec-Fetch-Site` header (or, from browsers too
//!   old to send it, its `Origin`), which browsers set and pages cannot
//!   forge; see [`from_this_site`]. No token in the page is needed, so
//!   pages with the form stay shared in the page cache. Links from emails
//!   carry their own signed token; the one-click POST is exempt, since it
//!   comes from a mail provider's server.

pub mod confirm;
pub mod preferences;
pub mod subscribe;
pub mod subscribed;
pub mod unsubscribe;

use crate::error::{OwnPage, WebError};
use crate::masthead::Site;
use crate::site::view::{PageView, SectionChoice};
use crate::state::{AppState, Circulation};
use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use newsdesk_domain::{Masthead, Section};
use serde::Serialize;
use std::sync::Arc;

/// The routes of the daily email, relative to a masthead's site.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/email/subscribe",
            get(subscribe::show).post(subscribe::post),
        )
        .route("/email/subscribed", get(subscribed::show))
        .route(
            "/email/confirm/{token}",
            get(confirm::show).post(confirm::post),
        )
        .route(
            "/email/preferences/{token}",
            get(preferences::show).post(preferences::post),
        )
        .route(
            "/email/unsubscribe/{token}",
            get(unsubscribe::show).post(unsubscribe::post),
        )
}

/// The token in a link's path (named, because under `/m/ID/` the path
/// holds the masthead's id too).
#[derive(Debug, serde::Deserialize)]
pub struct TokenPath {
    /// The signed token.
    pub token: String,
}

/// The site's subscriptions; a masthead without them has no such pages.
pub fn circulation(state: &AppState) -> Result<Arc<Circulation>, WebError> {
    state.circulation.clone().ok_or(WebError::NotFound)
}

/// A form on an email page.
#[derive(Debug, Serialize, Default)]
pub struct FormView {
    /// A paragraph above it.
    pub intro: Option<String>,
    /// Where it posts.
    pub action: String,
    /// The button's words.
    pub button: &'static str,
    /// The button's `action` value.
    pub value: &'static str,
    /// A plain-looking button (for leaving, beside saving).
    pub secondary: bool,
    /// An address field with this value; `None`: no address field.
    pub email: Option<String>,
    /// Section checkboxes.
    pub sections: Vec<SectionChoice>,
    /// Their legend.
    pub sections_legend: &'static str,
    /// Hidden fields.
    pub hidden: Vec<Hidden>,
}

/// A hidden field.
#[derive(Debug, Serialize)]
pub struct Hidden {
    /// Its name.
    pub name: &'static str,
    /// Its value.
    pub value: &'static str,
}

/// A link under an email page's text.
#[derive(Debug, Serialize)]
pub struct LinkView {
    /// Where it goes.
    pub href: String,
    /// Its words.
    pub text: &'static str,
}

/// An email page: a heading, some lines, forms and links.
#[derive(Debug, Serialize)]
pub struct EmailPage {
    /// The frame.
    pub page: PageView,
    /// The heading.
    pub heading: &'static str,
    /// What to fix, on a form shown again.
    pub error: Option<&'static str>,
    /// What just happened.
    pub notice: Option<&'static str>,
    /// Paragraphs.
    pub lines: Vec<String>,
    /// Forms.
    pub forms: Vec<FormView>,
    /// Links.
    pub links: Vec<LinkView>,
}

impl EmailPage {
    /// A page of `site` headed `heading`, without the footer's form (these
    /// pages have their own).
    pub fn new(state: &AppState, site: &Site, heading: &'static str) -> Self {
        let mut page = PageView::new(
            state,
            Some(site),
            &format!("{heading} | {}", site.masthead.name),
        );
        page.subscribe = None;
        Self {
            page,
            heading,
            error: None,
            notice: None,
            lines: Vec::new(),
            forms: Vec::new(),
            links: Vec::new(),
        }
    }

    /// Adds a paragraph.
    pub fn line(mut self, text: impl Into<String>) -> Self {
        self.lines.push(text.into());
        self
    }

    /// Adds a form.
    pub fn form(mut self, form: FormView) -> Self {
        self.forms.push(form);
        self
    }

    /// Adds a link.
    pub fn link(mut self, href: String, text: &'static str) -> Self {
        self.links.push(LinkView { href, text });
        self
    }

    /// Renders it with `status`. These pages are never kept by the cache,
    /// a browser or a proxy (some carry a reader's token), never indexed,
    /// and an error among them is already a whole page.
    pub fn render(
        self,
        state: &AppState,
        site: &Site,
        status: StatusCode,
    ) -> Result<Response, WebError> {
        let html = state
            .templates
            .render(Some(site.masthead.id.as_str()), "email.html", &self)?;
        let mut response = (status, Html(html)).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert("x-robots-tag", HeaderValue::from_static("noindex"));
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
        response.extensions_mut().insert(OwnPage);
        Ok(response)
    }
}

/// The subscription form on its own page, with `email` filled in.
pub fn subscribe_form(site: &Site, email: String, chosen: &[Section]) -> FormView {
    FormView {
        action: site.href("/email/subscribe"),
        button: "Subscribe",
        value: "subscribe",
        email: Some(email),
        sections: SectionChoice::all(&site.masthead, chosen),
        sections_legend: "Only some sections? (all if none is ticked)",
        ..FormView::default()
    }
}

/// Whether a form POST came from a page of this site, by the headers
/// browsers set and pages cannot: `Sec-Fetch-Site` when sent
/// (`same-origin`, or `none` for what the reader typed); else `Origin`,
/// whose host must be the request's `Host`; a request with neither comes
/// from no browser (a browser that sends neither is too old to matter), so
/// no other site can have made a reader's browser send it.
pub fn from_this_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_host = origin
        .to_str()
        .ok()
        .and_then(|o| o.split_once("://"))
        .map(|(_, authority)| authority);
    match (origin_host, host) {
        (Some(origin), Some(host)) => origin.eq_ignore_ascii_case(host),
        _ => false,
    }
}

/// The refusal of a form posted from another site.
pub fn cross_site(state: &AppState, site: &Site) -> Result<Response, WebError> {
    EmailPage::new(state, site, "This form was sent from another site")
        .line("For your safety, this site only takes its forms from its own pages. Use the form below.")
        .form(subscribe_form(site, String::new(), &[]))
        .render(state, site, StatusCode::FORBIDDEN)
}

/// The fields of a posted form, in order (repeated names kept).
pub fn form_fields(body: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(body).into_owned().collect()
}

/// The sections a form ticked that `masthead` shows, each once; anything
/// else is ignored.
pub fn ticked_sections(masthead: &Masthead, fields: &[(String, String)]) -> Vec<Section> {
    let mut chosen = Vec::new();
    for (name, value) in fields {
        if name != "section" {
            continue;
        }
        if let Ok(section) = Section::parse(value)
            && masthead.sections.contains(&section)
            && !chosen.contains(&section)
        {
            chosen.push(section);
        }
    }
    chosen
}

/// A field's first value.
pub fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// The reader a signed link names, when they read this site's masthead;
/// `None` for anyone else (a reader since deleted, or another masthead's).
pub async fn reader_of(
    state: &AppState,
    site: &Site,
    id: newsdesk_domain::SubscriberId,
) -> Result<Option<newsdesk_store::Subscriber>, WebError> {
    match state.store.subscriber(id).await {
        Ok(reader) if reader.masthead == site.masthead.id => Ok(Some(reader)),
        Ok(_) | Err(newsdesk_store::StoreError::NotFound(_)) => Ok(None),
        Err(other) => Err(other.into()),
    }
}

/// The reader a signed link for `purpose` names, when the link is
/// genuine and the reader reads this masthead; `None` otherwise.
pub async fn reader_by_link(
    state: &AppState,
    site: &Site,
    purpose: newsdesk_mail::Purpose,
    token: &str,
) -> Result<Option<newsdesk_store::Subscriber>, WebError> {
    let Some(id) = circulation(state)?.signer.verify(purpose, token) else {
        return Ok(None);
    };
    reader_of(state, site, id).await
}

/// A reader's preferences page.
pub fn preferences_href(
    site: &Site,
    circulation: &Circulation,
    id: newsdesk_domain::SubscriberId,
) -> String {
    site.href(&format!(
        "/email/preferences/{}",
        circulation
            .signer
            .sign(newsdesk_mail::Purpose::Preferences, id)
    ))
}

/// The page for a link that is not one of ours (or names nobody now).
pub fn bad_link(state: &AppState, site: &Site) -> Result<Response, WebError> {
    EmailPage::new(state, site, "This link is not valid")
        .line("This link does not work: it may have been cut short when it was copied. Open it again from the email, or subscribe below.")
        .form(subscribe_form(site, String::new(), &[]))
        .render(state, site, StatusCode::BAD_REQUEST)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn forms_are_taken_from_this_site_only() {
        assert!(from_this_site(&headers(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
        assert!(from_this_site(&headers(&[("sec-fetch-site", "none")])));
        assert!(!from_this_site(&headers(&[(
            "sec-fetch-site",
            "cross-site"
        )])));
        assert!(!from_this_site(&headers(&[(
            "sec-fetch-site",
            "same-site"
        )])));
        assert!(!from_this_site(&headers(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "http://news.example"),
            ("host", "news.example"),
        ])));
        assert!(from_this_site(&headers(&[
            ("origin", "https://News.Example"),
            ("host", "news.example"),
        ])));
        assert!(!from_this_site(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "news.example"),
        ])));
        assert!(!from_this_site(&headers(&[
            ("origin", "null"),
            ("host", "news.example")
        ])));
        assert!(from_this_site(&headers(&[])), "no browser sent it");
    }
}
