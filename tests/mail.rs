//! Sending through a real SMTP server on 127.0.0.1 (aiosmtpd with STARTTLS and AUTH, started by
//! each test): what arrives is parsed back; faults (server down, wrong password, connection dropped
//! during DATA, oversized message, the CLI killed after the server accepted) never lose or double
//! a message.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use std::time::{Duration, Instant};
use support::host::{Host, HostChild};
use support::output_retrying;

use mail_parser::MimeHeaders;
use serde_json::Value;

const USER: &str = "c1hoasen@test.edu.vn";
const PASSWORD: &str = "mat-khau-dung";

fn python() -> &'static str {
    // Debian's python3-aiosmtpd lives beside the system interpreter.
    if Path::new("/usr/bin/python3").exists() { "/usr/bin/python3" } else { "python3" }
}

/// A test CA and a server certificate for 127.0.0.1 signed by it.
fn certificates(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let run = |args: &[&str]| {
        let ok = Host::new("openssl").args(args).current_dir(dir).output();
        assert!(ok.success, "openssl {args:?}");
    };
    run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=Tuan Le Test CA",
    ]);
    run(&["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"]);
    std::fs::write(dir.join("san.ext"), "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n").unwrap();
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "san.ext",
    ]);
    (dir.join("ca.pem"), dir.join("server.pem"), dir.join("server.key"))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

struct Server {
    _child: HostChild,
    spool: PathBuf,
}

impl Server {
    fn start(t: &Env, port: u16, faults: &[&str]) -> Server {
        let spool = t.dir.join("spool");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtp_server.py");
        let mut child = Host::new(python())
            .arg(script)
            .args(["--port", &port.to_string(), "--user", USER, "--password", PASSWORD])
            .arg("--cert")
            .arg(&t.cert)
            .arg("--key")
            .arg(&t.key)
            .arg("--spool")
            .arg(&spool)
            .args(faults)
            .spawn();
        let line = child.read_line();
        assert!(line.starts_with("ready"), "server did not start (python3 with aiosmtpd, from scripts/setup.sh test): {line}");
        Server { _child: child, spool }
    }

    /// The messages accepted so far.
    fn received(&self) -> Vec<Vec<u8>> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.spool)
            .map(|d| d.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "eml")).collect())
            .unwrap_or_default();
        files.sort();
        files.iter().map(|f| std::fs::read(f).unwrap()).collect()
    }
}

struct Env {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    data: PathBuf,
    ca: PathBuf,
    cert: PathBuf,
    key: PathBuf,
    port: u16,
}

impl Env {
    /// The demo school with its report exported and a mail account on a local port.
    fn new() -> Env {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        let (ca, cert, key) = certificates(&dir);
        let t = Env { data: dir.join("data"), dir, ca, cert, key, port: free_port(), _tmp: tmp };
        t.ok(&["demo"]);
        t.ok(&["report", "export"]);
        t.ok(&["stats", "export"]);
        t.set_account("starttls", Some(&t.ca));
        t
    }

    /// The custom SMTP account on the test port; `ca` is the school's own certificate authority.
    fn set_account(&self, security: &str, ca: Option<&Path>) {
        let port = self.port.to_string();
        let mut args =
            vec!["mail", "set", "--provider", "custom", "--host", "127.0.0.1", "--port", &port, "--security", security];
        args.extend(["--username", USER, "--from-name", "Trường Tiểu học Hoa Sen", "--from-email", USER]);
        let ca = ca.map(|p| p.display().to_string());
        if let Some(ca) = &ca {
            args.extend(["--ca-file", ca.as_str()]);
        }
        self.ok(&args);
    }

    fn cli(&self, password: &str) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_tuanle"));
        c.arg("--data-dir").arg(&self.data).arg("--json").env("TUANLE_SMTP_PASSWORD", password);
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        output_retrying(self.cli(PASSWORD).args(args))
    }

    fn ok(&self, args: &[&str]) -> Value {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
    }

    fn outbox(&self) -> Vec<Value> {
        self.ok(&["outbox", "list"]).as_array().unwrap().clone()
    }
}

