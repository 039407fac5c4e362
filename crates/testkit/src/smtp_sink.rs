//! A real SMTP server for tests: Python's aiosmtpd running
//! `tests/mail/smtp_sink.py` on a free port of 127.0.0.1.
//!
//! It keeps every message it accepts, as received, with a report of how
//! Python's own email parser reads it (headers, parts, defects); it answers
//! 451 once to `busy-...@` recipients and 550 to `gone-...@` ones, and
//! can be switched to fail as a whole ([`SmtpSink::set_mode`]). Started
//! with [`SmtpSink::start_with`], it speaks TLS (after `STARTTLS` or from
//! the first byte) and requires a login. The
//! Python is `$NEWSDESK_MAIL_PYTHON`, else the one `.ci/run` sets up in
//! `~/.cache/newsdesk/venv` with `tests/mail/requirements.txt`.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};

/// The SMTP server, stopped when dropped.
pub struct SmtpSink {
    child: Child,
    said: BufReader<ChildStdout>,
    /// The port it listens on, on 127.0.0.1.
    pub port: u16,
    folder: tempfile::TempDir,
}

/// How the server behaves as a whole (see `tests/mail/smtp_sink.py`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SinkMode {
    /// Accepts mail (but for `busy-` and `gone-` recipients).
    Normal,
    /// Takes in a whole message, then closes the connection unanswered.
    Drop,
    /// Answers MAIL FROM with 421.
    Unavailable,
    /// Accepts connections and never answers.
    Silent,
}

impl SinkMode {
    fn word(self) -> &'static str {
        match self {
            Self::Normal => "normal",
            Self::Drop => "drop",
            Self::Unavailable => "421",
            Self::Silent => "silent",
        }
    }
}

/// How the server protects its connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SinkTls {
    /// `STARTTLS`, required before mail.
    StartTls,
    /// TLS from the first byte.
    Implicit,
}

/// What the server asks of its clients beyond plain SMTP.
#[derive(Debug, Clone, Default)]
pub struct SinkOptions {
    /// TLS, with the certificate chain and key (PEM files).
    pub tls: Option<(SinkTls, PathBuf, PathBuf)>,
    /// A login (user, password) required before mail.
    pub login: Option<(String, String)>,
}

impl SmtpSink {
    /// Starts it and waits until it listens (it says so on its first line).
    pub fn start() -> Self {
        Self::start_with(&SinkOptions::default())
    }

    /// Starts it with TLS or a login, and waits until it listens.
    pub fn start_with(options: &SinkOptions) -> Self {
        let python = Self::python();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/mail/smtp_sink.py");
        let folder = tempfile::tempdir().unwrap();
        let mut command = Command::new(&python);
        command.arg(&script).arg(folder.path());
        if let Some((tls, certificate, key)) = &options.tls {
            let kind = match tls {
                SinkTls::StartTls => "starttls",
                SinkTls::Implicit => "implicit",
            };
            command.args(["--tls", kind, "--cert"]).arg(certificate);
            command.arg("--key").arg(key);
        }
        if let Some((user, password)) = &options.login {
            command.arg("--login").arg(format!("{user}:{password}"));
        }
        let mut child = command
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
        let mut said = BufReader::new(child.stdout.take().unwrap());
        said.read_line(&mut line).unwrap();
        let port = line.trim().parse().unwrap_or_else(|_| {
            let _ = child.kill();
            panic!("the SMTP sink did not start (said {line:?}); is aiosmtpd installed?")
        });
        Self {
            child,
            said,
            port,
            folder,
        }
    }

    /// Switches how it behaves, from the next command it reads; returns
    /// once the server says it has switched.
    pub fn set_mode(&mut self, mode: SinkMode) {
        let stdin = self.child.stdin.as_mut().expect("the sink's stdin");
        writeln!(stdin, "mode {}", mode.word()).unwrap();
        stdin.flush().unwrap();
        let mut line = String::new();
        self.said.read_line(&mut line).unwrap();
        assert_eq!(line.trim(), format!("mode {}", mode.word()));
    }

    /// The files of the messages it accepted, in order, as received.
    pub fn messages(&self) -> Vec<PathBuf> {
        (1..)
            .map(|n| self.folder.path().join(format!("{n}.eml")))
            .take_while(|path| path.exists())
            .collect()
    }

    /// The Python it runs (for other checks in the same environment).
    pub fn python() -> PathBuf {
        std::env::var_os("NEWSDESK_MAIL_PYTHON")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(std::env::var_os("HOME").expect("HOME"))
                    .join(".cache/newsdesk/venv/bin/python")
            })
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
