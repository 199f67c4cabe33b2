//! Sign-in with Google or Microsoft (OAuth2) for sending: the authorization-code flow with PKCE
//! in the system browser, a one-shot listener on 127.0.0.1 for the redirect, token and refresh
//! calls with reqwest, the refresh token in the OS keychain, and a fresh access token for XOAUTH2
//! before each send. The client ID is configuration (`assets/oauth.json`, an `oauth.json` in the
//! data folder, or the account's own field), never a shipped secret.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Account;
use super::secret::{self, Kept};
use crate::store::DataDir;
use crate::{Error, Result};

const BUILTIN: &str = include_str!("../../assets/oauth.json");
/// How long the browser has to come back with the code.
pub const WAIT: Duration = Duration::from_secs(300);
const HTTP_TIMEOUT: Duration = Duration::from_secs(30);
/// Opens the sign-in page instead of the system browser (kiosks, tests): a command and its
/// arguments, the address is added last.
pub const BROWSER_ENV: &str = "TUANLE_BROWSER";

#[derive(Debug, Clone, Default, Deserialize)]
struct Entry {
    name: Option<String>,
    authorize_url: Option<String>,
    token_url: Option<String>,
    scope: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

#[derive(Deserialize)]
struct ProvidersFile {
    providers: BTreeMap<String, Entry>,
}

/// The authorization server of one provider, with the application's client ID.
#[derive(Debug, Clone)]
pub struct Provider {
    pub name: String,
    authorize_url: String,
    token_url: String,
    scope: String,
    client_id: String,
    client_secret: String,
}

fn parse(text: &str, path: &std::path::Path) -> Result<BTreeMap<String, Entry>> {
    serde_json::from_str::<ProvidersFile>(text)
        .map(|f| f.providers)
        .map_err(|e| Error::DataFile { path: path.to_owned(), reason: e.to_string() })
}

/// Only HTTPS, except to this machine (a test server, or a provincial gateway on the PC itself).
fn check_url(url: &str, path: &std::path::Path) -> Result<()> {
    let bad = |reason: &str| Error::DataFile { path: path.to_owned(), reason: format!("{url}: {reason}") };
    let u = url::Url::parse(url).map_err(|e| bad(&e.to_string()))?;
    let loopback = matches!(u.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    if u.scheme() == "https" || (u.scheme() == "http" && loopback) { Ok(()) } else { Err(bad("cần địa chỉ https://")) }
}

/// The provider of `account`: the built-in entry, overridden field by field by the data folder's
/// `oauth.json`, and the client ID typed in the settings over both.
pub fn provider(dir: &DataDir, account: &Account) -> Result<Provider> {
    let builtin_path = std::path::Path::new("assets/oauth.json");
    let mut entry = parse(BUILTIN, builtin_path)?.remove(&account.provider).unwrap_or_default();
    let local = dir.root().join("oauth.json");
    let path = if local.exists() { local.as_path() } else { builtin_path };
    if local.exists() {
        let text = std::fs::read_to_string(&local).map_err(|e| Error::DataFile { path: local.clone(), reason: e.to_string() })?;
        if let Some(over) = parse(&text, &local)?.remove(&account.provider) {
            let pick = |a: Option<String>, b: Option<String>| b.or(a);
            entry = Entry {
                name: pick(entry.name, over.name),
                authorize_url: pick(entry.authorize_url, over.authorize_url),
                token_url: pick(entry.token_url, over.token_url),
                scope: pick(entry.scope, over.scope),
                client_id: pick(entry.client_id, over.client_id),
                client_secret: pick(entry.client_secret, over.client_secret),
            };
        }
    }
    let name = entry.name.unwrap_or_else(|| account.host.clone());
    let client_id = if account.client_id.is_empty() { entry.client_id.unwrap_or_default() } else { account.client_id.clone() };
    let (Some(authorize_url), Some(token_url)) = (entry.authorize_url, entry.token_url) else {
        return Err(Error::OAuthNotConfigured(name));
    };
    if client_id.trim().is_empty() {
        return Err(Error::OAuthNotConfigured(name));
    }
    check_url(&authorize_url, path)?;
    check_url(&token_url, path)?;
    Ok(Provider {
        name,
        authorize_url,
        token_url,
        scope: entry.scope.unwrap_or_default(),
        client_id: client_id.trim().to_owned(),
        client_secret: entry.client_secret.unwrap_or_default(),
    })
}

fn random_token() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| Error::OAuthFailed(e.to_string()))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// A sign-in waiting for the browser to come back.
pub struct Pending {
    provider: Provider,
    listener: TcpListener,
    verifier: String,
    state: String,
    redirect_uri: String,
    /// The page to open in the browser.
    pub url: String,
}

/// Prepares a sign-in: the PKCE pair, the state, and a listener on a free loopback port.
pub fn begin(dir: &DataDir, account: &Account) -> Result<Pending> {
    let provider = provider(dir, account)?;
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(|e| Error::OAuthFailed(e.to_string()))?;
    let port = listener.local_addr().map_err(|e| Error::OAuthFailed(e.to_string()))?.port();
    let redirect_uri = format!("http://127.0.0.1:{port}/");
    let verifier = random_token()?;
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    let state = random_token()?;
    let url = url::Url::parse_with_params(
        &provider.authorize_url,
        [
            ("response_type", "code"),
            ("client_id", provider.client_id.as_str()),
            ("redirect_uri", redirect_uri.as_str()),
            ("scope", provider.scope.as_str()),
            ("state", state.as_str()),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
            ("login_hint", account.username.as_str()),
            // Google and most servers give a refresh token only with these.
            ("access_type", "offline"),
            ("prompt", "consent"),
        ],
    )
    .map_err(|e| Error::OAuthFailed(e.to_string()))?
    .to_string();
    Ok(Pending { provider, listener, verifier, state, redirect_uri, url })
}

/// Opens `url` in the system browser (or the command in `TUANLE_BROWSER`).
pub fn open_browser(url: &str) -> Result<()> {
    if let Some(mut command) = crate::launch::override_command(BROWSER_ENV) {
        let program = command.get_program().to_string_lossy().into_owned();
        return command.arg(url).spawn().map(drop).map_err(|e| Error::OAuthFailed(format!("{program}: {e}")));
    }
    open::that_detached(url).map_err(|_| Error::NoBrowser(url.to_owned()))
}

const PAGE_OK: &str = "Đã đăng nhập. Bạn có thể đóng trang này và quay lại Tuần Lễ Desk.";
const PAGE_FAILED: &str = "Chưa đăng nhập được. Hãy quay lại Tuần Lễ Desk để xem lý do và thử lại.";

fn reply(mut stream: &TcpStream, status: &str, text: &str) {
    let body = format!(
        "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Tuần Lễ Desk</title>\
         <body style=\"font-family:sans-serif;margin:3em\"><p>{text}</p></body></html>"
    );
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

/// Waits for the browser's redirect and returns the authorization code.
fn wait_for_code(pending: &Pending, timeout: Duration) -> Result<String> {
    let deadline = Instant::now() + timeout;
    pending.listener.set_nonblocking(true).map_err(|e| Error::OAuthFailed(e.to_string()))?;
    loop {
        let stream = match pending.listener.accept() {
            Ok((stream, _)) => stream,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if Instant::now() >= deadline {
                    return Err(Error::OAuthTimeout);
                }
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
            Err(e) => return Err(Error::OAuthFailed(e.to_string())),
        };
        stream.set_nonblocking(false).map_err(|e| Error::OAuthFailed(e.to_string()))?;
        stream.set_read_timeout(Some(Duration::from_secs(10))).map_err(|e| Error::OAuthFailed(e.to_string()))?;
        let mut line = String::new();
        // Only the request line matters; a browser's request line is far below this bound.
        if BufReader::new(Read::take(&stream, 8192)).read_line(&mut line).is_err() {
            continue;
        }
        let target = line.split_whitespace().nth(1).unwrap_or_default();
        let Ok(url) = url::Url::parse("http://127.0.0.1").and_then(|b| b.join(target)) else {
            reply(&stream, "400 Bad Request", PAGE_FAILED);
            continue;
        };
        let query: BTreeMap<String, String> = url.query_pairs().into_owned().collect();
        if !query.contains_key("code") && !query.contains_key("error") {
            // favicon.ico and the like
            reply(&stream, "404 Not Found", PAGE_FAILED);
            continue;
        }
        if query.get("state") != Some(&pending.state) {
            reply(&stream, "400 Bad Request", PAGE_FAILED);
            return Err(Error::OAuthFailed("state".into()));
        }
        if let Some(error) = query.get("error") {
            reply(&stream, "200 OK", PAGE_FAILED);
            return Err(if error == "access_denied" { Error::OAuthDenied } else { Error::OAuthFailed(error.clone()) });
        }
        reply(&stream, "200 OK", PAGE_OK);
        return Ok(query.get("code").cloned().unwrap_or_default());
    }
}

#[derive(Deserialize)]
struct TokenReply {
    access_token: String,
    #[serde(default)]
    expires_in: Option<i64>,
    #[serde(default)]
    refresh_token: Option<String>,
}

#[derive(Deserialize)]
struct TokenError {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

fn client() -> Result<reqwest::blocking::Client> {
    // rustls with ring, as lettre: one crypto provider in the process.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::blocking::Client::builder().timeout(HTTP_TIMEOUT).build().map_err(|e| Error::OAuthFailed(e.to_string()))
}

/// One call to the token endpoint.
fn token_call(provider: &Provider, form: &[(&str, &str)]) -> Result<TokenReply> {
    let mut form = form.to_vec();
    form.push(("client_id", &provider.client_id));
    if !provider.client_secret.is_empty() {
        form.push(("client_secret", &provider.client_secret));
    }
    let host = url::Url::parse(&provider.token_url).ok().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_default();
    let response = client()?.post(&provider.token_url).form(&form).send().map_err(|_| Error::OAuthUnreachable(host))?;
    let status = response.status();
    let body = response.text().map_err(|e| Error::OAuthFailed(e.to_string()))?;
    if status.is_success() {
        return serde_json::from_str(&body).map_err(|e| Error::OAuthFailed(e.to_string()));
    }
    match serde_json::from_str::<TokenError>(&body) {
        // The refresh token was revoked, expired or replaced: only a new sign-in helps.
        Ok(e) if e.error == "invalid_grant" => Err(Error::SignInExpired(provider.name.clone())),
        Ok(e) => Err(Error::OAuthFailed(format!("{} {}", e.error, e.error_description.unwrap_or_default()).trim().to_owned())),
        Err(_) => Err(Error::OAuthFailed(format!("HTTP {status}"))),
    }
}

/// The access token kept between sends.
#[derive(Serialize, Deserialize)]
struct Access {
    token: String,
    expires_at: DateTime<Utc>,
    lifetime_s: i64,
}

fn refresh_name(account: &Account) -> String {
    format!("oauth-refresh:{}@{}", account.username, account.provider)
}

fn access_name(account: &Account) -> String {
    format!("oauth-access:{}@{}", account.username, account.provider)
}

/// Keeps what the token endpoint returned; says where the refresh token went.
fn keep(account: &Account, reply: &TokenReply) -> Kept {
    let lifetime_s = reply.expires_in.unwrap_or(3600).max(1);
    let access =
        Access { token: reply.access_token.clone(), expires_at: Utc::now() + chrono::Duration::seconds(lifetime_s), lifetime_s };
    // Best effort: a long Microsoft token may not fit in the Windows keychain; it is then kept
    // in memory and refreshed by the next process.
    let _ = secret::put(&access_name(account), &serde_json::to_string(&access).unwrap_or_default());
    match &reply.refresh_token {
        Some(refresh) => secret::put(&refresh_name(account), refresh),
        None => Kept::Keychain,
    }
}

/// Completes a sign-in: waits for the browser, exchanges the code, keeps the tokens.
pub fn finish(pending: Pending, account: &Account, timeout: Duration) -> Result<Kept> {
    let code = wait_for_code(&pending, timeout)?;
    let reply = token_call(
        &pending.provider,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", &pending.redirect_uri),
            ("code_verifier", &pending.verifier),
        ],
    )?;
    if reply.refresh_token.is_none() {
        return Err(Error::OAuthFailed("no refresh_token (offline access)".into()));
    }
    Ok(keep(account, &reply))
}

/// Whether a sign-in is kept for this account.
pub fn signed_in(account: &Account) -> bool {
    secret::get(&refresh_name(account)).is_ok_and(|r| r.is_some())
}

/// Forgets the tokens (sign out, or a new sign-in for another address).
pub fn sign_out(account: &Account) -> Result<()> {
    secret::delete(&access_name(account))?;
    secret::delete(&refresh_name(account))
}

/// Drops the kept access token, so the next send asks for a new one (the server refused it).
pub fn forget_access(account: &Account) {
    let _ = secret::delete(&access_name(account));
}

/// An access token valid for the next minutes: the kept one, or a new one from the refresh token
/// (silently). A revoked or expired refresh token says "sign in again".
pub fn access_token(dir: &DataDir, account: &Account) -> Result<String> {
    if let Some(kept) = secret::get(&access_name(account)).ok().flatten()
        && let Ok(access) = serde_json::from_str::<Access>(&kept)
    {
        // Refresh a little before the end: a minute, or a quarter of a short lifetime.
        let margin = chrono::Duration::seconds((access.lifetime_s / 4).min(60));
        if access.expires_at - margin > Utc::now() {
            return Ok(access.token);
        }
    }
    let provider = provider(dir, account)?;
    let refresh = secret::get(&refresh_name(account))?.ok_or_else(|| Error::NotSignedIn(provider.name.clone()))?;
    let reply = token_call(&provider, &[("grant_type", "refresh_token"), ("refresh_token", &refresh)]);
    if let Err(Error::SignInExpired(_)) = &reply {
        let _ = sign_out(account);
    }
    let reply = reply?;
    keep(account, &reply);
    Ok(reply.access_token)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::mail::{Auth, Security};

    fn account(provider: &str, client_id: &str) -> Account {
        Account {
            provider: provider.into(),
            host: "smtp.gmail.com".into(),
            port: 587,
            security: Security::Starttls,
            username: "c1hoasen@gmail.com".into(),
            from_name: String::new(),
            from_email: "c1hoasen@gmail.com".into(),
            ca_file: String::new(),
            auth: Auth::Oauth,
            client_id: client_id.into(),
        }
    }

    #[test]
    fn no_client_id_is_shipped_and_the_settings_field_or_the_data_file_provides_it() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::at(tmp.path());
        let err = provider(&dir, &account("gmail", "")).unwrap_err();
        assert_eq!(err.code(), "oauth_not_configured");
        assert!(err.to_string().contains("Google"), "{err}");

        let p = provider(&dir, &account("gmail", " 123.apps.googleusercontent.com ")).unwrap();
        assert_eq!(p.client_id, "123.apps.googleusercontent.com");
        assert_eq!(p.token_url, "https://oauth2.googleapis.com/token");

        std::fs::write(
            tmp.path().join("oauth.json"),
            r#"{"providers": {"microsoft": {"client_id": "from-file", "client_secret": ""}}}"#,
        )
        .unwrap();
        let p = provider(&dir, &account("microsoft", "")).unwrap();
        assert_eq!((p.client_id.as_str(), p.name.as_str()), ("from-file", "Microsoft"));
        assert!(p.scope.contains("SMTP.Send"), "built-in fields kept");
        assert_eq!(provider(&dir, &account("microsoft", "typed")).unwrap().client_id, "typed", "the settings field wins");
    }

    #[test]
    fn token_addresses_must_be_https_except_on_this_machine() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::at(tmp.path());
        let file = |url: &str| {
            let json = serde_json::json!({"providers": {"custom": {"authorize_url": url, "token_url": url, "client_id": "x"}}});
            std::fs::write(tmp.path().join("oauth.json"), json.to_string()).unwrap();
        };
        file("http://sso.example.edu.vn/token");
        assert_eq!(provider(&dir, &account("custom", "")).unwrap_err().code(), "data_file");
        file("http://127.0.0.1:9000/token");
        assert!(provider(&dir, &account("custom", "")).is_ok());
        file("https://sso.example.edu.vn/token");
        assert!(provider(&dir, &account("custom", "")).is_ok());
    }

