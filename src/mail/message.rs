//! The message to the authority: recipient from the campaign, a copy to the school, subject and
//! body from `assets/texts/mail.json`, the exported documents attached (plus a scan and the
//! representative photos, sized), all checked against the size budget before anything is queued.

use std::path::{Path, PathBuf};

use lettre::message::header::{ContentType, MessageId};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Account;
use crate::checks::{Finding, Window, check_text};
use crate::exports;
use crate::text::{ascii_fold, clean_line, clean_text, windows_safe};
use crate::{Error, FieldError, Result, activity, campaign, email, photo, school};

const TEXTS: &str = include_str!("../../assets/texts/mail.json");
/// The whole message after encoding (base64 grows attachments by a third).
pub const DEFAULT_LIMIT: usize = 20 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Compose {
    pub year: i32,
    pub to: String,
    pub cc: Vec<String>,
    pub subject: String,
    pub body: String,
    /// Files to attach (exported documents, a scan of the signed copy).
    pub files: Vec<String>,
    /// Attach the representative photos, sized for email.
    pub photos: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AttachmentInfo {
    pub name: String,
    #[ts(type = "number")]
    pub bytes: u64,
    pub sha256: String,
}

/// What would be sent: the attachments and the encoded size, with warnings on the addresses.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Preview {
    pub attachments: Vec<AttachmentInfo>,
    #[ts(type = "number")]
    pub size: u64,
    #[ts(type = "number")]
    pub limit: u64,
    pub warnings: Vec<String>,
    /// Attached documents that are older than the data: sending is refused until they are exported again.
    pub stale: Vec<exports::Freshness>,
}

/// A message ready for the outbox: its exact bytes and what they carry.
pub struct Built {
    pub message_id: String,
    pub subject: String,
    pub raw: Vec<u8>,
    pub recipients: Vec<String>,
    pub attachments: Vec<AttachmentInfo>,
}

#[derive(Deserialize)]
struct Texts {
    subject: String,
    body: String,
}

/// The default message of `year`.
pub fn draft(store: &crate::store::Store, year: i32) -> Result<Compose> {
    let c = campaign::get(store, year)?;
    let s = school::require(store)?;
    let texts: Texts = serde_json::from_str(TEXTS)
        .map_err(|e| Error::DataFile { path: "assets/texts/mail.json".into(), reason: e.to_string() })?;
    let files = exports::existing(store, year, &s)?;
    let documents = files
        .iter()
        .map(|(kind, p)| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            format!("- {} ({name})", kind.label())
        })
        .collect::<Vec<_>>()
        .join("\n");
    let fill = |t: &str| {
        t.replace("{authority}", &c.authority_name)
            .replace("{school}", &s.name)
            .replace("{year}", &year.to_string())
            .replace("{documents}", &documents)
            .replace("{signer}", &s.signer_name)
            .replace("{title}", &s.plain_title())
    };
    Ok(Compose {
        year,
        to: c.authority_email.clone(),
        cc: if email::is_valid(&s.email) { vec![s.email.clone()] } else { Vec::new() },
        subject: fill(&texts.subject),
        body: fill(&texts.body),
        files: files.iter().map(|(_, p)| p.display().to_string()).collect(),
        // The representative photos go along when the school has chosen some.
        photos: !photo::representative(store, year, &activity::list(store, year, &activity::ActivityFilter::default())?)?
            .is_empty(),
    })
}

/// Adds a file of the school's own (the scan of the signed report) to the message, and its line
/// to the list of files in the letter when the letter still has one. A file already attached is
/// not added twice.
pub fn attach(mut c: Compose, file: &Path) -> Result<Compose> {
    let meta = std::fs::metadata(file).map_err(|e| Error::DataFile { path: file.to_path_buf(), reason: e.to_string() })?;
    if !meta.is_file() {
        return Err(Error::DataFile { path: file.to_path_buf(), reason: "không phải một tệp".into() });
    }
    let shown = file.display().to_string();
    if c.files.contains(&shown) {
        return Ok(c);
    }
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let line = format!("- Bản chụp báo cáo đã ký, đóng dấu ({name})");
    let mut lines: Vec<&str> = c.body.lines().collect();
    if let Some(last) = lines.iter().rposition(|l| l.starts_with("- ")) {
        lines.insert(last + 1, &line);
        c.body = lines.join("\n");
    }
    c.files.push(shown);
    Ok(c)
}

