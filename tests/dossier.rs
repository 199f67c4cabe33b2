//! The statistics workbook and the "hồ sơ" zip: every figure read back from the .xlsx (with a
//! reader crate) equals the database, corrections are kept beside the computed value, and the
//! zip holds every document and photo under clear ASCII names.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

mod support;

use std::io::{Cursor, Read};
use std::process::Command;
use std::sync::atomic::AtomicBool;

use calamine::{Data, DataType, Reader, Xlsx, open_workbook_from_rs};
use chrono::NaiveDate;
use support::{Docx, jpeg_with_exif, red_blue};
use tuanle::activity::{self, Activity};
use tuanle::photo::{self, PhotoEdit};
use tuanle::store::{DataDir, Store};
use tuanle::themes::Themes;
use tuanle::{demo, dossier, plan, stats};

fn filled(dir: &std::path::Path) -> Store {
    let mut store = Store::open(DataDir::at(dir.join("data"))).unwrap();
    demo::load(&mut store, &Themes::builtin().unwrap()).unwrap();
    for (i, (kind, title)) in
        [("opening", "Lễ khai mạc"), ("reading", "Ngày hội đọc sách"), ("contest", "Thi kể chuyện")].iter().enumerate()
    {
        let mut a = Activity::blank(2025, NaiveDate::from_ymd_opt(2025, 10, 1 + i as u32).unwrap());
        a.title = (*title).into();
        a.kind = (*kind).into();
        a.staff = 25 + i as i64;
        a.pupils = 310 - 40 * i as i64;
        a.community = 7 * i as i64;
        a.books = 150 * i as i64;
        a.gifts = 3 * i as i64;
        a.gift_value = 2_500_000 * i as i64;
        a.funding_state = 1_005_000;
        a.funding_private = 700_000 * i as i64;
        a.links = (0..i).map(|n| format!("https://thhoasen.edu.vn/tin-{n}")).collect();
        activity::save(&mut store, &a).unwrap();
    }
    store
}

fn sum(store: &Store, e: &str) -> i64 {
    store
        .conn()
        .query_row(&format!("SELECT {e} FROM activity WHERE year = 2025 AND deleted_at IS NULL"), [], |r| r.get(0))
        .unwrap()
}

fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> Data {
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

#[test]
fn every_figure_of_the_workbook_equals_the_database() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = filled(tmp.path());
    stats::correct(&mut store, 2025, "books", Some(999), "Thêm sách của thư viện xã").unwrap();

    let out = tmp.path().join("TK.xlsx");
    stats::export(&store, 2025, Some(out.clone())).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(std::fs::read(&out).unwrap())).unwrap();
    assert_eq!(book.sheet_names(), vec!["Thống kê", "Hoạt động"]);

    // Sheet 1: the report's table, row by row, from row 6 (index 5).
    let sheet = book.worksheet_range("Thống kê").unwrap();
    assert_eq!(cell(&sheet, 1, 0).get_string(), Some("SỐ LIỆU TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2025"));
    let (_, rows) = stats::table(&store, 2025).unwrap();
    for (i, r) in rows.iter().enumerate() {
        let row = 5 + i as u32;
        assert_eq!(cell(&sheet, row, 1).get_string(), Some(r.label.as_str()));
        assert_eq!(cell(&sheet, row, 3).get_float(), Some(r.value as f64), "{}", r.key);
        assert_eq!(cell(&sheet, row, 4).get_float(), Some(r.computed as f64), "{}", r.key);
    }
    let value = |key: &str| {
        let i = rows.iter().position(|r| r.key == key).unwrap();
        (cell(&sheet, 5 + i as u32, 3).get_float().unwrap() as i64, cell(&sheet, 5 + i as u32, 5))
    };
    assert_eq!(value("activities").0, sum(&store, "COUNT(*)"));
    assert_eq!(value("participants").0, sum(&store, "SUM(staff + pupils + community)"));
    assert_eq!(value("gift_value").0, sum(&store, "SUM(gift_value)"));
    assert_eq!(value("funding_total").0, sum(&store, "SUM(funding_state + funding_private)"));
    assert_eq!(value("news").0, 3, "0 + 1 + 2 links");
    // The correction is the value, the computed sum stays beside it, and the note says so.
    let (books, note) = value("books");
    assert_eq!(books, 999);
    assert_eq!(cell(&sheet, 5 + rows.iter().position(|r| r.key == "books").unwrap() as u32, 4).get_float(), Some(450.0));
    assert!(note.get_string().unwrap().starts_with("Sửa tay."), "{note:?}");

    // Sheet 2: one row per activity, totals as formulas whose results are the database sums.
    let log = book.worksheet_range("Hoạt động").unwrap();
    assert_eq!(cell(&log, 1, 1).get_string(), Some("Lễ khai mạc"));
    assert_eq!(cell(&log, 3, 1).get_string(), Some("Thi kể chuyện"));
    assert_eq!(cell(&log, 4, 0).get_string(), Some("Tổng cộng"));
    let formulas = book.worksheet_formula("Hoạt động").unwrap();
    for (col, expr) in
        [(5, "SUM(staff)"), (6, "SUM(pupils)"), (8, "SUM(staff + pupils + community)"), (14, "SUM(funding_private)")]
    {
        assert_eq!(cell(&log, 4, col).get_float(), Some(sum(&store, expr) as f64), "{expr}");
        let letter = char::from(b'A' + col as u8);
        assert_eq!(formulas.get_value((4, col)).map(String::as_str), Some(format!("SUM({letter}2:{letter}4)").as_str()));
    }
}

