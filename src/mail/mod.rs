//! Sending the report: the mail account (presets for Gmail, Microsoft 365 and any SMTP server),
//! the message composed from the exported documents, the outbox that never loses or doubles a
//! message, the SMTP session, the OS keychain holding the password, and the sign-in with
//! Google/Microsoft (OAuth2) for accounts that refuse passwords.

pub mod message;
pub mod oauth;
pub mod outbox;
pub mod secret;
pub mod smtp;

use chrono::Utc;
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::store::{DataDir, Store};
use crate::text::clean_line;
use crate::{Error, FieldError, Result, email};

/// How the connection is secured: implicit TLS (port 465) or STARTTLS (port 587).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Security {
    Tls,
    Starttls,
}

impl Security {
    fn key(self) -> &'static str {
        match self {
            Security::Tls => "tls",
            Security::Starttls => "starttls",
        }
    }

    fn parse(s: &str) -> Self {
        if s == "tls" { Security::Tls } else { Security::Starttls }
    }
}

/// How the account signs in to the SMTP server: a password (or app password), or the provider's
/// sign-in page (OAuth2, XOAUTH2 to the server).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Auth {
    Password,
    Oauth,
}

impl Auth {
    fn key(self) -> &'static str {
        match self {
            Auth::Password => "password",
            Auth::Oauth => "oauth",
        }
    }

    fn parse(s: &str) -> Self {
        if s == "oauth" { Auth::Oauth } else { Auth::Password }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Account {
    /// "gmail", "microsoft" or "custom".
    pub provider: String,
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// The login, usually the full address.
    pub username: String,
    pub from_name: String,
    pub from_email: String,
    /// A PEM file of the server's own certificate authority (some provincial servers), or empty.
    pub ca_file: String,
    pub auth: Auth,
    /// The OAuth2 client ID the school or district registered; empty: the one configured in
    /// `oauth.json`.
    pub client_id: String,
}

/// What the settings screen shows: the account, and whether a password is at hand.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MailSettings {
    pub account: Option<Account>,
    /// A password is at hand, or (sign-in accounts) a sign-in is kept.
    pub has_password: bool,
}

/// The account and whether its password (or sign-in) is at hand in the keychain.
pub fn settings(store: &Store) -> Result<MailSettings> {
    let account = load(store)?;
    let has_password = account.as_ref().is_some_and(has_credential);
    Ok(MailSettings { account, has_password })
}

/// What signs in to the SMTP server now: the password, or a fresh access token (refreshed
/// silently when the kept one is about to expire).
pub fn credential(dir: &DataDir, account: &Account) -> Result<String> {
    match account.auth {
        Auth::Password => secret::password(account),
        Auth::Oauth => oauth::access_token(dir, account),
    }
}

/// Whether sending can sign in without asking the user first.
pub fn has_credential(account: &Account) -> bool {
    match account.auth {
        Auth::Password => secret::password(account).is_ok(),
        Auth::Oauth => oauth::signed_in(account),
    }
}

/// The preset of a provider: host, port and security the user does not have to know.
pub fn preset(provider: &str) -> Option<(&'static str, u16, Security)> {
    match provider {
        "gmail" => Some(("smtp.gmail.com", 587, Security::Starttls)),
        "microsoft" => Some(("smtp.office365.com", 587, Security::Starttls)),
        _ => None,
    }
}

impl Account {
    fn cleaned(&self) -> Self {
        let mut a = self.clone();
        a.host = clean_line(&a.host).to_lowercase();
        a.username = clean_line(&a.username);
        a.from_name = clean_line(&a.from_name);
        a.from_email = clean_line(&a.from_email).to_lowercase();
        a.ca_file = clean_line(&a.ca_file);
        a.client_id = clean_line(&a.client_id);
        if let Some((host, port, security)) = preset(&a.provider) {
            (a.host, a.port, a.security) = (host.to_owned(), port, security);
        }
        a
    }

    fn validate(&self) -> Result<()> {
        let mut errors = Vec::new();
        if !["gmail", "microsoft", "custom"].contains(&self.provider.as_str()) {
            errors.push(FieldError::new("provider", "Hãy chọn Gmail, Microsoft 365 hoặc máy chủ khác."));
        }
        if self.host.is_empty() || self.host.contains(char::is_whitespace) {
            errors.push(FieldError::new("host", "Hãy nhập tên máy chủ gửi thư (ví dụ smtp.haiphong.edu.vn)."));
        }
        if self.port == 0 {
            errors.push(FieldError::new("port", "Cổng phải là một số từ 1 đến 65535 (thường là 587 hoặc 465)."));
        }
        if self.username.is_empty() {
            errors.push(FieldError::new("username", "Hãy nhập tên đăng nhập (thường là địa chỉ thư)."));
        }
        if !email::is_valid(&self.from_email) {
            errors.push(FieldError::new("from_email", "Địa chỉ gửi đi chưa đúng dạng ten@truong.edu.vn."));
        }
        if !self.ca_file.is_empty() && smtp::certificate(&self.ca_file).is_err() {
            errors.push(FieldError::new(
                "ca_file",
                "Không đọc được chứng chỉ trong tệp này. Hãy chọn tệp .pem hoặc .crt mà Sở (hoặc người quản trị máy chủ) gửi, hoặc để trống.",
            ));
        }
        if errors.is_empty() { Ok(()) } else { Err(Error::Validation(errors)) }
    }
}

pub fn load(store: &Store) -> Result<Option<Account>> {
    Ok(store
        .conn()
        .query_row(
            "SELECT provider, host, port, security, username, from_name, from_email, ca_file, auth, client_id
             FROM mail_account WHERE id = 1",
            [],
            |r| {
                Ok(Account {
                    provider: r.get(0)?,
                    host: r.get(1)?,
                    port: r.get(2)?,
                    security: Security::parse(&r.get::<_, String>(3)?),
                    username: r.get(4)?,
                    from_name: r.get(5)?,
                    from_email: r.get(6)?,
                    ca_file: r.get(7)?,
                    auth: Auth::parse(&r.get::<_, String>(8)?),
                    client_id: r.get(9)?,
                })
            },
        )
        .optional()?)
}

pub fn require(store: &Store) -> Result<Account> {
    load(store)?.ok_or(Error::NoMailAccount)
}

/// Stores the account (cleaned, presets applied). The password is not part of it.
pub fn save(store: &mut Store, account: &Account) -> Result<Account> {
    let a = account.cleaned();
    a.validate()?;
    store.write(|tx| {
        tx.execute(
            "INSERT INTO mail_account (id, provider, host, port, security, username, from_name, from_email, ca_file, updated_at, auth, client_id)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT (id) DO UPDATE SET provider = excluded.provider, host = excluded.host, port = excluded.port,
               security = excluded.security, username = excluded.username, from_name = excluded.from_name,
               from_email = excluded.from_email, ca_file = excluded.ca_file, updated_at = excluded.updated_at,
               auth = excluded.auth, client_id = excluded.client_id",
            params![
                a.provider,
                a.host,
                a.port,
                a.security.key(),
                a.username,
                a.from_name,
                a.from_email,
                a.ca_file,
                Utc::now().to_rfc3339(),
                a.auth.key(),
                a.client_id
            ],
        )?;
        Ok(())
    })?;
    Ok(a)
}
