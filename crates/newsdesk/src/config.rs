//! The configuration: one typed struct, every key documented.
//!
//! Read from `--config FILE`, else `DATA/newsdesk.toml` when it exists,
//! else defaults. Any key can be overridden from the environment as
//! `NEWSDESK_<SECTION>__<KEY>` (`NEWSDESK_FETCH__ALLOW_PRIVATE_ADDRESSES=true`);
//! values are read as TOML (`true`, `30`) and otherwise as text.
//! `--database-url` overrides `database.url`.

use anyhow::{Context, bail};
use newsdesk_domain::{Masthead, MastheadSettings};
use newsdesk_ingest::{Cadence, FetchSettings, PolitenessSettings};
use newsdesk_mail::transport::SMTP_TIMEOUT;
use newsdesk_mail::{
    DEFAULT_DIGEST_AT, DEFAULT_MAX_BOUNCES, DigestTime, DkimSigner, MailSettings, Transport, Trust,
};
use serde::Deserialize;
use std::net::SocketAddr;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The whole configuration.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `[server]`: where the web role listens.
    #[serde(default)]
    pub server: ServerConfig,
    /// `[database]`: which database.
    #[serde(default)]
    pub database: DatabaseConfig,
    /// `[fetch]`: how sources are fetched.
    #[serde(default)]
    pub fetch: FetchConfig,
    /// `[mail]`: how the daily email leaves.
    #[serde(default)]
    pub mail: MailConfig,
    /// `[admin]`: the newsroom admin at `/admin`.
    #[serde(default)]
    pub admin: AdminConfig,
    /// `[releases]`: the news release form's limits.
    #[serde(default)]
    pub releases: ReleasesConfig,
    /// `[[masthead]]`: the network's sites, in the order they are listed.
    #[serde(default)]
    pub masthead: Vec<MastheadConfig>,
}

/// `[server]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    /// `listen`: the address the web role binds. Default `127.0.0.1:8080`.
    pub listen: SocketAddr,
    /// `base_url`: the server's public address, such as
    /// `https://news.example`, for absolute links (feeds, sitemaps, share
    /// tags, email) of mastheads reached under `/m/ID/`. A masthead's own
    /// `base_url` wins for its host. Default: `http://` and the host the
    /// request came in on.
    pub base_url: Option<String>,
    /// `page_cache_mb`: memory for rendered pages and their compressed
    /// forms, in MiB; the least used pages go first when it is full.
    /// Default 48.
    pub page_cache_mb: u64,
    /// `page_max_age_secs`: the longest a rendered page is served from
    /// memory. Pages are dropped at once when stories change; this bounds
    /// what changes with the clock alone (the news sitemap of the last two
    /// days). Default 300.
    pub page_max_age_secs: u64,
}

impl Default for ServerConfig {
    fn default() -> Self {
        let web = newsdesk_web::WebSettings::default();
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            base_url: None,
            page_cache_mb: web.page_cache_bytes / (1024 * 1024),
            page_max_age_secs: web.page_max_age.as_secs(),
        }
    }
}

impl ServerConfig {
    /// The site's settings; themes are read from `DATA/themes`.
    pub fn web_settings(&self, data: &Path) -> anyhow::Result<newsdesk_web::WebSettings> {
        let base_url = match self
            .base_url
            .as_deref()
            .map(|u| u.trim().trim_end_matches('/'))
        {
            None | Some("") => None,
            Some(url) => {
                let parsed = url::Url::parse(url)
                    .ok()
                    .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some());
                if parsed.is_none() || url.contains(['"', '<', '>', ' ']) {
                    bail!("server.base_url {url:?} is not an address such as https://news.example");
                }
                Some(url.to_owned())
            }
        };
        Ok(newsdesk_web::WebSettings {
            base_url,
            themes_dir: Some(data.join("themes")),
            page_cache_bytes: self.page_cache_mb.saturating_mul(1024 * 1024),
            page_max_age: Duration::from_secs(self.page_max_age_secs),
        })
    }
}

/// `[database]`.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseConfig {
    /// `url`: `sqlite://PATH` or `postgres://USER:PASSWORD@HOST/DB`.
    /// Default: `sqlite://DATA/newsdesk.sqlite3`.
    pub url: Option<String>,
}

impl DatabaseConfig {
    /// The database to use: `flag` (`--database-url`) when given, else the
    /// configured `url`, else `sqlite://DATA/newsdesk.sqlite3`. The one
    /// place the default is made.
    pub fn resolve(&mut self, data: &std::path::Path, flag: Option<&str>) {
        if let Some(url) = flag {
            self.url = Some(url.to_owned());
        }
        if self.url.is_none() {
            self.url = Some(format!(
                "sqlite://{}",
                data.join("newsdesk.sqlite3").display()
            ));
        }
    }
}

impl std::fmt::Debug for DatabaseConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DatabaseConfig")
            .field("url", &self.url.as_deref().map(newsdesk_store::redact))
            .finish()
    }
}