/// The files a message from the window may carry: the kept documents of its year and the files
/// the user chose in the window's dialog (`chosen`), so a page cannot name any other file on the
/// disk to send. (The command line attaches what its user names.)
pub fn check_files(store: &crate::store::Store, c: &Compose, chosen: &[PathBuf]) -> Result<()> {
    let kept = exports::existing(store, c.year, &school::require(store)?)?;
    match c.files.iter().find(|f| {
        let f = Path::new(f.as_str());
        !kept.iter().any(|(_, k)| k == f) && !chosen.iter().any(|c| c == f)
    }) {
        Some(other) => Err(Error::NotAttachable(other.clone())),
        None => Ok(()),
    }
}

/// Everything worth a second look before sending, one line each: addresses that look like a
/// slip, the linter's findings in the subject and body, the authority's form left out, and a
/// missing scan of the signed report.
pub fn warnings(store: &crate::store::Store, c: &Compose) -> Result<Vec<String>> {
    let mut out = address_warnings(c);
    out.extend(text_warnings(c, &campaign::get(store, c.year)?));
    let school = school::require(store)?;
    // The authority's own form, imported but not in the message (not exported yet, or taken off).
    if let Some(kind) = exports::form_kind(store, c.year)?
        && !c.files.iter().any(|f| Path::new(f) == kind.path(store, c.year, &school))
    {
        out.push(format!(
            "Chưa đính kèm {} ({}): cơ quan quản lý tổng hợp số liệu từ chính biểu mẫu này. Hãy xuất biểu mẫu đã điền ở bước Báo cáo.",
            kind.label().to_lowercase(),
            kind.file_name(c.year, &school)
        ));
    }
    let exported: Vec<_> = exports::existing(store, c.year, &school)?.into_iter().map(|(_, p)| p).collect();
    if c.files.iter().all(|f| exported.iter().any(|p| p == Path::new(f))) {
        out.push(
            "Chưa đính kèm bản chụp (scan) báo cáo đã ký, đóng dấu: cơ quan nhận thường cần cả bản này cùng các tệp Word, Excel."
                .to_owned(),
        );
    }
    Ok(out)
}

/// Addresses that are well formed but look like a slip of the keyboard ("gmail.con").
fn address_warnings(c: &Compose) -> Vec<String> {
    std::iter::once(&c.to)
        .chain(&c.cc)
        .filter_map(|a| email::likely_typo(a).map(|fix| format!("«{a}» có phải là «{fix}»?")))
        .collect()
}

/// The linter's findings in the subject and the body: a year or a date of another campaign, a
/// wrong weekday.
pub fn findings(c: &Compose, campaign: &campaign::Campaign) -> Vec<Finding> {
    let window = Window::looking_back(campaign);
    let mut found = Vec::new();
    check_text("Tiêu đề thư", &c.subject, &window, &mut found);
    check_text("Nội dung thư", &c.body, &window, &mut found);
    found
}

/// Each finding of `findings` as one line, for the compose screen.
fn text_warnings(c: &Compose, campaign: &campaign::Campaign) -> Vec<String> {
    findings(c, campaign).into_iter().map(|f| format!("{}: {} {}", f.place, f.message, f.fix)).collect()
}

