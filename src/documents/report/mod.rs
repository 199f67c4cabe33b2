//! The report (Báo cáo) of a campaign: an editable narrative with good starting drafts, and the
//! figures taken from what the school already entered (the plan's number, the opening ceremony,
//! the activity log, funding in figures and in words, the statistics table, representative photos).

pub mod findings;

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::activity::{self, ActivityFilter};
use crate::campaign::{self, Campaign};
use crate::ceremony;
use crate::checks::Finding;
use crate::docs::{self, Block, DocHeader, Document, Recipients, Signature, Span};
use crate::exports::{self, DocKind, Export, Freshness};
use crate::outline::{self, Heading, Section};
use crate::pdf;
use crate::photo;
use crate::plan;
use crate::school::{self, SchoolProfile};
use crate::stats;
use crate::store::Store;
use crate::text::{self, clean_line, clean_text};
use crate::{Error, Result, money};

const DEFAULTS: &str = include_str!("../../../assets/texts/report.json");
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Report {
    pub year: i32,
    pub number: String,
    pub issue_date: NaiveDate,
    /// I.1 Direction and how the plan was issued.
    pub direction: String,
    /// I.2 The opening ceremony.
    pub ceremony: String,
    /// II.1 Results and lessons.
    pub results: String,
    /// II.2 Difficulties.
    pub difficulties: String,
    /// II.3 Recommendations.
    pub recommendations: String,
    pub recipients: Vec<String>,
}

impl Report {
    /// The report's own text under `section` (direction, ceremony, results, difficulties,
    /// recommendations); `None` for what comes from the log and the statistics.
    pub fn narrative(&self, section: Section) -> Option<&str> {
        match section {
            Section::Direction => Some(&self.direction),
            Section::Ceremony => Some(&self.ceremony),
            Section::Results => Some(&self.results),
            Section::Difficulties => Some(&self.difficulties),
            Section::Recommendations => Some(&self.recommendations),
            _ => None,
        }
    }
}

#[derive(Deserialize)]
struct Defaults {
    direction: String,
    ceremony: String,
    /// The same without a head count, when the log has none for the opening.
    ceremony_no_count: String,
    results: String,
    difficulties: String,
    recommendations: String,
    recipients: Vec<String>,
}

/// A first draft from the stored data; the school edits the narrative.
pub fn draft(store: &Store, campaign: &Campaign, school: &SchoolProfile) -> Result<Report> {
    let d: Defaults = serde_json::from_str(DEFAULTS)
        .map_err(|e| Error::DataFile { path: "assets/texts/report.json".into(), reason: e.to_string() })?;
    let plan_ref = match plan::load(store, campaign.year)? {
        Some(p) if !p.number.is_empty() => format!(
            "Kế hoạch số {} ngày {} về việc tổ chức Tuần lễ",
            docs::number_line(&p.number, "KH", &school.abbreviation).trim_start_matches("Số: "),
            docs::short_date(p.issue_date)
        ),
        Some(p) => format!("Kế hoạch ngày {} về việc tổ chức Tuần lễ", docs::short_date(p.issue_date)),
        None => "kế hoạch tổ chức Tuần lễ".to_owned(),
    };
    let activities = activity::list(store, campaign.year, &ActivityFilter::default())?;
    let opening = activities.iter().find(|a| a.kind == "opening");
    let values = [
        ("school", clean_line(&school.name)),
        ("year", campaign.year.to_string()),
        ("theme", campaign.theme.clone()),
        ("plan_ref", plan_ref),
        ("opening", docs::short_date(opening.map_or(campaign.opening_date, |a| a.date))),
        ("opening_title", opening.map_or("Lễ khai mạc Tuần lễ".to_owned(), |a| a.title.clone())),
        ("opening_people", money::figures(opening.map_or(0, |a| a.participants()).max(0) as u64)),
        ("activity_count", activities.len().to_string()),
        ("participants", money::figures(activities.iter().map(|a| a.participants()).sum::<i64>().max(0) as u64)),
        ("authority", campaign.authority_name.clone()),
    ];
    let f = |t: &str| text::fill(t, &values);
    let issue_date = campaign.report_deadline.min(campaign.week_end + chrono::Duration::days(3));
    Ok(Report {
        year: campaign.year,
        number: String::new(),
        issue_date,
        direction: f(&d.direction),
        ceremony: f(if opening.is_some_and(|a| a.participants() > 0) { &d.ceremony } else { &d.ceremony_no_count }),
        results: f(&d.results),
        difficulties: f(&d.difficulties),
        recommendations: f(&d.recommendations),
        recipients: d.recipients.iter().map(|r| f(r)).collect(),
    })
}

