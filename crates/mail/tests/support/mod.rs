//! What the mail tests share: a real SMTP server (aiosmtpd, run by Python on 127.0.0.1) that
//! parses what it receives with Python's `email` package (`policy.default`, as a mail program
//! would) and writes what it read as JSON for the test to compare; a certificate authority of the
//! test's own; and an outbox kept in memory.
//!
//! The Python comes from `CREDITDESK_SMTP_PYTHON`, by default the virtual environment that the
//! repository's scripts set up; without it these tests fail and say how to create it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use creditdesk_mail::{
    Delivered, Outbox, OutboxState, OutgoingMail, QueuedMail, SmtpAccount, SmtpSecurity,
};
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};

const DEFAULT_PYTHON: &str = "/root/.cache/creditdesk/venv/bin/python";

/// An SMTP server that keeps what it receives, parsed, as `0.json`, `1.json`, ... in `dir`. The
/// body is compared as a mail program shows it: line ends as `\n`, without the line breaks that
/// a transfer encoding may add at its end. Attachments are kept as base64 of their bytes, and
/// the message as it came (`raw`) for checks of its headers.
const SERVER: &str = r#"
import asyncio, base64, json, pathlib, socket, ssl, sys
from email import policy
from email.parser import BytesParser
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

mode, out = sys.argv[1], pathlib.Path(sys.argv[2])

class Keep:
    contents = 0

    async def handle_DATA(self, server, session, envelope):
        Keep.contents += 1
        if mode == "busy-once" and Keep.contents == 1:
            return "451 4.3.0 Mailbox busy, try again later"
        if mode == "refuse":
            return "550 5.7.1 Message refused by policy"
        message = BytesParser(policy=policy.default).parsebytes(envelope.content)
        body = message.get_body(preferencelist=("plain",))
        n = len(list(out.glob("*.json")))
        optional = lambda name: str(message[name]) if message[name] is not None else None
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "subject": str(message["subject"]),
            "from": str(message["from"]),
            "to": str(message["to"]),
            "cc": optional("cc"),
            "reply_to": optional("reply-to"),
            "message_id": optional("message-id"),
            "content_type": message.get_content_type(),
            "body": body.get_content().replace("\r\n", "\n").rstrip("\n") if body is not None else None,
            "attachments": [
                {
                    "filename": part.get_filename(),
                    "content_type": part.get_content_type(),
                    "data": base64.b64encode(part.get_payload(decode=True)).decode(),
                }
                for part in message.iter_attachments()
            ],
            "has_date": message["date"] is not None,
            "has_message_id": message["message-id"] is not None,
            "encrypted": server.transport.get_extra_info("ssl_object") is not None,
            "raw": envelope.content.decode("utf-8", "replace"),
        }
        part = out / f"{n}.part"
        part.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        part.rename(out / f"{n}.json")
        if mode == "hang-up":
            # The message is kept, and the connection closed before the reply goes out.
            server.transport.close()
        if mode == "silent":
            await asyncio.sleep(3)
        return "250 2.0.0 Ok: kept"

probe = socket.socket()
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()

def login(server, session, envelope, mechanism, auth_data):
    good = isinstance(auth_data, LoginPassword) and \
        auth_data.login == b"ar@brightwater.example" and auth_data.password == b"s3cret pass"
    # Not handled: the server answers a refusal with 535 itself.
    return AuthResult(success=good, handled=False)

options = {}
if mode in ("starttls", "starttls-login", "tls"):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(sys.argv[3], sys.argv[4])
    if mode == "starttls":
        options = {"tls_context": context, "require_starttls": True}
    elif mode == "starttls-login":
        options = {"tls_context": context, "require_starttls": True,
                   "authenticator": login, "auth_required": True}
    else:
        options = {"ssl_context": context}
controller = Controller(Keep(), hostname="127.0.0.1", port=port, **options)
controller.start()
print(f"READY {port}", flush=True)
sys.stdin.read()
controller.stop()
"#;

