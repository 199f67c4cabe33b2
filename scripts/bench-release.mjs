// The release build beside an empty Tauri 2 app built with the same settings (the baseline):
// launch to first paint, cold (binary and WebKit evicted from the page cache) and warm (median of
// RUNS); idle memory 10 s after start as PSS of the app and its WebKit processes (RSS counts shared
// libraries once per process); sizes of the .deb, the binary and the CLI. Run through
// scripts/bench-release.sh, which builds everything and provides Xvfb and tauri-driver.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Session } from "../tests/e2e/webdriver.mjs";

const runs = Number(process.argv[2] ?? 5);
const target = resolve("target/release");
const debDir = join(target, "bundle/deb");
const debs = existsSync(debDir) ? readdirSync(debDir).filter((f) => f.endsWith(".deb")) : [];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const data = mkdtempSync(join(tmpdir(), "tuanle-bench-"));
execFileSync(join(target, "tuanle"), ["--data-dir", data, "demo"], { stdio: "ignore" });

const apps = [
  {
    name: "Tuần Lễ Desk",
    binary: join(target, "tuanle-desk"),
    args: ["--data-dir", data],
    deb: debs.find((f) => !f.startsWith("baseline-app")),
  },
  { name: "empty Tauri 2 app", binary: join(target, "baseline-app"), args: [], deb: debs.find((f) => f.startsWith("baseline-app")) },
];

// What a cold start reads from disk: the binary, WebKitGTK and its helper processes.
const libDir = "/usr/lib/x86_64-linux-gnu";
const shared = [
  ...readdirSync(libDir).filter((f) => /^lib(webkit2gtk|javascriptcoregtk)-4\.1\.so/.test(f)).map((f) => join(libDir, f)),
  ...(existsSync(join(libDir, "webkit2gtk-4.1")) ? readdirSync(join(libDir, "webkit2gtk-4.1")).map((f) => join(libDir, "webkit2gtk-4.1", f)) : []),
].filter((f) => statSync(f).isFile());

function evict(files) {
  // GNU dd: drop the page cache of a whole file, no privileges needed.
  for (const f of files) execFileSync("dd", [`if=${f}`, "iflag=nocache", "count=0"], { stdio: "ignore" });
}

// When the first screen was in the page, on the wall clock: our app marks "first-screen" once its
// first screen is rendered; the empty app's only content is its first contentful paint.
const paintedAt = `
  const mark = performance.getEntriesByName("first-screen")[0] ?? performance.getEntriesByName("first-contentful-paint")[0];
  return mark ? performance.timeOrigin + mark.startTime : null;`;

async function firstPaint(app) {
  const launched = Date.now();
  const s = await Session.start(app.binary, app.args);
  await s.waitFor('[data-testid="content"]', { timeout: 30000 });
  const painted = await s.execute(paintedAt);
  await s.close();
  await sleep(500);
  if (painted === null) throw new Error(`${app.name}: no paint timing`);
  return painted - launched;
}

function descendants(pid) {
  const parent = new Map();
  for (const p of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      parent.set(Number(p), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {}
  }
  const all = [pid];
  for (let i = 0; i < all.length; i++) for (const [p, pp] of parent) if (pp === all[i]) all.push(p);
  return all;
}

function rollup(pid) {
  const text = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
  const kb = (key) => Number((text.match(new RegExp(`^${key}:\\s+(\\d+)`, "m")) ?? [0, 0])[1]);
  return { pss: kb("Pss"), rss: kb("Rss") };
}

async function idleMemory(app) {
  const child = spawn(app.binary, app.args, { stdio: "ignore", detached: true });
  await sleep(10000);
  const pids = descendants(child.pid);
  const names = [];
  let pss = 0;
  let rss = 0;
  for (const p of pids) {
    try {
      const m = rollup(p);
      pss += m.pss;
      rss += m.rss;
      names.push(readFileSync(`/proc/${p}/comm`, "utf8").trim());
    } catch {}
  }
  process.kill(-child.pid, "SIGTERM");
  await sleep(1000);
  return { pss: pss / 1024, rss: rss / 1024, processes: names.join(", ") };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mib = (bytes) => bytes / 1024 / 1024;
const results = [];
for (const app of apps) {
  evict([app.binary, ...shared]);
  const cold = await firstPaint(app);
  const warm = [];
  for (let i = 0; i < runs; i++) warm.push(await firstPaint(app));
  const memory = await idleMemory(app);
  results.push({
    ...app,
    cold,
    warm: median(warm),
    memory,
    debBytes: app.deb ? statSync(join(debDir, app.deb)).size : NaN,
    binaryBytes: statSync(app.binary).size,
  });
}

const [ours, base] = results;
const cli = statSync(join(target, "tuanle")).size;
const row = (label, f, unit, digits = 0) =>
  `| ${label} | ${f(ours).toFixed(digits)} ${unit} | ${f(base).toFixed(digits)} ${unit} | ${(f(ours) / f(base)).toFixed(2)}× |`;
const lines = [
  `Release build vs empty Tauri 2 app (same Tauri, same profile), ${runs} warm runs, ${new Date().toISOString()}`,
  "",
  "| | Tuần Lễ Desk | empty Tauri 2 app | ratio |",
  "|---|---|---|---|",
  row("first paint, cold (page cache evicted)", (r) => r.cold, "ms"),
  row(`first paint, warm (median of ${runs})`, (r) => r.warm, "ms"),
  row("idle memory 10 s after start, PSS", (r) => r.memory.pss, "MiB", 1),
  row("idle memory, RSS summed (for reference)", (r) => r.memory.rss, "MiB", 1),
  row("installer (.deb)", (r) => mib(r.debBytes), "MiB", 2),
  row("app binary", (r) => mib(r.binaryBytes), "MiB", 2),
  "",
  `CLI (tuanle, release): ${mib(cli).toFixed(2)} MiB`,
  `Processes measured: ${ours.memory.processes} | ${base.memory.processes}`,
  "First paint: from the WebDriver request that launches the app to the page's own timestamp of its",
  "first screen (our \"first-screen\" mark; the empty app's first contentful paint), so WebDriver's",
  "polling does not count; launching through WebKitWebDriver costs the same for both apps.",
  "",
  "Targets: first paint < 1000 ms and ≤ 1.3× the empty app; memory ≤ empty + 60 MiB; installer < 15 MiB.",
  `  first paint warm ${ours.warm.toFixed(0)} ms (${(ours.warm / base.warm).toFixed(2)}×), cold ${ours.cold.toFixed(0)} ms (${(ours.cold / base.cold).toFixed(2)}×)`,
  `  memory +${(ours.memory.pss - base.memory.pss).toFixed(1)} MiB PSS; installer ${mib(ours.debBytes).toFixed(2)} MiB`,
];
console.log(lines.join("\n"));
writeFileSync("artifacts/bench-release.md", lines.join("\n") + "\n");
