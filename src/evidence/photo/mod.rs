//! Photo evidence (minh chứng): import of phone photos, stored once by content (SHA-256) with
//! the original bytes unchanged, a thumbnail with the EXIF orientation applied, the EXIF date
//! used to suggest the activity, captions and the "representative" flag; export copies sized to
//! a budget with orientation baked in and no metadata.
//!
//! Import order per photo: original file, then thumbnail (each written to a temporary file and
//! renamed), then the database row. A crash leaves at worst an unused file, never a row without
//! its files or a half-written thumbnail.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, mpsc};

use base64::Engine;
use chrono::{NaiveDateTime, Utc};
use image::DynamicImage;
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::activity::{self, Activity};
use crate::docs::PhotoRef;
use crate::store::{Store, sha256_hex, write_file_atomic};
use crate::text::{clean_line, clean_text};
use crate::{Error, Result};
use crate::{campaign, matching};

mod picture;

pub use picture::{Exif, apply_orientation, read_exif};
use picture::{Kind, decode_scaled, encode_jpeg, shrink, sniff};

/// Long edge of thumbnails, in pixels.
pub const THUMB_EDGE: u32 = 320;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Photo {
    #[ts(type = "number")]
    pub id: i64,
    pub year: i32,
    pub sha256: String,
    pub original_name: String,
    #[ts(type = "number")]
    pub bytes: i64,
    /// Size as displayed (orientation applied).
    pub width: u32,
    pub height: u32,
    pub taken_at: Option<NaiveDateTime>,
    #[ts(type = "number | null")]
    pub activity_id: Option<i64>,
    pub caption: String,
    pub representative: bool,
}

/// Why one file of a batch was not added; the rest of the batch goes on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportFailure {
    pub file: String,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportProgress {
    pub total: usize,
    pub done: usize,
    pub added: usize,
    pub duplicates: usize,
    pub failed: usize,
}

#[derive(Debug, Clone, Default, Serialize, TS)]
#[ts(export)]
pub struct ImportReport {
    pub progress: ImportProgress,
    #[ts(type = "Array<number>")]
    pub added: Vec<i64>,
    /// File names already in this campaign (same content), not stored twice.
    pub duplicates: Vec<String>,
    pub failures: Vec<ImportFailure>,
    pub cancelled: bool,
}

/// Where a background import stands (the UI polls it; the CLI prints it).
#[derive(Debug, Clone, Default, Serialize, TS)]
#[ts(export)]
pub struct ImportStatus {
    pub running: bool,
    pub progress: ImportProgress,
    /// The last finished import, until the next one starts.
    pub report: Option<ImportReport>,
    /// An error that stopped the whole import (the database could not be opened…).
    pub error: Option<String>,
}

/// A photo with its thumbnail, for the grid.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PhotoCard {
    pub photo: Photo,
    /// A `data:` URL, or empty when even the original could not be read.
    pub thumb: String,
}

pub fn cards(store: &Store, year: i32) -> Result<Vec<PhotoCard>> {
    list(store, year)?
        .into_iter()
        .map(|photo| Ok(PhotoCard { thumb: thumbnail_data_url(store, photo.id).unwrap_or_default(), photo }))
        .collect()
}

/// Extensions offered in the file dialog and picked from folders.
pub const EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp", "heic", "heif", "jfif"];

/// The files to import from what the user chose: files as given, folders expanded (with their
/// sub-folders) to the image files inside, in name order.
pub fn collect_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut stack = vec![p.clone()];
            while let Some(dir) = stack.pop() {
                let Ok(entries) = std::fs::read_dir(&dir) else { continue };
                let mut found: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
                found.sort();
                for f in found {
                    if f.is_dir() {
                        stack.push(f);
                    } else if has_image_extension(&f) {
                        out.push(f);
                    }
                }
            }
        } else {
            out.push(p.clone());
        }
    }
    out
}

