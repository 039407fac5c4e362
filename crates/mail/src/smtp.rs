//! One SMTP conversation spoken step by step, so a digest's outbox row can
//! be marked `sent` between its body and the final dot.
//!
//! A server takes responsibility for a message when it reads the line with
//! the single dot that ends it (RFC 5321, 4.1.1.4 and 6.1); a connection
//! that closes before that line delivers nothing. [`Connection::stage`]
//! sends the envelope and the whole body but not that line;
//! [`Connection::seal`] writes it, and [`Connection::answer`] reads what
//! the server made of it. The outbox commits `sent` between `stage` and
//! `seal` (see `outbox.rs` for why that order cannot send twice).
//!
//! The conversation: the greeting, `EHLO`, `STARTTLS` when asked for
//! (`smtp://…?tls=required`) or TLS from the first byte (`smtps://`),
//! `AUTH PLAIN` when the URL has a user; then, per message, `MAIL FROM`,
//! `RCPT TO` and `DATA`, written at once when the server offers
//! `PIPELINING`. TLS is lettre's (rustls with the webpki roots), the same
//! as for the pooled transport. Every step is bounded by the transport's
//! timeout. A failed message is followed by `RSET`; a connection that
//! fails in any other way is closed and never used again.
//!
//! lettre marks its network stream deprecated ("not meant to be made
//! public") but keeps it public in 0.11; we use it so that TLS is set up
//! exactly as for lettre's own transport. When it goes, this module takes
//! `tokio-rustls` directly.
#![allow(deprecated)]

use crate::transport::SendError;
use base64::Engine as _;
use futures_util::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use lettre::address::Envelope;
use lettre::transport::smtp::client::{AsyncNetworkStream, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use std::time::Duration;

/// How a connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protection {
    /// No TLS (a relay on this machine or network).
    Plain,
    /// `STARTTLS` after the greeting, required.
    StartTls,
    /// TLS from the first byte.
    Implicit,
}

/// An SMTP server and how to talk to it, from `mail.transport`.
#[derive(Clone)]
pub struct Server {
    /// Its host name or address.
    pub host: String,
    /// Its port.
    pub port: u16,
    /// TLS or not.
    pub protection: Protection,
    /// User and password, when it wants them.
    pub credentials: Option<(String, String)>,
    /// Bounds connecting and each step of a conversation.
    pub timeout: Duration,
}

/// Never prints the password.
impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("protection", &self.protection)
            .field("user", &self.credentials.as_ref().map(|(user, _)| user))
            .finish_non_exhaustive()
    }
}

impl Server {
    /// The server an `smtp://` or `smtps://` URL names (already checked by
    /// [`crate::Transport::from_url`]).
    pub fn from_url(url: &url::Url, timeout: Duration) -> Self {
        let required = url
            .query_pairs()
            .any(|(key, value)| key == "tls" && value == "required");
        let protection = match (url.scheme(), required) {
            ("smtps", _) => Protection::Implicit,
            (_, true) => Protection::StartTls,
            _ => Protection::Plain,
        };
        let default_port = match protection {
            Protection::Plain => 25,
            Protection::StartTls => 587,
            Protection::Implicit => 465,
        };
        let decode = |text: &str| {
            percent_encoding::percent_decode_str(text)
                .decode_utf8_lossy()
                .into_owned()
        };
        let credentials = (!url.username().is_empty())
            .then(|| (decode(url.username()), decode(url.password().unwrap_or(""))));
        Self {
            host: url
                .host_str()
                .unwrap_or("localhost")
                .trim_matches(['[', ']'])
                .to_owned(),
            port: url.port().unwrap_or(default_port),
            protection,
            credentials,
            timeout,
        }
    }
}

/// A server's reply: its code and its text (lines joined).
#[derive(Debug)]
struct Reply {
    code: u16,
    text: String,
}

impl Reply {
    fn positive(&self) -> bool {
        (200..400).contains(&self.code)
    }

    /// The failure this reply means (a 5xx is permanent, anything else
    /// temporary).
    fn failure(&self) -> SendError {
        let said = format!("{} {}", self.code, self.text);
        if (500..600).contains(&self.code) {
            SendError::Permanent(said)
        } else {
            SendError::Temporary(said)
        }
    }
}

/// A connection to an SMTP server, greeted and ready for messages.
pub struct Connection {
    stream: BufReader<AsyncNetworkStream>,
    timeout: Duration,
    pipelining: bool,
    eight_bit: bool,
    utf8: bool,
    line: String,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("pipelining", &self.pipelining)
            .finish_non_exhaustive()
    }
}

