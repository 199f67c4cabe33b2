//! The desktop shell of Tuần Lễ Desk: opens the store, registers the commands, shows the window.
//! It holds no business rule: every command translates arguments, calls the core, returns the result.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;

use std::path::PathBuf;
use std::sync::Mutex;

use tauri::Manager;

use tuanle::ErrorPayload;
use tuanle::store::{DataDir, Store};
use tuanle::themes::Themes;

/// What the commands share. Opening may fail (a newer database, an unwritable folder): the
/// window still opens and shows that error instead of closing silently.
pub struct AppState {
    pub opened: std::result::Result<Opened, ErrorPayload>,
    /// `--e2e-pick PATHS`: end-to-end tests cannot click in a native file dialog, so the photo
    /// picker returns these paths (separated by ';') instead of opening it.
    pub test_pick: Option<String>,
    /// `--e2e-pick-one PATHS` (separated by ';'): what the dialogs asking for one file or folder
    /// return in the tests, one after the other.
    pub test_pick_one: Option<Mutex<std::collections::VecDeque<PathBuf>>>,
    /// A backup (.tuanle) the app was opened with (double-click in Explorer, file association):
    /// offered for restore once.
    pub opened_file: Mutex<Option<String>>,
}

pub struct Opened {
    pub store: Mutex<Store>,
    pub themes: Themes,
    pub import: std::sync::Arc<commands::photo::ImportJob>,
    pub sender: std::sync::Arc<commands::send::Sender>,
    pub form_drop: commands::form::DropTarget,
}

fn open(explicit_dir: Option<PathBuf>) -> std::result::Result<Opened, ErrorPayload> {
    let dir = DataDir::resolve(explicit_dir)?;
    // A restore chosen in the app is applied now, before the database is open.
    tuanle::backup::apply_pending(&dir)?;
    let store = Store::open(dir)?;
    let themes = Themes::load(store.dir())?;
    let sender = std::sync::Arc::new(commands::send::Sender::default());
    commands::send::start_worker(store.dir().clone(), std::sync::Arc::clone(&sender));
    commands::backup::start_automatic(store.dir().clone());
    Ok(Opened { store: Mutex::new(store), themes, import: Default::default(), sender, form_drop: Default::default() })
}

/// The value after `flag` on the command line (`--data-dir DIR` for tests and portable use).
fn arg_value(flag: &str) -> Option<std::ffi::OsString> {
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        if arg == flag {
            return args.next();
        }
    }
    None
}

/// The first `.tuanle` file on the command line (how Windows and Linux pass a double-clicked file).
fn backup_argument() -> Option<String> {
    std::env::args_os()
        .skip(1)
        .map(PathBuf::from)
        .find(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("tuanle")))
        .map(|p| p.display().to_string())
}

/// Without a usable WebView2 runtime Tauri cannot make the window, and a release build
/// (panic = abort) would vanish without a word: say what is missing and how to install it, in a
/// message box and in the log, then exit with 3.
#[cfg(windows)]
fn require_webview(dir: Option<&DataDir>) {
    let Err(e) = tauri::webview_version() else { return };
    let text = format!(
        "Tuần Lễ Desk cần Microsoft Edge WebView2 Runtime để hiện cửa sổ, nhưng máy này chưa có \
         (hoặc bản đã cài bị hỏng).\n\nCách cài: trên một máy có mạng, tải «Evergreen Standalone \
         Installer» (x64) ở trang developer.microsoft.com/microsoft-edge/webview2, chép sang máy này, \
         chạy tệp đó rồi mở lại Tuần Lễ Desk. Windows 11 đã có sẵn WebView2; Windows 10 có thể cần cài.\n\n\
         Dữ liệu của trường không bị ảnh hưởng.\n\nChi tiết: {e}"
    );
    log(dir, &text);
    eprintln!("{text}");
    rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title("Tuần Lễ Desk không mở được")
        .set_description(&text)
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
    std::process::exit(3);
}

