// The project's own walk: a new secretary's first report in the real window, from an empty data
// folder to a message received by a local SMTP server, with realistic data. Every click, field,
// keystroke, scroll and new screen is counted, and the time is estimated with the keystroke-level
// model (KLM). The figure goes to artifacts/e2e/walk.json and into docs/benchmarks.md.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ARTIFACTS, KEYS } from "./webdriver.mjs";
import { cli, freshDir, smtpServer, withApp } from "./harness.mjs";

// KLM operators (Card, Moran & Newell; the values of the issue): a keystroke K (fast and average
// typist), pointing P, a mouse button press and release BB, homing between mouse and keyboard H,
// a mental act M before each field or decision, and reading a new screen to find the next step.
const KLM = { K: [0.28, 0.5], P: 1.1, BB: 0.2, H: 0.4, M: 1.35, READ: 3 };
const TARGET_MINUTES = 15;

/** Keystrokes of `text` typed with Telex: each mark is a key (ế = e e s), đ = d d, a capital adds Shift. */
export function telexKeys(text) {
  let keys = 0;
  for (const ch of text) {
    keys += [...ch.normalize("NFD")].length;
    if (ch === "đ" || ch === "Đ") keys += 1;
    if (ch !== ch.toLowerCase()) keys += 1;
  }
  return keys;
}

/** Drives the window as a user would and counts what the user does. */
class Walk {
  constructor(s) {
    this.s = s;
    this.n = { clicks: 0, fields: 0, chars: 0, keys: 0, scrolls: 0, screens: 0, waits_s: 0 };
    this.log = [];
  }

  async #reach(el) {
    const inView = await this.s.execute(
      `const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight;`,
      el,
    );
    if (!inView) this.n.scrolls += 1;
  }

  /** A click on what `css` finds (with `text`, the first whose text contains it). */
  async click(css, what, opts = {}) {
    const el = await this.s.waitFor(css, opts);
    await this.#reach(el);
    await el.click();
    this.n.clicks += 1;
    this.log.push(`click ${what}`);
    return el;
  }

  /** Picks `value` in a drop-down: open it, click the option. */
  async choose(css, value, what) {
    await this.click(css, what);
    const option = await this.s.waitFor(`${css} option[value="${value}"]`);
    await option.click();
    this.n.clicks += 1;
  }

  /** Types `text` into a field: click into it, replace what it held (Ctrl+A) or add at its end. */
  async type(css, text, what, { replace = true, enter = "" } = {}) {
    const el = await this.s.waitFor(css);
    await this.#reach(el);
    await el.click();
    if (replace) {
      await el.clear();
      this.n.keys += 2;
    }
    await el.type(text + enter);
    this.n.fields += 1;
    this.n.chars += [...text].length;
    this.n.keys += telexKeys(text) + (enter ? 1 : 0);
    this.log.push(`type ${what}: ${[...text].length} characters`);
    return el;
  }

  /** Text copied from another program (the school's Excel log): switch (Alt+Tab), select the
   *  range (two clicks), Ctrl+C, switch back, click the box, Ctrl+V. */
  async pasteFromElsewhere(css, text, what) {
    const el = await this.s.waitFor(css);
    await this.#reach(el);
    await this.s.execute(
      `arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event("input", { bubbles: true }));`,
      el,
      text,
    );
    this.n.clicks += 3;
    this.n.fields += 1;
    this.n.keys += 2 + 2 + 2 + 2;
    this.log.push(`paste ${what}: ${text.split("\n").length} lines`);
  }

  /** The native file dialog the app opens: find the folder or file and confirm (3 clicks). */
  async fileDialog(what) {
    this.n.clicks += 3;
    this.log.push(`file dialog: ${what}`);
  }

  /** A new screen or panel the user reads before acting; its screenshot is kept. */
  async screen(name) {
    this.n.screens += 1;
    await this.s.screenshot(`walk-${String(this.n.screens).padStart(2, "0")}-${name}`);
  }

  /** Waits for the app (an export, the import, the sending) and counts the time waited. */
  async waitFor(css, opts) {
    const start = Date.now();
    const el = await this.s.waitFor(css, opts);
    this.n.waits_s += (Date.now() - start) / 1000;
    return el;
  }

  estimate(k) {
    const { clicks, fields, keys, scrolls, screens, waits_s } = this.n;
    const seconds =
      clicks * (KLM.M + KLM.P + KLM.BB) +
      fields * (KLM.M + KLM.P + KLM.BB + 2 * KLM.H) +
      keys * k +
      scrolls * KLM.P +
      screens * KLM.READ +
      waits_s;
    return seconds / 60;
  }
}

