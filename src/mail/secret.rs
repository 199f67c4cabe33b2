//! The mail password and the sign-in tokens, kept in the OS keychain (Windows Credential Manager,
//! the macOS keychain, the Linux kernel keyring), never in SQLite, logs or exported files. On a PC
//! without a usable keychain they are kept in this process's memory until it ends, and the caller
//! is told so. `TUANLE_SMTP_PASSWORD` gives the password to the headless CLI (scripts, tests)
//! without storing it anywhere.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use super::Account;
use crate::{Error, Result};

const SERVICE: &str = "vn.tuanle.desk";
pub const ENV: &str = "TUANLE_SMTP_PASSWORD";

/// Secrets the keychain refused, for the life of the process.
static MEMORY: Mutex<BTreeMap<String, String>> = Mutex::new(BTreeMap::new());

/// Where a secret was put.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kept {
    Keychain,
    /// No usable keychain (the reason): kept in memory until the app closes.
    Memory(String),
}

fn entry(name: &str) -> Result<keyring::Entry> {
    // On Linux the first entry of a thread without a session keyring (a process started from a
    // service or a test runner) creates that keyring as a side effect and is itself left pointing
    // at the old one, so it misses what another thread stored. Keyrings belong to threads there:
    // the app's sending thread missed the password the window had just saved until its next round.
    // A throwaway first entry on each thread avoids that.
    thread_local! {
        static PROBED: Cell<bool> = const { Cell::new(false) };
    }
    PROBED.with(|probed| {
        if !probed.replace(true) {
            drop(keyring::Entry::new(SERVICE, "probe"));
        }
    });
    keyring::Entry::new(SERVICE, name).map_err(|e| Error::Keychain(e.to_string()))
}

fn memory() -> std::sync::MutexGuard<'static, BTreeMap<String, String>> {
    MEMORY.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Saves a secret under `name`: in the keychain, else in memory.
pub(super) fn put(name: &str, value: &str) -> Kept {
    match entry(name).and_then(|e| e.set_password(value).map_err(|e| Error::Keychain(e.to_string()))) {
        Ok(()) => {
            memory().remove(name);
            Kept::Keychain
        }
        Err(e) => {
            memory().insert(name.to_owned(), value.to_owned());
            Kept::Memory(match e {
                Error::Keychain(reason) => reason,
                other => other.to_string(),
            })
        }
    }
}

/// The secret under `name`, if any. A keychain that does not work is an error only when memory
/// has nothing either.
pub(super) fn get(name: &str) -> Result<Option<String>> {
    if let Some(v) = memory().get(name) {
        return Ok(Some(v.clone()));
    }
    match entry(name)?.get_password() {
        Ok(v) => Ok(Some(v)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(Error::Keychain(e.to_string())),
    }
}

pub(super) fn delete(name: &str) -> Result<()> {
    memory().remove(name);
    match entry(name)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(Error::Keychain(e.to_string())),
    }
}

fn password_name(account: &Account) -> String {
    format!("smtp:{}@{}", account.username, account.host)
}

/// Saves the password of `account`.
pub fn store(account: &Account, password: &str) -> Kept {
    put(&password_name(account), password)
}

/// The password: from `TUANLE_SMTP_PASSWORD`, else from the keychain (or memory).
pub fn password(account: &Account) -> Result<String> {
    if let Ok(p) = std::env::var(ENV)
        && !p.is_empty()
    {
        return Ok(p);
    }
    get(&password_name(account))?.ok_or(Error::NoPassword)
}

#[cfg(test)]
mod tests {
    use super::{delete, get, put};

    /// The window saves the password on one thread and the sending thread reads it on another,
    /// at once (not at its next round).
    #[test]
    fn a_secret_saved_on_one_thread_is_read_at_once_on_another() {
        let name = format!("test:threads-{}", std::process::id());
        put(&name, "mat-khau");
        let seen = std::thread::spawn({
            let name = name.clone();
            move || get(&name)
        })
        .join()
        .unwrap();
        assert_eq!(seen.unwrap().as_deref(), Some("mat-khau"));
        delete(&name).unwrap();
    }
}
