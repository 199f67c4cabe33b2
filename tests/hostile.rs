//! Hostile input, from the checked-in corpus in tests/fixtures/hostile: broken and bomb photos,
//! broken and absurd template/import files, text built to break XML, absurd numbers and dates.
//! Each gives a clear refusal (or a clean result) and never a crash, a hang or a huge allocation.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

mod support;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;
use support::Docx;
use tuanle::activity::{self, Activity};
use tuanle::ceremony::{self, CeremonyItem};
use tuanle::store::{DataDir, Store};
use tuanle::themes::Themes;
use tuanle::{Error, campaign, demo, photo, report, stats};

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile").join(name)
}

fn texts() -> Vec<String> {
    std::fs::read_to_string(corpus("text.txt")).unwrap().lines().map(|l| l.replace("\\n", "\n").replace("\\r", "\r")).collect()
}

fn demo_store(dir: &Path) -> Store {
    let mut store = Store::open(DataDir::at(dir)).unwrap();
    demo::load(&mut store, &Themes::builtin().unwrap()).unwrap();
    store
}

#[test]
fn broken_and_bomb_photos_are_refused_by_name_and_the_batch_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = demo_store(tmp.path());
    let files: Vec<PathBuf> = std::fs::read_dir(corpus(""))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jpg" || x == "png"))
        .collect();
    assert!(files.len() >= 6);
    let start = std::time::Instant::now();
    let r = photo::import(&mut store, 2025, &files, &AtomicBool::new(false), &mut |_| {}).unwrap();
    assert_eq!(r.progress.added + r.progress.failed + r.progress.duplicates, files.len());
    let failed: Vec<&str> = r.failures.iter().map(|f| f.file.as_str()).collect();
    for bad in ["bomb-65000x65000.jpg", "zero-width.jpg", "exif-truncated.jpg", "png-100000-squared.png"] {
        assert!(failed.contains(&bad), "{bad} must be refused: {failed:?}");
    }
    assert!(r.failures.iter().all(|f| !f.message.is_empty()));
    // Odd metadata does not stop a readable photo: orientation 99 is ignored, a year-1 date too.
    let ok: Vec<String> = photo::list(&store, 2025).unwrap().into_iter().map(|p| p.original_name).collect();
    assert!(ok.contains(&"exif-orientation-99.jpg".to_owned()), "{ok:?}");
    assert!(ok.contains(&"exif-date-year-0001.jpg".to_owned()), "{ok:?}");
    assert!(photo::missing_files(&store).unwrap().is_empty());
    assert!(start.elapsed() < std::time::Duration::from_secs(60), "no bomb was decoded");
}

#[test]
#[cfg(unix)]
fn a_file_name_that_is_not_utf8_is_imported_with_a_readable_name() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let mut store = demo_store(&tmp.path().join("data"));
    let name = std::ffi::OsStr::from_bytes(b"anh-\xff\xfe-hong.jpg");
    let path = tmp.path().join(name);
    std::fs::write(&path, support::jpeg_with_exif(&support::red_blue(40, 30), 1, "2025:10:01 08:00:00")).unwrap();
    let r = photo::import(&mut store, 2025, &[path], &AtomicBool::new(false), &mut |_| {}).unwrap();
    assert_eq!(r.progress.added, 1, "{:?}", r.failures);
    let p = &photo::list(&store, 2025).unwrap()[0];
    assert!(p.original_name.starts_with("anh-") && p.original_name.ends_with("-hong.jpg"), "{}", p.original_name);
}

