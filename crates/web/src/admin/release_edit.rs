//! `POST /admin/releases/{id}/edit`: an editor's changes to a release's
//! headline, standfirst, body and category, before it is published;
//! audited with the words before and after. A field that is empty or too
//! long is refused with what to fix, and what was typed is shown again.

use super::csrf::Posted;
use super::release::{EditForm, ReleasePath, done, fix, refused};
use crate::error::WebError;
use crate::releases::submission::Limits;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use newsdesk_domain::ReleaseCategory;

/// `POST /admin/releases/{id}/edit`.
pub async fn post(
    State(state): State<AppState>,
    Path(path): Path<ReleasePath>,
    form: Posted,
) -> Result<Response, WebError> {
    let id = path.id().ok_or(WebError::NotFound)?;
    let typed = EditForm {
        headline: form.field("headline").trim().to_owned(),
        standfirst: form.field("standfirst").trim().to_owned(),
        body: form.field("body").trim().to_owned(),
        category: form.field("category").to_owned(),
    };
    let problem = [
        ("The headline", &typed.headline, Limits::HEADLINE),
        ("The standfirst", &typed.standfirst, Limits::STANDFIRST),
        ("The body", &typed.body, Limits::BODY),
    ]
    .into_iter()
    .find_map(|(name, value, most)| {
        let chars = value.chars().count();
        if chars == 0 {
            Some(format!("{name} is empty; write it."))
        } else if chars > most {
            Some(format!(
                "{name} is {chars} characters long; it may be at most {most}."
            ))
        } else {
            None
        }
    });
    let category = ReleaseCategory::parse(&typed.category);
    let problem = problem.or_else(|| {
        category
            .is_none()
            .then(|| "Choose one of the categories.".to_owned())
    });
    if let Some(problem) = problem {
        return fix(&state, id, &form.signed, problem, Some(typed)).await;
    }
    let now = state.admin.now();
    let mut text = match state.store.news_release(id, now).await {
        Ok(release) => release.text,
        Err(e) => return refused(&state, id, &form.signed, e).await,
    };
    text.headline = typed.headline;
    text.standfirst = typed.standfirst;
    text.body = typed.body;
    text.category = category.unwrap_or(text.category);
    let result = state
        .store
        .edit_release(id, &text, &form.signed.actor(), now)
        .await;
    done(
        &state,
        id,
        &form,
        result,
        "Saved: the release reads as shown below.",
    )
    .await
}
