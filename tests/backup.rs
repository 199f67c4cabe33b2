//! Backup → wipe → restore gives back byte-identical photos and the same database; a damaged,
//! tampered, traversing or bomb archive is refused before any current data is touched.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;
use support::{jpeg_with_exif, red_blue};
use tuanle::activity::{self, Activity};
use tuanle::backup;
use tuanle::photo;
use tuanle::store::{DataDir, Store};
use tuanle::themes::Themes;
use tuanle::{Error, demo, stats};

fn files(root: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push((p.strip_prefix(root).unwrap().display().to_string(), std::fs::read(&p).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(root, &root.join("photos"), &mut out);
    out.retain(|(n, _)| !n.starts_with("photos/sized"));
    out.sort();
    out
}

/// Every row of every table, as text: equal dumps mean the same content.
fn dump(store: &Store) -> Vec<String> {
    let tables: Vec<String> = store
        .conn()
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = store.conn().prepare(&format!("SELECT * FROM {t} ORDER BY rowid")).unwrap();
        let n = stmt.column_count();
        let rows: Vec<String> = stmt
            .query_map([], |r| Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|")))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        out.push(format!("{t}: {}", rows.join("\n")));
    }
    out
}

fn filled(root: &Path) -> Store {
    let mut store = Store::open(DataDir::at(root)).unwrap();
    demo::load(&mut store, &Themes::builtin().unwrap()).unwrap();
    let mut a = Activity::blank(2025, NaiveDate::from_ymd_opt(2025, 10, 1).unwrap());
    a.title = "Lễ khai mạc".into();
    a.kind = "opening".into();
    a.pupils = 420;
    activity::save(&mut store, &a).unwrap();
    stats::correct(&mut store, 2025, "books", Some(12), "Sách của thư viện").unwrap();
    let src = root.parent().unwrap().join("in");
    std::fs::create_dir_all(&src).unwrap();
    let paths: Vec<PathBuf> = (0..3)
        .map(|i| {
            let p = src.join(format!("anh-{i}.jpg"));
            std::fs::write(&p, jpeg_with_exif(&red_blue(400 + i, 300), 1, "2025:10:01 08:00:00")).unwrap();
            p
        })
        .collect();
    photo::import(&mut store, 2025, &paths, &AtomicBool::new(false), &mut |_| {}).unwrap();
    std::fs::write(root.join("stats_template.json"), include_str!("../assets/stats_template.json")).unwrap();
    store
}

#[test]
fn backup_wipe_restore_gives_back_the_same_data() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("data");
    let store = filled(&root);
    // Force a sized copy (a cache) to exist: it is not part of the backup.
    photo::export_copy(&store, 1, 1280, 300 * 1024).unwrap();
    let before_files = files(&root);
    let before_db = dump(&store);
    assert_eq!(before_files.iter().filter(|(n, _)| n.contains("thumbs")).count(), 3);

    let archive = tmp.path().join("SaoLuu.tuanle");
    let info = backup::create(&store, Some(archive.clone()), "SaoLuu").unwrap();
    assert_eq!(info.manifest.files.len(), 1 + 6 + 1, "database, 3 originals + 3 thumbnails, the template");
    drop(store);
    backup::verify(&archive).unwrap();

    // A new PC: an empty folder.
    std::fs::remove_dir_all(&root).unwrap();
    let r = backup::restore(&DataDir::at(&root), &archive).unwrap();
    assert_eq!(r.previous, "", "nothing was there to keep");
    let restored = Store::open(DataDir::at(&root)).unwrap();
    assert!(restored.integrity_ok().unwrap());
    assert_eq!(dump(&restored), before_db);
    assert_eq!(
        files(&root),
        before_files.into_iter().filter(|(n, _)| !Path::new(n).starts_with("photos/sized")).collect::<Vec<_>>()
    );
    assert!(root.join("stats_template.json").is_file());
    assert!(photo::missing_files(&restored).unwrap().is_empty());
}

#[test]
fn restoring_over_existing_data_keeps_the_current_data_aside() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("data");
    let mut store = filled(&root);
    let archive = tmp.path().join("a.tuanle");
    backup::create(&store, Some(archive.clone()), "SaoLuu").unwrap();
    // Work done after the backup.
    let mut later = Activity::blank(2025, NaiveDate::from_ymd_opt(2025, 10, 2).unwrap());
    later.title = "Hoạt động thêm sau khi sao lưu".into();
    activity::save(&mut store, &later).unwrap();
    let current = dump(&store);
    drop(store);

    let r = backup::restore(&DataDir::at(&root), &archive).unwrap();
    assert!(r.previous.contains("before-restore-"), "{}", r.previous);
    let kept = Store::open(DataDir::at(r.previous.clone())).unwrap();
    assert_eq!(dump(&kept), current, "the replaced data is kept, whole");
    let restored = Store::open(DataDir::at(&root)).unwrap();
    assert_eq!(activity::list(&restored, 2025, &Default::default()).unwrap().len(), 1);
}

/// Builds an archive from raw entries (the manifest given as JSON text).
fn archive(path: &Path, entries: &[(&str, &[u8])]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated))
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

/// An archive to try: a label and its entries.
type Case<'a> = (&'a str, Vec<(&'a str, Vec<u8>)>);

fn manifest(files: &[(&str, &[u8])], claimed: Option<u64>) -> Vec<u8> {
    let files: Vec<serde_json::Value> = files
        .iter()
        .map(|(n, b)| {
            let sum: String = <sha2::Sha256 as sha2::Digest>::digest(b).iter().map(|x| format!("{x:02x}")).collect();
            serde_json::json!({ "path": n, "bytes": claimed.unwrap_or(b.len() as u64), "sha256": sum })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "format": 1, "app_version": "0.1.0", "schema_version": 1, "created_at": "2025-10-20T08:00:00Z", "files": files
    }))
    .unwrap()
}

