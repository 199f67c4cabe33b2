// Every app command gets a generated `allow-<command>` permission; the capability file grants
// exactly these, so a command not listed here cannot be called from the UI.
const COMMANDS: &[&str] = &[
    "overview",
    "save_school",
    "load_demo",
    "campaign_draft",
    "create_campaign",
    "update_campaign",
    "authority_presets",
    "plan_state",
    "preview_plan",
    "save_plan",
    "export_plan",
    "clone_plan",
    "activity_kinds",
    "activity_days",
    "save_activity",
    "delete_activity",
    "restore_activity",
    "pick_photos",
    "import_photos",
    "import_status",
    "cancel_import",
    "photos",
    "update_photo",
    "report_state",
    "save_report",
    "export_report",
    "export_report_pdf",
    "export_stats",
    "export_dossier",
    "mail_settings",
    "save_mail_account",
    "test_mail",
    "mail_sign_in",
    "mail_sign_out",
    "compose_draft",
    "compose_preview",
    "send_message",
    "outbox_list",
    "outbox_action",
    "save_eml",
    "correct_stat",
    "backups",
    "backup_now",
    "restore_backup",
    "opened_file",
    "ceremony_items",
    "save_ceremony",
    "export_ceremony",
];

fn main() {
    let attributes = tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        panic!("tauri build script failed: {e:#}");
    }
}
