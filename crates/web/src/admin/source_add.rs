//! `POST /admin/sources`: adds a source, as `newsdesk source add` does:
//! the address is fetched first; a feed is added as given, a web page is
//! searched for the feeds it announces and the first that reads as a feed
//! is added (`newsdesk_ingest::discover`); an address that cannot be
//! fetched now is added as given, with a note. Audited as `source.add`.

use super::csrf::Posted;
use super::page::Frame;
use super::sources::{AddForm, MAX_NAME_CHARS, render};
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use newsdesk_domain::source::NewSource;
use newsdesk_domain::{FeedUrl, MastheadId, Section};
use newsdesk_ingest::discover::{Discovery, DiscoveryError, discover};
use newsdesk_store::StoreError;

/// `POST /admin/sources`.
pub async fn post(State(state): State<AppState>, form: Posted) -> Result<Response, WebError> {
    let editor = &form.signed;
    let typed = AddForm {
        url: form.field("url").trim().to_owned(),
        name: form.field("name").trim().to_owned(),
        section: form.field("section").to_owned(),
        mastheads: form
            .fields
            .iter()
            .filter(|(n, _)| n == "masthead")
            .map(|(_, v)| v.clone())
            .collect(),
    };
    let problem = |text: &str| Frame::new(editor, "Sources", "Sources").error(text);
    let checked = check(&state, &typed);
    let (given, section, mastheads) = match checked {
        Ok(parts) => parts,
        Err(text) => {
            return render(
                &state,
                problem(text),
                typed,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let (url, note) = match feed_to_add(&state, given).await {
        Ok(found) => found,
        Err(text) => {
            return render(
                &state,
                problem(&text),
                typed,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let name = if typed.name.is_empty() {
        url.host()
    } else {
        typed.name.clone()
    };
    let added = state
        .store
        .add_source_by(
            &NewSource {
                url,
                name,
                section,
                mastheads,
            },
            Some(&editor.actor()),
        )
        .await;
    match added {
        Ok(source) => {
            let frame = Frame::new(editor, "Sources", "Sources")
                .notice(format!("Added {} ({}).{note}", source.name, source.url));
            render(&state, frame, AddForm::default(), StatusCode::OK).await
        }
        Err(StoreError::Conflict(_)) => {
            render(
                &state,
                problem("That feed is already a source."),
                typed,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

type Checked = (FeedUrl, Option<Section>, Vec<MastheadId>);

fn check(state: &AppState, typed: &AddForm) -> Result<Checked, &'static str> {
    if typed.url.len() > 2000 {
        return Err("That address is longer than the admin takes (2,000 characters).");
    }
    let url = FeedUrl::parse(&typed.url).map_err(
        |_| "Give the feed's (or its site's) full address, starting with https:// or http://.",
    )?;
    if typed.name.chars().count() > MAX_NAME_CHARS {
        return Err("That name is too long: at most 200 characters.");
    }
    let section = match typed.section.as_str() {
        "" => None,
        text => Some(Section::parse(text).map_err(|_| "Choose a section from the list.")?),
    };
    let mut mastheads = Vec::new();
    for id in &typed.mastheads {
        let found = state
            .masthead_by_id(id)
            .ok_or("Choose mastheads from the list.")?;
        mastheads.push(found.id.clone());
    }
    Ok((url, section, mastheads))
}

/// The feed behind `given`, and a note for the editor.
async fn feed_to_add(state: &AppState, given: FeedUrl) -> Result<(FeedUrl, String), String> {
    let Some(fetcher) = &state.admin.fetcher else {
        return Ok((given, String::new()));
    };
    match discover(fetcher, given.as_str()).await {
        Ok(Discovery::Feed { .. }) => Ok((given, String::new())),
        Ok(Discovery::FromPage { page, chosen, .. }) => {
            let url = FeedUrl::parse(chosen.url.as_str()).map_err(|e| e.to_string())?;
            Ok((url, format!(" {page} is a web page; the feed it announces was added.")))
        }
        Err(DiscoveryError::Fetch { .. }) => Ok((
            given,
            " The address could not be fetched just now; it was added as typed, and its health below will say how the next fetch goes.".to_owned(),
        )),
        Err(e) => Err(format!("Not added: {e}.")),
    }
}