fn has_image_extension(p: &Path) -> bool {
    p.extension().and_then(|e| e.to_str()).is_some_and(|e| EXTENSIONS.contains(&e.to_lowercase().as_str()))
}

/// The file's name as stored and shown: NFC, so "Lễ" from a Mac or an iPhone (decomposed, NFD)
/// equals the same name typed on Windows.
fn display_name(p: &Path) -> String {
    clean_line(&p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| p.display().to_string()))
}

fn original_path(sha: &str, ext: &str) -> String {
    format!("photos/{}/{sha}.{ext}", &sha[..2])
}

fn thumb_path(sha: &str) -> String {
    format!("photos/thumbs/{}/{sha}.jpg", &sha[..2])
}

/// The largest photo file taken: a phone's or a camera's JPEG of 50 MP stays well under it.
const MAX_FILE_BYTES: u64 = 64 << 20;

/// One file made ready off the main thread: files written, row not yet inserted.
struct Ready {
    name: String,
    sha: String,
    file: String,
    thumb: String,
    bytes: i64,
    width: u32,
    height: u32,
    orientation: u16,
    taken_at: Option<NaiveDateTime>,
}

enum Outcome {
    Ready(Box<Ready>),
    Duplicate(String),
    Failed(ImportFailure),
}

fn prepare(root: &Path, path: &Path, known: &Mutex<HashSet<String>>) -> Outcome {
    let name = display_name(path);
    let fail = |message: String| Outcome::Failed(ImportFailure { file: name.clone(), message });
    // Read whole once (hash, metadata, decode and the stored copy all come from these bytes), so
    // a file no camera or phone makes is refused before it takes the memory.
    if let Ok(meta) = std::fs::metadata(path)
        && meta.len() > MAX_FILE_BYTES
    {
        return fail(format!(
            "«{name}» nặng {} MB, quá lớn cho một ảnh minh chứng (tối đa {} MB). Hãy thu nhỏ ảnh rồi thêm lại.",
            meta.len() >> 20,
            MAX_FILE_BYTES >> 20
        ));
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return fail(format!("Không đọc được «{name}»: {e}.")),
    };
    let kind = match sniff(&name, &bytes) {
        Ok(k) => k,
        Err(message) => return fail(message),
    };
    let sha = sha256_hex(&bytes);
    {
        let mut seen = known.lock().unwrap_or_else(|p| p.into_inner());
        if !seen.insert(sha.clone()) {
            return Outcome::Duplicate(name);
        }
    }
    let exif = if matches!(kind, Kind::Jpeg | Kind::Webp) { read_exif(&bytes) } else { Exif::default() };
    let forget = || {
        known.lock().unwrap_or_else(|p| p.into_inner()).remove(&sha);
    };
    let (img, width, height) = match decode_scaled(&kind, &bytes, exif.orientation, THUMB_EDGE) {
        Ok(v) => v,
        Err(e) => {
            forget();
            return fail(e.sentence(&name));
        }
    };
    let thumb = match thumbnail_jpeg(img) {
        Ok(t) => t,
        Err(e) => {
            forget();
            return fail(format!("Không tạo được ảnh thu nhỏ của «{name}»: {e}."));
        }
    };
    let ext = match kind {
        Kind::Jpeg => "jpg",
        Kind::Png => "png",
        Kind::Webp => "webp",
    };
    let (file, thumb_file) = (original_path(&sha, ext), thumb_path(&sha));
    for (rel, data) in [(&file, bytes.as_slice()), (&thumb_file, thumb.as_slice())] {
        let target = root.join(rel);
        // Content-addressed: an existing file with this name already holds these bytes.
        if !(rel == &file && target.is_file())
            && let Err(e) = write_file_atomic(&target, data)
        {
            forget();
            return fail(e.to_string());
        }
    }
    Outcome::Ready(Box::new(Ready {
        name,
        sha,
        file,
        thumb: thumb_file,
        bytes: bytes.len() as i64,
        width,
        height,
        orientation: exif.orientation,
        taken_at: exif.taken_at,
    }))
}

