//! The report's own checks: its date against the week and the deadline, signer, empty
//! sections, and the texts it carries from the log (activity titles) and the ceremony script, on
//! top of the linter's text checks (`checks`); under the authority's outline, the headings left
//! to the school and the texts the outline has no place for.

use crate::activity::Activity;
use crate::campaign::Campaign;
use crate::ceremony::{self, CeremonyItem};
use crate::checks::{Finding, Severity, Window, check_clean, check_text, empty, finding, signer};
use crate::docs;
use crate::outline::{Outline, Section};
use crate::school::SchoolProfile;

use super::Report;

/// Every check of a report: the same text checks as the plan, empty sections, its date, the
/// titles of the log's activities and the ceremony script sent with it.
pub fn check(
    report: &Report,
    campaign: &Campaign,
    school: &SchoolProfile,
    log: &[Activity],
    script: &[CeremonyItem],
) -> Vec<Finding> {
    let mut out = Vec::new();
    let window = Window::looking_back(campaign);
    signer(school, &mut out);
    if report.issue_date > campaign.report_deadline {
        out.push(finding(
            Severity::Warning,
            "issue_date_late",
            "Ngày báo cáo",
            format!(
                "Báo cáo đề ngày {}, sau hạn nộp {}.",
                docs::short_date(report.issue_date),
                docs::short_date(campaign.report_deadline)
            ),
            "Kiểm tra lại ngày báo cáo; nếu đã quá hạn, nên gửi kèm lời giải thích.".into(),
        ));
    }
    if report.issue_date < campaign.week_end {
        out.push(finding(
            Severity::Warning,
            "issue_date_early",
            "Ngày báo cáo",
            format!("Báo cáo đề ngày {}, trước khi Tuần lễ kết thúc.", docs::short_date(report.issue_date)),
            "Ghi ngày báo cáo sau ngày kết thúc Tuần lễ.".into(),
        ));
    }
    let texts = [
        ("I.1 Công tác chỉ đạo", report.direction.as_str(), "công tác chỉ đạo, triển khai"),
        ("I.2 Lễ phát động", report.ceremony.as_str(), "lễ phát động Tuần lễ"),
        ("II.1 Kết quả", report.results.as_str(), "kết quả, bài học kinh nghiệm"),
        ("II.2 Khó khăn", report.difficulties.as_str(), "khó khăn, tồn tại"),
        ("II.3 Kiến nghị", report.recommendations.as_str(), "kiến nghị, đề xuất"),
    ];
    for (place, text, what) in texts {
        if text.trim().is_empty() {
            out.push(empty(place, what));
        }
        check_text(place, text, &window, &mut out);
        check_clean(place, text, &mut out);
    }
    if report.recipients.is_empty() {
        out.push(empty("Nơi nhận", "nơi nhận"));
    }
    for (i, r) in report.recipients.iter().enumerate() {
        check_text(&format!("Nơi nhận, dòng {}", i + 1), r, &window, &mut out);
    }
    for a in log {
        let place = format!("Nhật ký, {} «{}»", docs::short_date(a.date), a.title.trim());
        check_text(&place, &a.title, &window, &mut out);
        check_clean(&place, &a.title, &mut out);
    }
    out.extend(ceremony::findings(script, campaign));
    out
}

/// Under the authority's outline: each heading the app does not draft and the school has not
/// written is an error (the officer would send the report back); a text of the school's that the
/// outline has no heading for is a warning (it is not printed).
pub fn outline(report: &Report, outline: &Outline) -> Vec<Finding> {
    let mut out: Vec<Finding> = outline
        .unwritten()
        .into_iter()
        .map(|h| {
            finding(
                Severity::Error,
                "outline_unwritten",
                &h.label,
                format!("Mục «{}» của mẫu báo cáo chưa có nội dung.", h.label),
                "Viết nội dung cho mục này (ứng dụng không tự soạn được), hoặc ghép mục với một phần ứng dụng soạn.".into(),
            )
        })
        .collect();
    for section in Section::NARRATIVE {
        let text = report.narrative(section).unwrap_or_default();
        if !text.trim().is_empty() && outline.home(section).is_none() {
            out.push(finding(
                Severity::Warning,
                "outline_drops_text",
                "Mẫu báo cáo",
                format!(
                    "Mẫu báo cáo của cơ quan quản lý không có mục cho phần «{}», nên phần đó không có trong báo cáo.",
                    section.label()
                ),
                "Nếu cần, chép nội dung đó vào một mục của mẫu, hoặc ghép mục với phần này.".into(),
            ));
        }
    }
    out
}
