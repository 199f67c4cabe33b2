//! The plan's own checks: its dates, signer, legal bases, theme and sections, on top of the
//! linter's text checks (`checks`).

use chrono::Datelike;

use crate::campaign::Campaign;
use crate::checks::{Finding, Severity, Window, YEAR_AFTER_NAM, check_clean, check_text, empty, finding, signer};
use crate::docs;
use crate::school::SchoolProfile;
use crate::themes::Themes;

use super::Plan;

/// Every check of a plan against its campaign and school.
pub fn check(plan: &Plan, campaign: &Campaign, school: &SchoolProfile, themes: &Themes) -> Vec<Finding> {
    let mut out = Vec::new();
    let year = campaign.year;
    let window = Window::new(campaign, plan.issue_date.min(campaign.week_start), true);

    signer(school, &mut out);
    for w in campaign.warnings(themes) {
        out.push(finding(
            Severity::Warning,
            "theme_differs",
            "Chủ đề",
            w,
            "Đối chiếu với công văn của Bộ; giữ nguyên nếu đúng.".into(),
        ));
    }
    if plan.issue_date > campaign.week_start {
        out.push(finding(
            Severity::Warning,
            "issue_date_late",
            "Ngày ban hành",
            format!("Kế hoạch ban hành ngày {}, sau khi Tuần lễ đã bắt đầu.", docs::short_date(plan.issue_date)),
            "Ghi ngày ban hành trước hoặc đúng ngày bắt đầu Tuần lễ.".into(),
        ));
    }
    if plan.issue_date.year() != year {
        out.push(finding(
            Severity::Error,
            "stray_year",
            "Ngày ban hành",
            format!("Ngày ban hành thuộc năm {}, không phải năm {year}.", plan.issue_date.year()),
            format!("Chọn ngày ban hành trong năm {year}."),
        ));
    }

    /// Marks of a template's blank left in a name: "tỉnh (thành phố)", "…", "XXX".
    const PLACEHOLDERS: [&str; 5] = ["(thành phố)", "(tỉnh)", "…", "...", "XXX"];
    if plan.legal_bases.is_empty() {
        out.push(empty("Căn cứ", "căn cứ ban hành kế hoạch"));
    }
    for (i, b) in plan.legal_bases.iter().enumerate() {
        let place = format!("Căn cứ {}", i + 1);
        if b.needs_reference() && (b.number.trim().is_empty() || b.date.is_none()) {
            let missing = match (b.number.trim().is_empty(), b.date.is_none()) {
                (true, true) => "số và ngày",
                (true, false) => "số",
                _ => "ngày",
            };
            out.push(finding(
                Severity::Error,
                "missing_reference",
                &place,
                format!("«{}» chưa có {missing} của văn bản.", b.doc_kind.trim()),
                format!("Nhập {missing} theo văn bản nhận được."),
            ));
        }
        let issuer = b.issuer.trim();
        if b.needs_reference() && issuer.is_empty() {
            out.push(finding(
                Severity::Error,
                "missing_issuer",
                &place,
                format!("«{}» chưa ghi cơ quan ban hành.", b.doc_kind.trim()),
                "Nhập đúng tên cơ quan ban hành văn bản (ví dụ: Ủy ban nhân dân tỉnh Hải Dương).".to_owned(),
            ));
        } else if let Some(mark) = PLACEHOLDERS.iter().find(|m| issuer.contains(*m)) {
            out.push(finding(
                Severity::Error,
                "placeholder",
                &place,
                format!("Cơ quan ban hành «{issuer}» còn chữ mẫu «{mark}»."),
                "Thay bằng đúng tên cơ quan ban hành, không để chữ trong ngoặc hay dấu «…».".to_owned(),
            ));
        }
        if let Some(d) = b.date
            && d > plan.issue_date
        {
            out.push(finding(
                Severity::Warning,
                "date_outside_week",
                &place,
                format!(
                    "Văn bản căn cứ ngày {} ban hành sau kế hoạch ({}).",
                    docs::short_date(d),
                    docs::short_date(plan.issue_date)
                ),
                "Kiểm tra lại ngày của văn bản hoặc ngày ban hành kế hoạch.".into(),
            ));
        }
        // Cited documents carry their own dates; only "năm YYYY" in the subject must be this year.
        for c in YEAR_AFTER_NAM.captures_iter(&b.subject) {
            if let Some(y) = c.get(1)
                && y.as_str() != year.to_string()
            {
                out.push(finding(
                    Severity::Error,
                    "stray_year",
                    &place,
                    format!("Trích yếu nói «năm {}» trong kế hoạch năm {year}.", y.as_str()),
                    format!("Sửa thành năm {year} và cập nhật số, ngày của văn bản năm nay."),
                ));
            }
        }
        for text in [&b.prefix, &b.doc_kind, &b.number, &b.issuer, &b.subject] {
            check_clean(&place, text, &mut out);
        }
    }

    let mut texts: Vec<(String, &str)> = vec![("Lời mở đầu".into(), plan.intro.as_str())];
    texts.extend(
        plan.purposes.iter().enumerate().map(|(i, t)| (format!("I.1 Mục đích, ý {}", (b'a' + i as u8) as char), t.as_str())),
    );
    texts.extend(plan.requirements.iter().enumerate().map(|(i, t)| (format!("I.2 Yêu cầu, ý {}", i + 1), t.as_str())));
    texts.extend(plan.activities.iter().enumerate().map(|(i, t)| (format!("II.3 Hoạt động {}", i + 1), t.as_str())));
    for (i, a) in plan.assignments.iter().enumerate() {
        let place = format!("III.{} {}", i + 1, a.unit.trim());
        if a.duties.trim().is_empty() {
            out.push(empty(&place, "nhiệm vụ của đơn vị này"));
        }
        if a.unit.trim().is_empty() {
            out.push(empty(&place, "tên đơn vị, bộ phận"));
        }
        texts.push((place, a.duties.as_str()));
    }
    texts.push(("Câu kết".into(), plan.closing.as_str()));
    texts.extend(plan.recipients.iter().enumerate().map(|(i, t)| (format!("Nơi nhận, dòng {}", i + 1), t.as_str())));
    for (place, text) in &texts {
        check_text(place, text, &window, &mut out);
        check_clean(place, text, &mut out);
        if !super::opens_on_monday(campaign) && text.to_lowercase().contains("dưới cờ") {
            out.push(finding(
                Severity::Warning,
                "flag_ceremony_not_monday",
                place,
                format!(
                    "Lễ khai mạc ngày {} là {}, không phải thứ Hai: không lồng ghép được với hoạt động dưới cờ.",
                    docs::short_date(campaign.opening_date),
                    docs::weekday_name(campaign.opening_date)
                ),
                "Bỏ ý «dưới cờ», hoặc chuyển Lễ khai mạc sang sáng thứ Hai.".into(),
            ));
        }
    }

    for (list, place, what) in [
        (plan.purposes.is_empty(), "I.1 Mục đích", "mục đích"),
        (plan.requirements.is_empty(), "I.2 Yêu cầu", "yêu cầu"),
        (plan.activities.is_empty(), "II.3 Các hoạt động", "các hoạt động"),
        (plan.assignments.is_empty(), "III. Tổ chức thực hiện", "phân công thực hiện"),
        (plan.recipients.is_empty(), "Nơi nhận", "nơi nhận"),
        (plan.intro.trim().is_empty(), "Lời mở đầu", "lời mở đầu"),
        (plan.closing.trim().is_empty(), "Câu kết", "câu kết"),
    ] {
        if list {
            out.push(empty(place, what));
        }
    }
    out
}