/// `[fetch]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FetchConfig {
    /// `user_agent`: sent with every request, as written; overrides the
    /// one made from `contact_url`. Default `Newsdesk/VERSION (+CONTACT_URL)`,
    /// or `Newsdesk/VERSION (self-hosted news engine)` without a contact URL.
    pub user_agent: Option<String>,
    /// `contact_url`: a page (or `mailto:` address) where a site's operator
    /// can reach whoever runs this engine; it goes in the User-Agent.
    /// Default none; set it for any deployment that fetches other sites.
    pub contact_url: Option<ContactUrl>,
    /// `requests_per_host`: requests in flight at once to one site (scheme,
    /// host and port). Default 2.
    pub requests_per_host: NonZeroUsize,
    /// `host_interval_ms`: least time between the starts of two requests to
    /// one site, in milliseconds; a longer robots.txt `Crawl-delay` (up to
    /// 60 s) wins. Default 1000.
    pub host_interval_ms: u64,
    /// `allow_private_addresses`: let the fetcher reach loopback and
    /// private addresses (feeds on a private network). Link-local and cloud
    /// metadata addresses (169.254.0.0/16, fe80::/10, `fd00:ec2::254`) stay
    /// refused even then. Default false; the demo and tests set it.
    pub allow_private_addresses: bool,
    /// `allowed_addresses`: exact IP addresses the fetcher may reach
    /// although they would be refused, listed one by one
    /// (`["10.0.0.5", "fd12::7"]`): an intranet feed server while the
    /// guard stays on, or, deliberately, a link-local one. Another spelling
    /// of a listed address (`::ffff:10.0.0.5`) is not listed. Default none.
    pub allowed_addresses: Vec<std::net::IpAddr>,
    /// `timeout_secs`: total time for one request. Default 30.
    pub timeout_secs: u64,
    /// `connect_timeout_secs`: time to open a connection. Default 10.
    pub connect_timeout_secs: u64,
    /// `max_body_bytes`: largest response read, after decompression. Default 10 MiB.
    pub max_body_bytes: usize,
    /// `max_redirects`: redirects followed per request. Default 5.
    pub max_redirects: usize,
    /// `interval_minutes`: how often a source is checked until its
    /// publishing rhythm is known (after its first fetch the rhythm follows
    /// how often it publishes). Default 15.
    pub interval_minutes: u64,
    /// `min_interval_minutes`: the shortest time between two checks of one
    /// source, however busy it is. Default 2.
    pub min_interval_minutes: u64,
    /// `max_interval_hours`: the longest time between two checks of a
    /// healthy source, however quiet it is or whatever its `<ttl>` or
    /// `Cache-Control` ask. Default 24.
    pub max_interval_hours: u64,
    /// `retry_base_minutes`: the wait after a failed check; it doubles with
    /// each failure in a row. Default 5.
    pub retry_base_minutes: u64,
    /// `retry_cap_hours`: the longest wait between retries of a failing
    /// source (a longer `Retry-After` is honoured up to
    /// `max_interval_hours`). A failing source is never dropped. Default 6.
    pub retry_cap_hours: u64,
    /// `sources_at_once`: sources one process fetches at the same time.
    /// Each waits mostly on the network and on the per-site pace, so the
    /// default is generous; extraction is limited to one page per core
    /// whatever this says. Default 32.
    pub sources_at_once: NonZeroUsize,
    /// `lease_minutes`: how long a claim on a source or a story page lasts.
    /// A working process renews its claims every third of this, so it
    /// need not cover a whole fetch; if the process dies, another takes
    /// its work over after this (at once, on the same host). Default 1.
    pub lease_minutes: u64,
    /// `shutdown_grace_secs`: after SIGTERM or Ctrl-C, how long `serve`,
    /// `worker` and `fetch` let the sources and pages in hand finish
    /// (claiming nothing new) before stopping them and releasing their
    /// claims. Default 20.
    pub shutdown_grace_secs: u64,
}

impl Default for FetchConfig {
    fn default() -> Self {
        let defaults = FetchSettings::default();
        let polite = PolitenessSettings::default();
        let cadence = Cadence::default();
        Self {
            user_agent: None,
            contact_url: None,
            requests_per_host: NonZeroUsize::new(polite.requests_per_host)
                .unwrap_or(NonZeroUsize::MIN),
            host_interval_ms: u64::try_from(polite.host_interval.as_millis()).unwrap_or(1000),
            allow_private_addresses: defaults.allow_private_addresses,
            allowed_addresses: defaults.allowed_addresses.clone(),
            timeout_secs: defaults.timeout.as_secs(),
            connect_timeout_secs: defaults.connect_timeout.as_secs(),
            max_body_bytes: defaults.max_body_bytes,
            max_redirects: defaults.max_redirects,
            // The scheduling bounds are the scheduler's own defaults.
            interval_minutes: cadence.default_interval.as_secs() / 60,
            min_interval_minutes: cadence.min_interval.as_secs() / 60,
            max_interval_hours: cadence.max_interval.as_secs() / 3600,
            retry_base_minutes: cadence.retry_base.as_secs() / 60,
            retry_cap_hours: cadence.retry_cap.as_secs() / 3600,
            lease_minutes: newsdesk_ingest::pass::DEFAULT_LEASE.as_secs() / 60,
            shutdown_grace_secs: newsdesk_ingest::scheduler::DEFAULT_SHUTDOWN_GRACE.as_secs(),
            sources_at_once: NonZeroUsize::new(newsdesk_ingest::pass::SOURCES_AT_ONCE)
                .unwrap_or(NonZeroUsize::MIN),
        }
    }
}

impl FetchConfig {
    /// The fetcher's settings.
    pub fn settings(&self) -> FetchSettings {
        let user_agent = self.user_agent.clone().unwrap_or_else(|| {
            FetchSettings::user_agent_with_contact(
                self.contact_url.as_ref().map(ContactUrl::as_str),
            )
        });
        FetchSettings {
            user_agent,
            connect_timeout: Duration::from_secs(self.connect_timeout_secs.max(1)),
            timeout: Duration::from_secs(self.timeout_secs.max(1)),
            max_body_bytes: self.max_body_bytes,
            max_redirects: self.max_redirects,
            allow_private_addresses: self.allow_private_addresses,
            allowed_addresses: self.allowed_addresses.clone(),
        }
    }
}

