// End-to-end tests of the real app window (Tauri + WebKitGTK under Xvfb, driven by tauri-driver).
// Each test uses its own data folder, so real data is never touched. Screenshots go to
// artifacts/e2e/ and are kept by CI.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { KEYS } from "./webdriver.mjs";
import { cli, fill, freePort, freshDir, openStep, smtpServer, withApp } from "./harness.mjs";

test("first run: school wizard with a refused email, then the campaign, then the steps", async () => {
  const dir = freshDir();
  await withApp(dir, async (s) => {
    await s.waitFor('[data-testid="wizard-school"]');
    await s.screenshot("01-wizard-school");

    const school = '[data-testid="school-form"]';
    await fill(s, school, {
      name: "Trường Tiểu học Hùng Tiến",
      authority_line: "UBND xã Vĩnh Hòa",
      abbreviation: "thht",
      place_name: "Vĩnh Hòa",
      signer_name: "Nguyễn Văn An",
      email: "c1hungtien@@haiphong",
    });
    await (await s.waitFor(`${school} button[type="submit"]`)).click();
    await s.waitFor(`${school} .error`, { text: "không hợp lệ" });
    await s.screenshot("02-wizard-invalid-email");

    await fill(s, school, { email: "c1hungtien@haiphong.edu.vn" });
    await (await s.waitFor(`${school} button[type="submit"]`)).click();

    // Step 2: a year without a known theme must not get an invented one.
    const campaign = '[data-testid="campaign-form"]';
    await s.waitFor('[data-testid="wizard-campaign"]');
    const year = await s.waitFor(`${campaign} [name="year"]`);
    // Past this year's week (a school starting in December), the wizard asks which week is meant.
    const now = new Date();
    const proposed = now.getMonth() >= 6 ? now.getFullYear() : now.getFullYear() - 1;
    if (now > new Date(proposed, 9, 9)) {
      const which = await s.waitFor('[data-testid="which-week"]', { text: `Tuần lễ vừa qua (${proposed})` });
      assert.match(await which.text(), new RegExp(`Tuần lễ năm sau \\(${proposed + 1}\\)`));
      (await s.findAll('[data-testid="which-week"] button'))[1].click();
      await s.waitFor('[data-testid="which-week"] button[aria-pressed="true"]', { text: `năm sau (${proposed + 1})` });
      assert.equal(await year.value(), String(proposed + 1));
      await s.screenshot("03b-wizard-which-week");
    } else if (now < new Date(proposed, 9, 1)) {
      assert.equal((await s.findAll('[data-testid="which-week"]')).length, 0);
    }
    await year.clear();
    await year.type("2026" + KEYS.tab);
    await s.waitFor(`${campaign} .hint`, { text: "Chưa có chủ đề năm 2026" });
    assert.equal(await (await s.waitFor(`${campaign} [name="theme"]`)).value(), "");

    // 2021's documents word the theme two ways: both are offered, one click picks one.
    await year.clear();
    await year.type("2021" + KEYS.tab);
    const choices = await s.waitFor('[data-testid="theme-choices"]', { text: "COVID-19" });
    assert.match(await choices.text(), /xã hội học tập mới/);
    (await s.findAll('[data-testid="theme-choices"] button'))[1].click();
    await s.waitFor('[data-testid="theme-choices"] button[aria-pressed="true"]', { text: "COVID-19" });
    assert.match(await (await s.waitFor(`${campaign} [name="theme"]`)).value(), /trong bối cảnh đại dịch COVID-19$/);
    await s.screenshot("03a-wizard-theme-wordings");

    // 2025 is known: theme and dates are filled in from the data file.
    await year.clear();
    await year.type("2025" + KEYS.tab);
    await s.waitFor(`${campaign} .hint`, { text: "năm 2025 lấy từ danh mục" });
    const theme = await (await s.waitFor(`${campaign} [name="theme"]`)).value();
    assert.match(theme, /^Học để phát triển bản thân, làm chủ tri thức và công nghệ/);
    assert.equal(await (await s.waitFor(`${campaign} [name="week_start"]`)).value(), "01/10/2025");
    assert.equal(await (await s.waitFor(`${campaign} [name="authority_name"]`)).value(), "Phòng Văn hóa - Xã hội xã Vĩnh Hòa");
    // Dates are typed day/month/year whatever the system locale; an impossible date is caught.
    await fill(s, campaign, { report_deadline: "31/09/2025" + KEYS.tab });
    await s.waitFor(`${campaign} .error`, { text: "Ngày không hợp lệ" });
    await fill(s, campaign, { report_deadline: "15/10/2025" + KEYS.tab, authority_email: "vhxh.vinhhoa@haiphong.gov.vn" });
    await s.screenshot("03-wizard-campaign");
    await (await s.waitFor(`${campaign} button[type="submit"]`)).click();

    await s.waitFor('[data-testid="content"]');
    const steps = await s.findAll('[data-testid="steps"] .name');
    const labels = await Promise.all(steps.map((e) => e.text()));
    assert.deepEqual(labels, ["Kế hoạch", "Hoạt động", "Minh chứng", "Báo cáo", "Gửi"]);
    await s.waitFor('[data-testid="deadline"]', { text: "ngày" });
    await s.waitFor('[data-testid="school-name"]', { text: "Trường Tiểu học Hùng Tiến" });
    // One button to the next step to do: nothing is done yet, so the plan.
    await s.waitFor('[data-testid="next-step"]', { text: "Làm tiếp: Kế hoạch" });
    await s.screenshot("04-main-overview");
    await (await s.waitFor('[data-testid="next-step"]')).click();
    await s.waitFor('[data-testid="plan-editor"]');

    (await s.findAll('[data-testid="steps"] li button'))[4].click();
    await s.waitFor('[data-testid="save-account"]');
    await s.waitFor('[data-testid="outbox"]');
    await s.screenshot("05-send-no-account");
  });

  // What the window saved is in the database, normalised (capitals for the authority and symbol).
  const stored = cli(dir, "school", "show");
  assert.equal(stored.authority_line, "UBND XÃ VĨNH HÒA");
  assert.equal(stored.abbreviation, "THHT");
  assert.equal(stored.email, "c1hungtien@haiphong.edu.vn");
  const saved = cli(dir, "campaign", "show");
  assert.equal(saved.authority_email, "vhxh.vinhhoa@haiphong.gov.vn");
  assert.equal(saved.report_deadline, "2025-10-15");

  // A restart goes straight to the campaign.
  await withApp(dir, async (s) => {
    await s.waitFor('[data-testid="theme"]', { text: "Học để phát triển bản thân" });
  });
});

test("the demo school can be loaded from the wizard", async () => {
  const dir = freshDir();
  await withApp(dir, async (s) => {
    await (await s.waitFor('[data-testid="load-demo"]')).click();
    await s.waitFor('[data-testid="school-name"]', { text: "Trường Tiểu học Hoa Sen" });
    await s.waitFor('[data-testid="deadline-sentence"]', { text: "14/10/2025" });
    // Today is long after the demo's deadline: that is a warning, not an information.
    await s.waitFor('.alert.warn[data-testid="deadline-sentence"]');
    await s.screenshot("06-demo");
  });
  assert.equal(cli(dir, "campaign", "show").year, 2025);
});

