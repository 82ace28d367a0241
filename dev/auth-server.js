// A real DPoP authorization server for the demo and the end-to-end tests: oidc-provider 9 on
// 127.0.0.1, with Auth0's paths, nonces required, JWT access tokens bound to the key
// (cnf.jkt), rotating refresh tokens, and an interaction handler that signs "alice" in and
// consents — at once for tests, after a click on a sign-in page for the demo (`interactive`).
// login_hint "deny" makes the user refuse (access_denied). /v2/logout ends the session and
// goes back to `returnTo`, as Auth0 does.
import { createServer } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';
import { calculateJwkThumbprint, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';

export async function startAuthServer({ clientId = 'spa', redirectUris, audience, accessTokenTTL = 3600, port = 0, interactive = false }) {
  const server = createServer();
  await listen(server, port);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const issuer = `${origin}/`;
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const signing = { ...rsa, kid: 'rs256-1', use: 'sig', alg: 'RS256' };
  const { d, p, q, dp, dq, qi, ...publicJwk } = signing;

  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId, token_endpoint_auth_method: 'none', application_type: 'web',
      // As given and with/without the trailing slash: auth0-spa-js's web_message requests
      // default to location.origin, which has none.
      redirect_uris: [...new Set(redirectUris.flatMap((u) => [u, u.endsWith('/') ? u.slice(0, -1) : `${u}/`]))], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
      dpop_bound_access_tokens: true,
    }],
    jwks: { keys: [signing] },
    routes: { authorization: '/authorize', token: '/oauth/token', revocation: '/oauth/revoke', end_session: '/oidc/logout', jwks: '/.well-known/jwks.json', userinfo: '/userinfo' },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    extraParams: ['audience'],
    scopes: ['openid', 'profile', 'email', 'offline_access', 'read:data'],
    claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'] },
    findAccount: (ctx, id) => ({ accountId: id, claims: () => ({ sub: id, name: 'Alice Example', email: 'alice@example.com', email_verified: true }) }),
    features: {
      devInteractions: { enabled: false },
      dPoP: { enabled: true, nonceSecret: randomBytes(32), requireNonce: () => true },
      rpInitiatedLogout: { enabled: true },
      // Auth0's silent authentication and popups: the response posted to the opener or parent.
      webMessageResponseMode: { enabled: true, ack: 'individual-draft-01' },
      // RFC 7009 at Auth0's path.
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // Auth0's `audience` is oidc-provider's resource indicator.
        defaultResource: (ctx, client, oneOf) => ctx.oidc.params?.audience || oneOf || audience,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: 'read:data', audience, accessTokenFormat: 'jwt', accessTokenTTL }),
      },
    },
    rotateRefreshToken: () => true,
    pkce: { required: () => true },
    ttl: { AccessToken: accessTokenTTL, IdToken: 3600, RefreshToken: 86400, Interaction: 600, Session: 86400, Grant: 86400, AuthorizationCode: 60 },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  });
  provider.on('server_error', (ctx, err) => console.error('[auth-server]', err));
  // The refresh tokens issued, for tests that look for them where they must not be.
  const refreshTokens = [];
  provider.on('grant.success', (ctx) => { if (typeof ctx.body?.refresh_token === 'string') refreshTokens.push(ctx.body.refresh_token); });
  const callback = provider.callback();
  const log = [];
  const failures = [];
  // Test hooks, by path: `{ delay: ms }` answers later, `{ stall: true }` never answers,
  // `{ respond: { status, type, body } }` answers instead of the provider. Engine-neutral
  // (no browser request interception needed).
  const hooks = new Map();

  server.on('request', async (req, res) => {
    const url = new URL(req.url, origin);
    const entry = { method: req.method, path: url.pathname, query: url.search, dpop: req.headers.dpop ?? null, auth0Client: req.headers['auth0-client'] ?? null };
    entry.start = Date.now();
    log.push(entry);
    res.on('finish', () => { entry.status = res.statusCode; entry.end = Date.now(); });
    try {
      const hook = req.method !== 'OPTIONS' && hooks.get(url.pathname);
      if (hook?.stall) return;
      if (hook?.delay) await new Promise((r) => setTimeout(r, hook.delay));
      if (hook?.respond) {
        const { status = 200, type = 'text/html', body = '' } = hook.respond;
        res.writeHead(status, { 'content-type': type }).end(body);
        return;
      }
      // A test can make the next token request fail like a broken gateway.
      if (url.pathname === '/oauth/token' && req.method === 'POST' && failures.length) {
        const f = failures.shift();
        res.writeHead(f.status, { 'content-type': f.type, 'access-control-allow-origin': req.headers.origin || '*' }).end(f.body);
        return;
      }
      // Auth0 issues refresh tokens for offline_access without prompt=consent; oidc-provider
      // only with it, so ask for consent whenever offline_access is requested.
      if (url.pathname === '/authorize' && url.searchParams.get('scope')?.split(' ').includes('offline_access') && !url.searchParams.get('prompt')) {
        url.searchParams.set('prompt', 'consent');
        req.url = url.pathname + url.search;
      }
      // oidc-provider revokes DPoP-bound refresh tokens without a proof; this server demands
      // one (a valid DPoP proof for this request), as a stricter server may.
      if (url.pathname === '/oauth/revoke' && req.method === 'POST') {
        entry.proofJkt = await proofThumbprint(req.headers.dpop, `${origin}/oauth/revoke`);
        if (!entry.proofJkt) {
          res.writeHead(400, { 'content-type': 'application/json', 'access-control-allow-origin': req.headers.origin || '*' })
            .end(JSON.stringify({ error: 'invalid_dpop_proof', error_description: 'a DPoP proof is required' }));
          return;
        }
      }
      if (url.pathname.startsWith('/interaction/')) return await interact(provider, req, res, interactive);
      if (url.pathname === '/v2/logout') return logout(url, redirectUris, res);
      callback(req, res);
    } catch (e) {
      console.error('[auth-server]', e);
      res.writeHead(500).end();
    }
  });
  return {
    origin, issuer, jwks: { keys: [publicJwk] }, provider, log, refreshTokens,
    failTokenRequest: (status, body, type = 'text/html') => failures.push({ status, body, type }),
    hook: (path, how) => { hooks.set(path, how); },
    unhook: () => hooks.clear(),
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  };
}