pub fn load(store: &Store, year: i32) -> Result<Option<Report>> {
    Ok(store
        .conn()
        .query_row(
            "SELECT number, issue_date, direction, ceremony, results, difficulties, recommendations, recipients
             FROM report WHERE year = ?1",
            [year],
            |r| {
                Ok(Report {
                    year,
                    number: r.get(0)?,
                    issue_date: r.get(1)?,
                    direction: r.get(2)?,
                    ceremony: r.get(3)?,
                    results: r.get(4)?,
                    difficulties: r.get(5)?,
                    recommendations: r.get(6)?,
                    recipients: r.get::<_, String>(7)?.lines().map(str::to_owned).collect(),
                })
            },
        )
        .optional()?)
}

pub fn save(store: &mut Store, report: &Report) -> Result<Report> {
    campaign::get(store, report.year)?;
    let r = Report {
        number: clean_line(&report.number),
        direction: clean_text(&report.direction),
        ceremony: clean_text(&report.ceremony),
        results: clean_text(&report.results),
        difficulties: clean_text(&report.difficulties),
        recommendations: clean_text(&report.recommendations),
        recipients: report.recipients.iter().map(|t| clean_line(t)).filter(|t| !t.is_empty()).collect(),
        ..report.clone()
    };
    store.write(|tx| {
        tx.execute(
            "INSERT INTO report (year, number, issue_date, direction, ceremony, results, difficulties, recommendations, recipients, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT (year) DO UPDATE SET number = excluded.number, issue_date = excluded.issue_date,
               direction = excluded.direction, ceremony = excluded.ceremony, results = excluded.results,
               difficulties = excluded.difficulties, recommendations = excluded.recommendations,
               recipients = excluded.recipients, updated_at = excluded.updated_at",
            params![
                r.year,
                r.number,
                r.issue_date,
                r.direction,
                r.ceremony,
                r.results,
                r.difficulties,
                r.recommendations,
                r.recipients.join("\n"),
                Utc::now().to_rfc3339()
            ],
        )?;
        Ok(())
    })?;
    Ok(r)
}

/// What the sections of a report are drawn from, read once.
struct Sources<'a> {
    report: &'a Report,
    activities: Vec<activity::Activity>,
    kinds: Vec<activity::ActivityKind>,
    stat_rows: Vec<stats::StatRow>,
    links: Vec<String>,
    photos: Vec<docs::PhotoRef>,
}

