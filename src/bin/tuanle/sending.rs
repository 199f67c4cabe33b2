//! The mail account, sending and the outbox: the `tuanle` subcommands of that step.

use std::path::PathBuf;

use chrono::Local;
use clap::Subcommand;
use tuanle::mail::outbox::OutboxAction;
use tuanle::store::Store;
use tuanle::{Error, Result, mail};

use crate::Ctx;
use crate::args::YearArg;
use crate::output::out;

#[derive(Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per run
pub enum Sending {
    /// The mail account used to send (the password goes to the OS keychain).
    #[command(subcommand)]
    Mail(MailCommand),
    /// Compose the message to the authority from the exported documents, put it in the outbox and
    /// send it (or keep it queued when offline). `--eml` saves it as a file instead.
    Send {
        #[command(flatten)]
        year: YearArg,
        /// Recipient (default: the campaign's authority inbox).
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        subject: Option<String>,
        /// Attach these files instead of the exported documents (repeatable).
        #[arg(long = "file")]
        files: Vec<PathBuf>,
        /// Also attach this file (the scan of the signed copy), keeping the exported documents;
        /// the letter lists it.
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

pub fn run(command: Sending, ctx: Ctx) -> Result<()> {
    let Ctx { store, themes, json, .. } = ctx;
    match command {
        Sending::Mail(MailCommand::Show) => {
            let settings = mail::settings(store)?;
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

        Sending::Mail(MailCommand::Set {
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
            let security = match security {
                SecurityArg::Starttls => mail::Security::Starttls,
                SecurityArg::Tls => mail::Security::Tls,
            };
            let auth = match auth {
                AuthArg::Password => mail::Auth::Password,
                AuthArg::Oauth => mail::Auth::Oauth,
            };
            let a = mail::Account { provider, host, port, security, username, from_name, from_email, ca_file, auth, client_id };
            let saved = mail::save(store, &a)?;
            out(json, &saved, || format!("Đã lưu tài khoản gửi thư {} ({}:{}).", saved.from_email, saved.host, saved.port));
        }

        Sending::Mail(MailCommand::Password) => {
            let a = mail::require(store)?;
            let mut line = String::new();
            std::io::stdin().read_line(&mut line).map_err(|e| Error::DataFile { path: "stdin".into(), reason: e.to_string() })?;
            if let mail::secret::Kept::Memory(reason) = mail::secret::store(&a, line.trim_end_matches(['\r', '\n'])) {
                return Err(Error::Keychain(reason));
            }
            out(json, &true, || "Đã lưu mật khẩu vào kho mật khẩu của hệ điều hành.".to_owned());
        }

        Sending::Mail(MailCommand::Signin) => {
            let a = mail::require(store)?;
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

        Sending::Mail(MailCommand::Signout) => {
            let a = mail::require(store)?;
            mail::oauth::sign_out(&a)?;
            out(json, &true, || format!("Đã đăng xuất {}.", a.username));
        }

        Sending::Mail(MailCommand::Test) => {
            let a = mail::require(store)?;
            mail::smtp::test(&a, &mail::credential(store.dir(), &a)?)?;
            out(json, &true, || format!("Kết nối và đăng nhập {}:{} thành công.", a.host, a.port));
        }

        Sending::Send { year, to, subject, files, extra, photos, limit_mb, queue_only, reexport, eml } => {
            let c = year.campaign(store)?;
            let account = mail::require(store)?;
            if reexport {
                for e in tuanle::dossier::refresh(store, themes, c.year)? {
                    eprintln!("Đã xuất lại: {}", e.path);
                }
            }
            let mut compose = mail::message::draft(store, c.year)?;
            if let Some(to) = to {
                compose.to = to;
            }
            if let Some(subject) = subject {
                compose.subject = subject;
            }
            if !files.is_empty() {
                compose.files = files.iter().map(|f| f.display().to_string()).collect();
            }
            for file in &extra {
                compose = mail::message::attach(compose, file)?;
            }
            compose.photos = photos;
            // Advice for a person; with --json stderr carries only the error, if any.
            if !json {
                for w in mail::message::warnings(store, &compose)? {
                    eprintln!("Lưu ý: {w}");
                }
            }
            let built = mail::message::build(store, &account, &compose, limit_mb * 1024 * 1024)?;
            if let Some(file) = eml {
                tuanle::store::write_file_atomic(&file, &built.raw)?;
                out(json, &file, || format!("Đã lưu thư thành {} ({} KB).", file.display(), built.raw.len() / 1024));
                return Ok(());
            }
            let item = mail::outbox::submit(store, &account, c.year, &built)?;
            let item = if queue_only {
                item
            } else {
                let credential = match mail::credential(store.dir(), &account) {
                    Ok(c) => c,
                    Err(e) => {
                        mail::outbox::hold(store, &[item.id], &e)?;
                        return Err(e);
                    }
                };
                mail::outbox::send_one(store, &account, &credential, item.id)?
            };
            out(json, &item, || outbox_text(&item));
        }

        Sending::Outbox(OutboxCommand::List) => {
            let items = mail::outbox::list(store)?;
            out(json, &items, || items.iter().map(outbox_text).collect::<Vec<_>>().join("\n"));
        }

        Sending::Outbox(OutboxCommand::Run { all }) => {
            let recovered = mail::outbox::recover(store)?;
            let account = mail::require(store)?;
            let dir = store.dir().clone();
            let tried = mail::outbox::send_due(store, &account, || mail::credential(&dir, &account), all)?;
            out(json, &tried, || {
                let mut lines: Vec<String> = tried.iter().map(outbox_text).collect();
                if recovered > 0 {
                    lines.push(format!("{recovered} thư bị ngắt giữa chừng đã được xem lại."));
                }
                if lines.is_empty() { "Không có thư nào đến hạn gửi.".to_owned() } else { lines.join("\n") }
            });
        }

        Sending::Outbox(OutboxCommand::Cancel { id }) => act(store, json, id, OutboxAction::Cancel)?,
        Sending::Outbox(OutboxCommand::Retry { id }) => act(store, json, id, OutboxAction::Retry)?,
        Sending::Outbox(OutboxCommand::Confirm { id }) => act(store, json, id, OutboxAction::Confirm)?,

        Sending::Outbox(OutboxCommand::Eml { id, file }) => {
            tuanle::store::write_file_atomic(&file, &mail::outbox::raw(store, id)?)?;
            out(json, &file, || format!("Đã lưu thư số {id} thành {}.", file.display()));
        }
    }
    Ok(())
}

#[derive(Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per run
pub enum MailCommand {
    Show,
    Set {
        /// gmail | microsoft | custom
        #[arg(long)]
        provider: String,
        #[arg(long, default_value = "")]
        host: String,
        #[arg(long, default_value_t = 587)]
        port: u16,
        #[arg(long, value_enum, default_value_t = SecurityArg::Starttls)]
        security: SecurityArg,
        #[arg(long)]
        username: String,
        #[arg(long, default_value = "")]
        from_name: String,
        #[arg(long)]
        from_email: String,
        /// PEM file of the server's own certificate authority.
        #[arg(long, default_value = "")]
        ca_file: String,
        #[arg(long, value_enum, default_value_t = AuthArg::Password)]
        auth: AuthArg,
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
pub enum OutboxCommand {
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

fn act(store: &mut Store, json: bool, id: i64, action: OutboxAction) -> Result<()> {
    let item = mail::outbox::act(store, id, action)?;
    out(json, &item, || outbox_text(&item));
    Ok(())
}

fn outbox_text(i: &mail::outbox::OutboxItem) -> String {
    let state = i.state.label();
    let mut line = format!("#{} [{state}] {} → {} ({} KB, {} lần thử)", i.id, i.subject, i.recipient, i.size / 1024, i.attempts);
    if let Some(t) = i.sent_at {
        line.push_str(&format!(" lúc {}", t.with_timezone(&Local).format("%H:%M %d/%m/%Y")));
    }
    if !i.last_error.is_empty() {
        line.push_str(&format!("\n   {}", i.last_error));
    }
    line
}

/// `--security`: how the connection is encrypted (a typo is refused, never taken as the default).
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum SecurityArg {
    /// Plain connection upgraded with STARTTLS (port 587).
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

/// `--auth`: how the account signs in.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum AuthArg {
    /// The account's password (or app password), kept in the OS keychain.
    Password,
    /// Sign in with Google/Microsoft in the browser (then `mail signin`).
    Oauth,
}