test("a database from a newer version is refused with a message, and left untouched", async () => {
  const dir = freshDir();
  cli(dir, "init");
  execFileSync("python3", ["-c", `import sqlite3; c = sqlite3.connect(${JSON.stringify(join(dir, "tuanle.sqlite"))}); c.execute("PRAGMA user_version = 99"); c.commit()`]);
  await withApp(dir, async (s) => {
    await s.waitFor('[data-testid="fatal"]', { text: "phiên bản mới hơn" });
    await s.screenshot("07-newer-database");
  });
});

test("the plan: default draft, live preview, checks, save and export to .docx", async () => {
  const dir = freshDir();
  cli(dir, "demo");
  await withApp(dir, async (s) => {
    await (await s.waitFor('[data-testid="steps"] li button')).click();
    await s.waitFor('[data-testid="plan-editor"]');
    await s.screenshot("08-plan-editor");

    // The draft cites the province's plan without number, date and issuer: the checks say where.
    await (await s.waitFor('[data-testid="tab-checks"]')).click();
    await s.waitFor('[data-testid="findings"]', { text: "Căn cứ 3" });
    await s.screenshot("09-plan-checks");

    // Exporting with errors left asks first; going back to edit loses nothing.
    await (await s.waitFor('[data-testid="export-plan"]')).click();
    await s.waitFor('[data-testid="confirm-export"]', { text: "còn 2 lỗi" });
    await (await s.waitFor('[data-testid="confirm-export"] button')).click();
    await fill(s, '[data-testid="plan-editor"]', {
      "basis-number-2": "3929/QĐ-UBND",
      "basis-date-2": "01/10/2025" + KEYS.tab,
      "basis-issuer-2": "Ủy ban nhân dân tỉnh Đồng Nai",
      number: "5",
    });
    await (await s.waitFor('[data-testid="tab-preview"]')).click();
    await s.waitFor('[data-testid="doc-preview"]', { text: "3929/QĐ-UBND" });
    await s.screenshot("10-plan-preview");

    await (await s.waitFor('[data-testid="export-plan"]')).click();
    await s.waitFor('[data-testid="plan-notice"]', { text: "KH_TuanLeHTSD_2025_THHS.docx" });
    // The file sits in a hidden folder on Windows: the window opens it, or its folder, for the user.
    await (await s.waitFor('[data-testid="plan-notice-open"]')).click();
    await (await s.waitFor('[data-testid="plan-notice-folder"]')).click();
    const exported = join(dir, "exports", "2025");
    const log = process.env.TUANLE_OPENED_LOG;
    for (let i = 0; i < 50 && !(existsSync(log) && readFileSync(log, "utf8").split("\n").length > 2); i++) {
      await new Promise((done) => setTimeout(done, 100));
    }
    // Each click starts the system's opener on its own: the two may log in either order.
    assert.deepEqual(readFileSync(log, "utf8").trim().split("\n").sort(), [exported, join(exported, "KH_TuanLeHTSD_2025_THHS.docx")].sort());
    const done = await s.waitFor('[data-testid="steps"] .state', { text: "Đã xong" });
    assert.equal(await done.text(), "Đã xong");
    await s.screenshot("11-plan-exported");
  });
  const plan = cli(dir, "plan", "show").plan;
  assert.equal(plan.legal_bases[2].number, "3929/QĐ-UBND");
  assert.equal(plan.legal_bases[2].date, "2025-10-01");
  assert.equal(plan.legal_bases[2].issuer, "Ủy ban nhân dân tỉnh Đồng Nai");
  assert.equal(plan.number, "5");
  assert.ok(existsSync(join(dir, "exports", "2025", "KH_TuanLeHTSD_2025_THHS.docx")));
});

test("activities: add through the form, refuse negative numbers, warn outside the week, delete and undo", async () => {
  const dir = freshDir();
  cli(dir, "demo");
  await withApp(dir, async (s) => {
    await openStep(s, 1);
    await (await s.waitFor('[data-testid="add-activity"]')).click();
    const form = '[data-testid="activity-form"]';
    await fill(s, form, { title: "Lễ khai mạc Tuần lễ", staff: "35", pupils: "-5", place: "Sân trường" });
    await (await s.waitFor(`${form} button[type="submit"]`)).click();
    await s.waitFor(`${form} .error`, { text: "không được âm" });
    await fill(s, form, { pupils: "450" });
    await (await s.waitFor(`${form} button[type="submit"]`)).click();
    await s.waitFor('[data-testid="activity-notice"]', { text: "Đã lưu «Lễ khai mạc Tuần lễ»" });

    // «Lưu và thêm tiếp» keeps the day, the kind and the place; Enter saves; an activity can be copied.
    await (await s.waitFor('[data-testid="add-activity"]')).click();
    await fill(s, form, { title: "Ngày hội đọc sách", date: "03/10/2025" + KEYS.tab, place: "Thư viện", pupils: "120" });
    await (await s.waitFor(`${form} [name="kind"] option[value="reading"]`)).click();
    await (await s.waitFor('[data-testid="save-and-next"]')).click();
    await s.waitFor('[data-testid="activity-notice"]', { text: "Đã lưu «Ngày hội đọc sách»" });
    assert.equal(await (await s.waitFor(`${form} [name="title"]`)).value(), "");
    assert.equal(await (await s.waitFor(`${form} [name="date"]`)).value(), "03/10/2025");
    assert.equal(await (await s.waitFor(`${form} [name="place"]`)).value(), "Thư viện");
    assert.equal(await (await s.waitFor(`${form} [name="kind"]`)).value(), "reading");
    await (await s.waitFor(`${form} [name="title"]`)).type("Thi kể chuyện theo sách" + KEYS.enter);
    await s.waitFor('[data-testid="activity-notice"]', { text: "Đã lưu «Thi kể chuyện theo sách»" });
    await (await s.waitFor('[aria-label="Sao chép Thi kể chuyện theo sách"]')).click();
    assert.equal(await (await s.waitFor(`${form} [name="title"]`)).value(), "Thi kể chuyện theo sách");
    await fill(s, form, { title: "Thi kể chuyện theo sách (buổi chiều)" });
    await (await s.waitFor(`${form} button[type="submit"]`)).click();
    await s.waitFor('[data-testid="activity-notice"]', { text: "buổi chiều" });

    await (await s.waitFor('[data-testid="add-activity"]')).click();
    await fill(s, form, { title: "Tổng kết Tuần lễ", date: "10/10/2025" + KEYS.tab, staff: "20" });
    await (await s.waitFor(`${form} button[type="submit"]`)).click();
    await s.waitFor(".alert.warn", { text: "nằm ngoài thời gian Tuần lễ" });
    await s.waitFor('[data-testid="activity-days"]', { text: "ngoài Tuần lễ" });
    await s.screenshot("12-activities");

    await (await s.waitFor('[aria-label="Xóa Lễ khai mạc Tuần lễ"]')).click();
    await s.waitFor('[data-testid="activity-notice"]', { text: "Đã xóa" });
    assert.equal(cli(dir, "activity", "list").flatMap((d) => d.activities).length, 4);
    await (await s.waitFor('[data-testid="undo"]')).click();
    await s.waitFor('[data-testid="activity-notice"]', { text: "Đã khôi phục" });

    // The ceremony script: default programme, exported as its own document.
    await (await s.waitFor('[data-testid="open-ceremony"]')).click();
    const item = await s.waitFor('[aria-label="Nội dung mục 8"]');
    assert.match(await item.value(), /Thông điệp học tập suốt đời/);
    await (await s.waitFor('[data-testid="export-ceremony"]')).click();
    await s.waitFor('[data-testid="ceremony-notice"]', { text: "KB_LeKhaiMac_2025_THHS.docx" });
    await s.screenshot("12b-ceremony-script");
  });
  assert.ok(existsSync(join(dir, "exports", "2025", "KB_LeKhaiMac_2025_THHS.docx")));
  const all = cli(dir, "activity", "list").flatMap((d) => d.activities.map((r) => r.activity));
  assert.deepEqual(all.map((a) => [a.title, a.pupils, a.staff]), [
    ["Lễ khai mạc Tuần lễ", 450, 35],
    ["Ngày hội đọc sách", 120, 0],
    ["Thi kể chuyện theo sách", 0, 0],
    ["Thi kể chuyện theo sách (buổi chiều)", 0, 0],
    ["Tổng kết Tuần lễ", 0, 20],
  ]);
  const copies = all.filter((a) => a.title.startsWith("Thi kể chuyện"));
  assert.deepEqual(copies.map((a) => [a.date, a.kind, a.place]), [
    ["2025-10-03", "reading", "Thư viện"],
    ["2025-10-03", "reading", "Thư viện"],
  ]);
});

