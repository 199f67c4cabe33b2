//! The desktop shell of Tuần Lễ Desk: opens the store, registers the commands, shows the window.
//! It holds no business rule: every command translates arguments, calls the core, returns the result.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;

use std::path::PathBuf;
use std::sync::Mutex;

use tuanle::ErrorPayload;
use tuanle::store::{DataDir, Store};
use tuanle::themes::Themes;

/// What the commands share. Opening may fail (a newer database, an unwritable folder): the
/// window still opens and shows that error instead of closing silently.
pub struct AppState {
    pub opened: std::result::Result<Opened, ErrorPayload>,
}

pub struct Opened {
    pub store: Mutex<Store>,
    pub themes: Themes,
}

fn open(explicit_dir: Option<PathBuf>) -> std::result::Result<Opened, ErrorPayload> {
    let dir = DataDir::resolve(explicit_dir)?;
    let store = Store::open(dir)?;
    let themes = Themes::load(store.dir())?;
    Ok(Opened { store: Mutex::new(store), themes })
}

/// `--data-dir DIR` on the command line (tests and portable use); otherwise the core decides.
fn data_dir_arg() -> Option<PathBuf> {
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--data-dir" {
            return args.next().map(PathBuf::from);
        }
    }
    None
}

fn main() {
    let state = AppState { opened: open(data_dir_arg()) };
    let result = tauri::Builder::default()
        .manage(state)
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
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Không khởi động được Tuần Lễ Desk: {e}");
        std::process::exit(1);
    }
}
