//! A day's archive: the stories published on one day of the masthead's
//! own calendar (midnight to midnight in its zone, whatever the length of
//! the day when the clocks change), with links to the days either side.

use crate::error::WebError;
use crate::masthead::Site;
use crate::site::list::{self, List, ListQuery, Neighbour};
use crate::site::view::PageView;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use jiff::civil::Date;
use newsdesk_store::StoryFilter;
use serde::Deserialize;

/// The day's part of the path.
#[derive(Deserialize)]
pub struct DayPath {
    year: String,
    month: String,
    day: String,
}

impl DayPath {
    fn date(&self) -> Option<Date> {
        let number = |text: &str, len: usize| {
            (text.len() == len && text.bytes().all(|b| b.is_ascii_digit()))
                .then(|| text.parse::<i16>().ok())
                .flatten()
        };
        let year = number(&self.year, 4)?;
        let month = i8::try_from(number(&self.month, 2)?).ok()?;
        let day = i8::try_from(number(&self.day, 2)?).ok()?;
        Date::new(year, month, day).ok()
    }
}

/// The archive path of a day.
pub fn day_path(date: Date) -> String {
    date.strftime("/archive/%Y/%m/%d").to_string()
}

/// `GET /archive/YYYY/MM/DD`.
pub async fn show(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<DayPath>,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let date = path.date().ok_or(WebError::NotFound)?;
    let zone = &site.masthead.timezone;
    let start = |d: Date| {
        d.to_zoned_datetime(zone.clone())
            .map(|z| z.timestamp())
            .map_err(|_| WebError::NotFound)
    };
    let next_day = date.tomorrow().map_err(|_| WebError::NotFound)?;
    let (from, until) = (start(date)?, start(next_day)?);
    let heading = date.strftime("%-d %B %Y").to_string();
    let dir = day_path(date);
    let title = format!("{heading} | {}", site.masthead.name);
    let page = PageView::new(&state, Some(&site), &title).shared_as(&site, site.absolute(&dir), "");
    // The nearest days with stories either side, so no link leads to an
    // empty day.
    let (before, after) = state
        .store
        .nearest_story_times(&site.masthead.reach(), from, until)
        .await?;
    let local_date = |at: jiff::Timestamp| at.to_zoned_datetime(zone.clone()).date();
    let mut neighbours = Vec::new();
    if let Some(day) = before.map(local_date) {
        neighbours.push(Neighbour {
            label: format!("Earlier: {}", day.strftime("%-d %B %Y")),
            href: site.href(&day_path(day)),
            rel: "earlier",
        });
    }
    if let Some(day) = after.map(local_date) {
        neighbours.push(Neighbour {
            label: format!("Later: {}", day.strftime("%-d %B %Y")),
            href: site.href(&day_path(day)),
            rel: "later",
        });
    }
    let intro = format!(
        "Stories published on this day, times in {}.",
        site.masthead.timezone_name
    );
    list::render(
        &state,
        &site,
        List {
            page,
            heading: &heading,
            intro: Some(&intro),
            filter: StoryFilter {
                masthead: Some(site.masthead.reach()),
                from: Some(from),
                until: Some(until),
                ..StoryFilter::default()
            },
            path: dir.clone(),
            neighbours,
            placed: None,
        },
        &query,
    )
    .await
}