fn lost(error: impl std::fmt::Display) -> SendError {
    SendError::Temporary(format!("SMTP connection: {error}"))
}

impl Connection {
    /// Connects, reads the greeting, says `EHLO`, sets up TLS and logs in
    /// as the server asks; all within the server's timeout.
    pub async fn open(server: &Server) -> Result<Self, SendError> {
        match tokio::time::timeout(server.timeout, Self::open_unbounded(server)).await {
            Ok(result) => result,
            Err(_) => Err(SendError::Temporary(format!(
                "no greeting from the SMTP server within {} s",
                server.timeout.as_secs_f32()
            ))),
        }
    }

    async fn open_unbounded(server: &Server) -> Result<Self, SendError> {
        let tls = || {
            TlsParameters::new(server.host.clone())
                .map_err(|e| SendError::Temporary(format!("TLS for {}: {e}", server.host)))
        };
        let tcp = tokio::net::TcpStream::connect((server.host.as_str(), server.port))
            .await
            .map_err(lost)?;
        // The final dot is a few bytes written right after the body: with
        // Nagle's algorithm it would wait for the body's acknowledgement,
        // which the server delays (40 ms on Linux).
        tcp.set_nodelay(true).map_err(lost)?;
        let mut stream = AsyncNetworkStream::use_existing_tokio1(Box::new(tcp));
        if server.protection == Protection::Implicit {
            stream.upgrade_tls(tls()?).await.map_err(lost)?;
        }
        let mut connection = Self {
            stream: BufReader::new(stream),
            timeout: server.timeout,
            pipelining: false,
            eight_bit: false,
            utf8: false,
            line: String::new(),
        };
        connection.expect_positive().await?;
        connection.hello().await?;
        if server.protection == Protection::StartTls {
            connection.command("STARTTLS").await?;
            // Nothing is buffered: the server says no more until TLS is up.
            connection
                .stream
                .get_mut()
                .upgrade_tls(tls()?)
                .await
                .map_err(lost)?;
            connection.hello().await?;
        }
        if let Some((user, password)) = &server.credentials {
            let plain =
                base64::engine::general_purpose::STANDARD.encode(format!("\0{user}\0{password}"));
            connection.command(&format!("AUTH PLAIN {plain}")).await?;
        }
        Ok(connection)
    }

    /// `EHLO`, noting what the server offers.
    async fn hello(&mut self) -> Result<(), SendError> {
        let name = ClientId::default().to_string();
        let reply = self.command(&format!("EHLO {name}")).await?;
        let offers = |word: &str| {
            reply
                .text
                .lines()
                .any(|line| line.split_whitespace().next() == Some(word))
        };
        self.pipelining = offers("PIPELINING");
        self.eight_bit = offers("8BITMIME");
        self.utf8 = offers("SMTPUTF8");
        Ok(())
    }

    /// Writes a command and reads its reply; a negative reply is an error.
    async fn command(&mut self, line: &str) -> Result<Reply, SendError> {
        self.write(format!("{line}\r\n").as_bytes()).await?;
        self.expect_positive().await
    }

    async fn expect_positive(&mut self) -> Result<Reply, SendError> {
        let reply = self.reply().await?;
        if reply.positive() {
            Ok(reply)
        } else {
            Err(reply.failure())
        }
    }

    async fn write(&mut self, bytes: &[u8]) -> Result<(), SendError> {
        let stream = self.stream.get_mut();
        let written = async {
            stream.write_all(bytes).await?;
            stream.flush().await
        };
        match tokio::time::timeout(self.timeout, written).await {
            Ok(result) => result.map_err(lost),
            Err(_) => Err(self.silent()),
        }
    }

    fn silent(&self) -> SendError {
        SendError::Temporary(format!(
            "no answer from the SMTP server within {} s",
            self.timeout.as_secs_f32()
        ))
    }

    /// Reads one reply, all its lines.
    async fn reply(&mut self) -> Result<Reply, SendError> {
        let timeout = self.timeout;
        match tokio::time::timeout(timeout, self.reply_unbounded()).await {
            Ok(result) => result,
            Err(_) => Err(self.silent()),
        }
    }

