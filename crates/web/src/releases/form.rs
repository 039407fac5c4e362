//! `GET /releases/submit`: the form, on a page that may be cached and
//! shared like any other.
//!
//! The page carries the time it was rendered, signed ([`Purpose::ReleaseForm`]);
//! the POST refuses a form sent sooner than `releases.min_fill_secs` after it, or
//! later than [`MAX_OPEN`]. A page served from the cache carries an older
//! time than the visit, so a cached page can only make a fast sender look
//! slower: the rule then errs towards letting a person through, and the
//! confirmation by email (which no bot gets past without a mailbox) and
//! the rate limits stand behind it. The cached life of any page is short
//! (`web.page_max_age`), so the gap stays small.

use super::intake;
use super::submission::{Draft, Limits};
use crate::error::WebError;
use crate::masthead::Site;
use crate::site::view::PageView;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use jiff::{SignedDuration, Timestamp};
use newsdesk_domain::{ReleaseCategory, ReleaseId};
use newsdesk_mail::Purpose;
use serde::Serialize;

/// The most time a form may stay open before it must be sent again.
pub const MAX_OPEN: SignedDuration = SignedDuration::from_hours(24);

/// A choice in a list of boxes or options.
#[derive(Debug, Serialize)]
pub struct Choice {
    /// The form's value.
    pub value: String,
    /// What people read.
    pub name: String,
    /// Ticked or selected.
    pub checked: bool,
}

/// The form page.
#[derive(Debug, Serialize)]
pub struct FormPage {
    /// The frame.
    pub page: PageView,
    /// Where it posts.
    pub action: String,
    /// What was typed (empty on a first visit).
    pub draft: Draft,
    /// What to fix.
    pub problems: Vec<String>,
    /// The categories.
    pub categories: Vec<Choice>,
    /// The network's mastheads.
    pub mastheads: Vec<Choice>,
    /// The signed start time.
    pub started: String,
    /// Each field's limit.
    pub limits: FieldLimits,
}

/// The fields' limits, for `maxlength`.
#[derive(Debug, Serialize)]
pub struct FieldLimits {
    organisation: usize,
    contact_name: usize,
    email: usize,
    phone: usize,
    headline: usize,
    standfirst: usize,
    body: usize,
}

impl FormPage {
    /// The form of `site`, holding `draft`, with `problems` above it.
    pub fn new(
        state: &AppState,
        site: &Site,
        draft: Draft,
        problems: Vec<String>,
        now: Timestamp,
    ) -> Result<Self, WebError> {
        let intake = intake(state)?;
        let mut page = PageView::new(
            state,
            Some(site),
            &format!("Submit a news release | {}", site.masthead.name),
        );
        page.canonical = Some(site.absolute("/releases/submit"));
        let fresh = draft.mastheads.is_empty() && draft.headline.is_empty();
        Ok(Self {
            page,
            action: site.href("/releases/submit"),
            categories: ReleaseCategory::ALL
                .into_iter()
                .map(|c| Choice {
                    value: c.as_str().to_owned(),
                    name: c.display_name().to_owned(),
                    checked: draft.category == c.as_str(),
                })
                .collect(),
            mastheads: state
                .mastheads_now()
                .iter()
                .map(|m| Choice {
                    value: m.id.to_string(),
                    name: m.name.clone(),
                    checked: draft.mastheads.iter().any(|d| d == m.id.as_str())
                        || (fresh && m.id == site.masthead.id),
                })
                .collect(),
            started: intake
                .signer
                .sign_at(Purpose::ReleaseForm, ReleaseId(0), now),
            limits: FieldLimits {
                organisation: Limits::ORGANISATION,
                contact_name: Limits::CONTACT,
                email: Limits::EMAIL,
                phone: Limits::PHONE,
                headline: Limits::HEADLINE,
                standfirst: Limits::STANDFIRST,
                body: Limits::BODY,
            },
            draft,
            problems,
        })
    }

    /// Renders it: a first visit may be cached; a form shown again with
    /// what someone typed never is.
    pub fn render(
        self,
        state: &AppState,
        site: &Site,
        status: StatusCode,
    ) -> Result<Response, WebError> {
        let html =
            state
                .templates
                .render(Some(site.masthead.id.as_str()), "releases/form.html", &self)?;
        if status == StatusCode::OK {
            return Ok(crate::site::view::html_page(
                html,
                crate::cache::Cacheable::LIST,
            ));
        }
        let mut response = (status, Html(html)).into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response.extensions_mut().insert(crate::error::OwnPage);
        Ok(response)
    }
}

/// `GET /releases/submit`.
pub async fn show(State(state): State<AppState>, site: Site) -> Result<Response, WebError> {
    FormPage::new(
        &state,
        &site,
        Draft::default(),
        Vec::new(),
        Timestamp::now(),
    )?
    .render(&state, &site, StatusCode::OK)
}
