//! The ceremony script, the report, the statistics and the hồ sơ: the `tuanle` subcommands of that step.

use std::path::PathBuf;

use clap::Subcommand;
use tuanle::{Error, Result, ceremony, dossier, exports, form, money, outline, report, stats};

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
                let read = match file.as_deref() {
                    Some(f) if f != "-" => outline::read_file(std::path::Path::new(f))?,
                    _ => outline::parse(&read_text(file.as_deref())?)?,
                };
                outline::save(store, c.year, &read)?;
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
            OutlineCommand::Assign { position, section, year } => {
                let c = year.campaign(store)?;
                let section = match section.as_str() {
                    "none" => None,
                    key => Some(outline::Section::from_key(key).ok_or_else(|| {
                        Error::Validation(vec![tuanle::FieldError::new("section", format!("Không có phần «{key}» của báo cáo."))])
                    })?),
                };
                outline::assign(store, c.year, position, section)?;
                let view = outline::view(store, c.year)?;
                out(json, &view, || outline_text(&view));
            }
            OutlineCommand::Reuse { year } => {
                let c = year.campaign(store)?;
                outline::reuse(store, c.year)?;
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

        Documents::Stats(StatsCommand::Form(command)) => match command {
            FormCommand::Import { file, year } => {
                let c = year.campaign(store)?;
                let v = form::import_file(store, c.year, &file)?;
                out(json, &v, || form_text(&v));
            }
            FormCommand::Show { year } => {
                let c = year.campaign(store)?;
                let v = form::view(store, c.year)?;
                out(json, &v, || form_text(&v));
            }
            FormCommand::Map { position, stat, value, unset, year } => {
                let c = year.campaign(store)?;
                let mapping = match (stat, value, unset) {
                    (Some(key), _, _) => form::Mapping::Stat(key),
                    (None, Some(n), _) => form::Mapping::Typed(Some(n)),
                    (None, None, true) => form::Mapping::Unset,
                    (None, None, false) => {
                        return Err(Error::Validation(vec![tuanle::FieldError::new(
                            "source",
                            "Hãy cho biết --stat DÒNG, --value SỐ hoặc --unset.",
                        )]));
                    }
                };
                let v = form::map(store, c.year, position, &mapping)?;
                out(json, &v, || form_text(&v));
            }
            FormCommand::Confirm { year } => {
                let c = year.campaign(store)?;
                let v = form::confirm_suggestions(store, c.year)?;
                out(json, &v, || form_text(&v));
            }
            FormCommand::Reuse { year } => {
                let c = year.campaign(store)?;
                let v = form::reuse(store, c.year)?;
                out(json, &v, || form_text(&v));
            }
            FormCommand::Export { year, out: target } => {
                let c = year.campaign(store)?;
                let export = form::export(store, c.year, target.out)?;
                out(json, &export, || format!("Đã xuất: {} ({} KB)", export.path, export.bytes.div_ceil(1024)));
            }
            FormCommand::Clear { year } => {
                let c = year.campaign(store)?;
                form::clear(store, c.year)?;
                out(json, &serde_json::json!({ "year": c.year }), || {
                    format!("Năm {} không còn dùng mẫu số liệu của cơ quan quản lý.", c.year)
                });
            }
        },

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
    /// Read the outline from the authority's letter: a Word file (.docx), or its text (the whole
    /// letter will do); prints each heading and what the app writes under it.
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
    /// What the app writes under heading N (as numbered by `show`): a section (direction,
    /// ceremony, activities, funding, funding_state, funding_private, results, difficulties,
    /// recommendations, statistics, evidence), or `none` for the school's own text.
    Assign {
        position: usize,
        section: String,
        #[command(flatten)]
        year: YearArg,
    },
    /// Use the latest earlier year's outline again (the school's own texts left empty).
    Reuse {
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
    /// The authority's own statistics form (.xlsx or a table in a .docx), filled in its own file.
    #[command(subcommand)]
    Form(FormCommand),
}

#[derive(Subcommand)]
pub enum FormCommand {
    /// Read the form as received: prints each item, its cell and the suggested source.
    Import {
        file: PathBuf,
        #[command(flatten)]
        year: YearArg,
    },
    /// The form's items, where each value goes and comes from, and what waits for the school.
    Show {
        #[command(flatten)]
        year: YearArg,
    },
    /// Where item N (as numbered by `show`) takes its value from: a row of `stats show`, a
    /// number typed by hand, or nothing yet.
    Map {
        position: u32,
        #[arg(long, group = "source")]
        stat: Option<String>,
        #[arg(long, group = "source")]
        value: Option<i64>,
        #[arg(long, group = "source")]
        unset: bool,
        #[command(flatten)]
        year: YearArg,
    },
    /// Accept every suggestion not yet confirmed.
    Confirm {
        #[command(flatten)]
        year: YearArg,
    },
    /// Use the latest earlier year's form and choices again.
    Reuse {
        #[command(flatten)]
        year: YearArg,
    },
    /// Write the authority's file with the values in its cells.
    Export {
        #[command(flatten)]
        year: YearArg,
        #[command(flatten)]
        out: OutArg,
    },
    /// Stop using the form of the year.
    Clear {
        #[command(flatten)]
        year: YearArg,
    },
}

fn form_text(v: &form::FormView) -> String {
    let Some(file) = &v.file_name else {
        return format!("Năm {} chưa có mẫu số liệu của cơ quan quản lý.", v.year);
    };
    let mut lines = vec![format!("Mẫu «{file}» ({}; {}):", v.place, v.layout)];
    if let Some(place) = &v.name_place {
        lines.push(format!("   tên trường ghi vào {place}"));
    }
    if let Some(place) = &v.date_place {
        lines.push(format!("   ngày ký (ngày của báo cáo) ghi vào {place}"));
    }
    for i in &v.items {
        let what = match (&i.mapping, i.formula) {
            (_, true) => "công thức, Excel tự tính".to_owned(),
            (form::Mapping::Stat(key), _) => {
                let label = v.sources.iter().find(|s| &s.key == key).map_or(key.as_str(), |s| s.label.as_str());
                format!("{label} = {}", i.value.map_or("?".into(), |n| money::figures(n.unsigned_abs())))
            }
            (form::Mapping::Typed(Some(n)), _) => format!("nhập tay = {}", money::figures(n.unsigned_abs())),
            (form::Mapping::Typed(None), _) => "nhập tay: CHƯA CÓ SỐ".to_owned(),
            (form::Mapping::Unset, _) => "CHƯA CHỌN".to_owned(),
        };
        let state = if i.formula || i.confirmed {
            String::new()
        } else {
            format!(" [chưa xác nhận{}]", if i.hint.is_empty() { String::new() } else { format!(", {}", i.hint) })
        };
        let context = if i.context.is_empty() { String::new() } else { format!("{} / ", i.context) };
        lines.push(format!("{:>3} {:<14} {context}{} → {what}{state}", i.position, i.cell, i.label));
    }
    lines.push(if v.unsettled == 0 {
        "Đủ số liệu để điền mẫu.".to_owned()
    } else {
        format!("Còn {} mục chờ xác nhận (tuanle stats form confirm / map).", v.unsettled)
    });
    lines.join("\n")
}