#[test]
fn the_dossier_holds_every_document_and_the_photos_under_clear_names() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = filled(tmp.path());
    let themes = Themes::builtin().unwrap();

    // Without a plan the dossier still packs the rest and says what is missing.
    let first = dossier::export(&store, &themes, 2025, Some(tmp.path().join("first.zip"))).unwrap();
    assert!(first.missing.iter().any(|m| m.starts_with("Kế hoạch")), "{:?}", first.missing);
    assert!(first.missing.iter().any(|m| m.starts_with("Ảnh tiêu biểu")), "{:?}", first.missing);

    let campaign = tuanle::campaign::get(&store, 2025).unwrap();
    let school = tuanle::school::require(&store).unwrap();
    let draft = plan::draft(&campaign, &school, &themes, NaiveDate::from_ymd_opt(2025, 9, 20).unwrap()).unwrap();
    plan::save(&mut store, &draft).unwrap();
    let src = tmp.path().join("in");
    std::fs::create_dir_all(&src).unwrap();
    let files: Vec<_> = (0..3)
        .map(|i| {
            let p = src.join(format!("IMG_{i}.jpg"));
            std::fs::write(&p, jpeg_with_exif(&red_blue(1600 + 10 * i, 1200), 1, "2025:10:01 08:00:00")).unwrap();
            p
        })
        .collect();
    let imported = photo::import(&mut store, 2025, &files, &AtomicBool::new(false), &mut |_| {}).unwrap();
    let captions = ["Lễ khai mạc Tuần lễ", "", "Đọc sách ở thư viện"];
    let first_activity = activity::list(&store, 2025, &Default::default()).unwrap()[0].id;
    for (id, caption) in imported.added.iter().zip(captions) {
        photo::update(
            &mut store,
            &PhotoEdit { id: *id, caption: caption.into(), activity_id: first_activity, representative: true },
        )
        .unwrap();
    }

    let d = dossier::export(&store, &themes, 2025, None).unwrap();
    assert!(d.path.ends_with("HoSo_TuanLeHTSD_2025_THHS.zip"), "{}", d.path);
    let bytes = std::fs::read(&d.path).unwrap();
    assert_eq!(d.bytes, bytes.len() as u64);
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
    let mut names: Vec<String> = zip.file_names().map(str::to_owned).collect();
    names.sort();
    let mut expected = vec![
        "Anh_tieu_bieu/01_Le-khai-mac-Tuan-le.jpg",
        "Anh_tieu_bieu/02_Le-khai-mac.jpg",
        "Anh_tieu_bieu/03_Doc-sach-o-thu-vien.jpg",
        "BC_TuanLeHTSD_2025_THHS.docx",
        "KB_LeKhaiMac_2025_THHS.docx",
        "KH_TuanLeHTSD_2025_THHS.docx",
        "TK_TuanLeHTSD_2025_THHS.xlsx",
    ];
    if tuanle::pdf::converter().is_some() {
        expected.push("BC_TuanLeHTSD_2025_THHS.pdf");
        expected.sort();
    }
    assert_eq!(names, expected);
    assert!(d.missing.iter().all(|m| !m.starts_with("Kế hoạch") && !m.starts_with("Ảnh")), "{:?}", d.missing);
    assert!(names.iter().all(|n| n.is_ascii()));

    // Each document in the zip is the one written beside it, and is what it claims to be.
    let exports = store.exports().join("2025");
    for name in names.iter().filter(|n| !n.contains('/')) {
        let mut inner = Vec::new();
        zip.by_name(name).unwrap().read_to_end(&mut inner).unwrap();
        assert_eq!(inner, std::fs::read(exports.join(name)).unwrap(), "{name}");
        let listed = d.files.iter().find(|f| &f.name == name).unwrap();
        assert_eq!(listed.bytes, inner.len() as u64);
        if name.ends_with(".docx") {
            Docx::open(&inner).assert_all_xml_valid();
        } else if name.ends_with(".pdf") {
            assert!(inner.starts_with(b"%PDF"));
        }
    }
    for name in names.iter().filter(|n| n.starts_with("Anh_tieu_bieu/")) {
        let mut inner = Vec::new();
        zip.by_name(name).unwrap().read_to_end(&mut inner).unwrap();
        let img = image::load_from_memory(&inner).unwrap();
        assert!(img.width().max(img.height()) <= 1280, "{name}: sized for email");
    }
}