#[test]
fn hostile_archives_are_refused_and_nothing_is_touched() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("data");
    let store = filled(&root);
    let good = tmp.path().join("good.tuanle");
    backup::create(&store, Some(good.clone()), "SaoLuu").unwrap();
    let before = dump(&store);
    drop(store);
    let db = std::fs::read(root.join("tuanle.db")).unwrap_or_default();
    let evil = b"owned".as_slice();

    let cases: Vec<Case> = vec![
        (
            "traversal",
            vec![
                ("manifest.json", manifest(&[("tuanle.db", &db), ("../../evil.txt", evil)], None)),
                ("tuanle.db", db.clone()),
                ("../../evil.txt", evil.to_vec()),
            ],
        ),
        (
            "absolute",
            vec![
                ("manifest.json", manifest(&[("tuanle.db", &db), ("/tmp/evil.txt", evil)], None)),
                ("tuanle.db", db.clone()),
                ("/tmp/evil.txt", evil.to_vec()),
            ],
        ),
        (
            "unlisted",
            vec![
                ("manifest.json", manifest(&[("tuanle.db", &db)], None)),
                ("tuanle.db", db.clone()),
                ("photos/x.jpg", evil.to_vec()),
            ],
        ),
        (
            "bomb",
            vec![
                ("manifest.json", manifest(&[("tuanle.db", &vec![0u8; 64 * 1024 * 1024])], Some(1000))),
                ("tuanle.db", vec![0u8; 64 * 1024 * 1024]),
            ],
        ),
        (
            "tampered",
            vec![("manifest.json", manifest(&[("tuanle.db", &db)], None)), ("tuanle.db", [db.as_slice(), b"x"].concat())],
        ),
        ("not a database", vec![("manifest.json", manifest(&[("tuanle.db", evil)], None)), ("tuanle.db", evil.to_vec())]),
        ("no manifest", vec![("tuanle.db", db.clone())]),
    ];
    for (label, entries) in cases {
        let path = tmp.path().join(format!("{}.tuanle", label.replace(' ', "-")));
        let borrowed: Vec<(&str, &[u8])> = entries.iter().map(|(n, b)| (*n, b.as_slice())).collect();
        archive(&path, &borrowed);
        let err = backup::restore(&DataDir::at(&root), &path).unwrap_err();
        assert!(matches!(err, Error::BackupInvalid(_)), "{label}: {err}");
        assert!(err.to_string().contains("Dữ liệu hiện tại được giữ nguyên"), "{label}: {err}");
    }
    std::fs::write(tmp.path().join("garbage.tuanle"), b"not a zip at all").unwrap();
    assert!(matches!(backup::verify(&tmp.path().join("garbage.tuanle")), Err(Error::BackupInvalid(_))));

    assert!(!tmp.path().join("evil.txt").exists() && !Path::new("/tmp/evil.txt").exists());
    let store = Store::open(DataDir::at(&root)).unwrap();
    assert_eq!(dump(&store), before, "the current data is untouched");
    assert!(std::fs::read_dir(&root).unwrap().flatten().all(|e| !e.file_name().to_string_lossy().starts_with(".restore")));
}

#[test]
fn automatic_backups_are_weekly_and_rotated_and_manual_ones_stay() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("data");
    let store = filled(&root);
    let backups = store.dir().backups();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(30 * 86_400);
    for day in 1..=6 {
        let p = backups.join(format!("TuDong_202001{day:02}-080000.tuanle"));
        std::fs::write(&p, b"old").unwrap();
        std::fs::File::options().write(true).open(&p).unwrap().set_modified(old).unwrap();
    }
    let manual = backups.join("SaoLuu_20200101-080000.tuanle");
    std::fs::write(&manual, b"kept by hand").unwrap();

    let made = backup::auto(&store).unwrap().expect("the newest automatic backup is a month old");
    backup::verify(Path::new(&made.path)).unwrap();
    assert!(backup::auto(&store).unwrap().is_none(), "one a week");
    let mut autos: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("TuDong_"))
        .collect();
    autos.sort();
    assert_eq!(autos.len(), backup::AUTO_KEEP);
    assert_eq!(autos[0], "TuDong_20200103-080000.tuanle", "the two oldest went");
    assert!(manual.is_file(), "a backup made by hand is never rotated away");
}

#[test]
fn a_restore_chosen_in_the_app_is_applied_at_the_next_start() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("data");
    let mut store = filled(&root);
    let archive = tmp.path().join("a.tuanle");
    backup::create(&store, Some(archive.clone()), "SaoLuu").unwrap();
    let mut later = Activity::blank(2025, NaiveDate::from_ymd_opt(2025, 10, 3).unwrap());
    later.title = "Sau khi sao lưu".into();
    activity::save(&mut store, &later).unwrap();

    let dir = store.dir().clone();
    backup::schedule_restore(&dir, &archive).unwrap();
    assert!(backup::schedule_restore(&dir, &tmp.path().join("missing.tuanle")).is_err());
    drop(store);
    let applied = backup::apply_pending(&dir).unwrap().expect("applied");
    assert!(applied.previous.contains("before-restore-"));
    assert!(backup::apply_pending(&dir).unwrap().is_none(), "once");
    let store = Store::open(dir).unwrap();
    assert_eq!(activity::list(&store, 2025, &Default::default()).unwrap().len(), 1);
}
