//! The digest benchmarks' SMTP sink, and a client to measure it alone.
//!
//! ```text
//! newsdesk-smtp-sink serve --port-file FILE
//! newsdesk-smtp-sink blast --port PORT --message FILE --count N [--connections C]
//! ```
//!
//! `serve` listens on a free port of 127.0.0.1 (written to `--port-file`,
//! whole, by rename, once it accepts connections) and speaks just enough
//! SMTP for a sender: `EHLO` (offering `PIPELINING`, `8BITMIME` and
//! `SMTPUTF8`), `MAIL`, `RCPT`, `DATA`, `RSET`, `NOOP`, `QUIT`. A message
//! counts once its final dot is read, for each of its recipients; a
//! connection that closes before the dot counts nothing, as a real server
//! keeps nothing then. Nothing is stored. Each line on standard input is
//! a command, answered on standard output:
//! - `count`: `messages N bytes B`, what was taken so far;
//! - `dump FILE`: writes `RECIPIENT COPIES` lines, one per recipient, to
//!   FILE (whole, by rename) and answers `dumped N` (recipients).
//!
//! It stops when standard input closes.
//!
//! `blast` sends `--count` copies of one message (`--message`, as it goes
//! on the wire) to the sink over `--connections` connections, each
//! `MAIL`/`RCPT`/`DATA`/body/dot in turn, to a recipient of its own
//! (`blast-N@sink.invalid`), and prints `sent N seconds S`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

type Tally = Arc<Mutex<Taken>>;

/// What the sink has taken.
#[derive(Default)]
struct Taken {
    messages: u64,
    bytes: u64,
    copies: HashMap<String, u32>,
}

fn fail(why: impl std::fmt::Display) -> ! {
    eprintln!("newsdesk-smtp-sink: {why}");
    std::process::exit(2)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    match args.first().map(String::as_str) {
        Some("serve") => {
            let file = flag("--port-file").unwrap_or_else(|| fail("serve needs --port-file"));
            serve(&file).await;
        }
        Some("blast") => {
            let number = |name: &str, default: Option<usize>| {
                flag(name)
                    .map(|v| v.parse().unwrap_or_else(|_| fail(format!("{name} {v}"))))
                    .or(default)
                    .unwrap_or_else(|| fail(format!("blast needs {name}")))
            };
            let port = number("--port", None);
            let count = number("--count", None);
            let connections = number("--connections", Some(4)).max(1);
            let message = flag("--message").unwrap_or_else(|| fail("blast needs --message"));
            let message =
                std::fs::read(&message).unwrap_or_else(|e| fail(format!("{message}: {e}")));
            blast(port as u16, count, connections, stuffed(&message)).await;
        }
        _ => fail("usage: serve --port-file FILE | blast --port P --message FILE --count N"),
    }
}

async fn serve(port_file: &str) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| fail(e));
    let port = listener.local_addr().unwrap_or_else(|e| fail(e)).port();
    let temp = format!("{port_file}.tmp");
    std::fs::write(&temp, format!("{port}\n")).unwrap_or_else(|e| fail(e));
    std::fs::rename(&temp, port_file).unwrap_or_else(|e| fail(e));
    let tally = Tally::default();
    let accepting = {
        let tally = tally.clone();
        async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let tally = tally.clone();
                tokio::spawn(async move {
                    let _ = converse(stream, tally).await;
                });
            }
        }
    };
    tokio::select! {
        () = accepting => {}
        () = commands(tally) => {}
    }
}

/// The commands on standard input, until it closes.
async fn commands(tally: Tally) {
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    let mut out = tokio::io::stdout();
    while let Ok(Some(line)) = lines.next_line().await {
        let answer = match line.split_once(' ') {
            None if line == "count" => {
                let t = tally.lock().unwrap();
                format!("messages {} bytes {}\n", t.messages, t.bytes)
            }
            Some(("dump", file)) => {
                let (text, n) = {
                    let t = tally.lock().unwrap();
                    let mut text = String::with_capacity(t.copies.len() * 32);
                    for (to, n) in &t.copies {
                        text.push_str(&format!("{to} {n}\n"));
                    }
                    (text, t.copies.len())
                };
                let temp = format!("{file}.tmp");
                match std::fs::write(&temp, text).and_then(|()| std::fs::rename(&temp, file)) {
                    Ok(()) => format!("dumped {n}\n"),
                    Err(e) => format!("error {e}\n"),
                }
            }
            _ => format!("error unknown command {line:?}\n"),
        };
        let _ = out.write_all(answer.as_bytes()).await;
        let _ = out.flush().await;
    }
}

