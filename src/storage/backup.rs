//! Backup and restore: one `.tuanle` file (a zip) holding a consistent snapshot of the database,
//! every photo and the school's own data files, with a manifest of sizes and SHA-256 sums.
//! Restore checks the whole archive in a staging folder first (names, sizes, sums, the database's
//! integrity and version), then moves the current data aside into `backups/` — never deleting it —
//! and puts the restored data in its place. Moving to a new PC is a restore there.

use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

use chrono::{Local, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

use crate::store::{self, DataDir, SCHEMA_VERSION, Store, sha256_hex};
use crate::{Error, Result};

pub const EXTENSION: &str = "tuanle";
const FORMAT: u32 = 1;
const MANIFEST: &str = "manifest.json";
const DATABASE: &str = "tuanle.db";
/// The school's own data files kept beside the database.
const DATA_FILES: &[&str] = &["themes.json", store::STATS_TEMPLATE_FILE];
/// Far above a school's year of photos; refuses archives built to exhaust the disk.
const MAX_ENTRIES: usize = 200_000;
const MAX_TOTAL: u64 = 64 * 1024 * 1024 * 1024;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ManifestFile {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Manifest {
    pub format: u32,
    pub app_version: String,
    #[ts(type = "number")]
    pub schema_version: i64,
    pub created_at: chrono::DateTime<Utc>,
    pub files: Vec<ManifestFile>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupInfo {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
    pub manifest: Manifest,
}

fn invalid(reason: impl Into<String>) -> Error {
    Error::BackupInvalid(reason.into())
}

/// Every file under `dir` (relative paths with '/'), sized copies excepted (a cache).
fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::DataFile { path: dir.to_path_buf(), reason: e.to_string() }),
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        if rel == "photos/sized" || rel.ends_with(".part") {
            continue;
        }
        if path.is_dir() {
            walk(root, &path, out)?;
        } else {
            out.push(rel);
        }
    }
    Ok(())
}

/// Writes a backup of the whole data folder to `target` (default: `backups/<prefix>_<time>.tuanle`).
pub fn create(store: &Store, target: Option<PathBuf>, prefix: &str) -> Result<BackupInfo> {
    let root = store.dir().root().to_path_buf();
    let stamp = Local::now().format("%Y%m%d-%H%M%S");
    let path = target.unwrap_or_else(|| store.dir().backups().join(format!("{prefix}_{stamp}.{EXTENSION}")));
    let snapshot = store.dir().backups().join(format!(".snapshot-{}-{stamp}.db", std::process::id()));
    let _ = std::fs::remove_file(&snapshot);
    store.snapshot(&snapshot)?;
    let result = (|| {
        let mut names = Vec::new();
        walk(&root, &store.dir().photos(), &mut names)?;
        names.sort();
        names.extend(DATA_FILES.iter().filter(|f| root.join(f).is_file()).map(|f| (*f).to_owned()));
        let fail = |e: &dyn std::fmt::Display| Error::BackupWrite(e.to_string());
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let mut files = Vec::new();
        let mut add = |zip: &mut zip::ZipWriter<_>, name: &str, bytes: &[u8]| -> Result<()> {
            let method = if name.ends_with(".jpg") || name.ends_with(".jpeg") || name.ends_with(".png") || name.ends_with(".webp")
            {
                CompressionMethod::Stored
            } else {
                CompressionMethod::Deflated
            };
            zip.start_file(
                name,
                SimpleFileOptions::default().compression_method(method).large_file(bytes.len() > u32::MAX as usize / 2),
            )
            .map_err(|e| fail(&e))?;
            zip.write_all(bytes).map_err(|e| fail(&e))?;
            files.push(ManifestFile { path: name.to_owned(), bytes: bytes.len() as u64, sha256: sha256_hex(bytes) });
            Ok(())
        };
        let db = std::fs::read(&snapshot).map_err(|e| Error::DataFile { path: snapshot.clone(), reason: e.to_string() })?;
        add(&mut zip, DATABASE, &db)?;
        for name in &names {
            let file = root.join(name);
            let bytes = std::fs::read(&file).map_err(|e| Error::DataFile { path: file.clone(), reason: e.to_string() })?;
            add(&mut zip, name, &bytes)?;
        }
        let manifest = Manifest {
            format: FORMAT,
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            schema_version: store.schema_version()?,
            created_at: Utc::now(),
            files,
        };
        let text = serde_json::to_vec_pretty(&manifest).map_err(|e| fail(&e))?;
        zip.start_file(MANIFEST, SimpleFileOptions::default()).map_err(|e| fail(&e))?;
        zip.write_all(&text).map_err(|e| fail(&e))?;
        let bytes = zip.finish().map_err(|e| fail(&e))?.into_inner();
        store::write_file_atomic(&path, &bytes)?;
        Ok(BackupInfo { path: path.display().to_string(), bytes: bytes.len() as u64, manifest })
    })();
    let _ = std::fs::remove_file(&snapshot);
    result
}

