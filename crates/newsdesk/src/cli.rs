//! The command line, as the contract fixes it.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Newsdesk: the self-hosted engine for wire-fed news sites.
///
/// Pulls stories from feeds, stores each once, and serves every masthead of
/// the network from one process, on SQLite (default) or PostgreSQL.
#[derive(Debug, Parser)]
#[command(name = "newsdesk", version, about, long_about)]
pub struct Cli {
    /// The data folder: the SQLite database and newsdesk.toml live here.
    #[arg(
        long,
        global = true,
        default_value = "./newsdesk-data",
        env = "NEWSDESK_DATA"
    )]
    pub data: PathBuf,
    /// The config file [default: DATA/newsdesk.toml when present].
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    /// The database, overriding database.url: sqlite://PATH or postgres://...
    #[arg(long, global = true)]
    pub database_url: Option<String>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve a demo network from bundled wire feeds: no internet, no services.
    ///
    /// The feeds are served over HTTP on the listen address and go through
    /// the real ingestion pipeline; the mastheads are then served there too.
    /// A second start on the same --data reuses what is there.
    Demo(ListenArgs),
    /// Serve the web site and fetch each source when it falls due.
    Serve(ListenArgs),
    /// Serve the web site only (for several processes on PostgreSQL).
    Web(ListenArgs),
    /// Fetch each source when it falls due, and nothing else (for several
    /// processes on PostgreSQL; they share the sources through leases).
    Worker(WorkerArgs),
    /// Apply database migrations and exit.
    Migrate,
    /// Manage sources: the feeds stories come from.
    #[command(subcommand)]
    Source(SourceCommand),
    /// Read stored stories.
    #[command(subcommand)]
    Story(StoryCommand),
    /// The people who sign in to the newsroom admin at /admin.
    #[command(subcommand)]
    User(UserCommand),
    /// Run one ingestion pass now; a broken source is reported and the pass goes on.
    Fetch(FetchArgs),
    /// Extract the article from pages: files, http(s) URLs or `-` for standard input.
    Extract(ExtractArgs),
    /// The daily email: preview, send or look over a masthead's digest.
    #[command(subcommand)]
    Digest(DigestCommand),
    /// The daily email's deliveries: bounces reported by mail servers.
    #[command(subcommand)]
    Mail(MailCommand),
    /// Write a consistent copy of the database while it is in use (SQLite;
    /// on PostgreSQL, runs pg_dump when a new enough one is installed).
    Backup(BackupArgs),
    /// Put a backup in place of the database (stop every other newsdesk
    /// process first); refuses to replace sources or stories without --force.
    Restore(RestoreArgs),
}

/// `backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The file to write; it must not exist yet.
    pub file: PathBuf,
}

/// `restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup written by `newsdesk backup`.
    pub file: PathBuf,
    /// Replace a database that holds sources or stories.
    #[arg(long)]
    pub force: bool,
}

/// `extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The page's URL, for relative links (files and standard input only).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Print one JSON object (one input only).
    #[arg(long, conflicts_with = "jsonl")]
    pub json: bool,
    /// Print one JSON object a line, one line per input.
    #[arg(long)]
    pub jsonl: bool,
    /// Files, http(s) URLs, or `-` for standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
}

/// `worker`.
#[derive(Debug, Args)]
pub struct WorkerArgs {
    /// Also answer /metrics and /healthz on this address.
    #[arg(long, value_name = "ADDR")]
    pub metrics_listen: Option<SocketAddr>,
}

/// `--listen`.
#[derive(Debug, Args)]
pub struct ListenArgs {
    /// The address to listen on [default: server.listen, 127.0.0.1:8080].
    #[arg(long)]
    pub listen: Option<SocketAddr>,
}

/// `user ...`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a person who signs in to the admin, with a password read from
    /// standard input (one line; never an argument, which other users of
    /// the machine could see).
    Add(UserAddArgs),
    /// List everyone who signs in to the admin.
    List,
}

/// `user add`.
#[derive(Debug, Args)]
pub struct UserAddArgs {
    /// Their email address, which they sign in with.
    pub email: String,
    /// `admin` (everything, including users) or `editor` (content).
    #[arg(long, value_parser = ["admin", "editor"])]
    pub role: String,
}