    async fn reply_unbounded(&mut self) -> Result<Reply, SendError> {
        let mut text = String::new();
        loop {
            self.line.clear();
            let read = self.stream.read_line(&mut self.line).await.map_err(lost)?;
            if read == 0 {
                return Err(lost("closed by the server"));
            }
            let line = self.line.trim_end_matches(['\r', '\n']);
            let code = line
                .get(..3)
                .and_then(|c| c.parse::<u16>().ok())
                .ok_or_else(|| lost(format!("not an SMTP reply: {line:?}")))?;
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(line.get(4..).unwrap_or(""));
            if line.as_bytes().get(3) != Some(&b'-') {
                return Ok(Reply { code, text });
            }
        }
    }

    /// Sends the envelope and the whole message but the line that ends it:
    /// nothing is delivered until [`Connection::seal`]. After a refusal
    /// the connection is reset and can take the next message.
    pub async fn stage(&mut self, envelope: &Envelope, message: &[u8]) -> Result<(), SendError> {
        let mut options = String::new();
        if !message.is_ascii() && self.eight_bit {
            options.push_str(" BODY=8BITMIME");
        }
        let addresses = envelope
            .from()
            .into_iter()
            .chain(envelope.to())
            .map(AsRef::<str>::as_ref);
        if addresses.clone().any(|a| !a.is_ascii()) {
            if !self.utf8 {
                return Err(SendError::Permanent(
                    "an address outside ASCII, and the server has no SMTPUTF8".into(),
                ));
            }
            options.push_str(" SMTPUTF8");
        }
        let from = envelope.from().map_or("", AsRef::as_ref);
        let mut commands = vec![format!("MAIL FROM:<{from}>{options}\r\n")];
        commands.extend(envelope.to().iter().map(|to| format!("RCPT TO:<{to}>\r\n")));
        commands.push("DATA\r\n".to_owned());
        let mut refusal = None;
        if self.pipelining {
            self.write(commands.concat().as_bytes()).await?;
            for _ in &commands {
                let reply = self.reply().await?;
                if !reply.positive() && refusal.is_none() {
                    refusal = Some(reply);
                }
            }
        } else {
            for command in &commands {
                self.write(command.as_bytes()).await?;
                let reply = self.reply().await?;
                if !reply.positive() {
                    refusal = Some(reply);
                    break;
                }
            }
        }
        if let Some(refusal) = refusal {
            // A server that refused a recipient must refuse DATA too; one
            // that did not would take what comes next as the message.
            self.write(b"RSET\r\n").await?;
            self.expect_positive().await?;
            return Err(refusal.failure());
        }
        let mut body = Vec::with_capacity(message.len() + message.len() / 64 + 8);
        let mut start_of_line = true;
        for &byte in message {
            if start_of_line && byte == b'.' {
                body.push(b'.');
            }
            body.push(byte);
            start_of_line = byte == b'\n';
        }
        if !body.ends_with(b"\r\n") {
            body.extend_from_slice(b"\r\n");
        }
        self.write(&body).await
    }

    /// Writes the line that ends the staged message: from here the server
    /// has it.
    pub async fn seal(&mut self) -> Result<(), SendError> {
        self.write(b".\r\n").await
    }

    /// The server's answer to the sealed message.
    pub async fn answer(&mut self) -> Result<(), SendError> {
        self.expect_positive().await.map(drop)
    }

    /// Says goodbye, as far as the server still listens.
    pub async fn quit(mut self) {
        if self.write(b"QUIT\r\n").await.is_ok() {
            let _ = self.reply().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(text: &str) -> Server {
        Server::from_url(&url::Url::parse(text).unwrap(), Duration::from_secs(5))
    }

    #[test]
    fn a_url_names_the_server_its_protection_and_its_login() {
        let plain = server("smtp://127.0.0.1:2525");
        assert_eq!(
            (plain.host.as_str(), plain.port, plain.protection),
            ("127.0.0.1", 2525, Protection::Plain)
        );
        assert!(plain.credentials.is_none());
        let starttls = server("smtp://desk%2Bnews:p%40ss+word@mail.example?tls=required");
        assert_eq!(
            (starttls.port, starttls.protection),
            (587, Protection::StartTls)
        );
        assert_eq!(
            starttls.credentials,
            Some(("desk+news".to_owned(), "p@ss+word".to_owned()))
        );
        let implicit = server("smtps://mail.example");
        assert_eq!(
            (implicit.port, implicit.protection),
            (465, Protection::Implicit)
        );
        assert_eq!(server("smtp://[::1]:25").host, "::1");
        let shown = format!("{:?}", server("smtps://desk:s3cret@mail.example"));
        assert!(!shown.contains("s3cret"), "{shown}");
    }
}
