//! One SMTP session with lettre's low-level connection, so the outbox knows the phase it reached:
//! up to RCPT nothing can have been delivered; once DATA starts, only the server's reply tells.
//! Every failure becomes an `SmtpProblem`: a Vietnamese sentence, and whether retrying can help.

use std::fmt;
use std::time::Duration;

use lettre::Address;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::ClientId;

use super::{Account, Auth, Security};
use crate::{Error, Result};

const TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// Network down, host unknown, port blocked, timeout: retry later.
    Unreachable,
    /// The server's certificate is not trusted, or TLS failed.
    Certificate,
    /// Wrong login or password.
    SignIn,
    /// Gmail/Microsoft want an app password or a modern sign-in.
    AppPassword,
    /// The server refused the recipient address.
    Recipient,
    /// The server refused the size of the message.
    TooBig,
    /// Another permanent refusal (5xx).
    Refused,
    /// A temporary refusal (4xx) or a connection lost before the server's reply: retry.
    Temporary,
}

#[derive(Debug, Clone)]
pub struct SmtpProblem {
    pub kind: ProblemKind,
    /// What the server or the network said, for the record (never contains the password).
    pub detail: String,
    account_host: String,
    /// The account signs in with Google/Microsoft (the advice differs from a password's).
    oauth: bool,
}

impl SmtpProblem {
    /// Retrying later cannot help: the user has to act.
    pub fn permanent(&self) -> bool {
        !matches!(self.kind, ProblemKind::Unreachable | ProblemKind::Temporary)
    }

    pub fn code(&self) -> &'static str {
        match self.kind {
            ProblemKind::Unreachable => "smtp_unreachable",
            ProblemKind::Certificate => "smtp_certificate",
            ProblemKind::SignIn => "smtp_sign_in",
            ProblemKind::AppPassword => "smtp_app_password",
            ProblemKind::Recipient => "smtp_recipient",
            ProblemKind::TooBig => "smtp_too_big",
            ProblemKind::Refused => "smtp_refused",
            ProblemKind::Temporary => "smtp_temporary",
        }
    }
}

impl fmt::Display for SmtpProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let host = &self.account_host;
        let text = match self.kind {
            ProblemKind::Unreachable => format!(
                "Không kết nối được máy chủ thư {host} (máy chưa có mạng, sai tên máy chủ hoặc cổng bị chặn). Thư được giữ trong hộp thư đi và sẽ tự gửi lại."
            ),
            ProblemKind::Certificate => format!(
                "Chứng chỉ bảo mật của máy chủ {host} không hợp lệ hoặc không được tin cậy. Hãy kiểm tra tên máy chủ; nếu Sở/Phòng dùng chứng chỉ riêng, hãy chọn tệp chứng chỉ trong cài đặt."
            ),
            ProblemKind::SignIn if self.oauth => "Máy chủ thư không nhận phiên đăng nhập này (có thể đã bị thu hồi hoặc tài khoản chưa được phép gửi thư qua SMTP). Hãy bấm «Đăng nhập lại»; thư chưa được gửi và không tự gửi lại.".to_owned(),
            ProblemKind::SignIn => {
                "Sai tên đăng nhập hoặc mật khẩu thư. Hãy nhập lại mật khẩu; thư chưa được gửi và không tự gửi lại.".to_owned()
            }
            ProblemKind::AppPassword => "Máy chủ thư yêu cầu mật khẩu ứng dụng (Gmail: Tài khoản Google → Bảo mật → Mật khẩu ứng dụng) hoặc đăng nhập bằng tài khoản Google/Microsoft. Thư chưa được gửi.".to_owned(),
            ProblemKind::Recipient => "Máy chủ từ chối địa chỉ người nhận. Hãy kiểm tra lại địa chỉ hộp thư của cơ quan nhận.".to_owned(),
            ProblemKind::TooBig => "Máy chủ từ chối vì thư quá lớn. Hãy bỏ bớt ảnh hoặc tệp đính kèm rồi gửi lại.".to_owned(),
            ProblemKind::Refused => "Máy chủ thư từ chối nhận thư. Xem chi tiết bên dưới hoặc hỏi người quản trị thư của trường.".to_owned(),
            ProblemKind::Temporary => "Máy chủ thư tạm thời chưa nhận thư. Thư được giữ trong hộp thư đi và sẽ tự gửi lại.".to_owned(),
        };
        write!(f, "{text}")?;
        if !self.detail.is_empty() {
            write!(f, " (Chi tiết: {})", self.detail)?;
        }
        Ok(())
    }
}

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

fn tls(account: &Account) -> Result<TlsParameters> {
    let mut builder = TlsParameters::builder(account.host.clone());
    if !account.ca_file.is_empty() {
        let pem = std::fs::read(&account.ca_file)
            .map_err(|e| Error::DataFile { path: account.ca_file.clone().into(), reason: e.to_string() })?;
        let cert = Certificate::from_pem(&pem)
            .map_err(|e| Error::DataFile { path: account.ca_file.clone().into(), reason: e.to_string() })?;
        builder = builder.add_root_certificate(cert);
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
