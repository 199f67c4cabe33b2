//! The store: first run, pragmas, schema version, refusal of newer or broken databases.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

use tuanle::Error;
use tuanle::store::{DataDir, SCHEMA_VERSION, Store};

fn temp() -> (tempfile::TempDir, DataDir) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = DataDir::at(tmp.path().join("data"));
    (tmp, dir)
}

#[test]
fn first_run_creates_the_folder_layout_and_an_up_to_date_database() {
    let (_tmp, dir) = temp();
    let store = Store::open(dir.clone()).expect("open");
    assert!(dir.database().is_file());
    for sub in [dir.photos(), dir.backups()] {
        assert!(sub.is_dir(), "{}", sub.display());
    }
    assert_eq!(store.exports(), dir.root().join("exports"), "an explicit data folder keeps its documents inside it");
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    let mode: String = store.conn().query_row("PRAGMA journal_mode", [], |r| r.get(0)).expect("journal");
    assert_eq!(mode, "wal");
    let fk: i64 = store.conn().query_row("PRAGMA foreign_keys", [], |r| r.get(0)).expect("fk");
    assert_eq!(fk, 1);
    assert!(store.integrity_ok().expect("integrity"));
    drop(store);
    // Opening again changes nothing and needs no backup.
    let again = Store::open(dir.clone()).expect("reopen");
    assert_eq!(again.schema_version().expect("version"), SCHEMA_VERSION);
    assert_eq!(std::fs::read_dir(dir.backups()).expect("backups").count(), 0);
}

#[test]
fn a_database_from_a_newer_app_is_refused_and_left_byte_for_byte() {
    let (_tmp, dir) = temp();
    {
        let store = Store::open(dir.clone()).expect("open");
        store.conn().pragma_update(None, "user_version", SCHEMA_VERSION + 5).expect("bump");
        store.conn().pragma_update(None, "journal_mode", "DELETE").expect("journal");
    }
    let before = std::fs::read(dir.database()).expect("read");
    let err = Store::open(dir.clone()).err().expect("must be refused");
    assert!(
        matches!(err, Error::DatabaseTooNew { found, supported } if found == SCHEMA_VERSION + 5 && supported == SCHEMA_VERSION)
    );
    assert_eq!(err.code(), "database_too_new");
    assert!(err.to_string().contains("phiên bản mới hơn"), "{err}");
    assert_eq!(std::fs::read(dir.database()).expect("read"), before);
    assert!(!dir.root().join("tuanle.sqlite-wal").exists(), "no WAL file may be created");
}

#[test]
fn a_file_that_is_not_a_database_is_reported_and_kept() {
    let (_tmp, dir) = temp();
    std::fs::create_dir_all(dir.root()).expect("mkdir");
    let junk = b"This is a Word document, not a database. ".repeat(200);
    std::fs::write(dir.database(), &junk).expect("write");
    let err = Store::open(dir.clone()).err().expect("must fail");
    assert_eq!(err.code(), "database_corrupt", "{err}");
    assert!(err.to_string().contains("bị hỏng"));
    assert_eq!(std::fs::read(dir.database()).expect("read"), junk);
}

#[test]
fn an_unwritable_data_folder_gives_a_clear_message() {
    let (tmp, _) = temp();
    // A file where the folder should be: creating the folder fails on every platform.
    let blocker = tmp.path().join("blocked");
    std::fs::write(&blocker, b"x").expect("write");
    let err = Store::open(DataDir::at(blocker.join("data"))).err().expect("must fail");
    assert_eq!(err.code(), "data_dir");
    assert!(err.to_string().contains("Không tạo hoặc ghi được"), "{err}");
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let (_tmp, dir) = temp();
    let mut store = Store::open(dir).expect("open");
    let result: tuanle::Result<()> = store.write(|tx| {
        tx.execute(
            "INSERT INTO school (id, name, authority_line, abbreviation, place_name, signer_name, signer_title, email, updated_at)
             VALUES (1, 'A', 'B', 'C', 'D', 'E', 'principal', 'a@b.vn', 'now')",
            [],
        )?;
        Err(Error::NoCampaign)
    });
    assert!(result.is_err());
    let count: i64 = store.conn().query_row("SELECT COUNT(*) FROM school", [], |r| r.get(0)).expect("count");
    assert_eq!(count, 0);
}

#[test]
fn an_older_database_is_backed_up_then_migrated_with_its_data() {
    let (_tmp, dir) = temp();
    std::fs::create_dir_all(dir.root()).expect("mkdir");
    {
        // A database as version 1 of the app left it.
        let conn = rusqlite::Connection::open(dir.database()).expect("open");
        conn.execute_batch(include_str!("../src/storage/store/migrations/0001_init.sql")).expect("v1 schema");
        conn.execute(
            "INSERT INTO school VALUES (1, 'Trường A', 'UBND XÃ B', 'THA', 'B', 'Nguyễn Văn C', 'principal', 'a@b.vn', 'now')",
            [],
        )
        .expect("row");
        conn.pragma_update(None, "user_version", 1).expect("version");
    }
    let store = Store::open(dir.clone()).expect("migrate");
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    let name: String = store.conn().query_row("SELECT name FROM school", [], |r| r.get(0)).expect("kept");
    assert_eq!(name, "Trường A");
    assert_eq!(store.exports(), dir.root().join("exports"), "the documents already exported stay where they are");
    let kept: String =
        store.conn().query_row("SELECT value FROM setting WHERE key = 'export_folder'", [], |r| r.get(0)).expect("kept");
    assert_eq!(std::path::PathBuf::from(kept), dir.root().join("exports"));
    let backups: Vec<_> = std::fs::read_dir(dir.backups()).expect("backups").map(|e| e.expect("entry").path()).collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let backup = rusqlite::Connection::open(&backups[0]).expect("backup opens");
    let version: i64 = backup.query_row("PRAGMA user_version", [], |r| r.get(0)).expect("version");
    assert_eq!(version, 1, "the backup is the database before the migration");
    let name: String = backup.query_row("SELECT name FROM school", [], |r| r.get(0)).expect("row");
    assert_eq!(name, "Trường A");
}
