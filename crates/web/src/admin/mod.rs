//! The newsroom admin at `/admin`: where editors and admins run the
//! network. Server-rendered like the site, usable with no script at all,
//! one action per file.
//!
//! The foundations every page stands on (docs/ARCHITECTURE.md, "The
//! newsroom admin", says why each is so):
//! - [`password`]: Argon2id hashes, checked in the same time whether or
//!   not the address is known;
//! - [`session`]: the [`session::Signed`] extractor: the person signed in
//!   on this host, with the role a page needs declared in its type
//!   ([`session::Editor`], [`session::AdminOnly`]);
//! - [`csrf`]: the [`csrf::Posted`] extractor every form POST takes: the
//!   session, the Fetch Metadata check and the form's token;
//! - [`page`]: the shell (navigation, notices) and the refusals;
//! - [`login`], [`logout`], [`invitation`]: signing in and out, and
//!   choosing a password from an emailed invitation.
//!
//! The pages, each a file: [`dashboard`], [`users`] ([`user_invite`],
//! [`user_role`], [`user_disable`]), [`mastheads`] ([`masthead_look`]),
//! [`audit`], [`sources`]
//! ([`source_add`], [`source_pause`], [`source_fetch`]), [`subscribers`]
//! ([`subscribers_export`], [`subscriber_remove`]), the news release queue
//! [`releases`] with one [`release`] ([`release_edit`], [`release_approve`],
//! [`release_reject`], [`release_place`], [`release_picture`]), and the
//! [`stories`] list with its search, with one [`story`] ([`story_publish`],
//! [`story_edit`], [`story_pin`], [`story_section`]).
//!
//! An action that changes what readers see records a site change in its
//! transaction, which every web process notices within a second; the
//! process that made it notices at once ([`show_change_now`]).

pub mod assets;
pub mod audit;
pub mod csrf;
pub mod dashboard;
pub mod invitation;
pub mod login;
pub mod logout;
pub mod masthead_look;
pub mod mastheads;
pub mod page;
pub mod password;
pub mod release;
pub mod release_approve;
pub mod release_edit;
pub mod release_picture;
pub mod release_place;
pub mod release_reject;
pub mod releases;
pub mod session;
pub mod source_add;
pub mod source_fetch;
pub mod source_pause;
pub mod sources;
pub mod stories;
pub mod story;
pub mod story_edit;
pub mod story_pin;
pub mod story_publish;
pub mod story_section;
pub mod subscriber_remove;
pub mod subscribers;
pub mod subscribers_export;
pub mod user_disable;
pub mod user_invite;
pub mod user_role;
pub mod users;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};
use jiff::{SignedDuration, Timestamp};
use newsdesk_ingest::{Clock, Fetcher, SystemClock};
use newsdesk_mail::{EmailTemplates, Transport};
use newsdesk_store::Lockout;
use std::sync::Arc;

/// Every route of the admin. Mounted once, at the server's root: the
/// admin answers on every host, and a session works only on the host it
/// was made on.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(dashboard::show))
        .route("/admin/login", get(login::show).post(login::post))
        .route("/admin/logout", post(logout::post))
        .route("/admin/users", get(users::show))
        .route("/admin/users/invite", post(user_invite::post))
        .route("/admin/users/{id}/role", post(user_role::post))
        .route("/admin/users/{id}/disabled", post(user_disable::post))
        .route(
            "/admin/invitation/{token}",
            get(invitation::show).post(invitation::post),
        )
        .route("/admin/audit", get(audit::show))
        .route("/admin/mastheads", get(mastheads::show))
        .route("/admin/mastheads/{id}/look", post(masthead_look::post))
        .route("/admin/releases", get(releases::show))
        .route("/admin/releases/{id}", get(release::show))
        .route("/admin/releases/{id}/edit", post(release_edit::post))
        .route("/admin/releases/{id}/approve", post(release_approve::post))
        .route("/admin/releases/{id}/reject", post(release_reject::post))
        .route("/admin/releases/{id}/section", post(release_place::post))
        .route(
            "/admin/releases/{id}/picture/{width}",
            get(release_picture::show),
        )
        .route("/admin/stories", get(stories::show))
        .route("/admin/stories/{id}", get(story::show))
        .route("/admin/stories/{id}/published", post(story_publish::post))
        .route("/admin/stories/{id}/edit", post(story_edit::post))
        .route("/admin/stories/{id}/pin", post(story_pin::post))
        .route("/admin/stories/{id}/section", post(story_section::post))
        .route("/admin/sources", get(sources::show).post(source_add::post))
        .route("/admin/sources/{id}/paused", post(source_pause::post))
        .route("/admin/sources/{id}/fetch", post(source_fetch::post))
        .route("/admin/subscribers", get(subscribers::show))
        .route(
            "/admin/subscribers/export.csv",
            get(subscribers_export::csv),
        )
        .route("/admin/subscribers/remove", post(subscriber_remove::post))
        .route("/admin/static/admin.css", get(assets::admin_css))
}