test("hostile text stays text: markup typed into titles is shown, never run", async () => {
  const dir = freshDir();
  cli(dir, "demo");
  const hostile = `<img src=x onerror="document.title='pwned'">`;
  cli(dir, "activity", "add", "--date", "2025-10-01", "--title", hostile, "--place", "<script>document.title='pwned'</script>");
  await withApp(dir, async (s) => {
    const before = await s.title();
    await openStep(s, 1);
    await s.waitFor('[data-testid="activity-days"]', { text: hostile });
    await openStep(s, 3);
    await (await s.waitFor('[data-testid="tab-report-preview"]')).click();
    await s.waitFor('[data-testid="doc-preview"]', { text: hostile });
    await s.screenshot("20-hostile-text-inert");
    assert.equal((await s.findAll('img[src="x"]')).length, 0, "no element was made from the text");
    assert.equal((await s.findAll("main script")).length, 0);
    assert.equal(await s.title(), before, "no script ran");
  });
});

test("backup and export folder: one click makes a verified .tuanle archive; the documents go to the folder chosen", async () => {
  const dir = freshDir();
  cli(dir, "demo");
  const report = cli(dir, "report", "export").path;
  // What the folder dialog answers (it cannot be clicked through WebDriver).
  const chosen = join(freshDir(), "Văn bản Tuần Lễ");
  await withApp(dir, async (s) => {
    await (await s.waitFor('[data-testid="nav-backup"]')).click();
    await (await s.waitFor('[data-testid="backup-now"]')).click();
    await s.waitFor('[data-testid="backup-notice"]', { text: "Đã sao lưu" });
    await s.waitFor('[data-testid="backup-list"]', { text: "SaoLuu_" });
    assert.equal(await (await s.waitFor('[data-testid="export-folder-path"]')).text(), join(dir, "exports"));
    await (await s.waitFor('[data-testid="choose-export-folder"]')).click();
    await s.waitFor('[data-testid="export-folder-notice"]', { text: "Đã chép 1 văn bản" });
    assert.equal(await (await s.waitFor('[data-testid="export-folder-path"]')).text(), chosen);
    await s.screenshot("21-backup");
    await (await s.waitFor('[data-testid="nav-about"]')).click();
    await s.waitFor('[data-testid="guide"]', { text: "5. Gửi" });
    assert.equal(await (await s.waitFor('[data-testid="data-dir"]')).text(), dir);
    assert.match(await (await s.waitFor('[data-testid="app-version"]')).text(), /^\d+\.\d+\.\d+$/);
    await s.screenshot("22-about");
  }, ["--e2e-pick-one", chosen]);
  const file = readdirSync(join(dir, "backups")).find((f) => f.startsWith("SaoLuu_"));
  assert.ok(file);
  cli(dir, "verify", join(dir, "backups", file));
  // The report was copied, the old one stays, and the next export lands in the chosen folder.
  const name = report.split(/[\\/]/).pop();
  assert.deepEqual(readFileSync(join(chosen, "2025", name)), readFileSync(report));
  assert.ok(cli(dir, "stats", "export").path.startsWith(chosen));
});

test("file association: opened with a .tuanle file, the app offers to restore it", async () => {
  const dir = freshDir();
  cli(dir, "demo");
  const archive = join(freshDir(), "May cu.tuanle");
  cli(dir, "backup", "--out", archive);
  await withApp(dir, async (s) => {
    const offer = await s.waitFor('[data-testid="offered-backup"]', { text: "May cu.tuanle" });
    assert.match(await offer.text(), /Khôi phục từ tệp này/);
    await s.screenshot("25-open-backup-file");
  }, [archive]);
});

test("evidence: photos added through the dialog, bad files named, grid of thumbnails, representative flag", async () => {
  const dir = freshDir();
  cli(dir, "demo");
  const opening = cli(dir, "activity", "add", "--date", "2025-10-01", "--start", "07:30", "--title", "Lễ khai mạc", "--kind", "opening", "--pupils", "400").activity.id;
  await withApp(dir, async (s) => {
    await openStep(s, 2);
    await (await s.waitFor('[data-testid="add-photos"]')).click();
    await s.waitFor('[data-testid="import-report"]', { text: "Đã thêm 3 ảnh" });
    const failures = await Promise.all((await s.findAll('[data-testid="import-failure"]')).map((e) => e.text()));
    assert.equal(failures.length, 2, failures.join("\n"));
    assert.ok(failures.some((f) => f.includes("«anh-hong.jpg»")));
    assert.ok(failures.some((f) => f.includes("«IMG_0042.HEIC»") && f.includes("HEIC")));
    await s.waitFor('[data-testid="photo"] img');
    assert.equal((await s.findAll('[data-testid="photo"] img')).length, 3);
    // Right after the import: which activity each photo went with and why; the others proposed.
    await s.waitFor('[data-testid="matching-linked"]', { text: "Lễ khai mạc: 1 ảnh, chụp lúc 07:45" });
    await s.waitFor('[data-testid="matching-linked"]', { text: "trong giờ của hoạt động" });
    const proposals = await s.waitFor('[data-testid="matching-proposals"]', { text: "02/10/2025" });
    assert.match(await proposals.text(), /03\/10\/2025/);
    const name = await s.waitFor('[aria-label="Tên hoạt động nhóm 1"]');
    await name.clear();
    await name.type("Đọc sách ở sân trường");
    await (await s.waitFor('[aria-label="Tạo hoạt động nhóm 2"]')).click();
    await s.screenshot("13a-photos-and-activities");
    await (await s.waitFor('[data-testid="accept-proposals"]', { text: "Tạo 1 hoạt động" })).click();
    await s.waitFor('[data-testid="matching-notice"]', { text: "Đã tạo 1 hoạt động mới" });
    await (await s.waitFor('[data-testid="photo"] input[type="checkbox"]')).click();
    await s.waitFor('[data-testid="steps"] li:nth-child(3) .state', { text: "Đã xong" });
    await s.screenshot("13-evidence-grid");
  });
  const photos = cli(dir, "photos", "list");
  assert.equal(photos.length, 3);
  const first = photos.find((p) => p.original_name === "le-khai-mac.jpg");
  assert.equal(first.activity_id, opening, "the EXIF date suggested the opening ceremony");
  assert.equal(photos.filter((p) => p.representative).length, 1);
  const made = cli(dir, "activity", "list").flatMap((d) => d.activities.map((r) => r.activity)).find((a) => a.title === "Đọc sách ở sân trường");
  assert.deepEqual([made.date, made.start_time], ["2025-10-02", "09:30"]);
  assert.equal(photos.find((p) => p.original_name === "san-truong.jpg").activity_id, made.id);
  assert.equal(photos.find((p) => p.original_name === "thu-vien-xoay.jpg").activity_id, null, "the group left unticked stays unlinked");
  const rotated = photos.find((p) => p.original_name === "thu-vien-xoay.jpg");
  assert.deepEqual([rotated.width, rotated.height], [600, 800], "EXIF orientation applied");
});

