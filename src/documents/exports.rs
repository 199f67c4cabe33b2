//! The exported documents of a campaign: one kind per document the school sends (KH, BC and its
//! PDF, KB, TK, the hồ sơ), one rule for their names and place (`exports/<year>/<name>`), one
//! function that writes them, and their freshness: each kept document records a digest of every
//! input it was made from, so a later change of any of them makes it stale.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::Utc;
use rusqlite::OptionalExtension;
use rusqlite::types::ValueRef;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::checks::Finding;
use crate::outline;
use crate::school::SchoolProfile;
use crate::store::{self, Store};
use crate::text::ascii_fold;
use crate::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DocKind {
    Plan,
    Report,
    ReportPdf,
    Ceremony,
    Stats,
    /// The authority's own statistics form, filled: a workbook or a Word table, as it came.
    FormSheet,
    FormTable,
    Dossier,
}

impl DocKind {
    /// In the order a reader expects them in a message.
    pub const ALL: [DocKind; 8] =
        [Self::Report, Self::ReportPdf, Self::Stats, Self::FormSheet, Self::FormTable, Self::Plan, Self::Ceremony, Self::Dossier];

    /// The symbol of the file name ("KH", "BC", …).
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Plan => "KH",
            Self::Report | Self::ReportPdf => "BC",
            Self::Ceremony => "KB",
            Self::Stats => "TK",
            Self::FormSheet | Self::FormTable => "MauTH",
            Self::Dossier => "HoSo",
        }
    }

    /// What the document is, for a reader ("Báo cáo kết quả tổ chức Tuần lễ").
    pub fn label(self) -> &'static str {
        match self {
            Self::Plan => "Kế hoạch tổ chức Tuần lễ",
            Self::Report => "Báo cáo kết quả tổ chức Tuần lễ",
            Self::ReportPdf => "Báo cáo (bản PDF)",
            Self::Ceremony => "Kịch bản lễ khai mạc",
            Self::Stats => "Bảng số liệu thống kê",
            Self::FormSheet | Self::FormTable => "Mẫu tổng hợp số liệu của cơ quan quản lý",
            Self::Dossier => "Hồ sơ Tuần lễ (tệp nén)",
        }
    }

    fn stem(self) -> &'static str {
        match self {
            Self::Ceremony => "LeKhaiMac",
            _ => "TuanLeHTSD",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Self::ReportPdf => "pdf",
            Self::Stats | Self::FormSheet => "xlsx",
            Self::Dossier => "zip",
            _ => "docx",
        }
    }

    /// "KH_TuanLeHTSD_2025_THHT.docx": ASCII only, so it survives email clients and old unzip tools.
    pub fn file_name(self, year: i32, school: &SchoolProfile) -> String {
        format!("{}_{}_{year}_{}.{}", self.symbol(), self.stem(), ascii_fold(&school.abbreviation), self.extension())
    }

    /// Where the document of `year` is kept: `exports/<year>/<name>` in the data folder.
    pub fn path(self, store: &Store, year: i32, school: &SchoolProfile) -> PathBuf {
        store.exports().join(year.to_string()).join(self.file_name(year, school))
    }

    /// The kind whose kept file is `path`, if it is one.
    pub fn of_path(store: &Store, year: i32, school: &SchoolProfile, path: &Path) -> Option<DocKind> {
        Self::ALL.into_iter().find(|k| k.path(store, year, school) == path)
    }
}

/// What an export wrote, and the checks it was made with.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Export {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
    pub findings: Vec<Finding>,
}

/// Writes `bytes` as the document `kind` of `year` (at its kept place, or at `target`), atomically;
/// the caller adds the checks it made.
/// `made_from` is the fingerprint taken before the document was built; it is recorded when the
/// kept file is written, so the file is known to be current until one of its inputs changes.
pub fn write(
    store: &Store,
    kind: DocKind,
    year: i32,
    school: &SchoolProfile,
    target: Option<PathBuf>,
    bytes: &[u8],
    made_from: &Fingerprint,
) -> Result<Export> {
    let kept = kind.path(store, year, school);
    let path = target.unwrap_or_else(|| kept.clone());
    store::write_file_atomic(&path, bytes)?;
    if path == kept {
        record(store, kind, year, made_from)?;
    }
    Ok(Export { path: path.display().to_string(), bytes: bytes.len() as u64, findings: Vec::new() })
}

