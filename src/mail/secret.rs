//! The mail password, kept in the OS keychain (Windows Credential Manager, the macOS keychain, the
//! Linux kernel keyring), never in SQLite, logs or exported files. `TUANLE_SMTP_PASSWORD` gives it
//! to the headless CLI (scripts, tests) without storing it anywhere.

use super::Account;
use crate::{Error, Result};

const SERVICE: &str = "vn.tuanle.desk";
pub const ENV: &str = "TUANLE_SMTP_PASSWORD";

fn entry(account: &Account) -> Result<keyring::Entry> {
    keyring::Entry::new(SERVICE, &format!("smtp:{}@{}", account.username, account.host))
        .map_err(|e| Error::Keychain(e.to_string()))
}

/// Saves the password of `account` in the keychain.
pub fn store(account: &Account, password: &str) -> Result<()> {
    entry(account)?.set_password(password).map_err(|e| Error::Keychain(e.to_string()))
}

/// The password: from `TUANLE_SMTP_PASSWORD`, else from the keychain.
pub fn password(account: &Account) -> Result<String> {
    if let Ok(p) = std::env::var(ENV)
        && !p.is_empty()
    {
        return Ok(p);
    }
    match entry(account)?.get_password() {
        Ok(p) => Ok(p),
        Err(keyring::Error::NoEntry) => Err(Error::NoPassword),
        Err(e) => Err(Error::Keychain(e.to_string())),
    }
}

/// Removes the stored password (when the account changes or the user signs out).
pub fn forget(account: &Account) -> Result<()> {
    match entry(account)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(Error::Keychain(e.to_string())),
    }
}
