//! DKIM end to end: digests signed with an RSA or an Ed25519 key are
//! delivered to a real SMTP server (aiosmtpd), and what it received is
//! checked by an independent verifier (PyPI's dkimpy, through
//! `tests/mail/dkim_check.py`), the public key handed to it as the DNS
//! record a receiver would read. Every message also parses in Python's
//! email package with no defect; a message changed after signing fails.

mod common;

use common::*;
use jiff::Timestamp;
use newsdesk_mail::{DkimSigner, Transport};
use newsdesk_testkit::{SmtpSink, TestDb};
use std::path::{Path, PathBuf};
use std::process::Command;

newsdesk_testkit::on_both_databases!(
    digests_signed_with_rsa_verify_at_the_receiver,
    digests_signed_with_ed25519_verify_at_the_receiver,
);

const SELECTOR: &str = "desk2026";
const RECORD_NAME: &str = "desk2026._domainkey.kenyastar.example";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/dkim")
        .join(name)
}

/// What `dkim_check.py` says of each message, with the record `txt`.
fn check(txt: &str, messages: &[PathBuf]) -> Vec<serde_json::Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/mail/dkim_check.py");
    let output = Command::new(SmtpSink::python())
        .arg(script)
        .arg("--key")
        .arg(format!("{RECORD_NAME}={}", fixture(txt).display()))
        .args(messages)
        .output()
        .expect("run dkim_check.py");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

async fn signed_digests_verify(db: TestDb, key: &str, txt: &str, algorithm: &str) {
    let store = &db.store;
    let sink = SmtpSink::start();
    seed_stories(store, 2).await;
    confirmed_readers(store, 3).await;
    let transport = Transport::from_url(&format!("smtp://127.0.0.1:{}", sink.port)).unwrap();
    let mut kit = Kit::new();
    kit.settings.dkim =
        Some(DkimSigner::load(&fixture(key), SELECTOR, "kenyastar.example").unwrap());
    let (sender, edition) = (kit.sender(store, &transport), kit.edition());
    let report = sender
        .run(edition, "test:1:1", &Timestamp::now)
        .await
        .unwrap();
    assert_eq!(report.sent, 3, "{report:?}");

    let messages = sink.messages();
    assert_eq!(messages.len(), 3);
    for found in check(txt, &messages) {
        assert_eq!(found["verified"], true, "{found:#}");
        assert_eq!(found["defects"], serde_json::json!([]), "{found:#}");
        let signature = &found["signature"];
        assert_eq!(signature["d"], "kenyastar.example");
        assert_eq!(signature["s"], SELECTOR);
        assert_eq!(signature["a"], format!("{algorithm}-sha256"));
        assert_eq!(signature["c"], "relaxed/relaxed");
        let signed = signature["h"].as_str().unwrap().to_ascii_lowercase();
        for header in [
            "from",
            "to",
            "subject",
            "date",
            "message-id",
            "list-id",
            "list-unsubscribe",
            "list-unsubscribe-post",
        ] {
            assert!(signed.split(':').any(|h| h == header), "{signed}");
        }
    }

    // The verifier is not a yes-machine: a subject changed on the way
    // breaks the signature.
    let original = std::fs::read_to_string(&messages[0]).unwrap();
    let changed = original.replacen("Subject: Kenya Star", "Subject: Kenya Stars", 1);
    assert_ne!(original, changed);
    let forged = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(forged.path(), changed).unwrap();
    let found = check(txt, &[forged.path().to_owned()]);
    assert_eq!(found[0]["verified"], false, "{:#}", found[0]);
    store.close().await;
}

async fn digests_signed_with_rsa_verify_at_the_receiver(db: TestDb) {
    signed_digests_verify(db, "rsa-pkcs8.pem", "rsa.txt", "rsa").await;
}

async fn digests_signed_with_ed25519_verify_at_the_receiver(db: TestDb) {
    signed_digests_verify(db, "ed25519.pem", "ed25519.txt", "ed25519").await;
}
