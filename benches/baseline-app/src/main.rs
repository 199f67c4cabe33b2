//! An empty Tauri 2 window showing one line of text: the baseline of `scripts/bench-release.sh`.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Err(e) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("{e}");
        std::process::exit(1);
    }
}
