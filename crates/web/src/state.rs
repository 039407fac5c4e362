//! The state every handler shares.

use crate::cache::PageCache;
use crate::looks::Looks;
use crate::templates::{TemplateError, Templates};
use newsdesk_domain::Masthead;
use newsdesk_store::Store;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// What the site needs from the configuration.
#[derive(Debug, Clone)]
pub struct WebSettings {
    /// The server's public address (`server.base_url`), for absolute links
    /// of mastheads reached by `/m/ID/`; `None`: the request's host.
    pub base_url: Option<String>,
    /// The folder of per-masthead template overrides (`DATA/themes`);
    /// `DATA/themes/ID/NAME.html` replaces template `NAME.html` for
    /// masthead `ID`, and `DATA/themes/ID/site.css` its stylesheet.
    pub themes_dir: Option<PathBuf>,
    /// Memory for rendered pages, in bytes.
    pub page_cache_bytes: u64,
    /// How long a rendered page is kept at most.
    pub page_max_age: Duration,
}

impl Default for WebSettings {
    fn default() -> Self {
        Self {
            base_url: None,
            themes_dir: None,
            page_cache_bytes: 48 * 1024 * 1024,
            page_max_age: Duration::from_secs(300),
        }
    }
}

/// What the site needs for the daily email's subscriptions: the form,
/// confirmation, preferences and leaving (see [`crate::email`]).
#[derive(Debug)]
pub struct Circulation {
    /// Checks (and signs) the links in emails; the same secret as the
    /// process that sends them.
    pub signer: newsdesk_mail::Signer,
    /// Woken when a confirmation email is due, so the sender sends it at
    /// once instead of at its next look.
    pub wake: Arc<Notify>,
    /// How long a confirmation link works (`mail.confirm_valid_hours`).
    pub confirm_valid_for: jiff::SignedDuration,
    /// At most one confirmation email per address this often
    /// (`mail.confirm_every_mins`).
    pub confirm_every: jiff::SignedDuration,
    /// How many times one client address may post the subscribe form in
    /// an hour (`mail.subscribe_per_client_per_hour`).
    pub per_client_per_hour: u32,
    /// The news release form's limits (`[releases]`).
    pub release_limits: ReleaseLimits,
}

/// The news release form's limits (`[releases]` in the config).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReleaseLimits {
    /// Releases one client address may send in an hour
    /// (`releases.per_client_per_hour`).
    pub per_client_per_hour: u32,
    /// Releases one email address may send in an hour
    /// (`releases.per_email_per_hour`).
    pub per_email_per_hour: u32,
    /// The least time between showing the form and sending it
    /// (`releases.min_fill_secs`): quicker is a script.
    pub min_fill: jiff::SignedDuration,
}

impl Default for ReleaseLimits {
    fn default() -> Self {
        Self {
            per_client_per_hour: 5,
            per_email_per_hour: 3,
            min_fill: jiff::SignedDuration::from_secs(8),
        }
    }
}

/// Shared by every handler; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The network's mastheads, in the config's order, as configured
    /// (what admins changed of their looks is in `looks`: use
    /// [`AppState::mastheads_now`] or the [`crate::masthead::Site`]).
    pub mastheads: Arc<Vec<Masthead>>,
    /// What admins changed of the mastheads' looks.
    pub looks: Arc<Looks>,
    /// The compiled templates, with each masthead's overrides.
    pub templates: Arc<Templates>,
    /// Rendered pages.
    pub cache: Arc<PageCache>,
    /// The site's settings.
    pub settings: Arc<WebSettings>,
    /// The daily email's subscriptions; `None`: no subscription form.
    pub circulation: Option<Arc<Circulation>>,
    /// The newsroom admin's settings, clock, mail and fetcher.
    pub admin: Arc<crate::admin::AdminDesk>,
}

impl AppState {
    /// Builds the state: templates (and theme overrides) are read and
    /// compiled here, once; a broken override is an error naming its file.
    pub fn new(
        store: Store,
        mastheads: Vec<Masthead>,
        settings: WebSettings,
    ) -> Result<Self, TemplateError> {
        let templates = Templates::load(&mastheads, settings.themes_dir.as_deref())?;
        Ok(Self {
            store,
            cache: Arc::new(PageCache::new(
                settings.page_cache_bytes,
                settings.page_max_age,
            )),
            mastheads: Arc::new(mastheads),
            looks: Arc::new(Looks::default()),
            templates: Arc::new(templates),
            settings: Arc::new(settings),
            circulation: None,
            admin: Arc::new(crate::admin::AdminDesk::default()),
        })
    }

    /// The same state, taking subscriptions to the daily email.
    pub fn with_circulation(mut self, circulation: Circulation) -> Self {
        self.circulation = Some(Arc::new(circulation));
        self
    }

    /// The same state, with the admin's settings, clock, mail and fetcher.
    pub fn with_admin(mut self, admin: crate::admin::AdminDesk) -> Self {
        self.admin = Arc::new(admin);
        self
    }

    /// The masthead with this id, as it looks now.
    pub fn masthead_by_id(&self, id: &str) -> Option<Masthead> {
        self.mastheads
            .iter()
            .find(|m| m.id.as_str() == id)
            .map(|m| self.looks.dress(m))
    }

    /// The masthead a `Host` header names, as it looks now.
    pub fn masthead_by_host(&self, host: &str) -> Option<Masthead> {
        self.mastheads
            .iter()
            .find(|m| m.serves_host(host))
            .map(|m| self.looks.dress(m))
    }

    /// Every masthead as it looks now, in the config's order.
    pub fn mastheads_now(&self) -> Vec<Masthead> {
        self.mastheads.iter().map(|m| self.looks.dress(m)).collect()
    }
}

impl axum::extract::FromRef<AppState> for Store {
    fn from_ref(state: &AppState) -> Store {
        state.store.clone()
    }
}
