//! Local storage: one data folder per user holding the SQLite database (WAL, foreign keys on,
//! versioned migrations) with photos, exports and backups beside it. A database written by a
//! newer app is refused before anything touches it; an older one is backed up, then migrated.

use std::path::{Path, PathBuf};

use chrono::Local;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction};
use sha2::Digest as _;

use crate::{Error, Result};

/// Environment variable that overrides the data folder (tests, portable installs).
pub const DATA_DIR_ENV: &str = "TUANLE_DATA_DIR";
const DB_FILE: &str = "tuanle.sqlite";

/// Embedded migrations, in order; the position + 1 is the schema version they lead to.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_plan.sql"),
    include_str!("migrations/0003_activity_photo.sql"),
    include_str!("migrations/0004_stats.sql"),
    include_str!("migrations/0005_report.sql"),
    include_str!("migrations/0006_ceremony.sql"),
    include_str!("migrations/0007_mail.sql"),
    include_str!("migrations/0008_oauth.sql"),
    include_str!("migrations/0009_export.sql"),
    include_str!("migrations/0010_signer.sql"),
    include_str!("migrations/0011_setting.sql"),
    include_str!("migrations/0012_report_outline.sql"),
    include_str!("migrations/0013_authority_form.sql"),
];

/// The first schema version whose exports may live outside the data folder: a database older
/// than that keeps its documents in the data folder's `exports/`, where they are.
const EXPORT_FOLDER_SINCE: i64 = 11;

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The folder under the user's Documents that holds the exported documents by default.
pub const DOCUMENTS_FOLDER: &str = "Tuần Lễ";

/// The user's data folder and the fixed layout inside it, with the default place of the exports.
#[derive(Debug, Clone)]
pub struct DataDir {
    root: PathBuf,
    default_exports: PathBuf,
}

/// File name of the imported statistics form in the data folder.
pub const STATS_TEMPLATE_FILE: &str = "stats_template.json";

impl DataDir {
    /// An explicit folder wins, then `TUANLE_DATA_DIR`, then the platform's per-user data folder
    /// (Windows: `%APPDATA%\TuanLe\Tuan Le Desk\data`). The installed app's documents go to
    /// «Tuần Lễ» under the user's Documents, where a secretary finds them; an explicit data folder
    /// (tests, portable installs) keeps them inside it.
    pub fn resolve(explicit: Option<PathBuf>) -> Result<Self> {
        let from_env = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()).map(PathBuf::from);
        match explicit.or(from_env) {
            Some(root) => Ok(Self::at(root)),
            None => {
                let root = directories::ProjectDirs::from("vn", "TuanLe", "Tuan Le Desk")
                    .ok_or(Error::NoDataDir)?
                    .data_dir()
                    .to_path_buf();
                let documents = directories::UserDirs::new().and_then(|u| u.document_dir().map(|d| d.join(DOCUMENTS_FOLDER)));
                let default_exports = documents.unwrap_or_else(|| root.join("exports"));
                Ok(Self { root, default_exports })
            }
        }
    }

    /// The data folder `root`, its documents in `root/exports`.
    pub fn at(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        Self { default_exports: root.join("exports"), root }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
    pub fn database(&self) -> PathBuf {
        self.root.join(DB_FILE)
    }
    pub fn photos(&self) -> PathBuf {
        self.root.join("photos")
    }
    /// Where the exports go until the user chooses another folder.
    pub fn default_exports(&self) -> &Path {
        &self.default_exports
    }
    pub fn backups(&self) -> PathBuf {
        self.root.join("backups")
    }
    /// The authority's statistics form the school imported (else the built-in one is used).
    pub fn stats_template(&self) -> PathBuf {
        self.root.join(STATS_TEMPLATE_FILE)
    }

    fn create(&self) -> Result<()> {
        for dir in [self.root.clone(), self.photos(), self.backups()] {
            std::fs::create_dir_all(&dir).map_err(|source| Error::DataDir { path: dir.clone(), source })?;
        }
        Ok(())
    }
}

/// An open database in its data folder. One per process; the shell keeps it in managed state.
pub struct Store {
    conn: Connection,
    dir: DataDir,
    /// The folder of the exported documents: the user's choice, else the data folder's default.
    exports: PathBuf,
}

