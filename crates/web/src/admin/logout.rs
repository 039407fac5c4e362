//! `POST /admin/logout`: ends the session, here and in the database, and
//! goes back to the sign-in page.

use super::csrf::Posted;
use super::session::{clear_cookie, see_other};
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::Response;

/// `POST /admin/logout`.
pub async fn post(State(state): State<AppState>, form: Posted) -> Result<Response, WebError> {
    state.store.close_session(&form.signed.session).await?;
    let mut response = see_other("/admin/login");
    response
        .headers_mut()
        .insert(header::SET_COOKIE, clear_cookie());
    Ok(response)
}
