//! The report: figures in the .docx equal the database, funding in words, 30 representative photos
//! within the size budget stored as JPEG, and LibreOffice renders every page (PNGs kept).

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

mod support;

use std::process::Command;
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;
use support::{Docx, jpeg_with_exif};
use tuanle::activity::{self, Activity};
use tuanle::photo::{self, PhotoEdit};
use tuanle::store::{DataDir, Store};
use tuanle::themes::Themes;
use tuanle::{demo, money, report, stats};

fn noisy(w: u32, h: u32, seed: u32) -> image::RgbImage {
    let mut x = seed.wrapping_mul(2_654_435_761) | 1;
    image::RgbImage::from_fn(w, h, |px, py| {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        let base = ((px / 40 + py / 40 + seed) % 7 * 30) as u8;
        image::Rgb([base.wrapping_add((x & 63) as u8), (x >> 8) as u8 & 127, base / 2 + (x >> 16) as u8 % 64])
    })
}

/// The demo school with three activities and 30 representative photos, its report exported to
/// `BC.docx` in `tmp`.
fn report_with_30_photos(tmp: &tempfile::TempDir) -> (Store, std::path::PathBuf) {
    let mut store = Store::open(DataDir::at(tmp.path().join("data"))).unwrap();
    demo::load(&mut store, &Themes::builtin().unwrap()).unwrap();
    for (i, (kind, title)) in
        [("opening", "Lễ khai mạc Tuần lễ"), ("reading", "Ngày hội đọc sách"), ("scholarship", "Trao học bổng")]
            .iter()
            .enumerate()
    {
        let mut a = Activity::blank(2025, NaiveDate::from_ymd_opt(2025, 10, 1 + i as u32).unwrap());
        a.title = (*title).into();
        a.kind = (*kind).into();
        a.staff = 30 + i as i64;
        a.pupils = 400 - 50 * i as i64;
        a.community = 12;
        a.books = 120 * i as i64;
        a.gifts = 10 * i as i64;
        a.gift_value = 5_000_000 * i as i64;
        a.funding_state = 1_005_000;
        a.funding_private = 2_000_000 * i as i64;
        activity::save(&mut store, &a).unwrap();
    }
    let src = tmp.path().join("in");
    std::fs::create_dir_all(&src).unwrap();
    let files: Vec<_> = (0..30)
        .map(|i| {
            let p = src.join(format!("IMG_{i:02}.jpg"));
            std::fs::write(&p, jpeg_with_exif(&noisy(1800, 1350, i), 1, "2025:10:02 09:00:00")).unwrap();
            p
        })
        .collect();
    let imported = photo::import(&mut store, 2025, &files, &AtomicBool::new(false), &mut |_| {}).unwrap();
    assert_eq!(imported.progress.added, 30);
    for id in &imported.added {
        photo::update(
            &mut store,
            &PhotoEdit { id: *id, caption: format!("Ảnh số {id}"), activity_id: None, representative: true },
        )
        .unwrap();
    }

    let out = tmp.path().join("BC.docx");
    report::export(&store, 2025, Some(out.clone())).unwrap();
    (store, out)
}

#[test]
fn the_report_with_30_photos_matches_the_database_and_fits_the_budget() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, out) = report_with_30_photos(&tmp);
    let export_bytes = std::fs::metadata(&out).unwrap().len();
    let budget = 10 * 1024 * 1024;
    assert!(export_bytes < budget, "{export_bytes} bytes for 30 photos");
    let bytes = std::fs::read(&out).unwrap();
    let docx = Docx::open(&bytes);
    docx.assert_all_xml_valid();

    // Photos are stored as JPEG, declared as such.
    let zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let media: Vec<&str> = zip.file_names().filter(|n| n.starts_with("word/media/") && !n.ends_with('/')).collect();
    assert_eq!(media.len(), 30);
    assert!(media.iter().all(|n| n.ends_with(".jpeg")), "{media:?}");
    let types = roxmltree::Document::parse(docx.part("[Content_Types].xml")).unwrap();
    assert!(
        types.descendants().any(|n| n.attribute("Extension") == Some("jpeg") && n.attribute("ContentType") == Some("image/jpeg")),
        "JPEG declared"
    );
    assert!(!docx.part("word/_rels/document.xml.rels").contains(".png"));

    // Every number of the statistics table equals the database.
    let paras = docx.paragraphs();
    let (_, rows) = stats::table(&store, 2025).unwrap();
    let sum = |e: &str| -> i64 {
        store.conn().query_row(&format!("SELECT {e} FROM activity WHERE year = 2025"), [], |r| r.get(0)).unwrap()
    };
    for (key, expected) in [
        ("activities", sum("COUNT(*)")),
        ("participants", sum("SUM(staff + pupils + community)")),
        ("books", sum("SUM(books)")),
        ("gift_value", sum("SUM(gift_value)")),
        ("funding_total", sum("SUM(funding_state + funding_private)")),
    ] {
        let row = rows.iter().find(|r| r.key == key).unwrap();
        assert_eq!(row.value, expected, "{key}");
        let i = paras.iter().position(|p| p == &row.label).unwrap_or_else(|| panic!("row {key} missing"));
        assert_eq!(paras[i + 2], money::figures(expected as u64), "{key} in the table");
    }
    let total = sum("SUM(funding_state + funding_private)") as u64;
    assert!(paras.iter().any(|p| p.contains(&format!(
        "Tổng kinh phí: {} đồng (Bằng chữ: {})",
        money::figures(total),
        money::amount_in_words(total)
    ))));
    assert!(paras.iter().any(|p| p == "BÁO CÁO"));
    assert!(paras.iter().any(|p| p == "Ảnh số 1"));
    // With representative photos chosen, the default message takes them along.
    assert!(tuanle::mail::message::draft(&store, 2025).unwrap().photos);
}

