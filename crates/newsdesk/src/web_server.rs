//! Serving the site on a socket.

use axum::Router;
use newsdesk_domain::Masthead;
use newsdesk_mail::Confirmations;
use newsdesk_store::Store;
use newsdesk_web::{AppState, Circulation, WebSettings};
use std::net::SocketAddr;
use tokio::net::TcpListener;

/// Binds `listen` (port 0 picks a free port), with an error that names it.
pub async fn listen_on(listen: SocketAddr) -> anyhow::Result<TcpListener> {
    TcpListener::bind(listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {listen}: {e}"))
}

/// A site bound to its socket, not yet serving.
pub struct WebServer {
    listener: TcpListener,
    state: AppState,
    extra: Router,
    confirmations: Option<Confirmations>,
}

impl WebServer {
    /// Binds `listen` (port 0 picks a free port) and builds the routes.
    pub async fn bind(
        listen: SocketAddr,
        store: Store,
        mastheads: Vec<Masthead>,
        settings: WebSettings,
    ) -> anyhow::Result<Self> {
        Self::on(listen_on(listen).await?, store, mastheads, settings)
    }

    /// Builds the routes to serve on a socket bound already.
    pub fn on(
        listener: TcpListener,
        store: Store,
        mastheads: Vec<Masthead>,
        settings: WebSettings,
    ) -> anyhow::Result<Self> {
        let state = AppState::new(store, mastheads, settings)?;
        Ok(Self {
            listener,
            state,
            extra: Router::new(),
            confirmations: None,
        })
    }

    /// Takes subscriptions to the daily email, and sends their
    /// confirmation emails while it serves.
    pub fn with_daily_email(
        mut self,
        circulation: Circulation,
        confirmations: Confirmations,
    ) -> Self {
        self.state = self.state.with_circulation(circulation);
        self.confirmations = Some(confirmations);
        self
    }

    /// Takes subscriptions to the daily email, leaving their confirmation
    /// emails to a sender run elsewhere (tests drive one by hand).
    pub fn with_circulation(mut self, circulation: Circulation) -> Self {
        self.state = self.state.with_circulation(circulation);
        self
    }

    /// Runs the admin with these settings, clock, mail and fetcher.
    pub fn with_admin(mut self, admin: newsdesk_web::admin::AdminDesk) -> Self {
        self.state = self.state.with_admin(admin);
        self
    }

    /// Adds routes (the demo's wire feeds).
    pub fn merge(mut self, extra: Router) -> Self {
        self.extra = self.extra.merge(extra);
        self
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound socket has an address")
    }

    /// Serves until `shutdown` completes.
    pub async fn serve(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        // The sender stops with the server: a confirmation it was sending
        // stays claimed until its lease lapses, then any process sends it.
        let sending = match (self.confirmations, &self.state.circulation) {
            (Some(confirmations), Some(circulation)) => Some(tokio::spawn(
                confirmations.run(circulation.wake.clone(), std::future::pending()),
            )),
            _ => None,
        };
        let router = newsdesk_web::router(self.state).merge(self.extra);
        // Each request knows its client's address: the admin's sign-in
        // lockout and the news release form's rate limit count per address.
        let served = axum::serve(
            self.listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await;
        if let Some(sending) = sending {
            sending.abort();
        }
        served?;
        Ok(())
    }

    /// Serves in the background; for tests. The task ends when dropped with the runtime.
    pub fn spawn(self) -> SocketAddr {
        let addr = self.local_addr();
        tokio::spawn(async move {
            if let Err(e) = self.serve(std::future::pending()).await {
                tracing::error!(error = %e, "web server stopped");
            }
        });
        addr
    }
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
