//! One file per command; [`dispatch`] routes the parsed command line.

pub mod backup;
pub mod demo;
pub mod digest_preview;
pub mod digest_send;
pub mod digest_status;
pub mod extract;
pub mod fetch;
pub mod mail_bounce;
pub mod migrate;
pub mod restore;
pub mod serve;
pub mod source_add;
pub mod source_export;
pub mod source_import;
pub mod source_list;
pub mod story_list;
pub mod story_recluster;
pub mod user_add;
pub mod user_list;
pub mod worker;

use crate::cli::{
    Cli, Command, DigestCommand, MailCommand, SourceCommand, StoryCommand, UserCommand,
};

/// Runs the command the line names.
pub async fn dispatch(cli: Cli) -> anyhow::Result<()> {
    match &cli.command {
        Command::Demo(args) => demo::run(&cli, args.listen).await,
        Command::Serve(args) => serve::run(&cli, args.listen, true).await,
        Command::Web(args) => serve::run(&cli, args.listen, false).await,
        Command::Worker(args) => worker::run(&cli, args.metrics_listen).await,
        Command::Migrate => migrate::run(&cli).await,
        Command::Source(SourceCommand::Add(args)) => source_add::run(&cli, args).await,
        Command::Source(SourceCommand::List(args)) => source_list::run(&cli, args.json).await,
        Command::Source(SourceCommand::Import(args)) => source_import::run(&cli, args).await,
        Command::Source(SourceCommand::Export) => source_export::run(&cli).await,
        Command::Story(StoryCommand::List(args)) => story_list::run(&cli, args).await,
        Command::Story(StoryCommand::Recluster(args)) => story_recluster::run(&cli, args).await,
        Command::User(UserCommand::Add(args)) => user_add::run(&cli, args).await,
        Command::User(UserCommand::List) => user_list::run(&cli).await,
        Command::Fetch(args) => fetch::run(&cli, args.source).await,
        Command::Extract(args) => extract::run(&cli, args).await,
        Command::Digest(DigestCommand::Preview(args)) => digest_preview::run(&cli, args).await,
        Command::Digest(DigestCommand::Send(args)) => digest_send::run(&cli, args).await,
        Command::Digest(DigestCommand::Status(args)) => digest_status::run(&cli, args).await,
        Command::Mail(MailCommand::Bounce(args)) => mail_bounce::run(&cli, args).await,
        Command::Backup(args) => backup::run(&cli, args).await,
        Command::Restore(args) => restore::run(&cli, args).await,
    }
}
