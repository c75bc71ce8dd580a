//! A tiny SMTP relay for tests: it speaks just enough SMTP (EHLO/HELO, MAIL FROM, RCPT TO,
//! DATA, RSET, NOOP, QUIT) for the server's mail client and records every message, so tests
//! can start the application with `smtp://127.0.0.1:PORT` and check what arrived.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// A message the sink accepted.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    /// The envelope sender.
    pub from: String,
    /// The envelope recipients.
    pub to: Vec<String>,
    /// Headers and body as sent (CRLF line ends, dot-stuffing removed).
    pub data: String,
}

impl ReceivedMail {
    /// The value of header `name` (folded lines joined).
    pub fn header(&self, name: &str) -> Option<String> {
        header_in(&self.data, name)
    }

    /// The plain-text body: the text/plain part of a multipart mail, decoded.
    pub fn body(&self) -> String {
        self.part("text/plain")
            .unwrap_or_else(|| decoded(&self.data))
    }

    /// The part of type `content_type` (e.g. `text/html`) of a multipart mail, decoded.
    pub fn part(&self, content_type: &str) -> Option<String> {
        let boundary = self
            .header("Content-Type")?
            .split(';')
            .find_map(|param| param.trim().strip_prefix("boundary="))?
            .trim_matches('"')
            .to_owned();
        self.data
            .split(&format!("--{boundary}"))
            .skip(1)
            .find(|part| {
                header_in(part.trim_start_matches("\r\n"), "Content-Type")
                    .is_some_and(|kind| kind.starts_with(content_type))
            })
            .map(|part| decoded(part.trim_start_matches("\r\n")))
    }
}

/// Header `name` of the entity `data` (headers, blank line, body), folded lines joined.
fn header_in(data: &str, name: &str) -> Option<String> {
    let head = data.split("\r\n\r\n").next().unwrap_or_default();
    let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
    unfolded.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name)
            .then(|| value.trim().to_owned())
    })
}

/// The body of the entity `data`, decoded when it is quoted-printable.
fn decoded(data: &str) -> String {
    let body = data
        .split_once("\r\n\r\n")
        .map(|(_, body)| body)
        .unwrap_or_default();
    let quoted = header_in(data, "Content-Transfer-Encoding")
        .is_some_and(|encoding| encoding.eq_ignore_ascii_case("quoted-printable"));
    if quoted {
        decode_quoted_printable(body)
    } else {
        body.to_owned()
    }
}

fn decode_quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = bytes
            .get(at + 1..at + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[at], hex) {
            (b'=', Some(byte)) => {
                out.push(byte);
                at += 3;
            }
            (byte, _) => {
                out.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The running sink; it stops when dropped.
pub struct SmtpSink {
    /// The port it listens on.
    pub port: u16,
    received: Arc<Mutex<Vec<ReceivedMail>>>,
    accepting: JoinHandle<()>,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

impl SmtpSink {
    /// A sink on a free port.
    pub async fn start() -> Self {
        Self::listen(
            TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind the sink"),
        )
        .await
    }

    /// A sink on `port` (e.g. one that was down so far).
    pub async fn start_on(port: u16) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind the sink on its port");
        Self::listen(listener).await
    }

    async fn listen(listener: TcpListener) -> Self {
        let port = listener.local_addr().expect("sink address").port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let store = Arc::clone(&received);
        let accepting = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(converse(stream, Arc::clone(&store)));
            }
        });
        Self {
            port,
            received,
            accepting,
        }
    }

    /// The relay URL the server is started with.
    pub fn url(&self) -> String {
        relay_url(self.port)
    }

    /// Every message received so far.
    pub fn received(&self) -> Vec<ReceivedMail> {
        self.received.lock().expect("sink lock").clone()
    }

    /// Waits (up to 15 s) until at least `count` messages arrived and returns them all.
    pub async fn wait_for(&self, count: usize) -> Vec<ReceivedMail> {
        for _ in 0..300 {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "expected {count} messages, the sink has {:?}",
            self.received()
        );
    }
}

/// The relay URL for a sink on `port`.
pub fn relay_url(port: u16) -> String {
    format!("smtp://127.0.0.1:{port}")
}

/// A port nothing listens on: a relay that is down (start a sink on it later).
pub async fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    listener.local_addr().expect("address").port()
}

/// One SMTP session: greet, answer each command, record each message.
async fn converse(stream: TcpStream, received: Arc<Mutex<Vec<ReceivedMail>>>) {
    let (reader, mut writer) = stream.into_split();
    let mut lines = BufReader::new(reader);
    let mut from = String::new();
    let mut to = Vec::new();
    if writer.write_all(b"220 sink ESMTP\r\n").await.is_err() {
        return;
    }
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let command = line.trim_end().to_owned();
        let verb = command
            .split([' ', ':'])
            .next()
            .unwrap_or_default()
            .to_ascii_uppercase();
        let answer: &str = match verb.as_str() {
            "EHLO" => "250-sink\r\n250 8BITMIME\r\n",
            "HELO" | "NOOP" => "250 OK\r\n",
            "MAIL" => {
                from = address_in(&command);
                to.clear();
                "250 OK\r\n"
            }
            "RCPT" => {
                to.push(address_in(&command));
                "250 OK\r\n"
            }
            "RSET" => {
                from.clear();
                to.clear();
                "250 OK\r\n"
            }
            "DATA" => {
                if writer.write_all(b"354 end with .\r\n").await.is_err() {
                    return;
                }
                let Some(data) = read_data(&mut lines).await else {
                    return;
                };
                received.lock().expect("sink lock").push(ReceivedMail {
                    from: from.clone(),
                    to: std::mem::take(&mut to),
                    data,
                });
                "250 queued\r\n"
            }
            "QUIT" => {
                let _ = writer.write_all(b"221 bye\r\n").await;
                return;
            }
            _ => "502 not implemented\r\n",
        };
        if writer.write_all(answer.as_bytes()).await.is_err() {
            return;
        }
    }
}

/// The message after DATA, up to the lone dot.
async fn read_data(lines: &mut BufReader<tokio::net::tcp::OwnedReadHalf>) -> Option<String> {
    let mut data = String::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        if line == ".\r\n" {
            return Some(data);
        }
        data.push_str(line.strip_prefix('.').unwrap_or(&line));
    }
}

/// The address between `<` and `>` in `MAIL FROM:<a@b>` or `RCPT TO:<a@b>`.
fn address_in(command: &str) -> String {
    command
        .split_once('<')
        .and_then(|(_, rest)| rest.split_once('>'))
        .map(|(address, _)| address.to_owned())
        .unwrap_or_default()
}
