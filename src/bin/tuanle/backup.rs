//! Backups of the whole data folder: make one, check one, restore one.

use std::path::PathBuf;

use chrono::Local;
use clap::Subcommand;
use tuanle::Result;
use tuanle::backup;
use tuanle::store::{DataDir, Store};

use crate::args::OutArg;
use crate::output::out;

#[derive(Subcommand)]
pub enum Backups {
    /// Back up the whole data folder (database snapshot, photos, data files) into one .tuanle file.
    Backup {
        #[command(flatten)]
        out: OutArg,
    },
    /// Check a .tuanle backup (names, sizes, checksums, database integrity) without restoring it.
    Verify { file: PathBuf },
    /// Restore a .tuanle backup; the current data is moved into backups/ first, never deleted.
    Restore { file: PathBuf },
}

/// Verify reads only the archive and restore replaces the database: neither opens the store
/// first; backup opens it to take a snapshot.
pub fn run(command: Backups, dir: DataDir, json: bool) -> Result<()> {
    match command {
        Backups::Verify { file } => {
            let m = backup::verify(&file)?;
            out(json, &m, || {
                format!(
                    "Bản sao lưu dùng được: {} tệp, tạo lúc {}.",
                    m.files.len(),
                    m.created_at.with_timezone(&Local).format("%H:%M %d/%m/%Y")
                )
            });
        }
        Backups::Restore { file } => {
            let r = backup::restore(&dir, &file)?;
            Store::open(dir)?;
            out(json, &r, || {
                let kept = if r.previous.is_empty() {
                    String::new()
                } else {
                    format!("\nDữ liệu trước đó được giữ tại {}.", r.previous)
                };
                format!("Đã khôi phục {} tệp.{kept}", r.manifest.files.len())
            });
        }
        Backups::Backup { out: target } => {
            let store = Store::open(dir)?;
            let b = backup::create(&store, target.out, "SaoLuu")?;
            out(json, &b, || format!("Đã sao lưu {} tệp vào {} ({} KB).", b.manifest.files.len(), b.path, b.bytes / 1024));
        }
    }
    Ok(())
}
