//! `GET /email/subscribe`: the form on a page of its own (where a reader
//! whose link expired starts again); `POST /email/subscribe`: a reader asks
//! for the daily email.
//!
//! A well-formed address is always answered with the same redirect to
//! [`super::subscribed`], whatever the address's standing; the store
//! decides, in one statement, whether a confirmation email is due (a new or
//! pending address, at most once per `mail.confirm_every_mins`), and the
//! sender is woken to send it. An address that cannot be one (empty, too
//! long, with spaces or line breaks, not `name@domain`) is shown the form
//! again with what to fix, as a 422, and nothing is recorded.
//!
//! Before any of that, the post counts against its client address: past
//! `mail.subscribe_per_client_per_hour` posts in the hour, the answer is a
//! 429 with `Retry-After`, the same for every address, and nothing about
//! the address typed is recorded.

use super::{
    EmailPage, circulation, cross_site, field, form_fields, from_this_site, subscribe_form,
    ticked_sections,
};
use crate::client::ClientAddress;
use crate::error::WebError;
use crate::masthead::Site;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use newsdesk_domain::Email;
use newsdesk_domain::subscriber::EmailError;
use newsdesk_store::Subscribed;

/// `GET /email/subscribe`.
pub async fn show(State(state): State<AppState>, site: Site) -> Result<Response, WebError> {
    circulation(&state)?;
    EmailPage::new(&state, &site, "The daily email")
        .line(format!(
            "Get a daily dose of {} news through our daily email: the day's top stories, every morning. It is free, and every email has a link to leave in one click.",
            site.masthead.name
        ))
        .form(subscribe_form(&site, String::new(), &[]))
        .render(&state, &site, StatusCode::OK)
}

/// `POST /email/subscribe`.
pub async fn post(
    State(state): State<AppState>,
    site: Site,
    client: ClientAddress,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    let circulation = circulation(&state)?;
    if !from_this_site(&headers) {
        return cross_site(&state, &site);
    }
    let now = Timestamp::now();
    let posts = state.store.count_client_post(FORM, &client.0, now).await?;
    if posts > circulation.per_client_per_hour {
        if posts == circulation.per_client_per_hour + 1 {
            tracing::info!(
                client = client.0,
                "subscribe form: client over its hourly limit"
            );
        }
        let mut response = EmailPage::new(&state, &site, "The daily email")
            .line("Thank you: we have had many sign-ups from your network this hour. Please try again in an hour.".to_owned())
            .link(site.href("/"), "Go to the front page")
            .render(&state, &site, StatusCode::TOO_MANY_REQUESTS)?;
        let headers = response.headers_mut();
        headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after(now)));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return Ok(response);
    }
    let fields = form_fields(&body);
    let typed = field(&fields, "email").unwrap_or_default();
    let sections = ticked_sections(&site.masthead, &fields);
    let email = match Email::parse(typed) {
        Ok(email) => email,
        Err(problem) => {
            return EmailPage {
                error: Some(what_to_fix(&problem)),
                ..EmailPage::new(&state, &site, "The daily email")
            }
            .form(subscribe_form(&site, typed.to_owned(), &sections))
            .render(&state, &site, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let subscribed = state
        .store
        .request_subscription(
            &site.masthead.id,
            &email,
            &sections,
            now,
            circulation.confirm_every,
        )
        .await?;
    if matches!(subscribed, Subscribed::ConfirmationDue(..)) {
        circulation.wake.notify_one();
    }
    let mut response = StatusCode::SEE_OTHER.into_response();
    let location =
        HeaderValue::try_from(site.href("/email/subscribed")).map_err(|_| WebError::NotFound)?;
    response.headers_mut().insert(header::LOCATION, location);
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// The form's name in the counts per client.
const FORM: &str = "subscribe";

/// Seconds until the next hour of unix time, when the count starts again.
fn retry_after(now: Timestamp) -> u32 {
    let into = now.as_second().rem_euclid(3_600);
    u32::try_from(3_600 - into).unwrap_or(3_600)
}

/// What the reader should change in an address that cannot be one.
fn what_to_fix(problem: &EmailError) -> &'static str {
    match problem {
        EmailError::Empty => "Please type your email address.",
        EmailError::TooLong => "That address is longer than an email address can be.",
        EmailError::Forbidden => {
            "An email address has no spaces or line breaks in it. Please check what you typed."
        }
        EmailError::Shape => {
            "That does not look like an email address; it should read like name@example.com."
        }
    }
}
