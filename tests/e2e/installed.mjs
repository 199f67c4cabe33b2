// The installed app (from the .deb) starts on a fresh data folder: the first-run screen appears,
// the demo school loads, the overview shows the five steps. Run by scripts/release.sh.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session } from "./webdriver.mjs";

const app = process.argv[2];
const dir = mkdtempSync(join(tmpdir(), "tuanle-installed-"));
const s = await Session.start(app, ["--data-dir", dir]);
try {
  await s.waitFor('[data-testid="wizard-school"]', { timeout: 30000 });
  await s.screenshot("installed-1-first-run");
  await (await s.waitFor('[data-testid="load-demo"]')).click();
  const steps = await s.waitFor('[data-testid="steps"]', { text: "Gửi" });
  assert.match(await steps.text(), /Kế hoạch/);
  await s.screenshot("installed-2-overview");
  console.log(`The installed app ${app} started and loaded the demo school.`);
} finally {
  await s.close();
}
