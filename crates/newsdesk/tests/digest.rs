//! `newsdesk digest preview` and `digest send`, through the real binary:
//! the message on standard output, one `.eml` per reader in the outbox
//! folder, nothing sent twice on a second run; and a run to an SMTP server
//! killed with SIGKILL again and again, which never sends a reader two
//! digests and almost never leaves one out.

mod common;

use common::newsdesk;
use newsdesk_store::Store;
use newsdesk_testkit::SmtpSink;
use newsdesk_testkit::newsroom::{confirmed_readers, seed_stories};
use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

/// A data folder with Kenya Star configured, `mail` as the `[mail]`
/// section, migrated, with a day of stories and `readers` confirmed readers.
async fn newsroom(data: &Path, mail: &str, readers: usize) {
    std::fs::write(
        data.join("newsdesk.toml"),
        format!(
            "[mail]\n{mail}\n\n[[masthead]]\nid = \"kenya-star\"\nname = \"Kenya Star\"\n\
             host = \"kenyastar.example\"\ntimezone = \"Australia/Brisbane\"\n\
             sections = [\"world\", \"business\", \"sports\"]\n\
             base_url = \"https://kenyastar.example\"\n"
        ),
    )
    .unwrap();
    let migrated = newsdesk(data, &["migrate"]).await;
    assert!(migrated.status.success(), "{migrated:?}");
    let url = format!("sqlite://{}", data.join("newsdesk.sqlite3").display());
    let store = Store::connect(&url).await.unwrap();
    seed_stories(&store, 3).await;
    confirmed_readers(&store, readers).await;
    store.close().await;
}