impl Sources<'_> {
    fn funding(&self) -> (u64, u64) {
        let state: i64 = self.activities.iter().map(|a| a.funding_state).sum();
        let private: i64 = self.activities.iter().map(|a| a.funding_private).sum();
        (state.max(0) as u64, private.max(0) as u64)
    }

    fn has_evidence(&self) -> bool {
        !self.links.is_empty() || !self.photos.is_empty()
    }

    /// The blocks the app writes under a heading of `section`; `items`: the outline's own
    /// funding items follow the heading (the amounts go on their lines, not in the sentence).
    fn blocks(&self, section: Section, items: bool) -> Vec<Block> {
        if let Some(text) = self.report.narrative(section) {
            return Block::paragraphs(text);
        }
        match section {
            Section::Activities => {
                if self.activities.is_empty() {
                    return vec![Block::paragraph("Chưa ghi nhận hoạt động nào.")];
                }
                self.activities
                    .iter()
                    .map(|a| {
                        let kind = self.kinds.iter().find(|k| k.key == a.kind).map_or("", |k| k.label.as_str());
                        let mut details = vec![kind.to_owned()];
                        if !a.place.is_empty() {
                            details.push(a.place.clone());
                        }
                        if a.participants() > 0 {
                            details.push(format!("{} người tham gia", money::figures(a.participants() as u64)));
                        }
                        Block::paragraph(&format!("- Ngày {}: {} ({}).", docs::short_date(a.date), a.title, details.join("; ")))
                    })
                    .collect()
            }
            Section::Funding => {
                let (state, private) = self.funding();
                let total = state + private;
                vec![Block::paragraph(&if total == 0 {
                    "Các hoạt động của Tuần lễ được tổ chức không sử dụng kinh phí.".to_owned()
                } else if items {
                    format!(
                        "Tổng kinh phí: {} đồng (Bằng chữ: {}), trong đó:",
                        money::figures(total),
                        money::amount_in_words(total)
                    )
                } else {
                    format!(
                        "Tổng kinh phí: {} đồng (Bằng chữ: {}), trong đó: ngân sách nhà nước {} đồng; xã hội hóa và các nguồn hợp pháp khác {} đồng.",
                        money::figures(total),
                        money::amount_in_words(total),
                        money::figures(state),
                        money::figures(private)
                    )
                })]
            }
            Section::Statistics => vec![Block::table(
                &[("STT", 9), ("Nội dung", 53), ("Đơn vị tính", 18), ("Số lượng", 20)],
                self.stat_rows
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        vec![(i + 1).to_string(), r.label.clone(), r.unit.clone(), money::figures(r.value.max(0) as u64)]
                    })
                    .collect(),
            )],
            Section::Evidence => {
                let mut out: Vec<Block> = self.links.iter().map(|l| Block::paragraph(&format!("- {l}"))).collect();
                if !self.photos.is_empty() {
                    out.push(Block::spans(vec![Span::plain("Một số hình ảnh tiêu biểu:")]));
                    out.push(Block::Photos { photos: self.photos.clone() });
                }
                out
            }
            // The funding items' amounts go on their own lines (`item`); the narrative was returned above.
            _ => Vec::new(),
        }
    }

    /// An item line of the outline («- Ngân sách nhà nước»): its label, then the amount or the
    /// school's text after a colon.
    fn item(&self, heading: &Heading) -> Block {
        let label = heading.label.trim_end_matches([':', '.', ';']);
        let (state, private) = self.funding();
        let value = match heading.section {
            Some(Section::FundingState) => format!("{} đồng", money::figures(state)),
            Some(Section::FundingPrivate) => format!("{} đồng", money::figures(private)),
            _ => heading.text.trim().to_owned(),
        };
        Block::paragraph(&if value.is_empty() { format!("{label}.") } else { format!("{label}: {value}.") })
    }
}

/// The report laid out by the document engine, under the authority's headings when the school
/// imported them (`outline`), else the app's own; figures come from the store.
pub fn document(store: &Store, report: &Report, campaign: &Campaign, school: &SchoolProfile) -> Result<Document> {
    let activities = activity::list(store, campaign.year, &ActivityFilter::default())?;
    let (_, stat_rows) = stats::table(store, campaign.year)?;
    let photos = photo::representative(store, campaign.year, &activities)?;
    let sources = Sources {
        report,
        links: activities.iter().flat_map(|a| a.links.clone()).collect(),
        kinds: activity::kinds()?,
        stat_rows,
        photos,
        activities,
    };
    let outline = outline::for_year(store, campaign.year)?;
    let mut body = Vec::new();
    for (i, h) in outline.headings.iter().enumerate() {
        if h.level == 3 {
            body.push(sources.item(h));
            continue;
        }
        body.push(Block::heading(h.level, &h.label));
        let items = outline.headings.get(i + 1).is_some_and(|next| next.level == 3);
        match h.section {
            Some(section) => {
                // A text without a heading of its own (the opening ceremony) opens its home's.
                for guest in Section::NARRATIVE.iter().filter(|g| !outline.has(**g) && outline.home(**g) == Some(i)) {
                    body.extend(sources.blocks(*guest, items));
                }
                body.extend(sources.blocks(section, items));
            }
            None => body.extend(Block::paragraphs(&h.text)),
        }
    }
    if !outline.has(Section::Evidence) && sources.has_evidence() {
        let parts = outline.headings.iter().filter(|h| h.level == 1).count();
        body.push(Block::heading(1, &format!("{}. MINH CHỨNG", outline::roman(parts + 1))));
        body.extend(sources.blocks(Section::Evidence, false));
    }
    // A state report ends by saying what it was, then "./.".
    body.push(Block::paragraph(&format!(
        "Trên đây là báo cáo kết quả tổ chức Tuần lễ hưởng ứng học tập suốt đời năm {} của {}./.",
        campaign.year,
        clean_line(&school.name)
    )));
    Ok(Document {
        header: DocHeader::new(school, "BC", &report.number, report.issue_date),
        title: "BÁO CÁO".into(),
        summary: format!("Về việc tổ chức Tuần lễ hưởng ứng học tập suốt đời năm {}", campaign.year),
        body,
        recipients: Recipients::of(&report.recipients),
        signature: Signature::of(school),
    })
}