/// `source ...`.
#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Add a feed: RSS, Atom or JSON Feed, or a web page that announces one.
    ///
    /// A web page's `<link rel="alternate">` feeds are tried in page order;
    /// the first that reads as a feed is added, and the others are listed.
    Add(SourceAddArgs),
    /// List sources with their health.
    List(JsonFlag),
    /// Add the feeds of an OPML subscription list (1.0 or 2.0).
    ///
    /// Feeds already added are skipped and outlines that cannot be sources
    /// are reported with the reason; the rest are added.
    Import(SourceImportArgs),
    /// Print every source as OPML 2.0, for `source import` elsewhere.
    Export,
}

/// `source import`.
#[derive(Debug, Args)]
pub struct SourceImportArgs {
    /// The OPML file, or `-` for standard input.
    #[arg(value_name = "FILE.opml")]
    pub file: PathBuf,
}

/// `source add`.
#[derive(Debug, Args)]
pub struct SourceAddArgs {
    /// The feed's URL (http or https), or a web page that announces it.
    pub url: String,
    /// A masthead that takes this source's stories; repeat for several.
    /// None: every masthead.
    #[arg(long = "masthead", value_name = "ID")]
    pub mastheads: Vec<String>,
    /// The section its stories go to [default: each item's category].
    #[arg(long)]
    pub section: Option<String>,
    /// The name on the story page's source line [default: the feed's host].
    #[arg(long)]
    pub name: Option<String>,
}

/// `--json`.
#[derive(Debug, Args)]
pub struct JsonFlag {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// `story ...`.
#[derive(Debug, Subcommand)]
pub enum StoryCommand {
    /// The newest stories, newest first.
    List(StoryListArgs),
    /// Cluster stored stories again with their near-copies (wire copy
    /// republished under other links), oldest first.
    ///
    /// Safe while `serve` and workers run: each batch is the same step the
    /// workers run on new stories. A run that is stopped resumes where it
    /// stopped when run again with the same `--since`.
    Recluster(ReclusterArgs),
}

/// `story recluster`.
#[derive(Debug, Args)]
pub struct ReclusterArgs {
    /// Only stories published on or after this day (YYYY-MM-DD, UTC) or
    /// instant (RFC 3339, e.g. 2025-03-12T06:00:00Z) [default: all].
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
}

/// `story list`.
#[derive(Debug, Args)]
pub struct StoryListArgs {
    /// Only stories this masthead takes: its sources' and, by region,
    /// those filed in its countries (a masthead of the config).
    #[arg(long, value_name = "ID")]
    pub masthead: Option<String>,
    /// Only stories of this source.
    #[arg(long, value_name = "ID")]
    pub source: Option<i64>,
    /// At most this many.
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// `digest ...`.
#[derive(Debug, Subcommand)]
pub enum DigestCommand {
    /// Write one masthead's digest, as a reader of every section would get
    /// it, to standard output (an RFC 5322 message); nothing is sent.
    Preview(DigestArgs),
    /// Send one masthead's digest to its confirmed readers now.
    ///
    /// Each reader gets the day's digest once: a run that was cut short,
    /// or is run again, sends only to readers not yet sent to. Temporary
    /// failures are tried again on a later run, after a growing wait.
    Send(DigestArgs),
    /// Readers per masthead, status and section; the outbox of the 14
    /// latest days with digests (sent, failed, waiting); addresses that
    /// bounce.
    Status(DigestStatusArgs),
}

/// `digest status`.
#[derive(Debug, Args)]
pub struct DigestStatusArgs {
    /// Only this masthead [default: every masthead].
    #[arg(long, value_name = "ID")]
    pub masthead: Option<String>,
}

/// `mail ...`.
#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Read a delivery status notification (an RFC 3464 bounce report) and
    /// count each permanent failure (Action: failed, Status: 5.x.x)
    /// against the address, in the masthead the original digest came from
    /// or, when the report does not say, every masthead it reads. At
    /// mail.max_bounces the address gets no more digests. Delays (4.x.x)
    /// count for nothing. A file that is not such a report changes nothing.
    Bounce(MailBounceArgs),
}

/// `mail bounce`.
#[derive(Debug, Args)]
pub struct MailBounceArgs {
    /// The report, as a whole message (an .eml file), or `-` for standard
    /// input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// `digest preview` and `digest send`.
#[derive(Debug, Args)]
pub struct DigestArgs {
    /// The masthead.
    #[arg(long, value_name = "ID")]
    pub masthead: String,
    /// The masthead's local day [default: the newest day whose digest_at
    /// has come, in the masthead's time zone].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
}

/// `fetch`.
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// Only this source.
    #[arg(long, value_name = "ID")]
    pub source: Option<i64>,
}
