//! One SMTP conversation spoken step by step, so a digest's outbox row can
//! be marked `sent` between its body and the final dot.
//!
//! A server takes responsibility for a message when it reads the line with
//! the single dot that ends it (RFC 5321, 4.1.1.4 and 6.1); a connection
//! that closes before that line delivers nothing. [`Connection::stage`]
//! sends the envelope and the whole body but not that line, reads every
//! reply the server owes so far, and prepares the line's bytes as they
//! will go on the wire; [`Connection::seal`] writes them in one system
//! call, without waiting for anything; [`Connection::answer`] reads what
//! the server made of the message. The outbox commits `sent` between
//! `stage` and `seal` (see `outbox.rs` and ARCHITECTURE.md for why that
//! order cannot send twice, and how narrow the other side is kept).
//!
//! The conversation: the greeting, `EHLO`, `STARTTLS` when asked for
//! (`smtp://…?tls=required`) or TLS from the first byte (`smtps://`),
//! `AUTH PLAIN` when the URL has a user; then, per message, `MAIL FROM`,
//! `RCPT TO` and `DATA`, written at once when the server offers
//! `PIPELINING`. TLS is rustls (on ring) through tokio-rustls, trusting
//! the authorities of [`crate::tls::Trust`]; a certificate that does not
//! verify ends the connection before a password or a message is sent.
//! Every step is bounded by the transport's timeout. A failed message is
//! followed by `RSET`; a connection that fails in any other way is closed
//! and never used again. A connection that cannot be set up (greeting,
//! TLS, login) is a temporary failure whatever the server answered: it
//! says nothing about the reader's address.

use crate::transport::SendError;
use base64::Engine as _;
use lettre::address::Envelope;
use lettre::transport::smtp::extension::ClientId;
use rustls::pki_types::ServerName;
use std::io::Write as _;
use std::mem::MaybeUninit;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

/// The line that ends a message.
const END_OF_DATA: &[u8] = b".\r\n";

/// `send` flags for that line: held back until released (see
/// [`Connection::seal`]) where the kernel has a way to.
#[cfg(any(target_os = "linux", target_os = "android"))]
const HOLD_BACK: std::ffi::c_int = libc::MSG_MORE;
#[cfg(not(any(target_os = "linux", target_os = "android")))]
const HOLD_BACK: std::ffi::c_int = 0;

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
    /// Whom its certificate must be signed by.
    pub trust: crate::tls::Trust,
}

/// Never prints the password.
impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("protection", &self.protection)
            .field("user", &self.credentials.as_ref().map(|(user, _)| user))
            .field("trust", &self.trust)
            .finish_non_exhaustive()
    }
}