/// A safe relative path inside the data folder, or `None` ("../x", "/etc/x", "C:\x", "a\..\b").
fn safe_name(name: &str) -> Option<PathBuf> {
    if name.is_empty() || name.contains('\\') || name.contains('\0') {
        return None;
    }
    let path = Path::new(name);
    path.components().all(|c| matches!(c, Component::Normal(_))).then(|| path.to_path_buf())
}

/// Reads and checks the archive into `staging`: every entry listed in the manifest, with its size and
/// sum; nothing outside the staging folder; no entry larger than it claims.
fn extract(archive: &Path, staging: &Path) -> Result<Manifest> {
    let file =
        std::fs::File::open(archive).map_err(|e| Error::DataFile { path: archive.to_path_buf(), reason: e.to_string() })?;
    let mut zip = zip::ZipArchive::new(file)
        .map_err(|_| invalid("tệp không phải bản sao lưu của Tuần Lễ Desk (không mở được dạng nén)"))?;
    if zip.len() > MAX_ENTRIES {
        return Err(invalid("quá nhiều tệp bên trong"));
    }
    let manifest: Manifest = {
        let mut entry = zip.by_name(MANIFEST).map_err(|_| invalid("thiếu bảng kê manifest.json"))?;
        let mut text = Vec::new();
        (&mut entry).take(16 * 1024 * 1024).read_to_end(&mut text).map_err(|e| invalid(e.to_string()))?;
        serde_json::from_slice(&text).map_err(|e| invalid(format!("bảng kê hỏng: {e}")))?
    };
    if manifest.format != FORMAT {
        return Err(invalid(format!("định dạng {} chưa được hỗ trợ", manifest.format)));
    }
    if manifest.schema_version > SCHEMA_VERSION {
        return Err(Error::DatabaseTooNew { found: manifest.schema_version, supported: SCHEMA_VERSION });
    }
    if manifest.files.iter().map(|f| f.bytes).sum::<u64>() > MAX_TOTAL {
        return Err(invalid("dung lượng khai báo quá lớn"));
    }
    if !manifest.files.iter().any(|f| f.path == DATABASE) {
        return Err(invalid("thiếu cơ sở dữ liệu"));
    }
    for i in 0..zip.len() {
        let name = zip.by_index(i).map_err(|e| invalid(e.to_string()))?.name().to_owned();
        if name != MANIFEST && !manifest.files.iter().any(|f| f.path == name) {
            return Err(invalid(format!("tệp «{name}» không có trong bảng kê")));
        }
    }
    for f in &manifest.files {
        let rel = safe_name(&f.path).ok_or_else(|| invalid(format!("đường dẫn không an toàn «{}»", f.path)))?;
        let mut entry = zip.by_name(&f.path).map_err(|_| invalid(format!("thiếu tệp «{}»", f.path)))?;
        let mut bytes = Vec::new();
        // Never read more than the manifest declares: a bomb stops here.
        (&mut entry).take(f.bytes + 1).read_to_end(&mut bytes).map_err(|e| invalid(format!("«{}»: {e}", f.path)))?;
        if bytes.len() as u64 != f.bytes || sha256_hex(&bytes) != f.sha256 {
            return Err(invalid(format!("tệp «{}» bị hỏng hoặc bị sửa (sai kích thước hoặc mã kiểm tra)", f.path)));
        }
        let out = staging.join(rel);
        if let Some(parent) = out.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::FileWrite { path: parent.to_path_buf(), source })?;
        }
        std::fs::write(&out, &bytes).map_err(|source| Error::FileWrite { path: out.clone(), source })?;
    }
    Ok(manifest)
}