fn parse(raw: &[u8]) -> mail_parser::Message<'_> {
    mail_parser::MessageParser::default().parse(raw).expect("a parsable message")
}

#[test]
fn a_report_arrives_with_its_vietnamese_subject_names_and_identical_attachments() {
    let t = Env::new();
    let server = Server::start(&t, t.port, &[]);
    // Without the scan of the signed report the command says so (and can still save the message).
    let eml = t.dir.join("thu.eml");
    let human = |extra: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_tuanle"))
            .arg("--data-dir")
            .arg(&t.data)
            .args(["send", "--eml", eml.to_str().unwrap()])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert!(human(&[]).contains("Lưu ý: Chưa đính kèm bản chụp (scan) báo cáo đã ký"));
    let scan = t.dir.join("Báo cáo đã ký.pdf");
    std::fs::write(&scan, b"%PDF-1.4 scan of the signed paper copy").unwrap();
    assert!(!human(&["--attach", scan.to_str().unwrap()]).contains("Chưa đính kèm bản chụp"));
    let sent = t.ok(&["send", "--attach", scan.to_str().unwrap()]);
    assert_eq!(sent["state"], "sent", "{sent}");
    assert!(sent["server_reply"].as_str().unwrap().starts_with("250"), "{sent}");
    assert!(sent["sent_at"].is_string());

    let received = server.received();
    assert_eq!(received.len(), 1);
    let m = parse(&received[0]);
    assert_eq!(m.subject(), Some("Trường Tiểu học Hoa Sen gửi báo cáo Tuần lễ hưởng ứng học tập suốt đời năm 2025"));
    assert_eq!(m.message_id().map(|id| format!("<{id}>")), sent["message_id"].as_str().map(str::to_owned));
    let body = m.body_text(0).unwrap();
    assert!(body.contains("Kính gửi:"), "{body}");
    assert!(body.contains("BC_TuanLeHTSD_2025_THHS.docx"), "{body}");
    // The letter lists the signed copy that was attached (and only then), and signs off with the plain title.
    assert!(body.lines().any(|l| l.trim() == "- Báo cáo kết quả tổ chức Tuần lễ (BC_TuanLeHTSD_2025_THHS.docx)"), "{body}");
    assert!(body.lines().any(|l| l.trim() == "- Bản chụp báo cáo đã ký, đóng dấu (Báo cáo đã ký.pdf)"), "{body}");
    t.ok(&["send", "--eml", eml.to_str().unwrap()]);
    let raw = std::fs::read(&eml).unwrap();
    let without = parse(&raw).body_text(0).unwrap().into_owned();
    assert!(without.contains("BC_TuanLeHTSD_2025_THHS.docx"), "{without}");
    assert!(!without.to_lowercase().contains("bản chụp"), "no scan attached, no word of one: {without}");
    assert!(!body.contains("lưu tại trường"), "{body}");
    assert!(body.lines().any(|l| l.trim() == "Hiệu trưởng"), "{body}");
    assert!(!body.contains("HIỆU TRƯỞNG"), "not the signature block's capitals: {body}");

    let exports = t.data.join("exports/2025");
    let expected: Vec<(String, Vec<u8>)> = vec![
        ("BC_TuanLeHTSD_2025_THHS.docx".into(), std::fs::read(exports.join("BC_TuanLeHTSD_2025_THHS.docx")).unwrap()),
        ("TK_TuanLeHTSD_2025_THHS.xlsx".into(), std::fs::read(exports.join("TK_TuanLeHTSD_2025_THHS.xlsx")).unwrap()),
        ("Báo cáo đã ký.pdf".into(), std::fs::read(&scan).unwrap()),
    ];
    let got: Vec<(String, Vec<u8>)> =
        m.attachments().map(|a| (a.attachment_name().unwrap().to_owned(), a.contents().to_vec())).collect();
    assert_eq!(got.len(), expected.len(), "{:?}", got.iter().map(|g| &g.0).collect::<Vec<_>>());
    for (want, have) in expected.iter().zip(&got) {
        assert_eq!(want.0, have.0, "file name decodes to the original");
        assert!(want.1 == have.1, "{} is byte-identical", want.0);
    }
    // The ASCII fallback name is there for clients that ignore RFC 2231.
    let text = String::from_utf8_lossy(&received[0]);
    assert!(text.contains("name=\"Bao-cao-da-ky.pdf\""), "ASCII fallback name");
    // The authority receives it and the school gets its copy.
    let rcpt = std::fs::read_to_string(server.spool.join("1.rcpt")).unwrap();
    assert!(rcpt.contains("@") && rcpt.lines().count() == 2, "{rcpt}");

    let item = &t.outbox()[0];
    assert_eq!(item["subject"], "Trường Tiểu học Hoa Sen gửi báo cáo Tuần lễ hưởng ứng học tập suốt đời năm 2025");
    assert_eq!(item["attachments"].as_array().unwrap().len(), 3, "the sent record keeps the exact attachments");
    assert_eq!(item["attempts"], 1);
}

