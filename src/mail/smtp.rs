//! One SMTP session with lettre's low-level connection, so the outbox knows the phase it reached:
//! up to RCPT nothing can have been delivered; once DATA starts, only the server's reply tells.
//! Every failure becomes an `SmtpProblem`: a Vietnamese sentence, and whether retrying can help.

use std::time::Duration;

use lettre::Address;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::ClientId;

use super::{Account, Auth, Security};
pub use crate::error::smtp::{ProblemKind, SmtpProblem};
use crate::{Error, Result};

const TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    Connect,
    SignIn,
    Envelope,
    Data,
}

fn problem(account: &Account, stage: Stage, e: &lettre::transport::smtp::Error) -> SmtpProblem {
    let code = e.status().map(|c| c.to_string()).unwrap_or_default();
    let detail = e.to_string();
    let kind = if e.is_tls() {
        ProblemKind::Certificate
    } else if code.starts_with('4') {
        ProblemKind::Temporary
    } else if code == "534" || (code.starts_with('5') && stage == Stage::SignIn && detail.contains("5.7.9")) {
        ProblemKind::AppPassword
    } else if stage == Stage::SignIn && (code.starts_with('5') || (code.is_empty() && !e.is_timeout())) {
        // A refusal, or (XOAUTH2) an error challenge the client cannot answer.
        ProblemKind::SignIn
    } else if code == "552" || code == "523" {
        ProblemKind::TooBig
    } else if stage == Stage::Envelope && ["550", "551", "553", "501"].contains(&code.as_str()) {
        ProblemKind::Recipient
    } else if code.starts_with('5') {
        ProblemKind::Refused
    } else if stage == Stage::Connect && is_certificate_text(&detail) {
        ProblemKind::Certificate
    } else if stage == Stage::Connect || e.is_timeout() {
        ProblemKind::Unreachable
    } else {
        // The connection broke mid-session without a final reply: nothing was accepted.
        ProblemKind::Temporary
    };
    SmtpProblem { kind, detail, account_host: format!("{}:{}", account.host, account.port), oauth: account.auth == Auth::Oauth }
}

fn is_certificate_text(detail: &str) -> bool {
    let d = detail.to_lowercase();
    d.contains("certificate") || d.contains("tls") || d.contains("handshake")
}

/// The server's own certificate authority from a PEM file (.pem, .crt, .cer).
pub(crate) fn certificate(path: &str) -> Result<Certificate> {
    let fail = |reason: String| Error::DataFile { path: path.into(), reason };
    let pem = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
    if !pem.windows(27).any(|w| w == b"-----BEGIN CERTIFICATE-----") {
        return Err(fail("không có chứng chỉ dạng PEM trong tệp".into()));
    }
    Certificate::from_pem(&pem).map_err(|e| fail(e.to_string()))
}

fn tls(account: &Account) -> Result<TlsParameters> {
    let mut builder = TlsParameters::builder(account.host.clone());
    if !account.ca_file.is_empty() {
        builder = builder.add_root_certificate(certificate(&account.ca_file)?);
    }
    builder.build_rustls().map_err(|e| Error::Smtp(problem(account, Stage::Connect, &e)))
}

/// Opens a session: connect (implicit TLS or STARTTLS, never plain text) and sign in with the
/// password (PLAIN/LOGIN) or the access token (XOAUTH2), as `credential` from `mail::credential`.
fn open(account: &Account, credential: &str) -> Result<SmtpConnection> {
    let params = tls(account)?;
    let hello = ClientId::Domain("tuanle.local".into());
    let wrapper = (account.security == Security::Tls).then_some(&params);
    let fail = |stage, e: lettre::transport::smtp::Error| Error::Smtp(problem(account, stage, &e));
    let mut conn = SmtpConnection::connect((account.host.as_str(), account.port), Some(TIMEOUT), &hello, wrapper, None)
        .map_err(|e| fail(Stage::Connect, e))?;
    if account.security == Security::Starttls {
        conn.starttls(&params, &hello).map_err(|e| fail(Stage::Connect, e))?;
    }
    let credentials = Credentials::new(account.username.clone(), credential.to_owned());
    let mechanisms: &[Mechanism] = match account.auth {
        Auth::Password => &[Mechanism::Plain, Mechanism::Login],
        Auth::Oauth => &[Mechanism::Xoauth2],
    };
    conn.auth(mechanisms, &credentials).map_err(|e| fail(Stage::SignIn, e))?;
    Ok(conn)
}

/// Connects and signs in, then says goodbye: the "test the connection" button.
pub fn test(account: &Account, credential: &str) -> Result<()> {
    let mut conn = open(account, credential)?;
    let _ = conn.quit();
    Ok(())
}

fn address(account: &Account, a: &str) -> Result<Address> {
    a.parse::<Address>().map_err(|e| {
        Error::Smtp(SmtpProblem {
            kind: ProblemKind::Recipient,
            detail: format!("{a}: {e}"),
            account_host: account.host.clone(),
            oauth: false,
        })
    })
}

/// Sends `raw` (a complete RFC 5322 message) to `recipients`. `before_data` runs (and must have
/// recorded that the data phase starts) after every recipient was accepted and before DATA.
/// Returns the server's final reply.
pub fn send(
    account: &Account,
    credential: &str,
    recipients: &[String],
    raw: &[u8],
    before_data: &mut dyn FnMut() -> Result<()>,
) -> Result<String> {
    let mut conn = open(account, credential)?;
    let fail = |stage, e: lettre::transport::smtp::Error| Error::Smtp(problem(account, stage, &e));
    let from = address(account, &account.from_email)?;
    conn.command(Mail::new(Some(from), vec![])).map_err(|e| fail(Stage::Envelope, e))?;
    for r in recipients {
        conn.command(Rcpt::new(address(account, r)?, vec![])).map_err(|e| fail(Stage::Envelope, e))?;
    }
    before_data()?;
    conn.command(Data).map_err(|e| fail(Stage::Data, e))?;
    let reply = conn.message(raw).map_err(|e| fail(Stage::Data, e))?;
    let _ = conn.quit();
    Ok(format!("{} {}", reply.code(), reply.message().collect::<Vec<_>>().join(" ")))
}
