//! `POST /admin/users/{id}/role` (admins only): gives a person another
//! role; audited. An admin cannot take their own admin role away (the
//! network would risk having no admin left).

use super::csrf::Posted;
use super::page::Frame;
use super::session::AdminRole;
use super::users::{UserPath, render};
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use newsdesk_domain::Role;
use newsdesk_store::StoreError;

/// `POST /admin/users/{id}/role`.
pub async fn post(
    State(state): State<AppState>,
    Path(path): Path<UserPath>,
    form: Posted<AdminRole>,
) -> Result<Response, WebError> {
    let admin = &form.signed;
    let frame = Frame::new(admin, "Users", "Users");
    let (Some(id), Some(role)) = (path.id(), Role::parse(form.field("role"))) else {
        return render(
            &state,
            frame.error("Choose a role: admin or editor."),
            admin,
            String::new(),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    if id == admin.user.id && role != Role::Admin {
        return render(
            &state,
            frame.error("You cannot take away your own admin role; ask another admin."),
            admin,
            String::new(),
            None,
            StatusCode::CONFLICT,
        )
        .await;
    }
    match state
        .store
        .set_user_role(id, role, &admin.actor(), state.admin.now())
        .await
    {
        Ok(()) => {
            render(
                &state,
                frame.notice(format!("The role is now {role}.")),
                admin,
                String::new(),
                None,
                StatusCode::OK,
            )
            .await
        }
        Err(StoreError::NotFound(_)) => Err(WebError::NotFound),
        Err(e) => Err(e.into()),
    }
}