impl FetchConfig {
    /// The scheduling bounds (each at least a minute; the maximum never
    /// below the minimum).
    pub fn cadence(&self) -> Cadence {
        let minutes = |m: u64| Duration::from_secs(m.max(1).saturating_mul(60));
        let hours = |h: u64| Duration::from_secs(h.max(1).saturating_mul(3600));
        let min_interval = minutes(self.min_interval_minutes);
        let max_interval = hours(self.max_interval_hours).max(min_interval);
        Cadence {
            min_interval,
            max_interval,
            default_interval: minutes(self.interval_minutes).clamp(min_interval, max_interval),
            retry_base: minutes(self.retry_base_minutes),
            retry_cap: hours(self.retry_cap_hours),
            ..Cadence::default()
        }
    }

    /// How long a claim on a source or a page lasts.
    pub fn lease(&self) -> Duration {
        Duration::from_secs(self.lease_minutes.max(1).saturating_mul(60))
    }

    /// How long work in hand may go on after a shutdown signal.
    pub fn shutdown_grace(&self) -> Duration {
        Duration::from_secs(self.shutdown_grace_secs)
    }

    /// The per-site limits.
    pub fn politeness(&self) -> PolitenessSettings {
        PolitenessSettings {
            requests_per_host: self.requests_per_host.get(),
            host_interval: Duration::from_millis(self.host_interval_ms),
            ..PolitenessSettings::default()
        }
    }
}

/// A contact address for the User-Agent: an `http`, `https` or `mailto`
/// URL, without the parentheses that would end the User-Agent's comment.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct ContactUrl(String);

impl ContactUrl {
    /// The URL as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ContactUrl {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        let url = url::Url::parse(text.trim())
            .map_err(|e| format!("contact_url {text:?} is not a URL: {e}"))?;
        if !matches!(url.scheme(), "http" | "https" | "mailto") {
            return Err(format!(
                "contact_url {text:?} must be an http, https or mailto URL"
            ));
        }
        let url = url.to_string();
        if url.contains(['(', ')']) {
            return Err(format!("contact_url {text:?} may not hold parentheses"));
        }
        Ok(Self(url))
    }
}

/// `[releases]`: what the news release form lets through before an
/// editor sees it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReleasesConfig {
    /// `per_client_per_hour`: releases one client address may send in an
    /// hour; the next is refused with a page that says to wait. Default 5.
    pub per_client_per_hour: Option<u32>,
    /// `per_email_per_hour`: releases one sender's email address may send
    /// in an hour. Default 3.
    pub per_email_per_hour: Option<u32>,
    /// `min_fill_secs`: the least time between showing the form and
    /// sending it; a form sent sooner is shown again to read once more
    /// (scripts fill forms at once). Default 8.
    pub min_fill_secs: Option<u32>,
}

impl ReleasesConfig {
    /// The limits in force.
    pub fn limits(&self) -> newsdesk_web::ReleaseLimits {
        let default = newsdesk_web::ReleaseLimits::default();
        newsdesk_web::ReleaseLimits {
            per_client_per_hour: self
                .per_client_per_hour
                .unwrap_or(default.per_client_per_hour),
            per_email_per_hour: self
                .per_email_per_hour
                .unwrap_or(default.per_email_per_hour),
            min_fill: self.min_fill_secs.map_or(default.min_fill, |secs| {
                jiff::SignedDuration::from_secs(i64::from(secs))
            }),
        }
    }
}

/// `[admin]`: the newsroom admin at `/admin` (sessions, invitations).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AdminConfig {
    /// `session_hours`: how long a sign-in lasts at most, however busy.
    /// Default 12.
    pub session_hours: Option<u32>,
    /// `idle_minutes`: how long a sign-in lasts unused. Default 60.
    pub idle_minutes: Option<u32>,
    /// `invite_valid_hours`: how long an emailed invitation's link works
    /// (once). Default 72.
    pub invite_valid_hours: Option<u32>,
    /// `client_address_header`: the header a trusted reverse proxy in
    /// front sets to the client's address, such as `x-forwarded-for` (its
    /// last entry is taken), for the per-address sign-in lockout. Default:
    /// none, the connection's own address. Set it only behind a proxy that
    /// overwrites the header: otherwise a client could name any address.
    pub client_address_header: Option<String>,
    /// `network_name`: the network's name in invitations. Default
    /// `Newsdesk`.
    pub network_name: Option<String>,
}

impl AdminConfig {
    /// The admin's settings in force.
    pub fn settings(&self) -> newsdesk_web::admin::AdminSettings {
        let defaults = newsdesk_web::admin::AdminSettings::default();
        let hours = |h: u32| jiff::SignedDuration::from_hours(i64::from(h.max(1)));
        newsdesk_web::admin::AdminSettings {
            session_lifetime: self.session_hours.map_or(defaults.session_lifetime, hours),
            session_idle: self.idle_minutes.map_or(defaults.session_idle, |m| {
                jiff::SignedDuration::from_mins(i64::from(m.max(1)))
            }),
            invite_valid_for: self
                .invite_valid_hours
                .map_or(defaults.invite_valid_for, hours),
            client_address_header: self
                .client_address_header
                .as_deref()
                .map(str::trim)
                .filter(|h| !h.is_empty())
                .map(str::to_ascii_lowercase),
            network_name: self.network_name.clone().unwrap_or(defaults.network_name),
            lockout: defaults.lockout,
        }
    }
}