/// Makes a change an editor just committed show on this process's pages
/// at once: reads the site's change counter and moves the page cache's
/// reading to it, so every kept page is out of date now rather than at
/// the cache's next look. Other processes see it at their next look.
pub async fn show_change_now(state: &AppState) -> Result<(), crate::error::WebError> {
    let generation = state.store.site_generation().await?;
    state.cache.advance(generation);
    Ok(())
}

/// The admin's settings (`[admin]` in the config).
#[derive(Debug, Clone)]
pub struct AdminSettings {
    /// How long a session lasts at most (`admin.session_hours`).
    pub session_lifetime: SignedDuration,
    /// How long a session lasts unused (`admin.idle_minutes`).
    pub session_idle: SignedDuration,
    /// How long an invitation link works (`admin.invite_valid_hours`).
    pub invite_valid_for: SignedDuration,
    /// How failed sign-ins lock an address and a client.
    pub lockout: Lockout,
    /// A header a trusted proxy in front sets to the client's address
    /// (`admin.client_address_header`, such as `x-forwarded-for`: its
    /// last entry is taken); `None`: the connection's own address.
    pub client_address_header: Option<String>,
    /// The network's name in invitations.
    pub network_name: String,
}

impl Default for AdminSettings {
    fn default() -> Self {
        Self {
            session_lifetime: SignedDuration::from_hours(12),
            session_idle: SignedDuration::from_mins(60),
            invite_valid_for: SignedDuration::from_hours(72),
            lockout: Lockout::default(),
            client_address_header: None,
            network_name: "Newsdesk".to_owned(),
        }
    }
}

/// How invitations are sent: the daily email's transport and sender.
#[derive(Debug)]
pub struct InviteMail {
    /// Where messages go.
    pub transport: Transport,
    /// Who they are from (`mail.from`).
    pub from: lettre::message::Mailbox,
    /// The email templates.
    pub templates: EmailTemplates,
}

/// What the admin needs besides the site's state.
#[derive(Debug)]
pub struct AdminDesk {
    /// Its settings.
    pub settings: AdminSettings,
    /// The time, as sessions and lockouts read it (tests move it by hand).
    pub clock: Arc<dyn Clock>,
    /// How invitations are sent; `None`: the admin is shown the link to
    /// pass on.
    pub mail: Option<InviteMail>,
    /// Fetches a new source's address to find its feed; `None`: added as
    /// typed.
    pub fetcher: Option<Fetcher>,
}

impl Default for AdminDesk {
    fn default() -> Self {
        Self {
            settings: AdminSettings::default(),
            clock: Arc::new(SystemClock),
            mail: None,
            fetcher: None,
        }
    }
}

impl AdminDesk {
    /// The time now.
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }
}

/// The longest value any admin text field takes, in bytes, unless the
/// field says less: anything longer is refused with what to fix.
pub const MAX_FIELD_BYTES: usize = 2048;