#[test]
fn the_cli_says_clearly_when_no_pdf_converter_exists() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_tuanle"))
            .arg("--data-dir")
            .arg(&data)
            .args(args)
            .env("TUANLE_SOFFICE", tmp.path().join("no-such-soffice"))
            .output()
            .unwrap()
    };
    assert!(run(&["demo"]).status.success());
    let out = run(&["report", "export", "--pdf"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("chưa có LibreOffice"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(store_has_docx(&data), "the .docx is still written");
    let zipped = run(&["dossier"]);
    assert!(zipped.status.success(), "{}", String::from_utf8_lossy(&zipped.stderr));
    assert!(String::from_utf8_lossy(&zipped.stdout).contains("Báo cáo dạng PDF: máy chưa có LibreOffice"));
}

fn store_has_docx(data: &std::path::Path) -> bool {
    data.join("exports").join("2025").join("BC_TuanLeHTSD_2025_THHS.docx").is_file()
}

#[test]
fn sized_copies_are_kept_and_a_broken_one_is_made_again() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = filled(tmp.path());
    let src = tmp.path().join("big.jpg");
    std::fs::write(&src, jpeg_with_exif(&red_blue(2400, 1800), 6, "2025:10:01 08:00:00")).unwrap();
    let id = photo::import(&mut store, 2025, &[src], &AtomicBool::new(false), &mut |_| {}).unwrap().added[0];

    let first = photo::export_copy(&store, id, 1280, 300 * 1024).unwrap();
    let img = image::load_from_memory(&first).unwrap();
    assert_eq!((img.width(), img.height()), (960, 1280), "orientation 6 baked in, long edge 1280");
    let sized: Vec<_> = walk(&store.dir().root().join("photos").join("sized"));
    assert_eq!(sized.len(), 1, "{sized:?}");
    assert_eq!(std::fs::read(&sized[0]).unwrap(), first);

    std::fs::write(&sized[0], &first[..first.len() / 2]).unwrap();
    let again = photo::export_copy(&store, id, 1280, 300 * 1024).unwrap();
    assert_eq!(again, first, "a truncated copy is not used; the same copy is made again");
    assert_eq!(std::fs::read(&sized[0]).unwrap(), first);
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if e.path().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

#[test]
fn only_an_exported_document_may_be_opened_from_the_window() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(DataDir::at(tmp.path().join("data"))).unwrap();
    demo::load(&mut store, &Themes::builtin().unwrap()).unwrap();
    let exported = std::path::PathBuf::from(tuanle::report::export(&store, 2025, None).unwrap().path);
    let escaping = exported.parent().unwrap().join("..").join("..").join("tuanle.db");
    let outside = tmp.path().join("khac.docx");
    std::fs::write(&outside, b"not ours").unwrap();
    for path in [store.dir().database(), escaping, outside, store.exports().join("2025").join("khong-co.docx")] {
        let err = tuanle::exports::open(&store, &path, false).unwrap_err();
        assert_eq!(err.code(), "not_an_export", "{}", path.display());
        assert!(err.to_string().contains("Chỉ mở được các văn bản đã xuất"), "{err}");
    }
}

#[test]
fn a_chosen_export_folder_gets_the_kept_documents_and_the_next_exports() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(DataDir::at(tmp.path().join("data"))).unwrap();
    demo::load(&mut store, &Themes::builtin().unwrap()).unwrap();
    let first = std::path::PathBuf::from(tuanle::report::export(&store, 2025, None).unwrap().path);
    let ceremony_export = std::path::PathBuf::from(tuanle::ceremony::export(&store, 2025, None).unwrap().path);
    assert!(first.starts_with(tmp.path().join("data").join("exports")));

    // The chosen folder already holds a different file under the report's name: it is set aside.
    let chosen = tmp.path().join("Tài liệu").join("Tuần Lễ");
    let report_name = first.file_name().unwrap();
    std::fs::create_dir_all(chosen.join("2025")).unwrap();
    std::fs::write(chosen.join("2025").join(report_name), b"the user's own file").unwrap();

    let change = tuanle::exports::choose_folder(&mut store, Some(&chosen)).unwrap();
    assert_eq!(change.copied, 2);
    assert!(!change.folder.is_default);
    assert_eq!(std::path::PathBuf::from(&change.folder.path), chosen);
    assert_eq!(std::fs::read(chosen.join("2025").join(report_name)).unwrap(), std::fs::read(&first).unwrap());
    let aside = chosen.join("2025").join(report_name.to_string_lossy().replace(".docx", "_cu.docx"));
    assert_eq!(std::fs::read(aside).unwrap(), b"the user's own file");
    assert!(first.is_file() && ceremony_export.is_file(), "the old copies stay");

    // The copies count as exported and current; the next export goes there; the choice survives a reopen.
    let school = tuanle::school::require(&store).unwrap();
    let fresh = tuanle::exports::freshness(&store, tuanle::exports::DocKind::Report, 2025, &school).unwrap();
    assert_eq!(fresh.state, tuanle::exports::FreshState::Current);
    let next = std::path::PathBuf::from(stats::export(&store, 2025, None).unwrap().path);
    assert!(next.starts_with(&chosen), "{}", next.display());
    drop(store);
    let mut store = Store::open(DataDir::at(tmp.path().join("data"))).unwrap();
    assert_eq!(store.exports(), chosen);

    // A folder of the app's data, or one that cannot take a file, is refused and changes nothing.
    for bad in [tmp.path().join("data").join("photos"), tmp.path().join("tep.txt").join("con")] {
        std::fs::write(tmp.path().join("tep.txt"), b"a file, not a folder").unwrap();
        let err = tuanle::exports::choose_folder(&mut store, Some(&bad)).unwrap_err();
        assert_eq!(err.code(), "export_folder", "{}", bad.display());
        assert!(err.to_string().contains("văn bản vẫn được lưu ở nơi cũ"), "{err}");
        assert_eq!(store.exports(), chosen);
    }

    // Back to the default: the documents are copied back beside the data.
    let back = tuanle::exports::choose_folder(&mut store, None).unwrap();
    assert!(back.folder.is_default);
    assert_eq!(store.exports(), tmp.path().join("data").join("exports"));
    assert!(store.exports().join("2025").join(next.file_name().unwrap()).is_file());
    let rows: i64 = store.conn().query_row("SELECT COUNT(*) FROM setting", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 0);
}

#[test]
fn a_message_from_the_window_carries_only_the_exports_and_the_files_chosen_in_its_dialog() {
    let tmp = tempfile::tempdir().unwrap();
    let store = {
        let mut store = Store::open(DataDir::at(tmp.path().join("data"))).unwrap();
        demo::load(&mut store, &Themes::builtin().unwrap()).unwrap();
        store
    };
    tuanle::report::export(&store, 2025, None).unwrap();
    let mut compose = tuanle::mail::message::draft(&store, 2025).unwrap();
    assert_eq!(compose.files.len(), 1);
    tuanle::mail::message::check_files(&store, &compose, &[]).unwrap();

    let scan = tmp.path().join("scan.pdf");
    std::fs::write(&scan, b"%PDF-1.4").unwrap();
    compose.files.push(store.dir().database().display().to_string());
    let err = tuanle::mail::message::check_files(&store, &compose, std::slice::from_ref(&scan)).unwrap_err();
    assert_eq!(err.code(), "not_attachable");
    assert!(err.to_string().contains("tuanle.sqlite"), "{err}");
    compose.files.pop();
    compose.files.push(scan.display().to_string());
    tuanle::mail::message::check_files(&store, &compose, &[scan]).unwrap();
}
