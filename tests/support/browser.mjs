// The "system browser" of the sign-in tests (TUANLE_BROWSER): follows the authorization page's
// redirects with a cookie jar, as a browser does when the user signs in and approves, until the
// redirect reaches the app's loopback address, and loads that page. Usage: node browser.mjs URL
const jar = new Map();
let url = process.argv[2];
for (let hop = 0; hop < 20; hop++) {
  const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const res = await fetch(url, { redirect: "manual", headers: cookie ? { cookie } : {} });
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const i = pair.indexOf("=");
    jar.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
  }
  const next = res.headers.get("location");
  if (!next) {
    await res.text();
    process.exit(res.ok ? 0 : 1);
  }
  url = new URL(next, url).toString();
}
process.exit(2);
