//! What Windows does to files, run in the Windows lane (scripts/windows.sh, under Wine) and on
//! Linux alike where the case exists there: a document open in Word, a data folder under a
//! Vietnamese user name and paths past 260 characters, names Windows refuses, the keychain read
//! by a second process.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn tuanle(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tuanle"))
        .arg("--data-dir")
        .arg(dir)
        .arg("--json")
        .args(args)
        .env_remove("TUANLE_DATA_DIR")
        .env_remove("TUANLE_SMTP_PASSWORD")
        .output()
        .expect("run tuanle")
}

fn ok(dir: &Path, args: &[&str]) -> Value {
    let out = tuanle(dir, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
}

/// A folder of six small photos taken during the week.
fn photos(dir: &Path) -> PathBuf {
    let folder = dir.join("Ảnh Tuần lễ");
    std::fs::create_dir_all(&folder).unwrap();
    for i in 0..6 {
        let bytes = support::jpeg_with_exif(&support::red_blue(320 + i, 240), 1, &format!("2025:10:0{} 08:00:00", 1 + i % 5));
        std::fs::write(folder.join(format!("IMG_{i:04}.jpg")), bytes).unwrap();
    }
    folder
}

/// Windows' rules for one name of a path: no reserved device name (with or without an
/// extension), no character it refuses, no trailing dot or space, at most 255 characters.
fn windows_accepts(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or_default().trim_end().to_ascii_uppercase();
    let reserved = ["CON", "PRN", "AUX", "NUL"].contains(&stem.as_str())
        || ((stem.starts_with("COM") || stem.starts_with("LPT")) && stem.len() == 4 && stem.as_bytes()[3].is_ascii_digit());
    !name.is_empty()
        && !reserved
        && !name.chars().any(|c| "<>:\"/\\|?*".contains(c) || c.is_control())
        && !name.ends_with(['.', ' '])
        && name.chars().count() <= 255
}

/// Every document is exported while the previous copy is open in Word: a clear message naming
/// the file, the old copy intact, no half-written file; another name works at once, and the
/// same export succeeds once Word has closed it.
#[cfg(windows)]
#[test]
fn an_export_over_a_file_open_in_word_names_it_keeps_it_and_works_once_closed() {
    use std::os::windows::fs::OpenOptionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    ok(&data, &["demo"]);
    ok(&data, &["plan", "init"]);
    let jobs: [&[&str]; 6] = [
        &["plan", "export"],
        &["report", "export"],
        &["ceremony", "export"],
        &["stats", "export"],
        &["dossier"],
        &["backup", "--out", &tmp.path().join("SaoLuu.tuanle").display().to_string()],
    ];
    for job in jobs {
        let path = PathBuf::from(ok(&data, job)["path"].as_str().unwrap());
        let before = std::fs::read(&path).unwrap();
        // Word holds a document open sharing neither write nor delete.
        let word = std::fs::OpenOptions::new().read(true).share_mode(0).open(&path).unwrap();
        let out = tuanle(&data, job);
        assert_eq!(out.status.code(), Some(4), "{job:?}");
        let err: Value = serde_json::from_slice(&out.stderr).unwrap();
        assert_eq!(err["code"], "file_in_use", "{job:?}: {err}");
        let message = err["message"].as_str().unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(message.contains(name.as_ref()) && message.contains("Word") && message.contains("tên khác"), "{message}");
        drop(word);
        assert_eq!(std::fs::read(&path).unwrap(), before, "{job:?}: the open copy is untouched");
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
            .collect();
        assert!(leftovers.is_empty(), "{job:?}: {leftovers:?}");
        // Closed in Word: the same export goes through.
        assert_eq!(ok(&data, job)["path"].as_str().unwrap(), path.display().to_string());
    }
    // Or save under another name while the document stays open.
    let plan = PathBuf::from(ok(&data, &["plan", "export"])["path"].as_str().unwrap());
    let _word = std::fs::OpenOptions::new().read(true).share_mode(0).open(&plan).unwrap();
    let other = tmp.path().join("Kế hoạch (bản 2).docx");
    ok(&data, &["plan", "export", "--out", &other.display().to_string()]);
    assert!(std::fs::read(&other).unwrap().starts_with(b"PK"));
}

/// The data folder of a user named «Nguyễn Thị Hà», nested until its paths pass 260 characters
/// (Windows' old MAX_PATH): import, export, backup, verify and restore all work.
#[test]
fn a_data_folder_under_a_vietnamese_user_name_past_260_characters_works() {
    let tmp = tempfile::tempdir().unwrap();
    let mut data = tmp.path().join("Users").join("Nguyễn Thị Hà").join("AppData").join("Roaming").join("TuanLe");
    while data.display().to_string().chars().count() < 240 {
        data = data.join("Tuần Lễ Desk dữ liệu");
    }
    let data = data.join("data");
    ok(&data, &["demo"]);
    let imported = ok(&data, &["photos", "add", &photos(tmp.path()).display().to_string()]);
    assert_eq!(imported["progress"]["added"], 6, "{imported}");
    let report = PathBuf::from(ok(&data, &["report", "export"])["path"].as_str().unwrap());
    assert!(report.display().to_string().chars().count() > 260, "{}", report.display());
    assert!(std::fs::read(&report).unwrap().starts_with(b"PK"));
    let listed = ok(&data, &["photos", "list"]);
    let photo_count = listed.as_array().unwrap().len();
    let backup = PathBuf::from(ok(&data, &["backup"])["path"].as_str().unwrap());
    ok(&data, &["verify", &backup.display().to_string()]);
    ok(&data, &["restore", &backup.display().to_string()]);
    assert_eq!(ok(&data, &["photos", "list"]).as_array().unwrap().len(), photo_count);
    assert!(ok(&data, &["status"]).to_string().contains("2025"));
}

/// Whatever a user typed as a caption or a file name, the names the app writes (files in the
/// exports folder, entries of the hồ sơ zip, attachments) are names Windows accepts.
#[test]
fn names_windows_refuses_never_reach_a_file_or_zip_entry() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    ok(&data, &["demo"]);
    ok(&data, &["photos", "add", &photos(tmp.path()).display().to_string()]);
    let listed = ok(&data, &["photos", "list"]);
    let long = "Đọc sách cùng con ".repeat(30);
    let captions = ["CON", "aux.", "a<b>c:d\"e/f\\g|h?i*j", &long, "LPT1 ", "Lễ khai mạc. "];
    for (photo, caption) in listed.as_array().unwrap().iter().zip(captions) {
        let id = photo["id"].to_string();
        ok(&data, &["photos", "set", &id, "--caption", caption, "--representative", "true"]);
    }
    let dossier = ok(&data, &["dossier"]);
    let zip_path = PathBuf::from(dossier["path"].as_str().unwrap());
    assert!(windows_accepts(&zip_path.file_name().unwrap().to_string_lossy()));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let names: Vec<String> = (0..zip.len()).map(|i| zip.by_index(i).unwrap().name().to_owned()).collect();
    assert_eq!(names.iter().filter(|n| n.starts_with("Anh_tieu_bieu/")).count(), captions.len(), "{names:?}");
    for name in &names {
        for part in name.split('/') {
            assert!(windows_accepts(part), "zip entry {name:?}");
        }
    }
    for entry in std::fs::read_dir(zip_path.parent().unwrap()).unwrap().flatten() {
        assert!(windows_accepts(&entry.file_name().to_string_lossy()), "{:?}", entry.file_name());
    }
    // A scan the user attaches under a reserved name (from a Linux or Mac machine, a USB stick)
    // goes out under an accepted one; Windows itself cannot even create such a file.
    let scan = tmp.path().join(if cfg!(windows) { "Bản scan đã ký.pdf" } else { "CON.pdf" });
    std::fs::write(&scan, b"%PDF-1.4 scan").unwrap();
    ok(&data, &["report", "export"]);
    let eml = tmp.path().join("thu.eml");
    ok(&data, &["mail", "set", "--provider", "gmail", "--username", "truong@gmail.com", "--from-email", "truong@gmail.com"]);
    ok(&data, &["send", "--attach", &scan.display().to_string(), "--eml", &eml.display().to_string()]);
    let raw = std::fs::read(&eml).unwrap();
    let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
    let attached: Vec<String> =
        message.attachments().filter_map(|a| mail_parser::MimeHeaders::attachment_name(a).map(str::to_owned)).collect();
    assert!(attached.iter().any(|n| n.ends_with(".pdf")), "{attached:?}");
    for name in &attached {
        assert!(windows_accepts(name), "attachment {name:?}");
    }
}

/// The password typed once is kept by the OS keychain (Windows: the Credential Manager) and read
/// back by a later process, which signs in with it; nothing of it reaches the data folder.
#[test]
fn a_password_kept_by_one_process_is_read_by_the_next() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    ok(&data, &["demo"]);
    let user = format!("kc{}@test.edu.vn", std::process::id());
    ok(&data, &["mail", "set", "--provider", "gmail", "--username", &user, "--from-email", &user]);
    let secret = format!("mat-khau-{}", std::process::id());
    let mut child = Command::new(env!("CARGO_BIN_EXE_tuanle"))
        .arg("--data-dir")
        .arg(&data)
        .args(["--json", "mail", "password"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), secret.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let shown = ok(&data, &["mail", "show"]);
    assert_eq!(shown["has_password"], true, "{shown}");
    for entry in walk(&data) {
        let bytes = std::fs::read(&entry).unwrap();
        assert!(!bytes.windows(secret.len()).any(|w| w == secret.as_bytes()), "the password is in {}", entry.display());
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() { files.extend(walk(&path)) } else { files.push(path) }
    }
    files
}