fn content_type(name: &str, fallback: &str) -> Result<ContentType> {
    let lower = name.to_lowercase();
    let mime = match lower.rsplit('.').next().unwrap_or_default() {
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pdf" => "application/pdf",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    };
    // `name` is the ASCII fallback for clients that ignore the RFC 2231 file name.
    ContentType::parse(&format!("{mime}; name=\"{fallback}\"")).map_err(|e| Error::MessageBuild(e.to_string()))
}

fn validate(c: &Compose) -> Result<()> {
    let mut errors = Vec::new();
    if !email::is_valid(&c.to) {
        errors.push(FieldError::new("to", "Địa chỉ người nhận chưa đúng dạng (ví dụ phongvhxh@xa.gov.vn)."));
    }
    if let Some(bad) = c.cc.iter().find(|a| !email::is_valid(a)) {
        errors.push(FieldError::new("cc", format!("Địa chỉ đồng gửi «{bad}» chưa đúng dạng.")));
    }
    if clean_line(&c.subject).is_empty() {
        errors.push(FieldError::new("subject", "Hãy nhập tiêu đề thư."));
    }
    if errors.is_empty() { Ok(()) } else { Err(Error::Validation(errors)) }
}

/// Builds the exact message: attachments read now, photos sized to fit, size checked against `limit`.
/// A kept document that is out of date is refused by name: what is sent is what the data says.
pub fn build(store: &crate::store::Store, account: &Account, c: &Compose, limit: usize) -> Result<Built> {
    let stale = exports::stale_among(store, c.year, &school::require(store)?, &c.files)?;
    if !stale.is_empty() {
        return Err(Error::StaleDocuments(stale.iter().map(exports::Freshness::sentence).collect()));
    }
    let built = assemble(store, account, c, limit)?;
    if built.raw.len() > limit {
        return Err(Error::MessageTooBig { size_mb: mb(built.raw.len()), limit_mb: mb(limit) });
    }
    Ok(built)
}

/// The message with its photos sized for `limit`, whatever its final size.
fn assemble(store: &crate::store::Store, account: &Account, c: &Compose, limit: usize) -> Result<Built> {
    validate(c)?;
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for f in &c.files {
        let path = Path::new(f);
        let bytes = std::fs::read(path).map_err(|e| Error::DataFile { path: path.to_path_buf(), reason: e.to_string() })?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "tep".into());
        parts.push((clean_line(&name), bytes));
    }
    if c.photos {
        let activities = crate::activity::list(store, c.year, &Default::default())?;
        let photos = photo::representative(store, c.year, &activities)?;
        let ids: Vec<i64> = photos.iter().map(|p| p.id).collect();
        let files: usize = parts.iter().map(|(_, b)| b.len()).sum();
        let (edge, bytes) = photo_budget(limit, files, ids.len());
        let copies = photo::export_copies(store, &ids, edge, bytes)?;
        for (n, bytes) in copies.into_iter().enumerate() {
            parts.push((format!("Anh_{:02}.jpg", n + 1), bytes));
        }
    }
    let from: Mailbox = format!("{} <{}>", quote(&account.from_name), account.from_email)
        .parse()
        .map_err(|_| Error::Validation(vec![FieldError::new("from_email", "Địa chỉ gửi đi chưa đúng.")]))?;
    let mailbox = |a: &str, field: &str| {
        a.parse::<Mailbox>().map_err(|_| Error::Validation(vec![FieldError::new(field, format!("Địa chỉ «{a}» chưa đúng."))]))
    };
    let domain = account.from_email.split('@').nth(1).unwrap_or("tuanle.local");
    let stamp = chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default();
    let message_id = format!("<tuanle.{}.{stamp:x}.{}@{domain}>", c.year, std::process::id());
    let mut builder = lettre::Message::builder()
        .from(from)
        .to(mailbox(&c.to, "to")?)
        .subject(clean_line(&c.subject))
        .header(MessageId::from(message_id.clone()));
    for a in &c.cc {
        builder = builder.cc(mailbox(a, "cc")?);
    }
    let mut multipart = MultiPart::mixed().singlepart(SinglePart::plain(clean_text(&c.body)));
    let mut attachments = Vec::new();
    for (name, bytes) in parts {
        let name = windows_safe(&name);
        let fallback = ascii_name(&name);
        attachments.push(AttachmentInfo {
            name: name.clone(),
            bytes: bytes.len() as u64,
            sha256: crate::store::sha256_hex(&bytes),
        });
        multipart = multipart.singlepart(Attachment::new(name.clone()).body(bytes, content_type(&name, &fallback)?));
    }
    let message = builder.multipart(multipart).map_err(|e| Error::MessageBuild(e.to_string()))?;
    let raw = message.formatted();
    let mut recipients = vec![c.to.clone()];
    recipients.extend(c.cc.iter().cloned());
    Ok(Built { message_id, subject: clean_line(&c.subject), raw, recipients, attachments })
}

/// The size of each photo copy so that the photos fit what the other attachments leave of
/// `limit` once encoded (base64 adds a third, plus line breaks and headers): the report's size
/// when there is room, smaller copies (lower quality, then a shorter edge) when there is not.
fn photo_budget(limit: usize, files: usize, photos: usize) -> (u32, usize) {
    const HEADERS: usize = 64 * 1024;
    const FLOOR: usize = 30 * 1024;
    let encoded_files = files / 57 * 78 + 78;
    let room = limit.saturating_sub(HEADERS + encoded_files) / 78 * 57;
    let each = (room / photos.max(1)).saturating_sub(1024).clamp(FLOOR, photo::DOC_MAX_BYTES);
    let edge = if each < photo::DOC_MAX_BYTES / 2 { photo::DOC_LONG_EDGE * 3 / 4 } else { photo::DOC_LONG_EDGE };
    (edge, each)
}

/// What `build` would produce, for the compose screen.
pub fn preview(store: &crate::store::Store, account: &Account, c: &Compose) -> Result<Preview> {
    let warnings = warnings(store, c)?;
    let stale = exports::stale_among(store, c.year, &school::require(store)?, &c.files)?;
    let built = assemble(store, account, c, DEFAULT_LIMIT)?;
    Ok(Preview { attachments: built.attachments, size: built.raw.len() as u64, limit: DEFAULT_LIMIT as u64, warnings, stale })
}