test("the report: from a filled log to an exported .docx, with a statistic corrected by hand", async () => {
  const dir = freshDir();
  cli(dir, "demo");
  cli(dir, "activity", "add", "--date", "2025-10-01", "--title", "Lễ khai mạc", "--kind", "opening", "--pupils", "420", "--staff", "38", "--funding-state", "3000000");
  cli(dir, "activity", "add", "--date", "2025-10-03", "--title", "Ngày hội đọc sách", "--kind", "reading", "--pupils", "380", "--books", "250", "--funding-private", "1505000");
  await withApp(dir, async (s) => {
    await openStep(s, 3);
    await (await s.waitFor('[data-testid="tab-stats"]')).click();
    const table = await s.waitFor('[data-testid="stats-table"]', { text: "Tổng số lượt người tham gia" });
    assert.match(await table.text(), /Tổng kinh phí\s*đồng\s*4\.505\.000\s*4\.505\.000/);
    const news = await s.waitFor('[aria-label="Sửa tay Tin, bài đăng trên trang thông tin, mạng xã hội"]');
    await news.type("4" + KEYS.tab);
    await s.waitFor('[data-testid="stats-table"] .tag', { text: "sửa tay" });
    await s.screenshot("14-report-stats");
    await (await s.waitFor('[data-testid="tab-report-preview"]')).click();
    await s.waitFor('[data-testid="doc-preview"]', { text: "Bốn triệu năm trăm linh năm nghìn đồng" });
    await (await s.waitFor('[data-testid="export-report"]')).click();
    await s.waitFor('[data-testid="report-notice"]', { text: "BC_TuanLeHTSD_2025_THHS.docx" });
    const done = await s.waitFor('[data-testid="steps"] li:nth-child(4) .state', { text: "Đã xong" });
    assert.equal(await done.text(), "Đã xong");
    await s.screenshot("15-report-exported");
    await (await s.waitFor('[data-testid="export-dossier"]')).click();
    const packed = await s.waitFor('[data-testid="dossier"]', { text: "TK_TuanLeHTSD_2025_THHS.xlsx", timeout: 60000 });
    assert.match(await packed.text(), /BC_TuanLeHTSD_2025_THHS\.pdf/, "LibreOffice is installed for the tests");
    assert.match(await packed.text(), /Kế hoạch: chưa soạn/);
    await s.screenshot("16-report-dossier");
  });
  assert.ok(existsSync(join(dir, "exports", "2025", "BC_TuanLeHTSD_2025_THHS.docx")));
  assert.ok(existsSync(join(dir, "exports", "2025", "HoSo_TuanLeHTSD_2025_THHS.zip")));
  const news = cli(dir, "stats", "show").find((r) => r.key === "news");
  assert.deepEqual([news.value, news.computed, news.corrected], [4, 0, true]);
});

