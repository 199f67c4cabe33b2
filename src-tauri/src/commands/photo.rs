//! Photo commands: the native file dialog, a background import that pushes its progress to the
//! page watching it (the window never waits on it), the grid, edits. The import runs on its own
//! database connection.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use tuanle::activity::Activity;
use tuanle::matching::{self, Matching, Proposal};
use tuanle::photo::{self, ImportStatus, Photo, PhotoCard, PhotoEdit};
use tuanle::store::Store;

use super::{CmdResult, lock, opened};
use crate::AppState;

/// The one import that may run at a time.
#[derive(Default)]
pub struct ImportJob {
    pub status: Mutex<ImportStatus>,
    pub cancel: Arc<AtomicBool>,
    /// The campaign the grid shows; drag-and-drop imports go there.
    pub year: Mutex<Option<i32>>,
    /// The evidence page that is open, told of every change of `status`.
    pub watcher: Mutex<Option<Channel<ImportStatus>>>,
}

impl ImportJob {
    /// Sends the current status to the page watching, if any; a page that has gone is forgotten.
    fn publish(&self) {
        let status = self.status.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let mut watcher = self.watcher.lock().unwrap_or_else(|p| p.into_inner());
        if watcher.as_ref().is_some_and(|w| w.send(status).is_err()) {
            *watcher = None;
        }
    }
}

#[tauri::command]
pub async fn pick_photos(app: AppHandle, state: State<'_, AppState>, folder: bool) -> CmdResult<Vec<String>> {
    if let Some(paths) = &state.test_pick {
        return Ok(paths.split(';').filter(|p| !p.is_empty()).map(str::to_owned).collect());
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let dialog = app.dialog().file().set_title(if folder { "Chọn thư mục ảnh" } else { "Chọn ảnh minh chứng" });
    if folder {
        dialog.pick_folder(move |p| {
            let _ = tx.send(p.into_iter().collect::<Vec<_>>());
        });
    } else {
        dialog.add_filter("Ảnh", photo::EXTENSIONS).pick_files(move |p| {
            let _ = tx.send(p.unwrap_or_default());
        });
    }
    let picked = tauri::async_runtime::spawn_blocking(move || rx.recv().unwrap_or_default()).await.unwrap_or_default();
    Ok(picked.into_iter().filter_map(|p| p.into_path().ok()).map(|p| p.display().to_string()).collect())
}

/// Starts importing `paths` (files and folders) into the campaign of `year`, in the background.
pub fn start(state: &AppState, year: i32, paths: Vec<PathBuf>) -> CmdResult<ImportStatus> {
    let opened = opened(state)?;
    let job = Arc::clone(&opened.import);
    {
        let mut status = job.status.lock().unwrap_or_else(|p| p.into_inner());
        if status.running {
            return Ok(status.clone());
        }
        *status = ImportStatus { running: true, ..Default::default() };
    }
    job.publish();
    job.cancel.store(false, Ordering::Relaxed);
    let dir = lock(opened).0.dir().clone();
    let worker = Arc::clone(&job);
    std::thread::spawn(move || {
        let files = photo::collect_files(&paths);
        let result = Store::open(dir).and_then(|mut store| {
            photo::import(&mut store, year, &files, &worker.cancel, &mut |p| {
                worker.status.lock().unwrap_or_else(|e| e.into_inner()).progress = p.clone();
                worker.publish();
            })
        });
        {
            let mut status = worker.status.lock().unwrap_or_else(|e| e.into_inner());
            status.running = false;
            match result {
                Ok(report) => {
                    status.progress = report.progress.clone();
                    status.report = Some(report);
                }
                Err(e) => status.error = Some(e.to_string()),
            }
        }
        worker.publish();
    });
    Ok(job.status.lock().unwrap_or_else(|p| p.into_inner()).clone())
}

#[tauri::command]
pub fn import_photos(state: State<'_, AppState>, year: i32, paths: Vec<String>) -> CmdResult<ImportStatus> {
    start(&state, year, paths.into_iter().map(PathBuf::from).collect())
}

/// The evidence page asks to be told of the import's status: now, and at every change (also of
/// an import started by dropping files on the window). The last page to ask is the one told.
#[tauri::command]
pub fn watch_import(state: State<'_, AppState>, on_status: Channel<ImportStatus>) -> CmdResult<()> {
    let job = &opened(&state)?.import;
    *job.watcher.lock().unwrap_or_else(|p| p.into_inner()) = Some(on_status);
    job.publish();
    Ok(())
}

#[tauri::command]
pub fn cancel_import(state: State<'_, AppState>) -> CmdResult<()> {
    opened(&state)?.import.cancel.store(true, Ordering::Relaxed);
    Ok(())
}

#[tauri::command]
pub fn photos(state: State<'_, AppState>, year: i32) -> CmdResult<Vec<PhotoCard>> {
    let opened = opened(&state)?;
    *opened.import.year.lock().unwrap_or_else(|p| p.into_inner()) = Some(year);
    let (store, _) = lock(opened);
    Ok(photo::cards(&store, year)?)
}

#[tauri::command]
pub fn update_photo(state: State<'_, AppState>, edit: PhotoEdit) -> CmdResult<Photo> {
    let (mut store, _) = lock(opened(&state)?);
    Ok(photo::update(&mut store, &edit)?)
}

/// Which activity the photos `ids` (of the last import; all when empty) go with, and why; the
/// photos no activity covers, grouped as proposals.
#[tauri::command]
pub fn photo_matching(state: State<'_, AppState>, year: i32, ids: Vec<i64>) -> CmdResult<Matching> {
    let (store, _) = lock(opened(&state)?);
    Ok(matching::review(&store, year, &ids)?)
}

/// Makes the proposed activities the user kept and named, and links their photos.
#[tauri::command]
pub fn accept_proposals(state: State<'_, AppState>, year: i32, proposals: Vec<Proposal>) -> CmdResult<Vec<Activity>> {
    let (mut store, _) = lock(opened(&state)?);
    Ok(matching::accept(&mut store, year, &proposals)?)
}
