//! `newsdesk`: parse the command line, set up logging, run.

use clap::Parser;

/// mimalloc: extraction allocates many small strings; it is faster here than
/// the system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = newsdesk::Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_env("NEWSDESK_LOG").unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new("warn,html5ever=error,selectors=error")
    });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    match newsdesk::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
