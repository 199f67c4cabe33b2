//! `tuanle`: every job of Tuần Lễ Desk without a window (tests, power users, scripts).
//! Exit codes: 0 done, 1 failure, 2 wrong usage, 3 invalid input, 4 missing or conflicting data.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{Local, NaiveDate};
use clap::{Args, Parser, Subcommand};
use serde::Serialize;
use tuanle::campaign::{self, Campaign};
use tuanle::school::{self, SchoolProfile, SignerTitle};
use tuanle::store::{DataDir, Store};
use tuanle::themes::Themes;
use tuanle::{Result, demo, progress};

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
    /// Load a demo school and its 2025 campaign into an empty data folder.
    Demo,
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
                    let note = if s.available { "" } else { " (chưa có trong phiên bản này)" };
                    lines.push(format!("  {}: {}{note}", s.label, s.state.label()));
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
