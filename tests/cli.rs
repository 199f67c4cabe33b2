//! The `tuanle` command line, run as a process: JSON output, human text, exit codes.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

mod support;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn tuanle(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tuanle"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("TUANLE_DATA_DIR")
        .output()
        .expect("run tuanle")
}

fn json(out: &Output) -> Value {
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

/// Hùng Tiến primary school (sample 000), signed by `signer` as `title`.
fn set_school_signed(dir: &Path, signer: &str, title: &str) -> Output {
    tuanle(
        dir,
        &[
            "--json",
            "school",
            "set",
            "--name",
            "Trường Tiểu học Hùng Tiến",
            "--authority-line",
            "UBND XÃ VĨNH HÒA",
            "--abbreviation",
            "THHT",
            "--place",
            "Vĩnh Hòa",
            "--signer-name",
            signer,
            "--signer-title",
            title,
            "--email",
            "c1hungtien@haiphong.edu.vn",
        ],
    )
}

fn set_school(dir: &Path) -> Output {
    set_school_signed(dir, "Nguyễn Văn An", "principal")
}

#[test]
fn init_reports_the_data_folder_and_schema() {
    let tmp = tempfile::tempdir().expect("temp");
    let v = json(&tuanle(tmp.path(), &["--json", "init"]));
    assert_eq!(v["schema_version"], tuanle::store::SCHEMA_VERSION);
    assert!(tmp.path().join("tuanle.sqlite").is_file());
}

#[test]
fn school_then_campaign_then_status_headless() {
    let tmp = tempfile::tempdir().expect("temp");
    let school = json(&set_school(tmp.path()));
    assert_eq!(school["abbreviation"], "THHT");
    assert_eq!(school["signer_title"], "principal");

    // Only one field changes; the others are kept.
    let changed = json(&tuanle(tmp.path(), &["--json", "school", "set", "--signer-title", "deputy_in_charge"]));
    assert_eq!(changed["signer_title"], "deputy_in_charge");
    assert_eq!(changed["name"], "Trường Tiểu học Hùng Tiến");

    let c =
        json(&tuanle(tmp.path(), &["--json", "campaign", "new", "--year", "2025", "--authority-email", "vhxh@vinhhoa.gov.vn"]));
    assert_eq!(c["week_start"], "2025-10-01");
    assert_eq!(c["authority_name"], "Phòng Văn hóa - Xã hội xã Vĩnh Hòa");
    assert!(c["theme"].as_str().is_some_and(|t| t.starts_with("Học để phát triển bản thân")));

    let set = json(&tuanle(tmp.path(), &["--json", "campaign", "set", "--year", "2025", "--deadline", "2025-10-15"]));
    assert_eq!(set["report_deadline"], "2025-10-15");

    let status = tuanle(tmp.path(), &["status"]);
    assert!(status.status.success());
    let text = String::from_utf8(status.stdout).expect("utf-8");
    assert!(text.contains("Kế hoạch: Chưa bắt đầu\n"), "{text}");
    assert!(text.contains("Hoạt động: Chưa bắt đầu\n"), "{text}");
    assert!(text.contains("Gửi: Chưa bắt đầu\n"), "{text}");
    assert!(text.contains("15/10/2025"), "{text}");

    let list = json(&tuanle(tmp.path(), &["--json", "campaign", "list"]));
    assert_eq!(list, serde_json::json!([2025]));
}

#[test]
fn errors_have_exit_codes_and_vietnamese_messages() {
    let tmp = tempfile::tempdir().expect("temp");

    // Invalid input: exit 3, JSON error on stderr with the field.
    let out = tuanle(tmp.path(), &["--json", "school", "set", "--name", "Trường A", "--email", "khong-hop-le"]);
    assert_eq!(out.status.code(), Some(3));
    let err: Value = serde_json::from_slice(&out.stderr).expect("JSON error");
    assert_eq!(err["code"], "validation");
    let fields: Vec<&str> = err["fields"].as_array().expect("fields").iter().filter_map(|f| f["field"].as_str()).collect();
    assert!(fields.contains(&"email") && fields.contains(&"abbreviation"), "{fields:?}");

    // Missing data: exit 4, plain text message.
    let out = tuanle(tmp.path(), &["campaign", "show"]);
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Chưa có Tuần lễ nào"));

    // A year without a known theme needs one typed in.
    assert_eq!(set_school(tmp.path()).status.code(), Some(0));
    let out = tuanle(tmp.path(), &["campaign", "new", "--year", "2026", "--authority-email", "a@b.vn"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Hãy nhập chủ đề"));

    // Wrong usage: clap's exit code 2.
    assert_eq!(tuanle(tmp.path(), &["campaign", "new"]).status.code(), Some(2));
}

#[test]
fn demo_fills_an_empty_folder_once() {
    let tmp = tempfile::tempdir().expect("temp");
    let v = json(&tuanle(tmp.path(), &["--json", "demo"]));
    assert_eq!(v["school"]["name"], "Trường Tiểu học Hoa Sen");
    assert_eq!(v["campaign"]["year"], 2025);
    let again = tuanle(tmp.path(), &["demo"]);
    assert_eq!(again.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&again.stderr).contains("dữ liệu trống"));
}

#[test]
fn the_data_folder_can_come_from_the_environment() {
    let tmp = tempfile::tempdir().expect("temp");
    let out = Command::new(env!("CARGO_BIN_EXE_tuanle"))
        .args(["--json", "init"])
        .env("TUANLE_DATA_DIR", tmp.path())
        .output()
        .expect("run");
    let v = json(&out);
    assert_eq!(v["data_dir"], tmp.path().display().to_string());
}

#[test]
fn the_skeleton_of_sample_000_from_the_command_line() {
    let tmp = tempfile::tempdir().expect("temp");
    let dir = tmp.path();
    json(&set_school_signed(dir, "Nguyễn Thị Tri", "deputy_in_charge"));
    json(&tuanle(
        dir,
        &[
            "--json",
            "campaign",
            "new",
            "--year",
            "2025",
            "--authority-name",
            "Phòng Văn hóa - Xã hội xã Vĩnh Hòa",
            "--authority-email",
            "vhxh@vinhhoa.gov.vn",
        ],
    ));
    json(&tuanle(dir, &["--json", "plan", "init"]));
    // Before the province's plan is entered, the check fails with exit code 5 and says where.
    let check = tuanle(dir, &["check"]);
    assert_eq!(check.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&check.stdout).contains("Căn cứ 3"));

    let mut plan = json(&tuanle(dir, &["--json", "plan", "show"]))["plan"].clone();
    plan["issue_date"] = "2025-10-01".into();
    plan["legal_bases"][2]["number"] = "3929/QĐ-UBND".into();
    plan["legal_bases"][2]["date"] = "2025-10-01".into();
    plan["legal_bases"][2]["issuer"] = "Ủy ban nhân dân thành phố Hải Phòng".into();
    let file = dir.join("plan.json");
    std::fs::write(&file, serde_json::to_string(&plan).expect("json")).expect("write");
    json(&tuanle(dir, &["--json", "plan", "import", file.to_str().expect("utf-8 path")]));
    assert_eq!(tuanle(dir, &["check"]).status.code(), Some(0));

    let out = dir.join("kh.docx");
    let export = json(&tuanle(dir, &["--json", "plan", "export", "--out", out.to_str().expect("utf-8 path")]));
    assert_eq!(export["findings"], serde_json::json!([]));
    let docx = support::Docx::open(&std::fs::read(&out).expect("docx"));
    let paras = docx.paragraphs();
    let has = |t: &str| paras.iter().any(|p| p.contains(t));
    assert!(paras.iter().any(|p| p.starts_with("Số:") && p.ends_with("/KH-THHT")));
    assert!(has("Vĩnh Hòa, ngày 01 tháng 10 năm 2025"));
    assert!(has("Căn cứ Quyết định số 1373/QĐ-TTg ngày 30/7/2021 của Thủ tướng Chính phủ"));
    assert!(has("Căn cứ Công văn số 5607/BGDĐT-GDNNGDTX ngày 15/9/2025 của Bộ Giáo dục và Đào tạo"));
    assert!(has("Căn cứ Kế hoạch số 3929/QĐ-UBND ngày 01/10/2025 của Ủy ban nhân dân thành phố Hải Phòng"));
    assert!(has(
        "“Học để phát triển bản thân, làm chủ tri thức và công nghệ, góp phần xây dựng đất nước hùng cường, thịnh vượng”"
    ));
    assert!(has("từ ngày 01/10/2025 đến ngày 07/10/2025"));
    assert!(has("KT. HIỆU TRƯỞNG") && has("PHÓ HIỆU TRƯỞNG") && !has("PHỤ TRÁCH"));
    assert!(has("Nguyễn Thị Tri"));

    // A copy written elsewhere is not the kept file the Gửi step attaches: the step is done once that one is.
    let status = String::from_utf8(tuanle(dir, &["status"]).stdout).expect("utf-8");
    assert!(status.contains("Kế hoạch: Đang làm"), "{status}");
    json(&tuanle(dir, &["--json", "plan", "export"]));
    let status = String::from_utf8(tuanle(dir, &["status"]).stdout).expect("utf-8");
    assert!(status.contains("Kế hoạch: Đã xong"), "{status}");

    // A collective body issues: "TM." needs the body and the role, then signs the plan with them.
    let refused = tuanle(dir, &["school", "set", "--signer-title", "on_behalf"]);
    assert_eq!(refused.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("tên tập thể ban hành"));
    let set = ["school", "set", "--signer-title", "on_behalf", "--signing-body", "Ban Chỉ đạo", "--signing-role", "Trưởng ban"];
    let shown = String::from_utf8(tuanle(dir, &set).stdout).expect("utf-8");
    assert!(shown.contains("TM. BAN CHỈ ĐẠO / TRƯỞNG BAN"), "{shown}");
    let status = String::from_utf8(tuanle(dir, &["status"]).stdout).expect("utf-8");
    assert!(!status.contains("Kế hoạch: Đã xong"), "the signature changed: {status}");
    json(&tuanle(dir, &["--json", "plan", "export"]));
    let kept = dir.join("exports").join("2025").join("KH_TuanLeHTSD_2025_THHT.docx");
    let paras = support::Docx::open(&std::fs::read(kept).expect("the kept plan")).paragraphs();
    assert!(paras.windows(3).any(|w| w[0] == "TM. BAN CHỈ ĐẠO" && w[1] == "TRƯỞNG BAN"), "{paras:?}");
    assert!(!paras.iter().any(|p| p.contains("HIỆU TRƯỞNG")), "{paras:?}");
}

/// What the app's report step and evidence grid do, the command line does too: the narrative
/// shown as JSON, edited and stored back, exported with the edit; a photo captioned, marked
/// representative and linked to an activity; the report then stale until exported again.
#[test]
fn the_report_narrative_and_the_photos_are_edited_headless() {
    let tmp = tempfile::tempdir().expect("temp");
    let dir = tmp.path().join("data");
    json(&tuanle(&dir, &["--json", "demo"]));
    let shown = json(&tuanle(&dir, &["--json", "report", "show"]));
    assert_eq!(shown["saved"], false);
    let mut report = shown["report"].clone();
    report["results"] = Value::String("Thư viện xanh mở cửa cả ngày thứ Bảy; 1.250 lượt bạn đọc.".into());
    let edited = tmp.path().join("report.json");
    std::fs::write(&edited, report.to_string()).unwrap();
    json(&tuanle(&dir, &["--json", "report", "import", edited.to_str().unwrap()]));
    let shown = json(&tuanle(&dir, &["--json", "report", "show"]));
    assert_eq!(shown["saved"], true);
    assert_eq!(shown["report"]["results"], report["results"]);
    let export = json(&tuanle(&dir, &["--json", "report", "export"]));
    let docx = support::Docx::open(&std::fs::read(export["path"].as_str().unwrap()).unwrap());
    assert!(docx.paragraphs().iter().any(|p| p.contains("Thư viện xanh mở cửa cả ngày thứ Bảy")));

    // A broken file changes nothing.
    std::fs::write(&edited, "{ \"year\": 2025, ").unwrap();
    let out = tuanle(&dir, &["--json", "report", "import", edited.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3), "a broken file is invalid input");
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert!(err["code"] == "data_file" && err["message"].as_str().unwrap().contains("report.json"), "{err}");
    assert_eq!(json(&tuanle(&dir, &["--json", "report", "show"]))["report"]["results"], report["results"]);

    // A photo: caption, representative, linked to the first activity, then unlinked.
    let photo = tmp.path().join("Lễ khai mạc.jpg");
    std::fs::write(&photo, support::jpeg_with_exif(&support::red_blue(120, 90), 1, "2025:10:01 08:00:00")).unwrap();
    let added = json(&tuanle(&dir, &["--json", "photos", "add", photo.to_str().unwrap()]));
    let id = added["added"][0].to_string();
    let activity = json(&tuanle(&dir, &["--json", "activity", "add", "--date", "2025-10-01", "--title", "Lễ khai mạc"]));
    let activity_id = activity["activity"]["id"].to_string();
    let set = json(&tuanle(
        &dir,
        &[
            "--json",
            "photos",
            "set",
            &id,
            "--caption",
            "Học sinh đọc sách",
            "--representative",
            "true",
            "--activity",
            &activity_id,
        ],
    ));
    assert_eq!((set["caption"].as_str(), set["representative"].as_bool()), (Some("Học sinh đọc sách"), Some(true)));
    assert_eq!(set["activity_id"].to_string(), activity_id);
    let set = json(&tuanle(&dir, &["--json", "photos", "set", &id, "--activity", "none"]));
    assert!(set["activity_id"].is_null() && set["caption"] == "Học sinh đọc sách" && set["representative"] == true, "{set}");
    let wrong = tuanle(&dir, &["--json", "photos", "set", &id, "--activity", "mot"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert_eq!(json(&tuanle(&dir, &["--json", "report", "show"]))["freshness"]["state"], "stale");
}

#[test]
fn check_covers_the_report_with_its_log_and_ceremony_script_and_the_message() {
    let tmp = tempfile::tempdir().expect("temp");
    let dir = tmp.path().join("data");
    json(&tuanle(&dir, &["--json", "demo"]));
    assert_eq!(tuanle(&dir, &["check", "--document", "report"]).status.code(), Some(0));
    assert_eq!(tuanle(&dir, &["check", "--document", "message"]).status.code(), Some(0));

    // An activity title and a ceremony row left from last year's week are errors of the report.
    let activity =
        ["--json", "activity", "add", "--date", "2025-10-02", "--title", "Ngày hội đọc sách năm 2024", "--kind", "reading"];
    json(&tuanle(&dir, &activity));
    let mut script = json(&tuanle(&dir, &["--json", "ceremony", "show"]));
    script[0]["item"] = Value::String("Khai mạc vào thứ Năm, ngày 01/10/2025".into());
    let file = tmp.path().join("ceremony.json");
    std::fs::write(&file, script.to_string()).unwrap();
    json(&tuanle(&dir, &["--json", "ceremony", "import", file.to_str().unwrap()]));
    let check = tuanle(&dir, &["--json", "check", "--document", "report"]);
    assert_eq!(check.status.code(), Some(5));
    let found = json_any(&check);
    let at = |code: &str| -> Vec<String> {
        found.as_array().unwrap().iter().filter(|f| f["code"] == code).map(|f| f["place"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(at("stray_year"), ["Nhật ký, 02/10/2025 «Ngày hội đọc sách năm 2024»"]);
    assert_eq!(at("weekday_mismatch"), ["Kịch bản khai mạc, dòng 1"]);
    // A citation of an earlier year in the report is not an error.
    let mut report = json(&tuanle(&dir, &["--json", "report", "show"]))["report"].clone();
    report["direction"] = Value::String(
        "Căn cứ Quyết định số 1373/QĐ-TTg ngày 30/7/2021 và Nghị định số 30/2020/NĐ-CP, nhà trường xây dựng kế hoạch.".into(),
    );
    let edited = tmp.path().join("report.json");
    std::fs::write(&edited, report.to_string()).unwrap();
    json(&tuanle(&dir, &["--json", "report", "import", edited.to_str().unwrap()]));
    let found = json_any(&tuanle(&dir, &["--json", "check", "--document", "report"]));
    assert!(!found.as_array().unwrap().iter().any(|f| f["place"] == "I.1 Công tác chỉ đạo"), "{found}");
}

/// The JSON of a run that may end with a non-zero exit code.
fn json_any(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn a_reader_that_stops_early_is_not_a_crash() {
    let tmp = tempfile::tempdir().expect("temp");
    let dir = tmp.path().join("data");
    json(&tuanle(&dir, &["--json", "demo"]));
    // Like `tuanle plan show | head -1`: the pipe is closed before the output is written.
    let mut child = Command::new(env!("CARGO_BIN_EXE_tuanle"))
        .arg("--data-dir")
        .arg(&dir)
        .args(["plan", "show"])
        .env_remove("TUANLE_DATA_DIR")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run tuanle");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

#[test]
fn activities_pasted_from_a_message_are_shown_then_saved() {
    let tmp = tempfile::tempdir().expect("temp");
    let dir = tmp.path();
    json(&tuanle(dir, &["--json", "demo"]));
    let message = dir.join("zalo.txt");
    std::fs::write(
        &message,
        "Lịch hoạt động:\nThứ Tư, 01/10:\n- 7h30 Lễ khai mạc tại sân trường\n- Thi kể chuyện, thư viện\nThứ Sáu 03/10\n- 31/9 Trồng cây\n",
    )
    .expect("write");
    let path = message.to_str().expect("utf-8 path");
    let shown = String::from_utf8(tuanle(dir, &["activity", "paste", path]).stdout).expect("utf-8");
    assert!(shown.contains("dòng 3: 01/10/2025 07:30 Lễ khai mạc [opening] sân trường"), "{shown}");
    assert!(shown.contains("Bỏ qua: Lịch hoạt động:"), "{shown}");
    assert!(shown.contains("2 hoạt động lưu được"), "{shown}");
    let listed = json(&tuanle(dir, &["--json", "activity", "list"]));
    assert!(
        listed.as_array().unwrap().iter().all(|d| d["activities"].as_array().unwrap().is_empty()),
        "a preview stores nothing"
    );

    let saved = json(&tuanle(dir, &["--json", "activity", "paste", path, "--save"]));
    assert_eq!(saved["saved"].as_array().unwrap().len(), 2);
    assert_eq!(saved["rows"].as_array().unwrap().len(), 3, "{saved}");
    let listed = json(&tuanle(dir, &["--json", "activity", "list"]));
    let titles: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["activities"].as_array().unwrap().iter().map(|r| r["activity"]["title"].as_str().unwrap()))
        .collect();
    assert_eq!(titles, ["Lễ khai mạc", "Thi kể chuyện"]);
}

#[test]
fn the_export_folder_is_shown_chosen_and_reset_headless() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("data");
    json(&tuanle(&data, &["--json", "demo"]));
    let shown = json(&tuanle(&data, &["--json", "export-folder"]));
    assert_eq!(shown["is_default"], true);
    assert_eq!(Path::new(shown["path"].as_str().expect("path")), data.join("exports"));

    json(&tuanle(&data, &["--json", "report", "export"]));
    let chosen = tmp.path().join("Văn bản");
    let change = json(&tuanle(&data, &["--json", "export-folder", chosen.to_str().expect("utf-8")]));
    assert_eq!(change["copied"], 1);
    let exported = json(&tuanle(&data, &["--json", "stats", "export"]));
    assert!(Path::new(exported["path"].as_str().expect("path")).starts_with(&chosen), "{exported}");
    let plain = tuanle(&data, &["export-folder"]);
    assert!(String::from_utf8_lossy(&plain.stdout).contains("Văn bản được lưu vào"), "{plain:?}");

    let back = json(&tuanle(&data, &["--json", "export-folder", "--default"]));
    assert_eq!(back["folder"]["is_default"], true);
    assert_eq!(back["copied"], 1, "the report is there already, the workbook is brought back");
    let name = Path::new(exported["path"].as_str().expect("path")).file_name().expect("name").to_owned();
    assert!(data.join("exports").join("2025").join(name).is_file());
}
