// Start-up time of the built app: from launching the process (WebDriver new session) to the first
// screen with content (the wizard's form, or the overview), cold (new data folder, first run) and
// warm (same folder again). Run through scripts/bench-start.sh, which provides Xvfb and tauri-driver.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Session } from "../tests/e2e/webdriver.mjs";

const app = resolve(process.argv[2] ?? "target/debug/tuanle-desk");
const runs = Number(process.argv[3] ?? 5);
const dir = mkdtempSync(join(tmpdir(), "tuanle-bench-"));

async function once() {
  const start = performance.now();
  const s = await Session.start(app, ["--data-dir", dir]);
  await s.waitFor('[data-testid="wizard-school"], [data-testid="content"]', { timeout: 30000 });
  const ms = performance.now() - start;
  await s.close();
  return ms;
}

const cold = await once();
const warm = [];
for (let i = 0; i < runs; i++) warm.push(await once());
warm.sort((a, b) => a - b);
const median = warm[Math.floor(warm.length / 2)];
console.log(`app\t${app}`);
console.log(`first run (new data folder)\t${cold.toFixed(0)} ms`);
console.log(`warm start, median of ${runs}\t${median.toFixed(0)} ms (min ${warm[0].toFixed(0)}, max ${warm.at(-1).toFixed(0)})`);