#[test]
fn offline_then_online_the_queued_message_is_delivered_once() {
    let t = Env::new();
    let queued = t.ok(&["send"]);
    assert_eq!(queued["state"], "queued", "{queued}");
    assert!(queued["last_error"].as_str().unwrap().contains("Không kết nối được"), "{queued}");

    let server = Server::start(&t, t.port, &[]);
    let run = t.ok(&["outbox", "run", "--all"]);
    assert_eq!(run[0]["state"], "sent", "{run}");
    assert_eq!(run[0]["attempts"], 2);
    assert_eq!(t.ok(&["outbox", "run", "--all"]), Value::Array(vec![]), "nothing left to send");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(server.received().len(), 1, "delivered exactly once");
}

#[test]
fn a_wrong_password_stops_with_a_clear_message_and_no_retry_loop() {
    let t = Env::new();
    let server = Server::start(&t, t.port, &[]);
    let out = output_retrying(t.cli("mat-khau-sai").args(["send"]));
    assert!(out.status.success());
    let item: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(item["state"], "failed", "{item}");
    assert!(item["last_error"].as_str().unwrap().starts_with("Sai tên đăng nhập hoặc mật khẩu"), "{item}");
    let again = output_retrying(t.cli("mat-khau-sai").args(["outbox", "run", "--all"]));
    assert_eq!(serde_json::from_slice::<Value>(&again.stdout).unwrap(), Value::Array(vec![]), "a failed message is not retried");
    let test = output_retrying(t.cli("mat-khau-sai").args(["mail", "test"]));
    assert!(!test.status.success());
    assert!(String::from_utf8_lossy(&test.stderr).contains("smtp_sign_in"));
    assert!(server.received().is_empty());
    // Fixed by the user: retry sends it.
    t.ok(&["outbox", "retry", "1"]);
    assert_eq!(t.ok(&["outbox", "run"])[0]["state"], "sent");
    assert_eq!(server.received().len(), 1);
}

/// The outbox's one rule, for the CLI as for the window: each state offers its actions (with the
/// buttons' texts), and any other action is refused with the state named, changing nothing.
#[test]
fn the_outbox_allows_only_the_actions_of_a_messages_state() {
    let t = Env::new();
    let server = Server::start(&t, t.port, &[]);
    let out = output_retrying(t.cli("mat-khau-sai").args(["send"]));
    let failed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(failed["state"], "failed", "{failed}");
    assert_eq!(failed["state_label"], "Gửi không được");
    assert_eq!(
        failed["actions"],
        serde_json::json!([{"action": "cancel", "label": "Hủy"}, {"action": "retry", "label": "Gửi lại"}])
    );

    let refused = t.run(&["outbox", "confirm", "1"]);
    assert!(!refused.status.success());
    let err: Value = serde_json::from_slice(&refused.stderr).unwrap();
    assert_eq!(err["code"], "outbox_state", "{err}");
    assert!(err["message"].as_str().unwrap().contains("«Gửi không được»"), "{err}");
    assert_eq!(t.outbox()[0]["state"], "failed", "a refused action changes nothing");

    let queued = t.ok(&["outbox", "retry", "1"]);
    assert_eq!(queued["actions"], serde_json::json!([{"action": "cancel", "label": "Hủy"}]));
    let sent = &t.ok(&["outbox", "run"])[0];
    assert_eq!(sent["state"], "sent");
    assert_eq!(sent["actions"], serde_json::json!([]));
    for action in ["cancel", "retry", "confirm"] {
        let out = t.run(&["outbox", action, "1"]);
        assert!(!out.status.success(), "{action} on a sent message");
    }
    assert_eq!(t.outbox()[0]["state"], "sent");
    assert_eq!(server.received().len(), 1, "sent once");
}