/// `[mail]`: how the daily email leaves.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MailConfig {
    /// `transport`: `smtp://HOST:PORT` (plain, for a relay on this machine
    /// or network; `?tls=required` for STARTTLS), `smtps://HOST:PORT`
    /// (implicit TLS), each with `USER:PASSWORD@` when the server wants a
    /// login (a password is refused without TLS unless the server is on
    /// this machine), or `file://DIR` (one `.eml` file per message).
    /// Default `file://DATA/outbox`: nothing leaves the machine until this
    /// is set.
    pub transport: Option<String>,
    /// `from`: the sender of every email, `Name <address>` or an address.
    /// Default: the masthead's name and `news@` its domain.
    pub from: Option<String>,
    /// `rate_per_second`: messages sent a second at most; 0 for no limit.
    /// Default 20.
    pub rate_per_second: Option<u32>,
    /// `connections`: SMTP connections a digest run sends over at once
    /// (each message of a round on its own connection, the round's
    /// outbox marks in one transaction). Default 4; at least 1.
    pub connections: Option<usize>,
    /// `retry_base_secs`: the wait after a temporary failure (4xx, no
    /// answer); doubles with each, up to 6 hours. Default 300.
    pub retry_base_secs: Option<u64>,
    /// `max_attempts`: attempts before a digest that keeps failing for a
    /// passing reason is given up. Default 6.
    pub max_attempts: Option<u32>,
    /// `max_bounces`: permanent refusals (5xx) in a row after which an
    /// address gets no more digests. Default 3.
    pub max_bounces: Option<u32>,
    /// `secret`: signs the links in emails (at least 16 characters). Set
    /// the same on every host when processes run on several. Default: a
    /// random secret made once in `DATA/mail-secret`.
    pub secret: Option<String>,
    /// `timeout_secs`: how long an SMTP server may take to accept a
    /// connection, and then to take one message; past it the send is a
    /// temporary failure, tried again later. Default 30.
    pub timeout_secs: Option<u64>,
    /// `tls_ca_file`: a PEM file of one or more certificate authorities
    /// trusted, besides the public ones, to sign the SMTP server's
    /// certificate: for a relay whose certificate an organisation's own
    /// authority signed. A server whose certificate verifies with neither
    /// gets no mail and no password; nothing turns the check off. A
    /// relative path is read from the working directory. Default: the
    /// public authorities only.
    pub tls_ca_file: Option<PathBuf>,
    /// `dkim_selector`: the DKIM selector, the first label of the DNS name
    /// `SELECTOR._domainkey.DOMAIN` where the public key is published.
    /// With `dkim_key_file`, every email is signed; without, none is.
    pub dkim_selector: Option<String>,
    /// `dkim_key_file`: the DKIM private key, a PEM file: RSA (`BEGIN RSA
    /// PRIVATE KEY` or `BEGIN PRIVATE KEY`) or Ed25519 (`BEGIN PRIVATE
    /// KEY`, as `openssl genpkey -algorithm ed25519` writes it). A relative
    /// path is read from the working directory.
    pub dkim_key_file: Option<PathBuf>,
    /// `dkim_domain`: the domain that signs (`d=`). Default: the domain of
    /// the sender (`from`), which is what receivers align with.
    pub dkim_domain: Option<String>,
    /// `confirm_valid_hours`: how long the link in a confirmation email
    /// works. Default 48.
    pub confirm_valid_hours: Option<u32>,
    /// `confirm_every_mins`: at most one confirmation email per address
    /// this often, however many times it is typed into the form. Default
    /// 10.
    pub confirm_every_mins: Option<u32>,
    /// `subscribe_per_client_per_hour`: how many times one client address
    /// may post the subscribe form in an hour; later posts are answered
    /// 429 and record nothing. Readers behind one office or campus address
    /// share it, so keep it well above one household's needs. Default 20.
    pub subscribe_per_client_per_hour: Option<u32>,
}

/// Never prints the SMTP password or the signing secret.
impl std::fmt::Debug for MailConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailConfig")
            .field(
                "transport",
                &self.transport.as_deref().map(newsdesk_store::redact),
            )
            .field("from", &self.from)
            .field("rate_per_second", &self.rate_per_second)
            .field("connections", &self.connections)
            .field("retry_base_secs", &self.retry_base_secs)
            .field("max_attempts", &self.max_attempts)
            .field("max_bounces", &self.max_bounces)
            .field("secret", &self.secret.as_ref().map(|_| "***"))
            .field("timeout_secs", &self.timeout_secs)
            .field("tls_ca_file", &self.tls_ca_file)
            .field("dkim_selector", &self.dkim_selector)
            .field("dkim_key_file", &self.dkim_key_file)
            .field("dkim_domain", &self.dkim_domain)
            .field("confirm_valid_hours", &self.confirm_valid_hours)
            .field("confirm_every_mins", &self.confirm_every_mins)
            .field(
                "subscribe_per_client_per_hour",
                &self.subscribe_per_client_per_hour,
            )
            .finish()
    }
}

impl MailConfig {
    /// How long a confirmation link works.
    pub fn confirm_valid_for(&self) -> jiff::SignedDuration {
        self.confirm_valid_hours
            .map_or(newsdesk_mail::confirm::DEFAULT_VALID_FOR, |hours| {
                jiff::SignedDuration::from_hours(i64::from(hours.max(1)))
            })
    }

