//! Photo evidence: orientation, EXIF date → activity, duplicates, bad files in a batch, cancel,
//! a process killed mid-import, export copies without metadata.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::NaiveDate;
use support::{is_blue, is_red, jpeg_with_exif, red_blue, spawn_retrying};
use tuanle::activity::{self, Activity};
use tuanle::photo::{self, ImportReport};
use tuanle::store::{DataDir, Store};
use tuanle::themes::Themes;
use tuanle::{demo, school};

fn demo_store() -> (tempfile::TempDir, Store) {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(DataDir::at(tmp.path().join("data"))).unwrap();
    demo::load(&mut store, &Themes::builtin().unwrap()).unwrap();
    (tmp, store)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn import(store: &mut Store, files: &[PathBuf]) -> ImportReport {
    photo::import(store, 2025, files, &AtomicBool::new(false), &mut |_| {}).unwrap()
}

fn thumbnail(store: &Store, id: i64) -> image::RgbImage {
    let url = photo::thumbnail_data_url(store, id).unwrap();
    let b64 = url.strip_prefix("data:image/jpeg;base64,").unwrap();
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD.decode(b64).unwrap();
    image::load_from_memory(&bytes).unwrap().to_rgb8()
}

#[test]
fn exif_orientation_is_applied_to_thumbnails_and_export_copies() {
    let (tmp, mut store) = demo_store();
    let src = tmp.path().join("in");
    // Stored 400×200 with red on the left; orientation 6 means "rotate 90° clockwise to view".
    let rotated = write(&src, "rotated.jpg", &jpeg_with_exif(&red_blue(400, 200), 6, "2025:10:01 08:00:00"));
    let upside = write(&src, "upside.jpg", &jpeg_with_exif(&red_blue(400, 200), 3, "2025:10:01 08:01:00"));
    let report = import(&mut store, &[rotated, upside]);
    assert_eq!(report.progress.added, 2, "{:?}", report.failures);

    let photos = photo::list(&store, 2025).unwrap();
    let r = photos.iter().find(|p| p.original_name == "rotated.jpg").unwrap();
    assert_eq!((r.width, r.height), (200, 400), "displayed size is portrait");
    let thumb = thumbnail(&store, r.id);
    assert!(thumb.height() > thumb.width());
    assert!(is_red(thumb.get_pixel(thumb.width() / 2, 5)), "red is now on top");
    assert!(is_blue(thumb.get_pixel(thumb.width() / 2, thumb.height() - 5)));

    let u = photos.iter().find(|p| p.original_name == "upside.jpg").unwrap();
    let thumb = thumbnail(&store, u.id);
    assert!(is_blue(thumb.get_pixel(5, thumb.height() / 2)), "180°: blue on the left");
    assert!(is_red(thumb.get_pixel(thumb.width() - 5, thumb.height() / 2)));

    // The export copy bakes the orientation in and carries no EXIF (no GPS, no date).
    let copy = photo::export_copy(&store, r.id, 160, 200_000).unwrap();
    assert!(!copy.windows(4).any(|w| w == b"Exif"), "metadata stripped");
    let img = image::load_from_memory(&copy).unwrap().to_rgb8();
    assert_eq!((img.width(), img.height()), (80, 160));
    assert!(is_red(img.get_pixel(40, 5)));

    // The original bytes are kept unchanged.
    let original = std::fs::read(store.dir().root().join(format!("photos/{}/{}.jpg", &r.sha256[..2], r.sha256))).unwrap();
    assert_eq!(original, std::fs::read(src.join("rotated.jpg")).unwrap());
}

fn add_activity(store: &mut Store, date: NaiveDate, start: &str, title: &str) -> i64 {
    let mut a = Activity::blank(2025, date);
    a.title = title.into();
    a.start_time = start.into();
    a.pupils = 100;
    activity::save(store, &a).unwrap().id.unwrap()
}

#[test]
fn the_exif_date_suggests_the_activity() {
    let (tmp, mut store) = demo_store();
    let day = NaiveDate::from_ymd_opt(2025, 10, 1).unwrap();
    let opening = add_activity(&mut store, day, "07:30", "Lễ khai mạc");
    let contest = add_activity(&mut store, day, "14:00", "Thi kể chuyện theo sách");
    let src = tmp.path().join("in");
    let files = [
        write(&src, "morning.jpg", &jpeg_with_exif(&red_blue(64, 48), 1, "2025:10:01 08:05:00")),
        write(&src, "afternoon.jpg", &jpeg_with_exif(&red_blue(64, 40), 1, "2025:10:01 15:10:00")),
        write(&src, "other-day.jpg", &jpeg_with_exif(&red_blue(64, 32), 1, "2025:10:03 09:00:00")),
    ];
    import(&mut store, &files);
    let by_name = |n: &str| photo::list(&store, 2025).unwrap().into_iter().find(|p| p.original_name == n).unwrap();
    assert_eq!(by_name("morning.jpg").activity_id, Some(opening));
    assert_eq!(by_name("afternoon.jpg").activity_id, Some(contest));
    assert_eq!(by_name("other-day.jpg").activity_id, None);
    assert_eq!(by_name("morning.jpg").taken_at.map(|t| t.to_string()).as_deref(), Some("2025-10-01 08:05:00"));
}

#[test]
fn duplicates_broken_files_and_heic_in_one_batch() {
    let (tmp, mut store) = demo_store();
    let src = tmp.path().join("in");
    let good = jpeg_with_exif(&red_blue(120, 80), 1, "2025:10:02 09:00:00");
    let mut broken = good[..good.len() / 3].to_vec();
    broken.extend(std::iter::repeat_n(0x55u8, 500));
    let files = [
        write(&src, "IMG_0001.jpg", &good),
        write(&src, "IMG_0001 (1).jpg", &good),
        write(&src, "IMG_0002.HEIC", b"\0\0\0\x18ftypheic\0\0\0\0mif1heicXXXXXXXX"),
        write(&src, "hong.jpg", &broken),
        write(&src, "ghi-chu.jpg", b"not an image at all"),
        write(&src, "IMG_0003.png", &{
            let mut v = Vec::new();
            red_blue(30, 30).write_to(&mut std::io::Cursor::new(&mut v), image::ImageFormat::Png).unwrap();
            v
        }),
    ];
    let report = import(&mut store, &files);
    assert_eq!(report.progress.added, 2, "{report:?}");
    assert_eq!(report.progress.duplicates, 1);
    assert_eq!(report.duplicates.len(), 1);
    assert_eq!(report.progress.failed, 3);
    let messages: Vec<&str> = report.failures.iter().map(|f| f.message.as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("«IMG_0002.HEIC»") && m.contains("HEIC")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("«hong.jpg»") && m.contains("bị hỏng")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("«ghi-chu.jpg»") && m.contains("không phải là ảnh")), "{messages:?}");

    // The same photo again, later: recognised, not stored twice.
    let again = import(&mut store, &[files[0].clone()]);
    assert_eq!((again.progress.added, again.progress.duplicates), (0, 1));
    assert_eq!(photo::list(&store, 2025).unwrap().len(), 2);
    assert!(photo::missing_files(&store).unwrap().is_empty());
}

