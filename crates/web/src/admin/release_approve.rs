//! `POST /admin/releases/{id}/approve`: approves a release to be
//! published now (`when=now`) or at a time (`when=later` with `at`, a
//! `datetime-local` value read in the masthead's zone); audited. A time
//! already past publishes it now; a time that cannot be read is refused
//! with what to fix.

use super::csrf::Posted;
use super::release::{ReleasePath, done, fix, refused, zone_of};
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use jiff::civil::DateTime;
use newsdesk_domain::zone_time::format_in_zone;

/// `POST /admin/releases/{id}/approve`.
pub async fn post(
    State(state): State<AppState>,
    Path(path): Path<ReleasePath>,
    form: Posted,
) -> Result<Response, WebError> {
    let id = path.id().ok_or(WebError::NotFound)?;
    let now = state.admin.now();
    let release = match state.store.news_release(id, now).await {
        Ok(release) => release,
        Err(e) => return refused(&state, id, &form.signed, e).await,
    };
    let (zone, _) = zone_of(&state, &release);
    let at = match form.field("when") {
        "now" => now,
        "later" => {
            let typed = form.field("at");
            match typed
                .parse::<DateTime>()
                .ok()
                .and_then(|local| local.to_zoned_datetime(zone.clone()).ok())
            {
                Some(at) => at.timestamp(),
                None => {
                    let words = "The time could not be read: choose a date and a time.";
                    return fix(&state, id, &form.signed, words, None).await;
                }
            }
        }
        _ => {
            return Err(WebError::BadRequest(
                "The form did not say when to publish.",
            ));
        }
    };
    let words = if at <= now {
        "Approved and published now.".to_owned()
    } else {
        format!(
            "Approved: it will be published {}.",
            format_in_zone(at, &zone)
        )
    };
    let result = state
        .store
        .approve_release(id, at, &form.signed.actor(), now)
        .await;
    done(&state, id, &form, result, &words).await
}
