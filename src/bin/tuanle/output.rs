//! What the commands print: JSON with `--json`, else the human text.

use std::io::Write;

use serde::Serialize;
use tuanle::checks::{Finding, Severity};

/// Prints `value` as JSON, or the human text. A reader that stops early (`| head`) is not an
/// error: the job is done, and the rest of the output is simply not wanted.
pub fn out<T: Serialize>(json: bool, value: &T, text: impl FnOnce() -> String) {
    let shown = if json {
        match serde_json::to_string_pretty(value) {
            Ok(s) => s,
            Err(e) => return eprintln!("{e}"),
        }
    } else {
        text()
    };
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = writeln!(stdout, "{shown}").and_then(|()| stdout.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        // The job itself is done; the exit code says its result could not be written.
        eprintln!("Không ghi được kết quả ra màn hình hoặc tệp: {e}");
        std::process::exit(1);
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
    let mut lines = vec![
        h.nation.clone(),
        h.motto.clone(),
        h.authority_line.clone(),
        h.issuer.clone(),
        h.number_line.clone(),
        h.place_date.clone(),
        String::new(),
    ];
    lines.push(doc.title.clone());
    lines.push(doc.summary.clone());
    lines.extend(doc.body.iter().map(|b| b.text()));
    lines.push(doc.recipients.label.clone());
    lines.extend(doc.recipients.lines.iter().cloned());
    lines.extend(doc.signature.title_lines.iter().cloned());
    lines.push(doc.signature.name.clone());
    lines.join("\n")
}