// The school's log of the week, kept in Excel by the deputy head (copied in one go).
const LOG = [
  "STT\tNgày\tThời gian\tTên hoạt động\tĐịa điểm\tSố học sinh\tSố giáo viên",
  "1\t01/10/2025\t7h00 - 8h00\tLễ khai mạc Tuần lễ hưởng ứng học tập suốt đời\tSân trường\t612\t38",
  "2\t01/10/2025\t14h00 - 16h00\tTrưng bày sách theo chủ đề năm học\tThư viện\t240\t6",
  "3\t02/10/2025\t7h30 - 9h00\tNgày hội đọc sách\tSân trường\t580\t30",
  "4\t02/10/2025\t14h00 - 15h30\tTọa đàm về tự học cho giáo viên\tPhòng hội đồng\t0\t36",
  "5\t03/10/2025\t8h00 - 10h00\tThi kể chuyện theo sách\tHội trường\t150\t12",
  "6\t03/10/2025\t14h00 - 16h00\tHướng dẫn tra cứu học liệu số\tPhòng tin học\t120\t4",
  "7\t04/10/2025\t7h30 - 10h00\tQuyên góp sách cho thư viện lớp học\tCác lớp học\t612\t20",
  "8\t06/10/2025\t7h00 - 7h45\tGiới thiệu sách hay dưới cờ\tSân trường\t612\t38",
  "9\t06/10/2025\t14h00 - 16h00\tBồi dưỡng kỹ năng số cho giáo viên\tPhòng tin học\t0\t30",
  "10\t07/10/2025\t8h00 - 10h00\tTổng kết, trao thưởng Tuần lễ\tHội trường\t300\t25",
].join("\n");

// The 30 phone photos of the week: three in the time of each activity (EXIF date and time).
const SHOTS = [
  ["2025:10:01", ["07:05", "07:20", "07:40"]],
  ["2025:10:01", ["14:10", "14:45", "15:30"]],
  ["2025:10:02", ["07:35", "08:10", "08:50"]],
  ["2025:10:02", ["14:05", "14:40", "15:20"]],
  ["2025:10:03", ["08:05", "08:50", "09:40"]],
  ["2025:10:03", ["14:15", "15:00", "15:45"]],
  ["2025:10:04", ["07:40", "08:30", "09:30"]],
  ["2025:10:06", ["07:05", "07:20", "07:35"]],
  ["2025:10:06", ["14:10", "15:00", "15:50"]],
  ["2025:10:07", ["08:10", "09:00", "09:45"]],
];