fn many_photos(dir: &Path, n: usize, w: u32, h: u32) -> Vec<PathBuf> {
    (0..n)
        .map(|i| {
            let img =
                image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x * 7 + i as u32) as u8, (y * 3) as u8, (i * 13) as u8]));
            write(dir, &format!("IMG_{i:04}.jpg"), &jpeg_with_exif(&img, 1, "2025:10:02 10:00:00"))
        })
        .collect()
}

#[test]
fn cancelling_keeps_what_is_done_and_nothing_half_done() {
    let (tmp, mut store) = demo_store();
    let files = many_photos(&tmp.path().join("in"), 12, 320, 240);
    let cancel = AtomicBool::new(false);
    let report = photo::import(&mut store, 2025, &files, &cancel, &mut |p| {
        if p.done == 3 {
            cancel.store(true, Ordering::Relaxed);
        }
    })
    .unwrap();
    assert!(report.cancelled);
    assert!(report.progress.added >= 3 && report.progress.added < 12, "{:?}", report.progress);
    assert_eq!(photo::list(&store, 2025).unwrap().len(), report.progress.added);
    assert!(store.integrity_ok().unwrap());
    assert!(photo::missing_files(&store).unwrap().is_empty());
    // Starting again finishes the job without doubles.
    let rest = import(&mut store, &files);
    assert_eq!(rest.progress.added + report.progress.added, 12);
    assert_eq!(rest.progress.duplicates, report.progress.added);
}

