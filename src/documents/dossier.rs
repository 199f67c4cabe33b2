//! The "hồ sơ": everything the school sends for the week in one zip with clearly named files —
//! the plan, the report, the ceremony script, the statistics workbook, the authority's form filled, and the representative
//! photos sized for email. Each document is also written on its own into `exports/<year>/`.

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;
use ts_rs::TS;
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

use crate::checks::Finding;
use crate::exports::{self, DocKind, Export};
use crate::store::Store;
use crate::text::ascii_fold;
use crate::themes::Themes;
use crate::{Error, Result, activity, ceremony, form, pdf, photo, plan, report, school, stats};

/// Photos go into this folder of the zip.
const PHOTO_FOLDER: &str = "Anh_tieu_bieu";

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DossierFile {
    /// The name inside the zip ("BC_TuanLeHTSD_2025_THHS.docx", "Anh_tieu_bieu/01_Le-khai-mac.jpg").
    pub name: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Dossier {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
    pub files: Vec<DossierFile>,
    /// What is not in it and why ("Chưa có kế hoạch…").
    pub missing: Vec<String>,
    /// The checks of the plan and the report it was made with.
    pub findings: Vec<Finding>,
}

/// Exports every document of `year`, then packs them with the representative photos into one zip
/// (in `exports/<year>/`, or `target`), written atomically.
pub fn export(store: &Store, themes: &Themes, year: i32, target: Option<PathBuf>) -> Result<Dossier> {
    let school = school::require(store)?;
    let made_from = exports::fingerprint(store, DocKind::Dossier, year)?;
    let pdf_made_from = exports::fingerprint(store, DocKind::ReportPdf, year)?;
    let mut exports = Vec::new();
    let mut missing = Vec::new();
    match plan::export(store, themes, year, None) {
        Ok(e) => exports.push(e),
        Err(Error::PlanNotFound(_)) => missing.push("Kế hoạch: chưa soạn trong ứng dụng.".to_owned()),
        Err(e) => return Err(e),
    }
    let report = report::export(store, year, None)?;
    let report_docx = PathBuf::from(&report.path);
    exports.push(report);
    let report_pdf = report_docx.with_extension("pdf");
    match pdf::convert(&report_docx, &report_pdf) {
        Ok(()) => {
            exports::record(store, DocKind::ReportPdf, year, &pdf_made_from)?;
            exports.push(Export { path: report_pdf.display().to_string(), bytes: 0, findings: Vec::new() });
        }
        Err(Error::PdfUnavailable) => missing.push("Báo cáo dạng PDF: máy chưa có LibreOffice (đã có bản .docx).".to_owned()),
        Err(e @ Error::PdfFailed(_)) => missing.push(format!("Báo cáo dạng PDF: {e}")),
        Err(e) => return Err(e),
    }
    exports.push(ceremony::export(store, year, None)?);
    exports.push(stats::export(store, year, None)?);
    if exports::form_kind(store, year)?.is_some() {
        match form::export(store, year, None) {
            Ok(e) => exports.push(e),
            Err(e @ Error::FormUnsettled(_)) => missing.push(format!("Mẫu tổng hợp của cơ quan quản lý: {e}")),
            Err(e) => return Err(e),
        }
    }

    let mut files = Vec::new();
    for e in &exports {
        let path = PathBuf::from(&e.path);
        let bytes = std::fs::read(&path).map_err(|e| Error::DataFile { path: path.clone(), reason: e.to_string() })?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        files.push((name, bytes));
    }
    let activities = activity::list(store, year, &activity::ActivityFilter::default())?;
    let photos = photo::representative(store, year, &activities)?;
    if photos.is_empty() {
        missing.push("Ảnh tiêu biểu: chưa chọn ảnh nào.".to_owned());
    }
    let ids: Vec<i64> = photos.iter().map(|p| p.id).collect();
    let copies = photo::export_copies(store, &ids, photo::DOC_LONG_EDGE, photo::DOC_MAX_BYTES)?;
    for ((i, p), bytes) in photos.iter().enumerate().zip(copies) {
        files.push((format!("{PHOTO_FOLDER}/{}", photo_name(i + 1, &p.caption)), bytes));
    }

    let packed = pack(&files)?;
    let written = exports::write(store, DocKind::Dossier, year, &school, target, &packed, &made_from)?;
    Ok(Dossier {
        path: written.path,
        bytes: written.bytes,
        files: files.iter().map(|(name, bytes)| DossierFile { name: name.clone(), bytes: bytes.len() as u64 }).collect(),
        missing,
        findings: exports.into_iter().flat_map(|e| e.findings).collect(),
    })
}

/// Exports again every kept document of `year` that is out of date (missing ones are left for the
/// user to make); returns what was written.
pub fn refresh(store: &Store, themes: &Themes, year: i32) -> Result<Vec<Export>> {
    let school = school::require(store)?;
    let mut written = Vec::new();
    for kind in DocKind::ALL {
        if exports::freshness(store, kind, year, &school)?.state != exports::FreshState::Stale {
            continue;
        }
        written.push(match kind {
            DocKind::Plan => plan::export(store, themes, year, None)?,
            DocKind::Report => report::export(store, year, None)?,
            DocKind::ReportPdf => report::export_pdf(store, year, None)?,
            DocKind::Ceremony => ceremony::export(store, year, None)?,
            DocKind::Stats => stats::export(store, year, None)?,
            DocKind::FormSheet | DocKind::FormTable => form::export(store, year, None)?,
            DocKind::Dossier => {
                let d = export(store, themes, year, None)?;
                Export { path: d.path, bytes: d.bytes, findings: d.findings }
            }
        });
    }
    Ok(written)
}

/// "01_Le-khai-mac-Tuan-le.jpg": numbered in report order, ASCII, at most 40 characters of caption.
fn photo_name(n: usize, caption: &str) -> String {
    let folded = ascii_fold(caption);
    let short: String = folded.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(40).collect();
    let short = short.trim_end_matches('-');
    if short.is_empty() { format!("{n:02}.jpg") } else { format!("{n:02}_{short}.jpg") }
}

fn pack(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>> {
    let fail = |e: &dyn std::fmt::Display| Error::DossierWrite(e.to_string());
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in files {
        // JPEG and the Office formats are already compressed.
        let method = if name.ends_with(".jpg") { CompressionMethod::Stored } else { CompressionMethod::Deflated };
        zip.start_file(name.as_str(), SimpleFileOptions::default().compression_method(method)).map_err(|e| fail(&e))?;
        zip.write_all(bytes).map_err(|e| fail(&e))?;
    }
    Ok(zip.finish().map_err(|e| fail(&e))?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::photo_name;

    #[test]
    fn photo_names_are_ascii_numbered_and_short() {
        assert_eq!(photo_name(1, "Lễ khai mạc Tuần lễ"), "01_Le-khai-mac-Tuan-le.jpg");
        assert_eq!(photo_name(12, ""), "12.jpg");
        assert_eq!(photo_name(3, "«?»"), "03.jpg");
        assert!(photo_name(2, &"Đọc sách ".repeat(20)).len() <= 3 + 40 + 4);
    }
}