/// One client's conversation.
async fn converse(stream: TcpStream, tally: Tally) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::with_capacity(64 * 1024, read);
    write.write_all(b"220 sink.invalid ESMTP ready\r\n").await?;
    let mut line = Vec::with_capacity(1024);
    let mut recipients: Vec<String> = Vec::new();
    loop {
        line.clear();
        if read.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        let verb = line
            .iter()
            .take_while(|b| b.is_ascii_alphabetic())
            .map(u8::to_ascii_uppercase)
            .collect::<Vec<u8>>();
        let reply: &[u8] = match verb.as_slice() {
            b"EHLO" => b"250-sink.invalid\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
            b"HELO" | b"NOOP" => b"250 OK\r\n",
            b"MAIL" | b"RSET" => {
                recipients.clear();
                b"250 OK\r\n"
            }
            b"RCPT" => {
                let text = String::from_utf8_lossy(&line);
                let to = text
                    .split_once('<')
                    .and_then(|(_, rest)| rest.split_once('>'))
                    .map_or("", |(to, _)| to);
                recipients.push(to.to_owned());
                b"250 OK\r\n"
            }
            b"DATA" if recipients.is_empty() => b"554 no valid recipients\r\n",
            b"DATA" => {
                write.write_all(b"354 end with a dot\r\n").await?;
                let mut bytes = 0u64;
                loop {
                    line.clear();
                    if read.read_until(b'\n', &mut line).await? == 0 {
                        // Closed before the dot: nothing was delivered.
                        return Ok(());
                    }
                    if line == b".\r\n" {
                        break;
                    }
                    bytes += line.len() as u64;
                }
                {
                    let mut t = tally.lock().unwrap();
                    t.messages += 1;
                    t.bytes += bytes;
                    for to in recipients.drain(..) {
                        *t.copies.entry(to).or_default() += 1;
                    }
                }
                b"250 OK taken\r\n"
            }
            b"QUIT" => {
                write.write_all(b"221 bye\r\n").await?;
                return Ok(());
            }
            _ => b"502 not here\r\n",
        };
        write.write_all(reply).await?;
    }
}

/// `message` as it goes after `DATA`: a line that starts with a dot gets
/// a second one, and it ends with a line break.
fn stuffed(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(message.len() + 64);
    let mut start = true;
    for &byte in message {
        if start && byte == b'.' {
            out.push(b'.');
        }
        out.push(byte);
        start = byte == b'\n';
    }
    if !out.ends_with(b"\r\n") {
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// `count` copies of `message` over `connections` connections.
async fn blast(port: u16, count: usize, connections: usize, message: Vec<u8>) {
    let message = Arc::new(message);
    let started = std::time::Instant::now();
    let mut tasks = Vec::new();
    for c in 0..connections {
        let message = message.clone();
        let share = count / connections + usize::from(c < count % connections);
        tasks.push(tokio::spawn(async move {
            let stream = TcpStream::connect(("127.0.0.1", port))
                .await
                .unwrap_or_else(|e| fail(e));
            let _ = stream.set_nodelay(true);
            let (read, mut write) = stream.into_split();
            let mut read = BufReader::new(read);
            let mut line = String::new();
            let mut reply = async |read: &mut BufReader<_>| loop {
                line.clear();
                if read.read_line(&mut line).await.unwrap_or(0) == 0 {
                    fail("the sink closed the connection");
                }
                if !line.starts_with(['2', '3']) {
                    fail(format!("the sink said {line:?}"));
                }
                if line.as_bytes().get(3) != Some(&b'-') {
                    break;
                }
            };
            reply(&mut read).await;
            write.write_all(b"EHLO blast.invalid\r\n").await.unwrap();
            reply(&mut read).await;
            for n in 0..share {
                let envelope = format!(
                    "MAIL FROM:<blast@sink.invalid>\r\nRCPT TO:<blast-{c}-{n}@sink.invalid>\r\nDATA\r\n"
                );
                write.write_all(envelope.as_bytes()).await.unwrap();
                for _ in 0..3 {
                    reply(&mut read).await;
                }
                write.write_all(&message).await.unwrap();
                write.write_all(b".\r\n").await.unwrap();
                reply(&mut read).await;
            }
            let _ = write.write_all(b"QUIT\r\n").await;
        }));
    }
    for task in tasks {
        task.await.unwrap_or_else(|e| fail(e));
    }
    println!(
        "sent {count} seconds {:.3}",
        started.elapsed().as_secs_f64()
    );
}
