//! The `tuanle` command line, run as a process: JSON output, human text, exit codes.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

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

fn set_school(dir: &Path) -> Output {
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
            "Nguyễn Văn An",
            "--email",
            "c1hungtien@haiphong.edu.vn",
        ],
    )
}

#[test]
fn init_reports_the_data_folder_and_schema() {
    let tmp = tempfile::tempdir().expect("temp");
    let v = json(&tuanle(tmp.path(), &["--json", "init"]));
    assert_eq!(v["schema_version"], 1);
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
    assert_eq!(c["authority_name"], "Phòng Văn hóa - Xã hội Vĩnh Hòa");
    assert!(c["theme"].as_str().is_some_and(|t| t.starts_with("Học để phát triển bản thân")));

    let set = json(&tuanle(tmp.path(), &["--json", "campaign", "set", "--year", "2025", "--deadline", "2025-10-15"]));
    assert_eq!(set["report_deadline"], "2025-10-15");

    let status = tuanle(tmp.path(), &["status"]);
    assert!(status.status.success());
    let text = String::from_utf8(status.stdout).expect("utf-8");
    assert!(text.contains("Kế hoạch: Chưa bắt đầu (chưa có trong phiên bản này)"), "{text}");
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