#[test]
fn broken_template_files_are_refused_and_the_form_in_use_stays() {
    let tmp = tempfile::tempdir().unwrap();
    let store = demo_store(tmp.path());
    let before = stats::Template::load(store.dir()).unwrap();
    for name in [
        "template-broken.json",
        "template-deep.json",
        "template-huge-numbers.json",
        "template-wrong-types.json",
        "template-unknown-field.json",
    ] {
        let err = stats::Template::import(store.dir(), &corpus(name)).unwrap_err();
        assert!(matches!(err, Error::DataFile { .. }), "{name}: {err}");
        assert!(err.to_string().contains("không đọc được"), "{name}: {err}");
    }
    assert_eq!(stats::Template::load(store.dir()).unwrap(), before);

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tuanle"))
        .arg("--data-dir")
        .arg(tmp.path())
        .args(["ceremony", "import"])
        .arg(corpus("ceremony-broken-utf8.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "a broken file is invalid input");
    assert!(String::from_utf8_lossy(&out.stderr).contains("không đọc được"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(ceremony::items(&store, 2025).unwrap(), ceremony::default_items().unwrap(), "the programme is unchanged");
}

#[test]
fn hostile_text_in_every_document_gives_valid_xml() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = demo_store(tmp.path());
    let texts = texts();
    for (i, t) in texts.iter().enumerate() {
        let mut a = Activity::blank(2025, NaiveDate::from_ymd_opt(2025, 10, 1 + (i as u32 % 7)).unwrap());
        a.title = format!("Hoạt động {i}: {t}");
        a.place = t.clone();
        a.organiser = t.clone();
        activity::save(&mut store, &a).unwrap();
    }
    let items: Vec<CeremonyItem> =
        texts.iter().map(|t| CeremonyItem { time: "07:30".into(), item: t.clone(), who: t.clone(), note: t.clone() }).collect();
    ceremony::save(&mut store, 2025, &items).unwrap();
    let c = campaign::get(&store, 2025).unwrap();
    let school = tuanle::school::require(&store).unwrap();
    let mut r = report::draft(&store, &c, &school).unwrap();
    r.results = texts.join("\n");
    r.recipients = texts.clone();
    report::save(&mut store, &r).unwrap();

    for (path, bytes) in [
        ("bc.docx", report::export(&store, 2025, Some(tmp.path().join("bc.docx"))).map(|e| e.path)),
        ("kb.docx", ceremony::export(&store, 2025, Some(tmp.path().join("kb.docx"))).map(|e| e.path)),
    ] {
        let file = bytes.unwrap_or_else(|e| panic!("{path}: {e}"));
        Docx::open(&std::fs::read(file).unwrap()).assert_all_xml_valid();
    }
    stats::export(&store, 2025, Some(tmp.path().join("tk.xlsx"))).unwrap();
}

#[test]
fn absurd_numbers_and_dates_are_refused_with_field_messages() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = demo_store(tmp.path());
    for (field, set) in [
        ("pupils", Box::new(|a: &mut Activity| a.pupils = i64::MAX) as Box<dyn Fn(&mut Activity)>),
        ("staff", Box::new(|a: &mut Activity| a.staff = -1)),
        ("funding_state", Box::new(|a: &mut Activity| a.funding_state = i64::MAX / 2)),
    ] {
        let mut a = Activity::blank(2025, NaiveDate::from_ymd_opt(2025, 10, 1).unwrap());
        a.title = "Số liệu vô lý".into();
        set(&mut a);
        match activity::save(&mut store, &a) {
            Err(Error::Validation(fields)) => assert!(fields.iter().any(|f| f.field == field), "{field}: {fields:?}"),
            other => panic!("{field}: {other:?}"),
        }
    }
    let themes = Themes::builtin().unwrap();
    for year in [1, 1899, 10_000, i32::MAX] {
        let err = campaign::draft(year, &themes, None).and_then(|d| campaign::create(&mut store, &d.campaign));
        assert!(matches!(err, Err(Error::Validation(_))), "year {year}: {err:?}");
    }
    let mut far = Activity::blank(2025, NaiveDate::from_ymd_opt(9999, 12, 31).unwrap());
    far.title = "Ngày rất xa".into();
    let c = campaign::get(&store, 2025).unwrap();
    match activity::save(&mut store, &far) {
        Err(Error::Validation(_)) => {}
        Ok(saved) => assert!(!saved.warnings(&c).is_empty(), "a date far away is at least warned about"),
        Err(e) => panic!("{e}"),
    }
}