#[test]
fn a_process_killed_mid_import_leaves_a_consistent_store() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    {
        let mut store = Store::open(DataDir::at(&data)).unwrap();
        demo::load(&mut store, &Themes::builtin().unwrap()).unwrap();
    }
    let files = many_photos(&tmp.path().join("in"), 40, 1200, 900);
    let mut rounds = 0;
    for delay_ms in [60, 150, 250, 400, 700] {
        let mut child = spawn_retrying(
            Command::new(env!("CARGO_BIN_EXE_tuanle"))
                .arg("--data-dir")
                .arg(&data)
                .args(["--json", "photos", "add"])
                .arg(tmp.path().join("in"))
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null()),
        );
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL on Unix, TerminateProcess on Windows
        let _ = child.wait();
        rounds += 1;
        let store = Store::open(DataDir::at(&data)).unwrap();
        assert!(store.integrity_ok().unwrap(), "round {rounds}");
        assert_eq!(photo::missing_files(&store).unwrap(), Vec::<String>::new(), "round {rounds}");
        for p in photo::list(&store, 2025).unwrap() {
            let thumb = thumbnail(&store, p.id);
            assert!(thumb.width() > 0);
        }
    }
    let mut store = Store::open(DataDir::at(&data)).unwrap();
    let report = import(&mut store, &files);
    assert_eq!(report.progress.failed, 0);
    assert_eq!(photo::list(&store, 2025).unwrap().len(), 40, "all photos present once after {rounds} killed rounds");
    assert!(school::load(&store).unwrap().is_some());
}

fn colour_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/colour").join(name)
}

/// Red left, blue right; or, for the grey photo, grey on both sides (lighter left).
fn assert_colours(img: &image::RgbImage, grey: bool, what: &str) {
    let (w, h) = img.dimensions();
    let left = img.get_pixel(w / 4, h / 2);
    let right = img.get_pixel(w * 3 / 4, h / 2);
    if grey {
        let flat = |p: &image::Rgb<u8>| p[0].abs_diff(p[1]) < 6 && p[1].abs_diff(p[2]) < 6;
        assert!(
            flat(left) && flat(right) && left[0].abs_diff(80) < 12 && right[0].abs_diff(43) < 12,
            "{what}: {left:?} {right:?}"
        );
    } else {
        assert!(is_red(left) && is_blue(right), "{what}: left {left:?}, right {right:?}");
    }
}

/// CMYK and YCCK JPEGs (Adobe-inverted and plain) keep their colours in the thumbnail, in the
/// sized copy used by the report and the email, and in the report itself; grey stays grey; a
/// colour layout nothing converts is refused by name instead of being stored black.
#[test]
fn cmyk_ycck_and_grey_photos_keep_their_colours_everywhere() {
    let (tmp, mut store) = demo_store();
    let names = ["cmyk-adobe-pillow.jpg", "ycck-adobe-imagemagick.jpg", "cmyk-plain-no-adobe.jpg", "grey.jpg"];
    let mut files: Vec<PathBuf> = names.iter().map(|n| colour_fixture(n)).collect();
    files.push(colour_fixture("ycck-marker-on-3-components.jpg"));
    let report = import(&mut store, &files);
    assert_eq!(report.progress.added, 4, "{:?}", report.failures);
    assert_eq!(report.failures.len(), 1);
    let refused = &report.failures[0];
    assert!(refused.message.contains("«ycck-marker-on-3-components.jpg»") && refused.message.contains("hệ màu"), "{refused:?}");

    let photos = photo::list(&store, 2025).unwrap();
    for p in &photos {
        let grey = p.original_name == "grey.jpg";
        assert_colours(&thumbnail(&store, p.id), grey, &format!("thumbnail of {}", p.original_name));
        let copy = photo::export_copy(&store, p.id, 1280, 300 * 1024).unwrap();
        assert_colours(&image::load_from_memory(&copy).unwrap().to_rgb8(), grey, &format!("copy of {}", p.original_name));
        let edit = photo::PhotoEdit { id: p.id, caption: p.original_name.clone(), activity_id: None, representative: true };
        photo::update(&mut store, &edit).unwrap();
    }

    // The report's photos, read back from the .docx.
    let out = tmp.path().join("BC.docx");
    tuanle::report::export(&store, 2025, Some(out.clone())).unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let media: Vec<String> =
        zip.file_names().filter(|n| n.starts_with("word/media/") && !n.ends_with('/')).map(str::to_owned).collect();
    assert_eq!(media.len(), 4, "{media:?}");
    let mut greys = 0;
    for name in media {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut zip.by_name(&name).unwrap(), &mut bytes).unwrap();
        let img = image::load_from_memory(&bytes).unwrap().to_rgb8();
        let p = img.get_pixel(img.width() / 4, img.height() / 2);
        let grey = p[0].abs_diff(p[2]) < 6;
        greys += usize::from(grey);
        assert_colours(&img, grey, &name);
    }
    assert_eq!(greys, 1, "only the grey photo is grey in the report");
}