#[test]
#[cfg_attr(windows, ignore = "LibreOffice rendering: the Windows lane has no LibreOffice under Wine")]
fn libreoffice_renders_the_report_with_30_photos_on_several_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let (_store, out) = report_with_30_photos(&tmp);
    // LibreOffice renders it; keep a PNG of every page.
    let status = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", tmp.path().join("lo").display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(tmp.path())
        .arg(&out)
        .output()
        .expect("LibreOffice must be installed (scripts/setup.sh test)");
    assert!(status.status.success());
    let artifacts = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts").join("docs");
    std::fs::create_dir_all(&artifacts).unwrap();
    let ok = Command::new("pdftoppm")
        .args(["-png", "-r", "50"])
        .arg(tmp.path().join("BC.pdf"))
        .arg(artifacts.join("report-page"))
        .status()
        .unwrap();
    assert!(ok.success());
    let pages = std::fs::read_dir(&artifacts)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with("report-page"))
        .count();
    assert!(pages >= 6, "30 photos two per row take several pages: {pages}");
}

#[test]
fn the_report_follows_the_authoritys_outline_and_ends_like_a_state_report() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(DataDir::at(tmp.path().join("data"))).unwrap();
    demo::load(&mut store, &Themes::builtin().unwrap()).unwrap();
    let paras = |store: &Store| -> Vec<String> {
        let out = tmp.path().join("bc.docx");
        report::export(store, 2025, Some(out.clone())).unwrap();
        Docx::open(&std::fs::read(&out).unwrap()).paragraphs()
    };
    assert!(!tuanle::mail::message::draft(&store, 2025).unwrap().photos, "no representative photo, none attached");
    // No funding is said in words, not as «0 đồng (Bằng chữ: Không đồng)».
    let without = paras(&store);
    assert!(without.iter().any(|p| p == "Các hoạt động của Tuần lễ được tổ chức không sử dụng kinh phí."), "{without:?}");
    assert!(!without.iter().any(|p| p.contains("Không đồng")));
    for heading in [
        "2. Lễ phát động Tuần lễ",
        "2. Khó khăn, tồn tại",
        "3. Kiến nghị, đề xuất",
        "4. Bảng tổng hợp số liệu các hoạt động tổ chức Tuần lễ (thống kê theo Mẫu tổng hợp)",
    ] {
        assert!(without.iter().any(|p| p == heading), "missing «{heading}»");
    }
    let closing = without.iter().position(|p| p.starts_with("Trên đây là báo cáo")).expect("closing sentence");
    assert!(without[closing].ends_with("của Trường Tiểu học Hoa Sen./."), "{}", without[closing]);
    assert!(without[closing + 1..].iter().all(|p| !p.starts_with("Ảnh")), "the closing comes last in the body");

    // People are counted with the thousands dot, like money.
    let mut a = Activity::blank(2025, NaiveDate::from_ymd_opt(2025, 10, 1).unwrap());
    a.title = "Lễ khai mạc Tuần lễ".into();
    a.kind = "opening".into();
    a.pupils = 1_200;
    a.staff = 50;
    activity::save(&mut store, &a).unwrap();
    let draft = report::state(&store, 2025).unwrap().report;
    assert!(draft.ceremony.contains("1.250 người"), "{}", draft.ceremony);
    assert!(draft.results.contains("1.250 lượt"), "{}", draft.results);

    // The plan is cited as a state document: «Kế hoạch số …/KH-… ngày … về việc tổ chức …».
    let campaign = tuanle::campaign::get(&store, 2025).unwrap();
    let school = tuanle::school::require(&store).unwrap();
    let mut plan = tuanle::plan::draft(&campaign, &school, &Themes::builtin().unwrap(), campaign.week_start).unwrap();
    plan.number = "12".into();
    plan.issue_date = NaiveDate::from_ymd_opt(2025, 9, 25).unwrap();
    tuanle::plan::save(&mut store, &plan).unwrap();
    let draft = report::state(&store, 2025).unwrap().report;
    assert!(draft.direction.contains("Kế hoạch số 12/KH-THHS ngày 25/09/2025 về việc tổ chức Tuần lễ"), "{}", draft.direction);
}