/// Checks an archive without touching any data (for "Kiểm tra bản sao lưu" and before restoring).
pub fn verify(archive: &Path) -> Result<Manifest> {
    let staging = std::env::temp_dir().join(format!("tuanle-verify-{}-{}", std::process::id(), Utc::now().timestamp_micros()));
    let result = extract(archive, &staging).and_then(|m| check_database(&staging.join(DATABASE)).map(|()| m));
    let _ = std::fs::remove_dir_all(&staging);
    result
}

fn check_database(db: &Path) -> Result<()> {
    let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|_| invalid("cơ sở dữ liệu bên trong không mở được"))?;
    let verdict: String =
        conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(|_| invalid("cơ sở dữ liệu bên trong bị hỏng"))?;
    if verdict != "ok" {
        return Err(invalid("cơ sở dữ liệu bên trong bị hỏng"));
    }
    Ok(())
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RestoreInfo {
    pub manifest: Manifest,
    /// Where the data that was there before now is (inside `backups/`), or empty for a new folder.
    pub previous: String,
}

/// Restores `archive` into `dir`. Close every store of `dir` first. The current database, photos
/// and data files are moved to `backups/before-restore-<time>/` before the restored ones land.
pub fn restore(dir: &DataDir, archive: &Path) -> Result<RestoreInfo> {
    let root = dir.root();
    std::fs::create_dir_all(root).map_err(|source| Error::DataDir { path: root.to_path_buf(), source })?;
    let stamp = Local::now().format("%Y%m%d-%H%M%S");
    let staging = root.join(format!(".restore-{stamp}"));
    let _ = std::fs::remove_dir_all(&staging);
    let manifest = match extract(archive, &staging).and_then(|m| check_database(&staging.join(DATABASE)).map(|()| m)) {
        Ok(m) => m,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    // Move what is there aside (same volume: renames), then the staged data in.
    let keep = dir.backups().join(format!("before-restore-{stamp}"));
    let db = dir.database();
    let mut current: Vec<PathBuf> = vec![db.clone(), db.with_extension("db-wal"), db.with_extension("db-shm"), dir.photos()];
    current.extend(DATA_FILES.iter().map(|f| root.join(f)));
    let mut moved = false;
    for p in current.iter().filter(|p| p.exists()) {
        std::fs::create_dir_all(&keep).map_err(|source| Error::FileWrite { path: keep.clone(), source })?;
        let name = p.file_name().unwrap_or_default();
        std::fs::rename(p, keep.join(name)).map_err(|source| Error::FileWrite { path: p.clone(), source })?;
        moved = true;
    }
    let place = |from: PathBuf, to: PathBuf| -> Result<()> {
        if from.exists() {
            std::fs::rename(&from, &to).map_err(|source| Error::FileWrite { path: to.clone(), source })?;
        }
        Ok(())
    };
    place(staging.join(DATABASE), db)?;
    place(staging.join("photos"), dir.photos())?;
    for f in DATA_FILES {
        place(staging.join(f), root.join(f))?;
    }
    let _ = std::fs::remove_dir_all(&staging);
    Ok(RestoreInfo { manifest, previous: if moved { keep.display().to_string() } else { String::new() } })
}

/// Automatic backups are named with this prefix; only they are ever rotated away.
const AUTO: &str = "TuDong";
/// How many automatic backups are kept, and how often one is made.
pub const AUTO_KEEP: usize = 5;
pub const AUTO_EVERY_DAYS: i64 = 7;

fn auto_backups(dir: &DataDir) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir.backups())
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    name.starts_with(&format!("{AUTO}_")) && name.ends_with(&format!(".{EXTENSION}"))
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort(); // names carry the time: oldest first
    found
}