/// A file name from a Mac or an iPhone (NFD: "Lễ" as e + two combining marks) is stored and
/// shown composed (NFC), equal to the same name typed on Windows.
#[test]
fn file_names_from_a_mac_are_stored_composed() {
    let (tmp, mut store) = demo_store();
    let nfd = "Le\u{0302}\u{0303} khai ma\u{0323}c.jpg";
    let folder = tmp.path().join("Ho\u{0323}c ta\u{0302}\u{0323}p");
    let file = write(&folder, nfd, &jpeg_with_exif(&red_blue(80, 60), 1, "2025:10:01 08:00:00"));
    let report = import(&mut store, &[file]);
    assert_eq!(report.progress.added, 1, "{:?}", report.failures);
    let stored = photo::list(&store, 2025).unwrap().remove(0).original_name;
    assert_eq!(stored, "Lễ khai mạc.jpg");
    assert_eq!(stored.chars().count(), "Lễ khai mạc.jpg".chars().count());
    let broken = write(&folder, "A\u{0309}nh ho\u{309}ng.jpg", b"\xFF\xD8\xFF broken");
    let report = import(&mut store, &[broken]);
    assert!(report.failures[0].message.contains("«Ảnh hỏng.jpg»"), "{:?}", report.failures);
}

#[test]
fn pasted_activities_are_saved_all_together_or_none() {
    let (_tmp, mut store) = demo_store();
    let read = tuanle::pasted::read(
        &store,
        demo::DEMO_YEAR,
        "Ngày\tHoạt động\tĐịa điểm\tSố học sinh\n01/10\tLễ khai mạc\tSân trường\t540\n\t«Ngày hội đọc sách»\tThư viện\t1.200\n",
    )
    .unwrap();
    let mut kept: Vec<Activity> = read.rows.iter().map(|r| r.activity.clone()).collect();
    assert_eq!(kept.len(), 2);

    // One of them refused (a negative count slipped in after the preview): nothing is stored.
    kept[1].pupils = -3;
    let err = activity::save_all(&mut store, &kept).unwrap_err();
    assert!(err.to_string().contains("Hoạt động thứ 2 ««Ngày hội đọc sách»»"), "{err}");
    let filter = activity::ActivityFilter { kind: None, text: None };
    assert!(activity::list(&store, demo::DEMO_YEAR, &filter).unwrap().is_empty());

    kept[1].pupils = 1200;
    let saved = activity::save_all(&mut store, &kept).unwrap();
    let listed = activity::list(&store, demo::DEMO_YEAR, &filter).unwrap();
    assert_eq!(listed, saved);
    let got: Vec<_> = listed.iter().map(|a| (a.date, a.title.as_str(), a.place.as_str(), a.pupils, a.kind.as_str())).collect();
    let day = NaiveDate::from_ymd_opt(2025, 10, 1).unwrap();
    assert_eq!(
        got,
        [(day, "Lễ khai mạc", "Sân trường", 540, "opening"), (day, "«Ngày hội đọc sách»", "Thư viện", 1200, "reading")]
    );
}

