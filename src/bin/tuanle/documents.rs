//! The ceremony script, the report, the statistics and the hồ sơ: the `tuanle` subcommands of that step.

use std::path::PathBuf;

use clap::Subcommand;
use tuanle::{Error, Result, ceremony, dossier, exports, money, outline, report, stats};

use crate::Ctx;
use crate::args::{OutArg, YearArg, read_text};
use crate::output::{document_text, findings_text, out};

#[derive(Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per run
pub enum Documents {
    /// The opening-ceremony script (kịch bản lễ khai mạc).
    #[command(subcommand)]
    Ceremony(CeremonyCommand),
    /// The report (Báo cáo) of a campaign.
    #[command(subcommand)]
    Report(ReportCommand),
    /// The statistics table (Mẫu tổng hợp) computed from the activity log.
    #[command(subcommand)]
    Stats(StatsCommand),
    /// Pack the whole "hồ sơ" in one zip: plan, report (.docx and, with LibreOffice, .pdf),
    /// ceremony script, statistics workbook and representative photos.
    Dossier {
        #[command(flatten)]
        year: YearArg,
        #[command(flatten)]
        out: OutArg,
    },
    /// Where the exported documents go (default: «Tuần Lễ» under Documents); with a folder or
    /// --default, send them there from now on (the kept documents are copied over).
    ExportFolder {
        folder: Option<PathBuf>,
        #[arg(long, conflicts_with = "folder")]
        default: bool,
    },
}

