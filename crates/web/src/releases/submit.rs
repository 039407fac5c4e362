//! `POST /releases/submit`: a release is sent.
//!
//! In order, each check cheaper than the next, each refusal a page that
//! says what to do (never a 500, and nothing stored before is touched):
//! 1. a form from another site is refused;
//! 2. the form is read within its limits (a picture over 5 MB or a broken
//!    form: the form again);
//! 3. the honeypot: anything in it means a bot, which is answered as if
//!    all went well and nothing is kept;
//! 4. the fill time, from the form's signed start;
//! 5. the fields, each with what to fix;
//! 6. the rate limits, per client address and per email, counted in the
//!    database;
//! 7. the picture, made safe ([`super::picture`]), on a blocking thread;
//! 8. the content rules, which only flag;
//! 9. stored, unconfirmed, with its confirmation email due; the sender is
//!    woken, and the browser sent to [`super::sent`].

use super::form::{FormPage, MAX_OPEN};
use super::picture::{self, PictureError};
use super::submission::{self, Draft, ReadError};
use super::{intake, rules};
use crate::client::ClientAddress;
use crate::email::{EmailPage, from_this_site};
use crate::error::WebError;
use crate::masthead::Site;
use crate::state::AppState;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::{SignedDuration, Timestamp};
use newsdesk_domain::ReleaseId;
use newsdesk_mail::Purpose;
use newsdesk_store::{NewRelease, ReleaseText, Submitter};

/// The window the rate limits (`[releases]`, [`crate::state::ReleaseLimits`])
/// count over.
pub const RATE_WINDOW: SignedDuration = SignedDuration::from_hours(1);

/// Earlier releases the near-copy rule compares with.
const COMPARED: u32 = 500;

/// `POST /releases/submit`.
pub async fn post(
    State(state): State<AppState>,
    site: Site,
    client: ClientAddress,
    headers: HeaderMap,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, WebError> {
    let intake = intake(&state)?;
    let now = Timestamp::now();
    let again = |draft: Draft, problems: Vec<String>, status: StatusCode| {
        FormPage::new(&state, &site, draft, problems, now)?.render(&state, &site, status)
    };
    if !from_this_site(&headers) {
        return again(
            Draft::default(),
            vec!["For your safety, this site only takes its forms from its own pages. Please send the release from this form.".into()],
            StatusCode::FORBIDDEN,
        );
    }
    let Ok(form) = form else {
        return again(
            Draft::default(),
            vec!["The form could not be read. Please fill it in and send it again.".into()],
            StatusCode::BAD_REQUEST,
        );
    };
    let mut draft = match submission::read(form).await {
        Ok(draft) => draft,
        Err(ReadError::TooLarge) => {
            return again(
                Draft::default(),
                vec![PictureError::TooLarge.to_string()],
                StatusCode::PAYLOAD_TOO_LARGE,
            );
        }
        Err(ReadError::Malformed) => {
            return again(
                Draft::default(),
                vec!["The form could not be read. Please fill it in and send it again.".into()],
                StatusCode::BAD_REQUEST,
            );
        }
    };
    if !draft.website.is_empty() {
        tracing::info!(client = client.0, "release form honeypot filled");
        return Ok(to_sent(&site));
    }
    match intake
        .signer
        .verify_at::<ReleaseId>(Purpose::ReleaseForm, &draft.started)
    {
        Some((_, shown)) if shown + intake.release_limits.min_fill > now => {
            return again(
                draft,
                vec!["That was quicker than anyone can check a release. Please read it through once more, then send it.".into()],
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
        Some((_, shown)) if shown + MAX_OPEN >= now => {}
        _ => {
            return again(
                draft,
                vec![
                    "This form was open too long to be sent. Please check it and send it again."
                        .into(),
                ],
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    }
    let checked = match submission::check(&draft, &state.mastheads) {
        Ok(checked) => checked,
        Err(problems) => return again(draft, problems, StatusCode::UNPROCESSABLE_ENTITY),
    };
    let since = now - RATE_WINDOW;
    let (by_client, by_email) = state
        .store
        .recent_submissions(&client.0, &checked.email, since)
        .await?;
    let limits = intake.release_limits;
    if by_client >= limits.per_client_per_hour || by_email >= limits.per_email_per_hour {
        return EmailPage::new(&state, &site, "Too many releases at once")
            .line("Thank you: we already have several releases from you this hour. Please wait an hour before sending another one, or write to the newsroom if it cannot wait.")
            .link(site.href("/"), "Go to the front page")
            .render(&state, &site, StatusCode::TOO_MANY_REQUESTS);
    }
    let pictures = match draft.picture.take() {
        None => Vec::new(),
        Some(upload) => {
            let made = tokio::task::spawn_blocking(move || picture::prepare(&upload))
                .await
                .unwrap_or(Err(PictureError::Broken));
            match made {
                Ok(pictures) => pictures,
                Err(problem) => {
                    return again(
                        draft,
                        vec![problem.to_string()],
                        StatusCode::UNPROCESSABLE_ENTITY,
                    );
                }
            }
        }
    };
    let earlier = state.store.recent_fingerprints(COMPARED).await?;
    let findings = rules::check(
        &checked.headline,
        &checked.standfirst,
        &checked.body,
        &earlier,
    );
    let release = NewRelease {
        text: ReleaseText {
            organisation: checked.organisation,
            category: checked.category,
            headline: checked.headline,
            standfirst: checked.standfirst,
            body: checked.body,
        },
        submitter: Submitter {
            contact_name: checked.contact_name,
            email: checked.email,
            phone: checked.phone,
            client: client.0,
        },
        mastheads: checked.mastheads,
        pictures,
        flags: findings.flags,
        near_copy_of: findings.near_copy_of,
        fingerprint: findings.fingerprint,
    };
    state.store.submit_release(&release, now).await?;
    intake.wake.notify_one();
    Ok(to_sent(&site))
}

/// The redirect to the page that says to check one's email.
fn to_sent(site: &Site) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(location) = HeaderValue::try_from(site.href("/releases/sent")) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