test("the authority's outline: pasted from its letter, each heading matched, the one left to the school written, the report follows it", async () => {
  const dir = freshDir();
  cli(dir, "demo");
  cli(dir, "activity", "add", "--date", "2025-10-01", "--title", "Lễ khai mạc", "--kind", "opening", "--pupils", "420", "--funding-state", "1500000");
  cli(dir, "activity", "add", "--date", "2025-10-03", "--title", "Ngày hội đọc sách", "--kind", "reading", "--pupils", "380", "--funding-private", "2250000");
  const letter = [
    "Kính gửi: các trường học trên địa bàn.",
    "Các đơn vị báo cáo theo mẫu dưới đây.",
    "MẪU BC",
    "I. KẾT QUẢ TRIỂN KHAI",
    "1. Việc chỉ đạo, ban hành kế hoạch của đơn vị",
    "2. Các hoạt động hưởng ứng đã tổ chức",
    "3. Kinh phí thực hiện",
    " - Ngân sách nhà nước",
    " - Kinh phí vận động xã hội hóa",
    "4. Mô hình học tập tiêu biểu của đơn vị",
    "II. ĐỀ XUẤT",
    "1. Kiến nghị với cấp trên",
    "2. Số liệu thống kê theo biểu mẫu đính kèm",
    "Nơi nhận:",
    "- Như trên;",
  ].join("\n");
  await withApp(dir, async (s) => {
    await openStep(s, 3);
    await (await s.waitFor('[data-testid="tab-outline"]')).click();
    await s.waitFor('[data-testid="outline-source"]', { text: "mẫu của ứng dụng" });
    // The letter as a Word file: its automatic numbering is read as the headings' numbers.
    await (await s.waitFor('[data-testid="outline-pick"]')).click();
    await s.waitFor('[data-testid="outline-notice"]', { text: "Đã đọc mẫu báo cáo từ tệp Word" });
    await s.waitFor('[data-testid="outline-headings"]', { text: "II. ĐỀ XUẤT" });
    await (await s.waitFor('[data-testid="outline-clear"]')).click();
    await s.waitFor('[data-testid="outline-source"]', { text: "mẫu của ứng dụng" });
    // Text with no heading is refused with a message, and nothing changes.
    await s.execute(
      `const t = document.querySelector('[name="outline"]'); t.value = "Kính gửi các trường."; t.dispatchEvent(new Event("input", { bubbles: true }));`,
    );
    await (await s.waitFor('[data-testid="outline-read"]')).click();
    await s.waitFor('[data-testid="outline-error"]', { text: "Không thấy đề mục nào" });
    await s.execute(
      `const t = document.querySelector('[name="outline"]'); t.value = ${JSON.stringify(letter)}; t.dispatchEvent(new Event("input", { bubbles: true }));`,
    );
    await (await s.waitFor('[data-testid="outline-read"]')).click();
    await s.waitFor('[data-testid="outline-source"]', { text: "mẫu của cơ quan quản lý (10 đề mục)" });
    const list = await s.waitFor('[data-testid="outline-headings"]', { text: "2. Các hoạt động hưởng ứng đã tổ chức" });
    assert.match(await list.text(), /2\. Các hoạt động hưởng ứng đã tổ chức\s*→ ứng dụng soạn: các hoạt động đã tổ chức/);
    assert.match(await list.text(), /4\. Mô hình học tập tiêu biểu của đơn vị\s*→ trường tự viết \(chưa có nội dung\)/);
    assert.ok(!(await list.text()).includes("Như trên"), "the recipients are not a heading");
    await s.execute(`document.querySelector('[data-testid="outline-headings"]').scrollIntoView();`);
    await s.screenshot("15c-report-outline");
    // The checks name the heading nobody wrote, until the school writes it.
    await (await s.waitFor('[data-testid="tab-report-checks"]')).click();
    await s.waitFor('[data-testid="findings"]', { text: "Mục «4. Mô hình học tập tiêu biểu của đơn vị» của mẫu báo cáo chưa có nội dung" });
    await (await s.waitFor('[data-testid="tab-outline"]')).click();
    const own = await s.waitFor('[data-testid="outline-text-6"]');
    await own.type("Câu lạc bộ đọc sách cùng cha mẹ, mỗi tối thứ Sáu.");
    await s.execute("document.activeElement.blur();");
    await s.waitFor('[data-testid="outline-headings"]', { text: "→ trường tự viết" });
    for (let i = 0; i < 50 && cli(dir, "report", "outline", "show").headings[6].heading.text === ""; i++) await new Promise((r) => setTimeout(r, 100));
    await (await s.waitFor('[data-testid="tab-report-preview"]')).click();
    await s.waitFor('[data-testid="doc-preview"]', { text: "Câu lạc bộ đọc sách cùng cha mẹ, mỗi tối thứ Sáu." });
    await s.waitFor('[data-testid="doc-preview"]', { text: "Ngân sách nhà nước: 1.500.000 đồng." });
    await s.screenshot("15d-report-outline-preview");
    // The text boxes say which of the authority's headings each goes under, or that it has none.
    await (await s.waitFor('[data-testid="tab-report-text"]')).click();
    await s.waitFor("label", { text: "Mục «1. Việc chỉ đạo, ban hành kế hoạch của đơn vị»" });
    await s.waitFor("label", { text: "I.2 Lễ phát động Tuần lễ — in ở đầu mục «2. Các hoạt động hưởng ứng đã tổ chức»" });
    await s.waitFor("label", { text: "II.2 Khó khăn, tồn tại — mẫu của cơ quan quản lý không có mục này, nên không in ra" });
    await s.screenshot("15e-report-text-under-the-outline");
    await (await s.waitFor('[data-testid="export-report"]')).click();
    await s.waitFor('[data-testid="report-notice"]', { text: "BC_TuanLeHTSD_2025_THHS.docx" });
    // The school puts its difficulties under «I. KẾT QUẢ TRIỂN KHAI», which the words did not decide.
    await (await s.waitFor('[data-testid="tab-outline"]')).click();
    await s.waitFor('[data-testid="outline-section-0"]');
    await s.execute(
      `const sel = document.querySelector('[data-testid="outline-section-0"]'); sel.value = "difficulties"; sel.dispatchEvent(new Event("change", { bubbles: true }));`,
    );
    for (let i = 0; i < 50 && cli(dir, "report", "outline", "show").headings[0].heading.section !== "difficulties"; i++) await new Promise((r) => setTimeout(r, 100));
    await s.execute(`document.querySelector('[data-testid="outline-section-0"]').scrollIntoView();`);
    await s.screenshot("15i-report-outline-assigned");
    await (await s.waitFor('[data-testid="tab-report-text"]')).click();
    await s.waitFor("label", { text: "Mục «I. KẾT QUẢ TRIỂN KHAI»" });
  }, ["--e2e-pick-one", join(import.meta.dirname, "..", "fixtures", "outline", "cong-van-mau-bc.docx")]);
  const shown = cli(dir, "report", "outline", "show");
  assert.equal(shown.imported, true);
  assert.equal(shown.headings[6].heading.text, "Câu lạc bộ đọc sách cùng cha mẹ, mỗi tối thứ Sáu.");
  const state = cli(dir, "report", "show");
  const headings = state.document.body.filter((b) => b.kind === "heading").map((b) => b.text);
  assert.deepEqual(headings.slice(0, 3), ["I. KẾT QUẢ TRIỂN KHAI", "1. Việc chỉ đạo, ban hành kế hoạch của đơn vị", "2. Các hoạt động hưởng ứng đã tổ chức"]);
  assert.ok(!state.findings.some((f) => f.code === "outline_unwritten"));
  assert.equal(cli(dir, "report", "outline", "show").headings[0].heading.section, "difficulties");
});

test("the authority's statistics form: a wrong file refused, the workbook read, each item matched, confirmed, typed and filled in its own cells", async () => {
  const dir = freshDir();
  cli(dir, "demo");
  cli(dir, "activity", "add", "--date", "2025-10-01", "--title", "Lễ khai mạc", "--kind", "opening", "--staff", "40", "--pupils", "420", "--funding-state", "1500000");
  cli(dir, "activity", "add", "--date", "2025-10-02", "--title", "Tuyên truyền dưới cờ", "--kind", "communication", "--pupils", "380");
  // What the file dialog answers, in turn: a CSV renamed .xlsx, then the district's workbook.
  const wrong = join(freshDir(), "bieu-so-lieu.xlsx");
  writeFileSync(wrong, "STT;Nội dung;Số lượng\n1;Hoạt động;3\n");
  const workbook = join(import.meta.dirname, "..", "fixtures", "forms", "bieu-01-theo-dong.xlsx");
  await withApp(dir, async (s) => {
    await openStep(s, 3);
    await (await s.waitFor('[data-testid="tab-outline"]')).click();
    await s.waitFor('[data-testid="form-source"]', { text: "Chưa có biểu mẫu số liệu" });
    await (await s.waitFor('[data-testid="form-pick"]')).click();
    await s.waitFor('[data-testid="form-error"]', { text: "tệp văn bản (CSV)" });
    await s.screenshot("15f-form-refused");
    await (await s.waitFor('[data-testid="form-pick"]')).click();
    await s.waitFor('[data-testid="form-notice"]', { text: "Đã đọc mẫu «bieu-01-theo-dong.xlsx»: 13 mục" });
    const table = await s.waitFor('[data-testid="form-items"]', { text: "Công thức — Excel tự tính" });
    assert.match(await table.text(), /D18\s*Số lượt người tham gia\s*- Học sinh/);
    assert.equal(await (await s.waitFor('[data-testid="form-source-5"]')).text(), "Trong đó: học sinh");
    await s.waitFor('[data-testid="form-source"]', { text: "Còn 11 mục chờ xác nhận" });
    await s.waitFor('[data-testid="form-source"]', { text: "tên trường ghi vào ô A2; ngày ký (ngày của báo cáo) ghi vào ô D29" });
    await s.screenshot("15g-form-suggested");
    await (await s.waitFor('[data-testid="form-confirm"]')).click();
    await s.waitFor('[data-testid="form-source"]', { text: "Còn 1 mục chờ xác nhận" });
    // The school changes one source, and types the number no row of the table counts.
    await s.waitFor('[data-testid="form-change-1"]');
    await s.execute(
      `const sel = document.querySelector('[data-testid="form-change-1"]'); sel.value = "reading"; sel.dispatchEvent(new Event("change", { bubbles: true }));`,
    );
    await s.waitFor('[data-testid="form-item-1"]', { text: "Đã xác nhận" });
    assert.equal(await (await s.waitFor('[data-testid="form-source-1"]')).text(), "Trong đó: đọc sách, thư viện");
    await s.waitFor('[data-testid="form-change-12"]');
    await s.execute(
      `const sel = document.querySelector('[data-testid="form-change-12"]'); sel.value = "typed"; sel.dispatchEvent(new Event("change", { bubbles: true }));`,
    );
    await s.waitFor('[data-testid="form-item-12"]', { text: "Chưa nhập số" });
    const typed = await s.waitFor('[data-testid="form-typed-12"]');
    await typed.type("45");
    await s.execute("document.activeElement.blur();");
    await s.waitFor('[data-testid="form-source"]', { text: "Đủ số liệu để điền" });
    await (await s.waitFor('[data-testid="form-export"]')).click();
    await s.waitFor('[data-testid="form-exported"]', { text: "MauTH_TuanLeHTSD_2025_THHS.xlsx" });
    await s.execute(`document.querySelector('[data-testid="form-items"]').scrollIntoView();`);
    await s.screenshot("15h-form-filled");
    // Removing the form takes a second click (the choices and typed numbers would go with it).
    await (await s.waitFor('[data-testid="form-clear"]')).click();
    await s.waitFor('[data-testid="form-clear"]', { text: "Bấm lần nữa để bỏ mẫu" });
  }, ["--e2e-pick-one", `${wrong};${workbook}`]);
  const shown = cli(dir, "stats", "form", "show");
  assert.equal(shown.unsettled, 0);
  assert.deepEqual(shown.items[1].mapping, { kind: "stat", value: "reading" });
  assert.equal(shown.items[12].value, 45);
  assert.equal(shown.items[5].value, 800, "the pupils of the log");
  assert.equal(shown.freshness.state, "current");
  assert.ok(existsSync(join(dir, "exports", "2025", "MauTH_TuanLeHTSD_2025_THHS.xlsx")));
});