fn mb(bytes: usize) -> String {
    format!("{:.1}", bytes as f64 / 1024.0 / 1024.0).replace('.', ",")
}

/// "Báo cáo đã ký.pdf" → "Bao-cao-da-ky.pdf".
fn ascii_name(name: &str) -> String {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let stem = ascii_fold(stem);
    let stem = if stem.is_empty() { "tep".to_owned() } else { stem };
    if ext.is_empty() { stem } else { format!("{stem}.{}", ascii_fold(ext)) }
}

/// A display name safe inside a mailbox ("Trường Tiểu học Hoa Sen").
fn quote(name: &str) -> String {
    format!("\"{}\"", clean_line(name).replace(['"', '\\'], ""))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::{Compose, ascii_name, attach, text_warnings};
    use crate::campaign::Campaign;

    #[test]
    fn an_attached_scan_is_listed_in_the_letter_once() -> crate::Result<()> {
        let tmp = tempfile::tempdir().map_err(|e| crate::Error::DataFile { path: "tmp".into(), reason: e.to_string() })?;
        let scan = tmp.path().join("Báo cáo đã ký.pdf");
        std::fs::write(&scan, b"%PDF-1.4").map_err(|e| crate::Error::DataFile { path: scan.clone(), reason: e.to_string() })?;
        let c = Compose {
            year: 2025,
            to: String::new(),
            cc: Vec::new(),
            subject: String::new(),
            body: "Kính gửi: Phòng.\n\nThư gồm:\n- Báo cáo (BC.docx)\n- Bảng số liệu (TK.xlsx)\n\nTrân trọng.".into(),
            files: vec!["BC.docx".into(), "TK.xlsx".into()],
            photos: false,
        };
        let once = attach(c, &scan)?;
        let twice = attach(once.clone(), &scan)?;
        assert_eq!(once.body, twice.body);
        assert_eq!(twice.files.len(), 3);
        assert_eq!(
            once.body,
            "Kính gửi: Phòng.\n\nThư gồm:\n- Báo cáo (BC.docx)\n- Bảng số liệu (TK.xlsx)\n- Bản chụp báo cáo đã ký, đóng dấu (Báo cáo đã ký.pdf)\n\nTrân trọng."
        );
        // A letter the user rewrote without a list keeps its words; a missing file is refused.
        let own = Compose { body: "Gửi Phòng báo cáo.".into(), ..once.clone() };
        let own = attach(Compose { files: Vec::new(), ..own }, &scan)?;
        assert_eq!(own.body, "Gửi Phòng báo cáo.");
        assert_eq!(attach(once, &tmp.path().join("khong-co.pdf")).map(|_| ()).map_err(|e| e.code()), Err("data_file"));
        Ok(())
    }

    #[test]
    fn the_subject_and_the_body_are_checked_like_the_documents() {
        let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap_or_default();
        let campaign = Campaign {
            year: 2025,
            theme: String::new(),
            week_start: d(10, 1),
            week_end: d(10, 7),
            opening_date: d(10, 1),
            authority_name: String::new(),
            authority_email: String::new(),
            report_deadline: d(10, 14),
        };
        let mut c = Compose {
            year: 2025,
            to: "vhxh@xa.gov.vn".into(),
            cc: Vec::new(),
            subject: "Báo cáo Tuần lễ hưởng ứng học tập suốt đời năm 2025".into(),
            body: "Kính gửi Phòng Văn hóa - Xã hội,\nLễ khai mạc ngày thứ Tư, ngày 01/10/2025; theo Công văn số 5201/BGDĐT-GDTX ngày 09/9/2024.".into(),
            files: Vec::new(),
            photos: false,
        };
        assert_eq!(text_warnings(&c, &campaign), Vec::<String>::new());
        c.subject = "Báo cáo Tuần lễ hưởng ứng học tập suốt đời năm 2024".into();
        c.body = c.body.replace("thứ Tư", "thứ Năm");
        let warnings = text_warnings(&c, &campaign);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].starts_with("Tiêu đề thư: Năm 2024"), "{warnings:?}");
        assert!(warnings[1].starts_with("Nội dung thư: Ngày 01/10/2025 là thứ Tư"), "{warnings:?}");
    }

    #[test]
    fn fallback_names_are_ascii() {
        assert_eq!(ascii_name("Báo cáo đã ký.pdf"), "Bao-cao-da-ky.pdf");
        assert_eq!(ascii_name("ảnh"), "anh");
        assert_eq!(ascii_name("«».jpg"), "tep.jpg");
    }
}
