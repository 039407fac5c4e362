//! Search: full text in the database, ranked, with highlighted snippets,
//! filtered by section, source and dates, a page at a time.
//!
//! The form is a plain GET (`q`, `section`, `source`, `from`, `to`), so it
//! works without JavaScript and a result page can be linked to. The
//! reader's words are never query syntax (the store takes the words out),
//! only the first 256 characters are read, and a filter that names no
//! section or source of this masthead, or a date that is not one, is a 400
//! saying what to change. Paging carries the store's cursor in `after`.

use crate::cache::Cacheable;
use crate::error::WebError;
use crate::masthead::Site;
use crate::site::view::{self, PageView, StoryLink};
use crate::state::AppState;
use crate::templates::escape;
use axum::extract::{Query, State};
use axum::response::Response;
use jiff::civil::Date;
use newsdesk_domain::{Section, SourceId};
use newsdesk_store::search::{MATCH_END, MATCH_START, MAX_QUERY_CHARS};
use newsdesk_store::{SearchCursor, SearchQuery};
use serde::{Deserialize, Serialize};

/// Results on one page.
const PAGE_LEN: u32 = 20;

/// The form's fields, as typed.
#[derive(Debug, Default, Deserialize)]
pub struct SearchForm {
    q: Option<String>,
    section: Option<String>,
    source: Option<String>,
    from: Option<String>,
    to: Option<String>,
    after: Option<String>,
}

#[derive(Serialize)]
struct SearchPageView {
    page: PageView,
    query: String,
    searched: bool,
    results: Vec<Result>,
    sections: Vec<Choice>,
    sources: Vec<Choice>,
    from: String,
    to: String,
    more_href: Option<String>,
    first_href: Option<String>,
}

#[derive(Serialize)]
struct Result {
    story: StoryLink,
    /// Escaped text with `<mark>` around matched words.
    snippet: String,
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// `GET /search`.
pub async fn show(
    State(state): State<AppState>,
    site: Site,
    Query(form): Query<SearchForm>,
) -> std::result::Result<Response, WebError> {
    let text: String = form
        .q
        .as_deref()
        .unwrap_or("")
        .chars()
        .take(MAX_QUERY_CHARS)
        .collect::<String>()
        .trim()
        .to_owned();
    let section = match form.section.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(name) => Some(
            Section::parse(name)
                .ok()
                .filter(|s| site.masthead.sections.contains(s))
                .ok_or(WebError::BadRequest(
                    "That section is not one of this site's. Choose one from the list.",
                ))?,
        ),
    };
    let sources: Vec<_> = state
        .store
        .sources()
        .await?
        .into_iter()
        .filter(|s| s.feeds(&site.masthead.id))
        .collect();
    let source = match form.source.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(id) => Some(
            id.parse::<i64>()
                .ok()
                .map(SourceId)
                .filter(|id| sources.iter().any(|s| s.id == *id))
                .ok_or(WebError::BadRequest(
                    "That source is not one of this site's. Choose one from the list.",
                ))?,
        ),
    };
    let zone = site.masthead.timezone.clone();
    let day_start = |text: Option<&str>, next_day: bool| -> std::result::Result<_, WebError> {
        let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        let bad = || WebError::BadRequest("Dates are written as YYYY-MM-DD, such as 2025-03-12.");
        let date: Date = text.parse().map_err(|_| bad())?;
        let date = if next_day {
            date.tomorrow().map_err(|_| bad())?
        } else {
            date
        };
        let start = date.to_zoned_datetime(zone.clone()).map_err(|_| bad())?;
        Ok(Some(start.timestamp()))
    };
    let from = day_start(form.from.as_deref(), false)?;
    let until = day_start(form.to.as_deref(), true)?;
    let cursor = match form.after.as_deref().filter(|a| !a.is_empty()) {
        None => None,
        Some(text) => Some(SearchCursor::parse(text).ok_or(WebError::BadRequest(
            "This page of results is not one the site wrote. Search again from the first page.",
        ))?),
    };
    let searched = !text.is_empty();
    let found = if searched {
        Some(
            state
                .store
                .search(&SearchQuery {
                    text: text.clone(),
                    masthead: Some(site.masthead.reach()),
                    section: section.clone(),
                    source,
                    from,
                    until,
                    limit: PAGE_LEN,
                    cursor,
                    ..SearchQuery::default()
                })
                .await?,
        )
    } else {
        None
    };
    let (results, next) = match found {
        Some(page) => (
            page.hits
                .iter()
                .map(|hit| Result {
                    story: view::story_link(&site, &hit.story),
                    snippet: marked(&hit.snippet),
                })
                .collect(),
            page.next,
        ),
        None => (Vec::new(), None),
    };
    let here = query_string(&form, None);
    let title = if searched {
        format!("Search: {text} | {}", site.masthead.name)
    } else {
        format!("Search | {}", site.masthead.name)
    };
    let mut page = PageView::new(&state, Some(&site), &title);
    page.query = text.clone();
    page.description = None;
    let view = SearchPageView {
        page,
        query: text,
        searched,
        results,
        sections: site
            .masthead
            .sections
            .iter()
            .map(|s| Choice {
                value: s.as_str().to_owned(),
                label: s.display_name(),
                selected: section.as_ref() == Some(s),
            })
            .collect(),
        sources: sources
            .iter()
            .map(|s| Choice {
                value: s.id.to_string(),
                label: s.name.clone(),
                selected: source == Some(s.id),
            })
            .collect(),
        from: form.from.clone().unwrap_or_default(),
        to: form.to.clone().unwrap_or_default(),
        more_href: next.map(|n| {
            site.href(&format!(
                "/search?{}",
                query_string(&form, Some(&n.to_string()))
            ))
        }),
        first_href: cursor.map(|_| site.href(&format!("/search?{here}"))),
    };
    let html = state
        .templates
        .render(Some(site.masthead.id.as_str()), "search.html", &view)?;
    Ok(view::html_page(html, Cacheable::LIST))
}

/// A snippet as HTML: the text escaped, the store's markers made `<mark>`.
fn marked(snippet: &str) -> String {
    escape(snippet)
        .replace(MATCH_START, "<mark>")
        .replace(MATCH_END, "</mark>")
}

/// The form's fields as a query string, with `after` set to `cursor`.
fn query_string(form: &SearchForm, cursor: Option<&str>) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in [
        ("q", &form.q),
        ("section", &form.section),
        ("source", &form.source),
        ("from", &form.from),
        ("to", &form.to),
    ] {
        if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
            out.append_pair(name, value);
        }
    }
    if let Some(cursor) = cursor {
        out.append_pair("after", cursor);
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_are_escaped_and_marked() {
        let snippet = format!("a <b>bold</b> {MATCH_START}rain{MATCH_END} & more");
        assert_eq!(
            marked(&snippet),
            "a &lt;b&gt;bold&lt;/b&gt; <mark>rain</mark> &amp; more"
        );
    }

    #[test]
    fn paging_keeps_the_filters() {
        let form = SearchForm {
            q: Some("rain & tea".into()),
            section: Some("business".into()),
            ..SearchForm::default()
        };
        assert_eq!(
            query_string(&form, Some("12-20")),
            "q=rain+%26+tea&section=business&after=12-20"
        );
    }
}
