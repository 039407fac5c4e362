//! Test support shared by the workspace's tests.
//!
//! - [`TestDb`]: a fresh database per test, on SQLite (a file in a temporary
//!   folder) or on the real PostgreSQL (a database of its own, created from
//!   the server named by `NEWSDESK_TEST_POSTGRES_URL` and dropped when the
//!   test ends, even when it fails).
//! - [`FixtureServer`]: a real HTTP server on 127.0.0.1 serving fixtures that
//!   a test can change while it runs, honouring `If-None-Match`, and
//!   hostile bodies streamed on the fly (a trickle, a gigabyte).
//! - [`newsroom`]: a day of stories and readers for the daily email.
//! - [`SmtpSink`]: a real SMTP server (aiosmtpd) that keeps what it
//!   receives and reports how Python's email parser reads it, with TLS
//!   and a login when asked ([`SinkOptions`]);
//! - [`TestAuthority`]: a certificate authority of the test's own and a
//!   server certificate it signed, made with `openssl`.
//! - [`on_both_backends!`]: turns `async fn name(store: Store)` tests into one
//!   test per backend.

pub mod authority;
pub mod db;
pub mod fixture_server;
pub mod newsroom;
pub mod smtp_sink;
pub mod wire_copy;

pub use authority::TestAuthority;
pub use db::TestDb;
pub use fixture_server::{Fixture, FixtureServer, Streamed};
pub use smtp_sink::{SinkMode, SinkOptions, SinkTls, SmtpSink};

/// Runs each named `async fn(Store)` once on SQLite and once on PostgreSQL,
/// as tests `sqlite::NAME` and `postgres::NAME`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let db = $crate::TestDb::sqlite().await;
                    super::$name(db.store.clone()).await;
                    db.store.close().await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let db = $crate::TestDb::postgres().await;
                    super::$name(db.store.clone()).await;
                    db.store.close().await;
                }
            )+
        }
    };
}

/// Runs each named `async fn(TestDb)` once on SQLite and once on
/// PostgreSQL, as tests `sqlite::NAME` and `postgres::NAME` (for tests that
/// need the database's URL as well as its store).
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::TestDb::sqlite().await).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::TestDb::postgres().await).await;
                }
            )+
        }
    };
}
