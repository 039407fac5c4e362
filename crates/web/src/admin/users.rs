//! `GET /admin/users` (admins only): everyone who signs in, with their
//! role and standing, a form to change each role, a button to disable or
//! enable each, and the invitation form.

use super::page::{self, Frame};
use super::session::AdminOnly;
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use newsdesk_domain::Role;
use serde::Serialize;

#[derive(Serialize)]
struct Person {
    id: i64,
    email: String,
    role: Role,
    standing: &'static str,
    disabled: bool,
    is_me: bool,
}

#[derive(Serialize)]
struct UsersView {
    frame: Frame,
    people: Vec<Person>,
    roles: [Role; 2],
    invite_email: String,
    invite_link: Option<String>,
}

/// `GET /admin/users`.
pub async fn show(State(state): State<AppState>, admin: AdminOnly) -> Result<Response, WebError> {
    render(
        &state,
        Frame::new(&admin, "Users", "Users"),
        &admin,
        String::new(),
        None,
        StatusCode::OK,
    )
    .await
}

/// The users page with `frame` (a notice or an error), the invitation
/// form filled with `invite_email`, and a link to pass on when the
/// invitation could not be emailed.
pub async fn render(
    state: &AppState,
    frame: Frame,
    admin: &AdminOnly,
    invite_email: String,
    invite_link: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let people = state
        .store
        .users()
        .await?
        .into_iter()
        .map(|u| Person {
            id: u.id.0,
            is_me: u.id == admin.user.id,
            standing: match (u.disabled_at.is_some(), u.has_password) {
                (true, _) => "Disabled",
                (false, false) => "Invited",
                (false, true) => "Active",
            },
            disabled: u.disabled_at.is_some(),
            email: u.email.to_string(),
            role: u.role,
        })
        .collect();
    let view = UsersView {
        frame,
        people,
        roles: Role::ALL,
        invite_email,
        invite_link,
    };
    page::render(state, "admin/users.html", view, status)
}

/// The person id in a path such as `/admin/users/ID/role`.
#[derive(Debug, serde::Deserialize)]
pub struct UserPath {
    /// The id, as typed.
    pub id: String,
}

impl UserPath {
    /// The id, when it is one.
    pub fn id(&self) -> Option<newsdesk_domain::UserId> {
        self.id.parse().ok().map(newsdesk_domain::UserId)
    }
}
