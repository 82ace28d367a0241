// A DPoP resource server for the demo and the end-to-end tests (127.0.0.1, its own origin): verifies the
// JWT access token (issuer, audience, signature from the authorization server's keys), the
// proof (signature with its embedded jwk, typ, alg, htm, htu, iat, ath, cnf.jkt), demands its
// own nonce, rejects a reused jti, and exposes DPoP-Nonce and WWW-Authenticate over CORS.
import { createServer } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { listen } from './auth-server.js';
import { EmbeddedJWK, calculateJwkThumbprint, createLocalJWKSet, jwtVerify } from 'jose';

// `trust({ issuer, jwks })` names the authorization server once it is up. The defaults are
// the demo's (proof `iat` within ±60 s, no `Date` over CORS); the clock tests pick a realistic
// window (`iatWindow`, seconds), expose `Date`, send the nonce on every 401 (`nonceAlways`,
// as RFC 9449 §9 allows) and share an `audience` between servers.
export async function startResourceServer({ allowOrigin, port = 0, iatWindow = 60, exposeDate = false, nonceAlways = false, audience: aud }) {
  let issuer, keys;
  const server = createServer();
  await listen(server, port);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const audience = aud ?? `${origin}/`;
  const seen = new Set();
  let nonce = randomBytes(16).toString('base64url');
  const log = [];

  server.on('request', async (req, res) => {
    const cors = {
      'access-control-allow-origin': allowOrigin, vary: 'Origin',
      'access-control-allow-headers': 'authorization, dpop, content-type',
      'access-control-allow-methods': 'GET, POST, PUT, DELETE',
      'access-control-expose-headers': `DPoP-Nonce, WWW-Authenticate${exposeDate ? ', Date' : ''}`,
    };
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    const url = new URL(req.url, origin);
    const entry = { method: req.method, path: url.pathname, authorization: req.headers.authorization ?? null, dpop: req.headers.dpop ?? null };
    log.push(entry);
    const deny = (error, description, extra = {}) => {
      entry.result = error;
      res.writeHead(401, { ...cors, ...(nonceAlways ? { 'dpop-nonce': nonce } : {}), ...extra, 'content-type': 'application/json', 'www-authenticate': `DPoP error="${error}", error_description="${description}", algs="ES256"` })
        .end(JSON.stringify({ error, error_description: description }));
    };
    const [scheme, token] = (req.headers.authorization || '').split(' ');
    if (scheme !== 'DPoP' || !token) return deny('invalid_token', 'DPoP-bound access token required');
    let proof;
    try {
      proof = await jwtVerify(req.headers.dpop || '', EmbeddedJWK, { typ: 'dpop+jwt', algorithms: ['ES256'] });
    } catch {
      return deny('invalid_dpop_proof', 'Invalid DPoP proof');
    }
    const c = proof.payload;
    const ath = createHash('sha256').update(token).digest('base64url');
    if (c.htm !== req.method || c.htu !== `${origin}${url.pathname}` || c.ath !== ath || typeof c.jti !== 'string') {
      return deny('invalid_dpop_proof', 'DPoP proof claims do not match the request');
    }
    if (typeof c.iat !== 'number' || Math.abs(c.iat - Date.now() / 1000) > iatWindow) {
      entry.iatOff = typeof c.iat === 'number' ? Math.round(c.iat - Date.now() / 1000) : null;
      return deny('invalid_dpop_proof', 'DPoP proof iat is outside the accepted window');
    }
    if (seen.has(c.jti)) return deny('invalid_dpop_proof', 'DPoP proof replayed');
    seen.add(c.jti);
    if (c.nonce !== nonce) return deny('use_dpop_nonce', 'Resource server requires nonce in DPoP proof', { 'dpop-nonce': nonce });
    let at;
    try {
      at = (await jwtVerify(token, keys, { issuer, audience })).payload;
    } catch {
      return deny('invalid_token', 'Invalid access token');
    }
    const jkt = await calculateJwkThumbprint(proof.protectedHeader.jwk);
    if (at.cnf?.jkt !== jkt) return deny('invalid_token', 'Access token is not bound to this key');
    entry.result = 'ok';
    res.writeHead(200, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify({ sub: at.sub, jkt, scope: at.scope }));
  });
  return {
    origin, audience, log,
    trust: (as) => { issuer = as.issuer; keys = createLocalJWKSet(as.jwks); },
    rotateNonce: () => { nonce = randomBytes(16).toString('base64url'); },
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  };
}
