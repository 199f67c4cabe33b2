// What the end-to-end tests share: the built app and CLI, a fresh data folder per test, a
// session that keeps a screenshot of a failure, form filling, the steps, a real SMTP server.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Session } from "./webdriver.mjs";

export const APP = resolve(process.env.TUANLE_APP ?? "target/debug/tuanle-desk");
export const CLI = resolve(process.env.TUANLE_CLI ?? "target/debug/tuanle");
export const freshDir = () => mkdtempSync(join(tmpdir(), "tuanle-e2e-"));
export const cli = (dir, ...args) => JSON.parse(execFileSync(CLI, ["--data-dir", dir, "--json", ...args], { encoding: "utf8" }));

let failures = 0;
// The native file dialog cannot be clicked through WebDriver: the app returns these paths instead.
export const PICK = resolve("tests/fixtures/photos");

export async function withApp(dir, body, extraArgs = []) {
  const pick = extraArgs.includes("--e2e-pick") ? [] : ["--e2e-pick", PICK];
  const s = await Session.start(APP, ["--data-dir", dir, ...pick, ...extraArgs]);
  try {
    await body(s);
  } catch (e) {
    // Keep what the window showed when the test failed.
    await s.screenshot(`failure-${++failures}`).catch(() => {});
    throw e;
  } finally {
    await s.close();
  }
}

export async function fill(s, form, values) {
  for (const [name, value] of Object.entries(values)) {
    const input = await s.waitFor(`${form} [name="${name}"]`);
    await input.clear();
    await input.type(value);
  }
}

export async function openStep(s, index) {
  await s.waitFor('[data-testid="steps"] li button');
  (await s.findAll('[data-testid="steps"] li button'))[index].click();
}

export const freePort = () =>
  new Promise((done) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const p = probe.address().port;
      probe.close(() => done(p));
    });
  });

/** A real SMTP server (aiosmtpd: STARTTLS, AUTH) on a free port, with a test CA for its certificate. */
export async function smtpServer(dir, user, password, extra = []) {
  const ssl = (...args) => execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
  ssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Tuan Le Test CA");
  ssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
  writeFileSync(join(dir, "san.ext"), "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n");
  ssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "san.ext");
  const port = await freePort();
  const spool = join(dir, "spool");
  const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  const child = spawn(python, ["tests/support/smtp_server.py", "--port", String(port), "--cert", join(dir, "server.pem"), "--key", join(dir, "server.key"), "--user", user, "--password", password, "--spool", spool, ...extra], { stdio: ["pipe", "pipe", "ignore"] });
  await new Promise((ready, fail) => {
    child.stdout.once("data", (d) => (String(d).startsWith("ready") ? ready() : fail(new Error(String(d)))));
    child.once("exit", (code) => fail(new Error(`SMTP server exited with ${code}`)));
  });
  return {
    port,
    ca: join(dir, "ca.pem"),
    received: () => (existsSync(spool) ? readdirSync(spool).filter((f) => f.endsWith(".eml")) : []),
    stop: () => child.kill(),
  };
}