// The RFC 7638 thumbprint of a valid DPoP proof's key for a POST to `htu`, or undefined.
async function proofThumbprint(proof, htu) {
  try {
    const { jwk, typ, alg } = decodeProtectedHeader(proof);
    if (typ !== 'dpop+jwt' || alg !== 'ES256') return undefined;
    const { payload } = await jwtVerify(proof, await importJWK(jwk, 'ES256'), { maxTokenAge: '60s', clockTolerance: 60 });
    if (payload.htm !== 'POST' || payload.htu !== htu || typeof payload.jti !== 'string') return undefined;
    return calculateJwkThumbprint(jwk);
  } catch {
    return undefined;
  }
}

export function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
}

// Auth0's logout: forget the session (its cookies) and return to `returnTo` when it is on a
// registered origin.
function logout(url, redirectUris, res) {
  const returnTo = url.searchParams.get('returnTo');
  const allowed = returnTo && redirectUris.some((u) => new URL(u).origin === new URL(returnTo, url).origin);
  const expire = ['_session', '_session.sig', '_session.legacy', '_session.legacy.sig'].map((n) => `${n}=; Path=/; Max-Age=0; HttpOnly`);
  res.writeHead(allowed ? 302 : 200, { 'set-cookie': expire, ...(allowed ? { location: returnTo } : { 'content-type': 'text/html' }) })
    .end(allowed ? '' : '<!doctype html><p>Signed out.</p>');
}

const signInPage = (action) => `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Sign in · local DPoP authorization server</title>
<style>body{font:16px system-ui,sans-serif;background:#f4f5f7;display:grid;place-items:center;min-height:100vh;margin:0}
form{background:#fff;padding:2rem 2.5rem;border-radius:12px;box-shadow:0 2px 12px #0002;max-width:22rem}
h1{font-size:1.25rem;margin:0 0 .5rem}p{color:#555}button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:8px;background:#3b5bdb;color:#fff;cursor:pointer}</style>
<form method="post" action="${action}"><h1>Local authorization server</h1>
<p>oidc-provider with DPoP and nonces required. There is one user: Alice.</p>
<button type="submit" id="sign-in">Sign in as Alice</button></form>`;

async function interact(provider, req, res, interactive) {
  const details = await provider.interactionDetails(req, res);
  const { prompt, params, session } = details;
  if (params.login_hint === 'deny') {
    return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The user refused' }, { mergeWithLastSubmission: false });
  }
  if (prompt.name === 'login') {
    if (interactive && req.method === 'GET') {
      return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(signInPage(`/interaction/${details.uid}`));
    }
    return provider.interactionFinished(req, res, { login: { accountId: 'alice' } }, { mergeWithLastSubmission: false });
  }
  const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  const missing = prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes || {})) grant.addResourceScope(indicator, scopes.join(' '));
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}