/// One line appended to `tuanle-desk.log` in the data folder (or the temporary folder when
/// there is none): what the user saw, for whoever helps them.
#[cfg(windows)]
fn log(dir: Option<&DataDir>, text: &str) {
    use std::io::Write;
    let folder = dir.map_or_else(std::env::temp_dir, |d| d.root().to_path_buf());
    let _ = std::fs::create_dir_all(&folder);
    if let Ok(mut f) = std::fs::OpenOptions::new().create(true).append(true).open(folder.join("tuanle-desk.log")) {
        let _ = writeln!(f, "{} {}", chrono::Local::now().format("%Y-%m-%d %H:%M:%S"), text.replace('\n', " "));
    }
}

fn main() {
    #[cfg(windows)]
    require_webview(DataDir::resolve(arg_value("--data-dir").map(PathBuf::from)).ok().as_ref());
    let state = AppState {
        opened: open(arg_value("--data-dir").map(PathBuf::from)),
        test_pick: arg_value("--e2e-pick").map(|v| v.to_string_lossy().into_owned()),
        test_pick_one: arg_value("--e2e-pick-one")
            .map(|v| Mutex::new(v.to_string_lossy().split(';').filter(|p| !p.is_empty()).map(PathBuf::from).collect())),
        opened_file: Mutex::new(backup_argument()),
    };
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .on_window_event(|window, event| {
            // A workbook or document dropped while the form panel is open is the authority's form;
            // photos dropped on the window go to the campaign whose evidence grid was last shown.
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                let state = window.state::<AppState>();
                if let (Ok(opened), true) = (&state.opened, commands::form::is_form(paths))
                    && commands::form::dropped(opened, &paths[0])
                {
                    return;
                }
                let year = state.opened.as_ref().ok().and_then(|o| *o.import.year.lock().unwrap_or_else(|p| p.into_inner()));
                if let Some(year) = year {
                    let _ = commands::photo::start(&state, year, paths.clone());
                }
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::overview::overview,
            commands::school::save_school,
            commands::school::load_demo,
            commands::campaign::campaign_draft,
            commands::campaign::create_campaign,
            commands::campaign::update_campaign,
            commands::campaign::authority_presets,
            commands::plan::plan_state,
            commands::plan::preview_plan,
            commands::plan::save_plan,
            commands::plan::export_plan,
            commands::plan::clone_plan,
            commands::activity::activity_kinds,
            commands::activity::activity_days,
            commands::activity::save_activity,
            commands::activity::delete_activity,
            commands::activity::restore_activity,
            commands::activity::paste_activities,
            commands::activity::save_activities,
            commands::photo::pick_photos,
            commands::photo::import_photos,
            commands::photo::watch_import,
            commands::photo::photo_matching,
            commands::photo::accept_proposals,
            commands::photo::cancel_import,
            commands::photo::photos,
            commands::photo::update_photo,
            commands::ceremony::ceremony_items,
            commands::ceremony::save_ceremony,
            commands::ceremony::export_ceremony,
            commands::report::report_state,
            commands::report::save_report,
            commands::report::export_report,
            commands::report::export_report_pdf,
            commands::exports::open_export,
            commands::exports::export_folder,
            commands::exports::choose_export_folder,
            commands::report::export_stats,
            commands::report::export_dossier,
            commands::report::refresh_exports,
            commands::report::correct_stat,
            commands::report::outline_view,
            commands::report::import_outline,
            commands::report::pick_outline,
            commands::report::write_outline,
            commands::report::clear_outline,
            commands::report::assign_outline,
            commands::report::reuse_outline,
            commands::form::watch_form_drop,
            commands::form::form_view,
            commands::form::pick_form,
            commands::form::map_form_item,
            commands::form::confirm_form,
            commands::form::reuse_form,
            commands::form::clear_form,
            commands::form::export_form,
            commands::backup::backups,
            commands::backup::backup_now,
            commands::backup::restore_backup,
            commands::backup::opened_file,
            commands::send::mail_settings,
            commands::send::save_mail_account,
            commands::send::pick_certificate,
            commands::send::test_mail,
            commands::send::compose_draft,
            commands::send::compose_preview,
            commands::send::attach_scan,
            commands::send::mail_sign_in,
            commands::send::mail_sign_out,
            commands::send::send_message,
            commands::send::outbox_list,
            commands::send::outbox_action,
            commands::send::save_eml,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Không khởi động được Tuần Lễ Desk: {e}");
        std::process::exit(1);
    }
}
