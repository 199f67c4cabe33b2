// A minimal W3C WebDriver client (Node's fetch, no dependencies) for driving the real app window
// through tauri-driver. Only what the end-to-end tests need.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const DRIVER = process.env.TAURI_DRIVER_URL ?? "http://127.0.0.1:4444";
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
export const ARTIFACTS = process.env.E2E_ARTIFACTS ?? "artifacts/e2e";
export const KEYS = { tab: "\uE004", enter: "\uE007" };

async function request(method, path, body) {
  const response = await fetch(DRIVER + path, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value)}`);
  return json.value;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Session {
  constructor(id) {
    this.id = id;
  }

  /** Starts the built app binary with `args`; the window opens in a fresh WebKit session. */
  static async start(application, args = []) {
    const value = await request("POST", "/session", {
      capabilities: { alwaysMatch: { "tauri:options": { application, args } } },
    });
    return new Session(value.sessionId);
  }

  /** Resizes the window (the viewport is what the page then gets). */
  async setSize(width, height) {
    await request("POST", this.path("/window/rect"), { width, height });
    await sleep(300);
  }

  async close() {
    await request("DELETE", `/session/${this.id}`);
  }

  path(p) {
    return `/session/${this.id}${p}`;
  }

  /** Runs `script` (a function body) in the page and returns its result; `args` (elements are
   *  passed as the page's nodes) are its `arguments`. */
  async execute(script, ...args) {
    const wire = args.map((a) => (a instanceof Element ? { [ELEMENT]: a.id } : a));
    return request("POST", this.path("/execute/sync"), { script, args: wire });
  }

  /** The document's title (a script that ran would change it). */
  async title() {
    return request("GET", this.path("/title"));
  }

  async findAll(css) {
    const found = await request("POST", this.path("/elements"), { using: "css selector", value: css });
    return found.map((e) => new Element(this, e[ELEMENT]));
  }

  /** Waits until `css` matches (and, if given, its text contains `text`). */
  async waitFor(css, { text, timeout = 15000 } = {}) {
    const end = Date.now() + timeout;
    let last = "";
    while (Date.now() < end) {
      for (const el of await this.findAll(css)) {
        if (text === undefined) return el;
        last = await el.text();
        if (last.includes(text)) return el;
      }
      await sleep(150);
    }
    throw new Error(`timed out waiting for ${css}${text ? ` containing «${text}» (last text: «${last}»)` : ""}`);
  }

  async screenshot(name) {
    mkdirSync(ARTIFACTS, { recursive: true });
    // WebKit paints asynchronously: give the last change a moment to reach the screen.
    await sleep(300);
    const base64 = await request("GET", this.path("/screenshot"));
    const file = join(ARTIFACTS, `${name}.png`);
    writeFileSync(file, Buffer.from(base64, "base64"));
    return file;
  }
}

export class Element {
  constructor(session, id) {
    this.session = session;
    this.id = id;
  }
  path(p) {
    return this.session.path(`/element/${this.id}${p}`);
  }
  async click() {
    await request("POST", this.path("/click"), {});
  }
  async clear() {
    await request("POST", this.path("/clear"), {});
  }
  async type(text) {
    await request("POST", this.path("/value"), { text });
  }
  async text() {
    return request("GET", this.path("/text"));
  }
  async value() {
    return request("GET", this.path("/property/value"));
  }
}