pub fn run(command: Documents, ctx: Ctx) -> Result<()> {
    let Ctx { store, themes, json, .. } = ctx;
    match command {
        Documents::ExportFolder { folder: None, default: false } => {
            let f = exports::folder(store);
            out(json, &f, || format!("Văn bản được lưu vào: {}{}", f.path, if f.is_default { " (mặc định)" } else { "" }));
        }

        Documents::ExportFolder { folder, .. } => {
            let change = exports::choose_folder(store, folder.as_deref())?;
            out(json, &change, || {
                format!(
                    "Từ nay văn bản được lưu vào: {}\nĐã chép {} văn bản đã xuất từ {} (bản cũ vẫn ở đó).",
                    change.folder.path, change.copied, change.previous
                )
            });
        }

        Documents::Ceremony(CeremonyCommand::Show { year }) => {
            let c = year.campaign(store)?;
            let items = ceremony::items(store, c.year)?;
            out(json, &items, || {
                items
                    .iter()
                    .enumerate()
                    .map(|(n, i)| format!("{}. {} | {} | {} | {}", n + 1, i.time, i.item, i.who, i.note))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }

        Documents::Ceremony(CeremonyCommand::Import { file, year }) => {
            let c = year.campaign(store)?;
            let text =
                std::fs::read_to_string(&file).map_err(|e| Error::DataFile { path: file.clone(), reason: e.to_string() })?;
            let items: Vec<ceremony::CeremonyItem> =
                serde_json::from_str(&text).map_err(|e| Error::DataFile { path: file.clone(), reason: e.to_string() })?;
            let saved = ceremony::save(store, c.year, &items)?;
            out(json, &saved, || format!("Đã lưu kịch bản ({} mục).", saved.len()));
        }

        Documents::Ceremony(CeremonyCommand::Export { year, out: target }) => {
            let c = year.campaign(store)?;
            let export = ceremony::export(store, c.year, target.out)?;
            out(json, &export, || format!("Đã xuất: {}", export.path));
        }

        Documents::Report(ReportCommand::Show { year }) => {
            let c = year.campaign(store)?;
            let state = report::state(store, c.year)?;
            out(json, &state, || {
                let mut lines = vec![if state.saved { "Báo cáo đã lưu." } else { "Bản nháp từ dữ liệu (chưa lưu)." }.to_owned()];
                lines.push(String::new());
                lines.push(document_text(&state.document));
                lines.push(findings_text(&state.findings));
                lines.join("\n")
            });
        }

        Documents::Report(ReportCommand::Import { file }) => {
            let text =
                std::fs::read_to_string(&file).map_err(|e| Error::DataFile { path: file.clone(), reason: e.to_string() })?;
            let edited: report::Report =
                serde_json::from_str(&text).map_err(|e| Error::DataFile { path: file.clone(), reason: e.to_string() })?;
            let saved = report::save(store, &edited)?;
            out(json, &saved, || format!("Đã lưu Báo cáo năm {}.", saved.year));
        }

        Documents::Report(ReportCommand::Outline(command)) => match command {
            OutlineCommand::Import { file, year } => {
                let c = year.campaign(store)?;
                let text = read_text(file.as_deref())?;
                outline::save(store, c.year, &outline::parse(&text)?)?;
                let view = outline::view(store, c.year)?;
                out(json, &view, || format!("Báo cáo năm {} theo mẫu của cơ quan quản lý:\n{}", c.year, outline_text(&view)));
            }
            OutlineCommand::Show { year } => {
                let c = year.campaign(store)?;
                let view = outline::view(store, c.year)?;
                out(json, &view, || outline_text(&view));
            }
            OutlineCommand::Write { position, text, year } => {
                let c = year.campaign(store)?;
                outline::write(store, c.year, position, &text)?;
                let view = outline::view(store, c.year)?;
                out(json, &view, || outline_text(&view));
            }
            OutlineCommand::Clear { year } => {
                let c = year.campaign(store)?;
                outline::clear(store, c.year)?;
                out(json, &serde_json::json!({ "year": c.year }), || format!("Báo cáo năm {} theo mẫu của ứng dụng.", c.year));
            }
        },

        Documents::Report(ReportCommand::Export { year, out: target, pdf }) => {
            let c = year.campaign(store)?;
            let export =
                if pdf { report::export_pdf(store, c.year, target.out)? } else { report::export(store, c.year, target.out)? };
            out(json, &export, || {
                format!("Đã xuất: {} ({} KB)\n{}", export.path, export.bytes / 1024, findings_text(&export.findings))
            });
        }

        Documents::Stats(StatsCommand::Show { year }) => {
            let c = year.campaign(store)?;
            let (template, rows) = stats::table(store, c.year)?;
            out(json, &rows, || {
                let mut lines = vec![format!("{} — năm {}", template.name, c.year)];
                for r in &rows {
                    let mark = if r.corrected { format!(" (sửa tay; tính được {})", r.computed) } else { String::new() };
                    lines.push(format!("{:<48} {:>14} {}{mark}", r.label, money::figures(r.value.max(0) as u64), r.unit));
                }
                lines.join("\n")
            });
        }

        Documents::Stats(StatsCommand::Correct { key, value, note, year }) => {
            let c = year.campaign(store)?;
            stats::correct(store, c.year, &key, Some(value), &note)?;
            out(json, &key, || format!("Đã sửa tay dòng «{key}» thành {value}."));
        }

        Documents::Stats(StatsCommand::Reset { key, year }) => {
            let c = year.campaign(store)?;
            stats::correct(store, c.year, &key, None, "")?;
            out(json, &key, || format!("Dòng «{key}» trở lại số liệu tính từ nhật ký hoạt động."));
        }

        Documents::Stats(StatsCommand::Export { year, out: target }) => {
            let c = year.campaign(store)?;
            let export = stats::export(store, c.year, target.out)?;
            out(json, &export, || format!("Đã xuất: {} ({} KB)", export.path, export.bytes / 1024));
        }

        Documents::Stats(StatsCommand::ImportTemplate { file }) => {
            let t = stats::Template::import(store.dir(), &file)?;
            out(json, &t, || format!("Đã dùng mẫu «{}» ({} dòng).", t.name, t.rows.len()));
        }

        Documents::Stats(StatsCommand::ExportTemplate { file }) => {
            let t = stats::Template::load(store.dir())?;
            let text = serde_json::to_string_pretty(&t)?;
            tuanle::store::write_file_atomic(&file, text.as_bytes())?;
            out(json, &t, || format!("Đã ghi mẫu «{}» vào {}.", t.name, file.display()));
        }

        Documents::Dossier { year, out: target } => {
            let c = year.campaign(store)?;
            let d = dossier::export(store, themes, c.year, target.out)?;
            out(json, &d, || {
                let mut lines = vec![format!("Đã đóng gói hồ sơ: {} ({} KB)", d.path, d.bytes / 1024)];
                lines.extend(d.files.iter().map(|f| format!("  {} ({} KB)", f.name, f.bytes.div_ceil(1024))));
                lines.extend(d.missing.iter().map(|m| format!("Chưa có — {m}")));
                lines.push(findings_text(&d.findings));
                lines.join("\n")
            });
        }
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum CeremonyCommand {
    /// The programme (stored, or the default one).
    Show {
        #[command(flatten)]
        year: YearArg,
    },
    /// Store a programme from a JSON file: a list of {time, item, who, note}.
    Import {
        file: PathBuf,
        #[command(flatten)]
        year: YearArg,
    },
    /// Write the script as .docx.
    Export {
        #[command(flatten)]
        year: YearArg,
        #[command(flatten)]
        out: OutArg,
    },
}

#[derive(Subcommand)]
pub enum ReportCommand {
    /// The report (stored, or the draft from the data), its layout and its checks; `--json`
    /// gives the "report" object that `report import` takes back.
    Show {
        #[command(flatten)]
        year: YearArg,
    },
    /// Store an edited report (the "report" object of `report show --json`).
    Import { file: PathBuf },
    /// Write the report as .docx (the stored one, or the draft from the data), with the
    /// statistics table and the representative photos.
    Export {
        #[command(flatten)]
        year: YearArg,
        #[command(flatten)]
        out: OutArg,
        /// Also convert it to PDF with the installed LibreOffice (`--out` then names the PDF).
        #[arg(long)]
        pdf: bool,
    },
    /// The authority's outline of the report («MẪU BC», «Phụ lục»): the report follows its headings.
    #[command(subcommand)]
    Outline(OutlineCommand),
}

#[derive(Subcommand)]
pub enum OutlineCommand {
    /// Read the outline from text pasted from the authority's letter (the whole letter will do):
    /// prints each heading and what the app writes under it.
    Import {
        /// A text file; "-" or nothing reads standard input.
        file: Option<String>,
        #[command(flatten)]
        year: YearArg,
    },
    /// The outline the report follows (the imported one, or the app's own) and what goes under each heading.
    Show {
        #[command(flatten)]
        year: YearArg,
    },
    /// The school's own text under heading N (as numbered by `show`), for a heading the app does not draft.
    Write {
        position: usize,
        text: String,
        #[command(flatten)]
        year: YearArg,
    },
    /// Back to the app's own outline.
    Clear {
        #[command(flatten)]
        year: YearArg,
    },
}

fn outline_text(o: &outline::OutlineView) -> String {
    o.headings
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let what = match (&v.drafted, v.own) {
                (Some(drafted), _) => format!("  → ứng dụng soạn: {drafted}"),
                (None, true) if v.heading.text.trim().is_empty() => {
                    "  → CHƯA CÓ NỘI DUNG (tuanle report outline write …)".to_owned()
                }
                (None, true) => format!("  → trường viết: {}", v.heading.text.lines().next().unwrap_or_default()),
                (None, false) => String::new(),
            };
            format!("{i:>2} {}{}{what}", "  ".repeat(usize::from(v.heading.level.saturating_sub(1))), v.heading.label)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Subcommand)]
pub enum StatsCommand {
    Show {
        #[command(flatten)]
        year: YearArg,
    },
    /// Set a row by hand (kept beside the computed value and marked as corrected).
    Correct {
        key: String,
        value: i64,
        #[arg(long, default_value = "")]
        note: String,
        #[command(flatten)]
        year: YearArg,
    },
    /// Go back to the computed value of a row.
    Reset {
        key: String,
        #[command(flatten)]
        year: YearArg,
    },
    /// Write the statistics workbook (.xlsx): the report's table and the activity log.
    Export {
        #[command(flatten)]
        year: YearArg,
        #[command(flatten)]
        out: OutArg,
    },
    /// Use an authority's own form (a JSON file shaped like assets/stats_template.json).
    ImportTemplate { file: PathBuf },
    /// Write the form in use, to edit it or share it.
    ExportTemplate { file: PathBuf },
}