#[test]
fn after_an_import_each_photo_says_its_activity_and_why_and_the_rest_are_proposed_as_new_activities() {
    let (tmp, mut store) = demo_store();
    let day = NaiveDate::from_ymd_opt(2025, 10, 1).unwrap();
    let mut opening = Activity::blank(2025, day);
    (opening.title, opening.start_time, opening.end_time, opening.pupils) =
        ("Lễ khai mạc".into(), "07:30".into(), "09:00".into(), 500);
    let opening = activity::save(&mut store, &opening).unwrap().id.unwrap();
    let contest = add_activity(&mut store, day, "14:00", "Thi kể chuyện theo sách");
    let src = tmp.path().join("in");
    let shot = |name: &str, at: &str, h: u32| write(&src, name, &jpeg_with_exif(&red_blue(64, h), 1, at));
    let files = [
        shot("early.jpg", "2025:10:01 07:10:00", 30),
        shot("opening.jpg", "2025:10:01 08:40:00", 31),
        shot("noon.jpg", "2025:10:01 11:45:00", 32),
        shot("contest.jpg", "2025:10:01 15:10:00", 33),
        shot("friday-1.jpg", "2025:10:03 09:02:00", 34),
        shot("friday-2.jpg", "2025:10:03 09:38:00", 35),
        shot("friday-late.jpg", "2025:10:03 16:20:00", 36),
        write(&src, "no-date.jpg", &{
            let mut plain = Vec::new();
            image::codecs::jpeg::JpegEncoder::new(&mut plain).encode_image(&red_blue(64, 37)).unwrap();
            plain
        }),
    ];
    let report = import(&mut store, &files);
    let ids: std::collections::HashMap<String, i64> =
        photo::list(&store, 2025).unwrap().into_iter().map(|p| (p.original_name, p.id)).collect();
    let id = |n: &str| ids[n];
    let m = tuanle::matching::review(&store, 2025, &report.added).unwrap();

    let linked: Vec<(i64, Vec<i64>)> = m.linked.iter().map(|l| (l.activity_id, l.photos.clone())).collect();
    assert_eq!(linked, [(opening, vec![id("early.jpg"), id("opening.jpg")]), (contest, vec![id("contest.jpg")])]);
    assert!(m.linked[0].reason.contains("trong giờ của hoạt động (07:30–09:00)"), "{}", m.linked[0].reason);
    assert_eq!((m.linked[0].from.as_str(), m.linked[0].to.as_str()), ("07:10", "08:40"));
    assert!(m.linked[0].activity.contains("01/10/2025 07:30 · Lễ khai mạc"), "{}", m.linked[0].activity);
    // 11:45 is after the opening ended and before the contest: no activity of the log covers it.
    let groups: Vec<(NaiveDate, &str, &str, Vec<i64>)> =
        m.proposals.iter().map(|p| (p.date, p.start_time.as_str(), p.end_time.as_str(), p.photos.clone())).collect();
    let friday = NaiveDate::from_ymd_opt(2025, 10, 3).unwrap();
    assert_eq!(
        groups,
        [
            (day, "11:45", "", vec![id("noon.jpg")]),
            (friday, "09:00", "09:40", vec![id("friday-1.jpg"), id("friday-2.jpg")]),
            (friday, "16:20", "", vec![id("friday-late.jpg")]),
        ]
    );
    assert_eq!(m.undated, [id("no-date.jpg")]);
    assert_eq!(photo::get(&store, id("noon.jpg")).unwrap().activity_id, None, "nothing is linked silently to a wrong activity");

    // The user names two of the groups and accepts them: activities made, photos linked, at once.
    let mut kept = vec![m.proposals[1].clone(), m.proposals[2].clone()];
    kept[0].title = "Ngày hội đọc sách".into();
    kept[1].title = "  ".into();
    let err = tuanle::matching::accept(&mut store, 2025, &kept).unwrap_err();
    assert!(err.to_string().contains("Nhóm ảnh ngày 03/10/2025"), "{err}");
    assert_eq!(activity::list(&store, 2025, &Default::default()).unwrap().len(), 2, "nothing made when one is refused");
    kept[1].title = "Trồng cây xanh".into();
    let made = tuanle::matching::accept(&mut store, 2025, &kept).unwrap();
    assert_eq!(
        made.iter().map(|a| (a.title.as_str(), a.start_time.as_str(), a.end_time.as_str())).collect::<Vec<_>>(),
        [("Ngày hội đọc sách", "09:00", "09:40"), ("Trồng cây xanh", "16:20", "")]
    );
    assert_eq!(photo::get(&store, id("friday-2.jpg")).unwrap().activity_id, made[0].id);
    assert_eq!(photo::get(&store, id("friday-late.jpg")).unwrap().activity_id, made[1].id);
    let again = tuanle::matching::review(&store, 2025, &[]).unwrap();
    assert_eq!(again.proposals.len(), 1, "only the noon photo is left: {:?}", again.proposals);
}

