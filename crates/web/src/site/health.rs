//! Readiness: answers once the database answers.

use crate::error::WebError;
use crate::state::AppState;
use axum::extract::State;

/// `GET /healthz`: `ok` when the store can be read.
pub async fn check(State(state): State<AppState>) -> Result<&'static str, WebError> {
    state.store.count_stories().await?;
    Ok("ok")
}
