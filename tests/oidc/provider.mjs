// A real OpenID Connect provider (panva's certified `oidc-provider`) for the single sign-on browser test.
//
//   node tests/oidc/provider.mjs PORT CONFIG.json
//
// CONFIG.json: {"client_id", "client_secret", "redirect_uri", "accounts": {LOGIN: {email, email_verified}}}
// (an empty email: the account has none, and the provider sends no email claim).
// It listens on http://127.0.0.1:PORT (the issuer) and prints "ready" once it answers. The sign-in page is
// a small form (a login name, no password: every account is fictional); consent is granted without a
// page, as an organisation's own provider does for its own apps. Pages load nothing from the web.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import Provider, { interactionPolicy } from 'oidc-provider';

const [port, configPath] = process.argv.slice(2);
const config = JSON.parse(readFileSync(configPath, 'utf8'));
const issuer = `http://127.0.0.1:${port}`;
const accounts = config.accounts;

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>${escape(title)}</title></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;

// Streamlit asks for prompt=select_account (as Microsoft Entra ID and Google accept): a prompt this
// provider knows, answered by the same sign-in form.
const policy = interactionPolicy.base();
policy.add(new interactionPolicy.Prompt({ name: 'select_account', requestable: true }), 0);

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: config.client_id,
      client_secret: config.client_secret,
      redirect_uris: [config.redirect_uri],
      post_logout_redirect_uris: [config.redirect_uri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  async findAccount(_ctx, sub) {
    const account = accounts[sub];
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        // An account with no address (as an Entra ID account with no mail) sends no email at all.
        if (!account.email) return { sub };
        return { sub, email: account.email, email_verified: account.email_verified };
      },
    };
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: [] },
  // The email in the ID token itself, as Entra ID's `email` optional claim puts it (Streamlit reads
  // the ID token, not the userinfo endpoint).
  conformIdTokenClaims: false,
  cookies: { keys: ['fictional test cookie key, not secret'] },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.body = page(
          'Sign out of the test provider?',
          `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>`,
        );
      },
      async postLogoutSuccessSource(ctx) {
        ctx.body = page('Signed out of the test provider', '');
      },
    },
  },
  interactions: {
    policy,
    url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Provider error', `<pre>${escape(JSON.stringify(out))}</pre>`);
  },
});

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function consent(req, res, { prompt, params, session, grantId }) {
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
  if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, {
    mergeWithLastSubmission: true,
  });
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'consent') {
    await consent(req, res, details);
    return;
  }
  if (req.method === 'POST') {
    const login = (await readForm(req)).get('login') || '';
    if (!accounts[login]) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page('Sign in to the test provider', `<p role="alert">No such account: ${escape(login)}</p>`));
      return;
    }
    await provider.interactionFinished(req, res, { select_account: {}, login: { accountId: login } }, {
      mergeWithLastSubmission: false,
    });
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(page('Sign in to the test provider', `<form method="post" action="${escape(req.url)}">
<label>Login name <input name="login" autocomplete="off" required></label>
<button type="submit">Sign in</button></form>`));
}

const callback = provider.callback();
const server = createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((err) => {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`interaction failed: ${err.message}`);
    });
    return;
  }
  callback(req, res);
});
server.listen(Number(port), '127.0.0.1', () => console.log('ready'));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