/// Writes the report (the stored one, or the draft) as .docx, photos sized to the budget.
pub fn export(store: &Store, year: i32, target: Option<PathBuf>) -> Result<Export> {
    let campaign = campaign::get(store, year)?;
    let school = school::require(store)?;
    let report = match load(store, year)? {
        Some(r) => r,
        None => draft(store, &campaign, &school)?,
    };
    let made_from = exports::fingerprint(store, DocKind::Report, year)?;
    let doc = document(store, &report, &campaign, &school)?;
    let ids: Vec<i64> = doc.photos().map(|p| p.id).collect();
    let copies = photo::export_copies(store, &ids, photo::DOC_LONG_EDGE, photo::DOC_MAX_BYTES)?;
    let sized = |id: i64| ids.iter().position(|i| *i == id).map(|n| copies[n].clone()).ok_or(Error::PhotoNotFound(id));
    let bytes = docs::docx::write_with_photos(&doc, &sized)?;
    let findings = checks_of(store, &report, &campaign, &school)?;
    exports::write(store, DocKind::Report, year, &school, target, &bytes, &made_from).map(|e| Export { findings, ..e })
}

/// Exports the report, then converts it to PDF beside it (or at `target`) with the installed
/// LibreOffice; `Error::PdfUnavailable` when the PC has none.
pub fn export_pdf(store: &Store, year: i32, target: Option<PathBuf>) -> Result<Export> {
    let made_from = exports::fingerprint(store, DocKind::ReportPdf, year)?;
    let docx = export(store, year, None)?;
    let path = target.unwrap_or_else(|| PathBuf::from(&docx.path).with_extension("pdf"));
    pdf::convert(Path::new(&docx.path), &path)?;
    if path == DocKind::ReportPdf.path(store, year, &school::require(store)?) {
        exports::record(store, DocKind::ReportPdf, year, &made_from)?;
    }
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or_default();
    Ok(Export { path: path.display().to_string(), bytes, findings: docx.findings })
}

/// The report's checks, with the log and the ceremony script it carries.
fn checks_of(store: &Store, report: &Report, campaign: &Campaign, school: &SchoolProfile) -> Result<Vec<Finding>> {
    let log = activity::list(store, campaign.year, &ActivityFilter::default())?;
    let mut out = findings::check(report, campaign, school, &log, &ceremony::items(store, campaign.year)?);
    if let Some(outline) = outline::load(store, campaign.year)? {
        out.extend(findings::outline(report, &outline));
    }
    Ok(out)
}

/// Everything the report step shows: the text (stored or drafted), its layout, the statistics.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ReportState {
    pub report: Report,
    pub saved: bool,
    pub document: Document,
    pub template_name: String,
    pub stats: Vec<stats::StatRow>,
    pub findings: Vec<Finding>,
    /// Whether the exported .docx says what the data says now.
    pub freshness: Freshness,
}

pub fn state(store: &Store, year: i32) -> Result<ReportState> {
    let campaign = campaign::get(store, year)?;
    let school = school::require(store)?;
    let (report, saved) = match load(store, year)? {
        Some(r) => (r, true),
        None => (draft(store, &campaign, &school)?, false),
    };
    let (template, rows) = stats::table(store, year)?;
    Ok(ReportState {
        findings: checks_of(store, &report, &campaign, &school)?,
        document: document(store, &report, &campaign, &school)?,
        freshness: exports::freshness(store, DocKind::Report, year, &school)?,
        report,
        saved,
        template_name: template.name,
        stats: rows,
    })
}