test("sending: set up the account, compose from the exports, send, and the outbox says «Đã gửi»", async () => {
  const dir = freshDir();
  cli(dir, "demo");
  cli(dir, "report", "export");
  cli(dir, "stats", "export");
  const user = "c1hoasen@test.edu.vn";
  const server = await smtpServer(dir, user, "mat-khau-ung-dung");
  try {
    await withApp(dir, async (s) => {
      await openStep(s, 4);
      await (await s.waitFor('[name="provider"] option[value="custom"]')).click();
      await fill(s, "section", { from_email: user, username: user, password: "mat-khau-ung-dung", from_name: "Trường Tiểu học Hoa Sen" });
      await fill(s, "section", { host: "127.0.0.1", port: String(server.port) });
      // The certificate comes from the file dialog (answered by --e2e-pick-one).
      await (await s.waitFor('[data-testid="pick-certificate"]')).click();
      const ca = await s.waitFor('[name="ca_file"]');
      for (let i = 0; i < 50 && (await ca.value()) !== server.ca; i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal(await ca.value(), server.ca);
      await s.screenshot("17-send-account");
      await (await s.waitFor('[data-testid="save-account"]')).click();
      await s.waitFor('[data-testid="send-notice"]', { text: "Đã lưu tài khoản" });
      await (await s.waitFor('[data-testid="review-message"]')).click();
      const preview = await s.waitFor('[data-testid="message-preview"]', { text: "BC_TuanLeHTSD_2025_THHS.docx" });
      assert.match(await preview.text(), /TK_TuanLeHTSD_2025_THHS\.xlsx/);
      // The size is said next to the button that asked for it, and the letter fits its box.
      await s.waitFor('[data-testid="size-summary"]', { text: "Vừa giới hạn" });
      const fits = await s.execute(`const t = document.querySelector('[name="body"]'); return t.scrollHeight <= t.clientHeight + 2;`);
      assert.equal(fits, true, "the whole letter is visible without scrolling its box");
      await s.screenshot("18-send-compose");
      await (await s.waitFor('[data-testid="send"]')).click();
      const sent = await s.waitFor('[data-testid="outbox"] .sent', { text: "Đã gửi lúc", timeout: 30000 });
      await sent.click(); // scrolls the outbox into view for the screenshot
      await s.waitFor('[data-testid="steps"] li:nth-child(5) .state', { text: "Đã xong" });
      await s.screenshot("19-send-sent");
    }, ["--e2e-pick-one", server.ca]);
    assert.equal(server.received().length, 1, "delivered once");
    const [item] = cli(dir, "outbox", "list");
    assert.equal(item.state, "sent");
    assert.ok(item.sent_at);
  } finally {
    server.stop();
  }
});

/** The authorization server of the sign-in tests (oidc-provider) on a free port. */
async function oidcServer(user) {
  const port = await freePort();
  const child = spawn("node", ["tests/support/oidc_server.mjs", String(port), user], { stdio: ["pipe", "pipe", "ignore"] });
  await new Promise((ready, fail) => {
    child.stdout.once("data", (d) => (String(d).startsWith("ready") ? ready() : fail(new Error(String(d)))));
    child.once("exit", (code) => fail(new Error(`authorization server exited with ${code}`)));
  });
  return { url: (path) => `http://127.0.0.1:${port}${path}`, stop: () => child.kill() };
}

test("sending with a sign-in: «Đăng nhập» goes through the browser, then the report is sent with XOAUTH2", async () => {
  const dir = freshDir();
  cli(dir, "demo");
  cli(dir, "report", "export");
  const user = `oauth-e2e-${process.pid}@test.edu.vn`;
  const oidc = await oidcServer(user);
  const server = await smtpServer(dir, user, "khong-dung", ["--xoauth2", oidc.url("/me")]);
  const provider = { name: "Sở GD&ĐT", authorize_url: oidc.url("/auth"), token_url: oidc.url("/token"), scope: "openid email offline_access" };
  writeFileSync(join(dir, "oauth.json"), JSON.stringify({ providers: { custom: provider } }));
  cli(dir, "mail", "set", "--provider", "custom", "--host", "127.0.0.1", "--port", String(server.port), "--ca-file", server.ca,
    "--username", user, "--from-email", user, "--auth", "oauth", "--client-id", "tuanle-test");
  try {
    await withApp(dir, async (s) => {
      await openStep(s, 4);
      await s.waitFor('[data-testid="signed-out"]', { text: "chưa đăng nhập" });
      await (await s.waitFor('[data-testid="sign-in"]')).click();
      await s.waitFor('[data-testid="signed-in"]', { text: "đã đăng nhập", timeout: 30000 });
      await s.waitFor('[data-testid="send-notice"]', { text: "Đã đăng nhập" });
      await s.screenshot("23-send-signed-in");
      await (await s.waitFor('[data-testid="send"]')).click();
      const sent = await s.waitFor('[data-testid="outbox"] .sent', { text: "Đã gửi lúc", timeout: 30000 });
      await sent.click();
      await s.screenshot("24-send-oauth-sent");
    });
    assert.equal(server.received().length, 1, "delivered once, signed in with XOAUTH2");
  } finally {
    cli(dir, "mail", "signout");
    server.stop();
    oidc.stop();
  }
});

/** Whether the report attached to the message in `eml` lists `title` (Python's email and zipfile read it). */
function sentReportLists(eml, title) {
  const script = `import email, sys, zipfile, io
msg = email.message_from_binary_file(open(sys.argv[1], "rb"))
for part in msg.walk():
    name = part.get_filename() or ""
    if name.startswith("BC_") and name.endswith(".docx"):
        xml = zipfile.ZipFile(io.BytesIO(part.get_payload(decode=True))).read("word/document.xml").decode()
        print("yes" if sys.argv[2] in xml else "no")
        sys.exit(0)
print("no report")`;
  return execFileSync("python3", ["-c", script, eml, title], { encoding: "utf8" }).trim();
}

test("nothing typed is lost and nothing stale is sent: a correction keeps II.1, an old report is exported again in one click", async () => {
  const dir = freshDir();
  cli(dir, "demo");
  cli(dir, "report", "export");
  cli(dir, "stats", "export");
  // The log changes after the export.
  cli(dir, "activity", "add", "--date", "2025-10-04", "--title", "Thi kể chuyện sách mới", "--kind", "reading", "--pupils", "55");
  const user = "c1hoasen@test.edu.vn";
  const server = await smtpServer(dir, user, "mat-khau-ung-dung");
  try {
    await withApp(dir, async (s) => {
      await openStep(s, 3);
      await s.waitFor('[data-testid="report-stale"]', { text: "nhật ký hoạt động" });
      const typed = "Học sinh đọc thêm 1.200 lượt sách trong Tuần lễ.";
      const results = await s.waitFor('textarea[name="results"]');
      await results.clear();
      await results.type(typed);
      // Correcting a statistic reloads the table, never the text being typed.
      await (await s.waitFor('[data-testid="tab-stats"]')).click();
      const news = await s.waitFor('[aria-label="Sửa tay Tin, bài đăng trên trang thông tin, mạng xã hội"]');
      await news.type("4" + KEYS.tab);
      await s.waitFor('[data-testid="stats-table"] .tag', { text: "sửa tay" });
      // The long table has scrolled the page and re-rendered under the pointer: back to the top
      // before clicking the tab, so the click lands on it.
      await s.execute("window.scrollTo(0, 0); return true;");
      await (await s.waitFor('[data-testid="tab-report-text"]')).click();
      assert.equal(await (await s.waitFor('textarea[name="results"]')).value(), typed);
      await s.screenshot("26-report-stale-text-kept");

      await openStep(s, 4);
      await (await s.waitFor('[name="provider"] option[value="custom"]')).click();
      // The login name follows the sender address.
      await fill(s, "section", { from_email: user, password: "mat-khau-ung-dung", from_name: "Trường Tiểu học Hoa Sen" });
      assert.equal(await (await s.waitFor('section [name="username"]')).value(), user);
      await fill(s, "section", { host: "127.0.0.1", port: String(server.port), ca_file: server.ca });
      await (await s.waitFor('[data-testid="save-account"]')).click();
      await s.waitFor('[data-testid="send-notice"]', { text: "Đã lưu tài khoản" });
      await (await s.waitFor('[data-testid="send"]')).click();
      const stale = await s.waitFor('[data-testid="stale-documents"]', { text: "BC_TuanLeHTSD_2025_THHS.docx" });
      assert.match(await stale.text(), /nhật ký hoạt động/);
      await s.screenshot("27-send-stale-documents");
      assert.equal(server.received().length, 0, "nothing sent while a document is stale");
      await (await s.waitFor('[data-testid="refresh-exports"]')).click();
      await s.waitFor('[data-testid="send-notice"]', { text: "Đã xuất lại" });
      await (await s.waitFor('[data-testid="send"]')).click();
      await s.waitFor('[data-testid="outbox"] .sent', { text: "Đã gửi lúc", timeout: 30000 });
      await s.screenshot("28-send-after-reexport");
    });
    const [eml] = server.received();
    assert.equal(server.received().length, 1, "delivered once");
    assert.equal(sentReportLists(join(dir, "spool", eml), "Thi kể chuyện sách mới"), "yes", "the sent report carries the new activity");
  } finally {
    server.stop();
  }
});

/** Whether the document.xml of the .docx at `path` contains `text`. */
function docxHas(path, text) {
  const script = `import sys, zipfile
print("yes" if sys.argv[2] in zipfile.ZipFile(sys.argv[1]).read("word/document.xml").decode() else "no")`;
  return execFileSync("python3", ["-c", script, path, text], { encoding: "utf8" }).trim() === "yes";
}

test("autosave: what is typed in the plan and the report survives switching steps, exports and a restart, with an undo", async () => {
  const dir = freshDir();
  cli(dir, "demo");
  const intro = "Thực hiện kế hoạch của Phòng Văn hóa - Xã hội, nhà trường tổ chức Tuần lễ như sau.";
  const closing = "Đề nghị các tổ chuyên môn thực hiện nghiêm túc kế hoạch này.";
  const results = "Học sinh đọc thêm 950 lượt sách; thư viện mở cửa cả buổi trưa.";
  const difficulties = "Phòng đọc còn chật, chưa đủ chỗ cho một lớp.";
  await withApp(dir, async (s) => {
    await openStep(s, 0);
    const introBox = await s.waitFor('textarea[aria-label="Lời mở đầu"]');
    await introBox.clear();
    await introBox.type(intro);
    await s.waitFor('[data-testid="plan-save-status"]', { text: "Đã tự động lưu" });
    await s.screenshot("29-plan-autosaved");
    // Typed, then straight to another step: leaving the page saves what is pending.
    const closingBox = await s.waitFor('textarea[aria-label="Câu kết"]');
    await closingBox.clear();
    await closingBox.type(closing);
    await openStep(s, 3);
    await s.waitFor('textarea[name="results"]');
    await openStep(s, 0);
    assert.equal(await (await s.waitFor('textarea[aria-label="Lời mở đầu"]')).value(), intro);
    assert.equal(await (await s.waitFor('textarea[aria-label="Câu kết"]')).value(), closing);

    // The report: type, then export the workbook and the report at once.
    await openStep(s, 3);
    const r = await s.waitFor('textarea[name="results"]');
    await r.clear();
    await r.type(results);
    const d = await s.waitFor('textarea[name="difficulties"]');
    await d.clear();
    await d.type(difficulties);
    await (await s.waitFor('[data-testid="export-xlsx"]')).click();
    await s.waitFor('[data-testid="report-notice"]', { text: "TK_TuanLeHTSD_2025_THHS.xlsx" });
    await (await s.waitFor('[data-testid="export-report"]')).click();
    await s.waitFor('[data-testid="report-notice"]', { text: "BC_TuanLeHTSD_2025_THHS.docx" });
    assert.equal(await (await s.waitFor('textarea[name="results"]')).value(), results);
    assert.equal(await (await s.waitFor('textarea[name="difficulties"]')).value(), difficulties);
    await s.screenshot("30-report-autosaved-exported");
  });
  assert.equal(cli(dir, "plan", "show").plan.intro, intro);
  assert.equal(cli(dir, "plan", "show").plan.closing, closing);
  const saved = cli(dir, "report", "show").report;
  assert.deepEqual([saved.results, saved.difficulties], [results, difficulties]);
  assert.ok(docxHas(join(dir, "exports", "2025", "BC_TuanLeHTSD_2025_THHS.docx"), "950 lượt sách"), "the export carries the typed text");

  // After a restart the text is there; an edit can be undone back to the text at opening.
  await withApp(dir, async (s) => {
    await openStep(s, 3);
    const r = await s.waitFor('textarea[name="results"]');
    assert.equal(await r.value(), results);
    await r.type(" Thêm một câu nhầm.");
    await s.waitFor('[data-testid="report-save-status"]', { text: "Đã tự động lưu" });
    assert.match(cli(dir, "report", "show").report.results, /câu nhầm/);
    await (await s.waitFor('[data-testid="report-save-status-undo"]')).click();
    assert.equal(await (await s.waitFor('textarea[name="results"]')).value(), results);
    await new Promise((done) => setTimeout(done, 1500));
    await s.waitFor('[data-testid="report-save-status"]', { text: "Đã tự động lưu" });
    await s.screenshot("31-report-undo");
  });
  assert.equal(cli(dir, "report", "show").report.results, results);
});

test("activities pasted from Excel: a preview names the slips, the kept rows are saved together; money shows its dots", async () => {
  const dir = freshDir();
  cli(dir, "demo");
  const table = [
    "STT\tNgày\tThời gian\tTên hoạt động\tĐịa điểm\tSố học sinh",
    "1\t01/10/2025\t7h30 - 9h00\tLễ khai mạc Tuần lễ\tSân trường\t540",
    "2\t\t14h\tThi kể chuyện theo sách\tThư viện\t120",
    "3\t31/09/2025\t\tTrồng cây xanh\tVườn trường\t60",
  ].join("\n");
  await withApp(dir, async (s) => {
    await openStep(s, 1);
    await (await s.waitFor('[data-testid="open-paste"]')).click();
    await s.waitFor('[name="pasted"]');
    // What a paste does: the text lands in the box and an input event follows.
    await s.execute(
      `const t = document.querySelector('[name="pasted"]'); t.value = ${JSON.stringify(table)}; t.dispatchEvent(new Event("input", { bubbles: true }));`,
    );
    await (await s.waitFor('[data-testid="paste-preview"]')).click();
    await s.waitFor('[data-testid="paste-rows"]', { text: "không phải một ngày có thật" });
    assert.equal(await s.execute(`return document.querySelector('[aria-label="Lưu dòng 4"]').disabled;`), true);
    await s.waitFor('[data-testid="paste-rows"]', { text: "lấy theo dòng phía trên" });
    await (await s.waitFor('[aria-label="Loại dòng 3"] option[value="reading"]')).click();
    await s.waitFor('[data-testid="paste-save"]', { text: "Lưu 2 hoạt động" });
    await s.screenshot("15-paste-preview");
    await (await s.waitFor('[data-testid="paste-save"]')).click();
    await s.waitFor('[data-testid="activity-notice"]', { text: "Đã thêm 2 hoạt động" });
    await s.waitFor('[data-testid="activity-days"]', { text: "Thi kể chuyện theo sách" });

    // Money as it is typed: 3000000 shows as 3.000.000, the stored value is the number.
    await (await s.waitFor('[data-testid="add-activity"]')).click();
    const form = '[data-testid="activity-form"]';
    await fill(s, form, { title: "Trao học bổng", start_time: "7h30", gift_value: "3000000" });
    assert.equal(await (await s.waitFor(`${form} [name="gift_value"]`)).value(), "3.000.000");
    // The save button stays in view while the long form scrolls.
    const inView = await s.execute(
      `const b = document.querySelector('${form} button[type="submit"]').getBoundingClientRect(); return b.top >= 0 && b.bottom <= window.innerHeight;`,
    );
    assert.equal(inView, true);
    await s.screenshot("15b-money-and-save-in-view");
    await (await s.waitFor(`${form} button[type="submit"]`)).click();
    await s.waitFor('[data-testid="activity-notice"]', { text: "Đã lưu «Trao học bổng»" });
  });
  const all = cli(dir, "activity", "list").flatMap((d) => d.activities.map((r) => r.activity));
  assert.deepEqual(all.map((a) => [a.date, a.start_time, a.end_time, a.title, a.place, a.pupils, a.kind, a.gift_value]), [
    ["2025-10-01", "07:30", "09:00", "Lễ khai mạc Tuần lễ", "Sân trường", 540, "opening", 0],
    ["2025-10-01", "07:30", "", "Trao học bổng", "", 0, "other", 3000000],
    ["2025-10-01", "14:00", "", "Thi kể chuyện theo sách", "Thư viện", 120, "reading", 0],
  ]);
});

// What is cut off on screen: text wider than its button, label or drop-down, or a page wider than
// the window. Long values typed into inputs scroll inside them, as they should, and are not counted.
const CLIPPED = `
  const out = [];
  const canvas = document.createElement("canvas").getContext("2d");
  const visible = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  for (const e of document.querySelectorAll("button, label, h1, h2, h3, .tag, .state, dt, th")) {
    if (visible(e) && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== "visible") out.push(e.tagName + ": " + e.textContent.trim().slice(0, 60));
  }
  for (const e of document.querySelectorAll("select")) {
    if (!visible(e) || e.selectedIndex < 0) continue;
    const style = getComputedStyle(e);
    canvas.font = style.font;
    const text = e.options[e.selectedIndex].text;
    const room = e.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (canvas.measureText(text).width > room + 1) out.push("SELECT: " + text.slice(0, 60));
  }
  if (document.scrollingElement.scrollWidth > window.innerWidth + 1) out.push("PAGE wider than the window: " + document.scrollingElement.scrollWidth);
  return out;
`;

test("small screens: at 1366×768 and at 1024×600 nothing on the pages is cut off", async () => {
  const dir = freshDir();
  cli(dir, "demo");
  cli(dir, "stats", "form", "import", join(import.meta.dirname, "..", "fixtures", "forms", "bieu-01-theo-dong.xlsx"));
  cli(dir, "report", "outline", "import", join(import.meta.dirname, "..", "fixtures", "outline", "cong-van-mau-bc.docx"));
  await withApp(dir, async (s) => {
    for (const [width, height] of [
      [1366, 768],
      [1024, 600],
    ]) {
      await s.setSize(width, height);
      const pages = [
        ["home", null],
        ["plan", 0],
        ["activities", 1],
        ["evidence", 2],
        ["report", 3],
        ["report-authority", 3],
        ["send", 4],
      ];
      const found = [];
      for (const [name, index] of pages) {
        if (index === null) {
          await (await s.waitFor("button.nav", { text: "Tổng quan" })).click();
        } else {
          await openStep(s, index);
        }
        await new Promise((r) => setTimeout(r, 700));
        if (name === "activities") await (await s.waitFor('[data-testid="add-activity"]')).click();
        if (name === "report-authority") await (await s.waitFor('[data-testid="tab-outline"]')).click();
        const clipped = await s.execute(CLIPPED);
        found.push(...clipped.map((c) => `${width}×${height} ${name}: ${c}`));
        await s.screenshot(`30-${width}x${height}-${name}`);
      }
      assert.deepEqual(found, [], found.join("\n"));
    }
  });
});