/// The server's Python: `CREDITDESK_SMTP_PYTHON`, else the default virtual environment.
fn python() -> PathBuf {
    let python = std::env::var_os("CREDITDESK_SMTP_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_PYTHON));
    assert!(
        python.exists(),
        "The SMTP tests need a Python with aiosmtpd, and {} does not exist. Create it with \
         `python3 -m venv /root/.cache/creditdesk/venv && /root/.cache/creditdesk/venv/bin/pip \
         install aiosmtpd`, or set CREDITDESK_SMTP_PYTHON to a Python that has aiosmtpd.",
        python.display()
    );
    python
}

/// A running server; stopped (its stdin closed, then the process ended) when dropped.
pub struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    pub port: u16,
    dir: tempfile::TempDir,
}

impl Server {
    /// `mode` is one of:
    /// - `plain`: keeps every message;
    /// - `busy-once`: answers the first message's content with 451, then keeps every message;
    /// - `refuse`: answers every message's content with 550;
    /// - `hang-up`: keeps the message, then closes the connection before replying;
    /// - `silent`: keeps the message and replies only after three seconds;
    /// - `starttls`, `starttls-login` (which takes only the user `ar@brightwater.example` with
    ///   the password `s3cret pass`) and `tls`, which serve `certificate` and `key`.
    pub fn start(mode: &str, certificate: Option<(&Path, &Path)>) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("server.py");
        std::fs::write(&script, SERVER).unwrap();
        let received = dir.path().join("received");
        std::fs::create_dir(&received).unwrap();
        let mut command = Command::new(python());
        command.arg(&script).arg(mode).arg(&received);
        if let Some((certificate, key)) = certificate {
            command.arg(certificate).arg(key);
        }
        // To a file, not a pipe: a pipe nobody reads would stop the server once full.
        let errors = dir.path().join("server.err");
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&errors).unwrap())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let Some(port) = line.trim().strip_prefix("READY ") else {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "The SMTP server did not start: {}. If aiosmtpd is missing, install it with \
                 `{} -m pip install aiosmtpd`.",
                std::fs::read_to_string(&errors).unwrap_or_default(),
                python().display()
            );
        };
        let port = port.parse().unwrap();
        Server {
            stdin: child.stdin.take(),
            child,
            port,
            dir,
        }
    }

    /// The `n`th message received, as the server's parser read it.
    pub fn received(&self, n: usize) -> serde_json::Value {
        let path = self.dir.path().join("received").join(format!("{n}.json"));
        let started = Instant::now();
        while !path.exists() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "no message {n} arrived"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    /// How many messages the server has kept.
    pub fn kept(&self) -> usize {
        std::fs::read_dir(self.dir.path().join("received"))
            .unwrap()
            .filter(|entry| entry.as_ref().unwrap().path().extension() == Some("json".as_ref()))
            .count()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Brightwater's account on the server at `port` of this machine.
pub fn account(port: u16, security: SmtpSecurity) -> SmtpAccount {
    SmtpAccount {
        host: "127.0.0.1".into(),
        port,
        security,
        username: None,
        from_address: "ar@brightwater.example".into(),
        from_name: Some("Brightwater Supplies Ltd".into()),
    }
}

/// A port on this machine that was free a moment ago: nothing listens on it.
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// A certificate authority of the test's own, and a certificate it signed for 127.0.0.1 and
/// localhost: (authority PEM, server certificate file, server key file).
pub fn certificates(dir: &Path) -> (Vec<u8>, PathBuf, PathBuf) {
    let mut authority = CertificateParams::new(Vec::<String>::new()).unwrap();
    authority.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    authority
        .distinguished_name
        .push(DnType::CommonName, "CreditDesk Test Authority");
    authority.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let authority = CertifiedIssuer::self_signed(authority, KeyPair::generate().unwrap()).unwrap();

    let mut server = CertificateParams::new(vec!["localhost".into(), "127.0.0.1".into()]).unwrap();
    server
        .distinguished_name
        .push(DnType::CommonName, "localhost");
    server.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let key = KeyPair::generate().unwrap();
    let certificate = server.signed_by(&key, &authority).unwrap();

    let certificate_file = dir.join("server.pem");
    let key_file = dir.join("server.key");
    std::fs::write(&certificate_file, certificate.pem()).unwrap();
    std::fs::write(&key_file, key.serialize_pem()).unwrap();
    (authority.pem().into_bytes(), certificate_file, key_file)
}

/// A reminder for invoice `number` to Harbour Traders' accounts department, with no
/// attachment, as outbox entry `id`.
pub fn reminder(id: i64, number: &str) -> OutgoingMail {
    OutgoingMail {
        to: vec!["accounts@harbour.example".into()],
        cc: Vec::new(),
        reply_to: None,
        subject: format!("Payment reminder: invoice {number}"),
        body: format!("Invoice {number} is overdue; please pay it within seven days.\n"),
        attachments: Vec::new(),
        message_id: creditdesk_mail::message_id(id, 1_733_372_800, "ar@brightwater.example"),
    }
}

/// One message of a [`MemoryOutbox`], with everything a store would keep of it.
#[derive(Clone, Debug)]
pub struct Entry {
    pub id: i64,
    pub state: OutboxState,
    /// Attempts made, the one under way included.
    pub attempts: u32,
    /// When it is due next (seconds since 1970).
    pub due: i64,
    pub mail: OutgoingMail,
    pub error: Option<String>,
    pub reply: Option<String>,
    pub sent_at: Option<i64>,
}

/// An outbox kept in a `Vec`, as a store keeps one in a table: each call is its own commit.
#[derive(Debug, Default)]
pub struct MemoryOutbox {
    pub entries: Vec<Entry>,
}

impl MemoryOutbox {
    /// Queues `mail`, due at `due`; its id is its place in the queue, from 1.
    pub fn queue(&mut self, mail: OutgoingMail, due: i64) -> i64 {
        let id = self.entries.len() as i64 + 1;
        self.entries.push(Entry {
            id,
            state: OutboxState::Queued,
            attempts: 0,
            due,
            mail,
            error: None,
            reply: None,
            sent_at: None,
        });
        id
    }

    pub fn entry(&self, id: i64) -> &Entry {
        self.entries.iter().find(|e| e.id == id).unwrap()
    }

    fn entry_mut(&mut self, id: i64) -> Result<&mut Entry, String> {
        let entry = self
            .entries
            .iter_mut()
            .find(|e| e.id == id)
            .ok_or_else(|| format!("no message {id} in the outbox"))?;
        match entry.state {
            OutboxState::Sending => Ok(entry),
            other => Err(format!("message {id} is {}, not sending", other.as_str())),
        }
    }

    /// The states of all messages, in id order.
    pub fn states(&self) -> Vec<OutboxState> {
        self.entries.iter().map(|e| e.state).collect()
    }

    /// What a store does at startup: a message left Sending by a crash may have reached the
    /// server, so a person confirms it.
    pub fn recover(&mut self) {
        for entry in &mut self.entries {
            if entry.state == OutboxState::Sending {
                entry.state = OutboxState::Unconfirmed;
                entry.error = Some("CreditDesk stopped while sending this message.".into());
            }
        }
    }
}

impl Outbox for MemoryOutbox {
    type Error = String;

    fn claim_next(&mut self, now: i64) -> Result<Option<QueuedMail>, String> {
        let next = self
            .entries
            .iter_mut()
            .filter(|e| e.state == OutboxState::Queued && e.due <= now)
            .min_by_key(|e| (e.due, e.id));
        Ok(next.map(|entry| {
            let queued = QueuedMail {
                id: entry.id,
                attempts: entry.attempts,
                mail: entry.mail.clone(),
            };
            entry.state = OutboxState::Sending;
            entry.attempts += 1;
            queued
        }))
    }

    fn mark_sent(&mut self, id: i64, delivered: &Delivered, at: i64) -> Result<(), String> {
        let entry = self.entry_mut(id)?;
        entry.state = OutboxState::Sent;
        entry.reply = Some(delivered.reply.clone());
        entry.sent_at = Some(at);
        Ok(())
    }

    fn mark_retry(&mut self, id: i64, error: &str, next_attempt: i64) -> Result<(), String> {
        let entry = self.entry_mut(id)?;
        entry.state = OutboxState::Queued;
        entry.error = Some(error.to_string());
        entry.due = next_attempt;
        Ok(())
    }

    fn mark_failed(&mut self, id: i64, error: &str) -> Result<(), String> {
        let entry = self.entry_mut(id)?;
        entry.state = OutboxState::Failed;
        entry.error = Some(error.to_string());
        Ok(())
    }

    fn mark_unconfirmed(&mut self, id: i64, error: &str) -> Result<(), String> {
        let entry = self.entry_mut(id)?;
        entry.state = OutboxState::Unconfirmed;
        entry.error = Some(error.to_string());
        Ok(())
    }
}
