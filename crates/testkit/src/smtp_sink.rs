//! A real SMTP server for tests: Python's aiosmtpd running
//! `tests/mail/smtp_sink.py` on a free port of 127.0.0.1.
//!
//! It keeps every message it accepts, as received, with a report of how
//! Python's own email parser reads it (headers, parts, defects); it answers
//! 451 once to `busy-...@` recipients and 550 to `gone-...@` ones. The
//! Python is `$NEWSDESK_MAIL_PYTHON`, else the one `.ci/run` sets up in
//! `~/.cache/newsdesk/venv` with `tests/mail/requirements.txt`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The SMTP server, stopped when dropped.
pub struct SmtpSink {
    child: Child,
    /// The port it listens on, on 127.0.0.1.
    pub port: u16,
    folder: tempfile::TempDir,
}

impl SmtpSink {
    /// Starts it and waits until it listens (it says so on its first line).
    pub fn start() -> Self {
        let python = std::env::var_os("NEWSDESK_MAIL_PYTHON")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(std::env::var_os("HOME").expect("HOME"))
                    .join(".cache/newsdesk/venv/bin/python")
            });
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/mail/smtp_sink.py");
        let folder = tempfile::tempdir().unwrap();
        let mut child = Command::new(&python)
            .arg(&script)
            .arg(folder.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {}: {e}; run .ci/run once, or pip install -r \
                     tests/mail/requirements.txt into a Python named by NEWSDESK_MAIL_PYTHON",
                    python.display()
                )
            });
        // The first line is the port, printed once the server listens.
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().parse().unwrap_or_else(|_| {
            let _ = child.kill();
            panic!("the SMTP sink did not start (said {line:?}); is aiosmtpd installed?")
        });
        Self {
            child,
            port,
            folder,
        }
    }

    /// What the server accepted, in order: each message's report.
    pub fn received(&self) -> Vec<serde_json::Value> {
        let mut reports = Vec::new();
        for n in 1.. {
            let path = self.folder.path().join(format!("{n}.json"));
            let Ok(text) = std::fs::read_to_string(&path) else {
                break;
            };
            reports.push(serde_json::from_str(&text).unwrap());
        }
        reports
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