    /// At most one confirmation email per address this often.
    pub fn confirm_every(&self) -> jiff::SignedDuration {
        jiff::SignedDuration::from_mins(i64::from(self.confirm_every_mins.unwrap_or(10)))
    }

    /// How many subscribe posts one client address may make in an hour.
    pub fn subscribe_per_client_per_hour(&self) -> u32 {
        self.subscribe_per_client_per_hour.unwrap_or(20).max(1)
    }

    /// The transport URL in force for a data folder.
    pub fn transport_url(&self, data: &Path) -> String {
        self.transport
            .clone()
            .unwrap_or_else(|| format!("file://{}", data.join("outbox").display()))
    }

    /// `max_bounces` in force.
    pub fn max_bounces(&self) -> u32 {
        self.max_bounces.map_or(DEFAULT_MAX_BOUNCES, |n| n.max(1))
    }

    /// The transport in force for a data folder, with `timeout_secs` and
    /// `tls_ca_file`.
    pub fn transport(&self, data: &Path) -> anyhow::Result<Transport> {
        let timeout = self
            .timeout_secs
            .map_or(SMTP_TIMEOUT, |secs| Duration::from_secs(secs.max(1)));
        let trust = match &self.tls_ca_file {
            Some(file) => Trust::with_authority_file(file)?,
            None => Trust::public(),
        };
        Ok(Transport::configured(
            &self.transport_url(data),
            timeout,
            trust,
        )?)
    }

    /// The DKIM signer for a sender's domain, when a key is configured.
    fn dkim(&self, from_domain: &str) -> anyhow::Result<Option<DkimSigner>> {
        let (selector, key) = match (&self.dkim_selector, &self.dkim_key_file) {
            (None, None) => return Ok(None),
            (Some(selector), Some(key)) => (selector, key),
            _ => {
                bail!("mail.dkim_selector and mail.dkim_key_file go together: set both or neither")
            }
        };
        let domain = self
            .dkim_domain
            .clone()
            .unwrap_or_else(|| from_domain.to_ascii_lowercase());
        Ok(Some(DkimSigner::load(key, selector, &domain)?))
    }

    /// The sending settings, for `masthead` when `from` is not set.
    pub fn settings(&self, masthead: &Masthead, site: &str) -> anyhow::Result<MailSettings> {
        let from = match &self.from {
            Some(from) => from.clone(),
            None => {
                let domain = url::Url::parse(site)
                    .ok()
                    .and_then(|u| u.host_str().map(str::to_owned))
                    .unwrap_or_else(|| masthead.host.clone());
                let name: String = masthead
                    .name
                    .chars()
                    .filter(|c| c.is_alphanumeric() || *c == ' ')
                    .collect();
                format!("{} <news@{domain}>", name.trim())
            }
        };
        let mut settings = MailSettings::new(MailSettings::parse_from(&from)?);
        if let Some(rate) = self.rate_per_second {
            settings.rate_per_second = rate;
        }
        if let Some(connections) = self.connections {
            settings.connections = connections.max(1);
        }
        if let Some(secs) = self.retry_base_secs {
            settings.retry_base = Duration::from_secs(secs.max(1));
        }
        if let Some(attempts) = self.max_attempts {
            settings.max_attempts = attempts.max(1);
        }
        settings.max_bounces = self.max_bounces();
        settings.dkim = self.dkim(settings.from.email.domain())?;
        Ok(settings)
    }
}

/// One `[[masthead]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MastheadConfig {
    /// `id`: a slug, used in `/m/ID/` and `--masthead ID`.
    pub id: String,
    /// `name`: what readers see, e.g. "Kenya Star".
    pub name: String,
    /// `host`: the host name that selects this masthead.
    pub host: String,
    /// `timezone`: an IANA zone; the masthead's times are written in it.
    pub timezone: String,
    /// `regions`: where the stories it takes by region happened, besides
    /// those of the sources assigned to it: ISO 3166-1 alpha-2 country
    /// codes (`"KE"`, any case), names of regions of the UN M49 list
    /// (`"Eastern Africa"`, `"Southern Asia"`, `"Africa"`, any case), and
    /// `"world"`, which routes nothing (a masthead of world news takes it
    /// from its sources only). A story is routed by the country its
    /// dateline's place lies in. Anything else stops the start with the
    /// entry named. Default none: no routing by region.
    #[serde(default)]
    pub regions: Vec<String>,
    /// `local_section`: a "Local" section on its front page, and a
    /// `/local` page with its feeds, of the stories filed in the countries
    /// of its `regions`. Default: on when `regions` names any country or
    /// region, off for none or `"world"` alone.
    #[serde(default)]
    pub local_section: Option<bool>,
    /// `sections`: the sections its front page shows, in order.
    #[serde(default)]
    pub sections: Vec<String>,
    /// `digest_at`: local time of the daily email, `HH:MM` on a 24-hour
    /// clock in the masthead's zone. Default `06:00`. A time that daylight
    /// saving skips goes as late as the gap is long; one it repeats goes
    /// the first time.
    #[serde(default)]
    pub digest_at: Option<String>,
    /// `language`: the language of its pages and feeds, a BCP 47 tag such
    /// as `en` or `sw-KE`. Default `en`.
    #[serde(default)]
    pub language: String,
    /// `tagline`: a line under the name in the page header and the
    /// description of its feeds. Default none.
    #[serde(default)]
    pub tagline: String,
    /// `accent`: its colour, `#rrggbb`, for the header rule, links'
    /// underlines and focus rings; the dark theme lightens it. Default
    /// `#a4262c`.
    #[serde(default)]
    pub accent: String,
    /// `logo`: an image shown before the name: an `https://` URL or a path
    /// on the site (a file the reverse proxy serves). Default none.
    #[serde(default)]
    pub logo: String,
    /// `base_url`: its public address, such as `https://kenyastar.example`,
    /// for absolute links in feeds, sitemaps and share tags. Default:
    /// `http://` and the host the request came in on; under `/m/ID/`,
    /// `server.base_url`.
    #[serde(default)]
    pub base_url: String,
    /// `canonical_to_source`: when true, a story republished from a source
    /// names the source's article as its canonical address (`<link
    /// rel="canonical">`), so search engines credit the original. Default
    /// false: the masthead's own story page is canonical.
    #[serde(default)]
    pub canonical_to_source: bool,
}