fn stdout(output: &std::process::Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn preview_prints_the_message_and_send_serves_each_reader_once() {
    let folder = tempfile::tempdir().unwrap();
    let data = folder.path();
    newsroom(data, "rate_per_second = 0", 2).await;
    let day = ["--masthead", "kenya-star", "--date", "2026-10-05"];

    let preview = stdout(&newsdesk(data, &[&["digest", "preview"][..], &day].concat()).await);
    for line in [
        "Subject: Kenya Star: the news for Monday 5 October 2026\r\n",
        "From: \"Kenya Star\" <news@kenyastar.example>\r\n",
        "To: reader@example.invalid\r\n",
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n",
        "Message-ID: <2026-10-05.0.kenya-star.digest@kenyastar.example>\r\n",
        "Content-Type: text/plain; charset=utf-8\r\n",
        "Content-Type: text/html; charset=utf-8\r\n",
    ] {
        assert!(preview.contains(line), "{line:?} in:\n{preview}");
    }
    assert!(preview.contains("WORLD story 2: rains reach the coast"));
    assert!(!data.join("outbox").exists(), "a preview sends nothing");

    let sent = stdout(&newsdesk(data, &[&["digest", "send"][..], &day].concat()).await);
    assert!(
        sent.contains("kenya-star 2026-10-05: 2 readers recorded, 2 sent, 0 to try again"),
        "{sent}"
    );
    let files = std::fs::read_dir(data.join("outbox")).unwrap().count();
    assert_eq!(files, 2);

    let again = stdout(&newsdesk(data, &[&["digest", "send"][..], &day].concat()).await);
    assert!(again.contains("0 readers recorded, 0 sent"), "{again}");
    assert!(
        again.contains("the day so far: 2 sent, 0 waiting, 0 given up, 0 with nothing to send"),
        "{again}"
    );
    assert_eq!(std::fs::read_dir(data.join("outbox")).unwrap().count(), 2);

    let quiet = [
        "digest",
        "send",
        "--masthead",
        "kenya-star",
        "--date",
        "2026-10-09",
    ];
    let quiet = stdout(&newsdesk(data, &quiet).await);
    assert!(
        quiet.contains("kenya-star 2026-10-09: no story in the day's sections: nothing sent"),
        "{quiet}"
    );
    assert_eq!(std::fs::read_dir(data.join("outbox")).unwrap().count(), 2);

    for (args, expected) in [
        (
            vec!["digest", "send", "--masthead", "nowhere"],
            "no masthead \"nowhere\" in the config (mastheads: kenya-star)",
        ),
        (
            vec![
                "digest",
                "preview",
                "--masthead",
                "kenya-star",
                "--date",
                "5/10/2026",
            ],
            "--date \"5/10/2026\" is not a day written YYYY-MM-DD",
        ),
    ] {
        let output = newsdesk(data, &args).await;
        assert!(!output.status.success());
        let error = String::from_utf8_lossy(&output.stderr);
        assert!(error.contains(expected), "{error}");
    }
}

/// How long each killed run is let go before SIGKILL, in milliseconds:
/// some die while starting, most in the middle of sending.
const KILL_AFTER_MS: [u64; 10] = [40, 260, 150, 420, 90, 330, 200, 510, 120, 380];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_killed_again_and_again_never_sends_a_reader_two_digests() {
    let sink = SmtpSink::start();
    let folder = tempfile::tempdir().unwrap();
    let data = folder.path();
    let readers = 200;
    newsroom(
        data,
        &format!(
            "transport = \"smtp://127.0.0.1:{}\"\nrate_per_second = 100",
            sink.port
        ),
        readers,
    )
    .await;
    let args = [
        "--data",
        data.to_str().unwrap(),
        "digest",
        "send",
        "--masthead",
        "kenya-star",
        "--date",
        "2026-10-05",
    ];
    let mut kills = 0;
    for after in KILL_AFTER_MS {
        let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_newsdesk"))
            .args(args)
            .env_remove("NEWSDESK_DATABASE__URL")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let done = tokio::time::timeout(Duration::from_millis(after), child.wait()).await;
        if done.is_err() {
            child.start_kill().unwrap();
            child.wait().await.unwrap();
            kills += 1;
        }
    }
    assert!(kills >= 8, "the runs were cut short ({kills} kills)");
    let last = stdout(&newsdesk(data, &args[2..]).await);
    assert!(
        last.contains(&format!(
            "the day so far: {readers} sent, 0 waiting, 0 given up, 0 with nothing to send"
        )),
        "{last}"
    );

    let mut copies: HashMap<String, Vec<String>> = HashMap::new();
    for report in sink.received() {
        assert_eq!(report["defects"], serde_json::json!([]), "{report:#}");
        copies
            .entry(report["rcpt_tos"][0].as_str().unwrap().to_owned())
            .or_default()
            .push(report["headers"]["Message-ID"].as_str().unwrap().to_owned());
    }
    // The outbox marks a round `sent` before any of its final dots goes
    // out, and a message whose dot never went out is dropped by the
    // server: no kill makes a second copy.
    let twice: Vec<_> = copies.iter().filter(|(_, ids)| ids.len() > 1).collect();
    assert!(twice.is_empty(), "{kills} kills, sent twice: {twice:?}");
    // And the dots are in the kernel a system call after the mark's
    // commit returns (docs/ARCHITECTURE.md, "The window left"): a kill in
    // that window, about 1 in 200 (bench/digest/crash.sh), leaves at most
    // its round's readers (one per connection, 4) marked sent with
    // nothing delivered.
    let mut left_out: Vec<String> = (0..readers)
        .map(|n| format!("reader-{n}@mail.example"))
        .filter(|address| !copies.contains_key(address))
        .collect();
    left_out.sort();
    assert!(
        left_out.len() <= kills * 4,
        "{kills} kills left out {} readers: {left_out:?}",
        left_out.len()
    );
}

/// A bounce report from a file under the mail crate's fixtures, with its
/// refused address replaced by `address`.
fn bounce_report(name: &str, address: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../mail/tests/fixtures/dsn")
        .join(name);
    std::fs::read_to_string(path)
        .unwrap()
        .replace("gone-otieno@mail.example", address)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_counts_readers_sends_and_bounces_and_a_bounce_report_counts_once_read() {
    let folder = tempfile::tempdir().unwrap();
    let data = folder.path();
    newsroom(data, "rate_per_second = 0\nmax_bounces = 2", 3).await;
    let day = ["--masthead", "kenya-star", "--date", "2026-10-05"];
    stdout(&newsdesk(data, &[&["digest", "send"][..], &day].concat()).await);
    let status = || async { stdout(&newsdesk(data, &["digest", "status"]).await) };

    let before = status().await;
    for line in [
        "kenya-star\n",
        "  readers: 3 confirmed, 0 pending, 0 unsubscribed\n",
        "  confirmed by section: every section 3\n",
        "  bounces: 0 addresses refused lately, 0 no longer sent to (mail.max_bounces = 2)\n",
        "  2026-10-05      3       0        0        0\n",
    ] {
        assert!(before.contains(line), "{line:?} in:\n{before}");
    }

    // Not a report: a clear error, and nothing counted.
    let letter = data.join("letter.eml");
    std::fs::write(&letter, bounce_report("not-a-report.eml", "")).unwrap();
    let refused = newsdesk(data, &["mail", "bounce", letter.to_str().unwrap()]).await;
    assert!(!refused.status.success());
    let error = String::from_utf8_lossy(&refused.stderr);
    assert!(
        error.contains("not a delivery status notification (RFC 3464): its type is text/plain"),
        "{error}"
    );
    assert_eq!(status().await, before);

    let report = data.join("bounce.eml");
    std::fs::write(
        &report,
        bounce_report("permanent.eml", "reader-1@mail.example"),
    )
    .unwrap();
    let bounce =
        || async { stdout(&newsdesk(data, &["mail", "bounce", report.to_str().unwrap()]).await) };
    let first = bounce().await;
    assert_eq!(
        first,
        "reader-1@mail.example: refused (5.1.1): kenya-star, 1 of 2 bounces, still sent to\n"
    );
    let second = bounce().await;
    assert!(
        second.ends_with("2 of 2 bounces, no more digests are sent to it\n"),
        "{second}"
    );
    let after = status().await;
    assert!(
        after.contains("  bounces: 1 addresses refused lately, 1 no longer sent to"),
        "{after}"
    );

    let mixed = data.join("mixed.eml");
    std::fs::write(&mixed, bounce_report("delayed-and-failed.eml", "")).unwrap();
    let mixed = stdout(&newsdesk(data, &["mail", "bounce", mixed.to_str().unwrap()]).await);
    assert_eq!(
        mixed,
        "slow-wanjiru@mail.example: delayed (4.4.7): nothing counted\n\
         Full-Kamau@mail.example: refused (5.2.2), but no reader has this address: nothing counted\n"
    );
}