impl Store {
    /// Opens (creating on first run) the database of `dir` and brings its schema up to date.
    pub fn open(dir: DataDir) -> Result<Self> {
        dir.create()?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(dir.database(), flags)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // Read the version before any write: a newer database must stay untouched.
        let found = user_version(&conn)?;
        if found > SCHEMA_VERSION {
            return Err(Error::DatabaseTooNew { found, supported: SCHEMA_VERSION });
        }
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        if found > 0 && found < SCHEMA_VERSION {
            backup_before_migration(&conn, &dir, found)?;
        }
        migrate(&mut conn, found)?;
        if found > 0 && found < EXPORT_FOLDER_SINCE {
            let kept = dir.root().join("exports");
            conn.execute("INSERT OR IGNORE INTO setting (key, value) VALUES ('export_folder', ?1)", [kept.to_string_lossy()])?;
        }
        let chosen: Option<String> =
            conn.query_row("SELECT value FROM setting WHERE key = 'export_folder'", [], |r| r.get(0)).optional()?;
        let exports = chosen.map(PathBuf::from).unwrap_or_else(|| dir.default_exports().to_path_buf());
        Ok(Self { conn, dir, exports })
    }

    pub fn dir(&self) -> &DataDir {
        &self.dir
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The folder the exported documents go to (`<year>/<name>` inside it).
    pub fn exports(&self) -> &Path {
        &self.exports
    }

    /// Records `folder` as the place of the exports (`None`: back to the default).
    pub fn set_exports(&mut self, folder: Option<&Path>) -> Result<()> {
        match folder {
            Some(f) => self.conn.execute(
                "INSERT INTO setting (key, value) VALUES ('export_folder', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [f.to_string_lossy()],
            )?,
            None => self.conn.execute("DELETE FROM setting WHERE key = 'export_folder'", [])?,
        };
        self.exports = folder.map_or_else(|| self.dir.default_exports().to_path_buf(), Path::to_path_buf);
        Ok(())
    }

    pub fn schema_version(&self) -> Result<i64> {
        user_version(&self.conn)
    }

    /// Runs `f` in one transaction: everything it writes lands, or nothing does.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction()?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// A consistent copy of the database at `target` while it stays in use (`VACUUM INTO`).
    pub fn snapshot(&self, target: &Path) -> Result<()> {
        snapshot(&self.conn, target)
    }

    /// `PRAGMA integrity_check` returned "ok".
    pub fn integrity_ok(&self) -> Result<bool> {
        let verdict: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        Ok(verdict == "ok")
    }
}

/// The SHA-256 of `bytes` in lower-case hex: how stored files are named and checked.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&sha2::Sha256::digest(bytes))
}

/// Bytes in lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes `bytes` to `path` through a temporary file in the same folder, flushed to disk, then
/// renamed over the target: a crash leaves either the old file or the new one, never half of one.
/// A target held open by another program (Word on Windows shares neither write nor delete) is
/// `FileInUse`, and stays as it was.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let fail = |source| Error::FileWrite { path: path.to_path_buf(), source };
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(fail)?;
    let tmp = parent.join(format!(".{}.part", path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()));
    let written = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    let result = written.map_err(fail).and_then(|()| {
        std::fs::rename(&tmp, path).map_err(|source| {
            if held_open(&source) && path.exists() { Error::FileInUse { path: path.to_path_buf() } } else { fail(source) }
        })
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Windows' answer to replacing a file another program holds open: access denied (5), or a
/// sharing or lock violation (32, 33).
fn held_open(e: &std::io::Error) -> bool {
    cfg!(windows) && (e.kind() == std::io::ErrorKind::PermissionDenied || matches!(e.raw_os_error(), Some(32 | 33)))
}

fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

fn backup_before_migration(conn: &Connection, dir: &DataDir, from: i64) -> Result<()> {
    let stamp = Local::now().format("%Y%m%d-%H%M%S");
    snapshot(conn, &dir.backups().join(format!("before-migration-v{from}-{stamp}.sqlite")))
}

fn snapshot(conn: &Connection, target: &Path) -> Result<()> {
    conn.execute("VACUUM INTO ?1", [target.to_string_lossy()])?;
    Ok(())
}

fn migrate(conn: &mut Connection, from: i64) -> Result<()> {
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