impl Config {
    /// Loads the config for a data folder, as the global flags say.
    pub fn load(
        data: &Path,
        file: Option<&Path>,
        database_url: Option<&str>,
    ) -> anyhow::Result<Self> {
        let default_file = data.join("newsdesk.toml");
        let (text, origin) = match file {
            Some(path) => (
                std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read the config file {}", path.display()))?,
                path.to_path_buf(),
            ),
            None if default_file.exists() => (
                std::fs::read_to_string(&default_file)
                    .with_context(|| format!("cannot read {}", default_file.display()))?,
                default_file,
            ),
            None => (String::new(), PathBuf::from("(defaults)")),
        };
        let mut config = Self::from_toml(&text, std::env::vars())
            .with_context(|| format!("invalid configuration in {}", origin.display()))?;
        config.database.resolve(data, database_url);
        Ok(config)
    }

    /// Parses TOML text with `NEWSDESK_SECTION__KEY` overrides from `env`.
    pub fn from_toml(
        text: &str,
        env: impl Iterator<Item = (String, String)>,
    ) -> anyhow::Result<Self> {
        let mut table: toml::Table = text.parse()?;
        for (name, value) in env {
            let Some(rest) = name.strip_prefix("NEWSDESK_") else {
                continue;
            };
            let Some((section, key)) = rest.split_once("__") else {
                continue;
            };
            let (section, key) = (section.to_ascii_lowercase(), key.to_ascii_lowercase());
            let parsed = toml::from_str::<toml::Table>(&format!("v = {value}"))
                .ok()
                .and_then(|mut t| t.remove("v"))
                .unwrap_or(toml::Value::String(value));
            let entry = table
                .entry(section.clone())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            match entry {
                toml::Value::Table(t) => {
                    t.insert(key, parsed);
                }
                _ => bail!("{name}: [{section}] is not a section that takes keys"),
            }
        }
        Ok(toml::Value::Table(table).try_into()?)
    }

    /// The mastheads, checked.
    pub fn mastheads(&self) -> anyhow::Result<Vec<Masthead>> {
        let mut seen = std::collections::HashSet::new();
        self.masthead
            .iter()
            .map(|m| {
                if !seen.insert(m.id.clone()) {
                    bail!("masthead {} is listed twice", m.id);
                }
                Ok(Masthead::new(MastheadSettings {
                    id: m.id.clone(),
                    name: m.name.clone(),
                    host: m.host.clone(),
                    timezone: m.timezone.clone(),
                    language: m.language.clone(),
                    tagline: m.tagline.clone(),
                    accent: m.accent.clone(),
                    logo: m.logo.clone(),
                    base_url: m.base_url.clone(),
                    canonical_to_source: m.canonical_to_source,
                    regions: m.regions.clone(),
                    local_section: m.local_section,
                    sections: m.sections.clone(),
                })?)
            })
            .collect()
    }

    /// The `digest_at` of masthead `id`, checked (default 06:00).
    pub fn digest_at(&self, id: &str) -> anyhow::Result<DigestTime> {
        let Some(text) = self
            .masthead
            .iter()
            .find(|m| m.id == id)
            .and_then(|m| m.digest_at.as_deref())
        else {
            return Ok(DEFAULT_DIGEST_AT);
        };
        DigestTime::parse(text).with_context(|| {
            format!("masthead {id}: digest_at: {text:?} is not a time written HH:MM, such as 06:00")
        })
    }