/// Makes an automatic backup when the newest is older than `AUTO_EVERY_DAYS` (or there is none),
/// then keeps only the newest `AUTO_KEEP` automatic ones. Backups made by hand are never removed.
pub fn auto(store: &Store) -> Result<Option<BackupInfo>> {
    let existing = auto_backups(store.dir());
    let fresh =
        existing.last().and_then(|p| std::fs::metadata(p).ok()).and_then(|m| m.modified().ok()).is_some_and(|t| {
            t.elapsed().map_or(true, |age| age < std::time::Duration::from_secs(AUTO_EVERY_DAYS as u64 * 86_400))
        });
    if fresh {
        return Ok(None);
    }
    let made = create(store, None, AUTO)?;
    let all = auto_backups(store.dir());
    for old in all.iter().take(all.len().saturating_sub(AUTO_KEEP)) {
        let _ = std::fs::remove_file(old);
    }
    Ok(Some(made))
}

/// The backups in `backups/`, newest first (name, size, time), for the backup page.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupFile {
    pub path: String,
    pub name: String,
    #[ts(type = "number")]
    pub bytes: u64,
    pub modified: Option<chrono::DateTime<Utc>>,
}

pub fn list(dir: &DataDir) -> Vec<BackupFile> {
    let mut found: Vec<BackupFile> = std::fs::read_dir(dir.backups())
        .map(|d| {
            d.flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(&format!(".{EXTENSION}")))
                .map(|e| {
                    let meta = e.metadata().ok();
                    BackupFile {
                        path: e.path().display().to_string(),
                        name: e.file_name().to_string_lossy().into_owned(),
                        bytes: meta.as_ref().map_or(0, |m| m.len()),
                        modified: meta.and_then(|m| m.modified().ok()).map(chrono::DateTime::<Utc>::from),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort_by_key(|b| std::cmp::Reverse(b.modified));
    found
}

/// A restore chosen in the app waits in this file and is applied at the next start, before the
/// database is opened (on Windows an open database cannot be moved).
const PENDING: &str = "restore-pending.txt";

/// Checks `archive` and schedules its restore for the next start.
pub fn schedule_restore(dir: &DataDir, archive: &Path) -> Result<Manifest> {
    let manifest = verify(archive)?;
    store::write_file_atomic(&dir.root().join(PENDING), archive.display().to_string().as_bytes())?;
    Ok(manifest)
}

/// Applies a scheduled restore, if any (call before opening the store). The request is consumed
/// whatever the outcome, so a bad archive cannot block every start.
pub fn apply_pending(dir: &DataDir) -> Result<Option<RestoreInfo>> {
    let pending = dir.root().join(PENDING);
    let Ok(target) = std::fs::read_to_string(&pending) else { return Ok(None) };
    let _ = std::fs::remove_file(&pending);
    restore(dir, Path::new(target.trim())).map(Some)
}

#[cfg(test)]
mod tests {
    use super::safe_name;

    #[test]
    fn only_plain_relative_names_are_safe() {
        assert!(safe_name("photos/ab/abcd.jpg").is_some());
        for bad in ["../x", "/etc/passwd", "photos/../../x", "C:\\x", "a\\..\\b", "", "./x", "photos//x\0"] {
            assert!(safe_name(bad).is_none(), "{bad}");
        }
    }
}
