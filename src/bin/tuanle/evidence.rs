//! The activity log and the photo evidence: the `tuanle` subcommands of that step.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;
use tuanle::activity::{self, Activity};
use tuanle::{Result, matching, pasted, photo, progress};

use crate::Ctx;
use crate::args::{YearArg, read_text};
use crate::output::out;

#[derive(Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per run
pub enum Evidence {
    /// The activity log of a campaign.
    #[command(subcommand)]
    Activity(ActivityCommand),
    /// Photo evidence of a campaign.
    #[command(subcommand)]
    Photos(PhotosCommand),
}

pub fn run(command: Evidence, ctx: Ctx) -> Result<()> {
    let Ctx { store, json, .. } = ctx;
    match command {
        Evidence::Activity(ActivityCommand::Add(f)) => {
            let f = *f;
            let c = progress::pick_campaign(store, f.year)?;
            let a = Activity {
                id: None,
                year: c.year,
                date: f.date,
                start_time: f.start,
                end_time: f.end,
                title: f.title,
                kind: f.kind,
                place: f.place,
                organiser: f.organiser,
                staff: f.staff,
                pupils: f.pupils,
                community: f.community,
                books: f.books,
                documents: f.documents,
                gifts: f.gifts,
                gift_value: f.gift_value,
                funding_state: f.funding_state,
                funding_private: f.funding_private,
                links: f.link,
                notes: f.notes,
            };
            let saved = activity::save_checked(store, &a)?;
            out(json, &saved, || {
                let mut s = format!("Đã lưu hoạt động số {}: {}", saved.activity.id.unwrap_or_default(), saved.activity.title);
                for w in &saved.warnings {
                    s.push_str(&format!("\nLưu ý: {w}"));
                }
                s
            });
        }

        Evidence::Activity(ActivityCommand::List { year, kind, text }) => {
            let c = year.campaign(store)?;
            let days = activity::by_day(store, &c, &activity::ActivityFilter { kind, text })?;
            out(json, &days, || {
                let mut lines = Vec::new();
                for d in &days {
                    lines.push(format!("{}{}", d.label, if d.in_week { "" } else { " (ngoài Tuần lễ)" }));
                    for r in &d.activities {
                        let a = &r.activity;
                        lines.push(format!(
                            "  #{} {} {} [{}] {} người, {} ảnh",
                            a.id.unwrap_or_default(),
                            a.start_time,
                            a.title,
                            r.kind_label,
                            a.participants(),
                            r.photos
                        ));
                    }
                }
                lines.join("\n")
            });
        }

        Evidence::Activity(ActivityCommand::Delete { id }) => {
            let a = activity::delete(store, id)?;
            out(json, &a, || format!("Đã xóa hoạt động số {id} «{}». Hoàn tác: tuanle activity restore {id}", a.title));
        }

        Evidence::Activity(ActivityCommand::Restore { id }) => {
            let a = activity::restore(store, id)?;
            out(json, &a, || format!("Đã khôi phục hoạt động số {id} «{}».", a.title));
        }

        Evidence::Activity(ActivityCommand::Paste { year, file, save }) => {
            let c = year.campaign(store)?;
            let text = read_text(file.as_deref())?;
            let read = pasted::read(store, c.year, &text)?;
            #[derive(Serialize)]
            struct Pasted<'a> {
                #[serde(flatten)]
                read: &'a pasted::Pasted,
                saved: Vec<Activity>,
            }
            let saved = if save {
                let kept: Vec<Activity> =
                    read.rows.iter().filter(|r| r.problems.is_empty()).map(|r| r.activity.clone()).collect();
                activity::save_all(store, &kept)?
            } else {
                Vec::new()
            };
            out(json, &Pasted { read: &read, saved: saved.clone() }, || {
                let mut lines = Vec::new();
                for r in &read.rows {
                    let a = &r.activity;
                    let time =
                        if a.end_time.is_empty() { a.start_time.clone() } else { format!("{}–{}", a.start_time, a.end_time) };
                    lines.push(format!(
                        "dòng {}: {} {} {} [{}] {}",
                        r.line,
                        tuanle::docs::short_date(a.date),
                        time,
                        a.title,
                        a.kind,
                        a.place
                    ));
                    lines.extend(r.problems.iter().map(|p| format!("  LỖI: {p}")));
                    lines.extend(r.notes.iter().map(|n| format!("  Lưu ý: {n}")));
                }
                lines.extend(read.skipped.iter().map(|s| format!("Bỏ qua: {s}")));
                let ok = read.rows.iter().filter(|r| r.problems.is_empty()).count();
                lines.push(if save {
                    format!("Đã lưu {} hoạt động; {} dòng có lỗi chưa lưu.", saved.len(), read.rows.len() - ok)
                } else {
                    format!("{ok} hoạt động lưu được. Thêm --save để lưu.")
                });
                lines.join("\n")
            });
        }

        Evidence::Activity(ActivityCommand::Kinds) => {
            let kinds = activity::kinds()?;
            out(json, &kinds, || kinds.iter().map(|k| format!("{}: {}", k.key, k.label)).collect::<Vec<_>>().join("\n"));
        }

        Evidence::Photos(PhotosCommand::Add { year, paths }) => {
            let c = year.campaign(store)?;
            let files = photo::collect_files(&paths);
            let cancel = std::sync::atomic::AtomicBool::new(false);
            let mut last_shown = 0;
            let report = photo::import(store, c.year, &files, &cancel, &mut |p| {
                if !json && p.total > 0 && (p.done == p.total || p.done >= last_shown + 10) {
                    last_shown = p.done;
                    eprintln!("{}/{} ảnh", p.done, p.total);
                }
            })?;
            out(json, &report, || {
                let p = &report.progress;
                let mut lines = vec![format!(
                    "Đã thêm {} ảnh; {} ảnh đã có từ trước; {} tệp không thêm được.",
                    p.added, p.duplicates, p.failed
                )];
                lines.extend(report.failures.iter().map(|f| format!("- {}", f.message)));
                lines.join("\n")
            });
        }

        Evidence::Photos(PhotosCommand::Set { id, caption, representative, activity }) => {
            let p = photo::get(store, id)?;
            let edit = photo::PhotoEdit {
                id,
                caption: caption.unwrap_or(p.caption),
                activity_id: match activity {
                    Some(Link::To(a)) => Some(a),
                    Some(Link::None) => None,
                    None => p.activity_id,
                },
                representative: representative.unwrap_or(p.representative),
            };
            let p = photo::update(store, &edit)?;
            out(json, &p, || {
                format!("Đã lưu ảnh #{}: «{}»{}", p.id, p.caption, if p.representative { " (ảnh tiêu biểu)" } else { "" })
            });
        }

        Evidence::Photos(PhotosCommand::Match { year, accept }) => {
            let c = year.campaign(store)?;
            let m = matching::review(store, c.year, &[])?;
            let made = if accept { matching::accept(store, c.year, &m.proposals)? } else { Vec::new() };
            #[derive(Serialize)]
            struct Matched<'a> {
                #[serde(flatten)]
                matching: &'a matching::Matching,
                made: &'a [Activity],
            }
            out(json, &Matched { matching: &m, made: &made }, || {
                let mut lines: Vec<String> =
                    m.linked.iter().map(|l| format!("{}: {} ảnh ({})", l.activity, l.photos.len(), l.reason)).collect();
                for p in &m.proposals {
                    lines.push(format!(
                        "Chưa thuộc hoạt động nào: {} ảnh, {} {} {}",
                        p.photos.len(),
                        tuanle::docs::short_date(p.date),
                        p.start_time,
                        p.end_time
                    ));
                }
                if !m.undated.is_empty() {
                    lines.push(format!("{} ảnh không có ngày giờ chụp.", m.undated.len()));
                }
                if accept {
                    lines.push(format!("Đã tạo {} hoạt động và gắn ảnh.", made.len()));
                } else if !m.proposals.is_empty() {
                    lines.push("Thêm --accept để tạo các hoạt động đó (đổi tên sau bằng tuanle activity).".into());
                }
                lines.join("\n")
            });
        }

        Evidence::Photos(PhotosCommand::List { year }) => {
            let c = year.campaign(store)?;
            let photos = photo::list(store, c.year)?;
            out(json, &photos, || {
                photos
                    .iter()
                    .map(|p| {
                        format!(
                            "#{} {} {}×{}{}{}",
                            p.id,
                            p.original_name,
                            p.width,
                            p.height,
                            p.taken_at.map(|t| format!(", chụp {}", t.format("%d/%m/%Y %H:%M"))).unwrap_or_default(),
                            if p.representative { ", ảnh tiêu biểu" } else { "" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }

        Evidence::Photos(PhotosCommand::Export { id, long_edge, max_kb, out: target }) => {
            let bytes = photo::export_copy(store, id, long_edge, max_kb * 1024)?;
            tuanle::store::write_file_atomic(&target, &bytes)?;
            #[derive(Serialize)]
            struct Written {
                path: String,
                bytes: usize,
            }
            let w = Written { path: target.display().to_string(), bytes: bytes.len() };
            out(json, &w, || format!("Đã ghi {} ({} KB).", w.path, w.bytes / 1024));
        }
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum ActivityCommand {
    /// Record an activity (numbers default to 0).
    Add(Box<ActivityFields>),
    /// The activities, day by day.
    List {
        #[command(flatten)]
        year: YearArg,
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        text: Option<String>,
    },
    /// Hide an activity (undo with `restore`).
    Delete {
        id: i64,
    },
    Restore {
        id: i64,
    },
    /// Read activities pasted from Excel or a Zalo message (a file, or standard input), show
    /// what was read; with --save store those without a problem.
    Paste {
        #[command(flatten)]
        year: YearArg,
        /// A text file; "-" or nothing reads standard input.
        file: Option<String>,
        #[arg(long)]
        save: bool,
    },
    /// The kinds of activities.
    Kinds,
}

#[derive(Args)]
pub struct ActivityFields {
    #[arg(long)]
    year: Option<i32>,
    #[arg(long)]
    date: NaiveDate,
    #[arg(long)]
    title: String,
    #[arg(long, default_value = "other")]
    kind: String,
    #[arg(long, default_value = "")]
    start: String,
    #[arg(long, default_value = "")]
    end: String,
    #[arg(long, default_value = "")]
    place: String,
    #[arg(long, default_value = "")]
    organiser: String,
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    staff: i64,
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    pupils: i64,
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    community: i64,
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    books: i64,
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    documents: i64,
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    gifts: i64,
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    gift_value: i64,
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    funding_state: i64,
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    funding_private: i64,
    #[arg(long)]
    link: Vec<String>,
    #[arg(long, default_value = "")]
    notes: String,
}

#[derive(Subcommand)]
pub enum PhotosCommand {
    /// Add photos: files and folders (sub-folders included).
    Add {
        #[command(flatten)]
        year: YearArg,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    List {
        #[command(flatten)]
        year: YearArg,
    },
    /// Which activity each photo goes with and why; the photos no activity covers, grouped by
    /// day and time. With --accept, each group becomes an activity (with its proposed title).
    Match {
        #[command(flatten)]
        year: YearArg,
        #[arg(long)]
        accept: bool,
    },
    /// Set a photo's caption, its representative flag («ảnh tiêu biểu») or its activity (`none`
    /// unlinks it); what is not given stays as it is.
    Set {
        id: i64,
        #[arg(long)]
        caption: Option<String>,
        #[arg(long)]
        representative: Option<bool>,
        #[arg(long, value_parser = parse_link)]
        activity: Option<Link>,
    },
    /// Write a copy for the report or email: orientation applied, no metadata, within a size budget.
    Export {
        id: i64,
        #[arg(long, default_value_t = 1600)]
        long_edge: u32,
        #[arg(long, default_value_t = 500)]
        max_kb: usize,
        #[arg(long)]
        out: PathBuf,
    },
}

/// `--activity ID` links a photo to an activity, `--activity none` unlinks it.
#[derive(Clone, Copy)]
pub enum Link {
    To(i64),
    None,
}

fn parse_link(s: &str) -> std::result::Result<Link, String> {
    if s.eq_ignore_ascii_case("none") {
        return Ok(Link::None);
    }
    s.parse().map(Link::To).map_err(|_| format!("«{s}» không phải số của một hoạt động (hoặc none)"))
}