    /// The database URL (always set after [`Config::load`]).
    pub fn database_url(&self) -> &str {
        self.database
            .url
            .as_deref()
            .unwrap_or("sqlite://newsdesk-data/newsdesk.sqlite3")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
        [server]
        listen = "127.0.0.1:9000"
        [database]
        url = "postgres://news:secret@db/desk"
        [[masthead]]
        id = "kenya-star"
        name = "Kenya Star"
        host = "kenyastar.localhost"
        timezone = "Australia/Brisbane"
        regions = ["KE", "world"]
        sections = ["world", "business", "sports"]
        digest_at = "06:00"
    "#;

    #[test]
    fn the_contract_keys_parse() {
        let config = Config::from_toml(SAMPLE, std::iter::empty()).unwrap();
        assert_eq!(config.server.listen.port(), 9000);
        let mastheads = config.mastheads().unwrap();
        assert_eq!(mastheads[0].name, "Kenya Star");
        assert_eq!(mastheads[0].sections.len(), 3);
    }

    #[test]
    fn the_release_forms_limits_default_and_can_be_set() {
        let config = Config::from_toml(SAMPLE, std::iter::empty()).unwrap();
        assert_eq!(
            config.releases.limits(),
            newsdesk_web::ReleaseLimits::default()
        );
        let set = format!(
            "{SAMPLE}\n[releases]\nper_client_per_hour = 50\nper_email_per_hour = 10\nmin_fill_secs = 3\n"
        );
        let limits = Config::from_toml(&set, std::iter::empty())
            .unwrap()
            .releases
            .limits();
        assert_eq!(
            (
                limits.per_client_per_hour,
                limits.per_email_per_hour,
                limits.min_fill
            ),
            (50, 10, jiff::SignedDuration::from_secs(3))
        );
        let unknown = format!("{SAMPLE}\n[releases]\nper_day = 3\n");
        assert!(Config::from_toml(&unknown, std::iter::empty()).is_err());
    }

    #[test]
    fn environment_overrides_keys() {
        let env = vec![
            (
                "NEWSDESK_FETCH__ALLOW_PRIVATE_ADDRESSES".to_owned(),
                "true".to_owned(),
            ),
            (
                "NEWSDESK_FETCH__USER_AGENT".to_owned(),
                "Desk/1 (+https://news.example)".to_owned(),
            ),
            (
                "NEWSDESK_TEST_POSTGRES_URL".to_owned(),
                "ignored".to_owned(),
            ),
        ];
        let config = Config::from_toml(SAMPLE, env.into_iter()).unwrap();
        assert!(config.fetch.allow_private_addresses);
        assert_eq!(
            config.fetch.settings().user_agent,
            "Desk/1 (+https://news.example)"
        );
    }

    #[test]
    fn secrets_do_not_show_in_debug() {
        let text = format!(
            "{SAMPLE}\n[mail]\ntransport = \"smtp://desk:mailsecret@mail.example:587\"\n\
             secret = \"a signing key nobody may read\"\ntimeout_secs = 5\n\
             tls_ca_file = \"relay-ca.pem\"\n"
        );
        let config = Config::from_toml(&text, std::iter::empty()).unwrap();
        let shown = format!("{config:?}");
        for hidden in [":secret@", "mailsecret", "nobody may read"] {
            assert!(!shown.contains(hidden), "{shown}");
        }
        assert!(
            shown.contains("tls_ca_file: Some(\"relay-ca.pem\")"),
            "{shown}"
        );
        assert!(
            shown.contains("smtp://desk:***@mail.example:587"),
            "{shown}"
        );
    }

    #[test]
    fn dkim_keys_sign_for_the_senders_domain_unless_told_otherwise() {
        let key = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../mail/tests/fixtures/dkim/ed25519.pem"
        );
        let settings = |mail: &str| {
            let config =
                Config::from_toml(&format!("{SAMPLE}\n[mail]\n{mail}"), std::iter::empty())
                    .unwrap();
            let star = config.mastheads().unwrap().remove(0);
            config
                .mail
                .settings(&star, "https://kenyastar.example")
                .map(|s| s.dkim.map(|d| d.domain().to_owned()))
                .map_err(|e| format!("{e:#}"))
        };
        assert_eq!(settings(""), Ok(None));
        let both = format!("dkim_selector = \"desk\"\ndkim_key_file = {key:?}\n");
        assert_eq!(settings(&both), Ok(Some("kenyastar.example".into())));
        let from = format!("{both}from = \"Desk <news@Mail.Example>\"\n");
        assert_eq!(settings(&from), Ok(Some("mail.example".into())));
        let domain = format!("{both}dkim_domain = \"sign.example\"\n");
        assert_eq!(settings(&domain), Ok(Some("sign.example".into())));
        let half = settings("dkim_selector = \"desk\"").unwrap_err();
        assert!(half.contains("set both or neither"), "{half}");
        let missing =
            settings("dkim_selector = \"desk\"\ndkim_key_file = \"no-such.pem\"").unwrap_err();
        assert!(
            missing.contains("mail.dkim_key_file no-such.pem"),
            "{missing}"
        );
    }

    #[test]
    fn digest_times_are_checked_and_default_to_six() {
        let config = Config::from_toml(SAMPLE, std::iter::empty()).unwrap();
        assert_eq!(config.digest_at("kenya-star").unwrap().to_string(), "06:00");
        assert_eq!(config.digest_at("elsewhere").unwrap().to_string(), "06:00");
        let early = SAMPLE.replace("\"06:00\"", "\"00:30\"");
        let config = Config::from_toml(&early, std::iter::empty()).unwrap();
        assert_eq!(config.digest_at("kenya-star").unwrap().to_string(), "00:30");
        let bad = SAMPLE.replace("\"06:00\"", "\"6am\"");
        let config = Config::from_toml(&bad, std::iter::empty()).unwrap();
        let error = format!("{:#}", config.digest_at("kenya-star").unwrap_err());
        assert!(error.contains("masthead kenya-star: digest_at"), "{error}");
    }

    #[test]
    fn unknown_keys_and_bad_zones_are_errors() {
        assert!(Config::from_toml("[server]\nlisten_on = 1", std::iter::empty()).is_err());
        let bad_zone = SAMPLE.replace("Australia/Brisbane", "Mars/Base");
        let config = Config::from_toml(&bad_zone, std::iter::empty()).unwrap();
        assert!(
            config
                .mastheads()
                .unwrap_err()
                .to_string()
                .contains("Mars/Base")
        );
    }

