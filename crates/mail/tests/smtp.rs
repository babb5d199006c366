//! Test messages sent to a real SMTP server: aiosmtpd, run by Python on 127.0.0.1, which parses
//! what it receives with Python's `email` package (`policy.default`, as a mail program would)
//! and writes what it read as JSON for the test to compare.
//!
//! The Python comes from `CREDITDESK_SMTP_PYTHON`, by default the virtual environment that the
//! repository's scripts set up; without it these tests fail and say how to create it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use creditdesk_mail::{
    send_test_mail, send_test_mail_with, Connection, Language, MailError, SmtpAccount, SmtpSecurity,
};
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};

const DEFAULT_PYTHON: &str = "/root/.cache/creditdesk/venv/bin/python";

/// An SMTP server that keeps what it receives, parsed, as `0.json`, `1.json`, ... in `dir`. The
/// body is compared as a mail program shows it: line ends as `\n`, without the line breaks that
/// a transfer encoding may add at its end.
const SERVER: &str = r#"
import json, pathlib, socket, ssl, sys
from email import policy
from email.parser import BytesParser
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

mode, out = sys.argv[1], pathlib.Path(sys.argv[2])

class Keep:
    async def handle_DATA(self, server, session, envelope):
        message = BytesParser(policy=policy.default).parsebytes(envelope.content)
        body = message.get_body(preferencelist=("plain",))
        n = len(list(out.glob("*.json")))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "subject": str(message["subject"]),
            "from": str(message["from"]),
            "to": str(message["to"]),
            "content_type": message.get_content_type(),
            "body": body.get_content().replace("\r\n", "\n").rstrip("\n") if body is not None else None,
            "has_date": message["date"] is not None,
            "has_message_id": message["message-id"] is not None,
            "encrypted": server.transport.get_extra_info("ssl_object") is not None,
        }
        part = out / f"{n}.part"
        part.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        part.rename(out / f"{n}.json")
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
if mode != "plain":
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
struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    port: u16,
    dir: tempfile::TempDir,
}

