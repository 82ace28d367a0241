// A real DPoP authorization server for the end-to-end tests: oidc-provider 9 on 127.0.0.1,
// with Auth0's paths, nonces required, JWT access tokens bound to the key (cnf.jkt), rotating
// refresh tokens, and an interaction handler that signs "alice" in and consents (login_hint
// "deny" makes the user refuse, for the access_denied test).
import { createServer } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

export async function startAuthServer({ clientId = 'spa', redirectUris, audience, accessTokenTTL = 3600 }) {
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const issuer = `${origin}/`;
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const signing = { ...rsa, kid: 'rs256-1', use: 'sig', alg: 'RS256' };
  const { d, p, q, dp, dq, qi, ...publicJwk } = signing;

  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId, token_endpoint_auth_method: 'none', application_type: 'web',
      redirect_uris: redirectUris, grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
      dpop_bound_access_tokens: true,
    }],
    jwks: { keys: [signing] },
    routes: { authorization: '/authorize', token: '/oauth/token', end_session: '/v2/logout', jwks: '/.well-known/jwks.json', userinfo: '/userinfo' },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    extraParams: ['audience'],
    scopes: ['openid', 'profile', 'email', 'offline_access', 'read:data'],
    claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'] },
    findAccount: (ctx, id) => ({ accountId: id, claims: () => ({ sub: id, name: 'Alice Example', email: 'alice@example.com', email_verified: true }) }),
    features: {
      devInteractions: { enabled: false },
      dPoP: { enabled: true, nonceSecret: randomBytes(32), requireNonce: () => true },
      rpInitiatedLogout: { enabled: true },
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
  const callback = provider.callback();
  const log = [];
  const failures = [];

  server.on('request', async (req, res) => {
    const url = new URL(req.url, origin);
    log.push({ method: req.method, path: url.pathname, query: url.search, dpop: req.headers.dpop ?? null });
    try {
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
      if (url.pathname.startsWith('/interaction/')) return await interact(provider, req, res);
      callback(req, res);
    } catch (e) {
      console.error('[auth-server]', e);
      res.writeHead(500).end();
    }
  });
  return {
    origin, issuer, jwks: { keys: [publicJwk] }, provider, log,
    failTokenRequest: (status, body, type = 'text/html') => failures.push({ status, body, type }),
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  };
}

async function interact(provider, req, res) {
  const details = await provider.interactionDetails(req, res);
  const { prompt, params, session } = details;
  if (params.login_hint === 'deny') {
    return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The user refused' }, { mergeWithLastSubmission: false });
  }
  if (prompt.name === 'login') {
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
