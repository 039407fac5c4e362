//! The state every handler shares.

use crate::templates::Templates;
use newsdesk_domain::Masthead;
use newsdesk_store::Store;
use std::sync::Arc;

/// Shared by every handler; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The network's mastheads, in the config's order.
    pub mastheads: Arc<Vec<Masthead>>,
    /// The compiled templates.
    pub templates: Arc<Templates>,
}

impl AppState {
    /// Builds the state; templates are compiled here, once.
    pub fn new(store: Store, mastheads: Vec<Masthead>) -> Self {
        Self {
            store,
            mastheads: Arc::new(mastheads),
            templates: Arc::new(Templates::new()),
        }
    }

    /// The masthead with this id.
    pub fn masthead_by_id(&self, id: &str) -> Option<&Masthead> {
        self.mastheads.iter().find(|m| m.id.as_str() == id)
    }

    /// The masthead a `Host` header names.
    pub fn masthead_by_host(&self, host: &str) -> Option<&Masthead> {
        self.mastheads.iter().find(|m| m.serves_host(host))
    }
}
