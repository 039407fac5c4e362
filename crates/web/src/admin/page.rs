//! The admin's shell: the frame every page renders in (title, who is
//! signed in, the navigation, a notice or an error), the one way pages
//! render, and the refusals (403 pages) the extractors answer with.
//!
//! Pages are never kept by a cache or a proxy, never indexed, and send no
//! referrer (an invitation's link is in the address bar).

use super::session::Signed;
use crate::error::WebError;
use crate::state::AppState;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use newsdesk_domain::Role;
use newsdesk_store::User;
use serde::Serialize;

/// The navigation: label, address (`None`: coming, not yet built), and
/// the role it needs.
pub const NAV: &[(&str, Option<&str>, Role)] = &[
    ("Dashboard", Some("/admin"), Role::Editor),
    ("Releases", Some("/admin/releases"), Role::Editor),
    ("Stories", Some("/admin/stories"), Role::Editor),
    ("Sources", Some("/admin/sources"), Role::Editor),
    ("Subscribers", Some("/admin/subscribers"), Role::Editor),
    ("Users", Some("/admin/users"), Role::Admin),
    ("Mastheads", Some("/admin/mastheads"), Role::Admin),
    ("Audit log", Some("/admin/audit"), Role::Editor),
];

/// One option of a `<select>` the pages fill: its value, its words, and
/// whether it is the one chosen now.
#[derive(Debug, Serialize)]
pub struct Choice {
    /// What the form sends.
    pub value: String,
    /// What the option says.
    pub label: String,
    /// Whether it is selected.
    pub chosen: bool,
}

/// A link in the navigation.
#[derive(Debug, Serialize)]
pub struct NavLink {
    /// Its words.
    pub label: &'static str,
    /// Where it goes; `None`: not built yet (shown as coming).
    pub href: Option<&'static str>,
    /// The page shown now.
    pub current: bool,
}

/// The person signed in, as the shell shows them.
#[derive(Debug, Serialize)]
pub struct Who {
    /// Their address.
    pub email: String,
    /// Their role.
    pub role: Role,
}

/// What every admin page has around its content.
#[derive(Debug, Serialize)]
pub struct Frame {
    /// The page's title and heading.
    pub title: String,
    /// Who is signed in; `None` on the sign-in pages.
    pub who: Option<Who>,
    /// The navigation they may use.
    pub nav: Vec<NavLink>,
    /// The token every form of the session carries.
    pub form_token: String,
    /// What just happened.
    pub notice: Option<String>,
    /// What to fix.
    pub error: Option<String>,
}

impl Frame {
    /// The frame of a page titled `title` for the person signed in; `here`
    /// is the navigation entry it belongs to.
    pub fn new<N: super::session::Need>(signed: &Signed<N>, title: &str, here: &str) -> Self {
        Self {
            title: title.to_owned(),
            who: Some(Who {
                email: signed.user.email.to_string(),
                role: signed.user.role,
            }),
            nav: nav(signed.user.role, here),
            form_token: signed.form_token.clone(),
            notice: None,
            error: None,
        }
    }

    /// The frame of a page with nobody signed in (sign-in, invitation).
    pub fn bare(title: &str) -> Self {
        Self {
            title: title.to_owned(),
            who: None,
            nav: Vec::new(),
            form_token: String::new(),
            notice: None,
            error: None,
        }
    }

    /// With a notice.
    pub fn notice(mut self, text: impl Into<String>) -> Self {
        self.notice = Some(text.into());
        self
    }

    /// With an error.
    pub fn error(mut self, text: impl Into<String>) -> Self {
        self.error = Some(text.into());
        self
    }
}

fn nav(role: Role, here: &str) -> Vec<NavLink> {
    NAV.iter()
        .filter(|(_, _, needs)| role.covers(*needs))
        .map(|&(label, href, _)| NavLink {
            label,
            href,
            current: label == here,
        })
        .collect()
}

/// Renders admin template `name` with `context` as a page with `status`.
pub fn render(
    state: &AppState,
    name: &str,
    context: impl Serialize,
    status: StatusCode,
) -> Result<Response, WebError> {
    let html = state.templates.render(None, name, context)?;
    let mut response = (status, Html(html)).into_response();
    private(&mut response);
    Ok(response)
}

/// Marks an admin answer as never to be kept, indexed or referred from.
pub fn private(response: &mut Response) {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert("x-robots-tag", HeaderValue::from_static("noindex"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
}

/// A page with only a heading, words and a way on.
#[derive(Debug, Serialize)]
pub struct Message {
    /// The frame.
    pub frame: Frame,
    /// The words.
    pub lines: Vec<String>,
    /// A link on: address and words.
    pub link: Option<(String, String)>,
}

/// A message page with `status`; a failure to render is the bare 500.
pub fn message(state: &AppState, status: StatusCode, page: Message) -> Response {
    render(state, "admin/message.html", &page, status).unwrap_or_else(IntoResponse::into_response)
}

/// The refusal of a page `user`'s role does not cover.
pub fn forbidden(state: &AppState, user: &User) -> Response {
    let mut frame = Frame::bare("Not for your role");
    frame.nav = nav(user.role, "");
    frame.who = Some(Who {
        email: user.email.to_string(),
        role: user.role,
    });
    message(
        state,
        StatusCode::FORBIDDEN,
        Message {
            frame,
            lines: vec![
                "This page is for admins. If you need it, ask an admin to change your role."
                    .to_owned(),
            ],
            link: Some(("/admin".to_owned(), "Back to the dashboard".to_owned())),
        },
    )
}

/// The refusal of a form that was not sent from a current admin page: a
/// missing or stale form token, or a post from another site.
pub fn stale_form(state: &AppState) -> Response {
    message(
        state,
        StatusCode::FORBIDDEN,
        Message {
            frame: Frame::bare("This form has expired"),
            lines: vec![
                "The form was sent from a page that is no longer current (you may have signed in again since), or from another site. Nothing was changed.".to_owned(),
                "Open the page again and send the form from there.".to_owned(),
            ],
            link: Some(("/admin".to_owned(), "Back to the dashboard".to_owned())),
        },
    )
}

/// The answer to a form field that is too long or cannot be read.
pub fn bad_field(state: &AppState, what: &str) -> Response {
    message(
        state,
        StatusCode::UNPROCESSABLE_ENTITY,
        Message {
            frame: Frame::bare("This form cannot be used as sent").error(what.to_owned()),
            lines: vec![
                "Nothing was changed. Go back, correct the field and send it again.".to_owned(),
            ],
            link: Some(("/admin".to_owned(), "Back to the dashboard".to_owned())),
        },
    )
}