/// Without any password for the account, `send` says so and queues nothing (the window's rule).
#[test]
fn without_a_password_nothing_is_queued() {
    let t = Env::new();
    // An account no keychain has seen, and no password in the environment.
    let port = t.port.to_string();
    let user = format!("chua-co-mat-khau-{}@example.edu.vn", std::process::id());
    t.ok(&[
        "mail",
        "set",
        "--provider",
        "custom",
        "--host",
        "127.0.0.1",
        "--port",
        &port,
        "--username",
        &user,
        "--from-email",
        &user,
    ]);
    let out = output_retrying(t.cli("").args(["send"]));
    assert!(!out.status.success());
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "no_password", "{err}");
    assert!(t.outbox().is_empty(), "nothing queued");
}

#[test]
fn a_connection_dropped_during_data_is_retried_and_delivered_once() {
    let t = Env::new();
    let server = Server::start(&t, t.port, &["--drop-data", "1"]);
    let first = t.ok(&["send"]);
    assert_eq!(first["state"], "queued", "{first}");
    assert!(server.received().is_empty());
    let run = t.ok(&["outbox", "run", "--all"]);
    assert_eq!(run[0]["state"], "sent", "{run}");
    assert_eq!(server.received().len(), 1);
}

#[test]
fn an_oversized_message_is_refused_before_sending() {
    let t = Env::new();
    let server = Server::start(&t, t.port, &[]);
    let big = t.dir.join("ban-chup.pdf");
    std::fs::write(&big, vec![b'x'; 900 * 1024]).unwrap();
    let out = t.run(&["send", "--attach", big.to_str().unwrap(), "--limit-mb", "1"]);
    assert!(!out.status.success());
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "message_too_big", "{err}");
    assert!(err["message"].as_str().unwrap().contains("vượt giới hạn 1,0 MB"), "{err}");
    assert!(t.outbox().is_empty(), "nothing queued");
    assert!(server.received().is_empty());
}

