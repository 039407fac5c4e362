//! `GET /email/preferences/TOKEN`: a reader's sections, and a way out;
//! `POST` saves the sections ticked, or (its second button) leaves.
//!
//! Reached by the signed link in every digest and on the page that
//! confirms a subscription. The link never expires, like the unsubscribe
//! link beside it. Only a confirmed reader has sections to change: a
//! pending one is asked to confirm first, a departed one is offered the
//! form again.

use super::{
    EmailPage, FormView, TokenPath, bad_link, cross_site, field, form_fields, from_this_site,
    reader_by_link, reader_of, subscribe_form, ticked_sections,
};
use crate::error::WebError;
use crate::masthead::Site;
use crate::site::view::SectionChoice;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use newsdesk_domain::SubscriberStatus;
use newsdesk_mail::Purpose;
use newsdesk_store::Subscriber;

/// The page for `reader` as they stand, with `notice` on top.
fn page(
    state: &AppState,
    site: &Site,
    token: &str,
    reader: &Subscriber,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let action = site.href(&format!("/email/preferences/{token}"));
    let page = match reader.status {
        SubscriberStatus::Confirmed => EmailPage {
            notice,
            ..EmailPage::new(state, site, "Your daily email")
        }
        .line(format!(
            "{} gets {}'s daily email. Tick the sections you want in it; with none ticked, you get every section.",
            reader.email, site.masthead.name
        ))
        .form(FormView {
            action: action.clone(),
            button: "Save my sections",
            value: "save",
            sections: SectionChoice::all(&site.masthead, &reader.sections),
            sections_legend: "Sections",
            ..FormView::default()
        })
        .form(FormView {
            intro: Some(
                "Had enough? You can leave at once, and come back whenever you like.".into(),
            ),
            action,
            button: "Unsubscribe",
            value: "leave",
            secondary: true,
            ..FormView::default()
        }),
        SubscriberStatus::Pending => EmailPage::new(state, site, "Confirm your address first")
            .line("This address has not been confirmed yet. Open the link in the confirmation email we sent it; then you can choose your sections here."),
        SubscriberStatus::Unsubscribed => EmailPage {
            notice,
            ..EmailPage::new(state, site, "You have left the daily email")
        }
        .line(format!(
            "{} no longer gets {}'s daily email. To come back, subscribe again below.",
            reader.email, site.masthead.name
        ))
        .form(subscribe_form(site, reader.email.to_string(), &reader.sections)),
    };
    page.render(state, site, StatusCode::OK)
}

/// `GET /email/preferences/TOKEN`.
pub async fn show(
    State(state): State<AppState>,
    site: Site,
    Path(TokenPath { token }): Path<TokenPath>,
) -> Result<Response, WebError> {
    match reader_by_link(&state, &site, Purpose::Preferences, &token).await? {
        Some(reader) => page(&state, &site, &token, &reader, None),
        None => bad_link(&state, &site),
    }
}

/// `POST /email/preferences/TOKEN`: `action=save` with the sections
/// ticked, or `action=leave`.
pub async fn post(
    State(state): State<AppState>,
    site: Site,
    headers: HeaderMap,
    Path(TokenPath { token }): Path<TokenPath>,
    body: Bytes,
) -> Result<Response, WebError> {
    if !from_this_site(&headers) {
        return cross_site(&state, &site);
    }
    let Some(reader) = reader_by_link(&state, &site, Purpose::Preferences, &token).await? else {
        return bad_link(&state, &site);
    };
    let id = reader.id;
    let fields = form_fields(&body);
    let notice = if field(&fields, "action") == Some("leave") {
        state.store.unsubscribe(id).await?;
        Some("Done: you will get no more of these emails.")
    } else {
        let sections = ticked_sections(&site.masthead, &fields);
        state
            .store
            .set_subscriber_sections(id, &sections)
            .await?
            .then_some("Saved: your next daily email has these sections.")
    };
    match reader_of(&state, &site, id).await? {
        Some(reader) => page(&state, &site, &token, &reader, notice),
        None => bad_link(&state, &site),
    }
}