/// A PNG of 16000×2000 RGBA (128 MB of pixels, past what one picture may take whole) is read a
/// row at a time and averaged on the way: imported, with its full size, a 320 px thumbnail and a
/// sized copy that keep red left and blue right.
#[test]
fn a_png_too_big_to_hold_whole_is_thumbnailed_row_by_row() {
    let (tmp, mut store) = demo_store();
    let (w, h) = (16_000u32, 2_000u32);
    let path = tmp.path().join("in").join("ban-do-truong.png");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    {
        let mut encoder = png::Encoder::new(std::io::BufWriter::new(std::fs::File::create(&path).unwrap()), w, h);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header().unwrap().into_stream_writer().unwrap();
        let row: Vec<u8> = (0..w).flat_map(|x| if x < w / 2 { [220, 20, 20, 255] } else { [20, 20, 220, 255] }).collect();
        for _ in 0..h {
            std::io::Write::write_all(&mut writer, &row).unwrap();
        }
        writer.finish().unwrap();
    }
    let report = import(&mut store, &[path]);
    assert_eq!(report.progress.added, 1, "{:?}", report.failures);
    let p = &photo::list(&store, 2025).unwrap()[0];
    assert_eq!((p.width, p.height), (w, h));
    let thumb = thumbnail(&store, p.id);
    assert_eq!(thumb.width().max(thumb.height()), photo::THUMB_EDGE);
    assert_colours(&thumb, false, "thumbnail of the huge PNG");
    let copy = photo::export_copy(&store, p.id, 1280, 300 * 1024).unwrap();
    let copy = image::load_from_memory(&copy).unwrap().to_rgb8();
    assert_eq!(copy.width(), 1280);
    assert_colours(&copy, false, "sized copy of the huge PNG");
}

/// A progressive JPEG must keep every coefficient until its last scan: one whose coefficients
/// pass the budget (5200×3200, no chroma subsampling: about 100 MB) is refused by name and
/// size, with what to do; the same picture as a baseline JPEG is decoded scaled and imported.
#[test]
fn a_progressive_jpeg_too_big_to_decode_is_refused_by_name_and_its_baseline_twin_imported() {
    let (tmp, mut store) = demo_store();
    let img = red_blue(5200, 3200);
    let encode = |progressive: bool| {
        let mut encoder = turbojpeg::Compressor::new().unwrap();
        encoder.set_quality(80).unwrap();
        encoder.set_subsamp(turbojpeg::Subsamp::None).unwrap();
        encoder.set_progressive(progressive).unwrap();
        let pixels = turbojpeg::Image {
            pixels: img.as_raw().as_slice(),
            width: 5200,
            pitch: 5200 * 3,
            height: 3200,
            format: turbojpeg::PixelFormat::RGB,
        };
        encoder.compress_to_vec(pixels).unwrap()
    };
    let src = tmp.path().join("in");
    let files = [write(&src, "sau-khai-mac.jpg", &encode(true)), write(&src, "khai-mac.jpg", &encode(false))];
    let report = import(&mut store, &files);
    assert_eq!(report.progress.added, 1, "{:?}", report.failures);
    let refused = &report.failures[0];
    assert_eq!(refused.file, "sau-khai-mac.jpg");
    assert!(
        refused.message.contains("«sau-khai-mac.jpg»")
            && refused.message.contains("5200×3200")
            && refused.message.contains("thu nhỏ"),
        "{refused:?}"
    );
    let p = &photo::list(&store, 2025).unwrap()[0];
    assert_eq!((p.original_name.as_str(), p.width, p.height), ("khai-mac.jpg", 5200, 3200));
    assert_colours(&thumbnail(&store, p.id), false, "thumbnail of the baseline twin");
}

/// A file bigger than any phone photo is refused by name before it is read into memory; the
/// rest of the batch goes on.
#[test]
fn a_file_bigger_than_any_photo_is_refused_by_name_before_it_is_read() {
    let (tmp, mut store) = demo_store();
    let src = tmp.path().join("in");
    let good = write(&src, "IMG_0001.jpg", &jpeg_with_exif(&red_blue(120, 80), 1, "2025:10:02 09:00:00"));
    let huge = src.join("video-le-khai-mac.jpg");
    std::fs::File::create(&huge).unwrap().set_len(65 << 20).unwrap();
    let report = import(&mut store, &[huge, good]);
    assert_eq!(report.progress.added, 1, "{:?}", report.failures);
    let refused = &report.failures[0];
    assert!(
        refused.message.contains("«video-le-khai-mac.jpg» nặng 65 MB") && refused.message.contains("tối đa 64 MB"),
        "{refused:?}"
    );
}