    fn pending(dir: &DataDir) -> Pending {
        begin(dir, &account("gmail", "client")).unwrap()
    }

    fn visit(p: &Pending, query: &str) -> std::thread::JoinHandle<String> {
        let port = p.listener.local_addr().unwrap().port();
        let query = query.to_owned();
        std::thread::spawn(move || {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            write!(s, "GET /favicon.ico HTTP/1.1\r\n\r\n").unwrap();
            let mut page = String::new();
            let _ = s.read_to_string(&mut page);
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            write!(s, "GET /?{query} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
            let mut page = String::new();
            let _ = s.read_to_string(&mut page);
            page
        })
    }

    #[test]
    fn the_authorization_page_carries_pkce_state_and_the_loopback_redirect() {
        let tmp = tempfile::tempdir().unwrap();
        let p = pending(&DataDir::at(tmp.path()));
        let url = url::Url::parse(&p.url).unwrap();
        let q: BTreeMap<String, String> = url.query_pairs().into_owned().collect();
        assert_eq!(url.host_str(), Some("accounts.google.com"));
        assert_eq!(q["code_challenge_method"], "S256");
        assert_eq!(q["code_challenge"], URL_SAFE_NO_PAD.encode(Sha256::digest(p.verifier.as_bytes())));
        assert_eq!(q["state"], p.state);
        assert!(q["redirect_uri"].starts_with("http://127.0.0.1:"), "{}", q["redirect_uri"]);
        assert!(p.verifier.len() >= 43, "RFC 7636 length");
    }

    #[test]
    fn the_redirect_gives_the_code_only_with_the_right_state() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::at(tmp.path());
        let p = pending(&dir);
        let browser = visit(&p, &format!("code=abc&state={}", p.state));
        assert_eq!(wait_for_code(&p, Duration::from_secs(10)).unwrap(), "abc");
        assert!(browser.join().unwrap().contains("Đã đăng nhập"));

        let p = pending(&dir);
        let browser = visit(&p, "code=abc&state=forged");
        assert_eq!(wait_for_code(&p, Duration::from_secs(10)).unwrap_err().code(), "oauth_failed");
        assert!(browser.join().unwrap().contains("Chưa đăng nhập được"));

        let p = pending(&dir);
        let browser = visit(&p, &format!("error=access_denied&state={}", p.state));
        assert_eq!(wait_for_code(&p, Duration::from_secs(10)).unwrap_err().code(), "oauth_denied");
        browser.join().unwrap();

        let p = pending(&dir);
        assert_eq!(wait_for_code(&p, Duration::from_millis(200)).unwrap_err().code(), "oauth_timeout");
    }
}