#[test]
fn the_report_is_checked_like_the_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(DataDir::at(tmp.path())).unwrap();
    demo::load(&mut store, &Themes::builtin().unwrap()).unwrap();
    // Without an opening ceremony in the log, the draft names no head count ("0 người").
    let without = report::state(&store, 2025).unwrap().report.ceremony;
    assert!(!without.contains(" người,") && without.contains("với sự tham gia của cán bộ"), "{without}");

    let mut a = Activity::blank(2025, NaiveDate::from_ymd_opt(2025, 10, 1).unwrap());
    a.title = "Lễ khai mạc".into();
    a.kind = "opening".into();
    a.pupils = 300;
    activity::save(&mut store, &a).unwrap();

    let state = report::state(&store, 2025).unwrap();
    assert!(!state.saved);
    assert_eq!(state.findings, vec![], "the default draft passes its own checks");
    assert!(state.report.ceremony.contains("300 người"), "{}", state.report.ceremony);

    let mut r = state.report.clone();
    r.results = "Kết quả tốt hơn năm 2024 ở Tuần lễ năm 2024.".into();
    r.difficulties = " ".into();
    r.issue_date = NaiveDate::from_ymd_opt(2025, 10, 20).unwrap();
    report::save(&mut store, &r).unwrap();
    let findings = report::state(&store, 2025).unwrap().findings;
    let got: Vec<(&str, &str)> = findings.iter().map(|f| (f.code.as_str(), f.place.as_str())).collect();
    assert!(got.contains(&("stray_year", "II.1 Kết quả")), "{got:?}");
    assert!(got.contains(&("empty_section", "II.2 Khó khăn")), "{got:?}");
    assert!(got.contains(&("issue_date_late", "Ngày báo cáo")), "{got:?}");
    let export = report::export(&store, 2025, Some(tmp.path().join("bc.docx"))).unwrap();
    assert_eq!(export.findings, findings, "the export reports the same checks");
}

/// Freshness follows what the report shows: saving the same text again keeps the export current
/// (exporting the workbook no longer flips the step back), while a new activity, a caption of a
/// representative photo or the school profile makes it stale, named.
#[test]
fn the_exported_report_is_stale_exactly_when_something_it_shows_changed() {
    use tuanle::exports::{self, DocKind, FreshState};
    use tuanle::school;
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(DataDir::at(tmp.path().join("data"))).unwrap();
    demo::load(&mut store, &Themes::builtin().unwrap()).unwrap();
    let fresh = |store: &Store| exports::freshness(store, DocKind::Report, 2025, &school::require(store).unwrap()).unwrap();
    assert_eq!(fresh(&store).state, FreshState::Missing);

    let draft = report::state(&store, 2025).unwrap().report;
    let saved = report::save(&mut store, &draft).unwrap();
    report::export(&store, 2025, None).unwrap();
    assert_eq!(fresh(&store).state, FreshState::Current);
    report::save(&mut store, &saved).unwrap();
    stats::export(&store, 2025, None).unwrap();
    assert_eq!(fresh(&store).state, FreshState::Current, "the same text saved again changes nothing");

    let mut a = Activity::blank(2025, NaiveDate::from_ymd_opt(2025, 10, 2).unwrap());
    a.title = "Tọa đàm về đọc sách".into();
    a.kind = "reading".into();
    activity::save(&mut store, &a).unwrap();
    let stale = fresh(&store);
    assert_eq!(stale.state, FreshState::Stale);
    assert_eq!(stale.changed, ["nhật ký hoạt động"]);

    report::export(&store, 2025, None).unwrap();
    let mut profile = school::require(&store).unwrap();
    profile.signer_name = "Trần Thị Bình".into();
    school::save(&mut store, &profile).unwrap();
    assert_eq!(fresh(&store).changed, ["thông tin của trường"]);

    // An export written elsewhere (--out) does not make the kept file current.
    report::export(&store, 2025, Some(tmp.path().join("khac.docx"))).unwrap();
    assert_eq!(fresh(&store).state, FreshState::Stale);
}