/// Imports `files` into the campaign of `year` on all cores; `progress` is called after each
/// file; setting `cancel` stops before the next file (what is done stays done and consistent).
pub fn import(
    store: &mut Store,
    year: i32,
    files: &[PathBuf],
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(&ImportProgress),
) -> Result<ImportReport> {
    campaign::get(store, year)?;
    let root = store.dir().root().to_path_buf();
    let mut stmt = store.conn().prepare("SELECT sha256 FROM photo WHERE year = ?1")?;
    let existing = stmt.query_map([year], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<HashSet<String>>>()?;
    drop(stmt);
    let known = Mutex::new(existing);
    let next = AtomicUsize::new(0);
    // One worker more than the cores: each file is synced to disk before its row, and a worker
    // waiting for the disk leaves its core to the extra one.
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get() + 1).min(files.len().max(1));
    let mut report = ImportReport { progress: ImportProgress { total: files.len(), ..Default::default() }, ..Default::default() };
    progress(&report.progress);

    let (tx, rx) = mpsc::channel::<Outcome>();
    let result = std::thread::scope(|scope| -> Result<()> {
        for _ in 0..workers {
            let tx = tx.clone();
            let (root, known, next) = (&root, &known, &next);
            scope.spawn(move || {
                while !cancel.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    if tx.send(prepare(root, path, known)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for outcome in rx {
            match outcome {
                Outcome::Ready(r) => match insert(store, year, &r)? {
                    Some(id) => {
                        report.added.push(id);
                        report.progress.added += 1;
                    }
                    None => {
                        report.duplicates.push(r.name);
                        report.progress.duplicates += 1;
                    }
                },
                Outcome::Duplicate(name) => {
                    report.duplicates.push(name);
                    report.progress.duplicates += 1;
                }
                Outcome::Failed(f) => {
                    report.failures.push(f);
                    report.progress.failed += 1;
                }
            }
            report.progress.done += 1;
            progress(&report.progress);
        }
        Ok(())
    });
    result?;
    report.cancelled = cancel.load(Ordering::Relaxed) && report.progress.done < report.progress.total;
    matching::link_unlinked(store, year)?;
    Ok(report)
}

/// The new row's id, or `None` when the campaign already has this content (another process).
fn insert(store: &mut Store, year: i32, r: &Ready) -> Result<Option<i64>> {
    store.write(|tx| {
        let added = tx.execute(
            "INSERT INTO photo (year, sha256, file, thumb, original_name, bytes, width, height, orientation, taken_at, imported_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (year, sha256) DO NOTHING",
            params![
                year,
                r.sha,
                r.file,
                r.thumb,
                r.name,
                r.bytes,
                r.width,
                r.height,
                r.orientation,
                r.taken_at,
                Utc::now().to_rfc3339()
            ],
        )?;
        Ok((added == 1).then(|| tx.last_insert_rowid()))
    })
}

const COLUMNS: &str = "id, year, sha256, original_name, bytes, width, height, taken_at, activity_id, caption, representative";

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Photo> {
    Ok(Photo {
        id: r.get(0)?,
        year: r.get(1)?,
        sha256: r.get(2)?,
        original_name: r.get(3)?,
        bytes: r.get(4)?,
        width: r.get(5)?,
        height: r.get(6)?,
        taken_at: r.get(7)?,
        activity_id: r.get(8)?,
        caption: r.get(9)?,
        representative: r.get(10)?,
    })
}

pub fn list(store: &Store, year: i32) -> Result<Vec<Photo>> {
    let mut stmt =
        store.conn().prepare(&format!("SELECT {COLUMNS} FROM photo WHERE year = ?1 ORDER BY taken_at IS NULL, taken_at, id"))?;
    Ok(stmt.query_map([year], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn get(store: &Store, id: i64) -> Result<Photo> {
    store
        .conn()
        .query_row(&format!("SELECT {COLUMNS} FROM photo WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::PhotoNotFound(id))
}

/// Caption, activity and the representative flag: what the user edits about a photo.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PhotoEdit {
    #[ts(type = "number")]
    pub id: i64,
    pub caption: String,
    #[ts(type = "number | null")]
    pub activity_id: Option<i64>,
    pub representative: bool,
}

pub fn update(store: &mut Store, edit: &PhotoEdit) -> Result<Photo> {
    let caption = clean_text(&edit.caption);
    if let Some(a) = edit.activity_id {
        activity::get(store, a)?;
    }
    let changed = store.write(|tx| {
        Ok(tx.execute(
            "UPDATE photo SET caption = ?2, activity_id = ?3, representative = ?4 WHERE id = ?1",
            params![edit.id, caption, edit.activity_id, edit.representative],
        )?)
    })?;
    if changed == 0 {
        return Err(Error::PhotoNotFound(edit.id));
    }
    get(store, edit.id)
}

fn paths(store: &Store, id: i64) -> Result<(PathBuf, PathBuf, u16)> {
    let (file, thumb, orientation): (String, String, u16) = store
        .conn()
        .query_row("SELECT file, thumb, orientation FROM photo WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
        .ok_or(Error::PhotoNotFound(id))?;
    Ok((store.dir().root().join(file), store.dir().root().join(thumb), orientation))
}

/// The thumbnail as a `data:` URL for the grid; rebuilt from the original if it is missing or broken.
pub fn thumbnail_data_url(store: &Store, id: i64) -> Result<String> {
    let (file, thumb, orientation) = paths(store, id)?;
    let bytes = match std::fs::read(&thumb) {
        Ok(b) if b.starts_with(&[0xFF, 0xD8]) && b.ends_with(&[0xFF, 0xD9]) => b,
        _ => {
            let img = load_scaled(&file, orientation, THUMB_EDGE)?;
            let t = thumbnail_jpeg(img).map_err(Error::PhotoEncode)?;
            write_file_atomic(&thumb, &t)?;
            t
        }
    };
    Ok(format!("data:image/jpeg;base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes)))
}

/// The thumbnail kept for a photo: long side `THUMB_EDGE`, JPEG quality 80.
fn thumbnail_jpeg(img: DynamicImage) -> std::result::Result<Vec<u8>, String> {
    encode_jpeg(&shrink(img, THUMB_EDGE), 80)
}

/// The original at `file`, decoded at no less than `edge` (cheaply where the format allows), oriented.
fn load_scaled(file: &Path, orientation: u16, edge: u32) -> Result<DynamicImage> {
    let fail = |reason: String| Error::PhotoFile { path: file.to_path_buf(), reason };
    let original = std::fs::read(file).map_err(|e| fail(e.to_string()))?;
    let kind = sniff(&display_name(file), &original).map_err(fail)?;
    Ok(decode_scaled(&kind, &original, orientation, edge).map_err(|e| fail(e.reason()))?.0)
}

/// Photos in the annex: long edge and size each, so that 30 photos stay under 10 MB.
pub const DOC_LONG_EDGE: u32 = 1280;
pub const DOC_MAX_BYTES: usize = 300 * 1024;

/// The photos marked representative, captioned (their own caption, else their activity's title).
pub fn representative(store: &Store, year: i32, activities: &[Activity]) -> Result<Vec<PhotoRef>> {
    Ok(list(store, year)?
        .into_iter()
        .filter(|p| p.representative)
        .map(|p| {
            let title = p.activity_id.and_then(|id| activities.iter().find(|a| a.id == Some(id))).map(|a| a.title.clone());
            let caption = if p.caption.is_empty() { title.unwrap_or_default() } else { p.caption.clone() };
            PhotoRef { id: p.id, caption }
        })
        .collect())
}

/// Where the sized copy of a photo is kept: made once, reused by every later export and email.
fn sized_path(sha: &str, long_edge: u32, max_bytes: usize) -> String {
    format!("photos/sized/{}/{sha}_{long_edge}_{}k.jpg", &sha[..2], max_bytes / 1024)
}

/// What sizing one photo needs, read from the store beforehand so the work can run off-thread.
struct SizingJob {
    file: PathBuf,
    orientation: u16,
    cached: PathBuf,
}

fn sizing_job(store: &Store, id: i64, long_edge: u32, max_bytes: usize) -> Result<SizingJob> {
    let (file, _, orientation) = paths(store, id)?;
    let cached = store.dir().root().join(sized_path(&get(store, id)?.sha256, long_edge, max_bytes));
    Ok(SizingJob { file, orientation, cached })
}

/// A copy for the report or the email: long edge at most `long_edge`, orientation baked in, no
/// metadata (GPS included), JPEG quality lowered step by step until it fits `max_bytes`.
/// Kept on disk (`photos/sized/`), so re-exporting after a text edit does not re-encode photos.
pub fn export_copy(store: &Store, id: i64, long_edge: u32, max_bytes: usize) -> Result<Vec<u8>> {
    sized_copy(&sizing_job(store, id, long_edge, max_bytes)?, long_edge, max_bytes)
}

/// The copies of several photos (in the order of `ids`), made on all cores.
pub fn export_copies(store: &Store, ids: &[i64], long_edge: u32, max_bytes: usize) -> Result<Vec<Vec<u8>>> {
    let jobs = ids.iter().map(|id| sizing_job(store, *id, long_edge, max_bytes)).collect::<Result<Vec<_>>>()?;
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<Option<Result<Vec<u8>>>>> = Mutex::new(jobs.iter().map(|_| None).collect());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).min(jobs.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    let copy = sized_copy(job, long_edge, max_bytes);
                    done.lock().unwrap_or_else(|p| p.into_inner())[i] = Some(copy);
                }
            });
        }
    });
    let done = done.into_inner().unwrap_or_else(|p| p.into_inner());
    done.into_iter().map(|c| c.unwrap_or_else(|| Err(Error::Worker("một ảnh chưa được xử lý xong".into())))).collect()
}

fn sized_copy(job: &SizingJob, long_edge: u32, max_bytes: usize) -> Result<Vec<u8>> {
    if let Ok(b) = std::fs::read(&job.cached)
        && b.starts_with(&[0xFF, 0xD8])
        && b.ends_with(&[0xFF, 0xD9])
        && b.len() <= max_bytes
    {
        return Ok(b);
    }
    let mut img = shrink(load_scaled(&job.file, job.orientation, long_edge)?, long_edge);
    let mut last = Vec::new();
    for quality in [85u8, 78, 70, 62, 55, 48, 40] {
        last = encode_jpeg(&img, quality).map_err(Error::PhotoEncode)?;
        if last.len() <= max_bytes {
            break;
        }
    }
    // Still too big at the lowest quality: shrink until it fits.
    while last.len() > max_bytes && img.width() > 200 {
        let edge = img.width().max(img.height()) * 3 / 4;
        img = shrink(img, edge);
        last = encode_jpeg(&img, 40).map_err(Error::PhotoEncode)?;
    }
    write_file_atomic(&job.cached, &last)?;
    Ok(last)
}

/// Every photo row has its original and its thumbnail on disk (used after crashes and by tests).
pub fn missing_files(store: &Store) -> Result<Vec<String>> {
    let mut stmt = store.conn().prepare("SELECT file, thumb FROM photo")?;
    let rows =
        stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows.into_iter().flat_map(|(f, t)| [f, t]).filter(|rel| !store.dir().root().join(rel).is_file()).collect())
}
