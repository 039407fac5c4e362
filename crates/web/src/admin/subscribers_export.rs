//! `GET /admin/subscribers/export.csv` (admins only): every reader as
//! CSV, streamed a page of rows at a time, so a large list is never held
//! in memory whole. `?masthead=ID` exports one masthead's.
//!
//! Fields are quoted where needed (RFC 4180); a field that a spreadsheet
//! would read as a formula (`= + - @` first) is prefixed with `'`.

use super::session::AdminOnly;
use crate::error::WebError;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use newsdesk_store::{Store, Subscriber};
use serde::Deserialize;

/// Rows read at a time.
const PAGE: u32 = 500;

/// The query.
#[derive(Debug, Deserialize, Default)]
pub struct ExportQuery {
    /// One masthead's readers.
    pub masthead: Option<String>,
}

/// `GET /admin/subscribers/export.csv`.
pub async fn csv(
    State(state): State<AppState>,
    _admin: AdminOnly,
    Query(query): Query<ExportQuery>,
) -> Result<Response, WebError> {
    let masthead = match query.masthead.as_deref().filter(|m| !m.is_empty()) {
        Some(id) => Some(
            state
                .masthead_by_id(id)
                .ok_or(WebError::NotFound)?
                .id
                .clone(),
        ),
        None => None,
    };
    let store = state.store.clone();
    let header_row = "masthead,email,status,sections,subscribed_at,confirmed_at,bounces\r\n";
    let pages = futures_util::stream::unfold(
        (store, masthead, None, false),
        |(store, masthead, after, done)| async move {
            if done {
                return None;
            }
            match page(&store, masthead.as_ref(), after).await {
                Ok((text, last)) => {
                    let finished = last.is_none();
                    Some((
                        Ok::<_, std::io::Error>(text),
                        (store, masthead, last.or(after), finished),
                    ))
                }
                Err(e) => {
                    tracing::error!(error = &e as &dyn std::error::Error, "the export stopped");
                    Some((
                        Err(std::io::Error::other("the export stopped")),
                        (store, masthead, after, true),
                    ))
                }
            }
        },
    );
    let body = futures_util::StreamExt::chain(
        futures_util::stream::once(async move { Ok::<_, std::io::Error>(header_row.to_owned()) }),
        pages,
    );
    let mut response = Body::from_stream(body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"subscribers.csv\""),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// One page of rows as CSV text, and the last id in it (`None`: the
/// export is over).
async fn page(
    store: &Store,
    masthead: Option<&newsdesk_domain::MastheadId>,
    after: Option<newsdesk_domain::SubscriberId>,
) -> Result<(String, Option<newsdesk_domain::SubscriberId>), newsdesk_store::StoreError> {
    let readers = store.subscribers_after(masthead, after, PAGE).await?;
    let mut text = String::new();
    for reader in &readers {
        row(&mut text, reader);
    }
    let last = if readers.len() < PAGE as usize {
        None
    } else {
        readers.last().map(|r| r.id)
    };
    if last.is_none() && readers.is_empty() {
        return Ok((text, None));
    }
    Ok((text, last))
}

fn row(out: &mut String, reader: &Subscriber) {
    let sections: Vec<&str> = reader.sections.iter().map(|s| s.as_str()).collect();
    let fields = [
        reader.masthead.to_string(),
        reader.email.to_string(),
        reader.status.as_str().to_owned(),
        sections.join(" "),
        reader.created_at.to_string(),
        reader
            .confirmed_at
            .map(|t| t.to_string())
            .unwrap_or_default(),
        reader.bounces.to_string(),
    ];
    for (n, field) in fields.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(&cell(field));
    }
    out.push_str("\r\n");
}

/// A CSV cell: quoted when it holds a comma, a quote or a line break;
/// defused when a spreadsheet would take it for a formula.
pub fn cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_are_quoted_and_defused() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=SUM(A1)"), "'=SUM(A1)");
    }
}