/** An APP1 Exif segment with DateTimeOriginal (little-endian TIFF, IFD0 → Exif IFD). */
function exifSegment(dateTime) {
  const value = Buffer.from(`${dateTime}\0`, "ascii"); // 20 bytes
  const tiff = Buffer.alloc(8 + 2 + 12 + 4 + 2 + 12 + 4 + value.length);
  tiff.write("II", 0, "ascii");
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  tiff.writeUInt16LE(1, 8); // IFD0: one entry, the Exif IFD pointer
  tiff.writeUInt16LE(0x8769, 10);
  tiff.writeUInt16LE(4, 12);
  tiff.writeUInt32LE(1, 14);
  tiff.writeUInt32LE(26, 18);
  tiff.writeUInt32LE(0, 22);
  tiff.writeUInt16LE(1, 26); // Exif IFD: DateTimeOriginal
  tiff.writeUInt16LE(0x9003, 28);
  tiff.writeUInt16LE(2, 30);
  tiff.writeUInt32LE(value.length, 32);
  tiff.writeUInt32LE(44, 36);
  tiff.writeUInt32LE(0, 40);
  value.copy(tiff, 44);
  const body = Buffer.concat([Buffer.from("Exif\0\0", "ascii"), tiff]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([header, body]);
}

function phonePhotos(dir) {
  const folder = join(dir, "DCIM");
  mkdirSync(folder, { recursive: true });
  const base = join(dir, "base.jpg");
  execFileSync("convert", ["-size", "2000x1500", "plasma:fractal", "-quality", "85", base]);
  const jpeg = execFileSync("cat", [base], { maxBuffer: 64 << 20 });
  let n = 0;
  for (const [day, times] of SHOTS) {
    for (const time of times) {
      n += 1;
      const note = Buffer.from(`photo ${n}`); // distinct bytes: no duplicates
      const com = Buffer.concat([Buffer.from([0xff, 0xfe, 0, note.length + 2]), note]);
      const photo = Buffer.concat([jpeg.subarray(0, 2), exifSegment(`${day} ${time}:00`), com, jpeg.subarray(2)]);
      writeFileSync(join(folder, `IMG_2025${day.slice(5, 7)}${day.slice(8)}_${time.replace(":", "")}00.jpg`), photo);
    }
  }
  return folder;
}

test("the walk: a first report from an empty folder to a sent message, counted action by action", async () => {
  const dir = freshDir();
  const work = freshDir();
  const photos = phonePhotos(work);
  const user = "c1tanphong@test.edu.vn";
  const password = "mk-ung-dung-2025";
  const server = await smtpServer(work, user, password);
  const scan = join(work, "BC_da_ky.pdf");
  writeFileSync(scan, "%PDF-1.4\n% the signed report, scanned\n");
  let walk;
  try {
    await withApp(
      dir,
      async (s) => {
        await s.setSize(1366, 768);
        const w = (walk = new Walk(s));

        // 1. The school, then the week.
        await s.waitFor('[data-testid="wizard-school"]');
        await w.screen("school");
        const school = '[data-testid="school-form"]';
        await w.type(`${school} [name="name"]`, "Trường Tiểu học Tân Phong", "school name", { replace: false });
        await w.type(`${school} [name="authority_line"]`, "UBND xã Tân Phong", "authority", { replace: false });
        await w.type(`${school} [name="abbreviation"]`, "THTP", "abbreviation", { replace: false });
        await w.type(`${school} [name="place_name"]`, "Tân Phong", "place", { replace: false });
        await w.type(`${school} [name="signer_name"]`, "Lê Thị Mai", "signer", { replace: false });
        await w.type(`${school} [name="email"]`, "c1tanphong@haiphong.edu.vn", "school email", { replace: false });
        await w.click(`${school} button[type="submit"]`, "save school");

        const campaign = '[data-testid="campaign-form"]';
        await s.waitFor('[data-testid="wizard-campaign"]');
        await w.screen("campaign");
        // The week of October 2025, whatever today's date (the wizard proposes this year's).
        if ((await (await s.waitFor(`${campaign} [name="year"]`)).value()) !== "2025") {
          await w.type(`${campaign} [name="year"]`, "2025", "year", { enter: KEYS.tab });
          await s.waitFor(`${campaign} .hint`, { text: "năm 2025 lấy từ danh mục" });
        }
        await w.type(`${campaign} [name="authority_email"]`, "vhxh.tanphong@haiphong.gov.vn", "authority email");
        await w.click(`${campaign} button[type="submit"]`, "save campaign");

        // 2. The plan: the province's plan it cites, checked, exported.
        await s.waitFor('[data-testid="next-step"]', { text: "Kế hoạch" });
        await w.screen("home");
        await w.click('[data-testid="next-step"]', "next step: plan");
        await s.waitFor('[data-testid="plan-editor"]');
        await w.screen("plan");
        await w.click('[data-testid="tab-checks"]', "plan checks");
        await s.waitFor('[data-testid="findings"]', { text: "Căn cứ 3" });
        await w.screen("plan-checks");
        await w.click('[data-testid="tab-edit"]', "back to the text");
        const plan = '[data-testid="plan-editor"]';
        await w.type(`${plan} [name="basis-number-2"]`, "3570/KH-UBND", "basis number");
        await w.type(`${plan} [name="basis-date-2"]`, "22/9/2025", "basis date", { enter: KEYS.tab });
        await w.type(`${plan} [name="basis-issuer-2"]`, "Ủy ban nhân dân thành phố Hải Phòng", "basis issuer");
        await w.type(`${plan} [name="number"]`, "45", "plan number");
        await w.click('[data-testid="export-plan"]', "export plan");
        await w.waitFor('[data-testid="plan-notice"]', { text: "KH_TuanLeHTSD_2025_THTP.docx" });
        await w.screen("plan-exported");

        // 3. The activity log, pasted from the school's Excel log.
        await w.click('[data-testid="steps"] li:nth-child(2) button', "step activities");
        await w.screen("activities");
        await w.click('[data-testid="open-paste"]', "paste activities");
        await w.pasteFromElsewhere('[name="pasted"]', LOG, "the Excel log");
        await w.click('[data-testid="paste-preview"]', "preview");
        await s.waitFor('[data-testid="paste-save"]', { text: "Lưu 10 hoạt động" });
        await w.screen("paste-preview");
        await w.click('[data-testid="paste-save"]', "save 10 activities");
        await w.waitFor('[data-testid="activity-notice"]', { text: "Đã thêm 10 hoạt động" });

        // 4. The photos: the phone's folder; each goes with its activity by its time.
        await w.click('[data-testid="steps"] li:nth-child(3) button', "step evidence");
        await w.screen("evidence");
        await w.click('[data-testid="add-folder"]', "add a folder of photos");
        await w.fileDialog("the phone's photo folder");
        await w.waitFor('[data-testid="import-report"]', { text: "Đã thêm 30 ảnh", timeout: 180000 });
        await s.waitFor('[data-testid="matching-linked"]');
        await w.screen("photos-and-activities");
        // Six representative photos, the first of six activities, each with a caption.
        const captions = [
          "Lễ khai mạc Tuần lễ tại sân trường",
          "Học sinh tham gia Ngày hội đọc sách",
          "Cô trò lớp 4A thi kể chuyện theo sách",
          "Quyên góp sách cho thư viện lớp học",
          "Giáo viên học kỹ năng số tại phòng tin học",
          "Tổng kết và trao thưởng Tuần lễ",
        ];
        // The first photo of activities 1, 3, 5, 7, 9 and 10 (named by the phone after its time).
        const firsts = ["20251001_070500", "20251002_073500", "20251003_080500", "20251004_074000", "20251006_141000", "20251007_081000"];
        for (let i = 0; i < 6; i++) {
          const name = `IMG_${firsts[i]}.jpg`;
          await w.type(`[aria-label="Chú thích ${name}"]`, captions[i], `caption ${i + 1}`, { replace: false, enter: KEYS.tab });
          await w.click(`[data-testid="photo"]:has([aria-label="Chú thích ${name}"]) input[type="checkbox"]`, `representative ${i + 1}`);
        }
        await s.waitFor('[data-testid="steps"] li:nth-child(3) .state', { text: "Đã xong" });
        await w.screen("evidence-done");

        // 5. The report: two paragraphs of the school's own, one figure by hand, exported.
        await w.click('[data-testid="steps"] li:nth-child(4) button', "step report");
        await s.waitFor('textarea[name="results"]');
        await w.screen("report");
        await w.type(
          'textarea[name="results"]',
          " Học sinh mượn 1.250 lượt sách trong tuần, gấp đôi tuần thường.",
          "results",
          { replace: false },
        );
        await w.type(
          'textarea[name="difficulties"]',
          " Thư viện chật, chưa đủ chỗ cho một lớp đọc cùng lúc.",
          "difficulties",
          { replace: false },
        );
        await w.click('[data-testid="tab-stats"]', "statistics");
        await w.screen("report-stats");
        await w.type('[aria-label="Sửa tay Tin, bài đăng trên trang thông tin, mạng xã hội"]', "6", "news count", { enter: KEYS.tab });
        await s.waitFor('[data-testid="stats-table"] .tag', { text: "sửa tay" });
        await w.click('[data-testid="export-report"]', "export report");
        await w.waitFor('[data-testid="report-notice"]', { text: "BC_TuanLeHTSD_2025_THTP.docx" });
        await w.click('[data-testid="export-xlsx"]', "export statistics");
        await w.waitFor('[data-testid="report-notice"]', { text: "TK_TuanLeHTSD_2025_THTP.xlsx" });
        await w.screen("report-exported");

        // 6. The mail account (the district's own server) and the message.
        await w.click('[data-testid="steps"] li:nth-child(5) button', "step send");
        await w.screen("send");
        await w.choose('[name="provider"]', "custom", "another server");
        await w.type('section [name="from_email"]', user, "sender address");
        await w.type('section [name="password"]', password, "password");
        await w.type('section [name="host"]', "127.0.0.1", "server");
        await w.type('section [name="port"]', String(server.port), "port");
        await w.click('[data-testid="pick-certificate"]', "certificate");
        await w.fileDialog("the district's certificate");
        await w.click('[data-testid="save-account"]', "save account");
        await s.waitFor('[data-testid="send-notice"]', { text: "Đã lưu tài khoản" });
        // The signed report, scanned at the office, goes along; the letter lists it.
        await w.click('[data-testid="attach-scan"]', "attach the signed scan");
        await w.fileDialog("the scan of the signed report");
        await s.waitFor('.files', { text: "BC_da_ky.pdf" });
        await w.click('[data-testid="review-message"]', "review the message");
        await w.waitFor('[data-testid="message-preview"]', { text: "BC_TuanLeHTSD_2025_THTP.docx" });
        await w.screen("message");
        await w.click('[data-testid="send"]', "send");
        await w.waitFor('[data-testid="outbox"] .sent', { text: "Đã gửi lúc", timeout: 60000 });
        await w.screen("sent");
      },
      ["--e2e-pick", photos, "--e2e-pick-one", `${server.ca};${scan}`],
    );

    // What arrived is what the walk made: one message with the plan, report, workbook and 6 photos.
    assert.equal(server.received().length, 1);
    const [item] = cli(dir, "outbox", "list");
    assert.equal(item.state, "sent");
    const attached = execFileSync(
      "python3",
      ["-c", "import email, email.policy, sys; m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default); print('\\n'.join(p.get_filename() for p in m.iter_attachments()))", join(work, "spool", server.received()[0])],
      { encoding: "utf8" },
    ).trim().split("\n");
    const letter = execFileSync(
      "python3",
      ["-c", "import email, email.policy, sys; m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default); print(m.get_body(('plain',)).get_content())", join(work, "spool", server.received()[0])],
      { encoding: "utf8" },
    );
    assert.match(letter, /- Bản chụp báo cáo đã ký, đóng dấu \(BC_da_ky\.pdf\)/);
    for (const doc of ["BC_da_ky.pdf", "KH_TuanLeHTSD_2025_THTP.docx", "BC_TuanLeHTSD_2025_THTP.docx", "TK_TuanLeHTSD_2025_THTP.xlsx"]) assert.ok(attached.includes(doc), attached.join(", "));
    assert.equal(attached.filter((a) => a.endsWith(".jpg")).length, 6, attached.join(", "));
    const stored = cli(dir, "photos", "list");
    assert.equal(stored.length, 30);
    assert.equal(stored.filter((p) => p.representative && p.caption).length, 6);
    assert.equal(stored.filter((p) => p.activity_id === null).length, 0, "every photo went with its activity");
    const activities = cli(dir, "activity", "list").flatMap((d) => d.activities.map((r) => r.activity));
    assert.equal(activities.length, 10);
    assert.equal(activities.find((a) => a.title.startsWith("Lễ khai mạc")).pupils, 612);
    assert.match(cli(dir, "report", "show").report.results, /1\.250 lượt sách/);
    assert.equal(cli(dir, "stats", "show").find((r) => r.key === "news").value, 6);
  } finally {
    server.stop();
  }

  const fast = walk.estimate(KLM.K[0]);
  const average = walk.estimate(KLM.K[1]);
  const figure = { ...walk.n, minutes_fast: +fast.toFixed(1), minutes_average: +average.toFixed(1), target_minutes: TARGET_MINUTES, klm: KLM };
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, "walk.json"), JSON.stringify({ figure, actions: walk.log }, null, 2));
  console.log(
    [
      "The walk, counted:",
      `  ${walk.n.clicks} clicks, ${walk.n.fields} fields, ${walk.n.chars} characters (${walk.n.keys} keystrokes with Telex), ${walk.n.scrolls} scrolls, ${walk.n.screens} screens, ${walk.n.waits_s.toFixed(1)} s waiting for the app`,
      `  estimate: ${fast.toFixed(1)} min at K = ${KLM.K[0]} s, ${average.toFixed(1)} min at K = ${KLM.K[1]} s (target ≤ ${TARGET_MINUTES} min at ${KLM.K[1]} s)`,
    ].join("\n"),
  );
  assert.ok(average <= TARGET_MINUTES, `the walk takes ${average.toFixed(1)} min at 0.5 s a keystroke`);
});