impl Server {
    /// `mode` is `plain`, `starttls`, `starttls-login` (which takes only the user
    /// `ar@brightwater.example` with the password `s3cret pass`) or `tls`; all but the first
    /// serve `certificate` and `key`.
    fn start(mode: &str, certificate: Option<(&Path, &Path)>) -> Server {
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
    fn received(&self, n: usize) -> serde_json::Value {
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

fn account(port: u16, security: SmtpSecurity) -> SmtpAccount {
    SmtpAccount {
        host: "127.0.0.1".into(),
        port,
        security,
        username: None,
        from_address: "ar@brightwater.example".into(),
        from_name: Some("Brightwater Supplies Ltd".into()),
    }
}

/// A certificate authority of the test's own, and a certificate it signed for 127.0.0.1 and
/// localhost: (authority PEM, server certificate file, server key file).
fn certificates(dir: &Path) -> (Vec<u8>, PathBuf, PathBuf) {
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

#[test]
fn a_test_message_in_english_arrives_over_a_plain_connection() {
    let server = Server::start("plain", None);
    let account = account(server.port, SmtpSecurity::None);

    let report = send_test_mail(
        &account,
        None,
        "controller@harbour.example",
        Language::English,
    )
    .unwrap();

    assert_eq!(report.server, format!("127.0.0.1:{}", server.port));
    assert_eq!(report.reply, "250 2.0.0 Ok: kept");
    let got = server.received(0);
    assert_eq!(got["mail_from"], "ar@brightwater.example");
    assert_eq!(
        got["rcpt_tos"],
        serde_json::json!(["controller@harbour.example"])
    );
    assert_eq!(got["subject"], "CreditDesk test message");
    assert_eq!(
        got["from"],
        "Brightwater Supplies Ltd <ar@brightwater.example>"
    );
    assert_eq!(got["to"], "controller@harbour.example");
    assert_eq!(got["content_type"], "text/plain");
    assert_eq!(got["has_date"], true);
    assert_eq!(got["has_message_id"], true);
    assert_eq!(got["encrypted"], false);
    assert_eq!(
        got["body"],
        format!(
            "This is a test message from CreditDesk.\n\nIt was sent through the mail server \
             127.0.0.1:{} from ar@brightwater.example to controller@harbour.example. If you can \
             read it, letters and reminders sent from CreditDesk will arrive too.",
            server.port
        )
    );
}

#[test]
fn a_test_message_in_chinese_keeps_its_subject_and_body_through_the_server() {
    let server = Server::start("plain", None);
    let mut account = account(server.port, SmtpSecurity::None);
    account.from_name = Some("明水贸易有限公司".into());

    send_test_mail(
        &account,
        None,
        "finance@harbour.example",
        Language::SimplifiedChinese,
    )
    .unwrap();

    let got = server.received(0);
    assert_eq!(got["subject"], "CreditDesk 测试邮件");
    assert_eq!(got["from"], "明水贸易有限公司 <ar@brightwater.example>");
    assert_eq!(
        got["body"],
        format!(
            "这是一封来自 CreditDesk 的测试邮件。\n\n它经由邮件服务器 127.0.0.1:{} 从 \
             ar@brightwater.example 发送到 finance@harbour.example。如果您能读到这封邮件，\
             CreditDesk 发出的信函和催款提醒也能送达。",
            server.port
        )
    );
}

#[test]
fn a_test_message_arrives_over_starttls_with_a_trusted_authority() {
    let dir = tempfile::tempdir().unwrap();
    let (authority, certificate, key) = certificates(dir.path());
    let server = Server::start("starttls", Some((&certificate, &key)));
    let account = account(server.port, SmtpSecurity::Starttls);

    let trusting = Connection {
        extra_roots: vec![authority],
        ..Connection::default()
    };
    let report = send_test_mail_with(
        &account,
        None,
        "controller@harbour.example",
        Language::English,
        &trusting,
    )
    .unwrap();

    assert_eq!(report.security, SmtpSecurity::Starttls);
    let got = server.received(0);
    assert_eq!(got["subject"], "CreditDesk test message");
    assert_eq!(got["encrypted"], true);
}

#[test]
fn a_test_message_arrives_over_tls_from_the_first_byte() {
    let dir = tempfile::tempdir().unwrap();
    let (authority, certificate, key) = certificates(dir.path());
    let server = Server::start("tls", Some((&certificate, &key)));
    let account = account(server.port, SmtpSecurity::Tls);

    let trusting = Connection {
        extra_roots: vec![authority],
        ..Connection::default()
    };
    send_test_mail_with(
        &account,
        None,
        "controller@harbour.example",
        Language::SimplifiedChinese,
        &trusting,
    )
    .unwrap();

    let got = server.received(0);
    assert_eq!(got["subject"], "CreditDesk 测试邮件");
    assert_eq!(got["encrypted"], true);
}

#[test]
fn an_account_logs_in_with_its_password_and_a_wrong_one_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let (authority, certificate, key) = certificates(dir.path());
    let server = Server::start("starttls-login", Some((&certificate, &key)));
    let mut account = account(server.port, SmtpSecurity::Starttls);
    account.username = Some("ar@brightwater.example".into());
    let trusting = Connection {
        extra_roots: vec![authority],
        ..Connection::default()
    };
    let send = |password| {
        send_test_mail_with(
            &account,
            Some(password),
            "controller@harbour.example",
            Language::English,
            &trusting,
        )
    };

    send("s3cret pass").unwrap();
    assert_eq!(server.received(0)["subject"], "CreditDesk test message");

    let err = send("guess").unwrap_err();
    assert!(matches!(err, MailError::LoginRefused { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "The mail server 127.0.0.1:{} refused the user name or the password (535 5.7.8 \
             Authentication credentials invalid); check them in the mail settings and save the \
             password again.",
            server.port
        )
    );
    assert!(
        !err.to_string().contains("guess"),
        "a message never shows the password"
    );
}

#[test]
fn a_server_whose_certificate_no_authority_vouches_for_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_, certificate, key) = certificates(dir.path());
    let server = Server::start("starttls", Some((&certificate, &key)));
    let account = account(server.port, SmtpSecurity::Starttls);

    let err = send_test_mail(
        &account,
        None,
        "controller@harbour.example",
        Language::English,
    )
    .unwrap_err();

    let MailError::Insecure { server: named, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(named, &format!("127.0.0.1:{}", server.port));
    assert!(
        err.to_string().ends_with(
            ". Check the security setting: STARTTLS usually goes with port 587, TLS with port \
             465."
        ),
        "{err}"
    );
}

#[test]
fn addresses_are_checked_before_anything_is_sent() {
    let account = account(25, SmtpSecurity::None);
    let err =
        send_test_mail(&account, None, "controller at harbour", Language::English).unwrap_err();
    assert_eq!(
        err.to_string(),
        "The recipient address \"controller at harbour\" is not an email address; write it as \
         name@example.com."
    );

    let mut account = account.clone();
    account.from_address = "ar@brightwater".into();
    let err = send_test_mail(
        &account,
        None,
        "controller@harbour.example",
        Language::English,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "The sender address \"ar@brightwater\" is not an email address; write it as \
         name@example.com."
    );
}

#[test]
fn an_account_with_a_user_name_needs_its_password() {
    let mut account = account(25, SmtpSecurity::Starttls);
    account.username = Some("ar@brightwater.example".into());
    let err = send_test_mail(
        &account,
        None,
        "controller@harbour.example",
        Language::English,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "The account logs in as ar@brightwater.example, but no password was given; save the \
         password in the mail settings, then try again."
    );
}

#[test]
fn a_server_that_never_answers_is_given_up_on() {
    // It takes the connection and says nothing.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let silent = std::thread::spawn(move || listener.accept().map(|(stream, _)| stream));
    let account = account(port, SmtpSecurity::None);
    let quick = Connection {
        timeout: Duration::from_millis(300),
        ..Connection::default()
    };

    let err = send_test_mail_with(
        &account,
        None,
        "controller@harbour.example",
        Language::English,
        &quick,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "The mail server 127.0.0.1:{port} did not answer in time; check the server name, \
             the port and the security setting."
        )
    );
    drop(silent.join());
}

#[test]
fn a_server_that_is_not_listening_is_named_in_the_message() {
    // A port that was free a moment ago: nothing listens on it.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let account = account(port, SmtpSecurity::None);
    let err = send_test_mail(
        &account,
        None,
        "controller@harbour.example",
        Language::English,
    )
    .unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with(&format!(
            "The mail server 127.0.0.1:{port} could not be reached: "
        )),
        "{text}"
    );
    assert!(
        text.ends_with(". Check the server name and the port, and that this computer is online."),
        "{text}"
    );
}

#[test]
fn every_reason_a_message_was_not_sent_reads_in_chinese() {
    use creditdesk_core::text::{has_chinese, Word};

    let server = || "smtp.example.test:587".to_string();
    let table = [
        (
            MailError::InvalidAddress {
                field: Word::new("sender address", "发件地址"),
                value: "ar@brightwater".into(),
            },
            "发件地址“ar@brightwater”不是有效的电子邮件地址；请按 name@example.com 的格式填写。",
        ),
        (
            MailError::MissingPassword {
                username: "ar@brightwater.example".into(),
            },
            "该账户以 ar@brightwater.example 登录，但未提供密码；请在邮件设置中保存密码后重试。",
        ),
        (
            MailError::Unreachable {
                server: server(),
                reason: "Connection refused (os error 111)".into(),
            },
            "无法连接邮件服务器 smtp.example.test:587：Connection refused (os error 111)。请检查\
             服务器名称和端口，并确认这台计算机已联网。",
        ),
        (
            MailError::Insecure {
                server: server(),
                reason: "invalid peer certificate: UnknownIssuer".into(),
            },
            "无法与邮件服务器 smtp.example.test:587 建立安全连接：invalid peer certificate: \
             UnknownIssuer。请检查加密方式设置：STARTTLS 通常使用 587 端口，TLS 通常使用 465 端口。",
        ),
        (
            MailError::Timeout { server: server() },
            "邮件服务器 smtp.example.test:587 未能及时响应；请检查服务器名称、端口和加密方式设置。",
        ),
        (
            MailError::LoginRefused {
                server: server(),
                reply: "535 5.7.8 Authentication credentials invalid".into(),
            },
            "邮件服务器 smtp.example.test:587 拒绝了用户名或密码（535 5.7.8 Authentication \
             credentials invalid）；请在邮件设置中核对，并重新保存密码。",
        ),
        (
            MailError::Refused {
                server: server(),
                reply: "550 5.1.1 Mailbox unknown".into(),
            },
            "邮件服务器 smtp.example.test:587 拒收了该邮件（550 5.1.1 Mailbox unknown）；请检查\
             发件地址和收件地址，或咨询邮件服务商。",
        ),
        (
            MailError::TryLater {
                server: server(),
                reply: "451 4.3.0 Try again later".into(),
            },
            "邮件服务器 smtp.example.test:587 暂时无法接收该邮件（451 4.3.0 Try again later）；\
             请过几分钟再试。",
        ),
        (
            MailError::Failed {
                server: server(),
                reason: "the connection was closed".into(),
            },
            "无法通过 smtp.example.test:587 发送邮件：the connection was closed。",
        ),
    ];
    for (err, expected) in table {
        let said = Language::SimplifiedChinese.during(|| err.to_string());
        assert_eq!(said, expected);
        assert!(has_chinese(&said));
    }

    // A refusal made by the crate itself, shown by the thread that asked for the message.
    let account = account(25, SmtpSecurity::None);
    let said = Language::SimplifiedChinese.during(|| {
        send_test_mail(&account, None, "controller at harbour", Language::English)
            .unwrap_err()
            .to_string()
    });
    assert_eq!(
        said,
        "收件地址“controller at harbour”不是有效的电子邮件地址；请按 name@example.com 的格式填写。"
    );
}
