// A real OAuth2 / OpenID Connect authorization server on 127.0.0.1 (the npm package oidc-provider)
// for the sign-in tests. One public native client ("tuanle-test", PKCE, loopback redirect on any
// port); the sign-in and consent pages approve at once for USER (no form to fill in). Access
// tokens are opaque and checked by the test SMTP server at /me (userinfo).
//
// Admin routes for the tests: GET /admin/stats (token grants by type), POST /admin/revoke
// (destroys every grant: refresh tokens stop working).
// Usage: node oidc_server.mjs PORT USER [ACCESS_TOKEN_TTL_SECONDS]   prints "ready PORT".
import http from "node:http";
import Provider from "oidc-provider";

const port = Number(process.argv[2]);
const user = process.argv[3];
const accessTtl = Number(process.argv[4] ?? 3600);
const issuer = `http://127.0.0.1:${port}`;

const grants = [];
const stats = { authorization_code: 0, refresh_token: 0, refresh_refused: 0 };

const oidc = new Provider(issuer, {
  clients: [
    {
      client_id: "tuanle-test",
      application_type: "native",
      token_endpoint_auth_method: "none",
      redirect_uris: ["http://127.0.0.1/"],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
    },
  ],
  scopes: ["openid", "email", "offline_access"],
  claims: { email: ["email"] },
  findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => ({ sub: id, email: id }) }),
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  ttl: { AccessToken: accessTtl, AuthorizationCode: 120, Grant: 86400, Interaction: 600, Session: 86400, RefreshToken: 86400 },
  cookies: { keys: ["tuanle-test-cookie-key"] },
});
oidc.on("grant.success", (ctx) => {
  const type = ctx.oidc.params.grant_type;
  if (type in stats) stats[type] += 1;
});
oidc.on("grant.error", (ctx) => {
  if (ctx.oidc.params?.grant_type === "refresh_token") stats.refresh_refused += 1;
});

async function interaction(req, res) {
  const details = await oidc.interactionDetails(req, res);
  const { prompt, params, session } = details;
  if (prompt.name === "login") {
    await oidc.interactionFinished(req, res, { login: { accountId: user } }, { mergeWithLastSubmission: false });
    return;
  }
  const grant = details.grantId
    ? await oidc.Grant.find(details.grantId)
    : new oidc.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(" "));
  if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  const grantId = await grant.save();
  grants.push(grantId);
  await oidc.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

const callback = oidc.callback();
const server = http.createServer(async (req, res) => {
  try {
    if (req.url.startsWith("/interaction/")) return await interaction(req, res);
    if (req.url === "/admin/stats") {
      res.setHeader("content-type", "application/json");
      return res.end(JSON.stringify(stats));
    }
    if (req.url === "/admin/revoke" && req.method === "POST") {
      for (const id of grants.splice(0)) {
        const grant = await oidc.Grant.find(id);
        if (grant) await grant.destroy();
      }
      return res.end("revoked");
    }
    return callback(req, res);
  } catch (e) {
    res.statusCode = 500;
    res.end(String(e));
  }
});
server.listen(port, "127.0.0.1", () => console.log(`ready ${port}`));
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