impl Server {
    /// The server an `smtp://` or `smtps://` URL names (already checked by
    /// [`crate::Transport::from_url`]), trusting the public authorities.
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
            trust: crate::tls::Trust::public(),
        }
    }

    /// TLS over `tcp`, the certificate checked against [`Server::trust`]
    /// and the host name.
    async fn handshake(&self, tcp: TcpStream) -> Result<TlsStream<TcpStream>, SendError> {
        let name = ServerName::try_from(self.host.clone()).map_err(|e| {
            SendError::Temporary(format!("TLS: {:?} is not a server name: {e}", self.host))
        })?;
        tokio_rustls::TlsConnector::from(self.trust.client_config())
            .connect(name, tcp)
            .await
            .map_err(|e| {
                let unverified = e
                    .get_ref()
                    .and_then(|inner| inner.downcast_ref::<rustls::Error>())
                    .is_some_and(|inner| matches!(inner, rustls::Error::InvalidCertificate(_)));
                SendError::Temporary(if unverified {
                    format!(
                        "TLS with the SMTP server {} failed: its certificate does not verify \
                         ({e}); if a private authority signed it, name that authority's \
                         certificate in mail.tls_ca_file",
                        self.host
                    )
                } else {
                    format!("TLS with the SMTP server {} failed: {e}", self.host)
                })
            })
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

/// The bytes of a connection: plain TCP or TLS over it.
enum Stream {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl Stream {
    fn tcp(&self) -> &TcpStream {
        match self {
            Self::Plain(tcp) => tcp,
            Self::Tls(tls) => tls.get_ref().0,
        }
    }

    fn tcp_mut(&mut self) -> &mut TcpStream {
        match self {
            Self::Plain(tcp) => tcp,
            Self::Tls(tls) => tls.get_mut().0,
        }
    }

    /// `bytes` as they go on the wire: as they are, or under TLS one
    /// record that the TLS session counts as written. They must then be
    /// written to the TCP stream before anything else is.
    fn wire(&mut self, bytes: &[u8]) -> std::io::Result<Vec<u8>> {
        match self {
            Self::Plain(_) => Ok(bytes.to_vec()),
            Self::Tls(tls) => {
                let session = tls.get_mut().1;
                session.writer().write_all(bytes)?;
                let mut wire = Vec::new();
                while session.wants_write() {
                    session.write_tls(&mut wire)?;
                }
                Ok(wire)
            }
        }
    }

    /// Whether the kernel holds bytes from the server that nobody has
    /// read (or its end of the connection is closed), without waiting.
    fn unread(&self) -> std::io::Result<bool> {
        let mut byte = [MaybeUninit::uninit()];
        match socket2::SockRef::from(self.tcp()).peek(&mut byte) {
            Ok(_) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Ok(false),
            Err(e) => Err(e),
        }
    }
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Self::Plain(tcp) => Pin::new(tcp).poll_read(cx, buf),
            Self::Tls(tls) => Pin::new(tls.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        match self.get_mut() {
            Self::Plain(tcp) => Pin::new(tcp).poll_write(cx, buf),
            Self::Tls(tls) => Pin::new(tls.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Self::Plain(tcp) => Pin::new(tcp).poll_flush(cx),
            Self::Tls(tls) => Pin::new(tls.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Self::Plain(tcp) => Pin::new(tcp).poll_shutdown(cx),
            Self::Tls(tls) => Pin::new(tls.as_mut()).poll_shutdown(cx),
        }
    }
}

/// Where a connection stands with its message.
#[derive(Debug, Default)]
enum Message {
    /// None under way: the connection takes commands.
    #[default]
    None,
    /// Staged: these bytes end it (see [`Stream::wire`]).
    Staged(Vec<u8>),
    /// Sealed: these bytes of its end are still to be written (none,
    /// mostly), or writing them failed.
    Sealed(Result<Vec<u8>, String>),
}

/// A connection to an SMTP server, greeted and ready for messages.
pub struct Connection {
    stream: BufReader<Stream>,
    timeout: Duration,
    pipelining: bool,
    eight_bit: bool,
    utf8: bool,
    line: String,
    message: Message,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("pipelining", &self.pipelining)
            .field("message", &self.message)
            .finish_non_exhaustive()
    }
}

/// `step` within `timeout`.
async fn bounded<T>(timeout: Duration, step: impl Future<Output = T>) -> Result<T, SendError> {
    tokio::time::timeout(timeout, step).await.map_err(|_| {
        SendError::Temporary(format!(
            "no answer from the SMTP server within {} s",
            timeout.as_secs_f32()
        ))
    })
}

fn lost(error: impl std::fmt::Display) -> SendError {
    SendError::Temporary(format!("SMTP connection: {error}"))
}

impl Connection {
    /// Connects, reads the greeting, says `EHLO`, sets up TLS and logs in
    /// as the server asks; all within the server's timeout. Any failure
    /// is temporary: it is the server's or the settings', not an address's.
    pub async fn open(server: &Server) -> Result<Self, SendError> {
        let opened = tokio::time::timeout(server.timeout, Self::open_unbounded(server)).await;
        match opened {
            Ok(Ok(connection)) => Ok(connection),
            Ok(Err(SendError::Permanent(said))) => Err(SendError::Temporary(format!(
                "the SMTP server refused the connection's setup: {said}"
            ))),
            Ok(Err(error)) => Err(error),
            Err(_) => Err(SendError::Temporary(format!(
                "no greeting from the SMTP server within {} s",
                server.timeout.as_secs_f32()
            ))),
        }
    }

    async fn open_unbounded(server: &Server) -> Result<Self, SendError> {
        let tcp = TcpStream::connect((server.host.as_str(), server.port))
            .await
            .map_err(lost)?;
        // The final dot is a few bytes written right after the body: with
        // Nagle's algorithm it would wait for the body's acknowledgement,
        // which the server delays (40 ms on Linux).
        tcp.set_nodelay(true).map_err(lost)?;
        let stream = match server.protection {
            Protection::Implicit => Stream::Tls(Box::new(server.handshake(tcp).await?)),
            Protection::Plain | Protection::StartTls => Stream::Plain(tcp),
        };
        let mut connection = Self {
            stream: BufReader::new(stream),
            timeout: server.timeout,
            pipelining: false,
            eight_bit: false,
            utf8: false,
            line: String::new(),
            message: Message::None,
        };
        connection.expect_positive().await?;
        connection.hello().await?;
        if server.protection == Protection::StartTls {
            connection.command("STARTTLS").await?;
            // Whatever came after the answer came before TLS, from anyone
            // on the way: refused (RFC 3207, 4.2, and the attacks on it).
            if !connection.stream.buffer().is_empty() {
                return Err(SendError::Temporary(
                    "the SMTP server said more after agreeing to STARTTLS; refused".into(),
                ));
            }
            let Stream::Plain(tcp) = connection.stream.into_inner() else {
                unreachable!("STARTTLS is only said on a plain connection");
            };
            connection.stream = BufReader::new(Stream::Tls(Box::new(server.handshake(tcp).await?)));
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
        bounded(self.timeout, written).await?.map_err(lost)
    }

    /// Reads one reply, all its lines.
    async fn reply(&mut self) -> Result<Reply, SendError> {
        bounded(self.timeout, self.reply_unbounded()).await?
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

    /// Sends the envelope and the whole message but the line that ends it,
    /// reads everything the server has said, and prepares that line:
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
        self.write(&body).await?;
        bounded(self.timeout, self.nothing_unread()).await??;
        let end = self.stream.get_mut().wire(END_OF_DATA).map_err(lost)?;
        self.message = Message::Staged(end);
        Ok(())
    }

    /// Succeeds once nothing the server sent waits unread, in our buffer
    /// or the kernel's. A server says nothing while it takes a body, so
    /// anything here is out of turn (a 421 as it shuts down, say): the
    /// message fails with it. This matters for a kill after the outbox's
    /// mark: the kernel closes a socket that holds unread bytes with a
    /// reset, which may make the server throw away what it has not yet
    /// read, the final dot included; with nothing unread it is a plain
    /// close, after which the server still reads every byte we wrote.
    /// Under TLS the bytes may be the session's own (a ticket): they are
    /// read, and the check repeats.
    async fn nothing_unread(&mut self) -> Result<(), SendError> {
        loop {
            if self.stream.buffer().is_empty() && !self.stream.get_ref().unread().map_err(lost)? {
                return Ok(());
            }
            if self.stream.buffer().is_empty() {
                self.stream.get_ref().tcp().readable().await.map_err(lost)?;
                let read = std::future::poll_fn(|cx| {
                    let waiting = Pin::new(&mut self.stream).poll_fill_buf(cx);
                    Poll::Ready(match waiting {
                        Poll::Ready(result) => Some(result.map(|buffer| buffer.is_empty())),
                        Poll::Pending => None,
                    })
                })
                .await;
                match read {
                    // TLS's own bytes, or a stale readiness: look again.
                    None => continue,
                    Some(Ok(true)) => return Err(lost("closed by the server")),
                    Some(Ok(false)) => {}
                    Some(Err(e)) => return Err(lost(e)),
                }
            }
            let said = self.reply_unbounded().await?;
            return Err(if said.positive() {
                SendError::Temporary(format!(
                    "the SMTP server spoke out of turn: {} {}",
                    said.code, said.text
                ))
            } else {
                said.failure()
            });
        }
    }

    /// Hands the line that ends the staged message to the kernel, at
    /// once: one system call, no wait. From here the server will have the
    /// message, even if this process dies the next instant: the kernel
    /// sends what it holds before closing. Where the kernel allows it
    /// (Linux: `MSG_MORE`), it is held back rather than sent, so that this
    /// call is a copy into a buffer and nothing else: sending means, on
    /// this machine, waking the server's process, which may then take the
    /// processor from this one before the next connection's line is
    /// handed over; [`Connection::release`] sends it. What the kernel does
    /// not take now is written by [`Connection::answer`]. A connection
    /// with nothing staged is left alone.
    pub fn seal(&mut self) {
        let Message::Staged(end) = std::mem::take(&mut self.message) else {
            return;
        };
        let socket = socket2::SockRef::from(self.stream.get_ref().tcp());
        self.message = Message::Sealed(match socket.send_with_flags(&end, HOLD_BACK) {
            Ok(written) => Ok(end[written..].to_vec()),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Ok(end),
            Err(e) => Err(e.to_string()),
        });
    }

    /// Sends what [`Connection::seal`] held back (a kill before this call
    /// sends it too: the kernel flushes a socket it closes).
    pub fn release(&mut self) {
        if !matches!(self.message, Message::Sealed(Ok(_))) {
            return;
        }
        // Setting TCP_NODELAY again pushes whatever waits (Linux).
        if let Err(e) = self.stream.get_ref().tcp().set_nodelay(true) {
            tracing::debug!(error = %e, "SMTP connection: the final dot's push failed");
        }
    }

    /// The server's answer to the sealed message (after writing what
    /// [`Connection::seal`] could not).
    pub async fn answer(&mut self) -> Result<(), SendError> {
        match std::mem::take(&mut self.message) {
            Message::Sealed(Ok(rest)) => {
                if !rest.is_empty() {
                    let tcp = self.stream.get_mut().tcp_mut();
                    bounded(self.timeout, tcp.write_all(&rest))
                        .await?
                        .map_err(lost)?;
                }
                self.expect_positive().await.map(drop)
            }
            Message::Sealed(Err(error)) => Err(lost(error)),
            Message::None | Message::Staged(_) => {
                Err(SendError::Temporary("no message was sealed".into()))
            }
        }
    }

    /// Says goodbye, as far as the server still listens. A connection in
    /// the middle of a message is closed without a word: the server drops
    /// the message, as it must.
    pub async fn quit(mut self) {
        if !matches!(self.message, Message::None) {
            return;
        }
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
