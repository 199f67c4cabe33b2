//! What the commands print: JSON with `--json`, else the human text.

use serde::Serialize;
use tuanle::checks::{Finding, Severity};

/// Prints `value` as JSON, or the human text.
pub fn out<T: Serialize>(json: bool, value: &T, text: impl FnOnce() -> String) {
    if json {
        match serde_json::to_string_pretty(value) {
            Ok(s) => println!("{s}"),
            Err(e) => eprintln!("{e}"),
        }
    } else {
        println!("{}", text());
    }
}

pub fn findings_text(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "Kiểm tra: không thấy lỗi.".to_owned();
    }
    let mut lines = vec![format!("Kiểm tra: {} điểm cần xem.", findings.len())];
    for f in findings {
        let mark = if f.severity == Severity::Error { "LỖI" } else { "Lưu ý" };
        lines.push(format!("- [{mark}] {}: {} → {}", f.place, f.message, f.fix));
    }
    lines.join("\n")
}

pub fn document_text(doc: &tuanle::docs::Document) -> String {
    let h = &doc.header;
    let mut lines = vec![h.authority_line.clone(), h.issuer.clone(), h.number_line.clone(), h.place_date.clone(), String::new()];
    lines.push(doc.title.clone());
    lines.push(doc.summary.clone());
    lines.extend(doc.body.iter().map(|b| b.text()));
    lines.push("Nơi nhận:".to_owned());
    lines.extend(tuanle::docs::list_items(&doc.recipients));
    lines.extend(doc.signature.title_lines.iter().cloned());
    lines.push(doc.signature.name.clone());
    lines.join("\n")
}
