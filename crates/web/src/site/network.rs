//! The bare server address: a list of the network's mastheads.

use crate::error::WebError;
use crate::state::AppState;
use serde::Serialize;

#[derive(Serialize)]
struct NetworkPage {
    mastheads: Vec<Entry>,
}

#[derive(Serialize)]
struct Entry {
    name: String,
    href: String,
    host: String,
}

/// Renders the list of mastheads, each reachable by `/m/ID/`.
pub fn render(state: &AppState) -> Result<String, WebError> {
    let mastheads: Vec<Entry> = state
        .mastheads
        .iter()
        .map(|m| Entry {
            name: m.name.clone(),
            href: format!("/m/{}/", m.id),
            host: m.host.clone(),
        })
        .collect();
    Ok(state
        .templates
        .render("network.html", &NetworkPage { mastheads })?)
}