#[test]
fn killed_after_the_server_accepted_the_message_is_never_resent_blindly() {
    let t = Env::new();
    let server = Server::start(&t, t.port, &["--slow-reply", "4"]);
    let mut child = t.cli(PASSWORD).args(["send"]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let start = Instant::now();
    while server.received().is_empty() {
        assert!(start.elapsed() < Duration::from_secs(30), "the server never got the message");
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().unwrap(); // SIGKILL while waiting for the server's 250
    child.wait().unwrap();

    let run = t.ok(&["outbox", "run", "--all"]);
    assert_eq!(run, Value::Array(vec![]), "not resent: {run}");
    let item = &t.outbox()[0];
    assert_eq!(item["state"], "uncertain", "{item}");
    assert!(item["last_error"].as_str().unwrap().contains("không rõ thư đã đến chưa"), "{item}");
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(server.received().len(), 1, "exactly one copy arrived");
    assert_eq!(t.ok(&["outbox", "confirm", "1"])["state"], "sent");
}

#[test]
fn the_message_can_be_saved_as_an_eml_file_instead() {
    let t = Env::new();
    let file = t.dir.join("bao-cao.eml");
    t.ok(&["send", "--eml", file.to_str().unwrap()]);
    let raw = std::fs::read(&file).unwrap();
    let m = parse(&raw);
    assert!(m.subject().unwrap().contains("Tuần lễ hưởng ứng học tập suốt đời năm 2025"));
    assert_eq!(m.attachments().count(), 2, "report and statistics");
    assert!(t.outbox().is_empty(), "saving a file queues nothing");
}

#[test]
fn the_connection_test_says_what_is_wrong() {
    let t = Env::new();
    // Nothing listens on the port yet.
    let down = t.run(&["mail", "test"]);
    assert!(!down.status.success());
    let err: Value = serde_json::from_slice(&down.stderr).unwrap();
    assert_eq!(err["code"], "smtp_unreachable", "{err}");
    assert!(err["message"].as_str().unwrap().contains("Không kết nối được máy chủ thư 127.0.0.1"), "{err}");

    let _server = Server::start(&t, t.port, &[]);
    assert!(t.run(&["mail", "test"]).status.success(), "signs in with the right password and the school's CA");
    // Without the school's own CA the certificate is not trusted: said so, not "wrong password".
    t.set_account("starttls", None);
    let untrusted = t.run(&["mail", "test"]);
    let err: Value = serde_json::from_slice(&untrusted.stderr).unwrap();
    assert_eq!(err["code"], "smtp_certificate", "{err}");
    // Implicit TLS against a STARTTLS port fails cleanly too (no hang, a clear code).
    t.set_account("tls", Some(&t.ca));
    let wrong_mode = t.run(&["mail", "test"]);
    assert!(!wrong_mode.status.success());
    let err: Value = serde_json::from_slice(&wrong_mode.stderr).unwrap();
    assert!(err["code"].as_str().unwrap().starts_with("smtp_"), "{err}");

    // A file that holds no certificate (the key, a Word file) is refused when the account is
    // saved, on its field, and the saved account keeps the right one.
    let port = t.port.to_string();
    for not_a_certificate in [t.key.clone(), t.dir.join("khong-co.pem")] {
        let path = not_a_certificate.display().to_string();
        let args = ["mail", "set", "--provider", "custom", "--host", "127.0.0.1", "--port", &port, "--username", USER];
        let out = t.run(&[&args[..], &["--from-email", USER, "--ca-file", &path]].concat());
        assert_eq!(out.status.code(), Some(3), "{path}");
        let err: Value = serde_json::from_slice(&out.stderr).unwrap();
        let field = err["fields"].as_array().unwrap().iter().find(|f| f["field"] == "ca_file").expect("the ca_file field");
        assert!(field["message"].as_str().unwrap().contains("Không đọc được chứng chỉ"), "{err}");
    }
    let shown = t.ok(&["mail", "show"]);
    assert_eq!(shown["account"]["ca_file"], t.ca.display().to_string(), "{shown}");
}

/// The authorization server of the sign-in tests (oidc-provider, tests/support/oidc_server.mjs).
struct Oidc {
    _child: HostChild,
    port: u16,
}

impl Oidc {
    fn start(user: &str, access_ttl_s: u32) -> Oidc {
        let port = free_port();
        let support = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support");
        let mut child = Host::new("node")
            .arg(support.join("oidc_server.mjs"))
            .args([&port.to_string(), user, &access_ttl_s.to_string()])
            .spawn();
        let line = child.read_line();
        assert!(line.starts_with("ready"), "authorization server did not start (scripts/setup.sh test installs it): {line}");
        Oidc { _child: child, port }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Token grants so far, by type.
    fn stats(&self) -> Value {
        let out = Host::new("node")
            .args(["-e", &format!("fetch('{}').then(r => r.text()).then(console.log)", self.url("/admin/stats"))])
            .output();
        serde_json::from_slice(&out.stdout).unwrap()
    }

    /// Destroys every grant: the refresh token the app keeps stops working.
    fn revoke(&self) {
        let script =
            format!("fetch('{}', {{ method: 'POST' }}).then(r => r.text()).then(console.log)", self.url("/admin/revoke"));
        let out = Host::new("node").args(["-e", &script]).output();
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "revoked");
    }
}

#[test]
fn oauth_sign_in_sends_refreshes_silently_and_asks_to_sign_in_again_when_revoked() {
    let t = Env::new();
    // A user of its own: the keychain is shared by every process of the session.
    let user = format!("oauth{}@test.edu.vn", std::process::id());
    let oidc = Oidc::start(&user, 4);
    let server = Server::start(&t, t.port, &["--user", &user, "--xoauth2", &oidc.url("/me")]);
    let provider = serde_json::json!({ "providers": { "custom": {
        "name": "Sở GD&ĐT (thử)",
        "authorize_url": oidc.url("/auth"),
        "token_url": oidc.url("/token"),
        "scope": "openid email offline_access"
    }}});
    std::fs::write(t.data.join("oauth.json"), provider.to_string()).unwrap();
    let port = t.port.to_string();
    let ca = t.ca.display().to_string();
    t.ok(&[
        "mail",
        "set",
        "--provider",
        "custom",
        "--host",
        "127.0.0.1",
        "--port",
        &port,
        "--ca-file",
        &ca,
        "--username",
        &user,
        "--from-email",
        &user,
        "--auth",
        "oauth",
        "--client-id",
        "tuanle-test",
    ]);
    // Under Wine the CLI starts the browser as a Linux program, by its absolute path (scripts/windows.sh).
    let node = std::env::var("TUANLE_TEST_NODE").unwrap_or_else(|_| "node".into());
    let browser = format!("{node} {}/tests/support/browser.mjs", env!("CARGO_MANIFEST_DIR"));
    let cli = |args: &[&str]| output_retrying(t.cli("").env("TUANLE_BROWSER", &browser).args(args));

    // Never signed in: a clear message and nothing queued, as in the window (so sending again
    // after signing in makes no second copy).
    let out = cli(&["send"]);
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not_signed_in"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(t.outbox().is_empty(), "nothing queued before the first sign-in");

    // Sign-in in the "browser": code + PKCE exchanged once; the message goes with that token.
    let out = cli(&["mail", "signin"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(oidc.stats()["authorization_code"], 1);
    let sent = serde_json::from_slice::<Value>(&cli(&["send"]).stdout).unwrap();
    assert_eq!(sent["state"], "sent", "{sent}");
    assert_eq!(t.outbox().len(), 1);
    assert_eq!(server.received().len(), 1);
    assert_eq!(oidc.stats()["refresh_token"], 0, "a fresh access token is used as is");

    // The access token expires (4 s): the next send refreshes it silently.
    std::thread::sleep(Duration::from_secs(5));
    let sent = serde_json::from_slice::<Value>(&cli(&["send"]).stdout).unwrap();
    assert_eq!(sent["state"], "sent", "{sent}");
    assert_eq!(oidc.stats()["refresh_token"], 1);
    assert_eq!(server.received().len(), 2);

    // The school's administrator revokes the app: "sign in again", the message stays queued.
    oidc.revoke();
    std::thread::sleep(Duration::from_secs(5));
    let out = cli(&["send"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("sign_in_expired") && stderr.contains("Đăng nhập lại"), "{stderr}");
    let waiting = t.outbox()[0].clone();
    assert_eq!(waiting["state"], "queued", "{waiting}");
    assert!(waiting["last_error"].as_str().unwrap().contains("Đăng nhập lại"), "{waiting}");
    assert_eq!(server.received().len(), 2);
    let show = t.ok(&["mail", "show"]);
    assert_eq!(show["account"]["auth"], "oauth", "the account itself is kept");

    // Signed in again: the waiting message goes, once.
    assert!(cli(&["mail", "signin"]).status.success());
    let run = serde_json::from_slice::<Value>(&cli(&["outbox", "run", "--all"]).stdout).unwrap();
    assert_eq!(run[0]["state"], "sent", "{run}");
    assert_eq!(run[0]["id"], waiting["id"]);
    assert_eq!(server.received().len(), 3);
    let received = server.received();
    let m = parse(&received[2]);
    assert_eq!(m.from().and_then(|f| f.first()).and_then(|a| a.address()), Some(user.as_str()));
    assert!(cli(&["mail", "signout"]).status.success());
}

#[test]
fn representative_photos_are_made_smaller_to_fit_the_message_budget() {
    let t = Env::new();
    let server = Server::start(&t, t.port, &[]);
    // 12 representative photos of noise: at the report's size (up to 300 KB each) they would not
    // fit a 2 MB message.
    let src = t.dir.join("photos");
    std::fs::create_dir_all(&src).unwrap();
    let mut files = Vec::new();
    for i in 0..12u32 {
        let img = image::RgbImage::from_fn(1600, 1200, |x, y| {
            let v = (x.wrapping_mul(7919) ^ y.wrapping_mul(104_729) ^ i.wrapping_mul(31)).wrapping_mul(2_654_435_761) >> 24;
            image::Rgb([v as u8, (v >> 1) as u8, (255 - v) as u8])
        });
        let path = src.join(format!("IMG_{i:02}.jpg"));
        img.save(&path).unwrap();
        files.push(path.display().to_string());
    }
    let mut args = vec!["photos", "add"];
    args.extend(files.iter().map(String::as_str));
    t.ok(&args);
    let mut store = tuanle::store::Store::open(tuanle::store::DataDir::at(&t.data)).unwrap();
    for p in tuanle::photo::list(&store, 2025).unwrap() {
        let edit =
            tuanle::photo::PhotoEdit { id: p.id, caption: format!("Ảnh {}", p.id), activity_id: None, representative: true };
        tuanle::photo::update(&mut store, &edit).unwrap();
    }
    drop(store);
    // The report now shows these photos (and would be stale): the workbook is the document here.
    let workbook = t.data.join("exports").join("2025").join("TK_TuanLeHTSD_2025_THHS.xlsx").display().to_string();
    // With the default 20 MB budget the copies are the report's, and together too big for 2 MB.
    let roomy = t.dir.join("roomy.eml");
    t.ok(&["send", "--file", &workbook, "--photos", "--eml", roomy.to_str().unwrap()]);
    assert!(std::fs::metadata(&roomy).unwrap().len() > 2 * 1024 * 1024, "the test needs photos that do not fit as they are");
    let sent = t.ok(&["send", "--file", &workbook, "--photos", "--limit-mb", "2"]);
    assert_eq!(sent["state"], "sent", "{sent}");
    let received = server.received();
    assert!(received[0].len() <= 2 * 1024 * 1024, "{} bytes", received[0].len());
    let m = parse(&received[0]);
    let photos: Vec<_> = m.attachments().filter(|a| a.attachment_name().is_some_and(|n| n.starts_with("Anh_"))).collect();
    assert_eq!(photos.len(), 12, "every photo is kept, smaller");
    for a in photos {
        let img = image::load_from_memory(a.contents()).expect("a whole JPEG");
        assert!(img.width().max(img.height()) <= 1280);
    }
}

/// A report exported before a change of the log is refused by `send` (exit 4, named, nothing
/// written); `send --reexport` exports it again and the message carries the new activity.
#[test]
fn a_report_older_than_the_log_is_refused_then_exported_again_with_the_change() {
    let t = Env::new();
    let report_state = |t: &Env| t.ok(&["status"])["steps"][3]["state"].as_str().unwrap().to_owned();
    assert_eq!(report_state(&t), "done", "exported right after the demo");

    t.ok(&[
        "activity",
        "add",
        "--date",
        "2025-10-04",
        "--title",
        "Thi kể chuyện sách mới",
        "--kind",
        "reading",
        "--pupils",
        "55",
    ]);
    assert_eq!(report_state(&t), "in_progress", "the export no longer says what the log says");

    let eml = t.dir.join("thu.eml");
    let out = t.run(&["send", "--eml", eml.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(4), "{}", String::from_utf8_lossy(&out.stderr));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "stale_documents");
    let message = err["message"].as_str().unwrap();
    assert!(message.contains("BC_TuanLeHTSD_2025_") && message.contains("nhật ký hoạt động"), "{message}");
    assert!(message.contains("TK_TuanLeHTSD_2025_"), "the workbook counts the log too: {message}");
    assert!(!eml.exists(), "nothing written when refused");

    t.ok(&["send", "--reexport", "--eml", eml.to_str().unwrap()]);
    assert_eq!(report_state(&t), "done");
    let raw = std::fs::read(&eml).unwrap();
    let parsed = mail_parser::MessageParser::default().parse(&raw).unwrap();
    let report = parsed
        .attachments()
        .find(|a| a.attachment_name().is_some_and(|n| n.starts_with("BC_") && n.ends_with(".docx")))
        .expect("the report is attached");
    let docx = support::Docx::open(report.contents());
    assert!(docx.paragraphs().iter().any(|p| p.contains("Thi kể chuyện sách mới")), "the sent report lists the new activity");
}
