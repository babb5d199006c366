//! One conversation with the mail server, held step by step (connect, secure, log in, name the
//! sender and the recipients, send the content, read the reply to it), so that every failure is
//! known to have come before or after the message's content went out.
//!
//! lettre's `SmtpTransport::send` runs the same steps but hands back only the error, and its
//! error does not say at which step it happened: a connection that broke while the server greeted
//! and one that broke after the whole message was sent look alike. An outbox must never send
//! a message again that the server may already have taken, so the steps are taken here one by
//! one with lettre's `SmtpConnection`.

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{Certificate, SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use lettre::transport::smtp::response::Response;
use lettre::transport::smtp::Error;

use crate::error::MailError;
use crate::{Connection, SmtpAccount, SmtpSecurity};

/// `host:port`, as sentences and reports name the server.
pub(crate) fn server_name(account: &SmtpAccount) -> String {
    format!("{}:{}", account.host, account.port)
}

/// Sends `content` (a whole formatted message) to the envelope's recipients through `account`,
/// and gives back the server's reply to it, e.g. `250 2.0.0 Ok: queued as 4F2A1`.
///
/// Every error made before the content's first byte is written means the server does not have
/// the message; a failure after it without a reply is [`MailError::Unconfirmed`] or
/// [`MailError::ConfirmationTimeout`].
pub(crate) fn deliver(
    account: &SmtpAccount,
    password: Option<&str>,
    connection: &Connection,
    envelope: &Envelope,
    content: &[u8],
) -> Result<String, MailError> {
    let server = server_name(account);
    let credentials = credentials(account, password)?;
    let tls = match account.security {
        SmtpSecurity::None => None,
        SmtpSecurity::Starttls | SmtpSecurity::Tls => {
            Some(tls_parameters(account, connection, &server)?)
        }
    };
    let hello = ClientId::default();

    let wrapper = tls
        .as_ref()
        .filter(|_| account.security == SmtpSecurity::Tls);
    let mut session = SmtpConnection::connect(
        (account.host.as_str(), account.port),
        Some(connection.timeout),
        &hello,
        wrapper,
        None,
    )
    .map_err(|e| refusal(&server, &e))?;
    if let (SmtpSecurity::Starttls, Some(tls)) = (account.security, &tls) {
        if !session.can_starttls() {
            session.abort();
            return Err(MailError::NoStarttls { server });
        }
        session
            .starttls(tls, &hello)
            .map_err(|e| refusal(&server, &e))?;
    }
    if let Some(credentials) = &credentials {
        let logged_in = session.auth(DEFAULT_MECHANISMS, credentials);
        step(&mut session, logged_in, &server)?;
    }

    let parameters = mail_parameters(&session, envelope, content, &server)?;
    let named = session.command(Mail::new(envelope.from().cloned(), parameters));
    step(&mut session, named, &server)?;
    for recipient in envelope.to() {
        let named = session.command(Rcpt::new(recipient.clone(), Vec::new()));
        step(&mut session, named, &server)?;
    }
    let ready = session.command(Data);
    step(&mut session, ready, &server)?;

    tracing::debug!(
        server,
        bytes = content.len(),
        "sending the message's content"
    );
    match session.message(content) {
        Ok(response) => {
            // The message is the server's now; how the goodbye goes changes nothing.
            let _ = session.quit();
            Ok(reply(&response))
        }
        // A reply: the server said in so many words that it did not take the message.
        Err(e) if e.status().is_some() => {
            session.abort();
            Err(refusal(&server, &e))
        }
        Err(e) => Err(if e.is_timeout() || timed_out(&e) {
            MailError::ConfirmationTimeout { server }
        } else {
            MailError::Unconfirmed {
                server,
                reason: reason(&e),
            }
        }),
    }
}

/// The server's reply as one line: its code and its text.
fn reply(response: &Response) -> String {
    std::iter::once(response.code().to_string())
        .chain(response.message().map(str::to_string))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The result of a step before the content, ended politely (QUIT) when the server refused it.
fn step<T>(
    session: &mut SmtpConnection,
    result: Result<T, Error>,
    server: &str,
) -> Result<T, MailError> {
    result.map_err(|e| {
        if e.status().is_some() {
            session.abort();
        }
        refusal(server, &e)
    })
}

/// The MAIL FROM parameters the message needs: SMTPUTF8 for addresses with letters outside
/// ASCII, 8BITMIME for content outside ASCII (CreditDesk's own content is always ASCII, its
/// headers and text being encoded).
fn mail_parameters(
    session: &SmtpConnection,
    envelope: &Envelope,
    content: &[u8],
    server: &str,
) -> Result<Vec<MailParameter>, MailError> {
    let mut parameters = Vec::new();
    let unsupported = |what: &str| MailError::Failed {
        server: server.to_string(),
        reason: format!("the server does not take {what}"),
    };
    let non_ascii_address = envelope
        .from()
        .into_iter()
        .chain(envelope.to())
        .any(|address| !AsRef::<str>::as_ref(address).is_ascii());
    if non_ascii_address {
        if !session
            .server_info()
            .supports_feature(Extension::SmtpUtfEight)
        {
            return Err(unsupported(
                "addresses with letters outside ASCII (SMTPUTF8)",
            ));
        }
        parameters.push(MailParameter::SmtpUtfEight);
    }
    if !content.is_ascii() {
        if !session
            .server_info()
            .supports_feature(Extension::EightBitMime)
        {
            return Err(unsupported("8-bit content (8BITMIME)"));
        }
        parameters.push(MailParameter::Body(MailBodyParameter::EightBitMime));
    }
    Ok(parameters)
}

fn credentials(
    account: &SmtpAccount,
    password: Option<&str>,
) -> Result<Option<Credentials>, MailError> {
    let Some(username) = account.username.as_deref().filter(|u| !u.trim().is_empty()) else {
        return Ok(None);
    };
    let Some(password) = password else {
        return Err(MailError::MissingPassword {
            username: username.to_string(),
        });
    };
    Ok(Some(Credentials::new(
        username.to_string(),
        password.to_string(),
    )))
}

fn tls_parameters(
    account: &SmtpAccount,
    connection: &Connection,
    server: &str,
) -> Result<TlsParameters, MailError> {
    let insecure = |reason: String| MailError::Insecure {
        server: server.to_string(),
        reason,
    };
    let mut builder = TlsParameters::builder(account.host.clone());
    for pem in &connection.extra_roots {
        let certificate = Certificate::from_pem(pem).map_err(|e| insecure(e.to_string()))?;
        builder = builder.add_root_certificate(certificate);
    }
    builder.build_rustls().map_err(|e| insecure(e.to_string()))
}

/// What a failure before the content means: a refusal in the server's words, or why the
/// conversation could not go on.
fn refusal(server: &str, err: &Error) -> MailError {
    let server = server.to_string();
    if let Some(code) = err.status() {
        // The server's own words: the code and the text after it.
        let code = code.to_string();
        let reply = match std::error::Error::source(err) {
            Some(text) => format!("{code} {text}"),
            None => code.clone(),
        };
        // 530, 534 and 535: authentication required, too weak, or credentials refused.
        if ["530", "534", "535"].contains(&code.as_str()) {
            return MailError::LoginRefused { server, reply };
        }
        return if err.is_transient() {
            MailError::TryLater { server, reply }
        } else {
            MailError::Refused { server, reply }
        };
    }
    if err.is_timeout() || timed_out(err) {
        return MailError::Timeout { server };
    }
    if err.is_tls() || failed_handshake(err) {
        return MailError::Insecure {
            server,
            reason: reason(err),
        };
    }
    if err.is_client() || (err.is_response() && !closed(err)) {
        return MailError::Failed {
            server,
            reason: reason(err),
        };
    }
    // The connection could not be made, or broke before the content went out.
    MailError::Unreachable {
        server,
        reason: reason(err),
    }
}

/// lettre's words for a connection the server closed while a reply was awaited.
const INCOMPLETE: &str = "incomplete response";

/// Whether the server closed the connection while a reply was awaited.
fn closed(err: &Error) -> bool {
    err.is_response() && innermost(err) == INCOMPLETE
}

/// The innermost cause of a failure, which names what actually went wrong (connection refused,
/// certificate not trusted).
fn innermost(err: &Error) -> String {
    let mut inner: &dyn std::error::Error = err;
    while let Some(source) = inner.source() {
        inner = source;
    }
    inner.to_string()
}

/// The reason of a failure as a person can read it.
fn reason(err: &Error) -> String {
    match innermost(err) {
        text if text == INCOMPLETE => "the server closed the connection".to_string(),
        text => text,
    }
}

/// Whether a step ran out of time: a socket's read or write timeout shows as `TimedOut` or, on
/// Unix, as `WouldBlock`.
fn timed_out(err: &Error) -> bool {
    io_kinds(err).any(|kind| {
        matches!(
            kind,
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
        )
    })
}

/// Whether the connection failed in its TLS handshake: rustls reports a refused certificate or
/// a broken handshake as invalid data, where a server that cannot be reached is refused, reset
/// or timed out.
fn failed_handshake(err: &Error) -> bool {
    io_kinds(err).any(|kind| kind == std::io::ErrorKind::InvalidData)
}

/// The kinds of the system errors among `err`'s causes.
fn io_kinds(err: &Error) -> impl Iterator<Item = std::io::ErrorKind> + '_ {
    let first: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(err);
    std::iter::successors(first, |current| current.source())
        .filter_map(|current| current.downcast_ref::<std::io::Error>())
        .map(std::io::Error::kind)
}