    #[test]
    fn masthead_errors_name_the_masthead_and_the_key() {
        for (key, bad) in [
            ("accent", "\"crimson\""),
            ("logo", "\"ftp://logo.example/x.png\""),
            ("language", "\"English\""),
            ("base_url", "\"kenyastar.example\""),
        ] {
            let text = format!("{SAMPLE}\n{key} = {bad}\n");
            let config = Config::from_toml(&text, std::iter::empty()).unwrap();
            let error = config.mastheads().unwrap_err().to_string();
            assert!(
                error.starts_with(&format!("masthead kenya-star: {key}:")),
                "{error}"
            );
        }
        let set = format!(
            "{SAMPLE}\ntagline = \"From the wire\"\naccent = \"#1A5F7A\"\ncanonical_to_source = true\n"
        );
        let masthead = &Config::from_toml(&set, std::iter::empty())
            .unwrap()
            .mastheads()
            .unwrap()[0];
        assert_eq!(masthead.tagline, "From the wire");
        assert_eq!(masthead.accent, "#1a5f7a");
        assert!(masthead.canonical_to_source);
        let bad_base =
            Config::from_toml("[server]\nbase_url = \"not a url\"", std::iter::empty()).unwrap();
        let error = bad_base
            .server
            .web_settings(Path::new("data"))
            .unwrap_err()
            .to_string();
        assert!(error.contains("server.base_url"), "{error}");
    }

    #[test]
    fn regions_are_codes_region_names_and_world() {
        let regions = |list: &str| {
            let text = SAMPLE.replace(r#"regions = ["KE", "world"]"#, &format!("regions = {list}"));
            Config::from_toml(&text, std::iter::empty())
                .unwrap()
                .mastheads()
                .map(|m| m[0].clone())
                .map_err(|e| e.to_string())
        };
        let star = regions(r#"["KE", "world"]"#).unwrap();
        assert_eq!(star.regions.countries().len(), 1);
        assert!(star.local_section);
        let islands = regions(r#"["mu", "Southern Asia", "Eastern Africa"]"#).unwrap();
        assert!(islands.regions.countries().len() > 25);
        let world = regions(r#"["world"]"#).unwrap();
        assert!(world.regions.countries().is_empty() && !world.local_section);
        let error = regions(r#"["KE", "Indian Ocean"]"#).unwrap_err();
        assert!(
            error.starts_with("masthead kenya-star: regions: \"Indian Ocean\" is neither an ISO"),
            "{error}"
        );
        assert!(regions(r#"["KEN"]"#).unwrap_err().contains("\"KEN\""));
        let off = format!("{SAMPLE}\nlocal_section = false\n");
        let masthead = Config::from_toml(&off, std::iter::empty())
            .unwrap()
            .mastheads()
            .unwrap()
            .remove(0);
        assert!(!masthead.local_section);
    }

    #[test]
    fn the_user_agent_carries_the_contact_url() {
        let plain = Config::from_toml("", std::iter::empty()).unwrap();
        let agent = plain.fetch.settings().user_agent;
        assert!(
            agent.starts_with("Newsdesk/") && agent.ends_with("(self-hosted news engine)"),
            "{agent}"
        );
        let with_contact = Config::from_toml(
            "[fetch]\ncontact_url = \"https://news.example/about/crawler\"",
            std::iter::empty(),
        )
        .unwrap();
        let agent = with_contact.fetch.settings().user_agent;
        assert!(
            agent.starts_with("Newsdesk/")
                && agent.ends_with(" (+https://news.example/about/crawler)"),
            "{agent}"
        );
        // `user_agent` is taken whole, contact URL or not.
        let both = Config::from_toml(
            "[fetch]\ncontact_url = \"https://news.example/\"\nuser_agent = \"Desk/2\"",
            std::iter::empty(),
        )
        .unwrap();
        assert_eq!(both.fetch.settings().user_agent, "Desk/2");
        for bad in [
            "not a url",
            "ftp://news.example/",
            "https://news.example/(x)",
        ] {
            let text = format!("[fetch]\ncontact_url = \"{bad}\"");
            assert!(
                Config::from_toml(&text, std::iter::empty()).is_err(),
                "{bad} should be refused"
            );
        }
    }

    #[test]
    fn politeness_keys_parse_and_zero_requests_is_refused() {
        let defaults = Config::from_toml("", std::iter::empty()).unwrap();
        let polite = defaults.fetch.politeness();
        assert_eq!(polite.requests_per_host, 2);
        assert_eq!(polite.host_interval, Duration::from_millis(1000));
        let set = Config::from_toml(
            "[fetch]\nrequests_per_host = 3\nhost_interval_ms = 250",
            std::iter::empty(),
        )
        .unwrap();
        let polite = set.fetch.politeness();
        assert_eq!(polite.requests_per_host, 3);
        assert_eq!(polite.host_interval, Duration::from_millis(250));
        assert!(Config::from_toml("[fetch]\nrequests_per_host = 0", std::iter::empty()).is_err());
        let listed = Config::from_toml(
            "[fetch]\nallowed_addresses = [\"10.0.0.5\", \"fd00:ec2::254\"]",
            std::iter::empty(),
        )
        .unwrap();
        assert_eq!(
            listed.fetch.settings().allowed_addresses,
            [
                "10.0.0.5".parse::<std::net::IpAddr>().unwrap(),
                "fd00:ec2::254".parse().unwrap()
            ]
        );
        assert!(
            Config::from_toml(
                "[fetch]\nallowed_addresses = [\"intranet\"]",
                std::iter::empty()
            )
            .is_err()
        );
    }
}
