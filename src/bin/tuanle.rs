//! `tuanle`: every job of Tuần Lễ Desk without a window (tests, power users, scripts).
//! Exit codes: 0 done, 1 failure, 2 wrong usage, 3 invalid input, 4 missing or conflicting data,
//! 5 the checks found errors.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{Local, NaiveDate};
use clap::{Args, Parser, Subcommand};
use serde::Serialize;
use tuanle::activity::{self, Activity};
use tuanle::campaign::{self, Campaign};
use tuanle::checks::{Finding, Severity};
use tuanle::photo;
use tuanle::plan::{self, Plan};
use tuanle::school::{self, SchoolProfile, SignerTitle};
use tuanle::store::{DataDir, Store};
use tuanle::themes::Themes;
use tuanle::{Error, Result, backup, ceremony, demo, dossier, mail, money, progress, report, stats};

#[derive(Parser)]
#[command(name = "tuanle", version, about = "Tuần Lễ Desk: hồ sơ Tuần lễ hưởng ứng học tập suốt đời, không cần cửa sổ")]
struct Cli {
    /// Data folder (default: the user's app data folder, or TUANLE_DATA_DIR).
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    /// Print results and errors as JSON.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the data folder and database (safe to run again).
    Init,
    /// The school profile.
    #[command(subcommand)]
    School(SchoolCommand),
    /// The campaigns (one per year).
    #[command(subcommand)]
    Campaign(CampaignCommand),
    /// The steps of a campaign and the days left to the report deadline.
    Status {
        #[arg(long)]
        year: Option<i32>,
    },
    /// Known themes and dates by year.
    Themes,
    /// The plan (Kế hoạch) of a campaign.
    #[command(subcommand)]
    Plan(PlanCommand),
    /// The activity log of a campaign.
    #[command(subcommand)]
    Activity(ActivityCommand),
    /// Photo evidence of a campaign.
    #[command(subcommand)]
    Photos(PhotosCommand),
    /// The opening-ceremony script (kịch bản lễ khai mạc).
    #[command(subcommand)]
    Ceremony(CeremonyCommand),
    /// The report (Báo cáo) of a campaign.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Pack the whole "hồ sơ" in one zip: plan, report (.docx and, with LibreOffice, .pdf),
    /// ceremony script, statistics workbook and representative photos.
    Dossier {
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// The statistics table (Mẫu tổng hợp) computed from the activity log.
    #[command(subcommand)]
    Stats(StatsCommand),
    /// Check the plan of a campaign; exit code 5 when an error is found.
    Check {
        #[arg(long)]
        year: Option<i32>,
    },
    /// Load a demo school and its 2025 campaign into an empty data folder.
    Demo,
    /// Back up the whole data folder (database snapshot, photos, data files) into one .tuanle file.
    Backup {
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Check a .tuanle backup (names, sizes, checksums, database integrity) without restoring it.
    Verify { file: PathBuf },
    /// Restore a .tuanle backup; the current data is moved into backups/ first, never deleted.
    Restore { file: PathBuf },
    /// The mail account used to send (the password goes to the OS keychain).
    #[command(subcommand)]
    Mail(MailCommand),
    /// Compose the message to the authority from the exported documents, put it in the outbox and
    /// send it (or keep it queued when offline). `--eml` saves it as a file instead.
    Send {
        #[arg(long)]
        year: Option<i32>,
        /// Recipient (default: the campaign's authority inbox).
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        subject: Option<String>,
        /// Attach these files instead of the exported documents (repeatable).
        #[arg(long = "file")]
        files: Vec<PathBuf>,
        /// Also attach this file (a scan of the signed copy), keeping the exported documents.
        #[arg(long = "attach")]
        extra: Vec<PathBuf>,
        /// Attach the representative photos, sized for email.
        #[arg(long)]
        photos: bool,
        /// Size limit of the whole message in MB.
        #[arg(long, default_value_t = 20)]
        limit_mb: usize,
        /// Queue only; `outbox run` sends.
        #[arg(long)]
        queue_only: bool,
        /// Export again the documents that are older than the data, instead of refusing to send them.
        #[arg(long)]
        reexport: bool,
        /// Save the message as an .eml file (opens in Outlook/Thunderbird) instead of queueing it.
        #[arg(long)]
        eml: Option<PathBuf>,
    },
    /// The outbox: list, send what is due, cancel, retry, confirm, save as .eml.
    #[command(subcommand)]
    Outbox(OutboxCommand),
}

#[derive(Subcommand)]
enum SchoolCommand {
    Show,
    /// Set some or all fields; fields not given keep their stored value.
    Set(SchoolFields),
}

#[derive(Args)]
struct SchoolFields {
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    authority_line: Option<String>,
    #[arg(long)]
    abbreviation: Option<String>,
    #[arg(long)]
    place: Option<String>,
    #[arg(long)]
    signer_name: Option<String>,
    /// principal | deputy_for_principal | deputy_in_charge
    #[arg(long, value_parser = parse_title)]
    signer_title: Option<SignerTitle>,
    #[arg(long)]
    email: Option<String>,
}

#[derive(Subcommand)]
enum CampaignCommand {
    /// Create the campaign of a year; unspecified fields come from the known themes and presets.
    New(CampaignFields),
    /// Change fields of an existing campaign.
    Set(CampaignFields),
    Show {
        #[arg(long)]
        year: Option<i32>,
    },
    List,
}

#[derive(Subcommand)]
enum PlanCommand {
    /// The plan (stored, or the default draft), its layout and its checks.
    Show {
        #[arg(long)]
        year: Option<i32>,
    },
    /// Store the default draft of a year's plan (fresh texts adapted to the year).
    Init {
        #[arg(long)]
        year: Option<i32>,
    },
    /// Store a plan from a JSON file shaped like the `plan` of `plan show --json`.
    Import { file: PathBuf },
    /// Start a year's plan from another year's, and list what still names the old year.
    Clone {
        #[arg(long)]
        from: i32,
        #[arg(long)]
        year: i32,
    },
    /// Write the plan as .docx (default: exports/<year>/ in the data folder).
    Export {
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ActivityCommand {
    /// Record an activity (numbers default to 0).
    Add(Box<ActivityFields>),
    /// The activities, day by day.
    List {
        #[arg(long)]
        year: Option<i32>,
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
    /// The kinds of activities.
    Kinds,
}

#[derive(Args)]
struct ActivityFields {
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
enum PhotosCommand {
    /// Add photos: files and folders (sub-folders included).
    Add {
        #[arg(long)]
        year: Option<i32>,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    List {
        #[arg(long)]
        year: Option<i32>,
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

#[derive(Subcommand)]
enum CeremonyCommand {
    /// The programme (stored, or the default one).
    Show {
        #[arg(long)]
        year: Option<i32>,
    },
    /// Store a programme from a JSON file: a list of {time, item, who, note}.
    Import {
        file: PathBuf,
        #[arg(long)]
        year: Option<i32>,
    },
    /// Write the script as .docx.
    Export {
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ReportCommand {
    /// The report (stored, or the draft from the data), its layout and its checks; `--json`
    /// gives the "report" object that `report import` takes back.
    Show {
        #[arg(long)]
        year: Option<i32>,
    },
    /// Store an edited report (the "report" object of `report show --json`).
    Import { file: PathBuf },
    /// Write the report as .docx (the stored one, or the draft from the data), with the
    /// statistics table and the representative photos.
    Export {
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        out: Option<PathBuf>,
        /// Also convert it to PDF with the installed LibreOffice (`--out` then names the PDF).
        #[arg(long)]
        pdf: bool,
    },
}

#[derive(Subcommand)]
enum StatsCommand {
    Show {
        #[arg(long)]
        year: Option<i32>,
    },
    /// Set a row by hand (kept beside the computed value and marked as corrected).
    Correct {
        key: String,
        value: i64,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        year: Option<i32>,
    },
    /// Go back to the computed value of a row.
    Reset {
        key: String,
        #[arg(long)]
        year: Option<i32>,
    },
    /// Write the statistics workbook (.xlsx): the report's table and the activity log.
    Export {
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Use an authority's own form (a JSON file shaped like assets/stats_template.json).
    ImportTemplate { file: PathBuf },
    /// Write the form in use, to edit it or share it.
    ExportTemplate { file: PathBuf },
}

#[derive(Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per run
enum MailCommand {
    Show,
    Set {
        /// gmail | microsoft | custom
        #[arg(long)]
        provider: String,
        #[arg(long, default_value = "")]
        host: String,
        #[arg(long, default_value_t = 587)]
        port: u16,
        /// starttls | tls
        #[arg(long, default_value = "starttls")]
        security: String,
        #[arg(long)]
        username: String,
        #[arg(long, default_value = "")]
        from_name: String,
        #[arg(long)]
        from_email: String,
        /// PEM file of the server's own certificate authority.
        #[arg(long, default_value = "")]
        ca_file: String,
        /// password | oauth (sign in with Google/Microsoft, then `mail signin`)
        #[arg(long, default_value = "password")]
        auth: String,
        /// The OAuth2 client ID registered by the school or district (else the one in oauth.json).
        #[arg(long, default_value = "")]
        client_id: String,
    },
    /// Read the password from standard input and keep it in the OS keychain.
    Password,
    /// Sign in with Google/Microsoft in the browser; the refresh token goes to the OS keychain.
    Signin,
    /// Forget the sign-in (the tokens in the keychain).
    Signout,
    /// Connect and sign in, then say what is wrong if anything.
    Test,
}

#[derive(Subcommand)]
enum OutboxCommand {
    List,
    /// Send the messages that are due (`--all`: every queued one, ignoring the backoff).
    Run {
        #[arg(long)]
        all: bool,
    },
    Cancel {
        id: i64,
    },
    Retry {
        id: i64,
    },
    /// An uncertain message did arrive (checked in the Sent folder or with the recipient).
    Confirm {
        id: i64,
    },
    Eml {
        id: i64,
        file: PathBuf,
    },
}

#[derive(Args)]
struct CampaignFields {
    #[arg(long)]
    year: i32,
    #[arg(long)]
    theme: Option<String>,
    #[arg(long)]
    week_start: Option<NaiveDate>,
    #[arg(long)]
    week_end: Option<NaiveDate>,
    #[arg(long)]
    opening: Option<NaiveDate>,
    #[arg(long)]
    authority_name: Option<String>,
    #[arg(long)]
    authority_email: Option<String>,
    #[arg(long)]
    deadline: Option<NaiveDate>,
}

fn outbox_text(i: &mail::outbox::OutboxItem) -> String {
    let state = match i.state.as_str() {
        "queued" => "Đang chờ gửi",
        "sending" => "Đang gửi",
        "sent" => "Đã gửi",
        "failed" => "Gửi không được",
        "uncertain" => "Chưa rõ đã đến chưa",
        _ => "Đã hủy",
    };
    let mut line = format!("#{} [{state}] {} → {} ({} KB, {} lần thử)", i.id, i.subject, i.recipient, i.size / 1024, i.attempts);
    if let Some(t) = i.sent_at {
        line.push_str(&format!(" lúc {}", t.with_timezone(&Local).format("%H:%M %d/%m/%Y")));
    }
    if !i.last_error.is_empty() {
        line.push_str(&format!("\n   {}", i.last_error));
    }
    line
}

fn parse_title(s: &str) -> std::result::Result<SignerTitle, String> {
    SignerTitle::parse(s).ok_or_else(|| "principal | deputy_for_principal | deputy_in_charge".to_owned())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.json;
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if json {
                eprintln!("{}", serde_json::to_string(&e.payload()).unwrap_or_else(|_| e.to_string()));
            } else {
                eprintln!("Lỗi: {e}");
                for f in e.fields() {
                    eprintln!("  - {}: {}", f.field, f.message);
                }
            }
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

/// Prints `value` as JSON, or the human text.
fn out<T: Serialize>(json: bool, value: &T, text: impl FnOnce() -> String) {
    if json {
        match serde_json::to_string_pretty(value) {
            Ok(s) => println!("{s}"),
            Err(e) => eprintln!("{e}"),
        }
    } else {
        println!("{}", text());
    }
}

fn run(cli: Cli) -> Result<()> {
    let dir = DataDir::resolve(cli.data_dir)?;
    // These two must not open the store: one reads only a file, the other replaces the database.
    match &cli.command {
        Command::Verify { file } => {
            let m = backup::verify(file)?;
            out(cli.json, &m, || {
                format!(
                    "Bản sao lưu dùng được: {} tệp, tạo lúc {}.",
                    m.files.len(),
                    m.created_at.with_timezone(&Local).format("%H:%M %d/%m/%Y")
                )
            });
            return Ok(());
        }
        Command::Restore { file } => {
            let r = backup::restore(&dir, file)?;
            Store::open(dir)?;
            out(cli.json, &r, || {
                let kept = if r.previous.is_empty() {
                    String::new()
                } else {
                    format!("\nDữ liệu trước đó được giữ tại {}.", r.previous)
                };
                format!("Đã khôi phục {} tệp.{kept}", r.manifest.files.len())
            });
            return Ok(());
        }
        _ => {}
    }
    let mut store = Store::open(dir)?;
    let themes = Themes::load(store.dir())?;
    let json = cli.json;
    let today = Local::now().date_naive();
    match cli.command {
        Command::Init => {
            #[derive(Serialize)]
            struct Init {
                data_dir: String,
                schema_version: i64,
            }
            let info = Init { data_dir: store.dir().root().display().to_string(), schema_version: store.schema_version()? };
            out(json, &info, || format!("Thư mục dữ liệu: {}\nPhiên bản dữ liệu: {}", info.data_dir, info.schema_version));
        }
        Command::School(SchoolCommand::Show) => {
            let p = school::require(&store)?;
            out(json, &p, || school_text(&p));
        }
        Command::School(SchoolCommand::Set(f)) => {
            let base = school::load(&store)?.unwrap_or_else(|| SchoolProfile {
                name: String::new(),
                authority_line: String::new(),
                abbreviation: String::new(),
                place_name: String::new(),
                signer_name: String::new(),
                signer_title: SignerTitle::Principal,
                email: String::new(),
            });
            let merged = SchoolProfile {
                name: f.name.unwrap_or(base.name),
                authority_line: f.authority_line.unwrap_or(base.authority_line),
                abbreviation: f.abbreviation.unwrap_or(base.abbreviation),
                place_name: f.place.unwrap_or(base.place_name),
                signer_name: f.signer_name.unwrap_or(base.signer_name),
                signer_title: f.signer_title.unwrap_or(base.signer_title),
                email: f.email.unwrap_or(base.email),
            };
            let p = school::save(&mut store, &merged)?;
            out(json, &p, || format!("Đã lưu thông tin trường.\n{}", school_text(&p)));
        }
        Command::Campaign(CampaignCommand::New(f)) => {
            let base = campaign::draft(f.year, &themes, school::load(&store)?.as_ref())?.campaign;
            let c = campaign::create(&mut store, &merge(base, f))?;
            out(json, &c, || format!("Đã tạo Tuần lễ năm {}.\n{}", c.year, campaign_text(&c, &themes)));
        }
        Command::Campaign(CampaignCommand::Set(f)) => {
            let base = campaign::get(&store, f.year)?;
            let c = campaign::update(&mut store, &merge(base, f))?;
            out(json, &c, || format!("Đã lưu Tuần lễ năm {}.\n{}", c.year, campaign_text(&c, &themes)));
        }
        Command::Campaign(CampaignCommand::Show { year }) => {
            let c = progress::pick_campaign(&store, year)?;
            out(json, &c, || campaign_text(&c, &themes));
        }
        Command::Campaign(CampaignCommand::List) => {
            let years = campaign::years(&store)?;
            out(json, &years, || {
                if years.is_empty() {
                    "Chưa có Tuần lễ nào.".to_owned()
                } else {
                    years.iter().map(|y| format!("Tuần lễ năm {y}")).collect::<Vec<_>>().join("\n")
                }
            });
        }
        Command::Status { year } => {
            let c = progress::pick_campaign(&store, year)?;
            let o = progress::overview(&store, &themes, Some(c.year), today)?;
            out(json, &o, || {
                let mut lines = vec![format!("Tuần lễ năm {}", c.year)];
                for s in &o.steps {
                    lines.push(format!("  {}: {}", s.label, s.state.label()));
                }
                lines.extend(o.deadline_sentence.clone());
                lines.extend(o.warnings.iter().map(|w| format!("Lưu ý: {w}")));
                lines.join("\n")
            });
        }
        Command::Themes => {
            let all = themes.all();
            out(json, &all, || {
                all.iter()
                    .map(|y| {
                        format!(
                            "{}: {} ({} – {})",
                            y.year,
                            y.theme.as_deref().unwrap_or("chủ đề chưa xác nhận, nhập theo công văn"),
                            y.week_start.format("%d/%m/%Y"),
                            y.week_end.format("%d/%m/%Y")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Plan(PlanCommand::Show { year }) => {
            let c = progress::pick_campaign(&store, year)?;
            let state = plan::state(&store, &themes, c.year, today)?;
            out(json, &state, || {
                let mut lines = vec![if state.saved { "Kế hoạch đã lưu." } else { "Bản nháp mặc định (chưa lưu)." }.to_owned()];
                lines.push(String::new());
                lines.push(document_text(&state.document));
                lines.push(findings_text(&state.findings));
                lines.join("\n")
            });
        }
        Command::Plan(PlanCommand::Init { year }) => {
            let c = progress::pick_campaign(&store, year)?;
            if plan::load(&store, c.year)?.is_some() {
                return Err(Error::PlanExists(c.year));
            }
            let school = tuanle::school::require(&store)?;
            let draft = plan::draft(&c, &school, &themes, today)?;
            let saved = plan::save(&mut store, &draft)?;
            out(json, &saved, || format!("Đã lưu bản nháp Kế hoạch năm {}.", saved.year));
        }
        Command::Plan(PlanCommand::Import { file }) => {
            let text =
                std::fs::read_to_string(&file).map_err(|e| Error::DataFile { path: file.clone(), reason: e.to_string() })?;
            let plan: Plan =
                serde_json::from_str(&text).map_err(|e| Error::DataFile { path: file.clone(), reason: e.to_string() })?;
            let saved = plan::save(&mut store, &plan)?;
            out(json, &saved, || format!("Đã lưu Kế hoạch năm {}.", saved.year));
        }
        Command::Plan(PlanCommand::Clone { from, year }) => {
            let report = plan::clone_from(&mut store, &themes, from, year)?;
            out(json, &report, || {
                format!(
                    "Đã tạo Kế hoạch năm {year} từ năm {from} ({} chỗ đã được chuyển sang năm mới).\n{}",
                    report.moved,
                    findings_text(&report.remaining)
                )
            });
        }
        Command::Plan(PlanCommand::Export { year, out: target }) => {
            let c = progress::pick_campaign(&store, year)?;
            let export = plan::export(&store, &themes, c.year, target)?;
            out(json, &export, || format!("Đã xuất: {}\n{}", export.path, findings_text(&export.findings)));
        }
        Command::Activity(ActivityCommand::Add(f)) => {
            let f = *f;
            let c = progress::pick_campaign(&store, f.year)?;
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
            let saved = activity::save_checked(&mut store, &a)?;
            out(json, &saved, || {
                let mut s = format!("Đã lưu hoạt động số {}: {}", saved.activity.id.unwrap_or_default(), saved.activity.title);
                for w in &saved.warnings {
                    s.push_str(&format!("\nLưu ý: {w}"));
                }
                s
            });
        }
        Command::Activity(ActivityCommand::List { year, kind, text }) => {
            let c = progress::pick_campaign(&store, year)?;
            let days = activity::by_day(&store, &c, &activity::ActivityFilter { kind, text })?;
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
        Command::Activity(ActivityCommand::Delete { id }) => {
            let a = activity::delete(&mut store, id)?;
            out(json, &a, || format!("Đã xóa hoạt động số {id} «{}». Hoàn tác: tuanle activity restore {id}", a.title));
        }
        Command::Activity(ActivityCommand::Restore { id }) => {
            let a = activity::restore(&mut store, id)?;
            out(json, &a, || format!("Đã khôi phục hoạt động số {id} «{}».", a.title));
        }
        Command::Activity(ActivityCommand::Kinds) => {
            let kinds = activity::kinds()?;
            out(json, &kinds, || kinds.iter().map(|k| format!("{}: {}", k.key, k.label)).collect::<Vec<_>>().join("\n"));
        }
        Command::Photos(PhotosCommand::Add { year, paths }) => {
            let c = progress::pick_campaign(&store, year)?;
            let files = photo::collect_files(&paths);
            let cancel = std::sync::atomic::AtomicBool::new(false);
            let mut last_shown = 0;
            let report = photo::import(&mut store, c.year, &files, &cancel, &mut |p| {
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
        Command::Photos(PhotosCommand::Set { id, caption, representative, activity }) => {
            let p = photo::get(&store, id)?;
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
            let p = photo::update(&mut store, &edit)?;
            out(json, &p, || {
                format!("Đã lưu ảnh #{}: «{}»{}", p.id, p.caption, if p.representative { " (ảnh tiêu biểu)" } else { "" })
            });
        }
        Command::Photos(PhotosCommand::List { year }) => {
            let c = progress::pick_campaign(&store, year)?;
            let photos = photo::list(&store, c.year)?;
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
        Command::Photos(PhotosCommand::Export { id, long_edge, max_kb, out: target }) => {
            let bytes = photo::export_copy(&store, id, long_edge, max_kb * 1024)?;
            tuanle::store::write_file_atomic(&target, &bytes)?;
            #[derive(Serialize)]
            struct Written {
                path: String,
                bytes: usize,
            }
            let w = Written { path: target.display().to_string(), bytes: bytes.len() };
            out(json, &w, || format!("Đã ghi {} ({} KB).", w.path, w.bytes / 1024));
        }
        Command::Ceremony(CeremonyCommand::Show { year }) => {
            let c = progress::pick_campaign(&store, year)?;
            let items = ceremony::items(&store, c.year)?;
            out(json, &items, || {
                items
                    .iter()
                    .enumerate()
                    .map(|(n, i)| format!("{}. {} | {} | {} | {}", n + 1, i.time, i.item, i.who, i.note))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Ceremony(CeremonyCommand::Import { file, year }) => {
            let c = progress::pick_campaign(&store, year)?;
            let text =
                std::fs::read_to_string(&file).map_err(|e| Error::DataFile { path: file.clone(), reason: e.to_string() })?;
            let items: Vec<ceremony::CeremonyItem> =
                serde_json::from_str(&text).map_err(|e| Error::DataFile { path: file.clone(), reason: e.to_string() })?;
            let saved = ceremony::save(&mut store, c.year, &items)?;
            out(json, &saved, || format!("Đã lưu kịch bản ({} mục).", saved.len()));
        }
        Command::Ceremony(CeremonyCommand::Export { year, out: target }) => {
            let c = progress::pick_campaign(&store, year)?;
            let export = ceremony::export(&store, c.year, target)?;
            out(json, &export, || format!("Đã xuất: {}", export.path));
        }
        Command::Report(ReportCommand::Show { year }) => {
            let c = progress::pick_campaign(&store, year)?;
            let state = report::state(&store, c.year)?;
            out(json, &state, || {
                let mut lines = vec![if state.saved { "Báo cáo đã lưu." } else { "Bản nháp từ dữ liệu (chưa lưu)." }.to_owned()];
                lines.push(String::new());
                lines.push(document_text(&state.document));
                lines.push(findings_text(&state.findings));
                lines.join("\n")
            });
        }
        Command::Report(ReportCommand::Import { file }) => {
            let text =
                std::fs::read_to_string(&file).map_err(|e| Error::DataFile { path: file.clone(), reason: e.to_string() })?;
            let edited: report::Report =
                serde_json::from_str(&text).map_err(|e| Error::DataFile { path: file.clone(), reason: e.to_string() })?;
            let saved = report::save(&mut store, &edited)?;
            out(json, &saved, || format!("Đã lưu Báo cáo năm {}.", saved.year));
        }
        Command::Report(ReportCommand::Export { year, out: target, pdf }) => {
            let c = progress::pick_campaign(&store, year)?;
            let export = if pdf { report::export_pdf(&store, c.year, target)? } else { report::export(&store, c.year, target)? };
            out(json, &export, || {
                format!("Đã xuất: {} ({} KB)\n{}", export.path, export.bytes / 1024, findings_text(&export.findings))
            });
        }
        Command::Stats(StatsCommand::Show { year }) => {
            let c = progress::pick_campaign(&store, year)?;
            let (template, rows) = stats::table(&store, c.year)?;
            out(json, &rows, || {
                let mut lines = vec![format!("{} — năm {}", template.name, c.year)];
                for r in &rows {
                    let mark = if r.corrected { format!(" (sửa tay; tính được {})", r.computed) } else { String::new() };
                    lines.push(format!("{:<48} {:>14} {}{mark}", r.label, money::figures(r.value.max(0) as u64), r.unit));
                }
                lines.join("\n")
            });
        }
        Command::Stats(StatsCommand::Correct { key, value, note, year }) => {
            let c = progress::pick_campaign(&store, year)?;
            stats::correct(&mut store, c.year, &key, Some(value), &note)?;
            out(json, &key, || format!("Đã sửa tay dòng «{key}» thành {value}."));
        }
        Command::Stats(StatsCommand::Reset { key, year }) => {
            let c = progress::pick_campaign(&store, year)?;
            stats::correct(&mut store, c.year, &key, None, "")?;
            out(json, &key, || format!("Dòng «{key}» trở lại số liệu tính từ nhật ký hoạt động."));
        }
        Command::Stats(StatsCommand::Export { year, out: target }) => {
            let c = progress::pick_campaign(&store, year)?;
            let export = stats::export(&store, c.year, target)?;
            out(json, &export, || format!("Đã xuất: {} ({} KB)", export.path, export.bytes / 1024));
        }
        Command::Dossier { year, out: target } => {
            let c = progress::pick_campaign(&store, year)?;
            let d = dossier::export(&store, &themes, c.year, target)?;
            out(json, &d, || {
                let mut lines = vec![format!("Đã đóng gói hồ sơ: {} ({} KB)", d.path, d.bytes / 1024)];
                lines.extend(d.files.iter().map(|f| format!("  {} ({} KB)", f.name, f.bytes.div_ceil(1024))));
                lines.extend(d.missing.iter().map(|m| format!("Chưa có — {m}")));
                lines.push(findings_text(&d.findings));
                lines.join("\n")
            });
        }
        Command::Stats(StatsCommand::ImportTemplate { file }) => {
            let t = stats::Template::import(store.dir(), &file)?;
            out(json, &t, || format!("Đã dùng mẫu «{}» ({} dòng).", t.name, t.rows.len()));
        }
        Command::Stats(StatsCommand::ExportTemplate { file }) => {
            let t = stats::Template::load(store.dir())?;
            let text = serde_json::to_string_pretty(&t).map_err(|e| Error::DocumentWrite(e.to_string()))?;
            tuanle::store::write_file_atomic(&file, text.as_bytes())?;
            out(json, &t, || format!("Đã ghi mẫu «{}» vào {}.", t.name, file.display()));
        }
        Command::Check { year } => {
            let c = progress::pick_campaign(&store, year)?;
            let state = plan::state(&store, &themes, c.year, today)?;
            out(json, &state.findings, || findings_text(&state.findings));
            if state.findings.iter().any(|f| f.severity == Severity::Error) {
                return Err(Error::ChecksFailed(state.findings.iter().filter(|f| f.severity == Severity::Error).count()));
            }
        }
        Command::Backup { out: target } => {
            let b = backup::create(&store, target, "SaoLuu")?;
            out(json, &b, || format!("Đã sao lưu {} tệp vào {} ({} KB).", b.manifest.files.len(), b.path, b.bytes / 1024));
        }
        Command::Verify { .. } | Command::Restore { .. } => {}
        Command::Mail(MailCommand::Show) => {
            let settings = mail::settings(&store)?;
            let a = settings.account.as_ref().ok_or(Error::NoMailAccount)?;
            out(json, &settings, || {
                format!(
                    "{} <{}> qua {}:{} ({:?}), đăng nhập {} ({}; {})",
                    a.from_name,
                    a.from_email,
                    a.host,
                    a.port,
                    a.security,
                    a.username,
                    if a.auth == mail::Auth::Oauth { "tài khoản Google/Microsoft" } else { "mật khẩu" },
                    if settings.has_password { "đã có trong kho mật khẩu" } else { "chưa có trong kho mật khẩu" }
                )
            });
        }
        Command::Mail(MailCommand::Set {
            provider,
            host,
            port,
            security,
            username,
            from_name,
            from_email,
            ca_file,
            auth,
            client_id,
        }) => {
            let security = if security == "tls" { mail::Security::Tls } else { mail::Security::Starttls };
            let auth = if auth == "oauth" { mail::Auth::Oauth } else { mail::Auth::Password };
            let a = mail::Account { provider, host, port, security, username, from_name, from_email, ca_file, auth, client_id };
            let saved = mail::save(&mut store, &a)?;
            out(json, &saved, || format!("Đã lưu tài khoản gửi thư {} ({}:{}).", saved.from_email, saved.host, saved.port));
        }
        Command::Mail(MailCommand::Password) => {
            let a = mail::require(&store)?;
            let mut line = String::new();
            std::io::stdin().read_line(&mut line).map_err(|e| Error::DataFile { path: "stdin".into(), reason: e.to_string() })?;
            if let mail::secret::Kept::Memory(reason) = mail::secret::store(&a, line.trim_end_matches(['\r', '\n'])) {
                return Err(Error::Keychain(reason));
            }
            out(json, &true, || "Đã lưu mật khẩu vào kho mật khẩu của hệ điều hành.".to_owned());
        }
        Command::Mail(MailCommand::Signin) => {
            let a = mail::require(&store)?;
            let pending = mail::oauth::begin(store.dir(), &a)?;
            eprintln!("Đang mở trình duyệt để đăng nhập. Nếu trình duyệt không mở, hãy mở địa chỉ này:\n{}", pending.url);
            if let Err(e) = mail::oauth::open_browser(&pending.url) {
                eprintln!("{e}");
            }
            if let mail::secret::Kept::Memory(reason) = mail::oauth::finish(pending, &a, mail::oauth::WAIT)? {
                return Err(Error::Keychain(reason));
            }
            out(json, &true, || format!("Đã đăng nhập {}; có thể gửi thư.", a.username));
        }
        Command::Mail(MailCommand::Signout) => {
            let a = mail::require(&store)?;
            mail::oauth::sign_out(&a)?;
            out(json, &true, || format!("Đã đăng xuất {}.", a.username));
        }
        Command::Mail(MailCommand::Test) => {
            let a = mail::require(&store)?;
            mail::smtp::test(&a, &mail::credential(store.dir(), &a)?)?;
            out(json, &true, || format!("Kết nối và đăng nhập {}:{} thành công.", a.host, a.port));
        }
        Command::Send { year, to, subject, files, extra, photos, limit_mb, queue_only, reexport, eml } => {
            let c = progress::pick_campaign(&store, year)?;
            let account = mail::require(&store)?;
            if reexport {
                for e in tuanle::dossier::refresh(&store, &themes, c.year)? {
                    eprintln!("Đã xuất lại: {}", e.path);
                }
            }
            let mut compose = mail::message::draft(&store, c.year)?;
            if let Some(to) = to {
                compose.to = to;
            }
            if let Some(subject) = subject {
                compose.subject = subject;
            }
            if !files.is_empty() {
                compose.files = files.iter().map(|f| f.display().to_string()).collect();
            }
            compose.files.extend(extra.iter().map(|f| f.display().to_string()));
            compose.photos = photos;
            for w in mail::message::address_warnings(&compose) {
                eprintln!("Lưu ý: {w}");
            }
            let built = mail::message::build(&store, &account, &compose, limit_mb * 1024 * 1024)?;
            if let Some(file) = eml {
                tuanle::store::write_file_atomic(&file, &built.raw)?;
                out(json, &file, || format!("Đã lưu thư thành {} ({} KB).", file.display(), built.raw.len() / 1024));
                return Ok(());
            }
            let item = mail::outbox::queue(&mut store, c.year, &built)?;
            let item = if queue_only {
                item
            } else {
                let credential = match mail::credential(store.dir(), &account) {
                    Ok(c) => c,
                    Err(e) => {
                        mail::outbox::hold(&mut store, &[item.id], &e)?;
                        return Err(e);
                    }
                };
                mail::outbox::send_one(&mut store, &account, &credential, item.id)?
            };
            out(json, &item, || outbox_text(&item));
        }
        Command::Outbox(OutboxCommand::List) => {
            let items = mail::outbox::list(&store)?;
            out(json, &items, || items.iter().map(outbox_text).collect::<Vec<_>>().join("\n"));
        }
        Command::Outbox(OutboxCommand::Run { all }) => {
            let recovered = mail::outbox::recover(&mut store)?;
            let account = mail::require(&store)?;
            let dir = store.dir().clone();
            let tried = mail::outbox::send_due(&mut store, &account, || mail::credential(&dir, &account), all)?;
            out(json, &tried, || {
                let mut lines: Vec<String> = tried.iter().map(outbox_text).collect();
                if recovered > 0 {
                    lines.push(format!("{recovered} thư bị ngắt giữa chừng đã được xem lại."));
                }
                if lines.is_empty() { "Không có thư nào đến hạn gửi.".to_owned() } else { lines.join("\n") }
            });
        }
        Command::Outbox(OutboxCommand::Cancel { id }) => {
            let item = mail::outbox::cancel(&mut store, id)?;
            out(json, &item, || outbox_text(&item));
        }
        Command::Outbox(OutboxCommand::Retry { id }) => {
            let item = mail::outbox::retry(&mut store, id)?;
            out(json, &item, || outbox_text(&item));
        }
        Command::Outbox(OutboxCommand::Confirm { id }) => {
            let item = mail::outbox::confirm_sent(&mut store, id)?;
            out(json, &item, || outbox_text(&item));
        }
        Command::Outbox(OutboxCommand::Eml { id, file }) => {
            tuanle::store::write_file_atomic(&file, &mail::outbox::raw(&store, id)?)?;
            out(json, &file, || format!("Đã lưu thư số {id} thành {}.", file.display()));
        }
        Command::Demo => {
            let (p, c) = demo::load(&mut store, &themes)?;
            #[derive(Serialize)]
            struct Demo<'a> {
                school: &'a SchoolProfile,
                campaign: &'a Campaign,
            }
            out(json, &Demo { school: &p, campaign: &c }, || format!("Đã nạp trường mẫu: {} (Tuần lễ năm {}).", p.name, c.year));
        }
    }
    Ok(())
}

fn merge(base: Campaign, f: CampaignFields) -> Campaign {
    Campaign {
        year: f.year,
        theme: f.theme.unwrap_or(base.theme),
        week_start: f.week_start.unwrap_or(base.week_start),
        week_end: f.week_end.unwrap_or(base.week_end),
        opening_date: f.opening.unwrap_or(base.opening_date),
        authority_name: f.authority_name.unwrap_or(base.authority_name),
        authority_email: f.authority_email.unwrap_or(base.authority_email),
        report_deadline: f.deadline.unwrap_or(base.report_deadline),
    }
}

fn school_text(p: &SchoolProfile) -> String {
    format!(
        "Trường: {}\nCơ quan chủ quản: {}\nKý hiệu: {}\nĐịa danh: {}\nNgười ký: {} ({})\nEmail: {}",
        p.name,
        p.authority_line,
        p.abbreviation,
        p.place_name,
        p.signer_name,
        p.signer_title.lines().join(" / "),
        p.email
    )
}

fn campaign_text(c: &Campaign, themes: &Themes) -> String {
    let d = |x: NaiveDate| x.format("%d/%m/%Y").to_string();
    let mut s = format!(
        "Năm: {}\nChủ đề: “{}”\nThời gian: {} – {}\nKhai mạc: {}\nNơi nhận báo cáo: {} <{}>\nHạn nộp: {}",
        c.year,
        c.theme,
        d(c.week_start),
        d(c.week_end),
        d(c.opening_date),
        c.authority_name,
        c.authority_email,
        d(c.report_deadline)
    );
    for w in c.warnings(themes) {
        s.push_str(&format!("\nLưu ý: {w}"));
    }
    s
}

fn findings_text(findings: &[Finding]) -> String {
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

fn document_text(doc: &tuanle::docs::Document) -> String {
    let h = &doc.header;
    let mut lines = vec![h.authority_line.clone(), h.issuer.clone(), h.number_line.clone(), h.place_date.clone(), String::new()];
    lines.push(doc.title.clone());
    lines.push(doc.summary.clone());
    lines.extend(doc.body.iter().map(|b| b.text()));
    lines.push("Nơi nhận:".to_owned());
    lines.extend(tuanle::docs::list_items(&doc.recipients));
    lines.extend(doc.signature.title_lines.iter().cloned());
    lines.push(doc.signature.name.clone());
    lines.join("\n")
}

/// `--activity ID` links a photo to an activity, `--activity none` unlinks it.
#[derive(Clone, Copy)]
enum Link {
    To(i64),
    None,
}

fn parse_link(s: &str) -> std::result::Result<Link, String> {
    if s.eq_ignore_ascii_case("none") {
        return Ok(Link::None);
    }
    s.parse().map(Link::To).map_err(|_| format!("«{s}» không phải số của một hoạt động (hoặc none)"))
}