/// Records that the kept file of `kind` was made from `made_from` (a file written by someone else,
/// the PDF converter, is recorded this way).
pub fn record(store: &Store, kind: DocKind, year: i32, made_from: &Fingerprint) -> Result<()> {
    let inputs = serde_json::to_string(&made_from.0)?;
    store.conn().execute(
        "INSERT INTO export (year, kind, inputs, exported_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (year, kind) DO UPDATE SET inputs = excluded.inputs, exported_at = excluded.exported_at",
        rusqlite::params![year, kind.key(), inputs, Utc::now().to_rfc3339()],
    )?;
    Ok(())
}

/// One thing a document is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Input {
    School,
    Campaign,
    Plan,
    Activities,
    Photos,
    Statistics,
    Report,
    Ceremony,
    /// The authority's statistics form and what goes in each of its cells.
    Form,
    Layout,
}

impl Input {
    /// What changed, in a sentence: "nhật ký hoạt động".
    pub fn label(self) -> &'static str {
        match self {
            Self::School => "thông tin của trường",
            Self::Campaign => "thông tin Tuần lễ",
            Self::Plan => "kế hoạch",
            Self::Activities => "nhật ký hoạt động",
            Self::Photos => "ảnh tiêu biểu và chú thích",
            Self::Statistics => "số liệu thống kê (mẫu hoặc số sửa tay)",
            Self::Report => "nội dung báo cáo",
            Self::Ceremony => "kịch bản lễ khai mạc",
            Self::Form => "mẫu số liệu của cơ quan quản lý (tệp mẫu hoặc cách điền)",
            Self::Layout => "mẫu văn bản (phiên bản ứng dụng)",
        }
    }

    /// The stored content this input stands for, as queries whose rows are hashed (timestamps
    /// left out: saving the same text again changes nothing).
    fn queries(self) -> &'static [&'static str] {
        match self {
            // The body and role are appended to the title only when they are printed, so exports
            // made before they existed keep their fingerprint.
            Self::School => &["SELECT name, authority_line, abbreviation, place_name, signer_name,
                      signer_title || CASE signer_title WHEN 'on_behalf' THEN char(31) || signing_body || char(31) || signing_role ELSE '' END,
                      email FROM school WHERE ?1 = ?1"],
            Self::Campaign => &[
                "SELECT theme, week_start, week_end, opening_date, authority_name, authority_email, report_deadline FROM campaign WHERE year = ?1",
            ],
            Self::Plan => &[
                "SELECT number, issue_date, intro, closing FROM plan WHERE year = ?1",
                "SELECT position, prefix, doc_kind, number, date, issuer, subject FROM plan_legal_basis WHERE year = ?1 ORDER BY position",
                "SELECT section, position, text FROM plan_item WHERE year = ?1 ORDER BY section, position",
                "SELECT position, unit, duties FROM plan_assignment WHERE year = ?1 ORDER BY position",
            ],
            Self::Activities => {
                &["SELECT id, date, start_time, end_time, title, kind, place, organiser, staff, pupils, community, books,
                        documents, gifts, gift_value, funding_state, funding_private, links, notes
                 FROM activity WHERE year = ?1 AND deleted_at IS NULL ORDER BY id"]
            }
            Self::Photos => &["SELECT id, sha256, orientation, taken_at, activity_id, caption FROM photo
                 WHERE year = ?1 AND representative <> 0 ORDER BY id"],
            Self::Statistics => &["SELECT key, value, note FROM stats_correction WHERE year = ?1 ORDER BY key"],
            Self::Report => &[
                "SELECT number, issue_date, direction, ceremony, results, difficulties, recommendations, recipients FROM report WHERE year = ?1",
            ],
            Self::Ceremony => &["SELECT position, time, item, who, note FROM ceremony_item WHERE year = ?1 ORDER BY position"],
            Self::Form => &[
                "SELECT sha256, package, place, layout, name_at, date_at FROM authority_form WHERE year = ?1",
                // The date of signing is the report's, on a form with a date line.
                "SELECT r.issue_date FROM report r JOIN authority_form f ON f.year = r.year
                 WHERE r.year = ?1 AND f.date_at IS NOT NULL",
                "SELECT position, cell_row, cell_col, formula, source, manual, typed, confirmed
                 FROM authority_form_item WHERE year = ?1 ORDER BY position",
            ],
            Self::Layout => &[],
        }
    }

    fn digest(self, store: &Store, year: i32) -> Result<String> {
        let mut h = Sha256::new();
        for sql in self.queries() {
            hash_rows(&mut h, store, sql, year)?;
        }
        match self {
            // The authority's outline, once the school imported one (reports exported before keep
            // their fingerprint).
            Self::Report if outline::imported(store, year)? => hash_rows(
                &mut h,
                store,
                "SELECT position, level, label, section, text FROM report_outline WHERE year = ?1 ORDER BY position",
                year,
            )?,
            // The statistics form the school imported replaces the default one.
            Self::Statistics => match std::fs::read(store.dir().stats_template()) {
                Ok(bytes) => h.update(bytes),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => h.update(b"default"),
                Err(e) => return Err(Error::DataFile { path: store.dir().stats_template(), reason: e.to_string() }),
            },
            Self::Layout => h.update(env!("CARGO_PKG_VERSION")),
            _ => {}
        }
        Ok(store::hex(&h.finalize()))
    }
}

/// Every row of `sql` (one parameter: the year) into the hash, each value typed and sized.
fn hash_rows(h: &mut Sha256, store: &Store, sql: &str, year: i32) -> Result<()> {
    let mut stmt = store.conn().prepare(sql)?;
    let columns = stmt.column_count();
    let mut rows = stmt.query([year])?;
    while let Some(row) = rows.next()? {
        h.update(b"R");
        for i in 0..columns {
            match row.get_ref(i)? {
                ValueRef::Null => h.update(b"N"),
                ValueRef::Integer(n) => h.update(format!("I{n};")),
                ValueRef::Real(x) => h.update(format!("F{x};")),
                ValueRef::Text(t) | ValueRef::Blob(t) => {
                    h.update(format!("T{}:", t.len()));
                    h.update(t);
                }
            }
        }
    }
    h.update(b"Q");
    Ok(())
}

/// The digest of every input of a document, taken when it is built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint(BTreeMap<Input, String>);

impl DocKind {
    fn key(self) -> &'static str {
        match self {
            Self::Plan => "plan",
            Self::Report => "report",
            Self::ReportPdf => "report_pdf",
            Self::Ceremony => "ceremony",
            Self::Stats => "stats",
            Self::FormSheet => "form_sheet",
            Self::FormTable => "form_table",
            Self::Dossier => "dossier",
        }
    }

    /// What the document is made from. The report's draft quotes the plan until the report is saved.
    fn inputs(self, store: &Store, year: i32) -> Result<Vec<Input>> {
        use Input::*;
        Ok(match self {
            Self::Plan => vec![School, Campaign, Plan, Layout],
            Self::Report | Self::ReportPdf => {
                let saved: bool =
                    store.conn().query_row("SELECT EXISTS (SELECT 1 FROM report WHERE year = ?1)", [year], |r| r.get(0))?;
                let mut v = vec![School, Campaign, Activities, Photos, Statistics, Report, Layout];
                if !saved {
                    v.push(Plan);
                }
                v
            }
            Self::Ceremony => vec![School, Campaign, Ceremony, Layout],
            Self::Stats => vec![School, Campaign, Activities, Statistics, Layout],
            Self::FormSheet | Self::FormTable => vec![School, Campaign, Activities, Statistics, Form, Layout],
            Self::Dossier => vec![School, Campaign, Plan, Activities, Photos, Statistics, Form, Report, Ceremony, Layout],
        })
    }
}

/// The fingerprint of what `kind` of `year` would be made from now.
pub fn fingerprint(store: &Store, kind: DocKind, year: i32) -> Result<Fingerprint> {
    let mut map = BTreeMap::new();
    for input in kind.inputs(store, year)? {
        map.insert(input, input.digest(store, year)?);
    }
    Ok(Fingerprint(map))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FreshState {
    /// Not exported yet (or the file was removed).
    Missing,
    /// Exported since the last change of anything it shows.
    Current,
    /// Something it shows changed after the export: it must be exported again.
    Stale,
}

/// Whether the kept file of a document says what the data says now.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Freshness {
    pub kind: DocKind,
    pub label: String,
    pub file_name: String,
    pub state: FreshState,
    /// What changed since the export ("nhật ký hoạt động"), when stale.
    pub changed: Vec<String>,
    pub exported_at: Option<String>,
}

impl Freshness {
    /// "Báo cáo kết quả tổ chức Tuần lễ (BC_….docx): nhật ký hoạt động đã thay đổi sau lần xuất trước"
    pub fn sentence(&self) -> String {
        match self.state {
            FreshState::Missing => format!("{} ({}): chưa xuất", self.label, self.file_name),
            FreshState::Current => format!("{} ({}): đã cập nhật", self.label, self.file_name),
            FreshState::Stale => {
                format!("{} ({}): {} đã thay đổi sau lần xuất trước", self.label, self.file_name, self.changed.join(", "))
            }
        }
    }
}

/// The freshness of the kept document `kind` of `year`.
pub fn freshness(store: &Store, kind: DocKind, year: i32, school: &SchoolProfile) -> Result<Freshness> {
    let file_name = kind.file_name(year, school);
    let exists = kind.path(store, year, school).is_file();
    let recorded: Option<(String, String)> = store
        .conn()
        .query_row(
            "SELECT inputs, exported_at FROM export WHERE year = ?1 AND kind = ?2",
            rusqlite::params![year, kind.key()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (state, changed, exported_at) = match (exists, recorded) {
        (false, _) => (FreshState::Missing, Vec::new(), None),
        // A file from before freshness was recorded: nobody knows what it was made from.
        (true, None) => (FreshState::Stale, vec!["dữ liệu (chưa rõ tệp được xuất từ dữ liệu nào)".to_owned()], None),
        (true, Some((inputs, at))) => {
            let then: BTreeMap<Input, String> = serde_json::from_str(&inputs).unwrap_or_default();
            let now = fingerprint(store, kind, year)?;
            let changed: Vec<String> = now
                .0
                .iter()
                .filter(|(input, digest)| then.get(input) != Some(digest))
                .map(|(i, _)| i.label().to_owned())
                .collect();
            (if changed.is_empty() { FreshState::Current } else { FreshState::Stale }, changed, Some(at))
        }
    };
    Ok(Freshness { kind, label: kind.label().to_owned(), file_name, state, changed, exported_at })
}

/// The kept documents among `files` that are out of date (files of the user's own are never checked).
pub fn stale_among(store: &Store, year: i32, school: &SchoolProfile, files: &[String]) -> Result<Vec<Freshness>> {
    let mut stale = Vec::new();
    for f in files {
        if let Some(kind) = DocKind::of_path(store, year, school, Path::new(f)) {
            let fresh = freshness(store, kind, year, school)?;
            if fresh.state == FreshState::Stale {
                stale.push(fresh);
            }
        }
    }
    Ok(stale)
}

/// The kept document of the authority's form the school imported for `year` (a workbook or a
/// Word table, as the authority sent it), if it did.
pub fn form_kind(store: &Store, year: i32) -> Result<Option<DocKind>> {
    let package: Option<String> =
        store.conn().query_row("SELECT package FROM authority_form WHERE year = ?1", [year], |r| r.get(0)).optional()?;
    Ok(match package.as_deref() {
        Some("xlsx") => Some(DocKind::FormSheet),
        Some("docx") => Some(DocKind::FormTable),
        _ => None,
    })
}

/// The kept documents of `year` that exist, in the order a reader expects them (the hồ sơ aside;
/// a filled form only of the form the school has now).
pub fn existing(store: &Store, year: i32, school: &SchoolProfile) -> Result<Vec<(DocKind, PathBuf)>> {
    let form = form_kind(store, year)?;
    let current = |k: DocKind| match k {
        DocKind::Dossier => false,
        DocKind::FormSheet | DocKind::FormTable => form == Some(k),
        _ => true,
    };
    Ok(DocKind::ALL
        .into_iter()
        .filter(|k| current(*k))
        .map(|k| (k, k.path(store, year, school)))
        .filter(|(_, p)| p.is_file())
        .collect())
}

/// Where the exported documents go, for the settings page.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ExportFolder {
    pub path: String,
    pub is_default: bool,
    /// «Tuần Lễ» under the user's Documents (or the data folder's `exports/` for a portable install).
    pub default_path: String,
}

/// The folder of the exports now.
pub fn folder(store: &Store) -> ExportFolder {
    ExportFolder {
        path: store.exports().display().to_string(),
        is_default: store.exports() == store.dir().default_exports(),
        default_path: store.dir().default_exports().display().to_string(),
    }
}

/// What changing the folder did.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FolderChange {
    pub folder: ExportFolder,
    /// Kept documents copied from the old folder (the old copies stay where they were).
    pub copied: u32,
    pub previous: String,
}

/// Sends the exports to `chosen` (`None`: back to the default). The folder must take a file; the
/// kept documents of every year are copied there (a different file of the same name already
/// there is set aside as `…_cu.<ext>`, never replaced), then the choice is recorded. Nothing is
/// removed from the old folder, and on a failure the exports stay where they were.
pub fn choose_folder(store: &mut Store, chosen: Option<&Path>) -> Result<FolderChange> {
    let previous = store.exports().to_path_buf();
    let target = chosen.map_or_else(|| store.dir().default_exports().to_path_buf(), Path::to_path_buf);
    let unusable = |source| Error::ExportFolder { path: target.clone(), source };
    if target.starts_with(store.dir().root()) && target != store.dir().root().join("exports") {
        return Err(unusable(std::io::Error::other("thư mục này là nơi ứng dụng giữ dữ liệu")));
    }
    let probe = target.join(".tuanle-probe");
    std::fs::create_dir_all(&target).and_then(|()| std::fs::write(&probe, b"")).map_err(unusable)?;
    let _ = std::fs::remove_file(&probe);

    let mut copied = 0;
    if let (Some(school), true) = (crate::school::load(store)?, target != previous) {
        for year in crate::campaign::years(store)? {
            for kind in DocKind::ALL {
                let from = previous.join(year.to_string()).join(kind.file_name(year, &school));
                let Ok(bytes) = std::fs::read(&from) else { continue };
                let to = target.join(year.to_string()).join(kind.file_name(year, &school));
                match std::fs::read(&to) {
                    Ok(there) if there == bytes => continue,
                    Ok(_) => {
                        let stem = to.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                        let aside = to.with_file_name(format!("{stem}_cu.{}", kind.extension()));
                        std::fs::rename(&to, &aside).map_err(|source| Error::FileWrite { path: aside.clone(), source })?;
                    }
                    Err(_) => {}
                }
                store::write_file_atomic(&to, &bytes)?;
                copied += 1;
            }
        }
    }
    store.set_exports(chosen.filter(|c| *c != store.dir().default_exports()))?;
    Ok(FolderChange { folder: folder(store), copied, previous: previous.display().to_string() })
}

/// What takes the system's file manager's place when set (the tests record what is opened).
pub const OPENER_ENV: &str = "TUANLE_OPENER";

/// Opens an exported document, or the folder that holds it, with the system (Explorer on
/// Windows, where the data folder is hidden in AppData). Only the exports folder and the
/// documents in it may be opened.
pub fn open(store: &Store, path: &Path, folder: bool) -> Result<()> {
    let shown = path.display().to_string();
    let target = if folder && path == store.exports() {
        // The folder itself («Mở thư mục» of the settings), made if nothing was exported yet.
        std::fs::create_dir_all(path).map_err(|source| Error::ExportFolder { path: path.to_path_buf(), source })?;
        path
    } else {
        let inside = match (store.exports().canonicalize(), path.canonicalize()) {
            (Ok(root), Ok(file)) => file.starts_with(root) && file.is_file(),
            _ => false,
        };
        if !inside {
            return Err(Error::NotAnExport(shown));
        }
        if folder { path.parent().unwrap_or(path) } else { path }
    };
    let opened = match crate::launch::override_command(OPENER_ENV) {
        Some(mut command) => command.arg(target).spawn().map(drop),
        None => open::that_detached(target),
    };
    opened.map_err(|_| Error::OpenFailed(target.display().to_string()))
}
